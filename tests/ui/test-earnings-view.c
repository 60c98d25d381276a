/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-earnings-chart-private.h"
#include "pw-earnings-format.h"
#include "pw-earnings-view.h"
#include "pw-goals-dialog.h"
#include "pw-time-entry-editor.h"
#include "pw-time-log.h"
#include "pw-ui-test.h"
#include "ledger/pw-figures-test.h"
#include "store/pw-store-private.h"

/* The Earnings place in a real window under Xvfb, on a fixture ledger
 * and time log whose figures are worked out here by hand, at a fixed time:
 * Wednesday 25 November 2026, 15:00 local.
 *
 * The time log (local times):
 *   Oct 15  t7 (p-text)  10:00-12:00  120 min
 *   Nov 20  t6 (p-cars)  10:00-11:00   60 min
 *   Nov 23  t5 (p-cars)  09:00-09:30   30 min, rejected: lost
 *   Nov 24  t4 (p-cars)  09:00-10:00   60 min
 *   Nov 25  t1 (p-cars)  09:00-10:00   60 min
 *           t2 (p-cars)  10:02-10:50   48 min, after a 2 min gap: unpaid
 *           by hand      13:00-13:10   10 min, unpaid (a new session)
 *
 * The statement:
 *   e7  Oct 15 12:00  t7 paid      4.00 EUR
 *   e6  Nov 20 11:00  t6 paid      1.00 USD
 *   e5  Nov 23 09:30  t5 rejected  1.00 USD
 *   e4  Nov 24 10:00  t4 paid      2.00 USD, score 0.80
 *   e8  Nov 24 12:00  bonus (p-text) approved 0.50 EUR
 *   e1  Nov 25 10:00  t1 approved  3.00 USD, score 0.90
 *   e2  Nov 25 10:50  t2 pending   2.00 USD
 *   e3  Nov 25 11:00  t3 (p-text) rejected 1.00 USD, no time
 *
 * Today: 60 + 48 + 2 + 10 = 120 min, 12 min unpaid: overhead 10 %.
 *   Earned 3.00 USD, so 1.50 USD/h. Yesterday 2.00 USD in 60 min: 2.00
 *   USD/h, so ↓ 25 %. p-cars was approved 3 times of 4 reviews (e1, e4,
 *   e6 against e5): projected 3.00 + 2.00 × 3/4 = 4.50 USD, 2.25 USD/h.
 *   Task pay 3 + 2 + 1 = 6.00 USD over 108 min on submitted tasks:
 *   3.33 USD/h.
 * This week: 30 + 60 + 120 = 210 min; earned 3 + 2 = 5.00 USD: 1.42 USD/h;
 *   last week 1.00 USD in 60 min: ↑ 43 %. 0.50 EUR: 0.14 EUR/h. Unpaid
 *   2 + 10 + 30 = 42 min: 20 %.
 * This month: 270 min, 6.00 USD: 1.33 USD/h, against October's none in
 *   USD: "—"; 0.50 EUR: 0.11 EUR/h against October's 2.00 EUR/h: ↓ 94 %.
 * p-cars this month: 260 min (with the gap), 6.00 USD: 1.38 USD/h; 5
 *   tasks; 75 % approved; median 30, 48, [60], 60, 60 min: 1 h; task pay
 *   9.00 USD / 5: 1.80 USD; accuracy (0.90 + 0.80) / 2: 85 %. */

static PwApplication *app;

#define WAIT_UNTIL(condition) WAIT_UNTIL_WITHIN (condition, 30)
#define WAIT_UNTIL_WITHIN(condition, seconds) PW_UI_TEST_WAIT_UNTIL (condition, seconds)

typedef struct
{
  GtkWindow      *window;
  PwEarningsView *view;
  guint           updates;
  gpointer        weak_window;
} Fixture;

static gint64
local_us (int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_local (2026, 11, 25, 15, 0, 0);
}

static PwStatementEntry *
entry_new (const char *id,
           const char *type,
           const char *task_id,
           const char *project_id,
           const char *status,
           const char *amount,
           const char *currency,
           gint64      at,
           double      score)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autofree char *at_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  PwStatementEntry *entry;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (task_id != NULL)
    {
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, task_id);
    }
  json_builder_set_member_name (builder, "project_id");
  json_builder_add_string_value (builder, project_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, currency);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at_text);
  if (score >= 0)
    {
      json_builder_set_member_name (builder, "review");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, score);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  entry = pw_statement_entry_new_from_json (node, "entry", &error);
  g_assert_no_error (error);
  return entry;
}

static void
add_task_time (PwStore    *store,
               const char *task_id,
               const char *project_id,
               gint64      start,
               gint64      end)
{
  g_autoptr (PwTimeEntry) entry = pw_time_entry_new (PW_TIME_TASK, start, end);

  entry->account_id = g_strdup ("acct");
  entry->task_id = g_strdup (task_id);
  entry->project_id = g_strdup (project_id);
  pw_store_add_time_entry (store, entry);
}

