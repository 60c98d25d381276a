/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-label.h"

/* A label a worker gives shapes: its name as the marketplace knows it, the
 * colour its shapes are drawn in and the number key that picks it. */

struct _PwLabel
{
  GObject parent_instance;

  char *name;
  char *color;
  char hotkey;
  guint tools;
  char *group;
};

G_DEFINE_FINAL_TYPE (PwLabel, pw_label, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COLOR,
  PROP_HOTKEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The GNOME palette's middle shades, in an order that keeps neighbouring
 * labels apart. */
static const char *const palette[] = {
  "#3584e4", /* blue 3 */
  "#e01b24", /* red 3 */
  "#33d17a", /* green 3 */
  "#ff7800", /* orange 3 */
  "#9141ac", /* purple 3 */
  "#f6d32d", /* yellow 3 */
  "#986a44", /* brown 3 */
  "#1a5fb4", /* blue 5 */
  "#26a269", /* green 5 */
  "#c01c28", /* red 5 */
  "#c64600", /* orange 5 */
  "#613583", /* purple 5 */
};

static void
pw_label_finalize (GObject *object)
{
  PwLabel *self = PW_LABEL (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->group, g_free);

  G_OBJECT_CLASS (pw_label_parent_class)->finalize (object);
}

static void
pw_label_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PwLabel *self = PW_LABEL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_HOTKEY:
      g_value_set_schar (value, self->hotkey);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_label_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PwLabel *self = PW_LABEL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_COLOR:
      self->color = g_ascii_strdown (g_value_get_string (value), -1);
      break;
    case PROP_HOTKEY:
      self->hotkey = g_value_get_schar (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_label_class_init (PwLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_label_finalize;
  object_class->get_property = pw_label_get_property;
  object_class->set_property = pw_label_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, "#3584e4",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOTKEY] =
    g_param_spec_char ("hotkey", NULL, NULL, 0, G_MAXINT8, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_label_init (PwLabel *self)
{
}

/**
 * pw_label_new:
 * @name: the label's name
 * @color: its colour as "#rrggbb"
 * @hotkey: the key that picks it, '1' to '9', or 0 for none
 *
 * Returns: (transfer full): a new label
 */
PwLabel *
pw_label_new (const char *name,
              const char *color,
              char        hotkey)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (pw_label_color_is_valid (color), NULL);
  g_return_val_if_fail (hotkey == 0 || (hotkey >= '1' && hotkey <= '9'), NULL);

  return g_object_new (PW_TYPE_LABEL, "name", name, "color", color, "hotkey", hotkey, NULL);
}

const char *
pw_label_get_name (PwLabel *self)
{
  g_return_val_if_fail (PW_IS_LABEL (self), NULL);
  return self->name;
}

/**
 * pw_label_get_color:
 * @self: a label
 *
 * Returns: (transfer none): its colour as "#rrggbb", in lower case
 */
const char *
pw_label_get_color (PwLabel *self)
{
  g_return_val_if_fail (PW_IS_LABEL (self), NULL);
  return self->color;
}

/**
 * pw_label_get_hotkey:
 * @self: a label
 *
 * Returns: '1' to '9', or 0 when no key picks it
 */
char
pw_label_get_hotkey (PwLabel *self)
{
  g_return_val_if_fail (PW_IS_LABEL (self), 0);
  return self->hotkey;
}

/**
 * pw_label_get_tools:
 * @self: a label
 *
 * A project may keep some labels for choices and others for spans, as a
 * sentiment (positive, negative) and the names in the same text (PER,
 * ORG).
 *
 * Returns: the #PwAnnotationTools the label is for, or 0 when it is for
 *   every tool of its project
 */
guint
pw_label_get_tools (PwLabel *self)
{
  g_return_val_if_fail (PW_IS_LABEL (self), 0);
  return self->tools;
}

/* Set once, by the label set that reads it. */
void
_pw_label_set_tools (PwLabel *self,
                     guint    tools)
{
  g_return_if_fail (PW_IS_LABEL (self));
  self->tools = tools;
}

/**
 * pw_label_is_for:
 * @self: a label
 * @tool: one #PwAnnotationTools flag, such as %PW_ANNOTATION_TOOL_SPAN
 *
 * Returns: %TRUE when the label may be given with @tool
 */
gboolean
pw_label_is_for (PwLabel *self,
                 guint    tool)
{
  g_return_val_if_fail (PW_IS_LABEL (self), FALSE);
  return self->tools == 0 || (self->tools & tool) != 0;
}

/**
 * pw_label_get_group:
 * @self: a label
 *
 * A project that asks several questions of one task (a sentiment and a
 * topic) puts each choice label in the group of its question.
 *
 * Returns: (nullable): the id of the label's group of choices, as the
 *   project names it, or %NULL for a label in none
 */
const char *
pw_label_get_group (PwLabel *self)
{
  g_return_val_if_fail (PW_IS_LABEL (self), NULL);
  return self->group;
}

/* Set once, by the label set that reads it. */
void
_pw_label_set_group (PwLabel    *self,
                     const char *group)
{
  g_return_if_fail (PW_IS_LABEL (self));
  g_free (self->group);
  self->group = g_strdup (group);
}

/**
 * pw_label_color_is_valid:
 * @color: (nullable): a colour
 *
 * Returns: %TRUE when @color is written "#rrggbb"
 */
gboolean
pw_label_color_is_valid (const char *color)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (color[i]))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_label_default_color:
 * @index: the label's place in its set
 *
 * Returns: (transfer none): a colour from the GNOME palette, distinct from
 *   its neighbours'; the palette repeats after a dozen labels
 */
const char *
pw_label_default_color (guint index)
{
  return palette[index % G_N_ELEMENTS (palette)];
}

static gboolean
breaks_lines (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * pw_label_name_is_valid:
 * @name: (nullable): a label name
 *
 * A label's name is one line of text: classes.txt and labels.txt list one
 * a line, and the readers of exports split lines on more than a newline
 * (Python's splitlines() also on form feeds, U+0085 and U+2028). So a
 * name holds no control character (newlines and tabs included) and no
 * line or paragraph separator.
 *
 * Returns: %TRUE when @name is non-empty UTF-8 that a list of labels, one
 *   a line, can hold
 */
gboolean
pw_label_name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (breaks_lines (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

/**
 * pw_label_name_printable:
 * @name: a label name, valid UTF-8 or not
 *
 * Returns: (transfer full): @name for a message: control characters and
 *   line separators written as escapes such as `\n` or `\u2028`, and
 *   invalid UTF-8 as U+FFFD
 */
char *
pw_label_name_printable (const char *name)
{
  g_autofree char *valid = NULL;
  GString *text;

  g_return_val_if_fail (name != NULL, NULL);

  valid = g_utf8_make_valid (name, -1);
  text = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (text, "\\n");
      else if (c == '\r')
        g_string_append (text, "\\r");
      else if (c == '\t')
        g_string_append (text, "\\t");
      else if (breaks_lines (c))
        g_string_append_printf (text, "\\u%04X", c);
      else
        g_string_append_unichar (text, c);
    }
  return g_string_free (text, FALSE);
}
