/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-file-chooser.h"

/* The one way the app asks the worker for a file or a folder: the
 * system's file chooser (the portal's where there is one), modal to the
 * window that asks, answered through a GTask.
 *
 * GTK 4.8 has no GtkFileDialog; this is the same question on
 * GtkFileChooserNative. It keeps nothing between questions: where a
 * question starts is the caller's to say. */

typedef struct
{
  GtkNativeDialog *chooser;
  gulong           response_id;
  GCancellable    *cancellable;
  gulong           cancelled_id;
  GSource         *cancelled_source;
} Question;

/* Never runs inside the cancellable's signal: the task is let go from the
 * main loop, after an answer. */
static void
question_free (gpointer data)
{
  Question *question = data;

  if (question->cancellable != NULL)
    {
      g_cancellable_disconnect (question->cancellable, question->cancelled_id);
      g_object_unref (question->cancellable);
    }
  if (question->cancelled_source != NULL)
    {
      g_source_destroy (question->cancelled_source);
      g_source_unref (question->cancelled_source);
    }
  g_clear_signal_handler (&question->response_id, question->chooser);
  gtk_native_dialog_destroy (question->chooser);
  g_object_unref (question->chooser);
  g_free (question);
}

/* Ends the question with @file, or with the worker's dismissal when it is
 * %NULL. The task's check of its cancellable turns either into
 * %G_IO_ERROR_CANCELLED when the caller cancelled meanwhile. */
static void
answer (GTask *task,
        GFile *file)
{
  Question *question = g_task_get_task_data (task);

  g_clear_signal_handler (&question->response_id, question->chooser);
  gtk_native_dialog_hide (question->chooser);
  if (question->cancelled_source != NULL)
    g_source_destroy (question->cancelled_source);

  g_task_return_pointer (task, file, g_object_unref);
  /* The reference the open question held. */
  g_object_unref (task);
}

static void
on_response (GtkNativeDialog *chooser,
             int              response,
             gpointer         user_data)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  answer (G_TASK (user_data), file);
}

/* Runs in the cancelling thread, inside the cancellable's signal: it only
 * takes the chooser off the screen at once. */
static void
on_cancelled_now (GCancellable *cancellable,
                  gpointer      user_data)
{
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (user_data));
}

/* Runs from the main loop, after the cancellable's signal. */
static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  answer (G_TASK (user_data), NULL);
  return G_SOURCE_REMOVE;
}

/**
 * pw_file_chooser_ask_async:
 * @parent: (nullable): the window that asks; the chooser is modal to it
 * @action: %GTK_FILE_CHOOSER_ACTION_OPEN, %GTK_FILE_CHOOSER_ACTION_SAVE
 *   or %GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
 * @title: the chooser's title
 * @accept_label: the label of the button that accepts, with a mnemonic
 * @suggested_name: (nullable): for a save, the name the file gets unless
 *   the worker changes it
 * @initial_folder: (nullable): the folder shown first
 * @filter: (nullable): the files offered, such as CSV files
 * @cancellable: (nullable): cancelling takes the chooser away
 * @callback: called when the worker has answered
 * @user_data: data for @callback
 *
 * Asks the worker for a file or a folder.
 */
void
pw_file_chooser_ask_async (GtkWindow            *parent,
                           GtkFileChooserAction  action,
                           const char           *title,
                           const char           *accept_label,
                           const char           *suggested_name,
                           GFile                *initial_folder,
                           GtkFileFilter        *filter,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  GtkFileChooserNative *chooser;
  Question *question;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (action == GTK_FILE_CHOOSER_ACTION_OPEN
                    || action == GTK_FILE_CHOOSER_ACTION_SAVE
                    || action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_return_if_fail (title != NULL);
  g_return_if_fail (accept_label != NULL);
  g_return_if_fail (initial_folder == NULL || G_IS_FILE (initial_folder));
  g_return_if_fail (filter == NULL || GTK_IS_FILE_FILTER (filter));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_file_chooser_ask_async);
  if (g_task_return_error_if_cancelled (task))
    return;

  chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (suggested_name != NULL && action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  /* A folder that is gone is no reason not to ask. */
  if (initial_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), initial_folder, NULL);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  question = g_new0 (Question, 1);
  question->chooser = GTK_NATIVE_DIALOG (chooser);
  g_task_set_task_data (task, question, question_free);

  /* The open question holds the task until it is answered. */
  question->response_id = g_signal_connect (chooser, "response", G_CALLBACK (on_response),
                                            g_object_ref (task));
  if (cancellable != NULL)
    {
      question->cancellable = g_object_ref (cancellable);
      question->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_now),
                                                      chooser, NULL);
      question->cancelled_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, question->cancelled_source, G_SOURCE_FUNC (on_cancelled));
    }

  gtk_native_dialog_show (question->chooser);
}

/**
 * pw_file_chooser_ask_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the file or folder the worker
 *   chose; %NULL without an error when the worker dismissed the chooser,
 *   and %NULL with %G_IO_ERROR_CANCELLED when the question was cancelled
 */
GFile *
pw_file_chooser_ask_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_file_chooser_ask_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
