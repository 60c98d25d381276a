/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-demo-market-private.h"
#include "pw-demo-market-samples.h"
#include "pw-error.h"
#include "pw-json.h"

/* The catalogue: the worker, the projects and their tasks, from
 * projects.json and sentences.txt, built in or from a folder given. */

#define SAMPLES_PATH "/org/piecework/Piecework/demo-market/"

static void
task_free (gpointer data)
{
  PwDemoTask *task = data;

  g_free (task->id);
  g_ptr_array_unref (task->received_keys);
  g_free (task);
}

void
_pw_demo_market_project_free (gpointer data)
{
  PwDemoProject *project = data;

  g_free (project->id);
  json_object_unref (project->definition);
  g_free (project->kind);
  g_free (project->pay_amount);
  g_free (project->currency);
  g_free (project->qualification_id);
  g_free (project->bonus_amount);
  g_ptr_array_unref (project->tasks);
  g_free (project);
}

static GBytes *
load_sample (PwDemoMarket  *self,
             const char    *name,
             GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (self->samples_dir == NULL)
    {
      g_autofree char *resource = g_strconcat (SAMPLES_PATH, name, NULL);

      return g_resource_lookup_data (_pw_demo_market_samples_get_resource (), resource,
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    }

  path = g_build_filename (self->samples_dir, name, NULL);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO, "Could not read the samples in %s: %s",
                   path, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

static GPtrArray *
string_array (JsonObject *object,
              const char *member)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = NULL;

  if (object != NULL && json_object_has_member (object, member)
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    array = json_object_get_array_member (object, member);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (strings, g_strdup (json_node_get_string (node)));
    }
  return strings;
}

static const char *
optional_string (JsonObject *object,
                 const char *member,
                 const char *fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

static PwDemoProject *
load_project (PwDemoMarket  *self,
              JsonNode      *node,
              GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  JsonObject *object;
  JsonObject *pay;
  const char *id, *name, *kind, *amount, *currency, *media;
  gint64 n_tasks = 0;
  PwDemoProject *project;
  g_autofree char *short_id = NULL;

  if ((object = pw_json_get_object (node, "A project in projects.json", error)) == NULL
      || !pw_json_member_string (object, "id", "projects.json", FALSE, &id, error)
      || !pw_json_member_string (object, "name", id, FALSE, &name, error)
      || !pw_json_member_string (object, "kind", id, FALSE, &kind, error)
      || (pay = pw_json_member_object (object, "pay", id, error)) == NULL
      || !pw_json_member_string (pay, "amount", id, FALSE, &amount, error)
      || !pw_json_member_string (pay, "currency", id, FALSE, &currency, error)
      || !pw_json_member_int (object, "tasks", id, &n_tasks, error))
    return NULL;
  if (n_tasks < 0 || n_tasks > 100000)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   "%s: “tasks” must be between 0 and 100000", id);
      return NULL;
    }

  project = g_new0 (PwDemoProject, 1);
  project->id = g_strdup (id);
  project->definition = json_object_ref (object);
  project->kind = g_strdup (kind);
  project->pay_amount = g_strdup (amount);
  project->currency = g_strdup (currency);
  project->qualification_id = g_strdup (optional_string (object, "qualification", NULL));
  project->bonus_amount = g_strdup (optional_string (object, "bonus", "0.10"));
  project->pass_after = json_object_has_member (object, "pass_after")
                          ? (guint) json_object_get_int_member (object, "pass_after") : 0;
  project->approval_rate = json_object_has_member (object, "approval_rate")
                             ? json_object_get_double_member (object, "approval_rate") : 1.0;
  project->auto_approve = json_object_has_member (object, "auto_approve")
                          && json_object_get_boolean_member (object, "auto_approve");
  media = optional_string (object, "media", "none");
  project->media_kind = g_str_equal (media, "scene") ? PW_DEMO_MEDIA_SCENE
                        : g_str_equal (media, "conditions") ? PW_DEMO_MEDIA_CONDITIONS
                        : g_str_equal (media, "speech") ? PW_DEMO_MEDIA_SPEECH
                        : PW_DEMO_MEDIA_NONE;
  project->tasks = g_ptr_array_new_with_free_func (task_free);

  short_id = g_strdup (g_str_has_prefix (id, "p-") ? id + 2 : id);
  for (gint64 i = 0; i < n_tasks; i++)
    {
      PwDemoTask *task = g_new0 (PwDemoTask, 1);

      task->id = g_strdup_printf ("t-%s-%04" G_GINT64_FORMAT, short_id, i + 1);
      task->project = project;
      task->index = i;
      task->received_keys = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (project->tasks, task);
      g_hash_table_insert (self->tasks_by_id, task->id, task);
    }
  return project;
}

