/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* What is drawn above the cached shapes on every frame: the selected or
 * dragged shape with its handles, the shape being drawn, the checks'
 * findings and the crosshair. Each part is drawn only over its own bounds. */

#define HANDLE_SIZE 8.0
#define MARGIN 12.0

static void
append_cairo_over (PwImageCanvas   *self,
                   GtkSnapshot     *snapshot,
                   const PwRect    *image_bounds,
                   cairo_t        **cr)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t area, widget_rect;

  graphene_rect_init (&area,
                      image_bounds->x * self->scale + self->tx - MARGIN,
                      image_bounds->y * self->scale + self->ty - MARGIN,
                      image_bounds->w * self->scale + 2 * MARGIN,
                      image_bounds->h * self->scale + 2 * MARGIN);
  graphene_rect_init (&widget_rect, 0, 0, width, height);
  if (!graphene_rect_intersection (&area, &widget_rect, &area))
    {
      *cr = NULL;
      return;
    }

  *cr = gtk_snapshot_append_cairo (snapshot, &area);
  cairo_translate (*cr, self->tx, self->ty);
  cairo_scale (*cr, self->scale, self->scale);
  cairo_set_line_join (*cr, CAIRO_LINE_JOIN_ROUND);
}

static void
draw_handle (cairo_t *cr,
             double   scale,
             double   x,
             double   y,
             gboolean active)
{
  double size = HANDLE_SIZE / scale;

  cairo_rectangle (cr, x - size / 2, y - size / 2, size, size);
  cairo_set_source_rgb (cr, active ? 0.21 : 1.0, active ? 0.52 : 1.0, active ? 0.89 : 1.0);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 1.0 / scale);
  cairo_stroke (cr);
}

static void
draw_selected (PwImageCanvas *self,
               GtkSnapshot   *snapshot)
{
  const PwShape *shape = self->grab_live;
  cairo_t *cr;
  PwRect bounds;
  GdkRGBA color;

  if (shape == NULL && self->selected != NULL && self->annotation != NULL)
    shape = pw_annotation_lookup_shape (self->annotation, self->selected);
  if (shape == NULL)
    return;

  pw_shape_get_bounds (shape, &bounds);
  append_cairo_over (self, snapshot, &bounds, &cr);
  if (cr == NULL)
    return;

  color = _pw_image_canvas_label_color (self, pw_shape_get_label (shape));
  _pw_image_canvas_trace_shape (cr, shape);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.30);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 1.0);
  cairo_set_line_width (cr, 3.0 / self->scale);
  cairo_stroke (cr);

  if (pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX)
    {
      PwRect r;
      double xs[3], ys[3];

      /* A turned box's handles sit on its sides as turned. */
      pw_shape_get_rect (shape, &r);
      xs[0] = r.x, xs[1] = r.x + r.w / 2, xs[2] = r.x + r.w;
      ys[0] = r.y, ys[1] = r.y + r.h / 2, ys[2] = r.y + r.h;
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          if (i != 1 || j != 1)
            {
              double hx = xs[i], hy = ys[j];

              pw_shape_from_box_frame (shape, &hx, &hy);
              draw_handle (cr, self->scale, hx, hy, FALSE);
            }
    }
  else
    {
      guint n_points;
      const PwPoint *points = pw_shape_get_points (shape, &n_points);

      for (guint i = 0; i < n_points; i++)
        draw_handle (cr, self->scale, points[i].x, points[i].y,
                     (int) i == self->selected_vertex);
    }

  cairo_destroy (cr);
}

