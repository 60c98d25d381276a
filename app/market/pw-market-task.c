/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-annotation.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-json-private.h"
#include "pw-market-task.h"

/* What a claim brings and a submission answers: PwClaim with its lease and
 * tasks (POST v1/projects/{id}/claims), each PwTask with its pay, its media
 * or text and its prefill, PwMedia with the address, size and SHA-256 the
 * download is checked against, and PwSubmissionResult (PUT
 * v1/tasks/{id}/submission). All are reference-counted records read from
 * JSON, every member checked as the contract says. */

struct _PwMedia
{
  char   *url;
  char   *sha256;
  gint64  bytes;
};

struct _PwTask
{
  char       *id;
  char       *project_id;
  PwTaskKind  kind;
  PwMoney     pay;
  PwMedia    *media;
  char       *text;
  JsonNode   *prefill;
  JsonNode   *json;
};

struct _PwClaim
{
  char      *id;
  GDateTime *lease_expires_at;
  char      *note;
  GPtrArray *tasks;
};

struct _PwSubmissionResult
{
  char               *id;
  char               *task_id;
  PwSubmissionStatus  status;
  gboolean            replayed;
};

G_DEFINE_BOXED_TYPE (PwMedia, pw_media, pw_media_ref, pw_media_unref)
G_DEFINE_BOXED_TYPE (PwTask, pw_task, pw_task_ref, pw_task_unref)
G_DEFINE_BOXED_TYPE (PwClaim, pw_claim, pw_claim_ref, pw_claim_unref)
G_DEFINE_BOXED_TYPE (PwSubmissionResult, pw_submission_result,
                     pw_submission_result_ref, pw_submission_result_unref)

static const char *const kind_names[] = { "image", "text", "audio", NULL };
static const char *const status_names[] = { "pending_review", "approved", NULL };

static gboolean
is_sha256 (const char *text)
{
  guint i;

  for (i = 0; g_ascii_isxdigit (text[i]); i++)
    ;
  return i == 64 && text[i] == '\0';
}

/* Media */

static void
pw_media_clear (gpointer data)
{
  PwMedia *self = data;

  g_free (self->url);
  g_free (self->sha256);
}

/**
 * pw_media_new:
 * @url: the address, relative to the marketplace's base URL or absolute
 * @sha256: (nullable): the SHA-256 of the content, as 64 hex digits
 * @bytes: the size of the content, or -1 when not known
 *
 * Returns: (transfer full): a new #PwMedia
 */
PwMedia *
pw_media_new (const char *url,
              const char *sha256,
              gint64      bytes)
{
  PwMedia *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (sha256 == NULL || is_sha256 (sha256), NULL);
  g_return_val_if_fail (bytes >= -1, NULL);

  self = g_atomic_rc_box_new0 (PwMedia);
  self->url = g_strdup (url);
  self->sha256 = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;
  self->bytes = bytes;
  return self;
}

PwMedia *
pw_media_ref (PwMedia *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_media_unref (PwMedia *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_media_clear);
}

const char *
pw_media_get_url (PwMedia *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

/**
 * pw_media_get_sha256:
 *
 * Returns: (nullable): the SHA-256 in lower-case hex, or %NULL when the
 *   marketplace did not give it
 */
const char *
pw_media_get_sha256 (PwMedia *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sha256;
}

/**
 * pw_media_get_bytes:
 *
 * Returns: the announced size, or -1 when the marketplace did not give it
 */
gint64
pw_media_get_bytes (PwMedia *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->bytes;
}

static PwMedia *
media_new_from_json (JsonObject  *task,
                     const char  *what,
                     GError     **error)
{
  g_autofree char *media_what = _pw_market_what (what, "media", -1);
  const char *url, *sha256;
  JsonObject *object;
  gint64 bytes = -1;

  object = pw_json_member_object (task, "media", what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "url", media_what, FALSE, &url, error)
      || !pw_json_member_string (object, "sha256", media_what, TRUE, &sha256, error))
    return NULL;

  if (sha256 != NULL && !is_sha256 (sha256))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be 64 hexadecimal digits"), media_what, "sha256");
      return NULL;
    }
  if (json_object_has_member (object, "bytes")
      && !json_node_is_null (json_object_get_member (object, "bytes")))
    {
      if (!pw_json_member_int (object, "bytes", media_what, &bytes, error))
        return NULL;
      if (bytes < 0)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the member “%s” must not be negative"), media_what, "bytes");
          return NULL;
        }
    }

  return pw_media_new (url, sha256, bytes);
}

/* Task */

