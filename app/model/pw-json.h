/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PW_JSON_MAX_BYTES:
 *
 * The largest JSON document the engine parses: 32 MiB.
 */
#define PW_JSON_MAX_BYTES (32 * 1024 * 1024)

/**
 * PW_JSON_MAX_DEPTH:
 *
 * The deepest nesting of arrays and objects the engine parses.
 */
#define PW_JSON_MAX_DEPTH 64

/**
 * PW_JSON_MAX_COST:
 *
 * The most memory, estimated, that the tree of one parsed document may
 * take: 64 MiB. A tree costs up to a hundred times its text (an empty
 * object takes about 300 bytes), so a document refused by this budget may
 * be well under %PW_JSON_MAX_BYTES; four marketplace answers in flight
 * for an account hold at most 4 × (32 + 64) MiB. An annotation of 150,000
 * points fits.
 */
#define PW_JSON_MAX_COST (64 * 1024 * 1024)

JsonNode   *pw_json_parse        (const char  *data,
                                  gsize        length,
                                  const char  *what,
                                  GError     **error);
JsonNode   *pw_json_load_file    (GFile       *file,
                                  GError     **error);
char       *pw_json_to_string    (JsonNode    *node,
                                  gboolean     pretty);
char       *pw_json_format_double (double      value);
void        pw_json_builder_add_string (JsonBuilder *builder,
                                        const char  *name,
                                        const char  *value);

JsonObject *pw_json_get_object   (JsonNode    *node,
                                  const char  *what,
                                  GError     **error);
gboolean    pw_json_member_number (JsonObject *object,
                                   const char *member,
                                   const char *what,
                                   double     *value,
                                   GError    **error);
gboolean    pw_json_member_int   (JsonObject  *object,
                                  const char  *member,
                                  const char  *what,
                                  gint64      *value,
                                  GError     **error);
gboolean    pw_json_member_string (JsonObject  *object,
                                   const char  *member,
                                   const char  *what,
                                   gboolean     nullable,
                                   const char **value,
                                   GError     **error);
JsonArray  *pw_json_member_array (JsonObject  *object,
                                  const char  *member,
                                  const char  *what,
                                  GError     **error);
JsonObject *pw_json_member_object (JsonObject *object,
                                   const char *member,
                                   const char *what,
                                   GError    **error);
gboolean    pw_json_node_point   (JsonNode    *node,
                                  const char  *what,
                                  double      *x,
                                  double      *y,
                                  GError     **error);

G_END_DECLS
