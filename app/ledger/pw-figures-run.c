/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "market/pw-money.h"
#include "pw-figures-run-private.h"

/* The figures of several spans in one pass: the statement is read once, in
 * order of time, and so is the time log; each row goes to every span that
 * holds it (pw-figures-read.c). This file keeps the spans, their groups,
 * and the numbering of names that lets a row find its group without
 * hashing a string per span. */

/* Time entries before a span are read this far back, so a session that
 * began before the span is known as one. */
#define SESSION_LOOKBACK_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

/* Key tables: open addressing on a 32-bit hash, keys kept in order of
 * their first insertion, so a key's number is its place. */

#define EMPTY_SLOT G_MAXUINT32

static guint32
hash_key (guint32     tag,
          const char *text)
{
  guint32 hash = 2166136261u ^ tag;

  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    hash = (hash ^ *p) * 16777619u;
  return hash ^ (hash >> 15);
}

static PwKeySlot *
new_slots (guint size)
{
  PwKeySlot *slots = g_new (PwKeySlot, size);

  for (guint i = 0; i < size; i++)
    slots[i].number = EMPTY_SLOT;
  return slots;
}

void
_pw_key_table_init (PwKeyTable   *table,
                    GStringChunk *strings)
{
  table->keys = g_array_new (FALSE, FALSE, sizeof (PwKey));
  table->mask = 15;
  table->n_slotted = 0;
  table->slots = new_slots (table->mask + 1);
  table->strings = strings;
}

void
_pw_key_table_clear (PwKeyTable *table)
{
  g_clear_pointer (&table->keys, g_array_unref);
  g_clear_pointer (&table->slots, g_free);
}

/* The slot of the key, or the empty slot where it would go. A slot holds
 * the hash next to the number, so most probes touch one cache line. */
static guint
find_slot (PwKeyTable *table,
           guint32     hash,
           guint32     tag,
           const char *text)
{
  guint slot = hash & table->mask;

  while (table->slots[slot].number != EMPTY_SLOT)
    {
      if (table->slots[slot].hash == hash)
        {
          PwKey *key = &g_array_index (table->keys, PwKey, table->slots[slot].number);

          if (key->tag == tag && strcmp (key->text, text) == 0)
            return slot;
        }
      slot = (slot + 1) & table->mask;
    }
  return slot;
}

static void
grow (PwKeyTable *table)
{
  guint size = (table->mask + 1) * 2;
  PwKeySlot *slots = new_slots (size);

  for (guint i = 0; i <= table->mask; i++)
    {
      guint slot;

      if (table->slots[i].number == EMPTY_SLOT)
        continue;
      for (slot = table->slots[i].hash & (size - 1); slots[slot].number != EMPTY_SLOT;
           slot = (slot + 1) & (size - 1))
        ;
      slots[slot] = table->slots[i];
    }
  g_free (table->slots);
  table->slots = slots;
  table->mask = size - 1;
}

/* Returns: the key's number, made when new */
guint
_pw_key_table_intern (PwKeyTable *table,
                      guint32     tag,
                      const char *text,
                      gboolean   *made)
{
  guint32 hash = hash_key (tag, text);
  guint slot = find_slot (table, hash, tag, text);
  PwKey key;

  if (table->slots[slot].number != EMPTY_SLOT)
    {
      *made = FALSE;
      return table->slots[slot].number;
    }

  key.tag = tag;
  key.text = g_string_chunk_insert (table->strings, text);
  g_array_append_val (table->keys, key);
  table->slots[slot].number = table->keys->len - 1;
  table->slots[slot].hash = hash;
  /* At most half full, so probes stay short. Keys without a slot (tasks
   * known by their keys) do not count: with a year of them, the first
   * task known by its id would grow the slots to millions. */
  if (++table->n_slotted * 2 > table->mask)
    grow (table);
  *made = TRUE;
  return table->keys->len - 1;
}

/* Names */

