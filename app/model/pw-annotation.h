/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-command.h"
#include "pw-shape.h"

G_BEGIN_DECLS

/**
 * PwAnnotationChange:
 * @PW_ANNOTATION_CHANGE_ADDED: a shape, span or segment was added
 * @PW_ANNOTATION_CHANGE_REMOVED: a shape, span or segment was removed
 * @PW_ANNOTATION_CHANGE_REPLACED: a shape, span or segment was replaced by
 *   a new version, or the choices or the transcript changed
 *
 * What the #PwAnnotation::changed signal reports.
 */
typedef enum
{
  PW_ANNOTATION_CHANGE_ADDED,
  PW_ANNOTATION_CHANGE_REMOVED,
  PW_ANNOTATION_CHANGE_REPLACED,
} PwAnnotationChange;

/**
 * PW_ANNOTATION_MAX_POINTS:
 *
 * The most points one shape may have in what Piecework opens from outside
 * (a labelme file, a marketplace's prefill). A hand-drawn polygon has tens;
 * a traced mask may have thousands.
 */
#define PW_ANNOTATION_MAX_POINTS 10000

/**
 * PW_ANNOTATION_MAX_SHAPES:
 *
 * The most shapes one image may have in what Piecework opens from outside.
 */
#define PW_ANNOTATION_MAX_SHAPES 20000

/**
 * PW_ANNOTATION_MAX_SPANS:
 *
 * The most spans one text may have in what Piecework opens from outside.
 */
#define PW_ANNOTATION_MAX_SPANS 20000

/**
 * PW_ANNOTATION_MAX_SEGMENTS:
 *
 * The most segments one sound may have in what Piecework opens from
 * outside.
 */
#define PW_ANNOTATION_MAX_SEGMENTS 20000

/**
 * PW_ANNOTATION_MAX_CHOICES:
 *
 * The most choices one task may have in what Piecework opens from outside.
 */
#define PW_ANNOTATION_MAX_CHOICES 1000

/**
 * PW_ANNOTATION_MAX_TEXT_BYTES:
 *
 * The longest transcript, and the longest text of one segment, in bytes of
 * UTF-8: 1 MiB, some 150,000 words. What Piecework opens from outside and
 * what the worker types are held to it.
 */
#define PW_ANNOTATION_MAX_TEXT_BYTES (1024 * 1024)

/**
 * PwAnnotationTools:
 * @PW_ANNOTATION_TOOL_SHAPES: shapes on an image (the project's tools
 *   `bbox` and `polygon`); the annotation has the image's size. An
 *   annotation with this tool has no other.
 * @PW_ANNOTATION_TOOL_CHOICE: choices among the project's labels
 * @PW_ANNOTATION_TOOL_SPAN: labeled spans of a text
 * @PW_ANNOTATION_TOOL_SEGMENT: labeled segments of a sound, each with its
 *   text
 * @PW_ANNOTATION_TOOL_TRANSCRIPT: a transcript or free-text answer
 *
 * What an annotation holds, from its task's tools. Its JSON form has the
 * members of its tools and no other, as the contract asks: `image` and
 * `shapes`, `choices`, `spans`, `segments`, `transcript`.
 */
typedef enum /*< flags >*/
{
  PW_ANNOTATION_TOOL_SHAPES = 1 << 0,
  PW_ANNOTATION_TOOL_CHOICE = 1 << 1,
  PW_ANNOTATION_TOOL_SPAN = 1 << 2,
  PW_ANNOTATION_TOOL_SEGMENT = 1 << 3,
  PW_ANNOTATION_TOOL_TRANSCRIPT = 1 << 4,
} PwAnnotationTools;

#define PW_TYPE_ANNOTATION_TOOLS (pw_annotation_tools_get_type ())
GType pw_annotation_tools_get_type (void) G_GNUC_CONST;

#define PW_TYPE_ANNOTATION_CHANGE (pw_annotation_change_get_type ())
GType pw_annotation_change_get_type (void) G_GNUC_CONST;

#define PW_TYPE_ANNOTATION (pw_annotation_get_type ())

G_DECLARE_FINAL_TYPE (PwAnnotation, pw_annotation, PW, ANNOTATION, GObject)

PwAnnotation *pw_annotation_new                (guint          width,
                                                guint          height);
guint         pw_annotation_get_width          (PwAnnotation  *self);
guint         pw_annotation_get_height         (PwAnnotation  *self);
PwAnnotation *pw_annotation_new_for_tools      (PwAnnotationTools tools);
PwAnnotationTools pw_annotation_get_tools      (PwAnnotation  *self);
PwAnnotationTools pw_annotation_tools_from_names (const char *const *names);

