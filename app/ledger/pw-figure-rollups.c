/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-figure-packs-private.h"
#include "pw-figure-rollups-private.h"
#include "store/pw-store-sql.h"

/* The figures' roll-ups (see pw-figure-rollups-private.h). A roll-up is
 * one blob of LEB128 numbers (signed ones zigzagged) and zero-ended
 * strings:
 *
 *   the version; the sessions' state at the start and at the end (the
 *   session's end, whether the entry before was a task's, its account,
 *   task key and task id); the first and last time of the statement
 *   entries of the tasks worked in the span; the magnitude of the amounts
 *   counted;
 *   per group (account and project): its time sums, its counts, per
 *   currency its sums and the tasks its task pay counts, and the times of
 *   the tasks worked only in the span, as values and how many took each;
 *   the review scores: the distinct values as 8 bytes each, then each
 *   score as its group and value;
 *   per task also worked outside the span: its group, key and time, and
 *   whether its pay awaits a statement, with the amount and currency.
 *
 * Every sum is of integers, added in any order to the same result; the
 * scores, which are not, are added again one by one in their order. */

#define ROLLUP_VERSION 1

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
} RollupMoney;

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
  GArray *money;     /* RollupMoney */
  GArray *medians;   /* PwMedianCount, by value */
} RollupGroup;

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
} RollupShared;

typedef struct
{
  gint64   session_end;
  gboolean is_task;
  char    *account;
  gint64   task_key;
  char    *task;
} RollupState;

typedef struct
{
  RollupState start;
  RollupState end;
  gint64      outcomes_from;
  gint64      outcomes_to;
  guint64     magnitude;
  GPtrArray  *groups;   /* RollupGroup */
  /* The scores: their distinct values, then each as its group and value
   * as packed, two bytes or so rather than a struct each. */
  GArray     *score_values;
  GByteArray *scores;
  guint       n_scores;
  GArray     *shared;   /* RollupShared */
} Rollup;

static void
rollup_group_free (gpointer data)
{
  RollupGroup *group = data;

  g_free (group->account);
  g_free (group->project);
  for (guint i = 0; i < group->money->len; i++)
    g_free (g_array_index (group->money, RollupMoney, i).currency);
  g_array_unref (group->money);
  g_array_unref (group->medians);
  g_free (group);
}

static RollupGroup *
rollup_group_new (void)
{
  RollupGroup *group = g_new0 (RollupGroup, 1);

  group->money = g_array_new (FALSE, TRUE, sizeof (RollupMoney));
  group->medians = g_array_new (FALSE, FALSE, sizeof (PwMedianCount));
  return group;
}

static Rollup *
rollup_new (void)
{
  Rollup *rollup = g_new0 (Rollup, 1);

  rollup->groups = g_ptr_array_new_with_free_func (rollup_group_free);
  rollup->score_values = g_array_new (FALSE, FALSE, sizeof (double));
  rollup->scores = g_byte_array_new ();
  rollup->shared = g_array_new (FALSE, TRUE, sizeof (RollupShared));
  return rollup;
}

static void
rollup_free (Rollup *rollup)
{
  if (rollup == NULL)
    return;
  g_free (rollup->start.account);
  g_free (rollup->start.task);
  g_free (rollup->end.account);
  g_free (rollup->end.task);
  g_ptr_array_unref (rollup->groups);
  g_array_unref (rollup->score_values);
  g_byte_array_unref (rollup->scores);
  for (guint i = 0; i < rollup->shared->len; i++)
    g_free (g_array_index (rollup->shared, RollupShared, i).currency);
  g_array_unref (rollup->shared);
  g_free (rollup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rollup, rollup_free)

/* The spans of @start to @end, cut where pieces of @length start: weeks
 * (PW_FIGURE_CHUNK_US), or the days of a week (DAY_US). */
static GArray *
spans_of (gint64 start,
          gint64 end,
          gint64 length)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  while (start < end && start >= 0)
    {
      gint64 span[2] = { start, MIN (end, (start / length + 1) * length) };

      g_array_append_val (spans, span);
      start = span[1];
    }
  return spans;
}

/* The sessions' state at @boundary as a roll-up keeps it: by names, and
 * nothing of the entry before unless it was a task's, which is all that
 * tells gaps. A session that ended a break before @boundary or earlier
 * tells nothing of the rows from there on: it is kept as none. */
static void
state_from_run (RollupState          *state,
                PwFiguresRun         *run,
                const PwSessionState *from,
                gint64                boundary)
{
  if (from->session_end <= boundary - PW_FIGURES_SESSION_BREAK_US)
    {
      state->session_end = G_MININT64;
      state->account = g_strdup ("");
      state->task = g_strdup ("");
      return;
    }
  state->session_end = from->session_end;
  state->is_task = from->is_task;
  state->account = g_strdup (from->is_task && from->account < run->accounts.keys->len
                             ? g_array_index (run->accounts.keys, PwKey, from->account).text
                             : "");
  state->task_key = from->is_task ? from->task_key : 0;
  state->task = g_strdup (from->is_task && from->task != NULL ? from->task : "");
}

