/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-application.h"
#include "pw-work-area-private.h"
#include "pw-plain-text.h"

/* The work area: the canvas with its label and shape lists, and the image,
 * folder or task being labeled. */

G_DEFINE_FINAL_TYPE (PwWorkArea, pw_work_area, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_pw_work_area_toast (PwWorkArea *self,
                     const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_message ("%s", message);
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  if (overlay == NULL)
    return;

  toast = pw_toast_new_plain (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* The size an image is decoded for: the canvas's, in device pixels. */
void
_pw_work_area_view_size (PwWorkArea *self,
                         int        *width,
                         int        *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self->canvas));

  *width = gtk_widget_get_width (GTK_WIDGET (self->canvas)) * scale;
  *height = gtk_widget_get_height (GTK_WIDGET (self->canvas)) * scale;
  if (*width <= 0 || *height <= 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      int window_width = 1280, window_height = 800;

      /* Before the first layout: the window's size less the lists and the
       * bars around the canvas, so that the first decode is no larger than
       * what will be shown. */
      if (GTK_IS_WINDOW (root))
        gtk_window_get_default_size (GTK_WINDOW (root), &window_width, &window_height);
      *width = MAX (window_width - 420, 320) * scale;
      *height = MAX (window_height - 110, 240) * scale;
    }
}

/* Returns: (nullable): the path of the folder's image at @index, or
 *   %NULL while that place is not known */
char *
_pw_work_area_image_path (PwWorkArea *self,
                          guint       index)
{
  g_autoptr (GFile) image = pw_image_folder_dup_image (self->folder, index);

  return image != NULL ? g_file_get_path (image) : NULL;
}

void
_pw_work_area_set_title (PwWorkArea *self,
                         const char *title)
{
  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * pw_work_area_get_last_toast:
 *
 * Returns: (nullable): what the work area last told the worker in a toast
 */
const char *
pw_work_area_get_last_toast (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  return self->last_toast;
}

const char *
pw_work_area_get_title (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  return self->title;
}

PwImageCanvas *
pw_work_area_get_canvas (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  return self->canvas;
}

PwImageFolder *
pw_work_area_get_folder (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  return self->folder;
}

/**
 * pw_work_area_get_media_file:
 *
 * Returns: (transfer none) (nullable): the text or recording of the
 *   worker's own that is open, as against a marketplace task's
 */
GFile *
pw_work_area_get_media_file (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  return self->media_file;
}

/**
 * pw_work_area_get_image_error:
 *
 * Returns: (transfer none) (nullable): why the image shown could not be
 *   decoded, as the markup of its status page, or %NULL
 */
const char *
pw_work_area_get_image_error (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->image_error)))
    return NULL;
  return adw_status_page_get_description (self->image_error);
}

int
pw_work_area_get_index (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), -1);

  return self->index;
}

/* The image */

static void
on_image_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwItemLoad) load = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = pw_image_cache_load_finish (PW_IMAGE_CACHE (source), result, &error);
  PwWorkArea *self = load->self;

  if (!_pw_item_load_is_current (load))
    return;

  self->image_loading = FALSE;
  if (image == NULL)
    {
      /* Said where the image would be, and on standard error for scripts;
       * the worker can move on to the next image. */
      pw_image_canvas_set_image (self->canvas, NULL);
      pw_status_page_set_description_plain (self->image_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->image_error), TRUE);
      g_printerr ("piecework: %s\n", error->message);
      return;
    }

  pw_image_canvas_set_image (self->canvas, image);
}

void
_pw_work_area_load_image (PwWorkArea *self,
                          gboolean    full_resolution)
{
  g_autofree char *path = NULL;
  g_autoptr (PwImage) cached = NULL;
  int width, height;

  self->image_loading = FALSE;
  if (_pw_work_area_in_tasks (self))
    path = g_strdup (_pw_work_area_current_task (self)->media_file);
  else
    path = _pw_work_area_image_path (self, self->index);

  /* A task whose image has not come yet: its claim is still downloading,
   * or its download failed or was stopped. */
  if (path == NULL)
    {
      _pw_work_area_fetch_task_media (self);
      return;
    }

  _pw_work_area_view_size (self, &width, &height);
  cached = pw_image_cache_lookup (self->cache, path, width, height, full_resolution);
  if (cached != NULL)
    {
      pw_image_canvas_set_image (self->canvas, cached);
      return;
    }

  self->n_image_waits++;
  self->image_loading = TRUE;

  pw_image_cache_load_async (self->cache, path, width, height, full_resolution,
                             self->item_cancellable, on_image_loaded, _pw_item_load_new (self));
}

