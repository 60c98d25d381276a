/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <limits.h>

#include "market/pw-money-display-private.h"
#include "piecework-engine.h"

/* Money as people read it: one rule for the window, the command line's
 * text and the reports. */

static const PwMoneySeparators plain = { ".", "", "" };
static const PwMoneySeparators english = { ".", ",", "\3\3" };
static const PwMoneySeparators german = { ",", ".", "\3\3" };
static const PwMoneySeparators indian = { ".", ",", "\3\2" };
static const PwMoneySeparators french = { ",", "\u202f", "\3" };
static const PwMoneySeparators first_group_only = { ".", ",", "\3\177" };

static void
assert_number (gint64                   micro,
               guint                    digits,
               PwMoneyRounding          rounding,
               const PwMoneySeparators *separators,
               const char              *expected)
{
  g_autofree char *text = _pw_money_display_number (micro, digits, rounding, separators);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_currency_digits (void)
{
  g_assert_cmpuint (pw_money_currency_digits ("USD"), ==, 2);
  g_assert_cmpuint (pw_money_currency_digits ("EUR"), ==, 2);
  g_assert_cmpuint (pw_money_currency_digits ("JPY"), ==, 0);
  g_assert_cmpuint (pw_money_currency_digits ("KRW"), ==, 0);
  g_assert_cmpuint (pw_money_currency_digits ("KWD"), ==, 3);
  g_assert_cmpuint (pw_money_currency_digits ("TND"), ==, 3);
  g_assert_cmpuint (pw_money_currency_digits ("CLF"), ==, 4);
  /* A code ISO 4217 does not know, or none: hundredths. */
  g_assert_cmpuint (pw_money_currency_digits ("XYZ"), ==, 2);
  g_assert_cmpuint (pw_money_currency_digits (NULL), ==, 2);
}

/* Half to even: a half goes to the even digit, anything more goes up. */
static void
test_half_even (void)
{
  assert_number (125000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.12");
  assert_number (135000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.14");
  assert_number (124999, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.12");
  assert_number (125001, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.13");
  assert_number (35000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.04");
  assert_number (91845, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.09");
  assert_number (0, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.00");
  /* A carry through every digit. */
  assert_number (999995000, 2, PW_MONEY_ROUND_HALF_EVEN, &english, "1,000.00");
  assert_number (999985000, 2, PW_MONEY_ROUND_HALF_EVEN, &english, "999.98");
}

/* Negative amounts round as their magnitude does, and one that rounds to
 * nothing has no sign. */
static void
test_negative (void)
{
  assert_number (-1500000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "-1.50");
  assert_number (-125000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "-0.12");
  assert_number (-135000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "-0.14");
  assert_number (-500, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.00");
  assert_number (-5000, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "0.00");
  assert_number (-5001, 2, PW_MONEY_ROUND_HALF_EVEN, &plain, "-0.01");
  assert_number (-1234567890, 2, PW_MONEY_ROUND_HALF_EVEN, &german, "-1.234,57");
  assert_number (-9999, 2, PW_MONEY_ROUND_TOWARD_ZERO, &plain, "0.00");
  assert_number (-500, 2, PW_MONEY_ROUND_NONE, &plain, "-0.0005");
}

/* The largest amounts a gint64 holds, both ways. */
static void
test_large (void)
{
  assert_number (G_MAXINT64, 2, PW_MONEY_ROUND_HALF_EVEN, &english, "9,223,372,036,854.78");
  assert_number (G_MININT64, 2, PW_MONEY_ROUND_HALF_EVEN, &english, "-9,223,372,036,854.78");
  assert_number (G_MAXINT64, 2, PW_MONEY_ROUND_TOWARD_ZERO, &plain, "9223372036854.77");
  assert_number (G_MININT64, 6, PW_MONEY_ROUND_NONE, &plain, "-9223372036854.775808");
  assert_number (G_MAXINT64, 0, PW_MONEY_ROUND_HALF_EVEN, &german, "9.223.372.036.855");
}

/* Currencies with no minor unit and with a thousandth. */
static void
test_minor_units (void)
{
  assert_number (500000, 0, PW_MONEY_ROUND_HALF_EVEN, &plain, "0");
  assert_number (1500000, 0, PW_MONEY_ROUND_HALF_EVEN, &plain, "2");
  assert_number (2500000, 0, PW_MONEY_ROUND_HALF_EVEN, &plain, "2");
  assert_number (G_GINT64_CONSTANT (1234567000000), 0, PW_MONEY_ROUND_HALF_EVEN, &english,
                 "1,234,567");
  assert_number (1234500, 3, PW_MONEY_ROUND_HALF_EVEN, &plain, "1.234");
  assert_number (1235500, 3, PW_MONEY_ROUND_HALF_EVEN, &plain, "1.236");
  assert_number (1234567, 3, PW_MONEY_ROUND_HALF_EVEN, &german, "1,235");
  assert_number (1500000, 3, PW_MONEY_ROUND_HALF_EVEN, &plain, "1.500");
  assert_number (1234567, 4, PW_MONEY_ROUND_HALF_EVEN, &plain, "1.2346");
}

/* The separators come from the locale, its groups too. */
static void
test_separators (void)
{
  assert_number (G_GINT64_CONSTANT (1234567891000), 2, PW_MONEY_ROUND_HALF_EVEN, &german,
                 "1.234.567,89");
  assert_number (G_GINT64_CONSTANT (123456789000000), 2, PW_MONEY_ROUND_HALF_EVEN, &indian,
                 "12,34,56,789.00");
  assert_number (G_GINT64_CONSTANT (1234567000000), 2, PW_MONEY_ROUND_HALF_EVEN, &french,
                 "1\u202f234\u202f567,00");
  assert_number (G_GINT64_CONSTANT (1234567000000), 2, PW_MONEY_ROUND_HALF_EVEN,
                 &first_group_only, "1234,567.00");
  assert_number (123000000, 2, PW_MONEY_ROUND_HALF_EVEN, &english, "123.00");
  assert_number (G_GINT64_CONSTANT (1234567000000), 2, PW_MONEY_ROUND_HALF_EVEN, &plain,
                 "1234567.00");
}

/* In the C locale, which a program starts in: a point and no groups. */
static void
test_amounts (void)
{
  g_autofree char *usd = pw_money_display (91845, "USD");
  g_autofree char *fee = pw_money_display (-500, "USD");
  g_autofree char *jpy = pw_money_display (1500000, "JPY");
  g_autofree char *kwd = pw_money_display (1234567, "KWD");
  g_autofree char *bare = pw_money_display (91845, NULL);
  g_autofree char *large = pw_money_display (G_GINT64_CONSTANT (1234567891000), "EUR");

  g_assert_cmpstr (usd, ==, "0.09 USD");
  g_assert_cmpstr (fee, ==, "0.00 USD");
  g_assert_cmpstr (jpy, ==, "2 JPY");
  g_assert_cmpstr (kwd, ==, "1.235 KWD");
  g_assert_cmpstr (bare, ==, "0.09");
  g_assert_cmpstr (large, ==, "1234567.89 EUR");
}

/* Rates are cut toward zero to the minor unit, as the engine rounds them. */
static void
test_rates (void)
{
  g_autofree char *usd = pw_money_display_rate (1428571, "USD");
  g_autofree char *almost = pw_money_display_rate (1429999, "USD");
  g_autofree char *small = pw_money_display_rate (46700, "USD");
  g_autofree char *negative = pw_money_display_rate (-1429999, "USD");
  g_autofree char *jpy = pw_money_display_rate (1234999999, "JPY");
  g_autofree char *kwd = pw_money_display_rate (1234999, "KWD");

  g_assert_cmpstr (usd, ==, "1.42 USD/h");
  g_assert_cmpstr (almost, ==, "1.42 USD/h");
  g_assert_cmpstr (small, ==, "0.04 USD/h");
  g_assert_cmpstr (negative, ==, "-1.42 USD/h");
  g_assert_cmpstr (jpy, ==, "1234 JPY/h");
  g_assert_cmpstr (kwd, ==, "1.234 KWD/h");
}

/* A marketplace's price keeps every digit it has, and at least the
 * currency's minor unit. */
static void
test_prices (void)
{
  g_autofree char *sub_cent = pw_money_display_price (15000, "USD");
  g_autofree char *cents = pw_money_display_price (40000, "USD");
  g_autofree char *whole = pw_money_display_price (2000000, "USD");
  g_autofree char *yen = pw_money_display_price (12000000, "JPY");
  g_autofree char *half_yen = pw_money_display_price (500000, "JPY");
  g_autofree char *dinar = pw_money_display_price (1500000, "KWD");
  g_autofree char *bare = pw_money_display_price (40000, "");

  g_assert_cmpstr (sub_cent, ==, "0.015 USD");
  g_assert_cmpstr (cents, ==, "0.04 USD");
  g_assert_cmpstr (whole, ==, "2.00 USD");
  g_assert_cmpstr (yen, ==, "12 JPY");
  g_assert_cmpstr (half_yen, ==, "0.5 JPY");
  g_assert_cmpstr (dinar, ==, "1.500 KWD");
  g_assert_cmpstr (bare, ==, "0.04");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/market/money-display/currency-digits", test_currency_digits);
  g_test_add_func ("/market/money-display/half-even", test_half_even);
  g_test_add_func ("/market/money-display/negative", test_negative);
  g_test_add_func ("/market/money-display/large", test_large);
  g_test_add_func ("/market/money-display/minor-units", test_minor_units);
  g_test_add_func ("/market/money-display/separators", test_separators);
  g_test_add_func ("/market/money-display/amounts", test_amounts);
  g_test_add_func ("/market/money-display/rates", test_rates);
  g_test_add_func ("/market/money-display/prices", test_prices);

  return g_test_run ();
}
