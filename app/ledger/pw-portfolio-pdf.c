/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-figures-private.h"
#include "pw-pdf-layout-private.h"

/* The portfolio as an A4 PDF: the title and the totals, a table per
 * project and one per month, and what the figures mean. The document is
 * laid out twice: once to count the pages, for "Page 2 of 3", then drawn. */

/* A table row: the first cell's text and note, then the numbers. */
typedef struct
{
  const char *label;
  const char *note;
  char       *numbers[PW_PDF_N_NUMBERS];
  PwPdfStyle  style;
  gboolean    stripe;
} Row;

/* The table's columns: the label, then the numbers, right-aligned. */
#define LABEL_X      (PW_PDF_MARGIN + PW_PDF_CELL_PAD)
#define NUMBER_INNER (PW_PDF_NUMBER_WIDTH - PW_PDF_CELL_PAD)

static double
number_x (guint column)
{
  return PW_PDF_MARGIN + PW_PDF_CONTENT_WIDTH
         - (PW_PDF_N_NUMBERS - column) * PW_PDF_NUMBER_WIDTH;
}

static GDateTime *
local_time (PwPortfolio *portfolio,
            gint64       at)
{
  return pw_date_time_new_usec (at, portfolio->tz);
}

static void
fill_numbers (Row                  *row,
              const PwPortfolioRow *figures)
{
  row->numbers[0] = _pw_pdf_format_count (figures->n_tasks);
  row->numbers[1] = _pw_pdf_format_count (figures->n_boxes);
  row->numbers[2] = _pw_pdf_format_count (figures->n_polygons);
  row->numbers[3] = _pw_pdf_format_count (_pw_portfolio_row_items (figures));
  row->numbers[4] = _pw_pdf_format_hours (figures->work_us);
  row->numbers[5] = _pw_pdf_format_share (_pw_portfolio_row_accuracy (figures));
  row->numbers[6] = _pw_pdf_format_share (_pw_portfolio_row_approval (figures));
}

static void
clear_numbers (Row *row)
{
  for (guint i = 0; i < PW_PDF_N_NUMBERS; i++)
    g_clear_pointer (&row->numbers[i], g_free);
}

static double
label_width (void)
{
  return PW_PDF_CONTENT_WIDTH - PW_PDF_N_NUMBERS * PW_PDF_NUMBER_WIDTH - 2 * PW_PDF_CELL_PAD;
}

static double
row_height (PwPdf     *pdf,
            const Row *row)
{
  double height = _pw_pdf_text_height (pdf, row->style, row->label, label_width ());

  if (row->note != NULL)
    height += _pw_pdf_text_height (pdf, PW_PDF_CELL_NOTE, row->note, label_width ());
  return height + 2 * PW_PDF_CELL_PAD;
}

static void
show_row (PwPdf     *pdf,
          const Row *row)
{
  double height = row_height (pdf, row);
  double y = pdf->y + PW_PDF_CELL_PAD;
  double label_y = y;

  if (row->stripe)
    _pw_pdf_fill (pdf, PW_PDF_COLOR_STRIPE, PW_PDF_MARGIN, pdf->y, PW_PDF_CONTENT_WIDTH, height);
  label_y += _pw_pdf_text (pdf, row->style, row->label, LABEL_X, y, label_width (),
                           PANGO_ALIGN_LEFT);
  if (row->note != NULL)
    _pw_pdf_text (pdf, PW_PDF_CELL_NOTE, row->note, LABEL_X, label_y, label_width (),
                  PANGO_ALIGN_LEFT);
  for (guint i = 0; i < PW_PDF_N_NUMBERS; i++)
    _pw_pdf_text (pdf, row->style, row->numbers[i], number_x (i), y, NUMBER_INNER,
                  PANGO_ALIGN_RIGHT);
  pdf->y += height;
}

static double
show_columns (PwPdf      *pdf,
              const char *first)
{
  const char *names[PW_PDF_N_NUMBERS] = {
    C_("portfolio column", "Tasks"),
    C_("portfolio column", "Boxes"),
    C_("portfolio column", "Polygons"),
    C_("portfolio column", "Items"),
    C_("portfolio column", "Hours"),
    C_("portfolio column", "Accuracy"),
    C_("portfolio column", "Approval"),
  };
  double y = pdf->y + PW_PDF_CELL_PAD;
  double height = _pw_pdf_text (pdf, PW_PDF_COLUMN, first, LABEL_X, y, label_width (),
                                PANGO_ALIGN_LEFT);

  for (guint i = 0; i < PW_PDF_N_NUMBERS; i++)
    height = MAX (height, _pw_pdf_text (pdf, PW_PDF_COLUMN, names[i], number_x (i), y,
                                        NUMBER_INNER, PANGO_ALIGN_RIGHT));
  height += 2 * PW_PDF_CELL_PAD;
  _pw_pdf_rule (pdf, pdf->y + height - 0.75, 0.75);
  pdf->y += height;
  return height;
}