static gboolean
load_sentences (PwDemoMarket  *self,
                GError       **error)
{
  g_autoptr (GBytes) bytes = load_sample (self, "sentences.txt", error);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (bytes == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, "sentences.txt is not UTF-8");
      return FALSE;
    }

  self->sentences = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_ptr_array_add (self->sentences, g_strdup (line));
    }
  if (self->sentences->len == 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, "sentences.txt has no sentence");
      return FALSE;
    }
  return TRUE;
}

/**
 * _pw_demo_market_load_catalog:
 *
 * Reads the sample data once; listening and preparing call it.
 */
gboolean
_pw_demo_market_load_catalog (PwDemoMarket  *self,
                              GError       **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object, *comments = NULL;
  JsonArray *projects;

  if (self->projects != NULL)
    return TRUE;

  if (!load_sentences (self, error)
      || (bytes = load_sample (self, "projects.json", error)) == NULL
      || (root = pw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                "projects.json", error)) == NULL
      || (object = pw_json_get_object (root, "projects.json", error)) == NULL
      || (self->worker = pw_json_member_object (object, "worker", "projects.json", error)) == NULL
      || (projects = pw_json_member_array (object, "projects", "projects.json", error)) == NULL)
    {
      /* Not a reference yet. */
      self->worker = NULL;
      g_clear_pointer (&self->sentences, g_ptr_array_unref);
      return FALSE;
    }
  json_object_ref (self->worker);

  if (json_object_has_member (object, "review_comments")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "review_comments")))
    comments = json_object_get_object_member (object, "review_comments");
  self->review_comments[0] = string_array (comments, "rejected");
  self->review_comments[1] = string_array (comments, "approved");
  self->fee_amount = g_strdup (optional_string (object, "fee", "-0.02"));

  self->tasks_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->projects_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->projects = g_ptr_array_new_with_free_func (_pw_demo_market_project_free);
  for (guint i = 0; i < json_array_get_length (projects); i++)
    {
      PwDemoProject *project = load_project (self, json_array_get_element (projects, i), error);

      if (project == NULL)
        {
          g_clear_pointer (&self->projects, g_ptr_array_unref);
          g_clear_pointer (&self->projects_by_id, g_hash_table_unref);
          g_clear_pointer (&self->tasks_by_id, g_hash_table_unref);
          g_clear_pointer (&self->worker, json_object_unref);
          g_clear_pointer (&self->sentences, g_ptr_array_unref);
          g_clear_pointer (&self->review_comments[0], g_ptr_array_unref);
          g_clear_pointer (&self->review_comments[1], g_ptr_array_unref);
          g_clear_pointer (&self->fee_amount, g_free);
          return FALSE;
        }
      g_ptr_array_add (self->projects, project);
      g_hash_table_insert (self->projects_by_id, project->id, project);
    }
  return TRUE;
}

gboolean
_pw_demo_market_task_is_available (PwDemoTask *task,
                                   gint64      now)
{
  return task->submission == NULL && !task->reassigned
         && (task->claim == NULL || task->claim->expires_at <= now);
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *member)
{
  JsonNode *node = json_object_get_member (from, member);

  if (node != NULL)
    json_object_set_member (to, member, json_node_copy (node));
}

