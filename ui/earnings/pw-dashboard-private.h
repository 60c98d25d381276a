/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-dashboard.h"

G_BEGIN_DECLS

struct _PwDashboard
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

  /* Export */
  GtkNativeDialog    *export_chooser;
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

/* pw-dashboard-cards.c */
void pw_dashboard_card_update        (GtkWidget          *card,
                                      PwFigures          *figures,
                                      PwFigures          *previous,
                                      PwPeriod            period);

/* pw-dashboard-projects.c */
void pw_dashboard_init_projects      (PwDashboard        *self);
void pw_dashboard_update_projects    (PwDashboard        *self);

/* pw-dashboard-goals.c */
void pw_dashboard_update_goal        (PwDashboard        *self);
void pw_dashboard_update_floor       (PwDashboard        *self);
void pw_dashboard_show_goals         (PwDashboard        *self);

/* pw-dashboard-export.c */
void pw_dashboard_class_init_export  (GtkWidgetClass     *widget_class);
void pw_dashboard_dispose_export     (PwDashboard        *self);
void pw_dashboard_update_export_actions (PwDashboard     *self);

/* pw-dashboard-time.c */
void pw_dashboard_class_init_time    (GtkWidgetClass     *widget_class);

/* pw-dashboard.c */
void pw_dashboard_update_actions     (PwDashboard        *self);
void pw_dashboard_add_toast          (PwDashboard        *self,
                                      const char         *message);
PwStore *pw_dashboard_get_store      (PwDashboard        *self);

G_END_DECLS
