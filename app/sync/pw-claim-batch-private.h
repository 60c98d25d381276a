/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-claim-batch.h"

G_BEGIN_DECLS

/* pw_claim_batch_async() with other room to keep free, for tests. */
void _pw_claim_batch_full_async (PwStore             *store,
                                 PwConnector         *client,
                                 const char          *account_id,
                                 const char          *project_id,
                                 guint                count,
                                 GFile               *media_dir,
                                 guint64              spare_bytes,
                                 PwClaimProgressFunc  progress,
                                 gpointer             progress_data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);

G_END_DECLS
