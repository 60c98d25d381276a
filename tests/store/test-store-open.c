/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pw-store-test.h"
#include "store/pw-store-sql.h"

/* Tests of opening the store: a new database, schema steps, a newer database
 * refused, damage reported. */

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);

  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_open_creates_schema (void)
{
  g_autofree char *path = pw_paths_store_file ();
  g_autoptr (PwStore) store = NULL;
  g_autofree char *journal = NULL;
  sqlite3 *db;

  /* The data folder does not exist yet: opening makes it. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  store = pw_store_test_open (NULL);
  g_assert_cmpstr (pw_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (pw_store_get_failing (store));

  db = open_raw (path);
  g_assert_cmpint (pw_store_db_schema_version (), >=, 1);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, pw_store_db_schema_version ());
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                  "('drafts', 'draft_commands', 'app_state')"), ==, 3);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  sqlite3_close (db);

  pw_store_test_close (&store);

  /* Opening again applies nothing and keeps the version. */
  store = pw_store_test_open (NULL);
  pw_store_test_close (&store);
  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, pw_store_db_schema_version ());
  sqlite3_close (db);
}

/* Accounts kept before accounts had a kind speak the contract. */
static void
test_open_migrates_account_kind (void)
{
  g_autofree char *path = pw_paths_store_file ();
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;
  PwStoreAccount *account;
  sqlite3 *db;

  /* A database of the version before the kind, holding one account. */
  store = pw_store_test_open (NULL);
  pw_store_test_close (&store);
  db = open_raw (path);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE accounts DROP COLUMN kind;"
                                     "INSERT INTO accounts (id, name, base_url, created_at) "
                                     "VALUES ('a-old', 'Old', 'https://old.example.com/api/', 1);"
                                     "PRAGMA user_version = 6;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pw_store_test_open (NULL);
  accounts = pw_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = accounts->pdata[0];
  g_assert_cmpstr (account->id, ==, "a-old");
  g_assert_cmpstr (account->kind, ==, "piecework");
  pw_store_test_close (&store);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, pw_store_db_schema_version ());
  sqlite3_close (db);
}

