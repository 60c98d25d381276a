/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* The worker's annotation of a frame as CVAT's shapes and tags, with what
 * was kept aside at download put back and unmoved shapes sent with CVAT's
 * own numbers (see pw-cvat-shapes.c); and whether two sets of a job's
 * annotations are the same, whatever their order. */

/* A shape or tag for CVAT, with the extras kept for @id where they still
 * fit: attributes belong to a label, so a shape whose label changed gets
 * its new label's defaults from the server. */
static void
add_extras (JsonObject *object,
            JsonObject *kept,
            const char *id,
            gint64      label_id,
            gboolean    is_shape)
{
  JsonObject *extras = NULL;
  JsonNode *node = kept != NULL && id != NULL ? json_object_get_member (kept, id) : NULL;
  gboolean same_label;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    extras = json_node_get_object (node);
  same_label = extras != NULL && _pw_cvat_member_int (extras, "label_id", -1) == label_id;

  if (is_shape)
    {
      json_object_set_boolean_member (object, "occluded",
                                      extras != NULL && json_object_has_member (extras, "occluded")
                                      && json_object_get_boolean_member (extras, "occluded"));
      json_object_set_boolean_member (object, "outside", FALSE);
      json_object_set_int_member (object, "z_order", _pw_cvat_member_int (extras, "z_order", 0));
    }
  json_object_set_int_member (object, "group", _pw_cvat_member_int (extras, "group", 0));
  json_object_set_string_member (object, "source",
                                 _pw_cvat_member_string (extras, "source") != NULL
                                 ? _pw_cvat_member_string (extras, "source") : "manual");
  if (same_label && _pw_cvat_member_array (extras, "attributes") != NULL)
    json_object_set_array_member (object, "attributes",
                                  json_array_ref (_pw_cvat_member_array (extras, "attributes")));
  else
    json_object_set_array_member (object, "attributes", json_array_new ());
}

/* A shape or tag of the job as held, to be sent again as it is: without
 * its id, which the server gives anew on a PUT. */
static JsonNode *
held_copy (JsonObject *object)
{
  JsonNode *copy = json_node_new (JSON_NODE_OBJECT);
  JsonObject *result = json_object_new ();
  g_autoptr (GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "id"))
      json_object_set_member (result, l->data, json_node_copy (json_object_get_member (object, l->data)));
  json_node_take_object (copy, result);
  return copy;
}

/* The points a box was shown with, by the contract's id. */
static JsonArray *
kept_points (JsonObject *kept,
             const char *id)
{
  JsonNode *node = kept != NULL && id != NULL ? json_object_get_member (kept, id) : NULL;
  JsonObject *extras = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *points = _pw_cvat_member_array (extras, "points");

  if (points == NULL || json_array_get_length (points) != 4)
    return NULL;
  return points;
}

static double
kept_rotation (JsonObject *kept,
               const char *id)
{
  JsonNode *node = kept != NULL && id != NULL ? json_object_get_member (kept, id) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
           ? _pw_cvat_shape_rotation (json_node_get_object (node)) : 0;
}

/* Whether a box is the one that _pw_cvat_prefill() made of @points and
 * @rotation, compared as it made it. */
static gboolean
box_is_unmoved (JsonArray *points,
                double     rotation,
                double     x,
                double     y,
                double     w,
                double     h,
                double     worked_rotation)
{
  double p[4];

  for (guint j = 0; j < 4; j++)
    if (!_pw_cvat_node_number (json_array_get_element (points, j), &p[j]))
      return FALSE;
  return x == p[0] && y == p[1] && w == p[2] - p[0] && h == p[3] - p[1] && rotation == worked_rotation;
}

static gboolean
unknown_label (const char  *name,
               GError     **error)
{
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("The label “%s” is not one of the CVAT job’s labels; choose one of its labels."),
               name != NULL ? name : "");
  return FALSE;
}

/**
 * _pw_cvat_frame_from_annotation:
 * @labels: the job's labels
 * @held: the job's LabeledData as it was downloaded
 * @kept: the extras of the shapes shown, by the contract's id
 * @annotation: the contract's Annotation the worker submitted for @frame
 * @frame: the frame's number
 * @shapes: where the frame's shapes for CVAT go
 * @tags: where the frame's tags go
 *
 * Translates one frame's work, with what the job held on the frame that
 * Piecework did not show.
 *
 * Returns: %FALSE with %PW_ERROR_INVALID_DATA where the work names a
 *   label the job does not have
 */
