/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean pw_file_write_durably    (GFile       *file,
                                   const char  *contents,
                                   gsize        length,
                                   GError     **error);
void     pw_file_error_to_pw      (GError     **error,
                                   GError      *file_error,
                                   const char  *name);

G_END_DECLS
