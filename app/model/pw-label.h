/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One label: its name, colour, key and the tools it is for. */

#define PW_TYPE_LABEL (pw_label_get_type ())

G_DECLARE_FINAL_TYPE (PwLabel, pw_label, PW, LABEL, GObject)

PwLabel    *pw_label_new            (const char *name,
                                     const char *color,
                                     char        hotkey);
const char *pw_label_get_name       (PwLabel    *self);
const char *pw_label_get_color      (PwLabel    *self);
char        pw_label_get_hotkey     (PwLabel    *self);
guint       pw_label_get_tools      (PwLabel    *self);
void        _pw_label_set_tools     (PwLabel    *self,
                                     guint       tools);
gboolean    pw_label_is_for         (PwLabel    *self,
                                     guint       tool);
const char *pw_label_get_group      (PwLabel    *self);
void        _pw_label_set_group     (PwLabel    *self,
                                     const char *group);

gboolean    pw_label_color_is_valid (const char *color);
gboolean    pw_label_name_is_valid  (const char *name);
char       *pw_label_name_printable (const char *name);
const char *pw_label_default_color  (guint       index);

G_END_DECLS
