/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pw-cvat-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* CVAT's jobs, labels and annotations in the contract's terms, and back.
 *
 * A job is a project whose tasks are its frames; a task's id is
 * "JOB:FRAME" with the frame's number in CVAT's task (a job may start at
 * frame 100). Labels keep CVAT's order, colours and names, with the keys
 * 1, 2, 3… A rectangle's points [xtl, ytl, xbr, ybr] are the contract's
 * box x, y, w, h; a polygon's flat points are its [[x, y], …]; a frame's
 * tags are its choices. A rectangle's rotation (degrees clockwise about
 * its centre, as the contract's box turns) is the contract's box
 * "rotation". What the contract cannot hold (attributes, z-order, group;
 * shapes of other types, such as points or skeletons; a polygon with a
 * rotation of its own) is kept aside at download ("kept", by the
 * contract's shape id) and goes back with the frame, so a round trip
 * loses nothing. A shape sent back with the geometry it was shown with
 * goes back with CVAT's own numbers, to the last bit. */

/* The members of an object, or defaults, without failing on a server's
 * surprise: what CVAT sends is checked where it matters. */
static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
node_number (JsonNode *node,
             double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*value);
}

char *
_pw_cvat_task_id (gint64 job_id,
                  gint64 frame)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, job_id, frame);
}

gboolean
_pw_cvat_parse_task_id (const char *task_id,
                        gint64     *job_id,
                        gint64     *frame)
{
  g_auto (GStrv) parts = g_strsplit (task_id, ":", 3);
  guint64 job, number;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT32, &job, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT32, &number, NULL))
    return FALSE;
  *job_id = (gint64) job;
  *frame = (gint64) number;
  return TRUE;
}

/**
 * _pw_cvat_web_only_reason:
 * @job: a JobRead of CVAT
 *
 * Returns: (transfer full) (nullable): why the job opens only in CVAT's
 *   web page, or %NULL when Piecework can show it
 */
char *
_pw_cvat_web_only_reason (JsonObject *job)
{
  const char *media = member_string (job, "media_type");
  const char *dimension = member_string (job, "dimension");

  if (g_strcmp0 (member_string (job, "data_original_chunk_type"), "video") == 0
      || g_strcmp0 (member_string (job, "data_compressed_chunk_type"), "video") == 0)
    return g_strdup (_("It is a video, which Piecework cannot show yet."));
  if ((media != NULL && !g_str_equal (media, "image"))
      || (dimension != NULL && !g_str_equal (dimension, "2d")))
    return g_strdup (_("Its media are not images, which Piecework cannot show yet."));
  if (g_strcmp0 (member_string (job, "mode"), "interpolation") == 0)
    return g_strdup (_("It is annotated with tracks, which Piecework cannot edit yet."));
  return NULL;
}

/* The contract's tool of a CVAT label type, or NULL for a label that is
 * for every tool ("any"); FALSE for types Piecework cannot draw. */
static gboolean
label_tool (JsonObject  *label,
            const char **tool)
{
  const char *type = member_string (label, "type");

  *tool = NULL;
  if (type == NULL || g_str_equal (type, "any"))
    return TRUE;
  if (g_str_equal (type, "rectangle"))
    *tool = "bbox";
  else if (g_str_equal (type, "polygon"))
    *tool = "polygon";
  else if (g_str_equal (type, "tag"))
    *tool = "choice";
  return *tool != NULL;
}

static JsonObject *
label_by_id (JsonArray *labels,
             gint64     id)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);

      if (label != NULL && member_int (label, "id", -1) == id)
        return label;
    }
  return NULL;
}

static JsonObject *
label_by_name (JsonArray  *labels,
               const char *name)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);

      if (label != NULL && g_strcmp0 (member_string (label, "name"), name) == 0)
        return label;
    }
  return NULL;
}

static gboolean
labels_have_tool (JsonArray  *labels,
                  const char *wanted)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      const char *tool;

      if (label_tool (json_array_get_object_element (labels, i), &tool)
          && (g_strcmp0 (tool, wanted) == 0 || (tool == NULL && !g_str_equal (wanted, "choice"))))
        return TRUE;
    }
  return FALSE;
}

