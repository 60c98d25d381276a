/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-annotation.h"
#include "pw-label-set.h"
#include "pw-choice-group.h"

/* The labels of a project, in order: from the marketplace's project, or
 * from a labels.txt beside a folder of images. Order matters: it gives the
 * number keys and the class numbers of exports. The set is a #GListModel of
 * #PwLabel so the label picker binds to it. */

/* A labels.txt is a short list written by hand. */
#define MAX_LABELS_FILE_BYTES (1024 * 1024)

struct _PwLabelSet
{
  GObject parent_instance;

  GPtrArray *labels;
  GPtrArray *groups; /* PwChoiceGroup */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwLabelSet, pw_label_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
pw_label_set_get_item_type (GListModel *model)
{
  return PW_TYPE_LABEL;
}

static guint
pw_label_set_get_n_items (GListModel *model)
{
  return PW_LABEL_SET (model)->labels->len;
}

static gpointer
pw_label_set_get_item (GListModel *model,
                       guint       position)
{
  PwLabelSet *self = PW_LABEL_SET (model);

  if (position >= self->labels->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->labels, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pw_label_set_get_item_type;
  iface->get_n_items = pw_label_set_get_n_items;
  iface->get_item = pw_label_set_get_item;
}

static void
pw_label_set_finalize (GObject *object)
{
  PwLabelSet *self = PW_LABEL_SET (object);

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_label_set_parent_class)->finalize (object);
}

static void
pw_label_set_class_init (PwLabelSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_label_set_finalize;
}

static void
pw_label_set_init (PwLabelSet *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_object_unref);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_choice_group_unref);
}

/**
 * pw_label_set_new:
 *
 * Returns: (transfer full): an empty label set
 */
PwLabelSet *
pw_label_set_new (void)
{
  return g_object_new (PW_TYPE_LABEL_SET, NULL);
}

/* What was read, before hotkeys are handed out. */
typedef struct
{
  char *name;
  char *color;
  char hotkey;
  guint tools;
  char *group;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->color);
  g_free (entry->group);
}

static gboolean
name_taken (GArray     *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      if (g_str_equal (g_array_index (entries, Entry, i).name, name))
        return TRUE;
    }
  return FALSE;
}

/* Labels without a key get the free digits in order, so a project that
 * names keys for some labels keeps them and the others still get one. */
static PwLabelSet *
build (GArray *entries)
{
  PwLabelSet *self = pw_label_set_new ();
  gboolean used[10] = { FALSE, };
  guint next = 1;

  for (guint i = 0; i < entries->len; i++)
    {
      char hotkey = g_array_index (entries, Entry, i).hotkey;

      if (hotkey != 0)
        used[hotkey - '0'] = TRUE;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      char hotkey = entry->hotkey;
      PwLabel *label;

      if (hotkey == 0)
        {
          while (next <= 9 && used[next])
            next++;
          if (next <= 9)
            {
              hotkey = (char) ('0' + next);
              used[next] = TRUE;
            }
        }

      label = pw_label_new (entry->name,
                            entry->color != NULL ? entry->color : pw_label_default_color (i),
                            hotkey);
      _pw_label_set_tools (label, entry->tools);
      _pw_label_set_group (label, entry->group);
      g_ptr_array_add (self->labels, label);
    }

  return self;
}

/**
 * pw_label_set_new_from_text:
 * @text: the contents of a labels.txt
 * @length: its length, or -1 when nul-terminated
 * @what: the file's name, for messages
 * @error: return location for a #GError
 *
 * Reads one label name per line; blank lines and lines starting with `#`
 * are skipped. A line may end with a colour after white space, as in
 * `traffic light #f6d32d`. Labels get the keys 1 to 9 in order, and
 * colours from the GNOME palette when none is given.
 *
 * Returns: (transfer full): the label set, or %NULL with
 *   %PW_ERROR_INVALID_DATA when a name appears twice or holds a control
 *   character
 */
