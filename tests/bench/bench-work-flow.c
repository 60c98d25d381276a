/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo/pw-demo-market-test.h"
#include "media/pw-audio-player-private.h"
#include "pw-audio-panel-private.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "pw-work-area-private.h"
#include "pw-work-area-test.h"

/* The work flow of text and audio tasks in the work area of a real window,
 * its tasks claimed from the demo marketplace in this process, driven with
 * real keys from xdotool:
 *
 * - keys per item: the keys a binary choice takes with auto-advance, and
 *   a one-token span with the keyboard only, each checked in the
 *   annotation the keys made;
 * - the next audio task plays after Ctrl+Return: from the window taking
 *   Ctrl+Return, on a task whose checks pass, to the next task's player
 *   prerolled and its waveform complete; then from the window taking
 *   Ctrl+Space to the pipeline in PLAYING; the goal for both: 100 ms.
 *   Also the main thread's processor time from Ctrl+Return to the next
 *   recording in its panel: on a machine shared by many processes, the
 *   wall time is mostly waiting for a processor.
 *
 * Figures are printed, never checked. */

#define N_AUDIO_RUNS 10

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 60)

static PwApplication *app;

/* When the window took the keys of the run, before any of its widgets. */
typedef struct
{
  gint64 return_at;
  double return_cpu_ms;
  gint64 space_at;
} KeyTimes;

/* Processor time of the calling thread. */
static double
thread_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static gboolean
on_window_key (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               KeyTimes              *times)
{
  if (keyval == GDK_KEY_Return && times->return_at == 0)
    {
      times->return_at = g_get_monotonic_time ();
      times->return_cpu_ms = thread_ms ();
    }
  else if (keyval == GDK_KEY_space && times->space_at == 0)
    times->space_at = g_get_monotonic_time ();
  return GDK_EVENT_PROPAGATE;
}

/* A key through xdotool, counted as one key press of the item. */
static void
press (guint      *count,
       const char *key)
{
  pw_ui_test_xdotool ("key", "--clearmodifiers", key, NULL);
  (*count)++;
}

/* A key through xdotool, the main loop left to the caller to time. */
static GSubprocess *
press_async (const char *key)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", key, NULL };
  g_autoptr (GError) error = NULL;
  GSubprocess *process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return process;
}

static void
spin (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (100);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_autoptr (GArray) sorted = g_array_copy (values);

  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, sorted->len / 2);
}

/* The 95th percentile, nearest rank: of ten values, the largest. */
static double
p95 (GArray *values)
{
  g_autoptr (GArray) sorted = g_array_copy (values);
  guint rank = (guint) ((95 * sorted->len + 99) / 100);

  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, MAX (rank, 1) - 1);
}

static PwWindow *
show_window (KeyTimes *times)
{
  PwWindow *window = pw_window_new (app);
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_window_key), times);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return window;
}

static PwAnnotation *
shown_annotation (PwWorkArea *area)
{
  return area->media != NULL ? pw_media_document_get_annotation (area->media) : NULL;
}

static gboolean
task_shown (PwWorkArea *area,
            const char *task_id)
{
  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0
         && shown_annotation (area) != NULL;
}

static char *
choices_of (PwWorkArea *area)
{
  PwAnnotation *annotation = shown_annotation (area);

  return annotation != NULL ? g_strjoinv (",", (GStrv) pw_annotation_get_choices (annotation))
                            : NULL;
}

static gboolean
has_choices (PwWorkArea *area,
             const char *expected)
{
  g_autofree char *choices = choices_of (area);

  return g_strcmp0 (choices, expected) == 0;
}

