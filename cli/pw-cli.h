/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* The commands of `piecework` for scripts and timers (--accounts, --claim,
 * --sync, --summary, --export-ledger, --portfolio and the rest): each runs
 * to its end in the calling process, without a window, prints text or JSON
 * or writes a file, and returns the exit status. */

G_BEGIN_DECLS

int pw_cli_run_add_account (const char *name,
                            const char *url,
                            const char *kind,
                            gboolean    json);
int pw_cli_run_accounts    (gboolean    json);
int pw_cli_run_projects    (const char *account,
                            gboolean    json);
int pw_cli_run_claim       (const char *spec,
                            gboolean    json);
int pw_cli_run_sync        (gboolean    json);
int pw_cli_run_summary       (const char *period,
                              const char *date,
                              gboolean    json);
int pw_cli_run_export_ledger (const char *file);
int pw_cli_run_export_time   (const char *file);
int pw_cli_run_income        (int         year);
int pw_cli_run_portfolio     (const char *file,
                              const char *period);
int pw_cli_run_set_rate      (const char *spec,
                              const char *amount,
                              const char *per,
                              const char *currency,
                              const char *since,
                              gboolean    json);
int pw_cli_run_rates         (gboolean    json);

const GOptionEntry *pw_cli_get_option_entries (void);
const char         *pw_cli_get_option_summary (void);
int                 pw_cli_run_options        (GVariantDict *options);
int                 pw_cli_run_document_options (GVariantDict *options);
int                 pw_cli_main               (int           argc,
                                               char         *argv[],
                                               gboolean     *window);

G_END_DECLS