static void
pw_task_clear (gpointer data)
{
  PwTask *self = data;

  g_free (self->id);
  g_free (self->project_id);
  g_clear_pointer (&self->media, pw_media_unref);
  g_free (self->text);
  g_clear_pointer (&self->prefill, json_node_unref);
  g_clear_pointer (&self->json, json_node_unref);
}

static gboolean
read_prefill (PwTask      *self,
              JsonObject  *object,
              const char  *what,
              GError     **error)
{
  JsonNode *prefill = json_object_get_member (object, "prefill");
  g_autofree char *prefill_what = NULL;

  if (prefill == NULL || JSON_NODE_HOLDS_NULL (prefill))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (prefill))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be an annotation or null"), what, "prefill");
      return FALSE;
    }

  /* Refused here, on the thread that reads the answer, so that the work
   * area never opens or checks a shape too large to handle. */
  /* Translators: %s is a marketplace's task id */
  prefill_what = g_strdup_printf (_("The prefill of task “%s”"), self->id);
  if (!pw_annotation_json_within_limits (json_node_get_object (prefill), prefill_what, error))
    return FALSE;

  self->prefill = json_node_ref (prefill);
  return TRUE;
}

/**
 * pw_task_new_from_json:
 * @node: a Task of the contract
 * @what: where @node is, for messages, such as `tasks[3]`
 * @error: return location for a #GError
 *
 * Reads a task. An image or audio task must have `media`, a text task
 * `text`. The prefill is kept as JSON; the work area reads it as an
 * annotation of the task's kind.
 *
 * Returns: (transfer full): the task, or %NULL with %PW_ERROR_INVALID_DATA
 *   naming what is missing or wrong, or %PW_ERROR_TOO_LARGE naming the
 *   task whose prefill has more shapes or points than Piecework opens
 */
