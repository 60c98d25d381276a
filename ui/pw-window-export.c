/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-file-chooser.h"
#include "pw-window-private.h"
#include "pw-plain-text.h"

/* Exporting the open folder, or the folder of the text or recording of
 * the worker's own that is open: the worker picks a format, then where
 * the files go; the export runs on a thread, with its progress and a
 * Cancel button in a dialog, and ends on a message that says where they
 * are. */

static const PwExportFormat formats[] = { PW_EXPORT_COCO, PW_EXPORT_VOC, PW_EXPORT_YOLO,
                                          PW_EXPORT_JSONL };

/* The folder an export reads: the open folder, or the one that holds
 * the open text or recording. */
static GFile *
export_folder (PwWindow *self)
{
  PwImageFolder *folder = pw_work_area_get_folder (self->work_area);
  GFile *media = pw_work_area_get_media_file (self->work_area);

  if (folder != NULL)
    return g_object_ref (pw_image_folder_get_folder (folder));
  return media != NULL ? g_file_get_parent (media) : NULL;
}

typedef struct
{
  GWeakRef  window;
  guint     done;
  guint     total;
} Progress;

typedef struct
{
  PwExportFormat  format;
  GFile          *folder;
  GFile          *output;
  guint           exported;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->folder);
  g_object_unref (job->output);
  g_free (job);
}

void
_pw_window_add_toast (PwWindow   *self,
                      const char *message)
{
  AdwToast *toast = pw_toast_new_plain (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
show_progress (gpointer data)
{
  Progress *progress = data;
  g_autoptr (PwWindow) self = g_weak_ref_get (&progress->window);

  if (self != NULL && self->export_progress != NULL && progress->total > 0)
    {
      GtkWidget *bar = adw_message_dialog_get_extra_child (self->export_progress);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar),
                                     (double) progress->done / progress->total);
    }

  g_weak_ref_clear (&progress->window);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

static void
on_export_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  Progress *progress = g_new0 (Progress, 1);

  job->exported = done;
  g_weak_ref_init (&progress->window, g_task_get_source_object (task));
  progress->done = done;
  progress->total = total;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, show_progress,
                              progress, NULL);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (pw_export_folder (job->format, job->folder, job->output, cancellable,
                        on_export_progress, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PwWindow *self = PW_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *where = g_file_get_parse_name (job->output);
  g_autofree char *message = NULL;

  if (self->export_progress != NULL)
    gtk_window_destroy (GTK_WINDOW (self->export_progress));
  g_clear_object (&self->export_cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("The export was cancelled."));
      else
        message = g_strdup_printf (_("The export failed: %s"), error->message);
    }
  else if (job->exported == 0 && job->format == PW_EXPORT_JSONL)
    {
      message = g_strdup (_("No text or recording in this folder has labels yet, so the export "
                            "is empty. Label some, then export again."));
    }
  else if (job->exported == 0)
    {
      message = g_strdup (_("No image in this folder has labels yet, so the export is empty. "
                            "Label some images, then export again."));
    }
  else if (job->format == PW_EXPORT_JSONL)
    {
      message = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                              "Exported %u text or recording to “%s”",
                                              "Exported %u texts and recordings to “%s”",
                                              job->exported),
                                 job->exported, where);
    }
  else
    {
      message = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                              "Exported %u image to “%s”",
                                              "Exported %u images to “%s”", job->exported),
                                 job->exported, where);
    }

  _pw_window_add_toast (self, message);
}

static void
on_progress_response (PwWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  /* Cancel closes the dialog; the thread stops at its next image and the
   * message says so. */
  g_cancellable_cancel (self->export_cancellable);
}

/**
 * pw_window_export:
 * @format: the format
 * @output: a JSON file for COCO, a JSON Lines file for JSONL, a folder
 *   for VOC and YOLO
 *
 * Exports the open folder, or the folder of the open text or recording,
 * on a thread, showing its progress.
 */
void
pw_window_export (PwWindow       *self,
                  PwExportFormat  format,
                  GFile          *output)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GFile) folder = NULL;
  GtkWidget *dialog, *bar;
  Job *job;

  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (output));

  folder = export_folder (self);
  if (folder == NULL || self->export_cancellable != NULL)
    return;

  job = g_new0 (Job, 1);
  job->format = format;
  job->folder = g_steal_pointer (&folder);
  job->output = g_object_ref (output);
  self->export_cancellable = g_cancellable_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Exporting Labels…"), NULL);
  bar = gtk_progress_bar_new ();
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bar);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (on_progress_response), self);
  self->export_progress = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->export_progress);
  gtk_window_present (GTK_WINDOW (dialog));

  task = g_task_new (self, self->export_cancellable, on_export_done, NULL);
  g_task_set_source_tag (task, pw_window_export);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * pw_window_get_exporting:
 *
 * Returns: %TRUE while an export runs
 */