static void
test_migrate_steps_in_order (void)
{
  static const char *const steps[] = {
    "CREATE TABLE first (a INTEGER)",
    "CREATE TABLE second (b INTEGER)",
    "INSERT INTO first VALUES (1); CREATE TABLE third (c INTEGER) STRICT; INSERT INTO missing VALUES (1)",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "steps.db", NULL);
  sqlite3 *db = open_raw (path);

  g_assert_no_error (error);

  /* From empty to version 1, then only step 2 on top. */
  g_assert_true (pw_store_db_migrate (db, steps, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_true (pw_store_db_migrate (db, steps, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                  "('first', 'second')"), ==, 2);

  /* A step that fails halfway leaves nothing of itself behind. */
  g_assert_false (pw_store_db_migrate (db, steps, 3, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == PW_ERROR);
  g_clear_error (&error);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM first"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'third'"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (db));

  /* Fewer steps than the database has applied: a newer database. */
  g_assert_false (pw_store_db_migrate (db, steps, 1, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);

  sqlite3_close (db);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_open_refuses_newer_version (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pw_paths_store_file ();
  g_autofree char *dir = pw_paths_data_dir ();
  g_autofree char *sql = NULL;
  PwStore *store;
  sqlite3 *db;

  g_assert_true (pw_paths_ensure_dir (dir, NULL));
  db = open_raw (path);
  sql = g_strdup_printf ("CREATE TABLE future (x); PRAGMA user_version = %u;",
                         pw_store_db_schema_version () + 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pw_store_new_for_path (path, &error);
  g_assert_null (store);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, path));

  /* Left as it was: no tables of ours, the same version. */
  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, pw_store_db_schema_version () + 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'drafts'"), ==, 0);
  sqlite3_close (db);
}

static void
assert_no_file (const char *path,
                const char *suffix)
{
  g_autofree char *beside = g_strconcat (path, suffix, NULL);

  g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
}

/* A store from a newer Piecework, in either journal mode, is refused
 * before anything touches it: the same bytes, and no file beside it. */
static void
check_newer_untouched (const char *journal_mode)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pw_paths_store_file ();
  g_autofree char *dir = pw_paths_data_dir ();
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  PwStore *store;
  sqlite3 *db;

  g_assert_true (pw_paths_ensure_dir (dir, NULL));
  g_unlink (path);
  db = open_raw (path);
  sql = g_strdup_printf ("PRAGMA journal_mode = %s; CREATE TABLE future (x); "
                         "INSERT INTO future VALUES ('kept'); PRAGMA user_version = %u;",
                         journal_mode, pw_store_db_schema_version () + 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  assert_no_file (path, "-wal");
  assert_no_file (path, "-shm");
  assert_no_file (path, "-journal");
  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));

  store = pw_store_new_for_path (path, &error);
  g_assert_null (store);
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (after, after_length, before, before_length);
  assert_no_file (path, "-wal");
  assert_no_file (path, "-shm");
  assert_no_file (path, "-journal");
  g_unlink (path);
}

static void
test_open_newer_untouched (void)
{
  check_newer_untouched ("DELETE");
  check_newer_untouched ("WAL");
}

static void
assert_corrupt_error (const GError *error,
                      const char   *path)
{
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  /* The worker learns which file and what to do with it. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Move the file away"));
}

static void
on_open_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  PwStore *store = pw_store_open_finish (result, error);

  g_assert_null (store);
  g_assert_nonnull (*error);
}

static void
test_open_corrupt_file (void)
{
  static const char garbage[] = "These are not the pages of a database, just words. "
                                "They go on long enough to fill a header and then some.";
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pw_paths_store_file ();
  g_autofree char *dir = pw_paths_data_dir ();
  g_autofree char *contents = NULL;
  gsize length;
  PwStore *store;

  g_assert_true (pw_paths_ensure_dir (dir, NULL));
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  store = pw_store_new_for_path (path, &error);
  g_assert_null (store);
  assert_corrupt_error (error, path);
  g_clear_error (&error);

  pw_store_open_async (path, NULL, on_open_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_corrupt_error (error, path);

  /* Never deleted, never changed. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, garbage, strlen (garbage));
}

static void
on_open_ok (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PwStore **store = user_data;
  g_autoptr (GError) error = NULL;

  *store = pw_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (PW_IS_STORE (*store));
}

static void
test_open_async (void)
{
  g_autofree char *path = pw_paths_store_file ();
  PwStore *store = NULL;

  pw_store_open_async (path, NULL, on_open_ok, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (pw_store_get_path (store), ==, path);
  pw_store_test_close (&store);
}

static void
test_open_unwritable_folder (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = pw_paths_data_dir ();
  g_autofree char *file = g_build_filename (dir, "in-the-way", NULL);
  g_autofree char *path = g_build_filename (file, "piecework.db", NULL);
  PwStore *store;

  /* A plain file where the store's folder should be. */
  g_assert_true (pw_paths_ensure_dir (dir, NULL));
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  store = pw_store_new_for_path (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PW_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/open/creates-schema", test_open_creates_schema);
  g_test_add_func ("/store/open/migrate-steps-in-order", test_migrate_steps_in_order);
  g_test_add_func ("/store/open/migrates-account-kind", test_open_migrates_account_kind);
  g_test_add_func ("/store/open/refuses-newer-version", test_open_refuses_newer_version);
  g_test_add_func ("/store/open/newer-untouched", test_open_newer_untouched);
  g_test_add_func ("/store/open/corrupt-file", test_open_corrupt_file);
  g_test_add_func ("/store/open/async", test_open_async);
  g_test_add_func ("/store/open/unwritable-folder", test_open_unwritable_folder);

  return g_test_run ();
}
