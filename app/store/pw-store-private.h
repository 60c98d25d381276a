/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-store-writer-private.h"
#include "pw-store.h"

G_BEGIN_DECLS

/* For tests: runs SQL on the writer's connection, ahead of the queue, such
 * as a PRAGMA max_page_count that makes the disk look full. */
gboolean pw_store_exec_on_writer (PwStore     *self,
                                  const char  *sql,
                                  GError     **error);

/* Shared by the files of PwStore. */
PwStoreWriter *pw_store_get_writer      (PwStore *self);
sqlite3       *pw_store_acquire_reader  (PwStore *self);
sqlite3       *pw_store_acquire_reader_synced (PwStore  *self,
                                               GError  **error);
void           pw_store_release_reader  (PwStore *self);
GHashTable    *pw_store_get_state_table (PwStore *self);

/* Queues a write that runs @apply on the writer thread, in a transaction of
 * its own, after every write queued before it; @data is freed with
 * @data_free once the write is done or dropped. */
void           pw_store_push_call       (PwStore          *self,
                                         PwStoreApplyFunc  apply,
                                         gpointer          data,
                                         GDestroyNotify    data_free);

G_END_DECLS
