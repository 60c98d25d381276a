/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-waveform-view-private.h"

/* The pointer, the wheel, a pinch and the keys on the waveform view. A
 * press is a click until the pointer moves CLICK_SLOP pixels: a click on
 * the waveform seeks, on a range activates it; a drag on the ruler scrubs,
 * on the waveform selects a span, on a range moves it, on a range's edge
 * moves that edge. What a drag changes is emitted once, at the release. */

#define CLICK_SLOP 3.0
#define EDGE_DISTANCE 5.0
#define ZOOM_STEP 1.25
/* The wheel scrolls this many pixels a notch. */
#define WHEEL_PIXELS 60.0

static double
clamp_time (PwWaveformView *self,
            double          seconds)
{
  return CLAMP (seconds, 0, pw_waveform_view_get_duration (self));
}

/**
 * _pw_waveform_view_range_at:
 * @self: the view
 * @x: a column of the widget
 * @grab: (out): what a press at @x takes of the range
 *
 * The selected ranges are taken before the others and the last drawn
 * before those under it; an edge within EDGE_DISTANCE before the inside.
 *
 * Returns: the index of the range under @x, or -1
 */
int
_pw_waveform_view_range_at (PwWaveformView *self,
                            double          x,
                            PwWaveGrab     *grab)
{
  for (int pass = 1; pass >= 0; pass--)
    for (int i = (int) self->ranges->len - 1; i >= 0; i--)
      {
        const PwWaveRange *range = &g_array_index (self->ranges, PwWaveRange, i);
        double x0 = pw_waveform_view_x_at (self, range->start);
        double x1 = pw_waveform_view_x_at (self, range->end);

        if (range->selected != (pass == 1))
          continue;
        if (fabs (x - x0) <= EDGE_DISTANCE && fabs (x - x0) <= fabs (x - x1))
          *grab = PW_WAVE_GRAB_START;
        else if (fabs (x - x1) <= EDGE_DISTANCE)
          *grab = PW_WAVE_GRAB_END;
        else if (x > x0 && x < x1)
          *grab = PW_WAVE_GRAB_MOVE;
        else
          continue;
        return i;
      }

  *grab = PW_WAVE_GRAB_NONE;
  return -1;
}

static const PwWaveRange *
grabbed_range (PwWaveformView *self)
{
  if (self->grab_range < 0 || (guint) self->grab_range >= self->ranges->len)
    return NULL;
  return &g_array_index (self->ranges, PwWaveRange, self->grab_range);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PwWaveformView *self)
{
  const PwWaveRange *range;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->grab_x = x;
  self->grab_dragged = FALSE;
  self->grab_range = -1;

  if (y < PW_WAVEFORM_RULER_HEIGHT)
    {
      self->grab = PW_WAVE_GRAB_SCRUB;
      _pw_waveform_view_seek (self, clamp_time (self, pw_waveform_view_time_at (self, x)));
      return;
    }

  self->grab_range = _pw_waveform_view_range_at (self, x, &self->grab);
  range = grabbed_range (self);
  if (range != NULL)
    {
      self->live_start = range->start;
      self->live_end = range->end;
    }
  else
    self->grab = PW_WAVE_GRAB_SELECT;
}

