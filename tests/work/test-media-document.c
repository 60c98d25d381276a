/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-media-test.h"
#include "pw-work-test.h"

/* Opening and saving a PwMediaDocument: a text or a recording of the
 * worker's own saves beside it as the contract's Annotation and reads
 * back the same, offsets of emoji and joined sequences included; every
 * edit reaches the store, so undo reaches back past a restart, and a
 * draft made on another version of the text is set aside; a task opens
 * from its prefill when it fits; what is not a text or a recording is
 * refused by name and place; an annotation file that does not read is
 * left as it is and kept aside when the worker saves. */

/* Joined emoji (a family, a flag), a letter and its combining accent,
 * CJK and Hebrew, 32 code points in all. */
#define TEXT "Family \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 " \
             "cafe\xCC\x81 \xE6\x9D\xB1\xE4\xBA\xAC \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA ok"
/* The family: code points 7 to 12. */
#define FAMILY_START 7
#define FAMILY_END 12
/* “café” with its combining accent: 13 to 18. */
#define CAFE_START 13
#define CAFE_END 18

static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr (GBytes) bytes = g_bytes_new (contents, length < 0 ? strlen (contents) : (gsize) length);
  g_autofree char *path = pw_test_write (dir, name, bytes);

  return g_file_new_for_path (path);
}

/* A WAV file of a tenth of a second of silence, 16 kHz mono. */
static GFile *
write_wav (const char *dir,
           const char *name)
{
  guint8 wav[44 + 3200] = { 0 };
  guint32 data_size = 3200;
  guint32 riff_size = 36 + data_size;
  guint32 fmt_size = 16, rate = 16000, byte_rate = 32000;
  guint16 pcm = 1, channels = 1, block = 2, bits = 16;

  memcpy (wav, "RIFF", 4);
  memcpy (wav + 4, &riff_size, 4);
  memcpy (wav + 8, "WAVEfmt ", 8);
  memcpy (wav + 16, &fmt_size, 4);
  memcpy (wav + 20, &pcm, 2);
  memcpy (wav + 22, &channels, 2);
  memcpy (wav + 24, &rate, 4);
  memcpy (wav + 28, &byte_rate, 4);
  memcpy (wav + 32, &block, 2);
  memcpy (wav + 34, &bits, 2);
  memcpy (wav + 36, "data", 4);
  memcpy (wav + 40, &data_size, 4);
  return write_file (dir, name, (const char *) wav, sizeof wav);
}

static char *
read_file (GFile *file)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
annotation_text (PwAnnotation *annotation)
{
  g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);

  return pw_json_to_string (node, FALSE);
}

static PwMediaDocument *
open_document (GFile   *file,
               PwStore *store)
{
  g_autoptr (GError) error = NULL;
  PwMediaDocument *document = pw_media_document_open (file, store, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (PW_IS_MEDIA_DOCUMENT (document));
  return document;
}

typedef struct
{
  PwMediaDocument *document;
  GError          *error;
  gboolean         done;
} Opened;

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opened *opened = user_data;

  opened->document = pw_media_document_open_finish (result, &opened->error);
  opened->done = TRUE;
}

static PwMediaDocument *
open_document_async (GFile   *file,
                     PwStore *store)
{
  Opened opened = { NULL, NULL, FALSE };

  pw_media_document_open_async (file, store, NULL, on_opened, &opened);
  pw_test_spin_until (&opened.done);
  g_assert_no_error (opened.error);
  g_assert_true (PW_IS_MEDIA_DOCUMENT (opened.document));
  return opened.document;
}

static GError *
open_fails (GFile *file)
{
  Opened opened = { NULL, NULL, FALSE };
  g_autoptr (GError) error = NULL;

  /* The same refusal at once and on a thread. */
  g_assert_null (pw_media_document_open (file, NULL, NULL, &error));
  g_assert_nonnull (error);
  pw_media_document_open_async (file, NULL, NULL, on_opened, &opened);
  pw_test_spin_until (&opened.done);
  g_assert_null (opened.document);
  g_assert_nonnull (opened.error);
  g_assert_cmpint (opened.error->code, ==, error->code);
  g_assert_cmpstr (opened.error->message, ==, error->message);
  g_clear_error (&opened.error);
  return g_steal_pointer (&error);
}

