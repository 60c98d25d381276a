/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <gdk/x11/gdkx.h>

#include "pw-renderer-choice.h"
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

  /* As the piecework binary starts (ui/main.c, pw-application-main.c):
   * on the tests' display, with no GPU, GTK draws with cairo, unless the
   * environment chooses (the sanitized build's tests take GL). */
  pw_memory_configure ();
  pw_renderer_choice_apply ();
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

/**
 * pw_ui_test_to_screen:
 * @widget: a widget of a window that is shown
 * @x: a column of @widget
 * @y: a row of @widget
 * @sx: (out): the screen's column, as xdotool takes it (16 bytes)
 * @sy: (out): the screen's row (16 bytes)
 *
 * Where a point of @widget is on the screen: without a window manager
 * the window sits at the origin.
 */
void
pw_ui_test_to_screen (GtkWidget *widget,
                      double     x,
                      double     y,
                      char      *sx,
                      char      *sy)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));
  graphene_point_t in = GRAPHENE_POINT_INIT (x, y), out;
  double nx, ny;

  g_assert_true (gtk_widget_compute_point (widget, native, &in, &out));
  gtk_native_get_surface_transform (GTK_NATIVE (native), &nx, &ny);
  g_snprintf (sx, 16, "%ld", lround (out.x + nx));
  g_snprintf (sy, 16, "%ld", lround (out.y + ny));
}

static void
on_xdotool_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/**
 * pw_ui_test_xdotool:
 * @first: the first argument of xdotool, then more, then %NULL
 *
 * Runs xdotool with real pointer and key events for the X server the
 * test draws on, iterating the main loop while it runs and a little
 * after, so the events arrive.
 */
void
pw_ui_test_xdotool (const char *first,
                    ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  GdkDisplay *display = gdk_display_get_default ();
  gboolean done = FALSE;
  gint64 deadline;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_xdotool_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  /* The server has made the events once it answers after xdotool left,
   * and they then wait in Xlib's queue until the main loop hands them to
   * GTK; on a busy machine that may take longer than any fixed time, so
   * wait until none is left there. */
  gdk_display_sync (display);
  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (GDK_IS_X11_DISPLAY (display) && XPending (gdk_x11_display_get_xdisplay (display)) > 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The events of xdotool %s were never handled", first);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  pw_ui_test_iterate (80);
}

/**
 * pw_ui_test_drag:
 * @widget: a widget of a window that is shown
 *
 * Drags with the first button from (@x0, @y) to (@x1, @y) of @widget,
 * through the point halfway.
 */
void
pw_ui_test_drag (GtkWidget *widget,
                 double     x0,
                 double     x1,
                 double     y)
{
  char ax[16], ay[16], mx[16], my[16], bx[16], by[16];

  pw_ui_test_to_screen (widget, x0, y, ax, ay);
  pw_ui_test_to_screen (widget, (x0 + x1) / 2, y, mx, my);
  pw_ui_test_to_screen (widget, x1, y, bx, by);
  pw_ui_test_xdotool ("mousemove", ax, ay, "sleep", "0.05", "mousedown", "1", "sleep", "0.05",
                      "mousemove", mx, my, "sleep", "0.05", "mousemove", bx, by, "sleep", "0.05",
                      "mouseup", "1", NULL);
}

/**
 * pw_ui_test_click:
 * @widget: a widget of a window that is shown
 *
 * Clicks the first button at (@x, @y) of @widget, and waits past the
 * time a second click would make a double click.
 */
void
pw_ui_test_click (GtkWidget *widget,
                  double     x,
                  double     y)
{
  char sx[16], sy[16];

  pw_ui_test_to_screen (widget, x, y, sx, sy);
  pw_ui_test_xdotool ("mousemove", sx, sy, "sleep", "0.05", "click", "1", "sleep", "0.45", NULL);
}
