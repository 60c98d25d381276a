/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "market/pw-money.h"
#include "pw-error.h"
#include "pw-figures-private.h"
#include "pw-ledger-export.h"
#include "store/pw-store-sql.h"

/* CSV exports of the ledger, for spreadsheets and taxes. Every row is read
 * from one snapshot of the store and written as it is read, so a large
 * ledger needs no more memory than a small one. */

#define FLUSH_BYTES (64 * 1024)
#define PROGRESS_ROWS 4096

typedef struct
{
  GOutputStream        *output;
  GString              *buffer;
  PwLedgerProgressFunc  progress;
  gpointer              progress_data;
  guint64               done;
  guint64               total;
  GCancellable         *cancellable;
} Writer;

/* Fields */

static void
add_separator (GString *row)
{
  if (row->len > 0 && row->str[row->len - 1] != '\n')
    g_string_append_c (row, ',');
}

/* Text from the marketplace or the worker. RFC 4180 quotes a field with a
 * comma, a quote or a line break, doubling its quotes. A field a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe, the spreadsheets' own mark for text. */
static void
add_text (GString    *row,
          const char *text)
{
  gboolean formula;

  add_separator (row);
  if (text == NULL)
    return;

  formula = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
  if (strpbrk (text, ",\"\r\n") == NULL && !formula)
    {
      g_string_append (row, text);
      return;
    }

  g_string_append_c (row, '"');
  if (formula)
    g_string_append_c (row, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  g_string_append_c (row, '"');
}

static void
add_micro (GString *row,
           gint64   micro)
{
  g_autofree char *amount = pw_money_format_micro (micro);

  add_separator (row);
  g_string_append (row, amount);
}

static void
add_int (GString *row,
         gint64   value)
{
  add_separator (row);
  g_string_append_printf (row, "%" G_GINT64_FORMAT, value);
}

/* ISO 8601 in UTC, with microseconds only when there are any. */
static void
add_time (GString *row,
          gint64   usec)
{
  g_autoptr (GDateTime) time = pw_date_time_new_usec (usec, NULL);
  g_autofree char *text = NULL;

  add_separator (row);
  if (time == NULL)
    return;
  text = g_date_time_format (time, usec % G_USEC_PER_SEC != 0 ? "%Y-%m-%dT%H:%M:%S.%fZ"
                                                              : "%Y-%m-%dT%H:%M:%SZ");
  g_string_append (row, text);
}

/* A review score with a point and up to six decimals, at least one:
 * `0.96`, `1.0`. */
static void
add_score (GString      *row,
           sqlite3_stmt *stmt,
           int           column)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gsize length;

  add_separator (row);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return;
  g_ascii_formatd (buffer, sizeof buffer, "%.6f", sqlite3_column_double (stmt, column));
  length = strlen (buffer);
  while (length > 2 && buffer[length - 1] == '0' && buffer[length - 2] != '.')
    buffer[--length] = '\0';
  g_string_append (row, buffer);
}

/* Writing */

static gboolean
flush (Writer  *writer,
       GError **error)
{
  gboolean ok = g_output_stream_write_all (writer->output, writer->buffer->str,
                                           writer->buffer->len, NULL, writer->cancellable,
                                           error);

  g_string_truncate (writer->buffer, 0);
  return ok;
}

static gboolean
end_row (Writer  *writer,
         GError **error)
{
  g_string_append (writer->buffer, "\r\n");
  writer->done++;
  if (writer->progress != NULL && writer->done % PROGRESS_ROWS == 0)
    writer->progress (writer->done, writer->total, writer->progress_data);
  if (writer->buffer->len >= FLUSH_BYTES)
    return flush (writer, error);
  return !g_cancellable_set_error_if_cancelled (writer->cancellable, error);
}

static gboolean
count_rows (sqlite3    *db,
            const char *sql,
            gint64      start,
            gint64      end,
            guint64    *total,
            GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = pw_store_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }
  *total = (guint64) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static void
write_header (Writer     *writer,
              const char *header)
{
  g_string_append (writer->buffer, header);
  g_string_append (writer->buffer, "\r\n");
}

