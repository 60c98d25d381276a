/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* Helpers for the ledger's store tests: merging statement entries and
 * reading single values back. */

PwStatementEntry *pw_ledger_test_entry  (const char *id,
                                         const char *type,
                                         const char *task_id,
                                         const char *status,
                                         const char *amount,
                                         const char *currency,
                                         const char *at,
                                         const char *review_json);
void              pw_ledger_test_merge  (PwStore    *store,
                                         const char *account_id,
                                         const char *next_cursor,
                                         ...) G_GNUC_NULL_TERMINATED;
gint64            pw_ledger_test_int    (PwStore    *store,
                                         const char *sql_format,
                                         ...) G_GNUC_PRINTF (2, 3);
char             *pw_ledger_test_string (PwStore    *store,
                                         const char *sql_format,
                                         ...) G_GNUC_PRINTF (2, 3);
char             *pw_ledger_test_cursor (PwStore    *store,
                                         const char *account_id);

G_END_DECLS
