/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-annotation.h"

G_BEGIN_DECLS

/* What the annotation's files share: its instance, the edits that apply a
 * command, and the change notifications. */

struct _PwAnnotation
{
  GObject parent_instance;

  guint width;
  guint height;
  GPtrArray *shapes;
  GPtrArray *history;
  guint position;
  guint next_id;

  /* Text and audio tasks' answers; spans and segments in their order. */
  PwAnnotationTools tools;
  GStrv choices;
  GPtrArray *spans;
  GPtrArray *segments;
  GString *transcript;
  guint next_span_id;
  guint next_segment_id;
};

/* The detail of #PwAnnotation::changed: which part of the annotation. */
#define PW_ANNOTATION_PART_SHAPE "shape"
#define PW_ANNOTATION_PART_SPAN "span"
#define PW_ANNOTATION_PART_SEGMENT "segment"
#define PW_ANNOTATION_PART_CHOICES "choices"
#define PW_ANNOTATION_PART_TRANSCRIPT "transcript"

void      pw_annotation_emit_changed    (PwAnnotation        *self,
                                         PwAnnotationChange   change,
                                         const char          *shape_id);
void      pw_annotation_note_id         (PwAnnotation        *self,
                                         const char          *id);
gboolean  pw_annotation_run_forward     (PwAnnotation        *self,
                                         PwCommand           *command,
                                         PwCommand          **resolved,
                                         GError             **error);
gboolean  pw_annotation_run_backward    (PwAnnotation        *self,
                                         PwCommand           *command,
                                         GError             **error);
void      pw_annotation_insert_loaded   (PwAnnotation        *self,
                                         PwShape             *shape);
gboolean  pw_annotation_replay_command  (PwAnnotation        *self,
                                         PwCommand           *command,
                                         GError             **error);

void      _pw_annotation_emit_part_changed (PwAnnotation        *self,
                                            const char          *part,
                                            PwAnnotationChange   change,
                                            const char          *id);
void      _pw_annotation_emit_transcript_edited (PwAnnotation *self,
                                                 guint         at,
                                                 guint         n_removed,
                                                 const char   *inserted);
void      _pw_annotation_commit_merged  (PwAnnotation        *self,
                                         PwCommand           *merged);
gboolean  _pw_annotation_run_span       (PwAnnotation        *self,
                                         PwCommand           *command,
                                         gboolean             forward,
                                         GError             **error);
gboolean  _pw_annotation_run_segment    (PwAnnotation        *self,
                                         PwCommand           *command,
                                         gboolean             forward,
                                         GError             **error);
gboolean  _pw_annotation_run_choices    (PwAnnotation        *self,
                                         PwCommand           *command,
                                         gboolean             forward,
                                         GError             **error);
gboolean  _pw_annotation_run_transcript (PwAnnotation        *self,
                                         PwCommand           *command,
                                         gboolean             forward,
                                         GError             **error);
void      _pw_annotation_answers_to_json (PwAnnotation       *self,
                                          JsonObject         *root);
gboolean  _pw_annotation_answers_within_limits (JsonObject   *object,
                                                const char   *what,
                                                GError      **error);
PwAnnotation *_pw_annotation_read_answers (JsonObject         *root,
                                           PwAnnotationTools   tools,
                                           const char         *what,
                                           GError            **error);
void      _pw_annotation_insert_loaded_span    (PwAnnotation *self,
                                                PwTextSpan   *span);
void      _pw_annotation_insert_loaded_segment (PwAnnotation *self,
                                                PwSegment    *segment);

G_END_DECLS
