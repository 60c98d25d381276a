/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-error.h"
#include "pw-json.h"
#include "pw-money.h"

/* Marketplaces write money as decimal strings ("0.035") so that no float
 * ever rounds a fraction of a cent. The engine keeps whole millionths in a
 * gint64: up to about 9.2 trillion units, exact, and sums that come out to
 * the cent the statement says. */

/**
 * pw_money_currency_is_valid:
 * @currency: (nullable): a currency code
 *
 * Returns: %TRUE when @currency is written as an ISO 4217 code: three
 *   capital letters
 */
gboolean
pw_money_currency_is_valid (const char *currency)
{
  if (currency == NULL)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      if (currency[i] < 'A' || currency[i] > 'Z')
        return FALSE;
    }
  return currency[3] == '\0';
}

static gboolean
check_currency (const char  *currency,
                GError     **error)
{
  if (pw_money_currency_is_valid (currency))
    return TRUE;
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("“%s” is not a currency code such as USD or EUR"),
               currency != NULL ? currency : "");
  return FALSE;
}

/**
 * pw_money_init:
 * @money: (out caller-allocates): the money to set
 * @micro: the amount in millionths of a unit
 * @currency: an ISO 4217 code
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @currency is a currency code
 */
gboolean
pw_money_init (PwMoney     *money,
               gint64       micro,
               const char  *currency,
               GError     **error)
{
  g_return_val_if_fail (money != NULL, FALSE);

  if (!check_currency (currency, error))
    return FALSE;
  money->micro = micro;
  memcpy (money->currency, currency, sizeof money->currency);
  return TRUE;
}

/**
 * pw_money_parse:
 * @money: (out caller-allocates): the money read
 * @amount: a decimal string as the marketplace writes it: `12`, `0.035`,
 *   `-1.5`
 * @currency: an ISO 4217 code
 * @error: return location for a #GError
 *
 * Reads an amount exactly. An optional minus sign, digits, and optionally a
 * point and more digits: no plus sign, exponent, spaces or group
 * separators. Digits past the sixth decimal are accepted only when they are
 * zeros: an amount more precise than a millionth is refused rather than
 * rounded, since rounding would change what the marketplace pays.
 *
 * Returns: %TRUE on success; %FALSE with %PW_ERROR_INVALID_DATA, or
 *   %PW_ERROR_TOO_LARGE for an amount beyond what a #PwMoney holds
 */
gboolean
pw_money_parse (PwMoney     *money,
                const char  *amount,
                const char  *currency,
                GError     **error)
{
  gint64 micro;

  g_return_val_if_fail (money != NULL, FALSE);
  g_return_val_if_fail (amount != NULL, FALSE);

  if (!check_currency (currency, error) || !pw_money_parse_micro (amount, &micro, error))
    return FALSE;

  money->micro = micro;
  memcpy (money->currency, currency, sizeof money->currency);
  return TRUE;
}

/**
 * pw_money_parse_micro:
 * @amount: a decimal string, such as `0.035`
 * @micro: (out): the amount in millionths
 * @error: return location for a #GError
 *
 * Reads an amount with no currency, as pw_money_parse() does, such as one
 * the worker typed for a goal.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_money_parse_micro (const char  *amount,
                      gint64      *micro,
                      GError     **error)
{
  const guint64 max_units = G_MAXINT64 / PW_MONEY_MICRO;
  const char *p = amount;
  gboolean negative = FALSE;
  guint64 units = 0;
  guint64 fraction = 0;
  guint64 scale = PW_MONEY_MICRO;
  guint64 magnitude;

  g_return_val_if_fail (amount != NULL, FALSE);
  g_return_val_if_fail (micro != NULL, FALSE);

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!g_ascii_isdigit (*p))
    goto malformed;

  for (; g_ascii_isdigit (*p); p++)
    {
      units = units * 10 + (guint64) (*p - '0');
      if (units > max_units)
        goto too_large;
    }

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        goto malformed;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (scale > 1)
            {
              scale /= 10;
              fraction += (guint64) (*p - '0') * scale;
            }
          else if (*p != '0')
            {
              g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                           _("“%s” is more precise than a millionth of a unit"), amount);
              return FALSE;
            }
        }
    }
  if (*p != '\0')
    goto malformed;

  /* A gint64 holds one more negative amount than positive ones:
   * -9223372036854.775808 is exact too. */
  magnitude = units * PW_MONEY_MICRO + fraction;
  if (magnitude > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    goto too_large;

  if (negative)
    *micro = magnitude == 0 ? 0 : -(gint64) (magnitude - 1) - 1;
  else
    *micro = (gint64) magnitude;
  return TRUE;

malformed:
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("“%s” is not an amount of money written like 12.50 or -0.035"), amount);
  return FALSE;

too_large:
  g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
               _("“%s” is too large an amount of money"), amount);
  return FALSE;
}

