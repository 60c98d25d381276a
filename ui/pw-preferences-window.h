/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* Preferences: accounts, idle time, labeling and audio settings. */

#define PW_TYPE_PREFERENCES_WINDOW (pw_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PwPreferencesWindow, pw_preferences_window, PW, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

PwPreferencesWindow *pw_preferences_window_new                 (GtkWindow           *parent,
                                                                PwAccountManager    *manager,
                                                                PwStore             *store);
PwAccountManager    *pw_preferences_window_get_account_manager (PwPreferencesWindow *self);
void                 pw_preferences_window_set_account_manager (PwPreferencesWindow *self,
                                                                PwAccountManager    *manager,
                                                                PwStore             *store);

G_END_DECLS
