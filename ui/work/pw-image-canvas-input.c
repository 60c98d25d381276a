/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pw-image-canvas-private.h"
#include "pw-label-keys.h"

/* Pointer slop and grab distances are in screen pixels, so they feel the
 * same at every zoom. */
#define CLICK_SLOP 3.0
#define GRAB_DISTANCE 7.0
#define ZOOM_STEP 1.25

static void
clamp_to_image (PwImageCanvas *self,
                double        *x,
                double        *y)
{
  *x = CLAMP (*x, 0.0, self->image_width);
  *y = CLAMP (*y, 0.0, self->image_height);
}

static const char *
next_label (PwImageCanvas *self)
{
  return self->pending_label;
}

void
_pw_image_canvas_cancel_drawing (PwImageCanvas *self)
{
  self->drawing_box = FALSE;
  if (self->polygon != NULL)
    g_array_set_size (self->polygon, 0);
  self->grab = PW_GRAB_NONE;
  g_clear_pointer (&self->grab_original, pw_shape_unref);
  g_clear_pointer (&self->grab_live, pw_shape_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
add_new_shape (PwImageCanvas *self,
               PwShape       *shape)
{
  g_autofree char *id = g_strdup (pw_shape_get_id (shape));

  pw_annotation_add_shape (self->annotation, shape);
  pw_image_canvas_select (self, id);
}

static void
commit_replace (PwImageCanvas *self,
                PwShape       *after)
{
  pw_annotation_replace_shape (self->annotation, after);
}

void
_pw_image_canvas_finish_polygon (PwImageCanvas *self)
{
  g_autoptr (PwShape) shape = NULL;
  g_autofree char *id = NULL;

  if (self->polygon->len < 3 || self->annotation == NULL)
    return;

  id = pw_annotation_new_shape_id (self->annotation);
  shape = pw_shape_new_polygon (id, next_label (self),
                                (const PwPoint *) (gpointer) self->polygon->data,
                                self->polygon->len);
  g_array_set_size (self->polygon, 0);
  add_new_shape (self, shape);
}

static gboolean
near_first_vertex (PwImageCanvas *self,
                   double         ix,
                   double         iy)
{
  const PwPoint *first;

  if (self->polygon->len < 3)
    return FALSE;

  first = &g_array_index (self->polygon, PwPoint, 0);
  return hypot (first->x - ix, first->y - iy) * self->scale <= GRAB_DISTANCE;
}

/* Polygon clicks */

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  PwImageCanvas   *self)
{
  double ix, iy;
  PwPoint point;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->tool != PW_CANVAS_TOOL_POLYGON || self->space_held || self->image == NULL
      || self->annotation == NULL)
    return;

  _pw_image_canvas_widget_to_image (self, x, y, &ix, &iy);
  clamp_to_image (self, &ix, &iy);

  if (n_press >= 2 || near_first_vertex (self, ix, iy))
    {
      _pw_image_canvas_finish_polygon (self);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }

  point = (PwPoint) { ix, iy };
  g_array_append_val (self->polygon, point);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Box drawing, selecting, moving, resizing, panning */

static gboolean
begin_grab (PwImageCanvas *self,
            double         ix,
            double         iy,
            gboolean       control)
{
  const PwShape *selected = NULL;
  const PwShape *target = NULL;
  double tolerance = GRAB_DISTANCE / self->scale;
  PwHit hit = { PW_HIT_NONE, 0, 0 };

  if (self->selected != NULL)
    selected = pw_annotation_lookup_shape (self->annotation, self->selected);
  if (selected != NULL && pw_geometry_hit_test (selected, ix, iy, tolerance, &hit))
    target = selected;
  else
    target = _pw_image_canvas_shape_at (self, ix, iy, tolerance, &hit);

  if (target == NULL)
    {
      pw_image_canvas_select (self, NULL);
      return FALSE;
    }

  pw_image_canvas_select (self, pw_shape_get_id (target));
  self->grab_original = pw_shape_copy (target);
  self->grab_live = pw_shape_copy (target);
  self->grab_start_x = ix;
  self->grab_start_y = iy;

  switch (hit.kind)
    {
    case PW_HIT_HANDLE:
      self->grab = PW_GRAB_HANDLE;
      self->grab_index = hit.handle;
      break;

    case PW_HIT_VERTEX:
      self->grab = PW_GRAB_VERTEX;
      self->grab_index = hit.index;
      self->selected_vertex = hit.index;
      break;

    case PW_HIT_EDGE:
      if (control && pw_shape_get_shape_type (target) == PW_SHAPE_POLYGON)
        {
          /* Ctrl+click on an edge inserts a vertex there and drags it;
           * the insertion and the drag are one edit. */
          pw_shape_insert_point (self->grab_original, hit.index + 1, ix, iy);
          pw_shape_insert_point (self->grab_live, hit.index + 1, ix, iy);
          self->grab = PW_GRAB_VERTEX;
          self->grab_index = hit.index + 1;
          self->selected_vertex = hit.index + 1;
          break;
        }
      G_GNUC_FALLTHROUGH;
    case PW_HIT_INSIDE:
    case PW_HIT_NONE:
    default:
      self->grab = PW_GRAB_MOVE;
      break;
    }

  /* The selected shape is drawn apart from the others, which stay drawn. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
update_grab (PwImageCanvas *self,
             double         ix,
             double         iy)
{
  double dx = ix - self->grab_start_x;
  double dy = iy - self->grab_start_y;
  PwRect rect, bounds;

  g_clear_pointer (&self->grab_live, pw_shape_unref);
  self->grab_live = pw_shape_copy (self->grab_original);

  switch (self->grab)
    {
    case PW_GRAB_MOVE:
      /* Keep the whole shape on the image; one that already reaches out
       * (a platform's turned box may) only never reaches further. */
      pw_shape_get_bounds (self->grab_original, &bounds);
      dx = CLAMP (dx, MIN (-bounds.x, 0), MAX (self->image_width - bounds.x - bounds.w, 0));
      dy = CLAMP (dy, MIN (-bounds.y, 0), MAX (self->image_height - bounds.y - bounds.h, 0));
      pw_shape_translate (self->grab_live, dx, dy);
      break;

    case PW_GRAB_HANDLE:
      {
        double x0, y0, x1, y1;

        double rotation = pw_shape_get_rotation (self->grab_original);

        /* A turned box is resized along its own sides, in its own frame,
         * and keeps its turn; the side or corner opposite the handle
         * stays where it is. */
        pw_shape_get_rect (self->grab_original, &rect);
        x0 = rect.x, y0 = rect.y, x1 = rect.x + rect.w, y1 = rect.y + rect.h;
        if (rotation == 0)
          clamp_to_image (self, &ix, &iy);
        else
          pw_shape_to_box_frame (self->grab_original, &ix, &iy);
        switch (self->grab_index)
          {
          case PW_HANDLE_TOP_LEFT: x0 = ix; y0 = iy; break;
          case PW_HANDLE_TOP: y0 = iy; break;
          case PW_HANDLE_TOP_RIGHT: x1 = ix; y0 = iy; break;
          case PW_HANDLE_RIGHT: x1 = ix; break;
          case PW_HANDLE_BOTTOM_RIGHT: x1 = ix; y1 = iy; break;
          case PW_HANDLE_BOTTOM: y1 = iy; break;
          case PW_HANDLE_BOTTOM_LEFT: x0 = ix; y1 = iy; break;
          case PW_HANDLE_LEFT: x0 = ix; break;
          default: break;
          }
        rect.x = MIN (x0, x1);
        rect.y = MIN (y0, y1);
        rect.w = fabs (x1 - x0);
        rect.h = fabs (y1 - y0);
        if (rotation != 0)
          {
            double cx = rect.x + rect.w / 2, cy = rect.y + rect.h / 2;

            pw_shape_from_box_frame (self->grab_original, &cx, &cy);
            rect.x = cx - rect.w / 2;
            rect.y = cy - rect.h / 2;
          }
        pw_shape_set_rect (self->grab_live, &rect);
      }
      break;

    case PW_GRAB_VERTEX:
      clamp_to_image (self, &ix, &iy);
      pw_shape_set_point (self->grab_live, self->grab_index, ix, iy);
      break;

    case PW_GRAB_NONE:
    case PW_GRAB_PAN:
    default:
      break;
    }
}

