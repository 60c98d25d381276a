/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A text of many scripts (Latin, CJK, Hebrew, Arabic, emoji sequences) for
 * the text-offset tests and benchmark. */

char *pw_test_mixed_text (guint n_code_points);

G_END_DECLS
