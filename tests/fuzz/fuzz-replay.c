/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdlib.h>
#include <string.h>

#include "pw-fuzz.h"

/* Runs a fuzz target over saved inputs, for builds without libFuzzer: every
 * file named on the command line, and every file under every directory
 * named, in name order. The target gets a copy of exactly the file's size,
 * with no terminating nul, so AddressSanitizer sees a read past the end as
 * libFuzzer would. */

static gboolean replay_path (const char *path,
                             guint      *n_inputs);

static gboolean
replay_file (const char *path,
             guint      *n_inputs)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *input = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  /* An empty input still gets a pointer that may be passed around. */
  input = g_malloc (MAX (length, 1));
  memcpy (input, contents, length);

  g_print ("%s\n", path);
  LLVMFuzzerTestOneInput (input, length);
  (*n_inputs)++;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
replay_directory (const char *path,
                  guint      *n_inputs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!replay_path (child, n_inputs))
        return FALSE;
    }

  return TRUE;
}

static gboolean
replay_path (const char *path,
             guint      *n_inputs)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_directory (path, n_inputs);
  return replay_file (path, n_inputs);
}

int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  LLVMFuzzerInitialize (&argc, &argv);

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
      return EXIT_FAILURE;
    }

  for (int i = 1; i < argc; i++)
    {
      if (!replay_path (argv[i], &n_inputs))
        return EXIT_FAILURE;
    }

  /* A corpus that went missing must not pass as a clean run. */
  if (n_inputs == 0)
    {
      g_printerr ("%s: no inputs found\n", argv[0]);
      return EXIT_FAILURE;
    }

  g_print ("%u inputs, no failure\n", n_inputs);
  return EXIT_SUCCESS;
}