static gboolean
states_equal (const RollupState *a,
              const RollupState *b)
{
  return a->session_end == b->session_end && a->is_task == b->is_task &&
         a->task_key == b->task_key && g_strcmp0 (a->account, b->account) == 0 &&
         g_strcmp0 (a->task, b->task) == 0;
}

/* Encoding */

static void
put_string (GByteArray *out,
            const char *text)
{
  if (text == NULL)
    text = "";
  g_byte_array_append (out, (const guint8 *) text, strlen (text) + 1);
}

static void
put_state (GByteArray        *out,
           const RollupState *state)
{
  _pw_pack_put_signed (out, state->session_end);
  _pw_pack_put_varint (out, state->is_task);
  put_string (out, state->account);
  _pw_pack_put_signed (out, state->task_key);
  put_string (out, state->task);
}

static GByteArray *
rollup_encode (const Rollup *rollup)
{
  GByteArray *out = g_byte_array_new ();

  _pw_pack_put_varint (out, ROLLUP_VERSION);
  put_state (out, &rollup->start);
  put_state (out, &rollup->end);
  _pw_pack_put_signed (out, rollup->outcomes_from);
  _pw_pack_put_signed (out, rollup->outcomes_to);
  _pw_pack_put_varint (out, rollup->magnitude);

  _pw_pack_put_varint (out, rollup->groups->len);
  for (guint g = 0; g < rollup->groups->len; g++)
    {
      RollupGroup *group = rollup->groups->pdata[g];
      gint64 previous = 0;

      put_string (out, group->account);
      put_string (out, group->project);
      for (guint i = 0; i < G_N_ELEMENTS (group->times); i++)
        _pw_pack_put_signed (out, group->times[i]);
      for (guint i = 0; i < G_N_ELEMENTS (group->counts); i++)
        _pw_pack_put_varint (out, group->counts[i]);
      _pw_pack_put_varint (out, group->money->len);
      for (guint m = 0; m < group->money->len; m++)
        {
          RollupMoney *money = &g_array_index (group->money, RollupMoney, m);

          put_string (out, money->currency);
          for (guint i = 0; i < G_N_ELEMENTS (money->sums); i++)
            _pw_pack_put_signed (out, money->sums[i]);
          _pw_pack_put_varint (out, money->task_count);
        }
      _pw_pack_put_varint (out, group->medians->len);
      for (guint i = 0; i < group->medians->len; i++)
        {
          PwMedianCount *count = &g_array_index (group->medians, PwMedianCount, i);

          _pw_pack_put_signed (out, count->us - previous);
          _pw_pack_put_varint (out, (guint64) count->count);
          previous = count->us;
        }
    }

  _pw_pack_put_varint (out, rollup->score_values->len);
  g_byte_array_append (out, (const guint8 *) rollup->score_values->data,
                       rollup->score_values->len * sizeof (double));
  _pw_pack_put_varint (out, rollup->n_scores);
  g_byte_array_append (out, rollup->scores->data, rollup->scores->len);

  _pw_pack_put_varint (out, rollup->shared->len);
  for (guint i = 0; i < rollup->shared->len; i++)
    {
      RollupShared *shared = &g_array_index (rollup->shared, RollupShared, i);

      _pw_pack_put_varint (out, shared->group);
      _pw_pack_put_signed (out, shared->key);
      _pw_pack_put_signed (out, shared->us);
      _pw_pack_put_varint (out, shared->awaiting);
      if (shared->awaiting)
        {
          _pw_pack_put_signed (out, shared->amount);
          put_string (out, shared->currency);
        }
    }
  return out;
}

/* Decoding */

typedef struct
{
  const guint8 *cursor;
  const guint8 *end;
  gboolean      failed;
} Reader;

static guint64
get_varint (Reader *reader)
{
  guint64 value = 0;

  if (!reader->failed && !_pw_pack_get_varint (&reader->cursor, reader->end, &value))
    reader->failed = TRUE;
  return value;
}

static gint64
get_signed (Reader *reader)
{
  gint64 value = 0;

  if (!reader->failed && !_pw_pack_get_signed (&reader->cursor, reader->end, &value))
    reader->failed = TRUE;
  return value;
}

/* A count of things that each take at least a byte. */
static guint
get_count (Reader *reader)
{
  guint64 count = get_varint (reader);

  if (count > (guint64) (reader->end - reader->cursor))
    {
      reader->failed = TRUE;
      return 0;
    }
  return (guint) count;
}

static char *
get_string (Reader *reader)
{
  const guint8 *zero;
  char *text;

  if (reader->failed ||
      (zero = memchr (reader->cursor, 0, reader->end - reader->cursor)) == NULL)
    {
      reader->failed = TRUE;
      return g_strdup ("");
    }
  text = g_strdup ((const char *) reader->cursor);
  reader->cursor = zero + 1;
  return text;
}

