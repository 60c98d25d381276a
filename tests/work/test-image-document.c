/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-media-test.h"
#include "pw-work-test.h"

/* Opening a PwImageDocument: a new image starts empty, a file that is not
 * an image or is missing is refused by name, a labelme file's shapes land
 * on the image as shown, turned and scaled, a damaged labelme file is
 * refused and left as it is, every edit reaches the store so undo and redo
 * reach back past a restart, a damaged draft gives way to the labelme
 * file, and a task's draft made before images kept their choices opens
 * with none chosen yet. */

static void
test_document_new_image (PwWorkFixture *fixture,
                         gconstpointer  data)
{
  g_autoptr (GFile) image = pw_work_test_write_png (fixture->dir, "new.png", 40, 30);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (40, 30, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) turned = pw_test_with_orientation (jpeg, 6, FALSE);
  g_autofree char *turned_path = pw_test_write (fixture->dir, "turned.jpg", turned);
  g_autoptr (GFile) turned_image = g_file_new_for_path (turned_path);
  g_autofree char *uri = g_file_get_uri (image);
  PwImageDocument *document;
  PwAnnotation *annotation;

  document = pw_work_test_open (image, NULL);
  annotation = pw_image_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_width (annotation), ==, 40);
  g_assert_cmpuint (pw_annotation_get_height (annotation), ==, 30);
  g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, 0);
  g_assert_false (pw_image_document_get_restored (document));
  g_assert_cmpstr (pw_image_document_get_key (document), ==, uri);
  g_assert_true (g_str_has_prefix (pw_image_document_get_key (document), "file://"));
  g_assert_true (g_file_equal (pw_image_document_get_image (document), image));
  g_assert_finalize_object (document);

  /* Shapes are placed on the image as shown: turned a quarter, 30×40. */
  document = pw_work_test_open (turned_image, NULL);
  annotation = pw_image_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_width (annotation), ==, 30);
  g_assert_cmpuint (pw_annotation_get_height (annotation), ==, 40);
  g_assert_finalize_object (document);
}

