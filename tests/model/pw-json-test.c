/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"
#include "pw-json-test.h"

/* What the JSON tests and the JSON fuzz target both check. */

/**
 * pw_json_test_same_tree:
 * @a: a tree from pw_json_parse()
 * @b: another tree
 * @loose: %TRUE when @b is json-glib's reading of the same text
 *
 * Equal down to the type of each number, every bit of each double and the
 * order of members. json-glib wraps an integer that does not fit 64 bits
 * around, where pw_json_parse() reads a double; with @loose, such a pair
 * counts as equal.
 */
gboolean
pw_json_test_same_tree (JsonNode *a,
                        JsonNode *b,
                        gboolean  loose)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (a);

        if (loose && type == G_TYPE_DOUBLE && json_node_get_value_type (b) == G_TYPE_INT64)
          {
            double value = json_node_get_double (a);

            return value >= 0x1p63 || value <= -0x1p63;
          }
        if (type != json_node_get_value_type (b))
          return FALSE;
        if (type == G_TYPE_INT64)
          return json_node_get_int (a) == json_node_get_int (b);
        if (type == G_TYPE_DOUBLE)
          {
            double x = json_node_get_double (a);
            double y = json_node_get_double (b);

            return memcmp (&x, &y, sizeof x) == 0;
          }
        if (type == G_TYPE_BOOLEAN)
          return json_node_get_boolean (a) == json_node_get_boolean (b);
        return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          {
            if (!pw_json_test_same_tree (json_array_get_element (x, i),
                                         json_array_get_element (y, i), loose))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter i, j;
        const char *name_a, *name_b;
        JsonNode *member_a, *member_b;

        if (json_object_get_size (json_node_get_object (a))
            != json_object_get_size (json_node_get_object (b)))
          return FALSE;
        json_object_iter_init_ordered (&i, json_node_get_object (a));
        json_object_iter_init_ordered (&j, json_node_get_object (b));
        while (json_object_iter_next_ordered (&i, &name_a, &member_a))
          {
            if (!json_object_iter_next_ordered (&j, &name_b, &member_b)
                || strcmp (name_a, name_b) != 0
                || !pw_json_test_same_tree (member_a, member_b, loose))
              return FALSE;
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/**
 * pw_json_test_depth:
 * @node: a tree from pw_json_parse()
 *
 * Returns: how many arrays and objects deep @node nests
 */
guint
pw_json_test_depth (JsonNode *node)
{
  guint deepest = 0;
  guint depth;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          depth = pw_json_test_depth (json_array_get_element (array, i));
          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        {
          depth = pw_json_test_depth (member);
          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  return 0;
}

/**
 * pw_json_test_glib_parse:
 * @data: a JSON document that pw_json_parse() accepted, so not deep
 * @length: its length
 *
 * Returns: (transfer full) (nullable): json-glib's reading of @data
 */
JsonNode *
pw_json_test_glib_parse (const char *data,
                         gsize       length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL)
      || json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

/**
 * pw_json_test_round_trip:
 * @node: a tree from pw_json_parse()
 * @pretty: whether to write it indented
 * @why: (out): what went wrong, on failure
 *
 * Writes @node, reads it back and writes it again.
 *
 * Returns: %TRUE when the tree read back is the same and is written the
 *   same
 */
gboolean
pw_json_test_round_trip (JsonNode  *node,
                         gboolean   pretty,
                         char     **why)
{
  g_autofree char *written = pw_json_to_string (node, pretty);
  g_autofree char *again = NULL;
  g_autoptr (JsonNode) reread = NULL;
  g_autoptr (GError) error = NULL;

  reread = pw_json_parse (written, strlen (written), "written.json", &error);
  if (reread == NULL)
    {
      *why = g_strdup_printf ("what was accepted was written as %s, which could not be read: %s",
                              written, error->message);
      return FALSE;
    }
  if (!pw_json_test_same_tree (node, reread, FALSE))
    {
      *why = g_strdup_printf ("what was accepted was written as %s, which reads different",
                              written);
      return FALSE;
    }
  again = pw_json_to_string (reread, pretty);
  if (strcmp (written, again) != 0)
    {
      *why = g_strdup_printf ("what was accepted was written as %s, then as %s", written, again);
      return FALSE;
    }
  return TRUE;
}