/**
 * _pw_cvat_project_json:
 * @job: a JobRead
 * @labels: the job's labels (Label), in the server's order
 * @web_url: (nullable): the job's web page, for a job only CVAT can open
 *
 * Returns: (transfer full): the contract's Project for the job
 */
JsonNode *
_pw_cvat_project_json (JsonObject *job,
                       JsonArray  *labels,
                       const char *web_url)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (job, "id", 0));
  g_autofree char *name = NULL;
  g_autofree char *instructions = NULL;
  const char *task_name = member_string (job, "task_name");
  gint64 start = member_int (job, "start_frame", 0);
  gint64 stop = member_int (job, "stop_frame", 0);
  guint key = 0;

  name = task_name != NULL
         /* TRANSLATORS: a CVAT job as a project: the task's name, the job's number */
         ? g_strdup_printf (_("%s, job %s"), task_name, id)
         : g_strdup_printf (_("Job %s"), id);
  instructions = g_strdup_printf (_("Frames %d to %d"
                                    " of a CVAT job. Each frame is a task; the job is sent to CVAT as each frame is submitted, and marked completed after the last."),
                                  (int) start, (int) stop);

  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "id", id);
  pw_json_builder_add_string (builder, "name", name);
  pw_json_builder_add_string (builder, "kind", "image");
  pw_json_builder_add_string (builder, "instructions", instructions);
  json_builder_set_member_name (builder, "pay");
  json_builder_begin_object (builder);
  pw_json_builder_add_string (builder, "amount", "0.00");
  pw_json_builder_add_string (builder, "currency", PW_CVAT_CURRENCY);
  pw_json_builder_add_string (builder, "per", "task");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint i = 0; labels != NULL && i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);
      const char *tool;

      if (label == NULL || member_string (label, "name") == NULL || !label_tool (label, &tool))
        continue;
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "name", member_string (label, "name"));
      if (member_string (label, "color") != NULL && *member_string (label, "color") != '\0')
        pw_json_builder_add_string (builder, "color", member_string (label, "color"));
      /* A project's keys are the digits 1 to 9; past them the labels
       * take 0 and the Shift rows in order without being told. */
      if (++key <= 9)
        {
          char hotkey[2] = { (char) ('0' + key), '\0' };

          pw_json_builder_add_string (builder, "hotkey", hotkey);
        }
      if (tool != NULL)
        {
          json_builder_set_member_name (builder, "tools");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, tool);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tools");
  json_builder_begin_array (builder);
  if (labels != NULL && labels_have_tool (labels, "bbox"))
    json_builder_add_string_value (builder, "bbox");
  if (labels != NULL && labels_have_tool (labels, "polygon"))
    json_builder_add_string_value (builder, "polygon");
  if (labels != NULL && labels_have_tool (labels, "choice"))
    json_builder_add_string_value (builder, "choice");
  json_builder_end_array (builder);
  pw_json_builder_add_string (builder, "choice_mode", "multi");
  json_builder_set_member_name (builder, "available_tasks");
  json_builder_add_int_value (builder, MAX (member_int (job, "frame_count", 0), 0));
  /* A claim takes the whole job. */
  json_builder_set_member_name (builder, "claims_whole");
  json_builder_add_boolean_value (builder, TRUE);
  if (web_url != NULL)
    pw_json_builder_add_string (builder, "web_only", web_url);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A shape's rotation in degrees, 0 where it has none. */
static double
shape_rotation (JsonObject *shape)
{
  double value = 0;

  if (!node_number (json_object_get_member (shape, "rotation"), &value))
    return 0;
  return value;
}

/* Whether a CVAT shape opens in Piecework's canvas; the others are kept
 * as they are and go back with their frame. */
