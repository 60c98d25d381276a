/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "connectors/pw-connector.h"
#include "store/pw-store-outbox.h"

/* What the command files share: waiting for an async call by iterating the
 * default main context, opening the store and an account's client, finding
 * an account by name or id, printing JSON, and failing with an error's
 * message. */

G_BEGIN_DECLS

void            _pw_cli_ready          (GObject         *source,
                                        GAsyncResult    *result,
                                        gpointer         user_data);
GAsyncResult   *_pw_cli_wait           (GAsyncResult   **result);
PwStore        *_pw_cli_open_store     (GError         **error);
PwStoreAccount *_pw_cli_find_account   (GPtrArray       *accounts,
                                        const char      *name_or_id);
PwConnector       *_pw_cli_account_client (PwStoreAccount  *account,
                                        GError         **error);
void            _pw_cli_print_json     (JsonBuilder     *builder);
int             _pw_cli_fail           (const GError    *error);

G_END_DECLS
