/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <sqlite3.h>

#include "pw-ledger-test.h"

/* A statement entry as a marketplace would send it; @task_id and
 * @review_json may be NULL. */
PwStatementEntry *
pw_ledger_test_entry (const char *id,
                      const char *type,
                      const char *task_id,
                      const char *status,
                      const char *amount,
                      const char *currency,
                      const char *at,
                      const char *review_json)
{
  g_autoptr (GString) json = g_string_new (NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  PwStatementEntry *entry;

  g_string_append_printf (json, "{\"id\": \"%s\", \"type\": \"%s\", \"project_id\": \"p-1\", "
                          "\"status\": \"%s\", \"amount\": \"%s\", \"currency\": \"%s\", "
                          "\"at\": \"%s\"", id, type, status, amount, currency, at);
  if (task_id != NULL)
    g_string_append_printf (json, ", \"task_id\": \"%s\"", task_id);
  if (review_json != NULL)
    g_string_append_printf (json, ", \"review\": %s", review_json);
  g_string_append (json, "}");

  node = json_from_string (json->str, &error);
  g_assert_no_error (error);
  entry = pw_statement_entry_new_from_json (node, "entry", &error);
  g_assert_no_error (error);
  return entry;
}

/* Merges the entries given, a NULL-terminated list it takes, as one page,
 * and waits for the disk. */
void
pw_ledger_test_merge (PwStore    *store,
                      const char *account_id,
                      const char *next_cursor,
                      ...)
{
  g_autoptr (GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pw_statement_entry_unref);
  g_autoptr (GError) error = NULL;
  PwStatementEntry *entry;
  va_list args;

  va_start (args, next_cursor);
  while ((entry = va_arg (args, PwStatementEntry *)) != NULL)
    g_ptr_array_add (entries, entry);
  va_end (args);

  pw_store_merge_statement (store, account_id, entries, next_cursor);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
}

/* Runs a query on a connection of its own, once the store's writes are on
 * the disk, and gives its first row. */
static sqlite3_stmt *
query (PwStore    *store,
       sqlite3   **db,
       const char *sql_format,
       va_list     args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_vprintf (sql_format, args);
  sqlite3_stmt *stmt = NULL;

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (pw_store_get_path (store), db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  /* The application's own connections may be writing or checkpointing. */
  sqlite3_busy_timeout (*db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (*db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

gint64
pw_ledger_test_int (PwStore    *store,
                    const char *sql_format,
                    ...)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  gint64 value;
  va_list args;

  va_start (args, sql_format);
  stmt = query (store, &db, sql_format, args);
  va_end (args);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
pw_ledger_test_string (PwStore    *store,
                       const char *sql_format,
                       ...)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  char *value;
  va_list args;

  va_start (args, sql_format);
  stmt = query (store, &db, sql_format, args);
  va_end (args);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
pw_ledger_test_cursor (PwStore    *store,
                       const char *account_id)
{
  g_autoptr (GError) error = NULL;
  char *cursor = NULL;

  g_assert_true (pw_store_get_statement_cursor (store, account_id, &cursor, &error));
  g_assert_no_error (error);
  return cursor;
}