static void
fill_store (PwStore *store)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (PwTimeEntry) manual = pw_time_entry_new (PW_TIME_MANUAL, local_us (11, 25, 13, 0),
                                                      local_us (11, 25, 13, 10));

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_statement_entry_unref);
  add_task_time (store, "t7", "p-text", local_us (10, 15, 10, 0), local_us (10, 15, 12, 0));
  add_task_time (store, "t6", "p-cars", local_us (11, 20, 10, 0), local_us (11, 20, 11, 0));
  add_task_time (store, "t5", "p-cars", local_us (11, 23, 9, 0), local_us (11, 23, 9, 30));
  add_task_time (store, "t4", "p-cars", local_us (11, 24, 9, 0), local_us (11, 24, 10, 0));
  add_task_time (store, "t1", "p-cars", local_us (11, 25, 9, 0), local_us (11, 25, 10, 0));
  add_task_time (store, "t2", "p-cars", local_us (11, 25, 10, 2), local_us (11, 25, 10, 50));
  manual->paid = FALSE;
  manual->note = g_strdup ("Guidelines");
  pw_store_add_time_entry (store, manual);

  g_ptr_array_add (entries, entry_new ("e7", "task", "t7", "p-text", "paid", "4.00", "EUR",
                                       local_us (10, 15, 12, 0), -1));
  g_ptr_array_add (entries, entry_new ("e6", "task", "t6", "p-cars", "paid", "1.00", "USD",
                                       local_us (11, 20, 11, 0), -1));
  g_ptr_array_add (entries, entry_new ("e5", "task", "t5", "p-cars", "rejected", "1.00", "USD",
                                       local_us (11, 23, 9, 30), -1));
  g_ptr_array_add (entries, entry_new ("e4", "task", "t4", "p-cars", "paid", "2.00", "USD",
                                       local_us (11, 24, 10, 0), 0.8));
  g_ptr_array_add (entries, entry_new ("e8", "bonus", NULL, "p-text", "approved", "0.50", "EUR",
                                       local_us (11, 24, 12, 0), -1));
  g_ptr_array_add (entries, entry_new ("e1", "task", "t1", "p-cars", "approved", "3.00", "USD",
                                       local_us (11, 25, 10, 0), 0.9));
  g_ptr_array_add (entries, entry_new ("e2", "task", "t2", "p-cars", "pending", "2.00", "USD",
                                       local_us (11, 25, 10, 50), -1));
  g_ptr_array_add (entries, entry_new ("e3", "task", "t3", "p-text", "rejected", "1.00", "USD",
                                       local_us (11, 25, 11, 0), -1));
  pw_store_merge_statement (store, "acct", entries, "s8");
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, '|');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* Every visible label under @widget, in order, joined by "|". */
static char *
labels_of (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_labels (widget, text);
  return g_string_free (text, FALSE);
}

#define assert_has(haystack, needle)                                          \
  G_STMT_START {                                                              \
    if (strstr ((haystack), (needle)) == NULL)                                \
      g_error ("“%s” is not in “%s”", (needle), (haystack));                  \
  } G_STMT_END

static void
on_updated (Fixture *fixture)
{
  fixture->updates++;
}

