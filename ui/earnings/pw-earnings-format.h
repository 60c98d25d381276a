/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* How the Earnings place writes times, durations and dates; money goes
 * through pw-money-display.h. */

char      *pw_earnings_format_money       (const PwEarnings *e,
                                           gint64            micro,
                                           gboolean          added);
char      *pw_earnings_format_rate        (const PwEarnings *e,
                                           gint64            micro_per_hour);
char      *pw_earnings_format_hours       (gint64            us);
char      *pw_earnings_format_task_time   (gint64            us);
char      *pw_earnings_format_percent     (double            fraction);
char      *pw_earnings_format_rate_change (gint64            rate_micro,
                                           gint64            previous_rate_micro,
                                           gboolean          previous_has_time,
                                           int              *direction);
GDateTime *pw_earnings_local_time         (gint64            us);

G_END_DECLS
