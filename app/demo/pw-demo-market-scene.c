/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <string.h>
#include <turbojpeg.h>

#include "pw-demo-market-private.h"
#include "pw-error.h"

/* Street scenes that look enough like photos to label: a sky with soft
 * clouds and a sun, buildings with windows along the horizon, a road with
 * cars of several colours and sizes, a vignette and sensor grain. Every
 * choice comes from the seed. A scene may be taken at night (a dark sky
 * with a moon, lit windows, car lights), in rain (an overcast sky, a wet
 * road, streaks) or in fog (everything fading into grey with distance), so
 * that a worker asked about the time of day and the weather can see the
 * answer. A scene is drawn upright, then stored turned the way a camera
 * would store it for the EXIF orientation spliced in. */

typedef struct
{
  guint8 *pixels;
  int width;
  int height;
  guint32 state;
  gboolean night;
  PwDemoWeather weather;
  double dim;                   /* how much light falls on what is not lit */
} Canvas;

/* The conditions of the condition scenes, in turn: every pairing of a
 * time of day and a weather once. */
static const PwDemoConditions condition_scenes[PW_DEMO_N_CONDITION_SCENES] = {
  { FALSE, PW_DEMO_WEATHER_CLEAR },
  { TRUE, PW_DEMO_WEATHER_RAIN },
  { FALSE, PW_DEMO_WEATHER_FOG },
  { TRUE, PW_DEMO_WEATHER_CLEAR },
  { FALSE, PW_DEMO_WEATHER_RAIN },
  { TRUE, PW_DEMO_WEATHER_FOG },
};

/**
 * _pw_demo_market_condition_scene:
 * @index: which condition scene
 *
 * Returns: the time of day and the weather of the condition scene @index
 *   (taken modulo their number)
 */
const PwDemoConditions *
_pw_demo_market_condition_scene (guint index)
{
  return &condition_scenes[index % PW_DEMO_N_CONDITION_SCENES];
}

/* @colour as it looks in the scene's light. */
static void
lit_colour (Canvas       *canvas,
            const double  colour[3],
            double        out[3])
{
  /* Night light is a little blue. */
  out[0] = colour[0] * canvas->dim;
  out[1] = colour[1] * canvas->dim;
  out[2] = colour[2] * MIN (1.0, canvas->dim * 1.25);
}

static guint32
next_random (Canvas *canvas)
{
  /* xorshift32: fast, and the same on every machine. */
  guint32 x = canvas->state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  canvas->state = x;
  return x;
}

static double
uniform (Canvas *canvas,
         double  low,
         double  high)
{
  return low + (high - low) * (next_random (canvas) / 4294967296.0);
}

static guint8
clamp_byte (double value)
{
  return value <= 0 ? 0 : value >= 255 ? 255 : (guint8) (value + 0.5);
}

static void
blend (Canvas       *canvas,
       int           x,
       int           y,
       const double  colour[3],
       double        alpha)
{
  guint8 *p = canvas->pixels + ((gsize) y * canvas->width + x) * 3;

  for (int c = 0; c < 3; c++)
    p[c] = clamp_byte (p[c] + (colour[c] - p[c]) * alpha);
}

/* A rectangle lit from above: lighter at its top than at its bottom. */
static void
fill_rect (Canvas       *canvas,
           double        x0,
           double        y0,
           double        x1,
           double        y1,
           const double  colour[3],
           double        light)
{
  int left = MAX (0, (int) x0), right = MIN (canvas->width, (int) x1);
  int top = MAX (0, (int) y0), bottom = MIN (canvas->height, (int) y1);

  for (int y = top; y < bottom; y++)
    {
      double t = (y - y0) / MAX (1.0, y1 - y0);
      double shade = 1.0 + light * (0.5 - t);
      double shaded[3] = { colour[0] * shade, colour[1] * shade, colour[2] * shade };

      for (int x = left; x < right; x++)
        blend (canvas, x, y, shaded, 1.0);
    }
}

static void
fill_ellipse (Canvas       *canvas,
              double        cx,
              double        cy,
              double        rx,
              double        ry,
              const double  colour[3],
              double        alpha)
{
  int left = MAX (0, (int) (cx - rx)), right = MIN (canvas->width, (int) (cx + rx) + 1);
  int top = MAX (0, (int) (cy - ry)), bottom = MIN (canvas->height, (int) (cy + ry) + 1);

  for (int y = top; y < bottom; y++)
    for (int x = left; x < right; x++)
      {
        double dx = (x - cx) / rx, dy = (y - cy) / ry;
        double d = dx * dx + dy * dy;

        /* A soft edge a pixel or so wide, as a lens draws it. */
        if (d < 1.0)
          blend (canvas, x, y, colour, alpha * MIN (1.0, (1.0 - d) * MAX (rx, ry) / 2));
      }
}