static void
add_span (PwAnnotation *annotation,
          guint         start,
          guint         end,
          const char   *label)
{
  g_autofree char *id = pw_annotation_new_span_id (annotation);
  g_autoptr (PwTextSpan) span = pw_text_span_new (id, start, end, label);

  pw_annotation_add_span (annotation, span);
}

static void
add_segment (PwAnnotation *annotation,
             double        start,
             double        end,
             const char   *label,
             const char   *text)
{
  g_autofree char *id = pw_annotation_new_segment_id (annotation);
  g_autoptr (PwSegment) segment = pw_segment_new (id, start, end, label, text);
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_annotation_add_segment (annotation, segment, &error));
  g_assert_no_error (error);
}

static void
test_can_open (void)
{
  const char *yes[] = { "a.txt", "B.TXT", "c.wav", "d.ogg", "e.oga", "f.opus", "g.MP3", "h.flac" };
  const char *no[] = { "a.json", "a.txt.json", "b.png", "c", "d.wav.unreadable", ".txt", "e.m4a" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (yes[i]);

      g_assert_true (pw_media_document_can_open (file));
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (no[i]);

      g_assert_false (pw_media_document_can_open (file));
    }
}

/* The annotation file takes the whole name, so a labelme file of an image
 * of the same stem is another file. */
static void
test_annotation_file_name (void)
{
  g_autoptr (GFile) recording = g_file_new_for_path ("/tmp/x/interview.wav");
  g_autoptr (GFile) image = g_file_new_for_path ("/tmp/x/interview.png");
  g_autoptr (GFile) json = pw_media_document_annotation_file_for (recording);
  g_autoptr (GFile) labelme = pw_labelme_file_for_image (image);
  g_autofree char *path = g_file_get_path (json);

  g_assert_cmpstr (path, ==, "/tmp/x/interview.wav.json");
  g_assert_false (g_file_equal (json, labelme));
}

