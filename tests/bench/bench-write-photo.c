/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdlib.h>

#include "bench-photo.h"

/* Writes the benchmarks' photo-like JPEG to a file, for the benchmarks that
 * are scripts.
 *
 * Usage: bench-write-photo WIDTH HEIGHT PATH */
int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = NULL;

  if (argc != 4)
    {
      g_printerr ("Usage: %s WIDTH HEIGHT PATH\n", argv[0]);
      return EXIT_FAILURE;
    }

  photo = bench_make_photo (atoi (argv[1]), atoi (argv[2]));
  if (!g_file_set_contents (argv[3], g_bytes_get_data (photo, NULL), g_bytes_get_size (photo),
                            &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