static void
get_state (Reader      *reader,
           RollupState *state)
{
  state->session_end = get_signed (reader);
  state->is_task = get_varint (reader) != 0;
  state->account = get_string (reader);
  state->task_key = get_signed (reader);
  state->task = get_string (reader);
}

static Rollup *
rollup_decode (const guint8 *data,
               gsize         size)
{
  g_autoptr (Rollup) rollup = rollup_new ();
  Reader reader = { data, data + size, FALSE };
  guint n;

  if (data == NULL || get_varint (&reader) != ROLLUP_VERSION)
    return NULL;
  get_state (&reader, &rollup->start);
  get_state (&reader, &rollup->end);
  rollup->outcomes_from = get_signed (&reader);
  rollup->outcomes_to = get_signed (&reader);
  rollup->magnitude = get_varint (&reader);

  n = get_count (&reader);
  for (guint g = 0; g < n && !reader.failed; g++)
    {
      RollupGroup *group = rollup_group_new ();
      gint64 value = 0;
      guint n_money, n_medians;

      g_ptr_array_add (rollup->groups, group);
      group->account = get_string (&reader);
      group->project = get_string (&reader);
      for (guint i = 0; i < G_N_ELEMENTS (group->times); i++)
        group->times[i] = get_signed (&reader);
      for (guint i = 0; i < G_N_ELEMENTS (group->counts); i++)
        group->counts[i] = get_varint (&reader);
      n_money = get_count (&reader);
      for (guint m = 0; m < n_money && !reader.failed; m++)
        {
          RollupMoney money = { get_string (&reader), { 0, }, 0 };

          for (guint i = 0; i < G_N_ELEMENTS (money.sums); i++)
            money.sums[i] = get_signed (&reader);
          money.task_count = get_varint (&reader);
          g_array_append_val (group->money, money);
        }
      n_medians = get_count (&reader);
      g_array_set_size (group->medians, n_medians);
      for (guint i = 0; i < n_medians && !reader.failed; i++)
        {
          PwMedianCount *count = &g_array_index (group->medians, PwMedianCount, i);

          value += get_signed (&reader);
          count->us = value;
          count->count = (gint64) get_varint (&reader);
        }
    }

  n = get_count (&reader);
  if (!reader.failed && (gsize) (reader.end - reader.cursor) < n * sizeof (double))
    reader.failed = TRUE;
  if (!reader.failed)
    {
      g_array_append_vals (rollup->score_values, reader.cursor, n);
      reader.cursor += n * sizeof (double);
    }
  rollup->n_scores = get_count (&reader);
  if (!reader.failed)
    {
      const guint8 *marks = reader.cursor;

      for (guint i = 0; i < rollup->n_scores && !reader.failed; i++)
        {
          if (get_varint (&reader) >= rollup->groups->len ||
              get_varint (&reader) >= rollup->score_values->len)
            reader.failed = TRUE;
        }
      if (!reader.failed)
        g_byte_array_append (rollup->scores, marks, reader.cursor - marks);
    }

  n = get_count (&reader);
  for (guint i = 0; i < n && !reader.failed; i++)
    {
      RollupShared shared = { 0, };

      shared.group = (guint) get_varint (&reader);
      shared.key = get_signed (&reader);
      shared.us = get_signed (&reader);
      shared.awaiting = get_varint (&reader) != 0;
      if (shared.awaiting)
        {
          shared.amount = get_signed (&reader);
          shared.currency = get_string (&reader);
        }
      g_array_append_val (rollup->shared, shared);
      if (shared.group >= rollup->groups->len || shared.key <= 0)
        reader.failed = TRUE;
    }

  if (reader.failed || reader.cursor != reader.end)
    return NULL;
  return g_steal_pointer (&rollup);
}

/* Building */

static int
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Where a task keyed @key has time, first and last. */
static gboolean
task_time_bounds (sqlite3_stmt *stmt,
                  sqlite3      *db,
                  gint64        key,
                  gint64       *first,
                  gint64       *last,
                  GError      **error)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the time log"));
      return FALSE;
    }
  *first = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MININT64
                                                         : sqlite3_column_int64 (stmt, 0);
  *last = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? G_MAXINT64
                                                        : sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
take_groups (Rollup       *rollup,
             PwFiguresRun *run,
             PwSpan       *span)
{
  for (guint g = 0; g < span->groups->len; g++)
    {
      PwGroup *source = span->groups->pdata[g];
      PwFigures *figures = source->figures;
      RollupGroup *group = rollup_group_new ();

      group->account = g_strdup (figures->account_id != NULL ? figures->account_id : "");
      group->project = g_strdup (figures->project_id != NULL ? figures->project_id : "");
      for (guint i = 0; i < G_N_ELEMENTS (group->times); i++)
        group->times[i] = TIME_SUM (figures, i);
      for (guint i = 0; i < G_N_ELEMENTS (group->counts); i++)
        group->counts[i] = COUNT (figures, i);
      for (guint currency = 0; currency < source->earnings_of->len; currency++)
        {
          int index = g_array_index (source->earnings_of, int, currency);
          PwEarnings *earnings;
          RollupMoney money = { 0, };

          if (index < 0)
            continue;
          earnings = &g_array_index (figures->earnings, PwEarnings, index);
          money.currency = g_strdup (g_array_index (run->currencies.keys, PwKey, currency).text);
          for (guint i = 0; i < G_N_ELEMENTS (money.sums); i++)
            money.sums[i] = MONEY_SUM (earnings, i);
          money.task_count = g_array_index (source->task_counts, guint, index);
          g_array_append_val (group->money, money);
        }
      g_ptr_array_add (rollup->groups, group);
    }
}

