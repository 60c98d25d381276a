/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-tasks-view-private.h"

/* Claims: a number of tasks of one project, their media downloaded to the
 * cache so the work can be done offline. A claim outlives the project rows,
 * which are rebuilt each time their account is listed, and shows its
 * progress on whichever row stands for its project. Its tasks join the
 * queue as soon as the claim is answered, and open while the rest of the
 * media still comes: each waits only for its own. */

typedef struct
{
  PwTasksView    *self;
  char           *key;
  char           *account_id;
  char           *project_id;
  char           *project_name;
  char           *qualification_id;
  guint           count;
  PwConnector *client;
  GCancellable   *cancellable;
  char           *text;
  double          fraction;
  /* Its tasks are in the store, and shown in the queue */
  gboolean        stored;
} Claim;

static void
claim_free (Claim *claim)
{
  g_object_unref (claim->self);
  g_free (claim->key);
  g_free (claim->account_id);
  g_free (claim->project_id);
  g_free (claim->project_name);
  g_free (claim->qualification_id);
  g_clear_object (&claim->client);
  g_object_unref (claim->cancellable);
  g_free (claim->text);
  g_free (claim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Claim, claim_free)

static void
show_claim (PwProjectRow *row,
            Claim        *claim)
{
  if (claim == NULL)
    {
      gtk_stack_set_visible_child_name (row->claim_stack, "idle");
      return;
    }

  gtk_progress_bar_set_text (row->progress, claim->text);
  gtk_progress_bar_set_fraction (row->progress, claim->fraction);
  gtk_stack_set_visible_child_name (row->claim_stack, "busy");
}

static void
on_count_activate (GtkWidget *text,
                   GtkWidget *claim_button)
{
  GtkWidget *widget = gtk_widget_get_ancestor (claim_button, ADW_TYPE_ACTION_ROW);
  PwProjectRow *row = widget != NULL ? g_object_get_data (G_OBJECT (widget), "pw-project-row") : NULL;

  if (row != NULL)
    gtk_widget_activate_action (claim_button, "tasks.claim", "(ss)", row->account_id,
                                pw_project_get_id (row->project));
}

/* A claim that takes the whole project (a CVAT job), whatever the count:
 * the popover says so, and asks for no number. */
static GtkWidget *
new_whole_job_part (PwProjectRow *row,
                    GtkWidget    *label)
{
  guint frames = (guint) CLAMP (pw_project_get_available_tasks (row->project), 0, G_MAXUINT);
  g_autofree char *text = NULL;
  GtkWidget *detail;

  gtk_label_set_text (GTK_LABEL (label), _("Claim the whole job"));
  /* Translators: what claiming a CVAT job takes; %u is its number of frames */
  text = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "Its %u frame, downloaded for offline work",
                                       "All its %u frames, downloaded for offline work", frames),
                          frames);
  detail = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 30);
  row->count = NULL;
  return detail;
}

static GtkWidget *
new_claim_popover (PwProjectRow *row,
                   gboolean      whole_job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (_("Tasks to claim"));
  GtkWidget *claim = gtk_button_new_with_mnemonic (_("_Claim"));
  GtkWidget *popover = gtk_popover_new ();

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");

  gtk_widget_add_css_class (claim, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (claim), "tasks.claim");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (claim), "(ss)", row->account_id,
                                    pw_project_get_id (row->project));
  if (whole_job)
    {
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), new_whole_job_part (row, label));
      gtk_box_append (GTK_BOX (box), claim);
      gtk_popover_set_child (GTK_POPOVER (popover), box);
      gtk_popover_set_default_widget (GTK_POPOVER (popover), claim);
      return popover;
    }

  row->count = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 100, 1));
  gtk_spin_button_set_value (row->count, 10);
  gtk_spin_button_set_numeric (row->count, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (row->count));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->count),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (row->count)), "activate",
                    G_CALLBACK (on_count_activate), row->claim_button);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->count));
  gtk_box_append (GTK_BOX (box), claim);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), claim);
  return popover;
}

