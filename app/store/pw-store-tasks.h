/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "market/pw-market-project.h"
#include "pw-store-outbox.h"
#include "pw-store.h"

G_BEGIN_DECLS

/**
 * PwTaskState:
 * @PW_TASK_STATE_CLAIMED: claimed, with no submission yet: work to do
 * @PW_TASK_STATE_SUBMITTED: submitted; its submission waits in the outbox
 * @PW_TASK_STATE_SYNCED: the marketplace holds its submission
 * @PW_TASK_STATE_EXPIRED: the claim's lease ran out before the marketplace
 *   took the work
 * @PW_TASK_STATE_REASSIGNED: the marketplace gave the task to someone else
 * @PW_TASK_STATE_CONFLICT: the marketplace holds another submission of it
 * @PW_TASK_STATE_RELEASED: handed back, or forgotten by a marketplace that
 *   started over, before it was submitted
 *
 * Where a claimed task stands. The store keeps each under the name
 * pw_task_state_to_string() gives.
 */
typedef enum
{
  PW_TASK_STATE_CLAIMED,
  PW_TASK_STATE_SUBMITTED,
  PW_TASK_STATE_SYNCED,
  PW_TASK_STATE_EXPIRED,
  PW_TASK_STATE_REASSIGNED,
  PW_TASK_STATE_CONFLICT,
  PW_TASK_STATE_RELEASED,
} PwTaskState;

const char *pw_task_state_to_string   (PwTaskState  state);
gboolean    pw_task_state_from_string (const char  *text,
                                       PwTaskState *state);

/**
 * PwStoreTask:
 * @account_id: the account that claimed it
 * @task_id: the marketplace's id
 * @claim_id: the claim that holds it
 * @project_id: its project
 * @kind: what the task is
 * @pay_micro: what it pays, in millionths of @currency
 * @currency: (nullable): the currency of its pay
 * @lease_expires_at: when the claim's lease runs out, in microseconds since
 *   1970, or 0 when the marketplace gave none
 * @media_file: (nullable): its media in the cache, once fetched
 * @task_json: (nullable): the task as the marketplace sent it
 * @project_json: (nullable): its project as last listed
 * @state: where it stands
 * @updated_at: when its state last changed
 *
 * A claimed task as the store holds it, from its claim to where it ends;
 * also what pw_store_add_claimed_task() records.
 */
typedef struct
{
  char        *account_id;
  char        *task_id;
  char        *claim_id;
  char        *project_id;
  PwTaskKind   kind;
  gint64       pay_micro;
  char        *currency;
  gint64       lease_expires_at;
  char        *media_file;
  char        *task_json;
  char        *project_json;
  PwTaskState  state;
  gint64       updated_at;
} PwStoreTask;

/**
 * PwSubmittedTask:
 * @account_id: the account
 * @account_name: (nullable): its name, while the account exists
 * @task_id: the task
 * @project_id: (nullable): its project
 * @project_name: (nullable): the project's name, when listed once
 * @idempotency_key: the submission's key
 * @annotation: (nullable): the work, as an Annotation of the contract
 * @state: where the submission stands
 * @last_error: (nullable): what its last try met
 * @submitted_at: when the worker submitted it, microseconds since 1970
 * @entry_status: (nullable): the statement's word on the task: `pending`,
 *   `approved`, `rejected` or `paid`; %NULL while it awaits an entry
 * @amount_micro: the entry's amount, or the task's pay while it awaits one
 * @currency: (nullable): their currency
 * @has_review: whether the marketplace reviewed it with a score
 * @review_score: the score, from 0 to 1
 * @review_comment: (nullable): the reviewer's words
 *
 * A submitted task as the worker's history shows it: its latest
 * submission, with what the statement and the reviewer said of it and the
 * names of its account and project. It is not a #PwStoreTask: it is a
 * read-only row of the history, one per task submitted, joined from the
 * outbox, the ledger, the accounts and the projects; @state is where the
 * submission stands, not the task; and a row outlives the claim it came
 * from (the submissions of a removed account stay).
 */
typedef struct
{
  char          *account_id;
  char          *account_name;
  char          *task_id;
  char          *project_id;
  char          *project_name;
  char          *idempotency_key;
  char          *annotation;
  PwOutboxState  state;
  char          *last_error;
  gint64         submitted_at;
  char          *entry_status;
  gint64         amount_micro;
  char          *currency;
  gboolean       has_review;
  double         review_score;
  char          *review_comment;
} PwSubmittedTask;

void pw_submitted_task_free (PwSubmittedTask *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwSubmittedTask, pw_submitted_task_free)

PwStoreTask *pw_store_task_copy (const PwStoreTask *task);
void         pw_store_task_free (PwStoreTask       *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStoreTask, pw_store_task_free)

char       *pw_store_task_draft_key        (const char          *account_id,
                                            const char          *task_id);
void        pw_store_add_claimed_task      (PwStore             *self,
                                            const PwStoreTask   *task);
void        pw_store_add_claimed_tasks     (PwStore             *self,
                                            GPtrArray           *tasks);
void        pw_store_save_projects         (PwStore             *self,
                                            const char          *account_id,
                                            GPtrArray           *projects);
void        pw_store_release_tasks         (PwStore             *self,
                                            const char          *account_id,
                                            const char *const   *task_ids);
void        pw_store_set_task_media        (PwStore             *self,
                                            const char          *account_id,
                                            const char          *task_id,
                                            const char          *media_file);
void        pw_store_expire_tasks          (PwStore             *self,
                                            gint64               now);

GPtrArray  *pw_store_list_open_tasks       (PwStore             *self,
                                            GError             **error);
gboolean    pw_store_get_task_state        (PwStore             *self,
                                            const char          *account_id,
                                            const char          *task_id,
                                            PwTaskState         *state,
                                            GError             **error);
PwStoreTask *pw_store_get_task             (PwStore             *self,
                                            const char          *account_id,
                                            const char          *task_id,
                                            GError             **error);
void        pw_store_list_open_tasks_async (PwStore             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *pw_store_list_open_tasks_finish (PwStore            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

GPtrArray  *pw_store_list_submitted       (PwStore             *self,
                                            guint                limit,
                                            GError             **error);
void        pw_store_list_submitted_async (PwStore             *self,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *pw_store_list_submitted_finish (PwStore            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
