/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money and rates as people read them: amounts rounded to the currency's
 * minor unit, rates cut to it, prices as the marketplace set them, in the
 * locale's separators. Machine output keeps exact decimals and does not use
 * these. */

guint  pw_money_currency_digits (const char *currency);
char  *pw_money_display         (gint64      micro,
                                 const char *currency);
char  *pw_money_display_rate    (gint64      micro_per_hour,
                                 const char *currency);
char  *pw_money_display_price   (gint64      micro,
                                 const char *currency);

G_END_DECLS
