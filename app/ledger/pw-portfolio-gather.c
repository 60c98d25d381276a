/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "model/pw-json.h"
#include "pw-error.h"
#include "pw-figures-private.h"
#include "pw-portfolio-private.h"
#include "store/pw-store-sql.h"

/* The figures of the portfolio report, read from the store: the tasks
 * submitted and what their annotations labeled, and from the figures of
 * the dashboard, the hours and the reviews. Everything is read in one
 * read transaction, so the report holds one state of the store. No money
 * reaches the report: it is about the work, not the pay. */

/* Rows between two looks at the cancellable and two progress reports. */
#define STEP_ROWS 256

typedef struct
{
  PwPortfolio         *portfolio;
  GHashTable          *projects;
  GHashTable          *months;
  GHashTable          *project_names;
  GHashTable          *account_names;
  PwPortfolioRow      *other;
  gint64               month_lo;
  gint64               month_hi;
  PwPortfolioStepFunc  step;
  gpointer             step_data;
} Gather;

guint
_pw_portfolio_row_items (const PwPortfolioRow *row)
{
  return row->n_choices + row->n_spans + row->n_segments + row->n_transcripts;
}

/* The mean review score, from 0 to 1, or -1 without one. */
double
_pw_portfolio_row_accuracy (const PwPortfolioRow *row)
{
  return row->n_scored > 0 ? row->score_sum / row->n_scored : -1;
}

/* Approved ÷ reviewed, or -1 when nothing was reviewed. */
double
_pw_portfolio_row_approval (const PwPortfolioRow *row)
{
  return row->n_reviewed > 0 ? (double) row->n_approved / row->n_reviewed : -1;
}

static void
row_free (PwPortfolioRow *row)
{
  g_free (row->name);
  g_free (row->account_name);
  g_free (row);
}

void
_pw_portfolio_free (PwPortfolio *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self);
}

/* The start of the local month that holds @at. Rows come in no order of
 * time, so the last month found is kept: most rows fall in it. */
static gint64
month_of (Gather *gather,
          gint64  at)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) next = NULL;
  int year, month;

  if (at >= gather->month_lo && at < gather->month_hi)
    return gather->month_lo;

  local = pw_date_time_new_usec (at, gather->portfolio->tz);
  g_date_time_get_ymd (local, &year, &month, NULL);
  first = g_date_time_new (gather->portfolio->tz, year, month, 1, 0, 0, 0);
  next = g_date_time_add_months (first, 1);
  gather->month_lo = pw_date_time_to_usec (first);
  gather->month_hi = pw_date_time_to_usec (next);
  return gather->month_lo;
}

static PwPortfolioRow *
month_row (Gather *gather,
           gint64  at)
{
  gint64 start = month_of (gather, at);
  PwPortfolioRow *row = g_hash_table_lookup (gather->months, &start);

  if (row == NULL)
    {
      row = g_new0 (PwPortfolioRow, 1);
      row->month_start = start;
      g_hash_table_insert (gather->months, &row->month_start, row);
    }
  return row;
}

static PwPortfolioRow *
project_row (Gather     *gather,
             const char *account_id,
             const char *project_id)
{
  g_autofree char *key = NULL;
  PwPortfolioRow *row;
  const char *name;

  if (project_id == NULL)
    {
      if (gather->other == NULL)
        gather->other = g_new0 (PwPortfolioRow, 1);
      return gather->other;
    }

  if (account_id == NULL)
    account_id = "";
  key = g_strconcat (account_id, "\x1f", project_id, NULL);
  row = g_hash_table_lookup (gather->projects, key);
  if (row != NULL)
    return row;

  row = g_new0 (PwPortfolioRow, 1);
  name = g_hash_table_lookup (gather->project_names, key);
  row->name = g_strdup (name != NULL ? name : project_id);
  if (*account_id != '\0')
    {
      name = g_hash_table_lookup (gather->account_names, account_id);
      row->account_name = g_strdup (name != NULL ? name : account_id);
    }
  g_hash_table_insert (gather->projects, g_steal_pointer (&key), row);
  return row;
}

