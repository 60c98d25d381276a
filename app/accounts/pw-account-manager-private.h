/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-account-manager.h"

G_BEGIN_DECLS

/* Shared by the files of PwAccountManager. */
struct _PwAccountManager
{
  GObject        parent_instance;

  PwStore       *store;
  PwTokenKeeper *keeper;
  GListStore    *accounts;
  GHashTable    *tokens;   /* account id → token */
  GHashTable    *clients;  /* account id → PwConnector */
};

void       _pw_account_manager_set_token (PwAccountManager *self,
                                          const char       *account_id,
                                          const char       *token);

PwAccount *_pw_account_new           (const char    *id,
                                      const char    *name,
                                      const char    *base_url,
                                      PwAccountKind  kind);
void       _pw_account_set_details   (PwAccount     *self,
                                      const char    *name,
                                      const char    *base_url,
                                      PwAccountKind  kind);
void       _pw_account_set_has_token (PwAccount  *self,
                                      gboolean    has_token);
void       _pw_account_set_problem   (PwAccount  *self,
                                      const char *problem);
void       _pw_account_set_unknown_kind (PwAccount  *self,
                                         const char *kind);
const char *_pw_account_get_unknown_kind (PwAccount *self);

G_END_DECLS
