/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* PwTokenKeeper holds each account's access token: in the keyring, through
 * the Secret Service, or in memory for this run only when there is no
 * keyring, and then it says why (pw_token_keeper_get_fallback_reason()).
 * A token is never written to disk in plain text. */

G_BEGIN_DECLS

#define PW_TYPE_TOKEN_KEEPER (pw_token_keeper_get_type ())

G_DECLARE_FINAL_TYPE (PwTokenKeeper, pw_token_keeper, PW, TOKEN_KEEPER, GObject)

PwTokenKeeper *pw_token_keeper_new                 (void);
void           pw_token_keeper_store_async         (PwTokenKeeper        *self,
                                                    const char           *account_id,
                                                    const char           *account_name,
                                                    const char           *token,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       pw_token_keeper_store_finish        (PwTokenKeeper        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void           pw_token_keeper_lookup_async        (PwTokenKeeper        *self,
                                                    const char           *account_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char          *pw_token_keeper_lookup_finish       (PwTokenKeeper        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void           pw_token_keeper_clear_async         (PwTokenKeeper        *self,
                                                    const char           *account_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       pw_token_keeper_clear_finish        (PwTokenKeeper        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
gboolean       pw_token_keeper_get_persistent      (PwTokenKeeper        *self);
const char    *pw_token_keeper_get_fallback_reason (PwTokenKeeper        *self);

G_END_DECLS