static void
test_document_not_an_image (PwWorkFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr (GBytes) text = g_bytes_new_static ("hello", 5);
  g_autofree char *path = pw_test_write (fixture->dir, "fake.png", text);
  g_autoptr (GFile) image = g_file_new_for_path (path);
  g_autoptr (GFile) missing = NULL;
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.png", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_null (pw_image_document_open (image, fixture->store, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "fake.png"));
  g_clear_error (&error);

  missing = g_file_new_for_path (missing_path);
  g_assert_null (pw_image_document_open (missing, fixture->store, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.png"));
}

/* The bytes this thread has read from files so far. */
static guint64
bytes_read (void)
{
  g_autofree char *io = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/thread-self/io", &io, NULL, NULL));
  line = strstr (io, "rchar: ");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("rchar: "), NULL, 10);
}

/* A document needs only its image's size: it reads the header of a
 * camera's photo, not its megabytes, which the view decodes apart. */
static void
test_document_reads_header (PwWorkFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (400, 300, PW_TEST_JPEG_RGB);
  g_autoptr (GByteArray) large = g_byte_array_new ();
  g_autoptr (GBytes) photo = NULL;
  g_autofree guint8 *rest = g_malloc0 (4 * 1024 * 1024);
  g_autofree char *path = NULL;
  g_autoptr (GFile) image = NULL;
  PwImageDocument *document;
  guint64 before;

  /* What follows the image's end is left alone by the decoder: the file
   * is as large as a photo's. */
  g_byte_array_append (large, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_byte_array_append (large, rest, 4 * 1024 * 1024);
  photo = g_byte_array_free_to_bytes (g_steal_pointer (&large));
  path = pw_test_write (fixture->dir, "photo.jpg", photo);
  image = g_file_new_for_path (path);

  before = bytes_read ();
  document = pw_image_document_open (image, fixture->store, NULL, NULL);
  g_assert_nonnull (document);
  g_assert_cmpuint (bytes_read () - before, <, 512 * 1024);
  g_assert_cmpuint (pw_annotation_get_width (pw_image_document_get_annotation (document)), ==, 400);
  g_assert_cmpuint (pw_annotation_get_height (pw_image_document_get_annotation (document)), ==, 300);
  g_assert_finalize_object (document);
}

static void
test_document_labelme (PwWorkFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr (GFile) image = pw_work_test_write_png (fixture->dir, "v5.png", 120, 100);
  g_autoptr (GFile) small = pw_work_test_write_png (fixture->dir, "small.png", 60, 50);
  g_autoptr (GFile) broken = pw_work_test_write_png (fixture->dir, "broken.png", 60, 50);
  g_autoptr (GFile) broken_json = pw_labelme_file_for_image (broken);
  g_autoptr (GError) error = NULL;
  PwImageDocument *document;
  PwAnnotation *annotation;

  pw_work_test_copy_v5 (image);
  document = pw_work_test_open (image, NULL);
  annotation = pw_image_document_get_annotation (document);
  pw_work_test_assert_v5_shapes (annotation);
  g_assert_cmpuint (pw_annotation_get_width (annotation), ==, 120);
  g_assert_false (pw_image_document_get_restored (document));
  g_assert_finalize_object (document);

  /* A file written for a larger copy keeps its shapes; the annotation
   * takes the size of the image it is drawn on. */
  pw_work_test_copy_v5 (small);
  document = pw_work_test_open (small, NULL);
  annotation = pw_image_document_get_annotation (document);
  pw_work_test_assert_v5_shapes (annotation);
  g_assert_cmpuint (pw_annotation_get_width (annotation), ==, 60);
  g_assert_cmpuint (pw_annotation_get_height (annotation), ==, 50);
  g_assert_finalize_object (document);

  /* A damaged labelme file is not replaced by an empty one. */
  g_file_replace_contents (broken_json, "{\"shapes\": 3", 12, NULL, FALSE, G_FILE_CREATE_NONE,
                           NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (pw_image_document_open (broken, NULL, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "broken.json"));

  pw_work_test_remove_labelme (image);
  pw_work_test_remove_labelme (small);
  pw_work_test_remove_labelme (broken);
}

static char *
shapes_of (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);

  return pw_json_to_string (node, FALSE);
}

/* Every edit reaches the store, and the next open, as after a restart,
 * finds the shapes and the history as they were, undo position included. */
static void
test_document_store (PwWorkFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr (GFile) image = pw_work_test_write_png (fixture->dir, "v5.png", 120, 100);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("n1", "bus", 5, 5, 20, 10);
  g_autoptr (PwShape) renamed = NULL;
  g_autoptr (PwDraft) draft = NULL;
  g_autofree char *key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PwImageDocument *document;
  PwAnnotation *annotation;

  pw_work_test_copy_v5 (image);
  document = pw_work_test_open_async (image, fixture->store);
  key = g_strdup (pw_image_document_get_key (document));
  annotation = pw_image_document_get_annotation (document);
  g_assert_false (pw_image_document_get_restored (document));

  /* Opened with no draft: the labelme file's shapes are its start. */
  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_nonnull (draft);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 0);
  g_assert_nonnull (strstr (pw_draft_get_snapshot (draft), "person"));
  g_clear_pointer (&draft, pw_draft_unref);

  pw_annotation_add_shape (annotation, box);
  renamed = pw_shape_copy (g_ptr_array_index (pw_annotation_get_shapes (annotation), 0));
  pw_shape_set_label (renamed, "truck");
  pw_annotation_replace_shape (annotation, renamed);
  pw_annotation_remove_shape (annotation, "s3");
  g_assert_true (pw_annotation_undo (annotation));

  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 3);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 2);
  g_clear_pointer (&draft, pw_draft_unref);

  before = shapes_of (annotation);
  g_assert_finalize_object (document);

  document = pw_work_test_open (image, fixture->store);
  annotation = pw_image_document_get_annotation (document);
  g_assert_true (pw_image_document_get_restored (document));
  after = shapes_of (annotation);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 3);
  g_assert_cmpuint (pw_annotation_get_position (annotation), ==, 2);

  /* Redo works after the restart, and is kept too. */
  g_assert_true (pw_annotation_redo (annotation));
  g_assert_null (pw_annotation_lookup_shape (annotation, "s3"));
  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 3);
  g_clear_pointer (&draft, pw_draft_unref);
  g_assert_finalize_object (document);

  document = pw_work_test_open_async (image, fixture->store);
  g_assert_true (pw_image_document_get_restored (document));
  g_assert_cmpuint (pw_annotation_get_position (pw_image_document_get_annotation (document)), ==, 3);
  g_assert_finalize_object (document);

  pw_work_test_remove_labelme (image);
}

/* A draft that does not rebuild gives way to the labelme file, with a
 * warning, and a new draft starts from it. */
