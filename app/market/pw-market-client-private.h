/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pw-market-client.h"

G_BEGIN_DECLS

/* The largest error body read to learn the marketplace's code and message. */
#define PW_MARKET_ERROR_BODY_MAX_BYTES (64 * 1024)

/* The largest answer read from each call, well below the contract's
 * 32 MiB, since parsing costs many times the size of the text and an
 * account has %PW_MARKET_MAX_IN_FLIGHT answers in flight. A claim holds at
 * most 100 tasks, their texts and prefills; a statement page at most 500
 * entries. docs/MARKETPLACE-API.md lists them. */
#define PW_MARKET_SMALL_ANSWER_MAX_BYTES (1024 * 1024)
#define PW_MARKET_PROJECTS_MAX_BYTES (8 * 1024 * 1024)
#define PW_MARKET_CLAIM_MAX_BYTES (16 * 1024 * 1024)
#define PW_MARKET_STATEMENT_MAX_BYTES (4 * 1024 * 1024)

/* One request to the marketplace, before it is sent. */
typedef struct
{
  char   *method;
  GUri   *uri;
  GBytes *body;
  char   *idempotency_key;
  char   *what;
  /* Sent without the Authorization header, such as a token refresh. */
  gboolean without_token;
  /* A GET that may be redirected to another origin, without the token. */
  gboolean follow_other_origins;
} PwMarketRequest;

PwMarketRequest *_pw_market_request_new        (const char       *method,
                                                GUri             *uri,
                                                GBytes           *body);
void             _pw_market_request_free       (PwMarketRequest  *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMarketRequest, _pw_market_request_free)

typedef struct _PwMarketTurn PwMarketTurn;
typedef void (*PwMarketTurnFunc) (PwMarketTurn *turn,
                                  gpointer      user_data);

PwMarketTurn    *_pw_market_turn_new           (PwMarketClient   *client,
                                                GCancellable     *cancellable,
                                                guint             deadline_s,
                                                double            bytes_per_second);
void             _pw_market_turn_start         (PwMarketTurn     *turn,
                                                PwMarketTurnFunc  func,
                                                gpointer          user_data);
void             _pw_market_turn_wake          (PwMarketTurn     *turn);
GCancellable    *_pw_market_turn_get_cancellable (PwMarketTurn    *turn);
void             _pw_market_turn_add_received  (PwMarketTurn     *turn,
                                                goffset           bytes);
void             _pw_market_turn_stop_clock    (PwMarketTurn     *turn);
GError          *_pw_market_turn_explain       (PwMarketTurn     *turn,
                                                GError           *error,
                                                const char       *message);
void             _pw_market_turn_free          (PwMarketTurn     *turn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMarketTurn, _pw_market_turn_free)

gboolean         _pw_market_client_enter_turn  (PwMarketClient   *self,
                                                PwMarketTurn     *turn);
void             _pw_market_client_leave_turn  (PwMarketClient   *self);
void             _pw_market_client_forget_turn (PwMarketClient   *self,
                                                PwMarketTurn     *turn);
guint            _pw_market_client_get_max_in_flight (PwMarketClient *self);
goffset          _pw_market_client_get_media_max_bytes (PwMarketClient *self);
void             _pw_market_client_set_media_max_bytes (PwMarketClient *self,
                                                goffset           max_bytes);

gboolean         _pw_market_media_check_cached (GFile            *file,
                                                const char       *sha256,
                                                gint64            bytes,
                                                GCancellable     *cancellable);
gboolean         _pw_market_media_keep         (GFileOutputStream *output,
                                                GFile            *partial,
                                                GFile            *target,
                                                GError          **error);

GUri            *_pw_market_client_resolve     (PwMarketClient   *self,
                                                const char       *reference,
                                                GError          **error);
gboolean         _pw_market_client_may_send_token (PwMarketClient *self,
                                                GUri             *uri);
const char      *_pw_market_client_get_token   (PwMarketClient   *self);
void             _pw_market_client_set_token_scheme (PwMarketClient *self,
                                                const char       *scheme);
const char      *_pw_market_client_get_token_scheme (PwMarketClient *self);
void             _pw_market_client_set_accept  (PwMarketClient   *self,
                                                const char       *accept);
const char      *_pw_market_client_get_accept  (PwMarketClient   *self);
gboolean         _pw_market_client_get_media_follows_other_origins (PwMarketClient *self);
void             _pw_market_client_set_media_follows_other_origins (PwMarketClient *self,
                                                gboolean          follow);

void             _pw_market_call_json_async    (PwMarketClient   *self,
                                                const char       *method,
                                                const char       *path,
                                                GBytes           *body,
                                                gboolean          without_token,
                                                gsize             max_bytes,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
JsonNode        *_pw_market_call_json_finish   (PwMarketClient   *self,
                                                GAsyncResult     *result,
                                                GError          **error);
SoupSession     *_pw_market_client_get_session (PwMarketClient   *self);

gboolean         _pw_market_check_uri          (GUri             *uri,
                                                GError          **error);
gboolean         _pw_market_same_origin        (GUri             *a,
                                                GUri             *b);

void             _pw_market_send_async         (PwMarketClient   *self,
                                                PwMarketRequest  *request,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
GInputStream    *_pw_market_send_finish        (PwMarketClient   *self,
                                                GAsyncResult     *result,
                                                SoupMessage     **message,
                                                GError          **error);

void             _pw_market_read_body_async    (GInputStream     *stream,
                                                gsize             max_bytes,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
GBytes          *_pw_market_read_body_finish   (GAsyncResult     *result,
                                                gboolean         *too_large,
                                                GError          **error);

/* A call to any JSON API on the account's server, with the contract's
 * turns, deadline, size limit and errors. @reader runs in a thread with
 * the parsed answer, or %NULL for an empty one. */
typedef gpointer (*PwMarketReader) (JsonNode  *root,
                                    guint      status,
                                    GError   **error);

void             _pw_market_call_async         (PwMarketClient   *self,
                                                const char       *method,
                                                const char       *path,
                                                GBytes           *body,
                                                gsize             max_bytes,
                                                PwMarketReader    reader,
                                                GDestroyNotify    free_result,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
gpointer         _pw_market_call_finish        (PwMarketClient   *self,
                                                GAsyncResult     *result,
                                                GError          **error);

/* The contract's calls, sent as _pw_market_call_async() sends others but
 * with an Idempotency-Key where one is given and never an empty answer;
 * their answers are taken with the @source_tag they were sent with
 * (pw-market-calls.c). */
void             _pw_market_contract_call_async  (PwMarketClient   *self,
                                                  const char       *method,
                                                  const char       *path,
                                                  GBytes           *body,
                                                  const char       *idempotency_key,
                                                  gsize             max_bytes,
                                                  PwMarketReader    reader,
                                                  GDestroyNotify    free_result,
                                                  gpointer          source_tag,
                                                  GCancellable     *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer          user_data);
gpointer         _pw_market_contract_call_finish (PwMarketClient   *self,
                                                  GAsyncResult     *result,
                                                  gpointer          source_tag,
                                                  GError          **error);

/* A server id as one segment of a path: escaped so that it never climbs
 * out of its place. */
char            *_pw_market_escape_segment     (const char       *id);

void             _pw_market_set_network_error  (GError          **error,
                                                GError           *cause);

G_END_DECLS
