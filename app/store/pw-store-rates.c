/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-store-private.h"
#include "pw-store-rates.h"
#include "pw-store-sql.h"

/* The worker's own rates, and the ledger entries made from them.
 *
 * CVAT and Label Studio pay outside their APIs, so no statement ever
 * comes for their work. The worker says what a project (or a whole
 * account) pays, per task or per hour, from a date on; each submission the
 * server accepted (an outbox row `done`) is then priced by the rate in
 * effect when it was submitted, and becomes one ledger entry of type
 * `task`, status `approved`, marked `own`: per task the rate, per hour the
 * rate times the activity clock's time on that task up to the submission
 * (since the task's previous accepted submission, if any). A project's
 * rate in effect at that time overrides its account's.
 *
 * The entries are derived: pw_store_refresh_own_figures() makes the ledger
 * match the rates, the outbox, the time log and the statements, changing
 * only the rows that differ, and the figures, exports and summaries ask
 * for it before they read. A task the account's statement covers with an
 * entry of its own is never priced by a rate, so a marketplace's own
 * figure always wins and nothing is counted twice. */

static const char *const unit_names[] = {
  [PW_RATE_PER_TASK] = "task",
  [PW_RATE_PER_HOUR] = "hour",
};

const char *
pw_rate_unit_to_string (PwRateUnit unit)
{
  g_return_val_if_fail ((guint) unit < G_N_ELEMENTS (unit_names), NULL);

  return unit_names[unit];
}

gboolean
pw_rate_unit_from_string (const char *text,
                          PwRateUnit *unit)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_names); i++)
    {
      if (g_strcmp0 (text, unit_names[i]) == 0)
        {
          *unit = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * pw_rate_new:
 * @account_id: the account
 * @project_id: (nullable): the project, or %NULL for the whole account
 * @amount: what it pays per @unit
 * @unit: per task or per hour
 * @since: from when it holds, microseconds since 1970
 *
 * Returns: (transfer full): a rate not stored yet
 */
PwRate *
pw_rate_new (const char    *account_id,
             const char    *project_id,
             const PwMoney *amount,
             PwRateUnit     unit,
             gint64         since)
{
  PwRate *rate;

  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (amount != NULL, NULL);

  rate = g_new0 (PwRate, 1);
  rate->account_id = g_strdup (account_id);
  rate->project_id = project_id != NULL && *project_id != '\0' ? g_strdup (project_id) : NULL;
  rate->amount = *amount;
  rate->unit = unit;
  rate->since = since;
  return rate;
}

PwRate *
pw_rate_copy (const PwRate *rate)
{
  PwRate *copy;

  g_return_val_if_fail (rate != NULL, NULL);

  copy = g_memdup2 (rate, sizeof *rate);
  copy->account_id = g_strdup (rate->account_id);
  copy->project_id = g_strdup (rate->project_id);
  return copy;
}

void
pw_rate_free (PwRate *rate)
{
  if (rate == NULL)
    return;

  g_free (rate->account_id);
  g_free (rate->project_id);
  g_free (rate);
}

/**
 * pw_rate_check:
 * @rate: a rate
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @rate can be stored: an account, an amount that is
 *   not negative, a currency code and a known unit
 */
gboolean
pw_rate_check (const PwRate *rate,
               GError      **error)
{
  g_return_val_if_fail (rate != NULL, FALSE);

  if (rate->account_id == NULL || *rate->account_id == '\0')
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("A rate needs an account; give its name or id"));
      return FALSE;
    }
  if (rate->amount.micro < 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("A rate cannot be negative; give what one task or one hour pays"));
      return FALSE;
    }
  if (!pw_money_currency_is_valid (rate->amount.currency))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("“%s” is not a currency code; give three capital letters such as EUR"),
                   rate->amount.currency);
      return FALSE;
    }
  if ((guint) rate->unit >= G_N_ELEMENTS (unit_names))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("A rate is per task or per hour"));
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_rates_find:
 * @rates: (element-type PwRate): rates, as pw_store_list_rates() gives them
 * @account_id: the account
 * @project_id: (nullable): the project
 * @at: the moment, microseconds since 1970
 *
 * The rate that prices work of @project_id submitted at @at: the
 * project's latest rate from before @at, else its account's. The store
 * applies the same rule to the ledger.
 *
 * Returns: (transfer none) (nullable): the rate, or %NULL when none holds
 */
