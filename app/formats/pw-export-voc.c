/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-export-private.h"
#include "pw-file-write.h"

/* Pascal VOC: one XML file per image, named after the image. Box corners
 * are whole pixels, rounded, with xmax and ymax the far edges, as the VOC
 * tools expect; an object that reached past the image border is cut to it
 * and marked truncated. A polygon is exported as its bounding box, with
 * its points kept in a <polygon> element (x1, y1, x2, y2...) for tools
 * that read them. The depth is always 3: labelme files do not say. */

static void
append_element (GString    *xml,
                guint       indent,
                const char *name,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (xml, "%*s<%s>%s</%s>\n", indent * 2, "", name, escaped, name);
}

static void
append_int (GString    *xml,
            guint       indent,
            const char *name,
            gint64      value)
{
  g_string_append_printf (xml, "%*s<%s>%" G_GINT64_FORMAT "</%s>\n", indent * 2, "", name, value, name);
}

/* Writes @image's XML file into the folder @output. */
gboolean
_pw_export_voc_image (PwExportImage  *image,
                      GPtrArray      *categories,
                      GFile          *output,
                      GError        **error)
{
  g_autoptr (GString) xml = g_string_new ("<annotation>\n");
  g_autoptr (GArray) shapes = _pw_export_shapes_of (image, categories);
  g_autofree char *name = g_strconcat (image->stem, ".xml", NULL);
  g_autoptr (GFile) file = g_file_get_child (output, name);

  append_element (xml, 1, "filename", image->file_name);
  g_string_append (xml, "  <size>\n");
  append_int (xml, 2, "width", image->width);
  append_int (xml, 2, "height", image->height);
  append_int (xml, 2, "depth", 3);
  g_string_append (xml, "  </size>\n");
  append_int (xml, 1, "segmented", 0);

  for (guint i = 0; i < shapes->len; i++)
    {
      PwExportShape *export = &g_array_index (shapes, PwExportShape, i);

      g_string_append (xml, "  <object>\n");
      append_element (xml, 2, "name", g_ptr_array_index (categories, export->category));
      append_element (xml, 2, "pose", "Unspecified");
      append_int (xml, 2, "truncated", export->truncated ? 1 : 0);
      append_int (xml, 2, "difficult", 0);
      g_string_append (xml, "    <bndbox>\n");
      append_int (xml, 3, "xmin", (gint64) round (export->x0));
      append_int (xml, 3, "ymin", (gint64) round (export->y0));
      append_int (xml, 3, "xmax", (gint64) round (export->x1));
      append_int (xml, 3, "ymax", (gint64) round (export->y1));
      g_string_append (xml, "    </bndbox>\n");

      if (pw_shape_get_shape_type (export->shape) == PW_SHAPE_POLYGON)
        {
          const PwPoint *points;
          guint n;

          points = pw_shape_get_points (export->shape, &n);
          g_string_append (xml, "    <polygon>\n");
          for (guint j = 0; j < n; j++)
            {
              g_autofree char *x_name = g_strdup_printf ("x%u", j + 1);
              g_autofree char *y_name = g_strdup_printf ("y%u", j + 1);
              g_autofree char *x = _pw_export_format_coord (points[j].x);
              g_autofree char *y = _pw_export_format_coord (points[j].y);

              append_element (xml, 3, x_name, x);
              append_element (xml, 3, y_name, y);
            }
          g_string_append (xml, "    </polygon>\n");
        }

      g_string_append (xml, "  </object>\n");
    }

  g_string_append (xml, "</annotation>\n");
  return pw_file_write_durably (file, xml->str, xml->len, error);
}
