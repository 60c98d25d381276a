/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-sync-worker-private.h"

/* The body of a queued submission and the backoff between its tries. */

/**
 * pw_sync_backoff_delay:
 * @attempt: how many tries failed before this one (0 for the first failure)
 * @base_us: the first ceiling
 * @cap_us: the largest ceiling
 * @random: a number in [0, 1]
 *
 * Full jitter: a wait drawn evenly between nothing and a ceiling that
 * doubles with each failure up to @cap_us, so that many clients cut off at
 * once do not all come back at the same moment.
 *
 * Returns: the wait in microseconds, in [0, min (@cap_us, @base_us · 2^@attempt)]
 */
gint64
pw_sync_backoff_delay (guint  attempt,
                       gint64 base_us,
                       gint64 cap_us,
                       double random)
{
  gint64 ceiling = base_us;

  g_return_val_if_fail (base_us >= 0 && cap_us >= 0, 0);

  for (guint i = 0; i < attempt && ceiling < cap_us; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, cap_us);
  random = CLAMP (random, 0.0, 1.0);

  return (gint64) floor (random * (double) ceiling);
}

void
_pw_sync_body_free (PwSyncBody *body)
{
  if (body == NULL)
    return;

  g_free (body->claim_id);
  g_clear_pointer (&body->annotation, json_node_unref);
  g_clear_pointer (&body->submitted_at, g_date_time_unref);
  g_free (body);
}

static void
set_body_error (GError    **error,
                const char *task_id)
{
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               /* Translators: %s is a task id */
               _("The saved submission of task “%s” is damaged, so it was not sent. "
                 "It is kept with the work that was not taken."),
               task_id);
}

/**
 * _pw_sync_body_parse:
 * @task_id: the task, for the message
 * @body: a body made by pw_market_submission_body_new()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): its parts, or %NULL with
 *   %PW_ERROR_INVALID_DATA
 */
PwSyncBody *
_pw_sync_body_parse (const char *task_id,
                     const char *body,
                     GError    **error)
{
  g_autoptr (PwSyncBody) parts = g_new0 (PwSyncBody, 1);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *at;

  root = pw_json_parse (body, strlen (body), "submission", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_body_error (error, task_id);
      return NULL;
    }
  object = json_node_get_object (root);

  member = json_object_get_member (object, "claim_id");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      set_body_error (error, task_id);
      return NULL;
    }
  parts->claim_id = g_strdup (json_node_get_string (member));

  member = json_object_get_member (object, "annotation");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      set_body_error (error, task_id);
      return NULL;
    }
  parts->annotation = json_node_copy (member);

  member = json_object_get_member (object, "active_seconds");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || (json_node_get_value_type (member) != G_TYPE_DOUBLE
          && json_node_get_value_type (member) != G_TYPE_INT64)
      || json_node_get_double (member) < 0)
    {
      set_body_error (error, task_id);
      return NULL;
    }
  parts->active_seconds = json_node_get_double (member);

  member = json_object_get_member (object, "submitted_at");
  at = member != NULL && json_node_get_value_type (member) == G_TYPE_STRING
         ? json_node_get_string (member) : NULL;
  parts->submitted_at = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  if (parts->submitted_at == NULL)
    {
      set_body_error (error, task_id);
      return NULL;
    }

  return g_steal_pointer (&parts);
}
