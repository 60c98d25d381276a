/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-private.h"
#include "pw-label.h"

/* A Label Studio project's label_config (XML) read into the contract's
 * project: its kind, labels (colours, keys) and tools. Piecework shows one
 * object (an image, a text or a recording). Two controls of one kind (two
 * RectangleLabels, two Choices such as "sentiment" and "topic") share
 * the contract's tool, and each label names its control: so no label may
 * be in two of them. Several Choices become the contract's groups of
 * choices, each with its own mode and title (the Header before it, or
 * its name). The contract has one transcript and one text per segment,
 * so TextAreas stay one each. Any other configuration is still listed,
 * with the reason it cannot be opened here (the contract's
 * "unsupported"). */

typedef struct
{
  char      *name;
  char      *type;
  char      *to_name;
  GPtrArray *labels; /* Label */
  char      *choice;
  gboolean   per_region;
  gboolean   required;
  char      *title;   /* the Header shown before it, if any */
} Control;

typedef struct
{
  char *value;
  char *color;
  char *hotkey;
} Label;

typedef struct
{
  GPtrArray *controls;
  Control   *current;
  char      *object_type;
  char      *object_name;
  char      *value_key;
  guint      n_objects;
  char      *unsupported;
  char      *header;  /* the last Header since the last control */
} Reader;

static void
label_free (gpointer data)
{
  Label *label = data;

  g_free (label->value);
  g_free (label->color);
  g_free (label->hotkey);
  g_free (label);
}

static void
control_free (gpointer data)
{
  Control *control = data;

  g_free (control->name);
  g_free (control->type);
  g_free (control->to_name);
  g_ptr_array_unref (control->labels);
  g_free (control->choice);
  g_free (control->title);
  g_free (control);
}

static void
ls_control_free (gpointer data)
{
  PwLsControl *control = data;

  g_free (control->name);
  g_free (control->type);
  g_free (control->tool);
  g_strfreev (control->labels);
  g_free (control);
}

void
_pw_ls_config_free (PwLsConfig *config)
{
  g_free (config->object_name);
  g_free (config->value_key);
  g_ptr_array_unref (config->controls);
  g_clear_pointer (&config->labels, json_node_unref);
  g_free (config->choice_mode);
  g_clear_pointer (&config->choice_groups, json_node_unref);
  g_free (config->unsupported);
  g_free (config);
}

