/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "pw-error.h"

/* An error that came from a marketplace keeps what the marketplace said
 * beside the message: the HTTP status, its own error code (409 is either
 * "already_submitted" or "reassigned"), and how long it asked the client to
 * wait. GLib keeps this private data of a registered domain with each
 * #GError and copies and frees it with the error. */
typedef struct
{
  guint  http_status;
  char  *remote_code;
  gint64 retry_after;
} PwErrorPrivate;

static PwErrorPrivate *
pw_error_get_private (const GError *error)
{
  /* The layout G_DEFINE_EXTENDED_ERROR documents: the private data sits
   * right before the #GError, its size rounded up to two words. The macro
   * itself cannot be used, as it would rename the domain. */
  const gsize alignment = 2 * sizeof (gsize);
  const gsize size = (sizeof (PwErrorPrivate) + (alignment - 1)) & ~(alignment - 1);

  return (PwErrorPrivate *) (((guint8 *) error) - size);
}

static void
pw_error_private_init (GError *error)
{
  pw_error_get_private (error)->retry_after = -1;
}

static void
pw_error_private_copy (const GError *src_error,
                       GError       *dest_error)
{
  const PwErrorPrivate *src = pw_error_get_private (src_error);
  PwErrorPrivate *dest = pw_error_get_private (dest_error);

  dest->http_status = src->http_status;
  dest->remote_code = g_strdup (src->remote_code);
  dest->retry_after = src->retry_after;
}

static void
pw_error_private_clear (GError *error)
{
  g_clear_pointer (&pw_error_get_private (error)->remote_code, g_free);
}

GQuark
pw_error_quark (void)
{
  static GQuark quark;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("pw-error-quark",
                                              sizeof (PwErrorPrivate),
                                              pw_error_private_init,
                                              pw_error_private_copy,
                                              pw_error_private_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

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
  [PW_ERROR_BAD_REQUEST] = "bad-request",
  [PW_ERROR_REASSIGNED] = "reassigned",
  [PW_ERROR_IDEMPOTENCY_MISMATCH] = "idempotency-mismatch",
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

/**
 * pw_error_set_remote:
 * @error: a #GError in the %PW_ERROR domain
 * @http_status: the HTTP status of the marketplace's answer, or 0
 * @remote_code: (nullable): the marketplace's own code, such as `reassigned`
 * @retry_after: the seconds the marketplace asked to wait, or -1
 *
 * Records what the marketplace answered with @error, for the code that
 * decides whether and when to try again.
 */
void
pw_error_set_remote (GError     *error,
                     guint       http_status,
                     const char *remote_code,
                     gint64      retry_after)
{
  PwErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == PW_ERROR);

  priv = pw_error_get_private (error);
  priv->http_status = http_status;
  g_free (priv->remote_code);
  priv->remote_code = g_strdup (remote_code);
  priv->retry_after = retry_after;
}

/**
 * pw_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status the marketplace answered with, or 0 when @error
 *   did not come from a marketplace's answer
 */
guint
pw_error_get_http_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  return error->domain == PW_ERROR ? pw_error_get_private (error)->http_status : 0;
}

/**
 * pw_error_get_remote_code:
 * @error: a #GError
 *
 * Returns: (nullable): the marketplace's own error code, such as
 *   `not_qualified`, `already_submitted` or `reassigned`, or %NULL
 */
const char *
pw_error_get_remote_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return error->domain == PW_ERROR ? pw_error_get_private (error)->remote_code : NULL;
}

/**
 * pw_error_get_retry_after:
 * @error: a #GError
 *
 * Returns: the seconds the marketplace asked to wait before the next try
 *   (its `Retry-After`), or -1 when it did not say
 */
gint64
pw_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  return error->domain == PW_ERROR ? pw_error_get_private (error)->retry_after : -1;
}
