/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-store-outbox.h"

G_BEGIN_DECLS

/* The data of a submission write, owned by its op. */
typedef struct
{
  char   *account_id;
  char   *task_id;
  char   *claim_id;
  char   *key;
  char   *body;
  char   *annotation;
} PwStoreOutboxEntry;

/* The submission of task ?2 of account ?1 that its marketplace holds or
 * may hold: sent or about to be, taken, or refused because it holds
 * another (409 already_submitted, 422), since the marketplace last started
 * over (accounts.restarted_at). */
#define PW_STORE_SQL_HELD_SUBMISSION \
  "SELECT s.state FROM submissions s WHERE s.account_id = ?1 AND s.task_id = ?2 " \
  "AND s.state IN ('pending', 'sending', 'done', 'conflict') " \
  "AND s.created_at >= coalesce ((SELECT a.restarted_at FROM accounts a WHERE a.id = ?1), 0) "

G_END_DECLS
