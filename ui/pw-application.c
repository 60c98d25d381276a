/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <unistd.h>

#include "piecework-engine.h"

#include "pw-application-private.h"
#include "pw-cli.h"
#include "pw-frame-pool.h"
#include "pw-history-window.h"
#include "pw-preferences-window.h"
#include "pw-window.h"

/* The application: its windows, actions and accelerators, the command line
 * it hands to cli/, the store, accounts and the sync worker. */


enum {
  LEDGER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_STORE_READY,
  PROP_DEMO_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PwApplication, pw_application, ADW_TYPE_APPLICATION)

PwApplication *
pw_application_new (void)
{
  return g_object_new (PW_TYPE_APPLICATION,
                       "application-id", PW_APP_ID,
                       "resource-base-path", PW_RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * pw_application_get_settings:
 *
 * Returns: (transfer none): the app's #GSettings
 */
GSettings *
pw_application_get_settings (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * pw_application_get_store:
 *
 * Returns: (transfer none) (nullable): the store of drafts, or %NULL while
 *   it opens or when it could not be opened (see
 *   pw_application_get_store_error())
 */
PwStore *
pw_application_get_store (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * pw_application_get_media_keys:
 *
 * The desktop's media keys, for the audio panel to hand its player to;
 * made on first use, on the application's session bus.
 *
 * Returns: (transfer none): the media keys
 */
PwMediaKeys *
pw_application_get_media_keys (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  if (self->media_keys == NULL)
    self->media_keys = pw_media_keys_new (g_application_get_dbus_connection (G_APPLICATION (self)),
                                          g_application_get_application_id (G_APPLICATION (self)));
  return self->media_keys;
}

/**
 * pw_application_get_store_ready:
 *
 * Returns: %TRUE once opening the store has succeeded or failed
 */
gboolean
pw_application_get_store_ready (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), FALSE);

  return self->store_ready;
}

/**
 * pw_application_get_store_error:
 *
 * Returns: (transfer none) (nullable): why the store could not be opened
 */
const GError *
pw_application_get_store_error (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), NULL);

  return self->store_error;
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autofree char *dir = pw_paths_data_dir ();
  g_autofree char *path = pw_paths_store_file ();
  GError *error = NULL;
  PwStore *store;

  if (!pw_paths_ensure_dir (dir, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  store = pw_store_new_for_path (path, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static PwWindow *get_or_create_window (PwApplication *self);

/* Ctrl+T from anywhere in the window: the Work place, on the claimed
 * tasks. */
static void
open_tasks_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PwApplication *self = user_data;
  PwWindow *window = get_or_create_window (self);

  pw_window_set_place (window, "work");
  pw_work_area_open_task (pw_window_get_work_area (window), NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
history_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PwHistoryWindow *history;

  if (self->store == NULL)
    return;
  history = pw_history_window_new (parent, self->store);
  gtk_window_present (GTK_WINDOW (history));
}

static void
sync_now_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PwApplication *self = user_data;

  if (self->sync == NULL)
    return;
  _pw_application_resume_accounts (self);
  pw_sync_worker_send_now (self->sync);
  pw_application_refresh_statements (self);
}

/* The figures' packs: the weeks that are over are packed in the
 * background a while after start, once the first window is up, and again
 * a while after the ledger changes, so the Earnings place and the summaries
 * read long spans fast. */

#define PACK_AFTER_START_S 5
#define PACK_AFTER_CHANGE_S 60

static gboolean on_pack_due (gpointer user_data);

static void
schedule_pack (PwApplication *self,
               guint          seconds)
{
  if (self->pack_id == 0 && self->store != NULL)
    self->pack_id = g_timeout_add_seconds (seconds, on_pack_due, self);
}

static void
on_figures_packed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PwApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  self->packing = FALSE;
  /* The figures read unpacked weeks from the tables: only slower. */
  if (!pw_figures_pack_finish (PW_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The figures' weeks could not be packed: %s", error->message);
}

static gboolean
on_pack_due (gpointer user_data)
{
  PwApplication *self = user_data;

  self->pack_id = 0;
  if (self->packing)
    {
      schedule_pack (self, PACK_AFTER_CHANGE_S);
      return G_SOURCE_REMOVE;
    }
  self->packing = TRUE;
  pw_figures_pack_async (self->store, self->pack_cancellable, on_figures_packed,
                         g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
on_ledger_changed (PwApplication *self)
{
  schedule_pack (self, PACK_AFTER_CHANGE_S);
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwApplication) self = user_data;

  self->store = g_task_propagate_pointer (G_TASK (result), &self->store_error);
  if (self->store_error != NULL)
    g_warning ("Drafts will not be kept between runs: %s", self->store_error->message);
  else if (!g_application_get_is_remote (G_APPLICATION (self)))
    {
      _pw_application_start_accounts (self);
      schedule_pack (self, PACK_AFTER_START_S);
    }

  self->store_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_READY]);
}

static PwWindow *
get_or_create_window (PwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PW_IS_WINDOW (window))
    return PW_WINDOW (window);

  return pw_window_new (self);
}

static void
print_export_progress (guint    done,
                       guint    total,
                       gpointer user_data)
{
  guint *exported = user_data;

  *exported = done;
  if (isatty (STDERR_FILENO))
    g_printerr ("\r%u/%u", done, total);
}

static int
run_export (const char         *format_name,
            const char * const *arguments)
{
  g_autoptr (GFile) folder = NULL;
  g_autoptr (GFile) output = NULL;
  g_autoptr (GError) error = NULL;
  PwExportFormat format = pw_export_format_from_string (format_name);
  guint exported = 0;

  if (format == PW_EXPORT_NONE)
    {
      g_printerr (_("piecework: “%s” is not an export format; use coco, voc, yolo or jsonl.\n"),
                  format_name);
      return EXIT_FAILURE;
    }
  if (arguments == NULL || arguments[0] == NULL || arguments[1] == NULL || arguments[2] != NULL)
    {
      g_printerr (_("piecework: --export needs a folder of labeled images, texts or recordings "
                    "and an output: piecework --export=%s FOLDER OUTPUT\n"), format_name);
      return EXIT_FAILURE;
    }

  folder = g_file_new_for_commandline_arg (arguments[0]);
  output = g_file_new_for_commandline_arg (arguments[1]);
  if (!pw_export_folder (format, folder, output, NULL, print_export_progress, &exported, &error))
    {
      if (isatty (STDERR_FILENO))
        g_printerr ("\n");
      g_printerr ("piecework: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  if (format == PW_EXPORT_JSONL)
    g_print (g_dngettext (PW_GETTEXT_PACKAGE, "Exported %u annotation to %s\n",
                          "Exported %u annotations to %s\n", exported),
             exported, arguments[1]);
  else
    g_print (g_dngettext (PW_GETTEXT_PACKAGE, "Exported %u image to %s\n",
                          "Exported %u images to %s\n", exported),
             exported, arguments[1]);
  return EXIT_SUCCESS;
}

static int
pw_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autofree const char **remaining = NULL;
  const char *export_format = NULL;
  int status;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &remaining);

  if (g_variant_dict_lookup (options, "export", "&s", &export_format))
    return run_export (export_format, remaining);

  /* The binary runs the version and the commands for scripts before it
   * loads the window's part (ui/main.c); here for those that run the
   * application otherwise. */
  status = pw_cli_run_options (options);
  if (status < 0)
    status = pw_cli_run_document_options (options);
  if (status >= 0)
    return status;

  if (remaining != NULL && remaining[0] != NULL)
    {
      g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GError) error = NULL;

      for (guint i = 0; remaining[i] != NULL; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (remaining[i]));

      /* The primary instance opens them here; a second instance hands
       * them to the primary one and is done. */
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("piecework: %s\n", error->message);
          return EXIT_FAILURE;
        }
      g_application_open (application, (GFile **) files->pdata, files->len, "");
      if (g_application_get_is_remote (application))
        return EXIT_SUCCESS;
    }

  return -1;
}

