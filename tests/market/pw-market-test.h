/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "piecework-engine.h"

/* What the marketplace client's tests share: a marketplace of the test's own
 * on loopback that records what it was sent, a client for it, waiting for an
 * async result, checking that an object is finalized, and throwaway folders. */

G_BEGIN_DECLS

#define PW_MARKET_TEST_TOKEN "token-of-ana"

/* A marketplace of the test's own on loopback, answering with @handler. */
typedef struct
{
  SoupServer *server;
  char       *base_url;
  char       *origin;
  guint       n_requests;
  char       *last_authorization;
  char       *last_path;
  char       *last_body;
  char       *last_idempotency_key;
} PwTestMarket;

PwTestMarket   *pw_test_market_new        (SoupServerCallback  handler,
                                           gpointer            data);
void            pw_test_market_free       (PwTestMarket       *market);
void            pw_test_market_record     (PwTestMarket       *market,
                                           SoupServerMessage  *msg);
void            pw_test_market_reply      (SoupServerMessage  *msg,
                                           guint               status,
                                           const char         *json);

PwMarketClient *pw_test_client_new        (const char         *base_url);
GAsyncResult   *pw_test_wait              (GAsyncResult      **result);
void            pw_test_on_done           (GObject            *source,
                                           GAsyncResult       *result,
                                           gpointer            user_data);
void            pw_test_finalize          (gpointer            object);
char           *pw_test_make_dir          (void);
guint           pw_test_count_files       (const char     *dir);
void            pw_test_remove_dir        (const char     *dir);
void            pw_test_assert_spec_verdict (JsonObject   *verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTestMarket, pw_test_market_free)

G_END_DECLS
