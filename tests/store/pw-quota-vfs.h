/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A disk that fills up, for tests: a SQLite VFS over the default one that
 * refuses to grow the files it opens past a quota, as a full disk does, and
 * takes writes again once the quota is raised. */

#define PW_QUOTA_VFS_UNLIMITED G_MAXINT64

void   pw_quota_vfs_install   (void);
void   pw_quota_vfs_set_quota (gint64 bytes);
gint64 pw_quota_vfs_get_used  (void);
guint  pw_quota_vfs_get_refused (void);
void   pw_quota_vfs_set_failure (int    rc);

G_END_DECLS
