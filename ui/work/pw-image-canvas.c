/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "pw-image-canvas-private.h"

/* The image canvas: shows an image at any zoom and draws and edits its boxes
 * and polygons. */

#define MIN_ZOOM 0.02
#define MAX_ZOOM 32.0

G_DEFINE_FINAL_TYPE (PwImageCanvas, pw_image_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_ZOOM,
  PROP_SHAPES_VISIBLE,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
pw_image_canvas_new (void)
{
  return g_object_new (PW_TYPE_IMAGE_CANVAS, NULL);
}

void
_pw_image_canvas_widget_to_image (PwImageCanvas *self,
                                  double         wx,
                                  double         wy,
                                  double        *ix,
                                  double        *iy)
{
  *ix = (wx - self->tx) / self->scale;
  *iy = (wy - self->ty) / self->scale;
}

/**
 * _pw_image_canvas_invalidate:
 *
 * Drops the drawn shapes, after the shapes or the view's scale changed.
 */
void
_pw_image_canvas_invalidate (PwImageCanvas *self)
{
  self->cache_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_scale (PwImageCanvas *self,
           double         scale)
{
  if (scale == self->scale)
    return;

  self->scale = scale;
  self->cache_valid = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
apply_fit (PwImageCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double scale;

  if (self->image_width <= 0 || self->image_height <= 0 || width <= 0 || height <= 0)
    return;

  scale = MIN (width / self->image_width, height / self->image_height);
  scale = CLAMP (scale, MIN_ZOOM, MAX_ZOOM);
  set_scale (self, scale);
  /* Whole pixels, so that the drawn layers meet the screen's grid. */
  self->tx = round ((width - self->image_width * scale) / 2.0);
  self->ty = round ((height - self->image_height * scale) / 2.0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pw_image_canvas_zoom_fit:
 *
 * Shows the whole image, centred, and keeps it so as the widget resizes.
 */
void
pw_image_canvas_zoom_fit (PwImageCanvas *self)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  self->fit = TRUE;
  apply_fit (self);
}

/**
 * pw_image_canvas_zoom_to:
 * @zoom: widget pixels per image pixel; 1.0 is 100 %
 * @widget_x: the point that stays where it is, such as the pointer
 * @widget_y: the point that stays where it is
 *
 * Zooms about a point of the widget.
 */
void
pw_image_canvas_zoom_to (PwImageCanvas *self,
                         double         zoom,
                         double         widget_x,
                         double         widget_y)
{
  double ix, iy;

  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  _pw_image_canvas_widget_to_image (self, widget_x, widget_y, &ix, &iy);
  self->fit = FALSE;
  set_scale (self, zoom);
  self->tx = round (widget_x - ix * zoom);
  self->ty = round (widget_y - iy * zoom);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pw_image_canvas_pan:
 *
 * Moves the view by (@dx, @dy) widget pixels.
 */
void
pw_image_canvas_pan (PwImageCanvas *self,
                     double         dx,
                     double         dy)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  self->fit = FALSE;
  self->tx = round (self->tx + dx);
  self->ty = round (self->ty + dy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
pw_image_canvas_get_zoom (PwImageCanvas *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), 1.0);

  return self->scale;
}

/**
 * pw_image_canvas_wanted_scale_denominator:
 *
 * Returns: the coarsest decode (1, 2, 4 or 8) that still gives one image
 *   pixel per screen pixel at the current zoom
 */
guint
pw_image_canvas_wanted_scale_denominator (PwImageCanvas *self)
{
  double screen_per_image;

  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), 1);

  screen_per_image = self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  for (guint d = 8; d > 1; d /= 2)
    {
      if (screen_per_image * d <= 1.0)
        return d;
    }
  return 1;
}

static void
on_annotation_changed (PwImageCanvas      *self,
                       PwAnnotationChange  change,
                       const char         *shape_id,
                       PwAnnotation       *annotation)
{
  if (self->selected != NULL
      && pw_annotation_lookup_shape (self->annotation, self->selected) == NULL)
    pw_image_canvas_select (self, NULL);
  /* One edit redraws only where the shape was and where it is. */
  _pw_image_canvas_shape_changed (self, shape_id);
}

/**
 * pw_image_canvas_set_annotation:
 * @annotation: (nullable): the shapes to show and edit
 */
void
pw_image_canvas_set_annotation (PwImageCanvas *self,
                                PwAnnotation  *annotation)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  if (annotation == self->annotation)
    return;

  _pw_image_canvas_cancel_drawing (self);
  if (self->annotation != NULL)
    g_clear_signal_handler (&self->annotation_changed_id, self->annotation);
  g_set_object (&self->annotation, annotation);
  if (annotation != NULL)
    self->annotation_changed_id =
      g_signal_connect_swapped (annotation, "changed", G_CALLBACK (on_annotation_changed), self);

  pw_image_canvas_select (self, NULL);
  g_hash_table_remove_all (self->problems);
  _pw_image_canvas_forget_shapes (self);
  _pw_image_canvas_invalidate (self);
}

PwAnnotation *
pw_image_canvas_get_annotation (PwImageCanvas *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), NULL);

  return self->annotation;
}

