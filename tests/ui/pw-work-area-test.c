/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "pw-ui-test.h"
#include "pw-work-area-test.h"

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * pw_work_area_test_claim:
 * @project: a project of the demo marketplace
 * @n: how many of its tasks
 *
 * Claims @n tasks of @project for the demo account, their media in the
 * media cache, waiting for the claim in the main loop.
 *
 * Returns: (transfer full): the claimed batch
 */
PwClaimBatch *
pw_work_area_test_claim (PwStore          *store,
                         PwAccountManager *accounts,
                         const char       *project,
                         guint             n)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwConnector) client = NULL;
  g_autoptr (GFile) media_dir = NULL;
  g_autofree char *media_path = g_build_filename (g_get_user_cache_dir (), "piecework", "media",
                                                  NULL);
  PwClaimBatch *batch;

  g_assert_cmpint (g_mkdir_with_parents (media_path, 0700), ==, 0);
  media_dir = g_file_new_for_path (media_path);
  client = pw_account_manager_get_connector (accounts, PW_DEMO_ACCOUNT_ID);
  pw_claim_batch_async (store, client, PW_DEMO_ACCOUNT_ID, project, n, media_dir,
                        NULL, NULL, NULL, on_ready, &result);
  PW_UI_TEST_WAIT_UNTIL (result != NULL, 60);
  batch = pw_claim_batch_finish (result, &error);
  g_assert_no_error (error);
  return batch;
}

#define YES_NO_PROJECT                                                                        \
  "{\"id\": \"p-yes-no\", \"name\": \"Yes or no\", \"kind\": \"text\", "                     \
  "\"pay\": {\"amount\": \"0.01\", \"currency\": \"USD\", \"per\": \"task\"}, "                \
  "\"labels\": [{\"name\": \"yes\", \"hotkey\": \"1\"}, {\"name\": \"no\", \"hotkey\": \"2\"}], " \
  "\"tools\": [\"choice\"], \"choice_mode\": \"single\", \"tasks\": 2}"

/**
 * pw_work_area_test_save_yes_no:
 *
 * Stores the project “p-yes-no” for %PW_WORK_AREA_TEST_YES_NO_ACCOUNT:
 * a single choice of “yes” (key 1) or “no” (key 2), its only tool.
 */
void
pw_work_area_test_save_yes_no (PwStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (YES_NO_PROJECT, strlen (YES_NO_PROJECT), "project",
                                             &error);
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);

  g_assert_no_error (error);
  g_ptr_array_add (projects, pw_project_new_from_json (node, "project", &error));
  g_assert_no_error (error);
  pw_store_save_projects (store, PW_WORK_AREA_TEST_YES_NO_ACCOUNT, projects);
}

/**
 * pw_work_area_test_add_yes_no:
 * @task_id: the task's id
 * @lease: when its lease ends, which orders the queue
 *
 * Stores a claimed text task of “p-yes-no”.
 */
void
pw_work_area_test_add_yes_no (PwStore    *store,
                              const char *task_id,
                              gint64      lease)
{
  PwStoreTask task = {
    .account_id = (char *) PW_WORK_AREA_TEST_YES_NO_ACCOUNT,
    .task_id = (char *) task_id,
    .claim_id = (char *) "claim-yes-no",
    .project_id = (char *) "p-yes-no",
    .kind = PW_TASK_KIND_TEXT,
    .lease_expires_at = lease,
    .task_json = (char *) "{\"id\": \"x\", \"text\": \"Is the sky blue?\"}",
    .project_json = (char *) YES_NO_PROJECT,
    .state = PW_TASK_STATE_CLAIMED,
  };

  pw_store_add_claimed_task (store, &task);
}
