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

/**
 * pw_memory_limit_arenas:
 *
 * Keeps the C library to %PW_MEMORY_MAX_ARENAS pools of memory for all
 * threads. Call it first thing in main(), before any thread starts: pools
 * made before stay.
 */
void
pw_memory_limit_arenas (void)
{
#ifdef __GLIBC__
  /* MALLOC_ARENA_MAX in the environment says otherwise, as glibc reads
   * it: whoever sets it measures something. */
  if (g_getenv ("MALLOC_ARENA_MAX") == NULL)
    mallopt (M_ARENA_MAX, PW_MEMORY_MAX_ARENAS);
#endif
}
