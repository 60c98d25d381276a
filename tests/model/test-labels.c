/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>

#include "piecework-engine.h"

/* Tests of labels and label sets: names, colours, keys and labels.txt. */

static void
test_labels_from_text (void)
{
  const char *text =
    "# Street scenes\n"
    "car #E01B24\n"
    "\n"
    "  person  \n"
    "traffic light\t#f6d32d\n"
    "bus #12345\n"
    "b1\nb2\nb3\nb4\nb5\nb6\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (PwLabelSet) set = pw_label_set_new_from_text (text, -1, "labels.txt", &error);
  PwLabel *label;

  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (set), (gpointer *) &set);
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 10);

  label = pw_label_set_get_label (set, 0);
  g_assert_cmpstr (pw_label_get_name (label), ==, "car");
  g_assert_cmpstr (pw_label_get_color (label), ==, "#e01b24");
  g_assert_cmpint (pw_label_get_hotkey (label), ==, '1');

  label = pw_label_set_get_label (set, 1);
  g_assert_cmpstr (pw_label_get_name (label), ==, "person");
  g_assert_cmpstr (pw_label_get_color (label), ==, pw_label_default_color (1));
  g_assert_cmpint (pw_label_get_hotkey (label), ==, '2');

  label = pw_label_set_lookup (set, "traffic light");
  g_assert_nonnull (label);
  g_assert_cmpstr (pw_label_get_color (label), ==, "#f6d32d");

  /* Not a colour: part of the name. */
  g_assert_nonnull (pw_label_set_lookup (set, "bus #12345"));

  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (set, 8)), ==, '9');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_get_label (set, 9)), ==, 0);
  g_assert_cmpstr (pw_label_get_name (pw_label_set_lookup_hotkey (set, '3')), ==, "traffic light");
  g_assert_null (pw_label_set_lookup_hotkey (set, '0'));
  g_assert_cmpint (pw_label_set_index_of (set, "b6"), ==, 9);
  g_assert_cmpint (pw_label_set_index_of (set, "truck"), ==, -1);

  /* Colours the worker did not pick differ from their neighbours'. */
  for (guint i = 0; i + 1 < 12; i++)
    g_assert_cmpstr (pw_label_default_color (i), !=, pw_label_default_color (i + 1));

  g_clear_object (&set);
  g_assert_null (set);
}

static void
test_labels_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwLabelSet) set = pw_label_set_new_from_text ("car\nbus\ncar #ffffff\n", -1,
                                                          "labels.txt", &error);

  g_assert_null (set);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "labels.txt"));
}

/* A label is one line: a name that would break classes.txt or labels.txt
 * into more lines is refused where it enters, and named with its control
 * characters written out. */
static void
test_labels_control_characters (void)
{
  const char *const names[] = { "car\rbus", "car\vbus", "car\fbus", "car\tbus", "car\x1b[31m",
                                "car\xc2\x85" "bus", "car\xe2\x80\xa8" "bus",
                                "car\xe2\x80\xa9" "bus" };
  g_autoptr (GError) error = NULL;
  g_autoptr (PwLabelSet) set = NULL;
  g_autofree char *printable = NULL;

  g_assert_true (pw_label_name_is_valid ("traffic light"));
  g_assert_true (pw_label_name_is_valid ("車 & <b>"));
  g_assert_false (pw_label_name_is_valid (NULL));
  g_assert_false (pw_label_name_is_valid (""));
  g_assert_false (pw_label_name_is_valid ("car\nbus"));
  g_assert_false (pw_label_name_is_valid ("\xff"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_false (pw_label_name_is_valid (names[i]));
  printable = pw_label_name_printable ("a\nb\tc\rd\x1b" "e\xe2\x80\xa8" "f 車");
  g_assert_cmpstr (printable, ==, "a\\nb\\tc\\rd\\u001Be\\u2028f 車");

  /* labels.txt */
  set = pw_label_set_new_from_text ("car\nbig\vbus #ff0000\n", -1, "labels.txt", &error);
  g_assert_null (set);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "big\\u000Bbus"));
  g_clear_error (&error);
  set = pw_label_set_new_from_text ("car\r\nbus\tcar #ff0000\r\n", -1, "labels.txt", &error);
  g_assert_null (set);
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "bus\\tcar"));
  g_clear_error (&error);

  /* A project's labels from the marketplace. */
  {
    const char *text = "[{\"name\": \"car\"}, {\"name\": \"bus\\nperson\"}]";
    g_autoptr (JsonNode) node = pw_json_parse (text, strlen (text), "project", &error);

    g_assert_no_error (error);
    set = pw_label_set_new_from_json (node, &error);
    g_assert_null (set);
    g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "bus\\nperson"));
    g_clear_error (&error);
  }

  /* A name the worker typed or pasted. */
  set = pw_label_set_new_from_text ("car\r\n", -1, "labels.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_label_get_name (pw_label_set_get_label (set, 0)), ==, "car");
  g_assert_null (pw_label_set_append (set, "bus\nperson"));
  g_assert_null (pw_label_set_append (set, "bus\xe2\x80\xa8person"));
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 1);
}

