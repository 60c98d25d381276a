/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "market/pw-market-client.h"

G_BEGIN_DECLS

/**
 * PwAccountKind:
 * @PW_ACCOUNT_KIND_PIECEWORK: a marketplace of docs/MARKETPLACE-API.md
 * @PW_ACCOUNT_KIND_CVAT: a CVAT server (jobs assigned to the worker)
 * @PW_ACCOUNT_KIND_LABEL_STUDIO: a Label Studio server
 *
 * What an account's server speaks. Stored with the account as the string
 * of pw_account_kind_to_string(): "piecework", "cvat", "label-studio".
 */
typedef enum
{
  PW_ACCOUNT_KIND_PIECEWORK,
  PW_ACCOUNT_KIND_CVAT,
  PW_ACCOUNT_KIND_LABEL_STUDIO,
} PwAccountKind;

const char *pw_account_kind_to_string   (PwAccountKind  kind);
gboolean    pw_account_kind_from_string (const char    *text,
                                         PwAccountKind *kind);
const char *pw_account_kind_get_title   (PwAccountKind  kind);

#define PW_TYPE_CONNECTOR (pw_connector_get_type ())

G_DECLARE_INTERFACE (PwConnector, pw_connector, PW, CONNECTOR, GObject)

/**
 * PwConnectorInterface:
 *
 * What the Tasks place, the outbox, the sync worker and the ledger ask of
 * an account's server, whatever it speaks. Every implementation speaks to
 * the rest of the engine in the contract's own types and JSON
 * (docs/MARKETPLACE-API.md): projects, claims and tasks are built with
 * pw_project_new_from_json() and pw_claim_new_from_json() from the
 * contract's JSON, and @submit receives the body of
 * pw_market_submission_body_new() (the contract's annotation format),
 * which the implementation translates for its server. The outbox's
 * Idempotency-Key comes with every submission; an implementation keeps
 * the promise that a repeated submission with the same key is taken once.
 *
 * @statement: servers that keep no statement of pay answer one last page
 * with no entries.
 * @release: servers without leases answer TRUE with @n_released 0, or,
 *   where the connector keeps the claim's record (CVAT's job files), the
 *   number of tasks marked released in it.
 */
struct _PwConnectorInterface
{
  GTypeInterface g_iface;

  PwAccountKind (*get_kind)          (PwConnector          *self);
  const char *  (*get_base_url)      (PwConnector          *self);
  void          (*set_token)         (PwConnector          *self,
                                      const char           *token);

  void          (*get_me_async)      (PwConnector          *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  PwMarketMe *  (*get_me_finish)     (PwConnector          *self,
                                      GAsyncResult         *result,
                                      GError              **error);

  void          (*list_projects_async)  (PwConnector       *self,
                                         GCancellable      *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer           user_data);
  GPtrArray *   (*list_projects_finish) (PwConnector       *self,
                                         GAsyncResult      *result,
                                         GError           **error);

  void          (*claim_async)       (PwConnector          *self,
                                      const char           *project_id,
                                      guint                 count,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  PwClaim *     (*claim_finish)      (PwConnector          *self,
                                      GAsyncResult         *result,
                                      GError              **error);

  void          (*release_async)     (PwConnector          *self,
                                      const char           *claim_id,
                                      const char *const    *task_ids,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  gboolean      (*release_finish)    (PwConnector          *self,
                                      GAsyncResult         *result,
                                      guint                *n_released,
                                      GError              **error);

  void          (*submit_async)      (PwConnector          *self,
                                      const char           *task_id,
                                      const char           *idempotency_key,
                                      const char           *body,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  PwSubmissionResult * (*submit_finish) (PwConnector       *self,
                                         GAsyncResult      *result,
                                         GError           **error);

  void          (*statement_async)   (PwConnector          *self,
                                      const char           *after,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  PwStatementPage * (*statement_finish) (PwConnector       *self,
                                         GAsyncResult      *result,
                                         GError           **error);

  void          (*fetch_media_async) (PwConnector          *self,
                                      PwMedia              *media,
                                      GFile                *cache_dir,
                                      PwMarketProgressFunc  progress,
                                      gpointer              progress_data,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  GFile *       (*fetch_media_finish) (PwConnector         *self,
                                       GAsyncResult        *result,
                                       GError             **error);
};

PwConnector        *pw_connector_new                 (PwAccountKind         kind,
                                                      const char           *base_url,
                                                      const char           *token,
                                                      GFile                *state_dir,
                                                      GError              **error);

GFile              *pw_connector_state_dir_new       (const char           *account_id);

void                pw_connector_detect_kind_async   (const char           *url,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            pw_connector_detect_kind_finish  (GAsyncResult         *result,
                                                      PwAccountKind        *kind,
                                                      GError              **error);

PwAccountKind       pw_connector_get_kind            (PwConnector          *self);
const char         *pw_connector_get_base_url        (PwConnector          *self);
void                pw_connector_set_token           (PwConnector          *self,
                                                      const char           *token);

void                pw_connector_get_me_async        (PwConnector          *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
PwMarketMe         *pw_connector_get_me_finish       (PwConnector          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                pw_connector_list_projects_async (PwConnector          *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray          *pw_connector_list_projects_finish (PwConnector         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void                pw_connector_claim_async         (PwConnector          *self,
                                                      const char           *project_id,
                                                      guint                 count,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
PwClaim            *pw_connector_claim_finish        (PwConnector          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                pw_connector_release_async       (PwConnector          *self,
                                                      const char           *claim_id,
                                                      const char *const    *task_ids,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            pw_connector_release_finish      (PwConnector          *self,
                                                      GAsyncResult         *result,
                                                      guint                *n_released,
                                                      GError              **error);
void                pw_connector_submit_async        (PwConnector          *self,
                                                      const char           *task_id,
                                                      const char           *idempotency_key,
                                                      const char           *body,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
PwSubmissionResult *pw_connector_submit_finish       (PwConnector          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                pw_connector_statement_async     (PwConnector          *self,
                                                      const char           *after,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
PwStatementPage    *pw_connector_statement_finish    (PwConnector          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                pw_connector_fetch_media_async   (PwConnector          *self,
                                                      PwMedia              *media,
                                                      GFile                *cache_dir,
                                                      PwMarketProgressFunc  progress,
                                                      gpointer              progress_data,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GFile              *pw_connector_fetch_media_finish  (PwConnector          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
