/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-market-client-private.h"
#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* Submitting a frame of a CVAT job, in a way that is safe to repeat.
 *
 * Each frame's work arrives on its own. It is put in the job's file first,
 * then the job is read: when its updated_date is not the one last known
 * (at download, or after our own last write), what the job holds is
 * compared with what was last sent (or, before any write, with what was
 * downloaded): the same means our own write whose answer was lost, and
 * the work goes on; anything else is someone else's edit, a conflict that
 * keeps the work. Then the whole job (the frames submitted, the others as
 * they were held) is written with PUT, which replaces and so may be
 * repeated; what was sent is in the file before it goes. After the last
 * frame, the job is marked completed. A 403 means the job went to
 * someone else. One submission runs at a time per account, since each
 * writes the whole job.
 *
 * Other processes on the same account (the app and `piecework --sync`)
 * submit frames of the same job too. From reading the job's file to
 * writing it after the PUT, a submission holds an exclusive lock on the
 * job's lock file beside it, so the other process's read, check, write
 * and record never interleave with its own: without it, one would take
 * the other's write for someone else's edit, or replace the job without
 * the other's frames. The lock is on a file of its own because the job's
 * file is replaced, not rewritten (pw-cvat-job-file.c). A submission
 * that cannot take it within a few seconds fails with a message that
 * says it goes on the next try, and the outbox keeps it for that. */

typedef enum
{
  STEP_LOCK,
  STEP_LOAD,
  STEP_RECORD,
  STEP_JOB,
  STEP_CHECK,
  STEP_PREPARE,
  STEP_PUT,
  STEP_AFTER_PUT,
  STEP_COMPLETE,
  STEP_SAVE,
  STEP_DONE,
} Step;

typedef struct
{
  char       *task_id;
  gint64      job_id;
  gint64      frame;
  JsonNode   *annotation;
  Step        step;
  int         lock_fd;
  JsonNode   *state;
  JsonObject *job;
  JsonObject *holds;
  JsonNode   *body;
} Submit;

static void
submit_free (gpointer data)
{
  Submit *submit = data;

  g_assert (submit->lock_fd < 0);
  g_free (submit->task_id);
  g_clear_pointer (&submit->annotation, json_node_unref);
  g_clear_pointer (&submit->state, json_node_unref);
  g_clear_pointer (&submit->job, json_object_unref);
  g_clear_pointer (&submit->holds, json_object_unref);
  g_clear_pointer (&submit->body, json_node_unref);
  g_free (submit);
}

static void advance (GTask *task);

static void
unlock_job (Submit *submit)
{
  _pw_cvat_job_unlock (submit->lock_fd);
  submit->lock_fd = -1;
}

/* The next submission starts once one ends, from the main loop. */
static gboolean
start_next (gpointer user_data)
{
  PwCvatConnector *self = user_data;
  GTask *next = g_queue_peek_head (_pw_cvat_connector_get_submits (self));

  if (next != NULL)
    advance (next);
  return G_SOURCE_REMOVE;
}

static void
submit_end (GTask  *task,
            GError *error)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);
  GQueue *queue = _pw_cvat_connector_get_submits (self);
  PwSubmissionResult *result = NULL;

  unlock_job (submit);
  g_queue_remove (queue, task);
  if (!g_queue_is_empty (queue))
    g_idle_add_full (G_PRIORITY_DEFAULT, start_next, g_object_ref (self), g_object_unref);

  if (error == NULL)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) receipt = NULL;
      g_autofree char *id = g_strdup_printf ("cvat-%s", submit->task_id);

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "submission_id", id);
      pw_json_builder_add_string (builder, "task_id", submit->task_id);
      pw_json_builder_add_string (builder, "status", "pending_review");
      json_builder_end_object (builder);
      receipt = json_builder_get_root (builder);
      result = pw_submission_result_new_from_json (receipt, FALSE, &error);
    }
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) pw_submission_result_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

