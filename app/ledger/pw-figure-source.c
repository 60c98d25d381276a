/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-figure-packs-private.h"
#include "store/pw-store-sql.h"

/* Reading a stream for the figures: the weeks of the range that have a
 * pack come from it, cut to the range; the rest, in runs as long as they
 * go, from the tables. Either way the rows come in the order of the stream's
 * index, so the figures cannot tell which was read. A pack that does not
 * decode is read from the tables instead. */

/* The names the tables' CHECKs allow, in the order of the enums. */
static const char *const type_names[] = { "task", "bonus", "adjustment", "fee", "payout" };
static const char *const status_names[] = { "pending", "approved", "rejected", "paid" };

G_STATIC_ASSERT (G_N_ELEMENTS (type_names) == PW_ENTRY_PAYOUT + 1);
G_STATIC_ASSERT (PW_STATUS_PAID == G_N_ELEMENTS (status_names) - 1);

static int
find_name (const char        *text,
           const char *const *names,
           guint              n_names)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    {
      if (strcmp (text, names[i]) == 0)
        return (int) i;
    }
  return -1;
}

gboolean
_pw_figure_parse_type (const char  *text,
                       PwEntryType *type)
{
  int found = find_name (text, type_names, G_N_ELEMENTS (type_names));

  if (found < 0)
    return FALSE;
  *type = (PwEntryType) found;
  return TRUE;
}

gboolean
_pw_figure_parse_status (const char *text,
                         PwStatus   *status)
{
  int found = find_name (text, status_names, G_N_ELEMENTS (status_names));

  if (found < 0)
    return FALSE;
  *status = (PwStatus) found;
  return TRUE;
}

/* Rows of one account and project come in runs; the last name met is
 * checked before the tables are. */
typedef struct
{
  guint    number;
  guint    tag;
  gboolean known;
} LastName;

typedef enum
{
  SEGMENT_NONE,
  SEGMENT_TABLE,
  SEGMENT_PACK,
} Segment;

struct _PwFigureSource
{
  PwFiguresRun  *run;
  sqlite3       *db;
  PwFigureStream stream;
  gint64         to;
  /* Where the rows not read yet start. */
  gint64         position;
  /* The packed weeks the range touches, in order. */
  GArray        *packed;
  guint          next_packed;
  gint64         n_packed_rows;
  gboolean       keyed;
  Segment        segment;
  sqlite3_stmt  *table;
  sqlite3_stmt  *pack;
  GArray        *rows;
  guint          next_row;
  guint          end_row;
  PwFigureRow    row;
  const PwFigureRow *current;
  LastName       names[3];
  /* A pack's names as the run numbers them. */
  GArray        *accounts;
  GArray        *projects;
  GArray        *currencies;
};

static guint
cached_name (PwFiguresRun *run,
             PwKeyTable   *table,
             LastName     *last,
             guint         tag,
             const char   *text)
{
  gboolean made;

  if (text == NULL)
    text = "";
  if (last->known && last->tag == tag &&
      strcmp (g_array_index (table->keys, PwKey, last->number).text, text) == 0)
    return last->number;
  if (table == &run->projects)
    last->number = _pw_figures_run_project (run, tag, text);
  else
    last->number = _pw_key_table_intern (table, tag, text, &made);
  last->tag = tag;
  last->known = TRUE;
  return last->number;
}

/**
 * _pw_figure_source_new:
 * @from: the first time to read
 * @to: the time to read up to, excluded
 *
 * Returns: (transfer full): the source, before its first row: call
 *   _pw_figure_source_next()
 */