static gboolean
shape_is_shown (JsonArray  *labels,
                JsonObject *shape)
{
  const char *type = member_string (shape, "type");
  JsonObject *label = label_by_id (labels, member_int (shape, "label_id", -1));
  JsonArray *points = member_array (shape, "points");
  const char *tool;
  double values[4];

  if (type == NULL || label == NULL || points == NULL || !label_tool (label, &tool)
      || member_string (label, "name") == NULL
      || (member_array (shape, "elements") != NULL
          && json_array_get_length (member_array (shape, "elements")) > 0))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      double value;

      if (!node_number (json_array_get_element (points, i), &value))
        return FALSE;
      if (i < 4)
        values[i] = value;
    }
  if (g_str_equal (type, "rectangle"))
    return (tool == NULL || g_str_equal (tool, "bbox"))
           && json_array_get_length (points) == 4
           && values[2] > values[0] && values[3] > values[1];
  /* CVAT turns a polygon by its points; one that also carries a rotation
   * would be drawn where CVAT does not draw it, so it is kept unshown. */
  if (g_str_equal (type, "polygon"))
    return (tool == NULL || g_str_equal (tool, "polygon"))
           && json_array_get_length (points) >= 6 && json_array_get_length (points) % 2 == 0
           && shape_rotation (shape) == 0;
  return FALSE;
}

static gboolean
tag_is_shown (JsonArray  *labels,
              JsonObject *tag)
{
  JsonObject *label = label_by_id (labels, member_int (tag, "label_id", -1));
  const char *tool;

  return label != NULL && label_tool (label, &tool) && g_strcmp0 (tool, "choice") == 0;
}

/* A shape's extras, which the contract has no room for. */
static JsonNode *
shape_extras (JsonObject *shape)
{
  /* "points" and "rotation" say what the worker was shown, so a shape
   * sent back unmoved goes back with exactly these numbers. */
  static const char *const names[] = { "label_id", "points", "rotation", "attributes", "z_order",
                                       "occluded", "outside", "group", "source" };
  JsonObject *extras = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *member = json_object_get_member (shape, names[i]);

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
        json_object_set_member (extras, names[i], json_node_copy (member));
    }
  json_node_take_object (node, extras);
  return node;
}

static char *
shape_contract_id (JsonObject *shape,
                   guint       index)
{
  gint64 id = member_int (shape, "id", -1);

  if (id >= 0)
    return g_strdup_printf ("s%" G_GINT64_FORMAT, id);
  return g_strdup_printf ("s-%u", index);
}

/**
 * _pw_cvat_prefill:
 * @labels: the job's labels
 * @annotations: the job's LabeledData
 * @frame: the frame's number
 * @width: the frame's width
 * @height: the frame's height
 * @kept: where the extras of each shape shown go, by the contract's id
 *
 * Returns: (transfer full): the contract's Annotation of the frame
 */
