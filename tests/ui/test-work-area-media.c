/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "demo/pw-demo-market-test.h"
#include "pw-image-canvas-private.h"
#include "media/pw-audio-test.h"
#include "pw-ui-test.h"
#include "pw-window.h"
#include "pw-work-area-test.h"
#include "pw-work-area-private.h"

/* Text and audio tasks in the work area of a real window under Xvfb,
 * driven with real keys: Ctrl+T opens the queue's first task in the panel
 * of its kind, the checks stop an unlabeled task until the second
 * Ctrl+Return, a digit picks a choice, undo reaches it, Ctrl+Return
 * submits through the outbox and opens the next task whatever its kind,
 * and the next recording's waveform and player were prepared while the
 * text was labeled. */

/* Whether the keyboard is in @widget or one of its children. */
static gboolean
focus_within (GtkWidget *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static PwApplication *app;

#define WAIT_UNTIL(condition) PW_UI_TEST_WAIT_UNTIL (condition, 60)

static PwWindow *
show_window (gpointer *weak_window)
{
  PwWindow *window = pw_window_new (app);

  *weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), weak_window);
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
media_shown (PwWorkArea *area,
             const char *task_id,
             const char *page)
{
  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0
         && shown_annotation (area) != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (area->canvas_stack), page) == 0;
}

static char *
choices_of (PwWorkArea *area)
{
  return g_strjoinv (",", (GStrv) pw_annotation_get_choices (shown_annotation (area)));
}

static gboolean
has_choices (PwWorkArea *area,
             const char *expected)
{
  g_autofree char *choices = shown_annotation (area) != NULL ? choices_of (area) : NULL;

  return g_strcmp0 (choices, expected) == 0;
}

