/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "market/pw-market-client-private.h"
#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* Claiming a CVAT job: its frames, their sizes and what it holds, kept in
 * the job's file, and the contract's claim made from that file, a task a
 * frame. */

typedef enum
{
  CLAIM_ME,
  CLAIM_STATE,
  CLAIM_JOB,
  CLAIM_LABELS,
  CLAIM_META,
  CLAIM_ANNOTATIONS,
  CLAIM_LOCK,
  CLAIM_RELOAD,
  CLAIM_SAVE,
  CLAIM_DONE,
} ClaimStep;

typedef struct
{
  gint64      job_id;
  ClaimStep   step;
  int         lock_fd;
  /* The job's file, made by another process since it was first read */
  gboolean    made_meanwhile;
  /* Going on from the job's file to hand out the frames released */
  gboolean    reopen;
  /* The frames handed out, by number, or NULL for all not submitted */
  GHashTable *handed;
  JsonNode   *state;
  JsonObject *job;
  JsonArray  *labels;
  JsonObject *meta;
  JsonObject *annotations;
} Claim;

static void
claim_free (gpointer data)
{
  Claim *claim = data;

  _pw_cvat_job_unlock (claim->lock_fd);
  g_clear_pointer (&claim->state, json_node_unref);
  g_clear_pointer (&claim->job, json_object_unref);
  g_clear_pointer (&claim->labels, json_array_unref);
  g_clear_pointer (&claim->meta, json_object_unref);
  g_clear_pointer (&claim->annotations, json_object_unref);
  g_clear_pointer (&claim->handed, g_hash_table_unref);
  g_free (claim);
}

static void claim_advance (GTask *task);

static JsonObject *
take_object (JsonNode   *root,
             const char *what,
             GError    **error)
{
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, _pw_cvat_broken_answer (what, _("it is not an object")));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static void
on_claim_step (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Claim *claim = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (claim->step)
    {
    case CLAIM_ME:
      {
        g_autoptr (PwMarketMe) me = pw_connector_get_me_finish (PW_CONNECTOR (self), result, &error);

        ok = me != NULL;
      }
      break;
    case CLAIM_STATE:
      claim->state = _pw_cvat_job_file_load_finish (result, &error);
      ok = claim->state != NULL;
      break;
    case CLAIM_JOB:
      {
        g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);

        ok = (claim->job = take_object (root, "GET api/jobs/ID", &error)) != NULL;
      }
      break;
    case CLAIM_LABELS:
      ok = (claim->labels = _pw_cvat_get_pages_finish (self, result, &error)) != NULL;
      break;
    case CLAIM_META:
      {
        g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);

        ok = (claim->meta = take_object (root, "GET api/jobs/ID/data/meta", &error)) != NULL;
      }
      break;
    case CLAIM_ANNOTATIONS:
      {
        g_autoptr (JsonNode) root = _pw_cvat_get_finish (self, result, &error);

        ok = (claim->annotations = take_object (root, "GET api/jobs/ID/annotations/", &error)) != NULL;
      }
      break;
    case CLAIM_LOCK:
      claim->lock_fd = _pw_cvat_job_lock_finish (result, &error);
      ok = claim->lock_fd >= 0;
      break;
    case CLAIM_RELOAD:
      {
        g_autoptr (JsonNode) state = _pw_cvat_job_file_load_finish (result, &error);

        ok = state != NULL;
        /* Another process claimed the job meanwhile and may have sent
         * frames of it: its file is the one to go on from. */
        if (ok && _pw_cvat_job_state_is_open (state)
            && !_pw_cvat_job_state_starts_over (json_node_get_object (state)))
          {
            g_clear_pointer (&claim->state, json_node_unref);
            claim->state = g_steal_pointer (&state);
            claim->made_meanwhile = TRUE;
          }
        else if (ok && claim->reopen)
          {
            ok = FALSE;
            error = g_error_new (PW_ERROR, PW_ERROR_FAILED,
                                 _("CVAT job %d changed here meanwhile; claim it again."),
                                 (int) claim->job_id);
          }
      }
      break;
    case CLAIM_SAVE:
      ok = _pw_cvat_job_file_save_finish (result, &error);
      break;
    case CLAIM_DONE:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  claim->step++;
  claim_advance (task);
}

