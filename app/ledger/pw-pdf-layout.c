/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "pw-pdf-layout-private.h"

/* Laying out the portfolio's pages: text through Pango, so names in any
 * script are shaped and get a font that has their glyphs; rules, fills,
 * page breaks and the footer. Nothing is drawn while pdf->draw is unset,
 * the pass that counts the pages. */

static const struct
{
  const char *font;
  guint32     color;
} styles[PW_PDF_N_STYLES] = {
  [PW_PDF_TITLE] = { "Cantarell, Sans Bold 24", 0x241f31 },
  [PW_PDF_NAME] = { "Cantarell, Sans 15", 0x241f31 },
  [PW_PDF_SPAN] = { "Cantarell, Sans 10.5", 0x5e5c64 },
  [PW_PDF_HEADING] = { "Cantarell, Sans Bold 13", 0x241f31 },
  [PW_PDF_CARD_VALUE] = { "Cantarell, Sans Bold 19", 0x1a5fb4 },
  [PW_PDF_CARD_LABEL] = { "Cantarell, Sans Bold 8.5", 0x241f31 },
  [PW_PDF_CARD_DETAIL] = { "Cantarell, Sans 7.5", 0x5e5c64 },
  [PW_PDF_COLUMN] = { "Cantarell, Sans Bold 8", 0x5e5c64 },
  [PW_PDF_CELL] = { "Cantarell, Sans 8.5", 0x241f31 },
  [PW_PDF_CELL_TOTAL] = { "Cantarell, Sans Bold 8.5", 0x241f31 },
  [PW_PDF_CELL_NOTE] = { "Cantarell, Sans 7", 0x5e5c64 },
  [PW_PDF_NOTE] = { "Cantarell, Sans 8", 0x5e5c64 },
  [PW_PDF_FOOTER] = { "Cantarell, Sans 7.5", 0x77767b },
};

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Returns: (transfer full): the text of @layout with each character that
 * no font could show replaced by @replacement */
static char *
replace_unknown_glyphs (PangoLayout *layout,
                        const char  *replacement)
{
  const char *text = pango_layout_get_text (layout);
  gsize length = strlen (text);
  g_autofree guint8 *unknown = g_new0 (guint8, length + 1);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  GString *replaced = g_string_sized_new (length + 8);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run == NULL)
        continue;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          gsize at = (gsize) run->item->offset + (gsize) run->glyphs->log_clusters[i];

          if ((run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) && at < length)
            unknown[at] = 1;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (unknown[p - text])
        g_string_append (replaced, replacement);
      else
        g_string_append_len (replaced, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (replaced, FALSE);
}