/**
 * pw_money_member:
 * @money: (out caller-allocates): the money read
 * @object: a JSON object with the string members `amount` and `currency`
 * @what: where @object is, for messages, such as `projects[2].pay`
 * @error: return location for a #GError
 *
 * Reads money as the marketplace contract writes it. Errors name the member.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_money_member (PwMoney     *money,
                 JsonObject  *object,
                 const char  *what,
                 GError     **error)
{
  const char *amount, *currency;

  g_return_val_if_fail (money != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  if (!pw_json_member_string (object, "amount", what, FALSE, &amount, error)
      || !pw_json_member_string (object, "currency", what, FALSE, &currency, error))
    return FALSE;

  if (!pw_money_parse (money, amount, currency, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  return TRUE;
}

/**
 * pw_money_format_amount:
 * @money: an amount
 *
 * Writes the amount as a decimal string the contract accepts, with at
 * least two decimals and no trailing zeros beyond them: `12.00`, `0.035`,
 * `-1.50`, `0.000001`. The currency is not part of it.
 *
 * Returns: (transfer full): the amount
 */
char *
pw_money_format_amount (const PwMoney *money)
{
  g_return_val_if_fail (money != NULL, NULL);

  return pw_money_format_micro (money->micro);
}

/**
 * pw_money_format_micro:
 * @micro: an amount in millionths of its currency
 *
 * Writes the amount as pw_money_format_amount() does, for figures whose
 * currency is said elsewhere, such as a CSV column of its own.
 *
 * Returns: (transfer full): the amount
 */
char *
pw_money_format_micro (gint64 micro)
{
  guint64 magnitude;
  char fraction[8];
  int length;

  /* Negating G_MININT64 would overflow; its magnitude still fits a guint64. */
  magnitude = micro < 0 ? (guint64) (-(micro + 1)) + 1 : (guint64) micro;
  length = g_snprintf (fraction, sizeof fraction, "%06" G_GUINT64_FORMAT,
                       magnitude % PW_MONEY_MICRO);
  while (length > 2 && fraction[length - 1] == '0')
    fraction[--length] = '\0';

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%s",
                          micro < 0 ? "-" : "",
                          magnitude / PW_MONEY_MICRO, fraction);
}

/**
 * pw_money_equal:
 * @a: an amount
 * @b: another amount
 *
 * Returns: %TRUE when both are the same amount in the same currency
 */
gboolean
pw_money_equal (const PwMoney *a,
                const PwMoney *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->micro == b->micro && strcmp (a->currency, b->currency) == 0;
}

static gboolean
check_same_currency (const PwMoney  *a,
                     const PwMoney  *b,
                     GError        **error)
{
  if (strcmp (a->currency, b->currency) == 0)
    return TRUE;
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("Amounts in %s and in %s cannot be combined; keep them apart"),
               a->currency, b->currency);
  return FALSE;
}

/**
 * pw_money_add_micro:
 * @sum: (inout): a sum in millionths
 * @micro: an amount in millionths to add to it
 *
 * Adds without ever wrapping around. Every sum of amounts goes through
 * here: a gint64 holds about 9.2 trillion units, and a sum past it is
 * said to be too large rather than shown as a wrong figure. On overflow
 * @sum stays at the limit it passed, %G_MAXINT64 or %G_MININT64.
 *
 * Returns: %TRUE; %FALSE when the sum is too large for a gint64
 */
gboolean
pw_money_add_micro (gint64 *sum,
                    gint64  micro)
{
  g_return_val_if_fail (sum != NULL, FALSE);

  if (__builtin_add_overflow (*sum, micro, sum))
    {
      *sum = micro > 0 ? G_MAXINT64 : G_MININT64;
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_overflow (gboolean   overflowed,
                GError   **error)
{
  if (!overflowed)
    return TRUE;
  g_set_error_literal (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                       _("The amounts are too large to combine"));
  return FALSE;
}

/**
 * pw_money_add:
 * @sum: (out caller-allocates): @a + @b; may be @a or @b
 * @a: an amount
 * @b: an amount in the same currency
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %PW_ERROR_INVALID_DATA when the
 *   currencies differ, or %PW_ERROR_TOO_LARGE when the sum overflows
 */
gboolean
pw_money_add (PwMoney        *sum,
              const PwMoney  *a,
              const PwMoney  *b,
              GError        **error)
{
  gint64 micro;

  g_return_val_if_fail (sum != NULL && a != NULL && b != NULL, FALSE);

  micro = a->micro;
  if (!check_same_currency (a, b, error)
      || !check_overflow (!pw_money_add_micro (&micro, b->micro), error))
    return FALSE;
  sum->micro = micro;
  memmove (sum->currency, a->currency, sizeof sum->currency);
  return TRUE;
}

/**
 * pw_money_subtract:
 * @difference: (out caller-allocates): @a - @b; may be @a or @b
 * @a: an amount
 * @b: an amount in the same currency
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE as pw_money_add() does
 */
gboolean
pw_money_subtract (PwMoney        *difference,
                   const PwMoney  *a,
                   const PwMoney  *b,
                   GError        **error)
{
  gint64 micro;

  g_return_val_if_fail (difference != NULL && a != NULL && b != NULL, FALSE);

  if (!check_same_currency (a, b, error)
      || !check_overflow (__builtin_sub_overflow (a->micro, b->micro, &micro), error))
    return FALSE;
  difference->micro = micro;
  memmove (difference->currency, a->currency, sizeof difference->currency);
  return TRUE;
}
