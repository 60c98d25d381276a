/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "pw-store-sql.h"

G_BEGIN_DECLS

/* The store's writer thread: the queued operations it runs in order and how
 * callers wait for them. */

typedef enum
{
  PW_STORE_OP_APPEND_COMMAND,
  PW_STORE_OP_SET_POSITION,
  PW_STORE_OP_SET_SNAPSHOT,
  PW_STORE_OP_DELETE_DRAFT,
  PW_STORE_OP_SET_STATE,
  PW_STORE_OP_QUEUE_SUBMISSION,
  PW_STORE_OP_MARK_SENDING,
  PW_STORE_OP_RESET_SENDING,
  PW_STORE_OP_UPDATE_SUBMISSIONS,
  PW_STORE_OP_CALL,
} PwStoreOpKind;

/* The write of a %PW_STORE_OP_CALL operation: runs on the writer thread
 * inside the operation's transaction, with @data as queued. New kinds of
 * writes use this rather than a kind of their own. */
typedef gboolean (*PwStoreApplyFunc) (sqlite3   *db,
                                      gpointer   data,
                                      gint64     time,
                                      GError   **error);

/* One write, as queued for the writer thread. @time is taken when the write
 * is asked for, not when it reaches the disk, so updated_at tells when the
 * worker made the edit. */
typedef struct
{
  PwStoreOpKind kind;
  guint64       ticket;
  char         *key;
  char         *text;
  guint         position;
  gint64        time;
  /* What an operation of the outbox needs beyond key and text. */
  gpointer      data;
  GDestroyNotify data_free;
  /* The write of a %PW_STORE_OP_CALL. */
  PwStoreApplyFunc apply;
} PwStoreOp;

PwStoreOp     *_pw_store_op_new  (PwStoreOpKind  kind,
                                  const char    *key,
                                  const char    *text,
                                  guint          position);
void           _pw_store_op_free (PwStoreOp     *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStoreOp, _pw_store_op_free)

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
 * @user_data: the data given to _pw_store_writer_new()
 *
 * Called on the writer thread when a write fails, when the number of
 * writes that wait changes while they fail, and when all are saved.
 */
typedef void (*PwStoreWriterReportFunc) (const GError *error,
                                         guint         n_unwritten,
                                         gboolean      kept,
                                         gpointer      user_data);

PwStoreWriter *_pw_store_writer_new                  (sqlite3                 *db,
                                                       PwStoreWriterReportFunc  report,
                                                       gpointer                 user_data,
                                                       GDestroyNotify           destroy);
void           _pw_store_writer_push                  (PwStoreWriter           *self,
                                                       PwStoreOp               *op);
gboolean       _pw_store_writer_sync                  (PwStoreWriter           *self,
                                                       GError                 **error);
void           _pw_store_writer_retry                 (PwStoreWriter           *self);
guint64        _pw_store_writer_foreach_unwritten     (PwStoreWriter           *self,
                                                       GFunc                    func,
                                                       gpointer                 user_data);
void           _pw_store_writer_mark_saved_elsewhere  (PwStoreWriter           *self,
                                                       guint64                  ticket,
                                                       const char              *path);
gboolean       _pw_store_writer_exec_now              (PwStoreWriter           *self,
                                                       const char              *sql,
                                                       GError                 **error);
void           _pw_store_writer_free                  (PwStoreWriter           *self);

G_END_DECLS