static double
heading_height (PwPdf      *pdf,
                const char *heading)
{
  return _pw_pdf_text_height (pdf, PW_PDF_HEADING, heading, PW_PDF_CONTENT_WIDTH) + 6;
}

static void
show_heading (PwPdf      *pdf,
              const char *heading)
{
  _pw_pdf_paragraph (pdf, PW_PDF_HEADING, heading);
  pdf->y += 6;
}

/* A table of @rows under @heading: the heading stays with the first row,
 * and a table that goes on to the next page repeats its column names. */
static gboolean
show_table (PwPdf      *pdf,
            const char *heading,
            const char *first_column,
            GPtrArray  *rows)
{
  double first = rows->len > 0 ? row_height (pdf, rows->pdata[0]) : 0;

  _pw_pdf_make_room (pdf, heading_height (pdf, heading) + 30 + first);
  show_heading (pdf, heading);
  show_columns (pdf, first_column);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];

      if (g_cancellable_is_cancelled (pdf->cancellable))
        return FALSE;
      if (_pw_pdf_make_room (pdf, row_height (pdf, row)))
        show_columns (pdf, first_column);
      if (row->style == PW_PDF_CELL_TOTAL)
        _pw_pdf_rule (pdf, pdf->y, 0.75);
      show_row (pdf, row);
    }
  pdf->y += 24;
  return TRUE;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  clear_numbers (row);
  g_free (row);
}

static GPtrArray *
project_rows (PwPdf *pdf)
{
  PwPortfolio *portfolio = pdf->portfolio;
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  Row *row;

  for (guint i = 0; i < portfolio->projects->len; i++)
    {
      PwPortfolioRow *project = portfolio->projects->pdata[i];

      row = g_new0 (Row, 1);
      row->label = project->name != NULL ? project->name : _("Work outside a project");
      /* The marketplace account tells projects of the same name apart. */
      if (portfolio->n_accounts > 1)
        row->note = project->account_name;
      row->style = PW_PDF_CELL;
      row->stripe = i % 2 == 1;
      fill_numbers (row, project);
      g_ptr_array_add (rows, row);
    }

  row = g_new0 (Row, 1);
  row->label = C_("portfolio row", "Total");
  row->style = PW_PDF_CELL_TOTAL;
  fill_numbers (row, &portfolio->total);
  g_ptr_array_add (rows, row);
  return rows;
}

/* Returns: (transfer full): the month rows; their labels are kept in
 * @labels */
static GPtrArray *
month_rows (PwPdf     *pdf,
            GPtrArray *labels)
{
  PwPortfolio *portfolio = pdf->portfolio;
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  for (guint i = 0; i < portfolio->months->len; i++)
    {
      PwPortfolioRow *month = portfolio->months->pdata[i];
      g_autoptr (GDateTime) time = local_time (portfolio, month->month_start);
      Row *row = g_new0 (Row, 1);
      /* Translators: a month in the portfolio report, such as "November
       * 2026"; see the strftime codes of g_date_time_format() */
      /* xgettext:no-c-format */
      char *label = g_date_time_format (time, _("%B %Y"));

      g_ptr_array_add (labels, label);
      row->label = label;
      row->style = PW_PDF_CELL;
      row->stripe = i % 2 == 1;
      fill_numbers (row, month);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static double
show_card (PwPdf      *pdf,
           double      x,
           double      y,
           double      width,
           double      height,
           const char *value,
           const char *label,
           const char *detail)
{
  double inner = width - 2 * 10;
  double top = y + 9;

  _pw_pdf_fill (pdf, PW_PDF_COLOR_STRIPE, x, y, width, height);
  _pw_pdf_fill (pdf, PW_PDF_COLOR_ACCENT, x, y, 2.5, height);
  top += _pw_pdf_text (pdf, PW_PDF_CARD_VALUE, value, x + 10, top, inner, PANGO_ALIGN_LEFT);
  top += _pw_pdf_text (pdf, PW_PDF_CARD_LABEL, label, x + 10, top, inner, PANGO_ALIGN_LEFT);
  if (detail != NULL)
    top += 2 + _pw_pdf_text (pdf, PW_PDF_CARD_DETAIL, detail, x + 10, top + 2, inner,
                             PANGO_ALIGN_LEFT);
  return top + 9 - y;
}

/* Joins counts such as "12 choices" and "4 text spans", or returns %NULL
 * when there are none. */
static char *
join_counts (GPtrArray *parts)
{
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  /* Translators: what separates the counts in a list such as
   * "12 choices · 4 text spans" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/* Says how many of each kind of shape there were, leaving out the kinds
 * with none. */
static char *
describe_shapes (const PwPortfolioRow *total)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (total->n_boxes > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%'u box",
                                                          "%'u boxes", total->n_boxes),
                                             total->n_boxes));
  if (total->n_polygons > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%'u polygon",
                                                          "%'u polygons", total->n_polygons),
                                             total->n_polygons));
  return join_counts (parts);
}