JsonNode *
_pw_cvat_prefill (JsonArray  *labels,
                  JsonObject *annotations,
                  gint64      frame,
                  gint64      width,
                  gint64      height,
                  JsonObject *kept)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  JsonArray *shapes = member_array (annotations, "shapes");
  JsonArray *tags = member_array (annotations, "tags");
  g_autoptr (GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "image");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, height);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "shapes");
  json_builder_begin_array (builder);
  for (guint i = 0; shapes != NULL && i < json_array_get_length (shapes); i++)
    {
      JsonObject *shape = json_array_get_object_element (shapes, i);
      JsonArray *points;
      g_autofree char *id = NULL;
      const char *label;

      if (shape == NULL || member_int (shape, "frame", -1) != frame || !shape_is_shown (labels, shape))
        continue;
      points = member_array (shape, "points");
      label = member_string (label_by_id (labels, member_int (shape, "label_id", -1)), "name");
      id = shape_contract_id (shape, i);
      json_object_set_member (kept, id, shape_extras (shape));

      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "id", id);
      if (g_str_equal (member_string (shape, "type"), "rectangle"))
        {
          double p[4];

          for (guint j = 0; j < 4; j++)
            node_number (json_array_get_element (points, j), &p[j]);
          pw_json_builder_add_string (builder, "type", "bbox");
          pw_json_builder_add_string (builder, "label", label);
          json_builder_set_member_name (builder, "x");
          json_builder_add_double_value (builder, p[0]);
          json_builder_set_member_name (builder, "y");
          json_builder_add_double_value (builder, p[1]);
          json_builder_set_member_name (builder, "w");
          json_builder_add_double_value (builder, p[2] - p[0]);
          json_builder_set_member_name (builder, "h");
          json_builder_add_double_value (builder, p[3] - p[1]);
          if (shape_rotation (shape) != 0)
            {
              json_builder_set_member_name (builder, "rotation");
              json_builder_add_double_value (builder, shape_rotation (shape));
            }
        }
      else
        {
          pw_json_builder_add_string (builder, "type", "polygon");
          pw_json_builder_add_string (builder, "label", label);
          json_builder_set_member_name (builder, "points");
          json_builder_begin_array (builder);
          for (guint j = 0; j + 1 < json_array_get_length (points); j += 2)
            {
              double x, y;

              node_number (json_array_get_element (points, j), &x);
              node_number (json_array_get_element (points, j + 1), &y);
              json_builder_begin_array (builder);
              json_builder_add_double_value (builder, x);
              json_builder_add_double_value (builder, y);
              json_builder_end_array (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (labels_have_tool (labels, "choice"))
    {
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
        {
          JsonObject *tag = json_array_get_object_element (tags, i);
          const char *label;
          g_autofree char *key = NULL;

          if (tag == NULL || member_int (tag, "frame", -1) != frame || !tag_is_shown (labels, tag))
            continue;
          label = member_string (label_by_id (labels, member_int (tag, "label_id", -1)), "name");
          if (g_hash_table_contains (chosen, label))
            continue;
          g_hash_table_add (chosen, (gpointer) label);
          key = g_strconcat ("t:", label, NULL);
          json_object_set_member (kept, key, shape_extras (tag));
          json_builder_add_string_value (builder, label);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

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
  same_label = extras != NULL && member_int (extras, "label_id", -1) == label_id;

  if (is_shape)
    {
      json_object_set_boolean_member (object, "occluded",
                                      extras != NULL && json_object_has_member (extras, "occluded")
                                      && json_object_get_boolean_member (extras, "occluded"));
      json_object_set_boolean_member (object, "outside", FALSE);
      json_object_set_int_member (object, "z_order", member_int (extras, "z_order", 0));
    }
  json_object_set_int_member (object, "group", member_int (extras, "group", 0));
  json_object_set_string_member (object, "source",
                                 member_string (extras, "source") != NULL
                                 ? member_string (extras, "source") : "manual");
  if (same_label && member_array (extras, "attributes") != NULL)
    json_object_set_array_member (object, "attributes",
                                  json_array_ref (member_array (extras, "attributes")));
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
  JsonArray *points = member_array (extras, "points");

  if (points == NULL || json_array_get_length (points) != 4)
    return NULL;
  return points;
}

static double
kept_rotation (JsonObject *kept,
               const char *id)
{
  JsonNode *node = kept != NULL && id != NULL ? json_object_get_member (kept, id) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? shape_rotation (json_node_get_object (node)) : 0;
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
    if (!node_number (json_array_get_element (points, j), &p[j]))
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
  JsonArray *held_shapes = member_array (held, "shapes");
  JsonArray *held_tags = member_array (held, "tags");
  JsonArray *worked = member_array (root, "shapes");
  JsonArray *choices = member_array (root, "choices");

  if (root == NULL)
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("The submission holds no annotation."));
      return FALSE;
    }

  for (guint i = 0; held_shapes != NULL && i < json_array_get_length (held_shapes); i++)
    {
      JsonObject *shape = json_array_get_object_element (held_shapes, i);

      if (shape != NULL && member_int (shape, "frame", -1) == frame && !shape_is_shown (labels, shape))
        json_array_add_element (shapes, held_copy (shape));
    }
  for (guint i = 0; held_tags != NULL && i < json_array_get_length (held_tags); i++)
    {
      JsonObject *tag = json_array_get_object_element (held_tags, i);

      if (tag != NULL && member_int (tag, "frame", -1) == frame && !tag_is_shown (labels, tag))
        json_array_add_element (tags, held_copy (tag));
    }

  for (guint i = 0; worked != NULL && i < json_array_get_length (worked); i++)
    {
      JsonObject *shape = json_array_get_object_element (worked, i);
      const char *type = member_string (shape, "type");
      const char *name = member_string (shape, "label");
      JsonObject *label = label_by_name (labels, name);
      JsonObject *out;
      JsonArray *points;
      gint64 label_id;

      if (label == NULL)
        return unknown_label (name, error);
      label_id = member_int (label, "id", -1);
      out = json_object_new ();
      points = json_array_new ();
      json_object_set_int_member (out, "frame", frame);
      json_object_set_int_member (out, "label_id", label_id);
      if (g_strcmp0 (type, "bbox") == 0)
        {
          double x = 0, y = 0, w = 0, h = 0, rotation = 0;
          JsonArray *shown = kept_points (kept, member_string (shape, "id"));

          node_number (json_object_get_member (shape, "x"), &x);
          node_number (json_object_get_member (shape, "y"), &y);
          node_number (json_object_get_member (shape, "w"), &w);
          node_number (json_object_get_member (shape, "h"), &h);
          /* A box with no "rotation" of its own was shown upright by a
           * version of Piecework that kept the turn aside: it keeps it. */
          if (!node_number (json_object_get_member (shape, "rotation"), &rotation))
            rotation = kept_rotation (kept, member_string (shape, "id"));
          json_object_set_string_member (out, "type", "rectangle");
          if (shown != NULL && box_is_unmoved (shown, kept_rotation (kept, member_string (shape, "id")),
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
          JsonArray *pairs = member_array (shape, "points");

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
      add_extras (out, kept, member_string (shape, "id"), label_id, TRUE);
      json_array_add_object_element (shapes, out);
    }

  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    {
      const char *name = json_array_get_string_element (choices, i);
      JsonObject *label = label_by_name (labels, name);
      g_autofree char *key = NULL;
      JsonObject *out;

      if (label == NULL)
        return unknown_label (name, error);
      out = json_object_new ();
      key = g_strconcat ("t:", name, NULL);
      json_object_set_int_member (out, "frame", frame);
      json_object_set_int_member (out, "label_id", member_int (label, "id", -1));
      add_extras (out, kept, key, member_int (label, "id", -1), FALSE);
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
  JsonArray *points = member_array (object, "points");
  JsonArray *attributes = member_array (object, "attributes");
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node;
  double value = 0;

  g_string_append_printf (text, "%s f%" G_GINT64_FORMAT " l%" G_GINT64_FORMAT " z%" G_GINT64_FORMAT
                          " g%" G_GINT64_FORMAT " o%d",
                          member_string (object, "type") != NULL ? member_string (object, "type") : "tag",
                          member_int (object, "frame", -1), member_int (object, "label_id", -1),
                          member_int (object, "z_order", 0), member_int (object, "group", 0),
                          (node = json_object_get_member (object, "occluded")) != NULL
                          && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node));
  if ((node = json_object_get_member (object, "rotation")) != NULL)
    node_number (node, &value);
  g_string_append_printf (text, " r%.4f [", value);
  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    {
      value = 0;
      node_number (json_array_get_element (points, i), &value);
      g_string_append_printf (text, "%.4f,", value);
    }
  g_string_append (text, "] {");
  for (guint i = 0; attributes != NULL && i < json_array_get_length (attributes); i++)
    {
      JsonObject *attribute = json_array_get_object_element (attributes, i);

      g_ptr_array_add (pairs, g_strdup_printf ("%" G_GINT64_FORMAT "=%s", member_int (attribute, "spec_id", -1),
                                               member_string (attribute, "value") != NULL
                                               ? member_string (attribute, "value") : ""));
    }
  g_ptr_array_sort (pairs, compare_lines);
  for (guint i = 0; i < pairs->len; i++)
    g_string_append_printf (text, "%s;", (char *) pairs->pdata[i]);
  g_string_append (text, "}");
  if (member_array (object, "shapes") != NULL)
    g_string_append_printf (text, " track of %u", json_array_get_length (member_array (object, "shapes")));
  return g_string_free (text, FALSE);
}

static GPtrArray *
canonical_lines (JsonObject *annotations)
{
  static const char *const members[] = { "shapes", "tags", "tracks" };
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *array = member_array (annotations, members[m]);

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
