/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-money-display.h"

G_BEGIN_DECLS

/* How an amount comes to the digits it is written with. */
typedef enum
{
  PW_MONEY_ROUND_HALF_EVEN,
  PW_MONEY_ROUND_TOWARD_ZERO,
  PW_MONEY_ROUND_NONE,
} PwMoneyRounding;

/* The separators of a locale's money, as nl_langinfo() gives them:
 * @grouping is a string of group sizes from the right, the last one
 * repeated, CHAR_MAX ending the grouping. */
typedef struct
{
  const char *decimal_point;
  const char *thousands_separator;
  const char *grouping;
} PwMoneySeparators;

char *_pw_money_display_number (gint64                   micro,
                                guint                    digits,
                                PwMoneyRounding          rounding,
                                const PwMoneySeparators *separators);

G_END_DECLS
