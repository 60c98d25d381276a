/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-text-panel-private.h"

/* The text panel: the task's text in a read-only view, its spans drawn by
 * the view (pw-text-panel-spans.c) and edited by keys and clicks
 * (pw-text-panel-keys.c). The buffer holds the text once and is never
 * tagged: a span is drawn from its offsets, which are the buffer's
 * character offsets, so an edit costs the spans' order and one frame,
 * whatever the length of the text. Only the snapping of a selection goes
 * through Pango's bytes, inside PwTextOffsets. */

G_DEFINE_FINAL_TYPE (PwTextPanel, pw_text_panel, GTK_TYPE_WIDGET)

#define MESSAGE_SECONDS 4

static void
describe_selected (PwTextPanel *self)
{
  PwTextSpan *span = NULL;
  g_autofree char *description = NULL;

  if (self->selected != NULL && self->annotation != NULL)
    span = pw_annotation_lookup_span (self->annotation, self->selected);

  if (span != NULL)
    {
      g_autofree char *words = g_utf8_substring (self->text, pw_text_span_get_start (span),
                                                 pw_text_span_get_end (span));
      const char *label = pw_text_span_get_label (span);

      /* Translators: the first is a label, the second the text labeled. */
      description = g_strdup_printf (_("Selected span: %s, “%s”"),
                                     label != NULL ? label : _("no label"), words);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
}

void
_pw_text_panel_set_selected (PwTextPanel *self,
                             const char  *span_id)
{
  if (g_strcmp0 (self->selected, span_id) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (span_id);
  describe_selected (self);
  _pw_text_panel_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
on_annotation_changed (PwAnnotation       *annotation,
                       PwAnnotationChange  change,
                       const char         *span_id,
                       PwTextPanel        *self)
{
  _pw_text_panel_rebuild_drawn (self);
  if (change == PW_ANNOTATION_CHANGE_REMOVED && g_strcmp0 (span_id, self->selected) == 0)
    _pw_text_panel_set_selected (self, NULL);
  else if (g_strcmp0 (span_id, self->selected) == 0)
    describe_selected (self);
  _pw_text_panel_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

/* A cursor moved by the worker out of the selected span, or a new
 * selection, leaves the span. */
static void
on_mark_set (GtkTextBuffer *buffer,
             GtkTextIter   *location,
             GtkTextMark   *mark,
             PwTextPanel   *self)
{
  PwTextSpan *span;
  GtkTextIter insert;
  guint at;

  if (self->placing_cursor || self->selected == NULL
      || mark != gtk_text_buffer_get_insert (buffer))
    return;

  span = pw_annotation_lookup_span (self->annotation, self->selected);
  gtk_text_buffer_get_iter_at_mark (buffer, &insert, mark);
  at = gtk_text_iter_get_offset (&insert);
  if (span == NULL || gtk_text_buffer_get_has_selection (buffer)
      || at < pw_text_span_get_start (span) || at > pw_text_span_get_end (span))
    _pw_text_panel_set_selected (self, NULL);
}

static void
on_has_selection (GtkTextBuffer *buffer,
                  GParamSpec    *pspec,
                  PwTextPanel   *self)
{
  if (gtk_text_buffer_get_has_selection (buffer) && !self->placing_cursor)
    _pw_text_panel_set_selected (self, NULL);
  _pw_text_panel_update_actions (self);
}

static void
drawn_span_clear (gpointer data)
{
  PwDrawnSpan *drawn = data;

  g_clear_pointer (&drawn->span, pw_text_span_unref);
}

static void
pw_text_panel_dispose (GObject *object)
{
  PwTextPanel *self = PW_TEXT_PANEL (object);

  g_clear_handle_id (&self->message_timeout_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  g_clear_signal_handler (&self->annotation_changed_id, self->annotation);
  g_clear_object (&self->annotation);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->offsets, pw_text_offsets_unref);
  if (self->view != NULL)
    PW_TEXT_PANEL_VIEW (self->view)->panel = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_TEXT_PANEL);

  G_OBJECT_CLASS (pw_text_panel_parent_class)->dispose (object);
}

static void
pw_text_panel_finalize (GObject *object)
{
  PwTextPanel *self = PW_TEXT_PANEL (object);

  g_free (self->text);
  g_free (self->selected);
  g_array_unref (self->drawn);

  G_OBJECT_CLASS (pw_text_panel_parent_class)->finalize (object);
}

static gboolean
pw_text_panel_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PW_TEXT_PANEL (widget)->view));
}