/* Light spilling around a lamp: strongest at its centre, gone at @radius. */
static void
glow (Canvas       *canvas,
      double        cx,
      double        cy,
      double        radius,
      const double  colour[3],
      double        strength)
{
  int left = MAX (0, (int) (cx - radius)), right = MIN (canvas->width, (int) (cx + radius) + 1);
  int top = MAX (0, (int) (cy - radius)), bottom = MIN (canvas->height, (int) (cy + radius) + 1);

  for (int y = top; y < bottom; y++)
    for (int x = left; x < right; x++)
      {
        double d = sqrt ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / radius;

        if (d < 1.0)
          blend (canvas, x, y, colour, strength * (1.0 - d) * (1.0 - d));
      }
}

/* Smooth value noise on a coarse grid, for clouds. */
static double
noise (const double *grid,
       int           grid_width,
       double        gx,
       double        gy)
{
  int ix = (int) gx, iy = (int) gy;
  double fx = gx - ix, fy = gy - iy;
  double a, b, c, d;

  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  a = grid[iy * grid_width + ix];
  b = grid[iy * grid_width + ix + 1];
  c = grid[(iy + 1) * grid_width + ix];
  d = grid[(iy + 1) * grid_width + ix + 1];
  return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
}

static void
draw_sky_and_road (Canvas *canvas,
                   int     horizon)
{
  enum { GRID_W = 17, GRID_H = 9 };
  double grid[GRID_W * GRID_H];
  double sun_x = uniform (canvas, 0.1, 0.9) * canvas->width;
  double sun_y = uniform (canvas, 0.05, 0.3) * horizon;
  double sun_r = canvas->width * 0.25;
  double cloudiness = uniform (canvas, 0.35, 0.65);
  gboolean rain = canvas->weather == PW_DEMO_WEATHER_RAIN;

  /* Rain comes from a sky mostly covered in cloud. */
  if (rain)
    cloudiness -= 0.3;
  for (int i = 0; i < GRID_W * GRID_H; i++)
    grid[i] = uniform (canvas, 0, 1);

  for (int y = 0; y < canvas->height; y++)
    {
      guint8 *row = canvas->pixels + (gsize) y * canvas->width * 3;

      for (int x = 0; x < canvas->width; x++)
        {
          double r, g, b;

          if (y < horizon)
            {
              double t = (double) y / horizon;
              double cloud = noise (grid, GRID_W, (double) x / canvas->width * (GRID_W - 1.001),
                                    (double) y / horizon * (GRID_H - 1.001));
              double dx = x - sun_x, dy = y - sun_y;
              double glow = exp (-(dx * dx + dy * dy) / (sun_r * sun_r));

              double cloud_colour[3] = { 240, 242, 245 };

              if (canvas->night)
                {
                  r = 8 + 22 * t;
                  g = 12 + 26 * t;
                  b = 32 + 40 * t;
                  cloud_colour[0] = 42;
                  cloud_colour[1] = 45;
                  cloud_colour[2] = 58;
                }
              else if (rain)
                {
                  r = 118 + 40 * t;
                  g = 124 + 38 * t;
                  b = 134 + 34 * t;
                  cloud_colour[0] = 168;
                  cloud_colour[1] = 172;
                  cloud_colour[2] = 178;
                }
              else
                {
                  r = 70 + 120 * t;
                  g = 120 + 90 * t;
                  b = 195 + 35 * t;
                }
              cloud = CLAMP ((cloud - cloudiness) * 3, 0, 1);
              r += (cloud_colour[0] - r) * cloud;
              g += (cloud_colour[1] - g) * cloud;
              b += (cloud_colour[2] - b) * cloud;
              /* The sun by a clear day; the moon, below, by a clear night. */
              if (!canvas->night && !rain)
                {
                  r += 80 * glow;
                  g += 70 * glow;
                  b += 40 * glow;
                }
            }
          else
            {
              double t = (double) (y - horizon) / MAX (1, canvas->height - horizon);
              /* A wet road is darker. */
              double wet = rain ? 0.75 : 1.0;

              r = (112 - 40 * t) * wet * canvas->dim;
              g = (110 - 40 * t) * wet * canvas->dim;
              b = (108 - 36 * t) * wet * MIN (1.0, canvas->dim * 1.25);
            }
          row[x * 3] = clamp_byte (r);
          row[x * 3 + 1] = clamp_byte (g);
          row[x * 3 + 2] = clamp_byte (b);
        }
    }

  if (canvas->night && canvas->weather == PW_DEMO_WEATHER_CLEAR)
    {
      const double moon[3] = { 236, 234, 218 };

      fill_ellipse (canvas, sun_x, sun_y, canvas->width * 0.022, canvas->width * 0.022, moon, 1.0);
    }

  /* A pavement along the buildings and a dashed line down the road. */
  {
    const double kerb_by_day[3] = { 150, 146, 138 };
    const double paint_by_day[3] = { 235, 232, 220 };
    double kerb[3], paint[3];
    double lane = horizon + (canvas->height - horizon) * 0.55;
    double dash = canvas->width / 14.0;

    lit_colour (canvas, kerb_by_day, kerb);
    lit_colour (canvas, paint_by_day, paint);

    fill_rect (canvas, 0, horizon, canvas->width, horizon + (canvas->height - horizon) * 0.08,
               kerb, 0.2);
    for (double x = uniform (canvas, 0, dash); x < canvas->width; x += dash * 2)
      fill_rect (canvas, x, lane, x + dash, lane + MAX (2, canvas->height / 120), paint, 0);
  }
}

