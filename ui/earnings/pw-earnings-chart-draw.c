/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pw-earnings-chart-private.h"
#include "pw-earnings-format.h"

/* How the chart draws: the money axis on the left, scaled to a round top,
 * the hours axis on the right, a bar a day with its parts from the surest
 * money up, the hours as dots joined by a line, and a date under today and
 * every seventh day before it. */

#define BAR_SHARE 0.62
#define PAD 6.0
#define DOT_RADIUS 3.0
#define HATCH_STEP 5.0

const PwEarnings *
_pw_earnings_chart_day_earnings (PwEarningsChart *self,
                                 guint            day)
{
  PwFigures *figures = g_ptr_array_index (self->days, day);

  if (self->currency == NULL)
    return NULL;
  return pw_figures_get_earnings (figures, self->currency);
}

static gint64
part_micro (const PwEarnings *e,
            Part              part)
{
  if (e == NULL)
    return 0;
  switch (part)
    {
    case PART_PAID:
      return MAX (e->paid_micro, 0);
    case PART_APPROVED:
      return MAX (e->approved_micro, 0);
    case PART_PENDING:
      return MAX (e->pending_micro, 0);
    case PART_AWAITING:
      return MAX (e->awaiting_micro, 0);
    case PART_REJECTED:
      return MAX (e->rejected_micro, 0);
    case N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static double
day_total (PwEarningsChart *self,
           guint            day)
{
  const PwEarnings *e = _pw_earnings_chart_day_earnings (self, day);
  gint64 total = 0;

  /* A day too large to add up is drawn at the limit, and its tooltip
   * says why. */
  for (Part part = 0; part < N_PARTS; part++)
    if (!pw_money_add_micro (&total, part_micro (e, part)))
      break;
  return (double) total / PW_MONEY_MICRO;
}

static double
day_hours (PwEarningsChart *self,
           guint            day)
{
  PwFigures *figures = g_ptr_array_index (self->days, day);

  return (double) figures->all_us / (3600.0 * G_USEC_PER_SEC);
}

typedef struct
{
  double x0, y0, x1, y1;
  double money_top;
  double money_step;
  double hours_top;
  double hours_step;
  double slot;
} Plot;

/**
 * _pw_earnings_chart_nice_scale:
 * @max: the largest value the axis shows
 * @n_ticks: about how many steps it has
 * @top: (out): the top of the axis, a whole number of steps
 * @step: (out): one, two or five times a power of ten
 */
void
_pw_earnings_chart_nice_scale (double  max,
                               int     n_ticks,
                               double *top,
                               double *step)
{
  double raw, magnitude, norm;

  if (max <= 0)
    max = 1;
  raw = max / n_ticks;
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  if (norm <= 1)
    *step = magnitude;
  else if (norm <= 2)
    *step = 2 * magnitude;
  else if (norm <= 5)
    *step = 5 * magnitude;
  else
    *step = 10 * magnitude;
  *top = ceil (max / *step - 1e-9) * *step;
}

/**
 * _pw_earnings_chart_tick_text:
 * @value: a tick of an axis
 * @step: the axis's step, from _pw_earnings_chart_nice_scale()
 *
 * Returns: (transfer full): @value with as many decimals as @step needs
 *   for ticks to read apart: a task paid a fraction of a cent makes an
 *   axis of thousandths
 */
char *
_pw_earnings_chart_tick_text (double value,
                              double step)
{
  int decimals = step >= 1 ? 0 : CLAMP ((int) ceil (-log10 (step) - 1e-9), 0, 9);

  return g_strdup_printf ("%.*f", decimals, value);
}

static void
style_color (GtkWidget     *widget,
             const char    *name,
             const GdkRGBA *fallback,
             GdkRGBA       *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (name == NULL)
    gtk_style_context_get_color (context, color);
  else if (!gtk_style_context_lookup_color (context, name, color))
    *color = *fallback;
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

static PangoLayout *
small_layout (GtkWidget  *widget,
              const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static gboolean
compute_plot (PwEarningsChart *self,
              Plot            *plot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double max_money = 0, max_hours = 0;
  double left = 0, right = 0, line;
  g_autoptr (PangoLayout) probe = small_layout (widget, "0");

  if (self->days == NULL || self->days->len == 0 || width <= 0 || height <= 0)
    return FALSE;

  for (guint i = 0; i < self->days->len; i++)
    {
      max_money = MAX (max_money, day_total (self, i));
      max_hours = MAX (max_hours, day_hours (self, i));
    }
  _pw_earnings_chart_nice_scale (max_money, 4, &plot->money_top, &plot->money_step);
  /* At least two hours on the axis: minutes of work show as a low dot, not
   * as a scale of hundredths. */
  _pw_earnings_chart_nice_scale (MAX (max_hours, 2.0), 4, &plot->hours_top, &plot->hours_step);

  for (double v = 0; v <= plot->money_top + plot->money_step / 2; v += plot->money_step)
    {
      g_autofree char *text = _pw_earnings_chart_tick_text (v, plot->money_step);
      g_autoptr (PangoLayout) layout = small_layout (widget, text);

      left = MAX (left, layout_width (layout));
    }
  for (double v = 0; v <= plot->hours_top + plot->hours_step / 2; v += plot->hours_step)
    {
      g_autofree char *text = _pw_earnings_chart_tick_text (v, plot->hours_step);
      g_autoptr (PangoLayout) layout = small_layout (widget, text);

      right = MAX (right, layout_width (layout));
    }

  line = layout_height (probe);
  plot->x0 = left + PAD * 2;
  plot->x1 = width - right - PAD * 2;
  plot->y0 = line + PAD * 2;
  plot->y1 = height - line - PAD * 2;
  if (plot->x1 - plot->x0 < 10 || plot->y1 - plot->y0 < 10)
    return FALSE;
  plot->slot = (plot->x1 - plot->x0) / self->days->len;
  return TRUE;
}

int
_pw_earnings_chart_day_at (PwEarningsChart *self,
                           double           x)
{
  Plot plot;
  int day;

  if (!compute_plot (self, &plot) || x < plot.x0 || x >= plot.x1)
    return -1;
  day = (int) floor ((x - plot.x0) / plot.slot);
  return CLAMP (day, 0, (int) self->days->len - 1);
}

static void
draw_hatch (GtkSnapshot          *snapshot,
            const graphene_rect_t *rect,
            const GdkRGBA        *color)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, rect);

  cairo_rectangle (cr, rect->origin.x, rect->origin.y, rect->size.width, rect->size.height);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  for (double d = -rect->size.height; d < rect->size.width; d += HATCH_STEP)
    {
      cairo_move_to (cr, rect->origin.x + d, rect->origin.y + rect->size.height);
      cairo_line_to (cr, rect->origin.x + d + rect->size.height, rect->origin.y);
    }
  cairo_stroke (cr);
  cairo_rectangle (cr, rect->origin.x + 0.5, rect->origin.y + 0.5,
                   MAX (rect->size.width - 1, 0), MAX (rect->size.height - 1, 0));
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
draw_outline (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              const GdkRGBA         *color,
              double                 width)
{
  GskRoundedRect outline;
  const GdkRGBA colors[4] = { *color, *color, *color, *color };
  const float widths[4] = { (float) width, (float) width, (float) width, (float) width };

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

void
_pw_earnings_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  PwEarningsChart *self = PW_EARNINGS_CHART (widget);
  static const GdkRGBA fallback_fg = { 0.5, 0.5, 0.5, 1 };
  static const GdkRGBA fallback_green = { 0.18, 0.76, 0.49, 1 };
  static const GdkRGBA fallback_blue = { 0.21, 0.52, 0.89, 1 };
  static const GdkRGBA fallback_yellow = { 0.90, 0.65, 0.04, 1 };
  static const GdkRGBA fallback_red = { 0.88, 0.11, 0.14, 1 };
  GdkRGBA fg, dim, grid, colors[N_PARTS];
  Plot plot;
  int highlight;

  if (!compute_plot (self, &plot))
    return;

  style_color (widget, NULL, &fallback_fg, &fg);
  dim = with_alpha (&fg, 0.55);
  grid = with_alpha (&fg, 0.12);
  style_color (widget, "success_color", &fallback_green, &colors[PART_PAID]);
  style_color (widget, "accent_bg_color", &fallback_blue, &colors[PART_APPROVED]);
  style_color (widget, "warning_color", &fallback_yellow, &colors[PART_PENDING]);
  colors[PART_AWAITING] = with_alpha (&fg, 0.6);
  style_color (widget, "error_color", &fallback_red, &colors[PART_REJECTED]);

  /* The day under the pointer, or the one the keyboard chose. */
  highlight = self->hovered >= 0 ? self->hovered : self->selected;
  if (highlight >= 0)
    {
      GdkRGBA shade = with_alpha (&fg, 0.07);

      gtk_snapshot_append_color (snapshot, &shade,
                                 &GRAPHENE_RECT_INIT ((float) (plot.x0 + highlight * plot.slot),
                                                      (float) plot.y0, (float) plot.slot,
                                                      (float) (plot.y1 - plot.y0)));
    }

  /* The grid and the money axis on the left. */
  for (double v = 0; v <= plot.money_top + plot.money_step / 2; v += plot.money_step)
    {
      double y = round (plot.y1 - v / plot.money_top * (plot.y1 - plot.y0));
      g_autofree char *text = _pw_earnings_chart_tick_text (v, plot.money_step);
      g_autoptr (PangoLayout) layout = small_layout (widget, text);

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT ((float) plot.x0, (float) y,
                                                      (float) (plot.x1 - plot.x0), 1));
      draw_text (snapshot, layout, plot.x0 - PAD - layout_width (layout),
                 y - layout_height (layout) / 2, &dim);
    }
  for (double v = 0; v <= plot.hours_top + plot.hours_step / 2; v += plot.hours_step)
    {
      double y = plot.y1 - v / plot.hours_top * (plot.y1 - plot.y0);
      g_autofree char *text = _pw_earnings_chart_tick_text (v, plot.hours_step);
      g_autoptr (PangoLayout) layout = small_layout (widget, text);

      draw_text (snapshot, layout, plot.x1 + PAD, y - layout_height (layout) / 2, &dim);
    }
  if (self->currency != NULL)
    {
      g_autoptr (PangoLayout) layout = small_layout (widget, self->currency);

      draw_text (snapshot, layout, plot.x0 - PAD - layout_width (layout), 0, &dim);
    }
  {
    /* Translators: the unit of the chart's right axis, hours */
    g_autoptr (PangoLayout) layout = small_layout (widget, C_("chart axis", "h"));

    draw_text (snapshot, layout, plot.x1 + PAD, 0, &dim);
  }

  /* The bars, stacked from the money that is surest. */
  for (guint i = 0; i < self->days->len; i++)
    {
      const PwEarnings *e = _pw_earnings_chart_day_earnings (self, i);
      double bar = plot.slot * BAR_SHARE;
      double x = plot.x0 + i * plot.slot + (plot.slot - bar) / 2;
      double y = plot.y1;

      for (Part part = 0; part < N_PARTS; part++)
        {
          double value = (double) part_micro (e, part) / PW_MONEY_MICRO;
          double h = value / plot.money_top * (plot.y1 - plot.y0);
          graphene_rect_t rect;

          if (h <= 0)
            continue;
          h = MAX (h, 1);
          rect = GRAPHENE_RECT_INIT ((float) x, (float) (y - h), (float) bar, (float) h);
          if (part == PART_REJECTED)
            draw_hatch (snapshot, &rect, &colors[part]);
          else if (part == PART_AWAITING)
            draw_outline (snapshot, &rect, &colors[part], 1);
          else
            gtk_snapshot_append_color (snapshot, &colors[part], &rect);
          y -= h;
        }
    }

  /* The hours, as dots joined by a line, on the right axis. */
  {
    graphene_rect_t area = GRAPHENE_RECT_INIT ((float) (plot.x0 - DOT_RADIUS),
                                               (float) (plot.y0 - DOT_RADIUS),
                                               (float) (plot.x1 - plot.x0 + 2 * DOT_RADIUS),
                                               (float) (plot.y1 - plot.y0 + 2 * DOT_RADIUS));
    cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &area);
    GdkRGBA line = with_alpha (&fg, 0.75);

    gdk_cairo_set_source_rgba (cr, &line);
    cairo_set_line_width (cr, 1.5);
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
    for (guint i = 0; i < self->days->len; i++)
      {
        double cx = plot.x0 + (i + 0.5) * plot.slot;
        double cy = plot.y1 - day_hours (self, i) / plot.hours_top * (plot.y1 - plot.y0);

        if (i == 0)
          cairo_move_to (cr, cx, cy);
        else
          cairo_line_to (cr, cx, cy);
      }
    cairo_stroke (cr);
    for (guint i = 0; i < self->days->len; i++)
      {
        double cx = plot.x0 + (i + 0.5) * plot.slot;
        double cy = plot.y1 - day_hours (self, i) / plot.hours_top * (plot.y1 - plot.y0);

        cairo_new_sub_path (cr);
        cairo_arc (cr, cx, cy, (int) i == highlight ? DOT_RADIUS + 1 : DOT_RADIUS, 0, 2 * G_PI);
      }
    cairo_fill (cr);
    cairo_destroy (cr);
  }

  /* A date under today and every seventh day before it. */
  for (guint i = 0; i < self->days->len; i++)
    {
      PwFigures *figures = g_ptr_array_index (self->days, i);
      g_autoptr (GDateTime) local = NULL;
      g_autoptr (PangoLayout) layout = NULL;
      g_autofree char *text = NULL;
      double x;

      if ((self->days->len - 1 - i) % 7 != 0)
        continue;
      local = pw_earnings_local_time (figures->start);
      /* Translators: a date under the chart's bars, as g_date_time_format() takes it: "Nov 25" */
      text = g_date_time_format (local, C_("chart axis", "%b %-d"));
      layout = small_layout (widget, text);
      x = plot.x0 + (i + 0.5) * plot.slot - layout_width (layout) / 2;
      x = CLAMP (x, 0, gtk_widget_get_width (widget) - layout_width (layout));
      draw_text (snapshot, layout, x, plot.y1 + PAD, &dim);
    }

  if (self->selected >= 0 && gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA accent;

      style_color (widget, "accent_color", &fallback_blue, &accent);
      draw_outline (snapshot,
                    &GRAPHENE_RECT_INIT ((float) (plot.x0 + self->selected * plot.slot),
                                         (float) plot.y0, (float) plot.slot,
                                         (float) (plot.y1 - plot.y0)),
                    &accent, 2);
    }
}

