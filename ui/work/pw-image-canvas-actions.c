/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* The canvas's actions: zoom, fit, tools, delete, copy and paste, bound to
 * keys. */

#define ZOOM_STEP 1.25

static void
zoom_about_center (PwImageCanvas *self,
                   double         zoom)
{
  pw_image_canvas_zoom_to (self, zoom,
                           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
tool_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pw_image_canvas_set_tool (PW_IMAGE_CANVAS (widget), g_variant_get_int32 (parameter));
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.zoom-in"))
    zoom_about_center (self, self->scale * ZOOM_STEP);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    zoom_about_center (self, self->scale / ZOOM_STEP);
  else if (g_str_equal (action_name, "canvas.zoom-original"))
    zoom_about_center (self, 1.0 / gtk_widget_get_scale_factor (widget));
  else
    pw_image_canvas_zoom_fit (self);
}

static void
toggle_shapes_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  pw_image_canvas_set_shapes_visible (self, !self->shapes_visible);
}

static void
finish_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _pw_image_canvas_finish_polygon (PW_IMAGE_CANVAS (widget));
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  if (self->polygon->len > 0 || self->drawing_box || self->grab != PW_GRAB_NONE)
    _pw_image_canvas_cancel_drawing (self);
  else
    pw_image_canvas_select (self, NULL);
}

static void
remove_selected (PwImageCanvas *self)
{
  const PwShape *shape;

  if (self->selected == NULL || self->annotation == NULL)
    return;

  shape = pw_annotation_lookup_shape (self->annotation, self->selected);
  if (shape == NULL)
    return;

  if (self->selected_vertex >= 0 && pw_shape_get_shape_type (shape) == PW_SHAPE_POLYGON)
    {
      guint n_points;

      pw_shape_get_points (shape, &n_points);
      if (n_points > 3 && (guint) self->selected_vertex < n_points)
        {
          g_autoptr (PwShape) after = pw_shape_copy (shape);

          pw_shape_remove_point (after, self->selected_vertex);
          self->selected_vertex = -1;
          pw_annotation_replace_shape (self->annotation, after);
          return;
        }
    }

  pw_annotation_remove_shape (self->annotation, self->selected);
  pw_image_canvas_select (self, NULL);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  /* BackSpace takes back the last vertex while a polygon is being drawn. */
  if (g_str_equal (action_name, "canvas.backspace") && self->polygon->len > 0)
    {
      g_array_set_size (self->polygon, self->polygon->len - 1);
      gtk_widget_queue_draw (widget);
      return;
    }

  remove_selected (self);
}

static void
select_step_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);
  GPtrArray *shapes;
  int step = g_variant_get_int32 (parameter);
  int current = -1;
  int n;

  if (self->annotation == NULL)
    return;

  shapes = pw_annotation_get_shapes (self->annotation);
  n = shapes->len;
  if (n == 0)
    return;

  for (int i = 0; i < n && self->selected != NULL; i++)
    {
      if (g_str_equal (pw_shape_get_id (g_ptr_array_index (shapes, i)), self->selected))
        current = i;
    }

  if (current < 0)
    current = step > 0 ? 0 : n - 1;
  else
    current = ((current + step) % n + n) % n;

  pw_image_canvas_select (self, pw_shape_get_id (g_ptr_array_index (shapes, current)));
}

