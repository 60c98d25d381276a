/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-label-studio-private.h"

/* Label Studio's results <-> the contract's Annotation.
 *
 * Label Studio places regions in percent (0 to 100) of the image as the
 * browser shows it, that is after its EXIF orientation, and names that
 * size in original_width and original_height; the contract's pixels are of
 * the same oriented image, so x px = x % × original_width / 100 and back,
 * with the annotation's "image" as the size. Text offsets count code
 * points in both, and audio is in seconds in both. Each result names its
 * control (from_name) and the object (to_name) from the configuration.
 *
 * A rectangle's "rotation" turns it clockwise, in degrees, about its
 * top-left corner (x, y); the contract's box turns by the same angle about
 * its centre. The turn is made in pixels, where the image keeps its
 * proportions, and the box's corner stays where Label Studio puts it. */

/* Label Studio's corner-turned box, in pixels, as the contract's
 * centre-turned box: the centre is the corner plus the half diagonal,
 * turned. */
static void
box_from_corner (double  x,
                 double  y,
                 double  w,
                 double  h,
                 double  rotation,
                 double *box_x,
                 double *box_y)
{
  double radians = rotation * G_PI / 180.0;
  double c = cos (radians), s = sin (radians);

  if (rotation == 0)
    {
      *box_x = x;
      *box_y = y;
      return;
    }
  *box_x = x + (w / 2) * c - (h / 2) * s - w / 2;
  *box_y = y + (w / 2) * s + (h / 2) * c - h / 2;
}

/* The inverse: the corner (x, y) where the contract's box at @box_x,
 * @box_y turned by @rotation about its centre has its top-left corner. */
static void
corner_from_box (double  box_x,
                 double  box_y,
                 double  w,
                 double  h,
                 double  rotation,
                 double *x,
                 double *y)
{
  double radians = rotation * G_PI / 180.0;
  double c = cos (radians), s = sin (radians);

  if (rotation == 0)
    {
      *x = box_x;
      *y = box_y;
      return;
    }
  *x = box_x + w / 2 - (w / 2) * c + (h / 2) * s;
  *y = box_y + h / 2 - (w / 2) * s - (h / 2) * c;
}

