/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* A photo-like JPEG of any size made at run time, so the image benchmarks
 * decode what a camera gives without a photo in the source tree. */

G_BEGIN_DECLS

GBytes *bench_make_photo (int width,
                          int height);

G_END_DECLS
