/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pw-text-panel.h"

/* What the text panel costs with a long task: 100,000 code points of
 * reviews in paragraphs, some words in other scripts, with 500 spans.
 * Opening is the time from pw_text_panel_set_task() on a shown panel to
 * the end of the paint of the first frame with the text; labeling one
 * span is the time from a label's key on a selection to the end of the
 * paint of the frame that shows it, the first labeling (which reads the
 * text for its words and draws a span's outline the first time) apart. Each starts in a frame's update phase, as a
 * key press does, so the wait for the frame is not counted, as in
 * bench-canvas. A frame with nothing changed gives the display's share.
 * Two floors are measured right after the labelings, under the same load:
 * a window of the same size that only changes its colour, what any frame
 * that repaints costs on this machine's renderer; and a plain
 * GtkTextView with the same text and wrapping, no spans, in which a word
 * is selected, what a frame of GTK's text view costs on its own. The
 * goals: 200 ms and 16 ms. Figures are printed, never checked. */

#define N_CODE_POINTS 100000
#define N_SPANS 500
#define N_LABELINGS 40
#define WINDOW_WIDTH 1000
#define WINDOW_HEIGHT 700
#define OPEN_GOAL_MS 200.0
#define LABEL_GOAL_MS 16.0

static const char *const words[] = {
  "the", "delivery", "was", "late", "but", "Anna", "Smith", "from", "Acme",
  "fixed", "it", "quickly", "café", "naïve", "東京", "שלום", "really", "good",
  "👍", "service", "would", "order", "again", "Berlin", "price", "ok",
};

typedef void (*FrameWork) (gpointer user_data);

typedef struct
{
  FrameWork work;
  gpointer  user_data;
  gint64    start;
  gint64    painted_at;
  gint64    cpu_start;
  gint64    cpu_painted_at;
  gboolean  painted;
} Frame;

/* A frame's figures: the time it took, and the main thread's processor
 * time in it, which a busy machine does not inflate. */
typedef struct
{
  double wall;
  double cpu;
} Cost;

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static Frame *current;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (current != NULL && current->start != 0 && !current->painted)
    {
      current->painted_at = g_get_monotonic_time ();
      current->cpu_painted_at = thread_cpu_us ();
      current->painted = TRUE;
    }
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Frame *frame = user_data;

  frame->start = g_get_monotonic_time ();
  frame->cpu_start = thread_cpu_us ();
  if (frame->work != NULL)
    frame->work (frame->user_data);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

/* Runs @work in the update phase of the next frame, and returns the time
 * from there to the end of that frame's paint, in ms. */
static Cost
measure_frame (GtkWidget *widget,
               FrameWork  work,
               gpointer   user_data)
{
  Frame frame = { work, user_data, 0, 0, 0, 0, FALSE };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  current = &frame;
  gtk_widget_add_tick_callback (widget, on_tick, &frame, NULL);
  while (!frame.painted)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The panel did not draw in a minute");
    }
  current = NULL;
  return (Cost) { (frame.painted_at - frame.start) / 1000.0,
                  (frame.cpu_painted_at - frame.cpu_start) / 1000.0 };
}

typedef struct
{
  PwTextPanel  *panel;
  const char   *text;
  PwAnnotation *annotation;
  PwLabelSet   *labels;
  guint         start;
  guint         end;
} Step;

static void
open_task (gpointer user_data)
{
  Step *step = user_data;

  pw_text_panel_set_task (step->panel, step->text, step->annotation, step->labels,
                          PW_CHECK_DEFAULT);
}

static void
select_words (gpointer user_data)
{
  Step *step = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pw_text_panel_get_view (step->panel));
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, step->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, step->end);
  gtk_text_buffer_select_range (buffer, &a, &b);
}

typedef struct
{
  GtkTextView *view;
  guint        start;
  guint        end;
} PlainStep;

static void
select_plain (gpointer user_data)
{
  PlainStep *step = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (step->view);
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, step->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, step->end);
  gtk_text_buffer_select_range (buffer, &a, &b);
}

/* GTK's own text view, set up as the panel's is, with @text. */
static GtkWindow *
plain_text_window (const char *text,
                   GtkTextView **view)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  *view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (*view, FALSE);
  gtk_text_view_set_wrap_mode (*view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (*view, 18);
  gtk_text_view_set_right_margin (*view, 18);
  gtk_text_view_set_top_margin (*view, 12);
  gtk_text_view_set_bottom_margin (*view, 18);
  gtk_text_view_set_pixels_above_lines (*view, 14);
  gtk_text_view_set_pixels_inside_wrap (*view, 14);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (*view), text, -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (*view));
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (window, scrolled);
  gtk_window_present (window);
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
  return window;
}

