/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "pw-error.h"
#include "pw-store-sql.h"

/* The store's database: its schema, step by step, opening a connection
 * with the store's settings, and the SQL helpers that pw-store-sql.h
 * declares for the store's files and for engine code that runs its own
 * queries. */

/* The schema, one step per version: a database's user_version is the number
 * of steps it has applied, and opening it applies the rest, each in its own
 * transaction. To change the schema, append one string to this array. Never
 * edit, reorder or remove a step that has shipped: databases out there have
 * already run it. */
static const char *const migrations[] = {
  /* 1: drafts with their edit history, and the application's own state. A
   * draft is a base snapshot plus a log of commands (seq 0..n-1); the first
   * `position` of them are applied and the rest can be redone. */
  "CREATE TABLE drafts ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  snapshot TEXT,"
  "  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX drafts_by_update ON drafts (updated_at);"
  "CREATE TABLE draft_commands ("
  "  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL CHECK (seq >= 0),"
  "  command TEXT NOT NULL,"
  "  PRIMARY KEY (draft_id, seq)"
  ") WITHOUT ROWID;"
  "CREATE TABLE app_state ("
  "  name TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;",

  /* 2: accounts, the tasks claimed from them, and the outbox of submissions.
   * A submission row keeps the exact body sent on every try and its
   * Idempotency-Key, whatever state it ends in, so no work is ever lost.
   * Times are microseconds since 1970. */
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  base_url TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE tasks ("
  "  account_id TEXT NOT NULL,"
  "  task_id TEXT NOT NULL,"
  "  claim_id TEXT NOT NULL,"
  "  project_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  pay_micro INTEGER NOT NULL DEFAULT 0,"
  "  currency TEXT,"
  "  lease_expires_at INTEGER,"
  "  media_file TEXT,"
  "  task_json TEXT,"
  "  state TEXT NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'submitted', 'synced',"
  "    'expired', 'reassigned', 'conflict', 'released')),"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, task_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE submissions ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id TEXT NOT NULL,"
  "  task_id TEXT NOT NULL,"
  "  claim_id TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  body TEXT NOT NULL,"
  "  annotation TEXT,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'done',"
  "    'conflict', 'expired', 'reassigned', 'rejected_bad_request')),"
  "  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  result_json TEXT"
  ");"
  "CREATE INDEX submissions_due ON submissions (account_id, state, next_attempt_at);",

  /* 3: the money and the hours. ledger_entries holds each marketplace
   * statement entry once, by its id, as last merged; ledger_changes keeps
   * every status an entry went through, for the task's history;
   * statement_cursors the last cursor each account was given. Amounts are
   * integer millionths of their currency. time_entries is the worker's
   * measured and hand-made time: 'task' intervals of active work on a task,
   * 'idle' minutes the worker said were work, and 'manual' entries they
   * added, each paid or unpaid. tasks.claimed_at says when a task was
   * claimed, which updated_at forgets once it moves on. projects keeps each account's projects as
   * last listed, with the JSON object the marketplace sent, so claimed
   * work opens with its labels and tools while offline. */
  "ALTER TABLE tasks ADD COLUMN claimed_at INTEGER;"
  "CREATE TABLE projects ("
  "  account_id TEXT NOT NULL,"
  "  project_id TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  pay_micro INTEGER NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  unpaid INTEGER NOT NULL DEFAULT 0 CHECK (unpaid IN (0, 1)),"
  "  project_json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, project_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE ledger_entries ("
  "  account_id TEXT NOT NULL,"
  "  entry_id TEXT NOT NULL,"
  "  type TEXT NOT NULL CHECK (type IN ('task', 'bonus', 'adjustment', 'fee', 'payout')),"
  "  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'paid')),"
  "  task_id TEXT,"
  "  project_id TEXT,"
  "  amount_micro INTEGER NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  review_score REAL,"
  "  review_comment TEXT,"
  "  first_seen_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, entry_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX ledger_by_time ON ledger_entries (at);"
  "CREATE INDEX ledger_by_task ON ledger_entries (account_id, task_id);"
  "CREATE TABLE ledger_changes ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id TEXT NOT NULL,"
  "  entry_id TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  amount_micro INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  seen_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX ledger_changes_by_entry ON ledger_changes (account_id, entry_id);"
  "CREATE TABLE statement_cursors ("
  "  account_id TEXT PRIMARY KEY,"
  "  cursor TEXT,"
  "  fetched_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE time_entries ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('task', 'idle', 'manual')),"
  "  account_id TEXT,"
  "  task_id TEXT,"
  "  project_id TEXT,"
  "  started_at INTEGER NOT NULL,"
  "  ended_at INTEGER NOT NULL CHECK (ended_at >= started_at),"
  "  paid INTEGER NOT NULL DEFAULT 1 CHECK (paid IN (0, 1)),"
  "  note TEXT,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX time_by_start ON time_entries (started_at);"
  "CREATE INDEX time_by_task ON time_entries (account_id, task_id);"
  "CREATE INDEX ledger_figures ON ledger_entries (at, type, status, currency, amount_micro,"
  "  account_id, project_id, task_id, review_score);"
  "CREATE INDEX time_figures ON time_entries (started_at, ended_at, kind, paid, account_id,"
  "  task_id, project_id);",

  /* 4: the figures' packs. task_keys numbers each task met in the
   * statement or the time log, once. figure_packs holds, for each week
   * (a chunk: 604,800,000,000 µs since 1970) whose rows were packed, the
   * rows the figures read (stream 0: statement entries by `at`; stream 1:
   * time entries by `started_at`), in their index's order, in a compact
   * encoding that app/ledger/pw-figure-packs.c writes and reads. A pack is
   * a copy: the triggers drop it as soon as a row of its week is added,
   * changed or removed, and the figures read that week from the tables
   * until it is packed again. */
  "CREATE TABLE task_keys ("
  "  key INTEGER PRIMARY KEY,"
  "  account_id TEXT NOT NULL,"
  "  task_id TEXT NOT NULL,"
  "  UNIQUE (account_id, task_id)"
  ");"
  "CREATE TABLE figure_packs ("
  "  stream INTEGER NOT NULL CHECK (stream IN (0, 1)),"
  "  chunk INTEGER NOT NULL CHECK (chunk >= 0),"
  "  n_rows INTEGER NOT NULL CHECK (n_rows >= 0),"
  "  names BLOB NOT NULL,"
  "  rows BLOB NOT NULL,"
  "  PRIMARY KEY (stream, chunk)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER ledger_unpack_insert AFTER INSERT ON ledger_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 0 AND chunk = new.at / 604800000000;"
  "END;"
  "CREATE TRIGGER ledger_unpack_update AFTER UPDATE OF at, type, status, currency, amount_micro,"
  "  account_id, project_id, task_id, review_score ON ledger_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 0"
  "    AND chunk IN (old.at / 604800000000, new.at / 604800000000);"
  "END;"
  "CREATE TRIGGER ledger_unpack_delete AFTER DELETE ON ledger_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 0 AND chunk = old.at / 604800000000;"
  "END;"
  "CREATE TRIGGER time_unpack_insert AFTER INSERT ON time_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 1 AND chunk = new.started_at / 604800000000;"
  "END;"
  "CREATE TRIGGER time_unpack_update AFTER UPDATE OF started_at, ended_at, kind, paid, account_id,"
  "  task_id, project_id ON time_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 1"
  "    AND chunk IN (old.started_at / 604800000000, new.started_at / 604800000000);"
  "END;"
  "CREATE TRIGGER time_unpack_delete AFTER DELETE ON time_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 1 AND chunk = old.started_at / 604800000000;"
  "END;",

  /* 5: when each account's marketplace last started over and forgot what
   * it held, as the demo marketplace does at each start. A task has one
   * submission, looked up by task before another is queued; a task id
   * handed out after such a start is new work, even where an earlier
   * submission of the same id exists. */
  "ALTER TABLE accounts ADD COLUMN restarted_at INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX submissions_by_task ON submissions (account_id, task_id);",

  /* 6: the worker's own rates, for servers that keep no statement of pay
   * (app/store/pw-store-rates.c). A rate belongs to an account, or to one
   * project of it (project_id '' for the whole account), and holds from
   * `since` on. ledger_entries.own marks the entries the store makes from
   * those rates; the figures read the mark, so the packs of the old format
   * are dropped, and the figures' index and trigger include it. */
  "CREATE TABLE rates ("
  "  account_id TEXT NOT NULL,"
  "  project_id TEXT NOT NULL DEFAULT '',"
  "  since INTEGER NOT NULL,"
  "  amount_micro INTEGER NOT NULL CHECK (amount_micro >= 0),"
  "  currency TEXT NOT NULL,"
  "  per TEXT NOT NULL CHECK (per IN ('task', 'hour')),"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, project_id, since)"
  ") WITHOUT ROWID;"
  "ALTER TABLE ledger_entries ADD COLUMN own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1));"
  "CREATE INDEX ledger_own ON ledger_entries (account_id, entry_id) WHERE own = 1;"
  "DROP INDEX ledger_figures;"
  "CREATE INDEX ledger_figures ON ledger_entries (at, type, status, currency, amount_micro,"
  "  account_id, project_id, task_id, review_score, own);"
  "DROP TRIGGER ledger_unpack_update;"
  "CREATE TRIGGER ledger_unpack_update AFTER UPDATE OF at, type, status, currency, amount_micro,"
  "  account_id, project_id, task_id, review_score, own ON ledger_entries BEGIN"
  "  DELETE FROM figure_packs WHERE stream = 0"
  "    AND chunk IN (old.at / 604800000000, new.at / 604800000000);"
  "END;"
  "DELETE FROM figure_packs;",
  /* 7: what each account's server speaks, by the names of
   * pw_account_kind_to_string(): "piecework" (docs/MARKETPLACE-API.md),
   * "cvat" or "label-studio". Every account before spoke the contract. */
  "ALTER TABLE accounts ADD COLUMN kind TEXT NOT NULL DEFAULT 'piecework';",
  /* 8: the figures' roll-ups (app/ledger/pw-figure-rollups.c): for a
   * span inside one week (a chunk, as for the packs) that is over, the
   * sums of its figures by project, each task's time for the medians and
   * what its sessions start and end with, so a year's summary reads about
   * 52 of them instead of every row. A roll-up is a copy: the triggers
   * drop it when a row it was computed from changes, a statement entry or
   * a claimed task of a task worked in it included, and it is made again
   * when next wanted. With no roll-up, as while a store is filled, the
   * triggers do nothing. The step stands alone, and applies again over a
   * store that already has it. */
  "CREATE TABLE IF NOT EXISTS figure_rollups ("
  "  chunk INTEGER NOT NULL,"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL CHECK (end > start),"
  "  rollup BLOB NOT NULL,"
  "  PRIMARY KEY (chunk, start, end)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER IF NOT EXISTS ledger_unroll_insert AFTER INSERT ON ledger_entries"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk = new.at / 604800000000 OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = new.account_id AND task_id = new.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND new.account_id = '' AND task_id = new.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS ledger_unroll_update AFTER UPDATE OF at, type, status, currency,"
  "  amount_micro, account_id, project_id, task_id, review_score, own ON ledger_entries"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk = old.at / 604800000000 OR"
  "    chunk = new.at / 604800000000 OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = old.account_id AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND old.account_id = '' AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = new.account_id AND task_id = new.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND new.account_id = '' AND task_id = new.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS ledger_unroll_delete AFTER DELETE ON ledger_entries"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk = old.at / 604800000000 OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = old.account_id AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND old.account_id = '' AND task_id = old.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS time_unroll_insert AFTER INSERT ON time_entries"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk BETWEEN new.started_at / 604800000000 AND new.ended_at / 604800000000 + 1 OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = coalesce (new.account_id, '') AND task_id = new.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND coalesce (new.account_id, '') = ''"
  "        AND task_id = new.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS time_unroll_update AFTER UPDATE OF started_at, ended_at, kind,"
  "  paid, account_id, task_id, project_id ON time_entries"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk BETWEEN old.started_at / 604800000000 AND old.ended_at / 604800000000 + 1 OR"
  "    chunk BETWEEN new.started_at / 604800000000 AND new.ended_at / 604800000000 + 1 OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = coalesce (old.account_id, '') AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND coalesce (old.account_id, '') = ''"
  "        AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = coalesce (new.account_id, '') AND task_id = new.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND coalesce (new.account_id, '') = ''"
  "        AND task_id = new.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS time_unroll_delete AFTER DELETE ON time_entries"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk BETWEEN old.started_at / 604800000000 AND old.ended_at / 604800000000 + 1 OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = coalesce (old.account_id, '') AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND coalesce (old.account_id, '') = ''"
  "        AND task_id = old.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS tasks_unroll_insert AFTER INSERT ON tasks"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = new.account_id AND task_id = new.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND new.account_id = '' AND task_id = new.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS tasks_unroll_update AFTER UPDATE OF account_id, task_id, state,"
  "  pay_micro, currency ON tasks"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = old.account_id AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND old.account_id = '' AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = new.account_id AND task_id = new.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND new.account_id = '' AND task_id = new.task_id);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS tasks_unroll_delete AFTER DELETE ON tasks"
  "  WHEN EXISTS (SELECT 1 FROM figure_rollups) BEGIN"
  "  DELETE FROM figure_rollups WHERE"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id = old.account_id AND task_id = old.task_id) OR"
  "    chunk IN (SELECT started_at / 604800000000 FROM time_entries"
  "      WHERE account_id IS NULL AND old.account_id = '' AND task_id = old.task_id);"
  "END;",
};