static void
on_canvas_zoom (PwWorkArea *self)
{
  PwImage *image = pw_image_canvas_get_image (self->canvas);

  /* Zooming past what the first view holds brings in full resolution. */
  if (image == NULL || self->full_requested
      || (self->folder == NULL && !_pw_work_area_in_tasks (self)))
    return;
  if (pw_image_canvas_wanted_scale_denominator (self->canvas) < pw_image_get_scale_denominator (image))
    {
      self->full_requested = TRUE;
      _pw_work_area_load_image (self, TRUE);
    }
}

static void
update_position (PwWorkArea *self)
{
  guint n = pw_image_folder_get_n_images (self->folder);
  g_autofree char *text = g_strdup_printf (_("%d of %u"), self->index + 1, n);

  gtk_label_set_text (self->position_label, text);
  /* The list follows once the image is painted. */
  _pw_work_area_select_after_paint (self);
}

/**
 * _pw_work_area_open_index:
 * @index: an image of the folder
 *
 * Shows the image at @index with its shapes. The image comes from the cache
 * at once when it was prefetched; its shapes come from the store, or from
 * the labelme file beside it.
 */
void
_pw_work_area_open_index (PwWorkArea *self,
                          int         index)
{
  const char *name;

  g_return_if_fail (self->folder != NULL);
  g_return_if_fail (index >= 0 && (guint) index < pw_image_folder_get_n_images (self->folder));

  /* Before the folder is in order, a step waits for it. */
  if ((name = pw_image_folder_get_name (self->folder, index)) == NULL)
    {
      self->pending_index = index;
      return;
    }
  self->pending_index = -1;
  _pw_work_area_prepare_item (self, index);
  /* The frame first: the image, from the cache when it was decoded
   * ahead; the list follows after that frame. */
  _pw_work_area_load_image (self, FALSE);
  _pw_work_area_set_title (self, name);
  update_position (self);

  _pw_work_area_after_open (self);
  _pw_work_area_prefetch_images_after_paint (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  _pw_work_area_update_actions (self);
}

/* Opening a folder */

static void
on_folder_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImageFolder) folder = pw_image_folder_load_finish (result, &error);

  if (folder == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      gtk_spinner_stop (self->spinner);
      adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
      pw_status_page_set_description_plain (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  gtk_spinner_stop (self->spinner);
  _pw_work_area_set_folder (self, folder);

  /* Start where the work is: the first image not labeled yet, known
   * before the others are in order. */
  gtk_stack_set_visible_child_name (self->stack, "work");
  _pw_work_area_open_index (self, pw_image_folder_get_start (folder));
}

/**
 * pw_work_area_open_files:
 * @files: (array length=n_files): a folder, or images
 *
 * Opens images to label, reading the folder on a thread.
 */
void
pw_work_area_open_files (PwWorkArea  *self,
                         GFile      **files,
                         guint        n_files)
{
  g_return_if_fail (PW_IS_WORK_AREA (self));
  g_return_if_fail (n_files > 0 && files != NULL);

  /* A text or a recording of the worker's own opens in its panel. */
  if (n_files == 1 && pw_media_document_can_open (files[0]))
    {
      g_cancellable_cancel (self->open_cancellable);
      _pw_work_area_open_media_file (self, files[0]);
      return;
    }

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  pw_image_folder_load_async (files, n_files, self->open_cancellable, on_folder_loaded,
                              g_object_ref (self));
}

static void
cancel_open_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);

  g_cancellable_cancel (self->open_cancellable);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack,
                                    self->folder != NULL || self->media_file != NULL ? "work"
                                                                                     : "empty");
}

/* Moving on */

