/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-json-private.h"

/**
 * _pw_market_what:
 * @what: where an object is, such as `tasks[3]`
 * @member: (nullable): a member of it
 * @index: an index into @member, or -1
 *
 * Returns: (transfer full): the place of @member, such as `tasks[3].media`
 *   or `projects[0]`, for messages
 */
char *
_pw_market_what (const char *what,
                 const char *member,
                 int         index)
{
  GString *place = g_string_new (what);

  if (member != NULL)
    g_string_append_printf (place, "%s%s", place->len > 0 ? "." : "", member);
  if (index >= 0)
    g_string_append_printf (place, "[%d]", index);
  return g_string_free (place, FALSE);
}

/* Reads a string member that must be one of @names; @value is its index. */
gboolean
_pw_market_member_choice (JsonObject         *object,
                          const char         *member,
                          const char         *what,
                          const char *const  *names,
                          int                *value,
                          GError            **error)
{
  g_autofree char *allowed = NULL;
  const char *text;

  if (!pw_json_member_string (object, member, what, FALSE, &text, error))
    return FALSE;

  for (int i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (text, names[i]))
        {
          *value = i;
          return TRUE;
        }
    }

  allowed = g_strjoinv (", ", (char **) names);
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               /* Translators: the last %s lists the allowed words */
               _("%s: the member “%s” is “%s”, which is none of %s"),
               what, member, text, allowed);
  return FALSE;
}

/* Reads an RFC 3339 time, with its offset, as UTC. */
gboolean
_pw_market_member_time (JsonObject  *object,
                        const char  *member,
                        const char  *what,
                        GDateTime  **value,
                        GError     **error)
{
  g_autoptr (GDateTime) time = NULL;
  const char *text;

  if (!pw_json_member_string (object, member, what, FALSE, &text, error))
    return FALSE;

  /* Without a default zone GLib refuses a time that does not give its own. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” is “%s”, not a time written like 2026-11-28T14:00:00Z"),
                   what, member, text);
      return FALSE;
    }
  *value = g_date_time_to_utc (time);
  return TRUE;
}

/* Reads a list of strings; a missing member reads as an empty list. */
gboolean
_pw_market_member_strv (JsonObject  *object,
                        const char  *member,
                        const char  *what,
                        GStrv       *value,
                        GError     **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (json_object_has_member (object, member))
    {
      array = pw_json_member_array (object, member, what, error);
      if (array == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element)
              || json_node_get_value_type (element) != G_TYPE_STRING)
            {
              g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("%s: the member “%s” must be a list of strings"), what, member);
              return FALSE;
            }
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  *value = g_strv_builder_end (builder);
  return TRUE;
}

/* Reads an id: a string that is not empty. */
gboolean
_pw_market_member_id (JsonObject   *object,
                      const char   *member,
                      const char   *what,
                      gboolean      nullable,
                      const char  **value,
                      GError      **error)
{
  if (!pw_json_member_string (object, member, what, nullable, value, error))
    return FALSE;
  if (*value != NULL && **value == '\0')
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” is empty"), what, member);
      return FALSE;
    }
  return TRUE;
}
