/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-store-private.h"
#include "pw-store-rates.h"
#include "pw-store-sql.h"

/* The worker's own rates: what an account, or one project of it, pays
 * per task or per hour from a date on, for servers that keep no statement
 * of pay (CVAT and Label Studio pay outside their APIs). Writes go to the
 * writer thread like every other write, each followed by bringing the own
 * figures up to date (pw-store-own-figures.c); reads wait for the writes
 * queued before them. */

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
  PwMoney none = { 0, PW_MONEY_NO_CURRENCY };

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (account_id != NULL);

  _pw_store_push_call (self, apply_delete,
                       pw_rate_new (account_id, project_id, &none, PW_RATE_PER_TASK, since),
                       (GDestroyNotify) pw_rate_free);
  pw_store_refresh_own_figures (self);
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
