/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-label-keys.h"

/* Which key gives which label. A slot is a place in the order
 * 1 … 9, 0, Shift+1 … Shift+0, Ctrl+Shift+1 … Ctrl+Shift+0: slot 0 is the
 * key 1, slot 9 the key 0, slot 10 Shift+1. A label with its own digit from
 * the project sits at that digit's slot; the others fill the slots left,
 * in the labels' order. */

/* The digit a key stands for, 0 to 9, or -1. A layout where the digits
 * need Shift (AZERTY) gives them at the second level of the same key, so
 * the key is read at both levels. */
static int
digit_of_key (GdkDisplay *display,
              guint       keyval,
              guint       keycode,
              gboolean   *shift_made_digit)
{
  *shift_made_digit = FALSE;

  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    return (int) (keyval - GDK_KEY_KP_0);

  if (display != NULL && keycode != 0)
    {
      for (guint level = 0; level < 2; level++)
        {
          guint translated = 0;

          if (gdk_display_translate_key (display, keycode,
                                         level == 0 ? 0 : GDK_SHIFT_MASK, 0,
                                         &translated, NULL, NULL, NULL)
              && translated >= GDK_KEY_0 && translated <= GDK_KEY_9)
            {
              *shift_made_digit = level == 1;
              return (int) (translated - GDK_KEY_0);
            }
        }
    }

  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    return (int) (keyval - GDK_KEY_0);
  return -1;
}

/**
 * pw_label_keys_slot_for_event:
 * @display: (nullable): the display the key came from, to read the key
 *   whatever the layout and Shift
 * @keyval: the key's value as pressed
 * @keycode: its hardware code, or 0
 * @state: the modifiers held
 *
 * Returns: the slot the key stands for, 0 to %PW_LABEL_KEYS_MAX - 1, or -1
 *   when it gives no label
 */
int
pw_label_keys_slot_for_event (GdkDisplay      *display,
                              guint            keyval,
                              guint            keycode,
                              GdkModifierType  state)
{
  GdkModifierType held = state & gtk_accelerator_get_default_mod_mask ();
  gboolean shift_made_digit;
  int digit = digit_of_key (display, keyval, keycode, &shift_made_digit);
  int place;
  guint row;

  if (digit < 0)
    return -1;

  /* The layout's own Shift is part of typing the digit. */
  if (shift_made_digit)
    held &= ~GDK_SHIFT_MASK;

  if (held == 0)
    row = 0;
  else if (held == GDK_SHIFT_MASK)
    row = 1;
  else if (held == (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
    row = 2;
  else
    return -1;

  place = digit == 0 ? 9 : digit - 1;
  return (int) row * 10 + place;
}

/* Fills @slots (PW_LABEL_KEYS_MAX entries) with the label at each slot. */
static void
assign (PwLabelSet *labels,
        PwLabel   **slots)
{
  guint n = pw_label_set_get_n_labels (labels);
  guint next = 0;

  memset (slots, 0, sizeof (PwLabel *) * PW_LABEL_KEYS_MAX);
  for (guint i = 0; i < n; i++)
    {
      PwLabel *label = pw_label_set_get_label (labels, i);
      char hotkey = pw_label_get_hotkey (label);

      if (hotkey >= '1' && hotkey <= '9' && slots[hotkey - '1'] == NULL)
        slots[hotkey - '1'] = label;
    }
  for (guint i = 0; i < n; i++)
    {
      PwLabel *label = pw_label_set_get_label (labels, i);
      char hotkey = pw_label_get_hotkey (label);

      if (hotkey >= '1' && hotkey <= '9' && slots[hotkey - '1'] == label)
        continue;
      while (next < PW_LABEL_KEYS_MAX && slots[next] != NULL)
        next++;
      if (next == PW_LABEL_KEYS_MAX)
        break;
      slots[next] = label;
    }
}

/**
 * pw_label_keys_slot_of:
 * @labels: the labels shown
 * @label: one of them
 *
 * Returns: the slot of @label's key, or -1 when it has none (a label after
 *   the thirtieth, picked from the list or by filtering)
 */
int
pw_label_keys_slot_of (PwLabelSet *labels,
                       PwLabel    *label)
{
  PwLabel *slots[PW_LABEL_KEYS_MAX];

  g_return_val_if_fail (PW_IS_LABEL_SET (labels), -1);

  assign (labels, slots);
  for (int i = 0; i < PW_LABEL_KEYS_MAX; i++)
    {
      if (slots[i] == label)
        return i;
    }
  return -1;
}

/**
 * pw_label_keys_lookup:
 * @labels: (nullable): the labels shown
 * @tool: the #PwAnnotationTools flag the label is wanted for
 * @slot: a slot from pw_label_keys_slot_for_event()
 *
 * Returns: (transfer none) (nullable): the label at @slot when it is for
 *   @tool
 */
PwLabel *
pw_label_keys_lookup (PwLabelSet *labels,
                      guint       tool,
                      int         slot)
{
  PwLabel *slots[PW_LABEL_KEYS_MAX];

  if (labels == NULL || slot < 0 || slot >= PW_LABEL_KEYS_MAX)
    return NULL;

  assign (labels, slots);
  if (slots[slot] == NULL || !pw_label_is_for (slots[slot], tool))
    return NULL;
  return slots[slot];
}

/**
 * pw_label_keys_lookup_event:
 *
 * pw_label_keys_slot_for_event() and pw_label_keys_lookup() in one.
 *
 * Returns: (transfer none) (nullable): the label the key gives for @tool
 */
PwLabel *
pw_label_keys_lookup_event (PwLabelSet      *labels,
                            guint            tool,
                            GdkDisplay      *display,
                            guint            keyval,
                            guint            keycode,
                            GdkModifierType  state)
{
  return pw_label_keys_lookup (labels, tool,
                               pw_label_keys_slot_for_event (display, keyval, keycode, state));
}

/**
 * pw_label_keys_describe:
 * @labels: the labels shown
 * @label: one of them
 *
 * Returns: (transfer full) (nullable): the key that gives @label, as the
 *   worker reads it ("4", "Shift+1"), or %NULL when it has none
 */
char *
pw_label_keys_describe (PwLabelSet *labels,
                        PwLabel    *label)
{
  static const GdkModifierType rows[] = { 0, GDK_SHIFT_MASK, GDK_SHIFT_MASK | GDK_CONTROL_MASK };
  int slot = pw_label_keys_slot_of (labels, label);
  int place;

  if (slot < 0)
    return NULL;
  place = slot % 10;
  return gtk_accelerator_get_label (place == 9 ? GDK_KEY_0 : GDK_KEY_1 + place, rows[slot / 10]);
}