static void
on_labels_changed (PwImageCanvas *self)
{
  _pw_image_canvas_invalidate (self);
}

/**
 * pw_image_canvas_set_labels:
 * @labels: (nullable): the labels, for their colours and hotkeys
 */
void
pw_image_canvas_set_labels (PwImageCanvas *self,
                            PwLabelSet    *labels)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  if (self->labels != NULL)
    g_signal_handlers_disconnect_by_func (self->labels, on_labels_changed, self);
  g_clear_object (&self->labels);
  if (labels != NULL)
    {
      self->labels = g_object_ref (labels);
      /* A folder's labels fill in after its first image shows: a shape
       * drawn before its label came gets the label's colour. */
      g_signal_connect_swapped (labels, "items-changed", G_CALLBACK (on_labels_changed), self);
    }
  _pw_image_canvas_invalidate (self);
}

GdkRGBA
_pw_image_canvas_label_color (PwImageCanvas *self,
                              const char    *label)
{
  GdkRGBA color = { 0.6, 0.6, 0.6, 1.0 };
  PwLabel *found;

  if (label == NULL || self->labels == NULL)
    return color;

  found = pw_label_set_lookup (self->labels, label);
  if (found != NULL)
    gdk_rgba_parse (&color, pw_label_get_color (found));
  return color;
}

void
pw_image_canvas_set_tool (PwImageCanvas *self,
                          PwCanvasTool   tool)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  if (tool == self->tool)
    return;

  _pw_image_canvas_cancel_drawing (self);
  self->tool = tool;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   tool == PW_CANVAS_TOOL_SELECT ? "default" : "crosshair");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

PwCanvasTool
pw_image_canvas_get_tool (PwImageCanvas *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), PW_CANVAS_TOOL_SELECT);

  return self->tool;
}

void
pw_image_canvas_set_shapes_visible (PwImageCanvas *self,
                                    gboolean       visible)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  visible = !!visible;
  if (visible == self->shapes_visible)
    return;

  self->shapes_visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHAPES_VISIBLE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
pw_image_canvas_get_shapes_visible (PwImageCanvas *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), TRUE);

  return self->shapes_visible;
}

const char *
pw_image_canvas_get_selected (PwImageCanvas *self)
{
  g_return_val_if_fail (PW_IS_IMAGE_CANVAS (self), NULL);

  return self->selected;
}

/**
 * pw_image_canvas_select:
 * @shape_id: (nullable): the shape to select, or %NULL for none
 */
