/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-media-test.h"

/* PwImageCache: hits without decoding, one decode shared by the requests
 * that want it, the least recently used images dropped for the budget,
 * prefetches that are found later but never hold the cache and stop when
 * the worker moves elsewhere, cancelled
 * requests answered, and errors kept for the request that follows. */

typedef struct
{
  gboolean done;
  PwImage *image;
  GError *error;
} Loaded;

static void
loaded_clear (Loaded *loaded)
{
  g_clear_pointer (&loaded->image, pw_image_unref);
  g_clear_error (&loaded->error);
  loaded->done = FALSE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Loaded *loaded = user_data;

  g_assert_false (loaded->done);
  loaded->image = pw_image_cache_load_finish (PW_IMAGE_CACHE (source), result, &loaded->error);
  loaded->done = TRUE;
}

static void
load (PwImageCache *cache,
      const char   *path,
      int           fit_width,
      int           fit_height,
      gboolean      full_resolution,
      Loaded       *loaded)
{
  loaded_clear (loaded);
  pw_image_cache_load_async (cache, path, fit_width, fit_height, full_resolution,
                             NULL, on_loaded, loaded);
  pw_test_spin_until (&loaded->done);
}

static void
assert_finalized (PwImageCache *cache)
{
  gpointer weak = cache;

  g_object_add_weak_pointer (G_OBJECT (cache), &weak);
  g_object_unref (cache);
  g_assert_null (weak);
}

static gboolean
on_pause_over (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets decodes that nobody waits for any more finish before the test ends. */
static void
let_workers_finish (void)
{
  gboolean over = FALSE;

  g_timeout_add (300, on_pause_over, &over);
  pw_test_spin_until (&over);
}

static char *
write_jpeg (const char *dir,
            const char *name,
            int         width,
            int         height)
{
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (width, height, PW_TEST_JPEG_RGB);

  return pw_test_write (dir, name, jpeg);
}

static void
test_hit (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *path = write_jpeg (dir, "a.jpg", 320, 240);
  PwImageCache *cache = pw_image_cache_new (16 * 1024 * 1024);
  g_autoptr (PwImage) first = NULL;
  g_autoptr (PwImage) looked_up = NULL;
  Loaded loaded = { 0 };

  g_assert_null (pw_image_cache_lookup (cache, path, 40, 30, FALSE));

  load (cache, path, 40, 30, FALSE, &loaded);
  g_assert_no_error (loaded.error);
  g_assert_cmpuint (pw_image_get_scale_denominator (loaded.image), ==, 8);
  first = pw_image_ref (loaded.image);
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, pw_image_get_size (first));

  /* The same image, not another decode of it. */
  looked_up = pw_image_cache_lookup (cache, path, 40, 30, FALSE);
  g_assert_true (looked_up == first);
  load (cache, path, 40, 30, FALSE, &loaded);
  g_assert_true (loaded.image == first);

  /* Zooming in needs the full size; once there, it serves any view. */
  g_assert_null (pw_image_cache_lookup (cache, path, 40, 30, TRUE));
  load (cache, path, 40, 30, TRUE, &loaded);
  g_assert_no_error (loaded.error);
  g_assert_cmpint (pw_image_get_width (loaded.image), ==, 320);
  g_clear_pointer (&looked_up, pw_image_unref);
  looked_up = pw_image_cache_lookup (cache, path, 160, 120, FALSE);
  g_assert_true (looked_up == loaded.image);

  loaded_clear (&loaded);
  assert_finalized (cache);
  pw_test_remove_dir (dir);
}

static void
test_shared_decode (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *path = write_jpeg (dir, "b.jpg", 640, 480);
  PwImageCache *cache = pw_image_cache_new (16 * 1024 * 1024);
  Loaded one = { 0 };
  Loaded two = { 0 };

  pw_image_cache_load_async (cache, path, 0, 0, TRUE, NULL, on_loaded, &one);
  pw_image_cache_load_async (cache, path, 0, 0, TRUE, NULL, on_loaded, &two);
  pw_test_spin_until (&one.done);
  pw_test_spin_until (&two.done);
  g_assert_no_error (one.error);
  g_assert_no_error (two.error);
  g_assert_true (one.image == two.image);

  loaded_clear (&one);
  loaded_clear (&two);
  assert_finalized (cache);
  pw_test_remove_dir (dir);
}