static const char *
attribute (const char **names,
           const char **values,
           const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
set_unsupported (Reader     *reader,
                 char       *reason)
{
  if (reader->unsupported == NULL)
    reader->unsupported = reason;
  else
    g_free (reason);
}

static gboolean
is_one_of (const char        *name,
           const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
on_start (GMarkupParseContext  *context,
          const char           *element,
          const char          **names,
          const char          **values,
          gpointer              user_data,
          GError              **error)
{
  static const char *const layout[] = { "View", "Header", "Style", "Filter", NULL };
  static const char *const objects[] = { "Image", "Text", "Audio", "AudioPlus", NULL };
  static const char *const shown[] = { "RectangleLabels", "PolygonLabels", "Choices", "Labels",
                                       "TextArea", NULL };
  Reader *reader = user_data;
  const char *value = attribute (names, values, "value");

  if (attribute (names, values, "visibleWhen") != NULL
      || attribute (names, values, "whenTagName") != NULL)
    {
      set_unsupported (reader, g_strdup (_("Parts of it appear only for some answers, which Piecework cannot show; open it in Label Studio.")));
      return;
    }

  if (g_ascii_strcasecmp (element, "Label") == 0 || g_ascii_strcasecmp (element, "Choice") == 0)
    {
      Label *label;

      if (reader->current == NULL || value == NULL)
        return;
      label = g_new0 (Label, 1);
      label->value = g_strdup (value);
      label->color = g_strdup (attribute (names, values, "background"));
      label->hotkey = g_strdup (attribute (names, values, "hotkey"));
      g_ptr_array_add (reader->current->labels, label);
      return;
    }

  /* A Header says what the control after it asks. */
  if (g_ascii_strcasecmp (element, "Header") == 0 && value != NULL && value[0] != '$')
    {
      g_free (reader->header);
      reader->header = g_strdup (value);
    }
  if (is_one_of (element, layout))
    return;

  /* A Text or Header with a fixed value is only words on the page. */
  if (is_one_of (element, objects) && (value == NULL || value[0] != '$'))
    return;

  if (is_one_of (element, objects))
    {
      if (++reader->n_objects > 1)
        {
          set_unsupported (reader, g_strdup (_("It shows several images, texts or recordings at once, which Piecework cannot show; open it in Label Studio.")));
          return;
        }
      reader->object_type = g_ascii_strdown (element, -1);
      reader->object_name = g_strdup (attribute (names, values, "name"));
      reader->value_key = g_strdup (value + 1);
      return;
    }

  if (is_one_of (element, shown))
    {
      Control *control = g_new0 (Control, 1);

      control->name = g_strdup (attribute (names, values, "name"));
      control->type = g_ascii_strdown (element, -1);
      control->to_name = g_strdup (attribute (names, values, "toName"));
      control->choice = g_strdup (attribute (names, values, "choice"));
      control->per_region = g_strcmp0 (attribute (names, values, "perRegion"), "true") == 0;
      control->required = g_strcmp0 (attribute (names, values, "required"), "true") == 0;
      control->title = g_steal_pointer (&reader->header);
      control->labels = g_ptr_array_new_with_free_func (label_free);
      g_ptr_array_add (reader->controls, control);
      reader->current = control;
      return;
    }

  /* Translators: %s is the name of a part of a Label Studio labeling
   * configuration, such as Video or KeyPointLabels */
  set_unsupported (reader, g_strdup_printf (_("It uses “%s”, which Piecework cannot show; open it in Label Studio."),
                                            element));
}

static void
on_end (GMarkupParseContext  *context,
        const char           *element,
        gpointer              user_data,
        GError              **error)
{
  Reader *reader = user_data;

  if (reader->current != NULL && g_ascii_strcasecmp (element, "Label") != 0
      && g_ascii_strcasecmp (element, "Choice") != 0)
    reader->current = NULL;
}

static const char *
tool_of (const char *type,
         gboolean    per_region,
         PwTaskKind  kind)
{
  /* A text for each region: the contract carries one for each segment. */
  if (per_region)
    return g_str_equal (type, "textarea") && kind == PW_TASK_KIND_AUDIO ? "segment_text" : NULL;
  if (g_str_equal (type, "rectanglelabels"))
    return kind == PW_TASK_KIND_IMAGE ? "bbox" : NULL;
  if (g_str_equal (type, "polygonlabels"))
    return kind == PW_TASK_KIND_IMAGE ? "polygon" : NULL;
  if (g_str_equal (type, "labels"))
    return kind == PW_TASK_KIND_TEXT ? "span" : kind == PW_TASK_KIND_AUDIO ? "segment" : NULL;
  if (g_str_equal (type, "choices"))
    return "choice";
  if (g_str_equal (type, "textarea"))
    return "transcript";
  return NULL;
}

/* "#rgb" and "#rrggbb" as the contract writes them; other CSS colours are
 * left to the label set's own. */
static char *
contract_color (const char *color)
{
  if (color == NULL)
    return NULL;
  if (strlen (color) == 4 && color[0] == '#')
    {
      g_autofree char *wide = g_strdup_printf ("#%c%c%c%c%c%c", color[1], color[1], color[2],
                                               color[2], color[3], color[3]);

      return pw_label_color_is_valid (wide) ? g_ascii_strdown (wide, -1) : NULL;
    }
  return pw_label_color_is_valid (color) ? g_ascii_strdown (color, -1) : NULL;
}

/* The contract's labels, in the configuration's order: a label's own
 * hotkey where it is a digit from 1 to 9, otherwise the next digit free.
 * A label in two controls is one label for both tools. */
static JsonNode *
build_labels (GPtrArray *controls,
              GPtrArray *tools,
              gboolean   grouped)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) objects = g_ptr_array_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  gboolean used[10] = { FALSE };
  guint next = 1;

  for (guint c = 0; c < controls->len; c++)
    {
      Control *control = controls->pdata[c];

      for (guint l = 0; l < control->labels->len; l++)
        {
          Label *label = control->labels->pdata[l];

          if (label->hotkey != NULL && strlen (label->hotkey) == 1
              && label->hotkey[0] >= '1' && label->hotkey[0] <= '9')
            used[label->hotkey[0] - '0'] = TRUE;
        }
    }

  for (guint c = 0; c < controls->len; c++)
    {
      Control *control = controls->pdata[c];

      for (guint l = 0; l < control->labels->len; l++)
        {
          Label *label = control->labels->pdata[l];
          JsonObject *object = NULL;
          g_autofree char *color = NULL;

          if (!pw_label_name_is_valid (label->value) || *label->value == '\0')
            continue;
          for (guint i = 0; i < names->len; i++)
            if (g_str_equal (names->pdata[i], label->value))
              object = objects->pdata[i];

          if (object == NULL)
            {
              object = json_object_new ();
              json_object_set_string_member (object, "name", label->value);
              if ((color = contract_color (label->color)) != NULL)
                json_object_set_string_member (object, "color", color);
              if (label->hotkey != NULL && strlen (label->hotkey) == 1
                  && label->hotkey[0] >= '1' && label->hotkey[0] <= '9')
                json_object_set_string_member (object, "hotkey", label->hotkey);
              else
                {
                  while (next <= 9 && used[next])
                    next++;
                  if (next <= 9)
                    {
                      char key[2] = { (char) ('0' + next), '\0' };

                      used[next] = TRUE;
                      json_object_set_string_member (object, "hotkey", key);
                    }
                }
              json_object_set_array_member (object, "tools", json_array_new ());
              json_array_add_object_element (array, object);
              g_ptr_array_add (names, label->value);
              g_ptr_array_add (objects, object);
            }
          json_array_add_string_element (json_object_get_array_member (object, "tools"),
                                         tools->pdata[c]);
          /* Each Choices is a group, named by the control. */
          if (grouped && g_str_equal (tools->pdata[c], "choice"))
            json_object_set_string_member (object, "group", control->name);
        }
    }
  json_node_take_array (node, array);
  return node;
}

