/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "market/pw-market-project.h"

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

gboolean     _pw_ls_token_is_jwt           (const char   *token,
                                            gint64       *expires_at);

G_END_DECLS
