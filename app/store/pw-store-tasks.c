/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-outbox-private.h"
#include "pw-store-private.h"
#include "pw-store-sql.h"
#include "pw-store-tasks.h"

/* The tasks of PwStore: each claimed task from its claim to where it ends
 * (submitted, synced, expired, reassigned, in conflict or released), the
 * projects they belong to, and the history of submitted work: what the
 * queue shows and the work area opens, offline as well as online. Writes
 * go to the writer thread like every other write; reads wait for the
 * writes queued before them, then read on the read connection.
 *
 * This file holds the task states and the writes: claims, projects,
 * releases, media and expired leases. The open tasks are read in
 * pw-store-tasks-open.c, the history of submitted work in
 * pw-store-tasks-submitted.c. */

static const char *const state_names[] = {
  [PW_TASK_STATE_CLAIMED] = "claimed",
  [PW_TASK_STATE_SUBMITTED] = "submitted",
  [PW_TASK_STATE_SYNCED] = "synced",
  [PW_TASK_STATE_EXPIRED] = "expired",
  [PW_TASK_STATE_REASSIGNED] = "reassigned",
  [PW_TASK_STATE_CONFLICT] = "conflict",
  [PW_TASK_STATE_RELEASED] = "released",
};

/**
 * pw_task_state_to_string:
 * @state: a #PwTaskState
 *
 * Returns: the state's name as the store writes it
 */