/* The annotation waiting in the outbox for @task_id, or %NULL. */
static char *
outbox_annotation (PwStore    *store,
                   const char *account_id,
                   const char *task_id)
{
  g_autoptr (GPtrArray) outbox = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (pw_store_flush (store, &error));
  outbox = pw_store_list_due_submissions (store, account_id, G_MAXINT64, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    {
      PwOutboxRow *row = outbox->pdata[i];

      if (g_str_equal (row->task_id, task_id))
        return g_strdup (row->annotation);
    }
  return NULL;
}

/* A project whose only tool is a single choice of two, auto-advance on:
 * the digit picks, submits and opens the next task. */
static guint
keys_for_binary_choice (PwWindow *window)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  g_autoptr (GError) error = NULL;
  g_autofree char *sent = NULL;
  PwWorkArea *area = pw_window_get_work_area (window);
  PwStore *store = pw_application_get_store (app);
  gint64 now = g_get_real_time ();
  guint keys = 0;

  pw_work_area_test_save_yes_no (store);
  pw_work_area_test_add_yes_no (store, "yn-1", now + (gint64) 3600 * G_USEC_PER_SEC);
  pw_work_area_test_add_yes_no (store, "yn-2", now + (gint64) 3601 * G_USEC_PER_SEC);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "auto-advance", TRUE);

  pw_work_area_open_task (area, PW_WORK_AREA_TEST_YES_NO_ACCOUNT, "yn-1");
  WAIT_UNTIL (task_shown (area, "yn-1"));
  press (&keys, "2");
  WAIT_UNTIL (task_shown (area, "yn-2"));
  sent = outbox_annotation (store, PW_WORK_AREA_TEST_YES_NO_ACCOUNT, "yn-1");
  g_assert_cmpstr (sent, ==, "{\"choices\":[\"no\"]}");

  g_settings_set_boolean (settings, "auto-advance", FALSE);
  return keys;
}

/* The text's last token marked with the keyboard only, on a review of
 * p-review-sentiment whose text view has the keyboard as the task opens;
 * then its sentiment, which with spans in the project takes Ctrl+Return
 * to submit. */
static void
keys_for_span_and_sentiment (PwWindow *window,
                             guint    *span_keys,
                             guint    *sentiment_keys)
{
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  g_autofree char *token = NULL;
  PwWorkArea *area = pw_window_get_work_area (window);
  PwStore *store = pw_application_get_store (app);
  PwAccountManager *accounts = pw_application_get_account_manager (app);
  GPtrArray *spans;
  PwTextSpan *span;
  const char *text;

  batch = pw_work_area_test_claim (store, accounts, "p-review-sentiment", 2);
  ids = pw_claim_batch_get_task_ids (batch);
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, ids[0]);
  WAIT_UNTIL (task_shown (area, ids[0]));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  *span_keys = 0;
  press (span_keys, "ctrl+End");
  press (span_keys, "shift+ctrl+Left");
  press (span_keys, "4");
  WAIT_UNTIL (pw_annotation_get_spans (shown_annotation (area))->len == 1);
  spans = pw_annotation_get_spans (shown_annotation (area));
  span = spans->pdata[0];
  g_assert_cmpstr (pw_text_span_get_label (span), ==, "PER");
  text = pw_media_document_get_text (area->media);
  g_assert_cmpuint (pw_text_span_get_start (span), <, pw_text_span_get_end (span));
  g_assert_cmpuint (pw_text_span_get_end (span), <=, (guint) g_utf8_strlen (text, -1));
  token = g_utf8_substring (text, pw_text_span_get_start (span), pw_text_span_get_end (span));
  /* One token, the text's last: nothing but punctuation after it. */
  g_assert_null (strpbrk (token, " \t\n"));
  for (const char *rest = g_utf8_offset_to_pointer (text, pw_text_span_get_end (span)); *rest != '\0';
       rest = g_utf8_next_char (rest))
    g_assert_false (g_unichar_isalnum (g_utf8_get_char (rest)));
  printf ("work-flow: the span marked “%s” (PER) at the end of “%s”\n", token, text);

  *sentiment_keys = 0;
  press (sentiment_keys, "1");
  WAIT_UNTIL (has_choices (area, "positive"));
  press (sentiment_keys, "ctrl+Return");
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), ids[0]) != 0);
  {
    g_autofree char *sent = outbox_annotation (store, PW_DEMO_ACCOUNT_ID, ids[0]);

    /* Sent at once, or still waiting for the demo marketplace. */
    if (sent != NULL)
      g_assert_nonnull (strstr (sent, "\"choices\":[\"positive\"]"));
  }
}

/* The task shown is an audio task other than @before, its player
 * prerolled. */
static PwAudioPlayer *
next_player (PwWorkArea *area,
             const char *before)
{
  const char *task_id = pw_work_area_get_task_id (area);
  PwAudioPlayer *player = area->audio_panel->player;

  if (task_id == NULL || g_strcmp0 (task_id, before) == 0 || area->media == NULL
      || pw_media_document_get_kind (area->media) != PW_TASK_KIND_AUDIO || player == NULL
      || !g_file_equal (pw_audio_player_get_file (player), pw_media_document_get_file (area->media)))
    return NULL;
  return player;
}

