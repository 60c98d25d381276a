/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"
#include "store/pw-store-time.h"

G_BEGIN_DECLS

/* The time log: the entries of time worked, day by day, with their tasks and
 * projects. */

#define PW_TYPE_TIME_LOG (pw_time_log_get_type ())

G_DECLARE_FINAL_TYPE (PwTimeLog, pw_time_log, PW, TIME_LOG, AdwWindow)

PwTimeLog  *pw_time_log_new         (GtkWindow  *parent,
                                     PwStore    *store,
                                     GDateTime  *now);
GListModel *pw_time_log_get_entries (PwTimeLog  *self);
void        pw_time_log_reload      (PwTimeLog  *self);
void        pw_time_log_delete      (PwTimeLog  *self,
                                     gint64      id);
void        pw_time_log_undo        (PwTimeLog  *self);
const PwTimeEntry *pw_time_log_entry_at (PwTimeLog *self,
                                         guint      position);

G_END_DECLS
