/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"
#include "pw-figures-test.h"

/* The activity clock against a clock the test moves by hand. T is 09:00
 * on the fixtures' day; the idle threshold is the default, 180 s. */

#define T pw_test_at (0, 9, 0, 0)
#define S(seconds) ((gint64) (seconds) * G_USEC_PER_SEC)

typedef struct
{
  PwStore         *store;
  PwActivityClock *clock;
  gint64           now;
  GArray          *idle_ended;
} Fixture;

static gint64
test_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
on_idle_ended (PwActivityClock *clock,
               gint64           start,
               gint64           end,
               Fixture         *fixture)
{
  g_array_append_val (fixture->idle_ended, start);
  g_array_append_val (fixture->idle_ended, end);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = pw_store_test_open_new ("clock");
  fixture->clock = pw_activity_clock_new (fixture->store);
  fixture->now = T;
  fixture->idle_ended = g_array_new (FALSE, FALSE, sizeof (gint64));
  pw_activity_clock_set_clock (fixture->clock, test_clock, fixture);
  g_signal_connect (fixture->clock, "idle-ended", G_CALLBACK (on_idle_ended), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->clock), (gpointer *) &fixture->clock);
  g_object_unref (fixture->clock);
  g_assert_null (fixture->clock);
  g_array_unref (fixture->idle_ended);
  pw_store_test_close (&fixture->store);
}

static void
at (Fixture *fixture,
    int      seconds)
{
  fixture->now = T + S (seconds);
}

static GPtrArray *
list_entries (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = pw_store_list_time_entries (fixture->store, T - S (3600), T + S (36000),
                                                   &error);

  g_assert_no_error (error);
  return entries;
}

static void
assert_entry (GPtrArray  *entries,
              guint       index,
              PwTimeKind  kind,
              int         start,
              int         end)
{
  PwTimeEntry *entry;

  g_assert_cmpuint (index, <, entries->len);
  entry = entries->pdata[index];
  g_assert_cmpint (entry->kind, ==, kind);
  g_assert_cmpstr (entry->account_id, ==, "a-1");
  g_assert_cmpstr (entry->task_id, ==, "t1");
  g_assert_cmpstr (entry->project_id, ==, "p-cars");
  g_assert_true (entry->paid);
  g_assert_cmpint (entry->started_at, ==, T + S (start));
  g_assert_cmpint (entry->ended_at, ==, T + S (end));
}

/* Input keeps the clock running; a checkpoint writes the open interval and
 * the next one extends the same row. */
static void
test_checkpoints (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) second = NULL;
  g_autoptr (GPtrArray) third = NULL;

  pw_activity_clock_begin_task (fixture->clock, "a-1", "t1", "p-cars");
  g_assert_cmpstr (pw_activity_clock_get_task_id (fixture->clock), ==, "t1");
  at (fixture, 10);
  pw_activity_clock_input (fixture->clock);
  at (fixture, 50);
  pw_activity_clock_input (fixture->clock);

  /* 60 s in, 10 s after the last input: all of it is active. */
  at (fixture, 60);
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 60);
  pw_activity_clock_checkpoint (fixture->clock);
  first = list_entries (fixture);
  g_assert_cmpuint (first->len, ==, 1);
  assert_entry (first, 0, PW_TIME_TASK, 0, 60);

  /* 120 s in, still within 180 s of the last input at 50. */
  at (fixture, 120);
  pw_activity_clock_checkpoint (fixture->clock);
  second = list_entries (fixture);
  g_assert_cmpuint (second->len, ==, 1);
  assert_entry (second, 0, PW_TIME_TASK, 0, 120);

  /* 300 s in, 250 s after the last input: idle since 50, so the interval
   * is cut back to 50, and a crash now would lose nothing counted. */
  at (fixture, 300);
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 50);
  pw_activity_clock_checkpoint (fixture->clock);
  third = list_entries (fixture);
  g_assert_cmpuint (third->len, ==, 1);
  assert_entry (third, 0, PW_TIME_TASK, 0, 50);
  g_assert_cmpuint (fixture->idle_ended->len, ==, 0);
}

/* Back after idling: the clock asks, and a yes records the span as idle
 * work; the task's active seconds count it. */
static void
test_idle_was_work (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = NULL;

  pw_activity_clock_begin_task (fixture->clock, "a-1", "t1", "p-cars");
  at (fixture, 50);
  pw_activity_clock_input (fixture->clock);
  /* 350 s without input: back at 400. */
  at (fixture, 400);
  pw_activity_clock_input (fixture->clock);
  g_assert_cmpuint (fixture->idle_ended->len, ==, 2);
  g_assert_cmpint (g_array_index (fixture->idle_ended, gint64, 0), ==, T + S (50));
  g_assert_cmpint (g_array_index (fixture->idle_ended, gint64, 1), ==, T + S (400));
  g_assert_true (pw_activity_clock_get_idle_pending (fixture->clock));
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 50);

  pw_activity_clock_resolve_idle (fixture->clock, TRUE);
  g_assert_false (pw_activity_clock_get_idle_pending (fixture->clock));
  /* 50 + 350 idle that was work. */
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 400);

  at (fixture, 460);
  pw_activity_clock_end_task (fixture->clock);
  g_assert_null (pw_activity_clock_get_task_id (fixture->clock));
  /* 400 + 60 after coming back, and it stays after the task ended. */
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 460);

  entries = list_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 3);
  assert_entry (entries, 0, PW_TIME_TASK, 0, 50);
  assert_entry (entries, 1, PW_TIME_IDLE, 50, 400);
  assert_entry (entries, 2, PW_TIME_TASK, 400, 460);
}

