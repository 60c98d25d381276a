/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small helpers for UI tests that run real widgets under Xvfb. */

#include <adwaita.h>

#include "pw-application.h"

G_BEGIN_DECLS

PwApplication *pw_ui_test_init             (int          *argc,
                                            char       ***argv);
void           pw_ui_test_wait_for_frames  (GtkWidget    *widget,
                                            guint         n_frames);
void           pw_ui_test_wait_finalized   (gpointer     *weak_pointer);
void           pw_ui_test_iterate          (guint         milliseconds);

G_END_DECLS