static PangoLayout *
new_layout (PwPdf          *pdf,
            PwPdfStyle      style,
            const char     *text,
            double          width,
            PangoAlignment  alignment)
{
  /* A character that no installed font has would be drawn as a box with
   * its code in hex, which reads as a printing fault in a report meant for
   * clients. It is shown as U+FFFD, the sign for a character that cannot
   * be shown, or as a question mark where no font has that either. */
  static const char *const replacements[] = { "\xef\xbf\xbd", "?" };
  PangoLayout *layout = pango_layout_new (pdf->pango);

  pango_layout_set_font_description (layout, pdf->fonts[style]);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);

  for (guint i = 0;
       i < G_N_ELEMENTS (replacements) && pango_layout_get_unknown_glyphs_count (layout) > 0;
       i++)
    {
      g_autofree char *shown = replace_unknown_glyphs (layout, replacements[i]);

      pango_layout_set_text (layout, shown, -1);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* Lays out @text in a box @width wide at (@x, @y), draws it in the drawing
 * pass, and returns its height. A @width of 0 does not wrap. */
double
_pw_pdf_text (PwPdf          *pdf,
              PwPdfStyle      style,
              const char     *text,
              double          x,
              double          y,
              double          width,
              PangoAlignment  alignment)
{
  g_autoptr (PangoLayout) layout = new_layout (pdf, style, text, width, alignment);

  if (pdf->draw)
    {
      set_color (pdf->cr, styles[style].color);
      cairo_move_to (pdf->cr, x, y);
      pango_cairo_show_layout (pdf->cr, layout);
    }
  return layout_height (layout);
}

double
_pw_pdf_text_height (PwPdf      *pdf,
                     PwPdfStyle  style,
                     const char *text,
                     double      width)
{
  g_autoptr (PangoLayout) layout = new_layout (pdf, style, text, width, PANGO_ALIGN_LEFT);

  return layout_height (layout);
}

void
_pw_pdf_fill (PwPdf   *pdf,
              guint32  rgb,
              double   x,
              double   y,
              double   width,
              double   height)
{
  if (!pdf->draw)
    return;
  set_color (pdf->cr, rgb);
  cairo_rectangle (pdf->cr, x, y, width, height);
  cairo_fill (pdf->cr);
}

void
_pw_pdf_rule (PwPdf  *pdf,
              double  y,
              double  thickness)
{
  _pw_pdf_fill (pdf, PW_PDF_COLOR_RULE, PW_PDF_MARGIN, y, PW_PDF_CONTENT_WIDTH, thickness);
}

void
_pw_pdf_start_page (PwPdf *pdf)
{
  pdf->page++;
  pdf->y = PW_PDF_MARGIN;
}

void
_pw_pdf_end_page (PwPdf *pdf)
{
  g_autofree char *page = NULL;
  const char *title;

  if (!pdf->draw)
    return;

  _pw_pdf_rule (pdf, PW_PDF_FOOTER_Y - 4, 0.5);
  title = pdf->worker_name != NULL ? pdf->worker_name : _("Work portfolio");
  _pw_pdf_text (pdf, PW_PDF_FOOTER, title, PW_PDF_MARGIN, PW_PDF_FOOTER_Y,
                PW_PDF_CONTENT_WIDTH * 0.7, PANGO_ALIGN_LEFT);
  /* Translators: the page's number, then the number of pages */
  page = g_strdup_printf (_("Page %u of %u"), pdf->page, pdf->n_pages);
  _pw_pdf_text (pdf, PW_PDF_FOOTER, page, PW_PDF_MARGIN, PW_PDF_FOOTER_Y, PW_PDF_CONTENT_WIDTH,
                PANGO_ALIGN_RIGHT);
  cairo_show_page (pdf->cr);
}

/* Shows @text at the left margin, as wide as the page's content, below
 * what is there, and moves down past it. Returns its height. */
double
_pw_pdf_paragraph (PwPdf      *pdf,
                   PwPdfStyle  style,
                   const char *text)
{
  double height = _pw_pdf_text (pdf, style, text, PW_PDF_MARGIN, pdf->y, PW_PDF_CONTENT_WIDTH,
                                PANGO_ALIGN_LEFT);

  pdf->y += height;
  return height;
}

/* Starts a new page unless @height fits below. Returns %TRUE on a new
 * page. */
gboolean
_pw_pdf_make_room (PwPdf  *pdf,
                   double  height)
{
  if (pdf->y + height <= PW_PDF_CONTENT_END || pdf->y <= PW_PDF_MARGIN)
    return FALSE;
  _pw_pdf_end_page (pdf);
  _pw_pdf_start_page (pdf);
  return TRUE;
}

char *
_pw_pdf_format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

char *
_pw_pdf_format_hours (gint64 us)
{
  return g_strdup_printf ("%'.1f", (double) us / (3600.0 * G_USEC_PER_SEC));
}

/* A share from 0 to 1 as a percentage, or a dash for no share. */
char *
_pw_pdf_format_share (double share)
{
  if (share < 0)
    return g_strdup ("—");
  /* Translators: a percentage with one decimal, such as 96.5% */
  return g_strdup_printf (_("%.1f%%"), share * 100);
}

char *
_pw_pdf_format_date (GDateTime *time)
{
  /* Translators: a date in the portfolio report; see the strftime
   * codes of g_date_time_format() */
  /* xgettext:no-c-format */
  return g_date_time_format (time, _("%-d %B %Y"));
}

/* Sets @pdf up to lay out on @cr. The font map is this call's own: Pango's
 * default one is per thread, and this runs on a pool thread. */
void
_pw_pdf_init (PwPdf        *pdf,
              cairo_t      *cr,
              PwPortfolio  *portfolio,
              const char   *worker_name,
              GCancellable *cancellable)
{
  g_autoptr (PangoFontMap) font_map = pango_cairo_font_map_new ();

  memset (pdf, 0, sizeof *pdf);
  pdf->cr = cr;
  pdf->pango = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (pdf->pango, 72);
  pango_cairo_update_context (cr, pdf->pango);
  for (guint i = 0; i < PW_PDF_N_STYLES; i++)
    pdf->fonts[i] = pango_font_description_from_string (styles[i].font);
  pdf->portfolio = portfolio;
  pdf->worker_name = worker_name;
  pdf->cancellable = cancellable;
}

void
_pw_pdf_clear (PwPdf *pdf)
{
  for (guint i = 0; i < PW_PDF_N_STYLES; i++)
    g_clear_pointer (&pdf->fonts[i], pango_font_description_free);
  g_clear_object (&pdf->pango);
}
