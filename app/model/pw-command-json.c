/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-command.h"
#include "pw-error.h"
#include "pw-json.h"
#include "pw-model-private.h"

/* The form the store keeps each edit in, one JSON object a command:
 *
 *   {"op": "add", "index": 2, "shape": {...}}
 *   {"op": "remove", "index": 0, "shape": {...}}
 *   {"op": "replace", "before": {...}, "after": {...}}
 *   {"op": "batch", "commands": [{...}, ...]}
 *   {"op": "add-span", "span": {"id": "span3", "start": 4, "end": 9, "label": "PER"}}
 *   {"op": "remove-span", "span": {...}}
 *   {"op": "replace-span", "before": {...}, "after": {...}}
 *   {"op": "add-segment", "segment": {"id": "seg1", "start": 1.5, "end": 2.0, "text": ""}}
 *   {"op": "remove-segment", "segment": {...}}
 *   {"op": "replace-segment", "before": {...}, "after": {...}}
 *   {"op": "set-choices", "before": ["neutral"], "after": ["positive"]}
 *   {"op": "edit-transcript", "at": 12, "removed": "teh", "inserted": "the"}
 *
 * where each shape is a marketplace shape object (pw_shape_to_json()),
 * each span and segment an entry of the Annotation's "spans" or "segments"
 * with its id, and "at" counts code points. Only what Piecework wrote is
 * read back, but it is read as strictly as a marketplace's answer: a
 * damaged draft is refused, never half applied. */

static const char *const op_names[] = {
  [PW_COMMAND_ADD] = "add",
  [PW_COMMAND_REMOVE] = "remove",
  [PW_COMMAND_REPLACE] = "replace",
  [PW_COMMAND_BATCH] = "batch",
  [PW_COMMAND_ADD_SPAN] = "add-span",
  [PW_COMMAND_REMOVE_SPAN] = "remove-span",
  [PW_COMMAND_REPLACE_SPAN] = "replace-span",
  [PW_COMMAND_ADD_SEGMENT] = "add-segment",
  [PW_COMMAND_REMOVE_SEGMENT] = "remove-segment",
  [PW_COMMAND_REPLACE_SEGMENT] = "replace-segment",
  [PW_COMMAND_SET_CHOICES] = "set-choices",
  [PW_COMMAND_EDIT_TRANSCRIPT] = "edit-transcript",
};

