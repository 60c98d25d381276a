/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-figures.h"

G_BEGIN_DECLS

/* Gaps of this length or more between two stretches of work end a session. */
#define PW_FIGURES_SESSION_BREAK_US (15 * 60 * G_USEC_PER_SEC)

/* Approval rates for projecting pending pay are measured over at least this
 * much statement before the span's end. */
#define PW_FIGURES_APPROVAL_SPAN_US (G_GINT64_CONSTANT (90) * 24 * 3600 * G_USEC_PER_SEC)

/* Before the first span, the statement is read this far back so a task
 * worked early in a span finds its entry on the way. */
#define PW_FIGURES_LEDGER_BEFORE_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

/* A task's entry comes after its work: the statement is read this far past
 * the last span; an entry later still is looked up. */
#define PW_FIGURES_LEDGER_AFTER_US (G_GINT64_CONSTANT (30) * 24 * 3600 * G_USEC_PER_SEC)

/* One bucket of a span split by local time. */
typedef struct
{
  gint64  start;
  gint64  end;
  char   *key;
} PwBucket;

void        _pw_period_bounds_before   (PwPeriod      period,
                                        GDateTime    *at,
                                        gint64       *start,
                                        gint64       *end);
GArray     *_pw_period_buckets         (gint64        start,
                                        gint64        end,
                                        PwGrouping    grouping,
                                        GTimeZone    *tz);
gboolean    _pw_grouping_is_by_time    (PwGrouping    grouping);

/* A computation of several spans, each with its grouping, in one pass over
 * the statement and the time log. */
typedef struct _PwFiguresRun PwFiguresRun;

/**
 * PwSpanFlags:
 * @PW_SPAN_MEDIANS: compute the median time per task of each group; at
 *   most two spans of a run
 * @PW_SPAN_TOTALS_ONLY: only money, time and the effective rate: nothing
 *   that needs each task's outcome (unpaid and lost task time, submitted
 *   time, awaiting pay, projections), which is far cheaper for a long span
 *   shown only for comparison
 */
typedef enum
{
  PW_SPAN_MEDIANS = 1 << 0,
  PW_SPAN_TOTALS_ONLY = 1 << 1,
} PwSpanFlags;

PwFiguresRun *_pw_figures_run_new     (GTimeZone     *tz);
void          _pw_figures_run_free    (PwFiguresRun  *run);
guint         _pw_figures_run_add_span (PwFiguresRun  *run,
                                        gint64         start,
                                        gint64         end,
                                        PwGrouping     grouping,
                                        PwSpanFlags    flags);
gboolean      _pw_figures_run_execute (PwFiguresRun  *run,
                                       sqlite3       *db,
                                       GCancellable  *cancellable,
                                       GError       **error);
GPtrArray    *_pw_figures_run_result  (PwFiguresRun  *run,
                                       guint          span);
PwFigures    *_pw_figures_run_single_result (PwFiguresRun *run,
                                             guint         span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwFiguresRun, _pw_figures_run_free)

PwFigures    *_pw_figures_new         (PwGrouping     grouping,
                                       const char    *key,
                                       gint64         start,
                                       gint64         end);
PwEarnings   *_pw_figures_ensure_earnings (PwFigures  *self,
                                           const char *currency);
gint64        _pw_figures_per_hour    (gint64         micro,
                                       gint64         us);

/* Runs a read on the store's read connection, after the writes queued
 * before it. */
typedef gpointer (*PwStoreReadFunc) (sqlite3       *db,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error);

gpointer      _pw_ledger_read         (PwStore       *store,
                                       PwStoreReadFunc read,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

gpointer      _pw_ledger_read_on      (sqlite3       *db,
                                       PwStoreReadFunc read,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

gpointer      _pw_ledger_read_apart   (PwStore       *store,
                                       PwStoreReadFunc read,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
