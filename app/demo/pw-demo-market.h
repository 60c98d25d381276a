/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PW_DEMO_MARKET_TOKEN:
 *
 * The token the demo marketplace accepts unless it is given another.
 */
#define PW_DEMO_MARKET_TOKEN "piecework-demo"

/**
 * PwDemoFault:
 * @PW_DEMO_FAULT_DROP_AFTER_COMMIT: a submission is stored, then the
 *   connection is closed with no response
 * @PW_DEMO_FAULT_UNAVAILABLE: 503 with `Retry-After`, for any request
 * @PW_DEMO_FAULT_RATE_LIMITED: 429 with `Retry-After`, for any request
 * @PW_DEMO_FAULT_SLOW: the answer to any request waits the slow delay
 * @PW_DEMO_FAULT_EXPIRED_LEASE: a claim gets a lease of 0 s
 * @PW_DEMO_FAULT_REASSIGNED: a submission finds its task given to someone else
 * @PW_DEMO_FAULT_MALFORMED_JSON: a JSON answer is cut short (the work is done)
 * @PW_DEMO_FAULT_WRONG_SHA256: a media entry in a claim carries a wrong sha256
 * @PW_DEMO_FAULT_REDIRECT: any request is answered with 302 to the redirect
 *   target, another origin
 *
 * What the demo marketplace can do wrong, each for a number of the next
 * requests it concerns.
 */
typedef enum
{
  PW_DEMO_FAULT_DROP_AFTER_COMMIT,
  PW_DEMO_FAULT_UNAVAILABLE,
  PW_DEMO_FAULT_RATE_LIMITED,
  PW_DEMO_FAULT_SLOW,
  PW_DEMO_FAULT_EXPIRED_LEASE,
  PW_DEMO_FAULT_REASSIGNED,
  PW_DEMO_FAULT_MALFORMED_JSON,
  PW_DEMO_FAULT_WRONG_SHA256,
  PW_DEMO_FAULT_REDIRECT,
  PW_DEMO_N_FAULTS,
} PwDemoFault;

/**
 * PwDemoEndpoint:
 *
 * The endpoints of the contract, for counting the requests each received.
 * %PW_DEMO_ENDPOINT_OTHER counts paths the contract does not have.
 */
typedef enum
{
  PW_DEMO_ENDPOINT_ME,
  PW_DEMO_ENDPOINT_PROJECTS,
  PW_DEMO_ENDPOINT_CLAIMS,
  PW_DEMO_ENDPOINT_RELEASE,
  PW_DEMO_ENDPOINT_SUBMISSION,
  PW_DEMO_ENDPOINT_STATEMENT,
  PW_DEMO_ENDPOINT_MEDIA,
  PW_DEMO_ENDPOINT_OTHER,
  PW_DEMO_N_ENDPOINTS,
} PwDemoEndpoint;

#define PW_TYPE_DEMO_MARKET (pw_demo_market_get_type ())

G_DECLARE_FINAL_TYPE (PwDemoMarket, pw_demo_market, PW, DEMO_MARKET, GObject)

PwDemoMarket *pw_demo_market_new                  (const char     *data_dir,
                                                   const char     *token,
                                                   guint64         seed);

void          pw_demo_market_set_samples_dir      (PwDemoMarket   *self,
                                                   const char     *dir);
void          pw_demo_market_set_submission_log  (PwDemoMarket   *self,
                                                   const char     *path);
void          pw_demo_market_set_review_delay     (PwDemoMarket   *self,
                                                   guint           ms);
void          pw_demo_market_set_lease_seconds    (PwDemoMarket   *self,
                                                   guint           seconds);
void          pw_demo_market_set_media_scale      (PwDemoMarket   *self,
                                                   double          scale);
void          pw_demo_market_set_speech           (PwDemoMarket   *self,
                                                   gboolean        use_espeak);
void          pw_demo_market_set_instance         (PwDemoMarket   *self,
                                                   const char     *instance);
void          pw_demo_market_set_slow_delay       (PwDemoMarket   *self,
                                                   guint           ms);
void          pw_demo_market_set_retry_after      (PwDemoMarket   *self,
                                                   guint           seconds);
void          pw_demo_market_set_redirect_target  (PwDemoMarket   *self,
                                                   const char     *base_url);

gboolean      pw_demo_market_prepare              (PwDemoMarket   *self,
                                                   GCancellable   *cancellable,
                                                   GError        **error);
gboolean      pw_demo_market_is_ready             (PwDemoMarket   *self);
gboolean      pw_demo_market_listen               (PwDemoMarket   *self,
                                                   guint16         port,
                                                   GError        **error);
guint16       pw_demo_market_get_port             (PwDemoMarket   *self);
char         *pw_demo_market_get_origin           (PwDemoMarket   *self);
char         *pw_demo_market_get_base_url         (PwDemoMarket   *self);

void          pw_demo_market_set_fault            (PwDemoMarket   *self,
                                                   PwDemoFault     fault,
                                                   guint           count);
guint         pw_demo_market_get_fault            (PwDemoMarket   *self,
                                                   PwDemoFault     fault);
gboolean      pw_demo_market_set_faults_from_string (PwDemoMarket *self,
                                                   const char     *faults,
                                                   GError        **error);

guint         pw_demo_market_count_requests       (PwDemoMarket   *self,
                                                   PwDemoEndpoint  endpoint);
guint         pw_demo_market_count_submissions    (PwDemoMarket   *self,
                                                   const char     *task_id);
guint         pw_demo_market_count_submission_requests (PwDemoMarket *self,
                                                   const char     *task_id);
char        **pw_demo_market_dup_submission_keys  (PwDemoMarket   *self,
                                                   const char     *task_id);
char         *pw_demo_market_dup_submission_body  (PwDemoMarket   *self,
                                                   const char     *task_id);
char        **pw_demo_market_dup_authorizations   (PwDemoMarket   *self,
                                                   const char     *origin);
gboolean      pw_demo_market_is_qualified         (PwDemoMarket   *self,
                                                   const char     *project_id);

G_END_DECLS
