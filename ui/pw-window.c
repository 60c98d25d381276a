/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-earnings-view.h"
#include "pw-file-chooser.h"
#include "pw-sync-status.h"
#include "pw-window-private.h"
#include "pw-work-area.h"

/* The main window: the Work, Tasks and Earnings places, the header bar and
 * the window's actions. */


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
  if (n_files > 0)
    pw_work_area_open_files (self->work_area, files, n_files);
}

/**
 * pw_window_get_work_area:
 *
 * Returns: (transfer none): the work area
 */
PwWorkArea *
pw_window_get_work_area (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  return self->work_area;
}

/**
 * pw_window_get_tasks_view:
 *
 * Returns: (transfer none): the Tasks place: projects and the queue
 */
PwTasksView *
pw_window_get_tasks_view (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  return self->tasks_view;
}

static void
on_open_task (PwWindow    *self,
              const char  *account_id,
              const char  *task_id,
              PwTasksView *view)
{
  pw_window_set_place (self, "work");
  pw_work_area_open_task (self->work_area, account_id, task_id);
}

static void
on_work_title_changed (PwWindow *self)
{
  const char *name = pw_work_area_get_title (self->work_area);
  g_autofree char *title = NULL;

  adw_view_switcher_title_set_subtitle (self->switcher_title, name);
  /* Translators: the window title: the image being labeled, then the app */
  title = name != NULL ? g_strdup_printf (_("%s — Piecework"), name) : g_strdup (_("Piecework"));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
on_folder_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = pw_file_chooser_ask_finish (result, &error);
  PwWindow *self;

  /* Cancelled only when the window goes away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PW_WINDOW (user_data);
  g_clear_object (&self->folder_chooser);
  if (folder != NULL)
    pw_window_open_files (self, &folder, 1);
}

static void
open_folder_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PwWindow *self = PW_WINDOW (widget);
  PwImageFolder *open = pw_work_area_get_folder (self->work_area);
  g_autoptr (GFile) beside = NULL;

  if (self->folder_chooser != NULL)
    return;

  /* Start beside the open folder, where the next one usually is. */
  if (open != NULL)
    beside = g_file_get_parent (pw_image_folder_get_folder (open));
  self->folder_chooser = g_cancellable_new ();
  pw_file_chooser_ask_async (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                             _("Open a Folder of Images"), _("_Open"), NULL, beside, NULL,
                             self->folder_chooser, on_folder_chosen, self);
}

/* One photo, text or recording of the worker's own, to practise on. */
static void
open_file_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  static const char *const suffixes[] = {
    "jpg", "jpeg", "png", "txt", "wav", "ogg", "oga", "opus", "mp3", "flac",
  };
  PwWindow *self = PW_WINDOW (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->folder_chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Photos, texts and recordings"));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  self->folder_chooser = g_cancellable_new ();
  pw_file_chooser_ask_async (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                             _("Open a Photo, Text or Recording"), _("_Open"), NULL, NULL, filter,
                             self->folder_chooser, on_folder_chosen, self);
}

/**
 * pw_window_get_place:
 *
 * Returns: (transfer none): the name of the place shown: "work", "tasks"
 *   or "earnings"
 */
const char *
pw_window_get_place (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->places);
}

/**
 * pw_window_set_place:
 * @place: "work", "tasks" or "earnings"
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

/* The Earnings place reads the ledger and holds a widget per card, chart
 * and table: it is built the first time it shows, so that a window opened
 * on an image spends neither time nor memory on it before the image. */
static void
build_earnings_if_shown (PwWindow *self)
{
  if (g_strcmp0 (pw_window_get_place (self), "earnings") != 0
      || adw_bin_get_child (self->earnings_page) != NULL)
    return;

  adw_bin_set_child (self->earnings_page, pw_earnings_view_new ());
}

static void
on_visible_place_changed (PwWindow *self)
{
  build_earnings_if_shown (self);
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_button),
                          g_strcmp0 (pw_window_get_place (self), "work") == 0);
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

/* Whether closing @self would quit the application. */
static gboolean
is_last_window (PwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  for (GList *l = app != NULL ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    {
      if (l->data != self && PW_IS_WINDOW (l->data))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pw_window_close_request (GtkWindow *window)
{
  PwWindow *self = PW_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);

  /* Quitting would lose the work the disk refused: ask first. */
  if (PW_IS_APPLICATION (app) && !pw_application_get_may_quit (PW_APPLICATION (app)) &&
      is_last_window (self))
    {
      pw_window_ask_before_quit (self);
      return GDK_EVENT_STOP;
    }

  save_window_state (self);

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
  _pw_window_dispose_export (self);
  _pw_window_dispose_unsaved (self);
  g_cancellable_cancel (self->folder_chooser);
  g_clear_object (&self->folder_chooser);

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

/* The shortcuts window is built the first time the worker asks for it:
 * it holds a widget per key, which a window that is never asked for its
 * keys should not keep in memory. */
static void
show_help_overlay_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource (PW_RESOURCE_BASE "/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
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
   * The name of the place shown: "work", "tasks" or "earnings".
   */
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL,
                         "work",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_BASE "/pw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, places);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, work_area);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, tasks_view);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, earnings_page);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, instructions_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open_task);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_place_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_work_title_changed);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_activated);
  _pw_window_class_init_export (widget_class);
  _pw_window_class_init_unsaved (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-folder", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-file", NULL, open_file_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-file", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-place", "s", show_place_activated);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-place", "s", "work");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-place", "s", "tasks");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-place", "s", "earnings");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
pw_window_init (PwWindow *self)
{
  g_type_ensure (PW_TYPE_SYNC_STATUS);
  g_type_ensure (PW_TYPE_WORK_AREA);
  g_type_ensure (PW_TYPE_TASKS_VIEW);

  self->settings = g_settings_new (PW_APP_ID);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  _pw_window_init_unsaved (self);
  pw_instructions_pane_bind_toggle (pw_work_area_get_instructions_pane (self->work_area),
                                    self->instructions_button);
}
