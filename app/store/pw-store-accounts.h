/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-store.h"

G_BEGIN_DECLS

/**
 * PwStoreAccount:
 * @id: the account's own id
 * @name: what the worker calls it
 * @base_url: its marketplace's base URL
 * @kind: what its server speaks: "piecework", "cvat" or "label-studio"
 *   (pw_account_kind_to_string())
 *
 * An account as the store holds it.
 */
typedef struct
{
  char *id;
  char *name;
  char *base_url;
  char *kind;
} PwStoreAccount;

void pw_store_account_free (PwStoreAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStoreAccount, pw_store_account_free)

/* Writes: queued for the writer thread, in order, each in one transaction. */
void       pw_store_add_account              (PwStore             *self,
                                              const char          *account_id,
                                              const char          *name,
                                              const char          *base_url,
                                              const char          *kind);
void       pw_store_update_account           (PwStore             *self,
                                              const char          *account_id,
                                              const char          *name,
                                              const char          *base_url,
                                              const char          *kind);
void       pw_store_restart_account          (PwStore             *self,
                                              const char          *account_id);
void       pw_store_remove_account           (PwStore             *self,
                                              const char          *account_id);

/* Reads on the read connection, after every write queued before them. */
GPtrArray *pw_store_list_accounts            (PwStore             *self,
                                              GError             **error);
gboolean   pw_store_count_account_work       (PwStore             *self,
                                              const char          *account_id,
                                              guint               *n_waiting_submissions,
                                              guint               *n_claimed_tasks,
                                              GError             **error);

void       pw_store_count_account_work_async  (PwStore             *self,
                                               const char          *account_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean   pw_store_count_account_work_finish (PwStore             *self,
                                               GAsyncResult        *result,
                                               guint               *n_waiting_submissions,
                                               guint               *n_claimed_tasks,
                                               GError             **error);

G_END_DECLS
