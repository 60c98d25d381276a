/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Real key and pointer events under Xvfb, through xdotool: the arguments
 * are xdotool's, such as "key", "ctrl+Return", "type", "hello". The main
 * loop turns until xdotool is done and the events are handled. */
void pw_ui_test_xdotool (const char *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
