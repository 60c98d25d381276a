/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* Writing the files other tools read, labelme JSON and exports, so that a
 * crash or a full disk leaves the old file or the new one whole, never half
 * of either; and turning a file error into the PW_ERROR code that tells the
 * worker what to do. */

G_BEGIN_DECLS

gboolean pw_file_write_durably    (GFile       *file,
                                   const char  *contents,
                                   gsize        length,
                                   GError     **error);
void     pw_file_error_to_pw      (GError     **error,
                                   GError      *file_error,
                                   const char  *name);

G_END_DECLS
