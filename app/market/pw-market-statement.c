/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-json-private.h"
#include "pw-market-statement.h"

/* The statement (GET v1/statement): pages of entries, each a task's pay, a
 * bonus, an adjustment, a fee or a payout with its status, amount, time and
 * the reviewer's score and comment, and the cursor of the next page. Read
 * from JSON as reference-counted records, every member checked as the
 * contract says. */

struct _PwStatementEntry
{
  char          *id;
  PwEntryType    type;
  char          *task_id;
  char          *project_id;
  PwEntryStatus  status;
  PwMoney        amount;
  GDateTime     *at;
  gboolean       has_review;
  double         review_score;
  char          *review_comment;
};

struct _PwStatementPage
{
  GPtrArray *entries;
  char      *next;
};

G_DEFINE_BOXED_TYPE (PwStatementEntry, pw_statement_entry,
                     pw_statement_entry_ref, pw_statement_entry_unref)
G_DEFINE_BOXED_TYPE (PwStatementPage, pw_statement_page,
                     pw_statement_page_ref, pw_statement_page_unref)

static const char *const type_names[] = { "task", "bonus", "adjustment", "fee", "payout", NULL };
static const char *const status_names[] = { "pending", "approved", "rejected", "paid", NULL };

static void
pw_statement_entry_clear (gpointer data)
{
  PwStatementEntry *self = data;

  g_free (self->id);
  g_free (self->task_id);
  g_free (self->project_id);
  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->review_comment);
}

static gboolean
read_review (PwStatementEntry  *self,
             JsonObject        *object,
             const char        *what,
             GError           **error)
{
  g_autofree char *review_what = _pw_market_what (what, "review", -1);
  JsonNode *node = json_object_get_member (object, "review");
  JsonObject *review;
  const char *comment;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  review = pw_json_member_object (object, "review", what, error);
  if (review == NULL
      || !pw_json_member_number (review, "score", review_what, &self->review_score, error)
      || !pw_json_member_string (review, "comment", review_what, TRUE, &comment, error))
    return FALSE;
  if (!isfinite (self->review_score))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be a number"), review_what, "score");
      return FALSE;
    }

  self->has_review = TRUE;
  self->review_comment = g_strdup (comment);
  return TRUE;
}

/**
 * pw_statement_entry_new_from_json:
 * @node: an Entry of the contract
 * @what: where @node is, for messages, such as `entries[4]`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the entry, or %NULL with
 *   %PW_ERROR_INVALID_DATA naming what is missing or wrong
 */
PwStatementEntry *
pw_statement_entry_new_from_json (JsonNode    *node,
                                  const char  *what,
                                  GError     **error)
{
  g_autoptr (PwStatementEntry) self = NULL;
  const char *id, *task_id, *project_id;
  JsonObject *object;
  int type, status;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "id", what, FALSE, &id, error)
      || !_pw_market_member_choice (object, "type", what, type_names, &type, error)
      || !_pw_market_member_id (object, "task_id", what, TRUE, &task_id, error)
      || !_pw_market_member_id (object, "project_id", what, TRUE, &project_id, error)
      || !_pw_market_member_choice (object, "status", what, status_names, &status, error))
    return NULL;

  self = g_atomic_rc_box_new0 (PwStatementEntry);
  self->id = g_strdup (id);
  self->type = type;
  self->task_id = g_strdup (task_id);
  self->project_id = g_strdup (project_id);
  self->status = status;

  /* Unlike a project's pay, an entry's amount and currency sit in the
   * entry itself. */
  if (!pw_money_member (&self->amount, object, what, error)
      || !_pw_market_member_time (object, "at", what, &self->at, error)
      || !read_review (self, object, what, error))
    return NULL;

  if (self->type == PW_ENTRY_TASK && self->task_id == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: an entry for a task needs the member “%s”"), what, "task_id");
      return NULL;
    }

  return g_steal_pointer (&self);
}

PwStatementEntry *
pw_statement_entry_ref (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_statement_entry_unref (PwStatementEntry *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_statement_entry_clear);
}

const char *
pw_statement_entry_get_id (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

PwEntryType
pw_statement_entry_get_entry_type (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, PW_ENTRY_TASK);
  return self->type;
}

/**
 * pw_statement_entry_get_task_id:
 *
 * Returns: (nullable): the task the entry is for
 */
const char *
pw_statement_entry_get_task_id (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->task_id;
}

/**
 * pw_statement_entry_get_project_id:
 *
 * Returns: (nullable): the project the entry is for
 */
const char *
pw_statement_entry_get_project_id (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->project_id;
}

PwEntryStatus
pw_statement_entry_get_status (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, PW_ENTRY_PENDING);
  return self->status;
}

/**
 * pw_statement_entry_get_amount:
 *
 * Returns: (transfer none): the amount; negative for a fee
 */
const PwMoney *
pw_statement_entry_get_amount (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->amount;
}

/**
 * pw_statement_entry_get_at:
 *
 * Returns: (transfer none): when the entry took its status, in UTC
 */
GDateTime *
pw_statement_entry_get_at (PwStatementEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->at;
}

/**
 * pw_statement_entry_get_review:
 * @score: (out) (optional): the reviewer's score
 * @comment: (out) (optional) (nullable) (transfer none): the reviewer's comment
 *
 * Returns: %TRUE when the entry carries a review
 */
gboolean
pw_statement_entry_get_review (PwStatementEntry  *self,
                               double            *score,
                               const char       **comment)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (score != NULL)
    *score = self->review_score;
  if (comment != NULL)
    *comment = self->review_comment;
  return self->has_review;
}

static void
pw_statement_page_clear (gpointer data)
{
  PwStatementPage *self = data;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_free (self->next);
}

/**
 * pw_statement_page_new_from_json:
 * @node: the answer to `GET v1/statement`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL with %PW_ERROR_INVALID_DATA
 *   naming what is missing or wrong
 */
PwStatementPage *
pw_statement_page_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr (PwStatementPage) self = NULL;
  const char *what = "statement";
  JsonObject *object;
  JsonArray *entries;
  const char *next;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || (entries = pw_json_member_array (object, "entries", what, error)) == NULL
      || !_pw_market_member_id (object, "next", what, TRUE, &next, error))
    return NULL;

  self = g_atomic_rc_box_new0 (PwStatementPage);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_statement_entry_unref);
  self->next = g_strdup (next);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      g_autofree char *entry_what = _pw_market_what ("", "entries", (int) i);
      PwStatementEntry *entry;

      entry = pw_statement_entry_new_from_json (json_array_get_element (entries, i),
                                                entry_what, error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (self->entries, entry);
    }

  return g_steal_pointer (&self);
}

PwStatementPage *
pw_statement_page_ref (PwStatementPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_statement_page_unref (PwStatementPage *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_statement_page_clear);
}

/**
 * pw_statement_page_get_entries:
 *
 * Returns: (transfer none) (element-type PwStatementEntry): the entries
 */
GPtrArray *
pw_statement_page_get_entries (PwStatementPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entries;
}

/**
 * pw_statement_page_get_next:
 *
 * Returns: (nullable): the cursor of the next page, or %NULL when this is
 *   the last for now
 */
const char *
pw_statement_page_get_next (PwStatementPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->next;
}
