/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-earnings-format.h"
#include "pw-earnings-view-private.h"

/* A card of the Earnings place: a period's effective rate and its change, the
 * hours, the money by status, and the smaller figures under it. Every
 * currency has its own line; none is converted. The card is filled anew at
 * each refresh, since the number of currencies can change. */

/* Writes one figure of @e to @micro; %FALSE when it is a sum that passed
 * what 64 bits hold. */
typedef gboolean (*EarningsField) (const PwEarnings *e,
                                   gint64           *micro);

static gboolean
field_earned (const PwEarnings *e,
              gint64           *micro)
{
  *micro = e->earned_micro;
  return TRUE;
}

static gboolean
field_own (const PwEarnings *e,
           gint64           *micro)
{
  *micro = e->own_micro;
  return TRUE;
}

static gboolean
field_approved_paid (const PwEarnings *e,
                     gint64           *micro)
{
  *micro = e->approved_micro;
  return pw_money_add_micro (micro, e->paid_micro);
}

static gboolean
field_extras (const PwEarnings *e,
              gint64           *micro)
{
  *micro = e->bonus_micro;
  return pw_money_add_micro (micro, e->adjustment_micro)
         && pw_money_add_micro (micro, e->fee_micro);
}

static gboolean
field_pending (const PwEarnings *e,
               gint64           *micro)
{
  *micro = e->pending_micro;
  return TRUE;
}

static gboolean
field_awaiting (const PwEarnings *e,
                gint64           *micro)
{
  *micro = e->awaiting_micro;
  return TRUE;
}

static gboolean
field_rejected (const PwEarnings *e,
                gint64           *micro)
{
  *micro = e->rejected_micro;
  return TRUE;
}

static const char *
card_title (PwPeriod period)
{
  switch (period)
    {
    case PW_PERIOD_DAY:
      return _("Today");
    case PW_PERIOD_WEEK:
      return _("This Week");
    case PW_PERIOD_MONTH:
      return _("This Month");
    case PW_PERIOD_YEAR:
    default:
      return _("This Year");
    }
}

static const char *
previous_name (PwPeriod period)
{
  switch (period)
    {
    case PW_PERIOD_DAY:
      return _("yesterday");
    case PW_PERIOD_WEEK:
      return _("last week");
    case PW_PERIOD_MONTH:
      return _("last month");
    case PW_PERIOD_YEAR:
    default:
      return _("last year");
    }
}

static GtkWidget *
value_label (const char *text,
             const char *tooltip)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_tooltip_text (label, tooltip);
  return label;
}

static void
add_row (GtkGrid    *grid,
         int         row,
         const char *name,
         const char *value,
         const char *tooltip)
{
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *figure = value_label (value, tooltip);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_yalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_set_tooltip_text (title, tooltip);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, figure, 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (figure),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
}

/* One line per currency of @figures, or "—" without money. */
static char *
money_lines (PwFigures     *figures,
             EarningsField  field)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < figures->earnings->len; i++)
    {
      const PwEarnings *e = &g_array_index (figures->earnings, PwEarnings, i);
      gint64 micro;
      gboolean added = field (e, &micro);
      g_autofree char *money = pw_earnings_format_money (e, micro, added);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, money);
    }
  if (text->len == 0)
    g_string_append (text, "—");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
any_nonzero (PwFigures     *figures,
             EarningsField  field)
{
  for (guint i = 0; i < figures->earnings->len; i++)
    {
      const PwEarnings *e = &g_array_index (figures->earnings, PwEarnings, i);
      gint64 micro;

      if (!field (e, &micro) || micro != 0 || e->too_large)
        return TRUE;
    }
  return FALSE;
}

typedef enum
{
  RATE_EFFECTIVE,
  RATE_PROJECTED,
  RATE_TASK_ONLY,
} RateKind;

