/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-store-sql.h"
#include "pw-store-writer-private.h"
#include "pw-store.h"

G_BEGIN_DECLS

/* Shared by the files of PwStore. */
PwStoreWriter *_pw_store_get_writer      (PwStore          *self);
GHashTable    *_pw_store_get_state_table (PwStore          *self);

/* Queues a write that runs @apply on the writer thread, in a transaction of
 * its own, after every write queued before it; @data is freed with
 * @data_free once the write is done or dropped. */
void           _pw_store_push_call       (PwStore          *self,
                                          PwStoreApplyFunc  apply,
                                          gpointer          data,
                                          GDestroyNotify    data_free);

/* The writes of each kind of operation, run by the writer inside the
 * transaction it opened: a draft's (pw-store-drafts.c), the application's
 * state (pw-store-state.c) and the outbox's (pw-store-outbox.c). */
gboolean       _pw_store_db_apply_draft  (sqlite3          *db,
                                          const PwStoreOp  *op,
                                          GError          **error);
gboolean       _pw_store_db_apply_state  (sqlite3          *db,
                                          const PwStoreOp  *op,
                                          GError          **error);
gboolean       _pw_store_db_apply_outbox (sqlite3          *db,
                                          const PwStoreOp  *op,
                                          GError          **error);

/* Reads the application's state as the store opens. */
GHashTable    *_pw_store_db_load_state   (sqlite3          *db,
                                          GError          **error);

/* For tests: runs SQL on the writer's connection, ahead of the queue, such
 * as a PRAGMA max_page_count that makes the disk look full. */
gboolean       _pw_store_exec_on_writer  (PwStore          *self,
                                          const char       *sql,
                                          GError          **error);

G_END_DECLS