/* A job CVAT no longer lets the worker write was given to someone else. */
static GError *
reassigned_or (GError *error,
               gint64  job_id)
{
  if (!g_error_matches (error, PW_ERROR, PW_ERROR_FORBIDDEN))
    return error;
  g_error_free (error);
  return g_error_new (PW_ERROR, PW_ERROR_REASSIGNED,
                      _("CVAT no longer lets you write job %d"
                        "; it was probably given to someone else. The work is kept here."),
                      (int) job_id);
}

/* An answer that is not what CVAT's API describes says nothing of who
 * holds the job or what it holds: the submission waits and goes again
 * later, rather than end as a reassignment or a conflict. */
static GError *
unreadable_job (gint64      job_id,
                const char *why)
{
  return g_error_new (PW_ERROR, PW_ERROR_PROTOCOL,
                      _("CVAT’s answer about job %d cannot be read: %s. Check that the account’s address leads to the CVAT server itself. The work is kept here and sent again later."),
                      (int) job_id, why);
}

static gboolean
holds_type (JsonObject *object,
            const char *member,
            GType       type)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* A job as GET /api/jobs/{id} gives it: an updated_date, and an assignee
 * that is nobody or someone with a username. */
static GError *
check_job (gint64      job_id,
           JsonObject *job)
{
  JsonNode *assignee = json_object_get_member (job, "assignee");

  if (!holds_type (job, "updated_date", G_TYPE_STRING))
    return unreadable_job (job_id, _("it has no date of its last change"));
  if (assignee != NULL && !JSON_NODE_HOLDS_NULL (assignee)
      && (!JSON_NODE_HOLDS_OBJECT (assignee)
          || !holds_type (json_node_get_object (assignee), "username", G_TYPE_STRING)))
    return unreadable_job (job_id, _("its assignee has no username"));
  return NULL;
}

/* A job's annotations as GET /api/jobs/{id}/annotations/ gives them:
 * lists of shapes and tags on frames, with labels, and shapes' points. */
static GError *
check_annotations (gint64      job_id,
                   JsonObject *annotations)
{
  static const char *const members[] = { "shapes", "tags" };

  for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonNode *node = json_object_get_member (annotations, members[m]);
      JsonArray *array;

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        return unreadable_job (job_id, _("its annotations have no list of shapes or tags"));
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
          JsonNode *points = item != NULL ? json_object_get_member (item, "points") : NULL;

          if (item == NULL || !holds_type (item, "frame", G_TYPE_INT64)
              || !holds_type (item, "label_id", G_TYPE_INT64)
              || (m == 0 && (!holds_type (item, "type", G_TYPE_STRING)
                             || points == NULL || !JSON_NODE_HOLDS_ARRAY (points))))
            return unreadable_job (job_id, _("an annotation of it is not one CVAT describes"));
          for (guint p = 0; m == 0 && p < json_array_get_length (json_node_get_array (points)); p++)
            {
              JsonNode *point = json_array_get_element (json_node_get_array (points), p);
              GType type = JSON_NODE_HOLDS_VALUE (point) ? json_node_get_value_type (point) : G_TYPE_INVALID;

              if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
                return unreadable_job (job_id, _("an annotation of it is not one CVAT describes"));
            }
        }
    }
  return NULL;
}

static JsonObject *
state_object (Submit *submit)
{
  return json_node_get_object (submit->state);
}