static void
toggle_colour (gpointer user_data)
{
  GtkWidget *window = user_data;

  if (gtk_widget_has_css_class (window, "floor-a"))
    {
      gtk_widget_remove_css_class (window, "floor-a");
      gtk_widget_add_css_class (window, "floor-b");
    }
  else
    {
      gtk_widget_remove_css_class (window, "floor-b");
      gtk_widget_add_css_class (window, "floor-a");
    }
}

static void
label_selection (gpointer user_data)
{
  Step *step = user_data;

  if (!pw_text_panel_label_selection (step->panel, pw_label_set_get_label (step->labels, 2)))
    g_error ("Labeling the selection did nothing");
}

/* The text, and the start of each word in it. */
static char *
make_text (GArray *word_starts)
{
  GString *text = g_string_new (NULL);
  guint length = 0, in_paragraph = 0, i = 0;

  while (length < N_CODE_POINTS - 20)
    {
      const char *word = words[(i * 7 + i / 3) % G_N_ELEMENTS (words)];

      g_array_append_val (word_starts, length);
      g_string_append (text, word);
      length += g_utf8_strlen (word, -1);
      i++;
      in_paragraph++;
      if (in_paragraph > 80 && i % 11 == 0)
        {
          g_string_append (text, ".\n");
          length += 2;
          in_paragraph = 0;
        }
      else
        {
          g_string_append_c (text, i % 13 == 0 ? ',' : ' ');
          length++;
          if (i % 13 == 0)
            {
              g_string_append_c (text, ' ');
              length++;
            }
        }
    }
  while (length < N_CODE_POINTS)
    {
      g_string_append_c (text, '.');
      length++;
    }
  return g_string_free (text, FALSE);
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
report (const char *what,
        Cost       *costs,
        double      goal)
{
  double wall[N_LABELINGS], cpu[N_LABELINGS];
  g_autofree char *goal_text = goal > 0 ? g_strdup_printf (" (goal %.0f ms)", goal) : g_strdup ("");

  for (guint i = 0; i < N_LABELINGS; i++)
    {
      wall[i] = costs[i].wall;
      cpu[i] = costs[i].cpu;
    }
  qsort (wall, N_LABELINGS, sizeof (double), compare_doubles);
  qsort (cpu, N_LABELINGS, sizeof (double), compare_doubles);
  printf ("text-panel: %s: median %.1f ms, p95 %.1f ms, max %.1f ms; "
          "main thread median %.1f ms, p95 %.1f ms%s\n",
          what, wall[N_LABELINGS / 2], wall[(N_LABELINGS * 95) / 100], wall[N_LABELINGS - 1],
          cpu[N_LABELINGS / 2], cpu[(N_LABELINGS * 95) / 100], goal_text);
  return wall[N_LABELINGS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GArray) word_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (PwLabelSet) labels = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  Cost labeling[N_LABELINGS], redraw[N_LABELINGS], selecting[N_LABELINGS], floor[N_LABELINGS];
  Cost plain_selecting[N_LABELINGS];
  double label_median, floor_median, plain_median;
  GtkWindow *plain, *plain_text;
  GtkTextView *plain_view;
  Cost open, first_open, first_label = { 0, 0 };
  PwTextPanel *panel;
  GtkWindow *window;
  guint every;
  Step step;

  gtk_init ();

  text = make_text (word_starts);
  labels = pw_label_set_new_from_text ("PER\nORG\nLOC\nPRODUCT\n", -1, "labels.txt", &error);
  g_assert_no_error (error);
  annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_SPAN);
  /* 500 spans over the whole text, one word each, every tenth a second
   * span over it and the next word. */
  every = word_starts->len / N_SPANS;
  for (guint i = 0; i < N_SPANS; i++)
    {
      guint w = i * every + 1;
      guint start = g_array_index (word_starts, guint, w);
      guint end = g_array_index (word_starts, guint, w + (i % 10 == 0 ? 2 : 1)) - 1;
      g_autofree char *id = pw_annotation_new_span_id (annotation);
      g_autoptr (PwTextSpan) span = pw_text_span_new (id, start, end,
                                                      i % 2 == 0 ? "PER" : "ORG");

      pw_annotation_add_span (annotation, span);
    }
  printf ("text-panel: %u code points in %zu bytes, %u spans, %d × %d window, renderer %s\n",
          (guint) g_utf8_strlen (text, -1), strlen (text),
          pw_annotation_get_spans (annotation)->len, WINDOW_WIDTH, WINDOW_HEIGHT,
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");

  panel = PW_TEXT_PANEL (pw_text_panel_new ());
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
  for (guint i = 0; i < 5; i++)
    measure_frame (GTK_WIDGET (panel), NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (panel));

  /* The first task of a run also loads the fonts of its scripts; the
   * next one finds them loaded. */
  step = (Step) { panel, text, annotation, labels, 0, 0 };
  first_open = measure_frame (GTK_WIDGET (panel), open_task, &step);
  step.text = "";
  measure_frame (GTK_WIDGET (panel), open_task, &step);
  step.text = text;
  open = measure_frame (GTK_WIDGET (panel), open_task, &step);
  for (guint i = 0; i < N_LABELINGS; i++)
    redraw[i] = measure_frame (GTK_WIDGET (pw_text_panel_get_view (panel)), NULL, NULL);

  /* Label words on the first screen that have no span yet, from inside
   * them, so that they snap. */
  for (int i = -1; i < N_LABELINGS; i++)
    {
      guint w = (guint) (i + 1) * 3 + 2;
      Cost cost;

      step.start = g_array_index (word_starts, guint, w) + 1;
      step.end = g_array_index (word_starts, guint, w + 1) - 1;
      cost = measure_frame (GTK_WIDGET (panel), select_words, &step);
      if (i >= 0)
        selecting[i] = cost;
      cost = measure_frame (GTK_WIDGET (panel), label_selection, &step);
      if (i < 0)
        first_label = cost;
      else
        labeling[i] = cost;
    }

  /* The floor: a plain window of the same size, its colour changed each
   * frame, drawn and shown in full. */
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_data (css,
                                     ".floor-a { background: #f6f5f4; } "
                                     ".floor-b { background: #ffffff; }", -1);
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  plain = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (plain, FALSE);
  gtk_window_set_default_size (plain, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (plain);
  gtk_widget_realize (GTK_WIDGET (plain));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (plain)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
  for (guint i = 0; i < 5; i++)
    measure_frame (GTK_WIDGET (plain), toggle_colour, plain);
  for (guint i = 0; i < N_LABELINGS; i++)
    floor[i] = measure_frame (GTK_WIDGET (plain), toggle_colour, plain);
  gtk_window_destroy (plain);

  /* GTK's text view alone: the same words selected as were labeled. */
  plain_text = plain_text_window (text, &plain_view);
  for (guint i = 0; i < 5; i++)
    measure_frame (GTK_WIDGET (plain_view), NULL, NULL);
  for (guint i = 0; i < N_LABELINGS; i++)
    {
      guint w = (i + 1) * 3 + 2;
      PlainStep plain_step = { plain_view, g_array_index (word_starts, guint, w),
                               g_array_index (word_starts, guint, w + 1) - 1 };

      plain_selecting[i] = measure_frame (GTK_WIDGET (plain_view), select_plain, &plain_step);
    }
  gtk_window_destroy (plain_text);

  printf ("text-panel: first task of the run, loading its fonts, to the first frame %.1f ms, "
          "main thread %.1f ms\n", first_open.wall, first_open.cpu);
  printf ("text-panel: open to the first frame %.1f ms, main thread %.1f ms (goal %.0f ms)\n",
          open.wall, open.cpu, OPEN_GOAL_MS);
  report ("redrawing the view with nothing changed", redraw, 0);
  printf ("text-panel: first span labeled, reading the words and drawing the first outline, "
          "to its frame "
          "%.1f ms, main thread %.1f ms (goal %.0f ms)\n",
          first_label.wall, first_label.cpu, LABEL_GOAL_MS);
  report ("a word selected in the panel, to its frame", selecting, 0);
  label_median = report ("one span labeled, to its frame", labeling, LABEL_GOAL_MS);
  floor_median = report ("floor: a plain window of the same size changing its colour",
                         floor, 0);
  plain_median = report ("floor: a word selected in a plain GtkTextView with the same text",
                         plain_selecting, 0);
  printf ("text-panel: one span labeled costs %.2f× a plain window's frame and %.2f× a plain "
          "GtkTextView's frame with the same text\n",
          label_median / MAX (floor_median, 0.001), label_median / MAX (plain_median, 0.001));
  printf ("text-panel: %u spans after labeling\n", pw_annotation_get_spans (annotation)->len);

  gtk_window_destroy (window);
  printf ("1..1\nok 1 text-panel\n");
  return 0;
}
