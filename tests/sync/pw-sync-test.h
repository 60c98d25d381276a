/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../demo/pw-demo-market-test.h"

/* What the outbox and sync worker tests share: a demo marketplace whose text
 * project has as many tasks as a test needs, a store and a sync worker for
 * it, tasks claimed and queued as submissions the way Submit queues them,
 * and the outbox drained with a deadline. */

G_BEGIN_DECLS

#define PW_SYNC_TEST_ACCOUNT "a-demo"
#define PW_SYNC_TEST_PROJECT "p-review-sentiment"

/* A demo marketplace whose text project has as many tasks as a test
 * needs, a store under the test's private tree, and a worker for both. */
typedef struct
{
  PwDemoTest   *demo;
  char         *samples_dir;
  char         *store_path;
  PwStore      *store;
  PwSyncWorker *worker;
} PwSyncTest;

/* One queued submission. */
typedef struct
{
  char *task_id;
  char *claim_id;
  char *key;
} PwSyncTestRow;

PwSyncTest     *pw_sync_test_new            (guint           n_tasks);
void            pw_sync_test_free           (PwSyncTest     *test);
PwDemoTest     *pw_sync_test_new_demo       (guint           n_tasks,
                                             char          **samples_dir);
void            pw_sync_test_free_demo      (PwDemoTest     *demo,
                                             char           *samples_dir);
PwConnector    *pw_sync_test_client         (const char     *account_id,
                                             gpointer        user_data);
GPtrArray      *pw_sync_test_claim          (PwDemoTest     *demo,
                                             guint           n_tasks);
void            pw_sync_test_queue          (PwStore        *store,
                                             GPtrArray      *rows);
void            pw_sync_test_drain          (PwSyncWorker   *worker);
void            pw_sync_test_close_worker   (PwSyncWorker  **worker);
PwOutboxRow    *pw_sync_test_row            (PwStore        *store,
                                             const char     *key);
void            pw_sync_test_row_free       (PwSyncTestRow  *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwSyncTestRow, pw_sync_test_row_free)

G_END_DECLS
