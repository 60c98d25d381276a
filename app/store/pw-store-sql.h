/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "pw-store.h"

G_BEGIN_DECLS

/* The store's SQL helpers, for engine code that runs its own queries on
 * the store's database, such as the ledger's figures: connections opened
 * with the store's settings and schema, the store's read connection after
 * the writes queued before, and statements and errors in the store's
 * terms (a message the worker can act on, a full disk told apart from a
 * wrong write). The store's own files use them too. They know nothing of
 * threads: the caller uses a connection from one thread at a time. They
 * are implemented in pw-store-db.c, beside the schema. */

guint         pw_store_db_schema_version     (void);
sqlite3      *pw_store_db_open               (const char          *path,
                                              GError             **error);
gboolean      pw_store_db_migrate            (sqlite3             *db,
                                              const char *const   *steps,
                                              guint                n_steps,
                                              GError             **error);
gboolean      pw_store_db_exec               (sqlite3             *db,
                                              const char          *sql,
                                              GError             **error);
void          pw_store_db_set_error          (GError             **error,
                                              sqlite3             *db,
                                              int                  rc,
                                              const char          *what);
sqlite3_stmt *pw_store_db_prepare            (sqlite3             *db,
                                              const char          *sql,
                                              GError             **error);
gboolean      pw_store_db_step_done          (sqlite3             *db,
                                              sqlite3_stmt        *stmt,
                                              GError             **error);
GStrv         pw_store_db_read_strv          (sqlite3             *db,
                                              const char          *sql,
                                              const char          *what,
                                              GError             **error);
char         *pw_store_db_dup_column         (sqlite3_stmt        *stmt,
                                              int                  column);
void          pw_store_db_rollback           (sqlite3             *db);

sqlite3      *pw_store_acquire_reader_synced (PwStore             *self,
                                              GError             **error);
void          pw_store_release_reader        (PwStore             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