static void
on_step (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (JsonNode) root = NULL;

  switch (submit->step)
    {
    case STEP_LOCK:
      submit->lock_fd = _pw_cvat_job_lock_finish (result, &error);
      break;
    case STEP_LOAD:
      submit->state = _pw_cvat_job_file_load_finish (result, &error);
      if (submit->state != NULL && !JSON_NODE_HOLDS_OBJECT (submit->state))
        error = g_error_new (PW_ERROR, PW_ERROR_NOT_FOUND,
                             _("Piecework has no record of CVAT job %d"
                               "; claim the job again. The work is kept here."), (int) submit->job_id);
      break;
    case STEP_RECORD:
    case STEP_PREPARE:
    case STEP_SAVE:
      _pw_cvat_job_file_save_finish (result, &error);
      break;
    case STEP_JOB:
    case STEP_AFTER_PUT:
    case STEP_COMPLETE:
      root = _pw_cvat_get_finish (self, result, &error);
      if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
        error = g_error_new (PW_ERROR, PW_ERROR_PROTOCOL,
                             _("CVAT’s answer about job %d is not a job."), (int) submit->job_id);
      else if (root != NULL
               && (error = check_job (submit->job_id, json_node_get_object (root))) == NULL)
        {
          g_clear_pointer (&submit->job, json_object_unref);
          submit->job = json_object_ref (json_node_get_object (root));
        }
      break;
    case STEP_CHECK:
      root = _pw_cvat_get_finish (self, result, &error);
      if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
        error = g_error_new (PW_ERROR, PW_ERROR_PROTOCOL,
                             _("CVAT’s answer about job %d is not a job."), (int) submit->job_id);
      else if (root != NULL
               && (error = check_annotations (submit->job_id, json_node_get_object (root))) == NULL)
        submit->holds = json_object_ref (json_node_get_object (root));
      break;
    case STEP_PUT:
      root = _pw_cvat_get_finish (self, result, &error);
      break;
    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }

  if (error != NULL)
    {
      submit_end (task, reassigned_or (error, submit->job_id));
      return;
    }
  submit->step++;
  advance (task);
}

/* The frame's work, in CVAT's terms, in the job's file. */
static gboolean
record_frame (Submit  *submit,
              GError **error)
{
  JsonObject *state = state_object (submit);
  JsonObject *entry = json_object_new ();
  JsonArray *shapes = json_array_new ();
  JsonArray *tags = json_array_new ();
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, submit->frame);
  JsonArray *frames = json_object_get_array_member (state, "frames");
  gboolean known = FALSE;

  for (guint i = 0; frames != NULL && i < json_array_get_length (frames); i++)
    if (json_object_get_int_member (json_array_get_object_element (frames, i), "number") == submit->frame)
      known = TRUE;
  json_object_set_array_member (entry, "shapes", shapes);
  json_object_set_array_member (entry, "tags", tags);
  if (!known)
    {
      json_object_unref (entry);
      g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                   _("Frame %d is not a frame of CVAT job %d."),
                   (int) submit->frame, (int) submit->job_id);
      return FALSE;
    }
  if (!_pw_cvat_frame_from_annotation (json_object_get_array_member (state, "labels"),
                                       json_object_get_object_member (state, "held"),
                                       json_object_get_object_member (state, "kept"),
                                       submit->annotation, submit->frame, shapes, tags, error))
    {
      json_object_unref (entry);
      return FALSE;
    }
  json_object_set_object_member (json_object_get_object_member (state, "submitted"), key, entry);
  /* Queued before its release: it is done, not offered again. */
  _pw_cvat_job_state_forget_released (state, submit->frame);
  return TRUE;
}

/* The whole job as it goes to CVAT: each frame submitted as the worker
 * left it, the others as they were held. */
