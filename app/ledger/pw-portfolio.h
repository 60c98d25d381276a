/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ledger/pw-ledger-export.h"
#include "store/pw-store.h"

G_BEGIN_DECLS

/* The work portfolio: a PDF of the tasks done in a period, with their
 * reviews, for a worker to show a client. */

void     pw_portfolio_write_async  (PwStore              *store,
                                    GFile                *output,
                                    gint64                start,
                                    gint64                end,
                                    const char           *worker_name,
                                    GTimeZone            *tz,
                                    PwLedgerProgressFunc  progress,
                                    gpointer              progress_data,
                                    GDestroyNotify        progress_data_free,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean pw_portfolio_write_finish (PwStore              *store,
                                    GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
