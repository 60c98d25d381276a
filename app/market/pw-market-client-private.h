/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "pw-market-client.h"

G_BEGIN_DECLS

/* The largest error body read to learn the marketplace's code and message. */
#define PW_MARKET_ERROR_BODY_MAX_BYTES (64 * 1024)

/* One request to the marketplace, before it is sent. */
typedef struct
{
  char   *method;
  GUri   *uri;
  GBytes *body;
  char   *idempotency_key;
  char   *what;
} PwMarketRequest;

PwMarketRequest *pw_market_request_new         (const char       *method,
                                                GUri             *uri,
                                                GBytes           *body);
void             pw_market_request_free        (PwMarketRequest  *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMarketRequest, pw_market_request_free)

GUri            *pw_market_client_resolve      (PwMarketClient   *self,
                                                const char       *reference,
                                                GError          **error);
gboolean         pw_market_client_may_send_token (PwMarketClient *self,
                                                GUri             *uri);
const char      *pw_market_client_get_token    (PwMarketClient   *self);
SoupSession     *pw_market_client_get_session  (PwMarketClient   *self);

gboolean         pw_market_check_uri           (GUri             *uri,
                                                GError          **error);
gboolean         pw_market_same_origin         (GUri             *a,
                                                GUri             *b);

void             pw_market_send_async          (PwMarketClient   *self,
                                                PwMarketRequest  *request,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
GInputStream    *pw_market_send_finish         (PwMarketClient   *self,
                                                GAsyncResult     *result,
                                                SoupMessage     **message,
                                                GError          **error);

void             pw_market_read_body_async     (GInputStream     *stream,
                                                gsize             max_bytes,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
GBytes          *pw_market_read_body_finish    (GAsyncResult     *result,
                                                gboolean         *too_large,
                                                GError          **error);

void             pw_market_set_network_error   (GError          **error,
                                                GError           *cause);

G_END_DECLS
