/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-demo-market-private.h"

/* The statement and the reviews that give it life. Every change of an entry
 * appends a snapshot of it to a log; a cursor is a position in that log, so
 * an entry whose status changed appears again, later, with the same id.
 * Reviews come after the review delay and are decided by the seeded random
 * numbers, in the order of the submissions, so tests can rely on them. */

#define DEFAULT_PAGE 100
#define MAX_PAGE 500

void
_pw_demo_market_entry_free (gpointer data)
{
  PwDemoEntry *entry = data;

  g_free (entry->id);
  g_free (entry->task_id);
  g_free (entry->project_id);
  g_free (entry->amount);
  g_free (entry->currency);
  g_free (entry->comment);
  g_free (entry);
}

static void
log_entry_locked (PwDemoMarket *self,
                  PwDemoEntry  *entry)
{
  JsonObject *object = json_object_new ();
  g_autofree char *at = NULL;

  entry->at = g_get_real_time ();
  at = _pw_demo_market_format_time (entry->at);
  json_object_set_string_member (object, "id", entry->id);
  json_object_set_string_member (object, "type", entry->type);
  if (entry->task_id != NULL)
    json_object_set_string_member (object, "task_id", entry->task_id);
  if (entry->project_id != NULL)
    json_object_set_string_member (object, "project_id", entry->project_id);
  json_object_set_string_member (object, "status", entry->status);
  json_object_set_string_member (object, "amount", entry->amount);
  json_object_set_string_member (object, "currency", entry->currency);
  json_object_set_string_member (object, "at", at);
  if (entry->reviewed)
    {
      JsonObject *review = json_object_new ();

      json_object_set_double_member (review, "score", entry->score);
      if (entry->comment != NULL)
        json_object_set_string_member (review, "comment", entry->comment);
      json_object_set_object_member (object, "review", review);
    }

  g_ptr_array_add (self->statement, json_node_init_object (json_node_alloc (), object));
  json_object_unref (object);
}

static PwDemoEntry *
new_entry_locked (PwDemoMarket  *self,
                  const char    *type,
                  PwDemoProject *project,
                  const char    *task_id,
                  const char    *amount)
{
  PwDemoEntry *entry = g_new0 (PwDemoEntry, 1);

  entry->id = _pw_demo_market_next_id_locked (self, "e");
  entry->type = type;
  entry->task_id = g_strdup (task_id);
  entry->project_id = g_strdup (project->id);
  entry->amount = g_strdup (amount);
  entry->currency = g_strdup (project->currency);
  g_ptr_array_add (self->entries, entry);
  return entry;
}

static const char *
pick_comment_locked (PwDemoMarket *self,
                     gboolean      approved)
{
  GPtrArray *comments = self->review_comments[approved ? 1 : 0];

  if (comments->len == 0)
    return NULL;
  return comments->pdata[g_rand_int_range (self->rand, 0, comments->len)];
}

/* Most submissions pass. A rejected one keeps the amount it would have
 * paid, and pays nothing; now and then an approval brings a bonus, and a
 * fee is charged. */
static void
review_locked (PwDemoMarket     *self,
               PwDemoSubmission *submission)
{
  PwDemoEntry *entry = submission->entry;
  PwDemoProject *project = submission->task->project;
  gboolean approved = g_rand_double (self->rand) < project->approval_rate;
  const char *comment = NULL;

  entry->reviewed = TRUE;
  if (approved)
    {
      entry->status = "approved";
      entry->score = 0.8 + 0.2 * g_rand_double (self->rand);
      if (g_rand_double (self->rand) < 0.4)
        comment = pick_comment_locked (self, TRUE);
    }
  else
    {
      entry->status = "rejected";
      entry->score = 0.2 + 0.4 * g_rand_double (self->rand);
      comment = pick_comment_locked (self, FALSE);
    }
  /* Two decimals, as a reviewer would give it. */
  entry->score = (double) (gint) (entry->score * 100 + 0.5) / 100;
  entry->comment = g_strdup (comment);
  log_entry_locked (self, entry);

  if (approved && g_rand_double (self->rand) < 0.1)
    {
      PwDemoEntry *bonus = new_entry_locked (self, "bonus", project, entry->task_id,
                                             project->bonus_amount);

      bonus->status = "approved";
      log_entry_locked (self, bonus);
    }
  if (g_rand_double (self->rand) < 0.06)
    {
      PwDemoEntry *fee = new_entry_locked (self, "fee", project, NULL, self->fee_amount);

      fee->status = "approved";
      log_entry_locked (self, fee);
    }
}

