/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-queue-task.h"

/* One claimed task in the queue: what the store holds, the names to show
 * beside it, and its lease as the clock last saw it. */

struct _PwQueueTask
{
  GObject       parent_instance;

  PwStoreTask  *task;
  char         *key;
  char         *project_name;
  char         *account_name;
  char         *pay;
  char         *lease_text;
  PwLeaseState  lease_state;
  /* Its media: on its way, or why it did not come */
  gboolean      downloading;
  char         *media_error;
  const char   *media_text;
};

enum {
  PROP_0,
  PROP_PROJECT_NAME,
  PROP_ACCOUNT_NAME,
  PROP_TASK_ID,
  PROP_KIND_NAME,
  PROP_PAY,
  PROP_LEASE_TEXT,
  PROP_LEASE_STATE,
  PROP_DOWNLOADING,
  PROP_MEDIA_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PwQueueTask, pw_queue_task, G_TYPE_OBJECT)

/**
 * pw_queue_task_key:
 *
 * Returns: (transfer full): a key that names one task of one account
 */
char *
pw_queue_task_key (const char *account_id,
                   const char *task_id)
{
  return g_strconcat (account_id, "\x1f", task_id, NULL);
}

/**
 * pw_queue_task_format_lease_left:
 * @remaining: the time left on a lease, in microseconds
 *
 * Returns: (transfer full): how long the lease still runs, for the queue
 */
char *
pw_queue_task_format_lease_left (gint64 remaining)
{
  gint64 seconds;
  gint64 minutes;
  gint64 hours;

  if (remaining <= 0)
    return g_strdup (C_("lease", "Expired"));

  seconds = (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  minutes = remaining / (60 * G_USEC_PER_SEC);
  hours = minutes / 60;

  if (remaining < 60 * G_USEC_PER_SEC)
    /* Translators: a lease that runs out within a minute */
    return g_strdup_printf (_("Only %u s left"), (guint) seconds);
  if (remaining <= PW_LEASE_ENDING_US)
    /* Translators: a lease that runs out within ten minutes */
    return g_strdup_printf (_("Only %u min left"), (guint) minutes);
  if (hours == 0)
    return g_strdup_printf (_("%u min left"), (guint) minutes);
  if (hours < 48)
    /* Translators: hours and minutes left on a lease, "2 h 5 min left" */
    return g_strdup_printf (_("%u h %u min left"), (guint) hours, (guint) (minutes % 60));
  return g_strdup_printf (g_dngettext (PW_GETTEXT_PACKAGE, "%u day left", "%u days left",
                                       (gulong) (hours / 24)),
                          (guint) (hours / 24));
}

/**
 * pw_queue_task_kind_name:
 * @kind: what a task holds
 *
 * Returns: the name of @kind, as the queue and the projects show it
 */
const char *
pw_queue_task_kind_name (PwTaskKind kind)
{
  switch (kind)
    {
    case PW_TASK_KIND_TEXT:
      return C_("task kind", "Text");
    case PW_TASK_KIND_AUDIO:
      return C_("task kind", "Audio");
    case PW_TASK_KIND_IMAGE:
    default:
      return C_("task kind", "Image");
    }
}

/* What the queue says of the task's media: nothing once it is in the
 * cache (or for a text, which has none), that it is coming, or that it
 * did not come and the next sync tries again. */
static const char *
media_text_of (PwQueueTask *self)
{
  if (self->task->kind == PW_TASK_KIND_TEXT || self->task->media_file != NULL)
    return "";
  if (self->downloading)
    return _("Downloading…");
  if (self->task->kind == PW_TASK_KIND_AUDIO)
    return _("Recording not downloaded — will retry at next sync");
  return _("Image not downloaded — will retry at next sync");
}

static void
update_media_text (PwQueueTask *self)
{
  const char *text = media_text_of (self);

  if (g_strcmp0 (text, self->media_text) == 0)
    return;
  self->media_text = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TEXT]);
}

/**
 * pw_queue_task_new:
 * @task: the task as the store holds it
 * @project_name: (nullable): its project's name
 * @account_name: (nullable): its account's name
 *
 * Returns: (transfer full): a queue entry for @task; its lease is not yet
 *   compared with the clock (see pw_queue_task_update_lease())
 */
