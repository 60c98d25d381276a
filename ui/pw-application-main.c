/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-application.h"
#include "pw-renderer-choice.h"

/* The window's part of the piecework binary, a module of its own: the
 * binary loads it, and with it GTK, libadwaita and GStreamer, only once
 * the options ask for no command for scripts (ui/main.c). */

int pw_application_main (int   argc,
                         char *argv[]);

/**
 * pw_application_main:
 * @argc: the number of arguments
 * @argv: (array length=argc): the binary's arguments
 *
 * Runs the application with the binary's arguments.
 *
 * Returns: the exit status
 */
int
pw_application_main (int   argc,
                     char *argv[])
{
  g_autoptr (PwApplication) app = NULL;

  /* Before GTK starts, which happens in the application's startup. */
  pw_renderer_choice_apply ();

  app = pw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
