/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-store-outbox.h"
#include "pw-store-tasks.h"

G_BEGIN_DECLS

/* The data of a submission write, owned by its op. */
typedef struct
{
  char   *account_id;
  char   *task_id;
  char   *claim_id;
  char   *key;
  char   *body;
  char   *annotation;
} PwStoreOutboxEntry;

/* The submission of task ?2 of account ?1 that its marketplace holds or
 * may hold: sent or about to be, taken, or refused because it holds
 * another (409 already_submitted, 422), since the marketplace last started
 * over (accounts.restarted_at). */
#define PW_STORE_SQL_HELD_SUBMISSION \
  "SELECT s.state FROM submissions s WHERE s.account_id = ?1 AND s.task_id = ?2 " \
  "AND s.state IN ('pending', 'sending', 'done', 'conflict') " \
  "AND s.created_at >= coalesce ((SELECT a.restarted_at FROM accounts a WHERE a.id = ?1), 0) "

/* The columns _pw_store_outbox_read_row() reads, in its order. */
#define PW_STORE_OUTBOX_ROW_COLUMNS \
  "id, account_id, task_id, claim_id, idempotency_key, body, annotation, " \
  "state, attempts, next_attempt_at, last_error, created_at, result_json"

/* What a read on a thread reads, owned by its task. */
typedef struct
{
  char   *account_id;
  gint64  now;
  guint   limit;
} PwStoreOutboxRead;

/* The task's state that follows its submission's; %FALSE when the task
 * stays as it is (pw-store-outbox.c). */
gboolean     _pw_store_outbox_task_state_for           (PwOutboxState             state,
                                                        PwTaskState              *task_state);

/* The outbox's writes, run by _pw_store_db_apply_outbox() inside the
 * writer's transaction: queuing a submission (pw-store-outbox-queue.c),
 * marking rows as being sent and recording their outcome
 * (pw-store-outbox-send.c). */
gboolean     _pw_store_outbox_apply_queue_submission   (sqlite3                  *db,
                                                        const PwStoreOutboxEntry *entry,
                                                        gint64                    time,
                                                        GError                  **error);
gboolean     _pw_store_outbox_apply_mark_sending       (sqlite3                  *db,
                                                        GArray                   *ids,
                                                        GError                  **error);
gboolean     _pw_store_outbox_apply_update_submissions (sqlite3                  *db,
                                                        GPtrArray                *updates,
                                                        gint64                    time,
                                                        GError                  **error);

/* A row from a statement that selects PW_STORE_OUTBOX_ROW_COLUMNS, and
 * every row it steps to, or %NULL on error. */
PwOutboxRow *_pw_store_outbox_read_row                 (sqlite3_stmt             *stmt);
GPtrArray   *_pw_store_outbox_read_rows                (sqlite3                  *db,
                                                        sqlite3_stmt             *stmt,
                                                        GError                  **error);

/* A task that runs a read of the outbox on a thread, with its
 * PwStoreOutboxRead as task data. */
GTask       *_pw_store_outbox_new_read                 (PwStore                  *self,
                                                        const char               *account_id,
                                                        gint64                    now,
                                                        guint                     limit,
                                                        gpointer                  source_tag,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);

G_END_DECLS
