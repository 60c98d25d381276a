/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pw-demo-market.h"

G_BEGIN_DECLS

/* The demo marketplace's state. One mutex guards all of it: the server
 * answers on its own thread's main context while tests read what it
 * recorded from theirs. Functions named *_locked expect it held. */

typedef struct _PwDemoClaim PwDemoClaim;
typedef struct _PwDemoEntry PwDemoEntry;
typedef struct _PwDemoSubmission PwDemoSubmission;

typedef enum
{
  PW_DEMO_MEDIA_NONE,
  PW_DEMO_MEDIA_SCENE,
  PW_DEMO_MEDIA_SPEECH,
  PW_DEMO_MEDIA_CONDITIONS,     /* street scenes by day and night, in rain and fog */
} PwDemoMediaKind;

typedef enum
{
  PW_DEMO_WEATHER_CLEAR,
  PW_DEMO_WEATHER_RAIN,
  PW_DEMO_WEATHER_FOG,
} PwDemoWeather;

/* When and in what weather a street scene was taken. */
typedef struct
{
  gboolean night;
  PwDemoWeather weather;
} PwDemoConditions;

/* The scenes array holds the street scenes of clear days, then the
 * condition scenes. */
#define PW_DEMO_N_STREET_SCENES 8
#define PW_DEMO_N_CONDITION_SCENES 6

/* One media file the market made or found in its cache. */
typedef struct
{
  GBytes *bytes;
  char *sha256;
  const char *content_type;
  const char *extension;
} PwDemoMedia;

typedef struct
{
  char *id;
  JsonObject *definition;       /* as in projects.json, for GET v1/projects */
  char *kind;
  char *pay_amount;
  char *currency;
  char *qualification_id;       /* NULL where none is needed */
  guint pass_after;             /* submissions that pass it, for a qualification */
  double approval_rate;
  gboolean auto_approve;
  char *bonus_amount;
  PwDemoMediaKind media_kind;
  GPtrArray *tasks;             /* PwDemoTask */
} PwDemoProject;

typedef struct
{
  char *id;
  PwDemoProject *project;
  guint index;
  PwDemoClaim *claim;           /* the last claim that held it */
  gboolean reassigned;
  PwDemoSubmission *submission;
  GPtrArray *received_keys;     /* the Idempotency-Key of each PUT, in order */
} PwDemoTask;

struct _PwDemoClaim
{
  char *id;
  gint64 expires_at;            /* real time, µs */
  GPtrArray *tasks;             /* PwDemoTask, not owned */
};

struct _PwDemoSubmission
{
  char *id;
  char *key;
  PwDemoTask *task;
  JsonNode *body;
  char *response;               /* the body of the 201, sent again with 200 */
  PwDemoEntry *entry;
  gint64 due;                   /* monotonic time, µs, of its review */
};

struct _PwDemoEntry
{
  char *id;
  const char *type;
  char *task_id;
  char *project_id;
  const char *status;
  char *amount;
  char *currency;
  gint64 at;                    /* real time, µs, of the last change */
  gboolean reviewed;
  double score;
  char *comment;
};

struct _PwDemoMarket
{
  GObject parent_instance;

  GMutex mutex;

  char *data_dir;
  char *samples_dir;
  char *submission_log;
  char *token;
  guint64 seed;
  GRand *rand;
  guint review_delay_ms;
  guint lease_seconds;
  double media_scale;
  gboolean use_espeak;
  guint slow_delay_ms;
  guint retry_after;
  char *redirect_target;

  SoupServer *server;
  GMainContext *context;
  guint16 port;

  /* The catalogue, from projects.json and sentences.txt. */
  JsonObject *worker;
  GPtrArray *projects;          /* PwDemoProject */
  GHashTable *projects_by_id;
  GHashTable *tasks_by_id;
  GPtrArray *sentences;
  GPtrArray *review_comments[2]; /* rejected, approved */
  char *fee_amount;

  /* Media, once made: indexed by a task's index modulo their number. */
  GPtrArray *scenes;            /* PwDemoMedia: street scenes, then condition scenes */
  GPtrArray *speech;            /* PwDemoMedia */
  gboolean preparing;
  GCancellable *cancellable;

  /* Work. */
  GHashTable *claims;           /* id → PwDemoClaim */
  GHashTable *keys;             /* Idempotency-Key → PwDemoSubmission */
  GPtrArray *submissions;       /* PwDemoSubmission, owned */
  GHashTable *qualified;        /* project ids passed */
  guint64 next_id;
  char   *instance;

