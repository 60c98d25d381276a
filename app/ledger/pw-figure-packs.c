/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-figure-packs-private.h"
#include "store/pw-store-sql.h"

/* Writing the figures' packs (see pw-figure-packs-private.h), on the
 * writer's connection. A pack is two blobs: the week's names, then its
 * rows.
 *
 * names: for accounts, projects and currencies in turn, a count and then
 *   each name as UTF-8 ending in a zero byte; a project is preceded by
 *   the number of its account.
 * rows, statement: the time since the previous row's (the week's start
 *   for the first), a byte of type (bits 0–2), status (3–4), score (5),
 *   task (6) and own figure (7), the currency's, the account's and the
 *   project's numbers, the amount, the task's key as a difference from the previous
 *   one, and the score as 8 bytes.
 * rows, time: the time since the previous start, the length, a byte of
 *   kind (bits 0–1), paid (2) and task (3), the account's and the
 *   project's numbers, and the task's key as a difference.
 *
 * Numbers are LEB128; signed ones are zigzagged first. A name that is
 * NULL in the table is packed as the empty name, which the figures read
 * it as too. */

void
_pw_pack_put_varint (GByteArray *out,
                     guint64     value)
{
  guint8 bytes[10];
  guint n = 0;

  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      bytes[n++] = byte | (value != 0 ? 0x80 : 0);
    }
  while (value != 0);
  g_byte_array_append (out, bytes, n);
}

void
_pw_pack_put_signed (GByteArray *out,
                     gint64      value)
{
  _pw_pack_put_varint (out, ((guint64) value << 1) ^ (guint64) (value >> 63));
}