/* The contract's "choice_groups": one for each Choices, in order, where
 * there are several; NULL where there is one, which is the project's
 * choice_mode alone. */
static JsonNode *
build_choice_groups (GPtrArray *controls,
                     GPtrArray *tools)
{
  JsonArray *array = json_array_new ();

  for (guint c = 0; c < controls->len; c++)
    {
      Control *control = controls->pdata[c];
      JsonObject *group;

      if (!g_str_equal (tools->pdata[c], "choice"))
        continue;
      group = json_object_new ();
      json_object_set_string_member (group, "id", control->name);
      json_object_set_string_member (group, "title", control->title != NULL && *control->title != '\0'
                                                     ? control->title : control->name);
      json_object_set_string_member (group, "mode", g_strcmp0 (control->choice, "multiple") == 0
                                                    ? "multi" : "single");
      json_object_set_boolean_member (group, "required", control->required);
      json_array_add_object_element (array, group);
    }
  if (json_array_get_length (array) < 2)
    {
      json_array_unref (array);
      return NULL;
    }
  return json_node_init_array (json_node_alloc (), array);
}

/* Why the control @index cannot share @tool with a control before it, or
 * NULL where it can. */
static char *
second_control_refused (GPtrArray  *controls,
                        guint       index,
                        const char *tool,
                        PwTaskKind  kind)
{
  Control *control = controls->pdata[index];

  if (g_str_equal (tool, "transcript") || g_str_equal (tool, "segment_text"))
    /* Translators: %s is a kind of part of a Label Studio configuration, such as “textarea” */
    return g_strdup_printf (_("It has two “%s” groups, which Piecework cannot show; open it in Label Studio."),
                            control->type);

  for (guint c = 0; c < index; c++)
    {
      Control *other = controls->pdata[c];

      if (g_strcmp0 (tool_of (other->type, other->per_region, kind), tool) != 0)
        continue;
      for (guint l = 0; l < control->labels->len; l++)
        for (guint k = 0; k < other->labels->len; k++)
          if (g_str_equal (((Label *) control->labels->pdata[l])->value, ((Label *) other->labels->pdata[k])->value))
            /* Translators: the first two %s are names of parts of a Label Studio configuration, the third a label */
            return g_strdup_printf (_("Its “%s” and “%s” both have the label “%s”, which Piecework cannot tell apart; open it in Label Studio."),
                                    other->name, control->name,
                                    ((Label *) control->labels->pdata[l])->value);
    }
  return NULL;
}

/**
 * _pw_ls_config_parse:
 * @xml: a project's label_config
 *
 * Reads a labeling configuration. One Piecework cannot show is read too,
 * with its reason in @unsupported.
 *
 * Returns: (transfer full): the configuration
 */