/* Packs the scores, each value once, by its bits. */
static void
take_scores (Rollup *rollup,
             GArray *marks)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);

  for (guint i = 0; i < marks->len; i++)
    {
      PwScoreMark *mark = &g_array_index (marks, PwScoreMark, i);
      gint64 bits;
      gpointer value;

      memcpy (&bits, &mark->score, sizeof bits);
      if (!g_hash_table_lookup_extended (values, &bits, NULL, &value))
        {
          value = GUINT_TO_POINTER (rollup->score_values->len);
          g_hash_table_insert (values, g_memdup2 (&bits, sizeof bits), value);
          g_array_append_val (rollup->score_values, mark->score);
        }
      _pw_pack_put_varint (rollup->scores, mark->group);
      _pw_pack_put_varint (rollup->scores, GPOINTER_TO_UINT (value));
    }
  rollup->n_scores = marks->len;
}

/* Takes the pay of a task that awaits its statement out of @group's sums:
 * a task worked in several spans counts once, where it was first worked. */
static void
take_out_awaiting (RollupGroup  *group,
                   const char   *currency,
                   gint64        amount)
{
  for (guint m = 0; m < group->money->len; m++)
    {
      RollupMoney *money = &g_array_index (group->money, RollupMoney, m);

      if (strcmp (money->currency, currency) != 0)
        continue;
      money->sums[8] -= amount;   /* awaiting */
      money->sums[9] -= amount;   /* task pay */
      money->task_count--;
      group->counts[1]--;         /* tasks done */
      return;
    }
  g_assert_not_reached ();
}

static Rollup *
build_one (sqlite3  *db,
           gint64    start,
           gint64    end,
           gboolean *rollable,
           GError  **error)
{
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (NULL);
  g_autoptr (Rollup) rollup = rollup_new ();
  g_autoptr (sqlite3_stmt) keys = NULL;
  g_autoptr (sqlite3_stmt) bounds = NULL;
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  PwSpan *span;
  guint index;
  int rc;

  *rollable = FALSE;
  /* Every task with time here gets a key, by which the summary knows it. */
  keys = pw_store_db_prepare (db, "INSERT OR IGNORE INTO task_keys (account_id, task_id) "
                                  "SELECT coalesce (account_id, ''), task_id FROM time_entries "
                                  "INDEXED BY time_figures WHERE started_at >= ?1 "
                                  "AND started_at < ?2 AND task_id IS NOT NULL", error);
  if (keys == NULL)
    return NULL;
  sqlite3_bind_int64 (keys, 1, start);
  sqlite3_bind_int64 (keys, 2, end);
  rc = sqlite3_step (keys);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not number the tasks"));
      return NULL;
    }

  run->keyed = TRUE;
  run->lookup_outcomes = TRUE;
  run->sums_only = TRUE;
  run->score_marks = g_array_new (FALSE, FALSE, sizeof (PwScoreMark));
  index = _pw_figures_run_add_span (run, start, end, PW_GROUP_PROJECT, PW_SPAN_MEDIANS);
  _pw_figures_run_set_approval_start (run, index, start);
  if (!_pw_figures_run_execute (run, db, NULL, error))
    return NULL;
  span = run->spans->pdata[index];

  state_from_run (&rollup->start, run, &run->counted_state, start);
  state_from_run (&rollup->end, run, &run->end_state, end);
  rollup->outcomes_from = run->outcomes_from;
  rollup->outcomes_to = run->outcomes_to;
  rollup->magnitude = run->magnitude;
  take_groups (rollup, run, span);
  take_scores (rollup, run->score_marks);

  bounds = pw_store_db_prepare (db, "SELECT min (s), max (s) FROM ("
                                    "SELECT t.started_at AS s FROM task_keys AS k "
                                    "JOIN time_entries AS t INDEXED BY time_by_task "
                                    "ON t.account_id = k.account_id AND t.task_id = k.task_id "
                                    "WHERE k.key = ?1 UNION ALL "
                                    "SELECT t.started_at FROM task_keys AS k "
                                    "JOIN time_entries AS t INDEXED BY time_by_task "
                                    "ON t.account_id IS NULL AND t.task_id = k.task_id "
                                    "WHERE k.key = ?1 AND k.account_id = '')", error);
  if (bounds == NULL)
    return NULL;
  for (guint g = 0; g < span->groups->len; g++)
    g_ptr_array_add (values, g_array_new (FALSE, FALSE, sizeof (gint64)));

  for (guint i = 0; i < run->task_infos->len; i++)
    {
      PwTaskInfo *info = _pw_figures_run_task (run, i);
      guint group = info->median_group[0];
      gint64 first, last;

      if (group == 0)
        continue;
      group--;
      /* A task with no key yet cannot be told apart in another span. */
      if (info->key <= 0)
        return NULL;
      if (!task_time_bounds (bounds, db, info->key, &first, &last, error))
        return NULL;
      if (first >= start && last < end)
        g_array_append_val (values->pdata[group], info->median_us[0]);
      else
        {
          RollupShared shared = { group, info->key, info->median_us[0], FALSE, 0, NULL };

          if (info->awaiting_counted & 1)
            {
              shared.awaiting = TRUE;
              shared.amount = info->amount;
              shared.currency = g_strdup (g_array_index (run->currencies.keys, PwKey,
                                                         info->currency).text);
              take_out_awaiting (rollup->groups->pdata[group], shared.currency, shared.amount);
            }
          g_array_append_val (rollup->shared, shared);
        }
    }

  for (guint g = 0; g < span->groups->len; g++)
    {
      GArray *times = values->pdata[g];
      GArray *counts = ((RollupGroup *) rollup->groups->pdata[g])->medians;

      g_array_sort (times, compare_us);
      for (guint i = 0; i < times->len; i++)
        {
          gint64 us = g_array_index (times, gint64, i);

          if (counts->len > 0 && g_array_index (counts, PwMedianCount, counts->len - 1).us == us)
            g_array_index (counts, PwMedianCount, counts->len - 1).count++;
          else
            {
              PwMedianCount count = { us, 1 };

              g_array_append_val (counts, count);
            }
        }
    }
  *rollable = TRUE;
  return g_steal_pointer (&rollup);
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *exists;
  sqlite3_stmt *insert;
  sqlite3_stmt *drop_days;
} Builder;

