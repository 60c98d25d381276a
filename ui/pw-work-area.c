/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-application.h"
#include "pw-work-area-private.h"

G_DEFINE_FINAL_TYPE (PwWorkArea, pw_work_area, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A load that belongs to one image: when the worker has moved on, its
 * cancellable is cancelled and its result is dropped. */
typedef struct
{
  PwWorkArea   *self;
  GCancellable *cancellable;
  int           index;
} ItemLoad;

static ItemLoad *
item_load_new (PwWorkArea *self)
{
  ItemLoad *load = g_new0 (ItemLoad, 1);

  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->item_cancellable);
  load->index = self->index;
  return load;
}

static void
item_load_free (ItemLoad *load)
{
  g_object_unref (load->self);
  g_object_unref (load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ItemLoad, item_load_free)

static gboolean
item_load_is_current (ItemLoad *load)
{
  return !g_cancellable_is_cancelled (load->cancellable) && load->index == load->self->index;
}

void
pw_work_area_toast (PwWorkArea *self,
                    const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_message ("%s", message);
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
view_size (PwWorkArea *self,
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

static char *
image_path (PwWorkArea *self,
            guint       index)
{
  return g_file_get_path (pw_image_folder_get_image (self->folder, index));
}

void
pw_work_area_set_title (PwWorkArea *self,
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
 * pw_work_area_get_image_error:
 *
 * Returns: (transfer none) (nullable): why the image shown could not be
 *   decoded, or %NULL
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
  g_autoptr (ItemLoad) load = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = pw_image_cache_load_finish (PW_IMAGE_CACHE (source), result, &error);
  PwWorkArea *self = load->self;

  if (!item_load_is_current (load))
    return;

  if (image == NULL)
    {
      /* Said where the image would be, and on standard error for scripts;
       * the worker can move on to the next image. */
      pw_image_canvas_set_image (self->canvas, NULL);
      adw_status_page_set_description (self->image_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->image_error), TRUE);
      g_printerr ("piecework: %s\n", error->message);
      return;
    }

  pw_image_canvas_set_image (self->canvas, image);
}

void
pw_work_area_load_image (PwWorkArea *self,
                         gboolean    full_resolution)
{
  g_autofree char *path = NULL;
  g_autoptr (PwImage) cached = NULL;
  int width, height;

  if (pw_work_area_in_tasks (self))
    path = g_strdup (pw_work_area_current_task (self)->media_file);
  else
    path = image_path (self, self->index);

  if (path == NULL)
    {
      pw_image_canvas_set_image (self->canvas, NULL);
      adw_status_page_set_description (self->image_error,
                                       _("The image of this task was not downloaded. Check "
                                         "the connection, then claim the task’s project again "
                                         "in Tasks, or release this task."));
      gtk_widget_set_visible (GTK_WIDGET (self->image_error), TRUE);
      return;
    }

  view_size (self, &width, &height);
  cached = pw_image_cache_lookup (self->cache, path, width, height, full_resolution);
  if (cached != NULL)
    {
      pw_image_canvas_set_image (self->canvas, cached);
      return;
    }

  pw_image_cache_load_async (self->cache, path, width, height, full_resolution,
                             self->item_cancellable, on_image_loaded, item_load_new (self));
}

static void
on_canvas_zoom (PwWorkArea *self)
{
  PwImage *image = pw_image_canvas_get_image (self->canvas);

  /* Zooming past what the first view holds brings in full resolution. */
  if (image == NULL || self->full_requested
      || (self->folder == NULL && !pw_work_area_in_tasks (self)))
    return;
  if (pw_image_canvas_wanted_scale_denominator (self->canvas) < pw_image_get_scale_denominator (image))
    {
      self->full_requested = TRUE;
      pw_work_area_load_image (self, TRUE);
    }
}

/* The document: the shapes of the image, kept in the store */

static void
update_problems (PwWorkArea *self)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *text = NULL;
  const PwProblem *first;

  if (self->document == NULL)
    return;

  problems = pw_annotation_check (pw_image_document_get_annotation (self->document));
  pw_image_canvas_set_problems (self->canvas, problems);
  if (problems->len == 0)
    {
      gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
      return;
    }

  first = g_ptr_array_index (problems, 0);
  if (pw_image_document_is_task (self->document))
    text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                         "%u shape needs a look. %s Press Ctrl+Return again to submit anyway.",
                                         "%u shapes need a look. %s Press Ctrl+Return again to submit anyway.",
                                         problems->len),
                            problems->len, first->reason);
  else
    text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                         "%u shape needs a look. %s Press Ctrl+Return again to save anyway.",
                                         "%u shapes need a look. %s Press Ctrl+Return again to save anyway.",
                                         problems->len),
                            problems->len, first->reason);
  gtk_label_set_text (self->problems_label, text);
  gtk_revealer_set_reveal_child (self->problems_revealer, TRUE);
}

