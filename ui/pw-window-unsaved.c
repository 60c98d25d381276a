/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-file-chooser.h"
#include "pw-window-private.h"

/* Work the disk refused. The store keeps it in memory and retries; the
 * window says so at once in a banner that names the folder to free space
 * on and how many changes wait, with Try Again and Save Elsewhere. Quitting
 * while work waits is refused with a dialog that offers the same, or to
 * quit and lose the work, said in as many words. libadwaita 1.2 has no
 * AdwBanner, so the banner is a revealer styled like one. */

static PwStore *
get_store (PwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return PW_IS_APPLICATION (app) ? pw_application_get_store (PW_APPLICATION (app)) : NULL;
}

static guint
count_unwritten (PwWindow *self)
{
  PwStore *store = get_store (self);

  return store != NULL ? pw_store_get_n_unwritten (store) : 0;
}

/* What the worker reads: the folder to free space on when the disk is
 * full, the store's own advice otherwise, and how much waits. */
static char *
describe_unwritten (PwStore *store)
{
  const GError *error = pw_store_get_write_error (store);
  guint n = pw_store_get_n_unwritten (store);
  g_autofree char *folder = g_path_get_dirname (pw_store_get_path (store));
  g_autofree char *shown = g_filename_display_name (folder);
  g_autofree char *waiting = NULL;

  waiting = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                          "%u change is waiting to be saved.",
                                          "%u changes are waiting to be saved.", n), n);

  if (error == NULL || g_error_matches (error, PW_ERROR, PW_ERROR_NO_SPACE))
    /* Translators: the first %s is a folder, the second says how many changes wait */
    return g_strdup_printf (_("Piecework cannot save to disk: free space on the disk of “%s”. %s"),
                            shown, waiting);

  /* Translators: the first %s is what went wrong and what to do, the second says how
   * many changes wait */
  return g_strdup_printf (_("Piecework cannot save to disk. %s %s"), error->message, waiting);
}

static void
update_banner (PwWindow *self)
{
  PwStore *store = get_store (self);
  guint n = count_unwritten (self);

  if (n > 0)
    {
      g_autofree char *text = describe_unwritten (store);

      gtk_label_set_text (self->unsaved_label, text);
    }
  gtk_revealer_set_reveal_child (self->unsaved_banner, n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-saving", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-unsaved", n > 0);
}

static void
watch_store (PwWindow *self)
{
  PwStore *store = get_store (self);

  if (store != NULL && self->watched_store == NULL)
    {
      self->watched_store = store;
      g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &self->watched_store);
      g_signal_connect_object (store, "notify::n-unwritten", G_CALLBACK (update_banner), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::write-error", G_CALLBACK (update_banner), self,
                               G_CONNECT_SWAPPED);
    }
  update_banner (self);
}

static void
on_application_changed (PwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!PW_IS_APPLICATION (app))
    return;

  /* The store opens on a thread and may come after the window. */
  g_signal_connect_object (app, "notify::store-ready", G_CALLBACK (watch_store), self,
                           G_CONNECT_SWAPPED);
  watch_store (self);
}

/* Saving elsewhere */

static void
on_unwritten_saved (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (PwWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;
  gboolean then_quit = self->quit_after_save;
  GtkApplication *app;

  self->quit_after_save = FALSE;
  file = pw_store_save_unwritten_finish (PW_STORE (source), result, &error);
  if (file == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The waiting work could not be saved there: %s"),
                                 error->message);
      _pw_window_add_toast (self, message);
      return;
    }

  where = g_file_get_parse_name (file);
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (then_quit && PW_IS_APPLICATION (app))
    {
      g_message ("The work that waited to be saved is in %s", where);
      pw_application_quit_anyway (PW_APPLICATION (app));
      return;
    }

  message = g_strdup_printf (_("The waiting work is saved in “%s”. Piecework keeps trying to "
                               "save it to its own disk."), where);
  _pw_window_add_toast (self, message);
}