static void
pw_text_panel_class_init (PwTextPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_text_panel_dispose;
  object_class->finalize = pw_text_panel_finalize;
  widget_class->grab_focus = pw_text_panel_grab_focus;

  g_type_ensure (PW_TYPE_TEXT_PANEL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/piecework/Piecework/pw-text-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PwTextPanel, overlay);
  gtk_widget_class_bind_template_child (widget_class, PwTextPanel, view);
  gtk_widget_class_bind_template_child (widget_class, PwTextPanel, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwTextPanel, message_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "textpanel");

  _pw_text_panel_class_init_keys (widget_class);
}

static void
pw_text_panel_init (PwTextPanel *self)
{
  GtkTextBuffer *buffer;

  self->drawn = g_array_new (FALSE, FALSE, sizeof (PwDrawnSpan));
  g_array_set_clear_func (self->drawn, drawn_span_clear);
  self->text = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
  PW_TEXT_PANEL_VIEW (self->view)->panel = self;

  buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_mark_set), self, 0);
  g_signal_connect_object (buffer, "notify::has-selection", G_CALLBACK (on_has_selection),
                           self, 0);

  _pw_text_panel_init_keys (self);
  _pw_text_panel_update_actions (self);
}

/**
 * pw_text_panel_new:
 *
 * Returns: (transfer floating): a text panel with no task
 */
GtkWidget *
pw_text_panel_new (void)
{
  return g_object_new (PW_TYPE_TEXT_PANEL, NULL);
}

/**
 * pw_text_panel_set_task:
 * @text: (nullable): the task's text, or %NULL to show none
 * @annotation: (nullable): the annotation whose spans are shown and edited
 * @labels: (nullable): the project's labels, for their colours and keys
 * @rules: the project's rules; with %PW_CHECK_NO_OVERLAPS a span that
 *   would overlap another is refused
 *
 * Shows @text with the spans of @annotation, and follows the annotation's
 * changes from then on, wherever they come from (undo, a restored draft).
 */
void
pw_text_panel_set_task (PwTextPanel  *self,
                        const char   *text,
                        PwAnnotation *annotation,
                        PwLabelSet   *labels,
                        PwCheckFlags  rules)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (PW_IS_TEXT_PANEL (self));
  g_return_if_fail (annotation == NULL || PW_IS_ANNOTATION (annotation));
  g_return_if_fail (labels == NULL || PW_IS_LABEL_SET (labels));

  g_clear_signal_handler (&self->annotation_changed_id, self->annotation);
  g_set_object (&self->annotation, annotation);
  g_set_object (&self->labels, labels);
  self->rules = rules;
  if (annotation != NULL)
    self->annotation_changed_id =
      g_signal_connect (annotation, "changed::span", G_CALLBACK (on_annotation_changed), self);

  /* The buffer takes only UTF-8; a marketplace may send anything. The
   * offsets are made from the same text, on first need. */
  g_free (self->text);
  self->text = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_clear_pointer (&self->offsets, pw_text_offsets_unref);
  g_clear_pointer (&self->selected, g_free);

  buffer = gtk_text_view_get_buffer (self->view);
  self->placing_cursor = TRUE;
  gtk_text_buffer_set_text (buffer, self->text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  self->placing_cursor = FALSE;
  gtk_text_view_scroll_to_iter (self->view, &start, 0, FALSE, 0, 0);
  /* The new text is laid out in the next frame's layout, with the
   * scrollbar after it. Left to itself, the view lays out what an idle has
   * not yet when it is drawn: on a busy machine the frame comes first, and
   * the scrollbar's range changes after it was placed. */
  gtk_widget_queue_resize (GTK_WIDGET (self->view));

  if (PW_TEXT_PANEL_VIEW (self->view)->tag_layouts != NULL)
    g_hash_table_remove_all (PW_TEXT_PANEL_VIEW (self->view)->tag_layouts);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  _pw_text_panel_rebuild_drawn (self);
  describe_selected (self);
  _pw_text_panel_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

/**
 * pw_text_panel_get_annotation:
 *
 * Returns: (transfer none) (nullable): the annotation shown
 */
PwAnnotation *
pw_text_panel_get_annotation (PwTextPanel *self)
{
  g_return_val_if_fail (PW_IS_TEXT_PANEL (self), NULL);
  return self->annotation;
}

/**
 * pw_text_panel_get_view:
 *
 * Returns: (transfer none): the text view, to focus it or read its buffer
 */
GtkTextView *
pw_text_panel_get_view (PwTextPanel *self)
{
  g_return_val_if_fail (PW_IS_TEXT_PANEL (self), NULL);
  return self->view;
}

/**
 * pw_text_panel_label_selection:
 * @label: a label for spans
 *
 * Gives @label to the selected span, or makes a span of the selected text
 * snapped to words. A selection that holds nothing to label, or a span the
 * project's rules refuse, is answered with a short message in the panel.
 *
 * Returns: %TRUE when the key was the panel's: a span or a selection was
 *   there (even if nothing could be labeled); %FALSE when neither was, so
 *   the key may go to the choices
 */
gboolean
pw_text_panel_label_selection (PwTextPanel *self,
                               PwLabel     *label)
{
  g_return_val_if_fail (PW_IS_TEXT_PANEL (self), FALSE);
  g_return_val_if_fail (PW_IS_LABEL (label), FALSE);

  return _pw_text_panel_label (self, label, PW_TEXT_SNAP_WORDS);
}

/**
 * pw_text_panel_get_selection:
 * @start: (out) (optional): the first code point selected
 * @end: (out) (optional): the code point after the last one selected
 *
 * Returns: %TRUE when some text is selected
 */
gboolean
pw_text_panel_get_selection (PwTextPanel *self,
                             guint       *start,
                             guint       *end)
{
  GtkTextIter a, b;
  gboolean any;

  g_return_val_if_fail (PW_IS_TEXT_PANEL (self), FALSE);

  any = gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (self->view), &a, &b);
  if (start != NULL)
    *start = gtk_text_iter_get_offset (&a);
  if (end != NULL)
    *end = gtk_text_iter_get_offset (&b);
  return any;
}

