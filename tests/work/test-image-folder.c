/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "pw-media-test.h"
#include "pw-name-order.h"
#include "pw-work-test.h"

/* Loading a PwImageFolder: images sorted or in the order given, a folder
 * with none or a missing file refused by name, the labeled flags and the
 * labels read from labelme files and labels.txt, the labels saved so they
 * read back the same, and a change to an image's labeled flag told once.
 * Opening reads the listing and labels.txt only; the labelme files' labels
 * come after, told as they come, a damaged file told and skipped. */

/* Lets go of @object and waits until it is finalized: a task's thread
 * may still hold its source object for a moment after the answer. */
static void
finalize_soon (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_null (weak);
}

static char *
labelme_text (const char *image,
              const char *first_label,
              const char *second_label)
{
  return g_strdup_printf ("{\"version\": \"5.2.1\", \"flags\": {}, \"shapes\": ["
                          "{\"label\": \"%s\", \"points\": [[1, 1], [5, 5]], \"group_id\": null,"
                          " \"shape_type\": \"rectangle\", \"flags\": {}},"
                          "{\"label\": \"%s\", \"points\": [[1, 1], [5, 1], [3, 4]],"
                          " \"group_id\": null, \"shape_type\": \"polygon\", \"flags\": {}}],"
                          " \"imagePath\": \"%s\", \"imageData\": null,"
                          " \"imageHeight\": 10, \"imageWidth\": 10}",
                          first_label, second_label, image);
}

static GFile *
file_in (const char *dir,
         const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_new_for_path (path);
}

static PwImageFolder *
load_ok (GFile **files,
         guint   n_files)
{
  g_autoptr (GError) error = NULL;
  PwImageFolder *folder = pw_image_folder_load (files, n_files, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (PW_IS_IMAGE_FOLDER (folder));
  return folder;
}

typedef struct
{
  GPtrArray *unreadable;
  GError    *error;
  guint      n_progress;
  guint      n_read;
  guint      n_files;
  gboolean   done;
} LabelsRead;

static void
on_labels_progress (PwImageFolder *folder,
                    guint          n_read,
                    guint          n_files,
                    gpointer       user_data)
{
  LabelsRead *read = user_data;

  g_assert_cmpuint (n_read, <=, n_files);
  g_assert_cmpuint (n_read, >=, read->n_read);
  read->n_progress++;
  read->n_read = n_read;
  read->n_files = n_files;
}

static void
on_labels_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LabelsRead *read = user_data;

  read->unreadable = pw_image_folder_read_labels_finish (PW_IMAGE_FOLDER (source), result,
                                                         &read->error);
  read->done = TRUE;
}

/* Reads the labels of the folder's labelme files as the work area does
 * once the first image is shown; returns the files it could not read. */
static GPtrArray *
read_labels_full (PwImageFolder *folder,
                  GCancellable  *cancellable,
                  LabelsRead    *read)
{
  gulong id = g_signal_connect (folder, "labels-progress", G_CALLBACK (on_labels_progress), read);

  pw_image_folder_read_labels_async (folder, cancellable, on_labels_read, read);
  pw_test_spin_until (&read->done);
  g_signal_handler_disconnect (folder, id);
  return read->unreadable;
}

static void
read_labels (PwImageFolder *folder)
{
  LabelsRead read = { 0 };
  g_autoptr (GPtrArray) unreadable = read_labels_full (folder, NULL, &read);

  g_assert_no_error (read.error);
  g_assert_nonnull (unreadable);
}

static void
assert_names (PwImageFolder *folder,
              ...)
{
  const char *expected;
  va_list args;
  guint i = 0;

  va_start (args, folder);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *name = NULL;

      g_assert_cmpuint (i, <, pw_image_folder_get_n_images (folder));
      name = g_strdup (pw_image_folder_get_name (folder, i));
      g_assert_cmpstr (name, ==, expected);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (pw_image_folder_get_n_images (folder), ==, i);
}