static char *
rate_lines (PwFigures *figures,
            RateKind   kind)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < figures->earnings->len; i++)
    {
      const PwEarnings *e = &g_array_index (figures->earnings, PwEarnings, i);
      gint64 rate = kind == RATE_EFFECTIVE ? e->effective_rate_micro
                    : kind == RATE_PROJECTED ? e->projected_rate_micro
                    : e->task_only_rate_micro;
      g_autofree char *line = pw_earnings_format_rate (e, rate);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  if (text->len == 0)
    g_string_append (text, "—");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_card (GtkWidget *card)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (card)) != NULL)
    gtk_box_remove (GTK_BOX (card), child);
}

static GtkWidget *
rate_row (PwFigures        *figures,
          PwFigures        *previous,
          const PwEarnings *e,
          PwPeriod          period)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *rate = NULL;
  g_autofree char *change = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *rate_label, *change_label;
  const PwEarnings *before = NULL;
  gboolean previous_has_time = previous != NULL && previous->all_us > 0;
  int direction = 0;

  if (e != NULL)
    {
      rate = pw_earnings_format_rate (e, e->effective_rate_micro);
      if (previous != NULL)
        before = pw_figures_get_earnings (previous, e->currency);
      if (e->too_large || (before != NULL && before->too_large))
        change = g_strdup ("—");
      else
        change = pw_earnings_format_rate_change (e->effective_rate_micro,
                                        before != NULL ? before->effective_rate_micro : 0,
                                        previous_has_time, &direction);
    }
  else
    {
      rate = g_strdup ("—");
      change = g_strdup ("—");
    }

  rate_label = gtk_label_new (rate);
  gtk_label_set_xalign (GTK_LABEL (rate_label), 0);
  gtk_widget_set_hexpand (rate_label, TRUE);
  gtk_widget_add_css_class (rate_label, "title-2");
  gtk_widget_add_css_class (rate_label, "numeric");
  gtk_widget_set_tooltip_text (rate_label,
                               _("Effective hourly rate: what you earned (approved and paid "
                                 "pay, bonuses and adjustments, less fees) for every hour you "
                                 "spent, unpaid time and rejected work included."));
  gtk_box_append (GTK_BOX (row), rate_label);

  if (!previous_has_time)
    /* Translators: the rate's change has nothing to compare with; "yesterday", "last week" */
    tooltip = g_strdup_printf (_("No time %s to compare with"), previous_name (period));
  else if (before == NULL || before->effective_rate_micro <= 0)
    /* Translators: "Nothing earned yesterday to compare with" */
    tooltip = g_strdup_printf (_("Nothing earned %s to compare with"), previous_name (period));
  else
    {
      g_autofree char *then = pw_earnings_format_rate (before, before->effective_rate_micro);

      /* Translators: the rate's change: "Against yesterday’s 4.00 USD/h" */
      tooltip = g_strdup_printf (_("Against %s’s %s"), previous_name (period), then);
    }
  change_label = gtk_label_new (change);
  gtk_widget_set_valign (change_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (change_label, "numeric");
  gtk_widget_add_css_class (change_label, direction > 0 ? "success"
                                          : direction < 0 ? "error" : "dim-label");
  gtk_widget_set_tooltip_text (change_label, tooltip);
  gtk_box_append (GTK_BOX (row), change_label);
  return row;
}

/**
 * _pw_earnings_view_card_update:
 * @card: a vertical box styled as a card
 * @figures: the period's figures
 * @previous: (nullable): the period before's, for the change of the rate
 * @period: which period it is
 *
 * Fills @card with @figures.
 */
