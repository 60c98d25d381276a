/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-figures-private.h"

G_BEGIN_DECLS

/* The insides of a PwFiguresRun, shared by its files: pw-figures-run.c
 * (spans and groups), pw-figures-read.c (the two passes) and
 * pw-figures-finish.c (what follows from the sums). */

/* Names (accounts, projects, tasks, currencies) are numbered as they are
 * first met, so the passes index arrays instead of hashing strings again.
 * A key is a string with a small tag, such as a task id with its account's
 * number. */
typedef struct
{
  guint32     tag;
  const char *text;
} PwKey;

typedef struct
{
  guint32 hash;
  guint32 number;
} PwKeySlot;

typedef struct
{
  GArray       *keys;
  PwKeySlot    *slots;
  guint         mask;
  /* The keys with a slot: keyed tasks are in keys without one. */
  guint         n_slotted;
  GStringChunk *strings;
} PwKeyTable;

void     _pw_key_table_init  (PwKeyTable *table,
                              GStringChunk *strings);
void     _pw_key_table_clear (PwKeyTable *table);
guint    _pw_key_table_intern (PwKeyTable *table,
                               guint32     tag,
                               const char *text,
                               gboolean   *made);

typedef enum
{
  PW_STATUS_PENDING,
  PW_STATUS_APPROVED,
  PW_STATUS_REJECTED,
  PW_STATUS_PAID,
} PwStatus;

typedef enum
{
  PW_OUTCOME_OPEN,
  PW_OUTCOME_PAID,
  PW_OUTCOME_UNPAID,
  PW_OUTCOME_LOST,
} PwOutcome;

/* Spans that want medians keep each task's time in one of these. */
#define PW_MEDIAN_SLOTS 2

/* What is known of one task. */
typedef struct
{
  guint   has_entry : 1;
  guint   classified : 1;
  guint   submitted : 1;
  guint   awaiting : 1;
  guint   outcome : 2;
  guint   status : 2;
  /* Its currency's number: a run meets a handful. */
  guint   currency : 23;
  /* Its account's number: a task known by its key has no PwKey of its
   * own in the tasks' table, which saves a year of them being written. */
  guint   account;
  gint64  amount;
  /* Its number in task_keys, or 0 when it is known by its id. */
  gint64  key;
  /* The spans where the task has counted as awaiting already. */
  guint64 awaiting_counted;
  gint64  median_us[PW_MEDIAN_SLOTS];
  guint32 median_group[PW_MEDIAN_SLOTS];
} PwTaskInfo;

typedef struct
{
  guint n_reviewed;
  guint n_approved;
} PwApprovals;

typedef struct
{
  PwFigures  *figures;
  /* Per currency number: the index in figures->earnings, or -1. */
  GArray     *earnings_of;
  /* Per earnings: the tasks counted in task_pay_micro. */
  GArray     *task_counts;
  /* Pending pay per project and currency, for the projection. */
  GHashTable *pending;
  double      score_sum;
  /* Its place in the span's groups until they are sorted at the end. */
  guint       index;
} PwGroup;

typedef struct
{
  gint64      start;
  gint64      end;
  gint64      approval_start;
  PwGrouping  grouping;
  guint       flags;
  /* The slot of the tasks' median times, or -1. */
  int         median_slot;
  GArray     *buckets;
  guint       cursor;
  GPtrArray  *groups;
  /* For project and account groupings: per project or account number, the
   * group's index + 1, or 0. */
  GArray     *group_of;
  /* Per project number, over the approval window. */
  GArray     *approvals;
  PwApprovals overall;
  /* Per group index: the times of tasks counted in the group's median
   * that the run does not read, as PwMedianCount from roll-ups, or NULL. */
  GPtrArray  *extra_medians;
} PwSpan;

/* A value of a median and how many tasks took it. */
typedef struct
{
  gint64 us;
  gint64 count;
} PwMedianCount;

/* What tells sessions and gaps at a point of the time log: the end of the
 * session so far, and the task of the entry before. */
typedef struct
{
  gint64   session_end;
  gboolean is_task;
  guint    account;
  gint64   task_key;
  char    *task;
} PwSessionState;