/**
 * pw_text_panel_get_selected_span:
 *
 * Returns: (nullable): the id of the selected span
 */
const char *
pw_text_panel_get_selected_span (PwTextPanel *self)
{
  g_return_val_if_fail (PW_IS_TEXT_PANEL (self), NULL);
  return self->selected;
}

/* A long text's lines get their real heights a few at a time, after the
 * view first scrolled on estimates: for some frames, the view scrolls
 * again until the span stays in sight. */
static gboolean
keep_span_in_view (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  PwTextPanel *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, self->span_mark);
  gtk_text_view_get_visible_rect (self->view, &visible);
  gtk_text_view_get_iter_location (self->view, &iter, &location);
  if (location.y < visible.y || location.y + location.height > visible.y + visible.height)
    gtk_text_view_scroll_to_mark (self->view, self->span_mark, 0.1, FALSE, 0, 0);
  if (++self->scroll_frames < 30)
    return G_SOURCE_CONTINUE;
  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * pw_text_panel_select_span:
 * @span_id: (nullable): the id of one of the annotation's spans, or %NULL
 *
 * Selects the span: it is outlined, the cursor goes to its start and the
 * view scrolls to it. A label's key then relabels it, Delete removes it.
 */
void
pw_text_panel_select_span (PwTextPanel *self,
                           const char  *span_id)
{
  GtkTextBuffer *buffer;
  PwTextSpan *span = NULL;
  GtkTextIter start;

  g_return_if_fail (PW_IS_TEXT_PANEL (self));

  if (span_id != NULL && self->annotation != NULL)
    span = pw_annotation_lookup_span (self->annotation, span_id);
  if (span == NULL)
    {
      _pw_text_panel_set_selected (self, NULL);
      return;
    }

  buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, pw_text_span_get_start (span));
  self->placing_cursor = TRUE;
  gtk_text_buffer_place_cursor (buffer, &start);
  self->placing_cursor = FALSE;
  _pw_text_panel_set_selected (self, span_id);
  /* Through a mark: the lines between may not have their heights yet,
   * and the view scrolls to a mark once they have. */
  if (self->span_mark == NULL)
    self->span_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, self->span_mark, &start);
  gtk_text_view_scroll_to_mark (self->view, self->span_mark, 0.1, FALSE, 0, 0);
  self->scroll_frames = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->view), keep_span_in_view,
                                                         self, NULL);
}

/* Shows @message over the text for a few seconds; it never takes the
 * focus, so the next key still goes to the text. */
static gboolean
hide_message (gpointer user_data)
{
  PwTextPanel *self = user_data;

  self->message_timeout_id = 0;
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

void
_pw_text_panel_show_message (PwTextPanel *self,
                             const char  *message)
{
  g_clear_handle_id (&self->message_timeout_id, g_source_remove);
  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
      return;
    }
  gtk_label_set_text (self->message_label, message);
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  self->message_timeout_id = g_timeout_add_seconds (MESSAGE_SECONDS, hide_message, self);
}

/**
 * pw_text_panel_get_message:
 *
 * Returns: (nullable): the message the panel shows now, such as why a
 *   selection could not be labeled
 */
const char *
pw_text_panel_get_message (PwTextPanel *self)
{
  g_return_val_if_fail (PW_IS_TEXT_PANEL (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->message_revealer))
    return NULL;
  return gtk_label_get_text (self->message_label);
}
