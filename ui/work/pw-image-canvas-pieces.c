/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-image-canvas-private.h"

/* The shapes that are not being edited, drawn in square pieces on a grid
 * fixed to the image at the view's zoom. A piece is drawn once and kept
 * while it is in view or near it: a pan draws only the pieces it brings
 * into view, and those around the view are drawn ahead while the main loop
 * is idle, so that panning draws nothing most frames. An edit or a change
 * of selection draws again only the pixels of the pieces where the shapes
 * it touched were and are (pw-image-canvas-shapes.c). Each piece is one
 * texture, drawn a texture pixel to a screen pixel without filtering
 * (pw-image-canvas-texture.c); with an opaque image, the image is drawn
 * into the pieces too, one layer for the renderer instead of two.
 *
 * What the view shows is drawn first, a part of a piece at a time from
 * its middle, for as long as a frame can spend on it; where a piece is not
 * drawn yet, the last zoom's pieces show scaled, or the image. The pieces
 * around the view follow while idle. So a zoom step or the first frame of
 * thousands of shapes costs a frame, not their whole drawing. */

/* Pieces this many pixels a side; zoomed in, the draws of many small
 * textures cost GTK 4.8's GL renderer on llvmpipe more than their
 * clipping saves. */
#define PIECE 256
#define PIECE_ZOOMED 512
/* A piece is drawn in parts of this many pixels a side, about a
 * millisecond's drawing for the densest view, so that a frame can stop
 * in time; its texture is made once it is drawn whole. */
#define PART 128
/* What a frame spends drawing pieces of the view, beyond the first part;
 * and what one idle turn spends. */
#define FRAME_BUDGET_US 6000
#define IDLE_BUDGET_US 4000
/* Pieces drawn ahead around the view, and kept, a ring this wide. */
#define AHEAD 1
#define KEPT 2
/* Pixels drawn beyond the image's edges, for outlines along them. */
#define EDGE_MARGIN 8

/* Pieces, by column and row, inclusive; empty when col1 < col0. */
typedef struct
{
  int col0, row0, col1, row1;
} Cells;

/* The grid's extent in pixels at the pieces' scale, from its first
 * pixel, which is EDGE_MARGIN pixels above and left of the image. */
static void
grid_size (PwImageCanvas *self,
           const PwPieces *pieces,
           int           *width,
           int           *height)
{
  *width = (int) ceil (self->image_width * pieces->scale) + 2 * EDGE_MARGIN;
  *height = (int) ceil (self->image_height * pieces->scale) + 2 * EDGE_MARGIN;
}

static gint64
piece_key (int col,
           int row)
{
  return ((gint64) col << 32) | (guint32) row;
}

static void
piece_free (gpointer data)
{
  PwPiece *piece = data;

  g_clear_pointer (&piece->surface, cairo_surface_destroy);
  g_clear_object (&piece->texture);
  g_clear_pointer (&piece->dirty, cairo_region_destroy);
  g_clear_pointer (&piece->undrawn, cairo_region_destroy);
  g_clear_object (&piece->stand_in);
  g_free (piece);
}

static void
pieces_init (PwPieces *pieces)
{
  if (pieces->table == NULL)
    pieces->table = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, piece_free);
}

/* Forgets every piece. */
static void
pieces_clear (PwPieces *pieces)
{
  if (pieces->table != NULL)
    g_hash_table_remove_all (pieces->table);
  g_clear_pointer (&pieces->image, pw_image_unref);
}

static void
pieces_free (PwPieces *pieces)
{
  pieces_clear (pieces);
  g_clear_pointer (&pieces->table, g_hash_table_unref);
}

static gboolean
piece_drawn (const PwPiece *piece)
{
  return piece != NULL && piece->texture != NULL && piece->dirty == NULL;
}

