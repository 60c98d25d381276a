/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-earnings-view.h"

G_BEGIN_DECLS

/* What the Earnings place's files share: its instance, cards, goals,
 * projects, time and export. */

struct _PwEarningsView
{
  GtkWidget           parent_instance;

  GApplication       *app;
  GSettings          *settings;
  GCancellable       *cancellable;
  GDateTime          *fixed_now;
  PwRecentFigures    *figures;
  guint               refresh_id;
  guint               tick_id;
  gboolean            loading;
  gboolean            reload;
  gboolean            dirty;
  gboolean            had_figures;
  gboolean            updating_currencies;
  char               *chart_currency;
  GListStore         *projects;
  GtkWindow          *time_log;

  /* Export; export_chooser cancels the file chooser while it asks */
  GCancellable       *export_chooser;
  GFile              *export_folder;
  GCancellable       *export_cancellable;
  GFile              *export_file;
  AdwMessageDialog   *export_progress;
  guint               export_progress_id;
  guint64             exported_rows;
  PwLedgerExportKind  export_kind;
  gboolean            export_portfolio;
  gint64              export_start;
  gint64              export_end;

  /* Template children */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  GtkLabel           *updated_label;
  GtkRevealer        *floor_revealer;
  GtkLabel           *floor_label;
  GtkWidget          *goal_box;
  GtkLabel           *goal_title;
  GtkLabel           *goal_label;
  GtkLabel           *pace_label;
  GtkProgressBar     *goal_bar;
  GtkWidget          *today_card;
  GtkWidget          *week_card;
  GtkWidget          *month_card;
  GtkDropDown        *currency_dropdown;
  GtkStringList      *currencies;
  PwEarningsChart    *chart;
  GtkLabel           *chart_caption;
  GtkWidget          *projects_window;
  GtkColumnView      *project_table;
  GtkLabel           *projects_empty;
};

/* pw-earnings-view-cards.c */
void _pw_earnings_view_card_update           (GtkWidget          *card,
                                              PwFigures          *figures,
                                              PwFigures          *previous,
                                              PwPeriod            period);

/* pw-earnings-view-projects.c */
void _pw_earnings_view_init_projects         (PwEarningsView     *self);
void _pw_earnings_view_update_projects       (PwEarningsView     *self);

/* pw-earnings-view-goals.c */
void _pw_earnings_view_update_goal           (PwEarningsView     *self);
void _pw_earnings_view_update_floor          (PwEarningsView     *self);
void _pw_earnings_view_show_goals            (PwEarningsView     *self);

/* pw-earnings-view-export.c */
void _pw_earnings_view_class_init_export     (GtkWidgetClass     *widget_class);
void _pw_earnings_view_dispose_export        (PwEarningsView     *self);
void _pw_earnings_view_update_export_actions (PwEarningsView     *self);

/* pw-earnings-view-time.c */
void _pw_earnings_view_class_init_time       (GtkWidgetClass     *widget_class);

/* pw-earnings-view.c */
void _pw_earnings_view_update_actions        (PwEarningsView     *self);
void _pw_earnings_view_add_toast             (PwEarningsView     *self,
                                              const char         *message);
PwStore *_pw_earnings_view_get_store         (PwEarningsView     *self);

G_END_DECLS