gboolean
_pw_cvat_frame_from_annotation (JsonArray   *labels,
                                JsonObject  *held,
                                JsonObject  *kept,
                                JsonNode    *annotation,
                                gint64       frame,
                                JsonArray   *shapes,
                                JsonArray   *tags,
                                GError     **error)
{
  JsonObject *root = JSON_NODE_HOLDS_OBJECT (annotation) ? json_node_get_object (annotation) : NULL;
  JsonArray *held_shapes = _pw_cvat_member_array (held, "shapes");
  JsonArray *held_tags = _pw_cvat_member_array (held, "tags");
  JsonArray *worked = _pw_cvat_member_array (root, "shapes");
  JsonArray *choices = _pw_cvat_member_array (root, "choices");

  if (root == NULL)
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("The submission holds no annotation."));
      return FALSE;
    }

  for (guint i = 0; held_shapes != NULL && i < json_array_get_length (held_shapes); i++)
    {
      JsonObject *shape = json_array_get_object_element (held_shapes, i);

      if (shape != NULL && _pw_cvat_member_int (shape, "frame", -1) == frame
          && !_pw_cvat_shape_is_shown (labels, shape))
        json_array_add_element (shapes, held_copy (shape));
    }
  for (guint i = 0; held_tags != NULL && i < json_array_get_length (held_tags); i++)
    {
      JsonObject *tag = json_array_get_object_element (held_tags, i);

      if (tag != NULL && _pw_cvat_member_int (tag, "frame", -1) == frame
          && !_pw_cvat_tag_is_shown (labels, tag))
        json_array_add_element (tags, held_copy (tag));
    }

  for (guint i = 0; worked != NULL && i < json_array_get_length (worked); i++)
    {
      JsonObject *shape = json_array_get_object_element (worked, i);
      const char *type = _pw_cvat_member_string (shape, "type");
      const char *name = _pw_cvat_member_string (shape, "label");
      JsonObject *label = _pw_cvat_label_by_name (labels, name);
      JsonObject *out;
      JsonArray *points;
      gint64 label_id;

      if (label == NULL)
        return unknown_label (name, error);
      label_id = _pw_cvat_member_int (label, "id", -1);
      out = json_object_new ();
      points = json_array_new ();
      json_object_set_int_member (out, "frame", frame);
      json_object_set_int_member (out, "label_id", label_id);
      if (g_strcmp0 (type, "bbox") == 0)
        {
          double x = 0, y = 0, w = 0, h = 0, rotation = 0;
          JsonArray *shown = kept_points (kept, _pw_cvat_member_string (shape, "id"));

          _pw_cvat_node_number (json_object_get_member (shape, "x"), &x);
          _pw_cvat_node_number (json_object_get_member (shape, "y"), &y);
          _pw_cvat_node_number (json_object_get_member (shape, "w"), &w);
          _pw_cvat_node_number (json_object_get_member (shape, "h"), &h);
          /* A box with no "rotation" of its own was shown upright by a
           * version of Piecework that kept the turn aside: it keeps it. */
          if (!_pw_cvat_node_number (json_object_get_member (shape, "rotation"), &rotation))
            rotation = kept_rotation (kept, _pw_cvat_member_string (shape, "id"));
          json_object_set_string_member (out, "type", "rectangle");
          if (shown != NULL
              && box_is_unmoved (shown, kept_rotation (kept, _pw_cvat_member_string (shape, "id")),
                                 x, y, w, h, rotation))
            {
              json_array_unref (points);
              points = json_array_ref (shown);
            }
          else
            {
              json_array_add_double_element (points, x);
              json_array_add_double_element (points, y);
              json_array_add_double_element (points, x + w);
              json_array_add_double_element (points, y + h);
            }
          json_object_set_double_member (out, "rotation", rotation);
        }
      else if (g_strcmp0 (type, "polygon") == 0)
        {
          JsonArray *pairs = _pw_cvat_member_array (shape, "points");

          json_object_set_string_member (out, "type", "polygon");
          json_object_set_double_member (out, "rotation", 0);
          for (guint j = 0; pairs != NULL && j < json_array_get_length (pairs); j++)
            {
              double x = 0, y = 0;

              pw_json_node_point (json_array_get_element (pairs, j), "points", &x, &y, NULL);
              json_array_add_double_element (points, x);
              json_array_add_double_element (points, y);
            }
        }
      else
        {
          json_object_unref (out);
          json_array_unref (points);
          continue;
        }
      json_object_set_array_member (out, "points", points);
      add_extras (out, kept, _pw_cvat_member_string (shape, "id"), label_id, TRUE);
      json_array_add_object_element (shapes, out);
    }

  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    {
      const char *name = json_array_get_string_element (choices, i);
      JsonObject *label = _pw_cvat_label_by_name (labels, name);
      g_autofree char *key = NULL;
      JsonObject *out;

      if (label == NULL)
        return unknown_label (name, error);
      out = json_object_new ();
      key = g_strconcat ("t:", name, NULL);
      json_object_set_int_member (out, "frame", frame);
      json_object_set_int_member (out, "label_id", _pw_cvat_member_int (label, "id", -1));
      add_extras (out, kept, key, _pw_cvat_member_int (label, "id", -1), FALSE);
      json_array_add_object_element (tags, out);
    }
  return TRUE;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* One shape, tag or track as a line of text in which only what the
 * annotator made counts: not the id the server gave, nor the defaults it
 * fills in. */