static void
wait_update (Fixture *fixture)
{
  guint before = fixture->updates;

  WAIT_UNTIL (fixture->updates > before);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr (GDateTime) now = fixed_now ();

  WAIT_UNTIL (pw_application_get_store_ready (app));
  fixture->window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (fixture->window, 1200, 1400);
  fixture->view = PW_EARNINGS_VIEW (pw_earnings_view_new ());
  g_signal_connect_swapped (fixture->view, "updated", G_CALLBACK (on_updated), fixture);
  pw_earnings_view_set_now (fixture->view, now);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->view));
  fixture->weak_window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &fixture->weak_window);
  gtk_window_present (fixture->window);
  wait_update (fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  gpointer weak_view = fixture->view;

  g_object_add_weak_pointer (G_OBJECT (fixture->view), &weak_view);
  gtk_window_destroy (fixture->window);
  pw_ui_test_wait_finalized (&fixture->weak_window);
  pw_ui_test_wait_finalized (&weak_view);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
test_formats (void)
{
  g_autofree char *rate = pw_money_display_rate (1428571, "USD");
  g_autofree char *hours = pw_earnings_format_hours (210 * G_TIME_SPAN_MINUTE);
  g_autofree char *minutes = pw_earnings_format_hours (45 * G_TIME_SPAN_MINUTE + 29 * G_USEC_PER_SEC);
  g_autofree char *whole = pw_earnings_format_hours (2 * G_TIME_SPAN_HOUR);
  g_autofree char *seconds = pw_earnings_format_hours (20 * G_USEC_PER_SEC);
  g_autofree char *none = pw_earnings_format_hours (0);
  g_autofree char *task = pw_earnings_format_task_time (65 * G_USEC_PER_SEC);
  g_autofree char *up = pw_earnings_format_rate_change (1428571, 1000000, TRUE, NULL);
  g_autofree char *down = pw_earnings_format_rate_change (1500000, 2000000, TRUE, NULL);
  g_autofree char *no_time = pw_earnings_format_rate_change (1500000, 0, FALSE, NULL);
  g_autofree char *no_money = pw_earnings_format_rate_change (1500000, 0, TRUE, NULL);
  g_autofree char *same = pw_earnings_format_rate_change (1000001, 1000000, TRUE, NULL);
  gint64 micro = 0;
  guint minute = 0;

  g_assert_cmpstr (rate, ==, "1.42 USD/h");
  g_assert_cmpstr (hours, ==, "3 h 30 min");
  g_assert_cmpstr (minutes, ==, "45 min");
  g_assert_cmpstr (whole, ==, "2 h");
  g_assert_cmpstr (seconds, ==, "under 1 min");
  g_assert_cmpstr (none, ==, "0 min");
  g_assert_cmpstr (task, ==, "1 min 05 s");
  g_assert_cmpstr (up, ==, "↑ 43 %");
  g_assert_cmpstr (down, ==, "↓ 25 %");
  g_assert_cmpstr (no_time, ==, "—");
  g_assert_cmpstr (no_money, ==, "—");
  g_assert_cmpstr (same, ==, "±0 %");

  /* Figures whose sums passed 64 bits say so, never a wrapped number. */
  {
    PwEarnings fine = { "USD", .paid_micro = 1500000, .effective_rate_micro = 1428571 };
    PwEarnings huge = { "USD", .paid_micro = G_MAXINT64, .too_large = TRUE };
    g_autofree char *paid = pw_earnings_format_money (&fine, fine.paid_micro, TRUE);
    g_autofree char *overflowed = pw_earnings_format_money (&fine, G_MININT64, FALSE);
    g_autofree char *huge_paid = pw_earnings_format_money (&huge, huge.paid_micro, TRUE);
    g_autofree char *fine_rate = pw_earnings_format_rate (&fine, fine.effective_rate_micro);
    g_autofree char *huge_rate = pw_earnings_format_rate (&huge, 1);

    g_assert_cmpstr (paid, ==, "1.50 USD");
    g_assert_cmpstr (overflowed, ==, "USD: too large to add up");
    g_assert_cmpstr (huge_paid, ==, "USD: too large to add up");
    g_assert_cmpstr (fine_rate, ==, "1.42 USD/h");
    g_assert_cmpstr (huge_rate, ==, "USD: too large to add up");
  }

  g_assert_true (pw_goals_dialog_parse_amount ("40", &micro));
  g_assert_cmpint (micro, ==, 40000000);
  g_assert_true (pw_goals_dialog_parse_amount (" 7,50 ", &micro));
  g_assert_cmpint (micro, ==, 7500000);
  g_assert_false (pw_goals_dialog_parse_amount ("-1", &micro));
  g_assert_false (pw_goals_dialog_parse_amount ("ten", &micro));

  g_assert_true (pw_time_entry_editor_parse_time ("9:30", &minute));
  g_assert_cmpuint (minute, ==, 570);
  g_assert_true (pw_time_entry_editor_parse_time ("1415", &minute));
  g_assert_cmpuint (minute, ==, 855);
  g_assert_true (pw_time_entry_editor_parse_time ("7", &minute));
  g_assert_cmpuint (minute, ==, 420);
  g_assert_false (pw_time_entry_editor_parse_time ("24:00", &minute));
  g_assert_false (pw_time_entry_editor_parse_time ("9:5", &minute));
  g_assert_false (pw_time_entry_editor_parse_time ("", &minute));
}

static void
test_empty (void)
{
  Fixture fixture = { 0 };

  /* A new store has neither time nor money: the place says so, and
   * offers to add time by hand. */
  fixture_set_up (&fixture);
  g_assert_cmpstr (pw_earnings_view_get_page (fixture.view), ==, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "earnings.goals",
                                             NULL));
  g_assert_nonnull (find_toplevel (PW_TYPE_GOALS_DIALOG));
  fixture_tear_down (&fixture);
  WAIT_UNTIL (find_toplevel (PW_TYPE_GOALS_DIALOG) == NULL);
}

static char *
card_text (Fixture  *fixture,
           PwPeriod  period)
{
  return labels_of (pw_earnings_view_get_card (fixture->view, period));
}

