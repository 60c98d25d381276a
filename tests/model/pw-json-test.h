/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Helpers for the JSON tests: comparing trees, their depth, and
 * round trips through the writer. */

gboolean  pw_json_test_same_tree  (JsonNode    *a,
                                   JsonNode    *b,
                                   gboolean     loose);
guint     pw_json_test_depth      (JsonNode    *node);
JsonNode *pw_json_test_glib_parse (const char  *data,
                                   gsize        length);
gboolean  pw_json_test_round_trip (JsonNode    *node,
                                   gboolean     pretty,
                                   char       **why);

G_END_DECLS