/* A no records nothing for the span: the time is neither work nor a gap
 * between tasks. */
static void
test_idle_was_no_work (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = NULL;

  pw_activity_clock_begin_task (fixture->clock, "a-1", "t1", "p-cars");
  at (fixture, 30);
  pw_activity_clock_input (fixture->clock);
  at (fixture, 600);
  pw_activity_clock_input (fixture->clock);
  pw_activity_clock_resolve_idle (fixture->clock, FALSE);
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 30);
  at (fixture, 620);
  pw_activity_clock_end_task (fixture->clock);

  entries = list_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 2);
  assert_entry (entries, 0, PW_TIME_TASK, 0, 30);
  assert_entry (entries, 1, PW_TIME_TASK, 600, 620);
}

/* A threshold set lower makes a shorter pause idle. */
static void
test_threshold (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = NULL;

  g_object_set (fixture->clock, "idle-threshold", 30, NULL);
  g_assert_cmpuint (pw_activity_clock_get_idle_threshold (fixture->clock), ==, 30);

  pw_activity_clock_begin_task (fixture->clock, "a-1", "t1", "p-cars");
  at (fixture, 20);
  pw_activity_clock_input (fixture->clock);
  at (fixture, 45);
  pw_activity_clock_input (fixture->clock);
  g_assert_cmpuint (fixture->idle_ended->len, ==, 0);
  at (fixture, 80);
  pw_activity_clock_input (fixture->clock);
  g_assert_cmpuint (fixture->idle_ended->len, ==, 2);
  g_assert_cmpint (g_array_index (fixture->idle_ended, gint64, 0), ==, T + S (45));
  pw_activity_clock_end_task (fixture->clock);
  /* An answer after the task ended still records the span. */
  pw_activity_clock_resolve_idle (fixture->clock, TRUE);

  entries = list_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 2);
  assert_entry (entries, 0, PW_TIME_TASK, 0, 45);
  assert_entry (entries, 1, PW_TIME_IDLE, 45, 80);
}

/* Leaving the window is the last input: a short look away counts, a long
 * one is asked about. */
static void
test_focus (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = NULL;

  pw_activity_clock_begin_task (fixture->clock, "a-1", "t1", "p-cars");
  at (fixture, 10);
  pw_activity_clock_set_focused (fixture->clock, FALSE);
  g_assert_false (pw_activity_clock_get_focused (fixture->clock));
  at (fixture, 100);
  pw_activity_clock_set_focused (fixture->clock, TRUE);
  g_assert_cmpuint (fixture->idle_ended->len, ==, 0);
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 100);

  at (fixture, 110);
  pw_activity_clock_set_focused (fixture->clock, FALSE);
  at (fixture, 500);
  pw_activity_clock_set_focused (fixture->clock, TRUE);
  g_assert_cmpuint (fixture->idle_ended->len, ==, 2);
  g_assert_cmpint (g_array_index (fixture->idle_ended, gint64, 0), ==, T + S (110));
  g_assert_cmpint (g_array_index (fixture->idle_ended, gint64, 1), ==, T + S (500));
  pw_activity_clock_resolve_idle (fixture->clock, FALSE);
  at (fixture, 510);
  pw_activity_clock_end_task (fixture->clock);

  entries = list_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 2);
  assert_entry (entries, 0, PW_TIME_TASK, 0, 110);
  assert_entry (entries, 1, PW_TIME_TASK, 500, 510);
}

/* Beginning another task ends the first; dropping the clock ends the
 * second. */
static void
test_next_task (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GPtrArray) entries = NULL;
  PwTimeEntry *second;

  pw_activity_clock_begin_task (fixture->clock, "a-1", "t1", "p-cars");
  at (fixture, 40);
  pw_activity_clock_begin_task (fixture->clock, "a-1", "t2", "p-cars");
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 0);
  at (fixture, 70);
  g_assert_cmpfloat (pw_activity_clock_get_active_seconds (fixture->clock), ==, 30);
  g_clear_object (&fixture->clock);

  entries = list_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 2);
  assert_entry (entries, 0, PW_TIME_TASK, 0, 40);
  second = entries->pdata[1];
  g_assert_cmpstr (second->task_id, ==, "t2");
  g_assert_cmpint (second->started_at, ==, T + S (40));
  g_assert_cmpint (second->ended_at, ==, T + S (70));

  fixture->clock = pw_activity_clock_new (fixture->store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/activity-clock/checkpoints", Fixture, NULL, fixture_set_up, test_checkpoints,
              fixture_tear_down);
  g_test_add ("/activity-clock/idle-was-work", Fixture, NULL, fixture_set_up, test_idle_was_work,
              fixture_tear_down);
  g_test_add ("/activity-clock/idle-was-no-work", Fixture, NULL, fixture_set_up,
              test_idle_was_no_work, fixture_tear_down);
  g_test_add ("/activity-clock/threshold", Fixture, NULL, fixture_set_up, test_threshold,
              fixture_tear_down);
  g_test_add ("/activity-clock/focus", Fixture, NULL, fixture_set_up, test_focus,
              fixture_tear_down);
  g_test_add ("/activity-clock/next-task", Fixture, NULL, fixture_set_up, test_next_task,
              fixture_tear_down);

  return g_test_run ();
}