/* The pieces that the widget shows, and @ring more around them. */
static Cells
view_cells (PwImageCanvas *self,
            int            ring)
{
  const PwPieces *pieces = &self->pieces;
  double to_pixels = pieces->scale / self->scale;
  int width, height;
  double x0, y0, x1, y1;
  Cells cells = { 0, 0, -1, -1 };

  grid_size (self, pieces, &width, &height);
  x0 = MAX (floor (-self->tx * to_pixels) + EDGE_MARGIN, 0);
  y0 = MAX (floor (-self->ty * to_pixels) + EDGE_MARGIN, 0);
  x1 = MIN (ceil ((gtk_widget_get_width (GTK_WIDGET (self)) - self->tx) * to_pixels) + EDGE_MARGIN,
            width);
  y1 = MIN (ceil ((gtk_widget_get_height (GTK_WIDGET (self)) - self->ty) * to_pixels) + EDGE_MARGIN,
            height);
  if (x1 <= x0 || y1 <= y0)
    return cells;

  cells.col0 = MAX ((int) x0 / pieces->side - ring, 0);
  cells.row0 = MAX ((int) y0 / pieces->side - ring, 0);
  cells.col1 = MIN (((int) x1 - 1) / pieces->side + ring, (width - 1) / pieces->side);
  cells.row1 = MIN (((int) y1 - 1) / pieces->side + ring, (height - 1) / pieces->side);
  return cells;
}

static PwPiece *
lookup_piece (PwImageCanvas *self,
              int            col,
              int            row)
{
  gint64 key = piece_key (col, row);

  return g_hash_table_lookup (self->pieces.table, &key);
}

static PwPiece *
ensure_piece (PwImageCanvas *self,
              int            col,
              int            row)
{
  PwPieces *pieces = &self->pieces;
  PwPiece *piece = lookup_piece (self, col, row);
  int width, height;

  if (piece != NULL)
    return piece;

  grid_size (self, pieces, &width, &height);
  piece = g_new0 (PwPiece, 1);
  piece->key = piece_key (col, row);
  piece->pixels.x = col * pieces->side - EDGE_MARGIN;
  piece->pixels.y = row * pieces->side - EDGE_MARGIN;
  piece->pixels.width = MIN (pieces->side, width - col * pieces->side);
  piece->pixels.height = MIN (pieces->side, height - row * pieces->side);
  graphene_rect_init (&piece->bounds, piece->pixels.x / pieces->scale,
                      piece->pixels.y / pieces->scale, piece->pixels.width / pieces->scale,
                      piece->pixels.height / pieces->scale);
  g_hash_table_insert (pieces->table, &piece->key, piece);
  return piece;
}

/**
 * _pw_image_canvas_invalidate_rect:
 * @rect: a rectangle of the image
 *
 * Marks for drawing again the pixels of the drawn pieces that @rect
 * covers, with the stroke.
 */
void
_pw_image_canvas_invalidate_rect (PwImageCanvas *self,
                                  const PwRect  *rect)
{
  const PwPieces *pieces = &self->pieces;
  cairo_rectangle_int_t pixels;
  GHashTableIter iter;
  PwPiece *piece;

  if (!self->cache_valid || pieces->table == NULL)
    return;

  pixels.x = (int) floor (rect->x * pieces->scale) - PW_IMAGE_CANVAS_STROKE_MARGIN;
  pixels.y = (int) floor (rect->y * pieces->scale) - PW_IMAGE_CANVAS_STROKE_MARGIN;
  pixels.width = (int) ceil ((rect->x + rect->w) * pieces->scale) + PW_IMAGE_CANVAS_STROKE_MARGIN - pixels.x;
  pixels.height = (int) ceil ((rect->y + rect->h) * pieces->scale) + PW_IMAGE_CANVAS_STROKE_MARGIN - pixels.y;

  g_hash_table_iter_init (&iter, pieces->table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    {
      cairo_rectangle_int_t local = { pixels.x - piece->pixels.x, pixels.y - piece->pixels.y,
                                      pixels.width, pixels.height };
      cairo_rectangle_int_t all = { 0, 0, piece->pixels.width, piece->pixels.height };
      int x0 = MAX (local.x, 0), y0 = MAX (local.y, 0);
      int x1 = MIN (local.x + local.width, all.width);
      int y1 = MIN (local.y + local.height, all.height);

      if (x1 <= x0 || y1 <= y0)
        continue;
      local = (cairo_rectangle_int_t) { x0, y0, x1 - x0, y1 - y0 };
      /* A piece being drawn in parts draws the area again with the rest;
       * one not drawn yet draws the shape when it is. */
      if (piece->undrawn != NULL)
        {
          cairo_region_union_rectangle (piece->undrawn, &local);
          continue;
        }
      if (piece->texture == NULL)
        continue;
      if (piece->dirty == NULL)
        piece->dirty = cairo_region_create ();
      cairo_region_union_rectangle (piece->dirty, &local);
    }
}

static void
make_texture (PwImageCanvas *self,
              PwPiece       *piece)
{
  g_clear_object (&piece->stand_in);
  cairo_surface_flush (piece->surface);
  g_clear_object (&piece->texture);
  piece->texture =
    _pw_image_canvas_make_pixel_texture (self, cairo_image_surface_get_data (piece->surface),
                                         piece->pixels.width, piece->pixels.height,
                                         cairo_image_surface_get_stride (piece->surface));
}

/* Draws the pixels of @piece that an edit marked, or the next part of it
 * not drawn yet; makes its texture once it is all drawn. Returns whether
 * it is. */
static gboolean
draw_piece (PwImageCanvas *self,
            PwPiece       *piece)
{
  cairo_rectangle_int_t all = { 0, 0, piece->pixels.width, piece->pixels.height };
  cairo_rectangle_int_t part, extents;
  cairo_region_t *region;

  if (piece->surface == NULL)
    {
      /* Out of view, a piece keeps only its texture: drawn again, whole. */
      piece->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, piece->pixels.width,
                                                   piece->pixels.height);
      g_clear_pointer (&piece->dirty, cairo_region_destroy);
      g_clear_object (&piece->texture);
    }

  if (piece->texture != NULL)
    {
      if (piece->dirty != NULL)
        {
          _pw_image_canvas_paint_region (self, piece, piece->dirty);
          make_texture (self, piece);
          g_clear_pointer (&piece->dirty, cairo_region_destroy);
        }
      return TRUE;
    }

  if (piece->undrawn == NULL)
    piece->undrawn = cairo_region_create_rectangle (&all);
  /* The first part left, in rows. */
  cairo_region_get_rectangle (piece->undrawn, 0, &extents);
  part = (cairo_rectangle_int_t) { extents.x / PART * PART, extents.y / PART * PART, PART, PART };
  region = cairo_region_copy (piece->undrawn);
  cairo_region_intersect_rectangle (region, &part);
  _pw_image_canvas_paint_region (self, piece, region);
  cairo_region_subtract (piece->undrawn, region);
  cairo_region_destroy (region);
  if (!cairo_region_is_empty (piece->undrawn))
    return FALSE;

  g_clear_pointer (&piece->undrawn, cairo_region_destroy);
  self->pixels_drawn += (guint64) piece->pixels.width * piece->pixels.height;
  make_texture (self, piece);
  return TRUE;
}

