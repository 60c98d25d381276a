/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-media-test.h"

/* The colours at the shown top left, top right, bottom left and bottom
 * right corners of the test image after each EXIF orientation, worked out
 * by hand from the EXIF specification: stored, the corners are red, green,
 * blue and yellow. */
static const PwTestColour expected_corners[9][4] = {
  [1] = { PW_TEST_RED, PW_TEST_GREEN, PW_TEST_BLUE, PW_TEST_YELLOW },
  [2] = { PW_TEST_GREEN, PW_TEST_RED, PW_TEST_YELLOW, PW_TEST_BLUE },
  [3] = { PW_TEST_YELLOW, PW_TEST_BLUE, PW_TEST_GREEN, PW_TEST_RED },
  [4] = { PW_TEST_BLUE, PW_TEST_YELLOW, PW_TEST_RED, PW_TEST_GREEN },
  [5] = { PW_TEST_RED, PW_TEST_BLUE, PW_TEST_GREEN, PW_TEST_YELLOW },
  [6] = { PW_TEST_BLUE, PW_TEST_RED, PW_TEST_YELLOW, PW_TEST_GREEN },
  [7] = { PW_TEST_YELLOW, PW_TEST_GREEN, PW_TEST_BLUE, PW_TEST_RED },
  [8] = { PW_TEST_GREEN, PW_TEST_YELLOW, PW_TEST_RED, PW_TEST_BLUE },
};

/* JPEG blurs colour edges over a block or two: look inside the corners. */
static void
assert_corners (PwImage             *image,
                const PwTestColour   corners[4],
                int                  tolerance)
{
  int w = pw_image_get_width (image);
  int h = pw_image_get_height (image);
  int inset_x = MAX (1, w / 8);
  int inset_y = MAX (1, h / 8);

  pw_test_assert_colour (image, inset_x, inset_y, pw_test_rgb[corners[0]], tolerance);
  pw_test_assert_colour (image, w - 1 - inset_x, inset_y, pw_test_rgb[corners[1]], tolerance);
  pw_test_assert_colour (image, inset_x, h - 1 - inset_y, pw_test_rgb[corners[2]], tolerance);
  pw_test_assert_colour (image, w - 1 - inset_x, h - 1 - inset_y, pw_test_rgb[corners[3]],
                         tolerance);
}

static void
test_orientation (gconstpointer data)
{
  guint orientation = GPOINTER_TO_UINT (data);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) plain = pw_test_make_jpeg (208, 144, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) jpeg = pw_test_with_orientation (plain, orientation, orientation % 2 == 0);
  g_autofree char *path = pw_test_write (dir, "turned.jpg", jpeg);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) full = NULL;
  g_autoptr (PwImage) half = NULL;
  gboolean swapped = orientation >= 5;
  PwImageInfo info;

  full = pw_image_load_file (path, 0, 0, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.file_type, ==, PW_IMAGE_FILE_JPEG);
  g_assert_cmpuint (info.orientation, ==, orientation);
  g_assert_cmpint (info.stored_width, ==, 208);
  g_assert_cmpint (info.stored_height, ==, 144);
  g_assert_cmpint (info.width, ==, swapped ? 144 : 208);
  g_assert_cmpint (info.height, ==, swapped ? 208 : 144);

  g_assert_cmpint (pw_image_get_width (full), ==, info.width);
  g_assert_cmpint (pw_image_get_height (full), ==, info.height);
  g_assert_cmpint (pw_image_get_full_width (full), ==, info.width);
  g_assert_cmpint (pw_image_get_full_height (full), ==, info.height);
  g_assert_cmpuint (pw_image_get_scale_denominator (full), ==, 1);
  g_assert_cmpuint (pw_image_get_format (full), ==, PW_IMAGE_FORMAT_RGB8);
  assert_corners (full, expected_corners[orientation], 40);

  /* The scaled first view is turned the same way. */
  half = pw_image_load_file (path, 100, 100, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_image_get_scale_denominator (half), ==, 2);
  g_assert_cmpint (pw_image_get_width (half), ==, info.width / 2);
  g_assert_cmpint (pw_image_get_height (half), ==, info.height / 2);
  g_assert_cmpint (pw_image_get_full_width (half), ==, info.width);
  assert_corners (half, expected_corners[orientation], 40);

  pw_test_remove_dir (dir);
}

