/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-export-private.h"
#include "pw-file-write.h"

/* YOLO: one text file per image, named after the image, one line per
 * object: the class number from 0, then the box's centre, width and
 * height as fractions of the image's width and height, with 6 decimals.
 * A polygon is exported as its bounding box. classes.txt lists the class
 * names, one a line, in class order. An image with nothing on it gets an
 * empty file, which YOLO reads as a background image. */

static void
append_fraction (GString *text,
                 double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (text, ' ');
  g_string_append (text, g_ascii_formatd (buf, sizeof buf, "%.6f", value));
}

/* Writes @image's text file into the folder @output. */
gboolean
_pw_export_yolo_image (PwExportImage  *image,
                       GPtrArray      *categories,
                       GFile          *output,
                       GError        **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GArray) shapes = _pw_export_shapes_of (image, categories);
  g_autofree char *name = g_strconcat (image->stem, ".txt", NULL);
  g_autoptr (GFile) file = g_file_get_child (output, name);

  for (guint i = 0; i < shapes->len; i++)
    {
      PwExportShape *export = &g_array_index (shapes, PwExportShape, i);

      g_string_append_printf (text, "%u", export->category);
      append_fraction (text, (export->x0 + export->x1) / 2 / image->width);
      append_fraction (text, (export->y0 + export->y1) / 2 / image->height);
      append_fraction (text, (export->x1 - export->x0) / image->width);
      append_fraction (text, (export->y1 - export->y0) / image->height);
      g_string_append_c (text, '\n');
    }

  return pw_file_write_durably (file, text->str, text->len, error);
}

/* Writes classes.txt into the folder @output. */
gboolean
_pw_export_yolo_classes (GPtrArray  *categories,
                         GFile      *output,
                         GError    **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GFile) file = g_file_get_child (output, "classes.txt");

  for (guint i = 0; i < categories->len; i++)
    {
      g_string_append (text, g_ptr_array_index (categories, i));
      g_string_append_c (text, '\n');
    }

  return pw_file_write_durably (file, text->str, text->len, error);
}
