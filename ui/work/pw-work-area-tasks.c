/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-application.h"
#include "pw-work-area-private.h"

/* Marketplace tasks in the work area: the claimed tasks of every account,
 * image, text or audio, in the queue's order, each opened from the media
 * cache with its project's labels in the panel of its kind. Ctrl+Return
 * queues the submission and shows the next task at once; the sync worker
 * sends it in the background. */

static PwActivityClock *get_clock (void);
static void follow_clock (PwWorkArea *self);

/**
 * _pw_work_area_in_tasks:
 *
 * Returns: %TRUE while the work area shows marketplace tasks
 */
gboolean
_pw_work_area_in_tasks (PwWorkArea *self)
{
  return self->tasks != NULL;
}

/**
 * _pw_work_area_current_task:
 *
 * Returns: (transfer none) (nullable): the task shown
 */
const PwStoreTask *
_pw_work_area_current_task (PwWorkArea *self)
{
  if (self->tasks == NULL || self->index < 0 || (guint) self->index >= self->tasks->len)
    return NULL;
  return self->tasks->pdata[self->index];
}

/**
 * pw_work_area_get_task_id:
 *
 * Returns: (nullable): the id of the marketplace task shown
 */
const char *
pw_work_area_get_task_id (PwWorkArea *self)
{
  const PwStoreTask *task;

  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  task = _pw_work_area_current_task (self);
  return task != NULL ? task->task_id : NULL;
}

/**
 * _pw_work_area_leave_tasks:
 *
 * Stops showing marketplace tasks, as when a folder opens.
 */
void
_pw_work_area_leave_tasks (PwWorkArea *self)
{
  PwActivityClock *clock = get_clock ();

  if (self->tasks != NULL && clock != NULL)
    pw_activity_clock_end_task (clock);
  g_cancellable_cancel (self->tasks_cancellable);
  g_clear_object (&self->tasks_cancellable);
  _pw_work_area_cancel_prefetch (self);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_object (&self->task_labels);
  g_clear_pointer (&self->labels_project, pw_project_unref);
  _pw_work_area_forget_projects (self);
  _pw_work_area_show_instructions (self, NULL, NULL, NULL);
}

static char *
task_title (const PwStoreTask *task,
            PwProject         *project)
{
  /* Translators: a project's name and a task's id, as the window's title */
  return g_strdup_printf (_("%s — %s"), project != NULL ? pw_project_get_name (project)
                                                       : task->project_id,
                          task->task_id);
}

static GtkWidget *
make_task_row (PwWorkArea        *self,
               const PwStoreTask *task)
{
  g_autoptr (PwProject) project = _pw_work_area_task_project (self, task);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (project != NULL ? pw_project_get_name (project)
                                                   : task->project_id);
  GtkWidget *id = gtk_label_new (task->task_id);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon;

  switch (task->kind)
    {
    case PW_TASK_KIND_TEXT:
      icon = gtk_image_new_from_icon_name ("text-x-generic-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Text task"));
      break;
    case PW_TASK_KIND_AUDIO:
      icon = gtk_image_new_from_icon_name ("audio-x-generic-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Audio task"));
      break;
    case PW_TASK_KIND_IMAGE:
    default:
      icon = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Image task"));
      break;
    }
  g_object_set_data (G_OBJECT (row), "pw-kind", GINT_TO_POINTER (task->kind));
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (line), name);
  gtk_box_append (GTK_BOX (line), icon);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_label_set_ellipsize (GTK_LABEL (id), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (id, "dim-label");
  gtk_widget_add_css_class (id, "caption");
  gtk_widget_set_tooltip_text (row, task->task_id);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), id);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_task_list (PwWorkArea *self)
{
  _pw_work_area_clear_image_list (self);
  for (guint i = 0; i < self->tasks->len; i++)
    gtk_list_box_append (self->image_list, make_task_row (self, self->tasks->pdata[i]));
}

static void
update_task_position (PwWorkArea *self)
{
  g_autofree char *text = g_strdup_printf (_("%d of %u"), self->index + 1, self->tasks->len);

  gtk_label_set_text (self->position_label, text);
  /* The list follows once the task is painted. */
  _pw_work_area_select_after_paint (self);
}

/* The project's labels in the list and on the canvas: the rows made for
 * the task before serve a task of the same project with the same labels,
 * as they are. */
