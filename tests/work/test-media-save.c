/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unshare() */
#define _GNU_SOURCE
#include "pw-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "pw-media-test.h"
#include "pw-work-test.h"

/* Saving a PwMediaDocument on a disk that is full: the save fails as a
 * full disk, with a message that says what to do, the annotation file
 * saved before is whole and unchanged, no half-written file is left
 * beside it, and once there is room the same save goes through. The disk
 * is a small tmpfs in a mount namespace of the test's own. */

#define SAVED "{\n  \"choices\": [],\n  \"spans\": [\n    {\n      \"start\": 0,\n" \
              "      \"end\": 6,\n      \"label\": \"PER\"\n    }\n  ]\n}\n"

static gboolean own_mount_namespace;

static char *
fill_up (const char *dir)
{
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  static char block[4096];
  int fd = g_open (filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  while (write (fd, block, 1) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  g_close (fd, NULL);

  return g_steal_pointer (&filler);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!pw_media_document_save_finish (PW_MEDIA_DOCUMENT (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "saved");
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) entries = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (entries) != NULL)
    n++;
  return n;
}

static void
test_full_disk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  PwMediaDocument *document;
  PwAnnotation *annotation;
  GError *async_error = NULL;

  if (!own_mount_namespace)
    {
      g_test_skip ("Mounting a tmpfs needs a mount namespace of the test's own (run as root)");
      return;
    }

  dir = g_dir_make_tmp ("piecework-tmpfs-XXXXXX", NULL);
  g_assert_nonnull (dir);
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0700") != 0)
    {
      g_test_skip_printf ("Cannot mount a tmpfs: %s", g_strerror (errno));
      g_rmdir (dir);
      return;
    }

  text_path = g_build_filename (dir, "review.txt", NULL);
  json_path = g_build_filename (dir, "review.txt.json", NULL);
  g_assert_true (g_file_set_contents (text_path, "Anna went to Berlin.", -1, NULL));
  g_assert_true (g_file_set_contents (json_path, SAVED, -1, NULL));
  file = g_file_new_for_path (text_path);

  document = pw_media_document_open (file, NULL, NULL, &error);
  g_assert_no_error (error);
  annotation = pw_media_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_spans (annotation)->len, ==, 1);
  {
    g_autoptr (PwTextSpan) span = pw_text_span_new ("new", 13, 19, "LOC");

    pw_annotation_add_span (annotation, span);
  }

  filler = fill_up (dir);
  g_assert_false (pw_media_document_save (document, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "review.txt.json"));
  g_assert_nonnull (strstr (error->message, "Free some space"));
  g_clear_error (&error);

  pw_media_document_save_async (document, NULL, on_saved, &async_error);
  while (async_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async_error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_clear_error (&async_error);

  /* The old file is whole, and nothing half written is left. */
  g_assert_true (g_file_get_contents (json_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, SAVED);
  g_clear_pointer (&contents, g_free);
  g_assert_cmpuint (count_files (dir), ==, 3);

  /* Room again: the same save goes through. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (pw_media_document_save (document, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"LOC\""));
  pw_work_test_finalize (document);

  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* A namespace of its own, made while the process has one thread, so the
   * tmpfs goes away with it whatever happens. */
  own_mount_namespace = unshare (CLONE_NEWNS) == 0 &&
                        mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/work/media-save/full-disk", test_full_disk);

  return g_test_run ();
}
