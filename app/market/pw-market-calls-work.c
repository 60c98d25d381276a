/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-client-private.h"

/* The contract's calls about the work (see pw-market-calls.c for how a
 * call is made): claiming a batch of tasks, handing some back, and
 * submitting one, with the body every try of a submission sends. */

/* A request body as the bytes that are sent, on every try the same. */
static GBytes *
node_bytes (JsonNode *node)
{
  char *text = pw_json_to_string (node, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

/* POST v1/projects/{project_id}/claims */

static gpointer
read_claim (JsonNode  *root,
            guint      status,
            GError   **error)
{
  return pw_claim_new_from_json (root, error);
}

/**
 * pw_market_client_claim_async:
 * @self: a #PwMarketClient
 * @project_id: the project
 * @count: how many tasks, 1 to 100
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Claims a batch of tasks. The claim may hold fewer tasks than asked, or
 * none when nothing is available now. %PW_ERROR_FORBIDDEN with the remote
 * code `not_qualified` (pw_error_get_remote_code()) means the worker must
 * pass the project's qualification first.
 */
void
pw_market_client_claim_async (PwMarketClient      *self,
                              const char          *project_id,
                              guint                count,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (project_id != NULL && *project_id != '\0');
  g_return_if_fail (count >= 1 && count <= 100);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  segment = _pw_market_escape_segment (project_id);
  path = g_strdup_printf ("v1/projects/%s/claims", segment);
  bytes = node_bytes (body);
  _pw_market_contract_call_async (self, "POST", path, bytes, NULL, PW_MARKET_CLAIM_MAX_BYTES,
                                  read_claim, (GDestroyNotify) pw_claim_unref,
                                  pw_market_client_claim_async, cancellable, callback, user_data);
}

/**
 * pw_market_client_claim_finish:
 *
 * Returns: (transfer full): the claim, or %NULL
 */
PwClaim *
pw_market_client_claim_finish (PwMarketClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return _pw_market_contract_call_finish (self, result, pw_market_client_claim_async, error);
}

/* POST v1/claims/{claim_id}/release */

static gpointer
read_release (JsonNode  *root,
              guint      status,
              GError   **error)
{
  JsonObject *object = pw_json_get_object (root, "release", error);
  gint64 released;
  guint *result;

  if (object == NULL || !pw_json_member_int (object, "released", "release", &released, error))
    return NULL;
  if (released < 0 || released > G_MAXUINT)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must not be negative"), "release", "released");
      return NULL;
    }
  result = g_new (guint, 1);
  *result = (guint) released;
  return result;
}

/**
 * pw_market_client_release_async:
 * @self: a #PwMarketClient
 * @claim_id: the claim
 * @task_ids: the tasks of the claim the worker will not do
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Hands tasks back before the lease runs out.
 */
void
pw_market_client_release_async (PwMarketClient      *self,
                                const char          *claim_id,
                                const char *const   *task_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (claim_id != NULL && *claim_id != '\0');
  g_return_if_fail (task_ids != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; task_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, task_ids[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  segment = _pw_market_escape_segment (claim_id);
  path = g_strdup_printf ("v1/claims/%s/release", segment);
  bytes = node_bytes (body);
  _pw_market_contract_call_async (self, "POST", path, bytes, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES,
                                  read_release, g_free,
                                  pw_market_client_release_async, cancellable, callback, user_data);
}

/**
 * pw_market_client_release_finish:
 * @n_released: (out) (optional): how many tasks the marketplace took back
 *
 * Returns: %TRUE on success
 */
gboolean
pw_market_client_release_finish (PwMarketClient  *self,
                                 GAsyncResult    *result,
                                 guint           *n_released,
                                 GError         **error)
{
  g_autofree guint *released = _pw_market_contract_call_finish (self, result,
                                                                pw_market_client_release_async,
                                                                error);

  if (released == NULL)
    return FALSE;
  if (n_released != NULL)
    *n_released = *released;
  return TRUE;
}

/* PUT v1/tasks/{task_id}/submission */

static gpointer
read_submission (JsonNode  *root,
                 guint      status,
                 GError   **error)
{
  if (status != SOUP_STATUS_CREATED && status != SOUP_STATUS_OK)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("a submission is answered with HTTP 201 or 200, not %u"), status);
      return NULL;
    }
  return pw_submission_result_new_from_json (root, status == SOUP_STATUS_OK, error);
}

/**
 * pw_market_submission_body_new:
 * @claim_id: the claim that holds the task
 * @annotation: the Annotation of the contract
 * @active_seconds: the time the worker spent on the task
 * @submitted_at: when the worker submitted
 *
 * Makes the body of a submission, the one text that is queued with its
 * Idempotency-Key and sent, byte for byte, on every try.
 *
 * Returns: (transfer full): the JSON text
 */
char *
pw_market_submission_body_new (const char *claim_id,
                               JsonNode   *annotation,
                               double      active_seconds,
                               GDateTime  *submitted_at)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (claim_id != NULL, NULL);
  g_return_val_if_fail (annotation != NULL && JSON_NODE_HOLDS_OBJECT (annotation), NULL);
  g_return_val_if_fail (active_seconds >= 0, NULL);
  g_return_val_if_fail (submitted_at != NULL, NULL);

  utc = g_date_time_to_utc (submitted_at);
  at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "claim_id");
  json_builder_add_string_value (builder, claim_id);
  json_builder_set_member_name (builder, "annotation");
  json_builder_add_value (builder, json_node_copy (annotation));
  json_builder_set_member_name (builder, "active_seconds");
  json_builder_add_double_value (builder, active_seconds);
  json_builder_set_member_name (builder, "submitted_at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return pw_json_to_string (root, FALSE);
}

