/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What spans, segments and choices share, in pw-model-read.c. */

int       _pw_model_id_compare    (const char   *a,
                                   const char   *b);
gboolean  _pw_model_read_id       (JsonObject   *object,
                                   const char   *what,
                                   const char  **id,
                                   GError      **error);
gboolean  _pw_model_read_label    (JsonObject   *object,
                                   const char   *what,
                                   const char  **label,
                                   GError      **error);
gboolean  _pw_model_label_is_valid (const char  *label,
                                    const char  *what,
                                    GError     **error);
GStrv     _pw_model_read_choices  (JsonObject   *object,
                                   const char   *member,
                                   const char   *what,
                                   GError      **error);
gpointer  _pw_model_out_of_range  (const char   *what,
                                   const char   *member,
                                   GError      **error);

G_END_DECLS
