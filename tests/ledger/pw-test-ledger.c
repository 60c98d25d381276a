/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "../store/pw-store-test.h"
#include "pw-test-ledger.h"

/* Statement entries' statuses and claimed tasks' states, to pick from. */
const char *const pw_test_statuses[4] = { "pending", "approved", "rejected", "paid" };
const char *const pw_test_task_states[5] = { "synced", "expired", "claimed", "submitted",
                                             "released" };

/* Opens a new store named after @prefix, and starts the choices at
 * @seed. */
void
pw_test_ledger_set_up (PwTestLedger *ledger,
                       const char   *prefix,
                       guint32       seed)
{
  ledger->store = pw_store_test_open_new (prefix);
  ledger->seed = seed;
}

void
pw_test_ledger_tear_down (PwTestLedger  *ledger,
                          gconstpointer  data)
{
  pw_store_test_close (&ledger->store);
}

/* Returns: the next choice, below @below: a linear congruential
 *   generator */
guint
pw_test_random (PwTestLedger *ledger,
                guint         below)
{
  ledger->seed = ledger->seed * 1664525u + 1013904223u;
  return (ledger->seed >> 8) % below;
}
