/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-store-ledger.h"
#include "pw-store-sql.h"

G_BEGIN_DECLS

/* The data of a write of the ledger or of an account, owned by its op. */
typedef struct
{
  char      *account_id;
  char      *name;
  char      *base_url;
  char      *cursor;
  GPtrArray *entries;
} PwLedgerWrite;

void        pw_ledger_write_free              (gpointer         data);

/* The tasks removing an account drops: claimed, with no submission. */
#define PW_STORE_SQL_UNWORKED_CLAIM \
  "tasks.account_id = ?1 AND tasks.state = 'claimed' AND NOT EXISTS (SELECT 1 " \
  "FROM submissions s WHERE s.account_id = tasks.account_id AND s.task_id = tasks.task_id)"

gboolean    pw_store_ledger_status_from_name  (const char     *name,
                                               PwEntryStatus  *status);
gboolean    pw_store_ledger_type_from_name    (const char     *name,
                                               PwEntryType    *type);

/* PwStoreApplyFunc's, each for pw_store_push_call() with a PwLedgerWrite. */
gboolean    pw_store_db_merge_statement       (sqlite3         *db,
                                               gpointer         data,
                                               gint64           time,
                                               GError         **error);
gboolean    pw_store_db_update_account        (sqlite3         *db,
                                               gpointer         data,
                                               gint64           time,
                                               GError         **error);
gboolean    pw_store_db_restart_account       (sqlite3         *db,
                                               gpointer         data,
                                               gint64           time,
                                               GError         **error);
gboolean    pw_store_db_remove_account        (sqlite3         *db,
                                               gpointer         data,
                                               gint64           time,
                                               GError         **error);

gboolean    pw_store_db_get_statement_cursor  (sqlite3         *db,
                                               const char      *account_id,
                                               char           **cursor,
                                               GError         **error);
GPtrArray  *pw_store_db_list_task_history     (sqlite3         *db,
                                               const char      *account_id,
                                               const char      *task_id,
                                               GError         **error);
gboolean    pw_store_db_count_account_work    (sqlite3         *db,
                                               const char      *account_id,
                                               guint           *n_waiting_submissions,
                                               guint           *n_claimed_tasks,
                                               GError         **error);

G_END_DECLS
