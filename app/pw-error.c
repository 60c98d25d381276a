/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "pw-error.h"

G_DEFINE_QUARK (pw-error-quark, pw_error)

static const char *const code_names[] = {
  [PW_ERROR_FAILED] = "failed",
  [PW_ERROR_INVALID_DATA] = "invalid-data",
  [PW_ERROR_TOO_LARGE] = "too-large",
  [PW_ERROR_UNSUPPORTED] = "unsupported",
  [PW_ERROR_NOT_FOUND] = "not-found",
  [PW_ERROR_IO] = "io",
  [PW_ERROR_NO_SPACE] = "no-space",
  [PW_ERROR_NETWORK] = "network",
  [PW_ERROR_UNAUTHORIZED] = "unauthorized",
  [PW_ERROR_FORBIDDEN] = "forbidden",
  [PW_ERROR_CONFLICT] = "conflict",
  [PW_ERROR_LEASE_EXPIRED] = "lease-expired",
  [PW_ERROR_RATE_LIMITED] = "rate-limited",
  [PW_ERROR_SERVER] = "server",
  [PW_ERROR_PROTOCOL] = "protocol",
  [PW_ERROR_INSECURE] = "insecure",
  [PW_ERROR_INTEGRITY] = "integrity",
};

/**
 * pw_error_code_to_string:
 * @code: a #PwError
 *
 * Returns: (transfer none): a stable, machine-readable name for @code, as
 *   printed by `--json` output of the command line.
 */
const char *
pw_error_code_to_string (PwError code)
{
  if ((guint) code >= G_N_ELEMENTS (code_names) || code_names[code] == NULL)
    return "unknown";
  return code_names[code];
}

/**
 * pw_error_from_errno:
 * @error: return location for a #GError
 * @errsv: the saved `errno`
 * @format: what was being done, for the worker, with printf arguments
 *
 * Sets @error from a system error: a full disk becomes %PW_ERROR_NO_SPACE,
 * a missing file %PW_ERROR_NOT_FOUND, anything else %PW_ERROR_IO. The
 * message is @format followed by the system's own reason.
 */
void
pw_error_from_errno (GError    **error,
                     int         errsv,
                     const char *format,
                     ...)
{
  g_autofree char *what = NULL;
  PwError code;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  switch (errsv)
    {
    case ENOSPC:
    case EDQUOT:
      code = PW_ERROR_NO_SPACE;
      g_set_error (error, PW_ERROR, code,
                   /* Translators: %s says what was being saved */
                   _("%s: the disk is full. Free some space, then try again."), what);
      return;
    case ENOENT:
      code = PW_ERROR_NOT_FOUND;
      break;
    default:
      code = PW_ERROR_IO;
      break;
    }

  g_set_error (error, PW_ERROR, code, "%s: %s", what, g_strerror (errsv));
}