/* Long enough to ride out another connection's checkpoint, short enough
 * that a stuck lock is reported rather than hidden. */
#define BUSY_TIMEOUT_MS 5000

guint
pw_store_db_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/* Turns a SQLite result into a PW_ERROR the worker can act on. @what says
 * what was being done, already translated. */
void
pw_store_db_set_error (GError    **error,
                       sqlite3    *db,
                       int         rc,
                       const char *what)
{
  const char *path = db != NULL ? sqlite3_db_filename (db, "main") : NULL;

  if (path == NULL)
    path = "";

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      if (*path == '\0')
        g_set_error (error, PW_ERROR, PW_ERROR_NO_SPACE,
                     /* Translators: %s says what was being saved */
                     _("%s: the disk is full. Free some space, then try again."), what);
      else
        g_set_error (error, PW_ERROR, PW_ERROR_NO_SPACE,
                     /* Translators: the first %s says what was being saved, the second is
                      * a file */
                     _("%s: the disk is full. Free some space on the disk of “%s”, "
                       "then try again."), what, path);
      break;

    case SQLITE_CORRUPT:
      /* A damaged page of a real store: reading other pages may still
       * work, and the writes refused are kept, so this is the disk's
       * fault, like an I/O error, not the write's. */
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   /* Translators: the first %s says what was being done, the second is a file */
                   _("%s: “%s” is damaged. Nothing was deleted. Save the work that waits "
                     "elsewhere, quit, move the file away, then start Piecework again to "
                     "begin a new store."),
                   what, path);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   /* Translators: the first %s says what was being done, the second is a file */
                   _("%s: “%s” is not a Piecework store or is damaged. Nothing was deleted. "
                     "Move the file away, then start Piecework again to begin a new store."),
                   what, path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   /* Translators: the first %s says what was being done, the second is a file */
                   _("%s: “%s” cannot be written. Check that the file and its folder are "
                     "writable and the disk is mounted, then try again."),
                   what, path);
      break;

    case SQLITE_IOERR:
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   /* Translators: the first %s says what was being done, the second is a
                    * file, the third the system's reason */
                   _("%s: the disk of “%s” could not be read or written (%s). Check that it "
                     "is connected and working, then try again."),
                   what, path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      g_set_error (error, PW_ERROR, PW_ERROR_IO, "%s: %s", what,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;

    default:
      g_set_error (error, PW_ERROR, PW_ERROR_FAILED, "%s: %s", what,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

gboolean
pw_store_db_exec (sqlite3    *db,
                  const char *sql,
                  GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not use the store"));
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
pw_store_db_prepare (sqlite3    *db,
                     const char *sql,
                     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not use the store"));
      return NULL;
    }

  return stmt;
}

/* Runs a statement that returns no rows. */
gboolean
pw_store_db_step_done (sqlite3      *db,
                       sqlite3_stmt *stmt,
                       GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }

  return TRUE;
}

/* Runs a query of one text column; @what says what was being read. */
GStrv
pw_store_db_read_strv (sqlite3     *db,
                       const char  *sql,
                       const char  *what,
                       GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = pw_store_db_prepare (db, sql, error);
  g_autoptr (GStrvBuilder) texts = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (texts, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, what);
      return NULL;
    }
  return g_strv_builder_end (texts);
}

