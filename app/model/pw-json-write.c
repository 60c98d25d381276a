/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdlib.h>

#include "pw-json.h"

/* Writing goes through our own writer rather than JsonGenerator so numbers
 * keep their shortest form ("0.1" stays "0.1", not "0.10000000000000001"),
 * members keep their order, and files written for other tools look like the
 * ones those tools write. */

/**
 * pw_json_format_double:
 * @value: a finite number
 *
 * Formats @value in its shortest form that reads back to the same double,
 * the way Python writes floats, so that "10.0" stays a float for tools
 * that care.
 *
 * Returns: (transfer full): the number as JSON text
 */
char *
pw_json_format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char exp_buf[G_ASCII_DTOSTR_BUF_SIZE];
  int precision;
  int exponent;

  if (!isfinite (value))
    return g_strdup ("null");

  /* 17 significant digits always read back; most numbers need far fewer.
   * A precision that reads back makes every greater one read back too (its
   * digits, with a zero added, are a candidate at the greater precision),
   * so the shortest is found by halving: five tries, not up to seventeen,
   * which counts when a shape of thousands of points is written. */
  {
    int low = 1, high = 17;

    while (low < high)
      {
        int middle = (low + high) / 2;
        char format[16];

        g_snprintf (format, sizeof format, "%%.%de", middle - 1);
        g_ascii_formatd (exp_buf, sizeof exp_buf, format, value);
        if (g_ascii_strtod (exp_buf, NULL) == value)
          high = middle;
        else
          low = middle + 1;
      }
    precision = low;
  }
  {
    char format[16];

    g_snprintf (format, sizeof format, "%%.%de", precision - 1);
    g_ascii_formatd (exp_buf, sizeof exp_buf, format, value);
  }

  exponent = atoi (strchr (exp_buf, 'e') + 1);
  if (exponent >= -4 && exponent < 16)
    {
      char format[16];
      int decimals = MAX (0, precision - 1 - exponent);

      g_snprintf (format, sizeof format, "%%.%df", decimals);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (strchr (buf, '.') == NULL)
        return g_strconcat (buf, ".0", NULL);
      return g_strdup (buf);
    }

  return g_strdup (exp_buf);
}

static void
write_string (GString    *out,
              const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          /* Text stays UTF-8, as labelme writes it; only controls escape. */
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
write_newline (GString *out,
               gboolean pretty,
               guint    level)
{
  if (!pretty)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
write_node (GString  *out,
            JsonNode *node,
            gboolean  pretty,
            guint     level)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          {
            g_autofree char *number = pw_json_format_double (json_node_get_double (node));

            g_string_append (out, number);
          }
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_STRING)
          write_string (out, json_node_get_string (node));
        else
          g_string_append (out, "null");
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_newline (out, pretty, level + 1);
            write_node (out, json_array_get_element (array, i), pretty, level + 1);
          }
        if (n > 0)
          write_newline (out, pretty, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_newline (out, pretty, level + 1);
            write_string (out, name);
            g_string_append (out, pretty ? ": " : ":");
            write_node (out, member, pretty, level + 1);
          }
        if (!first)
          write_newline (out, pretty, level);
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * pw_json_to_string:
 * @node: a JSON node
 * @pretty: %TRUE to indent by two spaces, as labelme and Python write
 *
 * Returns: (transfer full): @node as JSON text, members in their order
 */
char *
pw_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  write_node (out, node, pretty, 0);
  return g_string_free (out, FALSE);
}

/**
 * pw_json_builder_add_string:
 * @builder: a #JsonBuilder inside an object
 * @name: the member's name
 * @value: (nullable): its text, or %NULL for `null`
 *
 * Adds the member @name with the text @value, or `null` without one.
 */
void
pw_json_builder_add_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
