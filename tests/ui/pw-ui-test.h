/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small helpers for UI tests that run real widgets under Xvfb. */

#include <adwaita.h>

#include "pw-application.h"

G_BEGIN_DECLS

/* Runs the main loop until @condition holds, and fails the test after
 * @seconds; waits on conditions, never on fixed times. */
#define PW_UI_TEST_WAIT_UNTIL(condition, seconds)                          \
  G_STMT_START {                                                           \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(condition))                                                   \
      {                                                                    \
        if (g_get_monotonic_time () > _deadline)                           \
          g_error ("Timed out waiting for %s", #condition);                \
        if (!g_main_context_iteration (NULL, FALSE))                       \
          g_usleep (1000);                                                 \
      }                                                                    \
  } G_STMT_END

PwApplication *pw_ui_test_init             (int          *argc,
                                            char       ***argv);
void           pw_ui_test_wait_for_frames  (GtkWidget    *widget,
                                            guint         n_frames);
void           pw_ui_test_wait_finalized   (gpointer     *weak_pointer);
void           pw_ui_test_iterate          (guint         milliseconds);

/* Real pointer and key events through xdotool. */
void           pw_ui_test_to_screen        (GtkWidget    *widget,
                                            double        x,
                                            double        y,
                                            char         *sx,
                                            char         *sy);
void           pw_ui_test_xdotool          (const char   *first,
                                            ...) G_GNUC_NULL_TERMINATED;
void           pw_ui_test_drag             (GtkWidget    *widget,
                                            double        x0,
                                            double        x1,
                                            double        y);
void           pw_ui_test_click            (GtkWidget    *widget,
                                            double        x,
                                            double        y);

G_END_DECLS
