/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-tasks-view.h"
#include "pw-queue-task.h"

G_BEGIN_DECLS

/* What each project's row holds, beside the row. */
typedef struct
{
  char           *account_id;
  PwProject      *project;
  GtkStack       *claim_stack;
  GtkMenuButton  *claim_button;
  GtkSpinButton  *count;
  GtkProgressBar *progress;
} PwProjectRow;

struct _PwMarketView
{
  AdwBin             parent_instance;

  PwStore           *store;
  PwAccountManager  *accounts;
  gulong             store_ready_id;
  gulong             ledger_changed_id;
  gulong             demo_pending_id;
  gulong             accounts_changed_id;
  GCancellable      *cancellable;
  gboolean           disposed;

  /* Projects, per account */
  GHashTable        *groups;
  GHashTable        *project_rows;
  GHashTable        *claims;
  gint64             listed_at;
  gboolean           loading;

  /* The queue */
  GListStore        *queue;
  GtkMultiSelection *selection;
  GCancellable      *queue_cancellable;
  GHashTable        *releasing;
  GHashTable        *warned_claims;
  AdwMessageDialog  *release_dialog;
  guint              tick_id;
  guint              wake_id;
  guint              n_queued;
  gboolean           lease_ending;

  /* Template children */
  GtkStack          *projects_stack;
  GtkBox            *projects_box;
  GtkSpinner        *projects_spinner;
  AdwStatusPage     *store_error_page;
  GtkStack          *queue_stack;
  GtkColumnView     *queue_view;
  GtkLabel          *queue_count;
};

void        pw_market_view_toast            (PwMarketView   *self,
                                             const char     *message);
void        pw_market_view_toast_show_project (PwMarketView *self,
                                             const char     *message,
                                             const char     *account_id,
                                             const char     *project_id);
void        pw_market_view_show_project     (PwMarketView   *self,
                                             const char     *account_id,
                                             const char     *project_id);
void        pw_market_view_update_actions   (PwMarketView   *self);
void        pw_market_view_set_loading      (PwMarketView   *self,
                                             gboolean        loading);
const char *pw_market_view_account_name     (PwMarketView   *self,
                                             const char     *account_id);
char       *pw_market_view_project_key      (const char     *account_id,
                                             const char     *project_id);

void        pw_market_view_class_init_projects (GtkWidgetClass *widget_class);
void        pw_market_view_init_projects    (PwMarketView   *self);
void        pw_market_view_sync_accounts    (PwMarketView   *self);
void        pw_market_view_refresh_account  (PwMarketView   *self,
                                             const char     *account_id);
PwProjectRow *pw_market_view_lookup_project_row (PwMarketView *self,
                                             const char     *key);
gboolean    pw_market_view_lists_project    (PwMarketView   *self,
                                             const char     *account_id,
                                             const char     *project_id);
void        pw_market_view_dispose_projects (PwMarketView   *self);

void        pw_market_view_class_init_claims (GtkWidgetClass *widget_class);
void        pw_market_view_init_claims      (PwMarketView   *self);
GtkWidget  *pw_market_view_new_claim_control (PwMarketView  *self,
                                             PwProjectRow   *row);
void        pw_market_view_cancel_claims    (PwMarketView   *self);
void        pw_market_view_finalize_claims  (PwMarketView   *self);

void        pw_market_view_class_init_queue (GtkWidgetClass *widget_class);
PwQueueTask *pw_market_view_queue_item      (PwMarketView   *self,
                                             guint           position);
GPtrArray  *pw_market_view_selected_tasks   (PwMarketView   *self);
void        pw_market_view_init_queue       (PwMarketView   *self);
void        pw_market_view_tick             (PwMarketView   *self);
void        pw_market_view_dispose_queue    (PwMarketView   *self);
void        pw_market_view_finalize_queue   (PwMarketView   *self);

void        pw_market_view_class_init_release (GtkWidgetClass *widget_class);
void        pw_market_view_init_release     (PwMarketView   *self);
void        pw_market_view_dispose_release  (PwMarketView   *self);
void        pw_market_view_finalize_release (PwMarketView   *self);

void        pw_market_view_emit_open_task   (PwMarketView   *self,
                                             const char     *account_id,
                                             const char     *task_id);
void        pw_market_view_set_n_queued     (PwMarketView   *self,
                                             guint           n_queued,
                                             gboolean        lease_ending);

G_END_DECLS
