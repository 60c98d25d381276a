/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-test.h"
#include "store/pw-store-private.h"

/* A claimed task's kind and state are enums in the store's API and names
 * in its database: every name the database accepts reads back as the
 * state it stands for, and a task of each kind comes back as that kind. */

#define ACCOUNT "a-1"

static void
claim (PwStore    *store,
       const char *task_id,
       PwTaskKind  kind)
{
  PwStoreTask task = {
    .account_id = ACCOUNT, .task_id = (char *) task_id, .claim_id = "c-1",
    .project_id = "p-1", .kind = kind, .pay_micro = 40000, .currency = "USD",
    .lease_expires_at = g_get_real_time () + G_TIME_SPAN_HOUR,
  };

  pw_store_add_claimed_task (store, &task);
}

static void
test_tasks_state_names (void)
{
  PwStore *store = pw_store_test_open_new ("tasks");
  PwTaskState state;

  claim (store, "t-1", PW_TASK_KIND_IMAGE);
  for (PwTaskState each = PW_TASK_STATE_CLAIMED; each <= PW_TASK_STATE_RELEASED; each++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwStoreTask) task = NULL;
      g_autofree char *sql = g_strdup_printf ("UPDATE tasks SET state = '%s' "
                                              "WHERE task_id = 't-1'",
                                              pw_task_state_to_string (each));

      /* The schema's CHECK takes the name, and it reads back as the state. */
      g_assert_true (_pw_store_exec_on_writer (store, sql, &error));
      g_assert_no_error (error);
      g_assert_true (pw_store_get_task_state (store, ACCOUNT, "t-1", &state, &error));
      g_assert_no_error (error);
      g_assert_cmpint (state, ==, each);
      task = pw_store_get_task (store, ACCOUNT, "t-1", &error);
      g_assert_no_error (error);
      g_assert_cmpint (task->state, ==, each);

      g_assert_true (pw_task_state_from_string (pw_task_state_to_string (each), &state));
      g_assert_cmpint (state, ==, each);
    }
  g_assert_cmpstr (pw_task_state_to_string (PW_TASK_STATE_SYNCED), ==, "synced");
  g_assert_false (pw_task_state_from_string ("pending", &state));
  g_assert_false (pw_task_state_from_string (NULL, &state));

  pw_store_test_close (&store);
}

static void
test_tasks_kinds (void)
{
  PwStore *store = pw_store_test_open_new ("tasks");
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GError) error = NULL;
  PwTaskKind kind;

  claim (store, "t-image", PW_TASK_KIND_IMAGE);
  claim (store, "t-text", PW_TASK_KIND_TEXT);
  claim (store, "t-audio", PW_TASK_KIND_AUDIO);
  open = pw_store_list_open_tasks (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 3);
  for (guint i = 0; i < open->len; i++)
    {
      const PwStoreTask *task = open->pdata[i];
      g_autofree char *expected = g_strconcat ("t-", pw_task_kind_to_string (task->kind), NULL);

      g_assert_cmpstr (task->task_id, ==, expected);
      g_assert_cmpint (task->state, ==, PW_TASK_STATE_CLAIMED);
    }

  for (PwTaskKind each = PW_TASK_KIND_IMAGE; each <= PW_TASK_KIND_AUDIO; each++)
    {
      g_assert_true (pw_task_kind_from_string (pw_task_kind_to_string (each), &kind));
      g_assert_cmpint (kind, ==, each);
    }
  g_assert_false (pw_task_kind_from_string ("video", &kind));
  g_assert_false (pw_task_kind_from_string (NULL, &kind));

  pw_store_test_close (&store);
}

static void
test_tasks_state_unknown (void)
{
  PwStore *store = pw_store_test_open_new ("tasks");
  g_autoptr (GError) error = NULL;
  PwTaskState state;

  g_assert_false (pw_store_get_task_state (store, ACCOUNT, "t-none", &state, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/tasks/state-names", test_tasks_state_names);
  g_test_add_func ("/store/tasks/kinds", test_tasks_kinds);
  g_test_add_func ("/store/tasks/state-unknown", test_tasks_state_unknown);

  return g_test_run ();
}
