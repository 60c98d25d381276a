/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

/* Projects, claims, statements, the worker and submission results read from
 * the contract's JSON, and answers with a missing, wrong or oversized member
 * refused with a message that names it. */

#define PROJECT \
  "{\"id\": \"p-cars\", \"name\": \"Street scenes: vehicles\", \"kind\": \"image\"," \
  " \"instructions\": \"Draw a tight box around every vehicle\"," \
  " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\", \"per\": \"task\"}," \
  " \"labels\": [{\"name\": \"car\", \"color\": \"#e01b24\", \"hotkey\": \"1\"}]," \
  " \"tools\": [\"bbox\", \"polygon\"], \"choice_mode\": \"single\"," \
  " \"qualification\": {\"project_id\": \"p-cars-qual\", \"passed\": false}," \
  " \"available_tasks\": 1200, \"launched_in\": {\"future\": [1, 2]}}"

static JsonNode *
parse (const char *json)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = pw_json_parse (json, strlen (json), "test", &error);

  g_assert_no_error (error);
  return node;
}

static void
test_project_read (void)
{
  g_autoptr (JsonNode) node = parse (PROJECT);
  g_autoptr (JsonNode) bare = parse ("{\"id\": \"p-q\", \"name\": \"Qualification\", \"kind\": \"text\","
                                     " \"pay\": {\"amount\": \"0\", \"currency\": \"USD\", \"per\": \"hour\"}}");
  g_autoptr (PwProject) project = NULL;
  g_autoptr (PwProject) unpaid = NULL;
  gboolean passed = TRUE;

  project = pw_project_new_from_json (node, "projects[0]", NULL);
  g_assert_nonnull (project);
  g_assert_cmpstr (pw_project_get_id (project), ==, "p-cars");
  g_assert_cmpstr (pw_project_get_name (project), ==, "Street scenes: vehicles");
  g_assert_cmpint (pw_project_get_kind (project), ==, PW_TASK_KIND_IMAGE);
  g_assert_cmpstr (pw_project_get_instructions (project), ==, "Draw a tight box around every vehicle");
  g_assert_cmpint (pw_project_get_pay (project)->micro, ==, 40000);
  g_assert_cmpstr (pw_project_get_pay (project)->currency, ==, "USD");
  g_assert_cmpint (pw_project_get_pay_unit (project), ==, PW_PAY_PER_TASK);
  g_assert_false (pw_project_is_unpaid (project));
  g_assert_cmpuint (pw_label_set_get_n_labels (pw_project_get_labels (project)), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (pw_project_get_labels_json (project)));
  g_assert_true (pw_project_has_tool (project, "polygon"));
  g_assert_false (pw_project_has_tool (project, "span"));
  g_assert_cmpuint (g_strv_length ((char **) pw_project_get_tools (project)), ==, 2);
  g_assert_cmpstr (pw_project_get_choice_mode (project), ==, "single");
  g_assert_cmpstr (pw_project_get_qualification (project, &passed), ==, "p-cars-qual");
  g_assert_false (passed);
  g_assert_cmpint (pw_project_get_available_tasks (project), ==, 1200);

  unpaid = pw_project_new_from_json (bare, "projects[1]", NULL);
  g_assert_nonnull (unpaid);
  g_assert_true (pw_project_is_unpaid (unpaid));
  g_assert_cmpint (pw_project_get_pay_unit (unpaid), ==, PW_PAY_PER_HOUR);
  g_assert_null (pw_project_get_qualification (unpaid, NULL));
  g_assert_cmpuint (pw_label_set_get_n_labels (pw_project_get_labels (unpaid)), ==, 0);
  g_assert_cmpstr (pw_project_get_instructions (unpaid), ==, "");
  g_assert_cmpuint (g_strv_length ((char **) pw_project_get_tools (unpaid)), ==, 0);

  /* No rules said: overlaps allowed, segment text optional; the single
   * choice is checked, and segments go unlabeled where no label is for
   * them. */
  g_assert_cmpuint (pw_project_get_check_flags (project), ==,
                    PW_CHECK_SINGLE_CHOICE);
  g_assert_cmpuint (pw_project_get_check_flags (unpaid), ==, PW_CHECK_UNLABELED_SEGMENTS);
}