static void
test_kind (gconstpointer data)
{
  PwTestJpegKind kind = GPOINTER_TO_INT (data);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (160, 96, kind);
  g_autofree char *path = pw_test_write (dir, "kind.jpg", jpeg);
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = NULL;
  g_autoptr (PwImage) eighth = NULL;

  image = pw_image_load_file (path, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_image_get_width (image), ==, 160);
  g_assert_cmpint (pw_image_get_height (image), ==, 96);
  g_assert_cmpuint (pw_image_get_format (image), ==, PW_IMAGE_FORMAT_RGB8);

  if (kind == PW_TEST_JPEG_GRAY)
    {
      for (int c = 0; c < 4; c++)
        {
          guint8 grey[3] = { pw_test_grey[c], pw_test_grey[c], pw_test_grey[c] };
          int x = c % 2 == 0 ? 20 : 140;
          int y = c < 2 ? 12 : 84;

          pw_test_assert_colour (image, x, y, grey, 8);
        }
    }
  else
    {
      assert_corners (image, expected_corners[1], 40);
    }

  eighth = pw_image_load_file (path, 20, 12, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_image_get_scale_denominator (eighth), ==, 8);
  g_assert_cmpint (pw_image_get_width (eighth), ==, 20);
  g_assert_cmpint (pw_image_get_height (eighth), ==, 12);

  pw_test_remove_dir (dir);
}

/* The pixels of a large image start on a huge page, so the kernel can back
 * them with huge pages and the first write takes few page faults; a small
 * one is an ordinary allocation. Either decodes the same. */
static void
test_large_buffer (void)
{
  g_autoptr (GBytes) large = pw_test_make_jpeg (2400, 1800, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) small = pw_test_make_jpeg (240, 180, PW_TEST_JPEG_RGB);
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *large_path = pw_test_write (dir, "large.jpg", large);
  g_autofree char *small_path = pw_test_write (dir, "small.jpg", small);
  g_autoptr (PwImage) full = NULL;
  g_autoptr (PwImage) little = NULL;
  g_autoptr (GError) error = NULL;
  PwImageInfo info;

  full = pw_image_load_file (large_path, 0, 0, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_image_get_width (full), ==, 2400);
  g_assert_cmpuint ((guintptr) g_bytes_get_data (pw_image_get_pixels (full), NULL)
                    % (2 * 1024 * 1024), ==, 0);
  little = pw_image_load_file (small_path, 0, 0, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_image_get_width (little), ==, 240);
  /* The same picture at either size: the top left corner's colour. */
  {
    guint8 corner[4];

    pw_test_pixel (little, 2, 2, corner);
    pw_test_assert_colour (full, 20, 20, corner, 12);
  }

  pw_test_remove_dir (dir);
}

