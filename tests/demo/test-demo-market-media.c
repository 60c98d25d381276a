/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>
#include <turbojpeg.h>

#include "pw-demo-market-private.h"
#include "pw-demo-market-test.h"

/* The media the demo marketplace serves: JPEG scenes at the announced size
 * and digest, half of them with an EXIF orientation, drawn the same from the
 * same seed and kept on disk for the next start, and WAV speech, synthetic
 * or through espeak-ng when it is installed. */

static gboolean
has_orientation (GBytes *jpeg)
{
  const guint8 *data = g_bytes_get_data (jpeg, NULL);

  return g_bytes_get_size (jpeg) > 12 && data[2] == 0xFF && data[3] == 0xE1
         && memcmp (data + 6, "Exif", 4) == 0;
}

static void
jpeg_size (GBytes *jpeg,
           int    *width,
           int    *height)
{
  tjhandle tj = tjInitDecompress ();
  int subsampling, colorspace;

  g_assert_cmpint (tjDecompressHeader3 (tj, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                        width, height, &subsampling, &colorspace), ==, 0);
  tjDestroy (tj);
}

static void
test_media_served (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) images = pw_demo_test_claim (test, "p-street-outlines", 8);
  g_autoptr (PwDemoAnswer) speech = pw_demo_test_claim (test, "p-speech-transcribe", 2);
  JsonArray *tasks = pw_demo_answer_array (images, "tasks");
  guint oriented = 0, large = 0;

  g_assert_cmpuint (json_array_get_length (tasks), ==, 8);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *media = json_object_get_object_member (json_array_get_object_element (tasks, i), "media");
      g_autoptr (PwDemoAnswer) served = pw_demo_test_get (test, json_object_get_string_member (media, "url"));
      g_autofree char *digest = NULL;
      int width, height;

      g_assert_cmpuint (served->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (served->headers, NULL), ==, "image/jpeg");
      g_assert_cmpint (g_bytes_get_size (served->bytes), ==, json_object_get_int_member (media, "bytes"));
      digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, served->bytes);
      g_assert_cmpstr (digest, ==, json_object_get_string_member (media, "sha256"));
      jpeg_size (served->bytes, &width, &height);
      /* 1600 × 1200 and 4032 × 3024, scaled by 0.05 for the tests. */
      g_assert_true ((width == 80 && height == 60) || (width == 202 && height == 151));
      large += width == 202;
      oriented += has_orientation (served->bytes);
    }
  g_assert_cmpuint (large, ==, 4);
  g_assert_cmpuint (oriented, ==, 4);

  tasks = pw_demo_answer_array (speech, "tasks");
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *media = json_object_get_object_member (json_array_get_object_element (tasks, i), "media");
      g_autoptr (PwDemoAnswer) served = pw_demo_test_get (test, json_object_get_string_member (media, "url"));
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, served->bytes);
      const char *data = g_bytes_get_data (served->bytes, NULL);

      g_assert_cmpuint (served->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (served->headers, NULL), ==, "audio/wav");
      g_assert_cmpstr (digest, ==, json_object_get_string_member (media, "sha256"));
      g_assert_cmpint (memcmp (data, "RIFF", 4), ==, 0);
      g_assert_cmpint (memcmp (data + 8, "WAVE", 4), ==, 0);
    }
  g_assert_cmpuint (pw_demo_market_count_requests (test->market, PW_DEMO_ENDPOINT_MEDIA), ==, 10);
  pw_demo_test_free (test);
}

static void
test_scene_full_size (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) upright = _pw_demo_market_make_scene (1600, 1200, 1, 7, NULL, &error);
  g_autoptr (GBytes) turned = _pw_demo_market_make_scene (1600, 1200, 6, 7, NULL, &error);
  g_autoptr (GBytes) again = _pw_demo_market_make_scene (1600, 1200, 1, 7, NULL, &error);
  g_autoptr (GBytes) other = _pw_demo_market_make_scene (1600, 1200, 1, 8, NULL, &error);
  int width, height;

  g_assert_no_error (error);
  jpeg_size (upright, &width, &height);
  g_assert_cmpint (width, ==, 1600);
  g_assert_cmpint (height, ==, 1200);
  g_assert_false (has_orientation (upright));
  jpeg_size (turned, &width, &height);
  g_assert_cmpint (width, ==, 1600);
  g_assert_cmpint (height, ==, 1200);
  g_assert_true (has_orientation (turned));
  /* A photo's worth of detail, and the same scene from the same seed. */
  g_assert_cmpuint (g_bytes_get_size (upright), >, 100 * 1024);
  g_assert_true (g_bytes_equal (upright, again));
  g_assert_false (g_bytes_equal (upright, other));
}

