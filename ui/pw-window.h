/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pw-application.h"
#include "pw-tasks-view.h"
#include "pw-work-area.h"

G_BEGIN_DECLS

/* The main window: the Work, Tasks and Earnings places. */

#define PW_TYPE_WINDOW (pw_window_get_type ())

G_DECLARE_FINAL_TYPE (PwWindow, pw_window, PW, WINDOW, AdwApplicationWindow)

PwWindow   *pw_window_new        (PwApplication  *application);
void        pw_window_open_files (PwWindow       *self,
                                  GFile         **files,
                                  int             n_files);
PwWorkArea *pw_window_get_work_area (PwWindow     *self);
PwTasksView *pw_window_get_tasks_view (PwWindow   *self);
void        pw_window_export     (PwWindow       *self,
                                  PwExportFormat  format,
                                  GFile          *output);
gboolean    pw_window_get_exporting (PwWindow    *self);
const char *pw_window_get_place  (PwWindow       *self);
void        pw_window_set_place  (PwWindow       *self,
                                  const char     *place);
void        pw_window_ask_before_quit (PwWindow  *self);

G_END_DECLS