static void
draw_buildings (Canvas *canvas,
                int     horizon)
{
  double x = uniform (canvas, -0.05, 0.02) * canvas->width;

  while (x < canvas->width)
    {
      double w = uniform (canvas, 0.07, 0.16) * canvas->width;
      double h = uniform (canvas, 0.25, 0.7) * horizon;
      double tone = uniform (canvas, 0.6, 1.1);
      double wall_by_day[3] = { 150 * tone, 125 * tone, 105 * tone };
      const double glass_by_day[3] = { 60, 75, 95 };
      const double lit[3] = { 230, 210, 150 };
      double wall[3], glass[3];
      double cell = MAX (4, w / 6);
      /* More windows are lit at night. */
      guint lit_in_seven = canvas->night ? 3 : 1;

      if (next_random (canvas) % 3 == 0)
        {
          wall_by_day[0] = 120 * tone;
          wall_by_day[1] = wall_by_day[2] = 125 * tone;
        }
      lit_colour (canvas, wall_by_day, wall);
      lit_colour (canvas, glass_by_day, glass);
      fill_rect (canvas, x, horizon - h, x + w, horizon + 1, wall, 0.25);
      for (double wy = horizon - h + cell * 0.6; wy + cell * 0.6 < horizon - cell * 0.3; wy += cell)
        for (double wx = x + cell * 0.4; wx + cell * 0.5 < x + w; wx += cell)
          fill_rect (canvas, wx, wy, wx + cell * 0.5, wy + cell * 0.6,
                     next_random (canvas) % 7 < lit_in_seven ? lit : glass, 0.4);
      x += w + uniform (canvas, 0, 0.03) * canvas->width;
    }
}

static void
draw_car (Canvas *canvas,
          double  x,
          double  base,
          double  w)
{
  static const double paints[][3] = {
    { 200, 30, 35 }, { 235, 235, 232 }, { 30, 32, 36 }, { 40, 80, 170 },
    { 175, 178, 182 }, { 230, 170, 30 }, { 40, 110, 70 },
  };
  const double *paint_by_day = paints[next_random (canvas) % G_N_ELEMENTS (paints)];
  const double glass_by_day[3] = { 45, 60, 75 };
  const double tyre[3] = { 22, 22, 24 };
  const double hub_by_day[3] = { 150, 150, 155 };
  const double shadow[3] = { 20, 20, 22 };
  double paint[3], glass[3], hub[3];
  double h = w * 0.42;
  double wheel = h * 0.24;

  lit_colour (canvas, paint_by_day, paint);
  lit_colour (canvas, glass_by_day, glass);
  lit_colour (canvas, hub_by_day, hub);

  fill_ellipse (canvas, x + w / 2, base, w * 0.55, h * 0.12, shadow, 0.6);
  fill_rect (canvas, x + w * 0.2, base - h, x + w * 0.78, base - h * 0.5, paint, 0.3);
  fill_rect (canvas, x + w * 0.25, base - h * 0.93, x + w * 0.47, base - h * 0.55, glass, 0.5);
  fill_rect (canvas, x + w * 0.51, base - h * 0.93, x + w * 0.73, base - h * 0.55, glass, 0.5);
  fill_rect (canvas, x, base - h * 0.55, x + w, base - wheel * 0.6, paint, 0.5);
  for (int i = 0; i < 2; i++)
    {
      double cx = x + w * (i == 0 ? 0.2 : 0.8);

      fill_ellipse (canvas, cx, base - wheel, wheel, wheel, tyre, 1.0);
      fill_ellipse (canvas, cx, base - wheel, wheel * 0.45, wheel * 0.45, hub, 1.0);
    }

  /* At night a car shows its lights: white at the front, red at the back. */
  if (canvas->night)
    {
      const double head[3] = { 255, 246, 210 };
      const double tail[3] = { 235, 40, 30 };
      double y = base - h * 0.42, r = MAX (1.5, w * 0.035);

      glow (canvas, x + w - r, y, r * 6, head, 0.45);
      glow (canvas, x + r, y, r * 3, tail, 0.35);
      fill_ellipse (canvas, x + w - r, y, r * 1.4, r, head, 1.0);
      fill_ellipse (canvas, x + r, y, r, r, tail, 1.0);
    }
}

