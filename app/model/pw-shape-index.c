/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-shape-index.h"

/* Which shapes meet a rectangle of the image, without looking at all of
 * them: a grid of cells over the image, each listing the shapes whose
 * bounds reach into it. A view that shows a corner of an image with
 * thousands of shapes draws the few there; an edit redraws the few around
 * it. Shapes come back in the annotation's order, the order they are drawn
 * in. The grid is made once and follows each edit. */

/* Cells along the longer side; a busy image has a few shapes a cell. */
#define GRID_SIDE 64
#define MIN_CELL 16.0

typedef struct
{
  PwShape *shape;
  PwRect   bounds;
  guint    order;   /* the shape's place in the annotation, ascending */
  guint    stamp;   /* the last query that took it */
  int      col0, row0, col1, row1;
} Entry;

struct _PwShapeIndex
{
  double      cell;
  int         cols;
  int         rows;
  GPtrArray **cells;     /* cols × rows, each NULL or Entry */
  GHashTable *entries;   /* shape id → Entry */
  guint       next_order;
  guint       stamp;
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  pw_shape_unref (entry->shape);
  g_free (entry);
}

/**
 * pw_shape_index_new:
 * @width: the image's width, in the shapes' coordinates
 * @height: the image's height
 *
 * Returns: (transfer full): an empty index; shapes outside the image are
 *   found too, only more slowly
 */
PwShapeIndex *
pw_shape_index_new (double width,
                    double height)
{
  PwShapeIndex *self = g_new0 (PwShapeIndex, 1);

  width = MAX (width, 1.0);
  height = MAX (height, 1.0);
  self->cell = MAX (MAX (width, height) / GRID_SIDE, MIN_CELL);
  self->cols = MAX (1, (int) ceil (width / self->cell));
  self->rows = MAX (1, (int) ceil (height / self->cell));
  self->cells = g_new0 (GPtrArray *, (gsize) self->cols * self->rows);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);

  return self;
}

void
pw_shape_index_free (PwShapeIndex *self)
{
  if (self == NULL)
    return;

  for (int i = 0; i < self->cols * self->rows; i++)
    g_clear_pointer (&self->cells[i], g_ptr_array_unref);
  g_free (self->cells);
  g_hash_table_unref (self->entries);
  g_free (self);
}

static void
cell_range (PwShapeIndex *self,
            const PwRect *rect,
            int          *col0,
            int          *row0,
            int          *col1,
            int          *row1)
{
  *col0 = CLAMP ((int) floor (rect->x / self->cell), 0, self->cols - 1);
  *row0 = CLAMP ((int) floor (rect->y / self->cell), 0, self->rows - 1);
  *col1 = CLAMP ((int) floor ((rect->x + rect->w) / self->cell), 0, self->cols - 1);
  *row1 = CLAMP ((int) floor ((rect->y + rect->h) / self->cell), 0, self->rows - 1);
}

static void
bin (PwShapeIndex *self,
     Entry        *entry)
{
  cell_range (self, &entry->bounds, &entry->col0, &entry->row0, &entry->col1, &entry->row1);
  for (int row = entry->row0; row <= entry->row1; row++)
    for (int col = entry->col0; col <= entry->col1; col++)
      {
        GPtrArray **cell = &self->cells[row * self->cols + col];

        if (*cell == NULL)
          *cell = g_ptr_array_new ();
        g_ptr_array_add (*cell, entry);
      }
}

static void
unbin (PwShapeIndex *self,
       Entry        *entry)
{
  for (int row = entry->row0; row <= entry->row1; row++)
    for (int col = entry->col0; col <= entry->col1; col++)
      g_ptr_array_remove_fast (self->cells[row * self->cols + col], entry);
}

static void
add (PwShapeIndex *self,
     PwShape      *shape)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->shape = pw_shape_ref (shape);
  entry->order = self->next_order++;
  pw_shape_get_bounds (shape, &entry->bounds);
  bin (self, entry);
  g_hash_table_replace (self->entries, g_strdup (pw_shape_get_id (shape)), entry);
}

/**
 * pw_shape_index_set_shapes:
 * @shapes: (element-type PwShape): every shape, in drawing order
 *
 * Indexes @shapes afresh.
 */