static gboolean
member_double (JsonObject *object,
               const char *member,
               double     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static const char *
first_string (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (first);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const PwLsControl *
control_named (PwLsConfig *config,
               const char *name)
{
  for (guint i = 0; name != NULL && i < config->controls->len; i++)
    {
      PwLsControl *control = config->controls->pdata[i];

      if (g_str_equal (control->name, name))
        return control;
    }
  return NULL;
}

static JsonArray *
ensure_array (JsonObject *object,
              const char *member)
{
  if (!json_object_has_member (object, member))
    json_object_set_array_member (object, member, json_array_new ());
  return json_object_get_array_member (object, member);
}

/* A TextArea's "text", its lines joined by newlines; NULL where it holds
 * none. */
static char *
joined_lines (JsonObject *value)
{
  JsonNode *lines = json_object_get_member (value, "text");
  GString *joined = NULL;

  for (guint l = 0; lines != NULL && JSON_NODE_HOLDS_ARRAY (lines)
                    && l < json_array_get_length (json_node_get_array (lines)); l++)
    {
      JsonNode *line = json_array_get_element (json_node_get_array (lines), l);

      if (!JSON_NODE_HOLDS_VALUE (line) || json_node_get_value_type (line) != G_TYPE_STRING)
        continue;
      if (joined == NULL)
        joined = g_string_new (NULL);
      else
        g_string_append_c (joined, '\n');
      g_string_append (joined, json_node_get_string (line));
    }
  return joined != NULL ? g_string_free (joined, FALSE) : NULL;
}

/**
 * _pw_ls_results_to_annotation:
 * @config: the project's configuration
 * @results: an annotation's or a prediction's "result"
 * @text: (nullable): the task's text, for spans
 *
 * Reads Label Studio's results into the contract's Annotation, as the
 * prefill of a task. Results of controls Piecework does not show and
 * images of no stated size are left out.
 *
 * Returns: (transfer full): the Annotation
 */
JsonNode *
_pw_ls_results_to_annotation (PwLsConfig  *config,
                              JsonArray   *results,
                              const char  *text,
                              GError     **error)
{
  g_autoptr (JsonObject) annotation = json_object_new ();
  g_autoptr (GString) transcript = NULL;
  /* A segment's own text is a TextArea result of the region's id. */
  g_autoptr (GHashTable) segments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) segment_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, region;
  JsonNode *root;
  double width = 0, height = 0;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonObject *value = item != NULL ? object_member (item, "value") : NULL;
      const PwLsControl *control = item != NULL ? control_named (config, string_member (item, "from_name")) : NULL;
      const char *id = item != NULL ? string_member (item, "id") : NULL;
      g_autofree char *own_id = g_strdup_printf ("r%u", i);
      JsonObject *out;

      if (value == NULL || control == NULL)
        continue;
      if (id == NULL)
        id = own_id;

      if (g_str_equal (control->tool, "bbox") || g_str_equal (control->tool, "polygon"))
        {
          double ow, oh;
          const char *label = first_string (value, control->type);

          if (label == NULL || !member_double (item, "original_width", &ow)
              || !member_double (item, "original_height", &oh) || ow <= 0 || oh <= 0)
            continue;
          width = ow;
          height = oh;
          out = json_object_new ();
          json_object_set_string_member (out, "id", id);
          json_object_set_string_member (out, "type", control->tool);
          json_object_set_string_member (out, "label", label);
          if (g_str_equal (control->tool, "bbox"))
            {
              double x, y, w, h, rotation = 0, box_x, box_y;

              if (!member_double (value, "x", &x) || !member_double (value, "y", &y)
                  || !member_double (value, "width", &w) || !member_double (value, "height", &h)
                  || (json_object_has_member (value, "rotation")
                      && !JSON_NODE_HOLDS_NULL (json_object_get_member (value, "rotation"))
                      && !member_double (value, "rotation", &rotation))
                  || !isfinite (rotation))
                {
                  json_object_unref (out);
                  continue;
                }
              x = x * ow / 100.0;
              y = y * oh / 100.0;
              w = w * ow / 100.0;
              h = h * oh / 100.0;
              box_from_corner (x, y, w, h, rotation, &box_x, &box_y);
              json_object_set_double_member (out, "x", box_x);
              json_object_set_double_member (out, "y", box_y);
              json_object_set_double_member (out, "w", w);
              json_object_set_double_member (out, "h", h);
              if (rotation != 0)
                json_object_set_double_member (out, "rotation", rotation);
            }
          else
            {
              JsonNode *points = json_object_get_member (value, "points");
              JsonArray *out_points = json_array_new ();
              gboolean ok = points != NULL && JSON_NODE_HOLDS_ARRAY (points);

              for (guint p = 0; ok && p < json_array_get_length (json_node_get_array (points)); p++)
                {
                  JsonArray *point = json_array_new ();
                  double px, py;

                  ok = pw_json_node_point (json_array_get_element (json_node_get_array (points), p),
                                           "points", &px, &py, NULL);
                  json_array_add_double_element (point, px * ow / 100.0);
                  json_array_add_double_element (point, py * oh / 100.0);
                  json_array_add_array_element (out_points, point);
                }
              json_object_set_array_member (out, "points", out_points);
              if (!ok)
                {
                  json_object_unref (out);
                  continue;
                }
            }
          json_array_add_object_element (ensure_array (annotation, "shapes"), out);
        }
      else if (g_str_equal (control->tool, "choice"))
        {
          JsonNode *choices = json_object_get_member (value, "choices");

          for (guint c = 0; choices != NULL && JSON_NODE_HOLDS_ARRAY (choices)
                            && c < json_array_get_length (json_node_get_array (choices)); c++)
            {
              JsonNode *choice = json_array_get_element (json_node_get_array (choices), c);

              if (JSON_NODE_HOLDS_VALUE (choice) && json_node_get_value_type (choice) == G_TYPE_STRING)
                json_array_add_string_element (ensure_array (annotation, "choices"),
                                               json_node_get_string (choice));
            }
        }
      else if (g_str_equal (control->tool, "span") || g_str_equal (control->tool, "segment"))
        {
          const char *label = first_string (value, "labels");
          gboolean span = g_str_equal (control->tool, "span");
          double start, end;

          if (label == NULL || !member_double (value, "start", &start) || !member_double (value, "end", &end))
            continue;
          out = json_object_new ();
          if (span)
            {
              json_object_set_int_member (out, "start", (gint64) start);
              json_object_set_int_member (out, "end", (gint64) end);
            }
          else
            {
              json_object_set_double_member (out, "start", start);
              json_object_set_double_member (out, "end", end);
            }
          json_object_set_string_member (out, "label", label);
          if (!span)
            {
              json_object_set_string_member (out, "text", "");
              g_hash_table_replace (segments, g_strdup (id), out);
            }
          json_array_add_object_element (ensure_array (annotation, span ? "spans" : "segments"), out);
        }
      else if (g_str_equal (control->tool, "segment_text"))
        {
          g_autofree char *lines = joined_lines (value);

          if (lines != NULL && item != NULL && string_member (item, "id") != NULL)
            g_hash_table_replace (segment_texts, g_strdup (id), g_steal_pointer (&lines));
        }
      else if (g_str_equal (control->tool, "transcript"))
        {
          g_autofree char *lines = joined_lines (value);

          if (lines != NULL)
            {
              if (transcript == NULL)
                transcript = g_string_new (NULL);
              else
                g_string_append_c (transcript, '\n');
              g_string_append (transcript, lines);
            }
        }
    }

  if (width > 0)
    {
      JsonObject *image = json_object_new ();

      json_object_set_int_member (image, "width", (gint64) width);
      json_object_set_int_member (image, "height", (gint64) height);
      json_object_set_object_member (annotation, "image", image);
    }
  if (transcript != NULL)
    json_object_set_string_member (annotation, "transcript", transcript->str);
  g_hash_table_iter_init (&iter, segments);
  while (g_hash_table_iter_next (&iter, &key, &region))
    {
      const char *words = g_hash_table_lookup (segment_texts, key);

      if (words != NULL)
        json_object_set_string_member (region, "text", words);
    }

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, annotation);
  return root;
}

