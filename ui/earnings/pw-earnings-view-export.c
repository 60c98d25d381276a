/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "pw-earnings-view-private.h"
#include "pw-file-chooser.h"

/* The dashboard's exports: the ledger and the time log as CSV, a yearly
 * income summary for taxes, and a portfolio of the work as PDF for
 * clients. The worker picks where the file goes, in Documents first and
 * then where the last export went; the export runs on a thread. One that takes more than a moment shows
 * its progress and a Cancel button; every export ends on a toast. */

#define PROGRESS_DELAY_MS 400
#define FIRST_YEAR_OFFERED 10

static GtkWindow *
parent_window (PwEarningsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_pw_earnings_view_update_export_actions (PwEarningsView *self)
{
  gboolean idle = _pw_earnings_view_get_store (self) != NULL && self->export_cancellable == NULL
                  && self->export_chooser == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "earnings.export-ledger", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "earnings.export-time", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "earnings.export-income", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "earnings.export-portfolio", idle);
}

/**
 * pw_earnings_view_get_exporting:
 *
 * Returns: %TRUE while an export runs
 */
gboolean
pw_earnings_view_get_exporting (PwEarningsView *self)
{
  g_return_val_if_fail (PW_IS_EARNINGS_VIEW (self), FALSE);
  return self->export_cancellable != NULL;
}

static void
on_export_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  g_autoptr (PwEarningsView) self = g_weak_ref_get (user_data);

  if (self == NULL)
    return;
  self->exported_rows = done;
  if (self->export_progress != NULL && total > 0)
    {
      GtkWidget *bar = adw_message_dialog_get_extra_child (self->export_progress);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), (double) done / (double) total);
    }
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_progress_response (PwEarningsView *self)
{
  /* The dialog closes; the thread stops at its next row and the toast
   * says the export was cancelled. */
  g_cancellable_cancel (self->export_cancellable);
}

static gboolean
show_progress (gpointer user_data)
{
  PwEarningsView *self = user_data;
  GtkWidget *dialog, *bar;

  self->export_progress_id = 0;
  dialog = adw_message_dialog_new (parent_window (self), _("Exporting…"), NULL);
  bar = gtk_progress_bar_new ();
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bar);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_progress_response), self,
                           G_CONNECT_SWAPPED);
  self->export_progress = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->export_progress);
  gtk_window_present (GTK_WINDOW (dialog));
  return G_SOURCE_REMOVE;
}