PwFigureSource *
_pw_figure_source_new (PwFiguresRun    *run,
                       sqlite3         *db,
                       PwFigureStream   stream,
                       gint64           from,
                       gint64           to,
                       GError         **error)
{
  g_autoptr (PwFigureSource) source = g_new0 (PwFigureSource, 1);
  g_autoptr (sqlite3_stmt) packed = NULL;
  gint64 first, last;
  int rc;

  source->run = run;
  source->db = db;
  source->stream = stream;
  source->position = from;
  source->to = MAX (from, to);
  source->packed = g_array_new (FALSE, FALSE, sizeof (gint64));
  source->rows = g_array_new (FALSE, FALSE, sizeof (PwFigureRow));
  source->accounts = g_array_new (FALSE, FALSE, sizeof (guint));
  source->projects = g_array_new (FALSE, FALSE, sizeof (guint));
  source->currencies = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The weeks the range touches. */
  first = from <= 0 ? 0 : from / PW_FIGURE_CHUNK_US;
  last = to <= 0 ? 0 : (to - 1) / PW_FIGURE_CHUNK_US + 1;
  if (first < last)
    {
      packed = pw_store_db_prepare (db, "SELECT chunk, n_rows FROM figure_packs "
                                        "WHERE stream = ?1 AND chunk >= ?2 AND chunk < ?3 "
                                        "ORDER BY chunk", error);
      if (packed == NULL)
        return NULL;
      sqlite3_bind_int (packed, 1, stream);
      sqlite3_bind_int64 (packed, 2, first);
      sqlite3_bind_int64 (packed, 3, last);
      while ((rc = sqlite3_step (packed)) == SQLITE_ROW)
        {
          gint64 chunk = sqlite3_column_int64 (packed, 0);

          g_array_append_val (source->packed, chunk);
          source->n_packed_rows += MAX (0, sqlite3_column_int64 (packed, 1));
        }
      if (rc != SQLITE_DONE)
        {
          pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
          return NULL;
        }
    }
  return g_steal_pointer (&source);
}

gboolean
_pw_figure_source_has_packs (PwFigureSource *source)
{
  return source->packed->len > 0;
}

/* About how many rows the packs hold: for sizing what they fill. */
gint64
_pw_figure_source_n_packed_rows (PwFigureSource *source)
{
  return source->n_packed_rows;
}

/* Tasks are known by their keys, from the packs and the tables alike, or
 * by their ids throughout: the two sources of a run agree on which. */
void
_pw_figure_source_set_keyed (PwFigureSource *source,
                             gboolean        keyed)
{
  g_return_if_fail (source->table == NULL);
  source->keyed = keyed;
}

void
_pw_figure_source_free (PwFigureSource *source)
{
  if (source == NULL)
    return;
  g_clear_pointer (&source->table, sqlite3_finalize);
  g_clear_pointer (&source->pack, sqlite3_finalize);
  g_array_unref (source->packed);
  g_array_unref (source->rows);
  g_array_unref (source->accounts);
  g_array_unref (source->projects);
  g_array_unref (source->currencies);
  g_free (source);
}

const PwFigureRow *
_pw_figure_source_row (PwFigureSource *source)
{
  return source->current;
}

/* Rows from the tables */

static gboolean
start_table (PwFigureSource  *source,
             gint64           end,
             GError         **error)
{
  if (source->table == NULL)
    {
      source->table = pw_store_db_prepare (source->db,
                                           _pw_figure_stream_query (source->stream, source->keyed),
                                           error);
      if (source->table == NULL)
        return FALSE;
    }
  sqlite3_reset (source->table);
  sqlite3_bind_int64 (source->table, 1, source->position);
  sqlite3_bind_int64 (source->table, 2, end);
  source->position = end;
  source->segment = SEGMENT_TABLE;
  return TRUE;
}

