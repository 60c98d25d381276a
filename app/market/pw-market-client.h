/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-market-project.h"
#include "pw-market-statement.h"
#include "pw-market-task.h"

G_BEGIN_DECLS

/**
 * PW_MARKET_MEDIA_MAX_BYTES:
 *
 * The largest image or recording the client downloads, whatever the
 * marketplace announces: 512 MiB.
 */
#define PW_MARKET_MEDIA_MAX_BYTES (G_GINT64_CONSTANT (512) * 1024 * 1024)

/**
 * PW_MARKET_MEDIA_MIN_RATE:
 *
 * The slowest a download may be, in bytes a second, once its first
 * #PwMarketClient:deadline is spent: 32 KiB.
 */
#define PW_MARKET_MEDIA_MIN_RATE (32 * 1024)

/**
 * PW_MARKET_MAX_IN_FLIGHT:
 *
 * How many requests one account has in flight at most, from sending to
 * the end of parsing the answer; the others wait for a place.
 */
#define PW_MARKET_MAX_IN_FLIGHT 4

/**
 * PW_MARKET_MAX_REDIRECTS:
 *
 * How many redirects on the same origin the client follows for one request.
 */
#define PW_MARKET_MAX_REDIRECTS 5

/**
 * PwMarketProgressFunc:
 * @received: the bytes received so far
 * @total: the bytes expected, or -1 when not known
 * @user_data: the data given with the function
 *
 * Reports the progress of a download, in the caller's main context.
 */
typedef void (*PwMarketProgressFunc) (goffset  received,
                                      goffset  total,
                                      gpointer user_data);

#define PW_TYPE_MARKET_CLIENT (pw_market_client_get_type ())

G_DECLARE_FINAL_TYPE (PwMarketClient, pw_market_client, PW, MARKET_CLIENT, GObject)

PwMarketClient     *pw_market_client_new                (const char           *base_url,
                                                         const char           *token,
                                                         GError              **error);
const char         *pw_market_client_get_base_url       (PwMarketClient       *self);
void                pw_market_client_set_token          (PwMarketClient       *self,
                                                         const char           *token);
guint               pw_market_client_get_timeout        (PwMarketClient       *self);
void                pw_market_client_set_timeout        (PwMarketClient       *self,
                                                         guint                 seconds);
guint               pw_market_client_get_idle_timeout   (PwMarketClient       *self);
void                pw_market_client_set_idle_timeout   (PwMarketClient       *self,
                                                         guint                 seconds);
guint               pw_market_client_get_deadline       (PwMarketClient       *self);
void                pw_market_client_set_deadline       (PwMarketClient       *self,
                                                         guint                 seconds);

void                pw_market_client_get_me_async       (PwMarketClient       *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
PwMarketMe         *pw_market_client_get_me_finish      (PwMarketClient       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void                pw_market_client_list_projects_async  (PwMarketClient     *self,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
GPtrArray          *pw_market_client_list_projects_finish (PwMarketClient     *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

void                pw_market_client_claim_async        (PwMarketClient       *self,
                                                         const char           *project_id,
                                                         guint                 count,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
PwClaim            *pw_market_client_claim_finish       (PwMarketClient       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void                pw_market_client_release_async      (PwMarketClient       *self,
                                                         const char           *claim_id,
                                                         const char *const    *task_ids,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            pw_market_client_release_finish     (PwMarketClient       *self,
                                                         GAsyncResult         *result,
                                                         guint                *n_released,
                                                         GError              **error);

char               *pw_market_submission_body_new       (const char           *claim_id,
                                                         JsonNode             *annotation,
                                                         double                active_seconds,
                                                         GDateTime            *submitted_at);
void                pw_market_client_submit_async       (PwMarketClient       *self,
                                                         const char           *task_id,
                                                         const char           *idempotency_key,
                                                         const char           *body,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
PwSubmissionResult *pw_market_client_submit_finish      (PwMarketClient       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void                pw_market_client_statement_async    (PwMarketClient       *self,
                                                         const char           *after,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
PwStatementPage    *pw_market_client_statement_finish   (PwMarketClient       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void                pw_market_client_fetch_media_async  (PwMarketClient       *self,
                                                         PwMedia              *media,
                                                         GFile                *cache_dir,
                                                         PwMarketProgressFunc  progress,
                                                         gpointer              progress_data,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GFile              *pw_market_client_fetch_media_finish (PwMarketClient       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

char               *pw_market_new_idempotency_key       (void);

G_END_DECLS