static gboolean
cells_drawn (PwImageCanvas *self,
             const Cells   *cells)
{
  for (int row = cells->row0; row <= cells->row1; row++)
    for (int col = cells->col0; col <= cells->col1; col++)
      {
        if (!piece_drawn (lookup_piece (self, col, row)))
          return FALSE;
      }
  return TRUE;
}

/* Draws the pieces of @cells that are not drawn, nearest the middle of the
 * view first, until @budget microseconds from @start are spent, at least
 * one. Returns whether all of them are drawn. */
static gboolean
draw_cells (PwImageCanvas *self,
            const Cells   *cells,
            gint64         start,
            gint64         budget)
{
  double to_pixels = self->pieces.scale / self->scale;
  double cx = (gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - self->tx) * to_pixels;
  double cy = (gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - self->ty) * to_pixels;
  int side = self->pieces.side;

  for (gboolean first = TRUE;; first = FALSE)
    {
      double nearest_distance = G_MAXDOUBLE;
      int nearest_col = 0, nearest_row = 0;

      for (int row = cells->row0; row <= cells->row1; row++)
        for (int col = cells->col0; col <= cells->col1; col++)
          {
            double dx = (col + 0.5) * side - EDGE_MARGIN - cx;
            double dy = (row + 0.5) * side - EDGE_MARGIN - cy;

            if (dx * dx + dy * dy < nearest_distance
                && !piece_drawn (lookup_piece (self, col, row)))
              {
                nearest_distance = dx * dx + dy * dy;
                nearest_col = col;
                nearest_row = row;
              }
          }
      if (nearest_distance == G_MAXDOUBLE)
        return TRUE;
      if (!first && g_get_monotonic_time () - start >= budget)
        return FALSE;
      draw_piece (self, ensure_piece (self, nearest_col, nearest_row));
    }
}

/* Forgets the pieces far from the view. */
static gboolean
piece_far (gpointer key,
           gpointer value,
           gpointer user_data)
{
  const PwPiece *piece = value;
  const Cells *kept = user_data;
  int col = (int) (piece->key >> 32);
  int row = (int) (guint32) piece->key;

  return col < kept->col0 || col > kept->col1 || row < kept->row0 || row > kept->row1;
}