/* A review score counted in a group, in the order the statement is read. */
typedef struct
{
  guint  group;
  double score;
} PwScoreMark;

struct _PwFiguresRun
{
  GTimeZone    *tz;
  GPtrArray    *spans;
  guint         n_medians;
  GStringChunk *strings;
  PwKeyTable    accounts;
  PwKeyTable    projects;
  PwKeyTable    currencies;
  PwKeyTable    tasks;
  GArray       *task_infos;
  /* Task keys to task numbers + 1, in pages of consecutive keys. */
  GPtrArray    *key_pages;
  /* Per project number: its account number. */
  GArray       *project_account;
  /* The tasks' times of one span's medians, group after group, reused
   * from span to span. */
  GArray       *median_values;
  sqlite3_stmt *probe_entry;
  sqlite3_stmt *probe_task;
  sqlite3_stmt *probe_key;
  sqlite3_stmt *look_up;

  /* For roll-ups (pw-figure-rollups-build.c, pw-figure-rollups.c); all off
   * in a plain run. */
  /* Tasks are known by their keys in task_keys, packed or not. */
  gboolean      keyed;
  /* Each task's outcome is looked up, never taken from the statement
   * read on the way; the times of its entries widen outcomes_from/_to. */
  gboolean      lookup_outcomes;
  /* With has_window, a task looked up takes its latest entry inside the
   * window, as a run that read the window's statement would. */
  gboolean      has_window;
  gint64        window_from;
  gint64        window_to;
  gint64        outcomes_from;
  gint64        outcomes_to;
  /* The sessions' state at the first counted time entry, and at the end. */
  gboolean      state_taken;
  PwSessionState counted_state;
  PwSessionState end_state;
  /* The scores of the first span, in order; NULL unless wanted. */
  GArray       *score_marks;
  /* The sum of the magnitudes of every amount counted, saturating. */
  guint64       magnitude;
  /* The groups' sums are left as read: no rates, medians nor order. */
  gboolean      sums_only;
};

PwGroup  *_pw_figures_run_group_for   (PwFiguresRun *run,
                                       PwSpan       *span,
                                       gint64        at,
                                       guint         account,
                                       guint         project);
PwEarnings *_pw_group_earnings        (PwGroup      *group,
                                       PwFiguresRun *run,
                                       guint         currency,
                                       guint        *index);
void      _pw_earnings_add            (PwEarnings   *earnings,
                                       gint64       *sum,
                                       gint64        micro);
void      _pw_group_count_task_pay    (PwGroup      *group,
                                       PwFiguresRun *run,
                                       guint         currency,
                                       gint64        amount);
guint     _pw_figures_run_account     (PwFiguresRun *run,
                                       const char   *account_id);
guint     _pw_figures_run_project     (PwFiguresRun *run,
                                       guint         account,
                                       const char   *project_id);
guint     _pw_figures_run_currency    (PwFiguresRun *run,
                                       const char   *currency);
PwTaskInfo *_pw_figures_run_task      (PwFiguresRun *run,
                                       guint         index);
guint     _pw_figures_run_ensure_task (PwFiguresRun *run,
                                       guint         account,
                                       const char   *task_id);
void      _pw_figures_run_reserve_tasks (PwFiguresRun *run,
                                         guint         n);
guint     _pw_figures_run_keyed_task  (PwFiguresRun *run,
                                       guint         account,
                                       gint64        key);

void      _pw_figures_run_set_approval_start (PwFiguresRun *run,
                                              guint         span,
                                              gint64        start);
void      _pw_session_state_clear     (PwSessionState *state);

gboolean  _pw_figures_read            (PwFiguresRun *run,
                                       sqlite3      *db,
                                       gint64        statement_from,
                                       gint64        classify_from,
                                       gint64        statement_to,
                                       gint64        time_from,
                                       gint64        counted_from,
                                       gint64        time_to,
                                       GCancellable *cancellable,
                                       GError      **error);

void      _pw_figures_finish_span     (PwFiguresRun *run,
                                       PwSpan       *span,
                                       sqlite3      *db);

G_END_DECLS
