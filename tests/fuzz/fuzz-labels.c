/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"
#include "pw-fuzz.h"

/* A labels.txt beside a folder of images, written by hand. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (PwLabelSet) labels = NULL;
  g_autoptr (GError) error = NULL;

  labels = pw_label_set_new_from_text ((const char *) data, size, "labels.txt", &error);
  if (labels == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);

  for (guint i = 0; i < pw_label_set_get_n_labels (labels); i++)
    {
      PwLabel *label = pw_label_set_get_label (labels, i);
      char hotkey = pw_label_get_hotkey (label);

      g_assert_true (pw_label_color_is_valid (pw_label_get_color (label)));
      g_assert_true (pw_label_set_lookup (labels, pw_label_get_name (label)) == label);
      if (hotkey != 0)
        g_assert_true (pw_label_set_lookup_hotkey (labels, hotkey) == label);
    }

  return 0;
}
