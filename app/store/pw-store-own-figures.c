/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-store-private.h"
#include "pw-store-rates.h"
#include "pw-store-sql.h"

/* The ledger entries the worker's own rates make of accepted work.
 *
 * Each submission the server accepted (an outbox row `done`) of an account
 * with a rate is priced by the rate in effect when it was submitted, and
 * becomes one ledger entry of type `task`, status `approved`, marked
 * `own`: per task the rate, per hour the rate times the activity clock's
 * time on that task up to the submission (since the task's previous
 * accepted submission, if any). A project's rate in effect at that time
 * overrides its account's.
 *
 * The entries are derived: pw_store_refresh_own_figures() makes the ledger
 * match the rates, the outbox, the time log and the statements, changing
 * only the rows that differ, and the figures, exports and summaries ask
 * for it before they read. A task the account's statement covers with an
 * entry of its own is never priced by a rate, so a marketplace's own
 * figure always wins and nothing is counted twice. */

/* An own entry as the ledger holds it, or as the rates say it should be. */
typedef struct
{
  char   *project_id;
  gint64  amount_micro;
  char    currency[4];
  gint64  at;
} OwnEntry;

static void
own_entry_free (gpointer data)
{
  OwnEntry *entry = data;

  g_free (entry->project_id);
  g_free (entry);
}

static char *
own_key (const char *account_id,
         const char *entry_id)
{
  return g_strconcat (account_id, "\x1f", entry_id, NULL);
}

