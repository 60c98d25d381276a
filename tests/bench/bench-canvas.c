/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pw-image-canvas-private.h"
#include "pw-frame-pool.h"
#include "pw-renderer-choice.h"

/* What a frame costs the canvas with a busy annotation: 5,000 polygons of
 * 20 vertices on a 4000 × 3000 image, panned a few pixels a frame (about
 * 500 pixels a second) at fit, at 1× and at 4×. A frame's cost is the
 * time from the pan, in the frame clock's update phase, to the end of its
 * paint: layout, snapshot and rendering, never the wait for the next frame.
 * The goals: the first frame with the shapes in 100 ms, a zoom step in
 * 16 ms, panning in 8 ms at the median and 12 ms at the 95th percentile at
 * every zoom. A full window of plain colour is the floor, what any frame
 * costs on this display; each figure is printed with its ratio to it, so a
 * run on a busy machine still compares. The image alone, panned at fit,
 * gives the renderer's share. Figures are printed, never checked.
 *
 * On a machine others are using too, PIECEWORK_BENCH_THREAD_TIME=1 times
 * each frame by the CPU time of the main thread instead, and with
 * LP_NUM_THREADS=0 llvmpipe draws in that thread too: what the frame
 * costs without the waits for a busy CPU, the X server's share left out. */

#define IMAGE_WIDTH 4000
#define IMAGE_HEIGHT 3000
#define N_POLYGONS 5000
#define N_VERTICES 20
#define N_PAN_FRAMES 200
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 800
#define SETTLE_FRAMES 5
#define GOAL_FIRST_MS 100.0
#define GOAL_ZOOM_MS 16.0
#define GOAL_MEDIAN_MS 8.0
#define GOAL_P95_MS 12.0

typedef enum
{
  STAGE_FLOOR,         /* a plain colour that changes: the display's own cost */
  STAGE_SETTLE,        /* the window shows the image, no shapes yet */
  STAGE_PAN_BARE,      /* the image alone, for the renderer's share */
  STAGE_FIRST_SHAPES,  /* the frame that draws the shapes the first time */
  STAGE_WAIT_COMPLETE, /* the frames after, until the view's shapes are all drawn */
  STAGE_PAN_FIT,
  STAGE_EDIT,          /* one shape moved a pixel each frame, as a drag's end */
  STAGE_ZOOM_ONE,      /* the frame that draws them again at 1× */
  STAGE_PAN_ONE,
  STAGE_ZOOM,          /* the frame that draws them again at 4× */
  STAGE_PAN_ZOOMED,
  STAGE_DONE,
} Stage;

typedef struct
{
  PwImageCanvas *canvas;
  PwAnnotation  *annotation;
  Stage          stage;
  guint          frame;        /* within the stage */
  gint64         frame_start;  /* 0 when the frame is not measured */
  double         first_ms;
  double         first_complete_ms;
  double         zoom_one_complete_ms;
  double         zoom_complete_ms;
  gint64         complete_start;
  double        *complete_out;
  Stage          after_complete;
  double         zoom_one_ms;
  double         zoom_ms;
  GArray        *floor;
  PwImage       *image;
  GArray        *pan_bare;
  GArray        *pan_fit;      /* double, ms */
  GArray        *edit;
  GArray        *pan_one;
  GArray        *pan_zoomed;
} Run;

static guint64 rng_state = 0x2545F4914F6CDD1D;

static double
next_uniform (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (rng_state >> 11) * (1.0 / 9007199254740992.0);
}

static PwImage *
make_image (void)
{
  gsize stride = (gsize) IMAGE_WIDTH * 3;
  guint8 *pixels = g_malloc (stride * IMAGE_HEIGHT);
  g_autoptr (GBytes) bytes = NULL;

  for (int y = 0; y < IMAGE_HEIGHT; y++)
    {
      guint8 *row = pixels + (gsize) y * stride;

      for (int x = 0; x < IMAGE_WIDTH; x++)
        {
          row[x * 3 + 0] = 60 + 120 * x / IMAGE_WIDTH;
          row[x * 3 + 1] = 40 + 150 * y / IMAGE_HEIGHT;
          row[x * 3 + 2] = 90 + 80 * ((x + y) % 1500) / 1500;
        }
    }
  bytes = g_bytes_new_take (pixels, stride * IMAGE_HEIGHT);

  return pw_image_new (PW_IMAGE_FORMAT_RGB8, IMAGE_WIDTH, IMAGE_HEIGHT, stride, bytes, 1,
                       IMAGE_WIDTH, IMAGE_HEIGHT);
}

/* Outlines of things in a street photo: mostly small and middling, a few
 * large, irregular round the edge, spread over the whole image. */
