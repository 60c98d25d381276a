/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "demo/pw-demo-host.h"
#include "demo/pw-demo-market.h"
#include "piecework-engine.h"

G_BEGIN_DECLS

/* A demo marketplace on a thread of its own, answering on that thread's
 * main context, so the tests can talk to it with a blocking client. */
typedef struct
{
  PwDemoMarket *market;
  char *base_url;
  char *origin;
  char *data_dir;
  SoupSession *session;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GMutex mutex;
  GCond cond;
  gboolean listening;
} PwDemoTest;

typedef struct
{
  guint status;
  char *body;
  GBytes *bytes;
  JsonNode *json;
  SoupMessageHeaders *headers;
  GError *error;
} PwDemoAnswer;

void          pw_demo_test_init         (int          *argc,
                                         char       ***argv);
PwDemoTest   *pw_demo_test_new          (guint64       seed);
PwDemoTest   *pw_demo_test_new_full     (guint64       seed,
                                         guint         review_delay_ms);
void          pw_demo_test_free         (PwDemoTest   *test);
PwDemoAnswer *pw_demo_test_request      (PwDemoTest   *test,
                                         const char   *method,
                                         const char   *path,
                                         const char   *token,
                                         const char   *key,
                                         const char   *body);
PwDemoAnswer *pw_demo_test_get          (PwDemoTest   *test,
                                         const char   *path);
PwDemoAnswer *pw_demo_test_post         (PwDemoTest   *test,
                                         const char   *path,
                                         const char   *body);
PwDemoAnswer *pw_demo_test_claim        (PwDemoTest   *test,
                                         const char   *project_id,
                                         guint         count);
PwDemoAnswer *pw_demo_test_submit       (PwDemoTest   *test,
                                         const char   *task_id,
                                         const char   *claim_id,
                                         const char   *key);
char         *pw_demo_test_submission   (const char   *claim_id,
                                         double        active_seconds);
void          pw_demo_test_qualify      (PwDemoTest   *test,
                                         const char   *qualification_id);
void          pw_demo_answer_free       (PwDemoAnswer *answer);
const char   *pw_demo_answer_string     (PwDemoAnswer *answer,
                                         const char   *member);
const char   *pw_demo_answer_error_code (PwDemoAnswer *answer);
JsonArray    *pw_demo_answer_array      (PwDemoAnswer *answer,
                                         const char   *member);
JsonNode     *pw_demo_test_statement    (PwDemoTest   *test);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwDemoAnswer, pw_demo_answer_free)

G_END_DECLS
