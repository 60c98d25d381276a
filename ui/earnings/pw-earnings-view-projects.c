/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-earnings-format.h"
#include "pw-earnings-view-private.h"

/* The month's projects, one row each, in a table the worker sorts by
 * clicking its headers; by effective rate, best first, at the start. A
 * project that paid in several currencies shows the one it paid most in. */

#define PW_TYPE_PROJECT_ROW (pw_project_row_get_type ())
G_DECLARE_FINAL_TYPE (PwProjectRow, pw_project_row, PW, PROJECT_ROW, GObject)

struct _PwProjectRow
{
  GObject           parent_instance;

  PwFigures        *figures;
  const PwEarnings *main;
  char             *account_name;
};

G_DEFINE_FINAL_TYPE (PwProjectRow, pw_project_row, G_TYPE_OBJECT)

static void
pw_project_row_finalize (GObject *object)
{
  PwProjectRow *self = PW_PROJECT_ROW (object);

  pw_figures_unref (self->figures);
  g_free (self->account_name);

  G_OBJECT_CLASS (pw_project_row_parent_class)->finalize (object);
}

static void
pw_project_row_class_init (PwProjectRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_project_row_finalize;
}

static void
pw_project_row_init (PwProjectRow *self)
{
}

static PwProjectRow *
pw_project_row_new (PwFigures  *figures,
                    const char *account_name)
{
  PwProjectRow *self = g_object_new (PW_TYPE_PROJECT_ROW, NULL);

  self->figures = pw_figures_ref (figures);
  self->main = pw_figures_get_main_earnings (figures);
  self->account_name = g_strdup (account_name);
  return self;
}

typedef enum
{
  COLUMN_PROJECT,
  COLUMN_ACCOUNT,
  COLUMN_TASKS,
  COLUMN_RATE,
  COLUMN_APPROVAL,
  COLUMN_MEDIAN,
  COLUMN_PAY,
  COLUMN_ACCURACY,
  N_COLUMNS
} Column;

/* Figures that rest on the worker's own rates say so. */
static char *
mark_own (PwProjectRow *row,
          char         *text)
{
  char *marked;

  if (row->main == NULL || row->main->own_micro == 0)
    return text;
  /* Translators: a rate or an amount that counts the worker's own figures */
  marked = g_strdup_printf (_("%s (own figures)"), text);
  g_free (text);
  return marked;
}

