/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pw-text-panel-private.h"

/* Drawing the spans: the view draws each span that shows as a translucent
 * background of its label's colour, line by line, with a bar under it at
 * the depth of its nesting, and its label's name in a small tag above its
 * start, in the room the view keeps above each line. Only the spans in the
 * visible part of the text are looked at, from the offsets the view
 * already knows, so a frame costs the same for any length of text. */

G_DEFINE_FINAL_TYPE (PwTextPanelView, pw_text_panel_view, GTK_TYPE_TEXT_VIEW)

#define BAR_HEIGHT 2.0
#define BAR_STEP 3.0
#define TAG_PADDING 3.0
#define TAG_SCALE 0.72

/* Outer spans first: by start, then the longest. */
static int
compare_drawn (gconstpointer a,
               gconstpointer b)
{
  const PwDrawnSpan *x = a, *y = b;
  guint xs = pw_text_span_get_start (x->span), ys = pw_text_span_get_start (y->span);
  guint xe = pw_text_span_get_end (x->span), ye = pw_text_span_get_end (y->span);

  if (xs != ys)
    return xs < ys ? -1 : 1;
  if (xe != ye)
    return xe > ye ? -1 : 1;
  return pw_text_span_compare (x->span, y->span);
}

/**
 * _pw_text_panel_rebuild_drawn:
 *
 * Orders the annotation's spans for drawing and gives each the lowest row
 * no span around it takes, so that nested and overlapping spans are drawn
 * one under the other.
 */
void
_pw_text_panel_rebuild_drawn (PwTextPanel *self)
{
  g_autoptr (GArray) row_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *spans;

  g_array_set_size (self->drawn, 0);
  if (self->annotation == NULL)
    return;

  spans = pw_annotation_get_spans (self->annotation);
  for (guint i = 0; i < spans->len; i++)
    {
      PwDrawnSpan drawn = { pw_text_span_ref (g_ptr_array_index (spans, i)), 0 };

      g_array_append_val (self->drawn, drawn);
    }
  g_array_sort (self->drawn, compare_drawn);

  for (guint i = 0; i < self->drawn->len; i++)
    {
      PwDrawnSpan *drawn = &g_array_index (self->drawn, PwDrawnSpan, i);
      guint start = pw_text_span_get_start (drawn->span);
      guint row = 0;

      while (row < row_ends->len && g_array_index (row_ends, guint, row) > start)
        row++;
      if (row == row_ends->len)
        g_array_set_size (row_ends, row + 1);
      g_array_index (row_ends, guint, row) = pw_text_span_get_end (drawn->span);
      drawn->depth = row;
    }
}

/**
 * _pw_text_panel_span_at:
 * @offset: a code point of the text
 *
 * Returns: (transfer none) (nullable): the innermost span over @offset
 */
PwTextSpan *
_pw_text_panel_span_at (PwTextPanel *self,
                        guint        offset)
{
  PwTextSpan *found = NULL;

  for (guint i = 0; i < self->drawn->len; i++)
    {
      PwTextSpan *span = g_array_index (self->drawn, PwDrawnSpan, i).span;

      if (pw_text_span_get_start (span) > offset)
        break;
      if (offset < pw_text_span_get_end (span))
        found = span;
    }
  return found;
}

/**
 * _pw_text_panel_describe_at:
 * @offset: a code point of the text
 *
 * Returns: (transfer full) (nullable): the labels of the spans over
 *   @offset, outermost first, to be read in a tooltip
 */
char *
_pw_text_panel_describe_at (PwTextPanel *self,
                            guint        offset)
{
  g_autoptr (GString) names = NULL;

  for (guint i = 0; i < self->drawn->len; i++)
    {
      PwTextSpan *span = g_array_index (self->drawn, PwDrawnSpan, i).span;
      const char *label = pw_text_span_get_label (span);

      if (pw_text_span_get_start (span) > offset)
        break;
      if (offset >= pw_text_span_get_end (span))
        continue;
      if (names == NULL)
        names = g_string_new (NULL);
      else
        g_string_append (names, ", ");
      g_string_append (names, label != NULL ? label : _("no label"));
    }
  if (names == NULL)
    return NULL;
  /* Translators: %s is one label, or several separated by commas. */
  return g_strdup_printf (_("Labeled: %s"), names->str);
}

GdkRGBA
_pw_text_panel_label_color (PwTextPanel *self,
                            const char  *label)
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

/* Whether the paragraph of @offset starts below the view, or is not laid
 * out yet (it has no height then): its top is known without laying it
 * out, where asking for a place in it would. */