static void
test_folder_sorted (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *sub = g_build_filename (dir, "folder.png", NULL);
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GFile) missing = file_in (dir, "img3.png");
  PwImageFolder *folder;

  pw_work_test_write_text (dir, "img10.png", "x");
  pw_work_test_write_text (dir, "img2.jpg", "x");
  pw_work_test_write_text (dir, "img1.JPEG", "x");
  pw_work_test_write_text (dir, "a.jpe", "x");
  pw_work_test_write_text (dir, ".hidden.png", "x");
  /* Hidden as file managers hide it: named in the folder's .hidden. */
  pw_work_test_write_text (dir, "secret.png", "x");
  pw_work_test_write_text (dir, ".hidden", "secret.png\nnone.png\n");
  pw_work_test_write_text (dir, "notes.txt", "x");
  pw_work_test_write_text (dir, "img10.json", "{}");
  pw_work_test_write_text (dir, "png", "x");
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  folder = load_ok (&folder_file, 1);
  assert_names (folder, "a.jpe", "img1.JPEG", "img2.jpg", "img10.png", NULL);
  g_assert_true (g_file_equal (pw_image_folder_get_folder (folder), folder_file));

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (GFile) image = pw_image_folder_dup_image (folder, i);

      g_assert_cmpint (pw_image_folder_find (folder, image), ==, i);
    }
  g_assert_cmpint (pw_image_folder_find (folder, missing), ==, -1);

  /* No labels.txt and no labelme files: no labels, but a set to add to. */
  g_assert_cmpuint (pw_label_set_get_n_labels (pw_image_folder_get_labels (folder)), ==, 0);

  finalize_soon (folder);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  pw_test_remove_dir (dir);
}

static void
test_folder_several_files (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *sub = g_build_filename (dir, "more", NULL);
  g_autofree char *sub_image = NULL;
  GFile *files[5];
  PwImageFolder *folder;

  pw_work_test_write_text (dir, "img10.png", "x");
  pw_work_test_write_text (dir, "img2.jpg", "x");
  pw_work_test_write_text (dir, "notes.txt", "x");
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  pw_work_test_write_text (sub, "z.png", "x");
  pw_work_test_write_text (sub, "b.jpg", "x");

  /* In the order given; a folder adds its own images, sorted; an image
   * given twice is listed once. */
  files[0] = file_in (dir, "img10.png");
  files[1] = file_in (dir, "notes.txt");
  files[2] = file_in (dir, "img2.jpg");
  files[3] = g_file_new_for_path (sub);
  files[4] = file_in (dir, "img10.png");

  folder = load_ok (files, G_N_ELEMENTS (files));
  assert_names (folder, "img10.png", "img2.jpg", "b.jpg", "z.png", NULL);
  {
    g_autoptr (GFile) image = pw_image_folder_dup_image (folder, 3);

    sub_image = g_file_get_path (image);
  }
  g_assert_true (g_str_has_prefix (sub_image, sub));
  g_assert_cmpstr (g_file_peek_path (pw_image_folder_get_folder (folder)), ==, dir);
  finalize_soon (folder);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  pw_test_remove_dir (sub);
  pw_test_remove_dir (dir);
}

static void
test_folder_empty (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GFile) notes = file_in (dir, "notes.txt");
  g_autoptr (GError) error = NULL;
  PwImageFolder *folder;

  pw_work_test_write_text (dir, "notes.txt", "x");
  pw_work_test_write_text (dir, ".hidden.jpg", "x");

  folder = pw_image_folder_load (&folder_file, 1, NULL, &error);
  g_assert_null (folder);
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_nonnull (strstr (error->message, "JPEG or PNG"));
  g_clear_error (&error);

  /* Only files that are not images: the message names their folder. */
  folder = pw_image_folder_load (&notes, 1, NULL, &error);
  g_assert_null (folder);
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, dir));

  pw_test_remove_dir (dir);
}