/* The rows a datum of @account_id's @project_id at @at adds to. */
static void
rows_for (Gather          *gather,
          const char      *account_id,
          const char      *project_id,
          gint64           at,
          PwPortfolioRow **rows)
{
  rows[0] = &gather->portfolio->total;
  rows[1] = project_row (gather, account_id, project_id);
  rows[2] = month_row (gather, at);
}

static guint
array_length (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node)
         ? json_array_get_length (json_node_get_array (node)) : 0;
}

/* Returns: (nullable): the string @member of @object, if it is one */
static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Adds what one submitted annotation labeled. An annotation the store
 * holds was checked when it was submitted; one that does not parse still
 * counts as a task, with nothing labeled. */
static void
count_annotation (const char      *text,
                  PwPortfolioRow **rows)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;
  JsonNode *member;
  guint boxes = 0, polygons = 0, choices, spans, segments, transcripts = 0;

  for (guint r = 0; r < 3; r++)
    rows[r]->n_tasks++;
  if (text == NULL)
    return;

  node = pw_json_parse (text, strlen (text), "annotation", &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("A submitted annotation is not counted: %s",
               error != NULL ? error->message : "not an object");
      return;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "shapes");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *shapes = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (shapes); i++)
        {
          JsonNode *shape = json_array_get_element (shapes, i);
          const char *type;

          if (!JSON_NODE_HOLDS_OBJECT (shape))
            continue;
          type = string_member (json_node_get_object (shape), "type");
          if (g_strcmp0 (type, "bbox") == 0)
            boxes++;
          else if (g_strcmp0 (type, "polygon") == 0)
            polygons++;
        }
    }
  choices = array_length (object, "choices");
  spans = array_length (object, "spans");
  segments = array_length (object, "segments");
  if (string_member (object, "transcript") != NULL
      && *string_member (object, "transcript") != '\0')
    transcripts = 1;

  for (guint r = 0; r < 3; r++)
    {
      rows[r]->n_boxes += boxes;
      rows[r]->n_polygons += polygons;
      rows[r]->n_choices += choices;
      rows[r]->n_spans += spans;
      rows[r]->n_segments += segments;
      rows[r]->n_transcripts += transcripts;
    }
}

static gboolean
step_failed (sqlite3  *db,
             int       rc,
             GError  **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  pw_store_db_set_error (error, db, rc, _("Could not read the work for the portfolio"));
  return TRUE;
}

static gboolean
read_names (sqlite3  *db,
            Gather   *gather,
            GError  **error)
{
  g_autoptr (sqlite3_stmt) projects = NULL;
  g_autoptr (sqlite3_stmt) accounts = NULL;
  int rc;

  projects = pw_store_db_prepare (db, "SELECT account_id, project_id, name FROM projects", error);
  if (projects == NULL)
    return FALSE;
  while ((rc = sqlite3_step (projects)) == SQLITE_ROW)
    g_hash_table_insert (gather->project_names,
                         g_strconcat ((const char *) sqlite3_column_text (projects, 0), "\x1f",
                                      (const char *) sqlite3_column_text (projects, 1), NULL),
                         g_strdup ((const char *) sqlite3_column_text (projects, 2)));
  if (step_failed (db, rc, error))
    return FALSE;

  accounts = pw_store_db_prepare (db, "SELECT id, name FROM accounts", error);
  if (accounts == NULL)
    return FALSE;
  while ((rc = sqlite3_step (accounts)) == SQLITE_ROW)
    g_hash_table_insert (gather->account_names,
                         g_strdup ((const char *) sqlite3_column_text (accounts, 0)),
                         g_strdup ((const char *) sqlite3_column_text (accounts, 1)));
  return !step_failed (db, rc, error);
}

/* Submissions that reached their marketplace or wait to, each task once:
 * a task sent again after a failure keeps its latest submission. */
