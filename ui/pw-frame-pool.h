/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void             pw_frame_pool_keep       (GtkWindow  *window);
cairo_surface_t *pw_frame_pool_get_keeper (GdkDisplay *display);
gboolean         pw_frame_pool_was_tried  (GdkDisplay *display);

G_END_DECLS
