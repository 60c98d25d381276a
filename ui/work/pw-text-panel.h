/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The text panel: a task's text, read-only and wrapped, with its labeled
 * spans drawn as coloured backgrounds. The worker selects with the mouse
 * or the keyboard and presses a label's key; selections snap to words
 * (Alt keeps characters); Tab and Shift+Tab walk the spans, Delete removes
 * the selected one, a label's key relabels it. Every edit is a command on
 * the annotation, so the document keeps it and undo reaches it. */

#define PW_TYPE_TEXT_PANEL (pw_text_panel_get_type ())

G_DECLARE_FINAL_TYPE (PwTextPanel, pw_text_panel, PW, TEXT_PANEL, GtkWidget)

GtkWidget    *pw_text_panel_new                (void);
void          pw_text_panel_set_task           (PwTextPanel  *self,
                                                const char   *text,
                                                PwAnnotation *annotation,
                                                PwLabelSet   *labels,
                                                PwCheckFlags  rules);
PwAnnotation *pw_text_panel_get_annotation     (PwTextPanel  *self);
GtkTextView  *pw_text_panel_get_view           (PwTextPanel  *self);
gboolean      pw_text_panel_label_selection    (PwTextPanel  *self,
                                                PwLabel      *label);
gboolean      pw_text_panel_get_selection      (PwTextPanel  *self,
                                                guint        *start,
                                                guint        *end);
const char   *pw_text_panel_get_selected_span  (PwTextPanel  *self);
void          pw_text_panel_select_span        (PwTextPanel  *self,
                                                const char   *span_id);
const char   *pw_text_panel_get_message        (PwTextPanel  *self);

G_END_DECLS
