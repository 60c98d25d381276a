/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-store.h"

G_BEGIN_DECLS

/**
 * PwTimeKind:
 * @PW_TIME_TASK: active work on a task, measured by #PwActivityClock
 * @PW_TIME_IDLE: minutes without input on a task that the worker said were
 *   work (reading looks idle); they count as a task interval does
 * @PW_TIME_MANUAL: time the worker added by hand, such as an hour on
 *   guidelines outside the app; paid or unpaid as the worker says
 *
 * What a time entry is.
 */
typedef enum
{
  PW_TIME_TASK,
  PW_TIME_IDLE,
  PW_TIME_MANUAL,
} PwTimeKind;

const char *pw_time_kind_to_string   (PwTimeKind  kind);
gboolean    pw_time_kind_from_string (const char *text,
                                      PwTimeKind *kind);

/**
 * PwTimeEntry:
 * @id: the store's id, or 0 for an entry not yet stored
 * @kind: what the time was
 * @account_id: (nullable): the account of the task, if any
 * @task_id: (nullable): the task worked on, if any
 * @project_id: (nullable): its project, if any
 * @started_at: when it started, in microseconds since 1970
 * @ended_at: when it ended; never before @started_at
 * @paid: whether the worker counts it as paid work; task and idle time is
 *   paid unless the task ends unpaid
 * @note: (nullable): what the worker wrote about it
 * @updated_at: when it was last written
 *
 * One interval of the worker's time, as the store keeps it.
 */
typedef struct
{
  gint64      id;
  PwTimeKind  kind;
  char       *account_id;
  char       *task_id;
  char       *project_id;
  gint64      started_at;
  gint64      ended_at;
  gboolean    paid;
  char       *note;
  gint64      updated_at;
} PwTimeEntry;

PwTimeEntry *pw_time_entry_new  (PwTimeKind         kind,
                                 gint64             started_at,
                                 gint64             ended_at);
PwTimeEntry *pw_time_entry_copy (const PwTimeEntry *entry);
void         pw_time_entry_free (PwTimeEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTimeEntry, pw_time_entry_free)

/* Writes: queued for the writer thread, in order, each in one transaction. */
void         pw_store_add_time_entry           (PwStore             *self,
                                                const PwTimeEntry   *entry);
void         pw_store_update_time_entry        (PwStore             *self,
                                                const PwTimeEntry   *entry);
void         pw_store_delete_time_entry        (PwStore             *self,
                                                gint64               id);
void         pw_store_record_task_time         (PwStore             *self,
                                                const PwTimeEntry   *entry);

/* Reads on the read connection, after every write queued before them. */
GPtrArray   *pw_store_list_time_entries        (PwStore             *self,
                                                gint64               start,
                                                gint64               end,
                                                GError             **error);
void         pw_store_list_time_entries_async  (PwStore             *self,
                                                gint64               start,
                                                gint64               end,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *pw_store_list_time_entries_finish (PwStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
