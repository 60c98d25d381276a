/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-choice-bar.h"
#include "pw-label-swatch.h"
#include "pw-ui-test.h"

/* The dot of a label's colour beside its name: a disc of the colour,
 * drawn without a character that the interface's font lacks. */

static PwApplication *app;

static GtkWindow *
present (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, 600, 200);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  pw_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return window;
}

static void
assert_rgba (const GdkRGBA *rgba,
             float          red,
             float          green,
             float          blue)
{
  g_assert_cmpfloat_with_epsilon (rgba->red, red, 0.002);
  g_assert_cmpfloat_with_epsilon (rgba->green, green, 0.002);
  g_assert_cmpfloat_with_epsilon (rgba->blue, blue, 0.002);
  g_assert_cmpfloat_with_epsilon (rgba->alpha, 1.0, 0.002);
}

static void
test_draws_disc (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *swatch = pw_label_swatch_new ("#3584e4");
  GtkWindow *window;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  const GskRoundedRect *clip;
  GskRenderNode *child;

  gtk_box_append (GTK_BOX (box), swatch);
  window = present (box);
  g_assert_cmpint (gtk_widget_get_width (swatch), ==, PW_LABEL_SWATCH_SIZE);
  g_assert_cmpint (gtk_widget_get_height (swatch), ==, PW_LABEL_SWATCH_SIZE);

  GTK_WIDGET_GET_CLASS (swatch)->snapshot (swatch, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_ROUNDED_CLIP_NODE);
  clip = gsk_rounded_clip_node_get_clip (node);
  g_assert_cmpfloat (clip->bounds.size.width, ==, PW_LABEL_SWATCH_SIZE);
  g_assert_cmpfloat (clip->bounds.size.height, ==, PW_LABEL_SWATCH_SIZE);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (clip->corner[i].width, ==, PW_LABEL_SWATCH_SIZE / 2.0);
  child = gsk_rounded_clip_node_get_child (node);
  g_assert_cmpint (gsk_render_node_get_node_type (child), ==, GSK_COLOR_NODE);
  assert_rgba (gsk_color_node_get_color (child), 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);

  gtk_window_destroy (window);
}

static void
test_unreadable_color_grey (void)
{
  g_autoptr (GtkWidget) swatch = g_object_ref_sink (pw_label_swatch_new ("not a colour"));

  assert_rgba (pw_label_swatch_get_rgba (PW_LABEL_SWATCH (swatch)), 0.5, 0.5, 0.5);
}

static void
collect (GtkWidget *widget,
         GPtrArray *labels,
         GPtrArray *swatches)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  if (PW_IS_LABEL_SWATCH (widget))
    g_ptr_array_add (swatches, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, labels, swatches);
}

/* Every character the choice bar writes is in the font its text is set
 * in: none makes fontconfig sort the system's fonts for another. */
static void
test_choice_bar_needs_no_other_font (void)
{
  static const char labels_json[] =
    "[{\"name\": \"cat\", \"color\": \"#ff0000\", \"tools\": [\"choice\"]},"
    " {\"name\": \"dog\", \"color\": \"#00ff00\", \"tools\": [\"choice\"]}]";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = pw_json_parse (labels_json, sizeof labels_json - 1, "labels",
                                                 &error);
  g_autoptr (PwLabelSet) labels = NULL;
  g_autoptr (PwAnnotation) annotation = pw_annotation_new_for_tools (PW_ANNOTATION_TOOL_CHOICE);
  g_autoptr (GPtrArray) texts = g_ptr_array_new ();
  g_autoptr (GPtrArray) swatches = g_ptr_array_new ();
  GtkWidget *bar = pw_choice_bar_new ();
  GtkWindow *window;

  g_assert_no_error (error);
  labels = pw_label_set_new_from_json (node, &error);
  g_assert_no_error (error);
  pw_choice_bar_set_task (PW_CHOICE_BAR (bar), annotation, labels, TRUE);
  window = present (bar);

  collect (bar, texts, swatches);
  g_assert_cmpuint (swatches->len, ==, 2);
  assert_rgba (pw_label_swatch_get_rgba (swatches->pdata[0]), 1, 0, 0);
  assert_rgba (pw_label_swatch_get_rgba (swatches->pdata[1]), 0, 1, 0);
  g_assert_cmpuint (texts->len, >=, 2);
  for (guint i = 0; i < texts->len; i++)
    {
      GtkLabel *label = texts->pdata[i];
      PangoLayout *layout = gtk_label_get_layout (label);
      const PangoFontDescription *description = pango_context_get_font_description (pango_layout_get_context (layout));
      g_autoptr (PangoFont) font = pango_context_load_font (pango_layout_get_context (layout),
                                                            description);
      const char *text = pango_layout_get_text (layout);

      g_assert_nonnull (font);
      for (const char *at = text; *at != '\0'; at = g_utf8_next_char (at))
        {
          gunichar c = g_utf8_get_char (at);

          if (!pango_font_has_char (font, c))
            g_error ("“%s” of the choice bar needs another font for U+%04X", text, c);
        }
    }

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = pw_ui_test_init (&argc, &argv);

  g_test_add_func ("/label-swatch/draws-disc", test_draws_disc);
  g_test_add_func ("/label-swatch/unreadable-color-grey", test_unreadable_color_grey);
  g_test_add_func ("/label-swatch/choice-bar-needs-no-other-font", test_choice_bar_needs_no_other_font);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
