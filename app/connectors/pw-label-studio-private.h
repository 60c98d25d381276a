/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "market/pw-market-client.h"
#include "market/pw-market-project.h"
#include "pw-label-studio-connector.h"

G_BEGIN_DECLS

/* One control tag of a labeling configuration that Piecework shows. */
typedef struct
{
  char *name;    /* its name: a result's from_name */
  char *type;    /* a result's type: rectanglelabels, polygonlabels, choices, labels, textarea */
  char *tool;    /* the contract's tool: bbox, polygon, choice, span, segment, transcript;
                  * or segment_text, a TextArea with perRegion: each segment's own text */
  char **labels; /* the values of its Label or Choice tags, in order */
} PwLsControl;

/* A Label Studio project's label_config, read into what the contract
 * needs: the task's kind, the one object that is labeled (a result's
 * to_name and the key of task.data that holds it), the controls, and the
 * labels. Several controls may share a tool when no label is in two of
 * them: a label then says which control a result of the tool goes to. A
 * configuration Piecework cannot show keeps the reason. */
typedef struct
{
  PwTaskKind  kind;
  char       *object_name;
  char       *value_key;
  GPtrArray  *controls;    /* PwLsControl */
  JsonNode   *labels;      /* the contract's "labels" */
  char       *choice_mode; /* "single" or "multi" */
  JsonNode   *choice_groups; /* the contract's "choice_groups" where there are
                              * several Choices, or NULL */
  gboolean    segment_text; /* the contract's "segment_text" */
  char       *unsupported; /* why Piecework cannot show it, or NULL */
} PwLsConfig;

PwLsConfig  *_pw_ls_config_parse           (const char   *xml,
                                            GError      **error);
void         _pw_ls_config_free            (PwLsConfig   *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwLsConfig, _pw_ls_config_free)
const PwLsControl *_pw_ls_config_find_tool (PwLsConfig   *config,
                                            const char   *tool);
const PwLsControl *_pw_ls_config_find_control (PwLsConfig *config,
                                               const char *tool,
                                               const char *label);
JsonNode    *_pw_ls_project_to_contract    (JsonObject   *project,
                                            GError      **error);

JsonNode    *_pw_ls_results_to_annotation  (PwLsConfig   *config,
                                            JsonArray    *results,
                                            const char   *text,
                                            GError      **error);
JsonNode    *_pw_ls_annotation_to_results  (PwLsConfig   *config,
                                            JsonObject   *annotation,
                                            const char   *text,
                                            GError      **error);

/* The connector's files: pw-label-studio-connector.c and those beside it
 * for its requests, listing, claims, submissions and media. */

/* The pages of a list read: as many items a page, and at most so many
 * pages. */
#define PW_LS_PAGE_SIZE 100
#define PW_LS_MAX_PAGES 100

struct _PwLabelStudioConnector
{
  GObject         parent_instance;

  PwMarketClient *client;
  GFile          *state_dir;
  char           *token;
  gboolean        jwt;
  gboolean        has_access;
  gint64          access_expires_at;
  gboolean        refreshing;
  GPtrArray      *refresh_waiters;
  gint64          user_id;
};

/* pw-label-studio-requests.c: the access token, and one request with it,
 * refreshed and sent again once on 401. @step is called with the answer
 * or the error, on behalf of @flow. */
typedef void (*PwLsAccessFunc) (GError   *error,
                                gpointer  user_data);
typedef void (*PwLsStepFunc)   (GTask    *flow,
                                JsonNode *answer,
                                GError   *error);

gboolean     _pw_ls_token_is_jwt           (const char   *token,
                                            gint64       *expires_at);
void         _pw_ls_with_access            (PwLabelStudioConnector *self,
                                            gboolean                force,
                                            PwLsAccessFunc          func,
                                            gpointer                user_data);
void         _pw_ls_request                (PwLabelStudioConnector *self,
                                            GTask                  *flow,
                                            const char             *method,
                                            const char             *path,
                                            JsonNode               *body,
                                            gsize                   max_bytes,
                                            PwLsStepFunc            step);
/* The id in @member of @object, or in its object's "id", as text. */
char        *_pw_ls_id_string              (JsonObject   *object,
                                            const char   *member);
gboolean     _pw_ls_check_id               (const char   *id,
                                            GError      **error);
void         _pw_ls_return_protocol_error  (GTask        *flow,
                                            const char   *what,
                                            GError       *error);

/* pw-label-studio-connector.c: the worker from the answer to
 * GET /api/current-user/whoami, and the result of any of the connector's
 * tasks. */
PwMarketMe  *_pw_ls_read_me                (PwLabelStudioConnector  *self,
                                            JsonNode                *answer,
                                            GError                 **error);
gpointer     _pw_ls_finish                 (PwConnector  *connector,
                                            GAsyncResult *result,
                                            GError      **error);

/* pw-label-studio-listing.c */
void         _pw_ls_list_projects_async    (PwConnector         *connector,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray   *_pw_ls_list_projects_finish   (PwConnector         *connector,
                                            GAsyncResult        *result,
                                            GError             **error);

/* pw-label-studio-claim.c */
void         _pw_ls_claim_async            (PwConnector         *connector,
                                            const char          *project_id,
                                            guint                count,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PwClaim     *_pw_ls_claim_finish           (PwConnector         *connector,
                                            GAsyncResult        *result,
                                            GError             **error);

/* pw-label-studio-submit.c */
void         _pw_ls_submit_async           (PwConnector         *connector,
                                            const char          *task_id,
                                            const char          *idempotency_key,
                                            const char          *body,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PwSubmissionResult *_pw_ls_submit_finish   (PwConnector         *connector,
                                            GAsyncResult        *result,
                                            GError             **error);

/* pw-label-studio-media.c */
void         _pw_ls_fetch_media_async      (PwConnector          *connector,
                                            PwMedia              *media,
                                            GFile                *cache_dir,
                                            PwMarketProgressFunc  progress,
                                            gpointer              progress_data,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GFile       *_pw_ls_fetch_media_finish     (PwConnector          *connector,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
