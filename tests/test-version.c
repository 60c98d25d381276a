/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"

/* The engine's version: its string matches its numbers and the build's,
 * and pw_version_check() compares each part in order. */

static void
test_version_string (void)
{
  g_autofree char *expected = g_strdup_printf ("%u.%u.%u", pw_version_major (),
                                               pw_version_minor (), pw_version_micro ());

  g_assert_cmpstr (pw_version_string (), ==, expected);
  g_assert_cmpstr (pw_version_string (), ==, PW_VERSION);
}

static void
test_version_check (void)
{
  guint major = pw_version_major (), minor = pw_version_minor (), micro = pw_version_micro ();

  g_assert_true (pw_version_check (major, minor, micro));
  g_assert_true (pw_version_check (0, 0, 0));
  g_assert_false (pw_version_check (major + 1, 0, 0));
  g_assert_false (pw_version_check (major, minor + 1, 0));
  g_assert_false (pw_version_check (major, minor, micro + 1));
  if (micro > 0)
    g_assert_true (pw_version_check (major, minor, micro - 1));
  if (minor > 0)
    g_assert_true (pw_version_check (major, minor - 1, 99));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/version/string", test_version_string);
  g_test_add_func ("/version/check", test_version_check);

  return g_test_run ();
}
