/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ledger/pw-figures.h"
#include "ledger/pw-ledger-export.h"
#include "piecework-engine.h"
#include "pw-earnings-chart.h"

G_BEGIN_DECLS

/**
 * PW_EARNINGS_VIEW_ALL_TIME_END:
 *
 * The end of "all time" for the figures and the exports: 10000-01-01 UTC,
 * in microseconds, far from where sums of times could overflow.
 */
#define PW_EARNINGS_VIEW_ALL_TIME_END G_GINT64_CONSTANT (253402300800000000)

#define PW_TYPE_EARNINGS_VIEW (pw_earnings_view_get_type ())

G_DECLARE_FINAL_TYPE (PwEarningsView, pw_earnings_view, PW, EARNINGS_VIEW, GtkWidget)

GtkWidget                *pw_earnings_view_new               (void);
void                      pw_earnings_view_refresh           (PwEarningsView     *self);
void                      pw_earnings_view_set_now           (PwEarningsView     *self,
                                                              GDateTime          *now);
GDateTime                *pw_earnings_view_dup_now           (PwEarningsView     *self);
const char               *pw_earnings_view_get_page          (PwEarningsView     *self);
const PwRecentFigures    *pw_earnings_view_get_figures       (PwEarningsView     *self);
GtkWidget                *pw_earnings_view_get_card          (PwEarningsView     *self,
                                                              PwPeriod            period);
PwEarningsChart          *pw_earnings_view_get_chart         (PwEarningsView     *self);
GtkColumnView            *pw_earnings_view_get_project_table (PwEarningsView     *self);
const char               *pw_earnings_view_get_pace_text     (PwEarningsView     *self);
const char               *pw_earnings_view_get_goal_text     (PwEarningsView     *self);
const char               *pw_earnings_view_get_floor_alert   (PwEarningsView     *self);
void                      pw_earnings_view_export            (PwEarningsView     *self,
                                                              PwLedgerExportKind  kind,
                                                              gint64              start,
                                                              gint64              end,
                                                              GFile              *file);
void                      pw_earnings_view_export_portfolio  (PwEarningsView     *self,
                                                              gint64              start,
                                                              gint64              end,
                                                              GFile              *file);
gboolean                  pw_earnings_view_get_exporting     (PwEarningsView     *self);

G_END_DECLS
