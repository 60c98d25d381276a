/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "market/pw-market-statement.h"
#include "pw-store-outbox.h"

G_BEGIN_DECLS

/**
 * PwTaskEventKind:
 * @PW_TASK_EVENT_CLAIMED: the task was claimed
 * @PW_TASK_EVENT_SUBMITTED: the worker submitted it; the event carries
 *   what became of the submission
 * @PW_TASK_EVENT_STATEMENT: an entry of the statement for the task took a
 *   status or an amount
 * @PW_TASK_EVENT_REVIEWED: the marketplace reviewed the work
 *
 * What happened to a task.
 */
typedef enum
{
  PW_TASK_EVENT_CLAIMED,
  PW_TASK_EVENT_SUBMITTED,
  PW_TASK_EVENT_STATEMENT,
  PW_TASK_EVENT_REVIEWED,
} PwTaskEventKind;

/**
 * PwTaskEvent:
 * @kind: what happened
 * @at: when, in microseconds since 1970; by the marketplace's clock for
 *   statement and review events. 0 for a claim whose time the store no
 *   longer knows (the task has moved on since)
 * @submission_state: where the submission stands, for
 *   %PW_TASK_EVENT_SUBMITTED
 * @entry_id: (nullable): the statement entry, for %PW_TASK_EVENT_STATEMENT
 *   and %PW_TASK_EVENT_REVIEWED
 * @entry_type: the entry's type: a task's pay, or a bonus for it
 * @status: the entry's status then
 * @amount: the entry's amount then, for %PW_TASK_EVENT_STATEMENT
 * @review_score: the reviewer's score, for %PW_TASK_EVENT_REVIEWED
 * @review_comment: (nullable): the reviewer's comment
 *
 * One event of a task's history, as pw_store_list_task_history() gives it.
 */
typedef struct
{
  PwTaskEventKind  kind;
  gint64           at;
  PwOutboxState    submission_state;
  char            *entry_id;
  PwEntryType      entry_type;
  PwEntryStatus    status;
  PwMoney          amount;
  double           review_score;
  char            *review_comment;
} PwTaskEvent;

void pw_task_event_free (PwTaskEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTaskEvent, pw_task_event_free)

/* Writes: queued for the writer thread, in order, each in one transaction. */
void      pw_store_merge_statement             (PwStore             *self,
                                                const char          *account_id,
                                                GPtrArray           *entries,
                                                const char          *next_cursor);

/* Reads on the read connection, after every write queued before them. */
gboolean  pw_store_get_statement_cursor        (PwStore             *self,
                                                const char          *account_id,
                                                char               **cursor,
                                                GError             **error);
GPtrArray *pw_store_list_task_history          (PwStore             *self,
                                                const char          *account_id,
                                                const char          *task_id,
                                                GError             **error);

void      pw_store_get_statement_cursor_async  (PwStore             *self,
                                                const char          *account_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean  pw_store_get_statement_cursor_finish (PwStore             *self,
                                                GAsyncResult        *result,
                                                char               **cursor,
                                                GError             **error);
void      pw_store_list_task_history_async     (PwStore             *self,
                                                const char          *account_id,
                                                const char          *task_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray *pw_store_list_task_history_finish   (PwStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