static gboolean
pipeline_playing (PwAudioPlayer *player)
{
  GstState state = GST_STATE_VOID_PENDING;
  GstState pending = GST_STATE_VOID_PENDING;

  gst_element_get_state (_pw_audio_player_get_pipeline (player), &state, &pending, 0);
  return state == GST_STATE_PLAYING && pending == GST_STATE_VOID_PENDING;
}

/* Whether the waveforms the work area prepares ahead are complete, and
 * the player made ahead prerolled. */
static gboolean
prefetch_done (PwWorkArea *area)
{
  GHashTableIter iter;
  gpointer levels, player;

  if (g_hash_table_size (area->prefetched) == 0)
    return FALSE;
  g_hash_table_iter_init (&iter, area->prefetched);
  while (g_hash_table_iter_next (&iter, NULL, &levels))
    {
      if (!pw_audio_levels_is_complete (levels))
        return FALSE;
    }
  g_hash_table_iter_init (&iter, area->prefetched_players);
  while (g_hash_table_iter_next (&iter, NULL, &player))
    {
      if (!pw_audio_player_is_ready (player))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GArray *to_ready;    /* Ctrl+Return to the next player ready and its waveform */
  GArray *to_playing;  /* Ctrl+Space to PLAYING */
  GArray *total;
  GArray *to_shown;    /* Ctrl+Return to the next document in the panel */
  GArray *to_prerolled;
  GArray *to_levels;
  GArray *shown_cpu;   /* main-thread processor time, Ctrl+Return to shown */
} AudioFigures;

static void
next_audio_task (PwWindow     *window,
                 KeyTimes     *times,
                 AudioFigures *figures)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) submit = NULL;
  g_autoptr (GSubprocess) play = NULL;
  g_autofree char *before = NULL;
  PwWorkArea *area = pw_window_get_work_area (window);
  PwAudioPlayer *player = NULL;
  gint64 shown_at = 0, prerolled_at = 0, levels_at = 0, playing_at;
  double shown_cpu = 0;
  gint64 deadline;
  double ms, ready_ms, playing_ms;

  /* The worker has typed the transcript, so the checks pass; the next
   * waveform was prepared meanwhile. */
  before = g_strdup (pw_work_area_get_task_id (area));
  g_assert_true (pw_annotation_set_transcript (shown_annotation (area), "hello", FALSE, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (prefetch_done (area));
  pw_ui_test_iterate (300);

  times->return_at = 0;
  times->space_at = 0;
  submit = press_async ("ctrl+Return");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (prerolled_at == 0 || levels_at == 0)
    {
      gint64 now;

      spin ();
      now = g_get_monotonic_time ();
      if (now > deadline)
        g_error ("The next audio task did not open in 60 s");
      if (player == NULL && (player = next_player (area, before)) != NULL)
        {
          shown_at = now;
          shown_cpu = thread_ms ();
        }
      if (player != NULL && prerolled_at == 0 && pw_audio_player_is_ready (player))
        prerolled_at = now;
      if (player != NULL && levels_at == 0 && area->audio_panel->levels != NULL
          && pw_audio_levels_is_complete (area->audio_panel->levels))
        levels_at = now;
    }
  g_assert_cmpint (times->return_at, >, 0);
  g_assert_true (g_subprocess_wait (submit, NULL, NULL));

  play = press_async ("ctrl+space");
  WAIT_UNTIL (pipeline_playing (player));
  playing_at = g_get_monotonic_time ();
  g_assert_cmpint (times->space_at, >, 0);
  g_assert_true (g_subprocess_wait (play, NULL, NULL));

  ready_ms = (MAX (prerolled_at, levels_at) - times->return_at) / 1000.0;
  playing_ms = (playing_at - times->space_at) / 1000.0;
  g_array_append_val (figures->to_ready, ready_ms);
  g_array_append_val (figures->to_playing, playing_ms);
  ms = ready_ms + playing_ms;
  g_array_append_val (figures->total, ms);
  ms = (shown_at - times->return_at) / 1000.0;
  g_array_append_val (figures->to_shown, ms);
  ms = (prerolled_at - times->return_at) / 1000.0;
  g_array_append_val (figures->to_prerolled, ms);
  ms = (levels_at - times->return_at) / 1000.0;
  g_array_append_val (figures->to_levels, ms);
  ms = shown_cpu - times->return_cpu_ms;
  g_array_append_val (figures->shown_cpu, ms);

  pw_audio_player_pause (player);
}

static void
next_audio_tasks (PwWindow *window,
                  KeyTimes *times)
{
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  PwWorkArea *area = pw_window_get_work_area (window);
  PwStore *store = pw_application_get_store (app);
  PwAccountManager *accounts = pw_application_get_account_manager (app);
  AudioFigures figures = { 0 };
  GArray **arrays[] = { &figures.to_ready, &figures.to_playing, &figures.total,
                        &figures.to_shown, &figures.to_prerolled, &figures.to_levels,
                        &figures.shown_cpu };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    *arrays[i] = g_array_new (FALSE, FALSE, sizeof (double));

  batch = pw_work_area_test_claim (store, accounts, "p-speech-transcribe", N_AUDIO_RUNS + 1);
  ids = pw_claim_batch_get_task_ids (batch);
  g_assert_cmpuint (g_strv_length (ids), ==, N_AUDIO_RUNS + 1);
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, ids[0]);
  WAIT_UNTIL (task_shown (area, ids[0]) && area->audio_panel->player != NULL
              && pw_audio_player_is_ready (area->audio_panel->player));

  for (guint i = 0; i < N_AUDIO_RUNS; i++)
    next_audio_task (window, times, &figures);

  printf ("work-flow: next audio task plays after Ctrl+Return: median %.1f ms, p95 %.1f ms "
          "(goal 100 ms), of %u tasks in a row\n", median (figures.total), p95 (figures.total),
          N_AUDIO_RUNS);
  printf ("work-flow:   Ctrl+Return to the next player ready and its waveform complete: "
          "median %.1f ms, p95 %.1f ms\n", median (figures.to_ready), p95 (figures.to_ready));
  printf ("work-flow:   Ctrl+Space to the pipeline in PLAYING: median %.1f ms, p95 %.1f ms\n",
          median (figures.to_playing), p95 (figures.to_playing));
  printf ("work-flow:   from Ctrl+Return: the next recording in the panel %.1f ms, its player "
          "prerolled %.1f ms, its waveform complete %.1f ms (medians)\n",
          median (figures.to_shown), median (figures.to_prerolled), median (figures.to_levels));
  printf ("work-flow:   main-thread processor time from Ctrl+Return to the next recording in "
          "the panel: median %.1f ms, p95 %.1f ms\n",
          median (figures.shown_cpu), p95 (figures.shown_cpu));

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_array_unref (*arrays[i]);
}

