/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-earnings-view-private.h"
#include "pw-time-entry-editor.h"
#include "pw-time-log.h"

/* The Earnings place's doors to the time log: this week's entries in their own
 * window, and a new entry added by hand. Either way the figures load again
 * once the store has the change. */

static void
on_time_changed (PwEarningsView *self)
{
  pw_earnings_view_refresh (self);
}

static void
on_time_log_destroyed (PwEarningsView *self)
{
  self->time_log = NULL;
}

static void
show_time_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (widget);
  PwStore *store = _pw_earnings_view_get_store (self);
  g_autoptr (GDateTime) now = pw_earnings_view_dup_now (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (store == NULL)
    return;
  if (self->time_log != NULL)
    {
      gtk_window_present (self->time_log);
      return;
    }
  self->time_log = GTK_WINDOW (pw_time_log_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                store, now));
  g_signal_connect_object (self->time_log, "changed", G_CALLBACK (on_time_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_log, "destroy", G_CALLBACK (on_time_log_destroyed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (self->time_log);
}

static void
on_entry_added (PwEarningsView *self)
{
  _pw_earnings_view_add_toast (self, _("Time entry added"));
  pw_earnings_view_refresh (self);
}

static void
add_time_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (widget);
  PwStore *store = _pw_earnings_view_get_store (self);
  g_autoptr (GDateTime) now = pw_earnings_view_dup_now (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  PwTimeEntryEditor *editor;

  if (store == NULL)
    return;
  editor = pw_time_entry_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, store,
                                     NULL, now);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_entry_added), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

void
_pw_earnings_view_class_init_time (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "earnings.show-time", NULL, show_time_activated);
  gtk_widget_class_install_action (widget_class, "earnings.add-time", NULL, add_time_activated);
}