static void
save_next_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _pw_work_area_save_and_next (PW_WORK_AREA (widget),
                               g_str_equal (action_name, "work.save-anyway"));
}

static void
open_tasks_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pw_work_area_open_task (PW_WORK_AREA (widget), NULL, NULL);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);

  if (self->media != NULL && !pw_media_document_is_task (self->media))
    _pw_work_area_media_moved_on (self);
}

/* Undo and redo act on the document shown, whatever its kind: the
 * canvas's for an image, the annotation's for a text or recording. */
static void
history_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);
  gboolean undo = g_str_equal (action_name, "work.undo");

  if (self->media != NULL)
    {
      PwAnnotation *annotation = pw_media_document_get_annotation (self->media);

      if (undo)
        pw_annotation_undo (annotation);
      else
        pw_annotation_redo (annotation);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), undo ? "canvas.undo" : "canvas.redo",
                              NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);
  int index = self->index + g_variant_get_int32 (parameter);

  if (_pw_work_area_in_tasks (self))
    {
      if (index >= 0 && (guint) index < self->tasks->len)
        _pw_work_area_open_task_at (self, index);
      return;
    }
  if (self->folder != NULL && index >= 0 && (guint) index < pw_image_folder_get_n_images (self->folder))
    _pw_work_area_open_index (self, index);
}

static void
paste_previous_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);

  if (self->document == NULL || self->previous_shapes == NULL || self->previous_shapes->len == 0)
    return;

  pw_annotation_paste_shapes (pw_image_document_get_annotation (self->document),
                              self->previous_shapes);
}

/* The tool bar's buttons are not inside the canvas, so they reach its
 * actions through the work area. */
static void
canvas_action_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);
  g_autofree char *name = g_strconcat ("canvas.", action_name + strlen ("work."), NULL);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->canvas), name, parameter);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

void
_pw_work_area_update_actions (PwWorkArea *self)
{
  gboolean in_tasks = _pw_work_area_in_tasks (self);
  gboolean open = (self->folder != NULL || in_tasks) && self->index >= 0;
  guint n = !open ? 0 : in_tasks ? self->tasks->len : pw_image_folder_get_n_images (self->folder);
  PwAnnotation *annotation = _pw_work_area_get_annotation (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.undo",
                                 annotation != NULL && pw_annotation_can_undo (annotation));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.redo",
                                 annotation != NULL && pw_annotation_can_redo (annotation));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.save-next", annotation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.save-anyway", annotation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.save",
                                 self->media != NULL && !pw_media_document_is_task (self->media));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.paste-previous",
                                 self->document != NULL && self->previous_shapes != NULL
                                 && self->previous_shapes->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.step", open && n > 1);
  _pw_work_area_update_choice_actions (self);
}

/* Tools */

static void
on_tool_toggled (PwWorkArea      *self,
                 GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->select_button)
    pw_image_canvas_set_tool (self->canvas, PW_CANVAS_TOOL_SELECT);
  else if (button == self->box_button)
    pw_image_canvas_set_tool (self->canvas, PW_CANVAS_TOOL_BOX);
  else
    pw_image_canvas_set_tool (self->canvas, PW_CANVAS_TOOL_POLYGON);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
on_canvas_tool (PwWorkArea *self)
{
  switch (pw_image_canvas_get_tool (self->canvas))
    {
    case PW_CANVAS_TOOL_SELECT:
      gtk_toggle_button_set_active (self->select_button, TRUE);
      break;
    case PW_CANVAS_TOOL_BOX:
      gtk_toggle_button_set_active (self->box_button, TRUE);
      break;
    case PW_CANVAS_TOOL_POLYGON:
    default:
      gtk_toggle_button_set_active (self->polygon_button, TRUE);
      break;
    }
}

static void
on_image_row_activated (PwWorkArea    *self,
                        GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index == self->index)
    return;
  if (_pw_work_area_in_tasks (self))
    _pw_work_area_open_task_at (self, index);
  else
    _pw_work_area_open_index (self, index);
}

