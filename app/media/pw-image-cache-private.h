/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-image-cache.h"
#include "pw-image-loader.h"

/* PwImageCache's instance and what its two files share: pw-image-cache.c
 * keeps the entries within the budget, pw-image-cache-jobs.c runs the
 * decodes that fill them and answers the requests that wait on each. */

G_BEGIN_DECLS

struct _PwImageCache
{
  GObject parent_instance;

  guint64 budget;
  guint64 size;
  GHashTable *entries;   /* "scale:path" → CacheEntry, owned */
  GQueue lru;            /* CacheEntry, most recently used first */
  GHashTable *infos;     /* path → PathInfo, owned */
  GHashTable *jobs;      /* job key → CacheJob, borrowed from its task */
};

/* What the header said, kept while any entry of the file is: it turns the
 * next request into a key without reading the file. */
typedef struct
{
  PwImageInfo info;
  guint n_entries;
} PathInfo;

char *_pw_image_cache_entry_key (const char         *path,
                                 guint               scale);
void  _pw_image_cache_store     (PwImageCache       *self,
                                 const char         *path,
                                 const PwImageInfo  *info,
                                 PwImage            *image);
void  _pw_image_cache_wait_for  (PwImageCache       *self,
                                 const char         *path,
                                 int                 fit_width,
                                 int                 fit_height,
                                 gboolean            full_resolution,
                                 GTask              *task);
void  _pw_image_cache_start     (PwImageCache       *self,
                                 const char         *path,
                                 int                 fit_width,
                                 int                 fit_height);
void  _pw_image_cache_drop_jobs (PwImageCache       *self);
void  _pw_image_cache_stop_prefetches (PwImageCache *self,
                                       GHashTable   *kept);

G_END_DECLS
