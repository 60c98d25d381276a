/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdlib.h>

#include "pw-cli.h"
#include "pw-version.h"

/* Every command-line option of piecework is declared here. The binary reads
 * them before it loads anything of the window (ui/main.c): the commands for
 * scripts run without GTK, GStreamer or a display; everything else is
 * handed to the application, which adds the same options for --help and
 * runs --export and the files to open. */
static const GOptionEntry entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "export", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Export the labels in FOLDER to OUTPUT as coco, voc or yolo, or the annotations of its texts and recordings as jsonl, and exit"),
    N_("FORMAT FOLDER OUTPUT") },
  { "add-account", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Add a marketplace account with --url, the token on standard input, and exit"),
    N_("NAME") },
  { "url", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("The marketplace’s address, for --add-account"), N_("URL") },
  { "kind", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("What the server speaks, for --add-account: piecework, cvat or label-studio; asked of "
       "the server when left out"), N_("KIND") },
  { "accounts", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("List the accounts and exit"), NULL },
  { "projects", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("List the projects of the accounts and exit"), NULL },
  { "account", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Only this account, for --projects"), N_("NAME") },
  { "claim", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Claim N tasks of a project, download their media, and exit"),
    N_("ACCOUNT:PROJECT:N") },
  { "sync", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Send the queued submissions, print a summary, and exit"), NULL },
  { "summary", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the earnings, hours and rates of a period and its projects, and exit"), NULL },
  { "period", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("The period for --summary (a week unless given) and --portfolio (a year): day, week, "
       "month or year"), N_("PERIOD") },
  { "date", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("A day in the period for --summary, such as 2026-03-31; today by default"), N_("DATE") },
  { "export-ledger", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Write every statement entry as CSV to FILE, or to standard output for -, and exit"),
    N_("FILE") },
  { "export-time", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Write every time entry as CSV to FILE, or to standard output for -, and exit"),
    N_("FILE") },
  { "income", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, NULL,
    N_("Print a year’s income per account and currency as CSV, for taxes, and exit"),
    N_("YEAR") },
  { "portfolio", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Write a PDF of your work in a period for clients to FILE, and exit"), N_("FILE") },
  { "set-rate", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Keep what an account or one of its projects pays you, with --rate, --per and "
       "--currency (and --since), and exit"), N_("ACCOUNT[:PROJECT]") },
  { "rate", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("The amount for --set-rate, such as 0.05"), N_("AMOUNT") },
  { "per", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("What --rate pays for: task or hour"), N_("UNIT") },
  { "currency", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("The currency of --rate, such as EUR"), N_("CODE") },
  { "since", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("The day --rate holds from, such as 2026-03-31"), N_("DATE") },
  { "rates", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("List the rates you gave and exit"), NULL },
  { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print JSON instead of lines, for the commands above"), NULL },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL,
    N_("[FILE|FOLDER…]") },
  { NULL }
};

/**
 * pw_cli_get_option_entries:
 *
 * Returns: (transfer none): every option of the piecework binary, for
 *   g_application_add_main_option_entries()
 */
const GOptionEntry *
pw_cli_get_option_entries (void)
{
  return entries;
}

/**
 * pw_cli_get_option_summary:
 *
 * Returns: (transfer none): what --help says the binary does, translated
 */
const char *
pw_cli_get_option_summary (void)
{
  return _("Label images, text and audio for data marketplaces.");
}

/**
 * pw_cli_run_options:
 * @options: the options given, as GApplication's handle-local-options
 *   signal holds them
 *
 * Runs the command for scripts among @options, or prints the version.
 *
 * Returns: the exit status, or -1 when @options hold no such command
 */
int
pw_cli_run_options (GVariantDict *options)
{
  const char *text = NULL;
  gboolean json;
  int year;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("piecework %s\n", pw_version_string ());
      return EXIT_SUCCESS;
    }
  /* Exporting labels is the application's, and goes before the rest. A
   * portfolio is written with cairo and pango, which the binary loads with
   * the window's part: see pw_cli_run_document_options(). */
  if (g_variant_dict_contains (options, "export") || g_variant_dict_contains (options, "portfolio"))
    return -1;

  /* The commands for scripts run here, without a window and without
   * registering the application's name on the bus. */
  json = g_variant_dict_contains (options, "json");
  if (g_variant_dict_lookup (options, "add-account", "&s", &text))
    {
      const char *url = NULL;
      const char *kind = NULL;

      g_variant_dict_lookup (options, "url", "&s", &url);
      g_variant_dict_lookup (options, "kind", "&s", &kind);
      return pw_cli_run_add_account (text, url, kind, json);
    }
  if (g_variant_dict_contains (options, "accounts"))
    return pw_cli_run_accounts (json);
  if (g_variant_dict_contains (options, "projects"))
    {
      g_variant_dict_lookup (options, "account", "&s", &text);
      return pw_cli_run_projects (text, json);
    }
  if (g_variant_dict_lookup (options, "claim", "&s", &text))
    return pw_cli_run_claim (text, json);
  if (g_variant_dict_contains (options, "sync"))
    return pw_cli_run_sync (json);
  if (g_variant_dict_contains (options, "summary"))
    {
      const char *period = NULL;
      const char *date = NULL;

      g_variant_dict_lookup (options, "period", "&s", &period);
      g_variant_dict_lookup (options, "date", "&s", &date);
      return pw_cli_run_summary (period, date, json);
    }
  if (g_variant_dict_lookup (options, "set-rate", "&s", &text))
    {
      const char *amount = NULL, *per = NULL, *currency = NULL, *since = NULL;

      g_variant_dict_lookup (options, "rate", "&s", &amount);
      g_variant_dict_lookup (options, "per", "&s", &per);
      g_variant_dict_lookup (options, "currency", "&s", &currency);
      g_variant_dict_lookup (options, "since", "&s", &since);
      return pw_cli_run_set_rate (text, amount, per, currency, since, json);
    }
  if (g_variant_dict_contains (options, "rates"))
    return pw_cli_run_rates (json);
  if (g_variant_dict_lookup (options, "export-ledger", "^&ay", &text))
    return pw_cli_run_export_ledger (text);
  if (g_variant_dict_lookup (options, "export-time", "^&ay", &text))
    return pw_cli_run_export_time (text);
  if (g_variant_dict_lookup (options, "income", "i", &year))
    return pw_cli_run_income (year);
  return -1;
}

typedef struct
{
  int      status;
  gboolean window;
} Run;

static int
on_handle_local_options (GApplication *application,
                         GVariantDict *options,
                         gpointer      user_data)
{
  Run *run = user_data;

  run->status = pw_cli_run_options (options);
  run->window = run->status < 0;
  if (run->window)
    run->status = EXIT_SUCCESS;
  /* Nothing more here: the application reads the options again. */
  return EXIT_SUCCESS;
}

/**
 * pw_cli_main:
 * @argc: the number of arguments
 * @argv: (array length=argc): the arguments of the piecework binary
 * @window: (out): %TRUE when the options ask for no command for scripts,
 *   but for the application
 *
 * Reads the options as the application does and runs the command for
 * scripts they name, with nothing of GTK loaded. Errors in the options and
 * --help are answered here too.
 *
 * Returns: the exit status, unless @window is set
 */
int
pw_cli_main (int       argc,
             char     *argv[],
             gboolean *window)
{
  g_autoptr (GApplication) application = NULL;
  Run run = { -1, FALSE };
  int status;

  /* A plain GApplication parses the options as PwApplication does, and is
   * never registered: its handler always answers. */
  application = g_application_new (NULL, G_APPLICATION_HANDLES_OPEN);
  g_application_add_main_option_entries (application, entries);
  g_application_set_option_context_summary (application, pw_cli_get_option_summary ());
  g_signal_connect (application, "handle-local-options", G_CALLBACK (on_handle_local_options),
                    &run);
  /* Without the handler, the options were wrong or --help was asked. */
  status = g_application_run (application, argc, argv);
  *window = run.window;
  return run.status >= 0 ? run.status : status;
}