/* A copy of a text column of the current row, or %NULL where it is NULL. */
char *
pw_store_db_dup_column (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

void
pw_store_db_rollback (sqlite3 *db)
{
  /* A full disk or an I/O error may already have rolled back. */
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static void
set_newer_error (GError    **error,
                 const char *path)
{
  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               _("The store “%s” was made by a newer version of Piecework. "
                 "Update Piecework to open it; the file was left as it is."),
               path);
}

/* The schema version a database file says it has, read from its header
 * (the user_version at byte 60, big-endian) without SQLite: opening it with
 * SQLite in WAL mode would already change the header and make files beside
 * it. Returns %FALSE when the file is missing, short or not a database,
 * which SQLite then judges. */
static gboolean
peek_user_version (const char *path,
                   gint32     *version)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  while (length < sizeof header)
    {
      gssize n = read (fd, header + length, sizeof header - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      length += (gsize) n;
    }
  g_close (fd, NULL);

  if (length < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    return FALSE;

  memcpy (version, header + 60, sizeof *version);
  *version = GINT32_FROM_BE (*version);
  return TRUE;
}

static int
read_user_version (sqlite3 *db,
                   GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = pw_store_db_prepare (db, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not open the store"));
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

/* One step of pw_store_db_migrate(). The version is read inside the
 * transaction, so two processes opening the same file at once do not both
 * apply a step. Sets *@done once there is nothing left to apply. */
static gboolean
migrate_one (sqlite3           *db,
             const char *const *steps,
             guint              n_steps,
             gboolean          *done,
             GError           **error)
{
  g_autofree char *sql = NULL;
  int version;
  int rc;

  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not open the store"));
      return FALSE;
    }

  version = read_user_version (db, error);
  if (version < 0)
    {
      pw_store_db_rollback (db);
      return FALSE;
    }

  if ((guint) version > n_steps)
    {
      pw_store_db_rollback (db);
      set_newer_error (error, sqlite3_db_filename (db, "main"));
      return FALSE;
    }

  *done = (guint) version == n_steps;
  if (*done)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("%s;\nPRAGMA user_version = %d;\nCOMMIT;", steps[version], version + 1);

  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not update the store to version %d"),
                                               version + 1);

      pw_store_db_set_error (error, db, rc, what);
      pw_store_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

/**
 * pw_store_db_migrate:
 * @db: an open connection
 * @steps: the schema's steps, oldest first
 * @n_steps: how many
 * @error: return location for a #GError
 *
 * Applies the steps @db has not applied yet, each in its own transaction
 * with its version number, so a crash leaves the database at a whole step.
 * A database made by a newer Piecework is refused: its schema is not known
 * here, and writing to it could damage the worker's data.
 *
 * Returns: %TRUE when @db is at version @n_steps
 */
gboolean
pw_store_db_migrate (sqlite3           *db,
                     const char *const *steps,
                     guint              n_steps,
                     GError           **error)
{
  gboolean done = FALSE;

  while (!done)
    {
      if (!migrate_one (db, steps, n_steps, &done, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
configure (sqlite3 *db,
           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* The first statement reads the file, so a file that is not a database
   * fails here with SQLITE_NOTADB. */
  stmt = pw_store_db_prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not open the store"));
      return FALSE;
    }
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    g_debug ("The store %s is not in WAL mode; readers will wait for writers",
             sqlite3_db_filename (db, "main"));

  /* FULL: each commit is on the disk before the write counts as done. */
  return pw_store_db_exec (db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error);
}

/**
 * pw_store_db_open:
 * @path: the database file, made when missing
 * @error: return location for a #GError
 *
 * Opens a connection with the store's settings and brings the schema up to
 * date.
 *
 * Returns: (transfer full): the connection, or %NULL
 */
sqlite3 *
pw_store_db_open (const char *path,
                  GError    **error)
{
  g_autoptr (sqlite3) db = NULL;
  gint32 version;
  int rc;

  /* A newer store is refused before anything touches it; the check in
   * each migration step still catches one made newer since. */
  if (peek_user_version (path, &version) &&
      (version < 0 || (guint) version > G_N_ELEMENTS (migrations)))
    {
      set_newer_error (error, path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the store “%s”"), path);

      pw_store_db_set_error (error, db, rc, what);
      return NULL;
    }

  if (!configure (db, error) ||
      !pw_store_db_migrate (db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  return g_steal_pointer (&db);
}
