/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "piecework-engine.h"

/* What the tests of real platforms share: a fake CVAT or Label Studio of
 * tests/platforms run as a process of its own, its test controls, and the
 * steps of a connector's claim and submission. */

G_BEGIN_DECLS

/* Runs the main context until @condition holds; a minute at most. */
#define PW_PLATFORM_TEST_WAIT_UNTIL(condition)                             \
  G_STMT_START {                                                          \
    gint64 _deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;   \
    while (!(condition))                                                  \
      {                                                                   \
        if (g_get_monotonic_time () > _deadline)                          \
          g_error ("Timed out waiting for %s", #condition);               \
        g_main_context_iteration (NULL, FALSE);                           \
        g_usleep (1000);                                                  \
      }                                                                   \
  } G_STMT_END

/* The personal access token fake_cvat.py takes. */
#define PW_FAKE_CVAT_TOKEN "cvat-pat-0123456789"

typedef struct
{
  GSubprocess *process;
  char        *url;     /* where a client goes: prism, where it is in front */
  char        *control; /* the fake's own address, for the test's requests */
  char        *token;   /* a token it takes */
  char        *legacy;  /* Label Studio's legacy key; NULL on CVAT */
  SoupSession *session;
} PwFakePlatform;

gboolean            pw_fake_platform_can_start (void);
PwFakePlatform     *pw_fake_platform_start   (PwAccountKind    kind,
                                              gboolean         behind_prism);
void                pw_fake_platform_free    (PwFakePlatform  *fake);
JsonNode           *pw_fake_platform_ask     (PwFakePlatform  *fake,
                                              const char      *method,
                                              const char      *path,
                                              const char      *body);
void                pw_fake_platform_control (PwFakePlatform  *fake,
                                              const char      *method,
                                              const char      *path,
                                              const char      *body);

PwClaim            *pw_test_claim            (PwConnector     *connector,
                                              const char      *project_id,
                                              guint            count,
                                              GError         **error);
PwClaimBatch       *pw_test_claim_batch      (PwStore         *store,
                                              PwConnector     *connector,
                                              const char      *account_id,
                                              const char      *project_id,
                                              guint            count,
                                              const char      *media_dir);
GFile              *pw_test_fetch_media      (PwConnector     *connector,
                                              PwTask          *task,
                                              const char      *dir,
                                              GError         **error);
PwSubmissionResult *pw_test_submit           (PwConnector     *connector,
                                              const char      *task_id,
                                              const char      *key,
                                              JsonNode        *annotation,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwFakePlatform, pw_fake_platform_free)

G_END_DECLS
