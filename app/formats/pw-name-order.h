/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order a file manager shows a folder's files in ("img2" before
 * "img10"): that of g_utf8_collate_key_for_filename() on their display
 * names, compared without making a key for most pairs of names. */

typedef struct _PwNameOrder PwNameOrder;

PwNameOrder *pw_name_order_new     (void);
void         pw_name_order_free    (PwNameOrder *order);
int          pw_name_order_compare (PwNameOrder *order,
                                    const char  *a,
                                    const char  *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwNameOrder, pw_name_order_free)

G_END_DECLS
