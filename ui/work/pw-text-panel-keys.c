/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-label-keys.h"
#include "pw-text-panel-private.h"

/* The panel's keys and clicks, and the edits they make. The view moves the
 * cursor and selects as any text view does (Shift+arrows, Shift+Ctrl+arrows
 * by word, the mouse); the panel takes, before the view, only the keys it
 * has a use for at that moment: a label's key with a selection or a span
 * selected, Tab and Shift+Tab with spans to walk, Delete and Escape with
 * something to remove or clear. Every other key, a digit with nothing
 * selected among them, goes on to the window, so the work area gives it to
 * the choices. */

#define CLICK_SLOP 4.0

static PwTextOffsets *
ensure_offsets (PwTextPanel *self)
{
  if (self->offsets == NULL)
    {
      g_autoptr (GError) error = NULL;

      /* The text was made valid UTF-8 without NULs by the panel. */
      self->offsets = pw_text_offsets_new (self->text, -1, &error);
      g_assert_no_error (error);
    }
  return self->offsets;
}

static void
place_cursor (PwTextPanel *self,
              guint        offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  self->placing_cursor = TRUE;
  gtk_text_buffer_place_cursor (buffer, &iter);
  self->placing_cursor = FALSE;
}

/* Selects a span where the cursor already is, as after a click: without
 * scrolling. */
static void
select_quietly (PwTextPanel *self,
                const char  *span_id)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  PwTextSpan *span = pw_annotation_lookup_span (self->annotation, span_id);
  GtkTextIter insert;
  guint at;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  at = gtk_text_iter_get_offset (&insert);
  if (at < pw_text_span_get_start (span) || at > pw_text_span_get_end (span))
    place_cursor (self, pw_text_span_get_start (span));
  _pw_text_panel_set_selected (self, span_id);
}

static PwTextSpan *
find_overlap (PwTextPanel *self,
              guint        start,
              guint        end)
{
  for (guint i = 0; i < self->drawn->len; i++)
    {
      PwTextSpan *span = g_array_index (self->drawn, PwDrawnSpan, i).span;

      if (pw_text_span_get_start (span) >= end)
        break;
      if (pw_text_span_get_end (span) > start)
        return span;
    }
  return NULL;
}

/* A span over exactly [start, end), the one with @label if there is one. */
static PwTextSpan *
find_same (PwTextPanel *self,
           guint        start,
           guint        end,
           const char  *label)
{
  PwTextSpan *found = NULL;

  for (guint i = 0; i < self->drawn->len; i++)
    {
      PwTextSpan *span = g_array_index (self->drawn, PwDrawnSpan, i).span;

      if (pw_text_span_get_start (span) > start)
        break;
      if (pw_text_span_get_start (span) != start || pw_text_span_get_end (span) != end)
        continue;
      if (g_strcmp0 (pw_text_span_get_label (span), label) == 0)
        return span;
      if (found == NULL)
        found = span;
    }
  return found;
}

/**
 * _pw_text_panel_label:
 * @mode: %PW_TEXT_SNAP_WORDS, or %PW_TEXT_SNAP_CHARACTERS with Alt held
 *
 * Relabels the selected span, or makes a span of the selection.
 *
 * Returns: %FALSE when there was neither a span selected nor a selection
 */