GPtrArray    *pw_annotation_get_shapes         (PwAnnotation  *self);
PwShape      *pw_annotation_lookup_shape       (PwAnnotation  *self,
                                                const char    *id);
gboolean      pw_annotation_find_shape         (PwAnnotation  *self,
                                                const char    *id,
                                                guint         *index);
char         *pw_annotation_new_shape_id       (PwAnnotation  *self);

void          pw_annotation_add_shape          (PwAnnotation  *self,
                                                PwShape       *shape);
void          pw_annotation_remove_shape       (PwAnnotation  *self,
                                                const char    *id);
void          pw_annotation_replace_shape      (PwAnnotation  *self,
                                                PwShape       *shape);
gboolean      pw_annotation_apply_batch        (PwAnnotation  *self,
                                                GPtrArray     *commands,
                                                GError       **error);
gboolean      pw_annotation_apply_command      (PwAnnotation  *self,
                                                PwCommand     *command,
                                                GError       **error);
void          pw_annotation_paste_shapes       (PwAnnotation  *self,
                                                GPtrArray     *shapes);

const char *const *pw_annotation_get_choices  (PwAnnotation  *self);
gboolean      pw_annotation_has_choice         (PwAnnotation  *self,
                                                const char    *label);
void          pw_annotation_set_choices        (PwAnnotation  *self,
                                                const char *const *choices);
void          pw_annotation_set_choice         (PwAnnotation  *self,
                                                const char    *label,
                                                gboolean       chosen);

GPtrArray    *pw_annotation_get_spans          (PwAnnotation  *self);
PwTextSpan   *pw_annotation_lookup_span        (PwAnnotation  *self,
                                                const char    *id);
gboolean      pw_annotation_find_span          (PwAnnotation  *self,
                                                const char    *id,
                                                guint         *index);
char         *pw_annotation_new_span_id        (PwAnnotation  *self);
void          pw_annotation_add_span           (PwAnnotation  *self,
                                                PwTextSpan    *span);
void          pw_annotation_remove_span        (PwAnnotation  *self,
                                                const char    *id);
void          pw_annotation_replace_span       (PwAnnotation  *self,
                                                PwTextSpan    *span);

GPtrArray    *pw_annotation_get_segments       (PwAnnotation  *self);
PwSegment    *pw_annotation_lookup_segment     (PwAnnotation  *self,
                                                const char    *id);
gboolean      pw_annotation_find_segment       (PwAnnotation  *self,
                                                const char    *id,
                                                guint         *index);
char         *pw_annotation_new_segment_id     (PwAnnotation  *self);
gboolean      pw_annotation_add_segment        (PwAnnotation  *self,
                                                PwSegment     *segment,
                                                GError       **error);
void          pw_annotation_remove_segment     (PwAnnotation  *self,
                                                const char    *id);
gboolean      pw_annotation_replace_segment    (PwAnnotation  *self,
                                                PwSegment     *segment,
                                                GError       **error);

const char   *pw_annotation_get_transcript     (PwAnnotation  *self);
gboolean      pw_annotation_set_transcript     (PwAnnotation  *self,
                                                const char    *transcript,
                                                gboolean       continue_typing,
                                                GError       **error);
gboolean      pw_annotation_edit_transcript    (PwAnnotation  *self,
                                                guint          at,
                                                guint          n_removed,
                                                const char    *inserted,
                                                gboolean       continue_typing,
                                                GError       **error);

gboolean      pw_annotation_can_undo           (PwAnnotation  *self);
gboolean      pw_annotation_can_redo           (PwAnnotation  *self);
gboolean      pw_annotation_undo               (PwAnnotation  *self);
gboolean      pw_annotation_redo               (PwAnnotation  *self);
guint         pw_annotation_get_position       (PwAnnotation  *self);
guint         pw_annotation_get_n_commands     (PwAnnotation  *self);
PwCommand    *pw_annotation_get_command        (PwAnnotation  *self,
                                                guint          index);

JsonNode     *pw_annotation_to_json            (PwAnnotation  *self);
PwAnnotation *pw_annotation_new_from_json      (JsonNode      *node,
                                                GError       **error);
gboolean      pw_annotation_json_within_limits (JsonObject    *object,
                                                const char    *what,
                                                GError       **error);
PwAnnotation *pw_annotation_new_from_prefill   (JsonNode      *node,
                                                PwAnnotationTools tools,
                                                gint64         text_length,
                                                GError       **error);
gboolean      pw_annotation_json_fits_text     (JsonObject    *object,
                                                const char    *what,
                                                guint64        text_length,
                                                GError       **error);
PwAnnotation *pw_annotation_new_from_history   (JsonNode      *snapshot,
                                                const char *const *commands,
                                                guint          n_commands,
                                                guint          position,
                                                GError       **error);

G_END_DECLS