static void
end_grab (PwImageCanvas *self)
{
  const PwShape *current;

  if (self->grab_live != NULL && self->annotation != NULL)
    {
      current = pw_annotation_lookup_shape (self->annotation, pw_shape_get_id (self->grab_live));
      if (current != NULL && !pw_shape_equal (current, self->grab_live))
        commit_replace (self, self->grab_live);
    }

  self->grab = PW_GRAB_NONE;
  g_clear_pointer (&self->grab_original, pw_shape_unref);
  g_clear_pointer (&self->grab_live, pw_shape_unref);
  /* An edit committed redraws its own area of the other shapes. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PwImageCanvas  *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  double ix, iy;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->image == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  _pw_image_canvas_widget_to_image (self, x, y, &ix, &iy);

  if (button == GDK_BUTTON_MIDDLE || self->space_held)
    {
      self->grab = PW_GRAB_PAN;
      self->pan_start_tx = self->tx;
      self->pan_start_ty = self->ty;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      return;
    }

  if (button != GDK_BUTTON_PRIMARY || self->annotation == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  switch (self->tool)
    {
    case PW_CANVAS_TOOL_BOX:
      clamp_to_image (self, &ix, &iy);
      self->drawing_box = TRUE;
      self->box_start = self->box_end = (PwPoint) { ix, iy };
      break;

    case PW_CANVAS_TOOL_SELECT:
      if (!begin_grab (self, ix, iy, (state & GDK_CONTROL_MASK) != 0))
        {
          /* A drag on nothing pans, as in a map. */
          self->grab = PW_GRAB_PAN;
          self->pan_start_tx = self->tx;
          self->pan_start_ty = self->ty;
        }
      break;

    case PW_CANVAS_TOOL_POLYGON:
    default:
      break;
    }
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                PwImageCanvas  *self)
{
  double start_x, start_y, ix, iy;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);

  if (self->grab == PW_GRAB_PAN)
    {
      self->fit = FALSE;
      self->tx = round (self->pan_start_tx + offset_x);
      self->ty = round (self->pan_start_ty + offset_y);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  _pw_image_canvas_widget_to_image (self, start_x + offset_x, start_y + offset_y, &ix, &iy);

  if (self->drawing_box)
    {
      clamp_to_image (self, &ix, &iy);
      self->box_end = (PwPoint) { ix, iy };
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->grab != PW_GRAB_NONE && hypot (offset_x, offset_y) >= CLICK_SLOP)
    {
      update_grab (self, ix, iy);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             PwImageCanvas  *self)
{
  if (self->grab == PW_GRAB_PAN)
    {
      self->grab = PW_GRAB_NONE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->tool == PW_CANVAS_TOOL_SELECT ? "default" : "crosshair");
      return;
    }

  if (self->drawing_box)
    {
      double x0 = MIN (self->box_start.x, self->box_end.x);
      double y0 = MIN (self->box_start.y, self->box_end.y);
      double w = fabs (self->box_end.x - self->box_start.x);
      double h = fabs (self->box_end.y - self->box_start.y);

      self->drawing_box = FALSE;
      if (hypot (offset_x, offset_y) < CLICK_SLOP)
        {
          /* A click in the box tool selects what is under it. */
          double ix, iy;

          _pw_image_canvas_widget_to_image (self, self->box_start.x * self->scale + self->tx,
                                            self->box_start.y * self->scale + self->ty, &ix, &iy);
          if (begin_grab (self, ix, iy, FALSE))
            end_grab (self);
        }
      else
        {
          g_autofree char *id = pw_annotation_new_shape_id (self->annotation);
          g_autoptr (PwShape) shape = pw_shape_new_bbox (id, next_label (self), x0, y0, w, h);

          add_new_shape (self, shape);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (self->grab != PW_GRAB_NONE)
    end_grab (self);
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                PwImageCanvas    *self)
{
  /* A grab taken away mid-drag loses only that drag. */
  self->drawing_box = FALSE;
  self->grab = PW_GRAB_NONE;
  g_clear_pointer (&self->grab_original, pw_shape_unref);
  g_clear_pointer (&self->grab_live, pw_shape_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Wheel, pointer and keys */

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PwImageCanvas            *self)
{
  if (self->image == NULL || dy == 0)
    return FALSE;

  pw_image_canvas_zoom_to (self, self->scale * pow (ZOOM_STEP, -dy),
                           self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PwImageCanvas            *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  if (self->tool != PW_CANVAS_TOOL_SELECT || self->polygon->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          PwImageCanvas            *self)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwImageCanvas         *self)
{
  PwLabel *label;

  if (keyval == GDK_KEY_space)
    {
      self->space_held = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
      return TRUE;
    }

  /* The same keys give a label here as in the other panels and as the
   * list of labels shows them. */
  label = pw_label_keys_lookup_event (self->labels, PW_ANNOTATION_TOOL_SHAPES,
                                      gtk_widget_get_display (GTK_WIDGET (self)),
                                      keyval, keycode, state);
  if (label != NULL)
    {
      pw_image_canvas_apply_label (self, pw_label_get_name (label));
      return TRUE;
    }
  return FALSE;
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 PwImageCanvas         *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_held = FALSE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->tool == PW_CANVAS_TOOL_SELECT ? "default" : "crosshair");
    }
}

void
_pw_image_canvas_init_input (PwImageCanvas *self)
{
  GtkGesture *drag, *click;
  GtkEventController *scroll, *motion, *key;

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (key, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}
