/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ledger/pw-figures.h"
#include "ledger/pw-ledger-export.h"
#include "piecework-engine.h"
#include "pw-earnings-chart.h"

G_BEGIN_DECLS

/**
 * PW_DASHBOARD_ALL_TIME_END:
 *
 * The end of "all time" for the figures and the exports: 10000-01-01 UTC,
 * in microseconds, far from where sums of times could overflow.
 */
#define PW_DASHBOARD_ALL_TIME_END G_GINT64_CONSTANT (253402300800000000)

#define PW_TYPE_DASHBOARD (pw_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (PwDashboard, pw_dashboard, PW, DASHBOARD, GtkWidget)

GtkWidget                *pw_dashboard_new                (void);
void                      pw_dashboard_refresh            (PwDashboard        *self);
void                      pw_dashboard_set_now            (PwDashboard        *self,
                                                           GDateTime          *now);
GDateTime                *pw_dashboard_dup_now            (PwDashboard        *self);
const char               *pw_dashboard_get_page           (PwDashboard        *self);
const PwRecentFigures    *pw_dashboard_get_figures        (PwDashboard        *self);
GtkWidget                *pw_dashboard_get_card           (PwDashboard        *self,
                                                           PwPeriod            period);
PwEarningsChart          *pw_dashboard_get_chart          (PwDashboard        *self);
GtkColumnView            *pw_dashboard_get_project_table  (PwDashboard        *self);
const char               *pw_dashboard_get_pace_text      (PwDashboard        *self);
const char               *pw_dashboard_get_goal_text      (PwDashboard        *self);
const char               *pw_dashboard_get_floor_alert    (PwDashboard        *self);
void                      pw_dashboard_export             (PwDashboard        *self,
                                                           PwLedgerExportKind  kind,
                                                           gint64              start,
                                                           gint64              end,
                                                           GFile              *file);
void                      pw_dashboard_export_portfolio   (PwDashboard        *self,
                                                           gint64              start,
                                                           gint64              end,
                                                           GFile              *file);
gboolean                  pw_dashboard_get_exporting      (PwDashboard        *self);

G_END_DECLS