/* The annotation the marketplace received for @task_id, as compact JSON. */
static char *
received_annotation (PwDemoTest *demo,
                     const char *task_id)
{
  g_autofree char *body = pw_demo_market_dup_submission_body (demo->market, task_id);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  g_assert_nonnull (body);
  node = pw_json_parse (body, strlen (body), "submission", &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  return pw_json_to_string (json_object_get_member (object, "annotation"), FALSE);
}

static void
test_text_then_audio (void)
{
  g_autoptr (PwClaimBatch) text_batch = NULL;
  g_autoptr (PwClaimBatch) audio_batch = NULL;
  g_auto (GStrv) text_ids = NULL;
  g_auto (GStrv) audio_ids = NULL;
  g_autoptr (PwStoreTask) audio_task = NULL;
  g_autoptr (GError) error = NULL;
  PwDemoTest *demo = pw_demo_test_new (21);
  PwAccountManager *accounts;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;
  gpointer weak_levels = NULL;
  gpointer weak_player = NULL;
  gpointer weak_media = NULL;
  PwAudioLevels *levels;
  PwAudioPlayer *player;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  text_batch = pw_work_area_test_claim (store, accounts, "p-review-sentiment", 1);
  text_ids = pw_claim_batch_get_task_ids (text_batch);
  audio_batch = pw_work_area_test_claim (store, accounts, "p-speech-transcribe", 1);
  audio_ids = pw_claim_batch_get_task_ids (audio_batch);
  audio_task = pw_store_get_task (store, PW_DEMO_ACCOUNT_ID, audio_ids[0], &error);
  g_assert_no_error (error);
  g_assert_nonnull (audio_task->media_file);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);

  /* Ctrl+T: the queue's first task, a text, in the text panel. */
  pw_ui_test_xdotool ("key", "ctrl+t", NULL);
  WAIT_UNTIL (media_shown (area, text_ids[0], "text"));
  g_assert_false (gtk_widget_get_visible (area->image_tools));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (area->choice_bar)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (area->transcript_field)));
  g_assert_cmpstr (pw_text_panel_get_annotation (area->text_panel) == shown_annotation (area)
                   ? "same" : "other", ==, "same");

  /* The recording of the next task is prepared meanwhile: its waveform,
   * and its player prerolled. */
  WAIT_UNTIL ((levels = g_hash_table_lookup (area->prefetched, audio_task->media_file)) != NULL
              && pw_audio_levels_is_complete (levels));
  weak_levels = levels;
  g_object_add_weak_pointer (G_OBJECT (levels), &weak_levels);
  WAIT_UNTIL ((player = g_hash_table_lookup (area->prefetched_players, audio_task->media_file))
              != NULL && pw_audio_player_is_ready (player));
  weak_player = player;
  g_object_add_weak_pointer (G_OBJECT (player), &weak_player);
  /* And its document, read from the store, so that it shows without
   * waiting for the submission's write. */
  WAIT_UNTIL (area->media_ahead != NULL);
  weak_media = area->media_ahead;
  g_object_add_weak_pointer (G_OBJECT (weak_media), &weak_media);
  g_assert_true (pw_media_document_get_kind (weak_media) == PW_TASK_KIND_AUDIO);

  /* Nothing chosen: the first Ctrl+Return shows what is missing. */
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (gtk_revealer_get_reveal_child (area->problems_revealer));
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, text_ids[0]);
  g_assert_nonnull (strstr (gtk_label_get_text (area->problems_label), "Ctrl+Return again"));

  /* Ctrl+End then Shift+Ctrl+Left selects the last word; a span label's
   * key labels it, and undo takes the span back. */
  gtk_widget_grab_focus (GTK_WIDGET (pw_text_panel_get_view (area->text_panel)));
  pw_ui_test_xdotool ("key", "ctrl+End", NULL);
  pw_ui_test_xdotool ("key", "shift+ctrl+Left", NULL);
  WAIT_UNTIL (pw_text_panel_get_selection (area->text_panel, NULL, NULL));
  pw_ui_test_xdotool ("key", "4", NULL);
  WAIT_UNTIL (pw_annotation_get_spans (shown_annotation (area))->len == 1);
  g_assert_cmpstr (pw_text_span_get_label (pw_annotation_get_spans (shown_annotation (area))->pdata[0]),
                   ==, "PER");
  g_assert_true (has_choices (area, ""));
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  WAIT_UNTIL (pw_annotation_get_spans (shown_annotation (area))->len == 0);
  /* With nothing selected, the digit is a choice again. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (pw_text_panel_get_view (area->text_panel));
    GtkTextIter end;

    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_place_cursor (buffer, &end);
  }

  /* A digit picks the choice; undo and redo reach it from the keys. */
  pw_ui_test_xdotool ("key", "1", NULL);
  WAIT_UNTIL (has_choices (area, "positive"));
  g_assert_true (gtk_toggle_button_get_active (pw_choice_bar_get_button (area->choice_bar,
                                                                         "positive")));
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  WAIT_UNTIL (has_choices (area, ""));
  pw_ui_test_xdotool ("key", "ctrl+shift+z", NULL);
  WAIT_UNTIL (has_choices (area, "positive"));

  /* Ctrl+Return submits and opens the next task of the queue: audio. */
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (media_shown (area, audio_ids[0], "audio"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (area->transcript_field)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (area->choice_bar)));
  /* Its panel has the waveform computed ahead, and plays with the player
   * prerolled ahead. */
  g_assert_null (g_hash_table_lookup (area->prefetched, audio_task->media_file));
  g_assert_nonnull (weak_levels);
  g_assert_null (g_hash_table_lookup (area->prefetched_players, audio_task->media_file));
  g_assert_nonnull (weak_player);
  g_assert_true (pw_audio_panel_get_player (area->audio_panel) == weak_player);
  g_assert_true (pw_audio_player_is_ready (weak_player));
  g_assert_nonnull (weak_media);
  g_assert_true (area->media == weak_media);

  WAIT_UNTIL (pw_demo_market_count_submissions (demo->market, text_ids[0]) == 1);
  /* The clock measured the text task as it does an image task, and now
   * measures the recording. */
  {
    g_autoptr (GPtrArray) entries = pw_store_list_time_entries (store, 0, G_MAXINT64, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        PwTimeEntry *entry = entries->pdata[i];

        found |= g_strcmp0 (entry->task_id, text_ids[0]) == 0 && entry->kind == PW_TIME_TASK
                 && entry->ended_at > entry->started_at;
      }
    g_assert_true (found);
    g_assert_cmpstr (pw_activity_clock_get_task_id (pw_application_get_activity_clock (app)),
                     ==, audio_ids[0]);
  }
  {
    g_autofree char *annotation = received_annotation (demo, text_ids[0]);

    /* Exactly the project's tools: choices and spans, nothing else. */
    g_assert_cmpstr (annotation, ==, "{\"choices\":[\"positive\"],\"spans\":[]}");
  }

  /* Alt+T reaches the transcript from the recording, Escape goes back,
   * and the transcript keeps Ctrl+Return while it has the keyboard. */
  g_assert_true (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->audio_panel)));
  pw_ui_test_xdotool ("key", "alt+t", NULL);
  WAIT_UNTIL (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->transcript_field)));
  pw_ui_test_xdotool ("type", "hello", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_annotation_get_transcript (shown_annotation (area)), "hello") == 0);
  pw_ui_test_xdotool ("key", "Escape", NULL);
  WAIT_UNTIL (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->audio_panel)));
  pw_ui_test_xdotool ("key", "alt+t", NULL);
  WAIT_UNTIL (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->transcript_field)));
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (pw_work_area_get_task_id (area) == NULL);
  WAIT_UNTIL (pw_demo_market_count_submissions (demo->market, audio_ids[0]) == 1);
  {
    g_autofree char *annotation = received_annotation (demo, audio_ids[0]);

    g_assert_nonnull (strstr (annotation, "\"transcript\":\"hello\""));
    g_assert_null (strstr (annotation, "choices"));
  }

  if (weak_levels != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak_levels), &weak_levels);
  if (weak_player != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak_player), &weak_player);
  if (weak_media != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak_media), &weak_media);
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