static void
draw_cars (Canvas *canvas,
           int     horizon)
{
  guint n = 2 + next_random (canvas) % 5;
  double road = canvas->height - horizon;

  /* Far ones first, so near ones cover them. */
  for (guint i = 0; i < n; i++)
    {
      double t = (i + uniform (canvas, 0.1, 0.9)) / n;
      double base = horizon + road * (0.2 + 0.75 * t);
      double w = canvas->width * (0.08 + 0.2 * t);

      draw_car (canvas, uniform (canvas, -0.1, 1.0) * (canvas->width - w * 0.5), base, w);
    }
}

/* Streaks of rain, slanting in the wind, lighter than what they cross. */
static void
draw_rain (Canvas *canvas)
{
  const double streak[3] = { 205, 210, 220 };
  guint n = (guint) ((gsize) canvas->width * canvas->height / 1800);
  double slant = uniform (canvas, 0.1, 0.35);

  for (guint i = 0; i < n; i++)
    {
      double x = uniform (canvas, -0.1, 1.0) * canvas->width;
      double y = uniform (canvas, -0.05, 1.0) * canvas->height;
      double length = uniform (canvas, 0.02, 0.05) * canvas->height;
      double alpha = uniform (canvas, 0.2, 0.45);

      for (double t = 0; t < length; t += 1.0)
        {
          int px = (int) (x + t * slant), py = (int) (y + t);

          if (px >= 0 && px < canvas->width && py >= 0 && py < canvas->height)
            blend (canvas, px, py, streak, alpha);
        }
    }
}

/* Fog: what is far, near the horizon and above it, fades most. */
static void
draw_fog (Canvas *canvas,
          int     horizon)
{
  const double by_day[3] = { 204, 206, 210 };
  const double by_night[3] = { 52, 55, 64 };
  const double *fog = canvas->night ? by_night : by_day;

  for (int y = 0; y < canvas->height; y++)
    {
      double near = y <= horizon ? 0 : (double) (y - horizon) / MAX (1, canvas->height - horizon);
      double thickness = 0.82 - 0.5 * near;

      for (int x = 0; x < canvas->width; x++)
        blend (canvas, x, y, fog, thickness);
    }
}

static void
finish (Canvas *canvas)
{
  double cx = canvas->width / 2.0, cy = canvas->height / 2.0;
  double reach = cx * cx + cy * cy;

  for (int y = 0; y < canvas->height; y++)
    for (int x = 0; x < canvas->width; x++)
      {
        guint8 *p = canvas->pixels + ((gsize) y * canvas->width + x) * 3;
        double dx = x - cx, dy = y - cy;
        double vignette = 1.0 - 0.3 * (dx * dx + dy * dy) / reach;
        int grain = (int) (next_random (canvas) % 13) - 6;

        for (int c = 0; c < 3; c++)
          p[c] = clamp_byte (p[c] * vignette + grain);
      }
}

/* Where stored pixel (x, y) of a stored image of @width × @height comes
 * from in the upright scene, for EXIF orientations 1, 3, 6 and 8. */
