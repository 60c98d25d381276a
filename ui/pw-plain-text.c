/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-plain-text.h"

/* Some widgets of libadwaita 1.2 read their text as Pango markup and have
 * no switch to turn it off: a toast's title and a status page's
 * description. What they show here is a sentence that may hold names from
 * a marketplace, a file or the file system, such as a task id
 * "<b>x</b> & y": escaped, it shows as it is instead of being read as
 * markup, or dropped with a warning. Rows that can, turn markup off with
 * adw_preferences_row_set_use_markup() instead. */

/**
 * pw_toast_new_plain:
 * @text: a sentence, not markup
 *
 * Returns: (transfer full): a toast that shows @text as it is
 */
AdwToast *
pw_toast_new_plain (const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);
  return adw_toast_new (escaped);
}

/**
 * pw_status_page_set_description_plain:
 * @text: (nullable): a sentence, not markup
 *
 * Sets the description of @page to show @text as it is.
 */
void
pw_status_page_set_description_plain (AdwStatusPage *page,
                                      const char    *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (text != NULL)
    escaped = g_markup_escape_text (text, -1);
  adw_status_page_set_description (page, escaped);
}
