/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-market-json-private.h"
#include "pw-market-project.h"

/* The worker (GET v1/me) and the projects (GET v1/projects) as the
 * marketplace describes them: reference-counted records read from JSON,
 * each member checked against docs/MARKETPLACE-API.md, so an answer with a
 * missing or wrong member is refused by a message that names it. A project
 * keeps the JSON it was read from, for the store. */

struct _PwMarketMe
{
  char *worker_id;
  char *name;
  char *currency;
};

struct _PwProject
{
  char        *id;
  char        *name;
  PwTaskKind   kind;
  char        *instructions;
  PwMoney      pay;
  PwPayUnit    pay_unit;
  PwLabelSet  *labels;
  JsonNode    *labels_json;
  GStrv        tools;
  char        *choice_mode;
  gboolean     overlap_forbidden;
  gboolean     segment_text;
  char        *qualification;
  gboolean     qualification_passed;
  gint64       available_tasks;
  JsonNode    *json;
};

G_DEFINE_BOXED_TYPE (PwMarketMe, pw_market_me, pw_market_me_ref, pw_market_me_unref)
G_DEFINE_BOXED_TYPE (PwProject, pw_project, pw_project_ref, pw_project_unref)

static const char *const kind_names[] = { "image", "text", "audio", NULL };
static const char *const pay_unit_names[] = { "task", "hour", NULL };

/**
 * pw_task_kind_to_string:
 * @kind: a #PwTaskKind
 *
 * Returns: (transfer none): the contract's name of @kind
 */
const char *
pw_task_kind_to_string (PwTaskKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names) - 1, NULL);

  return kind_names[kind];
}

/**
 * pw_task_kind_from_string:
 * @text: (nullable): the contract's name of a kind
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
pw_task_kind_from_string (const char *text,
                          PwTaskKind *kind)
{
  for (guint i = 0; kind_names[i] != NULL; i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
pw_market_me_clear (gpointer data)
{
  PwMarketMe *self = data;

  g_free (self->worker_id);
  g_free (self->name);
  g_free (self->currency);
}

/**
 * pw_market_me_new_from_json:
 * @node: the answer to `GET v1/me`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the worker, or %NULL with %PW_ERROR_INVALID_DATA
 *   naming what is missing or wrong
 */
PwMarketMe *
pw_market_me_new_from_json (JsonNode  *node,
                            GError   **error)
{
  const char *what = "me";
  const char *worker_id, *name, *currency;
  JsonObject *object;
  PwMarketMe *self;

  g_return_val_if_fail (node != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "worker_id", what, FALSE, &worker_id, error)
      || !pw_json_member_string (object, "name", what, FALSE, &name, error)
      || !pw_json_member_string (object, "currency", what, FALSE, &currency, error))
    return NULL;
  if (!pw_money_currency_is_valid (currency))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” is “%s”, not a currency code such as USD"),
                   what, "currency", currency);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (PwMarketMe);
  self->worker_id = g_strdup (worker_id);
  self->name = g_strdup (name);
  self->currency = g_strdup (currency);
  return self;
}

PwMarketMe *
pw_market_me_ref (PwMarketMe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_market_me_unref (PwMarketMe *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_market_me_clear);
}

const char *
pw_market_me_get_worker_id (PwMarketMe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->worker_id;
}

const char *
pw_market_me_get_name (PwMarketMe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * pw_market_me_get_currency:
 *
 * Returns: the ISO 4217 code the marketplace pays the worker in
 */
const char *
pw_market_me_get_currency (PwMarketMe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->currency;
}

static void
pw_project_clear (gpointer data)
{
  PwProject *self = data;

  g_free (self->id);
  g_free (self->name);
  g_free (self->instructions);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->labels_json, json_node_unref);
  g_strfreev (self->tools);
  g_free (self->choice_mode);
  g_free (self->qualification);
  g_clear_pointer (&self->json, json_node_unref);
}

static gboolean
read_pay (PwProject   *self,
          JsonObject  *object,
          const char  *what,
          GError     **error)
{
  g_autofree char *pay_what = _pw_market_what (what, "pay", -1);
  JsonObject *pay;
  int unit = PW_PAY_PER_TASK;

  pay = pw_json_member_object (object, "pay", what, error);
  if (pay == NULL || !pw_money_member (&self->pay, pay, pay_what, error))
    return FALSE;
  if (json_object_has_member (pay, "per")
      && !_pw_market_member_choice (pay, "per", pay_what, pay_unit_names, &unit, error))
    return FALSE;
  self->pay_unit = unit;
  return TRUE;
}

/* The groups of the choice labels: a label names its group, a group
 * says whether it takes one answer and must be answered. */