static void
show_task_labels (PwWorkArea *self,
                  PwProject  *project)
{
  if (self->task_labels != NULL && _pw_work_area_same_labels (self->labels_project, project))
    return;

  g_clear_object (&self->task_labels);
  g_clear_pointer (&self->labels_project, pw_project_unref);
  if (project != NULL)
    {
      self->labels_project = pw_project_ref (project);
      self->task_labels = g_object_ref (pw_project_get_labels (project));
    }
  _pw_work_area_show_labels (self, self->task_labels);
}

/**
 * _pw_work_area_open_task_at:
 * @index: a task of the list
 *
 * Shows the task at @index in the panel of its kind: its image, text or
 * recording from the cache, its project's labels, and its work from the
 * store or the marketplace's prefill.
 */
void
_pw_work_area_open_task_at (PwWorkArea *self,
                            int         index)
{
  const PwStoreTask *task;
  g_autoptr (PwProject) project = NULL;
  g_autofree char *title = NULL;
  PwActivityClock *clock;

  g_return_if_fail (self->tasks != NULL);
  g_return_if_fail (index >= 0 && (guint) index < self->tasks->len);

  _pw_work_area_prepare_item (self, index);
  task = self->tasks->pdata[index];

  /* The frame first: the image, from the cache when it was decoded
   * ahead, before what that frame does not need. */
  gtk_stack_set_visible_child_name (self->stack, "work");
  _pw_work_area_show_mode (self, TRUE);
  _pw_work_area_show_kind (self, task->kind);
  if (task->kind == PW_TASK_KIND_IMAGE)
    _pw_work_area_load_image (self, FALSE);

  /* Read when the queue was listed, not at every move; a task of the
   * same project keeps the labels and instructions as they are. */
  project = _pw_work_area_task_project (self, task);
  self->rules = project != NULL ? pw_project_get_check_flags (project) : PW_CHECK_DEFAULT;
  show_task_labels (self, project);
  _pw_work_area_show_instructions (self, task->account_id, task->project_id, project);

  title = task_title (task, project);
  _pw_work_area_set_title (self, title);
  update_task_position (self);
  self->task_started_at = g_get_monotonic_time ();
  follow_clock (self);
  if ((clock = get_clock ()) != NULL)
    {
      pw_activity_clock_begin_task (clock, task->account_id, task->task_id, task->project_id);
      pw_activity_clock_input (clock);
    }

  _pw_work_area_after_open (self);
  _pw_work_area_prefetch (self);

  if (task->kind == PW_TASK_KIND_IMAGE)
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  _pw_work_area_update_actions (self);
}

typedef struct
{
  PwWorkArea *self;
  char       *account_id;
  char       *task_id;
} TaskRequest;

static void
task_request_free (TaskRequest *request)
{
  g_object_unref (request->self);
  g_free (request->account_id);
  g_free (request->task_id);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaskRequest, task_request_free)

static void
on_tasks_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (TaskRequest) request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = pw_store_list_open_tasks_finish (PW_STORE (source), result, &error);
  PwWorkArea *self = request->self;
  int index = -1;

  if (open == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The claimed tasks could not be read: %s"), error->message);
      _pw_work_area_toast (self, message);
      return;
    }

  /* Every task, in the queue's order, each in the panel of its kind. The
   * waveforms prepared for the list before are kept for the tasks still in
   * it. */
  if (self->folder != NULL)
    _pw_work_area_set_folder (self, NULL);
  _pw_work_area_leave_media_file (self);
  _pw_work_area_cancel_prefetch (self);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_store_task_free);
  for (guint i = 0; i < open->len; i++)
    {
      PwStoreTask *task = open->pdata[i];

      if (g_strcmp0 (task->account_id, request->account_id) == 0
          && g_strcmp0 (task->task_id, request->task_id) == 0)
        index = (int) self->tasks->len;
      g_ptr_array_add (self->tasks, pw_store_task_copy (task));
    }

  show_task_list (self);
  if (self->tasks->len == 0)
    {
      _pw_work_area_leave_tasks (self);
      _pw_work_area_set_title (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      _pw_work_area_toast (self, _("No task is waiting. Claim tasks in Tasks."));
      return;
    }
  if (index < 0)
    {
      if (request->task_id != NULL)
        _pw_work_area_toast (self, _("That task is no longer in the queue: it was submitted, "
                                     "released or its lease ran out."));
      index = 0;
    }
  _pw_work_area_open_task_at (self, index);
}

