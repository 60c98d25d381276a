/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The plain pairwise test for a self-crossing polygon, against which the
 * sweep is checked. */

gboolean pw_test_polygon_crosses_pairwise (const PwPoint *points,
                                           guint          n_points);

G_END_DECLS
