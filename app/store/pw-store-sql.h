/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The SQL side of the store: connections, migrations and the statements of
 * each operation. Nothing here knows about threads; the caller makes sure a
 * connection is used by one thread at a time. */

#include <glib.h>
#include <sqlite3.h>

#include "pw-draft.h"

G_BEGIN_DECLS

typedef enum
{
  PW_STORE_OP_APPEND_COMMAND,
  PW_STORE_OP_SET_POSITION,
  PW_STORE_OP_SET_SNAPSHOT,
  PW_STORE_OP_DELETE_DRAFT,
  PW_STORE_OP_SET_STATE,
  PW_STORE_OP_ADD_ACCOUNT,
  PW_STORE_OP_ADD_TASK,
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

PwStoreOp  *pw_store_op_new                 (PwStoreOpKind        kind,
                                             const char          *key,
                                             const char          *text,
                                             guint                position);
void        pw_store_op_free                (PwStoreOp           *op);

guint       pw_store_db_schema_version      (void);
sqlite3    *pw_store_db_open                (const char          *path,
                                             GError             **error);
gboolean    pw_store_db_migrate             (sqlite3             *db,
                                             const char *const   *steps,
                                             guint                n_steps,
                                             GError             **error);
gboolean    pw_store_db_exec                (sqlite3             *db,
                                             const char          *sql,
                                             GError             **error);
void        pw_store_db_set_error           (GError             **error,
                                             sqlite3             *db,
                                             int                  rc,
                                             const char          *what);
sqlite3_stmt *pw_store_db_prepare           (sqlite3             *db,
                                             const char          *sql,
                                             GError             **error);
gboolean    pw_store_db_step_done           (sqlite3             *db,
                                             sqlite3_stmt        *stmt,
                                             GError             **error);
GStrv       pw_store_db_read_strv           (sqlite3             *db,
                                             const char          *sql,
                                             const char          *what,
                                             GError             **error);
void        pw_store_db_rollback            (sqlite3             *db);
gboolean    pw_store_db_apply               (sqlite3             *db,
                                             const PwStoreOp     *op,
                                             GError             **error);
gboolean    pw_store_db_error_is_transient  (const GError        *error);
PwDraft    *pw_store_db_load_draft          (sqlite3             *db,
                                             const char          *key,
                                             GError             **error);
GStrv       pw_store_db_list_drafts         (sqlite3             *db,
                                             GError             **error);
GHashTable *pw_store_db_load_state          (sqlite3             *db,
                                             GError             **error);
gboolean    pw_store_db_apply_outbox        (sqlite3             *db,
                                             const PwStoreOp     *op,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStoreOp, pw_store_op_free)

G_END_DECLS
