/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The keys that give labels, the same in every panel: a label the project
 * gives a digit keeps it; the others take, in order, the keys left of
 * 0, Shift+1 … Shift+0 and Ctrl+Shift+1 … Ctrl+Shift+0, so up to 30 labels
 * each have one key. The digits of the keypad count as digits. */

#define PW_LABEL_KEYS_MAX 30

int       pw_label_keys_slot_for_event (GdkDisplay      *display,
                                        guint            keyval,
                                        guint            keycode,
                                        GdkModifierType  state);
int       pw_label_keys_slot_of        (PwLabelSet      *labels,
                                        PwLabel         *label);
PwLabel  *pw_label_keys_lookup         (PwLabelSet      *labels,
                                        guint            tool,
                                        int              slot);
PwLabel  *pw_label_keys_lookup_event   (PwLabelSet      *labels,
                                        guint            tool,
                                        GdkDisplay      *display,
                                        guint            keyval,
                                        guint            keycode,
                                        GdkModifierType  state);
char     *pw_label_keys_describe       (PwLabelSet      *labels,
                                        PwLabel         *label);

G_END_DECLS
