/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "pw-portfolio-private.h"

G_BEGIN_DECLS

/* The page of the portfolio report: A4, sizes in points. */
#define PW_PDF_PAGE_WIDTH    595.276
#define PW_PDF_PAGE_HEIGHT   841.89
#define PW_PDF_MARGIN        56.0
#define PW_PDF_CONTENT_WIDTH (PW_PDF_PAGE_WIDTH - 2 * PW_PDF_MARGIN)
#define PW_PDF_CONTENT_END   (PW_PDF_PAGE_HEIGHT - PW_PDF_MARGIN - 14)
#define PW_PDF_FOOTER_Y      (PW_PDF_PAGE_HEIGHT - PW_PDF_MARGIN + 6)
#define PW_PDF_CELL_PAD      4.0
#define PW_PDF_NUMBER_WIDTH  50.0
#define PW_PDF_N_NUMBERS     7
#define PW_PDF_CARD_GAP      10.0

typedef enum
{
  PW_PDF_TITLE,
  PW_PDF_NAME,
  PW_PDF_SPAN,
  PW_PDF_HEADING,
  PW_PDF_CARD_VALUE,
  PW_PDF_CARD_LABEL,
  PW_PDF_CARD_DETAIL,
  PW_PDF_COLUMN,
  PW_PDF_CELL,
  PW_PDF_CELL_TOTAL,
  PW_PDF_CELL_NOTE,
  PW_PDF_NOTE,
  PW_PDF_FOOTER,
  PW_PDF_N_STYLES
} PwPdfStyle;

#define PW_PDF_COLOR_ACCENT 0x3584e4
#define PW_PDF_COLOR_RULE   0xdeddda
#define PW_PDF_COLOR_STRIPE 0xf6f5f4

typedef struct
{
  cairo_t              *cr;
  PangoContext         *pango;
  PangoFontDescription *fonts[PW_PDF_N_STYLES];
  PwPortfolio          *portfolio;
  const char           *worker_name;
  GCancellable         *cancellable;
  gboolean              draw;
  guint                 page;
  guint                 n_pages;
  double                y;
} PwPdf;

void      _pw_pdf_init        (PwPdf          *pdf,
                               cairo_t        *cr,
                               PwPortfolio    *portfolio,
                               const char     *worker_name,
                               GCancellable   *cancellable);
void      _pw_pdf_clear       (PwPdf          *pdf);
double    _pw_pdf_text        (PwPdf          *pdf,
                               PwPdfStyle      style,
                               const char     *text,
                               double          x,
                               double          y,
                               double          width,
                               PangoAlignment  alignment);
double    _pw_pdf_paragraph   (PwPdf          *pdf,
                               PwPdfStyle      style,
                               const char     *text);
double    _pw_pdf_text_height (PwPdf          *pdf,
                               PwPdfStyle      style,
                               const char     *text,
                               double          width);
void      _pw_pdf_fill        (PwPdf          *pdf,
                               guint32         rgb,
                               double          x,
                               double          y,
                               double          width,
                               double          height);
void      _pw_pdf_rule        (PwPdf          *pdf,
                               double          y,
                               double          thickness);
void      _pw_pdf_start_page  (PwPdf          *pdf);
void      _pw_pdf_end_page    (PwPdf          *pdf);
gboolean  _pw_pdf_make_room   (PwPdf          *pdf,
                               double          height);

char     *_pw_pdf_format_count (guint           n);
char     *_pw_pdf_format_hours (gint64          us);
char     *_pw_pdf_format_share (double          share);
char     *_pw_pdf_format_date (GDateTime      *time);

G_END_DECLS
