/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "piecework-engine.h"
#include "pw-fuzz.h"

/* An edit of an annotation's history as the store keeps it. The store
 * writes what it reads back, so a command that reads must also write and
 * read again. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (PwCommand) command = NULL;
  g_autoptr (PwCommand) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  command = pw_command_new_from_string (text, &error);
  if (command == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);

  written = pw_command_to_string (command);
  again = pw_command_new_from_string (written, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_command_get_kind (again), ==, pw_command_get_kind (command));
  rewritten = pw_command_to_string (again);
  g_assert_cmpstr (rewritten, ==, written);

  return 0;
}