static void
draw_in_progress (PwImageCanvas *self,
                  GtkSnapshot   *snapshot)
{
  GdkRGBA color = _pw_image_canvas_label_color (self, self->pending_label);
  cairo_t *cr;
  PwRect bounds;

  if (self->drawing_box)
    {
      bounds.x = MIN (self->box_start.x, self->box_end.x);
      bounds.y = MIN (self->box_start.y, self->box_end.y);
      bounds.w = fabs (self->box_end.x - self->box_start.x);
      bounds.h = fabs (self->box_end.y - self->box_start.y);
      append_cairo_over (self, snapshot, &bounds, &cr);
      if (cr == NULL)
        return;
      cairo_rectangle (cr, bounds.x, bounds.y, bounds.w, bounds.h);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.25);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 1.0);
      cairo_set_line_width (cr, 2.0 / self->scale);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }
  else if (self->polygon->len > 0)
    {
      double px, py;

      /* The whole widget: the rubber band follows the pointer anywhere. */
      _pw_image_canvas_widget_to_image (self, 0, 0, &bounds.x, &bounds.y);
      bounds.w = gtk_widget_get_width (GTK_WIDGET (self)) / self->scale;
      bounds.h = gtk_widget_get_height (GTK_WIDGET (self)) / self->scale;
      append_cairo_over (self, snapshot, &bounds, &cr);
      if (cr == NULL)
        return;

      for (guint i = 0; i < self->polygon->len; i++)
        {
          const PwPoint *p = &g_array_index (self->polygon, PwPoint, i);
          cairo_line_to (cr, p->x, p->y);
        }
      if (self->pointer_inside)
        {
          _pw_image_canvas_widget_to_image (self, self->pointer_x, self->pointer_y, &px, &py);
          cairo_line_to (cr, CLAMP (px, 0, self->image_width), CLAMP (py, 0, self->image_height));
        }
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 1.0);
      cairo_set_line_width (cr, 2.0 / self->scale);
      cairo_stroke (cr);

      for (guint i = 0; i < self->polygon->len; i++)
        {
          const PwPoint *p = &g_array_index (self->polygon, PwPoint, i);
          draw_handle (cr, self->scale, p->x, p->y, i == 0 && self->polygon->len >= 3);
        }
      cairo_destroy (cr);
    }
}

static void
draw_problems (PwImageCanvas *self,
               GtkSnapshot   *snapshot)
{
  GHashTableIter iter;
  gpointer key;

  if (self->annotation == NULL)
    return;

  g_hash_table_iter_init (&iter, self->problems);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const PwShape *shape = pw_annotation_lookup_shape (self->annotation, key);
      static const double dash[] = { 6.0, 4.0 };
      cairo_t *cr;
      PwRect bounds;
      double dashes[2];

      if (shape == NULL)
        continue;

      pw_shape_get_bounds (shape, &bounds);
      append_cairo_over (self, snapshot, &bounds, &cr);
      if (cr == NULL)
        continue;

      dashes[0] = dash[0] / self->scale;
      dashes[1] = dash[1] / self->scale;
      _pw_image_canvas_trace_shape (cr, shape);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_line_width (cr, 3.0 / self->scale);
      cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      cairo_stroke (cr);

      /* A badge at the corner; the reason is in the bar below the image. */
      cairo_identity_matrix (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_arc (cr, bounds.x * self->scale + self->tx, bounds.y * self->scale + self->ty,
                 9, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      cairo_rectangle (cr, bounds.x * self->scale + self->tx - 1,
                       bounds.y * self->scale + self->ty - 5.5, 2, 6);
      cairo_rectangle (cr, bounds.x * self->scale + self->tx - 1,
                       bounds.y * self->scale + self->ty + 2.5, 2, 2);
      cairo_fill (cr);
      cairo_destroy (cr);
    }
}

static void
draw_crosshair (PwImageCanvas *self,
                GtkSnapshot   *snapshot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GdkRGBA color = { 1.0, 1.0, 1.0, 0.7 };
  GdkRGBA shadow = { 0.0, 0.0, 0.0, 0.5 };

  if (!self->pointer_inside || self->tool == PW_CANVAS_TOOL_SELECT || self->space_held
      || self->grab == PW_GRAB_PAN)
    return;

  gtk_snapshot_append_color (snapshot, &shadow,
                             &GRAPHENE_RECT_INIT (0, floor (self->pointer_y) + 1, width, 1));
  gtk_snapshot_append_color (snapshot, &shadow,
                             &GRAPHENE_RECT_INIT (floor (self->pointer_x) + 1, 0, 1, height));
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (0, floor (self->pointer_y), width, 1));
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (floor (self->pointer_x), 0, 1, height));
}

void
_pw_image_canvas_draw_overlay (PwImageCanvas *self,
                               GtkSnapshot   *snapshot)
{
  if (self->shapes_visible)
    {
      draw_problems (self, snapshot);
      draw_selected (self, snapshot);
    }
  draw_in_progress (self, snapshot);
  draw_crosshair (self, snapshot);
}
