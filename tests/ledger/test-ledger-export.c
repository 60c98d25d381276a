/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include "../store/pw-store-test.h"
#include "pw-figures-test.h"

/* The CSV exports of the engine: RFC 4180, fixed number formats, written
 * on a thread with progress, and a cancelled export leaves the file as it
 * was. tests/check-cli-ledger checks whole files against expected ones. */

typedef struct
{
  GAsyncResult *result;
  guint64       last_done;
  guint64       last_total;
  guint         n_progress;
} Waiter;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Waiter *waiter = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (done, >=, waiter->last_done);
  waiter->last_done = done;
  waiter->last_total = total;
  waiter->n_progress++;
}

static gboolean
export_file (PwStore            *store,
             PwLedgerExportKind  kind,
             GFile              *file,
             GCancellable       *cancellable,
             Waiter             *waiter,
             GError            **error)
{
  gboolean ok;

  pw_ledger_export_async (store, kind, G_MININT64, G_MAXINT64, file, on_progress, waiter, NULL,
                          cancellable, on_exported, waiter);
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = pw_ledger_export_finish (store, waiter->result, error);
  g_clear_object (&waiter->result);
  /* The last progress may still be on its way. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return ok;
}

static void
add_rows (PwStore *store)
{
  pw_test_account (store, "a-1", "Alpha, Inc.");
  pw_test_entry (store, "a-1", "e1", "task", "paid", "t1", "p", 40000, "USD",
                 pw_test_at (0, 9, 0, 0), 0.96);
  pw_test_entry (store, "a-1", "e2", "fee", "paid", NULL, NULL, -500, "USD",
                 pw_test_at (0, 9, 0, 0) + 1, -1);
  pw_test_exec (store, "UPDATE ledger_entries SET review_comment = "
                       "'Good,\nbut \"tight\"' WHERE entry_id = 'e1'");
  pw_test_time (store, "task", "a-1", "t1", "p", pw_test_at (0, 8, 59, 0),
                pw_test_at (0, 9, 0, 0) - 250000, TRUE);
  pw_test_exec (store, "INSERT INTO time_entries (kind, started_at, ended_at, paid, note, "
                       "updated_at) VALUES ('manual', %lld, %lld, 0, '=SUM(A1)', 0)",
                (long long) pw_test_at (0, 10, 0, 0), (long long) pw_test_at (0, 11, 0, 0));
}

static void
test_entries (void)
{
  g_autoptr (PwStore) store = pw_store_test_open (NULL);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "ledger.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  Waiter waiter = { 0, };

  add_rows (store);
  g_assert_true (export_file (store, PW_LEDGER_EXPORT_ENTRIES, file, NULL, &waiter, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  /* CRLF after every row; a field with a comma, a quote or a line break is
   * quoted, its quotes doubled; amounts with a point and at least two
   * decimals; times in UTC, microseconds only when there are some. */
  g_assert_cmpstr (text, ==,
                   "account_id,account,entry_id,type,status,task_id,project_id,amount,currency,"
                   "at,review_score,review_comment,source\r\n"
                   "a-1,\"Alpha, Inc.\",e1,task,paid,t1,p,0.04,USD,2026-03-02T09:00:00Z,0.96,"
                   "\"Good,\nbut \"\"tight\"\"\",statement\r\n"
                   "a-1,\"Alpha, Inc.\",e2,fee,paid,,,-0.0005,USD,2026-03-02T09:00:00.000001Z,,,"
                   "statement\r\n");
  g_assert_cmpuint (waiter.n_progress, >=, 1);
  g_assert_cmpuint (waiter.last_done, ==, 2);
  g_assert_cmpuint (waiter.last_total, ==, 2);

  pw_store_test_close (&store);
}

static void
test_time (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "time.db", NULL);
  g_autoptr (PwStore) store = pw_store_test_open (db);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "time.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  Waiter waiter = { 0, };

  add_rows (store);
  g_assert_true (export_file (store, PW_LEDGER_EXPORT_TIME, file, NULL, &waiter, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  /* A note a spreadsheet would run as a formula is written as text. */
  g_assert_cmpstr (text, ==,
                   "id,kind,account_id,account,task_id,project_id,started_at,ended_at,seconds,"
                   "paid,note\r\n"
                   "1,task,a-1,\"Alpha, Inc.\",t1,p,2026-03-02T08:59:00Z,"
                   "2026-03-02T08:59:59.750000Z,59.75,yes,\r\n"
                   "2,manual,,,,,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,3600.00,no,"
                   "\"'=SUM(A1)\"\r\n");

  pw_store_test_close (&store);
}

/* A cancelled export leaves the file that was there. */
static void
test_cancel_keeps_file (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "cancel.db", NULL);
  g_autoptr (PwStore) store = pw_store_test_open (db);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "kept.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  Waiter waiter = { 0, };

  add_rows (store);
  g_assert_true (g_file_set_contents (path, "before\r\n", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (export_file (store, PW_LEDGER_EXPORT_ENTRIES, file, cancellable, &waiter,
                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "before\r\n");

  pw_store_test_close (&store);
}

/* The income of a year, per account and currency, agrees with the
 * figures: task pay approved or paid, then each kind of money. */
static void
test_income (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "income.db", NULL);
  g_autoptr (PwStore) store = pw_store_test_open (db);
  g_autoptr (GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  add_rows (store);
  pw_test_entry (store, "a-1", "e3", "payout", "paid", NULL, NULL, 1000000, "USD",
                 pw_test_at (1, 0, 0, 0), -1);
  pw_test_entry (store, "a-1", "e4", "task", "pending", "t4", "p", 30000, "USD",
                 pw_test_at (1, 0, 0, 0), -1);
  g_assert_true (pw_ledger_export_to_stream (store, PW_LEDGER_EXPORT_INCOME,
                                             pw_test_at (0, 0, 0, 0), pw_test_at (2, 0, 0, 0),
                                             output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (output, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (output, NULL, NULL));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (output));
  /* Earned: 0.04 - 0.0005 = 0.0395; the payout moved 1.00; 0.03 pending. */
  g_assert_cmpstr (text, ==,
                   "account_id,account,currency,task_pay,bonuses,adjustments,fees,earned,"
                   "payouts,pending,rejected,own\r\n"
                   "a-1,\"Alpha, Inc.\",USD,0.04,0.00,0.00,-0.0005,0.0395,1.00,0.03,0.00,"
                   "0.00\r\n");

  pw_store_test_close (&store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ledger-export/entries", test_entries);
  g_test_add_func ("/ledger-export/time", test_time);
  g_test_add_func ("/ledger-export/cancel-keeps-file", test_cancel_keeps_file);
  g_test_add_func ("/ledger-export/income", test_income);

  return g_test_run ();
}