/**
 * _pw_tasks_view_new_claim_control:
 *
 * Returns: (transfer floating): what claims tasks of @row's project and
 *   shows the claim in flight
 */
GtkWidget *
_pw_tasks_view_new_claim_control (PwTasksView  *self,
                                  PwProjectRow *row)
{
  g_autofree char *key = _pw_tasks_view_project_key (row->account_id,
                                                     pw_project_get_id (row->project));
  GtkWidget *busy = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("C_ancel"));

  row->claim_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (row->claim_stack, FALSE);
  gtk_widget_set_valign (GTK_WIDGET (row->claim_stack), GTK_ALIGN_CENTER);

  row->claim_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (row->claim_button, _("Claim…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->claim_button),
                               _("Claim tasks and download their media for offline work"));
  gtk_menu_button_set_popover (row->claim_button,
                               new_claim_popover (row, pw_project_get_claims_whole (row->project)));
  gtk_widget_set_sensitive (GTK_WIDGET (row->claim_button),
                            pw_project_get_available_tasks (row->project) > 0
                            && pw_project_get_unsupported (row->project) == NULL);
  if (pw_project_get_unsupported (row->project) != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (row->claim_button),
                                 pw_project_get_unsupported (row->project));
  gtk_stack_add_named (row->claim_stack, GTK_WIDGET (row->claim_button), "idle");

  row->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (row->progress, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (row->progress), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (row->progress), 160, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "tasks.cancel-claim");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (cancel), "(ss)", row->account_id,
                                    pw_project_get_id (row->project));
  gtk_widget_set_tooltip_text (cancel, _("Stop claiming; tasks already claimed stay in the queue (Escape)"));
  gtk_box_append (GTK_BOX (busy), GTK_WIDGET (row->progress));
  gtk_box_append (GTK_BOX (busy), cancel);
  gtk_stack_add_named (row->claim_stack, busy, "busy");

  show_claim (row, g_hash_table_lookup (self->claims, key));
  return GTK_WIDGET (row->claim_stack);
}

static PwProjectRow *
claim_row (Claim *claim)
{
  return _pw_tasks_view_lookup_project_row (claim->self, claim->key);
}

static void
on_claim_progress (guint    n_done,
                   guint    n_tasks,
                   goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  Claim *claim = user_data;
  PwProjectRow *row;
  double part = total > 0 ? (double) received / (double) total : 0.0;

  g_free (claim->text);
  if (n_tasks == 0)
    {
      claim->text = g_strdup (_("Claiming…"));
      claim->fraction = 0.0;
    }
  else
    {
      /* Translators: tasks whose media is downloaded, of all the claim's tasks */
      claim->text = g_strdup_printf (_("Downloading %u of %u"), MIN (n_done + 1, n_tasks), n_tasks);
      claim->fraction = MIN (((double) n_done + part) / (double) n_tasks, 1.0);
    }

  if (claim->self->disposed)
    return;
  if ((row = claim_row (claim)) != NULL)
    show_claim (row, claim);
  /* The claim is answered: its tasks can be opened, and its project has
   * fewer to hand out; the list after the claim says how many. */
  if (n_tasks > 0 && !claim->stored)
    {
      claim->stored = TRUE;
      pw_tasks_view_reload_queue (claim->self);
      _pw_tasks_view_take_claimed (claim->self, claim->account_id, claim->project_id, n_tasks);
    }
}