static GError *
web_only_error (PwCvatConnector *self,
                JsonObject      *job,
                const char      *reason)
{
  g_autofree char *url = _pw_cvat_job_web_url (self, job);

  return g_error_new (PW_ERROR, PW_ERROR_UNSUPPORTED,
                      _("This CVAT job opens only in CVAT’s web page, %s. %s"), url, reason);
}

/* The frames of the job Piecework shows, in order: its range, without
 * the frames deleted from the task. */
static GArray *
job_frames (JsonObject *job,
            JsonObject *meta)
{
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start = json_object_get_int_member_with_default (job, "start_frame", 0);
  gint64 stop = json_object_get_int_member_with_default (job, "stop_frame", -1);
  JsonNode *deleted = json_object_get_member (meta, "deleted_frames");
  JsonNode *included = json_object_get_member (meta, "included_frames");
  g_autoptr (GHashTable) skip = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) only = NULL;

  if (deleted != NULL && JSON_NODE_HOLDS_ARRAY (deleted))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (deleted)); i++)
      {
        JsonNode *node = json_array_get_element (json_node_get_array (deleted), i);

        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
          g_hash_table_add (skip, g_memdup2 (&(gint64) { json_node_get_int (node) }, sizeof (gint64)));
      }
  if (included != NULL && JSON_NODE_HOLDS_ARRAY (included))
    {
      only = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (included)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (included), i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            g_hash_table_add (only, g_memdup2 (&(gint64) { json_node_get_int (node) }, sizeof (gint64)));
        }
    }
  for (gint64 frame = start; frame <= stop && frames->len < 100000; frame++)
    if (!g_hash_table_contains (skip, &frame) && (only == NULL || g_hash_table_contains (only, &frame)))
      g_array_append_val (frames, frame);
  return frames;
}

/* The job's state file as a claim makes it, from what CVAT holds now. */
static gboolean
claim_make_state (PwCvatConnector  *self,
                  Claim            *claim,
                  GError          **error)
{
  g_autoptr (GArray) frames = job_frames (claim->job, claim->meta);
  JsonNode *sizes = json_object_get_member (claim->meta, "frames");
  JsonArray *sizes_array = sizes != NULL && JSON_NODE_HOLDS_ARRAY (sizes) ? json_node_get_array (sizes) : NULL;
  gint64 meta_start = json_object_get_int_member_with_default (claim->meta, "start_frame",
                                                               json_object_get_int_member_with_default (claim->job, "start_frame", 0));
  JsonObject *state = json_object_new ();
  JsonArray *frame_list = json_array_new ();
  JsonObject *kept;
  const char *updated;

  if (sizes_array == NULL || json_array_get_length (sizes_array) == 0)
    {
      json_object_unref (state);
      json_array_unref (frame_list);
      g_propagate_error (error, _pw_cvat_broken_answer ("GET api/jobs/ID/data/meta",
                                                        _("it gives no frame sizes")));
      return FALSE;
    }
  for (guint i = 0; i < frames->len; i++)
    {
      gint64 frame = g_array_index (frames, gint64, i);
      gint64 index = json_array_get_length (sizes_array) == 1 ? 0 : frame - meta_start;
      JsonObject *size, *entry;

      if (index < 0 || index >= json_array_get_length (sizes_array)
          || (size = json_array_get_object_element (sizes_array, (guint) index)) == NULL
          || json_object_get_int_member_with_default (size, "width", 0) <= 0
          || json_object_get_int_member_with_default (size, "height", 0) <= 0)
        {
          json_object_unref (state);
          json_array_unref (frame_list);
          g_propagate_error (error, _pw_cvat_broken_answer ("GET api/jobs/ID/data/meta",
                                                            _("a frame of the job has no size")));
          return FALSE;
        }
      entry = json_object_new ();
      json_object_set_int_member (entry, "number", frame);
      json_object_set_int_member (entry, "width", json_object_get_int_member (size, "width"));
      json_object_set_int_member (entry, "height", json_object_get_int_member (size, "height"));
      json_array_add_object_element (frame_list, entry);
    }

  /* What the contract has no room for, by the shapes' ids in the
   * prefills, is in the file before any frame is handed out. */
  kept = json_object_new ();
  for (guint i = 0; i < frames->len; i++)
    {
      g_autoptr (JsonNode) prefill = _pw_cvat_prefill (claim->labels, claim->annotations,
                                                       g_array_index (frames, gint64, i), 1, 1, kept);
    }

  updated = json_object_get_string_member_with_default (claim->job, "updated_date", "");
  json_object_set_int_member (state, "job_id", claim->job_id);
  json_object_set_string_member (state, "assignee", _pw_cvat_connector_get_username (self));
  json_object_set_string_member (state, "updated_date", updated);
  json_object_set_array_member (state, "frames", frame_list);
  json_object_set_array_member (state, "labels", json_array_ref (claim->labels));
  json_object_set_object_member (state, "held", json_object_ref (claim->annotations));
  json_object_set_object_member (state, "kept", kept);
  json_object_set_object_member (state, "submitted", json_object_new ());
  json_object_set_null_member (state, "sent");
  json_object_set_boolean_member (state, "completed", FALSE);

  g_clear_pointer (&claim->state, json_node_unref);
  claim->state = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (claim->state, state);
  return TRUE;
}

