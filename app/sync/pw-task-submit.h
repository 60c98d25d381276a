/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "model/pw-annotation.h"
#include "store/pw-store-tasks.h"

G_BEGIN_DECLS

char *pw_task_submit (PwStore           *store,
                      const PwStoreTask *task,
                      PwAnnotation      *annotation,
                      double             active_seconds,
                      GDateTime         *submitted_at);

G_END_DECLS
