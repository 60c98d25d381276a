/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>

#include "piecework-engine.h"

/* PW_ERROR: its domain, a distinct name for every code for scripts, errno
 * values turned into the codes a worker acts on, and the HTTP status,
 * contract code and Retry-After a marketplace's error carries. */

static void
test_error_domain (void)
{
  g_autoptr (GError) error = g_error_new_literal (PW_ERROR, PW_ERROR_TOO_LARGE, "big");

  g_assert_cmpstr (g_quark_to_string (PW_ERROR), ==, "pw-error-quark");
  g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
}

static void
test_error_code_names (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (pw_error_code_to_string (PW_ERROR_LEASE_EXPIRED), ==, "lease-expired");
  g_assert_cmpstr (pw_error_code_to_string (PW_ERROR_NO_SPACE), ==, "no-space");
  g_assert_cmpstr (pw_error_code_to_string ((PwError) 9999), ==, "unknown");

  /* Every code has its own name: scripts tell them apart. */
  for (int code = PW_ERROR_FAILED; code <= PW_ERROR_IDEMPOTENCY_MISMATCH; code++)
    {
      const char *name = pw_error_code_to_string (code);

      g_assert_cmpstr (name, !=, "unknown");
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
    }
}

static void
test_error_from_errno (void)
{
  g_autoptr (GError) full = NULL;
  g_autoptr (GError) missing = NULL;
  g_autoptr (GError) other = NULL;

  pw_error_from_errno (&full, ENOSPC, "Saving “%s”", "a.json");
  g_assert_error (full, PW_ERROR, PW_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (full->message, "a.json"));

  pw_error_from_errno (&missing, ENOENT, "Opening %s", "b.jpg");
  g_assert_error (missing, PW_ERROR, PW_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (missing->message, "Opening b.jpg: "));

  pw_error_from_errno (&other, EACCES, "Reading");
  g_assert_error (other, PW_ERROR, PW_ERROR_IO);
  {
    g_autofree char *expected = g_strconcat ("Reading: ", g_strerror (EACCES), NULL);

    g_assert_cmpstr (other->message, ==, expected);
  }

  /* NULL error is allowed, as everywhere in GLib. */
  pw_error_from_errno (NULL, ENOSPC, "Nothing");
}

static void
test_error_remote (void)
{
  g_autoptr (GError) error = g_error_new_literal (PW_ERROR, PW_ERROR_CONFLICT, "taken");
  g_autoptr (GError) copy = NULL;
  g_autoptr (GError) local = g_error_new_literal (PW_ERROR, PW_ERROR_IO, "disk");
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");

  /* An error made here says nothing of a marketplace. */
  g_assert_cmpuint (pw_error_get_http_status (local), ==, 0);
  g_assert_null (pw_error_get_remote_code (local));
  g_assert_cmpint (pw_error_get_retry_after (local), ==, -1);
  g_assert_cmpuint (pw_error_get_http_status (other), ==, 0);
  g_assert_null (pw_error_get_remote_code (other));
  g_assert_cmpint (pw_error_get_retry_after (other), ==, -1);

  pw_error_set_remote (error, 409, "reassigned", 30);
  pw_error_set_remote (error, 409, "already_submitted", 12);
  copy = g_error_copy (error);
  g_clear_error (&error);

  g_assert_error (copy, PW_ERROR, PW_ERROR_CONFLICT);
  g_assert_cmpuint (pw_error_get_http_status (copy), ==, 409);
  g_assert_cmpstr (pw_error_get_remote_code (copy), ==, "already_submitted");
  g_assert_cmpint (pw_error_get_retry_after (copy), ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/domain", test_error_domain);
  g_test_add_func ("/error/code-names", test_error_code_names);
  g_test_add_func ("/error/from-errno", test_error_from_errno);
  g_test_add_func ("/error/remote", test_error_remote);

  return g_test_run ();
}