/* The contract's claim for the job, from its state: a task per frame, in
 * frame order, with the frame's media and what the job holds on it. */
static PwClaim *
claim_from_state (PwCvatConnector  *self,
                  Claim            *claim,
                  GError          **error)
{
  JsonObject *state = json_node_get_object (claim->state);
  JsonArray *frames = json_object_get_array_member (state, "frames");
  JsonArray *labels = json_object_get_array_member (state, "labels");
  JsonObject *held = json_object_get_object_member (state, "held");
  JsonObject *kept = json_object_get_object_member (state, "kept");
  JsonObject *submitted = json_object_get_object_member (state, "submitted");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *claim_id = g_strdup_printf ("cvat-job-%" G_GINT64_FORMAT, claim->job_id);
  g_autofree char *project_id = g_strdup_printf ("%" G_GINT64_FORMAT, claim->job_id);

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "claim_id", claim_id);
  /* A job stays assigned until staff change it: no lease, no time limit. */
  json_builder_set_member_name (builder, "lease_expires_at");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (frames); i++)
    {
      JsonObject *frame = json_array_get_object_element (frames, i);
      gint64 number = json_object_get_int_member (frame, "number");
      g_autofree char *id = _pw_cvat_task_id (claim->job_id, number);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      g_autofree char *url = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/data?type=frame&number=%"
                                              G_GINT64_FORMAT "&quality=original", claim->job_id, number);
      g_autoptr (JsonNode) prefill = NULL;
      JsonObject *prefill_object;

      /* A frame already sent is done; the claim hands out the others,
       * or those released when it goes on after a release. */
      if (json_object_has_member (submitted, key)
          || (claim->handed != NULL && !g_hash_table_contains (claim->handed, key)))
        continue;
      prefill = _pw_cvat_prefill (labels, held, number, json_object_get_int_member (frame, "width"),
                                  json_object_get_int_member (frame, "height"), kept);
      prefill_object = json_node_get_object (prefill);

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "id", id);
      pw_json_builder_add_string (builder, "project_id", project_id);
      pw_json_builder_add_string (builder, "kind", "image");
      json_builder_set_member_name (builder, "pay");
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "amount", "0.00");
      pw_json_builder_add_string (builder, "currency", PW_CVAT_CURRENCY);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "media");
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "url", url);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "prefill");
      if (json_array_get_length (json_object_get_array_member (prefill_object, "shapes")) > 0
          || (json_object_has_member (prefill_object, "choices")
              && json_array_get_length (json_object_get_array_member (prefill_object, "choices")) > 0))
        json_builder_add_value (builder, json_node_ref (prefill));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return pw_claim_new_from_json (root, error);
}

