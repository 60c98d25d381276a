/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-store-accounts.h"
#include "pw-store.h"

G_BEGIN_DECLS

/**
 * PwOutboxState:
 * @PW_OUTBOX_PENDING: waits to be sent, now or after its backoff
 * @PW_OUTBOX_SENDING: handed to the marketplace; at start-up this means
 *   the process stopped mid-request, and the row is sent again
 * @PW_OUTBOX_DONE: the marketplace holds it
 * @PW_OUTBOX_CONFLICT: the task was already submitted under another key,
 *   or the key came with another body (409 already_submitted, 422)
 * @PW_OUTBOX_EXPIRED: the lease ran out first (410)
 * @PW_OUTBOX_REASSIGNED: the task went to someone else (409 reassigned)
 * @PW_OUTBOX_REJECTED_BAD_REQUEST: the marketplace refused the body (400)
 *
 * Where a queued submission stands. Every state after %PW_OUTBOX_DONE is
 * final: the row and its work stay in the store and are never sent again.
 */
typedef enum
{
  PW_OUTBOX_PENDING,
  PW_OUTBOX_SENDING,
  PW_OUTBOX_DONE,
  PW_OUTBOX_CONFLICT,
  PW_OUTBOX_EXPIRED,
  PW_OUTBOX_REASSIGNED,
  PW_OUTBOX_REJECTED_BAD_REQUEST,
} PwOutboxState;

const char *pw_outbox_state_to_string   (PwOutboxState  state);
gboolean    pw_outbox_state_from_string (const char    *text,
                                         PwOutboxState *state);

/**
 * PwOutboxRow:
 *
 * One queued submission as the store holds it. Times are microseconds
 * since 1970.
 */
typedef struct
{
  gint64         id;
  char          *account_id;
  char          *task_id;
  char          *claim_id;
  char          *idempotency_key;
  char          *body;
  char          *annotation;
  PwOutboxState  state;
  guint          attempts;
  gint64         next_attempt_at;
  char          *last_error;
  gint64         created_at;
  char          *result_json;
} PwOutboxRow;

void pw_outbox_row_free (PwOutboxRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwOutboxRow, pw_outbox_row_free)

/**
 * PwOutboxUpdate:
 * @id: the row
 * @state: its new state
 * @attempts: how many requests were answered or failed so far
 * @next_attempt_at: when it may be sent again, for %PW_OUTBOX_PENDING
 * @last_error: (nullable): what the last try met
 * @result_json: (nullable): the marketplace's receipt, for %PW_OUTBOX_DONE
 *
 * What the sync worker learned about one row.
 */
typedef struct
{
  gint64         id;
  PwOutboxState  state;
  guint          attempts;
  gint64         next_attempt_at;
  char          *last_error;
  char          *result_json;
} PwOutboxUpdate;

PwOutboxUpdate *pw_outbox_update_new  (gint64          id,
                                       PwOutboxState   state,
                                       guint           attempts,
                                       gint64          next_attempt_at,
                                       const char     *last_error,
                                       const char     *result_json);
void            pw_outbox_update_free (PwOutboxUpdate *update);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwOutboxUpdate, pw_outbox_update_free)

/* Writes: queued for the writer thread, in order, each in one transaction. */
void        pw_store_queue_submission     (PwStore             *self,
                                           const char          *account_id,
                                           const char          *task_id,
                                           const char          *claim_id,
                                           const char          *idempotency_key,
                                           const char          *body,
                                           const char          *annotation_snapshot);
void        pw_store_mark_sending         (PwStore             *self,
                                           GArray              *ids);
void        pw_store_reset_sending        (PwStore             *self);
void        pw_store_update_submissions   (PwStore             *self,
                                           GPtrArray           *updates);

/* Reads on the read connection, after every write queued before them. */
GPtrArray  *pw_store_list_due_submissions (PwStore             *self,
                                           const char          *account_id,
                                           gint64               now,
                                           guint                limit,
                                           GError             **error);
GStrv       pw_store_list_outbox_accounts (PwStore             *self,
                                           GError             **error);
gboolean    pw_store_get_next_attempt     (PwStore             *self,
                                           const char          *account_id,
                                           gint64              *next_attempt_at,
                                           GError             **error);
PwOutboxRow *pw_store_get_submission      (PwStore             *self,
                                           const char          *idempotency_key,
                                           GError             **error);
GPtrArray  *pw_store_list_final_submissions (PwStore           *self,
                                           GError             **error);
gboolean    pw_store_count_waiting_submissions (PwStore        *self,
                                           const char          *account_id,
                                           guint               *n_waiting,
                                           GError             **error);

void        pw_store_count_waiting_submissions_async  (PwStore             *self,
                                                       const char          *account_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean    pw_store_count_waiting_submissions_finish (PwStore             *self,
                                                       GAsyncResult        *result,
                                                       guint               *n_waiting,
                                                       GError             **error);
void        pw_store_list_final_submissions_async     (PwStore             *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray  *pw_store_list_final_submissions_finish    (PwStore             *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void        pw_store_list_due_submissions_async       (PwStore             *self,
                                                       const char          *account_id,
                                                       gint64               now,
                                                       guint                limit,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray  *pw_store_list_due_submissions_finish      (PwStore             *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