static gboolean
table_entry (PwFigureSource *source,
             sqlite3_stmt   *stmt,
             PwFigureRow    *row)
{
  PwFiguresRun *run = source->run;
  const char *currency = (const char *) sqlite3_column_text (stmt, 3);
  PwEntryType type;
  PwStatus status;

  /* The columns' CHECKs keep other names out. */
  if (!_pw_figure_parse_type ((const char *) sqlite3_column_text (stmt, 1), &type) ||
      !_pw_figure_parse_status ((const char *) sqlite3_column_text (stmt, 2), &status) ||
      currency == NULL)
    return FALSE;

  row->type = type;
  row->status = status;
  row->at = sqlite3_column_int64 (stmt, 0);
  row->amount = sqlite3_column_int64 (stmt, 4);
  row->currency = cached_name (run, &run->currencies, &source->names[0], 0, currency);
  row->account = cached_name (run, &run->accounts, &source->names[1], 0,
                              (const char *) sqlite3_column_text (stmt, 5));
  row->project = cached_name (run, &run->projects, &source->names[2], row->account,
                              (const char *) sqlite3_column_text (stmt, 6));
  row->has_score = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  row->score = row->has_score ? sqlite3_column_double (stmt, 8) : 0;
  row->task_id = (const char *) sqlite3_column_text (stmt, 7);
  row->has_task = row->task_id != NULL;
  row->task_key = sqlite3_column_int64 (stmt, 9);
  row->own = sqlite3_column_int (stmt, 10) != 0;
  return TRUE;
}

static gboolean
table_time (PwFigureSource *source,
            sqlite3_stmt   *stmt,
            PwFigureRow    *row)
{
  PwFiguresRun *run = source->run;
  const char *kind = (const char *) sqlite3_column_text (stmt, 2);

  row->at = sqlite3_column_int64 (stmt, 0);
  row->end = sqlite3_column_int64 (stmt, 1);
  row->type = g_strcmp0 (kind, "manual") == 0 ? PW_TIME_MANUAL
              : g_strcmp0 (kind, "idle") == 0 ? PW_TIME_IDLE : PW_TIME_TASK;
  row->paid = sqlite3_column_int (stmt, 3) != 0;
  row->account = cached_name (run, &run->accounts, &source->names[1], 0,
                              (const char *) sqlite3_column_text (stmt, 4));
  row->project = cached_name (run, &run->projects, &source->names[2], row->account,
                              (const char *) sqlite3_column_text (stmt, 6));
  row->task_id = (const char *) sqlite3_column_text (stmt, 5);
  row->has_task = row->task_id != NULL;
  row->task_key = sqlite3_column_int64 (stmt, 7);
  return TRUE;
}

/* Rows from a pack */

static gboolean
get_number (const guint8 **cursor,
            const guint8  *end,
            GArray        *names,
            guint         *number)
{
  guint64 index;

  if (!_pw_pack_get_varint (cursor, end, &index) || index >= names->len)
    return FALSE;
  *number = g_array_index (names, guint, index);
  return TRUE;
}

static const char *
get_name (const guint8 **cursor,
          const guint8  *end)
{
  const guint8 *zero = memchr (*cursor, 0, end - *cursor);
  const char *name = (const char *) *cursor;

  if (zero == NULL)
    return NULL;
  *cursor = zero + 1;
  return name;
}

static gboolean
decode_names (PwFigureSource *source,
              const guint8   *cursor,
              const guint8   *end)
{
  PwFiguresRun *run = source->run;
  guint64 count;

  g_array_set_size (source->accounts, 0);
  g_array_set_size (source->projects, 0);
  g_array_set_size (source->currencies, 0);

  if (!_pw_pack_get_varint (&cursor, end, &count))
    return FALSE;
  for (guint64 i = 0; i < count; i++)
    {
      const char *name = get_name (&cursor, end);
      guint number;

      if (name == NULL)
        return FALSE;
      number = _pw_figures_run_account (run, name);
      g_array_append_val (source->accounts, number);
    }
  if (!_pw_pack_get_varint (&cursor, end, &count))
    return FALSE;
  for (guint64 i = 0; i < count; i++)
    {
      guint account, number;
      const char *name;

      if (!get_number (&cursor, end, source->accounts, &account) ||
          (name = get_name (&cursor, end)) == NULL)
        return FALSE;
      number = _pw_figures_run_project (run, account, name);
      g_array_append_val (source->projects, number);
    }
  if (!_pw_pack_get_varint (&cursor, end, &count))
    return FALSE;
  for (guint64 i = 0; i < count; i++)
    {
      const char *name = get_name (&cursor, end);
      guint number;

      if (name == NULL)
        return FALSE;
      number = _pw_figures_run_currency (run, name);
      g_array_append_val (source->currencies, number);
    }
  return cursor == end;
}

