/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pw-shape.h"

G_BEGIN_DECLS

typedef struct _PwShapeIndex PwShapeIndex;

PwShapeIndex *pw_shape_index_new     (double         width,
                                      double         height);
void          pw_shape_index_free    (PwShapeIndex  *self);
void          pw_shape_index_set_shapes (PwShapeIndex *self,
                                      GPtrArray     *shapes);
void          pw_shape_index_update  (PwShapeIndex  *self,
                                      GPtrArray     *shapes,
                                      const char    *shape_id);
GPtrArray    *pw_shape_index_query   (PwShapeIndex  *self,
                                      const PwRect  *area);
gboolean      pw_shape_index_get_bounds (PwShapeIndex *self,
                                      const char    *shape_id,
                                      PwRect        *bounds);
guint         pw_shape_index_get_n_shapes (PwShapeIndex *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwShapeIndex, pw_shape_index_free)

G_END_DECLS