/* The mean brightness of @jpeg, its spread, and how much bluer than red
 * its top tenth (the sky) is. */
static void
measure (GBytes *jpeg,
         double *mean,
         double *spread,
         double *sky_blueness)
{
  tjhandle tj = tjInitDecompress ();
  g_autofree guint8 *pixels = NULL;
  double sum = 0, squares = 0, blueness = 0;
  int width, height, subsampling, colorspace;
  gsize n;

  g_assert_cmpint (tjDecompressHeader3 (tj, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                        &width, &height, &subsampling, &colorspace), ==, 0);
  pixels = g_malloc ((gsize) width * height * 3);
  g_assert_cmpint (tjDecompress2 (tj, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), pixels,
                                  width, width * 3, height, TJPF_RGB, 0), ==, 0);
  tjDestroy (tj);
  n = (gsize) width * height;
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *p = pixels + i * 3;
      double luma = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];

      sum += luma;
      squares += luma * luma;
      if (i < n / 10)
        blueness += p[2] - p[0];
    }
  *mean = sum / n;
  *spread = sqrt (squares / n - *mean * *mean);
  *sky_blueness = blueness / (n / 10);
}

/* A scene shows when and in what weather it was taken: the same street at
 * night is much darker, in fog it has far less contrast, in rain its sky
 * is grey rather than blue; and the same conditions make the same scene. */
static void
test_scene_conditions (void)
{
  static const PwDemoConditions clear_day = { FALSE, PW_DEMO_WEATHER_CLEAR };
  static const PwDemoConditions clear_night = { TRUE, PW_DEMO_WEATHER_CLEAR };
  static const PwDemoConditions rain = { FALSE, PW_DEMO_WEATHER_RAIN };
  static const PwDemoConditions fog = { FALSE, PW_DEMO_WEATHER_FOG };
  static const PwDemoConditions night_rain = { TRUE, PW_DEMO_WEATHER_RAIN };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) plain = _pw_demo_market_make_scene (400, 300, 1, 11, NULL, &error);
  g_autoptr (GBytes) day = _pw_demo_market_make_scene (400, 300, 1, 11, &clear_day, &error);
  g_autoptr (GBytes) night = _pw_demo_market_make_scene (400, 300, 1, 11, &clear_night, &error);
  g_autoptr (GBytes) rainy = _pw_demo_market_make_scene (400, 300, 1, 11, &rain, &error);
  g_autoptr (GBytes) foggy = _pw_demo_market_make_scene (400, 300, 1, 11, &fog, &error);
  g_autoptr (GBytes) wet_night = _pw_demo_market_make_scene (400, 300, 1, 11, &night_rain, &error);
  g_autoptr (GBytes) wet_night_again = _pw_demo_market_make_scene (400, 300, 1, 11, &night_rain, &error);
  double day_mean, day_spread, day_sky, mean, spread, sky;
  gboolean seen[2][3] = { { FALSE } };

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (plain, day));
  g_assert_true (g_bytes_equal (wet_night, wet_night_again));
  g_assert_false (g_bytes_equal (wet_night, night));
  measure (day, &day_mean, &day_spread, &day_sky);
  g_assert_cmpfloat (day_sky, >, 30);

  measure (night, &mean, &spread, &sky);
  g_test_message ("day %.1f, night %.1f", day_mean, mean);
  g_assert_cmpfloat (mean, <, day_mean * 0.5);
  measure (wet_night, &mean, &spread, &sky);
  g_assert_cmpfloat (mean, <, day_mean * 0.5);

  measure (foggy, &mean, &spread, &sky);
  g_test_message ("spread: clear %.1f, fog %.1f", day_spread, spread);
  g_assert_cmpfloat (spread, <, day_spread * 0.6);

  measure (rainy, &mean, &spread, &sky);
  g_test_message ("sky blueness: clear %.1f, rain %.1f", day_sky, sky);
  g_assert_cmpfloat (sky, <, day_sky * 0.5);

  /* The condition scenes pair each time of day with each weather once. */
  for (guint i = 0; i < PW_DEMO_N_CONDITION_SCENES; i++)
    {
      const PwDemoConditions *conditions = _pw_demo_market_condition_scene (i);

      g_assert_false (seen[conditions->night][conditions->weather]);
      seen[conditions->night][conditions->weather] = TRUE;
    }
  g_assert_true (_pw_demo_market_condition_scene (PW_DEMO_N_CONDITION_SCENES)
                 == _pw_demo_market_condition_scene (0));
}

