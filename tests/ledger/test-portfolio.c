/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "../store/pw-store-test.h"
#include "ledger/pw-portfolio-private.h"
#include "store/pw-store-private.h"

/* The portfolio report against a store with fixtures written straight into
 * its tables, as the outbox, the statement merge and the activity clock
 * leave them. The span is the year 2026 in UTC. */

#define YEAR_START G_GINT64_CONSTANT (1767225600000000) /* 2026-01-01 UTC */
#define YEAR_END   G_GINT64_CONSTANT (1798761600000000) /* 2027-01-01 UTC */
#define HOUR_US    (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

/* @day days after 2026-03-01 00:00 UTC, plus @hour hours. */
static gint64
at (int day,
    int hour)
{
  return G_GINT64_CONSTANT (1772323200000000) + ((gint64) day * 24 + hour) * HOUR_US;
}

static void
exec (PwStore    *store,
      const char *format,
      ...)
{
  g_autoptr (GError) error = NULL;
  char *sql;
  va_list args;

  va_start (args, format);
  sql = sqlite3_vmprintf (format, args);
  va_end (args);
  g_assert_true (_pw_store_exec_on_writer (store, sql, &error));
  g_assert_no_error (error);
  sqlite3_free (sql);
}

static void
add_project (PwStore    *store,
             const char *account_id,
             const char *project_id,
             const char *name)
{
  exec (store, "INSERT INTO projects (account_id, project_id, name, kind, pay_micro, currency, "
               "project_json, fetched_at) VALUES (%Q, %Q, %Q, 'image', 40000, 'USD', "
               "json_object('id', %Q, 'name', %Q), 0)",
        account_id, project_id, name, project_id, name);
}

/* A task of @project_id and its submission in @state at @created_at. */
static void
add_submission (PwStore    *store,
                const char *account_id,
                const char *task_id,
                const char *project_id,
                const char *state,
                gint64      created_at,
                const char *annotation)
{
  static guint n;
  g_autofree char *key = g_strdup_printf ("k-%u", ++n);

  exec (store, "INSERT OR IGNORE INTO tasks (account_id, task_id, claim_id, project_id, kind, "
               "pay_micro, currency, state, updated_at) "
               "VALUES (%Q, %Q, 'c-1', %Q, 'image', 1234567, 'USD', 'synced', 0)",
        account_id, task_id, project_id);
  exec (store, "INSERT INTO submissions (account_id, task_id, claim_id, idempotency_key, body, "
               "annotation, state, created_at) VALUES (%Q, %Q, 'c-1', %Q, '{}', %Q, %Q, %lld)",
        account_id, task_id, key, annotation, state, (long long) created_at);
}

/* A task's statement entry; a negative @score is no review score. */
static void
add_entry (PwStore    *store,
           const char *account_id,
           const char *entry_id,
           const char *type,
           const char *task_id,
           const char *project_id,
           const char *status,
           gint64      when,
           double      score)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  exec (store, "INSERT INTO ledger_entries (account_id, entry_id, type, status, task_id, "
               "project_id, amount_micro, currency, at, review_score, first_seen_at, updated_at) "
               "VALUES (%Q, %Q, %Q, %Q, %Q, %Q, 1234567, 'USD', %lld, %s, 0, 0)",
        account_id, entry_id, type, status, task_id, project_id, (long long) when,
        score < 0 ? "NULL" : g_ascii_dtostr (buffer, sizeof buffer, score));
}

static void
add_time (PwStore    *store,
          const char *kind,
          const char *account_id,
          const char *task_id,
          const char *project_id,
          gint64      started_at,
          gint64      duration_us)
{
  exec (store, "INSERT INTO time_entries (kind, account_id, task_id, project_id, started_at, "
               "ended_at, paid, updated_at) VALUES (%Q, %Q, %Q, %Q, %lld, %lld, 1, 0)",
        kind, account_id, task_id, project_id, (long long) started_at,
        (long long) (started_at + duration_us), (long long) duration_us);
}

/* Two accounts, four projects, one named in Japanese; work in March and
 * April 2026, and some that does not count. The expected figures are
 * worked out beside each line. */