static PwAnnotation *
make_annotation (void)
{
  static const char *const labels[] = { "car", "person", "bicycle", "sign", "tree", "building" };
  PwAnnotation *annotation = pw_annotation_new (IMAGE_WIDTH, IMAGE_HEIGHT);

  for (int i = 0; i < N_POLYGONS; i++)
    {
      PwPoint points[N_VERTICES];
      double size = 15 + 100 * pow (next_uniform (), 3);
      double cx = size + next_uniform () * (IMAGE_WIDTH - 2 * size);
      double cy = size + next_uniform () * (IMAGE_HEIGHT - 2 * size);
      g_autofree char *id = pw_annotation_new_shape_id (annotation);
      g_autoptr (PwShape) shape = NULL;

      for (int v = 0; v < N_VERTICES; v++)
        {
          double angle = 2 * G_PI * v / N_VERTICES;
          double r = size * (0.6 + 0.4 * next_uniform ());

          points[v].x = cx + r * cos (angle);
          points[v].y = cy + r * sin (angle);
        }
      shape = pw_shape_new_polygon (id, labels[i % G_N_ELEMENTS (labels)], points, N_VERTICES);
      pw_annotation_add_shape (annotation, shape);
    }

  return annotation;
}

static double ms_p95_floor = 1.0;
static gboolean use_thread_time;

/* Microseconds, for timing frames. */
static gint64
clock_now (void)
{
  struct timespec now;

  if (!use_thread_time)
    return g_get_monotonic_time ();

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static double
elapsed_ms (gint64 start)
{
  return (clock_now () - start) / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *frames)
{
  double *ms = (double *) frames->data;

  qsort (ms, frames->len, sizeof *ms, compare_doubles);
  return ms[frames->len / 2];
}

/* @floor_ms: 0 for the floor itself */
static void
report_frames (const char *what,
               GArray     *frames,
               double      floor_ms)
{
  double *ms = (double *) frames->data;
  double p50, p95;

  qsort (ms, frames->len, sizeof *ms, compare_doubles);
  p50 = ms[frames->len / 2];
  p95 = ms[(frames->len * 95) / 100];
  if (floor_ms <= 0)
    {
      printf ("canvas: %s: median %.1f ms, p95 %.1f ms, max %.1f ms (the floor)\n",
              what, p50, p95, ms[frames->len - 1]);
      return;
    }
  printf ("canvas: %s: median %.1f ms (goal %.0f, %s; %.2f× the floor), "
          "p95 %.1f ms (goal %.0f, %s; %.2f× the floor's p95), max %.1f ms\n",
          what, p50, GOAL_MEDIAN_MS, p50 <= GOAL_MEDIAN_MS ? "met" : "MISSED", p50 / floor_ms,
          p95, GOAL_P95_MS, p95 <= GOAL_P95_MS ? "met" : "MISSED",
          p95 / ms_p95_floor, ms[frames->len - 1]);
}

static void
report_one (const char *what,
            double      ms,
            double      goal,
            double      floor_ms)
{
  printf ("canvas: %s: %.1f ms (goal %.0f ms, %s; %.2f× the floor)\n",
          what, ms, goal, ms <= goal ? "met" : "MISSED", ms / floor_ms);
}

static void
start_frame (Run *run)
{
  run->frame_start = clock_now ();
}

/* Each frame's update phase: move on, and start the clock for the frame. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Run *run = user_data;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  /* At fit, back and forth, so the image stays in view; at 4×, one long
   * drag, which leaves the drawn shapes behind now and then. */
  double direction = run->stage == STAGE_PAN_ZOOMED || run->stage == STAGE_PAN_ONE
                     || (run->frame / 50) % 2 == 0 ? 1.0 : -1.0;

  switch (run->stage)
    {
    case STAGE_FLOOR:
      /* Every frame a new colour over the whole window, so that each one
       * is drawn and shown in full, as a pan is. */
      if (run->frame % 2 == 0)
        {
          gtk_widget_add_css_class (widget, "floor-a");
          gtk_widget_remove_css_class (widget, "floor-b");
        }
      else
        {
          gtk_widget_add_css_class (widget, "floor-b");
          gtk_widget_remove_css_class (widget, "floor-a");
        }
      if (run->frame >= SETTLE_FRAMES)
        start_frame (run);
      break;

    case STAGE_SETTLE:
      /* The image settles as it will stay while panning: drawn from the
       * texture the canvas makes of it for the view's zoom. */
      if (run->frame >= SETTLE_FRAMES && _pw_image_canvas_get_prepared (run->canvas) != NULL)
        {
          run->stage = STAGE_PAN_BARE;
          run->frame = 0;
        }
      break;

    case STAGE_FIRST_SHAPES:
      pw_image_canvas_zoom_fit (run->canvas);
      pw_image_canvas_set_annotation (run->canvas, run->annotation);
      start_frame (run);
      break;

    case STAGE_PAN_BARE:
    case STAGE_PAN_FIT:
    case STAGE_PAN_ONE:
    case STAGE_PAN_ZOOMED:
      pw_image_canvas_pan (run->canvas, 8 * direction, 3 * direction);
      start_frame (run);
      break;

    case STAGE_EDIT:
      {
        GPtrArray *shapes = pw_annotation_get_shapes (run->annotation);
        g_autoptr (PwShape) moved = pw_shape_copy (g_ptr_array_index (shapes, (run->frame * 37) % shapes->len));

        pw_shape_translate (moved, 1, 1);
        pw_annotation_replace_shape (run->annotation, moved);
        start_frame (run);
      }
      break;

    case STAGE_ZOOM_ONE:
      pw_image_canvas_zoom_to (run->canvas, 1.0, width / 2.0, height / 2.0);
      start_frame (run);
      break;

    case STAGE_ZOOM:
      pw_image_canvas_zoom_to (run->canvas, 4.0, width / 2.0, height / 2.0);
      start_frame (run);
      break;

    case STAGE_DONE:
    default:
      break;
    }

  run->frame++;
  return G_SOURCE_CONTINUE;
}

