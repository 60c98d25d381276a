/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The store of the tests whose ledger is made by a fixed sequence of
 * pseudo-random choices (the packs' and the roll-ups'): the same ledger on
 * every run, with what hand-made fixtures rarely have all at once. */
typedef struct
{
  PwStore *store;
  guint32  seed;
} PwTestLedger;

extern const char *const pw_test_statuses[4];
extern const char *const pw_test_task_states[5];

void  pw_test_ledger_set_up    (PwTestLedger  *ledger,
                                const char    *prefix,
                                guint32        seed);
void  pw_test_ledger_tear_down (PwTestLedger  *ledger,
                                gconstpointer  data);
guint pw_test_random           (PwTestLedger  *ledger,
                                guint          below);

G_END_DECLS