static void
add_fixture (PwStore *store)
{
  exec (store, "INSERT INTO accounts (id, name, base_url, created_at) VALUES "
               "('a-1', 'Clickwork', 'http://127.0.0.1:1/', 0), "
               "('a-2', 'Tagfair', 'http://127.0.0.1:2/', 0)");
  add_project (store, "a-1", "p-cars", "Street cars");
  add_project (store, "a-1", "p-reviews", "Product reviews");
  add_project (store, "a-2", "p-speech", "Spoken Dutch");
  add_project (store, "a-2", "p-signs", "交通標識");

  /* Street cars: 3 tasks, 3 boxes, 2 polygons. */
  add_submission (store, "a-1", "t1", "p-cars", "done", at (1, 9),
                  "{\"shapes\": [{\"type\": \"bbox\"}, {\"type\": \"bbox\"}, "
                  "{\"type\": \"polygon\"}]}");
  add_submission (store, "a-1", "t2", "p-cars", "pending", at (2, 9),
                  "{\"shapes\": [{\"type\": \"bbox\"}]}");
  /* Refused by the marketplace: not work done. */
  add_submission (store, "a-1", "t3", "p-cars", "conflict", at (2, 10),
                  "{\"shapes\": [{\"type\": \"bbox\"}, {\"type\": \"bbox\"}]}");
  /* Sent twice: the latest submission counts, once. */
  add_submission (store, "a-1", "t4", "p-cars", "pending", at (3, 9),
                  "{\"shapes\": [{\"type\": \"bbox\"}, {\"type\": \"bbox\"}]}");
  add_submission (store, "a-1", "t4", "p-cars", "done", at (3, 10),
                  "{\"shapes\": [{\"type\": \"polygon\"}]}");
  /* Before the span. */
  add_submission (store, "a-1", "t9", "p-cars", "done", YEAR_START - HOUR_US,
                  "{\"shapes\": [{\"type\": \"bbox\"}]}");

  /* Product reviews: 1 task, 3 items. Spoken Dutch: 1 task, 4 items.
   * 交通標識: 1 task, 1 box. */
  add_submission (store, "a-1", "t6", "p-reviews", "done", at (40, 9),
                  "{\"choices\": [\"positive\"], \"spans\": [{\"start\": 0, \"end\": 4}, "
                  "{\"start\": 6, \"end\": 9}]}");
  add_submission (store, "a-2", "t7", "p-speech", "sending", at (41, 9),
                  "{\"segments\": [{}, {}, {}], \"transcript\": \"hallo daar\"}");
  add_submission (store, "a-2", "t8", "p-signs", "done", at (42, 9),
                  "{\"shapes\": [{\"type\": \"bbox\"}]}");

  /* Reviews: 4 reviewed, 3 approved; scores 0.9, 0.5 and 1.0. Street
   * cars: 3 reviewed, 2 approved, scores 0.9 and 0.5. */
  add_entry (store, "a-1", "e1", "task", "t1", "p-cars", "approved", at (4, 0), 0.9);
  add_entry (store, "a-1", "e2", "task", "t2", "p-cars", "rejected", at (5, 0), 0.5);
  add_entry (store, "a-1", "e3", "task", "t4", "p-cars", "paid", at (6, 0), -1);
  add_entry (store, "a-1", "e4", "task", "t6", "p-reviews", "pending", at (44, 0), -1);
  add_entry (store, "a-2", "e5", "task", "t7", "p-speech", "approved", at (45, 0), 1.0);
  add_entry (store, "a-2", "e6", "bonus", "t7", "p-speech", "approved", at (45, 0), 0.1);

  /* Hours: 4.5 in all; Street cars 1.5, Spoken Dutch 2, outside a
   * project 1. March 2.5, April 2. The ten minutes between t1 and t2 are
   * the worker's overhead, not hours worked. */
  add_time (store, "task", "a-1", "t1", "p-cars", at (1, 8), HOUR_US);
  add_time (store, "idle", "a-1", "t2", "p-cars", at (1, 9) + HOUR_US / 6, HOUR_US / 2);
  add_time (store, "manual", NULL, NULL, NULL, at (3, 8), HOUR_US);
  add_time (store, "task", "a-2", "t7", "p-speech", at (41, 8), 2 * HOUR_US);
  add_time (store, "task", "a-1", "t9", "p-cars", YEAR_START - 6 * HOUR_US, 5 * HOUR_US);
}

