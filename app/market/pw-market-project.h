/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-annotation-check.h"
#include "pw-label-set.h"
#include "pw-money.h"

G_BEGIN_DECLS

/**
 * PwTaskKind:
 * @PW_TASK_KIND_IMAGE: boxes and polygons on an image
 * @PW_TASK_KIND_TEXT: choices, spans or a transcript of a text
 * @PW_TASK_KIND_AUDIO: segments, a transcript or choices for a recording
 *
 * What a project's tasks are.
 */
typedef enum
{
  PW_TASK_KIND_IMAGE,
  PW_TASK_KIND_TEXT,
  PW_TASK_KIND_AUDIO,
} PwTaskKind;

/**
 * PwPayUnit:
 * @PW_PAY_PER_TASK: the pay is for each task
 * @PW_PAY_PER_HOUR: the pay is for each hour
 *
 * What a project's pay is for.
 */
typedef enum
{
  PW_PAY_PER_TASK,
  PW_PAY_PER_HOUR,
} PwPayUnit;

/**
 * PwMarketMe:
 *
 * The worker as a marketplace knows them (`GET v1/me`). Immutable and
 * reference counted.
 */
typedef struct _PwMarketMe PwMarketMe;

/**
 * PwProject:
 *
 * A project a marketplace offers: its kind, pay, labels, tools and the
 * qualification it asks for. Immutable and reference counted.
 */
typedef struct _PwProject PwProject;

#define PW_TYPE_MARKET_ME (pw_market_me_get_type ())
#define PW_TYPE_PROJECT (pw_project_get_type ())

GType        pw_market_me_get_type          (void) G_GNUC_CONST;
PwMarketMe  *pw_market_me_new_from_json     (JsonNode    *node,
                                             GError     **error);
PwMarketMe  *pw_market_me_ref               (PwMarketMe  *self);
void         pw_market_me_unref             (PwMarketMe  *self);
const char  *pw_market_me_get_worker_id     (PwMarketMe  *self);
const char  *pw_market_me_get_name          (PwMarketMe  *self);
const char  *pw_market_me_get_currency      (PwMarketMe  *self);

GType        pw_project_get_type            (void) G_GNUC_CONST;
PwProject   *pw_project_new_from_json       (JsonNode    *node,
                                             const char  *what,
                                             GError     **error);
PwProject   *pw_project_ref                 (PwProject   *self);
void         pw_project_unref               (PwProject   *self);
const char  *pw_project_get_id              (PwProject   *self);
const char  *pw_project_get_name            (PwProject   *self);
PwTaskKind   pw_project_get_kind            (PwProject   *self);
const char  *pw_project_get_instructions    (PwProject   *self);
const PwMoney *pw_project_get_pay           (PwProject   *self);
PwPayUnit    pw_project_get_pay_unit        (PwProject   *self);
gboolean     pw_project_is_unpaid           (PwProject   *self);
PwLabelSet  *pw_project_get_labels          (PwProject   *self);
JsonNode    *pw_project_get_labels_json     (PwProject   *self);
const char *const *pw_project_get_tools     (PwProject   *self);
gboolean     pw_project_has_tool            (PwProject   *self,
                                             const char  *tool);
const char  *pw_project_get_choice_mode     (PwProject   *self);
PwCheckFlags pw_project_get_check_flags     (PwProject   *self);
const char  *pw_project_get_qualification   (PwProject   *self,
                                             gboolean    *passed);
gint64       pw_project_get_available_tasks (PwProject   *self);
JsonNode    *pw_project_get_json            (PwProject   *self);
const char  *pw_project_get_unsupported     (PwProject   *self);
const char  *pw_project_get_web_only       (PwProject   *self);
gboolean     pw_project_get_claims_whole   (PwProject   *self);
gboolean     pw_project_pays_outside       (PwProject   *self);

const char  *pw_task_kind_to_string         (PwTaskKind   kind);
gboolean     pw_task_kind_from_string       (const char  *text,
                                             PwTaskKind  *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMarketMe, pw_market_me_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwProject, pw_project_unref)

G_END_DECLS
