/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* A row of Preferences' account list: an account, its state and its actions. */

#define PW_TYPE_ACCOUNT_ROW (pw_account_row_get_type ())

G_DECLARE_FINAL_TYPE (PwAccountRow, pw_account_row, PW, ACCOUNT_ROW, AdwActionRow)

GtkWidget *pw_account_row_new         (PwAccount    *account);
PwAccount *pw_account_row_get_account (PwAccountRow *self);

G_END_DECLS