PwQueueTask *
pw_queue_task_new (const PwStoreTask *task,
                   const char        *project_name,
                   const char        *account_name)
{
  PwQueueTask *self;

  g_return_val_if_fail (task != NULL, NULL);

  self = g_object_new (PW_TYPE_QUEUE_TASK, NULL);
  self->task = pw_store_task_copy (task);
  self->key = pw_queue_task_key (task->account_id, task->task_id);
  self->project_name = g_strdup (project_name != NULL ? project_name : task->project_id);
  self->account_name = g_strdup (account_name != NULL ? account_name : task->account_id);
  /* No currency: a platform that pays outside its API; the
   * worker's own rate prices the work once it is accepted. */
  if (g_strcmp0 (task->currency, PW_MONEY_NO_CURRENCY) == 0)
    self->pay = g_strdup (C_("pay", "Your rate"));
  else
    self->pay = pw_money_display_price (task->pay_micro, task->currency);
  self->lease_text = g_strdup ("");
  self->media_text = media_text_of (self);
  return self;
}

const PwStoreTask *
pw_queue_task_get_task (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->task;
}

/**
 * pw_queue_task_set_task:
 * @task: the same task, as the store holds it now
 *
 * Keeps what the store learned of the task since it was queued, such as
 * its media having come.
 */
void
pw_queue_task_set_task (PwQueueTask       *self,
                        const PwStoreTask *task)
{
  g_autofree char *key = NULL;

  g_return_if_fail (PW_IS_QUEUE_TASK (self));
  g_return_if_fail (task != NULL);

  key = pw_queue_task_key (task->account_id, task->task_id);
  g_return_if_fail (g_str_equal (key, self->key));
  g_clear_pointer (&self->task, pw_store_task_free);
  self->task = pw_store_task_copy (task);
  update_media_text (self);
}

/**
 * pw_queue_task_set_downloading:
 * @downloading: whether the task's media is on its way
 *
 * A download that starts forgets why the last one failed.
 */
void
pw_queue_task_set_downloading (PwQueueTask *self,
                               gboolean     downloading)
{
  g_return_if_fail (PW_IS_QUEUE_TASK (self));

  downloading = !!downloading;
  if (downloading)
    g_clear_pointer (&self->media_error, g_free);
  if (self->downloading != downloading)
    {
      self->downloading = downloading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADING]);
    }
  update_media_text (self);
}

gboolean
pw_queue_task_get_downloading (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), FALSE);

  return self->downloading;
}

/**
 * pw_queue_task_set_media_error:
 * @message: (nullable): why the task's media did not come
 */
void
pw_queue_task_set_media_error (PwQueueTask *self,
                               const char  *message)
{
  g_return_if_fail (PW_IS_QUEUE_TASK (self));

  g_free (self->media_error);
  self->media_error = g_strdup (message);
}

/**
 * pw_queue_task_get_media_error:
 *
 * Returns: (nullable): why the task's media did not come, when its last
 *   download here failed
 */
const char *
pw_queue_task_get_media_error (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->media_error;
}

/**
 * pw_queue_task_get_media_text:
 *
 * Returns: what the queue says of the task's media: empty once it is in
 *   the cache, else that it is coming or did not come
 */
const char *
pw_queue_task_get_media_text (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->media_text;
}

/**
 * pw_queue_task_set_account_name:
 * @account_name: its account's name, as the accounts read now
 *
 * The accounts are read after the queue at start, and an account can be
 * renamed: the queue's Account column follows.
 */
void
pw_queue_task_set_account_name (PwQueueTask *self,
                                const char  *account_name)
{
  g_return_if_fail (PW_IS_QUEUE_TASK (self));
  g_return_if_fail (account_name != NULL);

  if (g_strcmp0 (self->account_name, account_name) == 0)
    return;
  g_free (self->account_name);
  self->account_name = g_strdup (account_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_NAME]);
}

const char *
pw_queue_task_get_key (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->key;
}

const char *
pw_queue_task_get_project_name (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->project_name;
}

const char *
pw_queue_task_get_account_name (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->account_name;
}

/**
 * pw_queue_task_get_kind_name:
 *
 * Returns: what the task holds, as the queue's Kind column shows it
 */
const char *
pw_queue_task_get_kind_name (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return pw_queue_task_kind_name (self->task->kind);
}

const char *
pw_queue_task_get_pay (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->pay;
}

const char *
pw_queue_task_get_lease_text (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), NULL);

  return self->lease_text;
}

