/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "market/pw-market-project.h"
#include "pw-store-outbox.h"
#include "pw-store.h"

G_BEGIN_DECLS

/**
 * PwStoreTask:
 * @account_id: the account that claimed it
 * @task_id: the marketplace's id
 * @claim_id: the claim that holds it
 * @project_id: its project
 * @kind: `image`, `text` or `audio`
 * @pay_micro: what it pays, in millionths of @currency
 * @currency: (nullable): the currency of its pay
 * @lease_expires_at: when the claim's lease runs out, in microseconds since
 *   1970, or 0 when the marketplace gave none
 * @media_file: (nullable): its media in the cache, once fetched
 * @task_json: (nullable): the task as the marketplace sent it
 * @project_json: (nullable): its project as last listed
 * @state: where it stands: `claimed`, `submitted`, `synced`, `expired`,
 *   `reassigned`, `conflict` or `released`
 * @updated_at: when its state last changed
 *
 * A claimed task as the store holds it, from its claim to where it ends;
 * also what pw_store_add_claimed_task() records.
 */
typedef struct
{
  char   *account_id;
  char   *task_id;
  char   *claim_id;
  char   *project_id;
  char   *kind;
  gint64  pay_micro;
  char   *currency;
  gint64  lease_expires_at;
  char   *media_file;
  char   *task_json;
  char   *project_json;
  char   *state;
  gint64  updated_at;
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
 * A submitted task as the worker's history shows it.
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

void        pw_store_add_claimed_task      (PwStore             *self,
                                            const PwStoreTask   *task);
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
char       *pw_store_dup_task_state        (PwStore             *self,
                                            const char          *account_id,
                                            const char          *task_id,
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