static void
on_history_changed (PwWorkArea *self)
{
  pw_work_area_update_actions (self);
}

static void
on_annotation_changed (PwWorkArea *self)
{
  /* An edit takes back a "save anyway"; the findings follow the edits. */
  self->override_armed = FALSE;
  if (gtk_revealer_get_reveal_child (self->problems_revealer))
    update_problems (self);
}

static gpointer
copy_shape (gconstpointer shape,
            gpointer      user_data)
{
  return pw_shape_ref ((PwShape *) shape);
}

static void
set_document (PwWorkArea      *self,
              PwImageDocument *document)
{
  if (self->document != NULL)
    {
      PwAnnotation *annotation = pw_image_document_get_annotation (self->document);

      g_clear_signal_handler (&self->annotation_changed_id, annotation);
      g_signal_handlers_disconnect_by_func (annotation, on_history_changed, self);
      /* What was on this image can be copied onto the next one. */
      g_clear_pointer (&self->previous_shapes, g_ptr_array_unref);
      self->previous_shapes = g_ptr_array_copy (pw_annotation_get_shapes (annotation),
                                                copy_shape, NULL);
      g_ptr_array_set_free_func (self->previous_shapes, (GDestroyNotify) pw_shape_unref);
    }

  g_set_object (&self->document, document);
  self->override_armed = FALSE;
  gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);

  if (document != NULL)
    {
      PwAnnotation *annotation = pw_image_document_get_annotation (document);

      self->annotation_changed_id =
        g_signal_connect_swapped (annotation, "changed", G_CALLBACK (on_annotation_changed), self);
      g_signal_connect_swapped (annotation, "notify::can-undo", G_CALLBACK (on_history_changed), self);
      g_signal_connect_swapped (annotation, "notify::can-redo", G_CALLBACK (on_history_changed), self);
      pw_image_canvas_set_annotation (self->canvas, annotation);
    }
  else
    {
      pw_image_canvas_set_annotation (self->canvas, NULL);
    }

  pw_work_area_update_actions (self);
}

static void
on_document_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (ItemLoad) load = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImageDocument) document = pw_image_document_open_finish (result, &error);
  PwWorkArea *self = load->self;

  if (!item_load_is_current (load))
    return;

  if (document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The shapes of this image could not be opened: %s"),
                                                  error->message);
      pw_work_area_toast (self, message);
      return;
    }

  set_document (self, document);
}

static void
open_document (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());
  PwStore *store = app != NULL ? pw_application_get_store (app) : NULL;
  const PwStoreTask *task = pw_work_area_current_task (self);

  if (task != NULL)
    {
      g_autofree char *key = g_strdup_printf ("task:%s/%s", task->account_id, task->task_id);
      g_autoptr (GFile) image = NULL;
      g_autoptr (JsonNode) json = NULL;
      JsonNode *prefill = NULL;

      if (task->media_file == NULL)
        return;
      image = g_file_new_for_path (task->media_file);
      if (task->task_json != NULL
          && (json = json_from_string (task->task_json, NULL)) != NULL
          && JSON_NODE_HOLDS_OBJECT (json))
        prefill = json_object_get_member (json_node_get_object (json), "prefill");
      pw_image_document_open_task_async (image, key, prefill, store, self->item_cancellable,
                                         on_document_opened, item_load_new (self));
      return;
    }

  pw_image_document_open_async (pw_image_folder_get_image (self->folder, self->index), store,
                                self->item_cancellable, on_document_opened, item_load_new (self));
}

static void
on_store_ready (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());

  if (!pw_application_get_store_ready (app))
    return;

  g_clear_signal_handler (&self->store_ready_id, app);
  if ((self->folder != NULL || pw_work_area_in_tasks (self)) && self->index >= 0)
    open_document (self);
}

/**
 * pw_work_area_prepare_item:
 * @index: the image or task about to show
 *
 * Drops what belongs to the item shown so far.
 */
