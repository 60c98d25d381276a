/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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

G_END_DECLS
