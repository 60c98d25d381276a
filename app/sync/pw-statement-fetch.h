/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "connectors/pw-connector.h"
#include "store/pw-store.h"

G_BEGIN_DECLS

/**
 * PW_STATEMENT_FETCH_MAX_PAGES:
 *
 * The most pages one fetch of a statement reads: 20,000 entries at the
 * marketplace's usual 100 a page. A longer statement is read on by the
 * next fetch, from the cursor kept; one that never ends costs no more
 * than this each time.
 */
#define PW_STATEMENT_FETCH_MAX_PAGES 200

void     pw_statement_fetch_async  (PwStore             *store,
                                    PwConnector         *client,
                                    const char          *account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean pw_statement_fetch_finish (GAsyncResult        *result,
                                    guint               *n_entries,
                                    GError             **error);

G_END_DECLS
