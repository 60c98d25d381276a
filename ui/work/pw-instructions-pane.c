/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-instructions-pane.h"

/* The project's instructions beside the task: its name as a title and the
 * marketplace's text, scrollable and selectable. The text comes from the
 * marketplace, so it is shown as it is, never read as markup. Showing the
 * pane never takes the keyboard focus: the worker's keys keep labeling. */

struct _PwInstructionsPane
{
  AdwBin       parent_instance;

  char        *title;
  /* The project shown, as given: set_project() has been called once */
  char        *instructions;
  gboolean     set;
  gboolean     available;

  /* Template widgets */
  GtkRevealer *revealer;
  GtkLabel    *title_label;
  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE (PwInstructionsPane, pw_instructions_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_AVAILABLE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whether @text says anything: a project may send only spaces. */
static gboolean
has_words (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return TRUE;
    }
  return FALSE;
}

/**
 * pw_instructions_pane_set_project:
 * @name: (nullable): the project's name, or %NULL when no task is shown
 * @instructions: (nullable): what the project asks of the worker
 *
 * Shows @instructions under @name. Without instructions the pane hides,
 * and says why through the toggle bound to it. The same name and
 * instructions again, as for the next task of a project, leave the pane
 * as it is.
 */
void
pw_instructions_pane_set_project (PwInstructionsPane *self,
                                  const char         *name,
                                  const char         *instructions)
{
  g_autofree char *valid = NULL;
  gboolean available;

  g_return_if_fail (PW_IS_INSTRUCTIONS_PANE (self));

  if (self->set && g_strcmp0 (name, self->title) == 0
      && g_strcmp0 (instructions, self->instructions) == 0)
    return;
  self->set = TRUE;
  g_free (self->instructions);
  self->instructions = g_strdup (instructions);

  /* The text view takes only UTF-8; a marketplace may send anything. */
  valid = g_utf8_make_valid (instructions != NULL ? instructions : "", -1);
  available = has_words (valid);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            available ? valid : "", -1);
  gtk_label_set_text (self->title_label, name != NULL ? name : "");

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->title, name) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (self->available != available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
  if (!available)
    pw_instructions_pane_set_revealed (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pw_instructions_pane_get_title:
 *
 * Returns: (nullable): the name of the project whose instructions are shown
 */
const char *
pw_instructions_pane_get_title (PwInstructionsPane *self)
{
  g_return_val_if_fail (PW_IS_INSTRUCTIONS_PANE (self), NULL);

  return self->title;
}

/**
 * pw_instructions_pane_dup_text:
 *
 * Returns: (transfer full): the instructions as the pane shows them
 */
char *
pw_instructions_pane_dup_text (PwInstructionsPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (PW_IS_INSTRUCTIONS_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * pw_instructions_pane_get_available:
 *
 * Returns: whether there are instructions to show
 */
gboolean
pw_instructions_pane_get_available (PwInstructionsPane *self)
{
  g_return_val_if_fail (PW_IS_INSTRUCTIONS_PANE (self), FALSE);

  return self->available;
}

/**
 * pw_instructions_pane_get_revealed:
 *
 * Returns: whether the pane is shown
 */
gboolean
pw_instructions_pane_get_revealed (PwInstructionsPane *self)
{
  g_return_val_if_fail (PW_IS_INSTRUCTIONS_PANE (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

/**
 * pw_instructions_pane_set_revealed:
 * @revealed: whether to show the pane
 *
 * Shows or hides the pane, without moving the keyboard focus. A pane
 * with no instructions stays hidden.
 */
void
pw_instructions_pane_set_revealed (PwInstructionsPane *self,
                                   gboolean            revealed)
{
  g_return_if_fail (PW_IS_INSTRUCTIONS_PANE (self));

  revealed = revealed && self->available;
  if (revealed == gtk_revealer_get_reveal_child (self->revealer))
    return;

  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
update_toggle (PwInstructionsPane *self,
               GParamSpec         *pspec,
               GtkToggleButton    *button)
{
  const char *tooltip;

  if (self->available)
    tooltip = _("Project Instructions (Ctrl+I)");
  else if (self->title != NULL)
    tooltip = _("This project gave no instructions");
  else
    tooltip = _("Instructions come with the tasks of a marketplace");
  gtk_widget_set_sensitive (GTK_WIDGET (button), self->available);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
}

/**
 * pw_instructions_pane_bind_toggle:
 * @button: a toggle button, as in a header bar
 *
 * Makes @button show and hide the pane and follow it, insensitive with a
 * tooltip that says why when there are no instructions.
 */
void
pw_instructions_pane_bind_toggle (PwInstructionsPane *self,
                                  GtkToggleButton    *button)
{
  g_return_if_fail (PW_IS_INSTRUCTIONS_PANE (self));
  g_return_if_fail (GTK_IS_TOGGLE_BUTTON (button));

  /* A click keeps the focus where the worker labels. */
  gtk_widget_set_focus_on_click (GTK_WIDGET (button), FALSE);
  g_object_bind_property (self, "revealed", button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self, "notify::available", G_CALLBACK (update_toggle), button, 0);
  g_signal_connect_object (self, "notify::title", G_CALLBACK (update_toggle), button, 0);
  update_toggle (self, NULL, button);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pw_instructions_pane_set_revealed (PW_INSTRUCTIONS_PANE (widget), FALSE);
}

static void
pw_instructions_pane_finalize (GObject *object)
{
  PwInstructionsPane *self = PW_INSTRUCTIONS_PANE (object);

  g_free (self->title);
  g_free (self->instructions);

  G_OBJECT_CLASS (pw_instructions_pane_parent_class)->finalize (object);
}

static void
pw_instructions_pane_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PwInstructionsPane *self = PW_INSTRUCTIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case PROP_REVEALED:
      g_value_set_boolean (value, pw_instructions_pane_get_revealed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_instructions_pane_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PwInstructionsPane *self = PW_INSTRUCTIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      pw_instructions_pane_set_revealed (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_instructions_pane_class_init (PwInstructionsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pw_instructions_pane_finalize;
  object_class->get_property = pw_instructions_pane_get_property;
  object_class->set_property = pw_instructions_pane_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-instructions-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, PwInstructionsPane, revealer);
  gtk_widget_class_bind_template_child (widget_class, PwInstructionsPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, PwInstructionsPane, text_view);

  gtk_widget_class_install_action (widget_class, "instructions.close", NULL, close_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "instructions.close", NULL);
}

static void
pw_instructions_pane_init (PwInstructionsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