static void
pw_application_activate (GApplication *application)
{
  PwApplication *self = PW_APPLICATION (application);

  gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
}

static void
pw_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PwApplication *self = PW_APPLICATION (application);
  PwWindow *window = get_or_create_window (self);

  pw_window_open_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * pw_application_get_may_quit:
 *
 * Returns: %FALSE while the store holds work the disk refused, which
 *   quitting would lose, unless the worker chose to lose it
 */
gboolean
pw_application_get_may_quit (PwApplication *self)
{
  g_return_val_if_fail (PW_IS_APPLICATION (self), TRUE);

  return self->quit_anyway || self->store == NULL || pw_store_get_n_unwritten (self->store) == 0;
}

static void
close_windows (PwApplication *self)
{
  g_autoptr (GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window lets it save its state before the app quits. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/**
 * pw_application_request_quit:
 *
 * Quits, as Ctrl+Q does, unless the store holds work the disk refused:
 * then a window says so and asks what to do.
 */
void
pw_application_request_quit (PwApplication *self)
{
  PwWindow *window;

  g_return_if_fail (PW_IS_APPLICATION (self));

  if (pw_application_get_may_quit (self))
    {
      close_windows (self);
      return;
    }

  window = get_or_create_window (self);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_ask_before_quit (window);
}

/**
 * pw_application_quit_anyway:
 *
 * Quits even though the store holds work the disk refused, once the worker
 * has said to lose it or saved it elsewhere.
 */
void
pw_application_quit_anyway (PwApplication *self)
{
  g_return_if_fail (PW_IS_APPLICATION (self));

  self->quit_anyway = TRUE;
  close_windows (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  pw_application_request_quit (PW_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PwPreferencesWindow *preferences;

  preferences = pw_preferences_window_new (parent, pw_application_get_account_manager (self),
                                           pw_application_get_store (self));

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Piecework developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Piecework"),
                         "application-icon", PW_APP_ID,
                         "developer-name", _("The Piecework developers"),
                         "version", pw_version_string (),
                         "comments", _("Label data for marketplaces, offline, and know what an hour really earns."),
                         "website", "https://piecework.org/",
                         "issue-url", "https://piecework.org/issues",
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Piecework developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "sync-now", sync_now_activated },
  { "history", history_activated },
  { "open-tasks", open_tasks_activated },
};

/* A session ending, or a script, asks the app to stop: it quits as if the
 * worker had, so the store writes what is queued and the task's clock
 * writes its last interval. Work the disk refused is not given up
 * unasked: the window asks, as for Ctrl+Q. */
static gboolean
on_quit_signal (gpointer user_data)
{
  PwApplication *self = user_data;

  if (pw_application_get_may_quit (self))
    g_application_quit (G_APPLICATION (self));
  else
    pw_application_request_quit (self);
  return G_SOURCE_CONTINUE;
}

static void
pw_application_startup (GApplication *application)
{
  PwApplication *self = PW_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *sync_now_accels[] = { "<Control><Shift>s", NULL };
  static const char *history_accels[] = { "<Control>h", NULL };
  static const char *open_tasks_accels[] = { "<Control>t", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (pw_application_parent_class)->startup (application);

  self->settings = g_settings_new (PW_APP_ID);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);

  /* Every edit is written to the store at once; it opens on a thread so
   * that the window shows without waiting for the disk. */
  {
    g_autoptr (GTask) task = g_task_new (NULL, NULL, on_store_opened, g_object_ref (self));

    /* The store's type is registered here, before the thread: registering
     * it there (its interfaces take GLib's type lock) while a window's
     * class_init asks for PW_TYPE_STORE here deadlocks both. */
    g_type_ensure (PW_TYPE_STORE);
    g_task_run_in_thread (task, open_store_thread);
  }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sync-now",
                                         sync_now_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.history", history_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open-tasks",
                                         open_tasks_accels);
  /* The shortcuts window is not at gtk/help-overlay.ui, where every
   * window would build it at once; its key is set here instead. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         help_overlay_accels);
}

static void
pw_application_dispose (GObject *object)
{
  PwApplication *self = PW_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->media_keys);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  _pw_application_stop_accounts (self);
  g_cancellable_cancel (self->pack_cancellable);
  g_clear_object (&self->pack_cancellable);
  g_clear_handle_id (&self->pack_id, g_source_remove);
  /* What is still queued is written now, whatever thread still holds
   * the store; disposing it would write it too, but only once the last
   * holder lets go. */
  if (self->store != NULL && !pw_store_flush (self->store, &self->store_error))
    g_warning ("Not everything could be saved: %s", self->store_error->message);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (pw_application_parent_class)->dispose (object);
}

static void
pw_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PwApplication *self = PW_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE_READY:
      g_value_set_boolean (value, self->store_ready);
      break;

    case PROP_DEMO_PENDING:
      g_value_set_boolean (value, pw_application_get_demo_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_application_window_added (GtkApplication *application,
                             GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (pw_application_parent_class)->window_added (application, window);
  pw_frame_pool_keep (window);
}

static void
pw_application_class_init (PwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = pw_application_dispose;
  object_class->get_property = pw_application_get_property;

  properties[PROP_STORE_READY] =
    g_param_spec_boolean ("store-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PwApplication:demo-pending:
   *
   * Whether the demo marketplace was asked for and is on its way; it is
   * notified when that may have changed.
   */
  properties[PROP_DEMO_PENDING] =
    g_param_spec_boolean ("demo-pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwApplication::ledger-changed:
   *
   * Work reached a marketplace or a statement brought new entries: the
   * figures of the ledger may have changed.
   */
  signals[LEDGER_CHANGED] =
    g_signal_new ("ledger-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  app_class->handle_local_options = pw_application_handle_local_options;
  app_class->startup = pw_application_startup;
  app_class->activate = pw_application_activate;
  app_class->open = pw_application_open;
  gtk_app_class->window_added = pw_application_window_added;
}

static void
pw_application_init (PwApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->pack_cancellable = g_cancellable_new ();
  g_signal_connect (self, "ledger-changed", G_CALLBACK (on_ledger_changed), NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), pw_cli_get_option_entries ());
  g_application_set_option_context_summary (G_APPLICATION (self), pw_cli_get_option_summary ());
}
