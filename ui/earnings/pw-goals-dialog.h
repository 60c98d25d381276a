/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The dialog that sets the goal (money or hours in a period) and the lowest
 * hourly rate. */

#define PW_TYPE_GOALS_DIALOG (pw_goals_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PwGoalsDialog, pw_goals_dialog, PW, GOALS_DIALOG, AdwPreferencesWindow)

PwGoalsDialog *pw_goals_dialog_new        (GtkWindow  *parent);
gboolean       pw_goals_dialog_parse_amount       (const char *text,
                                                   gint64     *micro);

G_END_DECLS