static void
builder_clear (Builder *builder)
{
  sqlite3_finalize (builder->exists);
  sqlite3_finalize (builder->insert);
  sqlite3_finalize (builder->drop_days);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Builder, builder_clear)

/* Rolls up the span @start to @end unless it has a roll-up. A span that
 * cannot be rolled up is left: its rows are read. */
static gboolean
build_span (Builder  *builder,
            gint64    start,
            gint64    end,
            GError  **error)
{
  sqlite3 *db = builder->db;
  g_autoptr (Rollup) rollup = NULL;
  g_autoptr (GByteArray) blob = NULL;
  gboolean rollable;
  int rc;

  sqlite3_reset (builder->exists);
  sqlite3_bind_int64 (builder->exists, 1, start / PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (builder->exists, 2, start);
  sqlite3_bind_int64 (builder->exists, 3, end);
  rc = sqlite3_step (builder->exists);
  sqlite3_reset (builder->exists);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }

  rollup = build_one (db, start, end, &rollable, error);
  if (rollup == NULL && !rollable && error != NULL && *error != NULL)
    return FALSE;
  if (rollup == NULL)
    return TRUE;
  blob = rollup_encode (rollup);
  sqlite3_reset (builder->insert);
  sqlite3_bind_int64 (builder->insert, 1, start / PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (builder->insert, 2, start);
  sqlite3_bind_int64 (builder->insert, 3, end);
  sqlite3_bind_blob (builder->insert, 4, blob->data, blob->len, SQLITE_STATIC);
  rc = sqlite3_step (builder->insert);
  sqlite3_reset (builder->insert);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save the ledger"));
      return FALSE;
    }
  return TRUE;
}

/**
 * _pw_figure_rollups_build:
 * @start: the first time to roll up
 * @end: the time to roll up to, excluded
 * @until: spans that end after it are left: of the week under way, only
 *   the days that are over are rolled up
 *
 * Rolls up each span of @start to @end inside one week, and each day that
 * is over of the week under way, that has no roll-up yet. Once a week is
 * rolled up whole, the roll-ups of its days are dropped. Runs on the
 * writer's connection, inside its transaction.
 */