static void
claim_advance (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Claim *claim = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *path = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *busy = NULL;
  g_autoptr (GFile) file = NULL;
  GError *error = NULL;
  PwClaim *result;

  switch (claim->step)
    {
    case CLAIM_ME:
      if (_pw_cvat_connector_get_username (self) != NULL)
        {
          claim->step++;
          claim_advance (task);
          return;
        }
      pw_connector_get_me_async (PW_CONNECTOR (self), cancellable, on_claim_step, task);
      return;
    case CLAIM_STATE:
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      _pw_cvat_job_file_load_async (file, cancellable, on_claim_step, task);
      return;
    case CLAIM_JOB:
      /* A job claimed before and not yet completed goes on from its
       * file: what was sent stays sent, and the comparison with CVAT's
       * updated_date stays the one of the first download. Frames
       * released since are handed out and their marks cleared, under
       * the job's lock. A job wholly released before anything was sent
       * is read again (pw-cvat-job-file.c). */
      if (_pw_cvat_job_state_is_open (claim->state)
          && !_pw_cvat_job_state_starts_over (json_node_get_object (claim->state)))
        {
          g_autoptr (GHashTable) released =
            _pw_cvat_job_state_get_released (json_node_get_object (claim->state));

          claim->reopen = g_hash_table_size (released) > 0;
          claim->step = claim->reopen ? CLAIM_LOCK : CLAIM_DONE;
          claim_advance (task);
          return;
        }
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT, claim->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES, cancellable,
                          on_claim_step, task);
      return;
    case CLAIM_LABELS:
      reason = _pw_cvat_web_only_reason (claim->job);
      if (reason != NULL)
        {
          g_task_return_error (task, web_only_error (self, claim->job, reason));
          g_object_unref (task);
          return;
        }
      path = _pw_cvat_labels_path (claim->job_id);
      _pw_cvat_get_pages_async (self, path, cancellable, on_claim_step, task);
      return;
    case CLAIM_META:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/data/meta", claim->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_PAGE_MAX_BYTES, cancellable,
                          on_claim_step, task);
      return;
    case CLAIM_ANNOTATIONS:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/annotations/", claim->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_ANNOTATIONS_MAX_BYTES, cancellable,
                          on_claim_step, task);
      return;
    case CLAIM_LOCK:
      if (claim->reopen)
        {
          file = _pw_cvat_connector_get_job_file (self, claim->job_id);
          busy = g_strdup_printf (_("Piecework is sending work of CVAT job %d at the same time"
                                    "; claim it again in a moment."), (int) claim->job_id);
          _pw_cvat_job_lock_async (file, busy, cancellable, on_claim_step, task);
          return;
        }
      {
        JsonNode *tracks = json_object_get_member (claim->annotations, "tracks");

        if (tracks != NULL && JSON_NODE_HOLDS_ARRAY (tracks)
            && json_array_get_length (json_node_get_array (tracks)) > 0)
          {
            g_task_return_error (task, web_only_error (self, claim->job,
                                                       _("It is annotated with tracks, which Piecework cannot edit yet.")));
            g_object_unref (task);
            return;
          }
      }
      if (!claim_make_state (self, claim, &error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      /* The file is made under the job's lock, and only where no other
       * process made it since it was first read. */
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      busy = g_strdup_printf (_("Piecework is sending work of CVAT job %d at the same time"
                                "; claim it again in a moment."), (int) claim->job_id);
      _pw_cvat_job_lock_async (file, busy, cancellable, on_claim_step, task);
      return;
    case CLAIM_RELOAD:
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      _pw_cvat_job_file_load_async (file, cancellable, on_claim_step, task);
      return;
    case CLAIM_SAVE:
      if (claim->made_meanwhile)
        {
          JsonObject *state = json_node_get_object (claim->state);

          claim->handed = _pw_cvat_job_state_get_released (state);
          if (g_hash_table_size (claim->handed) == 0)
            {
              g_clear_pointer (&claim->handed, g_hash_table_unref);
              claim->step = CLAIM_DONE;
              claim_advance (task);
              return;
            }
          _pw_cvat_job_state_forget_released (state, -1);
        }
      file = _pw_cvat_connector_get_job_file (self, claim->job_id);
      _pw_cvat_job_file_save_async (file, claim->state, cancellable, on_claim_step, task);
      return;
    case CLAIM_DONE:
      _pw_cvat_job_unlock (claim->lock_fd);
      claim->lock_fd = -1;
      result = claim_from_state (self, claim, &error);
      if (result == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, result, (GDestroyNotify) pw_claim_unref);
      g_object_unref (task);
      return;
    default:
      g_assert_not_reached ();
    }
}

void
_pw_cvat_claim_async (PwConnector         *connector,
                      const char          *project_id,
                      guint                count,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Claim *claim = g_new0 (Claim, 1);
  guint64 job_id;

  g_task_set_source_tag (task, _pw_cvat_claim_async);
  claim->lock_fd = -1;
  g_task_set_task_data (task, claim, claim_free);
  if (!g_ascii_string_to_unsigned (project_id, 10, 1, G_MAXINT32, &job_id, NULL))
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                               _("“%s” is not the number of a CVAT job."), project_id);
      g_object_unref (task);
      return;
    }
  claim->job_id = (gint64) job_id;
  claim_advance (task);
}

PwClaim *
_pw_cvat_claim_finish (PwConnector   *connector,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
