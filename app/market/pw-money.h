/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PW_MONEY_MICRO:
 *
 * Micro-units in one unit of a currency: amounts are kept as whole
 * millionths, so a task that pays a fraction of a cent is exact.
 */
#define PW_MONEY_MICRO G_GINT64_CONSTANT (1000000)

/**
 * PW_MONEY_NO_CURRENCY:
 *
 * ISO 4217's code for "no currency": the pay of a project whose server
 * states none (a labeling platform that pays its annotators outside its
 * API), and of work no rate of the worker's prices yet.
 */
#define PW_MONEY_NO_CURRENCY "XXX"

/**
 * PwMoney:
 * @micro: the amount in millionths of a unit; negative for a fee
 * @currency: the ISO 4217 code, three capital letters and a nul
 *
 * An exact amount of money. Never a float: sums of many tiny amounts must
 * come out to the cent the marketplace pays.
 */
typedef struct
{
  gint64 micro;
  char   currency[4];
} PwMoney;

gboolean  pw_money_init          (PwMoney       *money,
                                  gint64         micro,
                                  const char    *currency,
                                  GError       **error);
gboolean  pw_money_parse         (PwMoney       *money,
                                  const char    *amount,
                                  const char    *currency,
                                  GError       **error);
gboolean  pw_money_member        (PwMoney       *money,
                                  JsonObject    *object,
                                  const char    *what,
                                  GError       **error);
gboolean  pw_money_parse_micro   (const char    *amount,
                                  gint64        *micro,
                                  GError       **error);
char     *pw_money_format_amount (const PwMoney *money);
char     *pw_money_format_micro  (gint64         micro);
gboolean  pw_money_equal         (const PwMoney *a,
                                  const PwMoney *b);
gboolean  pw_money_add           (PwMoney       *sum,
                                  const PwMoney *a,
                                  const PwMoney *b,
                                  GError       **error);
gboolean  pw_money_add_micro     (gint64        *sum,
                                  gint64         micro) G_GNUC_WARN_UNUSED_RESULT;
gboolean  pw_money_subtract      (PwMoney       *difference,
                                  const PwMoney *a,
                                  const PwMoney *b,
                                  GError       **error);
gboolean  pw_money_currency_is_valid (const char *currency);

G_END_DECLS
