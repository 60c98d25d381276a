/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <gtk/gtk.h>

/* The floor of the side-by-side benchmark: the least a GTK 4 program does
 * to show a window that names a file, on the same display and renderer as
 * Piecework. Nothing is read; the title is the file's name.
 *
 * Usage: bench-floor-window PATH */

static void
on_activate (GtkApplication *app,
             gpointer        user_data)
{
  const char *path = user_data;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf ("%s — floor", name);
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s PATH\n", argv[0]);
      return 1;
    }

  app = gtk_application_new ("org.example.PieceworkBenchFloor", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), argv[1]);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