/**
 * pw_market_client_submit_async:
 * @self: a #PwMarketClient
 * @task_id: the task
 * @idempotency_key: the key made with pw_market_new_idempotency_key() when
 *   the worker submitted, the same on every retry
 * @body: the body made with pw_market_submission_body_new() when the
 *   worker submitted, kept with the key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Submits the work on a task, sending @body as it is, so a retry after a
 * lost answer is a replay the marketplace recognizes.
 * %PW_ERROR_CONFLICT (already submitted), %PW_ERROR_REASSIGNED,
 * %PW_ERROR_LEASE_EXPIRED and %PW_ERROR_IDEMPOTENCY_MISMATCH are final;
 * %PW_ERROR_RATE_LIMITED, %PW_ERROR_SERVER and %PW_ERROR_NETWORK are worth
 * another try after pw_error_get_retry_after() seconds, or a backoff.
 */
void
pw_market_client_submit_async (PwMarketClient      *self,
                               const char          *task_id,
                               const char          *idempotency_key,
                               const char          *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PW_IS_MARKET_CLIENT (self));
  g_return_if_fail (task_id != NULL && *task_id != '\0');
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');
  g_return_if_fail (body != NULL && *body != '\0');

  bytes = g_bytes_new (body, strlen (body));
  segment = _pw_market_escape_segment (task_id);
  path = g_strdup_printf ("v1/tasks/%s/submission", segment);
  _pw_market_contract_call_async (self, "PUT", path, bytes, idempotency_key,
                                  PW_MARKET_SMALL_ANSWER_MAX_BYTES, read_submission,
                                  (GDestroyNotify) pw_submission_result_unref,
                                  pw_market_client_submit_async, cancellable, callback, user_data);
}

/**
 * pw_market_client_submit_finish:
 *
 * Returns: (transfer full): the receipt, or %NULL
 */
PwSubmissionResult *
pw_market_client_submit_finish (PwMarketClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _pw_market_contract_call_finish (self, result, pw_market_client_submit_async, error);
}