static char *
canonical (JsonObject *object)
{
  GString *text = g_string_new (NULL);
  JsonArray *points = _pw_cvat_member_array (object, "points");
  JsonArray *attributes = _pw_cvat_member_array (object, "attributes");
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node;
  double value = 0;

  g_string_append_printf (text, "%s f%" G_GINT64_FORMAT " l%" G_GINT64_FORMAT " z%" G_GINT64_FORMAT
                          " g%" G_GINT64_FORMAT " o%d",
                          _pw_cvat_member_string (object, "type") != NULL
                          ? _pw_cvat_member_string (object, "type") : "tag",
                          _pw_cvat_member_int (object, "frame", -1),
                          _pw_cvat_member_int (object, "label_id", -1),
                          _pw_cvat_member_int (object, "z_order", 0),
                          _pw_cvat_member_int (object, "group", 0),
                          (node = json_object_get_member (object, "occluded")) != NULL
                          && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node));
  if ((node = json_object_get_member (object, "rotation")) != NULL)
    _pw_cvat_node_number (node, &value);
  g_string_append_printf (text, " r%.4f [", value);
  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    {
      value = 0;
      _pw_cvat_node_number (json_array_get_element (points, i), &value);
      g_string_append_printf (text, "%.4f,", value);
    }
  g_string_append (text, "] {");
  for (guint i = 0; attributes != NULL && i < json_array_get_length (attributes); i++)
    {
      JsonObject *attribute = json_array_get_object_element (attributes, i);

      g_ptr_array_add (pairs, g_strdup_printf ("%" G_GINT64_FORMAT "=%s",
                                               _pw_cvat_member_int (attribute, "spec_id", -1),
                                               _pw_cvat_member_string (attribute, "value") != NULL
                                               ? _pw_cvat_member_string (attribute, "value") : ""));
    }
  g_ptr_array_sort (pairs, compare_lines);
  for (guint i = 0; i < pairs->len; i++)
    g_string_append_printf (text, "%s;", (char *) pairs->pdata[i]);
  g_string_append (text, "}");
  if (_pw_cvat_member_array (object, "shapes") != NULL)
    g_string_append_printf (text, " track of %u",
                            json_array_get_length (_pw_cvat_member_array (object, "shapes")));
  return g_string_free (text, FALSE);
}

static GPtrArray *
canonical_lines (JsonObject *annotations)
{
  static const char *const members[] = { "shapes", "tags", "tracks" };
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *array = _pw_cvat_member_array (annotations, members[m]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);

          g_autofree char *line = NULL;

          if (object == NULL)
            continue;
          line = canonical (object);
          g_ptr_array_add (lines, g_strdup_printf ("%s %s", members[m], line));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  return lines;
}

/**
 * _pw_cvat_same_annotations:
 *
 * Returns: %TRUE when @a and @b hold the same shapes, tags and tracks,
 *   whatever their order and ids
 */
gboolean
_pw_cvat_same_annotations (JsonObject *a,
                           JsonObject *b)
{
  g_autoptr (GPtrArray) lines_a = canonical_lines (a);
  g_autoptr (GPtrArray) lines_b = canonical_lines (b);

  if (lines_a->len != lines_b->len)
    return FALSE;
  for (guint i = 0; i < lines_a->len; i++)
    if (strcmp (lines_a->pdata[i], lines_b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}
