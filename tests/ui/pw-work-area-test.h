/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Tasks for the work area of a real window: claimed from the demo
 * marketplace, or of a project whose only tool is a yes-or-no choice,
 * written to the store by hand. */

#include "pw-application.h"

G_BEGIN_DECLS

/* An account the demo marketplace does not know: its submissions wait in
 * the outbox. */
#define PW_WORK_AREA_TEST_YES_NO_ACCOUNT "acct-yes-no"

PwClaimBatch *pw_work_area_test_claim       (PwStore          *store,
                                             PwAccountManager *accounts,
                                             const char       *project,
                                             guint             n);
void          pw_work_area_test_save_yes_no (PwStore          *store);
void          pw_work_area_test_add_yes_no  (PwStore          *store,
                                             const char       *task_id,
                                             gint64            lease);

G_END_DECLS
