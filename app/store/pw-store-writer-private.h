/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "pw-store-sql.h"

G_BEGIN_DECLS

/* The one thread that writes to the store. It owns its connection and runs
 * the queued operations in order, each in its own transaction. */
typedef struct _PwStoreWriter PwStoreWriter;

/**
 * PwStoreWriterReportFunc:
 * @error: (nullable): what failed, or %NULL once every write kept after a
 *   failure is saved
 * @n_unwritten: how many writes wait in memory, the failed one included
 * @kept: %TRUE when the failed operation is kept and retried, %FALSE when it
 *   was refused for good
 * @user_data: the data given to pw_store_writer_new()
 *
 * Called on the writer thread when a write fails, when the number of
 * writes that wait changes while they fail, and when all are saved.
 */
typedef void (*PwStoreWriterReportFunc) (const GError *error,
                                         guint         n_unwritten,
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
void           pw_store_writer_retry    (PwStoreWriter           *self);
guint64        pw_store_writer_foreach_unwritten (PwStoreWriter  *self,
                                                  GFunc           func,
                                                  gpointer        user_data);
void           pw_store_writer_mark_saved_elsewhere (PwStoreWriter *self,
                                                     guint64        ticket,
                                                     const char    *path);
gboolean       pw_store_writer_exec_now (PwStoreWriter           *self,
                                         const char              *sql,
                                         GError                 **error);
void           pw_store_writer_free     (PwStoreWriter           *self);

G_END_DECLS