static void
nudge_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);
  const PwShape *shape;
  g_autoptr (PwShape) after = NULL;
  PwRect bounds;
  double dx, dy;

  if (self->selected == NULL || self->annotation == NULL)
    return;
  shape = pw_annotation_lookup_shape (self->annotation, self->selected);
  if (shape == NULL)
    return;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  after = pw_shape_copy (shape);
  if (self->selected_vertex >= 0 && pw_shape_get_shape_type (shape) == PW_SHAPE_POLYGON)
    {
      guint n_points;
      const PwPoint *points = pw_shape_get_points (after, &n_points);
      PwPoint p = points[self->selected_vertex];

      pw_shape_set_point (after, self->selected_vertex,
                          CLAMP (p.x + dx, 0, self->image_width),
                          CLAMP (p.y + dy, 0, self->image_height));
    }
  else
    {
      pw_shape_get_bounds (shape, &bounds);
      dx = CLAMP (dx, -bounds.x, self->image_width - bounds.x - bounds.w);
      dy = CLAMP (dy, -bounds.y, self->image_height - bounds.y - bounds.h);
      pw_shape_translate (after, dx, dy);
    }

  if (!pw_shape_equal (shape, after))
    pw_annotation_replace_shape (self->annotation, after);
}

/**
 * pw_image_canvas_apply_label:
 * @label: the name of a label
 *
 * Gives @label to the selected shape, and to the shapes drawn next.
 */
void
pw_image_canvas_apply_label (PwImageCanvas *self,
                             const char    *label)
{
  PwShape *shape;

  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));
  g_return_if_fail (label != NULL);

  /* The label sticks for the shapes drawn next, and goes to the
   * selected shape at once. */
  g_free (self->pending_label);
  self->pending_label = g_strdup (label);

  if (self->selected != NULL && self->annotation != NULL
      && (shape = pw_annotation_lookup_shape (self->annotation, self->selected)) != NULL
      && g_strcmp0 (pw_shape_get_label (shape), label) != 0)
    {
      g_autoptr (PwShape) after = pw_shape_copy (shape);

      pw_shape_set_label (after, label);
      pw_annotation_replace_shape (self->annotation, after);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
history_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  if (self->annotation == NULL)
    return;

  _pw_image_canvas_cancel_drawing (self);
  if (g_str_equal (action_name, "canvas.undo"))
    pw_annotation_undo (self->annotation);
  else
    pw_annotation_redo (self->annotation);
}

void
_pw_image_canvas_class_init_input (GtkWidgetClass *widget_class)
{
  static const struct { guint key; GdkModifierType mods; double dx, dy; } nudges[] = {
    { GDK_KEY_Left, 0, -1, 0 }, { GDK_KEY_Right, 0, 1, 0 },
    { GDK_KEY_Up, 0, 0, -1 }, { GDK_KEY_Down, 0, 0, 1 },
    { GDK_KEY_Left, GDK_SHIFT_MASK, -10, 0 }, { GDK_KEY_Right, GDK_SHIFT_MASK, 10, 0 },
    { GDK_KEY_Up, GDK_SHIFT_MASK, 0, -10 }, { GDK_KEY_Down, GDK_SHIFT_MASK, 0, 10 },
  };

  gtk_widget_class_install_action (widget_class, "canvas.tool", "i", tool_activated);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-original", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "canvas.toggle-shapes", NULL,
                                   toggle_shapes_activated);
  gtk_widget_class_install_action (widget_class, "canvas.finish", NULL, finish_activated);
  gtk_widget_class_install_action (widget_class, "canvas.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "canvas.backspace", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "canvas.select-step", "i",
                                   select_step_activated);
  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(dd)", nudge_activated);
  gtk_widget_class_install_action (widget_class, "canvas.undo", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "canvas.redo", NULL, history_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "canvas.tool", "i",
                                       PW_CANVAS_TOOL_SELECT);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "canvas.tool", "i",
                                       PW_CANVAS_TOOL_BOX);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "canvas.tool", "i",
                                       PW_CANVAS_TOOL_POLYGON);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0,
                                       "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "canvas.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, 0, "canvas.toggle-shapes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "canvas.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "canvas.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.backspace",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "canvas.select-step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK,
                                       "canvas.select-step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "canvas.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "canvas.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "canvas.redo", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nudges); i++)
    gtk_widget_class_add_binding_action (widget_class, nudges[i].key, nudges[i].mods,
                                         "canvas.nudge", "(dd)", nudges[i].dx, nudges[i].dy);
}
