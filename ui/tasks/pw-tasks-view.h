/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The Tasks place: a marketplace's projects, claiming a batch, the queue of
 * claimed tasks. */

#define PW_TYPE_TASKS_VIEW (pw_tasks_view_get_type ())

G_DECLARE_FINAL_TYPE (PwTasksView, pw_tasks_view, PW, TASKS_VIEW, AdwBin)

void        pw_tasks_view_refresh               (PwTasksView *self);
void        pw_tasks_view_reload_queue          (PwTasksView *self);
gboolean    pw_tasks_view_get_loading           (PwTasksView *self);
guint       pw_tasks_view_get_n_claiming        (PwTasksView *self);
guint       pw_tasks_view_get_n_queued          (PwTasksView *self);
gboolean    pw_tasks_view_get_lease_ending      (PwTasksView *self);
GListModel *pw_tasks_view_get_queue             (PwTasksView *self);
GtkSelectionModel *pw_tasks_view_get_queue_selection (PwTasksView *self);
guint                pw_tasks_view_get_n_rate_loads   (PwTasksView *self);
AdwPreferencesGroup *pw_tasks_view_get_account_group (PwTasksView *self,
                                                 const char   *account_id);
AdwActionRow *pw_tasks_view_get_project_row     (PwTasksView *self,
                                                 const char  *account_id,
                                                 const char  *project_id);

G_END_DECLS
