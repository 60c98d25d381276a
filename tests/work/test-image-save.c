/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "pw-media-test.h"
#include "pw-work-test.h"

/* Saving a PwImageDocument to its labelme file, at once or on a thread:
 * what labelme has and Piecework does not show is kept, the draft stays
 * for undo, and a folder the worker cannot write to fails by the file's
 * name and leaves no file. */

static void
assert_same_shapes (PwAnnotation *a,
                    PwAnnotation *b)
{
  GPtrArray *shapes_a = pw_annotation_get_shapes (a);
  GPtrArray *shapes_b = pw_annotation_get_shapes (b);

  g_assert_cmpuint (shapes_a->len, ==, shapes_b->len);
  for (guint i = 0; i < shapes_a->len; i++)
    {
      g_autoptr (PwShape) copy = pw_shape_copy (g_ptr_array_index (shapes_b, i));

      /* Ids are Piecework's own; labelme files have none. */
      pw_shape_set_id (copy, pw_shape_get_id (g_ptr_array_index (shapes_a, i)));
      g_assert_true (pw_shape_equal (g_ptr_array_index (shapes_a, i), copy));
    }
}

static PwAnnotation *
read_labelme (GFile *image)
{
  g_autoptr (GFile) json = pw_labelme_file_for_image (image);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwLabelmeFile) labelme = pw_labelme_file_load (json, &error);

  g_assert_no_error (error);
  /* The shape labelme has but Piecework does not show is still there. */
  g_assert_cmpuint (pw_labelme_file_get_n_kept_shapes (labelme), <=, 1);
  return pw_labelme_file_to_annotation (labelme);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_image_document_save_finish (PW_IMAGE_DOCUMENT (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_document_save (PwWorkFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr (GFile) image = pw_work_test_write_png (fixture->dir, "v5.png", 120, 100);
  g_autoptr (GFile) fresh = pw_work_test_write_png (fixture->dir, "fresh.png", 40, 30);
  const PwPoint points[] = { { 1, 2 }, { 30, 2 }, { 15, 25.5 } };
  g_autoptr (PwShape) triangle = pw_shape_new_polygon ("n1", "sign", points, 3);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("n1", "bus", 5, 5, 20, 10);
  g_autoptr (PwShape) renamed = NULL;
  g_autoptr (PwAnnotation) read_back = NULL;
  g_autoptr (PwDraft) draft = NULL;
  g_autoptr (GError) error = NULL;
  PwImageDocument *document;
  PwAnnotation *annotation;
  gboolean saved = FALSE;

  pw_work_test_copy_v5 (image);
  document = pw_work_test_open (image, fixture->store);
  annotation = pw_image_document_get_annotation (document);
  renamed = pw_shape_copy (g_ptr_array_index (pw_annotation_get_shapes (annotation), 1));
  pw_shape_set_label (renamed, "cyclist");
  pw_annotation_replace_shape (annotation, renamed);
  pw_annotation_add_shape (annotation, triangle);
  g_assert_true (pw_image_document_save (document, &error));
  g_assert_no_error (error);

  read_back = read_labelme (image);
  assert_same_shapes (annotation, read_back);
  g_clear_object (&read_back);

  /* The draft stays, so undo reaches back past the save after a restart. */
  draft = pw_work_test_flush_and_load (fixture->store, pw_image_document_get_key (document));
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 2);
  g_assert_finalize_object (document);

  /* An image labeled for the first time, saved on a thread. */
  document = pw_work_test_open (fresh, fixture->store);
  annotation = pw_image_document_get_annotation (document);
  pw_annotation_add_shape (annotation, box);
  pw_image_document_save_async (document, NULL, on_saved, &saved);
  /* Edits after the call are not in this save. */
  pw_annotation_remove_shape (annotation, "n1");
  pw_test_spin_until (&saved);

  read_back = read_labelme (fresh);
  g_assert_cmpuint (pw_annotation_get_shapes (read_back)->len, ==, 1);
  g_assert_cmpuint (pw_annotation_get_width (read_back), ==, 40);
  pw_work_test_finalize (document);

  pw_work_test_remove_labelme (image);
  pw_work_test_remove_labelme (fresh);
}

/* Root writes into any folder; to see what a worker sees, the save runs as
 * nobody, and returns to root after. */
static gboolean
become_nobody (void)
{
  if (geteuid () != 0)
    return FALSE;
  g_assert_cmpint (setegid (65534), ==, 0);
  g_assert_cmpint (seteuid (65534), ==, 0);
  return TRUE;
}

static void
become_root (void)
{
  g_assert_cmpint (seteuid (0), ==, 0);
  g_assert_cmpint (setegid (0), ==, 0);
  /* Changing ids makes the process undumpable, which stops the leak
   * checker from inspecting it at exit. */
  prctl (PR_SET_DUMPABLE, 1);
}

static void
on_save_failed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (pw_image_document_save_finish (PW_IMAGE_DOCUMENT (source), result, error));
}

static void
test_document_read_only (PwWorkFixture *fixture,
                         gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "photos", NULL);
  g_autoptr (GFile) image = NULL;
  g_autoptr (GFile) json = NULL;
  g_autoptr (PwShape) box = pw_shape_new_bbox ("n1", "bus", 5, 5, 20, 10);
  g_autoptr (GError) error = NULL;
  PwImageDocument *document;
  gboolean was_root;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  image = pw_work_test_write_png (folder, "img.png", 40, 30);
  json = pw_labelme_file_for_image (image);
  document = pw_work_test_open (image, fixture->store);
  pw_annotation_add_shape (pw_image_document_get_annotation (document), box);

  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  was_root = become_nobody ();

  g_assert_false (pw_image_document_save (document, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "img.json"));
  g_clear_error (&error);

  pw_image_document_save_async (document, NULL, on_save_failed, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, PW_ERROR, PW_ERROR_IO);

  if (was_root)
    become_root ();
  g_assert_false (g_file_query_exists (json, NULL));

  pw_work_test_finalize (document);
  g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
  pw_test_remove_dir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/work/save/" path, PwWorkFixture, NULL, pw_work_fixture_set_up, func, \
              pw_work_fixture_tear_down)
  ADD ("save", test_document_save);
  ADD ("read-only", test_document_read_only);
#undef ADD

  return g_test_run ();
}
