/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-shortcut-row.h"

/* A preference that is a key: the row shows the key, and its button takes
 * the next key pressed, as GNOME Settings does. Escape cancels, Backspace
 * sets none. The key must leave typing alone, since it works while the
 * worker types a transcript: a letter or a digit alone is refused, a
 * function key, a media key or a key held with Ctrl or Alt is taken. A
 * key that Piecework already uses is refused too. While it listens, the
 * row listens on the whole window, ahead of the window's own shortcuts. */

struct _PwShortcutRow
{
  AdwActionRow        parent_instance;

  char               *accelerator;
  char               *subtitle;       /* the row's own, while a hint shows */

  /* While the next key is awaited */
  GtkWidget          *capture_root;   /* weak */
  GtkEventController *capture_keys;
  gulong              focus_id;
  gulong              active_id;

  /* Template widgets */
  GtkButton          *button;
  GtkStack           *stack;
  GtkShortcutLabel   *shortcut_label;
};

G_DEFINE_FINAL_TYPE (PwShortcutRow, pw_shortcut_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ACCELERATOR,
  PROP_CAPTURING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pw_shortcut_row_get_accelerator:
 *
 * Returns: the key, as gtk_accelerator_name() writes it, or "" for none
 */
const char *
pw_shortcut_row_get_accelerator (PwShortcutRow *self)
{
  g_return_val_if_fail (PW_IS_SHORTCUT_ROW (self), NULL);

  return self->accelerator;
}

/**
 * pw_shortcut_row_set_accelerator:
 * @accelerator: (nullable): a key, or %NULL or "" for none
 *
 * Shows @accelerator as the row's key.
 */
void
pw_shortcut_row_set_accelerator (PwShortcutRow *self,
                                 const char    *accelerator)
{
  g_return_if_fail (PW_IS_SHORTCUT_ROW (self));

  if (accelerator == NULL)
    accelerator = "";
  if (g_strcmp0 (self->accelerator, accelerator) == 0)
    return;

  g_free (self->accelerator);
  self->accelerator = g_strdup (accelerator);
  gtk_shortcut_label_set_accelerator (self->shortcut_label, accelerator);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCELERATOR]);
}

/**
 * pw_shortcut_row_get_capturing:
 *
 * Returns: whether the row waits for a key
 */
gboolean
pw_shortcut_row_get_capturing (PwShortcutRow *self)
{
  g_return_val_if_fail (PW_IS_SHORTCUT_ROW (self), FALSE);

  return self->capture_keys != NULL;
}

static void
stop_capture (PwShortcutRow *self)
{
  if (self->capture_keys == NULL)
    return;

  if (self->capture_root != NULL)
    {
      g_clear_signal_handler (&self->focus_id, self->capture_root);
      g_clear_signal_handler (&self->active_id, self->capture_root);
      gtk_widget_remove_controller (self->capture_root, self->capture_keys);
    }
  g_clear_weak_pointer (&self->capture_root);
  g_clear_object (&self->capture_keys);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->subtitle);
  g_clear_pointer (&self->subtitle, g_free);
  gtk_stack_set_visible_child_name (self->stack, "shortcut");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURING]);
}

/* A key that does not type: held with Ctrl, Alt or Super, a function key,
 * or one of the keys of media keyboards and foot pedals. */
static gboolean
types_nothing (guint           keyval,
               GdkModifierType mods)
{
  if ((mods & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK
               | GDK_HYPER_MASK)) != 0)
    return TRUE;
  if (keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35)
    return TRUE;
  /* The XF86 keys: play, pause, next and the like. */
  if (keyval >= 0x1008FF01 && keyval <= 0x1008FFFF)
    return TRUE;
  return keyval == GDK_KEY_Pause || keyval == GDK_KEY_Scroll_Lock;
}

static gboolean
is_taken (PwShortcutRow *self,
          const char    *accelerator)
{
  GtkApplication *app = NULL;
  g_auto (GStrv) actions = NULL;

  /* Playback's own key. */
  if (g_str_equal (accelerator, "<Control>space"))
    return TRUE;

  if (GTK_IS_WINDOW (self->capture_root))
    app = gtk_window_get_application (GTK_WINDOW (self->capture_root));
  if (app == NULL)
    return FALSE;
  actions = gtk_application_get_actions_for_accel (app, accelerator);
  return actions != NULL && actions[0] != NULL;
}

