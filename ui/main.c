/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pw-application.h"

/* The piecework binary: sets up translations and runs the application. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PwApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (PW_GETTEXT_PACKAGE, PW_LOCALEDIR);
  bind_textdomain_codeset (PW_GETTEXT_PACKAGE, "UTF-8");
  textdomain (PW_GETTEXT_PACKAGE);

  app = pw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
