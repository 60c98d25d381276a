/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-annotation.h"

G_BEGIN_DECLS

struct _PwAnnotation
{
  GObject parent_instance;

  guint width;
  guint height;
  GPtrArray *shapes;
  GPtrArray *history;
  guint position;
  guint next_id;
};

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

G_END_DECLS