static char *
done_message (PwEarningsView *self,
              const char     *name)
{
  if (self->export_portfolio)
    /* Translators: a toast after an export, with the file's name */
    return g_strdup_printf (_("Saved the portfolio as “%s”"), name);

  switch (self->export_kind)
    {
    case PW_LEDGER_EXPORT_ENTRIES:
      /* Translators: a toast after an export, with the file's name */
      return g_strdup_printf (_("Exported the ledger to “%s”"), name);
    case PW_LEDGER_EXPORT_TIME:
      /* Translators: a toast after an export, with the file's name */
      return g_strdup_printf (_("Exported the time entries to “%s”"), name);
    case PW_LEDGER_EXPORT_INCOME:
    default:
      /* Translators: a toast after an export, with the file's name */
      return g_strdup_printf (_("Saved the income summary to “%s”"), name);
    }
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (PwEarningsView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_steal_pointer (&self->export_file);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  gboolean disposed = self->export_cancellable == NULL;

  g_clear_handle_id (&self->export_progress_id, g_source_remove);
  if (self->export_progress != NULL)
    gtk_window_destroy (GTK_WINDOW (self->export_progress));
  g_clear_object (&self->export_cancellable);

  if (!(self->export_portfolio ? pw_portfolio_write_finish (PW_STORE (source), result, &error)
                                : pw_ledger_export_finish (PW_STORE (source), result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("The export was cancelled."));
      else
        /* Translators: the engine's message says what to do */
        message = g_strdup_printf (_("The export failed: %s"), error->message);
    }
  else
    {
      name = file != NULL ? g_file_get_basename (file) : g_strdup ("");
      message = done_message (self, name);
    }

  if (!disposed)
    {
      _pw_earnings_view_add_toast (self, message);
      _pw_earnings_view_update_export_actions (self);
    }
}

/**
 * pw_earnings_view_export:
 * @kind: what to export
 * @start: the span's start, microseconds since 1970
 * @end: its end, excluded
 * @file: where to write the CSV
 *
 * Exports on a thread, showing its progress when it takes long and a
 * toast when it is done.
 */
void
pw_earnings_view_export (PwEarningsView     *self,
                         PwLedgerExportKind  kind,
                         gint64              start,
                         gint64              end,
                         GFile              *file)
{
  PwStore *store;
  GWeakRef *ref;

  g_return_if_fail (PW_IS_EARNINGS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  store = _pw_earnings_view_get_store (self);
  if (store == NULL || self->export_cancellable != NULL)
    return;

  if (!self->export_portfolio || self->export_cancellable != NULL)
    self->export_kind = kind;
  self->exported_rows = 0;
  g_set_object (&self->export_file, file);
  self->export_cancellable = g_cancellable_new ();
  self->export_progress_id = g_timeout_add (PROGRESS_DELAY_MS, show_progress, self);
  _pw_earnings_view_update_export_actions (self);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  if (self->export_portfolio)
    {
      const char *name = g_get_real_name ();

      pw_portfolio_write_async (store, file, start, end,
                                name != NULL && !g_str_equal (name, "Unknown") ? name : NULL,
                                NULL, on_export_progress, ref, weak_ref_free,
                                self->export_cancellable, on_export_done, g_object_ref (self));
      return;
    }
  pw_ledger_export_async (store, kind, start, end, file, on_export_progress, ref, weak_ref_free,
                          self->export_cancellable, on_export_done, g_object_ref (self));
}

/**
 * pw_earnings_view_export_portfolio:
 * @start: the span's start, microseconds since 1970
 * @end: its end, excluded
 * @file: where to write the PDF
 *
 * Writes the portfolio of the work in the span on a thread, as
 * pw_earnings_view_export() does for the CSV files.
 */
void
pw_earnings_view_export_portfolio (PwEarningsView *self,
                                   gint64          start,
                                   gint64          end,
                                   GFile          *file)
{
  g_return_if_fail (PW_IS_EARNINGS_VIEW (self));

  if (self->export_cancellable != NULL)
    return;
  self->export_portfolio = TRUE;
  pw_earnings_view_export (self, self->export_kind, start, end, file);
}

static void
on_output_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = pw_file_chooser_ask_finish (result, &error);
  PwEarningsView *self;

  /* Cancelled only when the dashboard goes away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PW_EARNINGS_VIEW (user_data);
  g_clear_object (&self->export_chooser);
  _pw_earnings_view_update_export_actions (self);
  if (file == NULL)
    return;

  g_clear_object (&self->export_folder);
  self->export_folder = g_file_get_parent (file);
  if (self->export_portfolio)
    pw_earnings_view_export_portfolio (self, self->export_start, self->export_end, file);
  else
    pw_earnings_view_export (self, self->export_kind, self->export_start, self->export_end, file);
}

/* Asks where the file goes; the answer starts the export. */
static void
ask_for_file (PwEarningsView *self,
              gint64          start,
              gint64          end,
              const char     *title,
              const char     *name,
              const char     *accept,
              const char     *filter_name,
              const char     *mime_type,
              const char     *suffix)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GFile) folder = NULL;

  self->export_start = start;
  self->export_end = end;
  if (self->export_folder != NULL)
    folder = g_object_ref (self->export_folder);
  else if (documents != NULL)
    folder = g_file_new_for_path (documents);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix);

  self->export_chooser = g_cancellable_new ();
  _pw_earnings_view_update_export_actions (self);
  pw_file_chooser_ask_async (parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE, title, accept,
                             name, folder, filter, self->export_chooser, on_output_chosen, self);
}

static void
choose_output (PwEarningsView     *self,
               PwLedgerExportKind  kind,
               gint64              start,
               gint64              end,
               const char         *title,
               const char         *name)
{
  if (self->export_chooser != NULL || self->export_cancellable != NULL)
    return;

  self->export_kind = kind;
  self->export_portfolio = FALSE;
  ask_for_file (self, start, end, title, name, _("_Export"), _("CSV files"), "text/csv", "csv");
}

static void
export_ledger_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  choose_output (PW_EARNINGS_VIEW (widget), PW_LEDGER_EXPORT_ENTRIES, 0,
                 PW_EARNINGS_VIEW_ALL_TIME_END, _("Export the Ledger"), "piecework-ledger.csv");
}

static void
export_time_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  choose_output (PW_EARNINGS_VIEW (widget), PW_LEDGER_EXPORT_TIME, 0,
                 PW_EARNINGS_VIEW_ALL_TIME_END, _("Export the Time Entries"), "piecework-time.csv");
}