/* The project that asks about time of day and weather serves scenes of
 * its own, one for each pairing, each a JPEG that matches its digest. */
static void
test_condition_scenes_served (void)
{
  PwDemoTest *test = pw_demo_test_new (1);
  g_autoptr (PwDemoAnswer) claim = pw_demo_test_claim (test, "p-street-conditions", PW_DEMO_N_CONDITION_SCENES + 1);
  g_autoptr (PwDemoAnswer) streets = pw_demo_test_claim (test, "p-street-outlines", PW_DEMO_N_STREET_SCENES);
  JsonArray *tasks = pw_demo_answer_array (claim, "tasks");
  JsonArray *street_tasks = pw_demo_answer_array (streets, "tasks");
  g_autoptr (GHashTable) digests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) street_digests = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (claim->status, ==, 201);
  g_assert_cmpuint (json_array_get_length (tasks), ==, PW_DEMO_N_CONDITION_SCENES + 1);
  for (guint i = 0; i < json_array_get_length (street_tasks); i++)
    g_hash_table_add (street_digests,
                      (gpointer) json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (street_tasks, i), "media"), "sha256"));
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *media = json_object_get_object_member (json_array_get_object_element (tasks, i), "media");
      g_autoptr (PwDemoAnswer) served = pw_demo_test_get (test, json_object_get_string_member (media, "url"));
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, served->bytes);
      int width, height;

      g_assert_cmpuint (served->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (served->headers, NULL), ==, "image/jpeg");
      g_assert_cmpstr (digest, ==, json_object_get_string_member (media, "sha256"));
      jpeg_size (served->bytes, &width, &height);
      g_assert_true (width == 80 && height == 60);
      g_assert_false (g_hash_table_contains (street_digests, digest));
      g_hash_table_add (digests, g_steal_pointer (&digest));
    }
  /* The seventh task shows the first scene again. */
  g_assert_cmpuint (g_hash_table_size (digests), ==, PW_DEMO_N_CONDITION_SCENES);
  pw_demo_test_free (test);
}

static void
test_cache_kept (void)
{
  PwDemoTest *test = pw_demo_test_new (4);
  g_autoptr (PwDemoMarket) again = pw_demo_market_new (test->data_dir, NULL, 4);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (test->data_dir, 0, NULL);
  guint files = 0;

  while (g_dir_read_name (dir) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 22);

  /* A second start finds what the first made. */
  pw_demo_market_set_media_scale (again, 0.05);
  pw_demo_market_set_speech (again, FALSE);
  g_assert_true (pw_demo_market_prepare (again, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&again);
  g_dir_rewind (dir);
  files = 0;
  while (g_dir_read_name (dir) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 22);
  pw_demo_test_free (test);
}

static void
test_speech (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) synthetic = _pw_demo_market_make_speech ("Hello there, general reader.", FALSE,
                                                              NULL, &error);
  g_autoptr (GBytes) spoken = NULL;
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");

  g_assert_no_error (error);
  g_assert_cmpint (memcmp (g_bytes_get_data (synthetic, NULL), "RIFF", 4), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (synthetic), >, 16000);

  if (espeak == NULL)
    {
      g_test_skip ("espeak-ng is not installed");
      return;
    }
  spoken = _pw_demo_market_make_speech ("Hello there, general reader.", TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (memcmp (g_bytes_get_data (spoken, NULL), "RIFF", 4), ==, 0);
  g_assert_cmpint (memcmp ((const char *) g_bytes_get_data (spoken, NULL) + 8, "WAVE", 4), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (spoken), >, 16000);
}

int
main (int   argc,
      char *argv[])
{
  pw_demo_test_init (&argc, &argv);

  g_test_add_func ("/demo-market/media/served", test_media_served);
  g_test_add_func ("/demo-market/media/scene-full-size", test_scene_full_size);
  g_test_add_func ("/demo-market/media/scene-conditions", test_scene_conditions);
  g_test_add_func ("/demo-market/media/condition-scenes-served", test_condition_scenes_served);
  g_test_add_func ("/demo-market/media/cache-kept", test_cache_kept);
  g_test_add_func ("/demo-market/media/speech", test_speech);

  return g_test_run ();
}
