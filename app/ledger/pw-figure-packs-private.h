/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "market/pw-market-statement.h"
#include "pw-figures-run-private.h"
#include "store/pw-store-time.h"

G_BEGIN_DECLS

/* The figures read every statement entry and time entry of their spans, a
 * year of them for a yearly summary. Weeks that are over rarely change, so
 * each is kept packed as well (the table figure_packs): its rows in their
 * index's order, names numbered once per week and tasks by their number in
 * task_keys, so the figures read a week with one blob instead of
 * thousands of rows and hash a task's number instead of its id. A pack is
 * only a copy: the store's triggers drop it when a row of its week
 * changes, and until it is packed again the week is read from the tables,
 * with the same result. */

/* A week, counted from 1970-01-01 UTC. */
#define PW_FIGURE_CHUNK_US G_GINT64_CONSTANT (604800000000)

typedef enum
{
  PW_FIGURE_STREAM_STATEMENT = 0,
  PW_FIGURE_STREAM_TIME = 1,
} PwFigureStream;

/* One row of either stream, its names numbered in the run. A task is
 * known by its key in task_keys, or where it has none yet by its id. */
typedef struct
{
  gint64      at;          /* a statement entry's `at`, a time entry's start */
  gint64      end;         /* a time entry's end */
  gint64      amount;
  gint64      task_key;    /* 0: none; see task_id */
  const char *task_id;     /* without a key: the id, or NULL for no task */
  double      score;
  guint8      type;        /* PwEntryType or PwTimeKind */
  guint8      status;      /* PwStatus */
  guint8      has_score;
  guint8      has_task;
  guint8      paid;
  guint8      own;         /* a statement entry the worker's rates made */
  guint       currency;
  guint       account;
  guint       project;
} PwFigureRow;

gboolean  _pw_figure_parse_type   (const char *text,
                                   PwEntryType *type);
gboolean  _pw_figure_parse_status (const char *text,
                                   PwStatus   *status);

/* The rows of one stream from @from to @to (excluded), by time: packed
 * weeks from their packs, the rest from the tables. */
typedef struct _PwFigureSource PwFigureSource;

PwFigureSource *_pw_figure_source_new (PwFiguresRun     *run,
                                       sqlite3          *db,
                                       PwFigureStream    stream,
                                       gint64            from,
                                       gint64            to,
                                       GError          **error);
gboolean        _pw_figure_source_has_packs (PwFigureSource *source);
gint64          _pw_figure_source_n_packed_rows (PwFigureSource *source);
void            _pw_figure_source_set_keyed (PwFigureSource *source,
                                             gboolean        keyed);
gboolean        _pw_figure_source_next (PwFigureSource   *source,
                                        gboolean         *more,
                                        GError          **error);
const PwFigureRow *_pw_figure_source_row (PwFigureSource *source);
void            _pw_figure_source_free (PwFigureSource   *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwFigureSource, _pw_figure_source_free)

/* Packs the rows of week @chunk of @stream, on the writer's connection,
 * inside its transaction. */
gboolean  _pw_figure_pack_build   (sqlite3          *db,
                                   PwFigureStream    stream,
                                   gint64            chunk,
                                   GError          **error);

gboolean  _pw_figure_packs_build_some (sqlite3       *db,
                                       gint64         from,
                                       gint64         to,
                                       gint64         budget_us,
                                       guint         *left,
                                       GError       **error);

/* The query of a stream's rows from ?1 to ?2, with each task's key when
 * @keyed, in the order of the stream's index. */
const char *_pw_figure_stream_query (PwFigureStream stream,
                                     gboolean       keyed);

/* The packs' numbers */
void      _pw_pack_put_varint     (GByteArray       *out,
                                   guint64           value);
void      _pw_pack_put_signed     (GByteArray       *out,
                                   gint64            value);
gboolean  _pw_pack_get_varint     (const guint8    **cursor,
                                   const guint8     *end,
                                   guint64          *value);
gboolean  _pw_pack_get_signed     (const guint8    **cursor,
                                   const guint8     *end,
                                   gint64           *value);

G_END_DECLS
