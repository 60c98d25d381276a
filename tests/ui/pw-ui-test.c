/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-ui-test.h"

/* A test that waits for something that never comes fails after this long
 * instead of hanging CI. */
#define WAIT_LIMIT_US (20 * G_USEC_PER_SEC)

/**
 * pw_ui_test_init:
 *
 * Initializes GLib's tests and returns the registered application that the
 * windows under test belong to.
 */
PwApplication *
pw_ui_test_init (int    *argc,
                 char ***argv)
{
  g_autoptr (GError) error = NULL;
  PwApplication *app;

  g_test_init (argc, argv, NULL);
  gtk_init ();

  app = pw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/**
 * pw_ui_test_wait_for_frames:
 *
 * Iterates the main loop until @widget's frame clock has ticked @n_frames
 * times: the window is mapped and has drawn.
 */
void
pw_ui_test_wait_for_frames (GtkWidget *widget,
                            guint      n_frames)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  guint frames = 0;
  guint id;

  id = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  while (frames < n_frames)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The widget did not draw %u frames in time", n_frames);
      g_usleep (1000);
    }
  gtk_widget_remove_tick_callback (widget, id);
}

/**
 * pw_ui_test_wait_finalized:
 * @weak_pointer: a pointer set up with g_object_add_weak_pointer()
 *
 * Iterates the main loop until the object is finalized; fails the test if
 * it never is.
 */
void
pw_ui_test_wait_finalized (gpointer *weak_pointer)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (*weak_pointer != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("An object was not finalized: it leaks a reference");
      g_usleep (1000);
    }
}

/**
 * pw_ui_test_iterate:
 *
 * Runs the main loop for @milliseconds.
 */
void
pw_ui_test_iterate (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}
