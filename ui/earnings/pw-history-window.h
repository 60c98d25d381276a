/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The window of submitted work: what was sent, where it stands and what the
 * reviewer said. */

#define PW_TYPE_HISTORY_WINDOW (pw_history_window_get_type ())

G_DECLARE_FINAL_TYPE (PwHistoryWindow, pw_history_window, PW, HISTORY_WINDOW, AdwWindow)

PwHistoryWindow *pw_history_window_new        (GtkWindow       *parent,
                                               PwStore         *store);
void             pw_history_window_reload     (PwHistoryWindow *self);
guint            pw_history_window_get_n_rows (PwHistoryWindow *self);
const char      *pw_history_window_get_row_text (PwHistoryWindow *self,
                                                 guint            index);
const char      *pw_history_window_get_details_text (PwHistoryWindow *self);
void             pw_history_window_select     (PwHistoryWindow *self,
                                               guint            index);
gboolean         pw_history_window_export_selected_to (PwHistoryWindow *self,
                                                       GFile           *file,
                                                       GError         **error);

G_END_DECLS