static void
on_year_response (PwEarningsView   *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GtkStringObject *item = gtk_drop_down_get_selected_item (choice);
  g_autoptr (GDateTime) first_day = NULL;
  g_autofree char *name = NULL;
  const char *year_text;
  gint64 start, end;
  int year;

  if (!g_str_equal (response, "export") || item == NULL)
    return;

  year_text = gtk_string_object_get_string (item);
  year = atoi (year_text);
  first_day = g_date_time_new_local (year, 1, 1, 0, 0, 0);
  pw_period_bounds (PW_PERIOD_YEAR, first_day, &start, &end);
  name = g_strdup_printf ("piecework-income-%d.csv", year);
  /* Translators: the title of the file chooser, with the year */
  {
    g_autofree char *title = g_strdup_printf (_("Save the Income Summary for %d"), year);

    choose_output (self, PW_LEDGER_EXPORT_INCOME, start, end, title, name);
  }
}

static void
export_income_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (widget);
  g_autoptr (GDateTime) now = pw_earnings_view_dup_now (self);
  g_autoptr (GtkStringList) years = gtk_string_list_new (NULL);
  int this_year = g_date_time_get_year (now);
  GtkWidget *dialog, *choice;

  if (self->export_chooser != NULL || self->export_cancellable != NULL)
    return;

  for (int year = this_year; year > this_year - FIRST_YEAR_OFFERED; year--)
    {
      g_autofree char *text = g_strdup_printf ("%d", year);

      gtk_string_list_append (years, text);
    }
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (years)), NULL);
  /* Early in the year, taxes are for the year before. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), g_date_time_get_month (now) <= 4 ? 1 : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Year"), -1);

  dialog = adw_message_dialog_new (parent_window (self), _("Yearly Income Summary"),
                                   _("What each marketplace paid you in the year, per currency, "
                                     "as a CSV file for your taxes."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_year_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
choose_portfolio_output (PwEarningsView *self,
                         gint64          start,
                         gint64          end)
{
  if (self->export_chooser != NULL || self->export_cancellable != NULL)
    return;

  self->export_portfolio = TRUE;
  ask_for_file (self, start, end, _("Save the Work Portfolio"), "piecework-portfolio.pdf",
                _("_Save"), _("PDF documents"), "application/pdf", "pdf");
}

static const PwPeriod portfolio_periods[] = { PW_PERIOD_MONTH, PW_PERIOD_YEAR };

static void
on_portfolio_span (PwEarningsView   *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  guint selected = gtk_drop_down_get_selected (choice);
  g_autoptr (GDateTime) now = pw_earnings_view_dup_now (self);
  gint64 start, end;

  if (!g_str_equal (response, "save") || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected < G_N_ELEMENTS (portfolio_periods))
    pw_period_bounds (portfolio_periods[selected], now, &start, &end);
  else
    {
      /* Everything the store holds. */
      start = 0;
      end = PW_EARNINGS_VIEW_ALL_TIME_END;
    }
  choose_portfolio_output (self, start, end);
}

static void
export_portfolio_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PwEarningsView *self = PW_EARNINGS_VIEW (widget);
  const char *spans[] = { N_("This month"), N_("This year"), N_("All my work"), NULL };
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *dialog, *choice;

  if (self->export_chooser != NULL || self->export_cancellable != NULL)
    return;

  for (guint i = 0; spans[i] != NULL; i++)
    gtk_string_list_append (list, _(spans[i]));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (list)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Span"), -1);

  dialog = adw_message_dialog_new (parent_window (self), _("Work Portfolio"),
                                   _("A PDF of the tasks you did, the shapes and items you "
                                     "labeled, your hours and your accuracy, by project and "
                                     "month, to show to clients. It shows no pay."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_portfolio_span), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_pw_earnings_view_dispose_export (PwEarningsView *self)
{
  g_clear_handle_id (&self->export_progress_id, g_source_remove);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_cancellable_cancel (self->export_chooser);
  g_clear_object (&self->export_chooser);
  g_clear_object (&self->export_folder);
  g_clear_object (&self->export_file);
  if (self->export_progress != NULL)
    gtk_window_destroy (GTK_WINDOW (self->export_progress));
}

void
_pw_earnings_view_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "earnings.export-ledger", NULL,
                                   export_ledger_activated);
  gtk_widget_class_install_action (widget_class, "earnings.export-time", NULL,
                                   export_time_activated);
  gtk_widget_class_install_action (widget_class, "earnings.export-portfolio", NULL,
                                   export_portfolio_activated);
  gtk_widget_class_install_action (widget_class, "earnings.export-income", NULL,
                                   export_income_activated);
}