PwLabelSet *
pw_label_set_new_from_text (const char  *text,
                            gssize       length,
                            const char  *what,
                            GError     **error)
{
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autofree char *copy = NULL;
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  g_array_set_clear_func (entries, entry_clear);
  copy = length < 0 ? g_strdup (text) : g_strndup (text, length);
  lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      Entry entry = { NULL, NULL, 0, 0, NULL };
      char *space;

      if (*line == '\0' || *line == '#')
        continue;

      space = NULL;
      for (char *p = line; *p != '\0'; p++)
        {
          if (*p == ' ' || *p == '\t')
            space = p;
        }
      if (space != NULL && pw_label_color_is_valid (space + 1))
        {
          entry.color = g_strdup (space + 1);
          *space = '\0';
          g_strstrip (line);
        }

      if (!g_utf8_validate (line, -1, NULL))
        {
          g_free (entry.color);
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("“%s”, line %u: the label name is not valid text"), what, i + 1);
          return NULL;
        }
      if (!pw_label_name_is_valid (line))
        {
          g_autofree char *printable = pw_label_name_printable (line);

          g_free (entry.color);
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("“%s”, line %u: the label “%s” holds a tab or another control "
                         "character; write each label on a line of its own"),
                       what, i + 1, printable);
          return NULL;
        }
      if (name_taken (entries, line))
        {
          g_free (entry.color);
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("“%s”, line %u: the label “%s” is listed twice"), what, i + 1, line);
          return NULL;
        }

      entry.name = g_strdup (line);
      g_array_append_val (entries, entry);
    }

  return build (entries);
}

/**
 * pw_label_set_new_from_file:
 * @file: a labels.txt
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the label set, or %NULL
 */
PwLabelSet *
pw_label_set_new_from_file (GFile   *file,
                            GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, PW_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }
  if (length > MAX_LABELS_FILE_BYTES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("“%s” is too large for a list of labels"), name);
      return NULL;
    }

  return pw_label_set_new_from_text (contents, length, name, error);
}

/**
 * pw_label_set_new_from_json:
 * @labels: a project's "labels": `[{"name", "color", "hotkey", "tools",
 *   "group"}]`, all but the name optional; `tools` names the project's
 *   tools a label is for (`["choice"]`), and a label without it is for
 *   all of them; `group` names the label's group of choices
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the label set, or %NULL with
 *   %PW_ERROR_INVALID_DATA
 */
PwLabelSet *
pw_label_set_new_from_json (JsonNode  *labels,
                            GError   **error)
{
  const char *what = _("The project’s labels");
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  JsonArray *array;

  g_return_val_if_fail (labels != NULL, NULL);

  g_array_set_clear_func (entries, entry_clear);
  if (!JSON_NODE_HOLDS_ARRAY (labels))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, _("%s must be a list"), what);
      return NULL;
    }
  array = json_node_get_array (labels);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = pw_json_get_object (json_array_get_element (array, i), what, error);
      const char *name, *color, *hotkey, *group;
      Entry entry = { NULL, NULL, 0, 0, NULL };
      JsonNode *tools;

      if (object == NULL
          || !pw_json_member_string (object, "name", what, FALSE, &name, error)
          || !pw_json_member_string (object, "color", what, TRUE, &color, error)
          || !pw_json_member_string (object, "hotkey", what, TRUE, &hotkey, error)
          || !pw_json_member_string (object, "group", what, TRUE, &group, error))
        return NULL;

      if (*name == '\0' || name_taken (entries, name))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the label “%s” is empty or listed twice"), what, name);
          return NULL;
        }
      if (!pw_label_name_is_valid (name))
        {
          g_autofree char *printable = pw_label_name_printable (name);

          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the label “%s” holds a line break, a tab or another control "
                         "character"), what, printable);
          return NULL;
        }
      if (color != NULL && !pw_label_color_is_valid (color))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the colour “%s” of “%s” is not written #rrggbb"), what, color, name);
          return NULL;
        }
      if (hotkey != NULL)
        {
          if (strlen (hotkey) != 1 || hotkey[0] < '1' || hotkey[0] > '9')
            {
              g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("%s: the key “%s” of “%s” is not a digit from 1 to 9"),
                           what, hotkey, name);
              return NULL;
            }
          for (guint j = 0; j < entries->len; j++)
            {
              if (g_array_index (entries, Entry, j).hotkey == hotkey[0])
                {
                  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                               _("%s: the key %s is given to two labels"), what, hotkey);
                  return NULL;
                }
            }
          entry.hotkey = hotkey[0];
        }

      if ((tools = json_object_get_member (object, "tools")) != NULL
          && !JSON_NODE_HOLDS_NULL (tools))
        {
          g_autoptr (GPtrArray) names = g_ptr_array_new ();
          JsonArray *list;

          if (!JSON_NODE_HOLDS_ARRAY (tools))
            {
              g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("%s: the tools of “%s” must be a list of names"), what, name);
              return NULL;
            }
          list = json_node_get_array (tools);
          for (guint k = 0; k < json_array_get_length (list); k++)
            {
              JsonNode *tool = json_array_get_element (list, k);

              if (!JSON_NODE_HOLDS_VALUE (tool) || json_node_get_value_type (tool) != G_TYPE_STRING)
                {
                  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                               _("%s: the tools of “%s” must be a list of names"), what, name);
                  return NULL;
                }
              g_ptr_array_add (names, (gpointer) json_node_get_string (tool));
            }
          g_ptr_array_add (names, NULL);
          entry.tools = pw_annotation_tools_from_names ((const char *const *) names->pdata);
        }

      entry.name = g_strdup (name);
      entry.color = g_strdup (color);
      entry.group = g_strdup (group);
      g_array_append_val (entries, entry);
    }

  return build (entries);
}