/* Says how many of each kind of item there were, leaving out the kinds
 * with none. */
static char *
describe_items (const PwPortfolioRow *total)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (total->n_choices > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%'u choice",
                                                          "%'u choices", total->n_choices),
                                             total->n_choices));
  if (total->n_spans > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%'u text span",
                                                          "%'u text spans", total->n_spans),
                                             total->n_spans));
  if (total->n_segments > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                                          "%'u audio segment",
                                                          "%'u audio segments",
                                                          total->n_segments),
                                             total->n_segments));
  if (total->n_transcripts > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%'u transcript",
                                                          "%'u transcripts",
                                                          total->n_transcripts),
                                             total->n_transcripts));
  return join_counts (parts);
}

typedef struct
{
  char       *value;
  const char *label;
  char       *detail;
} Card;

static void
show_cards (PwPdf *pdf)
{
  const PwPortfolioRow *total = &pdf->portfolio->total;
  double width = (PW_PDF_CONTENT_WIDTH - 2 * PW_PDF_CARD_GAP) / 3;
  Card cards[6] = {
    { _pw_pdf_format_count (total->n_tasks), _("Tasks done"), NULL },
    { _pw_pdf_format_count (total->n_boxes + total->n_polygons), _("Shapes drawn"),
      describe_shapes (total) },
    { _pw_pdf_format_count (_pw_portfolio_row_items (total)), _("Text and audio items labeled"),
      describe_items (total) },
    { _pw_pdf_format_hours (total->work_us), _("Hours worked"), NULL },
    { _pw_pdf_format_share (_pw_portfolio_row_accuracy (total)), _("Accuracy"), NULL },
    { _pw_pdf_format_share (_pw_portfolio_row_approval (total)), _("Approval rate"), NULL },
  };

  if (total->n_scored > 0)
    cards[4].detail = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                                    "Mean review score of %'u task",
                                                    "Mean review score of %'u tasks",
                                                    total->n_scored), total->n_scored);
  if (total->n_reviewed > 0)
    cards[5].detail = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                                    "%'u of %'u reviewed task approved",
                                                    "%'u of %'u reviewed tasks approved",
                                                    total->n_reviewed),
                                       total->n_approved, total->n_reviewed);

  for (guint line = 0; line < 2; line++)
    {
      double height = 0;
      gboolean draw = pdf->draw;

      /* Each card of a line is as tall as the tallest. */
      pdf->draw = FALSE;
      for (guint i = 0; i < 3; i++)
        {
          Card *card = &cards[line * 3 + i];

          height = MAX (height, show_card (pdf, 0, 0, width, 0, card->value, card->label,
                                           card->detail));
        }
      pdf->draw = draw;
      for (guint i = 0; i < 3; i++)
        {
          Card *card = &cards[line * 3 + i];

          show_card (pdf, PW_PDF_MARGIN + i * (width + PW_PDF_CARD_GAP), pdf->y, width, height,
                     card->value, card->label, card->detail);
        }
      pdf->y += height + PW_PDF_CARD_GAP;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_free (cards[i].value);
      g_free (cards[i].detail);
    }
}