static gboolean
below (GtkTextView        *view,
       guint               offset,
       const GdkRectangle *visible)
{
  GtkTextIter iter;
  int top, height;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &iter, offset);
  gtk_text_view_get_line_yrange (view, &iter, &top, &height);
  return height == 0 || top >= visible->y + visible->height;
}

/* Where a character's rectangle begins and ends across the line: a
 * character of right-to-left text has a negative width. */
static void
extent (const GdkRectangle *rect,
        double             *x0,
        double             *x1)
{
  *x0 = MIN (rect->x, rect->x + rect->width);
  *x1 = MAX (rect->x, rect->x + rect->width);
}

/* Whether the display line of @iter, at @rect, runs right to left: its
 * first character stands right of its end. A line of one character
 * runs the way that character does. */
static gboolean
line_runs_rtl (GtkTextView        *view,
               const GtkTextIter  *iter,
               const GdkRectangle *rect)
{
  GtkTextIter first = *iter, last = *iter;
  GdkRectangle a, b;

  if (!gtk_text_view_starts_display_line (view, &first))
    gtk_text_view_backward_display_line_start (view, &first);
  gtk_text_view_forward_display_line_end (view, &last);
  gtk_text_view_get_iter_location (view, &first, &a);
  gtk_text_view_get_iter_location (view, &last, &b);
  if (a.x != b.x)
    return a.x > b.x;
  return rect->width < 0;
}

/* The rectangles the text of [start, end) takes, in buffer coordinates,
 * as a selection is drawn: its first line from the start on, the lines
 * between in full, its last line up to the end. A line that runs right
 * to left holds what follows its start on its left, so there the first
 * line goes from the start to the left margin and the last from the
 * right margin to the end. Only its first and last characters and the
 * ends of their lines are asked where they are, and only when their
 * lines show, so no line outside the view is laid out. On one line, the
 * span covers both its first and its last character, whichever way the
 * text runs. @start_rtl tells whether the first line runs right to left,
 * so its tag goes where it starts. */
static void
span_rects (GtkTextView        *view,
            guint               start,
            guint               end,
            const GdkRectangle *visible,
            guint               first_visible,
            GArray             *rects,
            gboolean           *start_rtl)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  double left = gtk_text_view_get_left_margin (view);
  double right = MAX (left, visible->x + visible->width - gtk_text_view_get_right_margin (view));
  double gap = MAX (gtk_text_view_get_pixels_inside_wrap (view),
                    gtk_text_view_get_pixels_above_lines (view))
               + gtk_text_view_get_pixels_below_lines (view);
  guint last_char = MAX (start, end - 1);
  gboolean end_shows = !below (view, last_char, visible);
  double first_x0, first_x1, last_x0, last_x1;
  gboolean first_rtl = FALSE, last_rtl = FALSE;
  GdkRectangle first, last;
  GtkTextIter first_iter = { 0 }, last_iter = { 0 };
  graphene_rect_t rect;

  g_array_set_size (rects, 0);

  if (start < first_visible)
    first = (GdkRectangle) { left, visible->y, 0, 0 };
  else
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &first_iter, start);
      gtk_text_view_get_iter_location (view, &first_iter, &first);
    }
  if (end_shows)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &last_iter, last_char);
      gtk_text_view_get_iter_location (view, &last_iter, &last);
    }
  else
    last = (GdkRectangle) { right, visible->y + visible->height, 0, 0 };
  extent (&first, &first_x0, &first_x1);
  extent (&last, &last_x0, &last_x1);
  *start_rtl = first.height > 0 && first.width < 0;

  /* Characters of one line may have rectangles of different heights,
   * from fonts of different scripts: on one line, they overlap. */
  if (end_shows && first.height > 0
      && last.y < first.y + first.height && first.y < last.y + last.height)
    {
      double top = MIN (first.y, last.y);
      double height = MAX (first.y + first.height, last.y + last.height) - top;
      double x0 = MIN (first_x0, last_x0);
      double x1 = MAX (first_x1, last_x1);

      if (x1 > x0)
        {
          rect = GRAPHENE_RECT_INIT (x0, top, x1 - x0, height);
          g_array_append_val (rects, rect);
        }
      return;
    }

  if (first.height > 0)
    *start_rtl = first_rtl = line_runs_rtl (view, &first_iter, &first);
  if (end_shows)
    last_rtl = line_runs_rtl (view, &last_iter, &last);

  if (first.height > 0 && first_rtl && first_x1 > left)
    {
      rect = GRAPHENE_RECT_INIT (left, first.y, first_x1 - left, first.height);
      g_array_append_val (rects, rect);
    }
  else if (first.height > 0 && !first_rtl && right > first_x0)
    {
      rect = GRAPHENE_RECT_INIT (first_x0, first.y, right - first_x0, first.height);
      g_array_append_val (rects, rect);
    }
  /* The lines between in full, without the room above and below them
   * that the tags take. */
  if (last.y - gap > first.y + first.height + gap)
    {
      rect = GRAPHENE_RECT_INIT (left, first.y + first.height + gap, right - left,
                                 last.y - gap - first.y - first.height - gap);
      g_array_append_val (rects, rect);
    }
  if (end_shows && last_rtl && right > last_x0)
    {
      rect = GRAPHENE_RECT_INIT (last_x0, last.y, right - last_x0, last.height);
      g_array_append_val (rects, rect);
    }
  else if (end_shows && !last_rtl && last_x1 > left)
    {
      rect = GRAPHENE_RECT_INIT (left, last.y, last_x1 - left, last.height);
      g_array_append_val (rects, rect);
    }
}

