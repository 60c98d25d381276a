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

G_END_DECLS