static void
test_figures (void)
{
  Fixture fixture = { 0 };
  PwStore *store;
  g_autofree char *today = NULL;
  g_autofree char *week = NULL;
  g_autofree char *month = NULL;
  g_autofree char *table = NULL;
  g_autoptr (GPtrArray) more = NULL;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  fill_store (store);
  fixture_set_up (&fixture);
  g_assert_cmpstr (pw_earnings_view_get_page (fixture.view), ==, "figures");

  today = card_text (&fixture, PW_PERIOD_DAY);
  assert_has (today, "Today|1.50 USD/h|↓ 25 %|Effective hourly rate");
  assert_has (today, "Hours|2 h|");
  assert_has (today, "Earned|3.00 USD|");
  assert_has (today, "Approved and paid|3.00 USD|");
  assert_has (today, "Pending|2.00 USD|");
  assert_has (today, "Rejected|1.00 USD|");
  assert_has (today, "Projected rate|2.25 USD/h|");
  assert_has (today, "Task-only rate|3.33 USD/h|");
  assert_has (today, "Overhead share|10 %");
  g_assert_null (strstr (today, "Bonuses and fees"));

  /* Two currencies: each has its own lines, never added together. */
  week = card_text (&fixture, PW_PERIOD_WEEK);
  assert_has (week, "This Week|0.14 EUR/h|—|1.42 USD/h|↑ 43 %|");
  assert_has (week, "Hours|3 h 30 min|");
  assert_has (week, "Earned|0.50 EUR\n5.00 USD|");
  assert_has (week, "Bonuses and fees|0.50 EUR\n0.00 USD|");
  assert_has (week, "Overhead share|20 %");

  month = card_text (&fixture, PW_PERIOD_MONTH);
  assert_has (month, "This Month|0.11 EUR/h|↓ 94 %|1.33 USD/h|—|");
  assert_has (month, "Hours|4 h 30 min|");

  /* The projects, by effective rate, best first; then by approval rate
   * when its header is clicked. */
  table = labels_of (GTK_WIDGET (pw_earnings_view_get_project_table (fixture.view)));
  assert_has (table, "Project|Account|Tasks|Effective Rate|Approval Rate|Median Time|"
                     "Pay per Task|Accuracy|p-cars|acct|5|1.38 USD/h|75 %|1 h|1.80 USD|85 %|");
  assert_has (table, "p-text|acct|1|—|0 %|—|1.00 USD|—");

  /* A statement brings an entry; the app says the ledger changed, and the
   * Earnings place shows it. */
  more = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_statement_entry_unref);
  g_ptr_array_add (more, entry_new ("e9", "task", "t9", "p-cars", "approved", "1.00", "USD",
                                    local_us (11, 25, 14, 0), -1));
  pw_store_merge_statement (store, "acct", more, NULL);
  g_signal_emit_by_name (app, "ledger-changed");
  wait_update (&fixture);
  g_free (today);
  today = card_text (&fixture, PW_PERIOD_DAY);
  assert_has (today, "Today|2.00 USD/h|±0 %|");
  assert_has (today, "Earned|4.00 USD|");

  fixture_tear_down (&fixture);
}

static GskRenderNode *
render_chart (PwEarningsChart *chart,
              GdkTexture     **texture)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (chart)));
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (chart)),
                                               gtk_widget_get_height (GTK_WIDGET (chart)));

  GTK_WIDGET_GET_CLASS (chart)->snapshot (GTK_WIDGET (chart), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  *texture = gsk_renderer_render_texture (renderer, node, &bounds);
  return node;
}

/* The pixels of @texture that are not transparent, and their summed color. */
static guint
count_ink (GdkTexture *texture,
           guint64    *sum)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  guint ink = 0;

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  *sum = 0;
  for (int i = 0; i < width * height; i++)
    if (pixels[i * 4 + 3] > 0)
      {
        ink++;
        *sum += pixels[i * 4] + pixels[i * 4 + 1] + pixels[i * 4 + 2];
      }
  return ink;
}

static void
test_chart (void)
{
  Fixture fixture = { 0 };
  PwEarningsChart *chart;
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr (GskRenderNode) light = NULL;
  g_autoptr (GskRenderNode) dark = NULL;
  g_autoptr (GdkTexture) light_texture = NULL;
  g_autoptr (GdkTexture) dark_texture = NULL;
  g_autofree char *text = NULL;
  guint64 light_sum, dark_sum;
  guint light_ink, dark_ink;

  fixture_set_up (&fixture);
  chart = pw_earnings_view_get_chart (fixture.view);
  g_assert_cmpuint (pw_earnings_chart_get_n_days (chart), ==, PW_RECENT_DAYS);
  g_assert_cmpstr (pw_earnings_chart_get_currency (chart), ==, "USD");

  /* It draws in the light style and in the dark one, in other colors. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture.window), 3);
  light = render_chart (chart, &light_texture);
  light_ink = count_ink (light_texture, &light_sum);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture.window), 3);
  dark = render_chart (chart, &dark_texture);
  dark_ink = count_ink (dark_texture, &dark_sum);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_cmpuint (light_ink, >, 1000);
  g_assert_cmpuint (dark_ink, >, 1000);
  g_assert_cmpuint (light_sum / light_ink, !=, dark_sum / dark_ink);

  /* The keyboard walks the days, starting from today, the last. */
  gtk_widget_activate_action (GTK_WIDGET (chart), "chart.move", "i", -1);
  g_assert_cmpint (pw_earnings_chart_get_selected (chart), ==, PW_RECENT_DAYS - 1);
  text = pw_earnings_chart_dup_day_text (chart, PW_RECENT_DAYS - 1);
  assert_has (text, "Approved: 4.00 USD");
  assert_has (text, "Pending: 2.00 USD");
  assert_has (text, "Rejected: 1.00 USD");
  assert_has (text, "2 h worked");
  gtk_widget_activate_action (GTK_WIDGET (chart), "chart.move", "i", -1);
  g_assert_cmpint (pw_earnings_chart_get_selected (chart), ==, PW_RECENT_DAYS - 2);
  {
    g_autofree char *caption = labels_of (GTK_WIDGET (fixture.view));

    assert_has (caption, "Paid: 2.00 USD · Earned: 2.00 USD · 1 h worked");
  }
  gtk_widget_activate_action (GTK_WIDGET (chart), "chart.move", "i", G_MININT32);
  g_assert_cmpint (pw_earnings_chart_get_selected (chart), ==, 0);

  fixture_tear_down (&fixture);
}