static void
list_tasks (PwWorkArea *self,
            const char *account_id,
            const char *task_id)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());
  PwStore *store = app != NULL ? pw_application_get_store (app) : NULL;
  TaskRequest *request;

  if (store == NULL)
    {
      _pw_work_area_toast (self, _("The store is not open yet; try again in a moment."));
      return;
    }
  /* A task asked for may be the demo's, whose work it sends. */
  pw_application_start_demo (app);

  g_cancellable_cancel (self->tasks_cancellable);
  g_clear_object (&self->tasks_cancellable);
  self->tasks_cancellable = g_cancellable_new ();

  request = g_new0 (TaskRequest, 1);
  request->self = g_object_ref (self);
  request->account_id = g_strdup (account_id);
  request->task_id = g_strdup (task_id);
  pw_store_list_open_tasks_async (store, self->tasks_cancellable, on_tasks_listed, request);
}

/**
 * pw_work_area_open_task:
 * @account_id: (nullable): the account that claimed the task
 * @task_id: (nullable): the task, or %NULL for the first in the queue
 *
 * Shows the claimed tasks of every kind, opening @task_id. Reads the queue
 * on a thread.
 */
void
pw_work_area_open_task (PwWorkArea *self,
                        const char *account_id,
                        const char *task_id)
{
  g_return_if_fail (PW_IS_WORK_AREA (self));

  list_tasks (self, account_id, task_id);
}

typedef struct
{
  PwWorkArea *self;
  gboolean    last;
} SubmissionSave;

static void
submission_save_free (SubmissionSave *save)
{
  g_object_unref (save->self);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SubmissionSave, submission_save_free)

/* A submission counts as made once it is on the disk: until then the
 * worker is told it waits to be saved, and the window's banner says why. */
static void
on_submission_saved (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (SubmissionSave) save = user_data;
  g_autoptr (GError) error = NULL;

  if (!pw_store_flush_finish (PW_STORE (source), result, &error))
    _pw_work_area_toast (save->self, _("Waiting to be saved: the disk refused the submission. "
                                       "It is kept, and sent once it is saved."));
  else if (save->last)
    _pw_work_area_toast (save->self, _("Submitted. That was the last claimed task; claim more "
                                       "in Tasks."));
}

/**
 * _pw_work_area_submit_and_next:
 *
 * Queues the shown task's submission, in one transaction with the task's
 * new state, and shows the next task at once; says whether it was saved
 * once the disk answers.
 */
void
_pw_work_area_submit_and_next (PwWorkArea *self)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());
  PwStore *store = app != NULL ? pw_application_get_store (app) : NULL;
  PwSyncWorker *sync = app != NULL ? pw_application_get_sync_worker (app) : NULL;
  const PwStoreTask *task = _pw_work_area_current_task (self);
  PwAnnotation *annotation = _pw_work_area_get_annotation (self);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *key = NULL;
  SubmissionSave *save;
  double seconds;
  int index = self->index;

  if (task == NULL || annotation == NULL)
    return;
  if (store == NULL)
    {
      _pw_work_area_toast (self, _("The store is not open, so the task cannot be submitted; "
                                   "your shapes are kept. Restart Piecework."));
      return;
    }

  /* The clock's measure of active time; the time on screen where there is
   * no clock, as for a store that could not open. */
  if (get_clock () != NULL
      && g_strcmp0 (pw_activity_clock_get_task_id (get_clock ()), task->task_id) == 0)
    {
      pw_activity_clock_end_task (get_clock ());
      seconds = pw_activity_clock_get_active_seconds (get_clock ());
    }
  else
    seconds = (double) (g_get_monotonic_time () - self->task_started_at) / G_USEC_PER_SEC;
  key = pw_task_submit (store, task, annotation, seconds, now);
  save = g_new0 (SubmissionSave, 1);
  save->self = g_object_ref (self);
  save->last = self->tasks->len == 1;
  pw_store_flush_async (store, NULL, on_submission_saved, save);
  if (sync != NULL)
    pw_sync_worker_wake (sync);
  /* The task now awaits its statement entry: the figures changed. */
  g_signal_emit_by_name (app, "ledger-changed");

  g_ptr_array_remove_index (self->tasks, (guint) index);
  gtk_list_box_remove (self->image_list,
                       GTK_WIDGET (gtk_list_box_get_row_at_index (self->image_list, index)));
  if (self->tasks->len == 0)
    {
      _pw_work_area_prepare_item (self, -1);
      _pw_work_area_leave_tasks (self);
      _pw_work_area_show_labels (self, NULL);
      _pw_work_area_set_title (self, NULL);
      pw_image_canvas_set_image (self->canvas, NULL);
      _pw_work_area_show_kind (self, PW_TASK_KIND_IMAGE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  _pw_work_area_open_task_at (self, MIN (index, (int) self->tasks->len - 1));
}

/* The clock of the task in front of the worker */

static PwActivityClock *
get_clock (void)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());

  return app != NULL ? pw_application_get_activity_clock (app) : NULL;
}