gboolean
_pw_pack_get_varint (const guint8 **cursor,
                     const guint8  *end,
                     guint64       *value)
{
  guint64 result = 0;

  for (guint shift = 0; *cursor < end && shift < 64; shift += 7)
    {
      guint8 byte = *(*cursor)++;

      result |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = result;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_pw_pack_get_signed (const guint8 **cursor,
                     const guint8  *end,
                     gint64        *value)
{
  guint64 zigzag;

  if (!_pw_pack_get_varint (cursor, end, &zigzag))
    return FALSE;
  *value = (gint64) (zigzag >> 1) ^ -(gint64) (zigzag & 1);
  return TRUE;
}

/* Names while packing */

typedef struct
{
  GHashTable *accounts;   /* name → number + 1 */
  GHashTable *projects;   /* "account number\x1fname" → number + 1 */
  GHashTable *currencies;
  GByteArray *account_names;
  GByteArray *project_names;
  GByteArray *currency_names;
  guint       n_accounts;
  guint       n_projects;
  guint       n_currencies;
} PackNames;

static void
pack_names_init (PackNames *names)
{
  names->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names->projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names->currencies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names->account_names = g_byte_array_new ();
  names->project_names = g_byte_array_new ();
  names->currency_names = g_byte_array_new ();
  names->n_accounts = names->n_projects = names->n_currencies = 0;
}

static void
pack_names_clear (PackNames *names)
{
  g_hash_table_unref (names->accounts);
  g_hash_table_unref (names->projects);
  g_hash_table_unref (names->currencies);
  g_byte_array_unref (names->account_names);
  g_byte_array_unref (names->project_names);
  g_byte_array_unref (names->currency_names);
}

static void
put_name (GByteArray *out,
          const char *name)
{
  g_byte_array_append (out, (const guint8 *) name, strlen (name) + 1);
}

static guint
number_name (GHashTable *table,
             GByteArray *out,
             guint      *count,
             const char *name)
{
  gpointer found = g_hash_table_lookup (table, name);

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  g_hash_table_insert (table, g_strdup (name), GUINT_TO_POINTER (*count + 1));
  put_name (out, name);
  return (*count)++;
}

static guint
number_project (PackNames  *names,
                guint       account,
                const char *name)
{
  g_autofree char *key = g_strdup_printf ("%u\x1f%s", account, name);
  gpointer found = g_hash_table_lookup (names->projects, key);

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  g_hash_table_insert (names->projects, g_steal_pointer (&key),
                       GUINT_TO_POINTER (names->n_projects + 1));
  _pw_pack_put_varint (names->project_names, account);
  put_name (names->project_names, name);
  return names->n_projects++;
}

static GByteArray *
pack_names_finish (PackNames *names)
{
  GByteArray *out = g_byte_array_new ();

  _pw_pack_put_varint (out, names->n_accounts);
  g_byte_array_append (out, names->account_names->data, names->account_names->len);
  _pw_pack_put_varint (out, names->n_projects);
  g_byte_array_append (out, names->project_names->data, names->project_names->len);
  _pw_pack_put_varint (out, names->n_currencies);
  g_byte_array_append (out, names->currency_names->data, names->currency_names->len);
  return out;
}

static const char *
text_or_empty (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* Rows */

typedef struct
{
  gint64 previous_at;
  gint64 previous_key;
} PackState;

static void
put_task_key (GByteArray   *rows,
              PackState    *state,
              sqlite3_stmt *stmt,
              int           column)
{
  gint64 key = sqlite3_column_int64 (stmt, column);

  _pw_pack_put_signed (rows, key - state->previous_key);
  state->previous_key = key;
}

static gboolean
pack_entry (sqlite3_stmt *stmt,
            PackNames    *names,
            PackState    *state,
            GByteArray   *rows)
{
  PwEntryType type;
  PwStatus status;
  gint64 at = sqlite3_column_int64 (stmt, 0);
  gboolean has_score = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  gboolean has_task = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
  gboolean own = sqlite3_column_int (stmt, 10) != 0;
  guint account;

  /* The figures skip what they cannot read; so does the pack. */
  if (!_pw_figure_parse_type ((const char *) sqlite3_column_text (stmt, 1), &type) ||
      !_pw_figure_parse_status ((const char *) sqlite3_column_text (stmt, 2), &status) ||
      sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    return FALSE;

  _pw_pack_put_varint (rows, (guint64) (at - state->previous_at));
  state->previous_at = at;
  g_byte_array_append (rows, (const guint8[]) { type | status << 3 | has_score << 5 |
                                                has_task << 6 | own << 7 }, 1);
  _pw_pack_put_varint (rows, number_name (names->currencies, names->currency_names,
                                          &names->n_currencies, text_or_empty (stmt, 3)));
  account = number_name (names->accounts, names->account_names, &names->n_accounts,
                         text_or_empty (stmt, 5));
  _pw_pack_put_varint (rows, account);
  _pw_pack_put_varint (rows, number_project (names, account, text_or_empty (stmt, 6)));
  _pw_pack_put_signed (rows, sqlite3_column_int64 (stmt, 4));
  if (has_task)
    put_task_key (rows, state, stmt, 9);
  if (has_score)
    {
      double score = sqlite3_column_double (stmt, 8);

      g_byte_array_append (rows, (const guint8 *) &score, sizeof score);
    }
  return TRUE;
}

static gboolean
pack_time (sqlite3_stmt *stmt,
           PackNames    *names,
           PackState    *state,
           GByteArray   *rows)
{
  gint64 started_at = sqlite3_column_int64 (stmt, 0);
  gint64 ended_at = sqlite3_column_int64 (stmt, 1);
  const char *kind_text = text_or_empty (stmt, 2);
  PwTimeKind kind = strcmp (kind_text, "manual") == 0 ? PW_TIME_MANUAL
                    : strcmp (kind_text, "idle") == 0 ? PW_TIME_IDLE : PW_TIME_TASK;
  gboolean paid = sqlite3_column_int (stmt, 3) != 0;
  gboolean has_task = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
  guint account;

  _pw_pack_put_varint (rows, (guint64) (started_at - state->previous_at));
  state->previous_at = started_at;
  /* The table's CHECK keeps the end at or after the start. */
  _pw_pack_put_varint (rows, (guint64) MAX (0, ended_at - started_at));
  g_byte_array_append (rows, (const guint8[]) { kind | paid << 2 | has_task << 3 }, 1);
  account = number_name (names->accounts, names->account_names, &names->n_accounts,
                         text_or_empty (stmt, 4));
  _pw_pack_put_varint (rows, account);
  _pw_pack_put_varint (rows, number_project (names, account, text_or_empty (stmt, 6)));
  if (has_task)
    put_task_key (rows, state, stmt, 7);
  return TRUE;
}

const char *
_pw_figure_stream_query (PwFigureStream stream,
                         gboolean       keyed)
{
  if (stream == PW_FIGURE_STREAM_STATEMENT)
    return keyed ? "SELECT e.at, e.type, e.status, e.currency, e.amount_micro, e.account_id, "
                   "e.project_id, e.task_id, e.review_score, k.key, e.own "
                   "FROM ledger_entries AS e INDEXED BY ledger_figures "
                   "LEFT JOIN task_keys AS k ON k.account_id = e.account_id "
                   "AND k.task_id = e.task_id "
                   "WHERE e.at >= ?1 AND e.at < ?2 ORDER BY e.at"
                 : "SELECT at, type, status, currency, amount_micro, account_id, project_id, "
                   "task_id, review_score, NULL, own FROM ledger_entries INDEXED BY ledger_figures "
                   "WHERE at >= ?1 AND at < ?2 ORDER BY at";
  return keyed ? "SELECT t.started_at, t.ended_at, t.kind, t.paid, t.account_id, t.task_id, "
                 "t.project_id, k.key "
                 "FROM time_entries AS t INDEXED BY time_figures "
                 "LEFT JOIN task_keys AS k ON k.account_id = coalesce (t.account_id, '') "
                 "AND k.task_id = t.task_id "
                 "WHERE t.started_at >= ?1 AND t.started_at < ?2 ORDER BY t.started_at"
               : "SELECT started_at, ended_at, kind, paid, account_id, task_id, project_id, NULL "
                 "FROM time_entries INDEXED BY time_figures "
                 "WHERE started_at >= ?1 AND started_at < ?2 ORDER BY started_at";
}

/**
 * _pw_figure_pack_build:
 *
 * Numbers the week's tasks in task_keys, then packs its rows, replacing
 * any pack it had. A week with no rows gets an empty pack, so it is not
 * looked at again until a row comes.
 */
gboolean
_pw_figure_pack_build (sqlite3        *db,
                       PwFigureStream  stream,
                       gint64          chunk,
                       GError        **error)
{
  g_autoptr (sqlite3_stmt) keys = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (GByteArray) rows = g_byte_array_new ();
  g_autoptr (GByteArray) names_blob = NULL;
  PackNames names;
  PackState state = { chunk * PW_FIGURE_CHUNK_US, 0 };
  gint64 n_rows = 0;
  int rc;

  g_return_val_if_fail (chunk >= 0, FALSE);

  keys = pw_store_db_prepare (db, stream == PW_FIGURE_STREAM_STATEMENT
                                  ? "INSERT OR IGNORE INTO task_keys (account_id, task_id) "
                                    "SELECT account_id, task_id FROM ledger_entries "
                                    "INDEXED BY ledger_figures WHERE at >= ?1 AND at < ?2 "
                                    "AND task_id IS NOT NULL"
                                  : "INSERT OR IGNORE INTO task_keys (account_id, task_id) "
                                    "SELECT coalesce (account_id, ''), task_id FROM time_entries "
                                    "INDEXED BY time_figures WHERE started_at >= ?1 "
                                    "AND started_at < ?2 AND task_id IS NOT NULL", error);
  if (keys == NULL)
    return FALSE;
  sqlite3_bind_int64 (keys, 1, chunk * PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (keys, 2, (chunk + 1) * PW_FIGURE_CHUNK_US);
  rc = sqlite3_step (keys);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not number the tasks"));
      return FALSE;
    }

  stmt = pw_store_db_prepare (db, _pw_figure_stream_query (stream, TRUE), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chunk * PW_FIGURE_CHUNK_US);
  sqlite3_bind_int64 (stmt, 2, (chunk + 1) * PW_FIGURE_CHUNK_US);

  pack_names_init (&names);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean packed = stream == PW_FIGURE_STREAM_STATEMENT
                        ? pack_entry (stmt, &names, &state, rows)
                        : pack_time (stmt, &names, &state, rows);

      n_rows += packed;
    }
  names_blob = pack_names_finish (&names);
  pack_names_clear (&names);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }

  insert = pw_store_db_prepare (db, "INSERT INTO figure_packs (stream, chunk, n_rows, names, rows) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5) "
                                    "ON CONFLICT (stream, chunk) DO UPDATE SET "
                                    "n_rows = excluded.n_rows, names = excluded.names, "
                                    "rows = excluded.rows", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int (insert, 1, stream);
  sqlite3_bind_int64 (insert, 2, chunk);
  sqlite3_bind_int64 (insert, 3, n_rows);
  /* An empty blob, not NULL, for a week with no rows. */
  sqlite3_bind_blob (insert, 4, names_blob->len > 0 ? names_blob->data : (const guint8 *) "",
                     names_blob->len, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 5, rows->len > 0 ? rows->data : (const guint8 *) "", rows->len,
                     SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save the ledger"));
      return FALSE;
    }
  return TRUE;
}

/* The first week with a row in either stream, or -1 with none. */
static gboolean
first_chunk (sqlite3  *db,
             gint64   *chunk,
             GError  **error)
{
  /* The aggregate min(), which passes over a table with no rows. */
  g_autoptr (sqlite3_stmt) stmt = pw_store_db_prepare (db, "SELECT min (first) FROM ("
                                                           "SELECT min (at) AS first "
                                                           "FROM ledger_entries UNION ALL "
                                                           "SELECT min (started_at) "
                                                           "FROM time_entries)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }
  /* Rows before 1970 are never packed. */
  *chunk = sqlite3_column_type (stmt, 0) == SQLITE_NULL
           ? -1 : MAX (0, sqlite3_column_int64 (stmt, 0)) / PW_FIGURE_CHUNK_US;
  return TRUE;
}

/**
 * _pw_figure_packs_build_some:
 * @from: the first time whose week may be packed
 * @to: weeks that end after it are left alone: the current week, whose
 *   rows still change, above all
 * @budget_us: stops once this much time is spent, with weeks left
 * @left: (out): how many weeks of the streams are left unpacked
 *
 * Packs the weeks from the first row on, or from @from, that have no
 * pack. Runs on the writer's connection, inside its transaction.
 */
gboolean
_pw_figure_packs_build_some (sqlite3  *db,
                             gint64    from,
                             gint64    to,
                             gint64    budget_us,
                             guint    *left,
                             GError  **error)
{
  g_autoptr (sqlite3_stmt) packed = NULL;
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 started = g_get_monotonic_time ();
  gint64 first, last;
  int rc;

  *left = 0;
  if (!first_chunk (db, &first, error))
    return FALSE;
  if (first < 0 || to <= 0)
    return TRUE;
  first = MAX (first, MAX (0, from) / PW_FIGURE_CHUNK_US + (from % PW_FIGURE_CHUNK_US > 0));
  last = to / PW_FIGURE_CHUNK_US;  /* the first week that does not end by @to */
  if (first >= last)
    return TRUE;

  packed = pw_store_db_prepare (db, "SELECT stream, chunk FROM figure_packs "
                                    "WHERE chunk >= ?1 AND chunk < ?2", error);
  if (packed == NULL)
    return FALSE;
  sqlite3_bind_int64 (packed, 1, first);
  sqlite3_bind_int64 (packed, 2, last);
  /* Two bits of a week's key say which of its streams are packed. */
  g_array_set_size (keys, (gsize) (last - first));
  for (gint64 i = 0; i < last - first; i++)
    g_array_index (keys, gint64, i) = 0;
  while ((rc = sqlite3_step (packed)) == SQLITE_ROW)
    {
      gint64 chunk = sqlite3_column_int64 (packed, 1);

      g_array_index (keys, gint64, chunk - first) |= 1 << sqlite3_column_int (packed, 0);
    }
  if (rc != SQLITE_DONE)
    {
      pw_store_db_set_error (error, db, rc, _("Could not read the ledger"));
      return FALSE;
    }

  for (gint64 chunk = first; chunk < last; chunk++)
    {
      gint64 streams = g_array_index (keys, gint64, chunk - first);

      for (int stream = 0; stream < 2; stream++)
        {
          if (streams & (1 << stream))
            continue;
          if (g_get_monotonic_time () - started >= budget_us)
            {
              (*left)++;
              continue;
            }
          if (!_pw_figure_pack_build (db, stream, chunk, error))
            return FALSE;
        }
    }
  return TRUE;
}