/* After a frame that starts drawing the shapes, waits for the frames that
 * draw the rest of the view. */
static void
wait_complete (Run    *run,
               double *out,
               Stage   next)
{
  run->complete_out = out;
  run->after_complete = next;
  run->stage = STAGE_WAIT_COMPLETE;
  run->frame = 0;
}

/* Each frame's end: the paint is done. */
static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  Run *run = user_data;
  double ms;

  if (run->stage == STAGE_WAIT_COMPLETE)
    {
      if (_pw_image_canvas_get_view_complete (run->canvas))
        {
          *run->complete_out = elapsed_ms (run->complete_start);
          run->stage = run->after_complete;
          run->frame = 0;
        }
      return;
    }
  if (run->frame_start == 0)
    return;

  ms = elapsed_ms (run->frame_start);
  run->complete_start = run->frame_start;
  run->frame_start = 0;

  switch (run->stage)
    {
    case STAGE_FLOOR:
      g_array_append_val (run->floor, ms);
      if (run->floor->len == N_PAN_FRAMES)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (run->canvas), "floor-a");
          gtk_widget_remove_css_class (GTK_WIDGET (run->canvas), "floor-b");
          pw_image_canvas_set_image (run->canvas, run->image);
          run->stage = STAGE_SETTLE;
          run->frame = 0;
        }
      break;

    case STAGE_PAN_BARE:
      g_array_append_val (run->pan_bare, ms);
      if (run->pan_bare->len == N_PAN_FRAMES)
        run->stage = STAGE_FIRST_SHAPES;
      break;

    case STAGE_FIRST_SHAPES:
      run->first_ms = ms;
      wait_complete (run, &run->first_complete_ms, STAGE_PAN_FIT);
      break;

    case STAGE_PAN_FIT:
      g_array_append_val (run->pan_fit, ms);
      if (run->pan_fit->len == N_PAN_FRAMES)
        {
          run->stage = STAGE_EDIT;
          run->frame = 0;
        }
      break;

    case STAGE_EDIT:
      g_array_append_val (run->edit, ms);
      if (run->edit->len == N_PAN_FRAMES)
        run->stage = STAGE_ZOOM_ONE;
      break;

    case STAGE_ZOOM_ONE:
      run->zoom_one_ms = ms;
      wait_complete (run, &run->zoom_one_complete_ms, STAGE_PAN_ONE);
      break;

    case STAGE_PAN_ONE:
      g_array_append_val (run->pan_one, ms);
      if (run->pan_one->len == N_PAN_FRAMES)
        run->stage = STAGE_ZOOM;
      break;

    case STAGE_ZOOM:
      run->zoom_ms = ms;
      wait_complete (run, &run->zoom_complete_ms, STAGE_PAN_ZOOMED);
      break;

    case STAGE_PAN_ZOOMED:
      g_array_append_val (run->pan_zoomed, ms);
      if (run->pan_zoomed->len == N_PAN_FRAMES)
        run->stage = STAGE_DONE;
      break;

    case STAGE_SETTLE:
    case STAGE_DONE:
    default:
      break;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PwImage) image = NULL;
  g_autoptr (PwLabelSet) labels = NULL;
  g_autoptr (GError) error = NULL;
  GtkWindow *window;
  GdkFrameClock *clock;
  gint64 deadline;
  gint64 start;
  Run run = { 0 };

  /* As the piecework binary starts (ui/main.c, pw-application-main.c). */
  pw_memory_configure ();
  pw_renderer_choice_apply ();
  gtk_init ();
  use_thread_time = g_strcmp0 (g_getenv ("PIECEWORK_BENCH_THREAD_TIME"), "1") == 0;

  image = make_image ();
  start = clock_now ();
  run.annotation = make_annotation ();
  printf ("canvas: %d × %d image, %d polygons of %d vertices (made in %.0f ms), "
          "%d × %d window, renderer %s, %s\n",
          IMAGE_WIDTH, IMAGE_HEIGHT, N_POLYGONS, N_VERTICES, elapsed_ms (start),
          WINDOW_WIDTH, WINDOW_HEIGHT,
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default",
          use_thread_time ? "the main thread's CPU time" : "wall-clock time");
  labels = pw_label_set_new_from_text ("car\nperson\nbicycle\nsign\ntree\nbuilding\n", -1,
                                       "labels.txt", &error);
  g_assert_no_error (error);

  run.floor = g_array_new (FALSE, FALSE, sizeof (double));
  run.image = image;
  run.pan_bare = g_array_new (FALSE, FALSE, sizeof (double));
  run.pan_fit = g_array_new (FALSE, FALSE, sizeof (double));
  run.edit = g_array_new (FALSE, FALSE, sizeof (double));
  run.pan_one = g_array_new (FALSE, FALSE, sizeof (double));
  run.pan_zoomed = g_array_new (FALSE, FALSE, sizeof (double));
  run.canvas = PW_IMAGE_CANVAS (pw_image_canvas_new ());
  pw_image_canvas_set_labels (run.canvas, labels);
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_data (css,
                                     ".floor-a { background: #303030; } "
                                     ".floor-b { background: #383838; }", -1);
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (window, GTK_WIDGET (run.canvas));
  /* As PwApplication does for its windows; PIECEWORK_BENCH_FRAME_POOL=0
   * measures frames without. */
  if (g_strcmp0 (g_getenv ("PIECEWORK_BENCH_FRAME_POOL"), "0") != 0)
    pw_frame_pool_keep (window);
  gtk_window_present (window);
  gtk_widget_realize (GTK_WIDGET (window));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &run);
  gtk_widget_add_tick_callback (GTK_WIDGET (run.canvas), on_tick, &run, NULL);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (run.stage != STAGE_DONE)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The canvas did not draw %d frames in two minutes", 3 * N_PAN_FRAMES);
    }

  {
    double floor_ms = median (run.floor);
    g_autofree char *loadavg = NULL;

    printf ("canvas: frames drawn in %s\n",
            pw_frame_pool_get_keeper (gdk_display_get_default ()) != NULL
            ? "shared memory kept from frame to frame (ui/pw-frame-pool.c)"
            : "memory of their own (no frame pool kept)");

    ms_p95_floor = ((double *) run.floor->data)[(run.floor->len * 95) / 100];
    report_frames ("a full window of plain colour (what any full frame costs here)", run.floor, 0);
    report_frames ("panning the image alone at fit, no polygons", run.pan_bare, floor_ms);
    report_one ("first frame with the shapes", run.first_ms, GOAL_FIRST_MS, floor_ms);
    printf ("canvas: every shape in view drawn %.1f ms after the first frame began\n",
            run.first_complete_ms);
    report_frames ("panning " G_STRINGIFY (N_POLYGONS) " polygons at fit", run.pan_fit, floor_ms);
    report_frames ("moving one of " G_STRINGIFY (N_POLYGONS) " polygons at fit, a frame an edit",
                   run.edit, floor_ms);
    report_one ("zoom step from fit to 1×", run.zoom_one_ms, GOAL_ZOOM_MS, floor_ms);
    printf ("canvas: every shape in view drawn %.1f ms after the zoom began\n",
            run.zoom_one_complete_ms);
    report_frames ("panning " G_STRINGIFY (N_POLYGONS) " polygons at 1×", run.pan_one, floor_ms);
    report_one ("zoom step from 1× to 4×", run.zoom_ms, GOAL_ZOOM_MS, floor_ms);
    printf ("canvas: every shape in view drawn %.1f ms after the zoom began\n",
            run.zoom_complete_ms);
    report_frames ("panning " G_STRINGIFY (N_POLYGONS) " polygons at 4×", run.pan_zoomed, floor_ms);
    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      printf ("canvas: load average at the end: %s", loadavg);
  }

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, &run);
  gtk_window_destroy (window);
  g_object_unref (run.annotation);
  g_array_unref (run.floor);
  g_array_unref (run.pan_bare);
  g_array_unref (run.pan_fit);
  g_array_unref (run.edit);
  g_array_unref (run.pan_one);
  g_array_unref (run.pan_zoomed);
  printf ("1..1\nok 1 canvas\n");

  return 0;
}