gboolean
_pw_figure_rollups_build (sqlite3  *db,
                          gint64    start,
                          gint64    end,
                          gint64    until,
                          GError  **error)
{
  g_autoptr (GArray) spans = spans_of (start, end, PW_FIGURE_CHUNK_US);
  g_auto (Builder) builder = { db, NULL, NULL, NULL };

  builder.exists = pw_store_db_prepare (db, "SELECT 1 FROM figure_rollups "
                                            "WHERE chunk = ?1 AND start = ?2 AND end = ?3",
                                        error);
  if (builder.exists == NULL)
    return FALSE;
  builder.insert = pw_store_db_prepare (db, "INSERT OR REPLACE INTO figure_rollups "
                                            "(chunk, start, end, rollup) VALUES (?1, ?2, ?3, ?4)",
                                        error);
  if (builder.insert == NULL)
    return FALSE;
  /* A day's roll-up ends where a day starts, before its week's span does,
   * and is a day long at most. */
  builder.drop_days = pw_store_db_prepare (db, "DELETE FROM figure_rollups WHERE chunk = ?1 "
                                               "AND start >= ?2 AND end < ?3 "
                                               "AND end - start <= ?4 AND end % ?4 = 0",
                                           error);
  if (builder.drop_days == NULL)
    return FALSE;

  for (guint i = 0; i < spans->len; i++)
    {
      gint64 *span = &g_array_index (spans, gint64, 2 * i);
      g_autoptr (GArray) days = NULL;
      int rc;

      if (span[1] <= until)
        {
          if (!build_span (&builder, span[0], span[1], error))
            return FALSE;
          sqlite3_reset (builder.drop_days);
          sqlite3_bind_int64 (builder.drop_days, 1, span[0] / PW_FIGURE_CHUNK_US);
          sqlite3_bind_int64 (builder.drop_days, 2, span[0]);
          sqlite3_bind_int64 (builder.drop_days, 3, span[1]);
          sqlite3_bind_int64 (builder.drop_days, 4, DAY_US);
          rc = sqlite3_step (builder.drop_days);
          sqlite3_reset (builder.drop_days);
          if (rc != SQLITE_DONE)
            {
              pw_store_db_set_error (error, db, rc, _("Could not save the ledger"));
              return FALSE;
            }
          continue;
        }

      /* The week under way: its days that are over. */
      days = spans_of (span[0], span[1], DAY_US);
      for (guint d = 0; d < days->len; d++)
        {
          gint64 *day = &g_array_index (days, gint64, 2 * d);

          if (day[1] > until)
            break;
          if (!build_span (&builder, day[0], day[1], error))
            return FALSE;
        }
      break;
    }
  return TRUE;
}

/* Reading */

/* Adds the roll-up of @start to @end to @rollups; sets *@found to
 * %FALSE when there is none that decodes. */
static gboolean
load_span (sqlite3_stmt *stmt,
           sqlite3      *db,
           gint64        start,
           gint64        end,
           GPtrArray    *rollups,
           gboolean     *found,
           GError      **error)
{
  Rollup *rollup;
  int rc;

  *found = FALSE;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, start / PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  rollup = rollup_decode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rollup == NULL)
    {
      g_debug ("The figures' roll-up from %" G_GINT64_FORMAT " does not decode", start);
      return TRUE;
    }
  g_ptr_array_add (rollups, rollup);
  *found = TRUE;
  return TRUE;
}

/* The roll-ups of the first spans of @start to @end, in order, up to the
 * first span without one: a week's span whole, or else its days. */
static gboolean
load_rollups (sqlite3    *db,
              gint64      start,
              gint64      end,
              GPtrArray  *rollups,
              gint64     *rolled_to,
              GError    **error)
{
  g_autoptr (GArray) spans = spans_of (start, end, PW_FIGURE_CHUNK_US);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  *rolled_to = start;
  stmt = pw_store_db_prepare (db, "SELECT rollup FROM figure_rollups "
                                  "WHERE chunk = ?1 AND start = ?2 AND end = ?3", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < spans->len; i++)
    {
      gint64 *span = &g_array_index (spans, gint64, 2 * i);
      g_autoptr (GArray) days = NULL;
      gboolean found;

      if (!load_span (stmt, db, span[0], span[1], rollups, &found, error))
        return FALSE;
      if (found)
        {
          *rolled_to = span[1];
          continue;
        }

      days = spans_of (span[0], span[1], DAY_US);
      found = TRUE;
      for (guint d = 0; d < days->len && found; d++)
        {
          gint64 *day = &g_array_index (days, gint64, 2 * d);

          if (!load_span (stmt, db, day[0], day[1], rollups, &found, error))
            return FALSE;
          if (found)
            *rolled_to = day[1];
        }
      /* Every day of the week, as when it could not be rolled up whole. */
      if (!found)
        break;
    }
  return TRUE;
}

static void
add_group_sums (PwFiguresRun *run,
                PwSpan       *span,
                PwGroup      *group,
                RollupGroup  *rolled,
                guint         project)
{
  PwFigures *figures = group->figures;
  PwApprovals *approvals;

  for (guint i = 0; i < G_N_ELEMENTS (rolled->times); i++)
    TIME_SUM (figures, i) += rolled->times[i];
  for (guint i = 0; i < G_N_ELEMENTS (rolled->counts); i++)
    COUNT (figures, i) += (guint) rolled->counts[i];
  for (guint m = 0; m < rolled->money->len; m++)
    {
      RollupMoney *money = &g_array_index (rolled->money, RollupMoney, m);
      guint currency = _pw_figures_run_currency (run, money->currency);
      guint index;
      PwEarnings *earnings = _pw_group_earnings (group, run, currency, &index);

      for (guint i = 0; i < G_N_ELEMENTS (money->sums); i++)
        _pw_earnings_add (earnings, &MONEY_SUM (earnings, i), money->sums[i]);
      g_array_index (group->task_counts, guint, index) += (guint) money->task_count;
      /* Pending pay for the projection, by project and currency. */
      if (money->sums[0] != 0)
        {
          gpointer key = GSIZE_TO_POINTER ((((gsize) project) << 16 | currency) + 1);
          gint64 *pending = g_hash_table_lookup (group->pending, key);

          if (pending == NULL)
            {
              pending = g_new0 (gint64, 1);
              g_hash_table_insert (group->pending, key, pending);
            }
          _pw_earnings_add (earnings, pending, money->sums[0]);
        }
    }

  /* The span is a year: its approvals are its reviews. */
  if (span->approvals->len <= project)
    g_array_set_size (span->approvals, project + 1);
  approvals = &g_array_index (span->approvals, PwApprovals, project);
  approvals->n_reviewed += (guint) rolled->counts[2];
  approvals->n_approved += (guint) rolled->counts[3];
}

