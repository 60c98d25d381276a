/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "pw-memory.h"

/* The process's memory. glibc gives each thread that allocates while the
 * others hold their pools a pool of its own, up to eight per processor:
 * the threads of the store, of the images' decoding, of the folder's
 * listing and of GTK and Mesa each came to keep one, a few hundred
 * kilobytes touched and mostly free in each, megabytes in all for a
 * program whose threads allocate little and seldom at the same time. */

/* Blocks this large and larger are mapped on their own, and given back
 * when freed. Each frame of GTK's cairo renderer (where GL would be
 * software, ui/pw-renderer-choice.c) allocates and frees buffers of the
 * window's size, megabytes; mapped anew each frame, their pages were
 * faulted in and zeroed by the kernel every frame, a third of a frame of
 * a pan. Kept in the pool, a buffer is reused by the next frame. */
#define MMAP_THRESHOLD (32 * 1024 * 1024)
/* Free memory at the top of the pool is given back past this. */
#define TRIM_THRESHOLD (64 * 1024 * 1024)

/**
 * pw_memory_configure:
 *
 * Keeps the C library to %PW_MEMORY_MAX_ARENAS pools of memory for all
 * threads, and keeps freed blocks of up to 32 MB for reuse. Call it first
 * thing in main(), before any thread starts: pools made before stay.
 */
void
pw_memory_configure (void)
{
#ifdef __GLIBC__
  /* What the environment sets, as glibc reads it, stays: whoever sets it
   * measures something. */
  if (g_getenv ("MALLOC_ARENA_MAX") == NULL)
    mallopt (M_ARENA_MAX, PW_MEMORY_MAX_ARENAS);
  if (g_getenv ("MALLOC_MMAP_THRESHOLD_") == NULL && g_getenv ("GLIBC_TUNABLES") == NULL)
    mallopt (M_MMAP_THRESHOLD, MMAP_THRESHOLD);
  if (g_getenv ("MALLOC_TRIM_THRESHOLD_") == NULL && g_getenv ("GLIBC_TUNABLES") == NULL)
    mallopt (M_TRIM_THRESHOLD, TRIM_THRESHOLD);
#endif
}
