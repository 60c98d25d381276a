/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Text from outside shown as it is: escaped for labels that take markup. */

AdwToast *pw_toast_new_plain                  (const char    *text);
void      pw_status_page_set_description_plain (AdwStatusPage *page,
                                                const char    *text);

G_END_DECLS