gboolean
_pw_text_panel_label (PwTextPanel    *self,
                      PwLabel        *label,
                      PwTextSnapMode  mode)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  const char *name = pw_label_get_name (label);
  g_autoptr (PwTextSpan) span = NULL;
  g_autofree char *id = NULL;
  PwTextSpan *other;
  GtkTextIter a, b;
  guint start, end;

  if (self->annotation == NULL || !pw_label_is_for (label, PW_ANNOTATION_TOOL_SPAN))
    return FALSE;

  if (self->selected != NULL
      && (other = pw_annotation_lookup_span (self->annotation, self->selected)) != NULL)
    {
      if (g_strcmp0 (pw_text_span_get_label (other), name) != 0)
        {
          span = pw_text_span_copy (other);
          pw_text_span_set_label (span, name);
          pw_annotation_replace_span (self->annotation, span);
        }
      _pw_text_panel_show_message (self, NULL);
      return TRUE;
    }

  if (!gtk_text_buffer_get_selection_bounds (buffer, &a, &b))
    return FALSE;

  if (pw_text_offsets_snap (ensure_offsets (self), gtk_text_iter_get_offset (&a),
                            gtk_text_iter_get_offset (&b), mode, &start, &end)
      != PW_TEXT_SNAP_SPAN)
    {
      _pw_text_panel_show_message (self, mode == PW_TEXT_SNAP_WORDS
                                   ? _("Nothing to label: the selection holds only spaces and punctuation. Select a word, or hold Alt to keep punctuation.")
                                   : _("Nothing to label: the selection holds only spaces. Select some text."));
      return TRUE;
    }

  /* The text of a span selected again is that span: a new label on it
   * relabels it rather than stacking a second span. */
  if ((other = find_same (self, start, end, name)) != NULL)
    {
      place_cursor (self, end);
      select_quietly (self, pw_text_span_get_id (other));
      if (g_strcmp0 (pw_text_span_get_label (other), name) != 0)
        {
          span = pw_text_span_copy (other);
          pw_text_span_set_label (span, name);
          pw_annotation_replace_span (self->annotation, span);
        }
      _pw_text_panel_show_message (self, NULL);
      return TRUE;
    }

  if ((self->rules & PW_CHECK_NO_OVERLAPS) && (other = find_overlap (self, start, end)) != NULL)
    {
      g_autofree char *message = NULL;
      const char *other_label = pw_text_span_get_label (other);

      message = g_strdup_printf (_("This project does not allow spans to overlap, and “%s” is already labeled there. Select other text, or remove that span first."),
                                 other_label != NULL ? other_label : _("no label"));
      _pw_text_panel_show_message (self, message);
      return TRUE;
    }

  id = pw_annotation_new_span_id (self->annotation);
  span = pw_text_span_new (id, start, end, name);
  pw_annotation_add_span (self->annotation, span);
  _pw_text_panel_show_message (self, NULL);
  /* The selection is spent; the new span is selected, so the next label
   * key corrects it and Delete takes it back. */
  place_cursor (self, end);
  select_quietly (self, id);
  return TRUE;
}

static gboolean
step (PwTextPanel *self,
      int          direction)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GPtrArray *spans;
  GtkTextIter insert;
  guint at, current = 0, n;
  gboolean found = FALSE;

  if (self->annotation == NULL)
    return FALSE;
  spans = pw_annotation_get_spans (self->annotation);
  n = spans->len;
  if (n == 0)
    return FALSE;

  if (self->selected != NULL)
    found = pw_annotation_find_span (self->annotation, self->selected, &current);

  if (found)
    current = (current + n + (direction > 0 ? 1 : n - 1)) % n;
  else
    {
      /* From the cursor: the first span at or after it, or the last one
       * before it. */
      gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
      at = gtk_text_iter_get_offset (&insert);
      current = direction > 0 ? 0 : n - 1;
      for (guint i = 0; i < n; i++)
        {
          guint k = direction > 0 ? i : n - 1 - i;
          guint start = pw_text_span_get_start (g_ptr_array_index (spans, k));

          if (direction > 0 ? start >= at : start < at)
            {
              current = k;
              break;
            }
        }
    }

  pw_text_panel_select_span (self, pw_text_span_get_id (g_ptr_array_index (spans, current)));
  return TRUE;
}

static gboolean
remove_selected (PwTextPanel *self)
{
  g_autofree char *id = NULL;

  if (self->annotation == NULL || self->selected == NULL
      || !pw_annotation_find_span (self->annotation, self->selected, NULL))
    return FALSE;
  id = g_strdup (self->selected);
  pw_text_panel_select_span (self, NULL);
  pw_annotation_remove_span (self->annotation, id);
  return TRUE;
}

static gboolean
clear (PwTextPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter insert;

  if (self->selected == NULL && !gtk_text_buffer_get_has_selection (buffer))
    return FALSE;
  pw_text_panel_select_span (self, NULL);
  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  place_cursor (self, gtk_text_iter_get_offset (&insert));
  _pw_text_panel_show_message (self, NULL);
  return TRUE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwTextPanel           *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  PwLabel *label = NULL;

  if (self->labels != NULL)
    label = pw_label_keys_lookup_event (self->labels, PW_ANNOTATION_TOOL_SPAN,
                                        gtk_widget_get_display (GTK_WIDGET (self)),
                                        keyval, keycode, state & ~GDK_ALT_MASK);
  if (label != NULL)
    return _pw_text_panel_label (self, label,
                                 (mods & GDK_ALT_MASK) ? PW_TEXT_SNAP_CHARACTERS
                                                       : PW_TEXT_SNAP_WORDS);

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      return mods == 0 && step (self, 1);
    case GDK_KEY_ISO_Left_Tab:
      return mods == GDK_SHIFT_MASK && step (self, -1);
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      return mods == 0 && remove_selected (self);
    case GDK_KEY_Escape:
      return mods == 0 && clear (self);
    default:
      return FALSE;
    }
}

