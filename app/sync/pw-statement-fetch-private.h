/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-statement-fetch.h"

G_BEGIN_DECLS

/* pw_statement_fetch_async() with another page limit, for tests. */
void _pw_statement_fetch_full_async (PwStore             *store,
                                     PwConnector         *client,
                                     const char          *account_id,
                                     guint                max_pages,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

G_END_DECLS
