/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-market-project.h"
#include "pw-money.h"

G_BEGIN_DECLS

/**
 * PwMedia:
 *
 * Where a task's image or recording is, and what it must be: its SHA-256
 * and size, when the marketplace gives them. Immutable and reference
 * counted.
 */
typedef struct _PwMedia PwMedia;

/**
 * PwTask:
 *
 * One task of a claim. Immutable and reference counted.
 */
typedef struct _PwTask PwTask;

/**
 * PwClaim:
 *
 * A batch of tasks held for the worker until its lease runs out.
 * Immutable and reference counted.
 */
typedef struct _PwClaim PwClaim;

/**
 * PwSubmissionStatus:
 * @PW_SUBMISSION_PENDING_REVIEW: the marketplace will review the work
 * @PW_SUBMISSION_APPROVED: the marketplace approved the work at once
 *
 * What became of a submission.
 */
typedef enum
{
  PW_SUBMISSION_PENDING_REVIEW,
  PW_SUBMISSION_APPROVED,
} PwSubmissionStatus;

/**
 * PwSubmissionResult:
 *
 * The marketplace's receipt for a submission. Immutable and reference
 * counted.
 */
typedef struct _PwSubmissionResult PwSubmissionResult;

#define PW_TYPE_MEDIA (pw_media_get_type ())
#define PW_TYPE_TASK (pw_task_get_type ())
#define PW_TYPE_CLAIM (pw_claim_get_type ())
#define PW_TYPE_SUBMISSION_RESULT (pw_submission_result_get_type ())

GType         pw_media_get_type         (void) G_GNUC_CONST;
PwMedia      *pw_media_new              (const char  *url,
                                         const char  *sha256,
                                         gint64       bytes);
PwMedia      *pw_media_ref              (PwMedia     *self);
void          pw_media_unref            (PwMedia     *self);
const char   *pw_media_get_url          (PwMedia     *self);
const char   *pw_media_get_sha256       (PwMedia     *self);
gint64        pw_media_get_bytes        (PwMedia     *self);

GType         pw_task_get_type          (void) G_GNUC_CONST;
PwTask       *pw_task_new_from_json     (JsonNode    *node,
                                         const char  *what,
                                         GError     **error);
PwTask       *pw_task_ref               (PwTask      *self);
void          pw_task_unref             (PwTask      *self);
const char   *pw_task_get_id            (PwTask      *self);
const char   *pw_task_get_project_id    (PwTask      *self);
PwTaskKind    pw_task_get_kind          (PwTask      *self);
const PwMoney *pw_task_get_pay          (PwTask      *self);
PwMedia      *pw_task_get_media         (PwTask      *self);
const char   *pw_task_get_text          (PwTask      *self);
JsonNode     *pw_task_get_prefill       (PwTask      *self);
JsonNode     *pw_task_get_json          (PwTask      *self);

GType         pw_claim_get_type         (void) G_GNUC_CONST;
PwClaim      *pw_claim_new_from_json    (JsonNode    *node,
                                         GError     **error);
PwClaim      *pw_claim_ref              (PwClaim     *self);
void          pw_claim_unref            (PwClaim     *self);
const char   *pw_claim_get_id           (PwClaim     *self);
GDateTime    *pw_claim_get_lease_expires_at (PwClaim *self);
const char   *pw_claim_get_note         (PwClaim     *self);
GPtrArray    *pw_claim_get_tasks        (PwClaim     *self);

GType               pw_submission_result_get_type        (void) G_GNUC_CONST;
PwSubmissionResult *pw_submission_result_new_from_json   (JsonNode           *node,
                                                          gboolean            replayed,
                                                          GError            **error);
PwSubmissionResult *pw_submission_result_ref             (PwSubmissionResult *self);
void                pw_submission_result_unref           (PwSubmissionResult *self);
const char         *pw_submission_result_get_id          (PwSubmissionResult *self);
const char         *pw_submission_result_get_task_id     (PwSubmissionResult *self);
PwSubmissionStatus  pw_submission_result_get_status      (PwSubmissionResult *self);
gboolean            pw_submission_result_is_replay       (PwSubmissionResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMedia, pw_media_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTask, pw_task_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwClaim, pw_claim_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwSubmissionResult, pw_submission_result_unref)

G_END_DECLS
