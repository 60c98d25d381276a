/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "piecework-engine.h"

/* Exporting the annotations of a folder's texts and recordings to JSON
 * Lines: one line for each file with an annotation beside it, in the
 * order a file manager shows them, each with its file's SHA-256 and a
 * text's text; images and their labelme files are left to the other
 * formats, and an annotation that does not read stops the export before
 * it writes anything. */

#define REVIEW "Great \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 trip"

static char *dir;

static void
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static char *
sha256_of (const char *contents,
           gssize      length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents,
                                      length < 0 ? strlen (contents) : (gsize) length);
}

static gboolean
export (GFile   *output,
        GError **error)
{
  g_autoptr (GFile) folder = g_file_new_for_path (dir);

  return pw_export_folder (PW_EXPORT_JSONL, folder, output, NULL, NULL, NULL, error);
}

static void
test_export_jsonl (void)
{
  g_autofree char *out_path = g_build_filename (dir, "out.jsonl", NULL);
  g_autoptr (GFile) output = g_file_new_for_path (out_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *review_sha = sha256_of ("\xEF\xBB\xBF" REVIEW, -1);
  g_autofree char *talk_sha = sha256_of ("OggS\0\x02", 6);
  g_auto (GStrv) lines = NULL;
  JsonObject *line;

  g_assert_cmpint (pw_export_format_from_string ("JSONL"), ==, PW_EXPORT_JSONL);

  /* A text with a byte order mark and a span on a joined emoji, a
   * recording, a text with no annotation, an image's labelme file. */
  write_file ("review10.txt", "\xEF\xBB\xBF" REVIEW, -1);
  write_file ("review10.txt.json", "{\"choices\": [\"positive\"], "
              "\"spans\": [{\"start\": 6, \"end\": 11, \"label\": \"PER\"}]}", -1);
  write_file ("talk2.ogg", "OggS\0\x02", 6);
  write_file ("talk2.ogg.json", "{\"segments\": [{\"start\": 0.5, \"end\": 1.25, "
              "\"label\": \"speech\", \"text\": \"hi\"}], \"transcript\": \"hi\"}", -1);
  write_file ("unlabeled.txt", "nothing yet", -1);
  write_file ("street.json", "{\"version\": \"5.4.1\", \"imagePath\": \"street.jpg\", "
              "\"imageWidth\": 10, \"imageHeight\": 10, \"shapes\": []}", -1);

  g_assert_true (export (output, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (out_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");

  /* In the order a file manager shows them. */
  {
    g_autoptr (JsonNode) node = pw_json_parse (lines[0], strlen (lines[0]), "line 1", &error);

    g_assert_no_error (error);
    line = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (line, "file"), ==, "review10.txt");
    g_assert_cmpstr (json_object_get_string_member (line, "kind"), ==, "text");
    g_assert_cmpstr (json_object_get_string_member (line, "sha256"), ==, review_sha);
    g_assert_cmpstr (json_object_get_string_member (line, "text"), ==, REVIEW);
    g_assert_nonnull (strstr (lines[0], "\"annotation\":{\"choices\":[\"positive\"],"
                                        "\"spans\":[{\"start\":6,\"end\":11,\"label\":\"PER\"}]}"));
  }
  {
    g_autoptr (JsonNode) node = pw_json_parse (lines[1], strlen (lines[1]), "line 2", &error);

    g_assert_no_error (error);
    line = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (line, "file"), ==, "talk2.ogg");
    g_assert_cmpstr (json_object_get_string_member (line, "kind"), ==, "audio");
    g_assert_cmpstr (json_object_get_string_member (line, "sha256"), ==, talk_sha);
    g_assert_false (json_object_has_member (line, "text"));
    g_assert_nonnull (strstr (lines[1], "\"transcript\":\"hi\""));
    g_assert_nonnull (strstr (lines[1], "\"start\":0.5"));
  }
}

/* An annotation that no longer fits its text names the file, and the old
 * export stays as it was. */
static void
test_export_jsonl_errors (void)
{
  g_autofree char *out_path = g_build_filename (dir, "out.jsonl", NULL);
  g_autoptr (GFile) output = g_file_new_for_path (out_path);
  g_autofree char *missing_path = g_build_filename (dir, "missing", NULL);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  write_file ("out.jsonl", "old\n", -1);
  write_file ("review10.txt.json", "{\"spans\": [{\"start\": 6, \"end\": 8, \"label\": \"PER\"}]}", -1);
  g_assert_false (export (output, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "review10.txt.json"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (out_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old\n");

  write_file ("review10.txt", "caf\xE9", -1);
  g_assert_false (export (output, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "review10.txt"));
  g_clear_error (&error);

  g_assert_false (pw_export_folder (PW_EXPORT_JSONL, missing, output, NULL, NULL, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("pw-export-jsonl-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/export/jsonl", test_export_jsonl);
  g_test_add_func ("/export/jsonl-errors", test_export_jsonl_errors);
  status = g_test_run ();

  {
    g_autoptr (GDir) entries = g_dir_open (dir, 0, NULL);
    const char *name;

    while (entries != NULL && (name = g_dir_read_name (entries)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
    g_free (dir);
  }
  return status;
}
