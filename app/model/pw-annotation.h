/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-command.h"
#include "pw-shape.h"

G_BEGIN_DECLS

/**
 * PwAnnotationChange:
 * @PW_ANNOTATION_CHANGE_ADDED: a shape was added
 * @PW_ANNOTATION_CHANGE_REMOVED: a shape was removed
 * @PW_ANNOTATION_CHANGE_REPLACED: a shape was replaced by a new version
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

#define PW_TYPE_ANNOTATION_CHANGE (pw_annotation_change_get_type ())
GType pw_annotation_change_get_type (void) G_GNUC_CONST;

#define PW_TYPE_ANNOTATION (pw_annotation_get_type ())

G_DECLARE_FINAL_TYPE (PwAnnotation, pw_annotation, PW, ANNOTATION, GObject)

PwAnnotation *pw_annotation_new                (guint          width,
                                                guint          height);
guint         pw_annotation_get_width          (PwAnnotation  *self);
guint         pw_annotation_get_height         (PwAnnotation  *self);

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
PwAnnotation *pw_annotation_new_from_history   (JsonNode      *snapshot,
                                                const char *const *commands,
                                                guint          n_commands,
                                                guint          position,
                                                GError       **error);

G_END_DECLS
