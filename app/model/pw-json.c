/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "pw-error.h"
#include "pw-json.h"

/* JSON comes from marketplaces, from files other tools wrote and from our own
 * store. json-glib parses any nesting depth recursively, so the limits are
 * checked on the raw bytes first. */

/**
 * pw_json_check_limits:
 * @data: the bytes of a JSON document
 * @length: the length of @data
 * @what: a name for the document in messages, such as its file name
 * @error: return location for a #GError
 *
 * Refuses a document over %PW_JSON_MAX_BYTES or nested deeper than
 * %PW_JSON_MAX_DEPTH, with %PW_ERROR_TOO_LARGE. Brackets inside strings
 * do not count.
 *
 * Returns: %TRUE when the document may be parsed
 */
gboolean
pw_json_check_limits (const char  *data,
                      gsize        length,
                      const char  *what,
                      GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  if (length > PW_JSON_MAX_BYTES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("“%s” is larger than 32 MiB and was not opened"), what);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > PW_JSON_MAX_DEPTH)
            {
              g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                           _("“%s” is nested deeper than %d levels and was not opened"),
                           what, PW_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* Unbalanced input is the parser's to report. */
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* json-glib 1.6 decodes some escapes into bytes that are not UTF-8 and
 * hands them on: a high surrogate that no low surrogate follows, and octal
 * escapes such as \377, which JSON does not have. Such a string would break
 * a label on screen, or a file written back, which could not be read again.
 * The depth is bounded by the limits checked before parsing. */
static gboolean
node_is_valid_text (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (!g_utf8_validate (name, -1, NULL) || !node_is_valid_text (member))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (!node_is_valid_text (json_array_get_element (array, i)))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING
             || g_utf8_validate (json_node_get_string (node), -1, NULL);

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/**
 * pw_json_parse:
 * @data: the bytes of a JSON document
 * @length: the length of @data
 * @what: a name for the document in messages
 * @error: return location for a #GError
 *
 * Checks the limits, then parses, and refuses a document with a string
 * that is not UTF-8 once its escapes are decoded.
 *
 * Returns: (transfer full): the root node, or %NULL with %PW_ERROR_TOO_LARGE
 *   or %PW_ERROR_INVALID_DATA
 */
JsonNode *
pw_json_parse (const char  *data,
               gsize        length,
               const char  *what,
               GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;

  if (!pw_json_check_limits (data, length, what, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("“%s” is not valid JSON: %s"), what, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, _("“%s” is empty"), what);
      return NULL;
    }

  if (!node_is_valid_text (root))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("“%s” is not valid JSON: a string in it is not valid text"), what);
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * pw_json_load_file:
 * @file: a JSON file
 * @error: return location for a #GError
 *
 * Reads and parses @file, refusing one over the limits before reading it all.
 *
 * Returns: (transfer full): the root node, or %NULL
 */
JsonNode *
pw_json_load_file (GFile   *file,
                   GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PW_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_size (info) > PW_JSON_MAX_BYTES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("“%s” is larger than 32 MiB and was not opened"), name);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  return pw_json_parse (contents, length, name, error);
}

/**
 * pw_json_get_object:
 * @node: a JSON node
 * @what: where @node is, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the object @node holds, or %NULL with
 *   %PW_ERROR_INVALID_DATA
 */
JsonObject *
pw_json_get_object (JsonNode    *node,
                    const char  *what,
                    GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s must be a JSON object"), what);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonNode *
require_member (JsonObject  *object,
                const char  *member,
                const char  *what,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                 _("%s: the member “%s” is missing"), what, member);
  return node;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/**
 * pw_json_member_number:
 * @object: a JSON object
 * @member: the member to read
 * @what: where @object is, for messages
 * @value: (out): the number
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @member is there and is a number
 */
gboolean
pw_json_member_number (JsonObject  *object,
                       const char  *member,
                       const char  *what,
                       double      *value,
                       GError     **error)
{
  JsonNode *node = require_member (object, member, what, error);

  if (node == NULL)
    return FALSE;
  if (!node_is_number (node))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be a number"), what, member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

/**
 * pw_json_member_int:
 * @object: a JSON object
 * @member: the member to read
 * @what: where @object is, for messages
 * @value: (out): the integer
 * @error: return location for a #GError
 *
 * Accepts a float with no fraction, as some tools write sizes that way.
 *
 * Returns: %TRUE when @member is there and is a whole number
 */
gboolean
pw_json_member_int (JsonObject  *object,
                    const char  *member,
                    const char  *what,
                    gint64      *value,
                    GError     **error)
{
  JsonNode *node = require_member (object, member, what, error);
  double number;

  if (node == NULL)
    return FALSE;
  if (node_is_number (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (node_is_number (node))
    {
      number = json_node_get_double (node);
      if (number == floor (number) && fabs (number) < 1e15)
        {
          *value = (gint64) number;
          return TRUE;
        }
    }
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("%s: the member “%s” must be a whole number"), what, member);
  return FALSE;
}

/**
 * pw_json_member_string:
 * @object: a JSON object
 * @member: the member to read
 * @what: where @object is, for messages
 * @nullable: %TRUE when a missing member or `null` reads as %NULL
 * @value: (out) (transfer none): the string, owned by @object
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @member is a string, or absent or null and @nullable
 */
gboolean
pw_json_member_string (JsonObject  *object,
                       const char  *member,
                       const char  *what,
                       gboolean     nullable,
                       const char **value,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (nullable && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    {
      *value = NULL;
      return TRUE;
    }
  if (node == NULL)
    return require_member (object, member, what, error) != NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be a string"), what, member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

/**
 * pw_json_member_array:
 * @object: a JSON object
 * @member: the member to read
 * @what: where @object is, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the array, or %NULL with %PW_ERROR_INVALID_DATA
 */
JsonArray *
pw_json_member_array (JsonObject  *object,
                      const char  *member,
                      const char  *what,
                      GError     **error)
{
  JsonNode *node = require_member (object, member, what, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be a list"), what, member);
      return NULL;
    }
  return json_node_get_array (node);
}

/**
 * pw_json_member_object:
 * @object: a JSON object
 * @member: the member to read
 * @what: where @object is, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the object, or %NULL with %PW_ERROR_INVALID_DATA
 */
JsonObject *
pw_json_member_object (JsonObject  *object,
                       const char  *member,
                       const char  *what,
                       GError     **error)
{
  JsonNode *node = require_member (object, member, what, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be an object"), what, member);
      return NULL;
    }
  return json_node_get_object (node);
}

/**
 * pw_json_node_point:
 * @node: a JSON node
 * @what: where @node is, for messages
 * @x: (out): the first number
 * @y: (out): the second number
 * @error: return location for a #GError
 *
 * Reads a point written as `[x, y]`.
 *
 * Returns: %TRUE when @node is a list of two finite numbers
 */
gboolean
pw_json_node_point (JsonNode    *node,
                    const char  *what,
                    double      *x,
                    double      *y,
                    GError     **error)
{
  JsonArray *pair;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      pair = json_node_get_array (node);
      if (json_array_get_length (pair) == 2
          && node_is_number (json_array_get_element (pair, 0))
          && node_is_number (json_array_get_element (pair, 1)))
        {
          *x = json_array_get_double_element (pair, 0);
          *y = json_array_get_double_element (pair, 1);
          if (isfinite (*x) && isfinite (*y))
            return TRUE;
        }
    }

  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("%s must be a point written as [x, y]"), what);
  return FALSE;
}