static void
test_scaled_sizes (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) plain = pw_test_make_jpeg (801, 601, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) turned = pw_test_with_orientation (plain, 6, FALSE);
  g_autofree char *path = pw_test_write (dir, "wide.jpg", plain);
  g_autofree char *turned_path = pw_test_write (dir, "tall.jpg", turned);
  struct
  {
    const char *path;
    int fit_width;
    int fit_height;
    guint denominator;
    int width;
    int height;
  } cases[] = {
    /* An eighth, rounded up, already fills a small view. */
    { path, 100, 75, 8, 101, 76 },
    { path, 101, 76, 8, 101, 76 },
    { path, 102, 77, 4, 201, 151 },
    /* A strip: the height decides. */
    { path, 1000, 76, 8, 101, 76 },
    { path, 1000, 77, 4, 201, 151 },
    { path, 1000, 140, 4, 201, 151 },
    { path, 401, 301, 2, 401, 301 },
    { path, 402, 302, 1, 801, 601 },
    { path, 4000, 3000, 1, 801, 601 },
    { path, 0, 0, 1, 801, 601 },
    /* Sizes are those of the image as shown. */
    { turned_path, 76, 101, 8, 76, 101 },
    { turned_path, 100, 75, 8, 76, 101 },
    { turned_path, 151, 102, 4, 151, 201 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PwImage) image = NULL;
      PwImageInfo info;

      g_test_message ("case %u: %d x %d", i, cases[i].fit_width, cases[i].fit_height);
      image = pw_image_load_file (cases[i].path, cases[i].fit_width, cases[i].fit_height,
                                  &info, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pw_image_info_pick_scale (&info, cases[i].fit_width,
                                                  cases[i].fit_height),
                        ==, cases[i].denominator);
      g_assert_cmpuint (pw_image_get_scale_denominator (image), ==, cases[i].denominator);
      g_assert_cmpint (pw_image_get_width (image), ==, cases[i].width);
      g_assert_cmpint (pw_image_get_height (image), ==, cases[i].height);
      g_assert_cmpint (pw_image_get_full_width (image), ==, info.width);
      g_assert_cmpint (pw_image_get_full_height (image), ==, info.height);
      g_assert_cmpuint (pw_image_get_stride (image), ==, (gsize) cases[i].width * 3);
      g_assert_cmpuint (g_bytes_get_size (pw_image_get_pixels (image)), ==,
                        (gsize) cases[i].width * cases[i].height * 3);
    }

  pw_test_remove_dir (dir);
}

static void
assert_load_fails (const char *path,
                   int         fit_width,
                   int         fit_height,
                   int         code,
                   const char *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwImage) image = NULL;
  g_autofree char *name = g_path_get_basename (path);

  image = pw_image_load_file (path, fit_width, fit_height, NULL, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, PW_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (strstr (error->message, name));
  if (reason != NULL)
    g_assert_nonnull (strstr (error->message, reason));
}

static void
test_truncated (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) progressive = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_PROGRESSIVE);
  g_autoptr (GBytes) half = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr (GBytes) half_progressive =
    g_bytes_new_from_bytes (progressive, 0, g_bytes_get_size (progressive) / 2);
  g_autoptr (GBytes) header_only = g_bytes_new_from_bytes (jpeg, 0, 40);
  g_autofree char *path = pw_test_write (dir, "cat.jpg", half);
  g_autofree char *progressive_path = pw_test_write (dir, "dog.jpg", half_progressive);
  g_autofree char *header_path = pw_test_write (dir, "bird.jpg", header_only);

  assert_load_fails (path, 0, 0, PW_ERROR_INVALID_DATA, "ends early");
  assert_load_fails (path, 40, 30, PW_ERROR_INVALID_DATA, "ends early");
  assert_load_fails (progressive_path, 0, 0, PW_ERROR_INVALID_DATA, "ends early");
  assert_load_fails (header_path, 0, 0, PW_ERROR_INVALID_DATA, "ends early");

  pw_test_remove_dir (dir);
}

/* The offset of the first byte of a scan's data: after the SOS segment. */
static gsize
scan_data_offset (const guint8 *data,
                  gsize         length)
{
  for (gsize i = 2; i + 4 < length; i++)
    if (data[i] == 0xFF && data[i + 1] == 0xDA)
      return i + 2 + ((data[i + 2] << 8) | data[i + 3]);
  g_assert_not_reached ();
}

