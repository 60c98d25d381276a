/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-cvat-private.h"

/* The projects of a CVAT account: the jobs assigned to the worker, each
 * with its labels and the frames left to claim. */

typedef struct
{
  JsonArray *jobs;
  guint      next;
  GPtrArray *projects;
  /* The project of the job listed, until its file is read */
  JsonNode  *project;
} Listing;

static void
listing_free (gpointer data)
{
  Listing *listing = data;

  g_clear_pointer (&listing->jobs, json_array_unref);
  g_clear_pointer (&listing->project, json_node_unref);
  g_ptr_array_unref (listing->projects);
  g_free (listing);
}

char *
_pw_cvat_job_web_url (PwCvatConnector *self,
                      JsonObject      *job)
{
  return g_strdup_printf ("%stasks/%" G_GINT64_FORMAT "/jobs/%" G_GINT64_FORMAT,
                          pw_market_client_get_base_url (_pw_cvat_connector_get_client (self)),
                          json_object_get_int_member_with_default (job, "task_id", 0),
                          json_object_get_int_member_with_default (job, "id", 0));
}

char *
_pw_cvat_labels_path (gint64 job_id)
{
  return g_strdup_printf ("api/labels?job_id=%" G_GINT64_FORMAT "&page_size=500", job_id);
}

static void list_next_job (GTask *task);

static gboolean
job_is_assigned_to (JsonObject *job,
                    const char *username)
{
  JsonNode *assignee = json_object_get_member (job, "assignee");

  return assignee != NULL && JSON_NODE_HOLDS_OBJECT (assignee)
         && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (assignee),
                                                                   "username", NULL), username) == 0;
}

/* Adds the job listed to the projects, with what its file says: a job
 * claimed here and not completed has its frames in the worker's queue,
 * so none is left to claim, now or after a restart, apart from those
 * released since (pw-cvat-job-file.c). */
static void
add_listed_job (GTask    *task,
                JsonNode *state)
{
  Listing *listing = g_task_get_task_data (task);
  JsonObject *job = json_array_get_object_element (listing->jobs, listing->next);
  g_autoptr (JsonNode) json = g_steal_pointer (&listing->project);
  g_autofree char *what = NULL;
  GError *error = NULL;
  PwProject *project;

  if (_pw_cvat_job_state_is_open (state) && !_pw_cvat_job_state_starts_over (json_node_get_object (state)))
    {
      g_autoptr (GHashTable) released = _pw_cvat_job_state_get_released (json_node_get_object (state));

      json_object_set_int_member (json_node_get_object (json), "available_tasks",
                                  g_hash_table_size (released));
    }
  what = g_strdup_printf ("job %" G_GINT64_FORMAT, json_object_get_int_member_with_default (job, "id", 0));
  project = pw_project_new_from_json (json, what, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (listing->projects, project);
  listing->next++;
  list_next_job (task);
}

static void
on_job_file (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr (JsonNode) state = _pw_cvat_job_file_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* A damaged file is said when the job is claimed; the list goes on
   * with what CVAT says. */
  if (state == NULL)
    {
      g_debug ("The file of a CVAT job could not be read: %s", error->message);
      g_clear_error (&error);
    }
  add_listed_job (task, state);
}

static void
on_job_labels (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  JsonObject *job = json_array_get_object_element (listing->jobs, listing->next);
  GError *error = NULL;
  g_autoptr (JsonArray) labels = _pw_cvat_get_pages_finish (self, result, &error);
  g_autofree char *reason = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GFile) file = NULL;
  GCancellable *cancellable;

  if (labels == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  reason = _pw_cvat_web_only_reason (job);
  if (reason != NULL)
    url = _pw_cvat_job_web_url (self, job);
  listing->project = _pw_cvat_project_json (job, labels, url);
  if (g_strcmp0 (json_object_get_string_member_with_default (job, "state", ""), "completed") == 0)
    json_object_set_int_member (json_node_get_object (listing->project), "available_tasks", 0);
  /* A job that opens only in CVAT's page is never claimed here. */
  if (reason != NULL)
    {
      add_listed_job (g_steal_pointer (&task), NULL);
      return;
    }
  file = _pw_cvat_connector_get_job_file (self, json_object_get_int_member_with_default (job, "id", 0));
  cancellable = g_task_get_cancellable (task);
  _pw_cvat_job_file_load_async (file, cancellable, on_job_file, g_steal_pointer (&task));
}

static void
list_next_job (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  JsonObject *job;
  JsonNode *id, *assignee, *username = NULL;
  g_autofree char *path = NULL;

  if (listing->next >= json_array_get_length (listing->jobs))
    {
      g_task_return_pointer (task, g_ptr_array_ref (listing->projects), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  job = json_array_get_object_element (listing->jobs, listing->next);
  assignee = json_object_get_member (job, "assignee");
  if (assignee != NULL && !JSON_NODE_HOLDS_NULL (assignee)
      && (!JSON_NODE_HOLDS_OBJECT (assignee)
          || (username = json_object_get_member (json_node_get_object (assignee), "username")) == NULL
          || !JSON_NODE_HOLDS_VALUE (username) || json_node_get_value_type (username) != G_TYPE_STRING))
    {
      g_task_return_error (task, _pw_cvat_broken_answer ("GET api/jobs",
                                                         _("a job’s assignee has no username")));
      g_object_unref (task);
      return;
    }

  /* CVAT's assignee filter matches part of a name: "ana" finds the jobs
   * of "banana" too. */
  if (!job_is_assigned_to (job, _pw_cvat_connector_get_username (self)))
    {
      listing->next++;
      list_next_job (task);
      return;
    }
  id = json_object_get_member (job, "id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64)
    {
      g_task_return_error (task, _pw_cvat_broken_answer ("GET api/jobs", _("a job has no id")));
      g_object_unref (task);
      return;
    }
  path = _pw_cvat_labels_path (json_node_get_int (id));
  _pw_cvat_get_pages_async (self, path, g_task_get_cancellable (task), on_job_labels, task);
}

static void
on_jobs (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  PwCvatConnector *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  GError *error = NULL;

  listing->jobs = _pw_cvat_get_pages_finish (self, result, &error);
  if (listing->jobs == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  list_next_job (task);
}

static void
list_jobs (GTask *task)
{
  PwCvatConnector *self = g_task_get_source_object (task);
  g_autofree char *assignee = g_uri_escape_string (_pw_cvat_connector_get_username (self), NULL,
                                                   FALSE);
  g_autofree char *path = g_strdup_printf ("api/jobs?assignee=%s&page_size=100", assignee);

  _pw_cvat_get_pages_async (self, path, g_task_get_cancellable (task), on_jobs, task);
}

static void
on_me_for_jobs (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr (PwMarketMe) me = pw_connector_get_me_finish (PW_CONNECTOR (source), result, &error);

  if (me == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  list_jobs (task);
}

void
_pw_cvat_list_projects_async (PwConnector         *connector,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  PwCvatConnector *self = PW_CVAT_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Listing *listing = g_new0 (Listing, 1);

  g_task_set_source_tag (task, _pw_cvat_list_projects_async);
  listing->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  g_task_set_task_data (task, listing, listing_free);
  if (_pw_cvat_connector_get_username (self) == NULL)
    pw_connector_get_me_async (connector, cancellable, on_me_for_jobs, task);
  else
    list_jobs (task);
}

GPtrArray *
_pw_cvat_list_projects_finish (PwConnector   *connector,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
