/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/**
 * PW_LEASE_ENDING_US:
 *
 * How long before a lease runs out the queue warns about it: ten minutes.
 */
#define PW_LEASE_ENDING_US (10 * G_TIME_SPAN_MINUTE)

/**
 * PwLeaseState:
 * @PW_LEASE_UNKNOWN: not yet compared with the clock
 * @PW_LEASE_NONE: the marketplace gave no lease
 * @PW_LEASE_RUNNING: more than ten minutes are left
 * @PW_LEASE_ENDING: ten minutes or less are left
 * @PW_LEASE_EXPIRED: the lease ran out
 *
 * Where a queued task's lease stands.
 */
typedef enum
{
  PW_LEASE_UNKNOWN,
  PW_LEASE_NONE,
  PW_LEASE_RUNNING,
  PW_LEASE_ENDING,
  PW_LEASE_EXPIRED,
} PwLeaseState;

#define PW_TYPE_QUEUE_TASK (pw_queue_task_get_type ())

G_DECLARE_FINAL_TYPE (PwQueueTask, pw_queue_task, PW, QUEUE_TASK, GObject)

PwQueueTask       *pw_queue_task_new               (const PwStoreTask *task,
                                                    const char        *project_name,
                                                    const char        *account_name);
const PwStoreTask *pw_queue_task_get_task          (PwQueueTask       *self);
void               pw_queue_task_set_account_name  (PwQueueTask       *self,
                                                    const char        *account_name);
void               pw_queue_task_set_task          (PwQueueTask       *self,
                                                    const PwStoreTask *task);
const char        *pw_queue_task_get_key           (PwQueueTask       *self);
const char        *pw_queue_task_get_project_name  (PwQueueTask       *self);
const char        *pw_queue_task_get_account_name  (PwQueueTask       *self);
const char        *pw_queue_task_get_kind_name     (PwQueueTask       *self);
const char        *pw_queue_task_get_pay           (PwQueueTask       *self);
const char        *pw_queue_task_get_lease_text    (PwQueueTask       *self);
PwLeaseState       pw_queue_task_get_lease_state   (PwQueueTask       *self);
gboolean           pw_queue_task_update_lease      (PwQueueTask       *self,
                                                    gint64             now);
void               pw_queue_task_set_downloading   (PwQueueTask       *self,
                                                    gboolean           downloading);
gboolean           pw_queue_task_get_downloading   (PwQueueTask       *self);
void               pw_queue_task_set_media_error   (PwQueueTask       *self,
                                                    const char        *message);
const char        *pw_queue_task_get_media_error   (PwQueueTask       *self);
const char        *pw_queue_task_get_media_text    (PwQueueTask       *self);

char              *pw_queue_task_key               (const char        *account_id,
                                                    const char        *task_id);
char              *pw_queue_task_format_lease_left            (gint64             remaining);
const char        *pw_queue_task_kind_name         (PwTaskKind         kind);

G_END_DECLS
