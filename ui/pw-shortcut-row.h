/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A Preferences row that takes the next key pressed as a shortcut. */

#define PW_TYPE_SHORTCUT_ROW (pw_shortcut_row_get_type ())

G_DECLARE_FINAL_TYPE (PwShortcutRow, pw_shortcut_row, PW, SHORTCUT_ROW, AdwActionRow)

const char *pw_shortcut_row_get_accelerator (PwShortcutRow *self);
void        pw_shortcut_row_set_accelerator (PwShortcutRow *self,
                                             const char    *accelerator);
gboolean    pw_shortcut_row_get_capturing   (PwShortcutRow *self);

G_END_DECLS