/* A choice made and the window closed: the task opens again with it, and
 * undo still takes it back. */
static void
test_undo_survives_reopening (void)
{
  g_autoptr (PwClaimBatch) batch = NULL;
  g_auto (GStrv) ids = NULL;
  g_autofree char *before = NULL;
  PwDemoTest *demo = pw_demo_test_new (23);
  PwAccountManager *accounts;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_store_restart_account (store, PW_DEMO_ACCOUNT_ID);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  batch = pw_work_area_test_claim (store, accounts, "p-review-sentiment", 1);
  ids = pw_claim_batch_get_task_ids (batch);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, ids[0]);
  WAIT_UNTIL (media_shown (area, ids[0], "text"));
  /* A demo marketplace that starts over hands out the same ids again, so
   * an earlier test's work on this id may be there: undo goes back to it. */
  before = choices_of (area);
  g_assert_cmpstr (before, !=, "negative");
  pw_ui_test_xdotool ("key", "3", NULL);
  WAIT_UNTIL (has_choices (area, "negative"));
  WAIT_UNTIL (pw_store_flush (store, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, ids[0]);
  WAIT_UNTIL (media_shown (area, ids[0], "text"));
  WAIT_UNTIL (has_choices (area, "negative"));
  g_assert_true (pw_media_document_get_restored (area->media));
  g_assert_true (pw_annotation_can_undo (shown_annotation (area)));
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  WAIT_UNTIL (has_choices (area, before));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

static void
test_auto_advance (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  g_autoptr (GPtrArray) outbox = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  pw_work_area_test_save_yes_no (store);
  pw_work_area_test_add_yes_no (store, "yn-1", now + (gint64) 3600 * G_USEC_PER_SEC);
  pw_work_area_test_add_yes_no (store, "yn-2", now + (gint64) 3601 * G_USEC_PER_SEC);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, PW_WORK_AREA_TEST_YES_NO_ACCOUNT, "yn-1");
  WAIT_UNTIL (media_shown (area, "yn-1", "text"));

  /* Off, as by default: the key picks, and the task stays. */
  g_assert_false (g_settings_get_boolean (settings, "auto-advance"));
  pw_ui_test_xdotool ("key", "2", NULL);
  WAIT_UNTIL (has_choices (area, "no"));
  pw_ui_test_iterate (100);
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, "yn-1");

  /* On: one key picks, submits and opens the next task. */
  g_settings_set_boolean (settings, "auto-advance", TRUE);
  pw_ui_test_xdotool ("key", "1", NULL);
  WAIT_UNTIL (media_shown (area, "yn-2", "text"));
  g_assert_true (pw_store_flush (store, &error));
  outbox = pw_store_list_due_submissions (store, PW_WORK_AREA_TEST_YES_NO_ACCOUNT, G_MAXINT64,
                                          10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((PwOutboxRow *) outbox->pdata[0])->task_id, ==, "yn-1");
  /* The submission holds exactly the annotation: the choice alone. */
  g_assert_cmpstr (((PwOutboxRow *) outbox->pdata[0])->annotation, ==, "{\"choices\":[\"yes\"]}");

  g_settings_set_boolean (settings, "auto-advance", FALSE);

  /* Nothing chosen: the first Ctrl+Return says so, the second submits
   * anyway. */
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (gtk_revealer_get_reveal_child (area->problems_revealer));
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, "yn-2");
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  /* An earlier test's task may be next in the queue. */
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), "yn-2") != 0);
  g_assert_true (pw_store_flush (store, &error));
  g_clear_pointer (&outbox, g_ptr_array_unref);
  outbox = pw_store_list_due_submissions (store, PW_WORK_AREA_TEST_YES_NO_ACCOUNT, G_MAXINT64,
                                          10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 2);
  for (guint i = 0; i < outbox->len; i++)
    {
      PwOutboxRow *row = outbox->pdata[i];

      if (g_str_equal (row->task_id, "yn-2"))
        g_assert_cmpstr (row->annotation, ==, "{\"choices\":[]}");
    }

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