static void
test_folder_missing (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *gone = g_build_filename (dir, "gone", NULL);
  GFile *files[2];
  g_autoptr (GError) error = NULL;

  pw_work_test_write_text (dir, "img.png", "x");
  files[0] = file_in (dir, "img.png");
  files[1] = g_file_new_for_path (gone);

  g_assert_null (pw_image_folder_load (&files[1], 1, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, gone));
  g_clear_error (&error);

  /* One missing among several fails the whole: the worker meant it. */
  g_assert_null (pw_image_folder_load (files, 2, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, gone));

  g_object_unref (files[0]);
  g_object_unref (files[1]);
  pw_test_remove_dir (dir);
}

static void
assert_labels (PwLabelSet *labels,
               ...)
{
  const char *expected;
  va_list args;
  guint i = 0;

  va_start (args, labels);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, pw_label_set_get_n_labels (labels));
      g_assert_cmpstr (pw_label_get_name (pw_label_set_get_label (labels, i)), ==, expected);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (pw_label_set_get_n_labels (labels), ==, i);
}

/* Labelme files give the labeled flags and, without a labels.txt, the
 * labels in the order they first appear; a damaged one is left out. */
static void
test_folder_labelme_files (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *first = labelme_text ("img1.png", "car", "person");
  g_autofree char *third = labelme_text ("img3.png", "person", "tree");
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  PwImageFolder *folder;

  pw_work_test_write_text (dir, "img1.png", "x");
  pw_work_test_write_text (dir, "img1.json", first);
  pw_work_test_write_text (dir, "img2.png", "x");
  pw_work_test_write_text (dir, "img3.png", "x");
  pw_work_test_write_text (dir, "img3.json", third);
  pw_work_test_write_text (dir, "img4.png", "x");
  pw_work_test_write_text (dir, "img4.json", "{ \"shapes\": [ {\"label\": \"lost\"");

  folder = load_ok (&folder_file, 1);
  assert_names (folder, "img1.png", "img2.png", "img3.png", "img4.png", NULL);
  g_assert_true (pw_image_folder_get_labeled (folder, 0));
  g_assert_false (pw_image_folder_get_labeled (folder, 1));
  g_assert_true (pw_image_folder_get_labeled (folder, 2));
  g_assert_true (pw_image_folder_get_labeled (folder, 3));
  assert_labels (pw_image_folder_get_labels (folder), NULL);
  read_labels (folder);
  assert_labels (pw_image_folder_get_labels (folder), "car", "person", "tree", NULL);
  finalize_soon (folder);

  /* A labels.txt comes first, then what the files use besides. */
  pw_work_test_write_text (dir, "labels.txt", "dog\ncat #ff0000\n");
  folder = load_ok (&folder_file, 1);
  assert_labels (pw_image_folder_get_labels (folder), "dog", "cat", NULL);
  read_labels (folder);
  assert_labels (pw_image_folder_get_labels (folder), "dog", "cat", "car", "person", "tree", NULL);
  g_assert_cmpstr (pw_label_get_color (pw_label_set_get_label (pw_image_folder_get_labels (folder),
                                                               1)), ==, "#ff0000");
  finalize_soon (folder);

  pw_test_remove_dir (dir);
}

static void
test_folder_bad_labels_file (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GError) error = NULL;

  pw_work_test_write_text (dir, "img.png", "x");
  pw_work_test_write_text (dir, "labels.txt", "dog\ncat\ndog\n");

  g_assert_null (pw_image_folder_load (&folder_file, 1, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "labels.txt"));

  pw_test_remove_dir (dir);
}

