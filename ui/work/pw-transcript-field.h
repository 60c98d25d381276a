/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The transcript or free-text answer of a task: a wrapping text field
 * bound to the annotation's transcript. Typing within a word is one undo
 * step; an undo, a redo or a restored draft shows in the field without
 * moving the cursor; the window's keys for moving on (Ctrl+Return, Ctrl+T,
 * Ctrl+Space, undo) keep working while the field has the keyboard. */

#define PW_TYPE_TRANSCRIPT_FIELD (pw_transcript_field_get_type ())

G_DECLARE_FINAL_TYPE (PwTranscriptField, pw_transcript_field, PW, TRANSCRIPT_FIELD, GtkWidget)

GtkWidget    *pw_transcript_field_new            (void);
void          pw_transcript_field_set_annotation (PwTranscriptField *self,
                                                  PwAnnotation      *annotation);
PwAnnotation *pw_transcript_field_get_annotation (PwTranscriptField *self);
GtkTextView  *pw_transcript_field_get_view       (PwTranscriptField *self);

G_END_DECLS