static void
drag_to (PwWaveformView *self,
         double          dx)
{
  const PwWaveRange *range = grabbed_range (self);
  double x = self->grab_x + dx;
  double t = clamp_time (self, pw_waveform_view_time_at (self, x));
  double shortest = self->spp * CLICK_SLOP;
  double length, start;

  if (!self->grab_dragged && fabs (dx) < CLICK_SLOP)
    return;
  self->grab_dragged = TRUE;

  switch (self->grab)
    {
    case PW_WAVE_GRAB_SCRUB:
      _pw_waveform_view_seek (self, t);
      break;

    case PW_WAVE_GRAB_SELECT:
      start = clamp_time (self, pw_waveform_view_time_at (self, self->grab_x));
      self->has_selection = TRUE;
      self->selection_start = MIN (start, t);
      self->selection_end = MAX (start, t);
      break;

    case PW_WAVE_GRAB_MOVE:
      g_assert (range != NULL);
      length = range->end - range->start;
      start = range->start + dx * self->spp;
      self->live_start = CLAMP (start, 0, MAX (pw_waveform_view_get_duration (self) - length, 0));
      self->live_end = self->live_start + length;
      break;

    case PW_WAVE_GRAB_START:
      g_assert (range != NULL);
      self->live_start = MIN (t, range->end - shortest);
      self->live_end = range->end;
      break;

    case PW_WAVE_GRAB_END:
      g_assert (range != NULL);
      self->live_start = range->start;
      self->live_end = MAX (t, range->start + shortest);
      break;

    case PW_WAVE_GRAB_NONE:
    default:
      break;
    }
  _pw_waveform_view_queue_redraw (self);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                PwWaveformView *self)
{
  drag_to (self, dx);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             PwWaveformView *self)
{
  PwWaveGrab grab = self->grab;
  const PwWaveRange *range;
  g_autofree char *id = NULL;

  drag_to (self, dx);
  range = grabbed_range (self);
  if (range != NULL)
    id = g_strdup (range->id);
  self->grab = PW_WAVE_GRAB_NONE;
  self->grab_range = -1;
  _pw_waveform_view_queue_redraw (self);

  if (!self->grab_dragged)
    {
      if (grab == PW_WAVE_GRAB_SELECT)
        {
          pw_waveform_view_clear_selection (self);
          _pw_waveform_view_seek (self, clamp_time (self, pw_waveform_view_time_at (self, self->grab_x)));
        }
      else if (id != NULL)
        _pw_waveform_view_emit_range_activated (self, id);
      return;
    }

  if (grab == PW_WAVE_GRAB_SELECT && self->selection_end > self->selection_start)
    _pw_waveform_view_emit_range_selected (self, self->selection_start, self->selection_end);
  else if (id != NULL && (grab == PW_WAVE_GRAB_MOVE || grab == PW_WAVE_GRAB_START
                          || grab == PW_WAVE_GRAB_END))
    _pw_waveform_view_emit_range_changed (self, id, self->live_start, self->live_end);
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                PwWaveformView   *self)
{
  self->grab = PW_WAVE_GRAB_NONE;
  self->grab_range = -1;
  _pw_waveform_view_queue_redraw (self);
}

static void
update_pointer_cursor (PwWaveformView *self)
{
  PwWaveGrab grab = PW_WAVE_GRAB_NONE;

  if (self->pointer_y >= PW_WAVEFORM_RULER_HEIGHT)
    _pw_waveform_view_range_at (self, self->pointer_x, &grab);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   grab == PW_WAVE_GRAB_START || grab == PW_WAVE_GRAB_END
                                   ? "col-resize" : NULL);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PwWaveformView           *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  if (self->grab == PW_WAVE_GRAB_NONE)
    update_pointer_cursor (self);
}

static void
on_leave (GtkEventControllerMotion *controller,
          PwWaveformView           *self)
{
  self->pointer_inside = FALSE;
}

/* Ctrl and the wheel zoom about the pointer; the wheel alone scrolls. */
static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PwWaveformView           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double anchor = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double notches = wheel ? dy : dy / 20.0;

      pw_waveform_view_set_zoom (self, pw_waveform_view_get_zoom (self) * pow (ZOOM_STEP, -notches), anchor);
      return TRUE;
    }

  _pw_waveform_view_scroll_by (self, (dx + dy) * (wheel ? WHEEL_PIXELS : 1.0));
  return TRUE;
}

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                PwWaveformView   *self)
{
  self->pinch_start_zoom = pw_waveform_view_get_zoom (self);
}

static void
on_pinch_scale_changed (GtkGestureZoom *gesture,
                        double          scale,
                        PwWaveformView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  pw_waveform_view_set_zoom (self, self->pinch_start_zoom * scale, x);
}

/* The keys zoom about the cursor when it is in view, else the middle. */
static double
key_anchor (PwWaveformView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (_pw_waveform_view_has_cursor (self))
    {
      double x = pw_waveform_view_x_at (self, _pw_waveform_view_cursor_time (self));

      if (x >= 0 && x <= width)
        return x;
    }
  return width / 2.0;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (widget);

  pw_waveform_view_set_zoom (self, pw_waveform_view_get_zoom (self) * ZOOM_STEP, key_anchor (self));
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwWaveformView *self = PW_WAVEFORM_VIEW (widget);

  pw_waveform_view_set_zoom (self, pw_waveform_view_get_zoom (self) / ZOOM_STEP, key_anchor (self));
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pw_waveform_view_zoom_fit (PW_WAVEFORM_VIEW (widget));
}

void
_pw_waveform_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "waveform.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "waveform.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "waveform.zoom-fit", NULL, zoom_fit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "waveform.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "waveform.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "waveform.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "waveform.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "waveform.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "waveform.zoom-fit", NULL);
}

void
_pw_waveform_view_init_input (PwWaveformView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}
