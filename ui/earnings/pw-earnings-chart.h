/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The chart of the Earnings place: money earned and hours worked per day. */

#define PW_TYPE_EARNINGS_CHART (pw_earnings_chart_get_type ())

G_DECLARE_FINAL_TYPE (PwEarningsChart, pw_earnings_chart, PW, EARNINGS_CHART, GtkWidget)

GtkWidget  *pw_earnings_chart_new          (void);
void        pw_earnings_chart_set_days     (PwEarningsChart *self,
                                            GPtrArray       *days,
                                            const char      *currency);
const char *pw_earnings_chart_get_currency (PwEarningsChart *self);
guint       pw_earnings_chart_get_n_days   (PwEarningsChart *self);
int         pw_earnings_chart_get_selected (PwEarningsChart *self);
void        pw_earnings_chart_set_selected (PwEarningsChart *self,
                                            int              day);
char       *pw_earnings_chart_dup_day_text (PwEarningsChart *self,
                                            guint            day);

G_END_DECLS
