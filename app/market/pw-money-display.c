/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MON_DECIMAL_POINT and its kin for nl_langinfo() */
#define _GNU_SOURCE
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <limits.h>
#include <string.h>

#include "pw-money-display-private.h"
#include "pw-money.h"

/* Money written for people, in one way wherever it is shown: the window,
 * the command line's text and the reports. An amount is rounded to its
 * currency's minor unit, half to even; a rate, a quotient the engine
 * rounds toward zero, is cut toward zero to that unit, so it never shows
 * more than was earned; a price set by a marketplace keeps every digit it
 * has, since two tasks may differ by less than a cent. The locale gives the
 * separators, and the ISO 4217 code follows the number. What machines read
 * (the contract's JSON, CSV, the command line's JSON) keeps the exact
 * decimal strings of pw_money_format_amount() instead. */

/* ISO 4217 currencies whose minor unit is not a hundredth. */
static const struct
{
  char  code[4];
  guint digits;
} minor_units[] = {
  { "BHD", 3 }, { "BIF", 0 }, { "CLF", 4 }, { "CLP", 0 }, { "DJF", 0 },
  { "GNF", 0 }, { "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 },
  { "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 }, { "OMR", 3 },
  { "PYG", 0 }, { "RWF", 0 }, { "TND", 3 }, { "UGX", 0 }, { "UYI", 0 },
  { "UYW", 4 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 },
  { "XPF", 0 },
};

/**
 * pw_money_currency_digits:
 * @currency: (nullable): an ISO 4217 code
 *
 * Returns: the decimals of @currency's minor unit: 0 for JPY, 2 for USD,
 *   3 for KWD; 2 for a code ISO 4217 gives none
 */
guint
pw_money_currency_digits (const char *currency)
{
  if (currency == NULL)
    return 2;
  for (guint i = 0; i < G_N_ELEMENTS (minor_units); i++)
    {
      if (strcmp (minor_units[i].code, currency) == 0)
        return minor_units[i].digits;
    }
  return 2;
}

static guint64
power_of_ten (guint exponent)
{
  guint64 power = 1;

  while (exponent-- > 0)
    power *= 10;
  return power;
}

/* Writes @digits with @separators' thousands separator between their
 * groups, counted from the right. */
static void
append_grouped (GString                 *out,
                const char              *digits,
                const PwMoneySeparators *separators)
{
  const char *grouping = separators->grouping != NULL ? separators->grouping : "";
  const char *thousands = separators->thousands_separator;
  g_autoptr (GString) grouped = g_string_new (NULL);
  gsize end = strlen (digits);
  int size = grouping[0];

  if (thousands == NULL || *thousands == '\0' || size <= 0 || size == CHAR_MAX)
    {
      g_string_append (out, digits);
      return;
    }

  while (end > 0)
    {
      gsize start = size > 0 && end > (gsize) size ? end - size : 0;

      g_string_prepend_len (grouped, digits + start, end - start);
      end = start;
      if (end > 0)
        g_string_prepend (grouped, thousands);
      /* The last size repeats; CHAR_MAX groups no further. */
      if (grouping[1] != '\0')
        grouping++;
      size = grouping[0] == CHAR_MAX ? 0 : grouping[0];
    }
  g_string_append (out, grouped->str);
}

/* Returns: (transfer full): @micro with @digits decimals, rounded as
 *   @rounding says, or with all the decimals it has for
 *   %PW_MONEY_ROUND_NONE; no currency */
char *
_pw_money_display_number (gint64                   micro,
                          guint                    digits,
                          PwMoneyRounding          rounding,
                          const PwMoneySeparators *separators)
{
  /* Negating G_MININT64 would overflow; its magnitude still fits. */
  guint64 magnitude = micro < 0 ? (guint64) (-(micro + 1)) + 1 : (guint64) micro;
  guint64 scale, units, rest, whole;
  char fraction[8] = "";
  char whole_digits[24];
  GString *out;

  g_return_val_if_fail (digits <= 6, NULL);
  g_return_val_if_fail (separators != NULL, NULL);

  scale = power_of_ten (6 - digits);
  units = magnitude / scale;
  rest = magnitude % scale;
  if (rounding == PW_MONEY_ROUND_HALF_EVEN
      && (rest * 2 > scale || (rest * 2 == scale && units % 2 == 1)))
    units++;
  if (rounding == PW_MONEY_ROUND_NONE)
    {
      int length;

      /* Every decimal the amount has, and at least the currency's. */
      whole = magnitude / PW_MONEY_MICRO;
      length = g_snprintf (fraction, sizeof fraction, "%06" G_GUINT64_FORMAT,
                           magnitude % PW_MONEY_MICRO);
      while (length > (int) digits && fraction[length - 1] == '0')
        fraction[--length] = '\0';
    }
  else
    {
      whole = units / power_of_ten (digits);
      if (digits > 0)
        g_snprintf (fraction, sizeof fraction, "%0*" G_GUINT64_FORMAT, (int) digits,
                    units % power_of_ten (digits));
    }

  out = g_string_new (NULL);
  /* An amount that rounds to nothing has no sign. */
  if (micro < 0 && (rounding == PW_MONEY_ROUND_NONE ? magnitude : units) > 0)
    g_string_append_c (out, '-');
  g_snprintf (whole_digits, sizeof whole_digits, "%" G_GUINT64_FORMAT, whole);
  append_grouped (out, whole_digits, separators);
  if (fraction[0] != '\0')
    {
      g_string_append (out, separators->decimal_point);
      g_string_append (out, fraction);
    }
  return g_string_free (out, FALSE);
}

/* The separators of the locale's money, or of its numbers when it says
 * nothing of money, as the C locale does. */
static void
locale_separators (PwMoneySeparators *separators)
{
  const char *decimal_point = nl_langinfo (MON_DECIMAL_POINT);

  if (decimal_point != NULL && *decimal_point != '\0')
    {
      separators->decimal_point = decimal_point;
      separators->thousands_separator = nl_langinfo (MON_THOUSANDS_SEP);
      separators->grouping = nl_langinfo (MON_GROUPING);
      return;
    }
  decimal_point = nl_langinfo (RADIXCHAR);
  separators->decimal_point = decimal_point != NULL && *decimal_point != '\0' ? decimal_point
                                                                             : ".";
  separators->thousands_separator = nl_langinfo (THOUSEP);
  separators->grouping = nl_langinfo (GROUPING);
}

static char *
display_number (gint64          micro,
                const char     *currency,
                PwMoneyRounding rounding)
{
  PwMoneySeparators separators;

  locale_separators (&separators);
  return _pw_money_display_number (micro, pw_money_currency_digits (currency), rounding,
                                   &separators);
}

static char *
with_currency (char       *number,
               const char *currency)
{
  g_autofree char *owned = number;

  if (currency == NULL || *currency == '\0')
    return g_steal_pointer (&owned);
  /* Translators: an amount of money and its ISO 4217 code, "0.04 USD" */
  return g_strdup_printf (C_("money", "%s %s"), owned, currency);
}

/**
 * pw_money_display:
 * @micro: an amount in millionths of its currency
 * @currency: (nullable): its ISO 4217 code
 *
 * Writes an amount for people: rounded to the currency's minor unit, half
 * to even (0.125 USD is "0.12 USD", 0.135 USD "0.14 USD"), with the
 * locale's separators and the code after it: "1,234.50 USD", "1.234,50
 * USD", "1,235 JPY". An amount that rounds to nothing is written without a
 * sign.
 *
 * Returns: (transfer full): the amount, without a code when @currency is
 *   %NULL or empty
 */
char *
pw_money_display (gint64      micro,
                  const char *currency)
{
  return with_currency (display_number (micro, currency, PW_MONEY_ROUND_HALF_EVEN), currency);
}

/**
 * pw_money_display_rate:
 * @micro_per_hour: a rate in millionths of its currency per hour
 * @currency: its ISO 4217 code
 *
 * Writes a rate for people: cut toward zero to the currency's minor unit,
 * as the engine rounds its rates, so a rate never shows more than was
 * earned: "4.52 USD/h".
 *
 * Returns: (transfer full): the rate
 */
char *
pw_money_display_rate (gint64      micro_per_hour,
                       const char *currency)
{
  g_autofree char *number = display_number (micro_per_hour, currency,
                                            PW_MONEY_ROUND_TOWARD_ZERO);

  /* Translators: an hourly rate: an amount, its ISO 4217 code, per hour; "4.52 USD/h" */
  return g_strdup_printf (C_("rate", "%s %s/h"), number, currency != NULL ? currency : "");
}

/**
 * pw_money_display_price:
 * @micro: what a marketplace pays for one task, in millionths
 * @currency: (nullable): its ISO 4217 code
 *
 * Writes a price for people as pw_money_display() writes an amount, but
 * with every decimal it has past the minor unit: "0.015 USD", "0.04 USD",
 * "12 JPY". A worker chooses between tasks that differ by less than a cent.
 *
 * Returns: (transfer full): the price
 */
char *
pw_money_display_price (gint64      micro,
                        const char *currency)
{
  return with_currency (display_number (micro, currency, PW_MONEY_ROUND_NONE), currency);
}