static void
test_document_damaged_draft (PwWorkFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr (GFile) image = pw_work_test_write_png (fixture->dir, "v5.png", 120, 100);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("n1", "bus", 5, 5, 20, 10);
  g_autoptr (PwDraft) draft = NULL;
  g_autofree char *key = NULL;
  PwImageDocument *document;

  pw_work_test_copy_v5 (image);
  document = pw_work_test_open (image, fixture->store);
  key = g_strdup (pw_image_document_get_key (document));
  pw_annotation_add_shape (pw_image_document_get_annotation (document), box);
  g_assert_finalize_object (document);

  pw_store_append_command (fixture->store, key, 1, "{\"kind\": \"nonsense\"}");
  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 2);
  g_clear_pointer (&draft, pw_draft_unref);

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*damaged*");
  document = pw_work_test_open (image, fixture->store);
  g_test_assert_expected_messages ();
  g_assert_false (pw_image_document_get_restored (document));
  pw_work_test_assert_v5_shapes (pw_image_document_get_annotation (document));

  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 0);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 0);
  g_clear_pointer (&draft, pw_draft_unref);
  g_assert_finalize_object (document);

  document = pw_work_test_open (image, fixture->store);
  g_assert_true (pw_image_document_get_restored (document));
  pw_work_test_assert_v5_shapes (pw_image_document_get_annotation (document));
  g_assert_finalize_object (document);

  pw_work_test_remove_labelme (image);
}

static char *
choices_of (PwAnnotation *annotation)
{
  return g_strjoinv (",", (GStrv) pw_annotation_get_choices (annotation));
}

/* A task's image drafted while images kept no choices: its project
 * classifies it, so the draft opens with the choice tool and no choice,
 * its shapes and undo kept; a choice made then is kept past a restart. */
static void
test_document_draft_before_choices (PwWorkFixture *fixture,
                                    gconstpointer  data)
{
  g_autoptr (GFile) image = pw_work_test_write_png (fixture->dir, "tagged.png", 40, 30);
  g_autoptr (PwShape) box = pw_shape_new_bbox ("b1", "car", 2, 2, 10, 10);
  g_autoptr (PwDraft) draft = NULL;
  g_autofree char *choices = NULL;
  static const char *const night[] = { "night", NULL };
  const char *key = "task:acct-old/t-old";
  PwImageDocument *document;
  PwAnnotation *annotation;

  /* As such a draft was written: the snapshot of shapes alone. */
  document = pw_work_test_open_task (image, key, PW_ANNOTATION_TOOL_SHAPES, fixture->store);
  annotation = pw_image_document_get_annotation (document);
  g_assert_false (pw_annotation_get_tools (annotation) & PW_ANNOTATION_TOOL_CHOICE);
  pw_annotation_add_shape (annotation, box);
  g_assert_finalize_object (document);
  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_null (strstr (pw_draft_get_snapshot (draft), "choices"));
  g_clear_pointer (&draft, pw_draft_unref);

  document = pw_work_test_open_task (image, key,
                                     PW_ANNOTATION_TOOL_SHAPES | PW_ANNOTATION_TOOL_CHOICE,
                                     fixture->store);
  annotation = pw_image_document_get_annotation (document);
  g_assert_true (pw_image_document_get_restored (document));
  g_assert_true (pw_annotation_get_tools (annotation) & PW_ANNOTATION_TOOL_CHOICE);
  g_assert_cmpuint (g_strv_length ((GStrv) pw_annotation_get_choices (annotation)), ==, 0);
  g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, 1);
  g_assert_true (pw_annotation_can_undo (annotation));
  pw_annotation_set_choices (annotation, night);
  g_assert_finalize_object (document);

  /* The choice replays on the same old snapshot, undo included. */
  document = pw_work_test_open_task (image, key,
                                     PW_ANNOTATION_TOOL_SHAPES | PW_ANNOTATION_TOOL_CHOICE,
                                     fixture->store);
  annotation = pw_image_document_get_annotation (document);
  g_assert_true (pw_image_document_get_restored (document));
  choices = choices_of (annotation);
  g_assert_cmpstr (choices, ==, "night");
  g_assert_cmpuint (pw_annotation_get_shapes (annotation)->len, ==, 1);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 2);
  g_assert_true (pw_annotation_undo (annotation));
  g_clear_pointer (&choices, g_free);
  choices = choices_of (annotation);
  g_assert_cmpstr (choices, ==, "");
  g_assert_finalize_object (document);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/work/document/" path, PwWorkFixture, NULL, pw_work_fixture_set_up, func, \
              pw_work_fixture_tear_down)
  ADD ("new-image", test_document_new_image);
  ADD ("not-an-image", test_document_not_an_image);
  ADD ("reads-header", test_document_reads_header);
  ADD ("labelme", test_document_labelme);
  ADD ("store", test_document_store);
  ADD ("damaged-draft", test_document_damaged_draft);
  ADD ("draft-before-choices", test_document_draft_before_choices);
#undef ADD

  return g_test_run ();
}