void
_pw_earnings_view_card_update (GtkWidget *card,
                               PwFigures *figures,
                               PwFigures *previous,
                               PwPeriod   period)
{
  GtkWidget *title, *caption, *grid, *small;
  g_autofree char *hours = NULL;
  int row = 0;

  clear_card (card);

  title = gtk_label_new (card_title (period));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (card), title);

  if (figures->earnings->len == 0)
    gtk_box_append (GTK_BOX (card), rate_row (figures, previous, NULL, period));
  for (guint i = 0; i < figures->earnings->len; i++)
    gtk_box_append (GTK_BOX (card),
                    rate_row (figures, previous,
                              &g_array_index (figures->earnings, PwEarnings, i), period));

  caption = gtk_label_new (_("Effective hourly rate"));
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (card), caption);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_margin_top (grid, 6);
  hours = pw_earnings_format_hours (figures->all_us);
  add_row (GTK_GRID (grid), row++, _("Hours"), hours,
           _("All the time you spent: on tasks whatever their outcome, between tasks in a "
             "session, and the time you added by hand."));
  {
    g_autofree char *text = money_lines (figures, field_earned);

    add_row (GTK_GRID (grid), row++, _("Earned"), text,
             _("Approved and paid pay, bonuses and adjustments, less fees."));
  }
  if (any_nonzero (figures, field_own))
    {
      g_autofree char *text = money_lines (figures, field_own);

      /* Marked apart: these are the worker's figures, not a marketplace's. */
      add_row (GTK_GRID (grid), row++, _("Of which your own figures"), text,
               _("Work its server accepted, priced at the rates you gave in the Tasks place. "
                 "No marketplace statement lists it; it counts in what you earned and in "
                 "your rates."));
    }
  {
    g_autofree char *text = money_lines (figures, field_approved_paid);

    add_row (GTK_GRID (grid), row++, _("Approved and paid"), text,
             _("Pay for tasks the marketplace approved, paid out or not yet."));
  }
  if (any_nonzero (figures, field_extras))
    {
      g_autofree char *text = money_lines (figures, field_extras);

      add_row (GTK_GRID (grid), row++, _("Bonuses and fees"), text,
               _("Bonuses and adjustments, less the marketplace’s fees."));
    }
  {
    g_autofree char *text = money_lines (figures, field_pending);

    add_row (GTK_GRID (grid), row++, _("Pending"), text,
             _("Pay for tasks the marketplace has not reviewed yet."));
  }
  if (any_nonzero (figures, field_awaiting))
    {
      g_autofree char *text = money_lines (figures, field_awaiting);

      add_row (GTK_GRID (grid), row++, _("Awaiting a statement"), text,
               _("The pay of submitted tasks that no statement lists yet."));
    }
  {
    g_autofree char *text = money_lines (figures, field_rejected);

    add_row (GTK_GRID (grid), row++, _("Rejected"), text,
             _("What rejected tasks would have paid; it counts as nothing earned."));
  }
  gtk_box_append (GTK_BOX (card), grid);

  gtk_box_append (GTK_BOX (card), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  small = gtk_grid_new ();
  row = 0;
  gtk_grid_set_column_spacing (GTK_GRID (small), 12);
  gtk_grid_set_row_spacing (GTK_GRID (small), 2);
  gtk_widget_add_css_class (small, "caption");
  {
    g_autofree char *text = rate_lines (figures, RATE_PROJECTED);

    add_row (GTK_GRID (small), row++, _("Projected rate"), text,
             _("The effective rate if pending pay is approved as often as each project’s work "
               "has been so far."));
  }
  {
    g_autofree char *text = rate_lines (figures, RATE_TASK_ONLY);

    add_row (GTK_GRID (small), row++, _("Task-only rate"), text,
             _("The pay of your submitted tasks for the time spent on them alone, as "
               "marketplaces count it."));
  }
  {
    g_autofree char *text = figures->all_us > 0 ? pw_earnings_format_percent (figures->overhead_share)
                                                 : g_strdup ("—");

    add_row (GTK_GRID (small), row++, _("Overhead share"), text,
             _("The part of your time that was unpaid: gaps between tasks, qualifications and "
               "training, rejected work and the time you marked unpaid."));
  }
  gtk_box_append (GTK_BOX (card), small);
}
