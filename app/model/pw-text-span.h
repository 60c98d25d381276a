/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A span of a text task: start and end in Unicode code points of the text,
 * end exclusive, and a label. */

#define PW_TYPE_TEXT_SPAN (pw_text_span_get_type ())

typedef struct _PwTextSpan PwTextSpan;

GType        pw_text_span_get_type      (void) G_GNUC_CONST;

PwTextSpan  *pw_text_span_new           (const char       *id,
                                         guint             start,
                                         guint             end,
                                         const char       *label);
PwTextSpan  *pw_text_span_ref           (PwTextSpan       *self);
void         pw_text_span_unref         (PwTextSpan       *self);
PwTextSpan  *pw_text_span_copy          (const PwTextSpan *self);
gboolean     pw_text_span_equal         (const PwTextSpan *a,
                                         const PwTextSpan *b);
int          pw_text_span_compare       (const PwTextSpan *a,
                                         const PwTextSpan *b);

const char  *pw_text_span_get_id        (const PwTextSpan *self);
void         pw_text_span_set_id        (PwTextSpan       *self,
                                         const char       *id);
guint        pw_text_span_get_start     (const PwTextSpan *self);
guint        pw_text_span_get_end       (const PwTextSpan *self);
void         pw_text_span_set_range     (PwTextSpan       *self,
                                         guint             start,
                                         guint             end);
const char  *pw_text_span_get_label     (const PwTextSpan *self);
void         pw_text_span_set_label     (PwTextSpan       *self,
                                         const char       *label);

JsonNode    *pw_text_span_to_json       (const PwTextSpan *self,
                                         gboolean          with_id);
PwTextSpan  *pw_text_span_new_from_json (JsonNode         *node,
                                         const char       *what,
                                         const char       *id,
                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwTextSpan, pw_text_span_unref)

G_END_DECLS
