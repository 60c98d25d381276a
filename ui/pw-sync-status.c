/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-sync-status.h"

/* The header bar's word on sync, visible from every place: how many
 * submissions wait on this computer, and a badge while the marketplaces
 * cannot be reached. A click sends now. */

struct _PwSyncStatus
{
  GtkWidget     parent_instance;

  PwSyncWorker *worker;
  GApplication *app;
  char         *text;

  GtkWidget    *box;
  GtkWidget    *offline_badge;
  GtkButton    *waiting_button;
  GtkImage     *waiting_icon;
  GtkLabel     *waiting_label;
};

G_DEFINE_FINAL_TYPE (PwSyncStatus, pw_sync_status, GTK_TYPE_WIDGET)

static void
update (PwSyncStatus *self)
{
  guint n = self->worker != NULL ? pw_sync_worker_get_n_waiting (self->worker) : 0;
  gboolean offline = self->worker != NULL && pw_sync_worker_get_offline (self->worker);
  g_autofree char *tooltip = NULL;

  g_free (self->text);
  if (n == 0)
    self->text = g_strdup (_("All synced"));
  else
    /* Translators: submissions kept on this computer until a marketplace takes them */
    self->text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%u waiting to sync",
                                               "%u waiting to sync", n), n);
  gtk_label_set_text (self->waiting_label, self->text);
  gtk_image_set_from_icon_name (self->waiting_icon, n == 0 ? "object-select-symbolic"
                                                           : "emblem-synchronizing-symbolic");

  if (n == 0)
    tooltip = g_strdup (_("Every submission is with its marketplace. Click to check now "
                          "(Ctrl+Shift+S)."));
  else
    tooltip = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                            "%u submission is kept on this computer until its "
                                            "marketplace takes it. Click to send now "
                                            "(Ctrl+Shift+S).",
                                            "%u submissions are kept on this computer until "
                                            "their marketplaces take them. Click to send now "
                                            "(Ctrl+Shift+S).", n), n);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->waiting_button), tooltip);
  gtk_widget_set_visible (self->offline_badge, offline);
}

/**
 * pw_sync_status_set_worker:
 * @worker: (nullable): the worker to follow
 */
void
pw_sync_status_set_worker (PwSyncStatus *self,
                           PwSyncWorker *worker)
{
  g_return_if_fail (PW_IS_SYNC_STATUS (self));

  if (self->worker == worker)
    return;
  if (self->worker != NULL)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  g_set_object (&self->worker, worker);
  if (worker != NULL)
    {
      g_signal_connect_swapped (worker, "notify::n-waiting", G_CALLBACK (update), self);
      g_signal_connect_swapped (worker, "notify::offline", G_CALLBACK (update), self);
    }
  update (self);
}

PwSyncWorker *
pw_sync_status_get_worker (PwSyncStatus *self)
{
  g_return_val_if_fail (PW_IS_SYNC_STATUS (self), NULL);
  return self->worker;
}

/**
 * pw_sync_status_get_text:
 *
 * Returns: what the status says about waiting submissions
 */
const char *
pw_sync_status_get_text (PwSyncStatus *self)
{
  g_return_val_if_fail (PW_IS_SYNC_STATUS (self), NULL);
  return self->text;
}

gboolean
pw_sync_status_get_offline_shown (PwSyncStatus *self)
{
  g_return_val_if_fail (PW_IS_SYNC_STATUS (self), FALSE);
  return gtk_widget_get_visible (self->offline_badge);
}

/* The app's worker, once its store is open. */
static void
follow_app (PwSyncStatus *self)
{
  if (!PW_IS_APPLICATION (self->app) || !pw_application_get_store_ready (PW_APPLICATION (self->app)))
    return;
  g_signal_handlers_disconnect_by_data (self->app, self);
  pw_sync_status_set_worker (self, pw_application_get_sync_worker (PW_APPLICATION (self->app)));
}

static void
pw_sync_status_dispose (GObject *object)
{
  PwSyncStatus *self = PW_SYNC_STATUS (object);

  if (self->app != NULL)
    g_signal_handlers_disconnect_by_data (self->app, self);
  g_clear_object (&self->app);
  pw_sync_status_set_worker (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_SYNC_STATUS);

  G_OBJECT_CLASS (pw_sync_status_parent_class)->dispose (object);
}

static void
pw_sync_status_finalize (GObject *object)
{
  PwSyncStatus *self = PW_SYNC_STATUS (object);

  g_free (self->text);

  G_OBJECT_CLASS (pw_sync_status_parent_class)->finalize (object);
}

static void
pw_sync_status_class_init (PwSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_sync_status_dispose;
  object_class->finalize = pw_sync_status_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, PwSyncStatus, box);
  gtk_widget_class_bind_template_child (widget_class, PwSyncStatus, offline_badge);
  gtk_widget_class_bind_template_child (widget_class, PwSyncStatus, waiting_button);
  gtk_widget_class_bind_template_child (widget_class, PwSyncStatus, waiting_icon);
  gtk_widget_class_bind_template_child (widget_class, PwSyncStatus, waiting_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pw-sync-status");
}

static void
pw_sync_status_init (PwSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);

  self->app = g_application_get_default ();
  if (PW_IS_APPLICATION (self->app))
    {
      g_object_ref (self->app);
      g_signal_connect_swapped (self->app, "notify::store-ready", G_CALLBACK (follow_app), self);
      follow_app (self);
    }
  else
    self->app = NULL;
}