#define GROUPS_ACCOUNT "acct-groups"
#define GROUPS_PROJECT                                                                          \
  "{\"id\": \"p-groups\", \"name\": \"Sentiment and topic\", \"kind\": \"text\", "              \
  "\"pay\": {\"amount\": \"0.01\", \"currency\": \"USD\", \"per\": \"task\"}, "                  \
  "\"labels\": [{\"name\": \"positive\", \"group\": \"sentiment\"},"                             \
  " {\"name\": \"negative\", \"group\": \"sentiment\"},"                                          \
  " {\"name\": \"sports\", \"group\": \"topic\"}, {\"name\": \"music\", \"group\": \"topic\"}], " \
  "\"choice_groups\": [{\"id\": \"sentiment\", \"title\": \"Sentiment\", \"mode\": \"single\","  \
  " \"required\": true}, {\"id\": \"topic\", \"title\": \"Topic\", \"mode\": \"multi\"}], "      \
  "\"tools\": [\"choice\"], \"choice_mode\": \"multi\"}"

static void
add_groups_task (PwStore    *store,
                 const char *task_id,
                 gint64      lease)
{
  PwStoreTask task = {
    .account_id = (char *) GROUPS_ACCOUNT,
    .task_id = (char *) task_id,
    .claim_id = (char *) "claim-groups",
    .project_id = (char *) "p-groups",
    .kind = PW_TASK_KIND_TEXT,
    .lease_expires_at = lease,
    .task_json = (char *) "{\"id\": \"x\", \"text\": \"What a match!\"}",
    .project_json = (char *) GROUPS_PROJECT,
    .state = PW_TASK_STATE_CLAIMED,
  };

  pw_store_add_claimed_task (store, &task);
}

/* The label showing @text inside @widget, if any. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A task asked two questions: each group a titled row; Ctrl+Return names
 * the required group left unanswered; with auto-advance, a topic's key
 * keeps the task and the sentiment's key submits both answers. */
static void
test_choice_groups (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  g_autoptr (GPtrArray) outbox = NULL;
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;
  GtkWidget *title;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  node = pw_json_parse (GROUPS_PROJECT, strlen (GROUPS_PROJECT), "project", &error);
  g_assert_no_error (error);
  g_ptr_array_add (projects, pw_project_new_from_json (node, "project", &error));
  g_assert_no_error (error);
  pw_store_save_projects (store, GROUPS_ACCOUNT, projects);
  add_groups_task (store, "gr-1", now + (gint64) 7200 * G_USEC_PER_SEC);
  add_groups_task (store, "gr-2", now + (gint64) 7201 * G_USEC_PER_SEC);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, GROUPS_ACCOUNT, "gr-1");
  WAIT_UNTIL (media_shown (area, "gr-1", "text"));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  title = find_label (GTK_WIDGET (area->choice_bar), "Sentiment");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_nonnull (find_label (GTK_WIDGET (area->choice_bar), "Topic"));

  /* Nothing chosen: the check names the sentiment. */
  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (gtk_revealer_get_reveal_child (area->problems_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (area->problems_label), "Choose a Sentiment"));
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, "gr-1");

  /* A topic is no whole answer; the sentiment is. */
  g_settings_set_boolean (settings, "auto-advance", TRUE);
  pw_ui_test_xdotool ("key", "3", NULL);
  WAIT_UNTIL (has_choices (area, "sports"));
  pw_ui_test_iterate (100);
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, "gr-1");
  pw_ui_test_xdotool ("key", "2", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), "gr-1") != 0);
  g_settings_set_boolean (settings, "auto-advance", FALSE);

  g_assert_true (pw_store_flush (store, &error));
  outbox = pw_store_list_due_submissions (store, GROUPS_ACCOUNT, G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((PwOutboxRow *) outbox->pdata[0])->task_id, ==, "gr-1");
  g_assert_cmpstr (((PwOutboxRow *) outbox->pdata[0])->annotation, ==,
                   "{\"choices\":[\"sports\",\"negative\"]}");

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
}

/* The annotation of @task_id's submission, as the outbox holds it
 * whether or not it was sent yet. */
static char *
outbox_annotation (PwStore    *store,
                   const char *task_id)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *annotation = NULL;

  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (pw_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  /* The application's own connections may be writing or checkpointing. */
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT annotation FROM submissions "
                                       "WHERE account_id = ?1 AND task_id = ?2", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, PW_DEMO_ACCOUNT_ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    annotation = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return annotation;
}