static void
test_goal_and_floor (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (PW_APP_ID);

  fixture_set_up (&fixture);
  g_assert_cmpstr (pw_earnings_view_get_pace_text (fixture.view), ==, "");
  g_assert_null (pw_earnings_view_get_floor_alert (fixture.view));

  /* 10.00 USD a day: at 15:00, 7 of the 12 hours from 8:00 to 20:00 have
   * passed, so 5.83 USD is due; 4.00 earned and 2.00 pending make 6.00. */
  g_settings_set_string (settings, "goal-currency", "USD");
  g_settings_set_int64 (settings, "goal-earnings", 10000000);
  g_settings_set_string (settings, "goal-period", "day");
  g_settings_set_string (settings, "goal-kind", "earnings");
  g_assert_cmpstr (pw_earnings_view_get_goal_text (fixture.view), ==,
                   "6.00 USD of 10.00 USD, pending pay included (60 %)");
  g_assert_cmpstr (pw_earnings_view_get_pace_text (fixture.view), ==, "On pace, 0.17 USD ahead");

  /* 20.00 USD: 11.67 due, 5.67 behind. */
  g_settings_set_int64 (settings, "goal-earnings", 20000000);
  g_assert_cmpstr (pw_earnings_view_get_pace_text (fixture.view), ==, "Behind pace by 5.67 USD");

  /* 8 hours a week: on Wednesday at 15:00, (2 + 7/12) / 7 of it is due,
   * 2 h 57 min; 3 h 30 min are done. */
  g_settings_set_double (settings, "goal-hours", 8);
  g_settings_set_string (settings, "goal-period", "week");
  g_settings_set_string (settings, "goal-kind", "hours");
  g_assert_cmpstr (pw_earnings_view_get_goal_text (fixture.view), ==,
                   "3 h 30 min of 8 h worked (44 %)");
  g_assert_cmpstr (pw_earnings_view_get_pace_text (fixture.view), ==, "On pace, 33 min ahead");

  /* Today's 2.00 USD/h is below a floor of 2.50: an alert, and a toast
   * once a day. Below 2.00, no alert. */
  g_settings_set_string (settings, "rate-floor-alerted", "");
  g_settings_set_int64 (settings, "rate-floor", 2500000);
  g_assert_cmpstr (pw_earnings_view_get_floor_alert (fixture.view), ==,
                   "Today’s effective rate, 2.00 USD/h, is below your floor of 2.50 USD/h.");
  {
    g_autofree char *alerted = g_settings_get_string (settings, "rate-floor-alerted");

    g_assert_cmpstr (alerted, ==, "2026-11-25");
  }
  g_settings_set_int64 (settings, "rate-floor", 1500000);
  g_assert_null (pw_earnings_view_get_floor_alert (fixture.view));

  /* The dialog shows the settings and keeps a valid change at once. */
  {
    PwGoalsDialog *dialog = pw_goals_dialog_new (fixture.window);
    GtkEditable *floor_row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                         PW_TYPE_GOALS_DIALOG,
                                                                         "floor_row"));
    gpointer weak_dialog = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak_dialog);
    g_assert_cmpstr (gtk_editable_get_text (floor_row), ==, "1.50");
    gtk_editable_set_text (floor_row, "3");
    g_assert_cmpint (g_settings_get_int64 (settings, "rate-floor"), ==, 3000000);
    g_assert_nonnull (pw_earnings_view_get_floor_alert (fixture.view));
    gtk_editable_set_text (floor_row, "three");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (floor_row), "error"));
    gtk_editable_set_text (floor_row, "2.75");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (floor_row), "error"));
    g_assert_cmpint (g_settings_get_int64 (settings, "rate-floor"), ==, 2750000);
    gtk_window_destroy (GTK_WINDOW (dialog));
    pw_ui_test_wait_finalized (&weak_dialog);
  }

  g_settings_reset (settings, "goal-kind");
  g_settings_reset (settings, "rate-floor");
  g_assert_cmpstr (pw_earnings_view_get_pace_text (fixture.view), ==, "");
  fixture_tear_down (&fixture);
}