static void
upright_position (guint orientation,
                  int   width,
                  int   height,
                  int   x,
                  int   y,
                  int  *ux,
                  int  *uy)
{
  switch (orientation)
    {
    case 3:
      *ux = width - 1 - x;
      *uy = height - 1 - y;
      break;
    case 6:
      *ux = height - 1 - y;
      *uy = x;
      break;
    case 8:
      *ux = y;
      *uy = width - 1 - x;
      break;
    default:
      *ux = x;
      *uy = y;
      break;
    }
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value >> 8, value & 0xFF };

  g_byte_array_append (out, b, 2);
}

/* An APP1 Exif segment, big-endian, whose IFD0 holds only the orientation. */
static GBytes *
splice_orientation (const guint8 *jpeg,
                    gsize         length,
                    guint         orientation)
{
  static const guint8 tiff[] = {
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,        /* header, IFD0 at 8 */
    0, 1,                               /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1,       /* Orientation, SHORT, count 1 */
  };
  GByteArray *out = g_byte_array_sized_new (length + 64);

  g_byte_array_append (out, jpeg, 2);
  g_byte_array_append (out, (const guint8 *) "\xFF\xE1", 2);
  put16 (out, sizeof tiff + 8 + 2);
  g_byte_array_append (out, tiff, sizeof tiff);
  put16 (out, orientation);
  put16 (out, 0);
  g_byte_array_append (out, (const guint8 *) "\0\0\0\0", 4);   /* no IFD1 */
  g_byte_array_append (out, jpeg + 2, length - 2);
  return g_byte_array_free_to_bytes (out);
}

/**
 * _pw_demo_market_make_scene:
 * @width: the stored width
 * @height: the stored height
 * @orientation: the EXIF orientation to store it with: 1, 3, 6 or 8
 * @seed: what the scene shows
 * @conditions: (nullable): the time of day and the weather; %NULL for a
 *   clear day
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a JPEG of a street scene
 */
GBytes *
_pw_demo_market_make_scene (int                      width,
                            int                      height,
                            guint                    orientation,
                            guint32                  seed,
                            const PwDemoConditions  *conditions,
                            GError                 **error)
{
  gboolean turned = orientation == 6 || orientation == 8;
  Canvas canvas = {
    .width = turned ? height : width,
    .height = turned ? width : height,
    .state = seed * 2654435761u + 1,
    .night = conditions != NULL && conditions->night,
    .weather = conditions != NULL ? conditions->weather : PW_DEMO_WEATHER_CLEAR,
  };
  g_autofree guint8 *upright = NULL;
  g_autofree guint8 *stored = NULL;
  unsigned char *jpeg = NULL;
  unsigned long jpeg_size = 0;
  tjhandle tj;
  GBytes *bytes;
  int horizon;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (orientation == 1 || orientation == 3 || orientation == 6
                        || orientation == 8, NULL);

  if (canvas.state == 0)
    canvas.state = 1;
  canvas.dim = canvas.night ? 0.32 : canvas.weather == PW_DEMO_WEATHER_CLEAR ? 1.0 : 0.85;
  upright = g_malloc ((gsize) width * height * 3);
  canvas.pixels = upright;
  horizon = canvas.height * uniform (&canvas, 0.45, 0.6);
  draw_sky_and_road (&canvas, horizon);
  draw_buildings (&canvas, horizon);
  draw_cars (&canvas, horizon);
  if (canvas.weather == PW_DEMO_WEATHER_RAIN)
    draw_rain (&canvas);
  else if (canvas.weather == PW_DEMO_WEATHER_FOG)
    draw_fog (&canvas, horizon);
  finish (&canvas);

  if (orientation == 1)
    stored = g_steal_pointer (&upright);
  else
    {
      stored = g_malloc ((gsize) width * height * 3);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            int ux, uy;

            upright_position (orientation, width, height, x, y, &ux, &uy);
            memcpy (stored + ((gsize) y * width + x) * 3,
                    upright + ((gsize) uy * canvas.width + ux) * 3, 3);
          }
    }

  tj = tjInitCompress ();
  if (tj == NULL
      || tjCompress2 (tj, stored, width, width * 3, height, TJPF_RGB, &jpeg, &jpeg_size,
                      TJSAMP_420, 88, 0) != 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_FAILED, "Could not make a JPEG: %s",
                   tjGetErrorStr2 (tj));
      if (tj != NULL)
        tjDestroy (tj);
      return NULL;
    }

  if (orientation == 1)
    bytes = g_bytes_new (jpeg, jpeg_size);
  else
    bytes = splice_orientation (jpeg, jpeg_size, orientation);
  tjFree (jpeg);
  tjDestroy (tj);
  return bytes;
}