PwLsConfig *
_pw_ls_config_parse (const char  *xml,
                     GError     **error)
{
  static const GMarkupParser parser = { on_start, on_end, NULL, NULL, NULL };
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) controls = g_ptr_array_new_with_free_func (control_free);
  g_autoptr (GPtrArray) tools = g_ptr_array_new ();
  PwLsConfig *config = g_new0 (PwLsConfig, 1);
  Reader reader = { controls, NULL, NULL, NULL, NULL, 0, NULL, NULL };

  config->controls = g_ptr_array_new_with_free_func (ls_control_free);
  config->choice_mode = g_strdup ("single");
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &reader, NULL);
  if (!g_markup_parse_context_parse (context, xml != NULL ? xml : "", -1, &local_error)
      || !g_markup_parse_context_end_parse (context, &local_error))
    set_unsupported (&reader, g_strdup_printf (_("Its labeling configuration cannot be read: %s"),
                                               local_error->message));

  if (reader.unsupported == NULL && reader.object_type == NULL)
    set_unsupported (&reader, g_strdup (_("It has no image, text or recording to label.")));
  if (reader.object_type != NULL)
    {
      if (g_str_equal (reader.object_type, "image"))
        config->kind = PW_TASK_KIND_IMAGE;
      else if (g_str_equal (reader.object_type, "text"))
        config->kind = PW_TASK_KIND_TEXT;
      else
        config->kind = PW_TASK_KIND_AUDIO;
    }

  for (guint i = 0; reader.unsupported == NULL && i < controls->len; i++)
    {
      Control *control = controls->pdata[i];
      const char *tool = tool_of (control->type, control->per_region, config->kind);
      PwLsControl *shown;

      if (control->name == NULL || g_strcmp0 (control->to_name, reader.object_name) != 0)
        {
          set_unsupported (&reader, g_strdup (_("It labels something other than its one image, text or recording, which Piecework cannot show; open it in Label Studio.")));
          break;
        }
      if (tool == NULL && control->per_region)
        {
          set_unsupported (&reader, g_strdup_printf (_("It asks for a “%s” for each region, which Piecework shows only for the segments of a recording; open it in Label Studio."),
                                                     control->type));
          break;
        }
      if (tool == NULL)
        {
          set_unsupported (&reader, g_strdup_printf (_("It uses “%s” on this kind of task, which Piecework cannot show; open it in Label Studio."),
                                                     control->type));
          break;
        }
      if (g_ptr_array_find_with_equal_func (tools, tool, g_str_equal, NULL))
        {
          g_autofree char *why = second_control_refused (controls, i, tool, config->kind);

          if (why != NULL)
            {
              set_unsupported (&reader, g_steal_pointer (&why));
              break;
            }
        }
      g_ptr_array_add (tools, (gpointer) tool);
      if (g_str_equal (tool, "segment_text"))
        config->segment_text = TRUE;
      if (g_str_equal (tool, "choice") && g_strcmp0 (control->choice, "multiple") == 0)
        {
          g_free (config->choice_mode);
          config->choice_mode = g_strdup ("multi");
        }
      shown = g_new0 (PwLsControl, 1);
      shown->name = g_strdup (control->name);
      shown->type = g_strdup (control->type);
      shown->tool = g_strdup (tool);
      shown->labels = g_new0 (char *, control->labels->len + 1);
      for (guint l = 0; l < control->labels->len; l++)
        shown->labels[l] = g_strdup (((Label *) control->labels->pdata[l])->value);
      g_ptr_array_add (config->controls, shown);
    }
  if (reader.unsupported == NULL && controls->len == 0)
    set_unsupported (&reader, g_strdup (_("It has nothing Piecework can label.")));
  if (reader.unsupported == NULL && config->segment_text
      && !g_ptr_array_find_with_equal_func (tools, "segment", g_str_equal, NULL))
    set_unsupported (&reader, g_strdup (_("It asks for a text for each region but has no labels to mark regions with; open it in Label Studio.")));

  if (reader.unsupported == NULL)
    {
      config->choice_groups = build_choice_groups (controls, tools);
      config->labels = build_labels (controls, tools, config->choice_groups != NULL);
    }
  else
    g_ptr_array_set_size (config->controls, 0);
  config->object_name = g_steal_pointer (&reader.object_name);
  config->value_key = g_steal_pointer (&reader.value_key);
  config->unsupported = g_steal_pointer (&reader.unsupported);
  g_free (reader.object_type);
  g_free (reader.header);
  return config;
}

/**
 * _pw_ls_config_find_tool:
 *
 * Returns: (nullable): the control of @tool
 */
const PwLsControl *
_pw_ls_config_find_tool (PwLsConfig *config,
                         const char *tool)
{
  for (guint i = 0; i < config->controls->len; i++)
    {
      PwLsControl *control = config->controls->pdata[i];

      if (g_str_equal (control->tool, tool))
        return control;
    }
  return NULL;
}