static void
test_text_round_trip (PwWorkFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr (GFile) file = write_file (fixture->dir, "review.txt", "\xEF\xBB\xBF" TEXT, -1);
  g_autoptr (GFile) json = pw_media_document_annotation_file_for (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *saved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  PwMediaDocument *document;
  PwAnnotation *annotation;
  PwLabelSet *labels;
  JsonObject *root;

  pw_work_test_write_text (fixture->dir, "labels.txt", "PER\nORG\n");
  document = open_document (file, fixture->store);
  g_assert_cmpint (pw_media_document_get_kind (document), ==, PW_TASK_KIND_TEXT);
  g_assert_true (g_file_equal (pw_media_document_get_file (document), file));
  /* The byte order mark is not part of the text. */
  g_assert_cmpstr (pw_media_document_get_text (document), ==, TEXT);
  g_assert_cmpuint (pw_media_document_get_text_length (document), ==, g_utf8_strlen (TEXT, -1));
  g_assert_cmpuint (pw_media_document_get_text_length (document), ==, 32);
  g_assert_cmpstr (pw_media_document_get_key (document), ==, uri);
  g_assert_false (pw_media_document_get_restored (document));
  g_assert_false (pw_media_document_is_task (document));
  g_assert_null (pw_media_document_get_warning (document));
  labels = pw_media_document_get_labels (document);
  g_assert_cmpuint (pw_label_set_get_n_labels (labels), ==, 2);

  annotation = pw_media_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_tools (annotation), ==,
                    PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN);
  add_span (annotation, FAMILY_START, FAMILY_END, "PER");
  add_span (annotation, CAFE_START, CAFE_END, "LOC");
  pw_annotation_set_choice (annotation, "positive", TRUE);
  g_assert_true (pw_media_document_save (document, &error));
  g_assert_no_error (error);
  before = annotation_text (annotation);
  g_assert_finalize_object (document);

  /* Only the members of its tools, in the contract's form. */
  saved = read_file (json);
  node = pw_json_parse (saved, strlen (saved), "review.txt.json", &error);
  g_assert_no_error (error);
  root = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (root), ==, 2);
  g_assert_true (json_object_has_member (root, "choices"));
  g_assert_true (json_object_has_member (root, "spans"));
  g_assert_nonnull (strstr (saved, "\"start\": 7"));
  g_assert_nonnull (strstr (saved, "\"end\": 12"));

  /* Read back from the file alone: the same offsets, and its labels. */
  document = open_document_async (file, NULL);
  after = annotation_text (pw_media_document_get_annotation (document));
  g_assert_cmpstr (after, ==, before);
  labels = pw_media_document_get_labels (document);
  g_assert_cmpuint (pw_label_set_get_n_labels (labels), ==, 4);
  g_assert_cmpint (pw_label_set_index_of (labels, "PER"), ==, 0);
  g_assert_cmpint (pw_label_set_index_of (labels, "positive"), ==, 2);
  g_assert_cmpint (pw_label_set_index_of (labels, "LOC"), ==, 3);
  g_assert_finalize_object (document);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_media_document_save_finish (PW_MEDIA_DOCUMENT (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_audio_round_trip (PwWorkFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr (GFile) file = write_wav (fixture->dir, "talk.wav");
  g_autoptr (GFile) json = pw_media_document_annotation_file_for (file);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *saved = NULL;
  g_autoptr (GError) error = NULL;
  PwMediaDocument *document;
  PwAnnotation *annotation;
  gboolean done = FALSE;

  document = open_document_async (file, fixture->store);
  g_assert_cmpint (pw_media_document_get_kind (document), ==, PW_TASK_KIND_AUDIO);
  g_assert_null (pw_media_document_get_text (document));
  g_assert_null (pw_media_document_get_text_offsets (document));
  g_assert_cmpuint (pw_media_document_get_text_length (document), ==, 0);
  annotation = pw_media_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_tools (annotation), ==,
                    PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT);

  add_segment (annotation, 0.01, 0.05, "speech", "hello 👋");
  g_assert_true (pw_annotation_set_transcript (annotation, "hello 👋", FALSE, &error));
  g_assert_no_error (error);
  before = annotation_text (annotation);
  pw_media_document_save_async (document, NULL, on_saved, &done);
  pw_test_spin_until (&done);
  pw_work_test_finalize (document);

  saved = read_file (json);
  g_assert_nonnull (strstr (saved, "\"segments\""));
  g_assert_nonnull (strstr (saved, "\"transcript\""));
  g_assert_null (strstr (saved, "\"spans\""));

  document = open_document (file, NULL);
  after = annotation_text (pw_media_document_get_annotation (document));
  g_assert_cmpstr (after, ==, before);
  g_assert_finalize_object (document);

  /* Any recording Piecework plays, whatever its extension says. */
  g_clear_object (&file);
  file = write_file (fixture->dir, "voice.ogg", "OggS\0\x02rest", 10);
  document = open_document (file, NULL);
  g_assert_finalize_object (document);
  g_clear_object (&file);
  file = write_file (fixture->dir, "voice.mp3", "ID3\x04\0\0\0\0\0\0", 10);
  document = open_document (file, NULL);
  g_assert_finalize_object (document);
  g_clear_object (&file);
  file = write_file (fixture->dir, "frames.mp3", "\xFF\xFB\x90\x64", 4);
  document = open_document (file, NULL);
  g_assert_finalize_object (document);
  g_clear_object (&file);
  file = write_file (fixture->dir, "lossless.flac", "fLaC\0\0\0\x22", 8);
  document = open_document (file, NULL);
  g_assert_finalize_object (document);
}

static PwStore *
restart (PwWorkFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "store.db", NULL);
  g_autoptr (GError) error = NULL;

  pw_work_test_finalize (g_steal_pointer (&fixture->store));
  fixture->store = pw_store_new_for_path (path, &error);
  g_assert_no_error (error);
  return fixture->store;
}

