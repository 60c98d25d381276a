/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PW_TYPE_LABEL_SWATCH (pw_label_swatch_get_type ())
G_DECLARE_FINAL_TYPE (PwLabelSwatch, pw_label_swatch, PW, LABEL_SWATCH, GtkWidget)

/* The width and height of a swatch, in pixels */
#define PW_LABEL_SWATCH_SIZE 12

GtkWidget     *pw_label_swatch_new       (const char    *color);
const GdkRGBA *pw_label_swatch_get_rgba  (PwLabelSwatch *self);

G_END_DECLS
