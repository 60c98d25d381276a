/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-figure-packs-private.h"
#include "pw-figure-rollup-blob-private.h"

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

void
_pw_rollup_group_free (gpointer data)
{
  PwRollupGroup *group = data;

  g_free (group->account);
  g_free (group->project);
  for (guint i = 0; i < group->money->len; i++)
    g_free (g_array_index (group->money, PwRollupMoney, i).currency);
  g_array_unref (group->money);
  g_array_unref (group->medians);
  g_free (group);
}

PwRollupGroup *
_pw_rollup_group_new (void)
{
  PwRollupGroup *group = g_new0 (PwRollupGroup, 1);

  group->money = g_array_new (FALSE, TRUE, sizeof (PwRollupMoney));
  group->medians = g_array_new (FALSE, FALSE, sizeof (PwMedianCount));
  return group;
}

PwRollup *
_pw_rollup_new (void)
{
  PwRollup *rollup = g_new0 (PwRollup, 1);

  rollup->groups = g_ptr_array_new_with_free_func (_pw_rollup_group_free);
  rollup->score_values = g_array_new (FALSE, FALSE, sizeof (double));
  rollup->scores = g_byte_array_new ();
  rollup->shared = g_array_new (FALSE, TRUE, sizeof (PwRollupShared));
  return rollup;
}

void
_pw_rollup_free (PwRollup *rollup)
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
    g_free (g_array_index (rollup->shared, PwRollupShared, i).currency);
  g_array_unref (rollup->shared);
  g_free (rollup);
}

/* The spans of @start to @end, cut where pieces of @length start: weeks
 * (PW_FIGURE_CHUNK_US), or the days of a week (DAY_US). */
GArray *
_pw_rollup_spans_of (gint64 start,
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
void
_pw_rollup_state_from_run (PwRollupState        *state,
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

gboolean
_pw_rollup_states_equal (const PwRollupState *a,
                         const PwRollupState *b)
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
put_state (GByteArray          *out,
           const PwRollupState *state)
{
  _pw_pack_put_signed (out, state->session_end);
  _pw_pack_put_varint (out, state->is_task);
  put_string (out, state->account);
  _pw_pack_put_signed (out, state->task_key);
  put_string (out, state->task);
}

GByteArray *
_pw_rollup_encode (const PwRollup *rollup)
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
      PwRollupGroup *group = rollup->groups->pdata[g];
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
          PwRollupMoney *money = &g_array_index (group->money, PwRollupMoney, m);

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
      PwRollupShared *shared = &g_array_index (rollup->shared, PwRollupShared, i);

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
get_state (Reader        *reader,
           PwRollupState *state)
{
  state->session_end = get_signed (reader);
  state->is_task = get_varint (reader) != 0;
  state->account = get_string (reader);
  state->task_key = get_signed (reader);
  state->task = get_string (reader);
}

PwRollup *
_pw_rollup_decode (const guint8 *data,
                   gsize         size)
{
  g_autoptr (PwRollup) rollup = _pw_rollup_new ();
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
      PwRollupGroup *group = _pw_rollup_group_new ();
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
          PwRollupMoney money = { get_string (&reader), { 0, }, 0 };

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
      PwRollupShared shared = { 0, };

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
