/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <png.h>

#include "pw-media-test.h"
#include "pw-work-test.h"

/* Helpers of the tests of app/work, on top of the media tests' images. */

typedef struct
{
  PwImageDocument *document;
  gboolean         done;
} Opened;

/* A folder of its own, so what a failed run leaves is easy to tell apart. */
char *
pw_work_test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("pw-work-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Drops the last reference and waits for the object to be finalized. A
 * GTask run in a thread may hold its source object a moment after its
 * callback, and the store's writer thread must be gone before its files
 * are removed. */
void
pw_work_test_finalize (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_object_add_weak_pointer (G_OBJECT (object), &object);
  g_object_unref (object);
  while (object != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }
  g_assert_null (object);
}

GFile *
pw_work_test_write_png (const char *dir,
                        const char *name,
                        int         width,
                        int         height)
{
  g_autoptr (GBytes) png = pw_test_make_png (width, height, PNG_COLOR_TYPE_RGB, 8, FALSE, FALSE);
  g_autofree char *path = pw_test_write (dir, name, png);

  return g_file_new_for_path (path);
}

/* v5.json, as labelme 5 writes it, for a 120×100 image, beside @image. */
void
pw_work_test_copy_v5 (GFile *image)
{
  g_autoptr (GFile) source = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "formats",
                                                                                    "data", "v5.json", NULL));
  g_autoptr (GFile) json = pw_labelme_file_for_image (image);
  g_autoptr (GError) error = NULL;

  g_file_copy (source, json, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

PwImageDocument *
pw_work_test_open (GFile   *image,
                   PwStore *store)
{
  g_autoptr (GError) error = NULL;
  PwImageDocument *document = pw_image_document_open (image, store, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (PW_IS_IMAGE_DOCUMENT (document));
  return document;
}

void
pw_work_test_assert_v5_shapes (PwAnnotation *annotation)
{
  GPtrArray *shapes = pw_annotation_get_shapes (annotation);
  const char *labels[] = { "car", "person", "tree" };

  g_assert_cmpuint (shapes->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < shapes->len; i++)
    g_assert_cmpstr (pw_shape_get_label (g_ptr_array_index (shapes, i)), ==, labels[i]);
  g_assert_cmpint (pw_shape_get_shape_type (g_ptr_array_index (shapes, 0)), ==, PW_SHAPE_BBOX);
}

void
pw_work_test_remove_labelme (GFile *image)
{
  g_autoptr (GFile) json = pw_labelme_file_for_image (image);

  g_assert_true (g_file_delete (json, NULL, NULL));
}

PwDraft *
pw_work_test_flush_and_load (PwStore    *store,
                             const char *key)
{
  g_autoptr (GError) error = NULL;
  PwDraft *draft;

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  draft = pw_store_load_draft (store, key, &error);
  g_assert_no_error (error);
  return draft;
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opened *opened = user_data;
  g_autoptr (GError) error = NULL;

  opened->document = pw_image_document_open_finish (result, &error);
  g_assert_no_error (error);
  opened->done = TRUE;
}

PwImageDocument *
pw_work_test_open_async (GFile   *image,
                         PwStore *store)
{
  Opened opened = { NULL, FALSE };

  pw_image_document_open_async (image, store, NULL, on_opened, &opened);
  pw_test_spin_until (&opened.done);
  g_assert_true (PW_IS_IMAGE_DOCUMENT (opened.document));
  return opened.document;
}

/**
 * pw_work_test_open_task:
 * @key: the task's draft key
 * @tools: the task's project's tools
 *
 * Opens @image as a marketplace task's, waiting in the main loop.
 */
PwImageDocument *
pw_work_test_open_task (GFile             *image,
                        const char        *key,
                        PwAnnotationTools  tools,
                        PwStore           *store)
{
  Opened opened = { NULL, FALSE };

  pw_image_document_open_task_async (image, key, NULL, tools, store, NULL, on_opened, &opened);
  pw_test_spin_until (&opened.done);
  g_assert_true (PW_IS_IMAGE_DOCUMENT (opened.document));
  return opened.document;
}

/* The folder only looks at names, so most images here are a few bytes. */
void
pw_work_test_write_text (const char *dir,
                         const char *name,
                         const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  g_free (pw_test_write (dir, name, bytes));
}

void
pw_work_fixture_set_up (PwWorkFixture *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = pw_work_test_make_dir ();
  path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = pw_store_new_for_path (path, &error);
  g_assert_no_error (error);
}

void
pw_work_fixture_tear_down (PwWorkFixture *fixture,
                           gconstpointer  data)
{
  pw_work_test_finalize (g_steal_pointer (&fixture->store));
  pw_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}