static void
test_labels_from_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-labels-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "labels.txt", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (PwLabelSet) set = NULL;

  set = pw_label_set_new_from_file (file, &error);
  g_assert_null (set);
  g_assert_error (error, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "dog\ncat\n", -1, NULL));
  set = pw_label_set_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 2);

  g_remove (path);
  g_rmdir (dir);
}

static void
test_labels_from_project (void)
{
  const char *text = "[{\"name\": \"car\", \"color\": \"#e01b24\", \"hotkey\": \"2\"},"
                     " {\"name\": \"bus\"}, {\"name\": \"van\", \"hotkey\": \"1\"}, {\"name\": \"tram\"}]";
  const char *bad[] = {
    "{}",
    "[{\"color\": \"#e01b24\"}]",
    "[{\"name\": \"car\", \"color\": \"red\"}]",
    "[{\"name\": \"car\", \"hotkey\": \"0\"}]",
    "[{\"name\": \"car\", \"hotkey\": \"1\"}, {\"name\": \"bus\", \"hotkey\": \"1\"}]",
    "[{\"name\": \"car\"}, {\"name\": \"car\"}]",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (text, strlen (text), "project", &error);
  g_autoptr (PwLabelSet) set = pw_label_set_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 4);
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_lookup (set, "car")), ==, '2');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_lookup (set, "van")), ==, '1');
  /* The others get the keys left, in order. */
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_lookup (set, "bus")), ==, '3');
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_lookup (set, "tram")), ==, '4');
  g_assert_cmpstr (pw_label_get_color (pw_label_set_lookup (set, "bus")), ==,
                   pw_label_default_color (1));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) bad_node = pw_json_parse (bad[i], strlen (bad[i]), "project", NULL);
      g_autoptr (PwLabelSet) bad_set = pw_label_set_new_from_json (bad_node, &error);

      g_assert_null (bad_set);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
}

/* A project keeps some labels for choices and others for spans. */
static void
test_labels_tools (void)
{
  const char *text = "[{\"name\": \"positive\", \"tools\": [\"choice\"]},"
                     " {\"name\": \"PER\", \"tools\": [\"span\", \"segment\"]},"
                     " {\"name\": \"other\"}, {\"name\": \"later\", \"tools\": null}]";
  const char *bad[] = {
    "[{\"name\": \"car\", \"tools\": \"choice\"}]",
    "[{\"name\": \"car\", \"tools\": [1]}]",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (text, strlen (text), "project", &error);
  g_autoptr (PwLabelSet) set = pw_label_set_new_from_json (node, &error);
  PwLabel *positive, *per, *other;

  g_assert_no_error (error);
  positive = pw_label_set_lookup (set, "positive");
  per = pw_label_set_lookup (set, "PER");
  other = pw_label_set_lookup (set, "other");
  g_assert_cmpuint (pw_label_get_tools (positive), ==, PW_ANNOTATION_TOOL_CHOICE);
  g_assert_true (pw_label_is_for (positive, PW_ANNOTATION_TOOL_CHOICE));
  g_assert_false (pw_label_is_for (positive, PW_ANNOTATION_TOOL_SPAN));
  g_assert_true (pw_label_is_for (per, PW_ANNOTATION_TOOL_SPAN));
  g_assert_true (pw_label_is_for (per, PW_ANNOTATION_TOOL_SEGMENT));
  g_assert_false (pw_label_is_for (per, PW_ANNOTATION_TOOL_CHOICE));
  g_assert_cmpuint (pw_label_get_tools (other), ==, 0);
  g_assert_true (pw_label_is_for (other, PW_ANNOTATION_TOOL_CHOICE));
  g_assert_true (pw_label_is_for (pw_label_set_lookup (set, "later"), PW_ANNOTATION_TOOL_SPAN));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) bad_node = pw_json_parse (bad[i], strlen (bad[i]), "project", NULL);
      g_autoptr (PwLabelSet) bad_set = pw_label_set_new_from_json (bad_node, &error);

      g_assert_null (bad_set);
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
}

/* A project that asks two questions of one task: each choice label names
 * its group, and each group says whether it takes one answer and must be
 * answered. A label naming no listed group is in the project's own. */
