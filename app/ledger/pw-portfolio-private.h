/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-portfolio.h"

G_BEGIN_DECLS

/* One line of the report: a project, a month, or the whole span.
 *
 * @name: the project's name, the month's start as a key, or %NULL for
 *   the total and for work tied to no known project
 * @account_name: (nullable): the account of a project
 * @month_start: the start of a month's row, microseconds since 1970
 * @n_tasks: tasks submitted, whether they reached the marketplace or wait
 * @n_boxes, @n_polygons: the shapes of their annotations
 * @n_choices, @n_spans, @n_segments, @n_transcripts: the items of text and
 *   audio annotations
 * @work_us: the time on tasks and the time added by hand, of the time
 *   entries that start in the span; the gaps between tasks are left out
 * @n_reviewed: task entries approved, paid or rejected
 * @n_approved: task entries approved or paid
 * @n_scored, @score_sum: the review scores of task entries */
typedef struct
{
  char   *name;
  char   *account_name;
  gint64  month_start;
  guint   n_tasks;
  guint   n_boxes;
  guint   n_polygons;
  guint   n_choices;
  guint   n_spans;
  guint   n_segments;
  guint   n_transcripts;
  gint64  work_us;
  guint   n_reviewed;
  guint   n_approved;
  guint   n_scored;
  double  score_sum;
} PwPortfolioRow;

/* What the report shows. @projects are by name, the row of work tied to
 * no project last; @months are the months with any work, oldest first.
 * @n_accounts counts the accounts the projects come from. */
typedef struct
{
  gint64          start;
  gint64          end;
  GTimeZone      *tz;
  PwPortfolioRow  total;
  GPtrArray      *projects;
  GPtrArray      *months;
  guint           n_accounts;
} PwPortfolio;

/* Reports rows read so far out of @total; called on the reading thread. */
typedef void (*PwPortfolioStepFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

guint   _pw_portfolio_row_items (const PwPortfolioRow *row);
double  _pw_portfolio_row_accuracy (const PwPortfolioRow *row);
double  _pw_portfolio_row_approval (const PwPortfolioRow *row);

PwPortfolio *_pw_portfolio_gather    (PwStore              *store,
                                      gint64                start,
                                      gint64                end,
                                      GTimeZone            *tz,
                                      PwPortfolioStepFunc   step,
                                      gpointer              step_data,
                                      GCancellable         *cancellable,
                                      GError              **error);
void         _pw_portfolio_free      (PwPortfolio          *self);
GBytes      *_pw_portfolio_render_pdf (PwPortfolio          *self,
                                       const char           *worker_name,
                                       GCancellable         *cancellable,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPortfolio, _pw_portfolio_free)

G_END_DECLS
