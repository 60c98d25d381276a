/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"
#include "pw-figures-test.h"

/* The time log of the store: entries made by hand, measured intervals, and
 * reads by period. */

#define S(seconds) ((gint64) (seconds) * G_USEC_PER_SEC)

static GPtrArray *
list_day (PwStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = pw_store_list_time_entries (store, pw_test_at (0, 0, 0, 0),
                                                   pw_test_at (1, 0, 0, 0), &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static void
test_manual_entries (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autoptr (PwTimeEntry) guidelines = NULL;
  g_autoptr (PwTimeEntry) edited = NULL;
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GPtrArray) updated = NULL;
  g_autoptr (GPtrArray) deleted = NULL;
  PwTimeEntry *entry;

  /* An hour on guidelines outside the app, unpaid, and a paid call. */
  guidelines = pw_time_entry_new (PW_TIME_MANUAL, pw_test_at (0, 8, 0, 0), pw_test_at (0, 9, 0, 0));
  guidelines->paid = FALSE;
  guidelines->note = g_strdup ("Read the new guidelines");
  guidelines->account_id = g_strdup ("a-1");
  pw_store_add_time_entry (store, guidelines);
  {
    g_autoptr (PwTimeEntry) call = pw_time_entry_new (PW_TIME_MANUAL, pw_test_at (0, 14, 0, 0),
                                                      pw_test_at (0, 14, 30, 0));

    pw_store_add_time_entry (store, call);
  }

  added = list_day (store);
  g_assert_cmpuint (added->len, ==, 2);
  entry = added->pdata[0];
  g_assert_cmpint (entry->id, >, 0);
  g_assert_cmpint (entry->kind, ==, PW_TIME_MANUAL);
  g_assert_false (entry->paid);
  g_assert_cmpstr (entry->note, ==, "Read the new guidelines");
  g_assert_cmpstr (entry->account_id, ==, "a-1");
  g_assert_null (entry->task_id);
  g_assert_cmpint (entry->ended_at - entry->started_at, ==, S (3600));
  g_assert_cmpint (entry->updated_at, >, 0);
  g_assert_true (((PwTimeEntry *) added->pdata[1])->paid);

  /* The worker decides the hour was paid after all, and shortens it. */
  edited = pw_time_entry_copy (entry);
  edited->paid = TRUE;
  edited->ended_at = pw_test_at (0, 8, 45, 0);
  g_clear_pointer (&edited->note, g_free);
  pw_store_update_time_entry (store, edited);
  updated = list_day (store);
  g_assert_cmpuint (updated->len, ==, 2);
  entry = updated->pdata[0];
  g_assert_cmpint (entry->id, ==, edited->id);
  g_assert_true (entry->paid);
  g_assert_null (entry->note);
  g_assert_cmpint (entry->ended_at, ==, pw_test_at (0, 8, 45, 0));

  pw_store_delete_time_entry (store, edited->id);
  deleted = list_day (store);
  g_assert_cmpuint (deleted->len, ==, 1);
  g_assert_cmpint (((PwTimeEntry *) deleted->pdata[0])->started_at, ==, pw_test_at (0, 14, 0, 0));

  pw_store_test_close (&store);
}

/* A measured interval is written again as it grows: one row, its end
 * moving. Another start is another interval. */
static void
test_record_extends (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "record.db", NULL);
  g_autoptr (PwStore) store = pw_store_test_open (path);
  g_autoptr (PwTimeEntry) interval = pw_time_entry_new (PW_TIME_TASK, pw_test_at (0, 9, 0, 0),
                                                        pw_test_at (0, 9, 1, 0));
  g_autoptr (GPtrArray) entries = NULL;

  interval->account_id = g_strdup ("a-1");
  interval->task_id = g_strdup ("t1");
  pw_store_record_task_time (store, interval);
  interval->ended_at = pw_test_at (0, 9, 2, 0);
  pw_store_record_task_time (store, interval);
  interval->ended_at = pw_test_at (0, 9, 1, 30);
  pw_store_record_task_time (store, interval);
  interval->started_at = pw_test_at (0, 9, 5, 0);
  interval->ended_at = pw_test_at (0, 9, 6, 0);
  pw_store_record_task_time (store, interval);

  entries = list_day (store);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((PwTimeEntry *) entries->pdata[0])->ended_at, ==, pw_test_at (0, 9, 1, 30));
  g_assert_cmpint (((PwTimeEntry *) entries->pdata[1])->started_at, ==, pw_test_at (0, 9, 5, 0));

  pw_store_test_close (&store);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Reads take [start, end): an entry starting at the end is the next
 * period's. */
static void
test_list_by_period (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "period.db", NULL);
  g_autoptr (PwStore) store = pw_store_test_open (path);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  gint64 starts[] = { pw_test_at (-1, 23, 59, 59), pw_test_at (0, 0, 0, 0),
                      pw_test_at (0, 23, 59, 59), pw_test_at (1, 0, 0, 0) };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autoptr (PwTimeEntry) entry = pw_time_entry_new (PW_TIME_MANUAL, starts[i],
                                                         starts[i] + S (1));

      pw_store_add_time_entry (store, entry);
    }

  pw_store_list_time_entries_async (store, pw_test_at (0, 0, 0, 0), pw_test_at (1, 0, 0, 0),
                                    NULL, on_listed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  entries = pw_store_list_time_entries_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((PwTimeEntry *) entries->pdata[0])->started_at, ==, starts[1]);
  g_assert_cmpint (((PwTimeEntry *) entries->pdata[1])->started_at, ==, starts[2]);

  g_clear_object (&result);
  pw_store_test_close (&store);
}

static void
test_kind_names (void)
{
  PwTimeKind kind;

  g_assert_cmpstr (pw_time_kind_to_string (PW_TIME_IDLE), ==, "idle");
  g_assert_true (pw_time_kind_from_string ("manual", &kind));
  g_assert_cmpint (kind, ==, PW_TIME_MANUAL);
  g_assert_false (pw_time_kind_from_string ("break", &kind));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-log/manual-entries", test_manual_entries);
  g_test_add_func ("/time-log/record-extends", test_record_extends);
  g_test_add_func ("/time-log/list-by-period", test_list_by_period);
  g_test_add_func ("/time-log/kind-names", test_kind_names);

  return g_test_run ();
}