static gboolean
decode_entry (PwFigureSource *source,
              const guint8  **cursor,
              const guint8   *end,
              gint64         *at,
              gint64         *key,
              PwFigureRow    *row)
{
  guint64 delta;
  guint8 flags;

  if (!_pw_pack_get_varint (cursor, end, &delta) || *cursor >= end)
    return FALSE;
  *at += (gint64) delta;
  flags = *(*cursor)++;
  row->at = *at;
  row->type = flags & 7;
  row->status = (flags >> 3) & 3;
  row->has_score = (flags >> 5) & 1;
  row->has_task = (flags >> 6) & 1;
  row->own = (flags >> 7) & 1;
  if (row->type > PW_ENTRY_PAYOUT ||
      !get_number (cursor, end, source->currencies, &row->currency) ||
      !get_number (cursor, end, source->accounts, &row->account) ||
      !get_number (cursor, end, source->projects, &row->project) ||
      !_pw_pack_get_signed (cursor, end, &row->amount))
    return FALSE;
  if (row->has_task)
    {
      gint64 difference;

      if (!_pw_pack_get_signed (cursor, end, &difference))
        return FALSE;
      *key += difference;
      if (*key <= 0)
        return FALSE;
      row->task_key = *key;
    }
  if (row->has_score)
    {
      if (end - *cursor < (ptrdiff_t) sizeof row->score)
        return FALSE;
      memcpy (&row->score, *cursor, sizeof row->score);
      *cursor += sizeof row->score;
    }
  return TRUE;
}

static gboolean
decode_time (PwFigureSource *source,
             const guint8  **cursor,
             const guint8   *end,
             gint64         *at,
             gint64         *key,
             PwFigureRow    *row)
{
  guint64 delta, length;
  guint8 flags;

  if (!_pw_pack_get_varint (cursor, end, &delta) ||
      !_pw_pack_get_varint (cursor, end, &length) || *cursor >= end)
    return FALSE;
  *at += (gint64) delta;
  flags = *(*cursor)++;
  row->at = *at;
  row->end = *at + (gint64) length;
  row->type = flags & 3;
  row->paid = (flags >> 2) & 1;
  row->has_task = (flags >> 3) & 1;
  if (row->type > PW_TIME_MANUAL ||
      !get_number (cursor, end, source->accounts, &row->account) ||
      !get_number (cursor, end, source->projects, &row->project))
    return FALSE;
  if (row->has_task)
    {
      gint64 difference;

      if (!_pw_pack_get_signed (cursor, end, &difference))
        return FALSE;
      *key += difference;
      if (*key <= 0)
        return FALSE;
      row->task_key = *key;
    }
  return TRUE;
}

/* Decodes week @chunk's pack into the rows; FALSE when it does not
 * decode. */
static gboolean
decode_pack (PwFigureSource *source,
             gint64          chunk,
             GError        **error,
             gboolean       *decoded)
{
  const guint8 *names, *cursor, *end;
  gint64 n_rows, at = chunk * PW_FIGURE_CHUNK_US, key = 0;
  int rc;

  *decoded = FALSE;
  if (source->pack == NULL)
    {
      source->pack = pw_store_db_prepare (source->db, "SELECT n_rows, names, rows "
                                                      "FROM figure_packs "
                                                      "WHERE stream = ?1 AND chunk = ?2", error);
      if (source->pack == NULL)
        return FALSE;
    }
  sqlite3_reset (source->pack);
  sqlite3_bind_int (source->pack, 1, source->stream);
  sqlite3_bind_int64 (source->pack, 2, chunk);
  rc = sqlite3_step (source->pack);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, source->db, rc, _("Could not read the ledger"));
      return FALSE;
    }

  n_rows = sqlite3_column_int64 (source->pack, 0);
  names = sqlite3_column_blob (source->pack, 1);
  if (n_rows < 0 || names == NULL ||
      !decode_names (source, names, names + sqlite3_column_bytes (source->pack, 1)))
    return TRUE;
  cursor = sqlite3_column_blob (source->pack, 2);
  end = cursor + sqlite3_column_bytes (source->pack, 2);
  /* A row takes three bytes at least. */
  if (n_rows > (end - cursor) / 3)
    return TRUE;
  g_array_set_size (source->rows, (guint) n_rows);
  for (gint64 i = 0; i < n_rows; i++)
    {
      PwFigureRow *row = &g_array_index (source->rows, PwFigureRow, i);
      gboolean ok;

      memset (row, 0, sizeof *row);
      ok = source->stream == PW_FIGURE_STREAM_STATEMENT
           ? decode_entry (source, &cursor, end, &at, &key, row)
           : decode_time (source, &cursor, end, &at, &key, row);
      if (!ok)
        return TRUE;
    }
  /* Every row inside the week, and nothing after the last. */
  *decoded = cursor == end && at < (chunk + 1) * PW_FIGURE_CHUNK_US;
  sqlite3_reset (source->pack);
  return TRUE;
}