void
pw_work_area_prepare_item (PwWorkArea *self,
                           int         index)
{
  g_cancellable_cancel (self->item_cancellable);
  g_clear_object (&self->item_cancellable);
  self->item_cancellable = g_cancellable_new ();
  self->index = index;
  self->full_requested = FALSE;

  set_document (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->image_error), FALSE);
}

/**
 * pw_work_area_after_open:
 *
 * Opens the item's shapes once the store is ready, and gives the canvas
 * the keyboard.
 */
void
pw_work_area_after_open (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());

  if (app == NULL || pw_application_get_store_ready (app))
    open_document (self);
  else if (self->store_ready_id == 0)
    self->store_ready_id = g_signal_connect_swapped (app, "notify::store-ready",
                                                     G_CALLBACK (on_store_ready), self);
}

static void
update_position (PwWorkArea *self)
{
  guint n = pw_image_folder_get_n_images (self->folder);
  g_autofree char *text = g_strdup_printf (_("%d of %u"), self->index + 1, n);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->image_list, self->index);

  gtk_label_set_text (self->position_label, text);
  if (row != NULL && gtk_list_box_get_selected_row (self->image_list) != row)
    gtk_list_box_select_row (self->image_list, row);
}

/**
 * pw_work_area_open_index:
 * @index: an image of the folder
 *
 * Shows the image at @index with its shapes. The image comes from the cache
 * at once when it was prefetched; its shapes come from the store, or from
 * the labelme file beside it.
 */
void
pw_work_area_open_index (PwWorkArea *self,
                         int         index)
{
  g_autofree char *basename = NULL;
  int width, height;

  g_return_if_fail (self->folder != NULL);
  g_return_if_fail (index >= 0 && (guint) index < pw_image_folder_get_n_images (self->folder));

  pw_work_area_prepare_item (self, index);
  basename = g_file_get_basename (pw_image_folder_get_image (self->folder, index));
  pw_work_area_set_title (self, basename);
  update_position (self);

  pw_work_area_load_image (self, FALSE);
  pw_work_area_after_open (self);

  /* The next image decodes while this one is labeled. */
  if ((guint) index + 1 < pw_image_folder_get_n_images (self->folder))
    {
      g_autofree char *next = image_path (self, index + 1);

      view_size (self, &width, &height);
      pw_image_cache_prefetch (self->cache, next, width, height);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  pw_work_area_update_actions (self);
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
  guint n, first = 0;

  if (folder == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      gtk_spinner_stop (self->spinner);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  gtk_spinner_stop (self->spinner);
  pw_work_area_set_folder (self, folder);

  /* Start where the work is: the first image not labeled yet. */
  n = pw_image_folder_get_n_images (folder);
  while (first < n && pw_image_folder_get_labeled (folder, first))
    first++;
  if (first == n)
    first = 0;

  gtk_stack_set_visible_child_name (self->stack, "work");
  pw_work_area_open_index (self, first);
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
  gtk_stack_set_visible_child_name (self->stack, self->folder != NULL ? "work" : "empty");
}

/* Checking, saving and moving on */

static void
on_document_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;
  PwImageDocument *document = PW_IMAGE_DOCUMENT (source);
  int index;

  if (!pw_image_document_save_finish (document, result, &error))
    {
      g_autofree char *name = g_file_get_basename (pw_image_document_get_image (document));
      g_autofree char *message = NULL;

      /* The shapes are still in the store: nothing is lost, and saving
       * again once the disk has room writes them. */
      message = g_strdup_printf (_("“%s” was not saved: %s"), name, error->message);
      pw_work_area_toast (self, message);
      return;
    }

  if (self->folder != NULL
      && (index = pw_image_folder_find (self->folder, pw_image_document_get_image (document))) >= 0)
    pw_image_folder_set_labeled (self->folder, index, TRUE);
}

static void
save_and_next (PwWorkArea *self,
               gboolean    anyway)
{
  g_autoptr (GPtrArray) problems = NULL;
  guint n;

  if (self->document == NULL)
    return;

  if (!anyway && !self->override_armed)
    {
      problems = pw_annotation_check (pw_image_document_get_annotation (self->document));
      if (problems->len > 0)
        {
          update_problems (self);
          self->override_armed = TRUE;
          return;
        }
    }

  pw_image_canvas_set_problems (self->canvas, NULL);
  gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
  if (pw_image_document_is_task (self->document))
    {
      pw_work_area_submit_and_next (self);
      return;
    }
  pw_image_document_save_async (self->document, NULL, on_document_saved, g_object_ref (self));

  n = pw_image_folder_get_n_images (self->folder);
  if ((guint) self->index + 1 < n)
    pw_work_area_open_index (self, self->index + 1);
  else
    pw_work_area_toast (self, _("Saved. That was the last image in the folder."));
}

static void
save_next_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  save_and_next (PW_WORK_AREA (widget), g_str_equal (action_name, "work.save-anyway"));
}