typedef struct
{
  PwImageFolder *folder;
  gboolean       done;
} Loaded;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Loaded *loaded = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_null (source);
  loaded->folder = pw_image_folder_load_finish (result, &error);
  g_assert_no_error (error);
  loaded->done = TRUE;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_image_folder_save_labels_finish (PW_IMAGE_FOLDER (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static PwImageFolder *
load_async (GFile *folder_file)
{
  Loaded loaded = { NULL, FALSE };

  pw_image_folder_load_async (&folder_file, 1, NULL, on_loaded, &loaded);
  pw_test_spin_until (&loaded.done);
  g_assert_true (PW_IS_IMAGE_FOLDER (loaded.folder));
  return loaded.folder;
}

/* What the worker adds is written so that the folder reads it back the
 * same: names, colours and keys. */
static void
test_folder_save_labels (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *first = labelme_text ("img1.png", "car", "traffic light");
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GFile) labels_file = file_in (dir, "labels.txt");
  g_autoptr (PwLabelSet) read_back = NULL;
  g_autoptr (GError) error = NULL;
  PwImageFolder *folder;
  PwLabelSet *labels;
  gboolean saved = FALSE;

  pw_work_test_write_text (dir, "img1.png", "x");
  pw_work_test_write_text (dir, "img1.json", first);

  folder = load_async (folder_file);
  read_labels (folder);
  labels = pw_image_folder_get_labels (folder);
  g_assert_nonnull (pw_label_set_append (labels, "bus"));
  g_assert_nonnull (pw_label_set_append (labels, "bike"));
  pw_image_folder_save_labels_async (folder, NULL, on_saved, &saved);
  pw_test_spin_until (&saved);

  read_back = pw_label_set_new_from_file (labels_file, &error);
  g_assert_no_error (error);
  assert_labels (read_back, "car", "traffic light", "bus", "bike", NULL);
  for (guint i = 0; i < pw_label_set_get_n_labels (labels); i++)
    {
      PwLabel *want = pw_label_set_get_label (labels, i);
      PwLabel *got = pw_label_set_get_label (read_back, i);

      g_assert_cmpstr (pw_label_get_color (got), ==, pw_label_get_color (want));
      g_assert_cmpint (pw_label_get_hotkey (got), ==, pw_label_get_hotkey (want));
    }
  pw_work_test_finalize (folder);

  /* The folder now reads labels.txt: a label no file uses yet stays. */
  folder = load_async (folder_file);
  assert_labels (pw_image_folder_get_labels (folder), "car", "traffic light", "bus", "bike", NULL);
  finalize_soon (folder);

  pw_test_remove_dir (dir);
}

/* The classes of an export are the folder's labels as the label list
 * shows them, in the same order: labels.txt first, then the labels the
 * files use, first seen in the order the folder shows its images. */
static void
assert_export_agrees (GFile      *folder_file,
                      const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out_dir = pw_work_test_make_dir ();
  g_autoptr (GFile) output = g_file_new_for_path (out_dir);
  g_autoptr (GFile) classes = g_file_get_child (output, "classes.txt");
  g_autoptr (GString) shown = g_string_new (NULL);
  g_autofree char *written = NULL;
  PwImageFolder *folder = load_ok (&folder_file, 1);
  PwLabelSet *labels = pw_image_folder_get_labels (folder);

  read_labels (folder);
  for (guint i = 0; i < pw_label_set_get_n_labels (labels); i++)
    g_string_append_printf (shown, "%s\n", pw_label_get_name (pw_label_set_get_label (labels, i)));
  g_assert_cmpstr (shown->str, ==, expected);

  g_assert_true (pw_export_folder (PW_EXPORT_YOLO, folder_file, output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (classes, NULL, &written, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, expected);

  finalize_soon (folder);
  pw_test_remove_dir (out_dir);
}

static void
test_folder_labels_agree_with_export (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *second = labelme_text ("img2.png", "zebra", " cat ");
  g_autofree char *tenth = labelme_text ("img10.png", "ant", "zebra");
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);

  pw_work_test_write_text (dir, "img2.png", "x");
  pw_work_test_write_text (dir, "img2.json", second);
  pw_work_test_write_text (dir, "img10.png", "x");
  pw_work_test_write_text (dir, "img10.json", tenth);

  /* "img2" before "img10"; first seen, not sorted; named as the shapes
   * name them, so no shape loses its class. */
  assert_export_agrees (folder_file, "zebra\n cat \nant\n");

  /* A label only labels.txt names stays, and the files' others follow. */
  pw_work_test_write_text (dir, "labels.txt", "moose\nant #ff0000\n");
  assert_export_agrees (folder_file, "moose\nant\nzebra\n cat \n");

  pw_test_remove_dir (dir);
}

static void
on_image_changed (PwImageFolder *folder,
                  guint          index,
                  gpointer       user_data)
{
  GArray *changes = user_data;

  g_array_append_val (changes, index);
}

static void
test_folder_image_changed (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  PwImageFolder *folder;

  pw_work_test_write_text (dir, "a.png", "x");
  pw_work_test_write_text (dir, "b.png", "x");

  folder = load_ok (&folder_file, 1);
  g_signal_connect (folder, "image-changed", G_CALLBACK (on_image_changed), changes);

  pw_image_folder_set_labeled (folder, 1, TRUE);
  g_assert_true (pw_image_folder_get_labeled (folder, 1));
  g_assert_false (pw_image_folder_get_labeled (folder, 0));
  /* Only a change is told. */
  pw_image_folder_set_labeled (folder, 1, TRUE);
  pw_image_folder_set_labeled (folder, 0, FALSE);
  pw_image_folder_set_labeled (folder, 1, FALSE);

  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 1);
  g_assert_false (pw_image_folder_get_labeled (folder, 1));

  finalize_soon (folder);
  pw_test_remove_dir (dir);
}

/* The names of the files opened since the last call, as inotify saw them. */
static GHashTable *
drain_opens (int watch_fd)
{
  GHashTable *opened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char buffer[16384] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  ssize_t n;

  while ((n = read (watch_fd, buffer, sizeof buffer)) > 0)
    {
      for (char *at = buffer; at < buffer + n;)
        {
          const struct inotify_event *event = (const struct inotify_event *) at;

          if (event->len > 0 && (event->mask & IN_OPEN))
            g_hash_table_add (opened, g_strdup (event->name));
          at += sizeof (struct inotify_event) + event->len;
        }
    }
  return opened;
}

/* A folder of many labeled images opens from its listing and labels.txt:
 * no labelme file and no image is opened before the first image is
 * shown; the labelme files' labels come after, with progress. */
static void
test_folder_opens_from_listing (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GHashTable) opened = NULL;
  g_autoptr (GPtrArray) unreadable = NULL;
  LabelsRead read = { 0 };
  PwImageFolder *folder;
  GHashTableIter iter;
  gpointer name;
  int watch_fd;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *image = g_strdup_printf ("img%u.png", i);
      g_autofree char *json_name = g_strdup_printf ("img%u.json", i);
      g_autofree char *label = g_strdup_printf ("kind%u", i % 7);
      g_autofree char *json = labelme_text (image, label, "car");

      pw_work_test_write_text (dir, image, "x");
      /* Every third image is not labeled yet. */
      if (i % 3 != 1)
        pw_work_test_write_text (dir, json_name, json);
    }
  pw_work_test_write_text (dir, "labels.txt", "car\n");

  watch_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch_fd, >=, 0);
  g_assert_cmpint (inotify_add_watch (watch_fd, dir, IN_OPEN), >=, 0);

  folder = load_ok (&folder_file, 1);
  opened = drain_opens (watch_fd);
  g_hash_table_iter_init (&iter, opened);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_assert_cmpstr (name, ==, "labels.txt");

  g_assert_cmpuint (pw_image_folder_get_n_images (folder), ==, 40);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *image = g_strdup (pw_image_folder_get_name (folder, i));
      guint number = (guint) g_ascii_strtoull (image + 3, NULL, 10);

      g_assert_cmpint (pw_image_folder_get_labeled (folder, i), ==, number % 3 != 1);
    }
  assert_labels (pw_image_folder_get_labels (folder), "car", NULL);

  /* The labels of the files come after, in the order the folder shows
   * its images, and the progress ends at the last file. */
  unreadable = read_labels_full (folder, NULL, &read);
  g_assert_no_error (read.error);
  g_assert_cmpuint (unreadable->len, ==, 0);
  assert_labels (pw_image_folder_get_labels (folder), "car", "kind0", "kind2", "kind3", "kind5",
                 "kind6", "kind1", "kind4", NULL);
  g_assert_cmpuint (read.n_progress, >=, 1);
  g_assert_cmpuint (read.n_files, ==, 27);
  g_assert_cmpuint (read.n_read, ==, 27);
  g_clear_pointer (&opened, g_hash_table_unref);
  opened = drain_opens (watch_fd);
  g_assert_true (g_hash_table_contains (opened, "img39.json"));

  close (watch_fd);
  finalize_soon (folder);
  pw_test_remove_dir (dir);
}