/* The first of @rows, which are in order of time, at or after @at. */
static guint
first_row_at (GArray *rows,
              gint64  at)
{
  guint low = 0, high = rows->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (rows, PwFigureRow, middle).at < at)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/**
 * _pw_figure_source_next:
 * @more: (out): %FALSE once every row is read
 *
 * Moves to the next row; _pw_figure_source_row() gives it, until the next
 * call.
 */
gboolean
_pw_figure_source_next (PwFigureSource  *source,
                        gboolean        *more,
                        GError         **error)
{
  for (;;)
    {
      if (source->segment == SEGMENT_TABLE)
        {
          int rc = sqlite3_step (source->table);

          if (rc == SQLITE_ROW)
            {
              gboolean ok = source->stream == PW_FIGURE_STREAM_STATEMENT
                            ? table_entry (source, source->table, &source->row)
                            : table_time (source, source->table, &source->row);

              if (!ok)
                continue;
              source->current = &source->row;
              *more = TRUE;
              return TRUE;
            }
          if (rc != SQLITE_DONE)
            {
              pw_store_db_set_error (error, source->db, rc,
                                     source->stream == PW_FIGURE_STREAM_STATEMENT
                                     ? _("Could not read the statement")
                                     : _("Could not read the time log"));
              return FALSE;
            }
          source->segment = SEGMENT_NONE;
        }
      else if (source->segment == SEGMENT_PACK)
        {
          if (source->next_row < source->end_row)
            {
              source->current = &g_array_index (source->rows, PwFigureRow, source->next_row++);
              *more = TRUE;
              return TRUE;
            }
          source->segment = SEGMENT_NONE;
        }
      else if (source->position >= source->to)
        {
          source->current = NULL;
          *more = FALSE;
          return TRUE;
        }
      else if (source->next_packed < source->packed->len &&
               g_array_index (source->packed, gint64, source->next_packed) * PW_FIGURE_CHUNK_US
               <= source->position)
        {
          gint64 chunk = g_array_index (source->packed, gint64, source->next_packed++);
          gint64 end = MIN (source->to, (chunk + 1) * PW_FIGURE_CHUNK_US);
          gboolean decoded;

          if (!decode_pack (source, chunk, error, &decoded))
            return FALSE;
          if (!decoded)
            {
              g_debug ("The figures' pack of week %" G_GINT64_FORMAT " does not decode; "
                       "reading its rows", chunk);
              if (!start_table (source, end, error))
                return FALSE;
              continue;
            }
          /* The part of the week inside the range. */
          source->next_row = first_row_at (source->rows, source->position);
          source->end_row = first_row_at (source->rows, end);
          source->position = end;
          source->segment = SEGMENT_PACK;
        }
      else
        {
          gint64 end = source->next_packed < source->packed->len
                       ? g_array_index (source->packed, gint64, source->next_packed)
                         * PW_FIGURE_CHUNK_US
                       : source->to;

          if (!start_table (source, end, error))
            return FALSE;
        }
    }
}