static void
show_title (PwPdf *pdf)
{
  PwPortfolio *portfolio = pdf->portfolio;
  g_autoptr (GDateTime) first = local_time (portfolio, portfolio->start);
  g_autoptr (GDateTime) last = local_time (portfolio, MAX (portfolio->start,
                                                           portfolio->end - 1));
  g_autofree char *first_text = _pw_pdf_format_date (first);
  g_autofree char *last_text = _pw_pdf_format_date (last);
  g_autofree char *span = NULL;

  _pw_pdf_fill (pdf, PW_PDF_COLOR_ACCENT, 0, 0, PW_PDF_PAGE_WIDTH, 6);
  _pw_pdf_paragraph (pdf, PW_PDF_TITLE, _("Work portfolio"));
  if (pdf->worker_name != NULL)
    _pw_pdf_paragraph (pdf, PW_PDF_NAME, pdf->worker_name);
  if (g_str_equal (first_text, last_text))
    span = g_strdup (first_text);
  else
    /* Translators: the first and the last day of the report's span */
    span = g_strdup_printf (_("%s – %s"), first_text, last_text);
  pdf->y += 4;
  _pw_pdf_paragraph (pdf, PW_PDF_SPAN, span);
  pdf->y += 20;
  show_cards (pdf);
  pdf->y += 18;
}

static void
show_notes (PwPdf *pdf)
{
  g_autoptr (GDateTime) now = g_date_time_new_now (pdf->portfolio->tz);
  g_autofree char *today = _pw_pdf_format_date (now);
  g_autofree char *made = NULL;
  g_autofree char *notes = NULL;
  const char *about = _("Tasks are the tasks submitted to a marketplace, received or waiting to "
                        "be sent. Shapes are the boxes and polygons drawn on images; items are "
                        "the choices, spans, audio segments and transcripts of text and audio "
                        "tasks. Hours are the time measured on tasks and the time added by "
                        "hand. Accuracy is the mean score the marketplaces’ reviewers gave; "
                        "approval is the share of reviewed tasks they approved.");

  /* Translators: the date the report was made */
  made = g_strdup_printf (_("Made with Piecework on %s."), today);
  notes = g_strconcat (about, "\n", made, NULL);
  _pw_pdf_make_room (pdf, _pw_pdf_text_height (pdf, PW_PDF_NOTE, notes, PW_PDF_CONTENT_WIDTH));
  _pw_pdf_paragraph (pdf, PW_PDF_NOTE, notes);
}

/* One pass over the document. Returns %FALSE when cancelled. */
static gboolean
show_document (PwPdf *pdf)
{
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (GPtrArray) months = NULL;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  pdf->page = 0;
  _pw_pdf_start_page (pdf);
  show_title (pdf);

  if (pdf->portfolio->projects->len == 0)
    {
      _pw_pdf_paragraph (pdf, PW_PDF_SPAN, _("No work was recorded in this span."));
      pdf->y += 24;
    }
  else
    {
      projects = project_rows (pdf);
      months = month_rows (pdf, labels);
      if (!show_table (pdf, _("By project"), C_("portfolio column", "Project"), projects)
          || !show_table (pdf, _("By month"), C_("portfolio column", "Month"), months))
        return FALSE;
    }

  show_notes (pdf);
  _pw_pdf_end_page (pdf);
  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (cairo_surface_t *surface,
              const char      *worker_name)
{
  g_autofree char *title = NULL;

  if (worker_name != NULL)
    /* Translators: the title of the PDF file; %s is the worker's name */
    title = g_strdup_printf (_("Work portfolio of %s"), worker_name);
  else
    title = g_strdup (_("Work portfolio"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (worker_name != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, worker_name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Piecework " PW_VERSION);
}

/**
 * _pw_portfolio_render_pdf:
 * @self: the figures
 * @worker_name: (nullable): the name the report is for
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Draws the report. Blocks: for threads and tests.
 *
 * Returns: (transfer full): the PDF file's bytes, or %NULL with @error
 */
GBytes *
_pw_portfolio_render_pdf (PwPortfolio   *self,
                          const char    *worker_name,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  PwPdf pdf;
  gboolean done;

  g_return_val_if_fail (self != NULL, NULL);

  if (worker_name != NULL && *worker_name == '\0')
    worker_name = NULL;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PW_PDF_PAGE_WIDTH,
                                                 PW_PDF_PAGE_HEIGHT);
  set_metadata (surface, worker_name);
  cr = cairo_create (surface);
  _pw_pdf_init (&pdf, cr, self, worker_name, cancellable);

  pdf.draw = FALSE;
  done = show_document (&pdf);
  if (done)
    {
      pdf.n_pages = pdf.page;
      pdf.draw = TRUE;
      done = show_document (&pdf);
    }

  _pw_pdf_clear (&pdf);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!done)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_FAILED,
                   /* Translators: %s is the drawing library's reason */
                   _("Could not draw the portfolio (%s). Try again; if it fails again, "
                     "report the problem."), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