static void
test_budget (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *a = write_jpeg (dir, "a.jpg", 64, 64);
  g_autofree char *b = write_jpeg (dir, "b.jpg", 64, 64);
  g_autofree char *c = write_jpeg (dir, "c.jpg", 64, 64);
  g_autofree char *big = write_jpeg (dir, "big.jpg", 128, 128);
  gsize one = 64 * 64 * 3;
  PwImageCache *cache = pw_image_cache_new (2 * one + one / 2);
  g_autoptr (PwImage) image = NULL;
  Loaded loaded = { 0 };

  load (cache, a, 0, 0, TRUE, &loaded);
  load (cache, b, 0, 0, TRUE, &loaded);
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, 2 * one);

  /* a is used again, so b is the least recently used when c comes. */
  image = pw_image_cache_lookup (cache, a, 0, 0, TRUE);
  g_assert_nonnull (image);
  g_clear_pointer (&image, pw_image_unref);
  load (cache, c, 0, 0, TRUE, &loaded);
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, 2 * one);
  g_assert_null (pw_image_cache_lookup (cache, b, 0, 0, TRUE));
  image = pw_image_cache_lookup (cache, a, 0, 0, TRUE);
  g_assert_nonnull (image);
  g_clear_pointer (&image, pw_image_unref);
  image = pw_image_cache_lookup (cache, c, 0, 0, TRUE);
  g_assert_nonnull (image);
  g_clear_pointer (&image, pw_image_unref);

  /* Larger than the whole budget: given, not kept, and nothing pushed out. */
  load (cache, big, 0, 0, TRUE, &loaded);
  g_assert_no_error (loaded.error);
  g_assert_nonnull (loaded.image);
  g_assert_null (pw_image_cache_lookup (cache, big, 0, 0, TRUE));
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, 2 * one);

  /* A smaller budget takes effect at once. */
  pw_image_cache_set_budget (cache, one);
  g_assert_cmpuint (pw_image_cache_get_budget (cache), ==, one);
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, one);
  image = pw_image_cache_lookup (cache, c, 0, 0, TRUE);
  g_assert_nonnull (image);
  g_clear_pointer (&image, pw_image_unref);
  g_assert_null (pw_image_cache_lookup (cache, a, 0, 0, TRUE));
  pw_image_cache_set_budget (cache, 0);
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, 0);

  loaded_clear (&loaded);
  assert_finalized (cache);
  pw_test_remove_dir (dir);
}