static JsonArray *
strv_to_array (const char *const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/**
 * pw_command_to_json:
 * @self: a command
 *
 * Returns: (transfer full): @self in the JSON form described at the top of
 *   this file
 */
JsonNode *
pw_command_to_json (PwCommand *self)
{
  g_autoptr (JsonObject) object = json_object_new ();
  PwCommandKind kind;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  kind = pw_command_get_kind (self);
  g_assert ((guint) kind < G_N_ELEMENTS (op_names));
  json_object_set_string_member (object, "op", op_names[kind]);

  switch (kind)
    {
    case PW_COMMAND_ADD:
    case PW_COMMAND_REMOVE:
      json_object_set_int_member (object, "index", pw_command_get_index (self));
      json_object_set_member (object, "shape", pw_shape_to_json (pw_command_get_shape (self)));
      break;

    case PW_COMMAND_REPLACE:
      json_object_set_member (object, "before", pw_shape_to_json (pw_command_get_before (self)));
      json_object_set_member (object, "after", pw_shape_to_json (pw_command_get_after (self)));
      break;

    case PW_COMMAND_BATCH:
      {
        GPtrArray *commands = pw_command_get_commands (self);
        g_autoptr (JsonArray) array = json_array_sized_new (commands->len);

        for (guint i = 0; i < commands->len; i++)
          json_array_add_element (array, pw_command_to_json (g_ptr_array_index (commands, i)));
        json_object_set_array_member (object, "commands", g_steal_pointer (&array));
      }
      break;

    case PW_COMMAND_ADD_SPAN:
    case PW_COMMAND_REMOVE_SPAN:
      json_object_set_member (object, "span",
                              pw_text_span_to_json (pw_command_get_span (self), TRUE));
      break;

    case PW_COMMAND_REPLACE_SPAN:
      json_object_set_member (object, "before",
                              pw_text_span_to_json (pw_command_get_span_before (self), TRUE));
      json_object_set_member (object, "after",
                              pw_text_span_to_json (pw_command_get_span_after (self), TRUE));
      break;

    case PW_COMMAND_ADD_SEGMENT:
    case PW_COMMAND_REMOVE_SEGMENT:
      json_object_set_member (object, "segment",
                              pw_segment_to_json (pw_command_get_segment (self), TRUE));
      break;

    case PW_COMMAND_REPLACE_SEGMENT:
      json_object_set_member (object, "before",
                              pw_segment_to_json (pw_command_get_segment_before (self), TRUE));
      json_object_set_member (object, "after",
                              pw_segment_to_json (pw_command_get_segment_after (self), TRUE));
      break;

    case PW_COMMAND_SET_CHOICES:
      json_object_set_array_member (object, "before",
                                    strv_to_array (pw_command_get_choices_before (self)));
      json_object_set_array_member (object, "after",
                                    strv_to_array (pw_command_get_choices_after (self)));
      break;

    case PW_COMMAND_EDIT_TRANSCRIPT:
      json_object_set_int_member (object, "at", pw_command_get_index (self));
      json_object_set_string_member (object, "removed", pw_command_get_removed_text (self));
      json_object_set_string_member (object, "inserted", pw_command_get_inserted_text (self));
      break;

    default:
      g_assert_not_reached ();
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/**
 * pw_command_to_string:
 * @self: a command
 *
 * Returns: (transfer full): @self as compact JSON text, for the store
 */
char *
pw_command_to_string (PwCommand *self)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = pw_command_to_json (self);
  return pw_json_to_string (node, FALSE);
}

static gboolean
read_index (JsonObject  *object,
            const char  *member,
            const char  *what,
            guint       *index,
            GError     **error)
{
  gint64 value;

  if (!pw_json_member_int (object, member, what, &value, error))
    return FALSE;
  if (value < 0 || value >= G_MAXUINT)
    {
      _pw_model_out_of_range (what, member, error);
      return FALSE;
    }
  *index = (guint) value;
  return TRUE;
}

static PwCommand *
shape_command_from_json (JsonObject  *object,
                         const char  *op,
                         const char  *what,
                         GError     **error)
{
  if (g_str_equal (op, "add") || g_str_equal (op, "remove"))
    {
      g_autoptr (PwShape) shape = NULL;
      guint index;

      if (!read_index (object, "index", what, &index, error)
          || pw_json_member_object (object, "shape", what, error) == NULL)
        return NULL;
      shape = pw_shape_new_from_json (json_object_get_member (object, "shape"), error);
      if (shape == NULL)
        return NULL;
      return g_str_equal (op, "add") ? pw_command_new_add (shape, index)
                                     : pw_command_new_remove (shape, index);
    }
  else
    {
      g_autoptr (PwShape) before = NULL;
      g_autoptr (PwShape) after = NULL;

      if (pw_json_member_object (object, "before", what, error) == NULL
          || pw_json_member_object (object, "after", what, error) == NULL)
        return NULL;
      before = pw_shape_new_from_json (json_object_get_member (object, "before"), error);
      if (before == NULL)
        return NULL;
      after = pw_shape_new_from_json (json_object_get_member (object, "after"), error);
      if (after == NULL)
        return NULL;
      if (!g_str_equal (pw_shape_get_id (before), pw_shape_get_id (after)))
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s replaces a shape by one with another id"), what);
          return NULL;
        }
      return pw_command_new_replace (before, after);
    }
}

static PwCommand *
span_command_from_json (JsonObject     *object,
                        PwCommandKind   kind,
                        const char     *what,
                        GError        **error)
{
  g_autoptr (PwTextSpan) span = NULL;
  g_autoptr (PwTextSpan) after = NULL;

  if (kind != PW_COMMAND_REPLACE_SPAN)
    {
      if (pw_json_member_object (object, "span", what, error) == NULL)
        return NULL;
      span = pw_text_span_new_from_json (json_object_get_member (object, "span"), what, NULL,
                                         error);
      if (span == NULL)
        return NULL;
      return kind == PW_COMMAND_ADD_SPAN ? pw_command_new_add_span (span)
                                         : pw_command_new_remove_span (span);
    }

  if (pw_json_member_object (object, "before", what, error) == NULL
      || pw_json_member_object (object, "after", what, error) == NULL)
    return NULL;
  span = pw_text_span_new_from_json (json_object_get_member (object, "before"), what, NULL, error);
  if (span == NULL)
    return NULL;
  after = pw_text_span_new_from_json (json_object_get_member (object, "after"), what, NULL, error);
  if (after == NULL)
    return NULL;
  if (!g_str_equal (pw_text_span_get_id (span), pw_text_span_get_id (after)))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s replaces a span by one with another id"), what);
      return NULL;
    }
  return pw_command_new_replace_span (span, after);
}

