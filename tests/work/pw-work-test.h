/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* A folder of its own with a store in it. */
typedef struct
{
  char    *dir;
  PwStore *store;
} PwWorkFixture;

void             pw_work_fixture_set_up        (PwWorkFixture  *fixture,
                                                gconstpointer   data);
void             pw_work_fixture_tear_down     (PwWorkFixture  *fixture,
                                                gconstpointer   data);


char            *pw_work_test_make_dir         (void);
void             pw_work_test_write_text       (const char     *dir,
                                                const char     *name,
                                                const char     *text);
GFile           *pw_work_test_write_png        (const char     *dir,
                                                const char     *name,
                                                int             width,
                                                int             height);
void             pw_work_test_copy_v5          (GFile          *image);
void             pw_work_test_remove_labelme   (GFile          *image);
void             pw_work_test_assert_v5_shapes (PwAnnotation   *annotation);

void             pw_work_test_finalize         (gpointer        object);
PwDraft         *pw_work_test_flush_and_load   (PwStore        *store,
                                                const char     *key);
PwImageDocument *pw_work_test_open             (GFile          *image,
                                                PwStore        *store);
PwImageDocument *pw_work_test_open_async       (GFile          *image,
                                                PwStore        *store);
PwImageDocument *pw_work_test_open_task        (GFile             *image,
                                                const char        *key,
                                                PwAnnotationTools  tools,
                                                PwStore           *store);

G_END_DECLS
