/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

/* PwMoney: amounts read from the contract's decimal strings into exact
 * micro-units and refused when they are not, written back the same,
 * summed without wrapping, and read as a JSON member. */

static PwMoney
parse_ok (const char *amount,
          const char *currency)
{
  g_autoptr (GError) error = NULL;
  PwMoney money = { 0 };

  g_assert_true (pw_money_parse (&money, amount, currency, &error));
  g_assert_no_error (error);
  return money;
}

static void
assert_refused (const char *amount,
                const char *currency,
                int         code,
                const char *fragment)
{
  g_autoptr (GError) error = NULL;
  PwMoney money = { 0 };

  g_assert_false (pw_money_parse (&money, amount, currency, &error));
  g_assert_error (error, PW_ERROR, code);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
assert_format (gint64      micro,
               const char *expected)
{
  PwMoney money = { micro, "USD" };
  g_autofree char *text = pw_money_format_amount (&money);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_money_parse (void)
{
  g_assert_cmpint (parse_ok ("0.035", "USD").micro, ==, 35000);
  g_assert_cmpint (parse_ok ("0.04", "USD").micro, ==, 40000);
  g_assert_cmpint (parse_ok ("12", "EUR").micro, ==, 12000000);
  g_assert_cmpint (parse_ok ("-1.5", "USD").micro, ==, -1500000);
  g_assert_cmpint (parse_ok ("0.000001", "USD").micro, ==, 1);
  g_assert_cmpint (parse_ok ("-0", "USD").micro, ==, 0);
  g_assert_cmpint (parse_ok ("007.10", "USD").micro, ==, 7100000);
  /* Zeros past the sixth decimal change nothing, so they are fine. */
  g_assert_cmpint (parse_ok ("0.0400000000", "USD").micro, ==, 40000);
  g_assert_cmpint (parse_ok ("9223372036854.775807", "USD").micro, ==, G_MAXINT64);
  g_assert_cmpint (parse_ok ("-9223372036854.775807", "USD").micro, ==, -G_MAXINT64);
  /* The one negative amount a gint64 holds beyond -G_MAXINT64, exactly. */
  g_assert_cmpint (parse_ok ("-9223372036854.775808", "USD").micro, ==, G_MININT64);
  g_assert_cmpint (parse_ok ("-9223372036854.7758080000", "USD").micro, ==, G_MININT64);
  g_assert_cmpint (parse_ok ("9223372036854.7758070", "USD").micro, ==, G_MAXINT64);
  g_assert_cmpint (parse_ok ("-0.000000", "USD").micro, ==, 0);
  g_assert_cmpstr (parse_ok ("1", "JPY").currency, ==, "JPY");
}

static void
test_money_refused (void)
{
  assert_refused ("0.0000005", "USD", PW_ERROR_INVALID_DATA, "more precise than a millionth");
  assert_refused ("0.0000001", "USD", PW_ERROR_INVALID_DATA, "0.0000001");
  assert_refused ("9223372036854.775808", "USD", PW_ERROR_TOO_LARGE, "too large");
  assert_refused ("-9223372036854.775809", "USD", PW_ERROR_TOO_LARGE, "too large");
  assert_refused ("-9223372036855", "USD", PW_ERROR_TOO_LARGE, "too large");
  assert_refused ("99999999999999999999999", "USD", PW_ERROR_TOO_LARGE, "too large");
  assert_refused ("", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("-", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused (".5", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("5.", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("+5", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("1e3", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused (" 1", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("1,50", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("--1", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("NaN", "USD", PW_ERROR_INVALID_DATA, "not an amount");
  assert_refused ("1", "usd", PW_ERROR_INVALID_DATA, "currency code");
  assert_refused ("1", "US", PW_ERROR_INVALID_DATA, "currency code");
  assert_refused ("1", "USDT", PW_ERROR_INVALID_DATA, "currency code");
}

/* Amounts without a currency, as the worker types them and as CSV columns
 * write them, follow the same rules as money. */
static void
test_money_micro (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *small = pw_money_format_micro (35000);
  g_autofree char *negative = pw_money_format_micro (-1500000);
  gint64 micro = 0;

  g_assert_cmpstr (small, ==, "0.035");
  g_assert_cmpstr (negative, ==, "-1.50");
  g_assert_true (pw_money_parse_micro ("12.5", &micro, &error));
  g_assert_no_error (error);
  g_assert_cmpint (micro, ==, 12500000);
  g_assert_false (pw_money_parse_micro ("1.0000001", &micro, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (pw_money_parse_micro ("+3", &micro, &error));
  g_assert_error (error, PW_ERROR, PW_ERROR_INVALID_DATA);
}

static void
test_money_format (void)
{
  assert_format (35000, "0.035");
  assert_format (12000000, "12.00");
  assert_format (-1500000, "-1.50");
  assert_format (1, "0.000001");
  assert_format (0, "0.00");
  assert_format (-10000, "-0.01");
  assert_format (1234567, "1.234567");
  assert_format (G_MAXINT64, "9223372036854.775807");
  assert_format (G_MININT64, "-9223372036854.775808");

  /* What is written reads back the same. */
  for (gint64 micro = -2000001; micro <= 2000001; micro += 333333)
    {
      PwMoney money = { micro, "EUR" };
      g_autofree char *text = pw_money_format_amount (&money);

      g_assert_cmpint (parse_ok (text, "EUR").micro, ==, micro);
    }
}

static void
test_money_arithmetic (void)
{
  g_autoptr (GError) mixed = NULL;
  g_autoptr (GError) overflow = NULL;
  g_autoptr (GError) underflow = NULL;
  PwMoney sum = { 0, "USD" };
  PwMoney task = parse_ok ("0.035", "USD");
  PwMoney fee = parse_ok ("-0.5", "USD");
  PwMoney euro = parse_ok ("1", "EUR");
  PwMoney huge = { G_MAXINT64, "USD" };
  PwMoney tiny = { G_MININT64 + 1, "USD" };

  /* A thousand tasks at 3.5 thousandths come to exactly 35. */
  for (guint i = 0; i < 1000; i++)
    g_assert_true (pw_money_add (&sum, &sum, &task, NULL));
  g_assert_cmpint (sum.micro, ==, 35 * PW_MONEY_MICRO);
  g_assert_true (pw_money_add (&sum, &sum, &fee, NULL));
  g_assert_cmpint (sum.micro, ==, 34500000);
  g_assert_true (pw_money_subtract (&sum, &sum, &task, NULL));
  g_assert_cmpint (sum.micro, ==, 34465000);
  g_assert_cmpstr (sum.currency, ==, "USD");

  g_assert_false (pw_money_add (&sum, &sum, &euro, &mixed));
  g_assert_error (mixed, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (mixed->message, "EUR"));
  g_assert_cmpint (sum.micro, ==, 34465000);

  g_assert_false (pw_money_add (&sum, &huge, &task, &overflow));
  g_assert_error (overflow, PW_ERROR, PW_ERROR_TOO_LARGE);
  g_assert_false (pw_money_subtract (&sum, &tiny, &task, &underflow));
  g_assert_error (underflow, PW_ERROR, PW_ERROR_TOO_LARGE);

  /* Sums in micro-units: never wrapped, held at the limit they passed. */
  {
    gint64 total = G_MAXINT64 - 1;

    g_assert_true (pw_money_add_micro (&total, 1));
    g_assert_cmpint (total, ==, G_MAXINT64);
    g_assert_false (pw_money_add_micro (&total, 1));
    g_assert_cmpint (total, ==, G_MAXINT64);
    total = G_MININT64 + 5;
    g_assert_false (pw_money_add_micro (&total, -6));
    g_assert_cmpint (total, ==, G_MININT64);
    total = G_GINT64_CONSTANT (5000000000000000000);
    g_assert_false (pw_money_add_micro (&total, G_GINT64_CONSTANT (5000000000000000000)));
    g_assert_cmpint (total, >, 0);
    total = 10;
    g_assert_true (pw_money_add_micro (&total, -25));
    g_assert_cmpint (total, ==, -15);
  }

  g_assert_true (pw_money_equal (&task, &(PwMoney) { 35000, "USD" }));
  g_assert_false (pw_money_equal (&task, &(PwMoney) { 35000, "EUR" }));
}

static void
test_money_member (void)
{
  g_autoptr (JsonNode) good = json_from_string ("{\"amount\": \"0.04\", \"currency\": \"USD\", \"per\": \"task\"}", NULL);
  g_autoptr (JsonNode) number = json_from_string ("{\"amount\": 0.04, \"currency\": \"USD\"}", NULL);
  g_autoptr (JsonNode) precise = json_from_string ("{\"amount\": \"0.0000005\", \"currency\": \"USD\"}", NULL);
  g_autoptr (JsonNode) missing = json_from_string ("{\"amount\": \"1\"}", NULL);
  g_autoptr (GError) number_error = NULL;
  g_autoptr (GError) precise_error = NULL;
  g_autoptr (GError) missing_error = NULL;
  PwMoney money;

  g_assert_true (pw_money_member (&money, json_node_get_object (good), "pay", NULL));
  g_assert_cmpint (money.micro, ==, 40000);

  /* A float would round fractions of a cent: the contract writes strings. */
  g_assert_false (pw_money_member (&money, json_node_get_object (number), "pay", &number_error));
  g_assert_error (number_error, PW_ERROR, PW_ERROR_INVALID_DATA);
  g_assert_cmpstr (number_error->message, ==, "pay: the member “amount” must be a string");

  g_assert_false (pw_money_member (&money, json_node_get_object (precise), "tasks[0].pay", &precise_error));
  g_assert_true (g_str_has_prefix (precise_error->message, "tasks[0].pay: "));

  g_assert_false (pw_money_member (&money, json_node_get_object (missing), "pay", &missing_error));
  g_assert_cmpstr (missing_error->message, ==, "pay: the member “currency” is missing");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/market/money/parse", test_money_parse);
  g_test_add_func ("/market/money/refused", test_money_refused);
  g_test_add_func ("/market/money/format", test_money_format);
  g_test_add_func ("/market/money/micro", test_money_micro);
  g_test_add_func ("/market/money/arithmetic", test_money_arithmetic);
  g_test_add_func ("/market/money/member", test_money_member);

  return g_test_run ();
}