static PwCommand *
segment_command_from_json (JsonObject     *object,
                           PwCommandKind   kind,
                           const char     *what,
                           GError        **error)
{
  g_autoptr (PwSegment) segment = NULL;
  g_autoptr (PwSegment) after = NULL;

  if (kind != PW_COMMAND_REPLACE_SEGMENT)
    {
      if (pw_json_member_object (object, "segment", what, error) == NULL)
        return NULL;
      segment = pw_segment_new_from_json (json_object_get_member (object, "segment"), what, NULL,
                                          error);
      if (segment == NULL)
        return NULL;
      return kind == PW_COMMAND_ADD_SEGMENT ? pw_command_new_add_segment (segment)
                                            : pw_command_new_remove_segment (segment);
    }

  if (pw_json_member_object (object, "before", what, error) == NULL
      || pw_json_member_object (object, "after", what, error) == NULL)
    return NULL;
  segment = pw_segment_new_from_json (json_object_get_member (object, "before"), what, NULL,
                                      error);
  if (segment == NULL)
    return NULL;
  after = pw_segment_new_from_json (json_object_get_member (object, "after"), what, NULL, error);
  if (after == NULL)
    return NULL;
  if (!g_str_equal (pw_segment_get_id (segment), pw_segment_get_id (after)))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s replaces a segment by one with another id"), what);
      return NULL;
    }
  return pw_command_new_replace_segment (segment, after);
}

static PwCommand *
choices_command_from_json (JsonObject  *object,
                           const char  *what,
                           GError     **error)
{
  g_auto (GStrv) before = _pw_model_read_choices (object, "before", what, error);
  g_auto (GStrv) after = NULL;

  if (before == NULL)
    return NULL;
  after = _pw_model_read_choices (object, "after", what, error);
  if (after == NULL)
    return NULL;
  return pw_command_new_set_choices ((const char *const *) before, (const char *const *) after);
}

static PwCommand *
transcript_command_from_json (JsonObject  *object,
                              const char  *what,
                              GError     **error)
{
  const char *removed, *inserted;
  guint at;

  if (!read_index (object, "at", what, &at, error)
      || !pw_json_member_string (object, "removed", what, FALSE, &removed, error)
      || !pw_json_member_string (object, "inserted", what, FALSE, &inserted, error))
    return NULL;
  return pw_command_new_edit_transcript (at, removed, inserted);
}

/**
 * pw_command_new_from_json:
 * @node: a command in JSON
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the command, or %NULL with %PW_ERROR_INVALID_DATA
 */
PwCommand *
pw_command_new_from_json (JsonNode  *node,
                          GError   **error)
{
  const char *what = _("An edit in the history");
  JsonObject *object;
  const char *op;
  guint kind;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL || !pw_json_member_string (object, "op", what, FALSE, &op, error))
    return NULL;

  for (kind = 0; kind < G_N_ELEMENTS (op_names); kind++)
    {
      if (g_str_equal (op, op_names[kind]))
        break;
    }

  switch (kind)
    {
    case PW_COMMAND_ADD:
    case PW_COMMAND_REMOVE:
    case PW_COMMAND_REPLACE:
      return shape_command_from_json (object, op, what, error);

    case PW_COMMAND_BATCH:
      {
        g_autoptr (GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_command_unref);
        JsonArray *array = pw_json_member_array (object, "commands", what, error);

        if (array == NULL)
          return NULL;
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            PwCommand *child = pw_command_new_from_json (json_array_get_element (array, i), error);

            if (child == NULL)
              return NULL;
            g_ptr_array_add (commands, child);
          }
        return pw_command_new_batch (commands);
      }

    case PW_COMMAND_ADD_SPAN:
    case PW_COMMAND_REMOVE_SPAN:
    case PW_COMMAND_REPLACE_SPAN:
      return span_command_from_json (object, kind, what, error);

    case PW_COMMAND_ADD_SEGMENT:
    case PW_COMMAND_REMOVE_SEGMENT:
    case PW_COMMAND_REPLACE_SEGMENT:
      return segment_command_from_json (object, kind, what, error);

    case PW_COMMAND_SET_CHOICES:
      return choices_command_from_json (object, what, error);

    case PW_COMMAND_EDIT_TRANSCRIPT:
      return transcript_command_from_json (object, what, error);

    default:
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s is of an unknown kind “%s”"), what, op);
      return NULL;
    }
}

/**
 * pw_command_new_from_string:
 * @text: a command as written by pw_command_to_string()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the command, or %NULL
 */
PwCommand *
pw_command_new_from_string (const char  *text,
                            GError     **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  node = pw_json_parse (text, strlen (text), _("An edit in the history"), error);
  if (node == NULL)
    return NULL;
  return pw_command_new_from_json (node, error);
}
