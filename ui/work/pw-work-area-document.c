/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-work-area-private.h"

/* The work area's document: the shapes of the image or task shown, opened
 * from the store once it is ready, checked, and saved (or submitted)
 * before the next item opens. */

PwItemLoad *
_pw_item_load_new (PwWorkArea *self)
{
  PwItemLoad *load = g_new0 (PwItemLoad, 1);

  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->item_cancellable);
  load->index = self->index;
  return load;
}

void
_pw_item_load_free (PwItemLoad *load)
{
  g_object_unref (load->self);
  g_object_unref (load->cancellable);
  g_free (load);
}

gboolean
_pw_item_load_is_current (PwItemLoad *load)
{
  return !g_cancellable_is_cancelled (load->cancellable) && load->index == load->self->index;
}

/* The document: the shapes of the image, kept in the store */

static void
show_problems (PwWorkArea *self,
               GPtrArray  *problems)
{
  g_autofree char *text = NULL;
  const PwProblem *first;

  if (self->document != NULL)
    pw_image_canvas_set_problems (self->canvas, problems);
  if (problems->len == 0)
    {
      gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
      return;
    }

  first = g_ptr_array_index (problems, 0);
  if (self->media != NULL)
    {
      gboolean task = pw_media_document_is_task (self->media);

      if (task)
        text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                             "%u thing needs a look. %s Press Ctrl+Return again to submit anyway.",
                                             "%u things need a look. %s Press Ctrl+Return again to submit anyway.",
                                             problems->len),
                                problems->len, first->reason);
      else
        text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                             "%u thing needs a look. %s Press Ctrl+Return again to save anyway.",
                                             "%u things need a look. %s Press Ctrl+Return again to save anyway.",
                                             problems->len),
                                problems->len, first->reason);
    }
  else if (pw_image_document_is_task (self->document))
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

/* The checks run on a thread, over the shapes as they were when asked:
 * a polygon of thousands of points never holds up the window. Every edit
 * and every document moves the serial on, so a result about shapes that
 * have changed since is dropped. */
typedef struct
{
  PwWorkArea *self;
  guint       serial;
  gboolean    move_on;
} PwCheck;

static void
pw_check_free (PwCheck *check)
{
  g_object_unref (check->self);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwCheck, pw_check_free)

static void
forget_check (PwWorkArea *self)
{
  self->check_serial++;
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
}

static void move_on (PwWorkArea *self);

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (PwCheck) check = user_data;
  g_autoptr (GPtrArray) problems = pw_annotation_check_finish (result, NULL);
  PwWorkArea *self = check->self;

  if (problems == NULL || check->serial != self->check_serial
      || _pw_work_area_get_annotation (self) == NULL)
    return;
  g_clear_object (&self->check_cancellable);

  if (!check->move_on)
    {
      show_problems (self, problems);
      return;
    }
  if (problems->len > 0)
    {
      show_problems (self, problems);
      self->override_armed = TRUE;
      return;
    }
  move_on (self);
}

/* Checks the document's shapes; with @then_move_on, saves or submits them
 * and opens the next item when nothing is found. */
static void
start_check (PwWorkArea *self,
             gboolean    then_move_on)
{
  PwCheck *check = g_new0 (PwCheck, 1);

  forget_check (self);
  self->check_cancellable = g_cancellable_new ();
  check->self = g_object_ref (self);
  check->serial = self->check_serial;
  check->move_on = then_move_on;
  if (self->media != NULL)
    pw_annotation_check_with_labels_async (pw_media_document_get_annotation (self->media),
                                           self->rules,
                                           pw_media_document_get_text_length (self->media),
                                           pw_media_document_is_task (self->media)
                                           ? self->task_labels : NULL,
                                           self->check_cancellable, on_checked, check);
  else
    pw_annotation_check_async (pw_image_document_get_annotation (self->document),
                               self->check_cancellable, on_checked, check);
}

static void
on_history_changed (PwWorkArea *self)
{
  _pw_work_area_update_actions (self);
}

static void
on_annotation_changed (PwWorkArea *self)
{
  /* An edit takes back a "save anyway", and a check under way is about
   * shapes that are gone; the findings shown follow the edits. */
  self->override_armed = FALSE;
  forget_check (self);
  if (gtk_revealer_get_reveal_child (self->problems_revealer))
    start_check (self, FALSE);
}

