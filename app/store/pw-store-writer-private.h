/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "pw-store-db-private.h"

G_BEGIN_DECLS

/* The one thread that writes to the store. It owns its connection and runs
 * the queued operations in order, each in its own transaction. */
typedef struct _PwStoreWriter PwStoreWriter;

/**
 * PwStoreWriterReportFunc:
 * @error: (nullable): what failed, or %NULL when writes work again after a
 *   failure
 * @kept: %TRUE when the failed operation is kept and retried, %FALSE when it
 *   was refused for good
 * @user_data: the data given to pw_store_writer_new()
 *
 * Called on the writer thread when a write fails and when writing recovers.
 */
typedef void (*PwStoreWriterReportFunc) (const GError *error,
                                         gboolean      kept,
                                         gpointer      user_data);

PwStoreWriter *pw_store_writer_new      (sqlite3                 *db,
                                         PwStoreWriterReportFunc  report,
                                         gpointer                 user_data,
                                         GDestroyNotify           destroy);
void           pw_store_writer_push     (PwStoreWriter           *self,
                                         PwStoreOp               *op);
gboolean       pw_store_writer_sync     (PwStoreWriter           *self,
                                         GError                 **error);
gboolean       pw_store_writer_exec_now (PwStoreWriter           *self,
                                         const char              *sql,
                                         GError                 **error);
void           pw_store_writer_free     (PwStoreWriter           *self);

G_END_DECLS