static void
test_time_entries (void)
{
  Fixture fixture = { 0 };
  PwTimeEntryEditor *editor;
  PwTimeLog *log;
  g_autofree char *today = NULL;
  GtkWidget *row;

  fixture_set_up (&fixture);

  /* Ctrl+Shift+N adds time by hand: half an hour from 14:00 shows on
   * today's card once saved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "earnings.add-time",
                                             NULL));
  WAIT_UNTIL ((editor = (PwTimeEntryEditor *) find_toplevel (PW_TYPE_TIME_ENTRY_EDITOR)) != NULL);
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), PW_TYPE_TIME_ENTRY_EDITOR,
                                                    "start_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "14:00");
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), PW_TYPE_TIME_ENTRY_EDITOR,
                                                    "end_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "15:00");
  gtk_editable_set_text (GTK_EDITABLE (row), "25:00");
  g_assert_false (pw_time_entry_editor_save (editor));
  gtk_editable_set_text (GTK_EDITABLE (row), "14:30");
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), PW_TYPE_TIME_ENTRY_EDITOR,
                                                    "note_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "Qualification reading");
  g_assert_true (pw_time_entry_editor_save (editor));
  wait_update (&fixture);
  today = card_text (&fixture, PW_PERIOD_DAY);
  assert_has (today, "Hours|2 h 30 min|");

  /* The week's entries, newest first; deleting one takes its time off,
   * and undoing brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view),
                                             "earnings.show-time", NULL));
  log = PW_TIME_LOG (find_toplevel (PW_TYPE_TIME_LOG));
  g_assert_nonnull (log);
  WAIT_UNTIL (g_list_model_get_n_items (pw_time_log_get_entries (log)) == 6);
  g_assert_cmpstr (pw_time_log_entry_at (log, 0)->note, ==, "Qualification reading");
  g_assert_false (pw_time_log_entry_at (log, 0)->paid);
  g_assert_cmpstr (pw_time_log_entry_at (log, 5)->task_id, ==, "t5");

  pw_time_log_delete (log, pw_time_log_entry_at (log, 0)->id);
  wait_update (&fixture);
  g_free (today);
  today = card_text (&fixture, PW_PERIOD_DAY);
  assert_has (today, "Hours|2 h|");
  g_assert_cmpuint (g_list_model_get_n_items (pw_time_log_get_entries (log)), ==, 5);

  pw_time_log_undo (log);
  wait_update (&fixture);
  g_free (today);
  today = card_text (&fixture, PW_PERIOD_DAY);
  assert_has (today, "Hours|2 h 30 min|");
  WAIT_UNTIL (g_list_model_get_n_items (pw_time_log_get_entries (log)) == 6);

  /* Editing keeps what was measured: the note changes, the times stay. */
  {
    const PwTimeEntry *first = pw_time_log_entry_at (log, 5);
    g_autoptr (GDateTime) now = pw_earnings_view_dup_now (fixture.view);
    PwTimeEntryEditor *edit = pw_time_entry_editor_new (GTK_WINDOW (log),
                                                        pw_application_get_store (app), first,
                                                        now);
    gint64 started_at = first->started_at;

    row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (edit), PW_TYPE_TIME_ENTRY_EDITOR,
                                                    "note_row"));
    gtk_editable_set_text (GTK_EDITABLE (row), "Hard images");
    g_assert_true (pw_time_entry_editor_save (edit));
    pw_time_log_reload (log);
    WAIT_UNTIL (g_strcmp0 (pw_time_log_entry_at (log, 5)->note, "Hard images") == 0);
    g_assert_cmpint (pw_time_log_entry_at (log, 5)->started_at, ==, started_at);
    g_assert_cmpint (pw_time_log_entry_at (log, 5)->kind, ==, PW_TIME_TASK);
  }

  gtk_window_destroy (GTK_WINDOW (log));
  fixture_tear_down (&fixture);
}

static void
test_export (void)
{
  Fixture fixture = { 0 };
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "ledger.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;

  fixture_set_up (&fixture);
  pw_earnings_view_export (fixture.view, PW_LEDGER_EXPORT_ENTRIES, 0,
                           PW_EARNINGS_VIEW_ALL_TIME_END, file);
  g_assert_true (pw_earnings_view_get_exporting (fixture.view));
  WAIT_UNTIL (!pw_earnings_view_get_exporting (fixture.view));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_has (contents, "e1");
  assert_has (contents, "e9");
  assert_has (contents, "\r\n");

  /* The portfolio for clients, from the same menu: a PDF, no CSV. */
  {
    g_autofree char *pdf_path = g_build_filename (g_get_user_data_dir (), "portfolio.pdf", NULL);
    g_autoptr (GFile) pdf = g_file_new_for_path (pdf_path);
    g_autofree char *pdf_contents = NULL;
    gsize length = 0;

    pw_earnings_view_export_portfolio (fixture.view, 0, PW_EARNINGS_VIEW_ALL_TIME_END, pdf);
    g_assert_true (pw_earnings_view_get_exporting (fixture.view));
    WAIT_UNTIL (!pw_earnings_view_get_exporting (fixture.view));
    g_assert_true (g_file_get_contents (pdf_path, &pdf_contents, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (pdf_contents, "%PDF"));
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture.view)));
  }

  fixture_tear_down (&fixture);
}

