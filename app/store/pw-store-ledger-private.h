/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-store-ledger.h"

G_BEGIN_DECLS

/* Shared by the files of the ledger of PwStore: its statements
 * (pw-store-ledger.c) and each task's history (pw-store-ledger-history.c). */

/* A status or type of a statement entry from the name the store keeps it
 * under; %FALSE for a name not known here. */
gboolean _pw_store_ledger_status_from_name (const char          *name,
                                            PwEntryStatus       *status);
gboolean _pw_store_ledger_type_from_name   (const char          *name,
                                            PwEntryType         *type);

/* What a read on a thread reads, owned by its task. */
typedef struct
{
  char *account_id;
  char *task_id;
} PwStoreLedgerRead;

/* Runs @thread_func on a thread, with a PwStoreLedgerRead of @account_id
 * and @task_id as its task data. */
void     _pw_store_ledger_run_read         (PwStore             *self,
                                            const char          *account_id,
                                            const char          *task_id,
                                            gpointer             source_tag,
                                            GTaskThreadFunc      thread_func,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
