/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* The engine's version, as the project's meson.build gives it, and a check
 * that it is at least a given one. */

G_BEGIN_DECLS

const char *pw_version_string (void);
guint       pw_version_major  (void);
guint       pw_version_minor  (void);
guint       pw_version_micro  (void);
gboolean    pw_version_check  (guint major,
                               guint minor,
                               guint micro);

G_END_DECLS
