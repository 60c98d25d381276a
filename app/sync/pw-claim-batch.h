/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "connectors/pw-connector.h"
#include "store/pw-store.h"

G_BEGIN_DECLS

/**
 * PwClaimProgressFunc:
 * @n_done: tasks whose media is in the cache (or failed)
 * @n_tasks: tasks in the claim, 0 while the claim is asked for
 * @received: bytes of the current media received
 * @total: its size, or 0 when unknown
 * @user_data: the data given with the function
 *
 * Reports how far a batch is, on the main context of the caller.
 */
typedef void (*PwClaimProgressFunc) (guint    n_done,
                                     guint    n_tasks,
                                     goffset  received,
                                     goffset  total,
                                     gpointer user_data);

/**
 * PW_CLAIM_BATCH_SPARE_BYTES:
 *
 * The room a claim's media must leave free on the disk, for the worker's
 * own work: 64 MiB.
 */
#define PW_CLAIM_BATCH_SPARE_BYTES (G_GUINT64_CONSTANT (64) * 1024 * 1024)

typedef struct _PwClaimBatch PwClaimBatch;

void         pw_claim_batch_async        (PwStore             *store,
                                          PwConnector         *client,
                                          const char          *account_id,
                                          const char          *project_id,
                                          guint                count,
                                          GFile               *media_dir,
                                          PwClaimProgressFunc  progress,
                                          gpointer             progress_data,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
PwClaimBatch *pw_claim_batch_finish      (GAsyncResult        *result,
                                          GError             **error);

void         pw_claim_batch_free         (PwClaimBatch        *batch);
const char  *pw_claim_batch_get_note     (PwClaimBatch        *batch);
const char  *pw_claim_batch_get_claim_id (PwClaimBatch        *batch);
gint64       pw_claim_batch_get_lease_expires_at (PwClaimBatch *batch);
GStrv        pw_claim_batch_get_task_ids (PwClaimBatch        *batch);
GStrv        pw_claim_batch_get_media_files (PwClaimBatch     *batch);
guint        pw_claim_batch_get_n_media_failed (PwClaimBatch  *batch);
const GError *pw_claim_batch_get_media_error (PwClaimBatch    *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwClaimBatch, pw_claim_batch_free)

G_END_DECLS