guint
_pw_figures_run_account (PwFiguresRun *run,
                         const char   *account_id)
{
  gboolean made;

  return _pw_key_table_intern (&run->accounts, 0, account_id != NULL ? account_id : "", &made);
}

guint
_pw_figures_run_project (PwFiguresRun *run,
                         guint         account,
                         const char   *project_id)
{
  gboolean made;
  guint project = _pw_key_table_intern (&run->projects, account,
                                        project_id != NULL ? project_id : "", &made);

  if (made)
    g_array_append_val (run->project_account, account);
  return project;
}

guint
_pw_figures_run_currency (PwFiguresRun *run,
                          const char   *currency)
{
  gboolean made;

  return _pw_key_table_intern (&run->currencies, 0, currency, &made);
}

PwTaskInfo *
_pw_figures_run_task (PwFiguresRun *run,
                      guint         index)
{
  return &g_array_index (run->task_infos, PwTaskInfo, index);
}

guint
_pw_figures_run_ensure_task (PwFiguresRun *run,
                             guint         account,
                             const char   *task_id)
{
  gboolean made;
  guint index = _pw_key_table_intern (&run->tasks, account, task_id, &made);

  if (made)
    {
      g_array_set_size (run->task_infos, index + 1);
      _pw_figures_run_task (run, index)->account = account;
    }
  return index;
}

/* Makes room for @n more tasks, when none is known yet. */
void
_pw_figures_run_reserve_tasks (PwFiguresRun *run,
                               guint         n)
{
  if (run->task_infos->len > 0 || run->tasks.keys->len > 0 || n == 0)
    return;
  g_array_unref (run->task_infos);
  run->task_infos = g_array_sized_new (FALSE, TRUE, sizeof (PwTaskInfo), n);
  g_array_unref (run->tasks.keys);
  run->tasks.keys = g_array_sized_new (FALSE, FALSE, sizeof (PwKey), n);
}

/* A task known by its key in task_keys: no id to hash. Keys are handed
 * out in order of time, so a span's tasks have keys close together: they
 * index pages of numbers directly, met in order. A keyed task's PwKey is
 * never written nor read, and stays out of the table's slots. */
#define KEY_PAGE_BITS 12
#define KEY_PAGE_SIZE (1 << KEY_PAGE_BITS)

guint
_pw_figures_run_keyed_task (PwFiguresRun *run,
                            guint         account,
                            gint64        key)
{
  guint64 page_index = (guint64) key >> KEY_PAGE_BITS;
  guint32 *page;
  guint index;

  g_return_val_if_fail (key > 0, 0);

  if (page_index >= run->key_pages->len)
    g_ptr_array_set_size (run->key_pages, page_index + 1);
  page = g_ptr_array_index (run->key_pages, page_index);
  if (page == NULL)
    page = run->key_pages->pdata[page_index] = g_new0 (guint32, KEY_PAGE_SIZE);
  /* Numbers are kept + 1, so 0 is none. */
  if (page[key & (KEY_PAGE_SIZE - 1)] != 0)
    return page[key & (KEY_PAGE_SIZE - 1)] - 1;

  /* The tasks' table keeps the numbers in step, with nothing written in
   * its entry: a keyed task is known by its PwTaskInfo. */
  index = run->tasks.keys->len;
  g_array_set_size (run->tasks.keys, index + 1);
  g_array_set_size (run->task_infos, index + 1);
  _pw_figures_run_task (run, index)->key = key;
  _pw_figures_run_task (run, index)->account = account;
  page[key & (KEY_PAGE_SIZE - 1)] = index + 1;
  return index;
}

/* Groups */

static void
group_free (gpointer data)
{
  PwGroup *group = data;

  pw_figures_unref (group->figures);
  g_array_unref (group->earnings_of);
  g_array_unref (group->task_counts);
  g_hash_table_unref (group->pending);
  g_free (group);
}

