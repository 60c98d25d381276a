/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-earnings-chart.h"

G_BEGIN_DECLS

/* What the chart's files share: its instance and the drawing of days and
 * goals. */

typedef enum
{
  PART_PAID,
  PART_APPROVED,
  PART_PENDING,
  PART_AWAITING,
  PART_REJECTED,
  N_PARTS
} Part;

struct _PwEarningsChart
{
  GtkWidget  parent_instance;

  GPtrArray *days;
  char      *currency;
  int        selected;
  int        hovered;
};

const PwEarnings *_pw_earnings_chart_day_earnings (PwEarningsChart *self,
                                                guint            day);
int               _pw_earnings_chart_day_at      (PwEarningsChart *self,
                                                double           x);
void              _pw_earnings_chart_snapshot    (GtkWidget       *widget,
                                                GtkSnapshot     *snapshot);
void              _pw_earnings_chart_nice_scale  (double           max,
                                                int              n_ticks,
                                                double          *top,
                                                double          *step);
char             *_pw_earnings_chart_tick_text   (double           value,
                                                double           step);

G_END_DECLS