PwLeaseState
pw_queue_task_get_lease_state (PwQueueTask *self)
{
  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), PW_LEASE_UNKNOWN);

  return self->lease_state;
}

/**
 * pw_queue_task_update_lease:
 * @now: the time, in microseconds since 1970
 *
 * Compares the lease with @now, notifying what changed.
 *
 * Returns: %TRUE when the lease has just run out
 */
gboolean
pw_queue_task_update_lease (PwQueueTask *self,
                            gint64       now)
{
  g_autofree char *text = NULL;
  PwLeaseState state;
  gint64 remaining;

  g_return_val_if_fail (PW_IS_QUEUE_TASK (self), FALSE);

  remaining = self->task->lease_expires_at - now;
  if (self->task->lease_expires_at == 0)
    state = PW_LEASE_NONE;
  else if (remaining <= 0)
    state = PW_LEASE_EXPIRED;
  else if (remaining <= PW_LEASE_ENDING_US)
    state = PW_LEASE_ENDING;
  else
    state = PW_LEASE_RUNNING;

  text = state == PW_LEASE_NONE ? g_strdup (C_("lease", "No limit"))
                                : pw_queue_task_format_lease_left (remaining);
  if (g_strcmp0 (text, self->lease_text) != 0)
    {
      g_free (self->lease_text);
      self->lease_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEASE_TEXT]);
    }
  if (state == self->lease_state)
    return FALSE;

  self->lease_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEASE_STATE]);
  return state == PW_LEASE_EXPIRED;
}

static void
pw_queue_task_finalize (GObject *object)
{
  PwQueueTask *self = PW_QUEUE_TASK (object);

  pw_store_task_free (self->task);
  g_free (self->key);
  g_free (self->project_name);
  g_free (self->account_name);
  g_free (self->pay);
  g_free (self->lease_text);
  g_free (self->media_error);

  G_OBJECT_CLASS (pw_queue_task_parent_class)->finalize (object);
}

static void
pw_queue_task_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwQueueTask *self = PW_QUEUE_TASK (object);

  switch (prop_id)
    {
    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project_name);
      break;

    case PROP_ACCOUNT_NAME:
      g_value_set_string (value, self->account_name);
      break;

    case PROP_TASK_ID:
      g_value_set_string (value, self->task != NULL ? self->task->task_id : NULL);
      break;

    case PROP_KIND_NAME:
      g_value_set_string (value, pw_queue_task_kind_name (self->task->kind));
      break;

    case PROP_PAY:
      g_value_set_string (value, self->pay);
      break;

    case PROP_LEASE_TEXT:
      g_value_set_string (value, self->lease_text);
      break;

    case PROP_LEASE_STATE:
      g_value_set_int (value, self->lease_state);
      break;

    case PROP_DOWNLOADING:
      g_value_set_boolean (value, self->downloading);
      break;

    case PROP_MEDIA_TEXT:
      g_value_set_string (value, self->media_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_queue_task_class_init (PwQueueTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_queue_task_finalize;
  object_class->get_property = pw_queue_task_get_property;

  properties[PROP_PROJECT_NAME] =
    g_param_spec_string ("project-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_NAME] =
    g_param_spec_string ("account-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASK_ID] =
    g_param_spec_string ("task-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PwQueueTask:kind-name:
   *
   * What the task holds: an image, a text or a recording.
   */
  properties[PROP_KIND_NAME] =
    g_param_spec_string ("kind-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAY] =
    g_param_spec_string ("pay", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PwQueueTask:lease-text:
   *
   * How long the lease still runs, as the queue shows it.
   */
  properties[PROP_LEASE_TEXT] =
    g_param_spec_string ("lease-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PwQueueTask:lease-state:
   *
   * Where the lease stands, a #PwLeaseState.
   */
  properties[PROP_LEASE_STATE] =
    g_param_spec_int ("lease-state", NULL, NULL, PW_LEASE_UNKNOWN, PW_LEASE_EXPIRED,
                      PW_LEASE_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwQueueTask:downloading:
   *
   * Whether the task's media is on its way to the cache.
   */
  properties[PROP_DOWNLOADING] =
    g_param_spec_boolean ("downloading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PwQueueTask:media-text:
   *
   * What the queue says of the task's media, empty once it is here.
   */
  properties[PROP_MEDIA_TEXT] =
    g_param_spec_string ("media-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_queue_task_init (PwQueueTask *self)
{
}