static void
test_project_rules (void)
{
  g_autoptr (JsonNode) node =
    parse ("{\"id\": \"p-s\", \"name\": \"Speech\", \"kind\": \"audio\","
           " \"pay\": {\"amount\": \"0.08\", \"currency\": \"USD\", \"per\": \"task\"},"
           " \"labels\": [{\"name\": \"speech\"}], \"tools\": [\"segment\", \"transcript\"],"
           " \"choice_mode\": \"multi\", \"overlap\": false, \"segment_text\": true}");
  g_autoptr (JsonNode) bad = parse ("{\"id\": \"p-s\", \"name\": \"Speech\", \"kind\": \"audio\","
                                    " \"pay\": {\"amount\": \"0\", \"currency\": \"USD\","
                                    " \"per\": \"task\"}, \"overlap\": \"no\"}");
  g_autoptr (PwProject) project = pw_project_new_from_json (node, "project", NULL);
  g_autoptr (PwProject) refused = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (project);
  g_assert_cmpuint (pw_project_get_check_flags (project), ==,
                    PW_CHECK_NO_OVERLAPS | PW_CHECK_SEGMENT_TEXT);

  refused = pw_project_new_from_json (bad, "project", &error);
  g_assert_null (refused);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "overlap"));
}

/* A project asks two questions of a task: its choice labels name their
 * groups, each with its title, mode and whether it must be answered. A
 * malformed list of groups is refused naming it; a label naming a group
 * the project does not list is in the project's own group. */
static void
test_project_choice_groups (void)
{
  g_autoptr (JsonNode) node =
    parse ("{\"id\": \"p-r\", \"name\": \"Reviews\", \"kind\": \"text\","
           " \"pay\": {\"amount\": \"0.01\", \"currency\": \"USD\", \"per\": \"task\"},"
           " \"labels\": [{\"name\": \"positive\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
           "  {\"name\": \"negative\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
           "  {\"name\": \"price\", \"tools\": [\"choice\"], \"group\": \"topic\"},"
           "  {\"name\": \"later\", \"tools\": [\"choice\"], \"group\": \"future\"}],"
           " \"choice_groups\": [{\"id\": \"sentiment\", \"title\": \"Sentiment\", \"mode\": \"single\","
           "  \"required\": true, \"shown_as\": \"stars\"},"
           "  {\"id\": \"topic\", \"title\": \"Topic\", \"mode\": \"multi\"}],"
           " \"tools\": [\"choice\"], \"choice_mode\": \"multi\"}");
  g_autoptr (JsonNode) bad = parse ("{\"id\": \"p-r\", \"name\": \"Reviews\", \"kind\": \"text\","
                                    " \"pay\": {\"amount\": \"0\", \"currency\": \"USD\", \"per\": \"task\"},"
                                    " \"labels\": [], \"choice_groups\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}");
  g_autoptr (PwProject) project = pw_project_new_from_json (node, "project", NULL);
  g_autoptr (PwProject) refused = NULL;
  g_autoptr (GError) error = NULL;
  PwLabelSet *labels;

  g_assert_nonnull (project);
  labels = pw_project_get_labels (project);
  g_assert_cmpuint (pw_label_set_get_n_choice_groups (labels), ==, 2);
  g_assert_cmpstr (pw_choice_group_get_title (pw_label_set_get_choice_group (labels, 0)), ==, "Sentiment");
  g_assert_true (pw_choice_group_is_required (pw_label_set_get_choice_group (labels, 0)));
  g_assert_true (pw_label_set_choice_group_of (labels, pw_label_set_lookup (labels, "price"))
                 == pw_label_set_get_choice_group (labels, 1));
  g_assert_null (pw_label_set_choice_group_of (labels, pw_label_set_lookup (labels, "later")));
  /* The project's mode is for the choices in no group. */
  g_assert_cmpuint (pw_project_get_check_flags (project) & PW_CHECK_SINGLE_CHOICE, ==, 0);

  refused = pw_project_new_from_json (bad, "projects[3]", &error);
  g_assert_null (refused);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "projects[3].choice_groups"));
  g_assert_nonnull (strstr (error->message, "“a” is listed twice"));
}