void
pw_shape_index_set_shapes (PwShapeIndex *self,
                           GPtrArray    *shapes)
{
  g_return_if_fail (self != NULL);

  for (int i = 0; i < self->cols * self->rows; i++)
    {
      if (self->cells[i] != NULL)
        g_ptr_array_set_size (self->cells[i], 0);
    }
  g_hash_table_remove_all (self->entries);
  self->next_order = 0;

  for (guint i = 0; shapes != NULL && i < shapes->len; i++)
    add (self, g_ptr_array_index (shapes, i));
}

/**
 * pw_shape_index_update:
 * @shapes: (element-type PwShape): every shape, in drawing order, after
 *   the change
 * @shape_id: the shape that was added, removed or replaced
 *
 * Follows one change of the annotation. A shape added anywhere but at the
 * end changes the order of those after it, and indexes all afresh.
 */
void
pw_shape_index_update (PwShapeIndex *self,
                       GPtrArray    *shapes,
                       const char   *shape_id)
{
  Entry *entry;
  PwShape *shape = NULL;
  guint position = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (shapes != NULL);
  g_return_if_fail (shape_id != NULL);

  for (guint i = shapes->len; i > 0; i--)
    {
      if (g_strcmp0 (pw_shape_get_id (g_ptr_array_index (shapes, i - 1)), shape_id) == 0)
        {
          shape = g_ptr_array_index (shapes, i - 1);
          position = i - 1;
          break;
        }
    }

  entry = g_hash_table_lookup (self->entries, shape_id);
  if (entry != NULL)
    {
      unbin (self, entry);
      if (shape == NULL)
        {
          g_hash_table_remove (self->entries, shape_id);
        }
      else
        {
          pw_shape_ref (shape);
          pw_shape_unref (entry->shape);
          entry->shape = shape;
          pw_shape_get_bounds (shape, &entry->bounds);
          bin (self, entry);
        }
    }
  else if (shape != NULL && position + 1 == shapes->len)
    {
      add (self, shape);
    }

  if (g_hash_table_size (self->entries) != shapes->len
      || (shape != NULL && entry == NULL && position + 1 != shapes->len))
    pw_shape_index_set_shapes (self, shapes);
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const Entry *x = *(Entry *const *) a;
  const Entry *y = *(Entry *const *) b;

  return x->order < y->order ? -1 : x->order > y->order;
}

/**
 * pw_shape_index_query:
 * @area: a rectangle of the image
 *
 * Returns: (transfer container) (element-type PwShape): the shapes whose
 *   bounds meet @area, edges included, in drawing order; valid until the
 *   next change of the index
 */
GPtrArray *
pw_shape_index_query (PwShapeIndex *self,
                      const PwRect *area)
{
  GPtrArray *found;
  int col0, row0, col1, row1;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (area != NULL, NULL);

  found = g_ptr_array_new ();
  if (++self->stamp == 0)
    {
      GHashTableIter iter;
      Entry *entry;

      /* After four thousand million queries, forget the old stamps. */
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        entry->stamp = 0;
      self->stamp = 1;
    }

  cell_range (self, area, &col0, &row0, &col1, &row1);
  for (int row = row0; row <= row1; row++)
    for (int col = col0; col <= col1; col++)
      {
        GPtrArray *cell = self->cells[row * self->cols + col];

        for (guint i = 0; cell != NULL && i < cell->len; i++)
          {
            Entry *entry = g_ptr_array_index (cell, i);
            const PwRect *b = &entry->bounds;

            if (entry->stamp == self->stamp)
              continue;
            entry->stamp = self->stamp;
            if (b->x > area->x + area->w || b->x + b->w < area->x
                || b->y > area->y + area->h || b->y + b->h < area->y)
              continue;
            g_ptr_array_add (found, entry);
          }
      }

  g_ptr_array_sort (found, compare_order);
  for (guint i = 0; i < found->len; i++)
    found->pdata[i] = ((Entry *) found->pdata[i])->shape;

  return found;
}

/**
 * pw_shape_index_get_bounds:
 * @bounds: (out): where the shape was when the index last heard of it
 *
 * Returns: whether the index holds the shape
 */
gboolean
pw_shape_index_get_bounds (PwShapeIndex *self,
                           const char   *shape_id,
                           PwRect       *bounds)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (shape_id != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, shape_id);
  if (entry == NULL)
    return FALSE;

  *bounds = entry->bounds;
  return TRUE;
}

guint
pw_shape_index_get_n_shapes (PwShapeIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->entries);
}