static void
on_folder_for_unsaved (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = pw_file_chooser_ask_finish (result, &error);
  PwWindow *self;
  PwStore *store;

  /* Cancelled only when the window goes away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PW_WINDOW (user_data);
  store = get_store (self);
  g_clear_object (&self->unsaved_chooser);

  if (folder == NULL || store == NULL)
    {
      self->quit_after_save = FALSE;
      return;
    }

  pw_store_save_unwritten_async (store, folder, self->cancellable, on_unwritten_saved,
                                 g_object_ref (self));
}

static void
choose_folder_for_unsaved (PwWindow *self,
                           gboolean  then_quit)
{
  if (self->unsaved_chooser != NULL)
    return;

  self->quit_after_save = then_quit;
  self->unsaved_chooser = g_cancellable_new ();
  pw_file_chooser_ask_async (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                             _("Save the Waiting Work to a Folder on Another Disk"), _("_Save"),
                             NULL, NULL, NULL, self->unsaved_chooser, on_folder_for_unsaved, self);
}

static void
save_unsaved_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_folder_for_unsaved (PW_WINDOW (widget), FALSE);
}

static void
retry_saving_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PwStore *store = get_store (PW_WINDOW (widget));

  if (store != NULL)
    pw_store_retry (store);
}

/* Quitting */

static void
on_retried_before_quit (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (PwWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (pw_store_flush_finish (PW_STORE (source), result, &error))
    {
      /* Everything is on the disk: the quit asked for goes ahead. */
      if (PW_IS_APPLICATION (app))
        pw_application_request_quit (PW_APPLICATION (app));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  pw_window_ask_before_quit (self);
}

static gboolean
quit_anyway_now (gpointer user_data)
{
  pw_application_quit_anyway (PW_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_quit_answered (PwWindow         *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  PwStore *store = get_store (self);

  /* The dialog closes itself; asking again makes a new one. */
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->quit_dialog);
  self->quit_dialog = NULL;

  if (g_strcmp0 (response, "retry") == 0 && store != NULL)
    pw_store_flush_async (store, self->cancellable, on_retried_before_quit, g_object_ref (self));
  else if (g_strcmp0 (response, "save") == 0)
    choose_folder_for_unsaved (self, TRUE);
  else if (g_strcmp0 (response, "quit") == 0 && PW_IS_APPLICATION (app))
    /* Once the dialog is done answering: closing its window now would
     * leave it transient for a window already gone. */
    g_idle_add_full (G_PRIORITY_DEFAULT, quit_anyway_now, g_object_ref (app), g_object_unref);
}

/**
 * pw_window_ask_before_quit:
 *
 * Says that quitting now would lose the work the disk refused, and offers
 * to try again, to save it elsewhere and quit, or to quit and lose it.
 */
void
pw_window_ask_before_quit (PwWindow *self)
{
  PwStore *store;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  g_autofree char *lose = NULL;
  GtkWidget *dialog;
  guint n;

  g_return_if_fail (PW_IS_WINDOW (self));

  store = get_store (self);
  n = count_unwritten (self);
  if (store == NULL || n == 0)
    return;

  if (self->quit_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->quit_dialog));
      return;
    }

  what = describe_unwritten (store);
  body = g_strdup_printf ("%s\n\n%s", what,
                          _("Quitting now would lose this work. Free some space and try again, "
                            "or save the work to a folder on another disk."));
  lose = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "_Quit and Lose %u Change",
                                       "_Quit and Lose %u Changes", n), n);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Your Work Is Not Saved Yet"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "quit", lose,
                                    "save", _("_Save Elsewhere and Quit…"),
                                    "retry", _("_Try Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retry",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "retry");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_answered), self,
                           G_CONNECT_SWAPPED);

  self->quit_dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->quit_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_pw_window_init_unsaved (PwWindow *self)
{
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed), NULL);
  update_banner (self);
}

void
_pw_window_dispose_unsaved (PwWindow *self)
{
  g_cancellable_cancel (self->unsaved_chooser);
  g_clear_object (&self->unsaved_chooser);
  if (self->watched_store != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->watched_store),
                                  (gpointer *) &self->watched_store);
  self->watched_store = NULL;
  if (self->quit_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->quit_dialog), (gpointer *) &self->quit_dialog);
  self->quit_dialog = NULL;
}

void
_pw_window_class_init_unsaved (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PwWindow, unsaved_banner);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, unsaved_label);
  gtk_widget_class_install_action (widget_class, "win.retry-saving", NULL,
                                   retry_saving_activated);
  gtk_widget_class_install_action (widget_class, "win.save-unsaved", NULL,
                                   save_unsaved_activated);
}