/* A platform's projects: paid outside the API, shown nowhere but on the
 * platform's page, or impossible to open here, each with what it says. */
static void
test_project_platform (void)
{
  g_autoptr (JsonNode) video =
    parse ("{\"id\": \"4\", \"name\": \"Clips\", \"kind\": \"image\","
           " \"pay\": {\"amount\": \"0.00\", \"currency\": \"XXX\", \"per\": \"task\"},"
           " \"unsupported\": \"Video cannot be shown\"}");
  g_autoptr (JsonNode) web =
    parse ("{\"id\": \"21\", \"name\": \"Job 21\", \"kind\": \"image\","
           " \"pay\": {\"amount\": \"0.00\", \"currency\": \"XXX\", \"per\": \"task\"},"
           " \"web_only\": \"https://cvat.example/jobs/21\", \"unsupported\": 3, \"claims_whole\": true}");
  g_autoptr (JsonNode) paid =
    parse ("{\"id\": \"p\", \"name\": \"Paid\", \"kind\": \"image\","
           " \"pay\": {\"amount\": \"0.05\", \"currency\": \"USD\", \"per\": \"task\"}}");
  g_autoptr (PwProject) a = pw_project_new_from_json (video, "projects[0]", NULL);
  g_autoptr (PwProject) b = pw_project_new_from_json (web, "projects[1]", NULL);
  g_autoptr (PwProject) c = pw_project_new_from_json (paid, "projects[2]", NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_cmpstr (pw_project_get_unsupported (a), ==, "Video cannot be shown");
  g_assert_null (pw_project_get_web_only (a));
  g_assert_true (pw_project_pays_outside (a));
  g_assert_cmpstr (pw_project_get_web_only (b), ==, "https://cvat.example/jobs/21");
  /* A reason that is not a sentence is no reason. */
  g_assert_null (pw_project_get_unsupported (b));
  g_assert_null (pw_project_get_unsupported (c));
  g_assert_null (pw_project_get_web_only (c));
  g_assert_false (pw_project_pays_outside (c));
  /* Claimed whole, or task by task. */
  g_assert_true (pw_project_get_claims_whole (b));
  g_assert_false (pw_project_get_claims_whole (a));
  g_assert_false (pw_project_get_claims_whole (c));
}

typedef struct
{
  const char *json;
  const char *message;
} Broken;

static void
test_project_broken (void)
{
  const Broken broken[] = {
    { "[]", "projects[3] must be a JSON object" },
    { "{\"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}}",
      "projects[3]: the member “id” is missing" },
    { "{\"id\": 7, \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}}",
      "projects[3]: the member “id” must be a string" },
    { "{\"id\": \"\", \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}}",
      "projects[3]: the member “id” is empty" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"video\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}}",
      "projects[3]: the member “kind” is “video”, which is none of image, text, audio" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\"}",
      "projects[3]: the member “pay” is missing" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\", \"pay\": \"0.04\"}",
      "projects[3]: the member “pay” must be an object" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\", \"per\": \"day\"}}",
      "projects[3].pay: the member “per” is “day”, which is none of task, hour" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}, \"tools\": [\"bbox\", 3]}",
      "projects[3]: the member “tools” must be a list of strings" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}, \"available_tasks\": \"many\"}",
      "projects[3]: the member “available_tasks” must be a whole number" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}, \"qualification\": {\"project_id\": \"q\"}}",
      "projects[3].qualification: the member “passed” must be true or false" },
    { "{\"id\": \"p\", \"name\": \"n\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}, \"labels\": {\"car\": 1}}",
      "projects[3].labels: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (JsonNode) node = parse (broken[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwProject) project = pw_project_new_from_json (node, "projects[3]", &error);

      g_assert_null (project);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_assert_true (g_str_has_prefix (error->message, broken[i].message));
    }
}

