/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *bench_make_photo (int width,
                          int height);

G_END_DECLS
