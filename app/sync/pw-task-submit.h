/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "model/pw-annotation.h"
#include "store/pw-store-tasks.h"

/* Submitting a worked task: pw_task_submit() marks it submitted and queues
 * its submission, with a new Idempotency-Key, in the outbox in the same
 * transaction, so a crash leaves both or neither; the sync worker sends it. */

G_BEGIN_DECLS

char *pw_task_submit (PwStore           *store,
                      const PwStoreTask *task,
                      PwAnnotation      *annotation,
                      double             active_seconds,
                      GDateTime         *submitted_at);

G_END_DECLS
