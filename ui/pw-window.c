/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-window.h"

struct _PwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *places;
};

G_DEFINE_FINAL_TYPE (PwWindow, pw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pw_window_new:
 * @application: the #PwApplication
 *
 * Returns: (transfer none): a new main window, owned by @application
 */
PwWindow *
pw_window_new (PwApplication *application)
{
  g_return_val_if_fail (PW_IS_APPLICATION (application), NULL);

  return g_object_new (PW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * pw_window_open_files:
 * @self: a #PwWindow
 * @files: (array length=n_files): images or folders to label
 * @n_files: the length of @files
 *
 * Shows the work area for @files, as given on the command line.
 */
void
pw_window_open_files (PwWindow  *self,
                      GFile    **files,
                      int        n_files)
{
  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (n_files == 0 || files != NULL);

  pw_window_set_place (self, "work");
}

/**
 * pw_window_get_place:
 *
 * Returns: (transfer none): the name of the place shown: "work" or "earnings"
 */
const char *
pw_window_get_place (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->places);
}

/**
 * pw_window_set_place:
 * @place: "work" or "earnings"
 *
 * Shows one of the window's places.
 */
void
pw_window_set_place (PwWindow   *self,
                     const char *place)
{
  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (place != NULL);

  if (adw_view_stack_get_child_by_name (self->places, place) == NULL)
    {
      g_warning ("No place named “%s” in the window", place);
      return;
    }

  adw_view_stack_set_visible_child_name (self->places, place);
}

static void
on_visible_place_changed (PwWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
}

static void
show_place_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pw_window_set_place (PW_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
save_window_state (PwWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (self->settings, "place", pw_window_get_place (self));
  g_settings_apply (self->settings);
}

static gboolean
pw_window_close_request (GtkWindow *window)
{
  save_window_state (PW_WINDOW (window));

  return GTK_WINDOW_CLASS (pw_window_parent_class)->close_request (window);
}

static void
pw_window_constructed (GObject *object)
{
  PwWindow *self = PW_WINDOW (object);
  g_autofree char *place = NULL;

  G_OBJECT_CLASS (pw_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  place = g_settings_get_string (self->settings, "place");
  pw_window_set_place (self, place);
}

static void
pw_window_dispose (GObject *object)
{
  PwWindow *self = PW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_WINDOW);

  G_OBJECT_CLASS (pw_window_parent_class)->dispose (object);
}

static void
pw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PwWindow *self = PW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLACE:
      g_value_set_string (value, pw_window_get_place (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PwWindow *self = PW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLACE:
      pw_window_set_place (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_window_class_init (PwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pw_window_constructed;
  object_class->dispose = pw_window_dispose;
  object_class->get_property = pw_window_get_property;
  object_class->set_property = pw_window_set_property;

  window_class->close_request = pw_window_close_request;

  /**
   * PwWindow:place:
   *
   * The name of the place shown: "work" or "earnings".
   */
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL,
                         "work",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_BASE "/pw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, places);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_place_changed);

  gtk_widget_class_install_action (widget_class, "win.show-place", "s", show_place_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-place", "s", "work");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-place", "s", "earnings");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
pw_window_init (PwWindow *self)
{
  self->settings = g_settings_new (PW_APP_ID);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
