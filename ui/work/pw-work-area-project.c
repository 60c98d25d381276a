/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-work-area-private.h"

/* The projects of the tasks in the work area. Every task of a project
 * carries the project as the store last listed it, and a move to the next
 * task would read it again for its labels, its instructions, its title
 * and its tools. Each project is read once instead, and kept with the
 * JSON it was read from: a task whose project the store has listed anew
 * since has other JSON, and the project is read again. */

typedef struct
{
  char      *json;
  PwProject *project;
} ProjectEntry;

static void
project_entry_free (ProjectEntry *entry)
{
  g_free (entry->json);
  g_clear_pointer (&entry->project, pw_project_unref);
  g_free (entry);
}

static PwProject *
read_project (const PwStoreTask *task)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  PwProject *project;

  if ((node = pw_json_parse (task->project_json, strlen (task->project_json),
                             task->task_id, &error)) == NULL)
    {
      g_warning ("The project of %s could not be read: %s", task->task_id, error->message);
      return NULL;
    }
  project = pw_project_new_from_json (node, "project", &error);
  if (project == NULL)
    g_warning ("The project of %s could not be read: %s", task->task_id, error->message);
  return project;
}

/**
 * _pw_work_area_task_project:
 * @task: a task of the work area's list
 *
 * Reads the project of @task, or finds it read already from the same
 * JSON.
 *
 * Returns: (transfer full) (nullable): the project of @task, as last
 *   listed, or %NULL when it cannot be read
 */
PwProject *
_pw_work_area_task_project (PwWorkArea        *self,
                            const PwStoreTask *task)
{
  g_autofree char *key = NULL;
  ProjectEntry *entry;

  if (task->project_json == NULL)
    return NULL;

  if (self->projects == NULL)
    self->projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) project_entry_free);
  key = g_strconcat (task->account_id, "\n", task->project_id, NULL);
  entry = g_hash_table_lookup (self->projects, key);
  if (entry != NULL && g_str_equal (entry->json, task->project_json))
    return entry->project != NULL ? pw_project_ref (entry->project) : NULL;

  /* First met, or listed anew: a project that cannot be read is said
   * once, not at every move. */
  self->n_project_reads++;
  entry = g_new0 (ProjectEntry, 1);
  entry->json = g_strdup (task->project_json);
  entry->project = read_project (task);
  g_hash_table_replace (self->projects, g_steal_pointer (&key), entry);
  return entry->project != NULL ? pw_project_ref (entry->project) : NULL;
}

/**
 * _pw_work_area_forget_projects:
 *
 * Drops the projects read, as when the work area stops showing tasks.
 */
void
_pw_work_area_forget_projects (PwWorkArea *self)
{
  g_clear_pointer (&self->projects, g_hash_table_unref);
}

static gboolean
same_member (JsonNode   *a,
             JsonNode   *b,
             const char *name)
{
  JsonObject *object_a = a != NULL && JSON_NODE_HOLDS_OBJECT (a) ? json_node_get_object (a) : NULL;
  JsonObject *object_b = b != NULL && JSON_NODE_HOLDS_OBJECT (b) ? json_node_get_object (b) : NULL;
  JsonNode *member_a = object_a != NULL ? json_object_get_member (object_a, name) : NULL;
  JsonNode *member_b = object_b != NULL ? json_object_get_member (object_b, name) : NULL;

  if (member_a == NULL || member_b == NULL)
    return member_a == member_b;
  return json_node_equal (member_a, member_b);
}

/**
 * _pw_work_area_same_labels:
 *
 * Returns: whether @a and @b are the same project with the same labels,
 *   so that the labels shown for one serve the other as they are
 */
gboolean
_pw_work_area_same_labels (PwProject *a,
                           PwProject *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  if (a == b)
    return TRUE;
  if (g_strcmp0 (pw_project_get_id (a), pw_project_get_id (b)) != 0)
    return FALSE;
  /* The labels, their groups of choices and the tools decide the rows and
   * the keys given. */
  return json_node_equal (pw_project_get_labels_json (a), pw_project_get_labels_json (b))
         && same_member (pw_project_get_json (a), pw_project_get_json (b), "choice_groups")
         && same_member (pw_project_get_json (a), pw_project_get_json (b), "tools")
         && same_member (pw_project_get_json (a), pw_project_get_json (b), "choice_mode");
}