static JsonNode *
job_body (Submit *submit)
{
  JsonObject *state = state_object (submit);
  JsonObject *held = json_object_get_object_member (state, "held");
  JsonObject *submitted = json_object_get_object_member (state, "submitted");
  JsonObject *body = json_object_new ();
  JsonArray *shapes = json_array_new ();
  JsonArray *tags = json_array_new ();
  static const char *const members[] = { "shapes", "tags" };
  g_autoptr (GList) frames = json_object_get_members (submitted);
  JsonNode *node;

  for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *out = m == 0 ? shapes : tags;
      JsonNode *array = json_object_get_member (held, members[m]);

      for (guint i = 0; array != NULL && JSON_NODE_HOLDS_ARRAY (array)
                        && i < json_array_get_length (json_node_get_array (array)); i++)
        {
          JsonObject *object = json_array_get_object_element (json_node_get_array (array), i);
          g_autofree char *key = NULL;
          JsonObject *copy;

          if (object == NULL)
            continue;
          key = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 json_object_get_int_member_with_default (object, "frame", -1));
          if (json_object_has_member (submitted, key))
            continue;
          copy = json_object_new ();
          {
            g_autoptr (GList) names = json_object_get_members (object);

            for (GList *l = names; l != NULL; l = l->next)
              if (!g_str_equal (l->data, "id"))
                json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (object, l->data)));
          }
          json_array_add_object_element (out, copy);
        }
    }
  for (GList *l = frames; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_get_object_member (submitted, l->data);

      for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
        {
          JsonArray *array = json_object_get_array_member (entry, members[m]);

          for (guint i = 0; i < json_array_get_length (array); i++)
            json_array_add_element (m == 0 ? shapes : tags,
                                    json_node_copy (json_array_get_element (array, i)));
        }
    }

  json_object_set_int_member (body, "version",
                              json_object_get_int_member_with_default (held, "version", 0));
  json_object_set_array_member (body, "tags", tags);
  json_object_set_array_member (body, "shapes", shapes);
  json_object_set_array_member (body, "tracks", json_array_new ());
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, body);
  return node;
}

static gboolean
all_frames_submitted (Submit *submit)
{
  JsonObject *state = state_object (submit);
  JsonArray *frames = json_object_get_array_member (state, "frames");
  JsonObject *submitted = json_object_get_object_member (state, "submitted");

  for (guint i = 0; i < json_array_get_length (frames); i++)
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              json_object_get_int_member (json_array_get_object_element (frames, i),
                                                                          "number"));

      if (!json_object_has_member (submitted, key))
        return FALSE;
    }
  return TRUE;
}

static const char *
job_updated_date (Submit *submit)
{
  return json_object_get_string_member_with_default (submit->job, "updated_date", "");
}

static void
save_state (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);
  g_autoptr (GFile) file = _pw_cvat_connector_get_job_file (self, submit->job_id);

  _pw_cvat_job_file_save_async (file, submit->state, g_task_get_cancellable (task), on_step, task);
}