/* Every edit reaches the store; after a restart, with a new store on the
 * same file, the annotation and its history are as they were. */
static void
test_draft_restart (PwWorkFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr (GFile) file = write_file (fixture->dir, "review.txt", TEXT, -1);
  g_autoptr (GFile) audio = write_wav (fixture->dir, "talk.opus.wav");
  g_autoptr (GFile) json = pw_media_document_annotation_file_for (file);
  g_autoptr (PwDraft) draft = NULL;
  g_autofree char *key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PwMediaDocument *document;
  PwAnnotation *annotation;

  document = open_document_async (file, fixture->store);
  key = g_strdup (pw_media_document_get_key (document));
  annotation = pw_media_document_get_annotation (document);
  add_span (annotation, FAMILY_START, FAMILY_END, "PER");
  add_span (annotation, CAFE_START, CAFE_END, "LOC");
  pw_annotation_set_choice (annotation, "positive", TRUE);
  g_assert_true (pw_annotation_undo (annotation));
  before = annotation_text (annotation);

  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 3);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 2);
  /* The snapshot says which text it is for. */
  g_assert_nonnull (strstr (pw_draft_get_snapshot (draft), "\"sha256\""));
  g_clear_pointer (&draft, pw_draft_unref);
  g_assert_finalize_object (document);

  restart (fixture);
  document = open_document_async (file, fixture->store);
  annotation = pw_media_document_get_annotation (document);
  g_assert_true (pw_media_document_get_restored (document));
  after = annotation_text (annotation);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (pw_annotation_get_n_commands (annotation), ==, 3);
  g_assert_cmpuint (pw_annotation_get_position (annotation), ==, 2);
  /* The draft's labels are the file's labels too. */
  g_assert_cmpint (pw_label_set_index_of (pw_media_document_get_labels (document), "LOC"), >=, 0);

  g_assert_true (pw_annotation_redo (annotation));
  g_assert_true (pw_annotation_has_choice (annotation, "positive"));
  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_position (draft), ==, 3);
  g_clear_pointer (&draft, pw_draft_unref);
  g_assert_finalize_object (document);

  /* Nothing was saved: the file beside is the worker's to write. */
  g_assert_false (g_file_query_exists (json, NULL));

  /* A recording's segments and transcript, the same. */
  document = open_document_async (audio, fixture->store);
  annotation = pw_media_document_get_annotation (document);
  add_segment (annotation, 0.01, 0.05, "speech", "hello");
  g_assert_true (pw_annotation_set_transcript (annotation, "hello", FALSE, NULL));
  g_clear_pointer (&before, g_free);
  before = annotation_text (annotation);
  g_assert_finalize_object (document);

  restart (fixture);
  document = open_document (audio, fixture->store);
  g_assert_true (pw_media_document_get_restored (document));
  g_clear_pointer (&after, g_free);
  after = annotation_text (pw_media_document_get_annotation (document));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (pw_annotation_get_n_commands (pw_media_document_get_annotation (document)),
                    ==, 2);
  g_assert_true (pw_annotation_undo (pw_media_document_get_annotation (document)));
  g_assert_cmpstr (pw_annotation_get_transcript (pw_media_document_get_annotation (document)),
                   ==, "");
  g_assert_finalize_object (document);
}

/* The text changed since the draft was made: its spans would fall on
 * other words, so the draft is set aside and a new one starts. */