JsonNode *
_pw_demo_market_project_to_json_locked (PwDemoMarket  *self,
                                        PwDemoProject *project)
{
  JsonObject *object = json_object_new ();
  JsonObject *pay = json_object_new ();
  JsonNode *node;
  gint64 now = g_get_real_time ();
  gint64 available = 0;

  json_object_set_string_member (object, "id", project->id);
  copy_member (object, project->definition, "name");
  json_object_set_string_member (object, "kind", project->kind);
  copy_member (object, project->definition, "instructions");
  json_object_set_string_member (pay, "amount", project->pay_amount);
  json_object_set_string_member (pay, "currency", project->currency);
  json_object_set_string_member (pay, "per",
                                 optional_string (json_object_get_object_member (project->definition, "pay"),
                                                  "per", "task"));
  json_object_set_object_member (object, "pay", pay);
  copy_member (object, project->definition, "labels");
  copy_member (object, project->definition, "tools");
  copy_member (object, project->definition, "choice_mode");
  copy_member (object, project->definition, "choice_groups");
  if (project->qualification_id != NULL)
    {
      JsonObject *qualification = json_object_new ();

      json_object_set_string_member (qualification, "project_id", project->qualification_id);
      json_object_set_boolean_member (qualification, "passed",
                                      g_hash_table_contains (self->qualified,
                                                             project->qualification_id));
      json_object_set_object_member (object, "qualification", qualification);
    }
  for (guint i = 0; i < project->tasks->len; i++)
    available += _pw_demo_market_task_is_available (project->tasks->pdata[i], now);
  json_object_set_int_member (object, "available_tasks", available);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

PwDemoMedia *
_pw_demo_market_task_media_locked (PwDemoMarket *self,
                                   PwDemoTask   *task)
{
  switch (task->project->media_kind)
    {
    case PW_DEMO_MEDIA_SCENE:
      if (self->scenes == NULL)
        return NULL;
      return self->scenes->pdata[task->index % PW_DEMO_N_STREET_SCENES];
    case PW_DEMO_MEDIA_CONDITIONS:
      if (self->scenes == NULL)
        return NULL;
      return self->scenes->pdata[PW_DEMO_N_STREET_SCENES + task->index % PW_DEMO_N_CONDITION_SCENES];
    case PW_DEMO_MEDIA_SPEECH:
      if (self->speech == NULL || self->speech->len == 0)
        return NULL;
      return self->speech->pdata[task->index % self->speech->len];
    case PW_DEMO_MEDIA_NONE:
    default:
      return NULL;
    }
}

JsonNode *
_pw_demo_market_task_to_json_locked (PwDemoMarket *self,
                                     PwDemoTask   *task)
{
  JsonObject *object = json_object_new ();
  JsonObject *pay = json_object_new ();
  PwDemoMedia *media = _pw_demo_market_task_media_locked (self, task);
  JsonNode *node;

  json_object_set_string_member (object, "id", task->id);
  json_object_set_string_member (object, "project_id", task->project->id);
  json_object_set_string_member (object, "kind", task->project->kind);
  json_object_set_string_member (pay, "amount", task->project->pay_amount);
  json_object_set_string_member (pay, "currency", task->project->currency);
  json_object_set_object_member (object, "pay", pay);

  if (media != NULL)
    {
      JsonObject *entry = json_object_new ();
      g_autofree char *url = g_strdup_printf ("media/%s.%s", task->id, media->extension);
      g_autofree char *sha256 = g_strdup (media->sha256);

      /* A digest of the right form that matches nothing served. */
      if (_pw_demo_market_take_fault_locked (self, PW_DEMO_FAULT_WRONG_SHA256))
        sha256[0] = sha256[0] == '0' ? '1' : '0';
      json_object_set_string_member (entry, "url", url);
      json_object_set_string_member (entry, "sha256", sha256);
      json_object_set_int_member (entry, "bytes", g_bytes_get_size (media->bytes));
      json_object_set_object_member (object, "media", entry);
    }
  else
    json_object_set_null_member (object, "media");

  if (g_str_equal (task->project->kind, "text"))
    json_object_set_string_member (object, "text",
                                   self->sentences->pdata[task->index % self->sentences->len]);
  else
    json_object_set_null_member (object, "text");
  json_object_set_null_member (object, "prefill");

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}
