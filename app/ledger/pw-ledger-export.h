/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "store/pw-store.h"

G_BEGIN_DECLS

/**
 * PwLedgerExportKind:
 * @PW_LEDGER_EXPORT_ENTRIES: the statement entries whose time falls in the
 *   span, one row each
 * @PW_LEDGER_EXPORT_TIME: the time entries that start in the span
 * @PW_LEDGER_EXPORT_INCOME: a summary for taxes: per account (the payer)
 *   and currency, what was earned in the span
 *
 * What a CSV export holds. Every export is RFC 4180: CRLF line ends, a
 * header row, fields quoted when they hold a comma, a quote or a line
 * break. Amounts are decimal strings with a point (`12.50`, `-0.035`),
 * times ISO 8601 in UTC (`2026-11-29T09:00:00Z`, with microseconds only
 * when they are not zero), durations whole seconds.
 */
typedef enum
{
  PW_LEDGER_EXPORT_ENTRIES,
  PW_LEDGER_EXPORT_TIME,
  PW_LEDGER_EXPORT_INCOME,
} PwLedgerExportKind;

/**
 * PwLedgerProgressFunc:
 * @done: rows written so far
 * @total: rows to write
 * @user_data: the data given with the function
 *
 * Called from time to time while an export runs; for the async calls, on
 * the thread-default main context of the caller.
 */
typedef void (*PwLedgerProgressFunc) (guint64  done,
                                      guint64  total,
                                      gpointer user_data);

gboolean pw_ledger_export_to_stream (PwStore               *store,
                                     PwLedgerExportKind     kind,
                                     gint64                 start,
                                     gint64                 end,
                                     GOutputStream         *output,
                                     PwLedgerProgressFunc   progress,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     GError               **error);
void     pw_ledger_export_async     (PwStore               *store,
                                     PwLedgerExportKind     kind,
                                     gint64                 start,
                                     gint64                 end,
                                     GFile                 *file,
                                     PwLedgerProgressFunc   progress,
                                     gpointer               progress_data,
                                     GDestroyNotify         progress_data_free,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
gboolean pw_ledger_export_finish    (PwStore               *store,
                                     GAsyncResult          *result,
                                     GError               **error);

G_END_DECLS
