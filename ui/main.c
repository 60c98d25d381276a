/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <dlfcn.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "pw-cli.h"
#include "pw-memory.h"

/* The piecework binary: sets up translations, then runs a command for
 * scripts (cli/) with nothing of the window loaded, or loads the window's
 * part (pw-application-main.c, with GTK, libadwaita, GStreamer, cairo and
 * pango) and runs the application. Mapping and relocating the window's
 * ninety-odd libraries took longer than most commands themselves. The
 * threads of both share two pools of memory (pw-memory.c). */

#define WINDOW_MODULE "libpiecework-window.so"

typedef int (*PwApplicationMain) (int argc, char *argv[]);

/* Returns: (transfer full): the window's module: beside the binary in the
 *   build tree, where the tests run it, else where it is installed */
static char *
window_module_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;

  if (dir != NULL && g_str_equal (dir, PW_WINDOW_MODULE_BUILD_DIR))
    return g_build_filename (PW_WINDOW_MODULE_BUILD_DIR, WINDOW_MODULE, NULL);
  return g_build_filename (PW_WINDOW_MODULE_DIR, WINDOW_MODULE, NULL);
}

static int
run_application (int   argc,
                 char *argv[])
{
  g_autofree char *path = window_module_path ();
  PwApplicationMain application_main;
  void *module;

  /* Lazy: binding every function of GTK and the rest at once, most of
   * them never called, took 30 ms before the window could start. */
  module = dlopen (path, RTLD_LAZY | RTLD_LOCAL);
  application_main = module != NULL ? (PwApplicationMain) dlsym (module, "pw_application_main")
                                    : NULL;
  if (application_main == NULL)
    {
      /* Translators: the first %s is a file, the second the system's reason */
      g_printerr (_("piecework: The window of Piecework could not be loaded from “%s” (%s); "
                    "install Piecework again\n"), path, dlerror ());
      return EXIT_FAILURE;
    }
  return application_main (argc, argv);
}

int
main (int   argc,
      char *argv[])
{
  gboolean window = FALSE;
  int status;

  pw_memory_configure ();
  setlocale (LC_ALL, "");
  bindtextdomain (PW_GETTEXT_PACKAGE, PW_LOCALEDIR);
  bind_textdomain_codeset (PW_GETTEXT_PACKAGE, "UTF-8");
  textdomain (PW_GETTEXT_PACKAGE);

  status = pw_cli_main (argc, argv, &window);
  if (!window)
    return status;
  return run_application (argc, argv);
}