static PangoLayout *
tag_layout (PwTextPanelView *self,
            const char      *label)
{
  PangoLayout *layout;

  if (self->tag_layouts == NULL)
    self->tag_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  layout = g_hash_table_lookup (self->tag_layouts, label);
  if (layout == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
      pango_attr_list_insert (attrs, pango_attr_scale_new (TAG_SCALE));
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      g_hash_table_insert (self->tag_layouts, g_strdup (label), layout);
    }
  return layout;
}

static void
draw_tag (PwTextPanelView       *self,
          GtkSnapshot           *snapshot,
          const char            *label,
          GdkRGBA                color,
          const graphene_rect_t *first_line,
          gboolean               rtl,
          double                *previous_right,
          double                *previous_y)
{
  PangoLayout *layout = tag_layout (self, label);
  GdkRGBA ink;
  GskRoundedRect box;
  int width, height;
  double x = first_line->origin.x;
  double y;
  double luminance = 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue;

  pango_layout_get_pixel_size (layout, &width, &height);
  /* Over the span's start: its right end, where the line runs right to
   * left. */
  if (rtl)
    x = MAX (first_line->origin.x,
             first_line->origin.x + first_line->size.width - width - 2 * TAG_PADDING);
  y = first_line->origin.y - height - 1;
  /* Tags of spans that start close together line up instead of hiding
   * one another. */
  if (y == *previous_y && x < *previous_right + 2)
    x = *previous_right + 2;
  *previous_right = x + width + 2 * TAG_PADDING;
  *previous_y = y;

  color.alpha = 0.9;
  ink = luminance > 0.55 ? (GdkRGBA) { 0, 0, 0, 0.87 } : (GdkRGBA) { 1, 1, 1, 1 };
  gsk_rounded_rect_init_from_rect (&box,
                                   &GRAPHENE_RECT_INIT (x, y, width + 2 * TAG_PADDING, height),
                                   3);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &color, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + TAG_PADDING, y));
  gtk_snapshot_append_layout (snapshot, layout, &ink);
  gtk_snapshot_restore (snapshot);
}