gboolean
pw_window_get_exporting (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), FALSE);

  return self->export_cancellable != NULL;
}

static void
on_output_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) output = pw_file_chooser_ask_finish (result, &error);
  PwWindow *self;

  /* Cancelled only when the window goes away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PW_WINDOW (user_data);
  g_clear_object (&self->export_chooser);
  if (output != NULL)
    pw_window_export (self, self->export_format, output);
}

static void
on_format_response (PwWindow         *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  g_autoptr (GFile) folder = export_folder (self);
  g_autoptr (GtkFileFilter) filter = NULL;
  g_autoptr (GFile) beside = NULL;
  const char *title = _("Choose a Folder for the Export");
  const char *name = NULL;
  gboolean one_file;

  if (!g_str_equal (response, "export") || self->export_chooser != NULL)
    return;

  self->export_format = formats[gtk_drop_down_get_selected (choice)];
  one_file = self->export_format == PW_EXPORT_COCO || self->export_format == PW_EXPORT_JSONL;
  if (self->export_format == PW_EXPORT_COCO)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("JSON files"));
      gtk_file_filter_add_mime_type (filter, "application/json");
      gtk_file_filter_add_suffix (filter, "json");
      title = _("Save the COCO File");
      name = "annotations.json";
    }
  else if (self->export_format == PW_EXPORT_JSONL)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("JSON Lines files"));
      gtk_file_filter_add_mime_type (filter, "application/jsonl");
      gtk_file_filter_add_suffix (filter, "jsonl");
      title = _("Save the JSON Lines File");
      name = "annotations.jsonl";
    }
  /* Start beside the labeled folder, where an export usually goes. */
  if (folder != NULL)
    beside = g_file_get_parent (folder);

  self->export_chooser = g_cancellable_new ();
  pw_file_chooser_ask_async (GTK_WINDOW (self),
                             one_file ? GTK_FILE_CHOOSER_ACTION_SAVE
                                      : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                             title, _("_Export"), name, beside, filter,
                             self->export_chooser, on_output_chosen, self);
}

/* Return in the format list presses Export, as in any dialog; the list
 * still opens with Space, a click, or the arrow keys. */
static gboolean
on_format_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       AdwMessageDialog      *dialog)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;

  adw_message_dialog_response (dialog, "export");
  gtk_window_close (GTK_WINDOW (dialog));
  return TRUE;
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwWindow *self = PW_WINDOW (widget);
  g_autoptr (GFile) folder = export_folder (self);
  const char *names[5] = { NULL };
  g_autofree char *name = NULL;
  GtkWidget *dialog, *choice;

  if (folder == NULL)
    {
      _pw_window_add_toast (self, _("Open a folder of labeled images first, then export it."));
      return;
    }
  if (self->export_cancellable != NULL)
    return;

  names[0] = _("COCO: one JSON file");
  names[1] = _("Pascal VOC: an XML file per image");
  names[2] = _("YOLO: a text file per image");
  names[3] = _("JSON Lines: a line per text or recording");
  choice = gtk_drop_down_new_from_strings (names);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Format"), -1);

  name = g_file_get_basename (folder);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Labels"), NULL);
  /* A text or recording of the worker's own: its annotations, and those
   * of the others beside it, as JSON Lines. */
  if (pw_work_area_get_folder (self->work_area) == NULL)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), 3);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("The labels of the texts and recordings in “%s”."),
                                      name);
    }
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The labels of the images in “%s”, in the coordinates of "
                                      "the images as shown, after their EXIF orientation."),
                                    name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (on_format_response), self);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_format_key_pressed), dialog);
    gtk_widget_add_controller (choice, keys);
  }
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_pw_window_dispose_export (PwWindow *self)
{
  g_cancellable_cancel (self->export_cancellable);
  g_cancellable_cancel (self->export_chooser);
  g_clear_object (&self->export_chooser);
  if (self->export_progress != NULL)
    gtk_window_destroy (GTK_WINDOW (self->export_progress));
}

void
_pw_window_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
}
