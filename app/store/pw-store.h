/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-draft.h"

G_BEGIN_DECLS

/* The store: one SQLite database of tasks, outbox, drafts, ledger and time,
 * written by one thread and read from any. */

#define PW_TYPE_STORE (pw_store_get_type ())

G_DECLARE_FINAL_TYPE (PwStore, pw_store, PW, STORE, GObject)

void        pw_store_open_async         (const char           *path,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
PwStore    *pw_store_open_finish        (GAsyncResult         *result,
                                         GError              **error);
PwStore    *pw_store_new_for_path       (const char           *path,
                                         GError              **error);

const char *pw_store_get_path           (PwStore              *self);
gboolean    pw_store_get_failing        (PwStore              *self);
guint       pw_store_get_n_unwritten    (PwStore              *self);
const GError *pw_store_get_write_error  (PwStore              *self);
void        pw_store_retry              (PwStore              *self);

void        pw_store_append_command     (PwStore              *self,
                                         const char           *key,
                                         guint                 position_before,
                                         const char           *command_json);
void        pw_store_set_position       (PwStore              *self,
                                         const char           *key,
                                         guint                 position);
void        pw_store_set_snapshot       (PwStore              *self,
                                         const char           *key,
                                         const char           *snapshot_json);
void        pw_store_delete_draft       (PwStore              *self,
                                         const char           *key);

void        pw_store_load_draft_async   (PwStore              *self,
                                         const char           *key,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
PwDraft    *pw_store_load_draft_finish  (PwStore              *self,
                                         GAsyncResult         *result,
                                         GError              **error);
PwDraft    *pw_store_load_draft         (PwStore              *self,
                                         const char           *key,
                                         GError              **error);

void        pw_store_list_drafts_async  (PwStore              *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GStrv       pw_store_list_drafts_finish (PwStore              *self,
                                         GAsyncResult         *result,
                                         GError              **error);
GStrv       pw_store_list_drafts        (PwStore              *self,
                                         GError              **error);

const char *pw_store_get_state          (PwStore              *self,
                                         const char           *name);
void        pw_store_set_state          (PwStore              *self,
                                         const char           *name,
                                         const char           *value);

void        pw_store_flush_async        (PwStore              *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    pw_store_flush_finish       (PwStore              *self,
                                         GAsyncResult         *result,
                                         GError              **error);
gboolean    pw_store_flush              (PwStore              *self,
                                         GError              **error);

void        pw_store_save_unwritten_async  (PwStore           *self,
                                            GFile             *folder,
                                            GCancellable      *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer           user_data);
GFile      *pw_store_save_unwritten_finish (PwStore           *self,
                                            GAsyncResult      *result,
                                            GError           **error);

G_END_DECLS
