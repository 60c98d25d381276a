/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-text-offsets.h"
#include "pw-text-panel.h"

G_BEGIN_DECLS

/* A span as drawn: the annotation's span and the row of underline it takes,
 * so that nested and overlapping spans each stay visible. */
typedef struct
{
  PwTextSpan *span;
  guint       depth;
} PwDrawnSpan;

#define PW_TYPE_TEXT_PANEL_VIEW (pw_text_panel_view_get_type ())

G_DECLARE_FINAL_TYPE (PwTextPanelView, pw_text_panel_view, PW, TEXT_PANEL_VIEW, GtkTextView)

struct _PwTextPanel
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkOverlay    *overlay;
  GtkTextView   *view;
  GtkRevealer   *message_revealer;
  GtkLabel      *message_label;

  /* Owned references */
  PwAnnotation  *annotation;
  gulong         annotation_changed_id;
  PwLabelSet    *labels;
  PwTextOffsets *offsets;        /* made on first need */
  char          *text;           /* as the buffer holds it */
  GArray        *drawn;          /* PwDrawnSpan, by start, outer spans first */
  char          *selected;       /* span id */
  GtkTextMark   *span_mark;      /* where the view scrolls to the span */
  guint          scroll_tick_id; /* keeps the span in view while lines get their heights */
  guint          scroll_frames;
  PwCheckFlags   rules;
  guint          message_timeout_id;
  gboolean       placing_cursor; /* the panel moves the cursor itself */
  double         press_x;        /* where the last button press was, in */
  double         press_y;        /* the view's coordinates */
};

struct _PwTextPanelView
{
  GtkTextView  parent_instance;

  PwTextPanel *panel;            /* borrowed: the panel owns the view */
  GHashTable  *tag_layouts;      /* label name → PangoLayout */
  guint        n_allocations;    /* times laid out in a frame's layout */
};

/* pw-text-panel-spans.c: drawing and finding spans */
void         _pw_text_panel_rebuild_drawn     (PwTextPanel  *self);
PwTextSpan  *_pw_text_panel_span_at           (PwTextPanel  *self,
                                               guint         offset);
char        *_pw_text_panel_describe_at       (PwTextPanel  *self,
                                               guint         offset);
GdkRGBA      _pw_text_panel_label_color       (PwTextPanel  *self,
                                               const char   *label);

/* pw-text-panel-keys.c: keys, pointer and the edits they make */
void         _pw_text_panel_class_init_keys   (GtkWidgetClass *widget_class);
void         _pw_text_panel_init_keys         (PwTextPanel  *self);
gboolean     _pw_text_panel_label             (PwTextPanel  *self,
                                               PwLabel      *label,
                                               PwTextSnapMode mode);
void         _pw_text_panel_show_message      (PwTextPanel  *self,
                                               const char   *message);
void         _pw_text_panel_set_selected      (PwTextPanel  *self,
                                               const char   *span_id);
void         _pw_text_panel_update_actions    (PwTextPanel  *self);

G_END_DECLS
