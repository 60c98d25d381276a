/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "piecework-engine.h"

/* The process's memory: its threads share a few pools of memory instead
 * of one each. Each case runs in a process of its own, as pools once made
 * stay for the life of the process. */

#define N_THREADS 6

typedef struct
{
  GMutex lock;
  GCond  changed;
  guint  n_allocated;
  gboolean release;
} Threads;

static gpointer
allocate_and_wait (gpointer data)
{
  Threads *threads = data;
  /* The first allocation of a thread takes its pool. */
  g_autofree char *block = g_malloc0 (64);

  g_mutex_lock (&threads->lock);
  threads->n_allocated++;
  g_cond_broadcast (&threads->changed);
  while (!threads->release)
    g_cond_wait (&threads->changed, &threads->lock);
  g_mutex_unlock (&threads->lock);
  return NULL;
}

/* Returns: how many pools the C library keeps, with @n_threads threads
 *   that each allocated alive at once */
static guint
count_pools_with_threads (guint n_threads)
{
  Threads threads = { 0, };
  GThread *running[N_THREADS];
  char *info = NULL;
  size_t size = 0;
  FILE *stream;
  guint n_pools = 0;

  g_assert_cmpuint (n_threads, <=, N_THREADS);
  g_mutex_init (&threads.lock);
  g_cond_init (&threads.changed);
  for (guint i = 0; i < n_threads; i++)
    running[i] = g_thread_new ("pw-memory-test", allocate_and_wait, &threads);

  g_mutex_lock (&threads.lock);
  while (threads.n_allocated < n_threads)
    g_cond_wait (&threads.changed, &threads.lock);
  g_mutex_unlock (&threads.lock);

  stream = open_memstream (&info, &size);
  g_assert_nonnull (stream);
  g_assert_cmpint (malloc_info (0, stream), ==, 0);
  fclose (stream);
  for (const char *at = info; (at = strstr (at, "<heap nr=")) != NULL; at++)
    n_pools++;
  free (info);

  g_mutex_lock (&threads.lock);
  threads.release = TRUE;
  g_cond_broadcast (&threads.changed);
  g_mutex_unlock (&threads.lock);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (running[i]);
  g_mutex_clear (&threads.lock);
  g_cond_clear (&threads.changed);
  return n_pools;
}

static gboolean
glibc_malloc_counts (void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  if (g_getenv ("MALLOC_ARENA_MAX") == NULL)
    return TRUE;
  g_test_skip ("MALLOC_ARENA_MAX is set");
#else
  g_test_skip ("Only glibc's own allocator keeps pools");
#endif
  return FALSE;
}

static void
test_memory_threads_share_pools (void)
{
  if (!glibc_malloc_counts ())
    return;
  if (g_test_subprocess ())
    {
      pw_memory_configure ();
      g_assert_cmpuint (count_pools_with_threads (N_THREADS), <=, PW_MEMORY_MAX_ARENAS);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* What the limit is for: left to itself, the C library gives each of
 * these threads a pool. */
static void
test_memory_threads_unlimited_take_pools (void)
{
  if (!glibc_malloc_counts ())
    return;
  if (g_test_subprocess ())
    {
      g_assert_cmpuint (count_pools_with_threads (N_THREADS), >, PW_MEMORY_MAX_ARENAS);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Returns: whether a block of @size bytes, allocated then, is mapped on
 *   its own rather than taken from the pool */
static gboolean
block_is_mapped (gsize size)
{
  struct mallinfo2 before = mallinfo2 ();
  char *block = g_malloc (size);
  struct mallinfo2 after = mallinfo2 ();
  gboolean mapped = after.hblkhd >= before.hblkhd + size;

  block[0] = 1;
  g_free (block);
  return mapped;
}

/* A frame's buffers of megabytes, freed and allocated again each frame,
 * come from the pool, not from pages mapped anew each time. */
static void
test_memory_large_blocks_kept (void)
{
  if (!glibc_malloc_counts ())
    return;
  if (g_test_subprocess ())
    {
      pw_memory_configure ();
      g_assert_false (block_is_mapped (8 * 1024 * 1024));
      g_assert_false (block_is_mapped (8 * 1024 * 1024));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Left to itself, the C library maps the first such block on its own. */
static void
test_memory_large_blocks_unconfigured (void)
{
  if (!glibc_malloc_counts ())
    return;
  if (g_getenv ("GLIBC_TUNABLES") != NULL || g_getenv ("MALLOC_MMAP_THRESHOLD_") != NULL)
    {
      g_test_skip ("The environment sets the C library's thresholds");
      return;
    }
  if (g_test_subprocess ())
    {
      g_assert_true (block_is_mapped (8 * 1024 * 1024));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memory/threads-share-pools", test_memory_threads_share_pools);
  g_test_add_func ("/memory/threads-unlimited-take-pools", test_memory_threads_unlimited_take_pools);
  g_test_add_func ("/memory/large-blocks-kept", test_memory_large_blocks_kept);
  g_test_add_func ("/memory/large-blocks-unconfigured", test_memory_large_blocks_unconfigured);

  return g_test_run ();
}
