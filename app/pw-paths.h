/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *pw_paths_data_dir   (void);
char     *pw_paths_cache_dir  (void);
char     *pw_paths_store_file (void);
gboolean  pw_paths_ensure_dir (const char  *path,
                               GError     **error);

G_END_DECLS
