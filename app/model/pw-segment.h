/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A segment of an audio task: start and end in seconds, a label and the text
 * said in it. */

#define PW_TYPE_SEGMENT (pw_segment_get_type ())

typedef struct _PwSegment PwSegment;

GType        pw_segment_get_type      (void) G_GNUC_CONST;

PwSegment   *pw_segment_new           (const char      *id,
                                       double           start,
                                       double           end,
                                       const char      *label,
                                       const char      *text);
PwSegment   *pw_segment_ref           (PwSegment       *self);
void         pw_segment_unref         (PwSegment       *self);
PwSegment   *pw_segment_copy          (const PwSegment *self);
gboolean     pw_segment_equal         (const PwSegment *a,
                                       const PwSegment *b);
int          pw_segment_compare       (const PwSegment *a,
                                       const PwSegment *b);

const char  *pw_segment_get_id        (const PwSegment *self);
void         pw_segment_set_id        (PwSegment       *self,
                                       const char      *id);
double       pw_segment_get_start     (const PwSegment *self);
double       pw_segment_get_end       (const PwSegment *self);
void         pw_segment_set_range     (PwSegment       *self,
                                       double           start,
                                       double           end);
const char  *pw_segment_get_label     (const PwSegment *self);
void         pw_segment_set_label     (PwSegment       *self,
                                       const char      *label);
const char  *pw_segment_get_text      (const PwSegment *self);
void         pw_segment_set_text      (PwSegment       *self,
                                       const char      *text);

JsonNode    *pw_segment_to_json       (const PwSegment *self,
                                       gboolean         with_id);
PwSegment   *pw_segment_new_from_json (JsonNode        *node,
                                       const char      *what,
                                       const char      *id,
                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwSegment, pw_segment_unref)

G_END_DECLS