static char *
claimed_message (Claim        *claim,
                 PwClaimBatch *batch)
{
  g_auto (GStrv) ids = pw_claim_batch_get_task_ids (batch);
  guint n = g_strv_length (ids);
  guint failed = pw_claim_batch_get_n_media_failed (batch);
  const GError *media_error = pw_claim_batch_get_media_error (batch);
  g_autofree char *claimed = NULL;
  g_autofree char *missing = NULL;

  if (n == 0)
    /* Translators: %s is a project's name */
    return g_strdup_printf (_("“%s” has no tasks to hand out now"), claim->project_name);

  claimed = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "Claimed %u task", "Claimed %u tasks",
                                          n), n);
  /* Such as that the tasks are not locked for the worker */
  if (pw_claim_batch_get_note (batch) != NULL)
    {
      g_autofree char *noted = g_steal_pointer (&claimed);

      /* Translators: the tasks claimed, then what the server says of them */
      claimed = g_strdup_printf (_("%s. %s"), noted, pw_claim_batch_get_note (batch));
    }
  if (failed == 0)
    return g_steal_pointer (&claimed);

  missing = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                          "the media of %u could not be downloaded: %s",
                                          "the media of %u could not be downloaded: %s", failed),
                             failed, media_error != NULL ? media_error->message : "");
  /* Translators: the tasks claimed, then the media that failed */
  return g_strdup_printf (_("%s; %s"), claimed, missing);
}

static void
claim_failed (Claim  *claim,
              GError *error)
{
  PwTasksView *self = claim->self;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      message = g_strdup_printf (_("Stopped claiming from “%s”; tasks already claimed stay in the queue"),
                                 claim->project_name);
      _pw_tasks_view_toast (self, message);
    }
  else if (g_error_matches (error, PW_ERROR, PW_ERROR_FORBIDDEN)
           && g_strcmp0 (pw_error_get_remote_code (error), "not_qualified") == 0)
    {
      message = g_strdup_printf (_("Pass the qualification before claiming from “%s”"),
                                 claim->project_name);
      if (claim->qualification_id != NULL
          && _pw_tasks_view_lists_project (self, claim->account_id, claim->qualification_id))
        _pw_tasks_view_toast_show_project (self, message, claim->account_id,
                                           claim->qualification_id);
      else
        _pw_tasks_view_toast (self, message);
    }
  else
    {
      /* Translators: a project's name, then why nothing could be claimed */
      message = g_strdup_printf (_("Could not claim from “%s”: %s"), claim->project_name,
                                 error->message);
      _pw_tasks_view_toast (self, message);
    }
}

/* Takes @claim: the claim has ended, with @batch or with @error. */
static void
claim_done (Claim        *claim_in,
            PwClaimBatch *batch,
            GError       *error)
{
  g_autoptr (Claim) claim = claim_in;
  PwTasksView *self = claim->self;
  PwProjectRow *row;

  g_hash_table_remove (self->claims, claim->key);
  if (self->disposed)
    return;

  if ((row = claim_row (claim)) != NULL)
    show_claim (row, NULL);
  _pw_tasks_view_update_actions (self);

  if (batch == NULL)
    claim_failed (claim, error);
  else
    {
      g_autofree char *message = claimed_message (claim, batch);
      g_auto (GStrv) task_ids = pw_claim_batch_get_task_ids (batch);
      g_auto (GStrv) media_files = pw_claim_batch_get_media_files (batch);

      _pw_tasks_view_queue_media_came (self, claim->account_id, (const char *const *) task_ids,
                                       (const char *const *) media_files);
      _pw_tasks_view_toast (self, message);
      _pw_tasks_view_refresh_account (self, claim->account_id);
    }
  pw_tasks_view_reload_queue (self);
}

static void
on_claimed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwClaimBatch) batch = pw_claim_batch_finish (result, &error);

  claim_done (user_data, batch, error);
}

static void
ensure_dir_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;

  if (pw_paths_ensure_dir (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_media_dir_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Claim *claim = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) media_dir = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      claim_done (claim, NULL, error);
      return;
    }

  media_dir = g_file_new_for_path (g_task_get_task_data (G_TASK (result)));
  pw_claim_batch_async (claim->self->store, claim->client, claim->account_id, claim->project_id,
                        claim->count, media_dir, on_claim_progress, claim, claim->cancellable,
                        on_claimed, claim);
}