/* Keys the worker pressed in the window: key presses other than the
 * modifiers, so Shift+Ctrl+Left counts once. */
static gboolean
count_key (GtkEventControllerKey *controller,
           guint                  keyval,
           guint                  keycode,
           GdkModifierType        state,
           guint                 *count)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (!gdk_key_event_is_modifier (event))
    (*count)++;
  return GDK_EVENT_PROPAGATE;
}

static void
count_keys (PwWindow *window,
            guint    *count)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (count_key), count);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
}

/* The keys an item takes, as the window received them: on the demo
 * marketplace's project whose only tool is a yes-or-no choice, with
 * auto-advance on, one key answers, submits through the outbox and opens
 * the next task; on a review, the text's last word becomes a span in
 * three keys, with the keyboard only. */
static void
test_keys_per_item (void)
{
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);
  g_autoptr (PwClaimBatch) choice_batch = NULL;
  g_autoptr (PwClaimBatch) span_batch = NULL;
  g_auto (GStrv) choice_ids = NULL;
  g_auto (GStrv) span_ids = NULL;
  g_autofree char *annotation = NULL;
  g_autofree char *token = NULL;
  PwDemoTest *demo = pw_demo_test_new (27);
  PwAccountManager *accounts;
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  PwTextSpan *span;
  const char *text;
  gpointer weak_window;
  guint keys = 0;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  accounts = pw_application_get_account_manager (app);
  pw_account_manager_set_demo (accounts, demo->base_url, PW_DEMO_MARKET_TOKEN);
  choice_batch = pw_work_area_test_claim (store, accounts, "p-review-genuine", 2);
  choice_ids = pw_claim_batch_get_task_ids (choice_batch);
  g_assert_cmpuint (g_strv_length (choice_ids), ==, 2);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  count_keys (window, &keys);
  g_settings_set_boolean (settings, "auto-advance", TRUE);

  /* A binary choice: one key. */
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, choice_ids[0]);
  WAIT_UNTIL (media_shown (area, choice_ids[0], "text"));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  keys = 0;
  pw_ui_test_xdotool ("key", "--clearmodifiers", "2", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), choice_ids[0]) != 0
              && shown_annotation (area) != NULL);
  g_assert_cmpuint (keys, ==, 1);
  g_assert_cmpstr (pw_work_area_get_task_id (area), ==, choice_ids[1]);
  g_assert_true (has_choices (area, ""));
  annotation = outbox_annotation (store, choice_ids[0]);
  g_assert_cmpstr (annotation, ==, "{\"choices\":[\"no\"]}");
  g_settings_set_boolean (settings, "auto-advance", FALSE);

  /* A one-token span with the keyboard only: three keys. */
  span_batch = pw_work_area_test_claim (store, accounts, "p-review-sentiment", 1);
  span_ids = pw_claim_batch_get_task_ids (span_batch);
  pw_work_area_open_task (area, PW_DEMO_ACCOUNT_ID, span_ids[0]);
  WAIT_UNTIL (media_shown (area, span_ids[0], "text"));
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->text_panel)));
  keys = 0;
  pw_ui_test_xdotool ("key", "--clearmodifiers", "ctrl+End", NULL);
  pw_ui_test_xdotool ("key", "--clearmodifiers", "shift+ctrl+Left", NULL);
  pw_ui_test_xdotool ("key", "--clearmodifiers", "4", NULL);
  WAIT_UNTIL (pw_annotation_get_spans (shown_annotation (area))->len == 1);
  g_assert_cmpuint (keys, <=, 3);
  span = pw_annotation_get_spans (shown_annotation (area))->pdata[0];
  g_assert_cmpstr (pw_text_span_get_label (span), ==, "PER");
  text = pw_media_document_get_text (area->media);
  token = g_utf8_substring (text, pw_text_span_get_start (span), pw_text_span_get_end (span));
  /* One token, the text's last: nothing but punctuation after it. */
  g_assert_cmpstr (token, !=, "");
  g_assert_null (strpbrk (token, " \t\n"));
  for (const char *rest = g_utf8_offset_to_pointer (text, pw_text_span_get_end (span));
       *rest != '\0'; rest = g_utf8_next_char (rest))
    g_assert_false (g_unichar_isalnum (g_utf8_get_char (rest)));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_demo_test_free (demo);
}

/* A text of the worker's own: its labels from labels.txt beside it, a
 * digit picks a choice, Ctrl+S saves the annotation beside the text. */
