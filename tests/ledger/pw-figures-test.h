/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* 2026-03-02 00:00:00 UTC, a Monday: the fixtures' day. */
#define PW_TEST_DAY G_GINT64_CONSTANT (1772409600000000)

gint64 pw_test_at       (int         day,
                         int         hour,
                         int         minute,
                         int         second);
void   pw_test_exec     (PwStore    *store,
                         const char *format,
                         ...);
void   pw_test_account  (PwStore    *store,
                         const char *account_id,
                         const char *name);
void   pw_test_task     (PwStore    *store,
                         const char *account_id,
                         const char *task_id,
                         const char *project_id,
                         gint64      pay_micro,
                         const char *currency,
                         const char *state);
void   pw_test_time     (PwStore    *store,
                         const char *kind,
                         const char *account_id,
                         const char *task_id,
                         const char *project_id,
                         gint64      started_at,
                         gint64      ended_at,
                         gboolean    paid);
void   pw_test_entry    (PwStore    *store,
                         const char *account_id,
                         const char *entry_id,
                         const char *type,
                         const char *status,
                         const char *task_id,
                         const char *project_id,
                         gint64      amount_micro,
                         const char *currency,
                         gint64      at,
                         double      review_score);
void   pw_test_status   (PwStore    *store,
                         const char *account_id,
                         const char *entry_id,
                         const char *status);

gint64 pw_test_count    (PwStore    *store,
                         const char *sql);
void   pw_test_pack     (PwStore    *store);
void   pw_test_assert_figures_equal (const PwFigures *a,
                                     const PwFigures *b);
void   pw_test_assert_groups_equal  (GPtrArray       *a,
                                     GPtrArray       *b);

G_END_DECLS
