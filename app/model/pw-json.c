/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "pw-error.h"
#include "pw-json.h"

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