/* The code points [start, end) of @text, or NULL where they are not in it. */
static char *
text_between (const char *text,
              gint64      start,
              gint64      end)
{
  glong length = text != NULL ? g_utf8_strlen (text, -1) : 0;
  const char *from, *to;

  if (text == NULL || start < 0 || end < start || end > length)
    return NULL;
  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (text, end);
  return g_strndup (from, to - from);
}

static JsonObject *
new_result (PwLsConfig        *config,
            const PwLsControl *control,
            const char        *id)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "id", id);
  json_object_set_string_member (item, "from_name", control->name);
  json_object_set_string_member (item, "to_name", config->object_name);
  json_object_set_string_member (item, "type", control->type);
  return item;
}

static JsonArray *
one_string (const char *text)
{
  JsonArray *array = json_array_new ();

  json_array_add_string_element (array, text);
  return array;
}

static gboolean
missing_control (const PwLsControl  *control,
                 const char         *tool,
                 GError            **error)
{
  if (control != NULL)
    return FALSE;
  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               _("The project’s labeling configuration has no place for the work’s “%s”; it was changed in Label Studio since the task was claimed. The work is kept here."),
               tool);
  return TRUE;
}

/* Where the tool has controls but none with @label (a configuration with
 * several controls of one tool, changed since the claim). */
static gboolean
missing_label (PwLsConfig         *config,
               const PwLsControl  *control,
               const char         *tool,
               const char         *label,
               GError            **error)
{
  if (control != NULL || _pw_ls_config_find_tool (config, tool) == NULL)
    return missing_control (control, tool, error);
  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               _("The project’s labeling configuration has no label “%s” for the work’s “%s”; it was changed in Label Studio since the task was claimed. The work is kept here."),
               label != NULL ? label : "", tool);
  return TRUE;
}

/**
 * _pw_ls_annotation_to_results:
 * @config: the project's configuration
 * @annotation: the contract's Annotation
 * @text: (nullable): the task's text, for the spans' "text"
 *
 * Writes the contract's Annotation as Label Studio's results, in the
 * annotation's order: shapes, choices, spans, segments, transcript.
 *
 * Returns: (transfer full): the "result" array, or %NULL with
 *   %PW_ERROR_UNSUPPORTED or %PW_ERROR_INVALID_DATA
 */