static void
pw_text_panel_view_snapshot_layer (GtkTextView      *view,
                                   GtkTextViewLayer  layer,
                                   GtkSnapshot      *snapshot)
{
  PwTextPanelView *self = PW_TEXT_PANEL_VIEW (view);
  PwTextPanel *panel = self->panel;
  g_autoptr (GArray) rects = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  double previous_right = 0, previous_y = -1;
  GdkRectangle visible;
  GtkTextIter top, bottom;
  guint first_visible, last_visible;

  if (panel == NULL || panel->drawn->len == 0)
    return;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_at_location (view, &top, visible.x, visible.y);
  gtk_text_view_get_iter_at_location (view, &bottom, visible.x + visible.width,
                                      visible.y + visible.height);
  /* A corner of a line that runs right to left is not its first or last
   * character: the lines' ends are. */
  if (!gtk_text_view_starts_display_line (view, &top))
    gtk_text_view_backward_display_line_start (view, &top);
  gtk_text_view_forward_display_line_end (view, &bottom);
  first_visible = gtk_text_iter_get_offset (&top);
  last_visible = gtk_text_iter_get_offset (&bottom) + 1;
  rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));

  for (guint i = 0; i < panel->drawn->len; i++)
    {
      PwDrawnSpan *drawn = &g_array_index (panel->drawn, PwDrawnSpan, i);
      guint start = pw_text_span_get_start (drawn->span);
      guint end = pw_text_span_get_end (drawn->span);
      const char *label = pw_text_span_get_label (drawn->span);
      gboolean selected = g_strcmp0 (pw_text_span_get_id (drawn->span), panel->selected) == 0;
      GdkRGBA color = _pw_text_panel_label_color (panel, label);
      gboolean start_rtl = FALSE;

      if (start > last_visible)
        break;
      if (end <= first_visible || start >= end)
        continue;
      /* Lines below the view may not be laid out yet, and have no height:
       * the offset at the view's bottom is then the end of the text. */
      if (start > first_visible && below (view, start, &visible))
        break;

      span_rects (view, start, end, &visible, first_visible, rects, &start_rtl);
      for (guint r = 0; r < rects->len; r++)
        {
          graphene_rect_t *rect = &g_array_index (rects, graphene_rect_t, r);
          GdkRGBA fill = color;

          if (layer == GTK_TEXT_VIEW_LAYER_BELOW_TEXT)
            {
              graphene_rect_t bar;

              fill.alpha = (dark ? 0.34 : 0.24) + (selected ? 0.16 : 0);
              gtk_snapshot_append_color (snapshot, &fill, rect);
              bar = GRAPHENE_RECT_INIT (rect->origin.x,
                                        rect->origin.y + rect->size.height
                                        - BAR_HEIGHT - drawn->depth * BAR_STEP,
                                        rect->size.width, BAR_HEIGHT);
              gtk_snapshot_append_color (snapshot, &color, &bar);
            }
          else if (selected)
            {
              GskRoundedRect outline;
              const float widths[4] = { 2, 2, 2, 2 };
              const GdkRGBA colors[4] = { color, color, color, color };

              gsk_rounded_rect_init_from_rect (&outline,
                                               &GRAPHENE_RECT_INIT (rect->origin.x - 2,
                                                                    rect->origin.y - 1,
                                                                    rect->size.width + 4,
                                                                    rect->size.height + 2),
                                               3);
              gtk_snapshot_append_border (snapshot, &outline, widths, colors);
            }
        }

      if (layer == GTK_TEXT_VIEW_LAYER_ABOVE_TEXT && rects->len > 0 && start >= first_visible)
        draw_tag (self, snapshot, label != NULL ? label : _("no label"), color,
                  &g_array_index (rects, graphene_rect_t, 0), start_rtl, &previous_right,
                  &previous_y);
    }
}

static gboolean
pw_text_panel_view_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  PwTextPanelView *self = PW_TEXT_PANEL_VIEW (widget);
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  g_autofree char *description = NULL;
  GtkTextIter iter;
  int bx, by, trailing;

  if (self->panel == NULL)
    return FALSE;

  if (keyboard_mode)
    gtk_text_buffer_get_iter_at_mark (gtk_text_view_get_buffer (view), &iter,
                                      gtk_text_buffer_get_insert (gtk_text_view_get_buffer (view)));
  else
    {
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by))
        return FALSE;
    }

  description = _pw_text_panel_describe_at (self->panel, gtk_text_iter_get_offset (&iter));
  if (description == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, description);
  return TRUE;
}

static void
pw_text_panel_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  PwTextPanelView *self = PW_TEXT_PANEL_VIEW (widget);

  GTK_WIDGET_CLASS (pw_text_panel_view_parent_class)->css_changed (widget, change);
  /* The tags' font follows the view's. */
  if (self->tag_layouts != NULL)
    g_hash_table_remove_all (self->tag_layouts);
}

static void
pw_text_panel_view_finalize (GObject *object)
{
  PwTextPanelView *self = PW_TEXT_PANEL_VIEW (object);

  g_clear_pointer (&self->tag_layouts, g_hash_table_unref);

  G_OBJECT_CLASS (pw_text_panel_view_parent_class)->finalize (object);
}

static void
pw_text_panel_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  PW_TEXT_PANEL_VIEW (widget)->n_allocations++;
  GTK_WIDGET_CLASS (pw_text_panel_view_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
pw_text_panel_view_class_init (PwTextPanelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->finalize = pw_text_panel_view_finalize;
  widget_class->query_tooltip = pw_text_panel_view_query_tooltip;
  widget_class->css_changed = pw_text_panel_view_css_changed;
  widget_class->size_allocate = pw_text_panel_view_size_allocate;
  text_view_class->snapshot_layer = pw_text_panel_view_snapshot_layer;
}

static void
pw_text_panel_view_init (PwTextPanelView *self)
{
}