  /* The statement: entries, and each change of one as a row of the log. */
  GPtrArray *entries;           /* PwDemoEntry, owned */
  GPtrArray *statement;         /* JsonNode, a snapshot per change */
  GQueue pending_reviews;       /* PwDemoSubmission, by due time */
  GSource *review_source;

  /* Faults and what was received. */
  guint faults[PW_DEMO_N_FAULTS];
  guint requests[PW_DEMO_N_ENDPOINTS];
  GHashTable *authorizations;   /* origin → GPtrArray of header values */
  GHashTable *slow_sources;     /* GSource → SoupServerMessage */
};

/* pw-demo-market.c */
gboolean      _pw_demo_market_take_fault_locked     (PwDemoMarket      *self,
                                                     PwDemoFault        fault);
char         *_pw_demo_market_next_id_locked        (PwDemoMarket      *self,
                                                     const char        *prefix);
void          _pw_demo_market_reply_error           (SoupServerMessage *msg,
                                                     guint              status,
                                                     const char        *code,
                                                     const char        *format,
                                                     ...) G_GNUC_PRINTF (4, 5);
char         *_pw_demo_market_format_time           (gint64             real_time);

/* pw-demo-market-server.c */
void          _pw_demo_market_handle_request        (SoupServer        *server,
                                                     SoupServerMessage *msg,
                                                     const char        *path,
                                                     GHashTable        *query,
                                                     gpointer           user_data);

/* pw-demo-market-catalog.c */
gboolean      _pw_demo_market_load_catalog          (PwDemoMarket      *self,
                                                     GError           **error);
void          _pw_demo_market_project_free          (gpointer           data);
JsonNode     *_pw_demo_market_project_to_json_locked (PwDemoMarket     *self,
                                                    PwDemoProject     *project);
JsonNode     *_pw_demo_market_task_to_json_locked   (PwDemoMarket      *self,
                                                     PwDemoTask        *task);
gboolean      _pw_demo_market_task_is_available     (PwDemoTask        *task,
                                                     gint64             now);
PwDemoMedia  *_pw_demo_market_task_media_locked     (PwDemoMarket      *self,
                                                     PwDemoTask        *task);

/* pw-demo-market-work.c */
typedef struct
{
  guint status;
  JsonNode *body;               /* NULL for an error already set */
  gboolean committed;           /* a submission was stored */
} PwDemoReply;

void          _pw_demo_market_claim_locked          (PwDemoMarket      *self,
                                                     const char        *project_id,
                                                     SoupServerMessage *msg,
                                                     PwDemoReply       *reply);
void          _pw_demo_market_release_locked        (PwDemoMarket      *self,
                                                     const char        *claim_id,
                                                     SoupServerMessage *msg,
                                                     PwDemoReply       *reply);
void          _pw_demo_market_submit_locked         (PwDemoMarket      *self,
                                                     const char        *task_id,
                                                     SoupServerMessage *msg,
                                                     PwDemoReply       *reply);
void          _pw_demo_market_claim_free            (gpointer           data);
void          _pw_demo_market_submission_free       (gpointer           data);

/* pw-demo-market-ledger.c */
void          _pw_demo_market_statement_locked      (PwDemoMarket      *self,
                                                     SoupServerMessage *msg,
                                                     PwDemoReply       *reply);
void          _pw_demo_market_add_task_entry_locked (PwDemoMarket      *self,
                                                     PwDemoSubmission  *submission);
void          _pw_demo_market_entry_free            (gpointer           data);

/* pw-demo-market-media.c */
void          _pw_demo_market_media_free            (gpointer           data);
void          _pw_demo_market_prepare_async         (PwDemoMarket      *self);
char         *_pw_demo_market_sha256_hex            (GBytes            *bytes);

/* pw-demo-market-scene.c */
GBytes       *_pw_demo_market_make_scene            (int                width,
                                                     int                height,
                                                     guint              orientation,
                                                     guint32            seed,
                                                     const PwDemoConditions *conditions,
                                                     GError           **error);
const PwDemoConditions *_pw_demo_market_condition_scene (guint          index);

/* pw-demo-market-speech.c */
GBytes       *_pw_demo_market_make_speech           (const char        *sentence,
                                                     gboolean           use_espeak,
                                                     GCancellable      *cancellable,
                                                     GError           **error);

G_END_DECLS
