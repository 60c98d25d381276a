/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-label.h"
#include "pw-model-private.h"

/* The rules spans, segments and choices read by: a marketplace's prefill
 * is refused with the member named, never half read. */

/* Ids the annotation makes are a prefix and a number; a shorter one comes
 * first, so "span2" sorts before "span10". Any other string still has a
 * place, which is all the order needs. */
int
_pw_model_id_compare (const char *a,
                      const char *b)
{
  size_t la = strlen (a);
  size_t lb = strlen (b);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (a, b);
}

gboolean
_pw_model_read_id (JsonObject  *object,
                   const char  *what,
                   const char **id,
                   GError     **error)
{
  if (!pw_json_member_string (object, "id", what, FALSE, id, error))
    return FALSE;
  if (**id == '\0')
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” is empty"), what, "id");
      return FALSE;
    }
  return TRUE;
}

gboolean
_pw_model_label_is_valid (const char  *label,
                          const char  *what,
                          GError     **error)
{
  g_autofree char *printable = NULL;

  if (pw_label_name_is_valid (label))
    return TRUE;

  printable = pw_label_name_printable (label);
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               /* Translators: the second %s is a label's name */
               _("%s: the label “%s” is empty or holds a line break or a control character"),
               what, printable);
  return FALSE;
}

/* A label that is absent or null reads as none; one that is there must be
 * a name a list of labels can hold. */
gboolean
_pw_model_read_label (JsonObject  *object,
                      const char  *what,
                      const char **label,
                      GError     **error)
{
  if (!pw_json_member_string (object, "label", what, TRUE, label, error))
    return FALSE;
  return *label == NULL || _pw_model_label_is_valid (*label, what, error);
}

gpointer
_pw_model_out_of_range (const char  *what,
                        const char  *member,
                        GError     **error)
{
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("%s: the member “%s” is out of range"), what, member);
  return NULL;
}

/* A list of choices, in an Annotation or a stored command: label names,
 * each once. */
GStrv
_pw_model_read_choices (JsonObject  *object,
                        const char  *member,
                        const char  *what,
                        GError     **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = pw_json_member_array (object, member, what, error);

  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *choice_what = NULL;
      const char *name;

      /* Translators: the first %s is where the list is, such as “The
       * annotation”, the second the list's name; %u counts from 1 */
      choice_what = g_strdup_printf (_("%s, “%s” item %u"), what, member, i + 1);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s must be a label’s name"), choice_what);
          return NULL;
        }
      name = json_node_get_string (node);
      if (!_pw_model_label_is_valid (name, choice_what, error))
        return NULL;
      if (!g_hash_table_add (seen, (gpointer) name))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s repeats the choice “%s”"), choice_what, name);
          return NULL;
        }
      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}