static void
on_idle_answered (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  PwActivityClock *clock = get_clock ();

  if (clock != NULL && pw_activity_clock_get_idle_pending (clock))
    pw_activity_clock_resolve_idle (clock, g_strcmp0 (response, "work") == 0);
}

/* Input came back after the idle threshold: reading instructions looks
 * idle to a clock, so the worker says what those minutes were. */
static void
on_idle_ended (PwWorkArea *self,
               gint64      idle_start,
               gint64      idle_end)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint minutes = (guint) MAX ((idle_end - idle_start + 30 * G_USEC_PER_SEC) / (60 * G_USEC_PER_SEC), 1);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE,
                                       "Nothing was typed or clicked for %u minute, so the "
                                       "task’s clock stopped. Reading instructions or "
                                       "studying an image is work too: count it if it was.",
                                       "Nothing was typed or clicked for %u minutes, so the "
                                       "task’s clock stopped. Reading instructions or "
                                       "studying an image is work too: count them if they were.",
                                       minutes), minutes);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Were You Working?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "not-work", _("_Not Work"),
                                    "work", _("_Count as Work"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "work",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "work");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "not-work");
  g_signal_connect (dialog, "response", G_CALLBACK (on_idle_answered), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_root_active (PwWorkArea *self,
                GParamSpec *pspec,
                GtkWindow  *window)
{
  PwActivityClock *clock = get_clock ();

  if (clock != NULL)
    pw_activity_clock_set_focused (clock, gtk_window_is_active (window));
}

static gboolean
on_input (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          PwWorkArea               *self)
{
  PwActivityClock *clock;
  gint64 now;

  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
      /* The pointer moves often; once a second says enough. */
      now = g_get_monotonic_time ();
      if (now - self->last_motion_input < G_USEC_PER_SEC)
        return GDK_EVENT_PROPAGATE;
      self->last_motion_input = now;
      break;
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if ((clock = get_clock ()) != NULL)
    pw_activity_clock_input (clock);
  return GDK_EVENT_PROPAGATE;
}

static void
follow_clock (PwWorkArea *self)
{
  PwActivityClock *clock = get_clock ();

  if (clock == NULL || self->clock_idle_id != 0)
    return;
  self->clock_idle_id = g_signal_connect_object (clock, "idle-ended", G_CALLBACK (on_idle_ended),
                                                 self, G_CONNECT_SWAPPED);
}

static void
on_work_area_map (PwWorkArea *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  follow_clock (self);
  if (GTK_IS_WINDOW (root) && self->clock_window == NULL)
    {
      self->clock_window = GTK_WINDOW (root);
      g_object_add_weak_pointer (G_OBJECT (root), (gpointer *) &self->clock_window);
      g_signal_connect_object (root, "notify::is-active", G_CALLBACK (on_root_active), self,
                               G_CONNECT_SWAPPED);
      on_root_active (self, NULL, GTK_WINDOW (root));
    }
}

/**
 * _pw_work_area_init_clock:
 *
 * Feeds the worker's input and the window's focus to the activity clock,
 * and asks about idle minutes.
 */
void
_pw_work_area_init_clock (PwWorkArea *self)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  g_signal_connect (self, "map", G_CALLBACK (on_work_area_map), NULL);
}

/**
 * _pw_work_area_finish_clock:
 *
 * Lets go of the window and the clock, as the work area goes.
 */
void
_pw_work_area_finish_clock (PwWorkArea *self)
{
  if (self->clock_window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->clock_window, self);
      g_object_remove_weak_pointer (G_OBJECT (self->clock_window), (gpointer *) &self->clock_window);
      self->clock_window = NULL;
    }
}