static void
advance (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  JsonObject *state = submit->state != NULL ? state_object (submit) : NULL;
  g_autofree char *path = NULL;
  g_autofree char *busy = NULL;
  g_autoptr (GFile) file = NULL;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      submit_end (task, error);
      return;
    }

  switch (submit->step)
    {
    case STEP_LOCK:
      file = _pw_cvat_connector_get_job_file (self, submit->job_id);
      busy = g_strdup_printf (_("Piecework is sending other work of CVAT job %d at the same time"
                                "; this frame is sent on the next try."), (int) submit->job_id);
      _pw_cvat_job_lock_async (file, busy, cancellable, on_step, task);
      return;

    case STEP_LOAD:
      file = _pw_cvat_connector_get_job_file (self, submit->job_id);
      _pw_cvat_job_file_load_async (file, cancellable, on_step, task);
      return;

    case STEP_RECORD:
      if (!record_frame (submit, &error))
        {
          submit_end (task, error);
          return;
        }
      save_state (task);
      return;

    case STEP_JOB:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT, submit->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES, cancellable,
                          on_step, task);
      return;

    case STEP_CHECK:
      {
        JsonObject *assignee = NULL;
        JsonNode *node = json_object_get_member (submit->job, "assignee");

        if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
          assignee = json_node_get_object (node);
        if (assignee == NULL
            || g_strcmp0 (json_object_get_string_member_with_default (assignee, "username", NULL),
                          json_object_get_string_member_with_default (state, "assignee", "")) != 0)
          {
            submit_end (task, reassigned_or (g_error_new_literal (PW_ERROR, PW_ERROR_FORBIDDEN, ""),
                                             submit->job_id));
            return;
          }
      }
      if (g_strcmp0 (job_updated_date (submit), json_object_get_string_member (state, "updated_date")) == 0)
        {
          submit->step = STEP_PREPARE;
          advance (task);
          return;
        }
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/annotations/", submit->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_CVAT_ANNOTATIONS_MAX_BYTES, cancellable,
                          on_step, task);
      return;

    case STEP_PREPARE:
      if (submit->holds != NULL)
        {
          JsonNode *sent = json_object_get_member (state, "sent");
          JsonObject *expected = sent != NULL && JSON_NODE_HOLDS_OBJECT (sent)
                                 ? json_node_get_object (sent)
                                 : json_object_get_object_member (state, "held");

          if (!_pw_cvat_same_annotations (submit->holds, expected))
            {
              submit_end (task, g_error_new (PW_ERROR, PW_ERROR_CONFLICT,
                                             _("Someone else changed CVAT job %d"
                                               " since it was downloaded, so it was not overwritten. The work is kept here; compare it with the job in CVAT’s web page."),
                                             (int) submit->job_id));
              return;
            }
          /* What the job holds is what was last sent: the answer to our
           * own write was lost. */
          json_object_set_string_member (state, "updated_date", job_updated_date (submit));
        }
      submit->body = job_body (submit);
      json_object_set_member (state, "sent", json_node_copy (submit->body));
      save_state (task);
      return;

    case STEP_PUT:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT "/annotations/", submit->job_id);
      _pw_cvat_get_async (self, "PUT", path, submit->body, PW_CVAT_ANNOTATIONS_MAX_BYTES, cancellable,
                          on_step, task);
      return;

    case STEP_AFTER_PUT:
      path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT, submit->job_id);
      _pw_cvat_get_async (self, "GET", path, NULL, PW_MARKET_SMALL_ANSWER_MAX_BYTES, cancellable,
                          on_step, task);
      return;

    case STEP_COMPLETE:
      json_object_set_string_member (state, "updated_date", job_updated_date (submit));
      if (all_frames_submitted (submit))
        {
          g_autoptr (JsonNode) body = json_from_string ("{\"state\": \"completed\"}", NULL);

          path = g_strdup_printf ("api/jobs/%" G_GINT64_FORMAT, submit->job_id);
          _pw_cvat_get_async (self, "PATCH", path, body, PW_MARKET_SMALL_ANSWER_MAX_BYTES, cancellable,
                              on_step, task);
          return;
        }
      submit->step = STEP_SAVE;
      save_state (task);
      return;

    case STEP_SAVE:
      json_object_set_string_member (state, "updated_date", job_updated_date (submit));
      json_object_set_boolean_member (state, "completed", TRUE);
      save_state (task);
      return;

    case STEP_DONE:
      submit_end (task, NULL);
      return;

    default:
      g_assert_not_reached ();
    }
}

void
_pw_cvat_submit_async (PwCvatConnector     *self,
                       const char          *task_id,
                       const char          *body,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Submit *submit = g_new0 (Submit, 1);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *annotation;
  GQueue *queue = _pw_cvat_connector_get_submits (self);

  g_task_set_source_tag (task, _pw_cvat_submit_async);
  submit->task_id = g_strdup (task_id);
  submit->lock_fd = -1;
  g_task_set_task_data (task, submit, submit_free);

  if (!_pw_cvat_parse_task_id (task_id, &submit->job_id, &submit->frame))
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_NOT_FOUND,
                               _("“%s” is not a frame of a CVAT job."), task_id);
      g_object_unref (task);
      return;
    }
  root = pw_json_parse (body, strlen (body), "submission", &error);
  annotation = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
               ? json_object_get_member (json_node_get_object (root), "annotation") : NULL;
  if (annotation == NULL || !JSON_NODE_HOLDS_OBJECT (annotation))
    {
      g_task_return_new_error (task, PW_ERROR, PW_ERROR_INVALID_DATA,
                               _("The submission for %s holds no annotation."), task_id);
      g_object_unref (task);
      return;
    }
  submit->annotation = json_node_ref (annotation);

  g_queue_push_tail (queue, task);
  if (g_queue_get_length (queue) == 1)
    advance (task);
}

PwSubmissionResult *
_pw_cvat_submit_finish (PwCvatConnector  *self,
                        GAsyncResult     *result,
                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