static PwGroup *
add_group (PwSpan     *span,
           const char *key,
           gint64      start,
           gint64      end)
{
  PwGroup *group = g_new0 (PwGroup, 1);

  group->figures = _pw_figures_new (span->grouping, key, start, end);
  group->earnings_of = g_array_new (FALSE, FALSE, sizeof (int));
  group->task_counts = g_array_new (FALSE, TRUE, sizeof (guint));
  group->pending = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  group->index = span->groups->len;
  g_ptr_array_add (span->groups, group);
  return group;
}

/* Returns: (transfer none): the earnings of @group in the currency
 *   numbered @currency, made when missing; @index is set to its place */
PwEarnings *
_pw_group_earnings (PwGroup      *group,
                    PwFiguresRun *run,
                    guint         currency,
                    guint        *index)
{
  int *place;

  while (group->earnings_of->len <= currency)
    {
      int none = -1;

      g_array_append_val (group->earnings_of, none);
    }
  place = &g_array_index (group->earnings_of, int, currency);
  if (*place < 0)
    {
      PwKey *key = &g_array_index (run->currencies.keys, PwKey, currency);

      _pw_figures_ensure_earnings (group->figures, key->text);
      *place = group->figures->earnings->len - 1;
      g_array_set_size (group->task_counts, group->figures->earnings->len);
    }
  *index = *place;
  return &g_array_index (group->figures->earnings, PwEarnings, *place);
}

/* Adds @micro to @sum, one of @earnings' amounts: a sum that passes what
 * 64 bits hold marks the currency's figures too large instead of
 * wrapping around. */
void
_pw_earnings_add (PwEarnings *earnings,
                  gint64     *sum,
                  gint64      micro)
{
  if (!pw_money_add_micro (sum, micro))
    earnings->too_large = TRUE;
}

void
_pw_group_count_task_pay (PwGroup      *group,
                          PwFiguresRun *run,
                          guint         currency,
                          gint64        amount)
{
  guint index;
  PwEarnings *earnings = _pw_group_earnings (group, run, currency, &index);

  _pw_earnings_add (earnings, &earnings->task_pay_micro, amount);
  g_array_index (group->task_counts, guint, index)++;
  group->figures->n_tasks_done++;
}

/* Returns: (nullable): the group of @span a row at @at of @account and
 *   @project goes to */
PwGroup *
_pw_figures_run_group_for (PwFiguresRun *run,
                           PwSpan       *span,
                           gint64        at,
                           guint         account,
                           guint         project)
{
  guint key_number;
  guint *group_index;
  PwGroup *group;

  switch (span->grouping)
    {
    case PW_GROUP_NONE:
      return span->groups->pdata[0];

    case PW_GROUP_PROJECT:
    case PW_GROUP_ACCOUNT:
      key_number = span->grouping == PW_GROUP_PROJECT ? project : account;
      if (span->group_of->len <= key_number)
        g_array_set_size (span->group_of, key_number + 1);
      group_index = &g_array_index (span->group_of, guint, key_number);
      if (*group_index == 0)
        {
          PwKey *account_key = &g_array_index (run->accounts.keys, PwKey, account);
          const char *account_id = *account_key->text != '\0' ? account_key->text : NULL;
          const char *project_id = NULL;
          const char *id;

          if (span->grouping == PW_GROUP_PROJECT)
            {
              PwKey *project_key = &g_array_index (run->projects.keys, PwKey, project);

              project_id = *project_key->text != '\0' ? project_key->text : NULL;
            }
          id = span->grouping == PW_GROUP_PROJECT ? project_id : account_id;

          group = add_group (span, id != NULL ? id : "", span->start, span->end);
          group->figures->account_id = g_strdup (account_id);
          if (span->grouping == PW_GROUP_PROJECT)
            group->figures->project_id = g_strdup (project_id);
          *group_index = span->groups->len;
        }
      return span->groups->pdata[*group_index - 1];

    case PW_GROUP_DAY:
    case PW_GROUP_WEEK:
    case PW_GROUP_MONTH:
    case PW_GROUP_YEAR:
    default:
      /* Rows come in order of time, so the cursor only moves on; it goes
       * back to the first bucket for each pass. */
      while (span->cursor < span->buckets->len &&
             at >= g_array_index (span->buckets, PwBucket, span->cursor).end)
        span->cursor++;
      if (span->cursor >= span->buckets->len)
        return NULL;
      return span->groups->pdata[span->cursor];
    }
}