static gboolean
read_choice_groups (PwProject   *self,
                    JsonObject  *object,
                    const char  *what,
                    GError     **error)
{
  g_autoptr (GError) local_error = NULL;

  if (!pw_label_set_read_choice_groups (self->labels, json_object_get_member (object, "choice_groups"),
                                        &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   "%s.choice_groups: %s", what, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_labels (PwProject   *self,
             JsonObject  *object,
             const char  *what,
             GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  JsonNode *labels = json_object_get_member (object, "labels");

  /* A project without labels, such as a transcription, may leave them out. */
  if (labels == NULL || JSON_NODE_HOLDS_NULL (labels))
    {
      self->labels = pw_label_set_new ();
      self->labels_json = json_node_init_array (json_node_alloc (), json_array_new ());
      return TRUE;
    }

  self->labels = pw_label_set_new_from_json (labels, &local_error);
  if (self->labels == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   "%s.labels: %s", what, local_error->message);
      return FALSE;
    }
  self->labels_json = json_node_ref (labels);
  return read_choice_groups (self, object, what, error);
}

static gboolean
read_qualification (PwProject   *self,
                    JsonObject  *object,
                    const char  *what,
                    GError     **error)
{
  g_autofree char *qual_what = _pw_market_what (what, "qualification", -1);
  JsonNode *node = json_object_get_member (object, "qualification");
  JsonObject *qualification;
  const char *project_id;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  qualification = pw_json_member_object (object, "qualification", what, error);
  if (qualification == NULL
      || !_pw_market_member_id (qualification, "project_id", qual_what, FALSE, &project_id, error))
    return FALSE;

  node = json_object_get_member (qualification, "passed");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                   _("%s: the member “%s” must be true or false"), qual_what, "passed");
      return FALSE;
    }

  self->qualification = g_strdup (project_id);
  self->qualification_passed = json_node_get_boolean (node);
  return TRUE;
}

/* Piecework's rules where the contract is silent: `overlap` (false when
 * spans or segments may not overlap or nest; allowed when absent) and
 * `segment_text` (true when every segment needs its text). */
static gboolean
read_rules (PwProject   *self,
            JsonObject  *object,
            const char  *what,
            GError     **error)
{
  static const char *const names[] = { "overlap", "segment_text" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);
      gboolean value;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the member “%s” must be true or false"), what, names[i]);
          return FALSE;
        }
      value = json_node_get_boolean (node);
      if (i == 0)
        self->overlap_forbidden = !value;
      else
        self->segment_text = value;
    }
  return TRUE;
}

/**
 * pw_project_new_from_json:
 * @node: a Project of the contract
 * @what: where @node is, for messages, such as `projects[2]`
 * @error: return location for a #GError
 *
 * Reads a project. `id`, `name`, `kind` and `pay` are required; the labels,
 * tools, instructions, choice mode and count of available tasks may be left
 * out; unknown members are ignored.
 *
 * Returns: (transfer full): the project, or %NULL with
 *   %PW_ERROR_INVALID_DATA naming what is missing or wrong
 */
