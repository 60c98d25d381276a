/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-label-keys.h"
#include "pw-ui-test.h"

/* Tests of the keys that give labels: a project's own digits, the keys the
 * others take, Shift and the keypad, and labels kept for one tool. */

static PwLabelSet *
labels_from_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (text, strlen (text), "labels", &error);
  PwLabelSet *labels;

  g_assert_no_error (error);
  labels = pw_label_set_new_from_json (node, &error);
  g_assert_no_error (error);
  return labels;
}

static guint
keycode_of (GdkDisplay *display,
            guint       keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  if (!gdk_display_map_keyval (display, keyval, &keys, &n_keys) || n_keys == 0)
    return 0;
  return keys[0].keycode;
}

static void
test_slots_from_keys (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  guint one = keycode_of (display, GDK_KEY_1);
  guint zero = keycode_of (display, GDK_KEY_0);

  g_assert_cmpuint (one, !=, 0);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_1, one, 0), ==, 0);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_0, zero, 0), ==, 9);
  /* Shift+1 arrives as "!" on most layouts; it is still the key 1. */
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_exclam, one, GDK_SHIFT_MASK),
                   ==, 10);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_parenright, zero,
                                                 GDK_SHIFT_MASK), ==, 19);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_exclam, one,
                                                 GDK_SHIFT_MASK | GDK_CONTROL_MASK), ==, 20);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_KP_3, 0, 0), ==, 2);
  /* Ctrl+1 and Alt+1 belong to other actions. */
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_1, one, GDK_CONTROL_MASK), ==, -1);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_1, one, GDK_ALT_MASK), ==, -1);
  g_assert_cmpint (pw_label_keys_slot_for_event (display, GDK_KEY_a,
                                                 keycode_of (display, GDK_KEY_a), 0), ==, -1);
}

static void
test_project_digits_kept (void)
{
  g_autoptr (PwLabelSet) labels =
    labels_from_json ("[{\"name\": \"positive\", \"hotkey\": \"1\", \"tools\": [\"choice\"]},"
                      " {\"name\": \"negative\", \"hotkey\": \"2\", \"tools\": [\"choice\"]},"
                      " {\"name\": \"PER\", \"hotkey\": \"4\", \"tools\": [\"span\"]},"
                      " {\"name\": \"ORG\", \"tools\": [\"span\"]}]");
  PwLabel *per = pw_label_set_lookup (labels, "PER");
  g_autofree char *per_key = pw_label_keys_describe (labels, per);

  g_assert_true (pw_label_keys_lookup (labels, PW_ANNOTATION_TOOL_SPAN, 3) == per);
  g_assert_null (pw_label_keys_lookup (labels, PW_ANNOTATION_TOOL_CHOICE, 3));
  g_assert_true (pw_label_keys_lookup (labels, PW_ANNOTATION_TOOL_CHOICE, 0)
                 == pw_label_set_lookup (labels, "positive"));
  g_assert_null (pw_label_keys_lookup (labels, PW_ANNOTATION_TOOL_SPAN, 0));
  /* ORG had no key of its own: the set gave it the first digit left. */
  g_assert_cmpint (pw_label_keys_slot_of (labels, pw_label_set_lookup (labels, "ORG")), ==, 2);
  g_assert_cmpstr (per_key, ==, "4");
}

static void
test_thirty_labels (void)
{
  g_autoptr (GString) json = g_string_new ("[");
  g_autoptr (PwLabelSet) labels = NULL;
  g_autofree char *eleventh = NULL;
  g_autofree char *thirtieth = NULL;

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (json, "%s{\"name\": \"label %u\"}", i > 0 ? ", " : "", i + 1);
  g_string_append (json, "]");
  labels = labels_from_json (json->str);

  for (int slot = 0; slot < PW_LABEL_KEYS_MAX; slot++)
    {
      PwLabel *label = pw_label_keys_lookup (labels, PW_ANNOTATION_TOOL_CHOICE, slot);

      g_assert_true (label == pw_label_set_get_label (labels, (guint) slot));
      g_assert_cmpint (pw_label_keys_slot_of (labels, label), ==, slot);
    }
  /* The thirty-first has no key: it is picked by filtering. */
  g_assert_cmpint (pw_label_keys_slot_of (labels, pw_label_set_get_label (labels, 30)), ==, -1);
  g_assert_null (pw_label_keys_describe (labels, pw_label_set_get_label (labels, 30)));

  eleventh = pw_label_keys_describe (labels, pw_label_set_get_label (labels, 10));
  thirtieth = pw_label_keys_describe (labels, pw_label_set_get_label (labels, 29));
  g_assert_nonnull (strstr (eleventh, "Shift"));
  g_assert_nonnull (strstr (eleventh, "1"));
  g_assert_nonnull (strstr (thirtieth, "Ctrl"));
  g_assert_nonnull (strstr (thirtieth, "0"));
}

int
main (int   argc,
      char *argv[])
{
  pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/label-keys/slots-from-keys", test_slots_from_keys);
  g_test_add_func ("/label-keys/project-digits-kept", test_project_digits_kept);
  g_test_add_func ("/label-keys/thirty-labels", test_thirty_labels);

  return g_test_run ();
}