const char *
pw_task_state_to_string (PwTaskState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

/**
 * pw_task_state_from_string:
 * @text: (nullable): a state's name as the store writes it
 * @state: (out): the state
 *
 * Returns: %TRUE when @text names a state
 */
gboolean
pw_task_state_from_string (const char  *text,
                           PwTaskState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (text, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

PwStoreTask *
pw_store_task_copy (const PwStoreTask *task)
{
  PwStoreTask *copy;

  if (task == NULL)
    return NULL;

  copy = g_new0 (PwStoreTask, 1);
  copy->account_id = g_strdup (task->account_id);
  copy->task_id = g_strdup (task->task_id);
  copy->claim_id = g_strdup (task->claim_id);
  copy->project_id = g_strdup (task->project_id);
  copy->kind = task->kind;
  copy->pay_micro = task->pay_micro;
  copy->currency = g_strdup (task->currency);
  copy->lease_expires_at = task->lease_expires_at;
  copy->media_file = g_strdup (task->media_file);
  copy->task_json = g_strdup (task->task_json);
  copy->project_json = g_strdup (task->project_json);
  copy->state = task->state;
  copy->updated_at = task->updated_at;
  return copy;
}

void
pw_store_task_free (PwStoreTask *task)
{
  if (task == NULL)
    return;

  g_free (task->account_id);
  g_free (task->task_id);
  g_free (task->claim_id);
  g_free (task->project_id);
  g_free (task->currency);
  g_free (task->media_file);
  g_free (task->task_json);
  g_free (task->project_json);
  g_free (task);
}

/* Writes */

typedef struct
{
  char       *account_id;
  char       *project_id;
  char       *name;
  PwTaskKind  kind;
  gint64      pay_micro;
  char       *currency;
  gboolean    unpaid;
  char       *json;
} ProjectRow;

typedef struct
{
  char      *account_id;
  GPtrArray *projects;
  GStrv      task_ids;
  gint64     now;
  char      *media_file;
} TasksWrite;

static void
project_row_free (gpointer data)
{
  ProjectRow *row = data;

  g_free (row->account_id);
  g_free (row->project_id);
  g_free (row->name);
  g_free (row->currency);
  g_free (row->json);
  g_free (row);
}

static void
tasks_write_free (gpointer data)
{
  TasksWrite *write = data;

  g_free (write->account_id);
  g_clear_pointer (&write->projects, g_ptr_array_unref);
  g_strfreev (write->task_ids);
  g_free (write->media_file);
  g_free (write);
}

static gboolean
apply_add_task (sqlite3  *db,
                gpointer  data,
                gint64    time,
                GError  **error)
{
  const PwStoreTask *task = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) forget = NULL;
  g_autofree char *draft_key = NULL;

  /* The draft of a claim whose submission the marketplace took is that
   * claim's work: a new claim of the same task id starts from its own
   * prefill. A submission refused (an expired lease, a bad request) took
   * nothing, and its draft is the work to send again. Run before the claim
   * below replaces the old one, and only when it will. */
  forget = pw_store_db_prepare (db, "DELETE FROM drafts WHERE key = ?4 "
                                    "AND EXISTS (SELECT 1 FROM tasks WHERE account_id = ?1 "
                                    "AND task_id = ?2 AND claim_id IS NOT ?3) "
                                    "AND EXISTS (SELECT 1 FROM submissions WHERE account_id = ?1 "
                                    "AND task_id = ?2 AND state IN ('done', 'conflict')) "
                                    "AND NOT EXISTS (" PW_STORE_SQL_HELD_SUBMISSION ")", error);
  if (forget == NULL)
    return FALSE;
  draft_key = pw_store_task_draft_key (task->account_id, task->task_id);
  sqlite3_bind_text (forget, 1, task->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget, 2, task->task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget, 3, task->claim_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (forget, 4, draft_key, -1, SQLITE_STATIC);
  if (!pw_store_db_step_done (db, forget, error))
    return FALSE;

  /* A task claimed again under a new claim starts over, unless the
   * marketplace holds, or may hold, its submission already: a task id
   * handed out again is not work to do twice (see
   * _pw_store_outbox_apply_queue_submission() in pw-store-outbox-queue.c). */
  stmt = pw_store_db_prepare (db, "INSERT INTO tasks (account_id, task_id, claim_id, project_id, "
                                  "kind, pay_micro, currency, lease_expires_at, media_file, "
                                  "task_json, state, updated_at, claimed_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'claimed', ?11, ?11) "
                                  "ON CONFLICT (account_id, task_id) DO UPDATE SET "
                                  "claim_id = excluded.claim_id, project_id = excluded.project_id, "
                                  "kind = excluded.kind, pay_micro = excluded.pay_micro, "
                                  "currency = excluded.currency, "
                                  "lease_expires_at = excluded.lease_expires_at, "
                                  "media_file = excluded.media_file, task_json = excluded.task_json, "
                                  "state = 'claimed', updated_at = excluded.updated_at, "
                                  "claimed_at = excluded.claimed_at "
                                  "WHERE NOT EXISTS (" PW_STORE_SQL_HELD_SUBMISSION ")", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, task->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task->task_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, task->claim_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, task->project_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, pw_task_kind_to_string (task->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, task->pay_micro);
  sqlite3_bind_text (stmt, 7, task->currency, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, task->lease_expires_at);
  sqlite3_bind_text (stmt, 9, task->media_file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, task->task_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, time);

  return pw_store_db_step_done (db, stmt, error);
}

/**
 * pw_store_task_draft_key:
 * @account_id: the account the task was claimed from
 * @task_id: the marketplace's id of the task
 *
 * Returns: (transfer full): the key of the task's draft in the store,
 *   whatever its kind
 */
char *
pw_store_task_draft_key (const char *account_id,
                         const char *task_id)
{
  g_return_val_if_fail (account_id != NULL && task_id != NULL, NULL);
  return g_strdup_printf ("task:%s/%s", account_id, task_id);
}

/**
 * pw_store_add_claimed_task:
 * @self: a #PwStore
 * @task: the task as claimed; its @project_json, @state and @updated_at
 *   are not read
 *
 * Records a claimed task in the state `claimed`, claimed now. Returns at
 * once.
 */
void
pw_store_add_claimed_task (PwStore           *self,
                           const PwStoreTask *task)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (task != NULL && task->account_id != NULL && task->task_id != NULL);
  g_return_if_fail (task->claim_id != NULL && task->project_id != NULL);

  _pw_store_push_call (self, apply_add_task, pw_store_task_copy (task),
                       (GDestroyNotify) pw_store_task_free);
}

static gboolean
apply_add_tasks (sqlite3  *db,
                 gpointer  data,
                 gint64    time,
                 GError  **error)
{
  GPtrArray *tasks = data;

  for (guint i = 0; i < tasks->len; i++)
    {
      if (!apply_add_task (db, tasks->pdata[i], time, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_store_add_claimed_tasks:
 * @self: a #PwStore
 * @tasks: (element-type PwStoreTask): the tasks of one claim, as for
 *   pw_store_add_claimed_task()
 *
 * Records the tasks of a claim together, in one write: a claim of
 * hundreds of tasks is in the store at once, and all of it or none.
 * Returns at once.
 */
void
pw_store_add_claimed_tasks (PwStore   *self,
                            GPtrArray *tasks)
{
  GPtrArray *copies;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (tasks != NULL);

  for (guint i = 0; i < tasks->len; i++)
    {
      const PwStoreTask *task = tasks->pdata[i];

      g_return_if_fail (task->account_id != NULL && task->task_id != NULL);
      g_return_if_fail (task->claim_id != NULL && task->project_id != NULL);
    }
  copies = g_ptr_array_new_full (tasks->len, (GDestroyNotify) pw_store_task_free);
  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (copies, pw_store_task_copy (tasks->pdata[i]));
  _pw_store_push_call (self, apply_add_tasks, copies, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
apply_save_projects (sqlite3  *db,
                     gpointer  data,
                     gint64    time,
                     GError  **error)
{
  TasksWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "INSERT INTO projects (account_id, project_id, name, kind, "
                                  "pay_micro, currency, unpaid, project_json, fetched_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                  "ON CONFLICT (account_id, project_id) DO UPDATE SET "
                                  "name = excluded.name, kind = excluded.kind, "
                                  "pay_micro = excluded.pay_micro, currency = excluded.currency, "
                                  "unpaid = excluded.unpaid, project_json = excluded.project_json, "
                                  "fetched_at = excluded.fetched_at", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < write->projects->len; i++)
    {
      ProjectRow *row = write->projects->pdata[i];

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, row->project_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, row->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, pw_task_kind_to_string (row->kind), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, row->pay_micro);
      sqlite3_bind_text (stmt, 6, row->currency, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 7, row->unpaid ? 1 : 0);
      sqlite3_bind_text (stmt, 8, row->json, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 9, time);
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_store_save_projects:
 * @self: a #PwStore
 * @account_id: the account that listed them
 * @projects: (element-type PwProject): the projects as listed
 *
 * Keeps the projects, with the JSON the marketplace sent, so that claimed
 * tasks open with their labels and tools while offline. Returns at once.
 */
void
pw_store_save_projects (PwStore    *self,
                        const char *account_id,
                        GPtrArray  *projects)
{
  TasksWrite *write;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && projects != NULL);

  write = g_new0 (TasksWrite, 1);
  write->account_id = g_strdup (account_id);
  write->projects = g_ptr_array_new_with_free_func (project_row_free);
  for (guint i = 0; i < projects->len; i++)
    {
      PwProject *project = projects->pdata[i];
      ProjectRow *row = g_new0 (ProjectRow, 1);
      JsonNode *json = pw_project_get_json (project);

      row->project_id = g_strdup (pw_project_get_id (project));
      row->name = g_strdup (pw_project_get_name (project));
      row->kind = pw_project_get_kind (project);
      row->pay_micro = pw_project_get_pay (project)->micro;
      row->currency = g_strdup (pw_project_get_pay (project)->currency);
      row->unpaid = pw_project_is_unpaid (project);
      row->json = json != NULL ? json_to_string (json, FALSE) : g_strdup ("{}");
      g_ptr_array_add (write->projects, row);
    }
  _pw_store_push_call (self, apply_save_projects, write, tasks_write_free);
}

static gboolean
apply_release_tasks (sqlite3  *db,
                     gpointer  data,
                     gint64    time,
                     GError  **error)
{
  TasksWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* Only a task not yet submitted can be handed back: submitted work
   * belongs to the outbox. */
  stmt = pw_store_db_prepare (db, "UPDATE tasks SET state = 'released', updated_at = ?3 "
                                  "WHERE account_id = ?1 AND task_id = ?2 AND state = 'claimed'",
                              error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; write->task_ids[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, write->task_ids[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, time);
      if (!pw_store_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_store_release_tasks:
 * @self: a #PwStore
 * @account_id: the account that claimed them
 * @task_ids: (array zero-terminated=1): the tasks handed back
 *
 * Marks claimed tasks as released, once the marketplace has taken them
 * back. Tasks already submitted are left as they are. Returns at once.
 */
void
pw_store_release_tasks (PwStore           *self,
                        const char        *account_id,
                        const char *const *task_ids)
{
  TasksWrite *write;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && task_ids != NULL);

  write = g_new0 (TasksWrite, 1);
  write->account_id = g_strdup (account_id);
  write->task_ids = g_strdupv ((char **) task_ids);
  _pw_store_push_call (self, apply_release_tasks, write, tasks_write_free);
}

static gboolean
apply_set_media (sqlite3  *db,
                 gpointer  data,
                 gint64    time,
                 GError  **error)
{
  TasksWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE tasks SET media_file = ?3 "
                                  "WHERE account_id = ?1 AND task_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, write->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, write->task_ids[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, write->media_file, -1, SQLITE_STATIC);
  return pw_store_db_step_done (db, stmt, error);
}

/**
 * pw_store_set_task_media:
 * @self: a #PwStore
 * @account_id: the account that claimed it
 * @task_id: the task
 * @media_file: its media in the cache
 *
 * Records where a claimed task's media was saved, whatever the task's
 * state. Returns at once.
 */
void
pw_store_set_task_media (PwStore    *self,
                         const char *account_id,
                         const char *task_id,
                         const char *media_file)
{
  TasksWrite *write;
  const char *ids[] = { task_id, NULL };

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL && task_id != NULL && media_file != NULL);

  write = g_new0 (TasksWrite, 1);
  write->account_id = g_strdup (account_id);
  write->task_ids = g_strdupv ((char **) ids);
  write->media_file = g_strdup (media_file);
  _pw_store_push_call (self, apply_set_media, write, tasks_write_free);
}

static gboolean
apply_expire_tasks (sqlite3  *db,
                    gpointer  data,
                    gint64    time,
                    GError  **error)
{
  TasksWrite *write = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "UPDATE tasks SET state = 'expired', updated_at = ?2 "
                                  "WHERE state = 'claimed' AND lease_expires_at > 0 "
                                  "AND lease_expires_at <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, write->now);
  sqlite3_bind_int64 (stmt, 2, time);
  return pw_store_db_step_done (db, stmt, error);
}

/**
 * pw_store_expire_tasks:
 * @self: a #PwStore
 * @now: the time, in microseconds since 1970
 *
 * Marks the claimed tasks whose lease ran out before @now as expired. Their
 * drafts stay. Returns at once.
 */
void
pw_store_expire_tasks (PwStore *self,
                       gint64   now)
{
  TasksWrite *write;

  g_return_if_fail (PW_IS_STORE (self));

  write = g_new0 (TasksWrite, 1);
  write->now = now;
  _pw_store_push_call (self, apply_expire_tasks, write, tasks_write_free);
}