static gboolean
read_submissions (sqlite3              *db,
                  Gather               *gather,
                  PwPortfolioStepFunc   step,
                  gpointer              step_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_autoptr (sqlite3_stmt) count = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *last_account = NULL;
  g_autofree char *last_task = NULL;
  guint64 total, done = 0;
  int rc;

#define SUBMITTED "s.state IN ('pending', 'sending', 'done') " \
                  "AND s.created_at >= ?1 AND s.created_at < ?2"
  count = pw_store_db_prepare (db, "SELECT count(*) FROM submissions AS s WHERE " SUBMITTED,
                               error);
  if (count == NULL)
    return FALSE;
  stmt = pw_store_db_prepare (db, "SELECT s.account_id, s.task_id, s.created_at, s.annotation, "
                                  "t.project_id FROM submissions AS s LEFT JOIN tasks AS t "
                                  "ON t.account_id = s.account_id AND t.task_id = s.task_id "
                                  "WHERE " SUBMITTED " "
                                  "ORDER BY s.account_id, s.task_id, s.id DESC", error);
#undef SUBMITTED
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (count, 1, gather->portfolio->start);
  sqlite3_bind_int64 (count, 2, gather->portfolio->end);
  if ((rc = sqlite3_step (count)) != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the work for the portfolio"));
      return FALSE;
    }
  total = (guint64) sqlite3_column_int64 (count, 0);

  sqlite3_bind_int64 (stmt, 1, gather->portfolio->start);
  sqlite3_bind_int64 (stmt, 2, gather->portfolio->end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *account_id = (const char *) sqlite3_column_text (stmt, 0);
      const char *task_id = (const char *) sqlite3_column_text (stmt, 1);
      PwPortfolioRow *rows[3];

      if (++done % STEP_ROWS == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (step != NULL)
            step (done, total, step_data);
        }

      if (g_strcmp0 (account_id, last_account) == 0 && g_strcmp0 (task_id, last_task) == 0)
        continue;
      g_free (last_account);
      g_free (last_task);
      last_account = g_strdup (account_id);
      last_task = g_strdup (task_id);

      rows_for (gather, account_id, (const char *) sqlite3_column_text (stmt, 4),
                sqlite3_column_int64 (stmt, 2), rows);
      count_annotation ((const char *) sqlite3_column_text (stmt, 3), rows);
    }
  if (step_failed (db, rc, error))
    return FALSE;
  if (step != NULL)
    step (total, total, step_data);
  return TRUE;
}

/* Adds the hours and the reviews of @figures to @row. The hours are the
 * time on tasks and the time added by hand; the gaps between tasks are
 * the worker's overhead, not work a client sees. */
static void
add_figures (PwPortfolioRow  *row,
             const PwFigures *figures)
{
  row->work_us += figures->all_us - figures->gap_us;
  row->n_reviewed += figures->n_reviewed;
  row->n_approved += figures->n_approved;
  if (figures->n_scored > 0)
    {
      row->n_scored += figures->n_scored;
      row->score_sum += figures->accuracy * figures->n_scored;
    }
}

static gboolean
has_work (const PwFigures *figures)
{
  return figures->all_us > figures->gap_us || figures->n_reviewed > 0 || figures->n_scored > 0;
}

/* The hours and the reviews, as the dashboard counts them: reviews by the
 * time of their statement entry, hours by the start of each entry. */
static gboolean
read_figures (sqlite3       *db,
              Gather        *gather,
              GCancellable  *cancellable,
              GError       **error)
{
  PwPortfolio *portfolio = gather->portfolio;
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (portfolio->tz);
  g_autoptr (GPtrArray) total = NULL;
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (GPtrArray) months = NULL;
  guint total_span, project_span, month_span;

  total_span = _pw_figures_run_add_span (run, portfolio->start, portfolio->end, PW_GROUP_NONE,
                                         FALSE);
  project_span = _pw_figures_run_add_span (run, portfolio->start, portfolio->end,
                                           PW_GROUP_PROJECT, FALSE);
  month_span = _pw_figures_run_add_span (run, portfolio->start, portfolio->end, PW_GROUP_MONTH,
                                         FALSE);
  if (!_pw_figures_run_execute (run, db, cancellable, error))
    return FALSE;

  total = _pw_figures_run_result (run, total_span);
  for (guint i = 0; i < total->len; i++)
    add_figures (&portfolio->total, total->pdata[i]);

  projects = _pw_figures_run_result (run, project_span);
  for (guint i = 0; i < projects->len; i++)
    {
      PwFigures *figures = projects->pdata[i];

      if (has_work (figures))
        add_figures (project_row (gather, figures->account_id, figures->project_id), figures);
    }

  months = _pw_figures_run_result (run, month_span);
  for (guint i = 0; i < months->len; i++)
    {
      PwFigures *figures = months->pdata[i];

      if (has_work (figures))
        add_figures (month_row (gather, figures->start), figures);
    }
  return TRUE;
}