/* The run */

static void
span_free (gpointer data)
{
  PwSpan *span = data;

  g_clear_pointer (&span->buckets, g_array_unref);
  g_ptr_array_unref (span->groups);
  g_clear_pointer (&span->group_of, g_array_unref);
  g_array_unref (span->approvals);
  g_clear_pointer (&span->extra_medians, g_ptr_array_unref);
  g_free (span);
}

PwFiguresRun *
_pw_figures_run_new (GTimeZone *tz)
{
  PwFiguresRun *run = g_new0 (PwFiguresRun, 1);

  run->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  run->spans = g_ptr_array_new_with_free_func (span_free);
  run->strings = g_string_chunk_new (64 * 1024);
  _pw_key_table_init (&run->accounts, run->strings);
  _pw_key_table_init (&run->projects, run->strings);
  _pw_key_table_init (&run->currencies, run->strings);
  _pw_key_table_init (&run->tasks, run->strings);
  run->task_infos = g_array_new (FALSE, TRUE, sizeof (PwTaskInfo));
  run->project_account = g_array_new (FALSE, FALSE, sizeof (guint));
  run->median_values = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->key_pages = g_ptr_array_new_with_free_func (g_free);
  run->outcomes_from = G_MAXINT64;
  run->outcomes_to = G_MININT64;
  return run;
}

void
_pw_figures_run_free (PwFiguresRun *run)
{
  if (run == NULL)
    return;

  g_time_zone_unref (run->tz);
  g_ptr_array_unref (run->spans);
  _pw_key_table_clear (&run->accounts);
  _pw_key_table_clear (&run->projects);
  _pw_key_table_clear (&run->currencies);
  _pw_key_table_clear (&run->tasks);
  g_string_chunk_free (run->strings);
  g_array_unref (run->task_infos);
  g_array_unref (run->project_account);
  g_array_unref (run->median_values);
  g_clear_pointer (&run->probe_entry, sqlite3_finalize);
  g_clear_pointer (&run->probe_task, sqlite3_finalize);
  g_clear_pointer (&run->probe_key, sqlite3_finalize);
  g_clear_pointer (&run->look_up, sqlite3_finalize);
  g_ptr_array_unref (run->key_pages);
  _pw_session_state_clear (&run->counted_state);
  _pw_session_state_clear (&run->end_state);
  g_clear_pointer (&run->score_marks, g_array_unref);
  g_free (run);
}

/* Returns: the index of the span for _pw_figures_run_result() */
guint
_pw_figures_run_add_span (PwFiguresRun *run,
                          gint64        start,
                          gint64        end,
                          PwGrouping    grouping,
                          PwSpanFlags   flags)
{
  PwSpan *span = g_new0 (PwSpan, 1);

  /* A span's bit marks the tasks counted as awaiting in it. */
  g_return_val_if_fail (run->spans->len < 64, 0);

  span->start = start;
  span->end = MAX (start, end);
  span->approval_start = MIN (start, span->end - PW_FIGURES_APPROVAL_SPAN_US);
  span->grouping = grouping;
  span->flags = flags;
  span->median_slot = -1;
  if ((flags & PW_SPAN_MEDIANS) && !(flags & PW_SPAN_TOTALS_ONLY))
    {
      g_return_val_if_fail (run->n_medians < PW_MEDIAN_SLOTS, 0);
      span->median_slot = run->n_medians++;
    }
  span->groups = g_ptr_array_new_with_free_func (group_free);
  span->approvals = g_array_new (FALSE, TRUE, sizeof (PwApprovals));

  if (_pw_grouping_is_by_time (grouping))
    {
      span->buckets = _pw_period_buckets (span->start, span->end, grouping, run->tz);
      for (guint i = 0; i < span->buckets->len; i++)
        {
          PwBucket *bucket = &g_array_index (span->buckets, PwBucket, i);

          add_group (span, bucket->key, bucket->start, bucket->end);
        }
    }
  else if (grouping == PW_GROUP_NONE)
    add_group (span, "", span->start, span->end);
  else
    span->group_of = g_array_new (FALSE, TRUE, sizeof (guint));

  g_ptr_array_add (run->spans, span);
  return run->spans->len - 1;
}