static void
add_medians (PwSpan      *span,
             PwGroup     *group,
             RollupGroup *rolled)
{
  GArray *extra;

  if (rolled->medians->len == 0)
    return;
  if (span->extra_medians == NULL)
    span->extra_medians = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  while (span->extra_medians->len <= group->index)
    g_ptr_array_add (span->extra_medians, g_array_new (FALSE, FALSE, sizeof (PwMedianCount)));
  extra = span->extra_medians->pdata[group->index];
  g_array_append_vals (extra, rolled->medians->data, rolled->medians->len);
}

typedef struct
{
  guint    account;
  PwGroup *group;
  gint64   us;
} SharedTask;

/* Adds the roll-ups to the run's two spans (one group; by project) before
 * it reads the rest. */
static void
add_rollups (PwFiguresRun *run,
             GPtrArray    *rollups)
{
  PwSpan *whole = run->spans->pdata[0];
  PwSpan *by_project = run->spans->pdata[1];
  PwGroup *all = whole->groups->pdata[0];
  g_autoptr (GHashTable) shared = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         g_free);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  for (guint r = 0; r < rollups->len; r++)
    {
      Rollup *rollup = rollups->pdata[r];
      g_autofree PwGroup **groups = g_new (PwGroup *, rollup->groups->len);
      g_autofree guint *projects = g_new (guint, rollup->groups->len);
      g_autofree guint *accounts = g_new (guint, rollup->groups->len);
      const guint8 *cursor;

      for (guint g = 0; g < rollup->groups->len; g++)
        {
          RollupGroup *rolled = rollup->groups->pdata[g];

          accounts[g] = _pw_figures_run_account (run, rolled->account);
          projects[g] = _pw_figures_run_project (run, accounts[g], rolled->project);
          groups[g] = _pw_figures_run_group_for (run, by_project, 0, accounts[g], projects[g]);
          add_group_sums (run, whole, all, rolled, projects[g]);
          add_group_sums (run, by_project, groups[g], rolled, projects[g]);
          add_medians (whole, all, rolled);
          add_medians (by_project, groups[g], rolled);
        }

      /* Scores, in the order the statement gave them: decoded once. */
      cursor = rollup->scores->data;
      for (guint i = 0; i < rollup->n_scores; i++)
        {
          guint64 group = 0, value = 0;
          double score;

          _pw_pack_get_varint (&cursor, rollup->scores->data + rollup->scores->len, &group);
          _pw_pack_get_varint (&cursor, rollup->scores->data + rollup->scores->len, &value);
          score = g_array_index (rollup->score_values, double, value);
          all->score_sum += score;
          groups[group]->score_sum += score;
        }

      /* A task worked in several spans counts once, in the group it was
       * first worked in, with all its time. */
      for (guint i = 0; i < rollup->shared->len; i++)
        {
          RollupShared *task = &g_array_index (rollup->shared, RollupShared, i);
          SharedTask *known = g_hash_table_lookup (shared, &task->key);

          if (known == NULL)
            {
              known = g_new0 (SharedTask, 1);
              known->account = accounts[task->group];
              known->group = groups[task->group];
              g_hash_table_insert (shared, &task->key, known);
              g_ptr_array_add (order, &task->key);
              if (task->awaiting)
                {
                  guint currency = _pw_figures_run_currency (run, task->currency);
                  PwGroup *each[] = { all, known->group };

                  for (guint k = 0; k < G_N_ELEMENTS (each); k++)
                    {
                      PwEarnings *earnings;
                      guint index;

                      _pw_group_count_task_pay (each[k], run, currency, task->amount);
                      earnings = _pw_group_earnings (each[k], run, currency, &index);
                      _pw_earnings_add (earnings, &earnings->awaiting_micro, task->amount);
                    }
                  /* Counted in both spans: the rows read later add none. */
                  _pw_figures_run_task (run, _pw_figures_run_keyed_task (run, known->account,
                                                                         task->key))
                    ->awaiting_counted = 3;
                }
            }
          known->us += task->us;
        }
      run->magnitude = rollup->magnitude > G_MAXUINT64 - run->magnitude
                       ? G_MAXUINT64 : run->magnitude + rollup->magnitude;
    }

  for (guint i = 0; i < order->len; i++)
    {
      gint64 *key = order->pdata[i];
      SharedTask *known = g_hash_table_lookup (shared, key);
      PwTaskInfo *info = _pw_figures_run_task (run, _pw_figures_run_keyed_task (run,
                                                                                known->account,
                                                                                *key));

      info->median_group[whole->median_slot] = all->index + 1;
      info->median_us[whole->median_slot] += known->us;
      info->median_group[by_project->median_slot] = known->group->index + 1;
      info->median_us[by_project->median_slot] += known->us;
    }
}