static int
compare_projects (gconstpointer a,
                  gconstpointer b)
{
  const PwPortfolioRow *row_a = *(PwPortfolioRow * const *) a;
  const PwPortfolioRow *row_b = *(PwPortfolioRow * const *) b;
  int order = g_utf8_collate (row_a->name, row_b->name);

  return order != 0 ? order : g_strcmp0 (row_a->account_name, row_b->account_name);
}

static int
compare_months (gconstpointer a,
                gconstpointer b)
{
  const PwPortfolioRow *row_a = *(PwPortfolioRow * const *) a;
  const PwPortfolioRow *row_b = *(PwPortfolioRow * const *) b;

  return (row_a->month_start > row_b->month_start) - (row_a->month_start < row_b->month_start);
}

/* Moves the rows out of the tables into the portfolio, in report order. */
static void
finish_rows (Gather *gather)
{
  PwPortfolio *portfolio = gather->portfolio;
  g_autoptr (GHashTable) accounts = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, gather->projects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PwPortfolioRow *row = value;

      g_ptr_array_add (portfolio->projects, row);
      if (row->account_name != NULL)
        g_hash_table_add (accounts, row->account_name);
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
  g_ptr_array_sort (portfolio->projects, compare_projects);
  if (gather->other != NULL)
    g_ptr_array_add (portfolio->projects, g_steal_pointer (&gather->other));
  portfolio->n_accounts = g_hash_table_size (accounts);

  g_hash_table_iter_init (&iter, gather->months);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (portfolio->months, value);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (portfolio->months, compare_months);
}

/* Returns: @data, or %NULL with @error */
static gpointer
read_portfolio (sqlite3       *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Gather *gather = data;

  if (!read_names (db, gather, error)
      || !read_submissions (db, gather, gather->step, gather->step_data, cancellable, error)
      || !read_figures (db, gather, cancellable, error))
    return NULL;
  return gather;
}

/**
 * _pw_portfolio_gather:
 * @store: the store
 * @start: the span's start, microseconds since 1970
 * @end: its end, excluded
 * @tz: the time zone of the months
 * @step: (nullable): told how many submissions were read
 * @step_data: data for @step
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the figures of the report, after every write queued so far. Blocks:
 * for threads and tests.
 *
 * Returns: (transfer full): the figures, or %NULL with @error
 */
PwPortfolio *
_pw_portfolio_gather (PwStore              *store,
                      gint64                start,
                      gint64                end,
                      GTimeZone            *tz,
                      PwPortfolioStepFunc   step,
                      gpointer              step_data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr (PwPortfolio) portfolio = g_new0 (PwPortfolio, 1);
  Gather gather = { 0 };
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (store), NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  portfolio->start = start;
  portfolio->end = end;
  portfolio->tz = g_time_zone_ref (tz);
  portfolio->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  portfolio->months = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  gather.portfolio = portfolio;
  gather.projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) row_free);
  gather.months = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) row_free);
  gather.project_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gather.account_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gather.month_lo = gather.month_hi = G_MININT64;
  gather.step = step;
  gather.step_data = step_data;

  ok = _pw_ledger_read (store, read_portfolio, &gather, cancellable, error) != NULL;
  if (ok)
    finish_rows (&gather);

  g_hash_table_unref (gather.projects);
  g_hash_table_unref (gather.months);
  g_hash_table_unref (gather.project_names);
  g_hash_table_unref (gather.account_names);
  g_clear_pointer (&gather.other, row_free);
  return ok ? g_steal_pointer (&portfolio) : NULL;
}