/**
 * _pw_work_area_get_annotation:
 *
 * Returns: (transfer none) (nullable): the annotation of the image, text
 *   or recording shown
 */
PwAnnotation *
_pw_work_area_get_annotation (PwWorkArea *self)
{
  if (self->media != NULL)
    return pw_media_document_get_annotation (self->media);
  if (self->document != NULL)
    return pw_image_document_get_annotation (self->document);
  return NULL;
}

/**
 * _pw_work_area_watch_annotation:
 *
 * Follows the edits of the document's @annotation: they take back a
 * "save anyway" and enable undo and redo.
 */
void
_pw_work_area_watch_annotation (PwWorkArea   *self,
                                PwAnnotation *annotation)
{
  forget_check (self);
  self->override_armed = FALSE;
  gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
  if (annotation == NULL)
    return;
  self->annotation_changed_id =
    g_signal_connect_swapped (annotation, "changed", G_CALLBACK (on_annotation_changed), self);
  g_signal_connect_swapped (annotation, "notify::can-undo", G_CALLBACK (on_history_changed), self);
  g_signal_connect_swapped (annotation, "notify::can-redo", G_CALLBACK (on_history_changed), self);
}

void
_pw_work_area_unwatch_annotation (PwWorkArea   *self,
                                  PwAnnotation *annotation)
{
  g_clear_signal_handler (&self->annotation_changed_id, annotation);
  g_signal_handlers_disconnect_by_func (annotation, on_history_changed, self);
}

static gpointer
copy_shape (gconstpointer shape,
            gpointer      user_data)
{
  return pw_shape_ref ((PwShape *) shape);
}

void
_pw_work_area_set_document (PwWorkArea      *self,
                            PwImageDocument *document)
{
  if (self->document != NULL)
    {
      PwAnnotation *annotation = pw_image_document_get_annotation (self->document);

      _pw_work_area_unwatch_annotation (self, annotation);
      /* What was on this image can be copied onto the next one. */
      g_clear_pointer (&self->previous_shapes, g_ptr_array_unref);
      self->previous_shapes = g_ptr_array_copy (pw_annotation_get_shapes (annotation),
                                                copy_shape, NULL);
      g_ptr_array_set_free_func (self->previous_shapes, (GDestroyNotify) pw_shape_unref);
    }

  g_set_object (&self->document, document);
  _pw_work_area_watch_annotation (self, document != NULL
                                        ? pw_image_document_get_annotation (document) : NULL);

  if (document != NULL)
    {
      PwAnnotation *annotation = pw_image_document_get_annotation (document);

      pw_image_canvas_set_annotation (self->canvas, annotation);
      /* A task's image classified by choices shows them under it; a
       * folder's images have none. */
      pw_choice_bar_set_task (self->choice_bar, annotation,
                              pw_image_document_is_task (document) ? self->task_labels : NULL,
                              (self->rules & PW_CHECK_SINGLE_CHOICE) != 0);
    }
  else
    {
      pw_image_canvas_set_annotation (self->canvas, NULL);
      if (self->media == NULL)
        pw_choice_bar_set_task (self->choice_bar, NULL, NULL, FALSE);
    }

  _pw_work_area_update_actions (self);
}

static void
on_document_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (PwItemLoad) load = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImageDocument) document = pw_image_document_open_finish (result, &error);
  PwWorkArea *self = load->self;

  if (!_pw_item_load_is_current (load))
    return;

  /* The folder's other labelme files are read once this image is shown. */
  _pw_work_area_read_folder_labels (self);

  if (document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The shapes of this image could not be opened: %s"),
                                                  error->message);
      _pw_work_area_toast (self, message);
      return;
    }

  _pw_work_area_set_document (self, document);
}