static void
test_draft_text_changed (PwWorkFixture *fixture,
                         gconstpointer  data)
{
  g_autoptr (GFile) file = write_file (fixture->dir, "review.txt", TEXT, -1);
  g_autoptr (GFile) audio = write_wav (fixture->dir, "talk.wav");
  g_autoptr (PwDraft) draft = NULL;
  g_autofree char *key = NULL;
  PwMediaDocument *document;

  document = open_document (file, fixture->store);
  key = g_strdup (pw_media_document_get_key (document));
  add_span (pw_media_document_get_annotation (document), 0, 6, "PER");
  g_assert_finalize_object (document);

  g_clear_object (&file);
  file = write_file (fixture->dir, "review.txt", "Another text entirely", -1);
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*set aside*");
  document = open_document (file, fixture->store);
  g_test_assert_expected_messages ();
  g_assert_false (pw_media_document_get_restored (document));
  g_assert_cmpuint (pw_annotation_get_spans (pw_media_document_get_annotation (document))->len, ==, 0);
  g_assert_nonnull (pw_media_document_get_warning (document));
  g_assert_nonnull (strstr (pw_media_document_get_warning (document)->message, "another version"));

  draft = pw_work_test_flush_and_load (fixture->store, key);
  g_assert_cmpuint (pw_draft_get_commands (draft)->len, ==, 0);
  g_clear_pointer (&draft, pw_draft_unref);
  g_assert_finalize_object (document);

  /* The new draft is the text's now. */
  document = open_document (file, fixture->store);
  g_assert_true (pw_media_document_get_restored (document));
  g_assert_null (pw_media_document_get_warning (document));
  g_assert_finalize_object (document);

  /* A recording replaced by another of a different size, the same. */
  document = open_document (audio, fixture->store);
  add_segment (pw_media_document_get_annotation (document), 0.0, 0.05, "speech", "hi");
  g_assert_finalize_object (document);
  g_clear_object (&audio);
  audio = write_file (fixture->dir, "talk.wav", "RIFF\0\0\0\0WAVEfmt ", 16);
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*set aside*");
  document = open_document (audio, fixture->store);
  g_test_assert_expected_messages ();
  g_assert_false (pw_media_document_get_restored (document));
  g_assert_cmpuint (pw_annotation_get_segments (pw_media_document_get_annotation (document))->len,
                    ==, 0);
  g_assert_finalize_object (document);
}

static PwMediaDocument *
open_task (PwTaskKind         kind,
           GFile             *media,
           const char        *text,
           const char        *key,
           PwAnnotationTools  tools,
           const char        *prefill,
           PwStore           *store)
{
  g_autoptr (JsonNode) node = NULL;
  Opened opened = { NULL, NULL, FALSE };

  if (prefill != NULL)
    {
      g_autoptr (GError) error = NULL;

      node = pw_json_parse (prefill, strlen (prefill), "prefill", &error);
      g_assert_no_error (error);
    }
  pw_media_document_open_task_async (kind, media, text, key, tools, node, store, NULL,
                                     on_opened, &opened);
  pw_test_spin_until (&opened.done);
  g_assert_no_error (opened.error);
  g_assert_true (PW_IS_MEDIA_DOCUMENT (opened.document));
  return opened.document;
}

