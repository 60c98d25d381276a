/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* Where the worker's data lives: the store under $XDG_DATA_HOME/piecework,
 * media that can be fetched again under $XDG_CACHE_HOME/piecework, both
 * made private to the user. */

G_BEGIN_DECLS

char     *pw_paths_data_dir   (void);
char     *pw_paths_cache_dir  (void);
char     *pw_paths_store_file (void);
gboolean  pw_paths_ensure_dir (const char  *path,
                               GError     **error);

G_END_DECLS