static void
test_labels_choice_groups (void)
{
  const char *labels_text = "[{\"name\": \"positive\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
                            " {\"name\": \"negative\", \"tools\": [\"choice\"], \"group\": \"sentiment\"},"
                            " {\"name\": \"sports\", \"tools\": [\"choice\"], \"group\": \"topic\"},"
                            " {\"name\": \"odd\", \"tools\": [\"choice\"], \"group\": \"later\"},"
                            " {\"name\": \"plain\", \"tools\": [\"choice\"]}]";
  const char *groups_text = "[{\"id\": \"sentiment\", \"title\": \"Sentiment\", \"mode\": \"single\","
                            "  \"required\": true},"
                            " {\"id\": \"topic\", \"mode\": \"multi\", \"required\": null}]";
  const char *bad[] = {
    "{}",
    "[{\"title\": \"No id\"}]",
    "[{\"id\": \"\"}]",
    "[{\"id\": \"a\"}, {\"id\": \"a\"}]",
    "[{\"id\": \"a\", \"required\": \"yes\"}]",
    "[{\"id\": \"a\", \"mode\": 1}]",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) labels = pw_json_parse (labels_text, strlen (labels_text), "project", &error);
  g_autoptr (JsonNode) groups = pw_json_parse (groups_text, strlen (groups_text), "project", &error);
  g_autoptr (PwLabelSet) set = pw_label_set_new_from_json (labels, &error);
  PwChoiceGroup *sentiment, *topic;

  g_assert_no_error (error);
  /* Before its groups are read, every label is in the project's own. */
  g_assert_cmpuint (pw_label_set_get_n_choice_groups (set), ==, 0);
  g_assert_null (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "positive")));
  g_assert_true (pw_label_set_read_choice_groups (set, groups, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (pw_label_set_get_n_choice_groups (set), ==, 2);
  sentiment = pw_label_set_get_choice_group (set, 0);
  topic = pw_label_set_get_choice_group (set, 1);
  g_assert_cmpstr (pw_choice_group_get_id (sentiment), ==, "sentiment");
  g_assert_cmpstr (pw_choice_group_get_title (sentiment), ==, "Sentiment");
  g_assert_true (pw_choice_group_is_single (sentiment));
  g_assert_true (pw_choice_group_is_required (sentiment));
  /* Without a title the id is shown; without "single" a group takes
   * several answers; a null "required" is not required. */
  g_assert_cmpstr (pw_choice_group_get_title (topic), ==, "topic");
  g_assert_false (pw_choice_group_is_single (topic));
  g_assert_false (pw_choice_group_is_required (topic));

  g_assert_cmpstr (pw_label_get_group (pw_label_set_lookup (set, "negative")), ==, "sentiment");
  g_assert_true (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "negative")) == sentiment);
  g_assert_true (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "sports")) == topic);
  g_assert_cmpstr (pw_label_get_group (pw_label_set_lookup (set, "odd")), ==, "later");
  g_assert_null (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "odd")));
  g_assert_null (pw_label_get_group (pw_label_set_lookup (set, "plain")));
  g_assert_null (pw_label_set_choice_group_of (set, pw_label_set_lookup (set, "plain")));
  /* Keys run across the groups, in the labels' order. */
  g_assert_cmpint (pw_label_get_hotkey (pw_label_set_lookup (set, "sports")), ==, '3');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) bad_node = pw_json_parse (bad[i], strlen (bad[i]), "project", NULL);

      g_test_message ("%s", bad[i]);
      g_assert_false (pw_label_set_read_choice_groups (set, bad_node, &error));
      g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
      g_clear_error (&error);
      /* A refused list leaves the groups read before. */
      g_assert_cmpuint (pw_label_set_get_n_choice_groups (set), ==, 2);
    }

  /* A label's group must be a string. */
  {
    const char *text = "[{\"name\": \"car\", \"group\": 3}]";
    g_autoptr (JsonNode) node = pw_json_parse (text, strlen (text), "project", NULL);
    g_autoptr (PwLabelSet) bad_set = pw_label_set_new_from_json (node, &error);

    g_assert_null (bad_set);
    g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
test_labels_append (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwLabelSet) set = pw_label_set_new_from_text ("car\nperson\n", -1, "labels.txt",
                                                           &error);
  PwLabel *added;
  guint changes = 0;

  g_assert_no_error (error);
  g_signal_connect (set, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* The first free key: car has 1, person 2. */
  added = pw_label_set_append (set, "  bicycle ");
  g_assert_nonnull (added);
  g_assert_cmpstr (pw_label_get_name (added), ==, "bicycle");
  g_assert_cmpint (pw_label_get_hotkey (added), ==, '3');
  g_assert_true (pw_label_color_is_valid (pw_label_get_color (added)));
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 3);
  g_assert_true (pw_label_set_lookup_hotkey (set, '3') == added);
  g_assert_cmpuint (changes, ==, 1);

  /* Empty names and names already there are refused. */
  g_assert_null (pw_label_set_append (set, "car"));
  g_assert_null (pw_label_set_append (set, "   "));
  g_assert_cmpuint (pw_label_set_get_n_labels (set), ==, 3);
  g_assert_cmpuint (changes, ==, 1);

  g_signal_handlers_disconnect_by_func (set, on_items_changed, &changes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/labels/from-text", test_labels_from_text);
  g_test_add_func ("/labels/errors", test_labels_errors);
  g_test_add_func ("/labels/control-characters", test_labels_control_characters);
  g_test_add_func ("/labels/from-file", test_labels_from_file);
  g_test_add_func ("/labels/from-project", test_labels_from_project);
  g_test_add_func ("/labels/append", test_labels_append);
  g_test_add_func ("/labels/tools", test_labels_tools);
  g_test_add_func ("/labels/choice-groups", test_labels_choice_groups);

  return g_test_run ();
}
