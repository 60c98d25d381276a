/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The dialog that adds or changes an account: its name, address, kind and
 * token, checked with the server. */

#define PW_TYPE_ACCOUNT_EDITOR (pw_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (PwAccountEditor, pw_account_editor, PW, ACCOUNT_EDITOR, AdwWindow)

PwAccountEditor *pw_account_editor_new         (GtkWindow        *parent,
                                                PwAccountManager *manager,
                                                PwStore          *store,
                                                PwAccount        *account);
PwAccount       *pw_account_editor_get_account (PwAccountEditor  *self);
gboolean         pw_account_editor_get_busy    (PwAccountEditor  *self);
gboolean         pw_account_editor_get_detecting (PwAccountEditor *self);

G_END_DECLS