/* Where a press and its release were, in the view's coordinates. */
static void
event_point (PwTextPanel *self,
             GdkEvent    *event,
             double      *x,
             double      *y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->view));
  graphene_point_t in, out;
  double ex, ey, nx, ny;

  gdk_event_get_position (event, &ex, &ey);
  gtk_native_get_surface_transform (native, &nx, &ny);
  in = GRAPHENE_POINT_INIT (ex - nx, ey - ny);
  if (!gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self->view), &in, &out))
    out = in;
  *x = out.x;
  *y = out.y;
}

/* A click on a span, without a drag, selects it. The view places the
 * cursor and selects text as usual; the panel only watches. */
static gboolean
on_pointer_event (GtkEventControllerLegacy *controller,
                  GdkEvent                 *event,
                  PwTextPanel              *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  GdkModifierType mods = gdk_event_get_modifier_state (event)
                         & gtk_accelerator_get_default_mod_mask ();
  PwTextSpan *span;
  GtkTextIter iter;
  double x, y;
  int bx, by, trailing;

  if ((type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE)
      || gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return FALSE;

  event_point (self, event, &x, &y);
  if (type == GDK_BUTTON_PRESS)
    {
      self->press_x = x;
      self->press_y = y;
      return FALSE;
    }

  if (mods != 0 || self->annotation == NULL
      || ABS (x - self->press_x) > CLICK_SLOP || ABS (y - self->press_y) > CLICK_SLOP
      || gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (self->view)))
    return FALSE;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_position (self->view, &iter, &trailing, bx, by))
    return FALSE;
  span = _pw_text_panel_span_at (self, gtk_text_iter_get_offset (&iter));
  if (span != NULL)
    select_quietly (self, pw_text_span_get_id (span));
  return FALSE;
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  step (PW_TEXT_PANEL (widget), g_str_equal (action_name, "spans.next") ? 1 : -1);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  remove_selected (PW_TEXT_PANEL (widget));
}

static void
clear_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  clear (PW_TEXT_PANEL (widget));
}

static void
label_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwTextPanel *self = PW_TEXT_PANEL (widget);
  gboolean characters;
  PwLabel *label;
  int slot;

  g_variant_get (parameter, "(ib)", &slot, &characters);
  if (self->labels == NULL)
    return;
  label = pw_label_keys_lookup (self->labels, PW_ANNOTATION_TOOL_SPAN, slot);
  if (label != NULL)
    _pw_text_panel_label (self, label,
                          characters ? PW_TEXT_SNAP_CHARACTERS : PW_TEXT_SNAP_WORDS);
}

void
_pw_text_panel_update_actions (PwTextPanel *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean any = self->annotation != NULL
                 && pw_annotation_get_spans (self->annotation)->len > 0;

  gtk_widget_action_set_enabled (widget, "spans.next", any);
  gtk_widget_action_set_enabled (widget, "spans.previous", any);
  gtk_widget_action_set_enabled (widget, "spans.delete", any && self->selected != NULL);
  gtk_widget_action_set_enabled (widget, "spans.label", self->annotation != NULL);
}

void
_pw_text_panel_class_init_keys (GtkWidgetClass *widget_class)
{
  /* The keys come through the panel's key controller, which lets each one
   * go on when the panel has no use for it; the actions are what the
   * keys do, for menus and the work area. */
  gtk_widget_class_install_action (widget_class, "spans.next", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "spans.previous", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "spans.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "spans.clear", NULL, clear_activated);
  gtk_widget_class_install_action (widget_class, "spans.label", "(ib)", label_activated);
}

void
_pw_text_panel_init_keys (PwTextPanel *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *pointer = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_event_controller_set_propagation_phase (pointer, GTK_PHASE_CAPTURE);
  g_signal_connect (pointer, "event", G_CALLBACK (on_pointer_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), pointer);
}