static void
test_local_text (void)
{
  g_autofree char *dir = g_dir_make_tmp ("local-text-XXXXXX", NULL);
  g_autofree char *text_path = g_build_filename (dir, "review.txt", NULL);
  g_autofree char *labels_path = g_build_filename (dir, "labels.txt", NULL);
  g_autoptr (GFile) text = g_file_new_for_path (text_path);
  g_autoptr (GFile) saved = NULL;
  g_autofree char *contents = NULL;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;
  GFile *files[1];

  g_assert_true (g_file_set_contents (text_path, "Great coffee, slow service.", -1, NULL));
  g_assert_true (g_file_set_contents (labels_path, "good\nbad\n", -1, NULL));
  WAIT_UNTIL (pw_application_get_store_ready (app));

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  files[0] = text;
  pw_work_area_open_files (area, files, 1);
  WAIT_UNTIL (area->media != NULL
              && g_strcmp0 (gtk_stack_get_visible_child_name (area->canvas_stack), "text") == 0);
  g_assert_null (pw_work_area_get_task_id (area));
  g_assert_cmpstr (pw_work_area_get_title (area), ==, "review.txt");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (area->new_label_entry)));

  /* A text of one's own has choices and spans. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (area->choice_bar)));
  pw_ui_test_xdotool ("key", "1", NULL);
  WAIT_UNTIL (has_choices (area, "good"));

  saved = pw_media_document_annotation_file_for (text);
  pw_ui_test_xdotool ("key", "ctrl+s", NULL);
  WAIT_UNTIL (g_file_query_exists (saved, NULL));
  g_assert_true (g_file_load_contents (saved, NULL, &contents, NULL, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"good\""));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_file_delete (saved, NULL, NULL);
  g_remove (text_path);
  g_remove (labels_path);
  g_rmdir (dir);
}

/* The key the list beside the panel shows for the label named @name. */
static const char *
listed_key (PwWorkArea *area,
            const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (area->label_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      PwLabel *label = g_object_get_data (G_OBJECT (row), "pw-label");
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *last = gtk_widget_get_last_child (box);

      if (label == NULL || g_strcmp0 (pw_label_get_name (label), name) != 0)
        continue;
      /* A row without a key ends with the label's name. */
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (last)), name) == 0)
        return NULL;
      return gtk_label_get_text (GTK_LABEL (last));
    }
  return NULL;
}

static PwSegment *
first_segment (PwWorkArea *area)
{
  GPtrArray *segments = shown_annotation (area) != NULL
                        ? pw_annotation_get_segments (shown_annotation (area)) : NULL;

  return segments != NULL && segments->len > 0 ? g_ptr_array_index (segments, 0) : NULL;
}

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL;
}

/* A recording of the worker's own, with keys only: a segment marked while
 * it plays, labeled by its digit, a transcript, Ctrl+S saves NAME.wav.json
 * beside it; a label added in the list is kept in labels.txt beside it,
 * and the list shows the key that gives each label. */