static void
test_corrupt (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  g_autofree guint8 *garbled = g_memdup2 (data, length);
  g_autoptr (GBytes) garbled_bytes = NULL;
  g_autoptr (GBytes) junk_bytes = NULL;
  g_autofree char *garbled_path = NULL;
  g_autofree char *junk_path = NULL;
  guint8 junk[4096];
  GRand *rand = g_rand_new_with_seed (7);
  gsize start = scan_data_offset (data, length);

  /* Noise over the middle of the entropy-coded data. */
  for (gsize i = start + 200; i < length - 200; i++)
    garbled[i] = g_rand_int_range (rand, 0, 0xFF);
  garbled_bytes = g_bytes_new (garbled, length);
  garbled_path = pw_test_write (dir, "noisy.jpg", garbled_bytes);
  assert_load_fails (garbled_path, 0, 0, PW_ERROR_INVALID_DATA, "corrupt");

  /* A JPEG signature followed by noise. */
  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = g_rand_int_range (rand, 0, 0xFF);
  junk[0] = 0xFF;
  junk[1] = 0xD8;
  junk[2] = 0xFF;
  junk[3] = 0xC0;
  junk_bytes = g_bytes_new (junk, sizeof junk);
  junk_path = pw_test_write (dir, "junk.jpeg", junk_bytes);
  assert_load_fails (junk_path, 0, 0, PW_ERROR_INVALID_DATA, "cannot be read");

  g_rand_free (rand);
  pw_test_remove_dir (dir);
}