static void
claim_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  const char *account_id;
  const char *project_id;
  g_autofree char *key = NULL;
  g_autofree char *cache = NULL;
  g_autoptr (PwConnector) client = NULL;
  PwProjectRow *row;
  Claim *claim;
  GTask *task;

  g_variant_get (parameter, "(&s&s)", &account_id, &project_id);
  key = _pw_tasks_view_project_key (account_id, project_id);
  row = _pw_tasks_view_lookup_project_row (self, key);
  if (self->store == NULL || row == NULL || g_hash_table_contains (self->claims, key))
    return;

  gtk_menu_button_popdown (row->claim_button);
  client = pw_account_manager_get_connector (self->accounts, account_id);
  if (client == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is an account's name */
      message = g_strdup_printf (_("There is no token for %s; enter it again in Preferences"),
                                 _pw_tasks_view_account_name (self, account_id));
      _pw_tasks_view_toast (self, message);
      return;
    }

  if (row->count != NULL)
    gtk_spin_button_update (row->count);
  claim = g_new0 (Claim, 1);
  claim->self = g_object_ref (self);
  claim->key = g_steal_pointer (&key);
  claim->account_id = g_strdup (account_id);
  claim->project_id = g_strdup (project_id);
  claim->project_name = g_strdup (pw_project_get_name (row->project));
  claim->qualification_id = g_strdup (pw_project_get_qualification (row->project, NULL));
  /* A whole job: the connector takes it all, whatever the count. */
  claim->count = row->count != NULL ? (guint) gtk_spin_button_get_value_as_int (row->count)
                                    : (guint) MAX (pw_project_get_available_tasks (row->project), 1);
  claim->client = g_steal_pointer (&client);
  claim->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->claims, claim->key, claim);
  on_claim_progress (0, 0, 0, 0, claim);
  _pw_tasks_view_update_actions (self);

  cache = pw_paths_cache_dir ();
  task = g_task_new (NULL, claim->cancellable, on_media_dir_ready, claim);
  g_task_set_task_data (task, g_build_filename (cache, "media", NULL), g_free);
  g_task_run_in_thread (task, ensure_dir_thread);
  g_object_unref (task);
}

static void
cancel_claim_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PwTasksView *self = PW_TASKS_VIEW (widget);
  const char *account_id;
  const char *project_id;
  g_autofree char *key = NULL;
  Claim *claim;

  g_variant_get (parameter, "(&s&s)", &account_id, &project_id);
  key = _pw_tasks_view_project_key (account_id, project_id);
  if ((claim = g_hash_table_lookup (self->claims, key)) != NULL)
    g_cancellable_cancel (claim->cancellable);
}

void
_pw_tasks_view_cancel_claims (PwTasksView *self)
{
  GHashTableIter iter;
  gpointer claim;

  g_hash_table_iter_init (&iter, self->claims);
  while (g_hash_table_iter_next (&iter, NULL, &claim))
    g_cancellable_cancel (((Claim *) claim)->cancellable);
}

static void
cancel_claims_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _pw_tasks_view_cancel_claims (PW_TASKS_VIEW (widget));
}

void
_pw_tasks_view_init_claims (PwTasksView *self)
{
  self->claims = g_hash_table_new (g_str_hash, g_str_equal);
}

/* The claims in flight hold the view until they end. */
void
_pw_tasks_view_finalize_claims (PwTasksView *self)
{
  g_assert (g_hash_table_size (self->claims) == 0);
  g_clear_pointer (&self->claims, g_hash_table_unref);
}

void
_pw_tasks_view_class_init_claims (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "tasks.claim", "(ss)", claim_activated);
  gtk_widget_class_install_action (widget_class, "tasks.cancel-claim", "(ss)",
                                   cancel_claim_activated);
  gtk_widget_class_install_action (widget_class, "tasks.cancel-claims", NULL,
                                   cancel_claims_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "tasks.cancel-claims", NULL);
}