static void
pw_work_area_dispose (GObject *object)
{
  PwWorkArea *self = PW_WORK_AREA (object);
  GApplication *app = g_application_get_default ();

  g_cancellable_cancel (self->open_cancellable);
  g_cancellable_cancel (self->item_cancellable);
  if (app != NULL)
    g_clear_signal_handler (&self->store_ready_id, app);
  _pw_work_area_set_document (self, NULL);
  _pw_work_area_set_media (self, NULL);
  _pw_work_area_set_folder (self, NULL);
  _pw_work_area_leave_tasks (self);
  _pw_work_area_cancel_prefetch (self);
  _pw_work_area_cancel_select (self);
  _pw_work_area_finish_clock (self);

  /* AdwBin unparents its child, the template: no dispose_template here. */
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->item_cancellable);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->labels_project, pw_project_unref);
  _pw_work_area_forget_projects (self);
  g_clear_object (&self->media_file);
  g_clear_pointer (&self->prefetched, g_hash_table_unref);
  g_clear_pointer (&self->prefetched_players, g_hash_table_unref);
  g_clear_pointer (&self->previous_shapes, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_work_area_parent_class)->dispose (object);
}

static void
pw_work_area_finalize (GObject *object)
{
  PwWorkArea *self = PW_WORK_AREA (object);

  g_free (self->title);
  g_free (self->last_toast);
  g_free (self->instructions_for);

  G_OBJECT_CLASS (pw_work_area_parent_class)->finalize (object);
}

static void
pw_work_area_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PwWorkArea *self = PW_WORK_AREA (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_work_area_class_init (PwWorkAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_work_area_dispose;
  object_class->finalize = pw_work_area_finalize;
  object_class->get_property = pw_work_area_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PW_TYPE_IMAGE_CANVAS);

  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_BASE "/pw-work-area.ui");
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, stack);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, error_page);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, image_list);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, image_scroller);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, folder_list);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, folder_scroller);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, labels_progress);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, label_list);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, new_label_entry);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, canvas);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, image_error);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, media_wait);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, problems_label);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, position_label);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, select_button);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, box_button);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, polygon_button);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_tool_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_image_row_activated);
  _pw_work_area_class_init_lists (widget_class);
  _pw_work_area_class_init_instructions (widget_class);
  _pw_work_area_class_init_media (widget_class);
  _pw_work_area_class_init_choices (widget_class);

  gtk_widget_class_install_action (widget_class, "work.save-next", NULL, save_next_activated);
  gtk_widget_class_install_action (widget_class, "work.save-anyway", NULL, save_next_activated);
  gtk_widget_class_install_action (widget_class, "work.step", "i", step_activated);
  gtk_widget_class_install_action (widget_class, "work.paste-previous", NULL,
                                   paste_previous_activated);
  gtk_widget_class_install_action (widget_class, "work.cancel-open", NULL, cancel_open_activated);
  gtk_widget_class_install_action (widget_class, "work.open-tasks", NULL, open_tasks_activated);
  gtk_widget_class_install_action (widget_class, "work.undo", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "work.redo", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "work.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "work.zoom-in", NULL, canvas_action_activated);
  gtk_widget_class_install_action (widget_class, "work.zoom-out", NULL, canvas_action_activated);
  gtk_widget_class_install_action (widget_class, "work.zoom-fit", NULL, canvas_action_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "work.save-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "work.save-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "work.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "work.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "work.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "work.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "work.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "work.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "work.paste-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_V, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "work.paste-previous", NULL);
}

static void
pw_work_area_init (PwWorkArea *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->index = -1;
  self->pending_index = -1;
  self->item_cancellable = g_cancellable_new ();
  /* Room for the image shown, its full resolution and the next ones. */
  self->cache = pw_image_cache_new (512 * 1024 * 1024);

  g_signal_connect_swapped (self->canvas, "notify::zoom", G_CALLBACK (on_canvas_zoom), self);
  g_signal_connect_swapped (self->canvas, "notify::tool", G_CALLBACK (on_canvas_tool), self);
  on_canvas_tool (self);
  _pw_work_area_init_media (self);
  _pw_work_area_init_choices (self);
  _pw_work_area_init_lists (self);
  _pw_work_area_update_actions (self);
  _pw_work_area_init_clock (self);
}