/* Forgets the pieces far from the view, and the pixels of those out of
 * it: only an edit in view draws a piece again in part, and a texture
 * is all the renderer needs. */
static void
trim_pieces (PwImageCanvas *self)
{
  Cells kept = view_cells (self, KEPT);
  Cells view = view_cells (self, 0);
  GHashTableIter iter;
  PwPiece *piece;

  g_hash_table_foreach_remove (self->pieces.table, piece_far, &kept);
  g_hash_table_iter_init (&iter, self->pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    {
      if (piece->surface != NULL && piece->texture != NULL && piece_far (NULL, piece, &view))
        g_clear_pointer (&piece->surface, cairo_surface_destroy);
    }
}

/* Draws while idle: what the view shows first, then the pieces around. */
static gboolean
fill_pieces (gpointer user_data)
{
  PwImageCanvas *self = user_data;
  gboolean complete;
  Cells view, ahead;

  if (!self->cache_valid || self->pieces.table == NULL)
    {
      self->fill_id = 0;
      return G_SOURCE_REMOVE;
    }

  view = view_cells (self, 0);
  if (!cells_drawn (self, &view))
    {
      draw_cells (self, &view, g_get_monotonic_time (), IDLE_BUDGET_US);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return G_SOURCE_CONTINUE;
    }

  ahead = view_cells (self, AHEAD);
  complete = draw_cells (self, &ahead, g_get_monotonic_time (), IDLE_BUDGET_US);
  trim_pieces (self);
  if (!complete)
    return G_SOURCE_CONTINUE;

  self->fill_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_filling (PwImageCanvas *self)
{
  Cells ahead = view_cells (self, AHEAD);

  if (self->fill_id == 0 && !cells_drawn (self, &ahead))
    self->fill_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_pieces, self, NULL);
}

static guint
count_textures (const PwPieces *pieces)
{
  GHashTableIter iter;
  PwPiece *piece;
  guint n = 0;

  g_hash_table_iter_init (&iter, pieces->table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &piece))
    n += piece->texture != NULL;
  return n;
}

/* Starts the pieces of a new zoom or of a change that touches every
 * shape; those drawn so far stand in until the new ones are drawn, when
 * they show the same image. Another annotation drops them at once
 * (_pw_image_canvas_forget_shapes()). */
static void
start_pieces (PwImageCanvas *self,
              double         pixel_scale,
              gboolean       composited)
{
  pieces_init (&self->pieces);
  pieces_init (&self->old_pieces);
  if (count_textures (&self->pieces) > 0 && self->pieces.image == self->image)
    {
      PwPieces old = self->old_pieces;

      self->old_pieces = self->pieces;
      self->pieces = old;
    }
  if (self->old_pieces.image != self->image)
    pieces_clear (&self->old_pieces);
  pieces_clear (&self->pieces);
  self->pieces.scale = pixel_scale;
  self->pieces.side = pixel_scale >= 1.0 ? PIECE_ZOOMED : PIECE;
  self->pieces.composited = composited;
  self->pieces.image = self->image != NULL ? pw_image_ref (self->image) : NULL;
  self->cache_valid = TRUE;
}

static void
cell_rect (PwImageCanvas   *self,
           int              col,
           int              row,
           graphene_rect_t *rect)
{
  double side = self->pieces.side / self->pieces.scale;
  double margin = EDGE_MARGIN / self->pieces.scale;

  graphene_rect_init (rect, col * side - margin, row * side - margin, side, side);
}

/* The rectangle around the pieces of @cells without a texture; %FALSE
 * when there are none. */
static gboolean
get_missing (PwImageCanvas   *self,
             const Cells     *cells,
             graphene_rect_t *missing)
{
  graphene_rect_t rect;
  gboolean any = FALSE;

  for (int row = cells->row0; row <= cells->row1; row++)
    for (int col = cells->col0; col <= cells->col1; col++)
      {
        PwPiece *piece = lookup_piece (self, col, row);

        if (piece != NULL && piece->texture != NULL)
          continue;
        cell_rect (self, col, row, &rect);
        if (any)
          graphene_rect_union (missing, &rect, missing);
        else
          *missing = rect;
        any = TRUE;
      }
  return any;
}