void
pw_image_canvas_select (PwImageCanvas *self,
                        const char    *shape_id)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  self->selected_vertex = -1;
  if (g_strcmp0 (shape_id, self->selected) == 0)
    return;

  /* The selected shape is drawn above the others, out of the cache: the
   * shape left goes back into it, the one taken comes out. */
  _pw_image_canvas_invalidate_shape (self, self->selected);
  g_free (self->selected);
  self->selected = g_strdup (shape_id);
  _pw_image_canvas_invalidate_shape (self, shape_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * pw_image_canvas_set_problems:
 * @problems: (nullable) (element-type PwProblem): what the checks found
 *
 * Marks the shapes that the checks found wrong, with the reason.
 */
void
pw_image_canvas_set_problems (PwImageCanvas *self,
                              GPtrArray     *problems)
{
  g_return_if_fail (PW_IS_IMAGE_CANVAS (self));

  g_hash_table_remove_all (self->problems);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const PwProblem *problem = g_ptr_array_index (problems, i);

      if (!g_hash_table_contains (self->problems, problem->shape_id))
        g_hash_table_insert (self->problems, g_strdup (problem->shape_id),
                             g_strdup (problem->reason));
    }
  _pw_image_canvas_invalidate (self);
}

void
_pw_image_canvas_trace_shape (cairo_t       *cr,
                              const PwShape *shape)
{
  if (pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX && pw_shape_get_rotation (shape) == 0)
    {
      PwRect rect;

      pw_shape_get_rect (shape, &rect);
      cairo_rectangle (cr, rect.x, rect.y, rect.w, rect.h);
    }
  else if (pw_shape_get_shape_type (shape) == PW_SHAPE_BBOX)
    {
      PwPoint corners[4];

      pw_shape_get_corners (shape, corners);
      cairo_move_to (cr, corners[0].x, corners[0].y);
      for (guint i = 1; i < 4; i++)
        cairo_line_to (cr, corners[i].x, corners[i].y);
      cairo_close_path (cr);
    }
  else
    {
      guint n_points;
      const PwPoint *points = pw_shape_get_points (shape, &n_points);

      for (guint i = 0; i < n_points; i++)
        cairo_line_to (cr, points[i].x, points[i].y);
      cairo_close_path (cr);
    }
}

/* For the start-up benchmark (tests/bench/bench-startup): with
 * PIECEWORK_REPORT_FIRST_IMAGE set, the first frame painted with an image
 * prints one line to stdout, once in the life of the process. */
static void
on_first_image_painted (GdkFrameClock *clock,
                        gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_image_painted, user_data);
  fputs ("first-image-frame\n", stdout);
  fflush (stdout);
}

static void
report_first_image (GtkWidget *widget)
{
  static gboolean checked;

  if (G_LIKELY (checked))
    return;

  checked = TRUE;
  if (g_getenv ("PIECEWORK_REPORT_FIRST_IMAGE") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                      G_CALLBACK (on_first_image_painted), NULL);
}

static void
pw_image_canvas_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);

  if (self->image == NULL)
    return;

  _pw_image_canvas_begin_textures (self, snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->tx, self->ty));
  gtk_snapshot_scale (snapshot, self->scale, self->scale);
  /* With shapes shown, the image and the shapes are one texture: one
   * layer for the renderer to draw while panning instead of two. */
  if (_pw_image_canvas_can_composite (self))
    {
      _pw_image_canvas_append_shapes (self, snapshot, self->scale * scale_factor);
    }
  else
    {
      _pw_image_canvas_append_image (self, snapshot);
      if (_pw_image_canvas_has_shapes (self))
        _pw_image_canvas_append_shapes (self, snapshot, self->scale * scale_factor);
    }
  gtk_snapshot_restore (snapshot);
  _pw_image_canvas_end_textures (self);

  _pw_image_canvas_draw_overlay (self, snapshot);
  report_first_image (widget);
}