/* The first label under @root whose text, as shown, contains @part. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), part) != NULL)
        return GTK_LABEL (child);
      if ((found = find_label (child, part)) != NULL)
        return found;
    }
  return NULL;
}

/* Names from a marketplace or the file system reach widgets that read
 * markup: a toast's title, a row's subtitle. They show as they are, and
 * GTK never warns that it could not read them. */
#define HOSTILE_NAME "<b>x</b> & <span foreground=\"red\">"
/* The same without the slash a file's name cannot hold. */
#define HOSTILE_FILE_NAME "<b>x<b> & <span foreground=\"red\">"

static void
test_plain_text (void)
{
  Fixture fixture = { 0 };
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING
                                                 | G_LOG_LEVEL_CRITICAL);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), HOSTILE_FILE_NAME ".csv",
                                       NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GDateTime) now = fixed_now ();
  g_autoptr (PwTimeEntry) entry = pw_time_entry_new (PW_TIME_TASK, local_us (11, 25, 9, 0),
                                                     local_us (11, 25, 10, 0));
  PwTimeEntryEditor *editor;
  gpointer weak_editor;
  GtkWidget *task_row;
  GtkLabel *label;

  fixture_set_up (&fixture);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);

  /* The toast after an export names the file. */
  pw_earnings_view_export (fixture.view, PW_LEDGER_EXPORT_ENTRIES, 0,
                           PW_EARNINGS_VIEW_ALL_TIME_END, file);
  WAIT_UNTIL (!pw_earnings_view_get_exporting (fixture.view));
  WAIT_UNTIL ((label = find_label (GTK_WIDGET (fixture.view), "the ledger to")) != NULL
              || (label = find_label (GTK_WIDGET (fixture.view), "export failed")) != NULL);
  pw_ui_test_wait_for_frames (GTK_WIDGET (fixture.window), 2);
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   "Exported the ledger to “" HOSTILE_FILE_NAME ".csv”");
  g_assert_true (g_file_query_exists (file, NULL));

  /* A time entry's task and project ids, as the marketplace gave them. */
  entry->id = 1;
  entry->task_id = g_strdup (HOSTILE_NAME);
  entry->project_id = g_strdup ("p-&amp;<i>");
  editor = pw_time_entry_editor_new (fixture.window, pw_application_get_store (app), entry, now);
  weak_editor = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak_editor);
  gtk_window_present (GTK_WINDOW (editor));
  pw_ui_test_wait_for_frames (GTK_WIDGET (editor), 2);
  task_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                        PW_TYPE_TIME_ENTRY_EDITOR, "task_row"));
  g_assert_true (gtk_widget_get_visible (task_row));
  label = find_label (task_row, " in ");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, HOSTILE_NAME " in p-&amp;<i>");

  gtk_window_destroy (GTK_WINDOW (editor));
  pw_ui_test_wait_finalized (&weak_editor);
  fixture_tear_down (&fixture);
  g_file_delete (file, NULL, NULL);
  g_log_set_always_fatal (fatal);
}

/* A few seconds after it starts, the application packs the weeks that
 * are over, in the background; the Earnings place's figures stay the same. */
static void
test_packed_in_background (void)
{
  PwStore *store;
  g_autoptr (GDateTime) now = fixed_now ();
  g_autoptr (PwRecentFigures) packed = NULL;
  g_autoptr (PwRecentFigures) unpacked = NULL;
  g_autoptr (GError) error = NULL;

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  if (pw_test_count (store, "SELECT count(*) FROM time_entries") == 0)
    fill_store (store);
  /* The store opened before the first test: packing is due soon, or,
   * where a slow machine packed an empty store before the tests filled it,
   * a minute after the ledger changed. */
  WAIT_UNTIL_WITHIN (pw_test_count (store, "SELECT count(*) FROM figure_packs "
                                           "WHERE stream = 1 AND n_rows > 0") > 0, 100);
  g_assert_cmpint (pw_test_count (store, "SELECT count(*) FROM figure_packs WHERE chunk = "
                                         "strftime ('%s', 'now') * 1000000 / 604800000000"),
                   ==, 0);

  packed = pw_recent_figures_load (store, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_pw_store_exec_on_writer (store, "DELETE FROM figure_packs", &error));
  unpacked = pw_recent_figures_load (store, now, NULL, &error);
  g_assert_no_error (error);
  pw_test_assert_figures_equal (packed->today, unpacked->today);
  pw_test_assert_figures_equal (packed->week, unpacked->week);
  pw_test_assert_figures_equal (packed->month, unpacked->month);
  pw_test_assert_figures_equal (packed->previous_month, unpacked->previous_month);
  pw_test_assert_groups_equal (packed->daily, unpacked->daily);
  pw_test_assert_groups_equal (packed->projects, unpacked->projects);
}