static void
test_local_recording (void)
{
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (PwTestSound) sound = pw_test_sound_new (PW_TEST_S16, 1, 16000, 16000 * 10, 3);
  g_autoptr (GBytes) wav = pw_test_sound_to_wav (sound);
  g_autofree char *wav_path = pw_test_write (dir, "talk.wav", wav);
  g_autofree char *labels_path = g_build_filename (dir, "labels.txt", NULL);
  g_autofree char *saved_path = NULL;
  g_autoptr (GFile) recording = g_file_new_for_path (wav_path);
  g_autoptr (GFile) saved = pw_media_document_annotation_file_for (recording);
  PwAudioPlayer *player;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;
  GFile *files[1];
  double start;

  /* Ten labels: the tenth has no digit of its own from the file. */
  g_assert_true (g_file_set_contents (labels_path, "speech\nnoise\nl3\nl4\nl5\nl6\nl7\nl8\n"
                                      "l9\nl10\n", -1, NULL));
  saved_path = g_file_get_path (saved);
  g_assert_cmpstr (saved_path + strlen (saved_path) - strlen ("talk.wav.json"), ==,
                   "talk.wav.json");
  WAIT_UNTIL (pw_application_get_store_ready (app));

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  files[0] = recording;
  pw_work_area_open_files (area, files, 1);
  WAIT_UNTIL (area->media != NULL
              && g_strcmp0 (gtk_stack_get_visible_child_name (area->canvas_stack), "audio") == 0
              && pw_audio_panel_get_player (area->audio_panel) != NULL);
  WAIT_UNTIL (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->audio_panel)));
  player = pw_audio_panel_get_player (area->audio_panel);

  /* The list shows the keys that give the labels, and a label added
   * from the list takes the next one. */
  g_assert_cmpstr (listed_key (area, "speech"), ==, "1");
  g_assert_cmpstr (listed_key (area, "noise"), ==, "2");
  g_assert_cmpstr (listed_key (area, "l10"), ==, "0");

  /* Ctrl+Space plays, Ctrl+M begins a segment and ends it. */
  pw_ui_test_xdotool ("key", "ctrl+space", NULL);
  WAIT_UNTIL (pw_audio_player_get_playing (player)
              && pw_audio_player_get_position (player) > 0.2);
  pw_ui_test_xdotool ("key", "ctrl+m", NULL);
  start = pw_audio_player_get_position (player);
  WAIT_UNTIL (pw_audio_player_get_position (player) > start + 0.5);
  pw_ui_test_xdotool ("key", "ctrl+m", NULL);
  WAIT_UNTIL (first_segment (area) != NULL);
  pw_ui_test_xdotool ("key", "ctrl+space", NULL);
  WAIT_UNTIL (!pw_audio_player_get_playing (player));
  g_assert_cmpfloat (pw_segment_get_end (first_segment (area)), >,
                     pw_segment_get_start (first_segment (area)));

  /* The new segment is selected: its digit labels it. */
  pw_ui_test_xdotool ("key", "2", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_segment_get_label (first_segment (area)), "noise") == 0);

  pw_ui_test_xdotool ("key", "alt+t", NULL);
  WAIT_UNTIL (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->transcript_field)));
  pw_ui_test_xdotool ("type", "two words", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_annotation_get_transcript (shown_annotation (area)), "two words") == 0);

  pw_ui_test_xdotool ("key", "ctrl+s", NULL);
  WAIT_UNTIL (file_holds (saved_path, "\"two words\""));
  g_assert_true (file_holds (saved_path, "\"noise\""));
  g_assert_true (file_holds (saved_path, "\"segments\""));

  /* A new label is kept beside the recording. */
  gtk_widget_grab_focus (GTK_WIDGET (area->new_label_entry));
  WAIT_UNTIL (focus_within (GTK_WIDGET (window), GTK_WIDGET (area->new_label_entry)));
  pw_ui_test_xdotool ("type", "music", NULL);
  pw_ui_test_xdotool ("key", "Return", NULL);
  WAIT_UNTIL (file_holds (labels_path, "music "));
  g_assert_true (file_holds (labels_path, "speech "));
  g_assert_true (file_holds (labels_path, "noise "));
  g_assert_cmpstr (listed_key (area, "music"), ==, "Shift+1");

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  pw_test_remove_dir (dir);
}

#define PHOTO_ACCOUNT "acct-photo"
#define PHOTO_PROJECT                                                                         \
  "{\"id\": \"p-photo\", \"name\": \"Cars by day and night\", \"kind\": \"image\", "           \
  "\"pay\": {\"amount\": \"0.01\", \"currency\": \"USD\", \"per\": \"task\"}, "                 \
  "\"labels\": [{\"name\": \"car\", \"tools\": [\"bbox\"], \"hotkey\": \"1\"},"                 \
  " {\"name\": \"day\", \"tools\": [\"choice\"], \"hotkey\": \"2\"},"                            \
  " {\"name\": \"night\", \"tools\": [\"choice\"], \"hotkey\": \"3\"}], "                        \
  "\"tools\": [\"bbox\", \"choice\"], \"choice_mode\": \"single\"}"

static gboolean
image_shown (PwWorkArea *area,
             const char *task_id)
{
  return g_strcmp0 (pw_work_area_get_task_id (area), task_id) == 0 && area->document != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (area->canvas_stack), "image") == 0;
}

static char *
image_choices (PwWorkArea *area)
{
  return g_strjoinv (",", (GStrv) pw_annotation_get_choices (
                            pw_image_document_get_annotation (area->document)));
}

/* An image task whose project classifies as well as draws: its choices
 * show under the canvas, a choice's key picks the choice and a box
 * label's key the drawing label, never both; undo takes the pick back,
 * and the submission holds the choice beside the shapes. */
