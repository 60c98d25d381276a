/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-queue-task.h"
#include "pw-tasks-view.h"

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
  GtkButton      *rate_button;
} PwProjectRow;

struct _PwTasksView
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

  /* The worker's own rates, and the “Your rate” row of each account */
  GPtrArray         *rates;
  GHashTable        *rate_rows;
  guint              n_rate_loads;

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

void        _pw_tasks_view_toast            (PwTasksView    *self,
                                             const char     *message);
void        _pw_tasks_view_toast_show_project (PwTasksView *self,
                                             const char     *message,
                                             const char     *account_id,
                                             const char     *project_id);
void        _pw_tasks_view_show_project     (PwTasksView    *self,
                                             const char     *account_id,
                                             const char     *project_id);
void        _pw_tasks_view_update_actions   (PwTasksView    *self);
void        _pw_tasks_view_set_loading      (PwTasksView    *self,
                                             gboolean        loading);
const char *_pw_tasks_view_account_name     (PwTasksView    *self,
                                             const char     *account_id);
char       *_pw_tasks_view_project_key      (const char     *account_id,
                                             const char     *project_id);

void        _pw_tasks_view_class_init_projects (GtkWidgetClass *widget_class);
void        _pw_tasks_view_init_projects    (PwTasksView    *self);
void        _pw_tasks_view_sync_accounts    (PwTasksView    *self);
void        _pw_tasks_view_refresh_account  (PwTasksView    *self,
                                             const char     *account_id);
PwProjectRow *_pw_tasks_view_lookup_project_row (PwTasksView *self,
                                             const char     *key);
void        _pw_tasks_view_take_claimed     (PwTasksView    *self,
                                             const char     *account_id,
                                             const char     *project_id,
                                             guint           n_claimed);
gboolean    _pw_tasks_view_lists_project    (PwTasksView    *self,
                                             const char     *account_id,
                                             const char     *project_id);
void        _pw_tasks_view_dispose_projects (PwTasksView    *self);

void        _pw_tasks_view_class_init_claims (GtkWidgetClass *widget_class);
void        _pw_tasks_view_init_claims      (PwTasksView    *self);
GtkWidget  *_pw_tasks_view_new_claim_control (PwTasksView   *self,
                                             PwProjectRow   *row);
void        _pw_tasks_view_cancel_claims    (PwTasksView    *self);
void        _pw_tasks_view_finalize_claims  (PwTasksView    *self);

void        _pw_tasks_view_class_init_queue (GtkWidgetClass *widget_class);
PwQueueTask *_pw_tasks_view_queue_item      (PwTasksView    *self,
                                             guint           position);
GPtrArray  *_pw_tasks_view_selected_tasks   (PwTasksView    *self);
void        _pw_tasks_view_queue_media_came (PwTasksView      *self,
                                             const char       *account_id,
                                             const char *const *task_ids,
                                             const char *const *media_files);
void        _pw_tasks_view_init_queue       (PwTasksView    *self);
void        _pw_tasks_view_tick             (PwTasksView    *self);
void        _pw_tasks_view_dispose_queue    (PwTasksView    *self);
void        _pw_tasks_view_finalize_queue   (PwTasksView    *self);

void        _pw_tasks_view_class_init_release (GtkWidgetClass *widget_class);
void        _pw_tasks_view_init_release     (PwTasksView    *self);
void        _pw_tasks_view_dispose_release  (PwTasksView    *self);
void        _pw_tasks_view_finalize_release (PwTasksView    *self);

void        _pw_tasks_view_class_init_rates (GtkWidgetClass *widget_class);
void        _pw_tasks_view_init_rates       (PwTasksView    *self);
void        _pw_tasks_view_finalize_rates   (PwTasksView    *self);
void        _pw_tasks_view_reload_rates     (PwTasksView    *self);
GtkWidget  *_pw_tasks_view_new_rate_row     (PwTasksView    *self,
                                             const char     *account_id);
void        _pw_tasks_view_forget_rate_row  (PwTasksView    *self,
                                             const char     *account_id);
GtkWidget  *_pw_tasks_view_new_rate_button  (PwTasksView    *self,
                                             PwProjectRow   *row);

void        _pw_tasks_view_emit_open_task   (PwTasksView    *self,
                                             const char     *account_id,
                                             const char     *task_id);
void        _pw_tasks_view_set_n_queued     (PwTasksView    *self,
                                             guint           n_queued,
                                             gboolean        lease_ending);

G_END_DECLS