/* Accepted work priced by the worker's own rate counts in the cards and
 * the projects, and says it is the worker's own figure. */
static void
test_own_figures (void)
{
  Fixture fixture = { 0 };
  PwStore *store;
  g_autoptr (PwRate) rate = NULL;
  g_autofree char *today = NULL;
  g_autofree char *table = NULL;
  const char *own;
  PwMoney money = { 12000000, "EUR" };

  WAIT_UNTIL (pw_application_get_store_ready (app));
  store = pw_application_get_store (app);
  pw_test_exec (store, "INSERT INTO tasks (account_id, task_id, claim_id, project_id, kind, "
                       "state, updated_at) VALUES ('cvat', 'job-1-f1', 'c', 'job-1', 'image', "
                       "'synced', 0)");
  pw_test_exec (store, "INSERT INTO time_entries (kind, account_id, task_id, project_id, "
                       "started_at, ended_at, paid, updated_at) VALUES ('task', 'cvat', "
                       "'job-1-f1', 'job-1', %lld, %lld, 1, 0)",
                (long long) local_us (11, 25, 14, 0), (long long) local_us (11, 25, 14, 30));
  pw_test_exec (store, "INSERT INTO submissions (account_id, task_id, claim_id, idempotency_key, "
                       "body, state, created_at) VALUES ('cvat', 'job-1-f1', 'c', 'k-own', '{}', "
                       "'done', %lld)", (long long) local_us (11, 25, 14, 31));

  fixture_set_up (&fixture);
  today = card_text (&fixture, PW_PERIOD_DAY);
  g_assert_null (strstr (today, "Of which your own figures"));

  /* 12 EUR an hour for the half hour. */
  rate = pw_rate_new ("cvat", "job-1", &money, PW_RATE_PER_HOUR, 0);
  pw_store_set_rate (store, rate);
  g_signal_emit_by_name (app, "ledger-changed");
  wait_update (&fixture);
  g_free (today);
  today = card_text (&fixture, PW_PERIOD_DAY);
  /* Earned counts it; the line under it says it is the worker's own. */
  own = strstr (today, "|Of which your own figures|");
  g_assert_nonnull (own);
  g_assert_true (g_str_has_prefix (own + strlen ("|Of which your own figures|"), "6.00 EUR") ||
                 strstr (own, "\n6.00 EUR") != NULL);
  g_assert_true (strstr (today, "|Earned|") < own);
  table = labels_of (GTK_WIDGET (pw_earnings_view_get_project_table (fixture.view)));
  assert_has (table, "job-1|cvat|1|");
  assert_has (table, "EUR/h (own figures)|");
  assert_has (table, "6.00 EUR (own figures)|");

  fixture_tear_down (&fixture);
}

/* The ticks of an axis from 0 to its top, as the chart writes them. */
static char *
axis_text (double max)
{
  GString *text = g_string_new (NULL);
  double top, step;

  _pw_earnings_chart_nice_scale (max, 4, &top, &step);
  for (double v = 0; v <= top + step / 2; v += step)
    {
      g_autofree char *tick = _pw_earnings_chart_tick_text (v, step);

      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", tick);
    }
  return g_string_free (text, FALSE);
}

/* The chart's money axis reads apart at any scale: a first task paid a
 * fraction of a cent makes an axis of thousandths, not five "0.00". */
static void
test_axis_ticks (void)
{
  static const struct { double max; const char *ticks; } axes[] = {
    { 0.004, "0.000 0.001 0.002 0.003 0.004" },
    { 0.0007, "0.0000 0.0002 0.0004 0.0006 0.0008" },
    { 0.04, "0.00 0.01 0.02 0.03 0.04" },
    { 0.3, "0.0 0.1 0.2 0.3" },
    { 3.5, "0 1 2 3 4" },
    { 250, "0 100 200 300" },
    { 0, "0.0 0.5 1.0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (axes); i++)
    {
      g_autofree char *text = axis_text (axes[i].max);

      g_assert_cmpstr (text, ==, axes[i].ticks);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/earnings-view/formats", test_formats);
  g_test_add_func ("/earnings-view/empty", test_empty);
  g_test_add_func ("/earnings-view/figures", test_figures);
  g_test_add_func ("/earnings-view/chart", test_chart);
  g_test_add_func ("/earnings-view/axis-ticks", test_axis_ticks);
  g_test_add_func ("/earnings-view/goal-and-floor", test_goal_and_floor);
  g_test_add_func ("/earnings-view/time-entries", test_time_entries);
  g_test_add_func ("/earnings-view/export", test_export);
  g_test_add_func ("/earnings-view/plain-text", test_plain_text);
  g_test_add_func ("/earnings-view/packed-in-background", test_packed_in_background);
  g_test_add_func ("/earnings-view/own-figures", test_own_figures);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