JsonNode *
_pw_ls_annotation_to_results (PwLsConfig  *config,
                              JsonObject  *annotation,
                              const char  *text,
                              GError     **error)
{
  g_autoptr (JsonArray) results = json_array_new ();
  JsonObject *image = object_member (annotation, "image");
  JsonNode *member;
  JsonNode *root;
  double width = 0, height = 0;

  if (image != NULL && (!member_double (image, "width", &width) || !member_double (image, "height", &height)))
    width = height = 0;

  member = json_object_get_member (annotation, "shapes");
  for (guint i = 0; member != NULL && JSON_NODE_HOLDS_ARRAY (member)
                    && i < json_array_get_length (json_node_get_array (member)); i++)
    {
      JsonObject *shape = json_array_get_object_element (json_node_get_array (member), i);
      const char *type = string_member (shape, "type");
      const char *label = string_member (shape, "label");
      const char *shape_id = string_member (shape, "id");
      g_autofree char *own_id = g_strdup_printf ("shape-%u", i);
      const PwLsControl *control = type != NULL ? _pw_ls_config_find_control (config, type, label) : NULL;
      JsonObject *item, *value;

      if (missing_label (config, control, type != NULL ? type : "?", label, error))
        return NULL;
      if (label == NULL || width <= 0 || height <= 0)
        {
          g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                               _("A shape of the work has no label or no image size to place it by."));
          return NULL;
        }
      item = new_result (config, control, shape_id != NULL ? shape_id : own_id);
      json_object_set_int_member (item, "original_width", (gint64) width);
      json_object_set_int_member (item, "original_height", (gint64) height);
      json_object_set_int_member (item, "image_rotation", 0);
      value = json_object_new ();
      if (g_str_equal (type, "bbox"))
        {
          double x = 0, y = 0, w = 0, h = 0, rotation = 0;

          member_double (shape, "x", &x);
          member_double (shape, "y", &y);
          member_double (shape, "w", &w);
          member_double (shape, "h", &h);
          member_double (shape, "rotation", &rotation);
          corner_from_box (x, y, w, h, rotation, &x, &y);
          json_object_set_double_member (value, "x", x * 100.0 / width);
          json_object_set_double_member (value, "y", y * 100.0 / height);
          json_object_set_double_member (value, "width", w * 100.0 / width);
          json_object_set_double_member (value, "height", h * 100.0 / height);
          if (rotation != 0)
            json_object_set_double_member (value, "rotation", rotation);
          else
            json_object_set_int_member (value, "rotation", 0);
        }
      else
        {
          JsonNode *points = json_object_get_member (shape, "points");
          JsonArray *out = json_array_new ();

          for (guint p = 0; points != NULL && JSON_NODE_HOLDS_ARRAY (points)
                            && p < json_array_get_length (json_node_get_array (points)); p++)
            {
              JsonArray *point = json_array_new ();
              double px = 0, py = 0;

              pw_json_node_point (json_array_get_element (json_node_get_array (points), p),
                                  "points", &px, &py, NULL);
              json_array_add_double_element (point, px * 100.0 / width);
              json_array_add_double_element (point, py * 100.0 / height);
              json_array_add_array_element (out, point);
            }
          json_object_set_array_member (value, "points", out);
        }
      json_object_set_array_member (value, control->type, one_string (label));
      json_object_set_object_member (item, "value", value);
      json_array_add_object_element (results, item);
    }

  /* One result for each control's choices, in the order of the first of
   * each; with one control its id is "choices". */
  member = json_object_get_member (annotation, "choices");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member) && json_array_get_length (json_node_get_array (member)) > 0)
    {
      JsonArray *choices = json_node_get_array (member);
      g_autoptr (GHashTable) by_control = g_hash_table_new (NULL, NULL);
      guint n_controls = 0;

      for (guint i = 0; i < config->controls->len; i++)
        if (g_str_equal (((PwLsControl *) config->controls->pdata[i])->tool, "choice"))
          n_controls++;
      for (guint i = 0; i < json_array_get_length (choices); i++)
        {
          JsonNode *choice = json_array_get_element (choices, i);
          const char *name = JSON_NODE_HOLDS_VALUE (choice) && json_node_get_value_type (choice) == G_TYPE_STRING
                             ? json_node_get_string (choice) : NULL;
          const PwLsControl *control = _pw_ls_config_find_control (config, "choice", name);
          JsonObject *value = g_hash_table_lookup (by_control, control);

          if (missing_label (config, control, "choice", name, error))
            return NULL;
          if (value == NULL)
            {
              g_autofree char *id = n_controls > 1 ? g_strconcat ("choices-", control->name, NULL)
                                                   : g_strdup ("choices");
              JsonObject *item = new_result (config, control, id);

              value = json_object_new ();
              json_object_set_array_member (value, "choices", json_array_new ());
              json_object_set_object_member (item, "value", value);
              json_array_add_object_element (results, item);
              g_hash_table_insert (by_control, (gpointer) control, value);
            }
          json_array_add_element (json_object_get_array_member (value, "choices"), json_node_copy (choice));
        }
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *tool = pass == 0 ? "span" : "segment";

      member = json_object_get_member (annotation, pass == 0 ? "spans" : "segments");
      for (guint i = 0; member != NULL && JSON_NODE_HOLDS_ARRAY (member)
                        && i < json_array_get_length (json_node_get_array (member)); i++)
        {
          JsonObject *region = json_array_get_object_element (json_node_get_array (member), i);
          const char *label = string_member (region, "label");
          const PwLsControl *control = _pw_ls_config_find_control (config, tool, label);
          g_autofree char *id = g_strdup_printf ("%s-%u", tool, i);
          JsonObject *item, *value;
          double start = 0, end = 0;

          if (missing_label (config, control, tool, label, error))
            return NULL;
          if (label == NULL || !member_double (region, "start", &start) || !member_double (region, "end", &end))
            {
              g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                                   _("A span or segment of the work has no label or no bounds."));
              return NULL;
            }
          item = new_result (config, control, id);
          value = json_object_new ();
          if (pass == 0)
            {
              g_autofree char *words = text_between (text, (gint64) start, (gint64) end);

              if (words == NULL)
                {
                  json_object_unref (value);
                  json_object_unref (item);
                  g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                                       _("A span of the work lies outside the task’s text."));
                  return NULL;
                }
              json_object_set_int_member (value, "start", (gint64) start);
              json_object_set_int_member (value, "end", (gint64) end);
              json_object_set_string_member (value, "text", words);
            }
          else
            {
              json_object_set_double_member (value, "start", start);
              json_object_set_double_member (value, "end", end);
            }
          json_object_set_array_member (value, "labels", one_string (label));
          json_object_set_object_member (item, "value", value);
          json_array_add_object_element (results, item);

          /* The segment's own text: a TextArea result of the same region. */
          if (pass == 1 && config->segment_text)
            {
              const PwLsControl *words_control = _pw_ls_config_find_tool (config, "segment_text");
              const char *words = string_member (region, "text");

              if (words != NULL && *words != '\0' && words_control != NULL)
                {
                  item = new_result (config, words_control, id);
                  value = json_object_new ();
                  json_object_set_double_member (value, "start", start);
                  json_object_set_double_member (value, "end", end);
                  json_object_set_array_member (value, "text", one_string (words));
                  json_object_set_object_member (item, "value", value);
                  json_array_add_object_element (results, item);
                }
            }
        }
    }

  member = json_object_get_member (annotation, "transcript");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING
      && *json_node_get_string (member) != '\0')
    {
      const PwLsControl *control = _pw_ls_config_find_tool (config, "transcript");
      JsonObject *item, *value;

      if (missing_control (control, "transcript", error))
        return NULL;
      item = new_result (config, control, "transcript");
      value = json_object_new ();
      json_object_set_array_member (value, "text", one_string (json_node_get_string (member)));
      json_object_set_object_member (item, "value", value);
      json_array_add_object_element (results, item);
    }

  root = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (root, results);
  return root;
}
