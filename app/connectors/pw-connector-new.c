/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-connector.h"
#include "pw-cvat-connector.h"
#include "pw-error.h"
#include "pw-label-studio-connector.h"
#include "pw-paths.h"

/* Which implementation speaks for which kind of server. Each kind is one
 * short block of its own. */

/**
 * pw_connector_new:
 * @kind: what the account's server speaks
 * @base_url: the server's address
 * @token: the worker's token there
 * @state_dir: (nullable): a folder of the account's own where the
 *   connector may keep what it learns between runs (such as what it saw of
 *   a job at download); made by the connector when it first needs it
 * @error: return location for a #GError
 *
 * Makes the connector of one account. Nothing is sent yet.
 *
 * Returns: (transfer full): the connector, or %NULL
 */
PwConnector *
pw_connector_new (PwAccountKind   kind,
                  const char     *base_url,
                  const char     *token,
                  GFile          *state_dir,
                  GError        **error)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (state_dir == NULL || G_IS_FILE (state_dir), NULL);

  switch (kind)
    {
    case PW_ACCOUNT_KIND_PIECEWORK:
      return PW_CONNECTOR (pw_market_client_new (base_url, token, error));

    case PW_ACCOUNT_KIND_CVAT:
      if (state_dir == NULL)
        {
          g_set_error_literal (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                               _("A CVAT account needs a folder of its own to keep what it downloads."));
          return NULL;
        }
      return pw_cvat_connector_new (base_url, token, state_dir, error);

    case PW_ACCOUNT_KIND_LABEL_STUDIO:
      return pw_label_studio_connector_new (base_url, token, state_dir, error);

    default:
      break;
    }

  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               _("Piecework does not know this kind of account (%d); update Piecework."), kind);
  return NULL;
}

/**
 * pw_connector_state_dir_new:
 * @account_id: an account's id
 *
 * Where the connector of @account_id keeps its state: a folder of the
 * account's own under the app's data, `…/piecework/connectors/ID`. It is
 * not made here.
 *
 * Returns: (transfer full): the folder
 */
GFile *
pw_connector_state_dir_new (const char *account_id)
{
  g_autofree char *data_dir = pw_paths_data_dir ();
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);

  /* An id is a name of one folder, whatever it holds. */
  name = g_uri_escape_string (account_id, NULL, FALSE);
  if (name[0] == '.')
    {
      char *hidden_free = g_strconcat ("%2E", name + 1, NULL);

      g_free (name);
      name = hidden_free;
    }
  path = g_build_filename (data_dir, "connectors", name, NULL);
  return g_file_new_for_path (path);
}