/* A damaged labelme file early in the folder blocks nothing: the files
 * after it give their labels, and it is told by name. A JSON file that is
 * no image's is not told. */
static void
test_folder_damaged_labelme (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *third = labelme_text ("img3.png", "person", "tree");
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GPtrArray) unreadable = NULL;
  LabelsRead read = { 0 };
  PwImageFolder *folder;
  GError *damage;

  pw_work_test_write_text (dir, "img1.png", "x");
  pw_work_test_write_text (dir, "img1.json", "{ \"shapes\": [ {\"label\": \"lost\"");
  pw_work_test_write_text (dir, "img3.png", "x");
  pw_work_test_write_text (dir, "img3.json", third);
  pw_work_test_write_text (dir, "notes.json", "[1, 2]");

  folder = load_ok (&folder_file, 1);
  unreadable = read_labels_full (folder, NULL, &read);
  g_assert_no_error (read.error);
  assert_labels (pw_image_folder_get_labels (folder), "person", "tree", NULL);
  g_assert_cmpuint (unreadable->len, ==, 1);
  damage = g_ptr_array_index (unreadable, 0);
  g_assert_nonnull (strstr (damage->message, "img1.json"));
  g_assert_cmpuint (read.n_read, ==, 3);

  finalize_soon (folder);
  pw_test_remove_dir (dir);
}

