/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ledger/pw-figures.h"
#include "ledger/pw-portfolio.h"
#include "pw-cli-private.h"
#include "pw-cli.h"

/* The portfolio report for clients, written from the command line. */

/* The name on the report: the one the system knows for the worker, if
 * any. */
static const char *
worker_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    return NULL;
  return name;
}

/**
 * pw_cli_run_portfolio:
 * @file: the PDF file to write
 * @period: (nullable): what the report covers: the local `day`, `week`,
 *   `month` or `year` (the default) that holds now
 *
 * Writes the worker's portfolio of the period as a PDF, under the name the
 * system knows for them.
 *
 * Returns: the exit status
 */
int
pw_cli_run_portfolio (const char *file,
                      const char *period)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GFile) output = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) now = g_date_time_new_now (local);
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *name = NULL;
  PwPeriod which = PW_PERIOD_YEAR;
  gint64 start, end;

  g_return_val_if_fail (file != NULL, EXIT_FAILURE);

  if (period != NULL && !pw_period_from_string (period, &which))
    {
      g_printerr (_("piecework: “%s” is not a period; use day, week, month or year\n"), period);
      return EXIT_FAILURE;
    }
  if ((store = _pw_cli_open_store (&error)) == NULL)
    return _pw_cli_fail (error);

  pw_period_bounds (which, now, &start, &end);
  output = g_file_new_for_commandline_arg (file);
  pw_portfolio_write_async (store, output, start, end, worker_name (), local, NULL, NULL, NULL,
                            NULL, _pw_cli_ready, &result);
  if (!pw_portfolio_write_finish (store, _pw_cli_wait (&result), &error))
    return _pw_cli_fail (error);

  name = g_file_get_parse_name (output);
  /* Translators: %s is the PDF file */
  g_print (_("Wrote the portfolio to %s\n"), name);
  return EXIT_SUCCESS;
}

/**
 * pw_cli_run_document_options:
 * @options: the options given
 *
 * Runs the commands for scripts that write documents (--portfolio), which
 * need more libraries than the rest (cairo, pango): the application runs
 * them, in the window's part of the binary, still without a window. Kept
 * apart from pw_cli_run_options() so the binary links none of them.
 *
 * Returns: the exit status, or -1 when @options hold no such command
 */
int
pw_cli_run_document_options (GVariantDict *options)
{
  const char *file = NULL;

  if (g_variant_dict_lookup (options, "portfolio", "^&ay", &file))
    {
      const char *period = NULL;

      g_variant_dict_lookup (options, "period", "&s", &period);
      return pw_cli_run_portfolio (file, period);
    }
  return -1;
}