/* Whether the last zoom's pieces cover @rect whole. */
static gboolean
old_pieces_cover (PwImageCanvas         *self,
                  const graphene_rect_t *rect)
{
  GHashTableIter iter;
  PwPiece *old;
  double covered = 0;

  g_hash_table_iter_init (&iter, self->old_pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
    {
      graphene_rect_t both;

      /* The pieces of a zoom never overlap. */
      if (old->texture != NULL && graphene_rect_intersection (&old->bounds, rect, &both))
        covered += both.size.width * both.size.height;
    }
  return covered >= rect->size.width * rect->size.height * 0.9999;
}

static void
append_old_pieces (PwImageCanvas         *self,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *clip)
{
  GHashTableIter iter;
  PwPiece *old;

  _pw_image_canvas_push_texture_clip (self, snapshot, clip);
  g_hash_table_iter_init (&iter, self->old_pieces.table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
    {
      if (old->texture != NULL && graphene_rect_intersection (&old->bounds, clip, NULL))
        _pw_image_canvas_append_texture (self, snapshot, old->texture, &old->bounds,
                                         PW_TEXTURE_DRAW_SCALED);
    }
  _pw_image_canvas_pop_texture_clip (self, snapshot);
}

/* Appends the image under @piece as it is quickest to draw, its smaller
 * copy where it has one: a texture of its own pixels, not copied, so that
 * the renderer draws no more than the piece's area, as it would draw the
 * whole image under a clip. */
static void
append_stand_in (PwImageCanvas *self,
                 GtkSnapshot   *snapshot,
                 PwPiece       *piece)
{
  PwImage *image = self->preview.image != NULL ? self->preview.image : self->image;

  if (piece->stand_in == NULL)
    {
      int width = pw_image_get_width (image);
      int height = pw_image_get_height (image);
      gsize stride = pw_image_get_stride (image);
      double to_source = (double) width / self->image_width;
      int x0 = CLAMP ((int) floor (piece->bounds.origin.x * to_source), 0, width);
      int y0 = CLAMP ((int) floor (piece->bounds.origin.y * to_source), 0, height);
      int x1 = CLAMP ((int) ceil ((piece->bounds.origin.x + piece->bounds.size.width) * to_source),
                      0, width);
      int y1 = CLAMP ((int) ceil ((piece->bounds.origin.y + piece->bounds.size.height) * to_source),
                      0, height);
      g_autoptr (GBytes) part = NULL;

      if (x1 <= x0 || y1 <= y0 || pw_image_get_format (image) != PW_IMAGE_FORMAT_RGB8)
        return;
      part = g_bytes_new_from_bytes (pw_image_get_pixels (image), (gsize) y0 * stride + (gsize) x0 * 3,
                                     (gsize) (y1 - y0 - 1) * stride + (gsize) (x1 - x0) * 3);
      piece->stand_in = gdk_memory_texture_new (x1 - x0, y1 - y0, GDK_MEMORY_R8G8B8, part, stride);
      graphene_rect_init (&piece->stand_in_bounds, x0 / to_source, y0 / to_source,
                          (x1 - x0) / to_source, (y1 - y0) / to_source);
    }
  _pw_image_canvas_append_texture (self, snapshot, piece->stand_in, &piece->stand_in_bounds,
                                   PW_TEXTURE_DRAW_OPAQUE);
}

/* Where the view's pieces are not drawn yet: the last zoom's pieces, and
 * the image where they do not reach and it is drawn into the pieces. */
static void
append_placeholder (PwImageCanvas *self,
                    GtkSnapshot   *snapshot,
                    const Cells   *cells)
{
  graphene_rect_t missing, rect;

  if (!get_missing (self, cells, &missing))
    return;

  if (self->pieces.composited)
    {
      /* Opaque, the pieces drawn since cover what the old ones show under
       * them: one clip for all. */
      graphene_rect_t view = GRAPHENE_RECT_INIT (-self->tx / self->scale, -self->ty / self->scale,
                                                 gtk_widget_get_width (GTK_WIDGET (self)) / self->scale,
                                                 gtk_widget_get_height (GTK_WIDGET (self)) / self->scale);
      graphene_rect_t shown;

      /* Most of the view: the whole image, drawn already, under a clip. A
       * strip, as panning brings: the image under the pieces alone. */
      graphene_rect_intersection (&missing, &view, &shown);
      if (old_pieces_cover (self, &missing))
        {
          /* The old pieces show it all. */
        }
      else if (shown.size.width * shown.size.height > view.size.width * view.size.height / 2)
        {
          _pw_image_canvas_push_texture_clip (self, snapshot, &missing);
          _pw_image_canvas_append_placeholder (self, snapshot);
          _pw_image_canvas_pop_texture_clip (self, snapshot);
        }
      else
        {
          for (int row = cells->row0; row <= cells->row1; row++)
            for (int col = cells->col0; col <= cells->col1; col++)
              {
                PwPiece *piece = ensure_piece (self, col, row);

                if (piece->texture == NULL)
                  append_stand_in (self, snapshot, piece);
              }
        }
      if (g_hash_table_size (self->old_pieces.table) > 0)
        append_old_pieces (self, snapshot, &missing);
      return;
    }

  if (g_hash_table_size (self->old_pieces.table) == 0)
    return;
  for (int row = cells->row0; row <= cells->row1; row++)
    for (int col = cells->col0; col <= cells->col1; col++)
      {
        PwPiece *piece = lookup_piece (self, col, row);

        if (piece != NULL && piece->texture != NULL)
          continue;
        cell_rect (self, col, row, &rect);
        append_old_pieces (self, snapshot, &rect);
      }
}

/**
 * _pw_image_canvas_get_view_complete:
 *
 * Returns: whether every shape the view shows is drawn
 */
gboolean
_pw_image_canvas_get_view_complete (PwImageCanvas *self)
{
  Cells view;

  if (!self->cache_valid || self->pieces.table == NULL)
    return FALSE;

  view = view_cells (self, 0);
  return cells_drawn (self, &view);
}

/**
 * _pw_image_canvas_get_all_drawn:
 *
 * Returns: whether the view and the pieces around it are drawn, and
 *   nothing is left to draw while idle
 */
gboolean
_pw_image_canvas_get_all_drawn (PwImageCanvas *self)
{
  Cells ahead;

  if (!_pw_image_canvas_get_view_complete (self))
    return FALSE;

  ahead = view_cells (self, AHEAD);
  return cells_drawn (self, &ahead);
}

void
_pw_image_canvas_append_shapes (PwImageCanvas *self,
                                GtkSnapshot   *snapshot,
                                double         pixel_scale)
{
  gint64 start = g_get_monotonic_time ();
  gboolean composited = _pw_image_canvas_can_composite (self);
  graphene_rect_t missing;
  gboolean complete;
  Cells view;

  if (!self->cache_valid || self->pieces.table == NULL || self->pieces.scale != pixel_scale
      || self->pieces.composited != composited)
    start_pieces (self, pixel_scale, composited);

  view = view_cells (self, 0);
  /* An edit shows in the frame it is made in, whatever it costs. */
  for (int row = view.row0; row <= view.row1; row++)
    for (int col = view.col0; col <= view.col1; col++)
      {
        PwPiece *piece = lookup_piece (self, col, row);

        if (piece != NULL && piece->texture != NULL && piece->dirty != NULL)
          draw_piece (self, piece);
      }
  /* Where the last zoom's pieces stand in for all the view lacks, the
   * frame draws none of it: the main loop does while idle, a few pieces
   * between frames. Otherwise the view first, for as long as a frame may. */
  if (get_missing (self, &view, &missing) && old_pieces_cover (self, &missing))
    complete = FALSE;
  else
    complete = draw_cells (self, &view, start, FRAME_BUDGET_US);
  if (complete)
    pieces_clear (&self->old_pieces);
  else
    append_placeholder (self, snapshot, &view);

  for (int row = view.row0; row <= view.row1; row++)
    for (int col = view.col0; col <= view.col1; col++)
      {
        PwPiece *piece = lookup_piece (self, col, row);

        if (piece != NULL && piece->texture != NULL)
          _pw_image_canvas_append_texture (self, snapshot, piece->texture, &piece->bounds,
                                           PW_TEXTURE_DRAW_PIXEL);
      }

  trim_pieces (self);
  start_filling (self);
}

/**
 * _pw_image_canvas_drop_pieces:
 *
 * Forgets every drawn piece, old ones too, as when their textures' GL
 * context goes.
 */
void
_pw_image_canvas_drop_pieces (PwImageCanvas *self)
{
  pieces_clear (&self->pieces);
  pieces_clear (&self->old_pieces);
  self->cache_valid = FALSE;
}

void
_pw_image_canvas_dispose_shapes (PwImageCanvas *self)
{
  pieces_free (&self->pieces);
  pieces_free (&self->old_pieces);
  g_clear_pointer (&self->source_pixels, g_free);
  self->source_size = 0;
  g_clear_handle_id (&self->fill_id, g_source_remove);
  g_clear_pointer (&self->shape_index, pw_shape_index_free);
}