/* Opening another folder cancels the reading: no label is added after. */
static void
test_folder_labels_cancelled (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autofree char *first = labelme_text ("img1.png", "car", "person");
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) unreadable = NULL;
  LabelsRead read = { 0 };
  PwImageFolder *folder;

  pw_work_test_write_text (dir, "img1.png", "x");
  pw_work_test_write_text (dir, "img1.json", first);

  folder = load_ok (&folder_file, 1);
  g_cancellable_cancel (cancellable);
  unreadable = read_labels_full (folder, cancellable, &read);
  g_assert_null (unreadable);
  g_assert_error (read.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&read.error);
  assert_labels (pw_image_folder_get_labels (folder), NULL);

  finalize_soon (folder);
  pw_test_remove_dir (dir);
}

/* Names the order must take as file managers do: digits by value, leading
 * zeros, dots, runs of zeros, case, other scripts, long numbers. */
static const char *const tricky_names[] = {
  "img2.png", "img10.png", "img02.png", "img002.png", "img0.png", "img00.png", "img.png",
  "img 1.png", "Img1.png", "img1.png", "a.b.png", "a1.png", "a.png", "a_1.png", "a-1.png",
  "é1.png", "e1.png", "Ä.png", "z.png", "img1.2.png", "img1.10.png", "img1a.png", "img1.jpg",
  "img1.JPEG", "0.png", "00.png", "000a.png", "00a.png", "img123456789012345678901234567890123.png",
  "img123456789012345678901234567890124.png", "img9.png", "img09.png", "img9a.png", "img9.9.png",
  "x1y2.png", "x1y10.png", "x01y2.png", "x1y02.png", "photo (2).jpg", "photo (10).jpg",
  "photo.png", "photo1.png", "Photo.png", "ñ.png", "n.png", "日本2.png", "日本10.png",
};

static char *
order_key (const char *name)
{
  g_autofree char *display = g_filename_display_name (name);

  return g_utf8_collate_key_for_filename (display, -1);
}

static int
sign (int value)
{
  return (value > 0) - (value < 0);
}