static void
test_task_prefill (PwWorkFixture *fixture,
                   gconstpointer  data)
{
  const PwAnnotationTools text_tools = PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN;
  const PwAnnotationTools audio_tools = PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT;
  g_autoptr (GFile) media = write_wav (fixture->dir, "cached");
  g_autoptr (GFile) json = pw_media_document_annotation_file_for (media);
  PwMediaDocument *document;
  PwAnnotation *annotation;
  GPtrArray *spans;

  /* The prefill's spans, on the text's graphemes, and its choices; a
   * member of another tool is left out. */
  document = open_task (PW_TASK_KIND_TEXT, NULL, TEXT, "task:acme/t-1", text_tools,
                        "{\"choices\": [\"positive\"], \"spans\": [{\"start\": 7, \"end\": 12, "
                        "\"label\": \"PER\"}], \"transcript\": \"x\"}",
                        fixture->store);
  g_assert_true (pw_media_document_is_task (document));
  g_assert_null (pw_media_document_get_file (document));
  g_assert_null (pw_media_document_get_labels (document));
  g_assert_cmpstr (pw_media_document_get_text (document), ==, TEXT);
  g_assert_cmpstr (pw_media_document_get_key (document), ==, "task:acme/t-1");
  g_assert_null (pw_media_document_get_warning (document));
  annotation = pw_media_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_tools (annotation), ==, text_tools);
  spans = pw_annotation_get_spans (annotation);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpuint (pw_text_span_get_start (g_ptr_array_index (spans, 0)), ==, FAMILY_START);
  g_assert_true (pw_annotation_has_choice (annotation, "positive"));
  pw_annotation_set_choice (annotation, "positive", FALSE);
  g_assert_finalize_object (document);

  /* Opened again, its draft comes before the prefill. */
  document = open_task (PW_TASK_KIND_TEXT, NULL, TEXT, "task:acme/t-1", text_tools,
                        "{\"choices\": [\"positive\"]}", fixture->store);
  g_assert_true (pw_media_document_get_restored (document));
  g_assert_false (pw_annotation_has_choice (pw_media_document_get_annotation (document),
                                            "positive"));
  g_assert_finalize_object (document);

  /* A prefill whose span splits the family, or reaches past the text, is
   * left out, and the worker is told. */
  document = open_task (PW_TASK_KIND_TEXT, NULL, TEXT, "task:acme/t-2", text_tools,
                        "{\"spans\": [{\"start\": 7, \"end\": 9, \"label\": \"PER\"}]}",
                        fixture->store);
  g_assert_cmpuint (pw_annotation_get_spans (pw_media_document_get_annotation (document))->len, ==, 0);
  g_assert_nonnull (pw_media_document_get_warning (document));
  g_assert_nonnull (strstr (pw_media_document_get_warning (document)->message, "splits a character"));
  g_assert_finalize_object (document);
  document = open_task (PW_TASK_KIND_TEXT, NULL, TEXT, "task:acme/t-3", text_tools,
                        "{\"spans\": [{\"start\": 30, \"end\": 36, \"label\": \"PER\"}]}", NULL);
  g_assert_cmpuint (pw_annotation_get_spans (pw_media_document_get_annotation (document))->len, ==, 0);
  g_assert_nonnull (strstr (pw_media_document_get_warning (document)->message, "past the end"));
  g_assert_finalize_object (document);

  /* An audio task: its recording, its prefill's segments, no file beside. */
  document = open_task (PW_TASK_KIND_AUDIO, media, NULL, "task:acme/t-4", audio_tools,
                        "{\"segments\": [{\"start\": 0.0, \"end\": 0.05, \"label\": \"speech\", "
                        "\"text\": \"hi\"}], \"transcript\": \"hi\"}",
                        fixture->store);
  g_assert_true (g_file_equal (pw_media_document_get_file (document), media));
  annotation = pw_media_document_get_annotation (document);
  g_assert_cmpuint (pw_annotation_get_segments (annotation)->len, ==, 1);
  g_assert_cmpstr (pw_annotation_get_transcript (annotation), ==, "hi");
  g_assert_finalize_object (document);
  g_assert_false (g_file_query_exists (json, NULL));

  /* A project with no tool Piecework knows opens with a file's tools. */
  document = open_task (PW_TASK_KIND_AUDIO, media, NULL, "task:acme/t-5", 0, NULL, NULL);
  g_assert_cmpuint (pw_annotation_get_tools (pw_media_document_get_annotation (document)), ==,
                    audio_tools);
  g_assert_finalize_object (document);
}