static void
open_tasks_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pw_work_area_open_task (PW_WORK_AREA (widget), NULL, NULL);
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);
  int index = self->index + g_variant_get_int32 (parameter);

  if (pw_work_area_in_tasks (self))
    {
      if (index >= 0 && (guint) index < self->tasks->len)
        pw_work_area_open_task_at (self, index);
      return;
    }
  if (self->folder != NULL && index >= 0 && (guint) index < pw_image_folder_get_n_images (self->folder))
    pw_work_area_open_index (self, index);
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
pw_work_area_update_actions (PwWorkArea *self)
{
  gboolean in_tasks = pw_work_area_in_tasks (self);
  gboolean open = (self->folder != NULL || in_tasks) && self->index >= 0;
  guint n = !open ? 0 : in_tasks ? self->tasks->len : pw_image_folder_get_n_images (self->folder);
  PwAnnotation *annotation = self->document != NULL
                             ? pw_image_document_get_annotation (self->document) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.undo",
                                 annotation != NULL && pw_annotation_can_undo (annotation));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.redo",
                                 annotation != NULL && pw_annotation_can_redo (annotation));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.save-next", self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.save-anyway", self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.paste-previous",
                                 self->document != NULL && self->previous_shapes != NULL
                                 && self->previous_shapes->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.step", open && n > 1);
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
  if (pw_work_area_in_tasks (self))
    pw_work_area_open_task_at (self, index);
  else
    pw_work_area_open_index (self, index);
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
  set_document (self, NULL);
  pw_work_area_set_folder (self, NULL);
  pw_work_area_leave_tasks (self);
  pw_work_area_finish_clock (self);

  /* AdwBin unparents its child, the template: no dispose_template here. */
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->item_cancellable);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->previous_shapes, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_work_area_parent_class)->dispose (object);
}

static void
pw_work_area_finalize (GObject *object)
{
  PwWorkArea *self = PW_WORK_AREA (object);

  g_free (self->title);
  g_free (self->last_toast);

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
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, label_list);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, new_label_entry);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, canvas);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, image_error);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, problems_label);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, position_label);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, select_button);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, box_button);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, polygon_button);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_tool_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_image_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_label_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_new_label_activate);

  gtk_widget_class_install_action (widget_class, "work.save-next", NULL, save_next_activated);
  gtk_widget_class_install_action (widget_class, "work.save-anyway", NULL, save_next_activated);
  gtk_widget_class_install_action (widget_class, "work.step", "i", step_activated);
  gtk_widget_class_install_action (widget_class, "work.paste-previous", NULL,
                                   paste_previous_activated);
  gtk_widget_class_install_action (widget_class, "work.cancel-open", NULL, cancel_open_activated);
  gtk_widget_class_install_action (widget_class, "work.open-tasks", NULL, open_tasks_activated);
  gtk_widget_class_install_action (widget_class, "work.undo", NULL, canvas_action_activated);
  gtk_widget_class_install_action (widget_class, "work.redo", NULL, canvas_action_activated);
  gtk_widget_class_install_action (widget_class, "work.zoom-in", NULL, canvas_action_activated);
  gtk_widget_class_install_action (widget_class, "work.zoom-out", NULL, canvas_action_activated);
  gtk_widget_class_install_action (widget_class, "work.zoom-fit", NULL, canvas_action_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "work.save-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "work.save-next", NULL);
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
  self->item_cancellable = g_cancellable_new ();
  /* Room for the image shown, its full resolution and the next ones. */
  self->cache = pw_image_cache_new (512 * 1024 * 1024);

  g_signal_connect_swapped (self->canvas, "notify::zoom", G_CALLBACK (on_canvas_zoom), self);
  g_signal_connect_swapped (self->canvas, "notify::tool", G_CALLBACK (on_canvas_tool), self);
  on_canvas_tool (self);
  pw_work_area_update_actions (self);
  pw_work_area_init_clock (self);
}