static gboolean
rollups_join (GPtrArray *rollups,
              gint64     window_from,
              gint64     window_to,
              guint64   *magnitude)
{
  *magnitude = 0;
  for (guint r = 0; r < rollups->len; r++)
    {
      Rollup *rollup = rollups->pdata[r];

      /* A task's outcome is its last entry in the summary's window: the
       * roll-up took the last of all, the same with all inside. */
      if (rollup->outcomes_from < window_from || rollup->outcomes_to >= window_to)
        {
          g_debug ("Roll-up %u has outcomes outside the span's window", r);
          return FALSE;
        }
      if (r > 0 && !states_equal (&((Rollup *) rollups->pdata[r - 1])->end, &rollup->start))
        {
          g_debug ("Roll-up %u does not join the one before", r);
          return FALSE;
        }
      *magnitude = rollup->magnitude > G_MAXUINT64 - *magnitude ? G_MAXUINT64
                                                                 : *magnitude + rollup->magnitude;
    }
  return *magnitude < SAFE_MAGNITUDE;
}

gboolean
_pw_figure_rollups_compute (sqlite3       *db,
                            GTimeZone     *tz,
                            gint64         start,
                            gint64         end,
                            gboolean      *rolled,
                            PwFigures    **figures,
                            GPtrArray    **projects,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr (GPtrArray) rollups = g_ptr_array_new_with_free_func ((GDestroyNotify) rollup_free);
  g_autoptr (PwFiguresRun) run = NULL;
  RollupState state = { 0, };
  gint64 rolled_to, window_from = start - PW_FIGURES_LEDGER_BEFORE_US;
  gint64 window_to = end + PW_FIGURES_LEDGER_AFTER_US;
  guint64 magnitude;
  guint whole, by_project;
  gboolean same;

  *rolled = FALSE;
  /* A span shorter than the approval window counts approvals before it,
   * which no roll-up of it holds. */
  if (end - start < PW_FIGURES_APPROVAL_SPAN_US)
    return TRUE;
  if (!load_rollups (db, start, end, rollups, &rolled_to, error))
    return FALSE;
  if (rollups->len == 0 || !rollups_join (rollups, window_from, window_to, &magnitude))
    {
      g_debug ("The year is read from the rows (%u roll-ups)", rollups->len);
      return TRUE;
    }

  run = _pw_figures_run_new (tz);
  run->keyed = TRUE;
  run->has_window = TRUE;
  run->window_from = window_from;
  run->window_to = window_to;
  whole = _pw_figures_run_add_span (run, rolled_to, end, PW_GROUP_NONE, PW_SPAN_MEDIANS);
  by_project = _pw_figures_run_add_span (run, rolled_to, end, PW_GROUP_PROJECT, PW_SPAN_MEDIANS);
  _pw_figures_run_set_approval_start (run, whole, rolled_to);
  _pw_figures_run_set_approval_start (run, by_project, rolled_to);
  add_rollups (run, rollups);
  /* The approvals of each project count toward the worker's own. */
  for (guint s = 0; s < 2; s++)
    {
      PwSpan *span = run->spans->pdata[s];

      for (guint p = 0; p < span->approvals->len; p++)
        {
          span->overall.n_reviewed += g_array_index (span->approvals, PwApprovals, p).n_reviewed;
          span->overall.n_approved += g_array_index (span->approvals, PwApprovals, p).n_approved;
        }
    }
  if (!_pw_figures_run_execute (run, db, cancellable, error))
    return FALSE;

  /* The rows read must go on from the sessions where the roll-ups end. */
  state_from_run (&state, run, &run->counted_state, rolled_to);
  same = states_equal (&state, &((Rollup *) rollups->pdata[rollups->len - 1])->end);
  g_free (state.account);
  g_free (state.task);
  if (!same || run->magnitude >= SAFE_MAGNITUDE)
    {
      g_debug ("The rows after the roll-ups do not join them, or the sums are too large");
      return TRUE;
    }

  *figures = _pw_figures_run_single_result (run, whole);
  (*figures)->start = start;
  *projects = _pw_figures_run_result (run, by_project);
  for (guint i = 0; i < (*projects)->len; i++)
    ((PwFigures *) (*projects)->pdata[i])->start = start;
  *rolled = TRUE;
  return TRUE;
}
