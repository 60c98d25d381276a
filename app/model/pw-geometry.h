/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pw-shape.h"

G_BEGIN_DECLS

/**
 * PwHitKind:
 * @PW_HIT_NONE: the point is away from the shape
 * @PW_HIT_HANDLE: one of a box's eight resize handles
 * @PW_HIT_VERTEX: a polygon vertex
 * @PW_HIT_EDGE: a polygon edge, where Ctrl+click inserts a vertex
 * @PW_HIT_INSIDE: inside the shape, where a drag moves it
 *
 * What part of a shape lies under the pointer.
 */
typedef enum
{
  PW_HIT_NONE,
  PW_HIT_HANDLE,
  PW_HIT_VERTEX,
  PW_HIT_EDGE,
  PW_HIT_INSIDE,
} PwHitKind;

/**
 * PwHandle:
 * @PW_HANDLE_TOP_LEFT: the top left corner
 * @PW_HANDLE_TOP: the top edge
 * @PW_HANDLE_TOP_RIGHT: the top right corner
 * @PW_HANDLE_RIGHT: the right edge
 * @PW_HANDLE_BOTTOM_RIGHT: the bottom right corner
 * @PW_HANDLE_BOTTOM: the bottom edge
 * @PW_HANDLE_BOTTOM_LEFT: the bottom left corner
 * @PW_HANDLE_LEFT: the left edge
 *
 * A box's resize handles, clockwise from the top left corner.
 */
typedef enum
{
  PW_HANDLE_TOP_LEFT,
  PW_HANDLE_TOP,
  PW_HANDLE_TOP_RIGHT,
  PW_HANDLE_RIGHT,
  PW_HANDLE_BOTTOM_RIGHT,
  PW_HANDLE_BOTTOM,
  PW_HANDLE_BOTTOM_LEFT,
  PW_HANDLE_LEFT,
} PwHandle;

/**
 * PwHit:
 * @kind: what was hit
 * @handle: the handle, when @kind is %PW_HIT_HANDLE
 * @index: the vertex for %PW_HIT_VERTEX; for %PW_HIT_EDGE the edge from
 *   vertex @index to the next one
 */
typedef struct
{
  PwHitKind kind;
  PwHandle handle;
  guint index;
} PwHit;

gboolean  pw_geometry_point_in_polygon     (const PwPoint *points,
                                            guint          n_points,
                                            double         x,
                                            double         y);
double    pw_geometry_distance_to_segment  (double         x,
                                            double         y,
                                            const PwPoint *a,
                                            const PwPoint *b);
gboolean  pw_geometry_segments_intersect   (const PwPoint *a,
                                            const PwPoint *b,
                                            const PwPoint *c,
                                            const PwPoint *d);
gboolean  pw_geometry_polygon_self_crosses (const PwPoint *points,
                                            guint          n_points);
double    pw_geometry_polygon_area         (const PwPoint *points,
                                            guint          n_points);
gboolean  pw_geometry_hit_test             (const PwShape *shape,
                                            double         x,
                                            double         y,
                                            double         tolerance,
                                            PwHit         *hit);
PwShape  *pw_geometry_shape_at             (GPtrArray     *shapes,
                                            double         x,
                                            double         y,
                                            double         tolerance,
                                            PwHit         *hit);

G_END_DECLS