static void
open_document (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());
  PwStore *store = app != NULL ? pw_application_get_store (app) : NULL;
  const PwStoreTask *task = _pw_work_area_current_task (self);
  g_autoptr (GFile) folder_image = NULL;

  if ((task != NULL && task->kind != PW_TASK_KIND_IMAGE) || self->media_file != NULL)
    {
      _pw_work_area_open_media (self);
      return;
    }
  if (task != NULL)
    {
      g_autofree char *key = pw_store_task_draft_key (task->account_id, task->task_id);
      g_autoptr (GFile) image = NULL;
      g_autoptr (JsonNode) json = NULL;
      g_autoptr (PwProject) project = _pw_work_area_task_project (self, task);
      JsonNode *prefill = NULL;

      if (task->media_file == NULL)
        return;
      image = g_file_new_for_path (task->media_file);
      if (task->task_json != NULL
          && (json = pw_json_parse (task->task_json, strlen (task->task_json),
                                    task->task_id, NULL)) != NULL
          && JSON_NODE_HOLDS_OBJECT (json))
        prefill = json_object_get_member (json_node_get_object (json), "prefill");
      pw_image_document_open_task_async (image, key, prefill,
                                         project != NULL
                                         ? pw_annotation_tools_from_names (pw_project_get_tools (project))
                                         : PW_ANNOTATION_TOOL_SHAPES,
                                         store, self->item_cancellable,
                                         on_document_opened, _pw_item_load_new (self));
      return;
    }

  folder_image = pw_image_folder_dup_image (self->folder, self->index);
  pw_image_document_open_async (folder_image, store, self->item_cancellable, on_document_opened,
                                _pw_item_load_new (self));
}

static void
on_store_ready (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());

  if (!pw_application_get_store_ready (app))
    return;

  g_clear_signal_handler (&self->store_ready_id, app);
  if ((self->folder != NULL || _pw_work_area_in_tasks (self) || self->media_file != NULL)
      && self->index >= 0)
    open_document (self);
}

/**
 * _pw_work_area_prepare_item:
 * @index: the image or task about to show
 *
 * Drops what belongs to the item shown so far.
 */
void
_pw_work_area_prepare_item (PwWorkArea *self,
                            int         index)
{
  g_cancellable_cancel (self->item_cancellable);
  g_clear_object (&self->item_cancellable);
  self->item_cancellable = g_cancellable_new ();
  self->index = index;
  self->full_requested = FALSE;
  self->image_loading = FALSE;

  _pw_work_area_set_document (self, NULL);
  _pw_work_area_set_media (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->image_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->media_wait), FALSE);
}

/**
 * _pw_work_area_after_open:
 *
 * Opens the item's shapes once the store is ready, and gives the canvas
 * the keyboard.
 */
void
_pw_work_area_after_open (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());

  if (app == NULL || pw_application_get_store_ready (app))
    open_document (self);
  else if (self->store_ready_id == 0)
    self->store_ready_id = g_signal_connect_swapped (app, "notify::store-ready",
                                                     G_CALLBACK (on_store_ready), self);
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
      _pw_work_area_toast (self, message);
      return;
    }

  if (self->folder != NULL
      && (index = pw_image_folder_find (self->folder, pw_image_document_get_image (document))) >= 0)
    pw_image_folder_set_labeled (self->folder, index, TRUE);
}

static void
move_on (PwWorkArea *self)
{
  guint n;

  pw_image_canvas_set_problems (self->canvas, NULL);
  gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
  if (self->media != NULL)
    {
      _pw_work_area_media_moved_on (self);
      return;
    }
  if (pw_image_document_is_task (self->document))
    {
      _pw_work_area_submit_and_next (self);
      return;
    }
  pw_image_document_save_async (self->document, NULL, on_document_saved, g_object_ref (self));

  n = pw_image_folder_get_n_images (self->folder);
  if ((guint) self->index + 1 < n)
    _pw_work_area_open_index (self, self->index + 1);
  else
    _pw_work_area_toast (self, _("Saved. That was the last image in the folder."));
}

/**
 * _pw_work_area_save_and_next:
 * @anyway: %TRUE to move on whatever the checks find
 *
 * Checks the shapes; with nothing found, or the second time, saves them
 * (or submits the task) and opens the next item. The check runs on a
 * thread: this returns before it is done, and an edit or another item
 * shown meanwhile takes the request back.
 */
void
_pw_work_area_save_and_next (PwWorkArea *self,
                             gboolean    anyway)
{
  if (_pw_work_area_get_annotation (self) == NULL)
    return;
  /* The text being typed in a segment joins its segment before the
   * checks read the annotation. */
  if (self->media != NULL && pw_media_document_get_kind (self->media) == PW_TASK_KIND_AUDIO)
    pw_audio_panel_get_annotation (self->audio_panel);

  if (anyway || self->override_armed)
    {
      forget_check (self);
      move_on (self);
      return;
    }

  start_check (self, TRUE);
}
