/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/pw-figures.h"
#include "market/pw-money.h"
#include "model/pw-json.h"
#include "pw-cli-private.h"
#include "pw-cli.h"
#include "pw-error.h"
#include "store/pw-store-rates.h"

/* The worker's own rates from the command line: --set-rate and --rates.
 * Servers such as CVAT and Label Studio pay outside their APIs; what the
 * worker says they pay prices their accepted work in the ledger, marked
 * as the worker's own figures. */

/* Reads ACCOUNT[:PROJECT]; the account by name or id. */
static gboolean
parse_target (PwStore     *store,
              const char  *spec,
              char       **account_id,
              char       **project_id,
              GError     **error)
{
  g_autoptr (GPtrArray) accounts = NULL;
  g_autofree char *name = NULL;
  const char *colon = strrchr (spec, ':');
  PwStoreAccount *account;

  /* An account named with a colon is found whole first. */
  if ((accounts = pw_store_list_accounts (store, error)) == NULL)
    return FALSE;
  account = _pw_cli_find_account (accounts, spec);
  if (account == NULL && colon != NULL)
    {
      name = g_strndup (spec, colon - spec);
      account = _pw_cli_find_account (accounts, name);
      if (account != NULL && colon[1] == '\0')
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("“%s” names no project after the colon; give ACCOUNT or "
                         "ACCOUNT:PROJECT"), spec);
          return FALSE;
        }
      if (account != NULL)
        *project_id = g_strdup (colon + 1);
    }
  if (account == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_NOT_FOUND,
                   _("There is no account “%s”; --accounts lists them"),
                   name != NULL ? name : spec);
      return FALSE;
    }
  *account_id = g_strdup (account->id);
  return TRUE;
}

/* A day as local midnight, in microseconds since 1970. */
static gboolean
parse_since (const char  *text,
             gint64      *since,
             GError     **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) day = NULL;
  int year, month, dom;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &dom, &end) == 3 &&
      g_date_valid_dmy (dom, month, year) &&
      (day = g_date_time_new (local, year, month, dom, 0, 0, 0)) != NULL)
    {
      *since = pw_date_time_to_usec (day);
      return TRUE;
    }
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("“%s” is not a date written like 2026-03-31"), text);
  return FALSE;
}