static GHashTable *
read_own_entries (sqlite3  *db,
                  GError  **error)
{
  g_autoptr (GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          own_entry_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT account_id, entry_id, project_id, amount_micro, "
                                  "currency, at FROM ledger_entries INDEXED BY ledger_own "
                                  "WHERE own = 1", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OwnEntry *entry = g_new0 (OwnEntry, 1);

      entry->project_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->amount_micro = sqlite3_column_int64 (stmt, 3);
      g_strlcpy (entry->currency, (const char *) sqlite3_column_text (stmt, 4),
                 sizeof entry->currency);
      entry->at = sqlite3_column_int64 (stmt, 5);
      g_hash_table_insert (entries, own_key ((const char *) sqlite3_column_text (stmt, 0),
                                             (const char *) sqlite3_column_text (stmt, 1)),
                           entry);
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* @us of work at @rate_micro per hour, rounded down; saturates rather
 * than wraps. */
static gint64
pay_for_time (gint64 us,
              gint64 rate_micro)
{
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  gint64 hours = us / hour;
  gint64 rest = us % hour;
  gint64 whole, part;

  if (hours != 0 && rate_micro > G_MAXINT64 / hours)
    return G_MAXINT64;
  whole = hours * rate_micro;
  /* rest < 3.6e9, so this holds for any rate below 2.5e9 units an hour. */
  if (rate_micro > G_MAXINT64 / hour)
    part = (gint64) ((long double) rest * rate_micro / hour);
  else
    part = rest * rate_micro / hour;
  if (whole > G_MAXINT64 - part)
    return G_MAXINT64;
  return whole + part;
}

typedef struct
{
  sqlite3_stmt *rate;
  sqlite3_stmt *time;
  sqlite3_stmt *upsert;
  sqlite3_stmt *remove;
} Refresh;

static void
refresh_clear (Refresh *refresh)
{
  sqlite3_finalize (refresh->rate);
  sqlite3_finalize (refresh->time);
  sqlite3_finalize (refresh->upsert);
  sqlite3_finalize (refresh->remove);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Refresh, refresh_clear)

/* Sets @entry to what the rates make of one accepted submission; FALSE
 * with no error when they make nothing of it. */
static gboolean
price_submission (sqlite3      *db,
                  Refresh      *refresh,
                  sqlite3_stmt *row,
                  OwnEntry     *entry,
                  GError      **error)
{
  const char *account_id = (const char *) sqlite3_column_text (row, 1);
  const char *task_id = (const char *) sqlite3_column_text (row, 2);
  const char *project_id = (const char *) sqlite3_column_text (row, 3);
  gint64 at = sqlite3_column_int64 (row, 4);
  gint64 rate_micro;
  PwRateUnit unit;
  int rc;

  sqlite3_reset (refresh->rate);
  sqlite3_bind_text (refresh->rate, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (refresh->rate, 2, project_id != NULL ? project_id : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (refresh->rate, 3, at);
  rc = sqlite3_step (refresh->rate);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the rates"));
      return FALSE;
    }
  rate_micro = sqlite3_column_int64 (refresh->rate, 0);
  g_strlcpy (entry->currency, (const char *) sqlite3_column_text (refresh->rate, 1),
             sizeof entry->currency);
  if (!pw_rate_unit_from_string ((const char *) sqlite3_column_text (refresh->rate, 2), &unit))
    unit = PW_RATE_PER_TASK;
  sqlite3_reset (refresh->rate);

  entry->at = at;
  entry->project_id = g_strdup (project_id);
  if (unit == PW_RATE_PER_TASK)
    {
      entry->amount_micro = rate_micro;
      return TRUE;
    }

  sqlite3_reset (refresh->time);
  sqlite3_bind_text (refresh->time, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (refresh->time, 2, task_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (refresh->time, 3, at);
  sqlite3_bind_int64 (refresh->time, 4, sqlite3_column_int64 (row, 5));
  rc = sqlite3_step (refresh->time);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the time log"));
      return FALSE;
    }
  entry->amount_micro = pay_for_time (sqlite3_column_int64 (refresh->time, 0), rate_micro);
  sqlite3_reset (refresh->time);
  /* An hourly rate with no time measured makes no entry, so the task
   * does not read as unpaid work. */
  return entry->amount_micro > 0;
}

static gboolean
refresh_prepare (sqlite3  *db,
                 Refresh  *refresh,
                 GError  **error)
{
  refresh->rate = pw_store_db_prepare (db, "SELECT amount_micro, currency, per FROM rates "
                                           "WHERE account_id = ?1 AND project_id IN ('', ?2) "
                                           "AND since <= ?3 "
                                           "ORDER BY project_id <> '' DESC, since DESC LIMIT 1",
                                       error);
  if (refresh->rate == NULL)
    return FALSE;
  refresh->time = pw_store_db_prepare (db, "SELECT coalesce (sum (ended_at - started_at), 0) "
                                           "FROM time_entries INDEXED BY time_by_task "
                                           "WHERE account_id = ?1 AND task_id = ?2 "
                                           "AND kind IN ('task', 'idle') AND paid = 1 "
                                           "AND started_at < ?3 AND started_at >= ?4", error);
  if (refresh->time == NULL)
    return FALSE;
  refresh->upsert = pw_store_db_prepare (db, "INSERT INTO ledger_entries (account_id, entry_id, "
                                             "type, status, task_id, project_id, amount_micro, "
                                             "currency, at, first_seen_at, updated_at, own) "
                                             "VALUES (?1, ?2, 'task', 'approved', ?3, ?4, ?5, "
                                             "?6, ?7, ?8, ?8, 1) "
                                             "ON CONFLICT (account_id, entry_id) DO UPDATE SET "
                                             "project_id = excluded.project_id, "
                                             "amount_micro = excluded.amount_micro, "
                                             "currency = excluded.currency, at = excluded.at, "
                                             "updated_at = excluded.updated_at WHERE own = 1",
                                         error);
  if (refresh->upsert == NULL)
    return FALSE;
  refresh->remove = pw_store_db_prepare (db, "DELETE FROM ledger_entries WHERE account_id = ?1 "
                                             "AND entry_id = ?2 AND own = 1", error);
  return refresh->remove != NULL;
}

static gboolean
same_entry (const OwnEntry *a,
            const OwnEntry *b)
{
  return a->amount_micro == b->amount_micro && a->at == b->at &&
         strcmp (a->currency, b->currency) == 0 && g_strcmp0 (a->project_id, b->project_id) == 0;
}

static gboolean
apply_refresh (sqlite3  *db,
               gpointer  data,
               gint64    time,
               GError  **error)
{
  g_autoptr (GHashTable) existing = NULL;
  g_autoptr (sqlite3_stmt) accepted = NULL;
  g_auto (Refresh) refresh = { NULL, };
  GHashTableIter iter;
  gpointer key;
  int rc;

  existing = read_own_entries (db, error);
  if (existing == NULL || !refresh_prepare (db, &refresh, error))
    return FALSE;

  /* The accepted submissions of accounts with a rate whose task has no
   * statement entry of its own, each with the time of the accepted
   * submission of the same task before it, if any. */
  accepted = pw_store_db_prepare (db, "SELECT s.id, s.account_id, s.task_id, t.project_id, "
                                      "s.created_at, coalesce ((SELECT max (p.created_at) "
                                      "FROM submissions AS p INDEXED BY submissions_by_task "
                                      "WHERE p.account_id = s.account_id "
                                      "AND p.task_id = s.task_id AND p.state = 'done' "
                                      "AND p.created_at < s.created_at), 0) "
                                      "FROM submissions AS s LEFT JOIN tasks AS t "
                                      "ON t.account_id = s.account_id AND t.task_id = s.task_id "
                                      "WHERE s.state = 'done' "
                                      "AND s.account_id IN (SELECT account_id FROM rates) "
                                      "AND NOT EXISTS (SELECT 1 FROM ledger_entries AS e "
                                      "INDEXED BY ledger_by_task "
                                      "WHERE e.account_id = s.account_id "
                                      "AND e.task_id = s.task_id AND e.type = 'task' "
                                      "AND e.own = 0)", error);
  if (accepted == NULL)
    return FALSE;

  while ((rc = sqlite3_step (accepted)) == SQLITE_ROW)
    {
      const char *account_id = (const char *) sqlite3_column_text (accepted, 1);
      g_autofree char *entry_id = g_strdup_printf ("own:%" G_GINT64_FORMAT, (gint64)
                                                   sqlite3_column_int64 (accepted, 0));
      g_autofree char *lookup = own_key (account_id, entry_id);
      OwnEntry wanted = { NULL, };
      OwnEntry *held;
      GError *local_error = NULL;

      if (!price_submission (db, &refresh, accepted, &wanted, &local_error))
        {
          g_free (wanted.project_id);
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          continue;
        }

      held = g_hash_table_lookup (existing, lookup);
      if (held == NULL || !same_entry (held, &wanted))
        {
          sqlite3_reset (refresh.upsert);
          sqlite3_bind_text (refresh.upsert, 1, account_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (refresh.upsert, 2, entry_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (refresh.upsert, 3, (const char *) sqlite3_column_text (accepted, 2),
                             -1, SQLITE_STATIC);
          sqlite3_bind_text (refresh.upsert, 4, wanted.project_id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (refresh.upsert, 5, wanted.amount_micro);
          sqlite3_bind_text (refresh.upsert, 6, wanted.currency, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (refresh.upsert, 7, wanted.at);
          sqlite3_bind_int64 (refresh.upsert, 8, time);
          if (!pw_store_db_step_done (db, refresh.upsert, error))
            {
              g_free (wanted.project_id);
              return FALSE;
            }
        }
      g_free (wanted.project_id);
      g_hash_table_remove (existing, lookup);
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the outbox"));
      return FALSE;
    }

  /* What is left no longer follows from the rates: a rate removed, a
   * statement that came for the task, time taken off. */
  g_hash_table_iter_init (&iter, existing);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto (GStrv) parts = g_strsplit (key, "\x1f", 2);

      sqlite3_reset (refresh.remove);
      sqlite3_bind_text (refresh.remove, 1, parts[0], -1, SQLITE_STATIC);
      sqlite3_bind_text (refresh.remove, 2, parts[1], -1, SQLITE_STATIC);
      if (!pw_store_db_step_done (db, refresh.remove, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_store_refresh_own_figures:
 * @self: a #PwStore
 *
 * Makes the ledger's own entries match the rates, the accepted
 * submissions, the time log and the statements (see the top of
 * pw-store-own-figures.c). Readers of the ledger call this before they read;
 * it changes only the rows that differ. Returns at once.
 */
void
pw_store_refresh_own_figures (PwStore *self)
{
  g_return_if_fail (PW_IS_STORE (self));

  _pw_store_push_call (self, apply_refresh, NULL, NULL);
}