PwTask *
pw_task_new_from_json (JsonNode    *node,
                       const char  *what,
                       GError     **error)
{
  g_autoptr (PwTask) self = NULL;
  g_autofree char *pay_what = _pw_market_what (what, "pay", -1);
  const char *id, *project_id, *text;
  JsonObject *object, *pay;
  JsonNode *media;
  int kind;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "id", what, FALSE, &id, error)
      || !_pw_market_member_id (object, "project_id", what, FALSE, &project_id, error)
      || !_pw_market_member_choice (object, "kind", what, kind_names, &kind, error)
      || !pw_json_member_string (object, "text", what, TRUE, &text, error))
    return NULL;

  self = g_atomic_rc_box_new0 (PwTask);
  self->id = g_strdup (id);
  self->project_id = g_strdup (project_id);
  self->kind = kind;
  self->text = g_strdup (text);
  self->json = json_node_copy (node);

  pay = pw_json_member_object (object, "pay", what, error);
  if (pay == NULL || !pw_money_member (&self->pay, pay, pay_what, error))
    return NULL;

  media = json_object_get_member (object, "media");
  if (media != NULL && !JSON_NODE_HOLDS_NULL (media))
    {
      self->media = media_new_from_json (object, what, error);
      if (self->media == NULL)
        return NULL;
    }

  if (self->kind != PW_TASK_KIND_TEXT && self->media == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: an image or audio task needs the member “%s”"), what, "media");
      return NULL;
    }
  if (self->kind == PW_TASK_KIND_TEXT && self->text == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: a text task needs the member “%s”"), what, "text");
      return NULL;
    }

  if (!read_prefill (self, object, what, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pw_task_get_json:
 *
 * Returns: (transfer none): the task as the marketplace sent it
 */
JsonNode *
pw_task_get_json (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

PwTask *
pw_task_ref (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_task_unref (PwTask *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_task_clear);
}

const char *
pw_task_get_id (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
pw_task_get_project_id (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->project_id;
}

PwTaskKind
pw_task_get_kind (PwTask *self)
{
  g_return_val_if_fail (self != NULL, PW_TASK_KIND_IMAGE);
  return self->kind;
}

/**
 * pw_task_get_pay:
 *
 * Returns: (transfer none): what the task pays
 */
const PwMoney *
pw_task_get_pay (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->pay;
}

/**
 * pw_task_get_media:
 *
 * Returns: (transfer none) (nullable): the image or recording; %NULL for a
 *   text task
 */
PwMedia *
pw_task_get_media (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->media;
}

/**
 * pw_task_get_text:
 *
 * Returns: (nullable): the text of a text task
 */
const char *
pw_task_get_text (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

/**
 * pw_task_get_prefill:
 *
 * Returns: (transfer none) (nullable): an annotation to correct, as JSON
 */
JsonNode *
pw_task_get_prefill (PwTask *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->prefill;
}

/* Claim */

static void
pw_claim_clear (gpointer data)
{
  PwClaim *self = data;

  g_free (self->id);
  g_clear_pointer (&self->lease_expires_at, g_date_time_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
}

/**
 * pw_claim_new_from_json:
 * @node: the answer to `POST v1/projects/{id}/claims`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the claim, or %NULL with %PW_ERROR_INVALID_DATA
 *   naming what is missing or wrong, or %PW_ERROR_TOO_LARGE naming a task
 *   whose prefill Piecework does not open
 */
PwClaim *
pw_claim_new_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr (PwClaim) self = NULL;
  const char *what = "claim";
  const char *note = NULL;
  JsonObject *object;
  JsonArray *tasks;
  const char *id;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "claim_id", what, FALSE, &id, error))
    return NULL;

  self = g_atomic_rc_box_new0 (PwClaim);
  self->id = g_strdup (id);
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_task_unref);

  /* null: the server keeps no lease, and takes the work at any time */
  if (!(json_object_has_member (object, "lease_expires_at")
        && json_node_is_null (json_object_get_member (object, "lease_expires_at")))
      && !_pw_market_member_time (object, "lease_expires_at", what, &self->lease_expires_at, error))
    return NULL;
  if (!pw_json_member_string (object, "note", what, TRUE, &note, error))
    return NULL;
  self->note = g_strdup (note);

  tasks = pw_json_member_array (object, "tasks", what, error);
  if (tasks == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      g_autofree char *task_what = _pw_market_what ("", "tasks", (int) i);
      PwTask *task = pw_task_new_from_json (json_array_get_element (tasks, i), task_what, error);

      if (task == NULL)
        return NULL;
      g_ptr_array_add (self->tasks, task);
    }

  return g_steal_pointer (&self);
}

PwClaim *
pw_claim_ref (PwClaim *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_claim_unref (PwClaim *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_claim_clear);
}

const char *
pw_claim_get_id (PwClaim *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * pw_claim_get_lease_expires_at:
 *
 * Returns: (transfer none) (nullable): when the lease runs out, in UTC,
 *   or %NULL where the server keeps no lease
 */
GDateTime *
pw_claim_get_lease_expires_at (PwClaim *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->lease_expires_at;
}

/**
 * pw_claim_get_note:
 *
 * Returns: (transfer none) (nullable): what the worker should know about
 *   the claim, such as that its tasks are not locked
 */
const char *
pw_claim_get_note (PwClaim *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->note;
}

/**
 * pw_claim_get_tasks:
 *
 * Returns: (transfer none) (element-type PwTask): the tasks; empty when
 *   nothing was available
 */
GPtrArray *
pw_claim_get_tasks (PwClaim *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tasks;
}

/* Submission result */

static void
pw_submission_result_clear (gpointer data)
{
  PwSubmissionResult *self = data;

  g_free (self->id);
  g_free (self->task_id);
}

/**
 * pw_submission_result_new_from_json:
 * @node: the answer to `PUT v1/tasks/{id}/submission`
 * @replayed: %TRUE when the marketplace answered 200, the first answer
 *   again, rather than 201
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the receipt, or %NULL with
 *   %PW_ERROR_INVALID_DATA naming what is missing or wrong
 */
PwSubmissionResult *
pw_submission_result_new_from_json (JsonNode  *node,
                                    gboolean   replayed,
                                    GError   **error)
{
  const char *what = "submission";
  const char *id, *task_id;
  PwSubmissionResult *self;
  JsonObject *object;
  int status;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "submission_id", what, FALSE, &id, error)
      || !_pw_market_member_id (object, "task_id", what, FALSE, &task_id, error)
      || !_pw_market_member_choice (object, "status", what, status_names, &status, error))
    return NULL;

  self = g_atomic_rc_box_new0 (PwSubmissionResult);
  self->id = g_strdup (id);
  self->task_id = g_strdup (task_id);
  self->status = status;
  self->replayed = replayed;
  return self;
}

PwSubmissionResult *
pw_submission_result_ref (PwSubmissionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_submission_result_unref (PwSubmissionResult *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_submission_result_clear);
}

const char *
pw_submission_result_get_id (PwSubmissionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
pw_submission_result_get_task_id (PwSubmissionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->task_id;
}

PwSubmissionStatus
pw_submission_result_get_status (PwSubmissionResult *self)
{
  g_return_val_if_fail (self != NULL, PW_SUBMISSION_PENDING_REVIEW);
  return self->status;
}

/**
 * pw_submission_result_is_replay:
 *
 * Returns: %TRUE when the marketplace already had this submission under
 *   the same key and answered as it did the first time (200)
 */
gboolean
pw_submission_result_is_replay (PwSubmissionResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->replayed;
}