static gboolean review_due (gpointer user_data);

static void
schedule_reviews_locked (PwDemoMarket *self)
{
  PwDemoSubmission *next = g_queue_peek_head (&self->pending_reviews);
  gint64 wait;

  if (self->review_source != NULL)
    {
      g_source_destroy (self->review_source);
      g_clear_pointer (&self->review_source, g_source_unref);
    }
  if (next == NULL || self->context == NULL)
    return;

  wait = MAX (0, next->due - g_get_monotonic_time ());
  self->review_source = g_timeout_source_new ((guint) ((wait + 999) / 1000));
  g_source_set_callback (self->review_source, review_due, self, NULL);
  g_source_attach (self->review_source, self->context);
}

static gboolean
review_due (gpointer user_data)
{
  PwDemoMarket *self = user_data;
  PwDemoSubmission *next;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  while ((next = g_queue_peek_head (&self->pending_reviews)) != NULL && next->due <= now)
    review_locked (self, g_queue_pop_head (&self->pending_reviews));
  g_clear_pointer (&self->review_source, g_source_unref);
  schedule_reviews_locked (self);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

void
_pw_demo_market_add_task_entry_locked (PwDemoMarket     *self,
                                       PwDemoSubmission *submission)
{
  PwDemoProject *project = submission->task->project;
  PwDemoEntry *entry = new_entry_locked (self, "task", project, submission->task->id,
                                         project->pay_amount);

  submission->entry = entry;
  if (project->auto_approve)
    {
      entry->status = "approved";
      log_entry_locked (self, entry);
      return;
    }

  entry->status = "pending";
  log_entry_locked (self, entry);
  if (self->review_delay_ms == 0)
    {
      review_locked (self, submission);
      return;
    }
  submission->due = g_get_monotonic_time () + (gint64) self->review_delay_ms * 1000;
  g_queue_push_tail (&self->pending_reviews, submission);
  if (self->review_source == NULL)
    schedule_reviews_locked (self);
}

static gboolean
parse_cursor (const char *cursor,
              guint       length,
              guint      *position)
{
  guint64 value;

  if (cursor == NULL)
    {
      *position = 0;
      return TRUE;
    }
  if (!g_str_has_prefix (cursor, "s")
      || !g_ascii_string_to_unsigned (cursor + 1, 10, 0, length, &value, NULL))
    return FALSE;
  *position = value;
  return TRUE;
}

void
_pw_demo_market_statement_locked (PwDemoMarket      *self,
                                  SoupServerMessage *msg,
                                  PwDemoReply       *reply)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (JsonArray) entries = json_array_new ();
  const char *limit_text;
  JsonObject *result;
  guint position, end;
  guint64 limit = DEFAULT_PAGE;

  params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  if (query != NULL && params == NULL)
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The query is malformed");
      return;
    }
  if (!parse_cursor (params != NULL ? g_hash_table_lookup (params, "after") : NULL,
                     self->statement->len, &position))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The cursor is not one this statement gave");
      return;
    }
  limit_text = params != NULL ? g_hash_table_lookup (params, "limit") : NULL;
  if (limit_text != NULL
      && !g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_PAGE, &limit, NULL))
    {
      _pw_demo_market_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "The limit must be from 1 to %d", MAX_PAGE);
      return;
    }

  end = MIN (self->statement->len, position + (guint) limit);
  for (guint i = position; i < end; i++)
    json_array_add_element (entries, json_node_copy (self->statement->pdata[i]));

  result = json_object_new ();
  json_object_set_array_member (result, "entries", g_steal_pointer (&entries));
  if (end < self->statement->len)
    {
      g_autofree char *next = g_strdup_printf ("s%u", end);

      json_object_set_string_member (result, "next", next);
    }
  else
    json_object_set_null_member (result, "next");
  reply->status = SOUP_STATUS_OK;
  reply->body = json_node_init_object (json_node_alloc (), result);
  json_object_unref (result);
}