int
main (int   argc,
      char *argv[])
{
  PwDemoTest *demo;
  PwWindow *window;
  gpointer weak_window;
  KeyTimes times = { 0 };
  guint choice_keys, span_keys, sentiment_keys;

  /* No sound card: a sink that keeps time as one would. */
  g_setenv (PW_AUDIO_PLAYER_SINK_ENV, "fakesink sync=true", TRUE);
  app = pw_ui_test_init (&argc, &argv);
  demo = pw_demo_test_new (31);
  WAIT_UNTIL (pw_application_get_store_ready (app));
  pw_account_manager_set_demo (pw_application_get_account_manager (app), demo->base_url,
                               PW_DEMO_MARKET_TOKEN);

  window = show_window (&times);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);

  choice_keys = keys_for_binary_choice (window);
  keys_for_span_and_sentiment (window, &span_keys, &sentiment_keys);
  printf ("work-flow: keys per item: binary choice %u (goal 1), one-token span %u (goal ≤ 3)\n",
          choice_keys, span_keys);
  printf ("work-flow:   the binary choice on a project whose only tool is a yes-or-no choice, "
          "auto-advance on; p-review-sentiment's sentiment, with spans in the project, takes "
          "%u (its digit, then Ctrl+Return)\n", sentiment_keys);

  next_audio_tasks (window, &times);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
  g_object_unref (app);
  printf ("1..1\nok 1 work-flow\n");
  return 0;
}