static gboolean
pw_image_canvas_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);
  PwShape *shape;
  PwHit hit;
  double ix, iy;
  const char *reason;

  /* A shape the checks flagged tells why under the pointer. */
  if (self->annotation == NULL || g_hash_table_size (self->problems) == 0)
    return FALSE;

  _pw_image_canvas_widget_to_image (self, x, y, &ix, &iy);
  shape = _pw_image_canvas_shape_at (self, ix, iy, 7.0 / self->scale, &hit);
  if (shape == NULL || (reason = g_hash_table_lookup (self->problems, pw_shape_get_id (shape))) == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, reason);
  return TRUE;
}

static void
pw_image_canvas_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  if (self->fit)
    apply_fit (self);
}

static void
pw_image_canvas_unrealize (GtkWidget *widget)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (widget);

  /* The tiles were made for this window's renderer. */
  _pw_image_canvas_unrealize_textures (self);
  _pw_image_canvas_drop_pieces (self);
  _pw_image_canvas_invalidate (self);

  GTK_WIDGET_CLASS (pw_image_canvas_parent_class)->unrealize (widget);
}

static void
pw_image_canvas_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = 120;
  *natural = 640;
}

static void
pw_image_canvas_dispose (GObject *object)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (object);

  if (self->annotation != NULL)
    g_clear_signal_handler (&self->annotation_changed_id, self->annotation);
  g_clear_object (&self->annotation);
  if (self->labels != NULL)
    g_signal_handlers_disconnect_by_func (self->labels, on_labels_changed, self);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->grab_original, pw_shape_unref);
  g_clear_pointer (&self->grab_live, pw_shape_unref);
  _pw_image_canvas_dispose_shapes (self);
  _pw_image_canvas_dispose_image (self);
  _pw_image_canvas_unrealize_textures (self);

  G_OBJECT_CLASS (pw_image_canvas_parent_class)->dispose (object);
}

static void
pw_image_canvas_finalize (GObject *object)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (object);

  g_clear_pointer (&self->polygon, g_array_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_free (self->selected);
  g_free (self->pending_label);

  G_OBJECT_CLASS (pw_image_canvas_parent_class)->finalize (object);
}

static void
pw_image_canvas_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_int (value, self->tool);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->scale);
      break;
    case PROP_SHAPES_VISIBLE:
      g_value_set_boolean (value, self->shapes_visible);
      break;
    case PROP_SELECTED:
      g_value_set_string (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_image_canvas_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PwImageCanvas *self = PW_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      pw_image_canvas_set_tool (self, g_value_get_int (value));
      break;
    case PROP_SHAPES_VISIBLE:
      pw_image_canvas_set_shapes_visible (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED:
      pw_image_canvas_select (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_image_canvas_class_init (PwImageCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_image_canvas_dispose;
  object_class->finalize = pw_image_canvas_finalize;
  object_class->get_property = pw_image_canvas_get_property;
  object_class->set_property = pw_image_canvas_set_property;

  widget_class->snapshot = pw_image_canvas_snapshot;
  widget_class->size_allocate = pw_image_canvas_size_allocate;
  widget_class->unrealize = pw_image_canvas_unrealize;
  widget_class->measure = pw_image_canvas_measure;
  widget_class->query_tooltip = pw_image_canvas_query_tooltip;

  properties[PROP_TOOL] =
    g_param_spec_int ("tool", NULL, NULL,
                      PW_CANVAS_TOOL_SELECT, PW_CANVAS_TOOL_POLYGON, PW_CANVAS_TOOL_BOX,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHAPES_VISIBLE] =
    g_param_spec_boolean ("shapes-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_string ("selected", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pw-image-canvas");
  _pw_image_canvas_class_init_input (widget_class);
}

static void
pw_image_canvas_init (PwImageCanvas *self)
{
  self->polygon = g_array_new (FALSE, FALSE, sizeof (PwPoint));
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scale = 1.0;
  self->fit = TRUE;
  self->tool = PW_CANVAS_TOOL_BOX;
  self->shapes_visible = TRUE;
  self->selected_vertex = -1;
  _pw_image_canvas_init_prepared (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  _pw_image_canvas_init_input (self);
}