/**
 * _pw_ls_config_find_control:
 * @config: a configuration
 * @tool: the contract's tool
 * @label: the label of the work
 *
 * The control a result of @tool with @label goes to: the one of the tool
 * that has the label; where the tool has one control, that one.
 *
 * Returns: (nullable): the control
 */
const PwLsControl *
_pw_ls_config_find_control (PwLsConfig *config,
                            const char *tool,
                            const char *label)
{
  const PwLsControl *only = NULL;
  guint n = 0;

  for (guint i = 0; i < config->controls->len; i++)
    {
      PwLsControl *control = config->controls->pdata[i];

      if (!g_str_equal (control->tool, tool))
        continue;
      if (label != NULL && control->labels != NULL && g_strv_contains ((const char *const *) control->labels, label))
        return control;
      only = control;
      n++;
    }
  return n == 1 ? only : NULL;
}

/* A Label Studio id (a number) as the contract's id (a string). */
static char *
id_string (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/**
 * _pw_ls_project_to_contract:
 * @project: a project of GET /api/projects/
 *
 * Returns: (transfer full): the contract's Project, or %NULL
 */
JsonNode *
_pw_ls_project_to_contract (JsonObject  *project,
                            GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (PwLsConfig) config = NULL;
  g_autofree char *id = id_string (project, "id");
  const char *title = NULL, *instructions = NULL, *xml = NULL;
  gint64 n_tasks = -1, n_done = 0;

  if (id == NULL
      || !pw_json_member_string (project, "title", "project", TRUE, &title, error)
      || !pw_json_member_string (project, "label_config", "project", TRUE, &xml, error))
    {
      if (id == NULL)
        g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                     _("%s: the member “%s” must be a number"), "project", "id");
      return NULL;
    }
  if (json_object_has_member (project, "expert_instruction")
      && !pw_json_member_string (project, "expert_instruction", "project", TRUE, &instructions, NULL))
    instructions = NULL;
  if (json_object_has_member (project, "task_number")
      && !pw_json_member_int (project, "task_number", "project", &n_tasks, NULL))
    n_tasks = -1;
  if (json_object_has_member (project, "num_tasks_with_annotations")
      && !pw_json_member_int (project, "num_tasks_with_annotations", "project", &n_done, NULL))
    n_done = 0;

  config = _pw_ls_config_parse (xml, error);
  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "id", id);
  pw_json_builder_add_string (builder, "name", title != NULL && *title != '\0' ? title : id);
  pw_json_builder_add_string (builder, "kind", pw_task_kind_to_string (config->kind));
  if (instructions != NULL)
    pw_json_builder_add_string (builder, "instructions", instructions);
  /* Label Studio pays nothing through its API: the worker's own rate
   * counts instead. PW_MONEY_NO_CURRENCY says so. */
  json_builder_set_member_name (builder, "pay");
  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "amount", "0.00");
  pw_json_builder_add_string (builder, "currency", PW_MONEY_NO_CURRENCY);
  pw_json_builder_add_string (builder, "per", "task");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_add_value (builder, config->labels != NULL ? json_node_copy (config->labels)
                                                          : json_node_init_array (json_node_alloc (), json_array_new ()));
  json_builder_set_member_name (builder, "tools");
  json_builder_begin_array (builder);
  for (guint i = 0; i < config->controls->len; i++)
    {
      const char *tool = ((PwLsControl *) config->controls->pdata[i])->tool;

      /* Two controls of one tool are one tool of the contract. */
      if (!g_str_equal (tool, "segment_text") && _pw_ls_config_find_tool (config, tool) == config->controls->pdata[i])
        json_builder_add_string_value (builder, tool);
    }
  json_builder_end_array (builder);
  pw_json_builder_add_string (builder, "choice_mode", config->choice_mode);
  if (config->choice_groups != NULL)
    {
      json_builder_set_member_name (builder, "choice_groups");
      json_builder_add_value (builder, json_node_copy (config->choice_groups));
    }
  if (config->segment_text)
    {
      json_builder_set_member_name (builder, "segment_text");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (n_tasks >= 0)
    {
      json_builder_set_member_name (builder, "available_tasks");
      json_builder_add_int_value (builder, MAX (n_tasks - n_done, 0));
    }
  if (config->unsupported != NULL)
    pw_json_builder_add_string (builder, "unsupported", config->unsupported);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