static void
test_claim_read (void)
{
  g_autoptr (JsonNode) node = parse (
    "{\"claim_id\": \"c-9f2\", \"lease_expires_at\": \"2026-11-28T15:00:00+01:00\", \"tasks\": ["
    "{\"id\": \"t-123\", \"project_id\": \"p-cars\", \"kind\": \"image\","
    " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\"},"
    " \"media\": {\"url\": \"media/t-123.jpg\", \"sha256\": \"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\", \"bytes\": 482113},"
    " \"text\": null, \"prefill\": {\"image\": {\"width\": 10, \"height\": 10}, \"shapes\": []}},"
    "{\"id\": \"t-124\", \"project_id\": \"p-news\", \"kind\": \"text\","
    " \"pay\": {\"amount\": \"0.01\", \"currency\": \"USD\"}, \"media\": null,"
    " \"text\": \"Ana met Bo in Lyon.\", \"prefill\": null}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaim) claim = pw_claim_new_from_json (node, &error);
  g_autofree char *lease = NULL;
  PwTask *image, *text;

  g_assert_no_error (error);
  g_assert_cmpstr (pw_claim_get_id (claim), ==, "c-9f2");
  lease = g_date_time_format_iso8601 (pw_claim_get_lease_expires_at (claim));
  g_assert_cmpstr (lease, ==, "2026-11-28T14:00:00Z");
  g_assert_cmpuint (pw_claim_get_tasks (claim)->len, ==, 2);

  image = g_ptr_array_index (pw_claim_get_tasks (claim), 0);
  g_assert_cmpstr (pw_task_get_id (image), ==, "t-123");
  g_assert_cmpstr (pw_task_get_project_id (image), ==, "p-cars");
  g_assert_cmpint (pw_task_get_kind (image), ==, PW_TASK_KIND_IMAGE);
  g_assert_cmpint (pw_task_get_pay (image)->micro, ==, 40000);
  g_assert_cmpstr (pw_media_get_url (pw_task_get_media (image)), ==, "media/t-123.jpg");
  g_assert_cmpstr (pw_media_get_sha256 (pw_task_get_media (image)), ==,
                   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  g_assert_cmpint (pw_media_get_bytes (pw_task_get_media (image)), ==, 482113);
  g_assert_null (pw_task_get_text (image));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (pw_task_get_prefill (image)));

  text = g_ptr_array_index (pw_claim_get_tasks (claim), 1);
  g_assert_cmpint (pw_task_get_kind (text), ==, PW_TASK_KIND_TEXT);
  g_assert_null (pw_task_get_media (text));
  g_assert_cmpstr (pw_task_get_text (text), ==, "Ana met Bo in Lyon.");
  g_assert_null (pw_task_get_prefill (text));
}

static void
test_claim_broken (void)
{
  const Broken broken[] = {
    { "{\"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": []}",
      "claim: the member “claim_id” is missing" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"tomorrow\", \"tasks\": []}",
      "claim: the member “lease_expires_at” is “tomorrow”, not a time" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00\", \"tasks\": []}",
      "claim: the member “lease_expires_at” is “2026-11-28T14:00:00”, not a time" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\"}",
      "claim: the member “tasks” is missing" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [{\"id\": \"t\","
      " \"project_id\": \"p\", \"kind\": \"image\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}}]}",
      "tasks[0]: an image or audio task needs the member “media”" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [{\"id\": \"t\","
      " \"project_id\": \"p\", \"kind\": \"text\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"}}]}",
      "tasks[0]: a text task needs the member “text”" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [{\"id\": \"t\","
      " \"project_id\": \"p\", \"kind\": \"audio\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"},"
      " \"media\": {\"url\": \"a.ogg\", \"sha256\": \"abc\"}}]}",
      "tasks[0].media: the member “sha256” must be 64 hexadecimal digits" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [{\"id\": \"t\","
      " \"project_id\": \"p\", \"kind\": \"audio\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"},"
      " \"media\": {\"url\": \"a.ogg\", \"bytes\": -4}}]}",
      "tasks[0].media: the member “bytes” must not be negative" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [{\"id\": \"t\","
      " \"project_id\": \"p\", \"kind\": \"text\", \"text\": \"x\", \"pay\": {\"amount\": \"1\", \"currency\": \"USD\"},"
      " \"prefill\": [1]}]}",
      "tasks[0]: the member “prefill” must be an annotation or null" },
    { "{\"claim_id\": \"c\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": [{\"id\": \"t\","
      " \"project_id\": \"p\", \"kind\": \"text\", \"text\": \"x\", \"pay\": {\"amount\": \"0.0000001\", \"currency\": \"USD\"}}]}",
      "tasks[0].pay: “0.0000001” is more precise than a millionth of a unit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (JsonNode) node = parse (broken[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwClaim) claim = pw_claim_new_from_json (node, &error);

      g_assert_null (claim);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      if (!g_str_has_prefix (error->message, broken[i].message))
        g_error ("%u: %s", i, error->message);
    }
}

static void
test_statement_read (void)
{
  g_autoptr (JsonNode) node = parse (
    "{\"entries\": ["
    "{\"id\": \"e-1\", \"type\": \"task\", \"task_id\": \"t-123\", \"project_id\": \"p-cars\","
    " \"status\": \"approved\", \"amount\": \"0.04\", \"currency\": \"USD\","
    " \"at\": \"2026-11-29T09:00:00Z\", \"review\": {\"score\": 0.96, \"comment\": \"Tight boxes, thanks\"}},"
    "{\"id\": \"e-2\", \"type\": \"fee\", \"status\": \"paid\", \"amount\": \"-0.5\","
    " \"currency\": \"USD\", \"at\": \"2026-11-29T10:00:00Z\", \"note\": \"unknown members are fine\"}],"
    " \"next\": \"cursor-2\"}");
  g_autoptr (JsonNode) last = parse ("{\"entries\": [], \"next\": null}");
  g_autoptr (PwStatementPage) page = pw_statement_page_new_from_json (node, NULL);
  g_autoptr (PwStatementPage) last_page = pw_statement_page_new_from_json (last, NULL);
  PwStatementEntry *task, *fee;
  const char *comment = NULL;
  double score = 0;

  g_assert_nonnull (page);
  g_assert_cmpstr (pw_statement_page_get_next (page), ==, "cursor-2");
  g_assert_cmpuint (pw_statement_page_get_entries (page)->len, ==, 2);

  task = g_ptr_array_index (pw_statement_page_get_entries (page), 0);
  g_assert_cmpstr (pw_statement_entry_get_id (task), ==, "e-1");
  g_assert_cmpint (pw_statement_entry_get_entry_type (task), ==, PW_ENTRY_TASK);
  g_assert_cmpstr (pw_statement_entry_get_task_id (task), ==, "t-123");
  g_assert_cmpstr (pw_statement_entry_get_project_id (task), ==, "p-cars");
  g_assert_cmpint (pw_statement_entry_get_status (task), ==, PW_ENTRY_APPROVED);
  g_assert_cmpint (pw_statement_entry_get_amount (task)->micro, ==, 40000);
  g_assert_cmpint (g_date_time_get_hour (pw_statement_entry_get_at (task)), ==, 9);
  g_assert_true (pw_statement_entry_get_review (task, &score, &comment));
  g_assert_cmpfloat (score, ==, 0.96);
  g_assert_cmpstr (comment, ==, "Tight boxes, thanks");

  fee = g_ptr_array_index (pw_statement_page_get_entries (page), 1);
  g_assert_cmpint (pw_statement_entry_get_entry_type (fee), ==, PW_ENTRY_FEE);
  g_assert_cmpint (pw_statement_entry_get_status (fee), ==, PW_ENTRY_PAID);
  g_assert_cmpint (pw_statement_entry_get_amount (fee)->micro, ==, -500000);
  g_assert_null (pw_statement_entry_get_task_id (fee));
  g_assert_false (pw_statement_entry_get_review (fee, NULL, NULL));

  g_assert_nonnull (last_page);
  g_assert_null (pw_statement_page_get_next (last_page));
  g_assert_cmpuint (pw_statement_page_get_entries (last_page)->len, ==, 0);
}

static void
test_statement_broken (void)
{
  const Broken broken[] = {
    { "{\"next\": null}", "statement: the member “entries” is missing" },
    { "{\"entries\": [], \"next\": 4}", "statement: the member “next” must be a string" },
    { "{\"entries\": [{\"id\": \"e\", \"type\": \"tip\", \"status\": \"paid\", \"amount\": \"1\","
      " \"currency\": \"USD\", \"at\": \"2026-11-29T10:00:00Z\"}], \"next\": null}",
      "entries[0]: the member “type” is “tip”, which is none of task, bonus, adjustment, fee, payout" },
    { "{\"entries\": [{\"id\": \"e\", \"type\": \"bonus\", \"status\": \"paid\", \"amount\": \"1\","
      " \"at\": \"2026-11-29T10:00:00Z\"}], \"next\": null}",
      "entries[0]: the member “currency” is missing" },
    { "{\"entries\": [{\"id\": \"e\", \"type\": \"task\", \"status\": \"paid\", \"amount\": \"1\","
      " \"currency\": \"USD\", \"at\": \"2026-11-29T10:00:00Z\"}], \"next\": null}",
      "entries[0]: an entry for a task needs the member “task_id”" },
    { "{\"entries\": [{\"id\": \"e\", \"type\": \"bonus\", \"status\": \"paid\", \"amount\": \"1\","
      " \"currency\": \"USD\", \"at\": \"2026-11-29T10:00:00Z\", \"review\": {\"score\": \"high\"}}], \"next\": null}",
      "entries[0].review: the member “score” must be a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (JsonNode) node = parse (broken[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (PwStatementPage) page = pw_statement_page_new_from_json (node, &error);

      g_assert_null (page);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      if (!g_str_has_prefix (error->message, broken[i].message))
        g_error ("%u: %s", i, error->message);
    }
}

static void
test_me_and_submission (void)
{
  g_autoptr (JsonNode) me_node = parse ("{\"worker_id\": \"w-17\", \"name\": \"Ana\", \"currency\": \"USD\"}");
  g_autoptr (JsonNode) bad_me = parse ("{\"worker_id\": \"w-17\", \"name\": \"Ana\", \"currency\": \"dollars\"}");
  g_autoptr (JsonNode) receipt = parse ("{\"submission_id\": \"s-77\", \"task_id\": \"t-123\", \"status\": \"approved\"}");
  g_autoptr (JsonNode) bad_receipt = parse ("{\"submission_id\": \"s-77\", \"task_id\": \"t-123\", \"status\": \"lost\"}");
  g_autoptr (PwMarketMe) me = pw_market_me_new_from_json (me_node, NULL);
  g_autoptr (PwSubmissionResult) result = pw_submission_result_new_from_json (receipt, TRUE, NULL);
  g_autoptr (GError) me_error = NULL;
  g_autoptr (GError) receipt_error = NULL;

  g_assert_cmpstr (pw_market_me_get_worker_id (me), ==, "w-17");
  g_assert_cmpstr (pw_market_me_get_name (me), ==, "Ana");
  g_assert_cmpstr (pw_market_me_get_currency (me), ==, "USD");
  g_assert_null (pw_market_me_new_from_json (bad_me, &me_error));
  g_assert_nonnull (strstr (me_error->message, "“currency”"));

  g_assert_cmpstr (pw_submission_result_get_id (result), ==, "s-77");
  g_assert_cmpstr (pw_submission_result_get_task_id (result), ==, "t-123");
  g_assert_cmpint (pw_submission_result_get_status (result), ==, PW_SUBMISSION_APPROVED);
  g_assert_true (pw_submission_result_is_replay (result));
  g_assert_null (pw_submission_result_new_from_json (bad_receipt, FALSE, &receipt_error));
  g_assert_error (receipt_error, PW_ERROR, PW_ERROR_INVALID_DATA);
}

/* A claim answer whose prefill the work area could not open in time is
 * refused, naming the task, before any shape of it is read. */
static void
test_claim_prefill_over_limits (void)
{
  g_autofree char *count = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_POINTS + 1);
  g_autofree char *max_points = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_POINTS);
  g_autofree char *max_shapes = g_strdup_printf ("%'u", (guint) PW_ANNOTATION_MAX_SHAPES);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr (GString) text = g_string_new (
        "{\"claim_id\": \"c-9f2\", \"lease_expires_at\": \"2026-11-28T14:00:00Z\", \"tasks\": ["
        "{\"id\": \"t-123\", \"project_id\": \"p-cars\", \"kind\": \"image\","
        " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\"}, \"media\": {\"url\": \"t.jpg\", \"bytes\": 1000},"
        " \"prefill\": {\"image\": {\"width\": 1000, \"height\": 1000}, \"shapes\": [");
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (PwClaim) claim = NULL;

      if (round == 0)
        {
          g_string_append (text, "{\"id\": \"a1\", \"type\": \"polygon\", \"points\": [");
          for (guint i = 0; i <= PW_ANNOTATION_MAX_POINTS; i++)
            g_string_append_printf (text, "%s[%u, %u]", i > 0 ? ", " : "", i % 1000, i / 1000);
          g_string_append (text, "]}");
        }
      else
        {
          for (guint i = 0; i <= PW_ANNOTATION_MAX_SHAPES; i++)
            g_string_append_printf (text, "%s{\"id\": \"a%u\", \"type\": \"bbox\","
                                    " \"x\": 1, \"y\": 1, \"w\": 5, \"h\": 5}", i > 0 ? ", " : "", i);
        }
      g_string_append (text, "]}}]}");

      node = parse (text->str);
      claim = pw_claim_new_from_json (node, &error);
      g_assert_null (claim);
      g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "“t-123”"));
      if (round == 0)
        {
          g_assert_nonnull (strstr (error->message, count));
          g_assert_nonnull (strstr (error->message, max_points));
        }
      else
        g_assert_nonnull (strstr (error->message, max_shapes));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/market/types/project", test_project_read);
  g_test_add_func ("/market/types/project-rules", test_project_rules);
  g_test_add_func ("/market/types/project-choice-groups", test_project_choice_groups);
  g_test_add_func ("/market/types/project-platform", test_project_platform);
  g_test_add_func ("/market/types/project-broken", test_project_broken);
  g_test_add_func ("/market/types/claim", test_claim_read);
  g_test_add_func ("/market/types/claim-broken", test_claim_broken);
  g_test_add_func ("/market/types/claim-prefill-over-limits", test_claim_prefill_over_limits);
  g_test_add_func ("/market/types/statement", test_statement_read);
  g_test_add_func ("/market/types/statement-broken", test_statement_broken);
  g_test_add_func ("/market/types/me-and-submission", test_me_and_submission);

  return g_test_run ();
}