static gboolean
on_capture_key (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwShortcutRow         *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  g_autofree char *accelerator = NULL;
  g_autofree char *label = NULL;
  g_autofree char *refusal = NULL;

  /* Ctrl or Alt alone: the key comes next. */
  if (event != NULL && gdk_key_event_is_modifier (event))
    return GDK_EVENT_STOP;

  keyval = gdk_keyval_to_lower (keyval);
  if (mods == 0 && keyval == GDK_KEY_Escape)
    {
      stop_capture (self);
      return GDK_EVENT_STOP;
    }
  if (mods == 0 && keyval == GDK_KEY_BackSpace)
    {
      pw_shortcut_row_set_accelerator (self, "");
      stop_capture (self);
      return GDK_EVENT_STOP;
    }

  label = gtk_accelerator_get_label (keyval, mods);
  accelerator = gtk_accelerator_name (keyval, mods);
  if (!gtk_accelerator_valid (keyval, mods) || !types_nothing (keyval, mods))
    /* Translators: %s is a key, such as "A" or "Shift+1" */
    refusal = g_strdup_printf (_("%s types text: hold Ctrl or Alt with it, or use a function key"),
                               label);
  else if (is_taken (self, accelerator))
    /* Translators: %s is a key, such as "Ctrl+Q" */
    refusal = g_strdup_printf (_("%s is already a shortcut of Piecework; choose another"), label);
  if (refusal != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), refusal);
      return GDK_EVENT_STOP;
    }

  pw_shortcut_row_set_accelerator (self, accelerator);
  stop_capture (self);
  return GDK_EVENT_STOP;
}

/* A click elsewhere, or another window, ends the wait. */
static void
on_capture_focus (PwShortcutRow *self)
{
  GtkRoot *root = GTK_ROOT (self->capture_root);

  if (gtk_root_get_focus (root) != GTK_WIDGET (self->button)
      || (GTK_IS_WINDOW (root) && !gtk_window_is_active (GTK_WINDOW (root))))
    stop_capture (self);
}

static void
start_capture (PwShortcutRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root == NULL || self->capture_keys != NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->button));
  g_set_weak_pointer (&self->capture_root, GTK_WIDGET (root));
  self->capture_keys = g_object_ref (gtk_event_controller_key_new ());
  gtk_event_controller_set_propagation_phase (self->capture_keys, GTK_PHASE_CAPTURE);
  g_signal_connect (self->capture_keys, "key-pressed", G_CALLBACK (on_capture_key), self);
  /* Added last, it runs first: ahead of the window's shortcuts. */
  gtk_widget_add_controller (GTK_WIDGET (root), self->capture_keys);
  self->focus_id = g_signal_connect_swapped (root, "notify::focus-widget",
                                             G_CALLBACK (on_capture_focus), self);
  self->active_id = g_signal_connect_swapped (root, "notify::is-active",
                                              G_CALLBACK (on_capture_focus), self);

  self->subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (self)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               _("Press a key, Escape to cancel or Backspace for none"));
  gtk_stack_set_visible_child_name (self->stack, "capturing");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURING]);
}

static void
on_button_clicked (PwShortcutRow *self)
{
  if (self->capture_keys != NULL)
    stop_capture (self);
  else
    start_capture (self);
}

static void
pw_shortcut_row_unmap (GtkWidget *widget)
{
  stop_capture (PW_SHORTCUT_ROW (widget));

  GTK_WIDGET_CLASS (pw_shortcut_row_parent_class)->unmap (widget);
}

static void
pw_shortcut_row_dispose (GObject *object)
{
  stop_capture (PW_SHORTCUT_ROW (object));

  G_OBJECT_CLASS (pw_shortcut_row_parent_class)->dispose (object);
}

static void
pw_shortcut_row_finalize (GObject *object)
{
  PwShortcutRow *self = PW_SHORTCUT_ROW (object);

  g_free (self->accelerator);
  g_free (self->subtitle);

  G_OBJECT_CLASS (pw_shortcut_row_parent_class)->finalize (object);
}

static void
pw_shortcut_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwShortcutRow *self = PW_SHORTCUT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCELERATOR:
      g_value_set_string (value, self->accelerator);
      break;

    case PROP_CAPTURING:
      g_value_set_boolean (value, pw_shortcut_row_get_capturing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_shortcut_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PwShortcutRow *self = PW_SHORTCUT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCELERATOR:
      pw_shortcut_row_set_accelerator (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_shortcut_row_class_init (PwShortcutRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_shortcut_row_dispose;
  object_class->finalize = pw_shortcut_row_finalize;
  object_class->get_property = pw_shortcut_row_get_property;
  object_class->set_property = pw_shortcut_row_set_property;
  widget_class->unmap = pw_shortcut_row_unmap;

  properties[PROP_ACCELERATOR] =
    g_param_spec_string ("accelerator", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTURING] =
    g_param_spec_boolean ("capturing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-shortcut-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PwShortcutRow, button);
  gtk_widget_class_bind_template_child (widget_class, PwShortcutRow, stack);
  gtk_widget_class_bind_template_child (widget_class, PwShortcutRow, shortcut_label);
  gtk_widget_class_bind_template_callback (widget_class, on_button_clicked);
}

static void
pw_shortcut_row_init (PwShortcutRow *self)
{
  self->accelerator = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
}