static gboolean
has_rate_for (GPtrArray  *rates,
              const char *account_id,
              const char *project_id)
{
  for (guint i = 0; i < rates->len; i++)
    {
      PwRate *rate = rates->pdata[i];

      if (g_str_equal (rate->account_id, account_id) &&
          g_strcmp0 (rate->project_id, project_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
format_since (gint64 since)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) time = NULL;

  if (since <= 0)
    return g_strdup (_("always"));
  time = pw_date_time_new_usec (since, local);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static const char *
unit_title (PwRateUnit unit)
{
  return unit == PW_RATE_PER_HOUR ? _("per hour") : _("per task");
}

/**
 * pw_cli_run_set_rate:
 * @spec: ACCOUNT or ACCOUNT:PROJECT
 * @amount: (nullable): what a task or an hour pays, such as `0.05`
 * @per: (nullable): `task` or `hour`; `task` when %NULL
 * @currency: (nullable): the currency code
 * @since: (nullable): the day it holds from, `2026-03-31`; without it, a
 *   first rate for @spec covers all its work, and a change holds from now
 * @json: print JSON instead of a sentence
 *
 * Keeps the worker's own rate for an account or one of its projects.
 *
 * Returns: the exit status
 */
int
pw_cli_run_set_rate (const char *spec,
                     const char *amount,
                     const char *per,
                     const char *currency,
                     const char *since,
                     gboolean    json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) rates = NULL;
  g_autoptr (PwRate) rate = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *since_text = NULL;
  PwRateUnit unit = PW_RATE_PER_TASK;
  PwMoney money;
  gint64 since_us;

  g_return_val_if_fail (spec != NULL, EXIT_FAILURE);

  if (*spec == '\0' || amount == NULL || currency == NULL)
    {
      g_printerr (_("piecework: --set-rate needs an account, an amount and a currency: "
                    "piecework --set-rate=ACCOUNT[:PROJECT] --rate=0.05 --per=task "
                    "--currency=EUR\n"));
      return EXIT_FAILURE;
    }
  if (per != NULL && !pw_rate_unit_from_string (per, &unit))
    {
      g_printerr (_("piecework: “%s” is no unit of a rate; give --per=task or --per=hour\n"), per);
      return EXIT_FAILURE;
    }
  if (!pw_money_parse (&money, amount, currency, &error))
    {
      g_printerr (_("piecework: The rate “%s %s” cannot be read: %s\n"), amount, currency,
                  error->message);
      return EXIT_FAILURE;
    }

  if ((store = _pw_cli_open_store (&error)) == NULL ||
      !parse_target (store, spec, &account_id, &project_id, &error) ||
      (rates = pw_store_list_rates (store, account_id, &error)) == NULL)
    return _pw_cli_fail (error);

  if (since != NULL)
    {
      if (!parse_since (since, &since_us, &error))
        return _pw_cli_fail (error);
    }
  else if (has_rate_for (rates, account_id, project_id))
    since_us = g_get_real_time ();
  else
    since_us = 0;

  rate = pw_rate_new (account_id, project_id, &money, unit, since_us);
  if (!pw_rate_check (rate, &error))
    return _pw_cli_fail (error);
  pw_store_set_rate (store, rate);
  if (!pw_store_flush (store, &error))
    return _pw_cli_fail (error);

  amount_text = pw_money_format_amount (&rate->amount);
  since_text = format_since (rate->since);
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "account_id", rate->account_id);
      pw_json_builder_add_string (builder, "project_id", rate->project_id);
      pw_json_builder_add_string (builder, "amount", amount_text);
      pw_json_builder_add_string (builder, "currency", rate->amount.currency);
      pw_json_builder_add_string (builder, "per", pw_rate_unit_to_string (rate->unit));
      json_builder_set_member_name (builder, "since");
      json_builder_add_int_value (builder, rate->since / G_USEC_PER_SEC);
      json_builder_end_object (builder);
      _pw_cli_print_json (builder);
    }
  else
    {
      /* Translators: the account or ACCOUNT:PROJECT, an amount, its
       * currency, “per task” or “per hour”, and a date or “always” */
      g_print (_("Rate for %s: %s %s %s, since %s (your own figure)\n"), spec, amount_text,
               rate->amount.currency, unit_title (rate->unit), since_text);
    }
  return EXIT_SUCCESS;
}

/**
 * pw_cli_run_rates:
 * @json: print a JSON array instead of lines
 *
 * Prints the worker's own rates: "ACCOUNT\tPROJECT\tAMOUNT\tCURRENCY\tPER\tSINCE"
 * lines, `*` for a rate of the whole account.
 *
 * Returns: the exit status
 */
int
pw_cli_run_rates (gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GPtrArray) rates = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if ((store = _pw_cli_open_store (&error)) == NULL ||
      (accounts = pw_store_list_accounts (store, &error)) == NULL ||
      (rates = pw_store_list_rates (store, NULL, &error)) == NULL)
    return _pw_cli_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < rates->len; i++)
    {
      PwRate *rate = rates->pdata[i];
      PwStoreAccount *account = _pw_cli_find_account (accounts, rate->account_id);
      const char *name = account != NULL ? account->name : rate->account_id;
      g_autofree char *amount = pw_money_format_amount (&rate->amount);
      g_autofree char *since = format_since (rate->since);

      if (!json)
        {
          g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", name,
                   rate->project_id != NULL ? rate->project_id : "*", amount,
                   rate->amount.currency, pw_rate_unit_to_string (rate->unit), since);
          continue;
        }
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "account_id", rate->account_id);
      pw_json_builder_add_string (builder, "account", name);
      pw_json_builder_add_string (builder, "project_id", rate->project_id);
      pw_json_builder_add_string (builder, "amount", amount);
      pw_json_builder_add_string (builder, "currency", rate->amount.currency);
      pw_json_builder_add_string (builder, "per", pw_rate_unit_to_string (rate->unit));
      json_builder_set_member_name (builder, "since");
      json_builder_add_int_value (builder, rate->since / G_USEC_PER_SEC);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (json)
    _pw_cli_print_json (builder);
  return EXIT_SUCCESS;
}
