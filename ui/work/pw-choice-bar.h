/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

/* The task's choices among the project's labels, each a toggle with its
 * key, a titled row for each group of choices: in a single-choice group
 * (or project) picking one replaces the other, in a multi-choice one each
 * key turns its choice on or off. With more choices than digits a
 * filter field finds them by name. Every pick is a command on the annotation, so
 * undo reaches it. */

#define PW_TYPE_CHOICE_BAR (pw_choice_bar_get_type ())

G_DECLARE_FINAL_TYPE (PwChoiceBar, pw_choice_bar, PW, CHOICE_BAR, GtkWidget)

GtkWidget      *pw_choice_bar_new            (void);
void            pw_choice_bar_set_task       (PwChoiceBar     *self,
                                              PwAnnotation    *annotation,
                                              PwLabelSet      *labels,
                                              gboolean         single);
PwAnnotation   *pw_choice_bar_get_annotation (PwChoiceBar     *self);
gboolean        pw_choice_bar_get_single     (PwChoiceBar     *self);
gboolean        pw_choice_bar_pick           (PwChoiceBar     *self,
                                              PwLabel         *label);
gboolean        pw_choice_bar_answers_task   (PwChoiceBar     *self,
                                              PwLabel         *label);
gboolean        pw_choice_bar_handle_key     (PwChoiceBar     *self,
                                              guint            keyval,
                                              guint            keycode,
                                              GdkModifierType  state);
GtkSearchEntry *pw_choice_bar_get_filter     (PwChoiceBar     *self);
guint           pw_choice_bar_get_n_shown    (PwChoiceBar     *self);
GtkToggleButton *pw_choice_bar_get_button    (PwChoiceBar     *self,
                                              const char      *label);
void            pw_choice_bar_set_key_capture_widget (PwChoiceBar *self,
                                                      GtkWidget   *widget);

G_END_DECLS