static void
test_oversized (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (64, 48, PW_TEST_JPEG_RGB);
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  g_autofree guint8 *patched = g_memdup2 (data, length);
  g_autoptr (GBytes) patched_bytes = NULL;
  g_autoptr (GBytes) tall_bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tall_path = NULL;
  PwImageInfo info;
  gsize sof = 0;

  for (gsize i = 2; i + 9 < length && sof == 0; i++)
    if (patched[i] == 0xFF && patched[i + 1] == 0xC0)
      sof = i;
  g_assert_cmpuint (sof, >, 0);

  /* SOF0: marker, length (2), precision (1), height (2), width (2). */
  patched[sof + 5] = 30000 >> 8;
  patched[sof + 6] = 30000 & 0xFF;
  patched[sof + 7] = 30000 >> 8;
  patched[sof + 8] = 30000 & 0xFF;
  patched_bytes = g_bytes_new (patched, length);
  path = pw_test_write (dir, "huge.jpg", patched_bytes);

  g_assert_false (pw_image_probe (patched_bytes, "huge.jpg", &info, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.jpg"));
  assert_load_fails (path, 0, 0, PW_ERROR_TOO_LARGE, "30000");
  assert_load_fails (path, 800, 600, PW_ERROR_TOO_LARGE, NULL);

  /* Each side within the limit, the area not: 19,000 × 21,100 is 400.9 MP. */
  patched[sof + 5] = 21100 >> 8;
  patched[sof + 6] = 21100 & 0xFF;
  patched[sof + 7] = 19000 >> 8;
  patched[sof + 8] = 19000 & 0xFF;
  tall_bytes = g_bytes_new (patched, length);
  tall_path = pw_test_write (dir, "tall.jpg", tall_bytes);
  assert_load_fails (tall_path, 0, 0, PW_ERROR_TOO_LARGE, NULL);

  pw_test_remove_dir (dir);
}

/* @jpeg with @n APP2 segments of 60,000 bytes after its start, as a
 * colour profile would be: its header ends far into the file. */
static GBytes *
with_large_segments (GBytes *jpeg,
                     guint   n)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  GByteArray *out = g_byte_array_new ();
  guint16 segment = 60000;

  g_byte_array_append (out, data, 2);
  for (guint i = 0; i < n; i++)
    {
      guint8 marker[4] = { 0xFF, 0xE2, segment >> 8, segment & 0xFF };
      g_autofree guint8 *body = g_malloc0 (segment - 2);

      g_byte_array_append (out, marker, sizeof marker);
      g_byte_array_append (out, body, segment - 2);
    }
  g_byte_array_append (out, data + 2, length - 2);
  return g_byte_array_free_to_bytes (out);
}

static void
assert_same_info (const char *path,
                  GBytes     *bytes)
{
  g_autoptr (GError) error = NULL;
  PwImageInfo from_file, from_bytes;

  g_assert_true (pw_image_probe_file (path, &from_file, &error));
  g_assert_no_error (error);
  g_assert_true (pw_image_probe (bytes, "photo.jpg", &from_bytes, &error));
  g_assert_true (memcmp (&from_file, &from_bytes, sizeof from_file) == 0);
}

/* Probing a file reads its header, however far it reaches, and says what
 * probing the whole file's bytes says. */
static void
test_probe_file (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) turned = pw_test_with_orientation (jpeg, 6, TRUE);
  g_autoptr (GBytes) far = with_large_segments (turned, 5);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) text = g_bytes_new_static ("car\nbus\n", 8);
  g_autofree char *path = pw_test_write (dir, "photo.jpg", turned);
  g_autofree char *far_path = pw_test_write (dir, "profiled.jpg", far);
  g_autofree char *empty_path = pw_test_write (dir, "empty.jpg", empty);
  g_autofree char *text_path = pw_test_write (dir, "labels.jpg", text);
  g_autofree char *missing_path = g_build_filename (dir, "missing.jpg", NULL);
  g_autoptr (GError) error = NULL;
  PwImageInfo info;

  g_assert_cmpuint (g_bytes_get_size (far), >, 300000);
  assert_same_info (path, turned);
  assert_same_info (far_path, far);
  g_assert_true (pw_image_probe_file (far_path, &info, &error));
  g_assert_cmpint (info.width, ==, 240);
  g_assert_cmpint (info.height, ==, 320);
  g_assert_cmpuint (info.orientation, ==, 6);

  g_assert_false (pw_image_probe_file (empty_path, &info, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (pw_image_probe_file (text_path, &info, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (pw_image_probe_file (missing_path, &info, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pw_image_probe_file (dir, &info, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED);

  pw_test_remove_dir (dir);
}

/* Fills the stack below the caller with bytes that read as a huge size, as
 * a decode before would leave it. */
static G_GNUC_NO_INLINE void
dirty_stack (void)
{
  volatile guint8 junk[16384];

  memset ((guint8 *) junk, 0x7E, sizeof junk);
}

/* A file cut inside a segment of its header reads as tables without an
 * image; it is a file that ends early, every time, from a file as from
 * its bytes, whatever the memory held before. */
static void
test_cut_in_header (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) far = with_large_segments (jpeg, 5);
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (far, 0, 200000);
  g_autofree char *path = pw_test_write (dir, "cut.jpg", cut);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (GError) from_file = NULL;
      g_autoptr (GError) from_bytes = NULL;
      PwImageInfo info;

      dirty_stack ();
      g_assert_false (pw_image_probe_file (path, &info, &from_file));
      g_assert_error (from_file, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (from_file->message, "ends early"));
      dirty_stack ();
      g_assert_false (pw_image_probe (cut, "cut.jpg", &info, &from_bytes));
      g_assert_cmpstr (from_bytes->message, ==, from_file->message);
      dirty_stack ();
      assert_load_fails (path, 0, 0, PW_ERROR_INVALID_DATA, "ends early");
    }

  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint orientation = 1; orientation <= 8; orientation++)
    {
      g_autofree char *name = g_strdup_printf ("/media/jpeg/orientation/%u", orientation);

      g_test_add_data_func (name, GUINT_TO_POINTER (orientation), test_orientation);
    }
  g_test_add_data_func ("/media/jpeg/baseline", GINT_TO_POINTER (PW_TEST_JPEG_RGB), test_kind);
  g_test_add_data_func ("/media/jpeg/grayscale", GINT_TO_POINTER (PW_TEST_JPEG_GRAY), test_kind);
  g_test_add_data_func ("/media/jpeg/cmyk", GINT_TO_POINTER (PW_TEST_JPEG_CMYK), test_kind);
  g_test_add_data_func ("/media/jpeg/progressive", GINT_TO_POINTER (PW_TEST_JPEG_PROGRESSIVE),
                        test_kind);
  g_test_add_func ("/media/jpeg/scaled-sizes", test_scaled_sizes);
  g_test_add_func ("/media/jpeg/large-buffer", test_large_buffer);
  g_test_add_func ("/media/jpeg/truncated", test_truncated);
  g_test_add_func ("/media/jpeg/corrupt", test_corrupt);
  g_test_add_func ("/media/jpeg/oversized", test_oversized);
  g_test_add_func ("/media/jpeg/probe-file", test_probe_file);
  g_test_add_func ("/media/jpeg/cut-in-header", test_cut_in_header);

  return g_test_run ();
}
