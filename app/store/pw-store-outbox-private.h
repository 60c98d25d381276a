/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-store-outbox.h"

G_BEGIN_DECLS

/* The data of an account, task or submission write, owned by its op. */
typedef struct
{
  char   *account_id;
  char   *task_id;
  char   *claim_id;
  char   *project_id;
  char   *kind;
  gint64  pay_micro;
  char   *currency;
  gint64  lease_expires_at;
  char   *media_file;
  char   *task_json;
  char   *key;
  char   *body;
  char   *annotation;
  char   *name;
  char   *base_url;
} PwStoreOutboxEntry;

void         pw_store_outbox_entry_free       (gpointer      data);

GPtrArray   *pw_store_db_list_due             (sqlite3      *db,
                                               const char   *account_id,
                                               gint64        now,
                                               guint         limit,
                                               GError      **error);
GStrv        pw_store_db_list_outbox_accounts (sqlite3      *db,
                                               GError      **error);
GPtrArray   *pw_store_db_list_accounts        (sqlite3      *db,
                                               GError      **error);
gboolean     pw_store_db_next_attempt         (sqlite3      *db,
                                               const char   *account_id,
                                               gint64       *next_attempt_at,
                                               GError      **error);
PwOutboxRow *pw_store_db_get_submission       (sqlite3      *db,
                                               const char   *key,
                                               gboolean     *found,
                                               GError      **error);
GPtrArray   *pw_store_db_list_final           (sqlite3      *db,
                                               GError      **error);
gboolean     pw_store_db_count_waiting        (sqlite3      *db,
                                               const char   *account_id,
                                               guint        *n_waiting,
                                               GError      **error);
char        *pw_store_db_task_state           (sqlite3      *db,
                                               const char   *account_id,
                                               const char   *task_id,
                                               GError      **error);

G_END_DECLS