static void
test_folder_name_order (void)
{
  const char *const endings[] = { "a00", "a00b", "a0", "a", "a0b", "a.0", "a.", "a1", "a01",
                                  "a001b", "a.b", "ab", "a..b", "a1.", "a10", "a1x", "1", "01" };
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (PwNameOrder) order = pw_name_order_new ();

  for (guint i = 0; i < G_N_ELEMENTS (tricky_names); i++)
    g_ptr_array_add (names, (gpointer) tricky_names[i]);
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    g_ptr_array_add (names, (gpointer) endings[i]);

  /* Every pair as their keys compare, whichever way round. */
  for (guint i = 0; i < names->len; i++)
    for (guint j = 0; j < names->len; j++)
      {
        const char *a = g_ptr_array_index (names, i), *b = g_ptr_array_index (names, j);
        g_autofree char *key_a = order_key (a);
        g_autofree char *key_b = order_key (b);

        if (sign (pw_name_order_compare (order, a, b)) != sign (strcmp (key_a, key_b)))
          g_error ("“%s” and “%s” compare as %d, their keys as %d", a, b,
                   pw_name_order_compare (order, a, b), strcmp (key_a, key_b));
      }
}

typedef struct
{
  char *key;
  char *name;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const Keyed *) a)->key, ((const Keyed *) b)->key);
}

static void
test_folder_order_as_sorted (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  g_autoptr (GArray) keyed = g_array_new (FALSE, FALSE, sizeof (Keyed));
  PwImageFolder *folder;

  for (guint i = 0; i < G_N_ELEMENTS (tricky_names); i++)
    {
      Keyed entry = { order_key (tricky_names[i]), (char *) tricky_names[i] };

      pw_work_test_write_text (dir, tricky_names[i], "x");
      g_array_append_val (keyed, entry);
    }

  /* The order of every name's key made and sorted, as before. */
  g_array_sort (keyed, compare_keyed);
  folder = load_ok (&folder_file, 1);
  g_assert_cmpuint (pw_image_folder_get_n_images (folder), ==, keyed->len);
  for (guint i = 0; i < keyed->len; i++)
    {
      g_autofree char *key = order_key (pw_image_folder_get_name (folder, i));

      /* Names of the same key ("x1y02", "x01y2") keep the order listed. */
      g_assert_cmpstr (key, ==, g_array_index (keyed, Keyed, i).key);
      g_free (g_array_index (keyed, Keyed, i).key);
    }

  finalize_soon (folder);
  pw_test_remove_dir (dir);
}

typedef struct
{
  PwImageFolder *folder;
  GError        *error;
  gboolean       done;
  guint          n_added;
  guint          n_changes;
} Opening;

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opening *opening = user_data;

  opening->folder = pw_image_folder_load_finish (result, &opening->error);
  opening->done = TRUE;
}

static void
on_ordered (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Opening *opening = user_data;

  g_assert_true (pw_image_folder_order_finish (PW_IMAGE_FOLDER (source), result,
                                               &opening->error));
  opening->done = TRUE;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Opening *opening = user_data;

  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position, ==, opening->n_added);
  opening->n_added += added;
  opening->n_changes++;
}

/* Opened on a thread, a folder knows where the work starts, the first
 * image without a labelme file, before the others have their places; its
 * list is empty until they are put in order, then fills in the order of
 * pw_image_folder_load(). */