PwProject *
pw_project_new_from_json (JsonNode    *node,
                          const char  *what,
                          GError     **error)
{
  g_autoptr (PwProject) self = NULL;
  const char *id, *name, *instructions, *choice_mode;
  JsonObject *object;
  int kind;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  object = pw_json_get_object (node, what, error);
  if (object == NULL
      || !_pw_market_member_id (object, "id", what, FALSE, &id, error)
      || !pw_json_member_string (object, "name", what, FALSE, &name, error)
      || !_pw_market_member_choice (object, "kind", what, kind_names, &kind, error)
      || !pw_json_member_string (object, "instructions", what, TRUE, &instructions, error)
      || !pw_json_member_string (object, "choice_mode", what, TRUE, &choice_mode, error))
    return NULL;

  self = g_atomic_rc_box_new0 (PwProject);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->kind = kind;
  self->instructions = g_strdup (instructions != NULL ? instructions : "");
  self->choice_mode = g_strdup (choice_mode);
  self->json = json_node_copy (node);

  if (!read_pay (self, object, what, error)
      || !read_labels (self, object, what, error)
      || !_pw_market_member_strv (object, "tools", what, &self->tools, error)
      || !read_qualification (self, object, what, error))
    return NULL;

  if (!read_rules (self, object, what, error))
    return NULL;

  if (json_object_has_member (object, "available_tasks"))
    {
      if (!pw_json_member_int (object, "available_tasks", what, &self->available_tasks, error))
        return NULL;
      if (self->available_tasks < 0)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                       _("%s: the member “%s” must not be negative"), what, "available_tasks");
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * pw_project_get_json:
 *
 * Returns: (transfer none): the project as the marketplace sent it, kept so
 *   that claimed work can open with its labels and tools while offline
 */
JsonNode *
pw_project_get_json (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

static const char *
optional_string (PwProject  *self,
                 const char *member)
{
  JsonObject *object;
  JsonNode *node;

  if (self->json == NULL || !JSON_NODE_HOLDS_OBJECT (self->json))
    return NULL;
  object = json_node_get_object (self->json);
  node = json_object_get_member (object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * pw_project_get_unsupported:
 *
 * Returns: (transfer none) (nullable): why Piecework cannot open the
 *   project's tasks (its `unsupported` member), or %NULL where it can
 */
const char *
pw_project_get_unsupported (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return optional_string (self, "unsupported");
}

/**
 * pw_project_get_web_only:
 *
 * Returns: (transfer none) (nullable): the address of the platform's own
 *   web page where alone the project's work opens (its `web_only`
 *   member), or %NULL
 */
const char *
pw_project_get_web_only (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return optional_string (self, "web_only");
}

/**
 * pw_project_get_claims_whole:
 *
 * Returns: %TRUE where a claim takes every available task of the project
 *   at once, whatever count is asked (its `claims_whole` member: a CVAT
 *   job, claimed whole)
 */
gboolean
pw_project_get_claims_whole (PwProject *self)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->json == NULL || !JSON_NODE_HOLDS_OBJECT (self->json))
    return FALSE;
  node = json_object_get_member (json_node_get_object (self->json), "claims_whole");
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

/**
 * pw_project_pays_outside:
 *
 * Returns: %TRUE for a project whose server states no pay at all (the
 *   currency #PW_MONEY_NO_CURRENCY): a labeling platform that pays its
 *   annotators outside its API. The worker's own rate prices its work.
 */
gboolean
pw_project_pays_outside (PwProject *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_strcmp0 (self->pay.currency, PW_MONEY_NO_CURRENCY) == 0;
}

PwProject *
pw_project_ref (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_project_unref (PwProject *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_project_clear);
}

const char *
pw_project_get_id (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
pw_project_get_name (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

PwTaskKind
pw_project_get_kind (PwProject *self)
{
  g_return_val_if_fail (self != NULL, PW_TASK_KIND_IMAGE);
  return self->kind;
}

/**
 * pw_project_get_instructions:
 *
 * Returns: what the worker is asked to do; empty when the project says
 *   nothing
 */
const char *
pw_project_get_instructions (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->instructions;
}

/**
 * pw_project_get_pay:
 *
 * Returns: (transfer none): the pay for each task or hour, as
 *   pw_project_get_pay_unit() says
 */
const PwMoney *
pw_project_get_pay (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->pay;
}

PwPayUnit
pw_project_get_pay_unit (PwProject *self)
{
  g_return_val_if_fail (self != NULL, PW_PAY_PER_TASK);
  return self->pay_unit;
}

/**
 * pw_project_is_unpaid:
 *
 * Returns: %TRUE for a project that pays nothing, such as a qualification
 *   or training: its time counts against the worker's hourly rate
 */
gboolean
pw_project_is_unpaid (PwProject *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->pay.micro == 0;
}

/**
 * pw_project_get_labels:
 *
 * Returns: (transfer none): the labels; empty when the project has none
 */
PwLabelSet *
pw_project_get_labels (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->labels;
}

/**
 * pw_project_get_labels_json:
 *
 * Returns: (transfer none): the labels as the marketplace wrote them, for
 *   the store
 */
JsonNode *
pw_project_get_labels_json (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->labels_json;
}

/**
 * pw_project_get_tools:
 *
 * Returns: (transfer none): the tools the project allows, such as `bbox`
 */
const char *const *
pw_project_get_tools (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char *const *) self->tools;
}

gboolean
pw_project_has_tool (PwProject  *self,
                     const char *tool)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (tool != NULL, FALSE);
  return g_strv_contains ((const char *const *) self->tools, tool);
}

/**
 * pw_project_get_check_flags:
 *
 * The project's rules for the checks before a task is submitted: its
 * `choice_mode`, and Piecework's `overlap` and `segment_text` (see the
 * contract's notes).
 *
 * Returns: the #PwCheckFlags for pw_annotation_check_full()
 */
PwCheckFlags
pw_project_get_check_flags (PwProject *self)
{
  PwCheckFlags flags = PW_CHECK_DEFAULT;
  gboolean segment_labels = FALSE;

  g_return_val_if_fail (self != NULL, PW_CHECK_DEFAULT);

  if (g_strcmp0 (self->choice_mode, "single") == 0)
    flags |= PW_CHECK_SINGLE_CHOICE;
  if (self->overlap_forbidden)
    flags |= PW_CHECK_NO_OVERLAPS;
  if (self->segment_text)
    flags |= PW_CHECK_SEGMENT_TEXT;

  /* Segments need a label only when some label is for them. */
  for (guint i = 0; self->labels != NULL && i < pw_label_set_get_n_labels (self->labels); i++)
    segment_labels |= pw_label_is_for (pw_label_set_get_label (self->labels, i),
                                       PW_ANNOTATION_TOOL_SEGMENT);
  if (!segment_labels)
    flags |= PW_CHECK_UNLABELED_SEGMENTS;
  return flags;
}

/**
 * pw_project_get_choice_mode:
 *
 * Returns: (nullable): `single`, `multiple` or what else the marketplace
 *   said, or %NULL
 */
const char *
pw_project_get_choice_mode (PwProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->choice_mode;
}

/**
 * pw_project_get_qualification:
 * @passed: (out) (optional): whether the worker passed it
 *
 * Returns: (nullable): the id of the qualification project the worker must
 *   pass first, or %NULL when none is needed
 */
const char *
pw_project_get_qualification (PwProject *self,
                              gboolean  *passed)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (passed != NULL)
    *passed = self->qualification_passed;
  return self->qualification;
}

gint64
pw_project_get_available_tasks (PwProject *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->available_tasks;
}
