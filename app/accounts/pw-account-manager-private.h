/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-account-manager.h"

G_BEGIN_DECLS

PwAccount *pw_account_new           (const char *id,
                                     const char *name,
                                     const char *base_url);
void       pw_account_set_details   (PwAccount  *self,
                                     const char *name,
                                     const char *base_url);
void       pw_account_set_has_token (PwAccount  *self,
                                     gboolean    has_token);
void       pw_account_set_problem   (PwAccount  *self,
                                     const char *problem);

G_END_DECLS
