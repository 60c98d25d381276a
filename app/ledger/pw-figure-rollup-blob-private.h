/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-figures-run-private.h"

G_BEGIN_DECLS

/* The insides of the figures' roll-ups (see pw-figure-rollups-private.h),
 * shared by their files: pw-figure-rollup-blob.c (a roll-up in memory and
 * as a blob, spans and the sessions' states), pw-figure-rollups-build.c
 * (making them) and pw-figure-rollups.c (adding them up). */

/* The week under way is rolled up by the days of it that are over, cut
 * where days start in UTC, so a summary reads the rows of one day at most.
 * A week that is over is rolled up whole, and its days' roll-ups go. */
#define DAY_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

/* Sums up to this magnitude cannot pass what 64 bits hold in any order. */
#define SAFE_MAGNITUDE (G_GUINT64_CONSTANT (1) << 61)

typedef struct
{
  char   *currency;
  gint64  sums[11];
  guint64 task_count;
} PwRollupMoney;

/* The sums of PwEarnings a roll-up keeps, in their order above. */
#define MONEY_SUM(earnings, i) \
  (*((gint64 *[]) { &(earnings)->pending_micro, &(earnings)->approved_micro, \
                    &(earnings)->rejected_micro, &(earnings)->paid_micro, \
                    &(earnings)->bonus_micro, &(earnings)->adjustment_micro, \
                    &(earnings)->fee_micro, &(earnings)->payout_micro, \
                    &(earnings)->awaiting_micro, &(earnings)->task_pay_micro, \
                    &(earnings)->own_micro })[i])

typedef struct
{
  char   *account;
  char   *project;
  gint64  times[7];
  guint64 counts[6];
  GArray *money;     /* PwRollupMoney */
  GArray *medians;   /* PwMedianCount, by value */
} PwRollupGroup;

#define TIME_SUM(figures, i) \
  (*((gint64 *[]) { &(figures)->task_us, &(figures)->submitted_task_us, \
                    &(figures)->paid_manual_us, &(figures)->gap_us, \
                    &(figures)->unpaid_task_us, &(figures)->lost_task_us, \
                    &(figures)->unpaid_manual_us })[i])
#define COUNT(figures, i) \
  (*((guint *[]) { &(figures)->n_sessions, &(figures)->n_tasks_done, \
                   &(figures)->n_reviewed, &(figures)->n_approved, \
                   &(figures)->n_scored, &(figures)->n_own_tasks })[i])

typedef struct
{
  guint    group;
  gint64   key;
  gint64   us;
  gboolean awaiting;
  gint64   amount;
  char    *currency;
} PwRollupShared;

typedef struct
{
  gint64   session_end;
  gboolean is_task;
  char    *account;
  gint64   task_key;
  char    *task;
} PwRollupState;

typedef struct
{
  PwRollupState start;
  PwRollupState end;
  gint64        outcomes_from;
  gint64        outcomes_to;
  guint64       magnitude;
  GPtrArray    *groups;   /* PwRollupGroup */
  /* The scores: their distinct values, then each as its group and value
   * as packed, two bytes or so rather than a struct each. */
  GArray       *score_values;
  GByteArray   *scores;
  guint         n_scores;
  GArray       *shared;   /* PwRollupShared */
} PwRollup;

PwRollupGroup *_pw_rollup_group_new      (void);
void           _pw_rollup_group_free     (gpointer              data);
PwRollup      *_pw_rollup_new            (void);
void           _pw_rollup_free           (PwRollup             *rollup);
GByteArray    *_pw_rollup_encode         (const PwRollup       *rollup);
PwRollup      *_pw_rollup_decode         (const guint8         *data,
                                          gsize                 size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwRollup, _pw_rollup_free)

GArray        *_pw_rollup_spans_of       (gint64                start,
                                          gint64                end,
                                          gint64                length);
void           _pw_rollup_state_from_run (PwRollupState        *state,
                                          PwFiguresRun         *run,
                                          const PwSessionState *from,
                                          gint64                boundary);
gboolean       _pw_rollup_states_equal   (const PwRollupState  *a,
                                          const PwRollupState  *b);

G_END_DECLS
