/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pw-cvat-connector.h"
#include "market/pw-market-client.h"

G_BEGIN_DECLS

/* The largest answers read from CVAT: a page of jobs or labels, a job's
 * frame sizes, and a job's annotations (a whole job at once). */
#define PW_CVAT_PAGE_MAX_BYTES (8 * 1024 * 1024)
#define PW_CVAT_ANNOTATIONS_MAX_BYTES (32 * 1024 * 1024)

/* What CVAT work pays inside Piecework: nothing; the worker's own rates
 * count it. */
#define PW_CVAT_CURRENCY PW_MONEY_NO_CURRENCY

/* pw-cvat-shapes.c: between CVAT's jobs, labels and annotations and the
 * contract's projects and Annotations. */
char        *_pw_cvat_task_id            (gint64       job_id,
                                          gint64       frame);
gboolean     _pw_cvat_parse_task_id      (const char  *task_id,
                                          gint64      *job_id,
                                          gint64      *frame);
char        *_pw_cvat_web_only_reason    (JsonObject  *job);
JsonNode    *_pw_cvat_project_json       (JsonObject  *job,
                                          JsonArray   *labels,
                                          const char  *web_url);

/* The members of CVAT's objects, or defaults, without failing on a
 * server's surprise; a finite number of an int or a double. */
gint64       _pw_cvat_member_int         (JsonObject  *object,
                                          const char  *name,
                                          gint64       fallback);
const char  *_pw_cvat_member_string      (JsonObject  *object,
                                          const char  *name);
JsonArray   *_pw_cvat_member_array       (JsonObject  *object,
                                          const char  *name);
gboolean     _pw_cvat_node_number        (JsonNode    *node,
                                          double      *value);

/* A job's labels: the contract's tool of one (NULL for any tool; FALSE for
 * a type Piecework cannot draw), one by its id or name, and whether any
 * is for @wanted. */
gboolean     _pw_cvat_label_tool         (JsonObject  *label,
                                          const char **tool);
JsonObject  *_pw_cvat_label_by_id        (JsonArray   *labels,
                                          gint64       id);
JsonObject  *_pw_cvat_label_by_name      (JsonArray   *labels,
                                          const char  *name);
gboolean     _pw_cvat_labels_have_tool   (JsonArray   *labels,
                                          const char  *wanted);

/* A shape's rotation in degrees, 0 where it has none; whether a shape or
 * a tag opens in Piecework, the others being kept aside. */
double       _pw_cvat_shape_rotation     (JsonObject  *shape);
gboolean     _pw_cvat_shape_is_shown     (JsonArray   *labels,
                                          JsonObject  *shape);
gboolean     _pw_cvat_tag_is_shown       (JsonArray   *labels,
                                          JsonObject  *tag);

/* pw-cvat-prefill.c */
JsonNode    *_pw_cvat_prefill            (JsonArray   *labels,
                                          JsonObject  *annotations,
                                          gint64       frame,
                                          gint64       width,
                                          gint64       height,
                                          JsonObject  *kept);
/* pw-cvat-frame.c */
gboolean     _pw_cvat_frame_from_annotation (JsonArray   *labels,
                                             JsonObject  *held,
                                             JsonObject  *kept,
                                             JsonNode    *annotation,
                                             gint64       frame,
                                             JsonArray   *shapes,
                                             JsonArray   *tags,
                                             GError     **error);
gboolean     _pw_cvat_same_annotations   (JsonObject  *a,
                                          JsonObject  *b);

/* pw-cvat-connector.c, for the connector's other files; the user name is
 * %NULL until the account said who it is. */
PwMarketClient *_pw_cvat_connector_get_client (PwCvatConnector *self);
GQueue         *_pw_cvat_connector_get_submits (PwCvatConnector *self);
const char     *_pw_cvat_connector_get_username (PwCvatConnector *self);
GFile          *_pw_cvat_connector_get_job_file (PwCvatConnector *self,
                                                 gint64           job_id);

/* pw-cvat-requests.c: one request with its JSON answer, a paged list read
 * to its end, and the error of an answer that breaks what CVAT sends. */
void            _pw_cvat_get_async           (PwCvatConnector    *self,
                                              const char         *method,
                                              const char         *path,
                                              JsonNode           *body,
                                              gsize               max_bytes,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
JsonNode       *_pw_cvat_get_finish          (PwCvatConnector    *self,
                                              GAsyncResult       *result,
                                              GError            **error);
void            _pw_cvat_get_pages_async     (PwCvatConnector    *self,
                                              const char         *path,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
JsonArray      *_pw_cvat_get_pages_finish    (PwCvatConnector    *self,
                                              GAsyncResult       *result,
                                              GError            **error);
GError         *_pw_cvat_broken_answer       (const char         *what,
                                              const char         *why);

/* pw-cvat-listing.c: the jobs as projects; a job's page in CVAT's web
 * app, and the path of its labels. */
void            _pw_cvat_list_projects_async (PwConnector        *connector,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
GPtrArray      *_pw_cvat_list_projects_finish (PwConnector       *connector,
                                               GAsyncResult      *result,
                                               GError           **error);
char           *_pw_cvat_job_web_url         (PwCvatConnector    *self,
                                              JsonObject         *job);
char           *_pw_cvat_labels_path         (gint64              job_id);

/* pw-cvat-claim.c */
void            _pw_cvat_claim_async         (PwConnector        *connector,
                                              const char         *project_id,
                                              guint               count,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
PwClaim        *_pw_cvat_claim_finish        (PwConnector        *connector,
                                              GAsyncResult       *result,
                                              GError            **error);

/* pw-cvat-release.c */
void            _pw_cvat_release_async       (PwConnector        *connector,
                                              const char         *claim_id,
                                              const char *const  *task_ids,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean        _pw_cvat_release_finish      (PwConnector        *connector,
                                              GAsyncResult       *result,
                                              guint              *n_released,
                                              GError            **error);

/* pw-cvat-job-file.c */
void            _pw_cvat_job_file_save_async (GFile              *file,
                                              JsonNode           *state,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean        _pw_cvat_job_file_save_finish (GAsyncResult      *result,
                                               GError           **error);
void            _pw_cvat_job_file_load_async (GFile              *file,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
JsonNode       *_pw_cvat_job_file_load_finish (GAsyncResult      *result,
                                               GError           **error);
void            _pw_cvat_job_lock_async      (GFile              *job_file,
                                              const char         *busy,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
int             _pw_cvat_job_lock_finish     (GAsyncResult       *result,
                                              GError            **error);
void            _pw_cvat_job_unlock          (int                 fd);
void            _pw_cvat_job_file_release_async (GFile              *file,
                                                 GArray             *frames,
                                                 const char         *busy,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gint64          _pw_cvat_job_file_release_finish (GAsyncResult      *result,
                                                  GError           **error);
gboolean        _pw_cvat_job_state_is_open   (JsonNode           *state);
GHashTable     *_pw_cvat_job_state_get_released (JsonObject       *state);
gboolean        _pw_cvat_job_state_starts_over (JsonObject         *state);
void            _pw_cvat_job_state_forget_released (JsonObject     *state,
                                                    gint64          frame);

/* pw-cvat-submit.c */
void                _pw_cvat_submit_async   (PwCvatConnector    *self,
                                             const char         *task_id,
                                             const char         *body,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
PwSubmissionResult *_pw_cvat_submit_finish  (PwCvatConnector    *self,
                                             GAsyncResult       *result,
                                             GError            **error);

G_END_DECLS