static void
test_image_choices (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  g_autoptr (GBytes) pixels = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-photo-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *choices = NULL;
  gint64 now = g_get_real_time ();
  guchar *data = g_malloc0 (64 * 48 * 4);
  PwStoreTask task = {
    .account_id = (char *) PHOTO_ACCOUNT,
    .task_id = (char *) "ph-1",
    .claim_id = (char *) "claim-photo",
    .project_id = (char *) "p-photo",
    .kind = PW_TASK_KIND_IMAGE,
    .lease_expires_at = now + (gint64) 3600 * G_USEC_PER_SEC,
    .task_json = (char *) "{\"id\": \"ph-1\"}",
    .project_json = (char *) PHOTO_PROJECT,
    .state = PW_TASK_STATE_CLAIMED,
  };
  g_autoptr (JsonNode) project_node = NULL;
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_project_unref);
  PwStore *store;
  PwWindow *window;
  PwWorkArea *area;
  gpointer weak_window;

  g_assert_no_error (error);
  for (guint i = 0; i < 64 * 48; i++)
    data[i * 4 + 3] = 255;
  pixels = g_bytes_new_take (data, 64 * 48 * 4);
  texture = gdk_memory_texture_new (64, 48, GDK_MEMORY_R8G8B8A8, pixels, 64 * 4);
  path = g_build_filename (dir, "photo.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  task.media_file = path;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  project_node = pw_json_parse (PHOTO_PROJECT, strlen (PHOTO_PROJECT), "project", &error);
  g_assert_no_error (error);
  g_ptr_array_add (projects, pw_project_new_from_json (project_node, "project", &error));
  g_assert_no_error (error);
  pw_store_save_projects (store, PHOTO_ACCOUNT, projects);
  pw_store_add_claimed_task (store, &task);
  g_assert_true (pw_store_flush (store, &error));
  g_assert_no_error (error);

  window = show_window (&weak_window);
  area = pw_window_get_work_area (window);
  pw_work_area_open_task (area, PHOTO_ACCOUNT, "ph-1");
  WAIT_UNTIL (image_shown (area, "ph-1"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (area->choice_bar)));
  g_assert_nonnull (pw_choice_bar_get_button (area->choice_bar, "day"));
  g_assert_nonnull (pw_choice_bar_get_button (area->choice_bar, "night"));
  g_assert_null (pw_choice_bar_get_button (area->choice_bar, "car"));
  gtk_widget_grab_focus (GTK_WIDGET (area->canvas));

  /* The choice's key picks the choice, and leaves the drawing label. */
  pw_ui_test_xdotool ("key", "3", NULL);
  WAIT_UNTIL ((g_free (choices), choices = image_choices (area), g_str_equal (choices, "night")));
  WAIT_UNTIL (gtk_toggle_button_get_active (pw_choice_bar_get_button (area->choice_bar, "night")));
  g_assert_cmpstr (area->canvas->pending_label, !=, "night");

  /* The box label's key is the drawing label's, not a choice. */
  pw_ui_test_xdotool ("key", "1", NULL);
  WAIT_UNTIL (g_strcmp0 (area->canvas->pending_label, "car") == 0);
  g_free (choices);
  choices = image_choices (area);
  g_assert_cmpstr (choices, ==, "night");

  /* Undo takes the pick back, as for a text. */
  pw_ui_test_xdotool ("key", "2", NULL);
  WAIT_UNTIL ((g_free (choices), choices = image_choices (area), g_str_equal (choices, "day")));
  pw_ui_test_xdotool ("key", "ctrl+z", NULL);
  WAIT_UNTIL ((g_free (choices), choices = image_choices (area), g_str_equal (choices, "night")));

  pw_ui_test_xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (g_strcmp0 (pw_work_area_get_task_id (area), "ph-1") != 0);
  g_assert_true (pw_store_flush (store, &error));
  outbox = pw_store_list_due_submissions (store, PHOTO_ACCOUNT, G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((PwOutboxRow *) outbox->pdata[0])->annotation, ==,
                   "{\"image\":{\"width\":64,\"height\":48},\"shapes\":[],\"choices\":[\"night\"]}");

  gtk_window_destroy (GTK_WINDOW (window));
  pw_ui_test_wait_finalized (&weak_window);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv (PW_AUDIO_PLAYER_SINK_ENV, "fakesink sync=true", TRUE);
  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/work-area-media/text-then-audio", test_text_then_audio);
  g_test_add_func ("/work-area-media/undo-survives-reopening", test_undo_survives_reopening);
  g_test_add_func ("/work-area-media/auto-advance", test_auto_advance);
  g_test_add_func ("/work-area-media/choice-groups", test_choice_groups);
  g_test_add_func ("/work-area-media/image-choices", test_image_choices);
  g_test_add_func ("/work-area-media/keys-per-item", test_keys_per_item);
  g_test_add_func ("/work-area-media/local-text", test_local_text);
  g_test_add_func ("/work-area-media/local-recording", test_local_recording);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
