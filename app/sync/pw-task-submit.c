/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "market/pw-market-client.h"
#include "model/pw-json.h"
#include "pw-sync-worker.h"
#include "pw-task-submit.h"

/**
 * pw_task_submit:
 * @store: the store
 * @task: the claimed task
 * @annotation: the worker's shapes
 * @active_seconds: the time the worker spent on it
 * @submitted_at: when the worker submitted it
 *
 * Queues the task's submission: the task is marked submitted and the
 * outbox row, with its body and a new Idempotency-Key, is written in the
 * same transaction, so after a crash there is both or neither. Returns at
 * once; the sync worker sends it.
 *
 * Returns: (transfer full): the submission's Idempotency-Key
 */
char *
pw_task_submit (PwStore           *store,
                const PwStoreTask *task,
                PwAnnotation      *annotation,
                double             active_seconds,
                GDateTime         *submitted_at)
{
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *snapshot = NULL;
  char *key;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (task != NULL && task->claim_id != NULL, NULL);
  g_return_val_if_fail (PW_IS_ANNOTATION (annotation), NULL);
  g_return_val_if_fail (submitted_at != NULL, NULL);

  node = pw_annotation_to_json (annotation);
  body = pw_market_submission_body_new (task->claim_id, node, MAX (active_seconds, 0.0),
                                        submitted_at);
  snapshot = pw_json_to_string (node, FALSE);
  key = pw_market_new_idempotency_key ();
  pw_store_queue_submission (store, task->account_id, task->task_id, task->claim_id, key, body,
                             snapshot);
  return key;
}