static gboolean
write_entries (Writer  *writer,
               sqlite3 *db,
               gint64   start,
               gint64   end,
               GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (!count_rows (db, "SELECT count(*) FROM ledger_entries WHERE at >= ?1 AND at < ?2",
                   start, end, &writer->total, error))
    return FALSE;
  stmt = pw_store_db_prepare (db, "SELECT l.account_id, a.name, l.entry_id, l.type, l.status, "
                                  "l.task_id, l.project_id, l.amount_micro, l.currency, l.at, "
                                  "l.review_score, l.review_comment, l.own "
                                  "FROM ledger_entries l LEFT JOIN accounts a ON a.id = l.account_id "
                                  "WHERE l.at >= ?1 AND l.at < ?2 "
                                  "ORDER BY l.at, l.account_id, l.entry_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);

  write_header (writer, "account_id,account,entry_id,type,status,task_id,project_id,amount,"
                        "currency,at,review_score,review_comment,source");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = writer->buffer;

      add_text (row, (const char *) sqlite3_column_text (stmt, 0));
      add_text (row, (const char *) sqlite3_column_text (stmt, 1));
      add_text (row, (const char *) sqlite3_column_text (stmt, 2));
      add_text (row, (const char *) sqlite3_column_text (stmt, 3));
      add_text (row, (const char *) sqlite3_column_text (stmt, 4));
      add_text (row, (const char *) sqlite3_column_text (stmt, 5));
      add_text (row, (const char *) sqlite3_column_text (stmt, 6));
      add_micro (row, sqlite3_column_int64 (stmt, 7));
      add_text (row, (const char *) sqlite3_column_text (stmt, 8));
      add_time (row, sqlite3_column_int64 (stmt, 9));
      add_score (row, stmt, 10);
      add_text (row, (const char *) sqlite3_column_text (stmt, 11));
      /* The worker's own figures, priced by their rates, are never taken
       * for a marketplace's statement. */
      add_text (row, sqlite3_column_int (stmt, 12) != 0 ? "own" : "statement");
      if (!end_row (writer, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_time (Writer  *writer,
            sqlite3 *db,
            gint64   start,
            gint64   end,
            GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (!count_rows (db, "SELECT count(*) FROM time_entries WHERE started_at >= ?1 "
                       "AND started_at < ?2", start, end, &writer->total, error))
    return FALSE;
  stmt = pw_store_db_prepare (db, "SELECT t.id, t.kind, t.account_id, a.name, t.task_id, "
                                  "t.project_id, t.started_at, t.ended_at, t.paid, t.note "
                                  "FROM time_entries t LEFT JOIN accounts a ON a.id = t.account_id "
                                  "WHERE t.started_at >= ?1 AND t.started_at < ?2 "
                                  "ORDER BY t.started_at, t.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);

  write_header (writer, "id,kind,account_id,account,task_id,project_id,started_at,ended_at,"
                        "seconds,paid,note");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = writer->buffer;
      gint64 started_at = sqlite3_column_int64 (stmt, 6);
      gint64 ended_at = sqlite3_column_int64 (stmt, 7);

      add_int (row, sqlite3_column_int64 (stmt, 0));
      add_text (row, (const char *) sqlite3_column_text (stmt, 1));
      add_text (row, (const char *) sqlite3_column_text (stmt, 2));
      add_text (row, (const char *) sqlite3_column_text (stmt, 3));
      add_text (row, (const char *) sqlite3_column_text (stmt, 4));
      add_text (row, (const char *) sqlite3_column_text (stmt, 5));
      add_time (row, started_at);
      add_time (row, ended_at);
      /* Seconds written as amounts are: exact, at least two decimals. */
      add_micro (row, ended_at - started_at);
      add_text (row, sqlite3_column_int (stmt, 8) != 0 ? "yes" : "no");
      add_text (row, (const char *) sqlite3_column_text (stmt, 9));
      if (!end_row (writer, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the time log"));
      return FALSE;
    }
  return TRUE;
}

/* For taxes: what each payer (account) paid or owes, per currency. The
 * figures by account give it, so it agrees with the dashboard. */
static gboolean
write_income (Writer  *writer,
              sqlite3 *db,
              gint64   start,
              gint64   end,
              GError **error)
{
  g_autoptr (PwFiguresRun) run = _pw_figures_run_new (NULL);
  g_autoptr (GPtrArray) accounts = NULL;
  guint span = _pw_figures_run_add_span (run, start, end, PW_GROUP_ACCOUNT, 0);

  if (!_pw_figures_run_execute (run, db, writer->cancellable, error))
    return FALSE;
  accounts = _pw_figures_run_result (run, span);
  for (guint i = 0; i < accounts->len; i++)
    writer->total += ((PwFigures *) accounts->pdata[i])->earnings->len;

  write_header (writer, "account_id,account,currency,task_pay,bonuses,adjustments,fees,"
                        "earned,payouts,pending,rejected,own");
  for (guint i = 0; i < accounts->len; i++)
    {
      PwFigures *account = accounts->pdata[i];

      if (!pw_figures_check_sums (account, account->name != NULL ? account->name
                                                                 : account->account_id, error))
        return FALSE;
      for (guint j = 0; j < account->earnings->len; j++)
        {
          PwEarnings *money = &g_array_index (account->earnings, PwEarnings, j);
          GString *row = writer->buffer;
          gint64 task_pay = money->approved_micro;

          /* The first step of the earned sum, which was checked above. */
          if (!pw_money_add_micro (&task_pay, money->paid_micro))
            g_assert_not_reached ();
          add_text (row, account->account_id);
          add_text (row, account->name);
          add_text (row, money->currency);
          add_micro (row, task_pay);
          add_micro (row, money->bonus_micro);
          add_micro (row, money->adjustment_micro);
          add_micro (row, money->fee_micro);
          add_micro (row, money->earned_micro);
          add_micro (row, money->payout_micro);
          add_micro (row, money->pending_micro);
          add_micro (row, money->rejected_micro);
          add_micro (row, money->own_micro);
          if (!end_row (writer, error))
            return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  PwLedgerExportKind kind;
  gint64             start;
  gint64             end;
  Writer            *writer;
} Export;

static gpointer
export_read (sqlite3      *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  Export *export = data;
  gboolean ok;

  switch (export->kind)
    {
    case PW_LEDGER_EXPORT_ENTRIES:
      ok = write_entries (export->writer, db, export->start, export->end, error);
      break;
    case PW_LEDGER_EXPORT_TIME:
      ok = write_time (export->writer, db, export->start, export->end, error);
      break;
    case PW_LEDGER_EXPORT_INCOME:
    default:
      ok = write_income (export->writer, db, export->start, export->end, error);
      break;
    }
  return GINT_TO_POINTER (ok && flush (export->writer, error));
}

/**
 * pw_ledger_export_to_stream:
 * @store: a #PwStore
 * @kind: what to export
 * @start: the span's start, in microseconds since 1970
 * @end: its end, excluded
 * @output: where to write the CSV
 * @progress: (nullable): called from time to time, on this thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes a CSV export to @output, which is left open. Waits for the disk:
 * for threads and the command line.
 *
 * Returns: %TRUE when all of it was written
 */
gboolean
pw_ledger_export_to_stream (PwStore              *store,
                            PwLedgerExportKind    kind,
                            gint64                start,
                            gint64                end,
                            GOutputStream        *output,
                            PwLedgerProgressFunc  progress,
                            gpointer              progress_data,
                            GCancellable         *cancellable,
                            GError              **error)
{
  Writer writer = { output, NULL, progress, progress_data, 0, 0, cancellable };
  Export export = { kind, start, end, &writer };
  gboolean ok;

  g_return_val_if_fail (PW_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (kind <= PW_LEDGER_EXPORT_INCOME, FALSE);

  writer.buffer = g_string_sized_new (FLUSH_BYTES + 4096);
  ok = GPOINTER_TO_INT (_pw_ledger_read_apart (store, export_read, &export, cancellable, error));
  g_string_free (writer.buffer, TRUE);
  if (ok && progress != NULL)
    progress (writer.done, writer.total, progress_data);
  return ok;
}

/* Async, to a file */

typedef struct
{
  PwLedgerExportKind    kind;
  gint64                start;
  gint64                end;
  GFile                *file;
  PwLedgerProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_data_free;
  GMainContext         *context;
  /* The latest figures for the caller's context, and whether an idle
   * source is already on its way with them. */
  GMutex                lock;
  guint64               done;
  guint64               total;
  gboolean              reporting;
} FileExport;

static void
file_export_free (gpointer data)
{
  FileExport *export = data;

  g_object_unref (export->file);
  if (export->progress_data_free != NULL)
    export->progress_data_free (export->progress_data);
  g_main_context_unref (export->context);
  g_mutex_clear (&export->lock);
  g_free (export);
}

static gboolean
report_progress (gpointer user_data)
{
  GTask *task = user_data;
  FileExport *export = g_task_get_task_data (task);
  guint64 done, total;

  g_mutex_lock (&export->lock);
  done = export->done;
  total = export->total;
  export->reporting = FALSE;
  g_mutex_unlock (&export->lock);

  export->progress (done, total, export->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the export's thread: hands the figures to the caller's context, at
 * most one idle source at a time. */
static void
on_thread_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  GTask *task = user_data;
  FileExport *export = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&export->lock);
  export->done = done;
  export->total = total;
  schedule = !export->reporting;
  export->reporting = TRUE;
  g_mutex_unlock (&export->lock);

  if (schedule)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      /* At the priority of the task's own return, so the last figures
       * come before the callback. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[piecework] ledger export progress");
      g_source_set_callback (source, report_progress, g_object_ref (task), g_object_unref);
      g_source_attach (source, export->context);
    }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileExport *export = task_data;
  g_autoptr (GFileOutputStream) output = NULL;
  g_autoptr (GCancellable) discard = NULL;
  GError *error = NULL;
  gboolean ok;

  output = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  ok = pw_ledger_export_to_stream (source_object, export->kind, export->start, export->end,
                                   G_OUTPUT_STREAM (output),
                                   export->progress != NULL ? on_thread_progress : NULL, task,
                                   cancellable, &error);
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (output), cancellable, &error);
  if (!ok)
    {
      /* Closing with a cancelled cancellable drops the half-written file
       * and keeps the one that was there. */
      discard = g_cancellable_new ();
      g_cancellable_cancel (discard);
      g_output_stream_close (G_OUTPUT_STREAM (output), discard, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_ledger_export_async:
 * @store: a #PwStore
 * @kind: what to export
 * @start: the span's start, in microseconds since 1970
 * @end: its end, excluded
 * @file: the CSV file to write; replaced whole once the export is done
 * @progress: (nullable): called on the caller's thread-default main
 *   context as rows are written
 * @progress_data: data for @progress
 * @progress_data_free: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable; cancelling leaves @file as it
 *   was
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Writes a CSV export to a file on a thread.
 */
void
pw_ledger_export_async (PwStore              *store,
                        PwLedgerExportKind    kind,
                        gint64                start,
                        gint64                end,
                        GFile                *file,
                        PwLedgerProgressFunc  progress,
                        gpointer              progress_data,
                        GDestroyNotify        progress_data_free,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  FileExport *export;

  g_return_if_fail (PW_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (kind <= PW_LEDGER_EXPORT_INCOME);

  export = g_new0 (FileExport, 1);
  export->kind = kind;
  export->start = start;
  export->end = end;
  export->file = g_object_ref (file);
  export->progress = progress;
  export->progress_data = progress_data;
  export->progress_data_free = progress_data_free;
  export->context = g_main_context_ref_thread_default ();
  g_mutex_init (&export->lock);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_ledger_export_async);
  g_task_set_task_data (task, export, file_export_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * pw_ledger_export_finish:
 *
 * Returns: %TRUE when the file was written whole
 */
gboolean
pw_ledger_export_finish (PwStore      *store,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_ledger_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
