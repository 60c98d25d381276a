/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-image.h"

/* PwImageCache keeps decoded images within a budget of bytes, so moving
 * between tasks shows the next image at once. A request is answered from an
 * image decoded at a large enough scale, or joins the decode already running
 * for it; decoding runs in worker threads, everything else on the main
 * thread. */

G_BEGIN_DECLS

#define PW_TYPE_IMAGE_CACHE (pw_image_cache_get_type ())

G_DECLARE_FINAL_TYPE (PwImageCache, pw_image_cache, PW, IMAGE_CACHE, GObject)

PwImageCache *pw_image_cache_new         (guint64               budget);
guint64       pw_image_cache_get_budget  (PwImageCache         *self);
void          pw_image_cache_set_budget  (PwImageCache         *self,
                                          guint64               budget);
guint64       pw_image_cache_get_size    (PwImageCache         *self);
PwImage      *pw_image_cache_lookup      (PwImageCache         *self,
                                          const char           *path,
                                          int                   fit_width,
                                          int                   fit_height,
                                          gboolean              full_resolution);
void          pw_image_cache_load_async  (PwImageCache         *self,
                                          const char           *path,
                                          int                   fit_width,
                                          int                   fit_height,
                                          gboolean              full_resolution,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
PwImage      *pw_image_cache_load_finish (PwImageCache         *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void          pw_image_cache_prefetch    (PwImageCache         *self,
                                          const char           *path,
                                          int                   fit_width,
                                          int                   fit_height);
void          pw_image_cache_prefetch_only (PwImageCache       *self,
                                            const char * const *paths,
                                            int                 fit_width,
                                            int                 fit_height);

G_END_DECLS