typedef struct
{
  char         *dir;
  PwStore      *store;
  guint64       last_done;
  guint64       last_total;
  guint         n_progress;
  guint         n_freed;
  gboolean      cancel_on_progress;
  gboolean      local_time;
  GCancellable *cancellable;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("portfolio-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = pw_store_test_open (NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  pw_store_test_close (&fixture->store);
  g_clear_object (&fixture->cancellable);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_chmod (path, 0700);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Fixture *fixture = user_data;

  g_assert_cmpuint (done, <=, total);
  fixture->last_done = done;
  fixture->last_total = total;
  fixture->n_progress++;
  if (fixture->cancel_on_progress)
    g_cancellable_cancel (fixture->cancellable);
}

static void
on_progress_freed (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->n_freed++;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Writes the report of 2026 to @path, in UTC unless the fixture asks for
 * the local time zone, and checks that the progress data is freed. */
static gboolean
write_report (Fixture     *fixture,
              const char  *path,
              const char  *worker_name,
              GError     **error)
{
  g_autoptr (GFile) output = g_file_new_for_path (path);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  guint n_freed = fixture->n_freed;
  gboolean written;

  pw_portfolio_write_async (fixture->store, output, YEAR_START, YEAR_END, worker_name,
                            fixture->local_time ? NULL : utc,
                            on_progress, fixture, on_progress_freed, fixture->cancellable,
                            on_written, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  written = pw_portfolio_write_finish (fixture->store, result, error);
  g_clear_object (&result);

  /* The progress data is freed once, when the thread lets go of the
   * write, a moment after the callback. */
  while (fixture->n_freed == n_freed && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpuint (fixture->n_freed, ==, n_freed + 1);
  return written;
}

/* Returns: (transfer full): the text of @path, laid out as on the page,
 *   or with @raw in the order it was drawn, or %NULL without pdftotext */
static char *
pdf_text (const char *path,
          gboolean    raw)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "pdftotext", raw ? "-raw" : "-layout", "-enc", "UTF-8", path, "-",
                         NULL };
  int status = 0;

  if (program == NULL)
    return NULL;
  argv[0] = program;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static guint
count_pages (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GRegex) page = g_regex_new ("/Type\\s*/Page\\b(?!s)", G_REGEX_RAW, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 5);
  g_assert_true (memcmp (contents, "%PDF-", 5) == 0);
  /* Each page is an object of type Page, written as plain text. */
  g_regex_match_full (page, contents, length, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

/* Asserts that a line of @text matches @pattern. */
static void
assert_line (const char *text,
             const char *pattern)
{
  if (!g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    g_error ("No line matches “%s” in:\n%s", pattern, text);
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (PwPortfolio) portfolio = NULL;
  g_autoptr (GError) error = NULL;
  PwPortfolioRow *row;

  add_fixture (fixture->store);
  portfolio = _pw_portfolio_gather (fixture->store, YEAR_START, YEAR_END, utc, NULL, NULL, NULL,
                                    &error);
  g_assert_no_error (error);

  g_assert_cmpuint (portfolio->total.n_tasks, ==, 6);
  g_assert_cmpuint (portfolio->total.n_boxes, ==, 4);
  g_assert_cmpuint (portfolio->total.n_polygons, ==, 2);
  g_assert_cmpuint (_pw_portfolio_row_items (&portfolio->total), ==, 7);
  g_assert_cmpuint (portfolio->total.n_transcripts, ==, 1);
  g_assert_cmpint (portfolio->total.work_us, ==, 9 * HOUR_US / 2);
  g_assert_cmpuint (portfolio->total.n_reviewed, ==, 4);
  g_assert_cmpuint (portfolio->total.n_approved, ==, 3);
  g_assert_cmpfloat_with_epsilon (_pw_portfolio_row_accuracy (&portfolio->total), 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (_pw_portfolio_row_approval (&portfolio->total), 0.75, 1e-9);
  g_assert_cmpuint (portfolio->n_accounts, ==, 2);

  /* By name, in the locale's order, then the work outside any project. */
  g_assert_cmpuint (portfolio->projects->len, ==, 5);
  row = portfolio->projects->pdata[4];
  g_assert_null (row->name);
  g_assert_cmpint (row->work_us, ==, HOUR_US);
  g_assert_cmpuint (row->n_tasks, ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      row = portfolio->projects->pdata[i];
      if (g_str_equal (row->name, "Street cars"))
        break;
    }
  g_assert_cmpstr (row->name, ==, "Street cars");
  g_assert_cmpstr (row->account_name, ==, "Clickwork");
  g_assert_cmpuint (row->n_tasks, ==, 3);
  g_assert_cmpuint (row->n_boxes, ==, 3);
  g_assert_cmpuint (row->n_polygons, ==, 2);
  g_assert_cmpint (row->work_us, ==, 3 * HOUR_US / 2);
  g_assert_cmpuint (row->n_reviewed, ==, 3);
  g_assert_cmpuint (row->n_approved, ==, 2);
  g_assert_cmpfloat_with_epsilon (_pw_portfolio_row_accuracy (row), 0.7, 1e-9);

  g_assert_cmpuint (portfolio->months->len, ==, 2);
  row = portfolio->months->pdata[0];
  g_assert_cmpint (row->month_start, ==, at (0, 0));
  g_assert_cmpuint (row->n_tasks, ==, 3);
  g_assert_cmpint (row->work_us, ==, 5 * HOUR_US / 2);
  row = portfolio->months->pdata[1];
  g_assert_cmpint (row->month_start, ==, at (31, 0));
  g_assert_cmpuint (row->n_tasks, ==, 3);
  g_assert_cmpuint (_pw_portfolio_row_items (row), ==, 7);
  g_assert_cmpint (row->work_us, ==, 2 * HOUR_US);
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "portfolio.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;

  add_fixture (fixture->store);
  g_assert_true (write_report (fixture, path, "Zoë Łukasiewicz", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_pages (path), ==, 1);
  g_assert_cmpuint (fixture->n_progress, >, 0);
  g_assert_cmpuint (fixture->last_done, ==, fixture->last_total);

  text = pdf_text (path, FALSE);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is missing: install poppler-utils");
      return;
    }
  g_test_message ("%s", text);
  assert_line (text, "Work portfolio");
  assert_line (text, "Zoë Łukasiewicz");
  assert_line (text, "1 January 2026 – 31 December 2026");
  /* The totals: tasks, shapes, items; hours, accuracy, approval. */
  assert_line (text, "^\\s*6\\s+6\\s+7\\s*$");
  assert_line (text, "^\\s*4\\.5\\s+80\\.0%\\s+75\\.0%\\s*$");
  assert_line (text, "4 boxes · 2 polygons");
  raw = pdf_text (path, TRUE);
  g_strdelimit (raw, "\n", ' ');
  g_assert_nonnull (strstr (raw, "1 choice · 2 text spans · 3 audio segments · 1 transcript"));
  /* A project's row, with its account as there are two. */
  assert_line (text, "^\\s*Street cars\\s+3\\s+3\\s+2\\s+0\\s+1\\.5\\s+70\\.0%\\s+66\\.7%\\s*$");
  assert_line (text, "^\\s*Clickwork\\s*$");
  assert_line (text, "^\\s*交通標識\\s+1\\s+1\\s+0\\s+0\\s+0\\.0\\s+—\\s+—\\s*$");
  assert_line (text, "^\\s*Work outside a project\\s+0\\s+0\\s+0\\s+0\\s+1\\.0\\s+—\\s+—\\s*$");
  assert_line (text, "^\\s*Total\\s+6\\s+4\\s+2\\s+7\\s+4\\.5\\s+80\\.0%\\s+75\\.0%\\s*$");
  assert_line (text, "^\\s*March 2026\\s+3\\s+3\\s+2\\s+0\\s+2\\.5\\s+70\\.0%\\s+66\\.7%\\s*$");
  assert_line (text, "^\\s*April 2026\\s+3\\s+1\\s+0\\s+7\\s+2\\.0\\s+100\\.0%\\s+100\\.0%\\s*$");
  assert_line (text, "Page 1 of 1");
  /* No pay reaches a client: 1234567 micro-units are 1.234567 USD. */
  g_assert_null (strstr (text, "USD"));
  g_assert_null (strstr (text, "1.23"));
  g_assert_null (strstr (text, "1,23"));
}

/* U+10FFFD, the last character of the private use planes: no font has
 * it. */
#define NO_FONT_HAS "\xf4\x8f\xbf\xbd"
#define REPLACEMENT "\xef\xbf\xbd"

/* A character that no font has shows as U+FFFD, from a font that has it
 * (fonts-dejavu-core): never as a box with its code in hex, whose digits a
 * text extractor reads back as the character or as its code. */
static void
test_unknown_glyph (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "unknown.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  exec (fixture->store, "INSERT INTO accounts (id, name, base_url, created_at) VALUES "
                        "('a-1', 'Clickwork', 'http://127.0.0.1:1/', 0)");
  add_project (fixture->store, "a-1", "p-odd", "Signs " NO_FONT_HAS " here");
  add_submission (fixture->store, "a-1", "t1", "p-odd", "done", at (1, 9),
                  "{\"shapes\": [{\"type\": \"bbox\"}]}");
  g_assert_true (write_report (fixture, path, "Ana " NO_FONT_HAS " Lima", &error));
  g_assert_no_error (error);

  text = pdf_text (path, FALSE);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is missing: install poppler-utils");
      return;
    }
  g_test_message ("%s", text);
  assert_line (text, "Ana " REPLACEMENT " Lima");
  assert_line (text, "^\\s*Signs " REPLACEMENT " here\\s+1\\s+1\\s+");
  g_assert_null (strstr (text, NO_FONT_HAS));
  g_assert_null (strstr (text, "10FFFD"));
  g_assert_null (strstr (text, "10FF"));
}

/* The names of projects in the scripts of the marketplaces' workers find a
 * font each: build-aux/debian-packages.txt lists them. A name without one
 * would show U+FFFD. */
static void
test_scripts (Fixture       *fixture,
              gconstpointer  data)
{
  static const char *const names[] = {
    "交通標識",           /* Japanese */
    "街景标注",           /* Chinese */
    "도로 표지판",        /* Korean */
    "صور الشوارع",        /* Arabic */
    "תמונות רחוב",        /* Hebrew */
    "सड़क के संकेत",         /* Hindi */
    "ป้ายจราจร",          /* Thai */
    "Дорожные знаки",     /* Russian */
    "Οδικές πινακίδες",   /* Greek */
    "Biển báo giao thông", /* Vietnamese */
  };
  g_autofree char *path = g_build_filename (fixture->dir, "scripts.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  exec (fixture->store, "INSERT INTO accounts (id, name, base_url, created_at) VALUES "
                        "('a-1', 'Clickwork', 'http://127.0.0.1:1/', 0)");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *project = g_strdup_printf ("p-%u", i);
      g_autofree char *task = g_strdup_printf ("t-%u", i);

      add_project (fixture->store, "a-1", project, names[i]);
      add_submission (fixture->store, "a-1", task, project, "done", at (1, 9),
                      "{\"shapes\": [{\"type\": \"bbox\"}]}");
    }
  g_assert_true (write_report (fixture, path, "ज़ोया 美咲", &error));
  g_assert_no_error (error);

  text = pdf_text (path, TRUE);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is missing: install poppler-utils");
      return;
    }
  g_test_message ("%s", text);
  if (strstr (text, REPLACEMENT) != NULL)
    g_error ("A name was drawn without a font for some of its characters; install the "
             "fonts of build-aux/debian-packages.txt:\n%s", text);
  g_assert_nonnull (strstr (text, "交通標識"));
  g_assert_nonnull (strstr (text, "Дорожные знаки"));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "empty.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  /* Without a time zone, the local one. */
  fixture->local_time = TRUE;
  g_assert_true (write_report (fixture, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_pages (path), ==, 1);
  g_assert_cmpuint (fixture->last_done, ==, 1);
  g_assert_cmpuint (fixture->last_total, ==, 1);

  if ((text = pdf_text (path, FALSE)) == NULL)
    return;
  assert_line (text, "No work was recorded in this span.");
  g_assert_null (strstr (text, "By project"));
}

/* Sixty projects fill more than a page: the table goes on, under its
 * column names again, and every page is numbered. */
static void
test_long (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "long.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) pages = NULL;
  guint n_pages;

  exec (fixture->store, "INSERT INTO accounts (id, name, base_url, created_at) "
                        "VALUES ('a-1', 'Clickwork', 'http://127.0.0.1:1/', 0)");
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *project_id = g_strdup_printf ("p-%02u", i);
      g_autofree char *name = g_strdup_printf ("Project %02u", i);
      g_autofree char *task_id = g_strdup_printf ("t-%02u", i);

      add_project (fixture->store, "a-1", project_id, name);
      add_submission (fixture->store, "a-1", task_id, project_id, "done", at (i % 28, 9),
                      "{\"shapes\": [{\"type\": \"bbox\"}]}");
    }
  g_assert_true (write_report (fixture, path, "Ana", &error));
  g_assert_no_error (error);

  n_pages = count_pages (path);
  g_assert_cmpuint (n_pages, >, 1);

  if ((text = pdf_text (path, FALSE)) == NULL)
    return;
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", i + 1, n_pages);

      g_assert_nonnull (strstr (pages[i], footer));
    }
  assert_line (pages[1], "^\\s*Project\\s+Tasks\\s+Boxes\\s+Polygons\\s+Items\\s+Hours\\s+"
                         "Accuracy\\s+Approval\\s*$");
  assert_line (text, "^\\s*Project 00\\s+1\\s+1\\s+0\\s+0\\s+0\\.0");
  assert_line (text, "^\\s*Project 59\\s+1\\s+1\\s+0\\s+0\\s+0\\.0");
  assert_line (text, "^\\s*Total\\s+60\\s+60\\s+0\\s+0\\s+0\\.0");
  /* One account: its name is not repeated under each project. */
  g_assert_null (strstr (text, "Clickwork"));
}

/* A write cancelled while it reads leaves no file, and a report written
 * before stays as it was. */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "cancelled.pdf", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  exec (fixture->store, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 3000) "
                        "INSERT INTO submissions (account_id, task_id, claim_id, "
                        "idempotency_key, body, annotation, state, created_at) "
                        "SELECT 'a-1', 't-' || i, 'c-1', 'k-' || i, '{}', "
                        "'{\"shapes\": [{\"type\": \"bbox\"}]}', 'done', %lld FROM n",
        (long long) at (1, 0));

  fixture->cancellable = g_cancellable_new ();
  fixture->cancel_on_progress = TRUE;
  g_assert_false (write_report (fixture, path, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Cancelled before it starts, over an older report. */
  g_assert_true (g_file_set_contents (kept, "older", -1, NULL));
  g_assert_false (write_report (fixture, kept, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "older");
}

static gboolean
become_nobody (void)
{
  if (geteuid () != 0)
    return FALSE;
  g_assert_cmpint (setegid (65534), ==, 0);
  g_assert_cmpint (seteuid (65534), ==, 0);
  return TRUE;
}

static void
become_root (void)
{
  g_assert_cmpint (seteuid (0), ==, 0);
  g_assert_cmpint (setegid (0), ==, 0);
  /* Changing ids makes the process undumpable, which stops the leak
   * checker from inspecting it at exit. */
  prctl (PR_SET_DUMPABLE, 1);
}

/* A folder that is missing, a file where the folder should be, and a
 * folder that cannot be written to: each says what to do, and no file
 * is left behind. */
static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "nowhere", "report.pdf", NULL);
  g_autofree char *plain = g_build_filename (fixture->dir, "plain", NULL);
  g_autofree char *under_plain = g_build_filename (plain, "report.pdf", NULL);
  g_autofree char *locked = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "report.pdf", NULL);
  g_autoptr (GError) error = NULL;
  gboolean was_root;

  g_assert_false (write_report (fixture, missing, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_nonnull (strstr (error->message, "Choose another folder"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (plain, "x", 1, NULL));
  g_assert_false (write_report (fixture, under_plain, NULL, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  was_root = become_nobody ();
  g_assert_false (write_report (fixture, in_locked, NULL, &error));
  if (was_root)
    become_root ();
  g_assert_error (error, PW_ERROR, PW_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "cannot be written to"));
  g_assert_nonnull (strstr (error->message, "Choose a folder you can write to"));
  g_assert_false (g_file_test (in_locked, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
  g_rmdir (locked);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/ledger/portfolio/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("figures", test_figures);
  ADD ("pdf", test_pdf);
  ADD ("unknown-glyph", test_unknown_glyph);
  ADD ("scripts", test_scripts);
  ADD ("empty", test_empty);
  ADD ("long", test_long);
  ADD ("cancelled", test_cancelled);
  ADD ("unwritable", test_unwritable);
#undef ADD

  return g_test_run ();
}