static char *
cell_text (PwProjectRow *row,
           Column        column)
{
  PwFigures *f = row->figures;

  switch (column)
    {
    case COLUMN_PROJECT:
      if (f->project_id == NULL)
        /* Translators: the projects table's row for time and money of no project */
        return g_strdup (_("No project"));
      return g_strdup (f->name != NULL ? f->name : f->project_id);
    case COLUMN_ACCOUNT:
      return g_strdup (row->account_name != NULL ? row->account_name : "");
    case COLUMN_TASKS:
      return g_strdup_printf ("%u", f->n_tasks_done);
    case COLUMN_RATE:
      if (row->main == NULL || f->all_us == 0)
        return g_strdup ("—");
      return mark_own (row, pw_earnings_format_rate (row->main, row->main->effective_rate_micro));
    case COLUMN_APPROVAL:
      return f->approval_rate < 0 ? g_strdup ("—") : pw_earnings_format_percent (f->approval_rate);
    case COLUMN_MEDIAN:
      return f->median_task_us < 0 ? g_strdup ("—") : pw_earnings_format_task_time (f->median_task_us);
    case COLUMN_PAY:
      if (row->main == NULL || f->n_tasks_done == 0)
        return g_strdup ("—");
      return mark_own (row, pw_earnings_format_money (row->main, row->main->pay_per_task_micro,
                                                      TRUE));
    case COLUMN_ACCURACY:
      return f->accuracy < 0 ? g_strdup ("—") : pw_earnings_format_percent (f->accuracy);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* The value a column sorts by; a row without one, shown as "—", counts as
 * less than any row with one. */
static gboolean
sort_value (PwProjectRow *row,
            Column        column,
            double       *value)
{
  PwFigures *f = row->figures;

  switch (column)
    {
    case COLUMN_TASKS:
      *value = f->n_tasks_done;
      return TRUE;
    case COLUMN_RATE:
      *value = row->main != NULL ? (double) row->main->effective_rate_micro : 0;
      return row->main != NULL && f->all_us > 0;
    case COLUMN_APPROVAL:
      *value = f->approval_rate;
      return f->approval_rate >= 0;
    case COLUMN_MEDIAN:
      *value = (double) f->median_task_us;
      return f->median_task_us >= 0;
    case COLUMN_PAY:
      *value = row->main != NULL ? (double) row->main->pay_per_task_micro : 0;
      return row->main != NULL && f->n_tasks_done > 0;
    case COLUMN_ACCURACY:
      *value = f->accuracy;
      return f->accuracy >= 0;
    case COLUMN_PROJECT:
    case COLUMN_ACCOUNT:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  PwProjectRow *row_a = PW_PROJECT_ROW ((gpointer) a);
  PwProjectRow *row_b = PW_PROJECT_ROW ((gpointer) b);
  double value_a = 0, value_b = 0;
  gboolean has_a, has_b;

  if (column == COLUMN_PROJECT || column == COLUMN_ACCOUNT)
    {
      g_autofree char *text_a = cell_text (row_a, column);
      g_autofree char *text_b = cell_text (row_b, column);

      return g_utf8_collate (text_a != NULL ? text_a : "", text_b != NULL ? text_b : "");
    }

  has_a = sort_value (row_a, column, &value_a);
  has_b = sort_value (row_b, column, &value_b);
  if (has_a != has_b)
    return has_a ? 1 : -1;
  return (value_a > value_b) - (value_a < value_b);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);
  gboolean text = column == COLUMN_PROJECT || column == COLUMN_ACCOUNT;

  gtk_label_set_xalign (GTK_LABEL (label), text ? 0 : 1);
  gtk_label_set_ellipsize (GTK_LABEL (label), text ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  if (!text)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  PwProjectRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (row, column);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (column == COLUMN_PROJECT || column == COLUMN_ACCOUNT)
    gtk_widget_set_tooltip_text (label, text);
}

static void
add_column (PwEarningsView *self,
            Column          column,
            const char     *title,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (self->project_table, view_column);
  if (column == COLUMN_RATE)
    gtk_column_view_sort_by_column (self->project_table, view_column, GTK_SORT_DESCENDING);
  g_object_unref (view_column);
}

void
_pw_earnings_view_init_projects (PwEarningsView *self)
{
  GtkSortListModel *sorted;
  GtkNoSelection *selection;
  GtkSorter *sorter;

  self->projects = g_list_store_new (PW_TYPE_PROJECT_ROW);

  add_column (self, COLUMN_PROJECT, _("Project"), TRUE);
  add_column (self, COLUMN_ACCOUNT, _("Account"), FALSE);
  add_column (self, COLUMN_TASKS, _("Tasks"), FALSE);
  add_column (self, COLUMN_RATE, _("Effective Rate"), FALSE);
  add_column (self, COLUMN_APPROVAL, _("Approval Rate"), FALSE);
  add_column (self, COLUMN_MEDIAN, _("Median Time"), FALSE);
  add_column (self, COLUMN_PAY, _("Pay per Task"), FALSE);
  add_column (self, COLUMN_ACCURACY, _("Accuracy"), FALSE);

  sorter = gtk_column_view_get_sorter (self->project_table);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->projects)),
                                    g_object_ref (sorter));
  selection = gtk_no_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->project_table, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

static char *
account_name (PwEarningsView *self,
              const char     *account_id)
{
  PwAccountManager *accounts = NULL;
  PwAccount *account = NULL;

  if (account_id == NULL)
    return NULL;
  if (PW_IS_APPLICATION (self->app))
    accounts = pw_application_get_account_manager (PW_APPLICATION (self->app));
  if (accounts != NULL)
    account = pw_account_manager_lookup (accounts, account_id);
  return g_strdup (account != NULL ? pw_account_get_name (account) : account_id);
}

void
_pw_earnings_view_update_projects (PwEarningsView *self)
{
  GPtrArray *projects = self->figures->projects;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < projects->len; i++)
    {
      PwFigures *figures = g_ptr_array_index (projects, i);
      g_autofree char *name = account_name (self, figures->account_id);

      g_ptr_array_add (rows, pw_project_row_new (figures, name));
    }
  g_list_store_splice (self->projects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->projects)),
                       rows->pdata, rows->len);
  gtk_widget_set_visible (self->projects_window, rows->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->projects_empty), rows->len == 0);
}
