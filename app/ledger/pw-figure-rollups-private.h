/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pw-figures-run-private.h"

G_BEGIN_DECLS

/* A year's summary reads every statement entry and time entry of the year,
 * even with the weeks packed. Spans that are over are therefore also kept
 * rolled up (the table figure_rollups): a span inside one week (a chunk,
 * as for the packs) holds the sums of its figures by project, the time of
 * each task worked only inside it by value, the tasks worked in it and
 * elsewhere one by one, the review scores in the order they are added, and
 * the sessions' state at its start and end. The week under way is rolled
 * up by its days that are over (UTC days), and once over, whole. A summary
 * adds the roll-ups of its spans that are over and reads only the rest,
 * today's rows, and gets every figure the same to the last bit: where a
 * roll-up cannot tell (sessions that do not join, outcomes outside the
 * summary's window, sums near what 64 bits hold) the summary reads every
 * row as before.
 *
 * A roll-up is a copy: the store's triggers drop it when a row it was made
 * from changes, with every other roll-up of its week, the days' of the
 * week under way included, and it is made again by
 * _pw_figure_rollups_build(). */

/* Rolls up the spans of @start to @end that end by @until, and the days
 * that end by @until of the week under way, that have no roll-up yet, on
 * the writer's connection, inside its transaction. */
gboolean  _pw_figure_rollups_build   (sqlite3       *db,
                                      gint64         start,
                                      gint64         end,
                                      gint64         until,
                                      GError       **error);

/* Computes the figures of @start to @end, one set and one per project,
 * with medians, from the roll-ups of its first spans and the rows after
 * them. Sets *@rolled to %FALSE, with nothing computed, when the roll-ups
 * cannot give the same figures as the rows. */
gboolean  _pw_figure_rollups_compute (sqlite3       *db,
                                      GTimeZone     *tz,
                                      gint64         start,
                                      gint64         end,
                                      gboolean      *rolled,
                                      PwFigures    **figures,
                                      GPtrArray    **projects,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* Packs the weeks of @start to @end that are over and, with @roll_up,
 * rolls up its spans that are over, on @db, in a transaction of its own. */
gboolean  _pw_figures_keep           (sqlite3       *db,
                                      gint64         start,
                                      gint64         end,
                                      gboolean       roll_up,
                                      GError       **error);

G_END_DECLS