const PwRate *
pw_rates_find (GPtrArray  *rates,
               const char *account_id,
               const char *project_id,
               gint64      at)
{
  const PwRate *best = NULL;

  g_return_val_if_fail (rates != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if (project_id != NULL && *project_id == '\0')
    project_id = NULL;

  for (guint i = 0; i < rates->len; i++)
    {
      const PwRate *rate = rates->pdata[i];
      gboolean better;

      if (strcmp (rate->account_id, account_id) != 0 || rate->since > at)
        continue;
      if (rate->project_id != NULL && g_strcmp0 (rate->project_id, project_id) != 0)
        continue;
      if (best == NULL)
        better = TRUE;
      else if ((rate->project_id != NULL) != (best->project_id != NULL))
        better = rate->project_id != NULL;
      else
        better = rate->since > best->since;
      if (better)
        best = rate;
    }
  return best;
}

/* Writes, on the writer thread */

static gboolean
apply_set (sqlite3  *db,
           gpointer  data,
           gint64    time,
           GError  **error)
{
  const PwRate *rate = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "INSERT INTO rates (account_id, project_id, since, "
                                  "amount_micro, currency, per, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                  "ON CONFLICT (account_id, project_id, since) DO UPDATE SET "
                                  "amount_micro = excluded.amount_micro, "
                                  "currency = excluded.currency, per = excluded.per, "
                                  "updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rate->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rate->project_id != NULL ? rate->project_id : "", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, rate->since);
  sqlite3_bind_int64 (stmt, 4, rate->amount.micro);
  sqlite3_bind_text (stmt, 5, rate->amount.currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, pw_rate_unit_to_string (rate->unit), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, time);
  return pw_store_db_step_done (db, stmt, error);
}

static gboolean
apply_delete (sqlite3  *db,
              gpointer  data,
              gint64    time,
              GError  **error)
{
  const PwRate *rate = data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = pw_store_db_prepare (db, "DELETE FROM rates WHERE account_id = ?1 "
                                  "AND project_id = ?2 AND since = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rate->account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rate->project_id != NULL ? rate->project_id : "", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, rate->since);
  return pw_store_db_step_done (db, stmt, error);
}

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

static gboolean
check_rate (const PwRate *rate)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (rate != NULL, FALSE);
  if (!pw_rate_check (rate, &error))
    {
      g_critical ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_store_set_rate:
 * @self: a #PwStore
 * @rate: the rate; one at the same account, project and @since is replaced
 *
 * Stores a rate (check it first with pw_rate_check()), then brings the
 * own figures up to date. Work submitted before @rate->since keeps the
 * rate it had. Returns at once.
 */
void
pw_store_set_rate (PwStore      *self,
                   const PwRate *rate)
{
  g_return_if_fail (PW_IS_STORE (self));
  if (!check_rate (rate))
    return;

  _pw_store_push_call (self, apply_set, pw_rate_copy (rate), (GDestroyNotify) pw_rate_free);
  pw_store_refresh_own_figures (self);
}

/**
 * pw_store_delete_rate:
 * @self: a #PwStore
 * @account_id: the account
 * @project_id: (nullable): the project, or %NULL for the account's rate
 * @since: the rate's start
 *
 * Deletes one rate, then brings the own figures up to date: the work it
 * priced falls back to the rate before it, or to none. Returns at once.
 */
void
pw_store_delete_rate (PwStore    *self,
                      const char *account_id,
                      const char *project_id,
                      gint64      since)
{
  PwMoney none = { 0, "XXX" };

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  _pw_store_push_call (self, apply_delete,
                       pw_rate_new (account_id, project_id, &none, PW_RATE_PER_TASK, since),
                       (GDestroyNotify) pw_rate_free);
  pw_store_refresh_own_figures (self);
}

/**
 * pw_store_refresh_own_figures:
 * @self: a #PwStore
 *
 * Makes the ledger's own entries match the rates, the accepted
 * submissions, the time log and the statements (see the top of
 * pw-store-rates.c). Readers of the ledger call this before they read;
 * it changes only the rows that differ. Returns at once.
 */
void
pw_store_refresh_own_figures (PwStore *self)
{
  g_return_if_fail (PW_IS_STORE (self));

  _pw_store_push_call (self, apply_refresh, NULL, NULL);
}

/* Reads */

static GPtrArray *
read_rates (sqlite3     *db,
            const char  *account_id,
            GError     **error)
{
  g_autoptr (GPtrArray) rates = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_rate_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pw_store_db_prepare (db, "SELECT account_id, project_id, since, amount_micro, "
                                  "currency, per, updated_at FROM rates "
                                  "WHERE ?1 IS NULL OR account_id = ?1 "
                                  "ORDER BY account_id, project_id, since", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PwMoney amount = { 0, };
      PwRateUnit unit = PW_RATE_PER_TASK;
      PwRate *rate;

      amount.micro = sqlite3_column_int64 (stmt, 3);
      g_strlcpy (amount.currency, (const char *) sqlite3_column_text (stmt, 4),
                 sizeof amount.currency);
      /* The CHECK on the column keeps out other names. */
      pw_rate_unit_from_string ((const char *) sqlite3_column_text (stmt, 5), &unit);
      rate = pw_rate_new ((const char *) sqlite3_column_text (stmt, 0),
                          (const char *) sqlite3_column_text (stmt, 1), &amount, unit,
                          sqlite3_column_int64 (stmt, 2));
      rate->updated_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (rates, rate);
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the rates"));
      return NULL;
    }
  return g_steal_pointer (&rates);
}

/**
 * pw_store_list_rates:
 * @self: a #PwStore
 * @account_id: (nullable): one account's rates, or %NULL for all
 * @error: return location for a #GError
 *
 * Waits for the disk: for threads, tests and the command line.
 *
 * Returns: (transfer full) (element-type PwRate): the rates by account,
 *   project (the account's own first) and start, or %NULL on error
 */
GPtrArray *
pw_store_list_rates (PwStore    *self,
                     const char *account_id,
                     GError    **error)
{
  sqlite3 *db;
  GPtrArray *rates;

  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  if ((db = pw_store_acquire_reader_synced (self, error)) == NULL)
    return NULL;
  rates = read_rates (db, account_id, error);
  pw_store_release_reader (self);
  return rates;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *rates = pw_store_list_rates (source_object, task_data, &error);

  if (rates == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rates, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pw_store_list_rates_async:
 * @self: a #PwStore
 * @account_id: (nullable): one account's rates, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the rates
 * @user_data: data for @callback
 *
 * Lists the rates on a thread. See pw_store_list_rates().
 */
void
pw_store_list_rates_async (PwStore            *self,
                           const char         *account_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_list_rates_async);
  g_task_set_task_data (task, g_strdup (account_id), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_thread);
}

/**
 * pw_store_list_rates_finish:
 *
 * Returns: (transfer full) (element-type PwRate): the rates, or %NULL
 */
GPtrArray *
pw_store_list_rates_finish (PwStore      *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_store_list_rates_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