/* Counts approvals from @start on instead: a span that continues one
 * whose approvals are already counted. */
void
_pw_figures_run_set_approval_start (PwFiguresRun *run,
                                    guint         span_index,
                                    gint64        start)
{
  PwSpan *span;

  g_return_if_fail (span_index < run->spans->len);
  span = run->spans->pdata[span_index];
  span->approval_start = start;
}

void
_pw_session_state_clear (PwSessionState *state)
{
  g_clear_pointer (&state->task, g_free);
}

gboolean
_pw_figures_run_execute (PwFiguresRun *run,
                         sqlite3      *db,
                         GCancellable *cancellable,
                         GError      **error)
{
  gint64 first = G_MAXINT64, last = G_MININT64;
  gint64 statement_from = G_MAXINT64, classify_from = G_MAXINT64;
  gint64 started, read;

  g_return_val_if_fail (run->spans->len > 0, FALSE);

  for (guint i = 0; i < run->spans->len; i++)
    {
      PwSpan *span = run->spans->pdata[i];

      first = MIN (first, span->start);
      last = MAX (last, span->end);
      if (span->flags & PW_SPAN_TOTALS_ONLY)
        statement_from = MIN (statement_from, span->start);
      else
        {
          classify_from = MIN (classify_from, span->start - PW_FIGURES_LEDGER_BEFORE_US);
          statement_from = MIN (statement_from, MIN (classify_from, span->approval_start));
        }
    }

  started = g_get_monotonic_time ();
  if (!_pw_figures_read (run, db, statement_from, classify_from, last + PW_FIGURES_LEDGER_AFTER_US,
                         first - SESSION_LOOKBACK_US, first, last, cancellable, error))
    return FALSE;
  read = g_get_monotonic_time ();

  for (guint i = 0; i < run->spans->len && !run->sums_only; i++)
    _pw_figures_finish_span (run, run->spans->pdata[i], db);
  g_debug ("Figures of %u spans: read in %.1f ms, the rest %.1f ms; %u tasks",
           run->spans->len, (read - started) / 1000.0, (g_get_monotonic_time () - read) / 1000.0,
           run->task_infos->len);
  return TRUE;
}

/* Returns: (transfer full) (element-type PwFigures): the figures of a span,
 *   one per group */
GPtrArray *
_pw_figures_run_result (PwFiguresRun *run,
                        guint         span_index)
{
  PwSpan *span;
  GPtrArray *result;

  g_return_val_if_fail (span_index < run->spans->len, NULL);

  span = run->spans->pdata[span_index];
  result = g_ptr_array_new_full (span->groups->len, (GDestroyNotify) pw_figures_unref);
  for (guint i = 0; i < span->groups->len; i++)
    g_ptr_array_add (result, pw_figures_ref (((PwGroup *) span->groups->pdata[i])->figures));
  return result;
}

/* Returns: (transfer full): the figures of a span not split into groups */
PwFigures *
_pw_figures_run_single_result (PwFiguresRun *run,
                               guint         span_index)
{
  PwSpan *span;

  g_return_val_if_fail (span_index < run->spans->len, NULL);

  span = run->spans->pdata[span_index];
  g_return_val_if_fail (span->groups->len == 1, NULL);
  return pw_figures_ref (((PwGroup *) span->groups->pdata[0])->figures);
}
