/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <string.h>

#include "../sync/pw-sync-test.h"

/* Sync throughput: 10,000 queued submissions drained to the demo
 * marketplace on loopback, from the start of the drain to the last row
 * recorded done, with the process's peak memory (the marketplace runs in
 * the same process). Goal: 1,000 per second. */

#define N_SUBMISSIONS 10000
#define GOAL_PER_SECOND 1000

static gint64
peak_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

int
main (int   argc,
      char *argv[])
{
  PwSyncTest *test;
  g_autoptr (GPtrArray) rows = NULL;
  gint64 start;
  double seconds;
  guint n_waiting = G_MAXUINT;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  test = pw_sync_test_new (N_SUBMISSIONS);
  rows = pw_sync_test_claim (test->demo, N_SUBMISSIONS);
  pw_sync_test_queue (test->store, rows);

  start = g_get_monotonic_time ();
  pw_sync_test_drain (test->worker);
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  g_assert_true (pw_store_count_waiting_submissions (test->store, NULL, &n_waiting, NULL));
  g_assert_cmpuint (n_waiting, ==, 0);
  g_assert_cmpuint (pw_demo_market_count_requests (test->demo->market, PW_DEMO_ENDPOINT_SUBMISSION),
                    ==, N_SUBMISSIONS);

  printf ("sync: %d submissions drained in %.1f s: %.0f per second (goal %d), "
          "peak memory %" G_GINT64_FORMAT " MB\n",
          N_SUBMISSIONS, seconds, N_SUBMISSIONS / seconds, GOAL_PER_SECOND,
          peak_memory_kib () / 1024);

  pw_sync_test_free (test);
  return 0;
}