static void
assert_refused (GFile      *file,
                int         code,
                const char *says)
{
  g_autoptr (GError) error = open_fails (file);

  g_assert_error (error, PW_ERROR, code);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

static void
test_refusals (PwWorkFixture *fixture,
               gconstpointer  data)
{
  g_autoptr (GFile) latin1 = write_file (fixture->dir, "latin1.txt", "one\ntwo caf\xE9\n", -1);
  g_autoptr (GFile) nul = write_file (fixture->dir, "nul.txt", "ab\ncd\0ef", 8);
  g_autoptr (GFile) fake = write_file (fixture->dir, "fake.wav", "hello, not a sound", -1);
  g_autoptr (GFile) empty = write_file (fixture->dir, "empty.mp3", "", 0);
  g_autoptr (GFile) other = write_file (fixture->dir, "notes.doc", "text", -1);
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.txt", NULL);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autofree char *big_path = g_build_filename (fixture->dir, "big.txt", NULL);
  g_autoptr (GFile) big = g_file_new_for_path (big_path);
  g_autoptr (GFile) folder = NULL;
  g_autofree char *folder_path = g_build_filename (fixture->dir, "folder.txt", NULL);
  FILE *stream;

  assert_refused (latin1, PW_ERROR_INVALID_DATA, "line 2, column 8");
  assert_refused (latin1, PW_ERROR_INVALID_DATA, "0xE9");
  assert_refused (latin1, PW_ERROR_INVALID_DATA, "latin1.txt");
  assert_refused (nul, PW_ERROR_INVALID_DATA, "NUL character at line 2, column 3");
  assert_refused (fake, PW_ERROR_UNSUPPORTED, "“fake.wav” is not a recording");
  assert_refused (empty, PW_ERROR_UNSUPPORTED, "“empty.mp3” is empty");
  assert_refused (other, PW_ERROR_UNSUPPORTED, "notes.doc");
  assert_refused (missing, PW_ERROR_NOT_FOUND, "missing.txt");

  /* Over the limit, told before a byte of it is read: a sparse file. */
  stream = fopen (big_path, "w");
  g_assert_nonnull (stream);
  g_assert_cmpint (ftruncate (fileno (stream), PW_MEDIA_FILE_MAX_TEXT_BYTES + 4), ==, 0);
  fclose (stream);
  assert_refused (big, PW_ERROR_TOO_LARGE, "larger than 16 MiB");

  g_assert_cmpint (g_mkdir (folder_path, 0700), ==, 0);
  folder = g_file_new_for_path (folder_path);
  assert_refused (folder, PW_ERROR_UNSUPPORTED, "is not a file");
  g_rmdir (folder_path);
}

/* An annotation file that does not read is the worker's or another
 * tool's: the file opens without it, it stays as it is, and a save keeps
 * it beside under another name before writing. */
static void
test_unreadable_annotation (PwWorkFixture *fixture,
                            gconstpointer  data)
{
  const struct
  {
    const char *contents;
    const char *says;
  } cases[] = {
    { "{\"spans\": [", "review.txt.json" },
    { "{\"version\": \"5.4.1\", \"imagePath\": \"review.txt.png\", \"shapes\": []}",
      "shapes of an image" },
    { "{\"spans\": [{\"start\": 7, \"end\": 10, \"label\": \"PER\"}]}", "splits a character" },
    { "{\"spans\": [{\"start\": 0, \"end\": 99, \"label\": \"PER\"}]}", "past the end" },
    { "{\"segments\": []}", "which a text does not have" },
  };
  g_autoptr (GFile) file = write_file (fixture->dir, "review.txt", TEXT, -1);
  g_autoptr (GFile) json = pw_media_document_annotation_file_for (file);
  g_autofree char *json_path = g_file_get_path (json);
  g_autofree char *aside_path = g_strconcat (json_path, ".unreadable", NULL);
  g_autofree char *aside2_path = g_strconcat (json_path, ".unreadable-2", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GFile) written = write_file (fixture->dir, "review.txt.json", cases[i].contents, -1);
      g_autofree char *kept = NULL;
      g_autofree char *now = NULL;
      PwMediaDocument *document;

      document = open_document (file, NULL);
      g_assert_nonnull (pw_media_document_get_warning (document));
      if (strstr (pw_media_document_get_warning (document)->message, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s”", pw_media_document_get_warning (document)->message,
                 cases[i].says);
      g_assert_cmpuint (pw_annotation_get_spans (pw_media_document_get_annotation (document))->len,
                        ==, 0);
      now = read_file (json);
      g_assert_cmpstr (now, ==, cases[i].contents);
      g_clear_pointer (&now, g_free);

      add_span (pw_media_document_get_annotation (document), 0, 6, "PER");
      g_assert_true (pw_media_document_save (document, NULL));
      g_assert_true (g_file_get_contents (aside_path, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, cases[i].contents);
      now = read_file (json);
      g_assert_nonnull (strstr (now, "\"PER\""));

      /* Its own file is written over with no copy kept. */
      g_assert_true (pw_media_document_save (document, NULL));
      g_assert_false (g_file_test (aside2_path, G_FILE_TEST_EXISTS));
      g_assert_finalize_object (document);
      g_assert_cmpint (g_unlink (aside_path), ==, 0);
    }

  /* A kept copy is never written over. */
  pw_work_test_write_text (fixture->dir, "review.txt.json", "first");
  pw_work_test_write_text (fixture->dir, "review.txt.json.unreadable", "older");
  {
    g_autofree char *older = NULL;
    g_autofree char *first = NULL;
    PwMediaDocument *document = open_document (file, NULL);

    g_assert_true (pw_media_document_save (document, NULL));
    g_assert_true (g_file_get_contents (aside_path, &older, NULL, NULL));
    g_assert_cmpstr (older, ==, "older");
    g_assert_true (g_file_get_contents (aside2_path, &first, NULL, NULL));
    g_assert_cmpstr (first, ==, "first");
    g_assert_finalize_object (document);
  }
}

/* A file written for a task with more tools opens with them, and saves
 * them back. */
static void
test_annotation_widens_tools (PwWorkFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr (GFile) file = write_file (fixture->dir, "review.txt", TEXT, -1);
  g_autoptr (GFile) json = NULL;
  g_autofree char *saved = NULL;
  PwMediaDocument *document;

  g_object_unref (write_file (fixture->dir, "review.txt.json",
                              "{\"transcript\": \"summary\", \"spans\": []}", -1));
  json = pw_media_document_annotation_file_for (file);
  document = open_document (file, NULL);
  g_assert_null (pw_media_document_get_warning (document));
  g_assert_cmpuint (pw_annotation_get_tools (pw_media_document_get_annotation (document)), ==,
                    PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN
                      | PW_ANNOTATION_TOOL_TRANSCRIPT);
  g_assert_cmpstr (pw_annotation_get_transcript (pw_media_document_get_annotation (document)), ==,
                   "summary");
  g_assert_true (pw_media_document_save (document, NULL));
  saved = read_file (json);
  g_assert_nonnull (strstr (saved, "\"summary\""));
  g_assert_nonnull (strstr (saved, "\"choices\""));
  g_assert_finalize_object (document);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/work/media-document/can-open", test_can_open);
  g_test_add_func ("/work/media-document/annotation-file-name", test_annotation_file_name);
#define ADD(path, func) \
  g_test_add ("/work/media-document/" path, PwWorkFixture, NULL, pw_work_fixture_set_up, func, \
              pw_work_fixture_tear_down)
  ADD ("text-round-trip", test_text_round_trip);
  ADD ("audio-round-trip", test_audio_round_trip);
  ADD ("draft-restart", test_draft_restart);
  ADD ("draft-text-changed", test_draft_text_changed);
  ADD ("task-prefill", test_task_prefill);
  ADD ("refusals", test_refusals);
  ADD ("unreadable-annotation", test_unreadable_annotation);
  ADD ("annotation-widens-tools", test_annotation_widens_tools);
#undef ADD

  return g_test_run ();
}
