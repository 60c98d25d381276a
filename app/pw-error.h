/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PW_ERROR:
 *
 * The error domain of the Piecework engine. Every error that reaches a worker
 * carries one of #PwError's codes and a message that says what to do.
 */
#define PW_ERROR (pw_error_quark ())

/**
 * PwError:
 * @PW_ERROR_FAILED: anything not covered below
 * @PW_ERROR_INVALID_DATA: input that is malformed: JSON, an image, a file
 * @PW_ERROR_TOO_LARGE: input over a limit the engine enforces
 * @PW_ERROR_UNSUPPORTED: a well-formed input of a kind the engine cannot use
 * @PW_ERROR_NOT_FOUND: a file, task or account that does not exist
 * @PW_ERROR_IO: reading or writing local files failed
 * @PW_ERROR_NO_SPACE: the disk is full; nothing was lost, but nothing new was kept
 * @PW_ERROR_NETWORK: the marketplace could not be reached
 * @PW_ERROR_UNAUTHORIZED: the marketplace refused the token
 * @PW_ERROR_FORBIDDEN: the marketplace refused the request (qualification)
 * @PW_ERROR_CONFLICT: the task was already submitted or was reassigned
 * @PW_ERROR_LEASE_EXPIRED: the lease on a claimed task ran out
 * @PW_ERROR_RATE_LIMITED: the marketplace asked to slow down
 * @PW_ERROR_SERVER: the marketplace answered with a server error
 * @PW_ERROR_PROTOCOL: the marketplace answered something the contract does not allow
 * @PW_ERROR_INSECURE: plain HTTP to a host that is not loopback
 * @PW_ERROR_INTEGRITY: downloaded media did not match its checksum
 * @PW_ERROR_BAD_REQUEST: the marketplace refused a request as malformed
 * @PW_ERROR_REASSIGNED: the marketplace gave the task to someone else
 * @PW_ERROR_IDEMPOTENCY_MISMATCH: the marketplace holds another submission
 *   under the same Idempotency-Key
 *
 * The codes of %PW_ERROR.
 */
typedef enum
{
  PW_ERROR_FAILED,
  PW_ERROR_INVALID_DATA,
  PW_ERROR_TOO_LARGE,
  PW_ERROR_UNSUPPORTED,
  PW_ERROR_NOT_FOUND,
  PW_ERROR_IO,
  PW_ERROR_NO_SPACE,
  PW_ERROR_NETWORK,
  PW_ERROR_UNAUTHORIZED,
  PW_ERROR_FORBIDDEN,
  PW_ERROR_CONFLICT,
  PW_ERROR_LEASE_EXPIRED,
  PW_ERROR_RATE_LIMITED,
  PW_ERROR_SERVER,
  PW_ERROR_PROTOCOL,
  PW_ERROR_INSECURE,
  PW_ERROR_INTEGRITY,
  PW_ERROR_BAD_REQUEST,
  PW_ERROR_REASSIGNED,
  PW_ERROR_IDEMPOTENCY_MISMATCH,
} PwError;

GQuark       pw_error_quark           (void);
const char  *pw_error_code_to_string  (PwError       code);
void         pw_error_from_errno      (GError      **error,
                                       int           errsv,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (3, 4);

void         pw_error_set_remote      (GError       *error,
                                       guint         http_status,
                                       const char   *remote_code,
                                       gint64        retry_after);
guint        pw_error_get_http_status (const GError *error);
const char  *pw_error_get_remote_code (const GError *error);
gint64       pw_error_get_retry_after (const GError *error);

G_END_DECLS