guint
pw_label_set_get_n_labels (PwLabelSet *self)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), 0);
  return self->labels->len;
}

/**
 * pw_label_set_get_label:
 * @self: a label set
 * @index: a place in it
 *
 * Returns: (transfer none): the label at @index
 */
PwLabel *
pw_label_set_get_label (PwLabelSet *self,
                        guint       index)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), NULL);
  g_return_val_if_fail (index < self->labels->len, NULL);
  return g_ptr_array_index (self->labels, index);
}

/**
 * pw_label_set_index_of:
 * @self: a label set
 * @name: a label name
 *
 * Returns: the place of the label called @name, or -1
 */
gint
pw_label_set_index_of (PwLabelSet *self,
                       const char *name)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->labels->len; i++)
    {
      if (g_str_equal (pw_label_get_name (g_ptr_array_index (self->labels, i)), name))
        return (gint) i;
    }
  return -1;
}

/**
 * pw_label_set_lookup:
 * @self: a label set
 * @name: a label name
 *
 * Returns: (transfer none) (nullable): the label called @name
 */
PwLabel *
pw_label_set_lookup (PwLabelSet *self,
                     const char *name)
{
  gint index = pw_label_set_index_of (self, name);

  return index < 0 ? NULL : g_ptr_array_index (self->labels, index);
}

/**
 * pw_label_set_lookup_hotkey:
 * @self: a label set
 * @hotkey: '1' to '9'
 *
 * Returns: (transfer none) (nullable): the label that key picks
 */
PwLabel *
pw_label_set_lookup_hotkey (PwLabelSet *self,
                            char        hotkey)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), NULL);

  for (guint i = 0; i < self->labels->len; i++)
    {
      if (pw_label_get_hotkey (g_ptr_array_index (self->labels, i)) == hotkey)
        return g_ptr_array_index (self->labels, i);
    }
  return NULL;
}

static PwLabel *
append_label (PwLabelSet *self,
              const char *name)
{
  PwLabel *label;
  char hotkey = 0;

  if (!pw_label_name_is_valid (name) || pw_label_set_lookup (self, name) != NULL)
    return NULL;

  for (char key = '1'; key <= '9' && hotkey == 0; key++)
    {
      if (pw_label_set_lookup_hotkey (self, key) == NULL)
        hotkey = key;
    }

  label = pw_label_new (name, pw_label_default_color (self->labels->len), hotkey);
  g_ptr_array_add (self->labels, label);
  g_list_model_items_changed (G_LIST_MODEL (self), self->labels->len - 1, 0, 1);

  return label;
}

/**
 * pw_label_set_append:
 * @self: a label set
 * @name: the new label's name
 *
 * Adds a label, as a worker does from the label list, with the next colour
 * of the palette and the first number key no other label has. White space
 * around @name is left out.
 *
 * Returns: (transfer none) (nullable): the new label, or %NULL when @name
 *   is empty, not valid (pw_label_name_is_valid()) or already in the set
 */
PwLabel *
pw_label_set_append (PwLabelSet *self,
                     const char *name)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (PW_IS_LABEL_SET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  clean = g_strstrip (g_strdup (name));
  return append_label (self, clean);
}

/**
 * pw_label_set_append_used:
 * @self: a label set
 * @name: the label of a shape
 *
 * Adds a label that shapes already carry, as pw_label_set_append() does
 * but named exactly as the shapes name it, white space and all, so every
 * shape finds its label by name.
 *
 * Returns: (transfer none) (nullable): the new label, or %NULL when @name
 *   is not valid (pw_label_name_is_valid()) or already in the set
 */
PwLabel *
pw_label_set_append_used (PwLabelSet *self,
                          const char *name)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return append_label (self, name);
}

