/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-cvat-private.h"
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
 * goes back with CVAT's own numbers, to the last bit.
 *
 * This file holds what the others share: reading CVAT's objects, its
 * labels, which of its shapes and tags Piecework shows, and a job as a
 * project. A frame's annotations become a task's prefill in
 * pw-cvat-prefill.c, and the worker's annotation goes back as a frame in
 * pw-cvat-frame.c. */

/* The members of an object, or defaults, without failing on a server's
 * surprise: what CVAT sends is checked where it matters. */
gint64
_pw_cvat_member_int (JsonObject *object,
                     const char *name,
                     gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

const char *
_pw_cvat_member_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonArray *
_pw_cvat_member_array (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
_pw_cvat_node_number (JsonNode *node,
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
  const char *media = _pw_cvat_member_string (job, "media_type");
  const char *dimension = _pw_cvat_member_string (job, "dimension");

  if (g_strcmp0 (_pw_cvat_member_string (job, "data_original_chunk_type"), "video") == 0
      || g_strcmp0 (_pw_cvat_member_string (job, "data_compressed_chunk_type"), "video") == 0)
    return g_strdup (_("It is a video, which Piecework cannot show yet."));
  if ((media != NULL && !g_str_equal (media, "image"))
      || (dimension != NULL && !g_str_equal (dimension, "2d")))
    return g_strdup (_("Its media are not images, which Piecework cannot show yet."));
  if (g_strcmp0 (_pw_cvat_member_string (job, "mode"), "interpolation") == 0)
    return g_strdup (_("It is annotated with tracks, which Piecework cannot edit yet."));
  return NULL;
}

/* The contract's tool of a CVAT label type, or NULL for a label that is
 * for every tool ("any"); FALSE for types Piecework cannot draw. */
gboolean
_pw_cvat_label_tool (JsonObject  *label,
                     const char **tool)
{
  const char *type = _pw_cvat_member_string (label, "type");

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

JsonObject *
_pw_cvat_label_by_id (JsonArray *labels,
                      gint64     id)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);

      if (label != NULL && _pw_cvat_member_int (label, "id", -1) == id)
        return label;
    }
  return NULL;
}

JsonObject *
_pw_cvat_label_by_name (JsonArray  *labels,
                        const char *name)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);

      if (label != NULL && g_strcmp0 (_pw_cvat_member_string (label, "name"), name) == 0)
        return label;
    }
  return NULL;
}

gboolean
_pw_cvat_labels_have_tool (JsonArray  *labels,
                           const char *wanted)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      const char *tool;

      if (_pw_cvat_label_tool (json_array_get_object_element (labels, i), &tool)
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
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, _pw_cvat_member_int (job, "id", 0));
  g_autofree char *name = NULL;
  g_autofree char *instructions = NULL;
  const char *task_name = _pw_cvat_member_string (job, "task_name");
  gint64 start = _pw_cvat_member_int (job, "start_frame", 0);
  gint64 stop = _pw_cvat_member_int (job, "stop_frame", 0);
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

      if (label == NULL || _pw_cvat_member_string (label, "name") == NULL
          || !_pw_cvat_label_tool (label, &tool))
        continue;
      json_builder_begin_object (builder);
      pw_json_builder_add_string (builder, "name", _pw_cvat_member_string (label, "name"));
      if (_pw_cvat_member_string (label, "color") != NULL
          && *_pw_cvat_member_string (label, "color") != '\0')
        pw_json_builder_add_string (builder, "color", _pw_cvat_member_string (label, "color"));
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
  if (labels != NULL && _pw_cvat_labels_have_tool (labels, "bbox"))
    json_builder_add_string_value (builder, "bbox");
  if (labels != NULL && _pw_cvat_labels_have_tool (labels, "polygon"))
    json_builder_add_string_value (builder, "polygon");
  if (labels != NULL && _pw_cvat_labels_have_tool (labels, "choice"))
    json_builder_add_string_value (builder, "choice");
  json_builder_end_array (builder);
  pw_json_builder_add_string (builder, "choice_mode", "multi");
  json_builder_set_member_name (builder, "available_tasks");
  json_builder_add_int_value (builder, MAX (_pw_cvat_member_int (job, "frame_count", 0), 0));
  /* A claim takes the whole job. */
  json_builder_set_member_name (builder, "claims_whole");
  json_builder_add_boolean_value (builder, TRUE);
  if (web_url != NULL)
    pw_json_builder_add_string (builder, "web_only", web_url);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A shape's rotation in degrees, 0 where it has none. */
double
_pw_cvat_shape_rotation (JsonObject *shape)
{
  double value = 0;

  if (!_pw_cvat_node_number (json_object_get_member (shape, "rotation"), &value))
    return 0;
  return value;
}

/* Whether a CVAT shape opens in Piecework's canvas; the others are kept
 * as they are and go back with their frame. */
gboolean
_pw_cvat_shape_is_shown (JsonArray  *labels,
                         JsonObject *shape)
{
  const char *type = _pw_cvat_member_string (shape, "type");
  JsonObject *label = _pw_cvat_label_by_id (labels, _pw_cvat_member_int (shape, "label_id", -1));
  JsonArray *points = _pw_cvat_member_array (shape, "points");
  const char *tool;
  double values[4];

  if (type == NULL || label == NULL || points == NULL || !_pw_cvat_label_tool (label, &tool)
      || _pw_cvat_member_string (label, "name") == NULL
      || (_pw_cvat_member_array (shape, "elements") != NULL
          && json_array_get_length (_pw_cvat_member_array (shape, "elements")) > 0))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      double value;

      if (!_pw_cvat_node_number (json_array_get_element (points, i), &value))
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
           && _pw_cvat_shape_rotation (shape) == 0;
  return FALSE;
}

gboolean
_pw_cvat_tag_is_shown (JsonArray  *labels,
                       JsonObject *tag)
{
  JsonObject *label = _pw_cvat_label_by_id (labels, _pw_cvat_member_int (tag, "label_id", -1));
  const char *tool;

  return label != NULL && _pw_cvat_label_tool (label, &tool) && g_strcmp0 (tool, "choice") == 0;
}