static void
test_prefetch (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *next = write_jpeg (dir, "next.jpg", 800, 600);
  g_autofree char *after = write_jpeg (dir, "after.jpg", 800, 600);
  PwImageCache *cache = pw_image_cache_new (16 * 1024 * 1024);
  g_autoptr (PwImage) prefetched = NULL;
  g_autoptr (PwImage) stored = NULL;
  Loaded loaded = { 0 };

  /* Done before the request: the request is a hit. */
  pw_image_cache_prefetch (cache, next, 200, 150);
  while ((prefetched = pw_image_cache_lookup (cache, next, 200, 150, FALSE)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pw_image_get_scale_denominator (prefetched), ==, 4);
  load (cache, next, 200, 150, FALSE, &loaded);
  g_assert_true (loaded.image == prefetched);

  /* Still running when the request comes: the request joins it. */
  pw_image_cache_prefetch (cache, after, 200, 150);
  load (cache, after, 200, 150, FALSE, &loaded);
  g_assert_no_error (loaded.error);
  stored = pw_image_cache_lookup (cache, after, 200, 150, FALSE);
  g_assert_true (loaded.image == stored);

  loaded_clear (&loaded);
  assert_finalized (cache);
  pw_test_remove_dir (dir);
}

static void
test_prefetch_does_not_hold_cache (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *path = write_jpeg (dir, "next.jpg", 640, 480);
  PwImageCache *cache = pw_image_cache_new (16 * 1024 * 1024);

  pw_image_cache_prefetch (cache, path, 0, 0);
  assert_finalized (cache);
  let_workers_finish ();
  pw_test_remove_dir (dir);
}

static void
test_prefetch_only (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *left = write_jpeg (dir, "left.jpg", 1600, 1200);
  g_autofree char *next = write_jpeg (dir, "next.jpg", 800, 600);
  g_autofree char *joined = write_jpeg (dir, "joined.jpg", 800, 600);
  const char *around_left[] = { left, NULL };
  const char *around_next[] = { next, NULL };
  const char *around_joined[] = { joined, NULL };
  PwImageCache *cache = pw_image_cache_new (64 * 1024 * 1024);
  g_autoptr (PwImage) image = NULL;
  Loaded loaded = { 0 };

  /* The worker moves on before the first prefetch is done: it stops, and
   * keeps nothing even if its thread had finished, while the new one is
   * kept. */
  pw_image_cache_prefetch_only (cache, around_left, 200, 150);
  pw_image_cache_prefetch_only (cache, around_next, 200, 150);
  while ((image = pw_image_cache_lookup (cache, next, 200, 150, FALSE)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  let_workers_finish ();
  g_assert_null (pw_image_cache_lookup (cache, left, 200, 150, FALSE));
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, pw_image_get_size (image));

  /* A prefetch a request joined goes on for the request. */
  pw_image_cache_prefetch_only (cache, around_joined, 200, 150);
  pw_image_cache_load_async (cache, joined, 200, 150, FALSE, NULL, on_loaded, &loaded);
  pw_image_cache_prefetch_only (cache, NULL, 200, 150);
  pw_test_spin_until (&loaded.done);
  g_assert_no_error (loaded.error);
  g_assert_nonnull (loaded.image);

  loaded_clear (&loaded);
  assert_finalized (cache);
  pw_test_remove_dir (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *path = write_jpeg (dir, "c.jpg", 640, 480);
  PwImageCache *cache = pw_image_cache_new (16 * 1024 * 1024);
  g_autoptr (GCancellable) before = g_cancellable_new ();
  g_autoptr (GCancellable) during = g_cancellable_new ();
  Loaded loaded = { 0 };
  Loaded kept = { 0 };

  g_cancellable_cancel (before);
  pw_image_cache_load_async (cache, path, 0, 0, TRUE, before, on_loaded, &loaded);
  pw_test_spin_until (&loaded.done);
  g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (loaded.image);

  /* Of two requests sharing a decode, the cancelled one is answered at
   * once and the other still gets its image. */
  loaded_clear (&loaded);
  pw_image_cache_load_async (cache, path, 0, 0, TRUE, during, on_loaded, &loaded);
  pw_image_cache_load_async (cache, path, 0, 0, TRUE, NULL, on_loaded, &kept);
  g_cancellable_cancel (during);
  g_assert_false (loaded.done);
  pw_test_spin_until (&loaded.done);
  g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  pw_test_spin_until (&kept.done);
  g_assert_no_error (kept.error);
  g_assert_cmpint (pw_image_get_width (kept.image), ==, 640);

  /* Alone and cancelled: answered, and the cache is left as it was. */
  loaded_clear (&loaded);
  loaded_clear (&kept);
  pw_image_cache_set_budget (cache, 0);
  g_cancellable_reset (during);
  pw_image_cache_load_async (cache, path, 0, 0, TRUE, during, on_loaded, &loaded);
  g_cancellable_cancel (during);
  pw_test_spin_until (&loaded.done);
  g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, 0);

  loaded_clear (&loaded);
  assert_finalized (cache);
  let_workers_finish ();
  pw_test_remove_dir (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.jpg", NULL);
  g_autoptr (GBytes) jpeg = pw_test_make_jpeg (320, 240, PW_TEST_JPEG_RGB);
  g_autoptr (GBytes) half = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autofree char *cut = pw_test_write (dir, "cut.jpg", half);
  PwImageCache *cache = pw_image_cache_new (16 * 1024 * 1024);
  Loaded loaded = { 0 };

  load (cache, missing, 100, 100, FALSE, &loaded);
  g_assert_error (loaded.error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (loaded.error->message, "missing.jpg"));

  /* A prefetch keeps its error for the request that follows. */
  pw_image_cache_prefetch (cache, cut, 100, 100);
  load (cache, cut, 100, 100, FALSE, &loaded);
  g_assert_error (loaded.error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (loaded.error->message, "cut.jpg"));
  g_assert_cmpuint (pw_image_cache_get_size (cache), ==, 0);

  loaded_clear (&loaded);
  assert_finalized (cache);
  pw_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/media/cache/hit", test_hit);
  g_test_add_func ("/media/cache/shared-decode", test_shared_decode);
  g_test_add_func ("/media/cache/budget", test_budget);
  g_test_add_func ("/media/cache/prefetch", test_prefetch);
  g_test_add_func ("/media/cache/prefetch-does-not-hold-cache", test_prefetch_does_not_hold_cache);
  g_test_add_func ("/media/cache/prefetch-only", test_prefetch_only);
  g_test_add_func ("/media/cache/cancel", test_cancel);
  g_test_add_func ("/media/cache/errors", test_errors);

  return g_test_run ();
}
