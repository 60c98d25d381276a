/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* Helpers for the store tests: closing a store, made-up edits, and
 * running the main loop until a write is done. */

PwStore *pw_store_test_open         (const char  *path);
PwStore *pw_store_test_open_new     (const char  *prefix);
void     pw_store_test_close        (PwStore    **store);
char    *pw_store_test_command      (guint        seq,
                                     const char  *tag);
void     pw_store_test_run_until    (gboolean    *done);
void     pw_store_test_assert_draft (PwDraft     *draft,
                                     guint        position,
                                     ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