static void
test_folder_start_before_order (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  Opening opening = { NULL };
  PwImageFolder *ordered;
  gulong id;

  for (guint i = 1; i <= 3000; i++)
    {
      g_autofree char *image = g_strdup_printf ("img%u.png", i);

      pw_work_test_write_text (dir, image, "x");
      if (i < 10)
        {
          g_autofree char *json_name = g_strdup_printf ("img%u.json", i);

          pw_work_test_write_text (dir, json_name, "{}");
        }
    }

  pw_image_folder_load_async (&folder_file, 1, NULL, on_opened, &opening);
  pw_test_spin_until (&opening.done);
  g_assert_no_error (opening.error);
  g_assert_false (pw_image_folder_is_ordered (opening.folder));
  g_assert_cmpuint (pw_image_folder_get_n_images (opening.folder), ==, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (opening.folder)), ==, 0);
  g_assert_cmpuint (pw_image_folder_get_start (opening.folder), ==, 9);
  g_assert_cmpstr (pw_image_folder_get_name (opening.folder, 9), ==, "img10.png");
  g_assert_false (pw_image_folder_get_labeled (opening.folder, 9));
  g_assert_null (pw_image_folder_get_name (opening.folder, 0));
  g_assert_null (pw_image_folder_get_name (opening.folder, 10));

  opening.done = FALSE;
  id = g_signal_connect (opening.folder, "items-changed", G_CALLBACK (on_items_changed), &opening);
  pw_image_folder_order_async (opening.folder, NULL, on_ordered, &opening);
  pw_test_spin_until (&opening.done);
  g_assert_no_error (opening.error);
  g_signal_handler_disconnect (opening.folder, id);
  g_assert_true (pw_image_folder_is_ordered (opening.folder));
  g_assert_cmpuint (opening.n_added, ==, 3000);
  g_assert_cmpuint (pw_image_folder_get_start (opening.folder), ==, 9);

  ordered = load_ok (&folder_file, 1);
  g_assert_cmpuint (pw_image_folder_get_start (ordered), ==, 9);
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr (GFile) item = g_list_model_get_item (G_LIST_MODEL (opening.folder), i);
      g_autofree char *basename = g_file_get_basename (item);

      g_assert_cmpstr (pw_image_folder_get_name (opening.folder, i), ==,
                       pw_image_folder_get_name (ordered, i));
      g_assert_cmpstr (basename, ==, pw_image_folder_get_name (ordered, i));
      g_assert_cmpint (pw_image_folder_get_labeled (opening.folder, i), ==,
                       pw_image_folder_get_labeled (ordered, i));
    }

  finalize_soon (ordered);
  finalize_soon (opening.folder);
  pw_test_remove_dir (dir);
}

/* A folder keeps its images' names, all in one block of memory, and no
 * object per image: the list makes a file for the rows it shows. */
static void
test_folder_names_only (void)
{
  g_autofree char *dir = pw_work_test_make_dir ();
  g_autoptr (GFile) folder_file = g_file_new_for_path (dir);
  const char *lowest = NULL, *highest = NULL;
  gsize listed = 0;
  PwImageFolder *folder;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *image = g_strdup_printf ("photo-%u.jpg", i);

      pw_work_test_write_text (dir, image, "x");
      listed += strlen (image) + 1;
    }
  pw_work_test_write_text (dir, "photo-7.json", "{}");
  listed += strlen ("photo-7.json") + 1;

  folder = load_ok (&folder_file, 1);
  for (guint i = 0; i < 500; i++)
    {
      const char *name = pw_image_folder_get_name (folder, i);

      if (lowest == NULL || name < lowest)
        lowest = name;
      if (highest == NULL || name + strlen (name) + 1 > highest)
        highest = name + strlen (name) + 1;
    }
  g_assert_cmpuint (highest - lowest, <=, listed);

  finalize_soon (folder);
  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/work/folder/sorted", test_folder_sorted);
  g_test_add_func ("/work/folder/several-files", test_folder_several_files);
  g_test_add_func ("/work/folder/empty", test_folder_empty);
  g_test_add_func ("/work/folder/missing", test_folder_missing);
  g_test_add_func ("/work/folder/labelme-files", test_folder_labelme_files);
  g_test_add_func ("/work/folder/bad-labels-file", test_folder_bad_labels_file);
  g_test_add_func ("/work/folder/labels-agree-with-export", test_folder_labels_agree_with_export);
  g_test_add_func ("/work/folder/save-labels", test_folder_save_labels);
  g_test_add_func ("/work/folder/image-changed", test_folder_image_changed);
  g_test_add_func ("/work/folder/opens-from-listing", test_folder_opens_from_listing);
  g_test_add_func ("/work/folder/damaged-labelme", test_folder_damaged_labelme);
  g_test_add_func ("/work/folder/labels-cancelled", test_folder_labels_cancelled);
  g_test_add_func ("/work/folder/name-order", test_folder_name_order);
  g_test_add_func ("/work/folder/order-as-sorted", test_folder_order_as_sorted);
  g_test_add_func ("/work/folder/start-before-order", test_folder_start_before_order);
  g_test_add_func ("/work/folder/names-only", test_folder_names_only);

  return g_test_run ();
}