/**
 * pw_label_set_read_choice_groups:
 * @self: a project's label set
 * @groups: (nullable): the project's "choice_groups": `[{"id", "title",
 *   "mode", "required"}]`, all but the id optional
 * @error: return location for a #GError
 *
 * Reads the groups a project's choice labels are in, as
 * docs/MARKETPLACE-API.md says: `mode` `single` takes one answer, any
 * other several; `required` true needs an answer. %NULL or `null` is no
 * groups: every choice label is in the project's one group, as before
 * groups were.
 *
 * Returns: %TRUE, or %FALSE with %PW_ERROR_INVALID_DATA when a group is
 *   malformed or its id is empty or listed twice
 */
gboolean
pw_label_set_read_choice_groups (PwLabelSet  *self,
                                 JsonNode    *groups,
                                 GError     **error)
{
  const char *what = _("The project’s groups of choices");
  g_autoptr (GPtrArray) read = NULL;
  JsonArray *array;

  g_return_val_if_fail (PW_IS_LABEL_SET (self), FALSE);

  if (groups == NULL || JSON_NODE_HOLDS_NULL (groups))
    {
      g_ptr_array_set_size (self->groups, 0);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (groups))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, _("%s must be a list"), what);
      return FALSE;
    }

  read = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_choice_group_unref);
  array = json_node_get_array (groups);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = pw_json_get_object (json_array_get_element (array, i), what, error);
      const char *id, *title, *mode;
      JsonNode *required;

      if (object == NULL
          || !pw_json_member_string (object, "id", what, FALSE, &id, error)
          || !pw_json_member_string (object, "title", what, TRUE, &title, error)
          || !pw_json_member_string (object, "mode", what, TRUE, &mode, error))
        return FALSE;
      if (*id == '\0' || !pw_label_name_is_valid (id))
        {
          g_autofree char *printable = pw_label_name_printable (id);

          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the group “%s” is empty or holds a control character"), what, printable);
          return FALSE;
        }
      for (guint j = 0; j < read->len; j++)
        {
          if (g_str_equal (pw_choice_group_get_id (read->pdata[j]), id))
            {
              g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("%s: the group “%s” is listed twice"), what, id);
              return FALSE;
            }
        }
      required = json_object_get_member (object, "required");
      if (required != NULL && !JSON_NODE_HOLDS_NULL (required)
          && (!JSON_NODE_HOLDS_VALUE (required) || json_node_get_value_type (required) != G_TYPE_BOOLEAN))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the member “%s” must be true or false"), what, "required");
          return FALSE;
        }
      g_ptr_array_add (read, pw_choice_group_new (id, title, g_strcmp0 (mode, "single") == 0,
                                                  required != NULL && !JSON_NODE_HOLDS_NULL (required)
                                                  && json_node_get_boolean (required)));
    }

  g_ptr_array_unref (self->groups);
  self->groups = g_steal_pointer (&read);
  return TRUE;
}

/**
 * pw_label_set_get_n_choice_groups:
 *
 * Returns: how many groups of choices the project has; 0 when its choices
 *   are one group, as they were before groups
 */
guint
pw_label_set_get_n_choice_groups (PwLabelSet *self)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), 0);
  return self->groups->len;
}

/**
 * pw_label_set_get_choice_group:
 * @index: a group's place, in the project's order
 *
 * Returns: (transfer none): the group
 */
PwChoiceGroup *
pw_label_set_get_choice_group (PwLabelSet *self,
                               guint       index)
{
  g_return_val_if_fail (PW_IS_LABEL_SET (self), NULL);
  g_return_val_if_fail (index < self->groups->len, NULL);
  return self->groups->pdata[index];
}

/**
 * pw_label_set_choice_group_of:
 * @label: a label of @self
 *
 * A label that names no group, or one the project does not list, is in
 * the project's own group, which takes its `choice_mode`.
 *
 * Returns: (transfer none) (nullable): the group of @label, or %NULL for
 *   the project's own group
 */
PwChoiceGroup *
pw_label_set_choice_group_of (PwLabelSet *self,
                              PwLabel    *label)
{
  const char *id;

  g_return_val_if_fail (PW_IS_LABEL_SET (self), NULL);
  g_return_val_if_fail (PW_IS_LABEL (label), NULL);

  if ((id = pw_label_get_group (label)) == NULL)
    return NULL;
  for (guint i = 0; i < self->groups->len; i++)
    {
      if (g_str_equal (pw_choice_group_get_id (self->groups->pdata[i]), id))
        return self->groups->pdata[i];
    }
  return NULL;
}
