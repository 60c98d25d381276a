/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "accounts/pw-token-keeper.h"
#include "connectors/pw-connector.h"
#include "store/pw-store.h"

G_BEGIN_DECLS

/**
 * PW_DEMO_ACCOUNT_ID:
 *
 * The id of the account of the demo marketplace that runs inside the app.
 */
#define PW_DEMO_ACCOUNT_ID "demo"

#define PW_TYPE_ACCOUNT (pw_account_get_type ())

G_DECLARE_FINAL_TYPE (PwAccount, pw_account, PW, ACCOUNT, GObject)

const char *pw_account_get_id        (PwAccount *self);
const char *pw_account_get_name      (PwAccount *self);
const char *pw_account_get_base_url  (PwAccount *self);
PwAccountKind pw_account_get_kind    (PwAccount *self);
gboolean    pw_account_get_has_token (PwAccount *self);
gboolean    pw_account_get_is_demo   (PwAccount *self);
const char *pw_account_get_problem   (PwAccount *self);
gboolean    pw_account_can_keep_token (PwAccount  *self,
                                       const char *base_url);

#define PW_TYPE_ACCOUNT_MANAGER (pw_account_manager_get_type ())

G_DECLARE_FINAL_TYPE (PwAccountManager, pw_account_manager, PW, ACCOUNT_MANAGER, GObject)

PwAccountManager *pw_account_manager_new                 (PwStore          *store,
                                                          PwTokenKeeper    *keeper);
GListModel       *pw_account_manager_get_accounts        (PwAccountManager *self);
PwAccount        *pw_account_manager_lookup              (PwAccountManager *self,
                                                          const char       *account_id);
gboolean          pw_account_manager_get_keyring_available (PwAccountManager *self);
const char       *pw_account_manager_get_keyring_problem (PwAccountManager *self);

void              pw_account_manager_load_async          (PwAccountManager *self,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
gboolean          pw_account_manager_load_finish         (PwAccountManager *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);

void              pw_account_manager_add_async           (PwAccountManager *self,
                                                          const char       *name,
                                                          const char       *base_url,
                                                          PwAccountKind     kind,
                                                          const char       *token,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
PwAccount        *pw_account_manager_add_finish          (PwAccountManager *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);
void              pw_account_manager_update_async        (PwAccountManager *self,
                                                          const char       *account_id,
                                                          const char       *name,
                                                          const char       *base_url,
                                                          PwAccountKind     kind,
                                                          const char       *token,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
gboolean          pw_account_manager_update_finish       (PwAccountManager *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);
void              pw_account_manager_remove_async        (PwAccountManager *self,
                                                          const char       *account_id,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
gboolean          pw_account_manager_remove_finish       (PwAccountManager *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);

void              pw_account_manager_set_demo            (PwAccountManager *self,
                                                          const char       *base_url,
                                                          const char       *token);

PwConnector      *pw_account_manager_get_connector       (PwAccountManager *self,
                                                          const char       *account_id);
void              pw_account_manager_report_unauthorized (PwAccountManager *self,
                                                          const char       *account_id);

G_END_DECLS
