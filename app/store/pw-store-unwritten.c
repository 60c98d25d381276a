/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "formats/pw-file-write.h"
#include "model/pw-json.h"
#include "pw-error.h"
#include "pw-store-outbox-private.h"
#include "pw-store-private.h"
#include "pw-store-sql.h"

/* The work the store holds in memory because the disk refused it, written
 * to a file on another disk the worker chooses, so that nothing is lost
 * when they must quit before the store's own disk takes it. The file is
 * JSON a person can read: each submission with its exact body and its
 * Idempotency-Key, so it can still be sent once and only once, and each
 * edit of a draft in the order it was made. */

#define FORMAT_NAME "piecework-unsaved-work"
#define FORMAT_VERSION 1

typedef struct
{
  char   *store_path;
  char   *reason;
  GFile  *folder;
} SaveJob;

typedef struct
{
  JsonBuilder *submissions;
  JsonBuilder *draft_edits;
  guint        other;
} Collect;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_free (job->store_path);
  g_free (job->reason);
  g_clear_object (&job->folder);
  g_free (job);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       time)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autofree char *text = at != NULL ? g_date_time_format_iso8601 (at) : NULL;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
collect_submission (Collect         *collect,
                    const PwStoreOp *op)
{
  const PwStoreOutboxEntry *entry = op->data;
  JsonBuilder *builder = collect->submissions;

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "account_id", entry->account_id);
  pw_json_builder_add_string (builder, "task_id", entry->task_id);
  pw_json_builder_add_string (builder, "claim_id", entry->claim_id);
  pw_json_builder_add_string (builder, "idempotency_key", entry->key);
  /* As text: the marketplace compares the body sent again under a key
   * byte for byte. */
  pw_json_builder_add_string (builder, "body", entry->body);
  pw_json_builder_add_string (builder, "annotation", entry->annotation);
  add_time (builder, "submitted_at", op->time);
  json_builder_end_object (builder);
}

static void
collect_draft_edit (Collect         *collect,
                    const PwStoreOp *op,
                    const char      *kind)
{
  JsonBuilder *builder = collect->draft_edits;

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "draft", op->key);
  pw_json_builder_add_string (builder, "edit", kind);
  if (op->kind == PW_STORE_OP_APPEND_COMMAND || op->kind == PW_STORE_OP_SET_POSITION)
    {
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, op->position);
    }
  if (op->text != NULL)
    pw_json_builder_add_string (builder, op->kind == PW_STORE_OP_SET_SNAPSHOT ? "snapshot" : "command",
                op->text);
  add_time (builder, "at", op->time);
  json_builder_end_object (builder);
}

/* Runs under the writer's lock: reads the write and copies what matters. */
static void
collect_op (gpointer data,
            gpointer user_data)
{
  const PwStoreOp *op = data;
  Collect *collect = user_data;

  switch (op->kind)
    {
    case PW_STORE_OP_QUEUE_SUBMISSION:
      collect_submission (collect, op);
      break;
    case PW_STORE_OP_APPEND_COMMAND:
      collect_draft_edit (collect, op, "command");
      break;
    case PW_STORE_OP_SET_POSITION:
      collect_draft_edit (collect, op, "position");
      break;
    case PW_STORE_OP_SET_SNAPSHOT:
      collect_draft_edit (collect, op, "snapshot");
      break;
    case PW_STORE_OP_DELETE_DRAFT:
      collect_draft_edit (collect, op, "delete");
      break;
    default:
      /* Claims, statements, the time log and the app's state: the
       * marketplace or the next run gives them again. */
      collect->other++;
      break;
    }
}

static char *
describe_unwritten (PwStore     *store,
                    SaveJob     *job,
                    guint64     *last_ticket)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) submissions = NULL;
  g_autoptr (JsonNode) draft_edits = NULL;
  g_autoptr (JsonNode) root = NULL;
  Collect collect = { json_builder_new (), json_builder_new (), 0 };

  json_builder_begin_array (collect.submissions);
  json_builder_begin_array (collect.draft_edits);
  *last_ticket = _pw_store_writer_foreach_unwritten (_pw_store_get_writer (store), collect_op,
                                                     &collect);
  json_builder_end_array (collect.submissions);
  json_builder_end_array (collect.draft_edits);
  submissions = json_builder_get_root (collect.submissions);
  draft_edits = json_builder_get_root (collect.draft_edits);
  g_object_unref (collect.submissions);
  g_object_unref (collect.draft_edits);

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "format", FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  pw_json_builder_add_string (builder, "store", job->store_path);
  pw_json_builder_add_string (builder, "reason", job->reason);
  add_time (builder, "saved_at", g_get_real_time ());
  json_builder_set_member_name (builder, "submissions");
  json_builder_add_value (builder, g_steal_pointer (&submissions));
  json_builder_set_member_name (builder, "draft_edits");
  json_builder_add_value (builder, g_steal_pointer (&draft_edits));
  json_builder_set_member_name (builder, "other_changes");
  json_builder_add_int_value (builder, collect.other);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

/* A name of its own in @folder, so an earlier save is never replaced. */
static GFile *
new_file_in (GFile *folder)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");

  for (guint n = 1;; n++)
    {
      g_autofree char *name = NULL;
      GFile *file;

      /* Translators: the name of the file that holds work the disk refused;
       * the first %s is a date and time, the second empty or a number */
      name = n == 1 ? g_strdup_printf (_("Piecework unsaved work %s.json"), stamp)
                    : g_strdup_printf (_("Piecework unsaved work %s (%u).json"), stamp, n);
      file = g_file_get_child (folder, name);
      if (!g_file_query_exists (file, NULL))
        return file;
      g_object_unref (file);
    }
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PwStore *store = source_object;
  SaveJob *job = task_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  guint64 last_ticket;

  contents = describe_unwritten (store, job, &last_ticket);
  file = new_file_in (job->folder);
  if (!pw_file_write_durably (file, contents, strlen (contents), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  path = g_file_get_path (file);
  _pw_store_writer_mark_saved_elsewhere (_pw_store_get_writer (store), last_ticket, path);
  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

/**
 * pw_store_save_unwritten_async:
 * @self: a #PwStore
 * @folder: a local folder, on another disk than the store's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the file written
 * @user_data: data for @callback
 *
 * Writes the work the store holds in memory, because its disk refuses it,
 * to a new JSON file in @folder: each submission with its body and
 * Idempotency-Key, and each edit of a draft. The store keeps holding and
 * retrying it; if it closes before its disk takes the work, it says where
 * the work went rather than that it is lost.
 */
void
pw_store_save_unwritten_async (PwStore            *self,
                               GFile              *folder,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  const GError *reason = pw_store_get_write_error (self);
  SaveJob *job;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (G_IS_FILE (folder));

  job = g_new0 (SaveJob, 1);
  job->store_path = g_strdup (pw_store_get_path (self));
  job->reason = g_strdup (reason != NULL ? reason->message : NULL);
  job->folder = g_object_ref (folder);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_save_unwritten_async);
  g_task_set_task_data (task, job, save_job_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * pw_store_save_unwritten_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the file written, or %NULL with
 *   @error set
 */
GFile *
pw_store_save_unwritten_finish (PwStore      *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
