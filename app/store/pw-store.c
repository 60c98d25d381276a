/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-error.h"
#include "pw-paths.h"
#include "pw-store-private.h"
#include "pw-store-sql.h"
#include "pw-store-writer-private.h"
#include "pw-store.h"

/* The store object: opening the database, what it reports while the disk
 * refuses writes, waiting for the writes, and the accessors its files
 * share through pw-store-private.h. */

/**
 * PwStore:
 *
 * The worker's database: drafts with their edit history, and the
 * application's own state.
 *
 * Writes never wait on the disk: they go, in the order they are made, to
 * one writer thread that commits each in its own transaction with
 * `synchronous=FULL`, so a write is on the disk moments after it is asked
 * for and a crash loses at most what was still queued. Reads run on a
 * thread with a second connection, which WAL lets read while the writer
 * writes, and see every write made before them.
 *
 * When the disk refuses a write, #PwStore::write-failed says so on the main
 * context and #PwStore:failing becomes %TRUE; the write and all after it
 * are kept in memory and retried in order until the disk takes them.
 * #PwStore:n-unwritten says how many wait and #PwStore:write-error why;
 * pw_store_save_unwritten_async() writes them to a file elsewhere.
 */

struct _PwStore
{
  GObject        parent_instance;

  char          *path;
  GMainContext  *context;
  PwStoreWriter *writer;

  /* Reads may come from several threads at once; one connection serves
   * them in turn. */
  GMutex         reader_lock;
  sqlite3       *reader;

  /* The application's state, small enough to keep whole in memory so the
   * main thread reads it without touching the disk. */
  GHashTable    *state;

  gboolean       failing;
  guint          n_unwritten;
  GError        *write_error;
};

static void pw_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwStore, pw_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      pw_store_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE, NULL))

enum
{
  PROP_0,
  PROP_PATH,
  PROP_FAILING,
  PROP_N_UNWRITTEN,
  PROP_WRITE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  WRITE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the writer thread needs to reach the store on its main context. It
 * holds the store weakly, so a report still queued when the store is gone
 * is dropped. */
typedef struct
{
  GWeakRef      store;
  GMainContext *context;
} Reporter;

typedef struct
{
  Reporter *reporter;
  GError   *error;
  guint     n_unwritten;
  gboolean  kept;
} Report;

static void
reporter_clear (gpointer data)
{
  Reporter *reporter = data;

  g_weak_ref_clear (&reporter->store);
  g_main_context_unref (reporter->context);
}

static void
reporter_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, reporter_clear);
}

static void
report_free (gpointer data)
{
  Report *report = data;

  reporter_release (report->reporter);
  g_clear_error (&report->error);
  g_free (report);
}

static void
set_failing (PwStore *self,
             gboolean failing)
{
  if (self->failing == failing)
    return;

  self->failing = failing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILING]);
}

static void
set_unwritten (PwStore      *self,
               guint         n_unwritten,
               const GError *error)
{
  gboolean same_error = (self->write_error == NULL && error == NULL) ||
                        (self->write_error != NULL && error != NULL &&
                         self->write_error->domain == error->domain &&
                         self->write_error->code == error->code &&
                         g_strcmp0 (self->write_error->message, error->message) == 0);

  if (!same_error)
    {
      g_clear_error (&self->write_error);
      self->write_error = error != NULL ? g_error_copy (error) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_ERROR]);
    }

  if (self->n_unwritten != n_unwritten)
    {
      self->n_unwritten = n_unwritten;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNWRITTEN]);
    }
}

static gboolean
report_on_main_context (gpointer data)
{
  Report *report = data;
  g_autoptr (PwStore) self = g_weak_ref_get (&report->reporter->store);
  gboolean was_failing;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (report->error == NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_unwritten (self, 0, NULL);
      set_failing (self, FALSE);
      g_object_thaw_notify (G_OBJECT (self));
      return G_SOURCE_REMOVE;
    }

  if (!report->kept)
    {
      g_signal_emit (self, signals[WRITE_FAILED], 0, report->error);
      return G_SOURCE_REMOVE;
    }

  /* The signal comes once per run of failures; the count and the reason
   * follow every change. */
  was_failing = self->failing;
  g_object_freeze_notify (G_OBJECT (self));
  set_unwritten (self, report->n_unwritten, report->error);
  set_failing (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
  if (!was_failing)
    g_signal_emit (self, signals[WRITE_FAILED], 0, report->error);

  return G_SOURCE_REMOVE;
}

/* Runs on the writer thread. */
static void
on_writer_report (const GError *error,
                  guint         n_unwritten,
                  gboolean      kept,
                  gpointer      user_data)
{
  Report *report = g_new0 (Report, 1);
  g_autoptr (GSource) source = NULL;

  report->reporter = g_atomic_rc_box_acquire ((Reporter *) user_data);
  report->error = error != NULL ? g_error_copy (error) : NULL;
  report->n_unwritten = n_unwritten;
  report->kept = kept;

  /* Not g_main_context_invoke(): while nobody iterates the context, it
   * would run the handlers here, on the writer thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[piecework] store report");
  g_source_set_callback (source, report_on_main_context, report, report_free);
  g_source_attach (source, report->reporter->context);
}

static gboolean
pw_store_initable_init (GInitable    *initable,
                        GCancellable *cancellable,
                        GError      **error)
{
  PwStore *self = PW_STORE (initable);
  g_autofree char *dir = NULL;
  g_autoptr (sqlite3) db = NULL;
  Reporter *reporter;

  g_return_val_if_fail (self->path != NULL, FALSE);

  dir = g_path_get_dirname (self->path);
  if (!pw_paths_ensure_dir (dir, error))
    return FALSE;

  /* The writer's connection migrates the schema before anything reads. */
  db = pw_store_db_open (self->path, error);
  if (db == NULL)
    return FALSE;

  self->reader = pw_store_db_open (self->path, error);
  if (self->reader == NULL)
    return FALSE;

  self->state = _pw_store_db_load_state (self->reader, error);
  if (self->state == NULL)
    return FALSE;

  reporter = g_atomic_rc_box_new0 (Reporter);
  g_weak_ref_init (&reporter->store, self);
  reporter->context = g_main_context_ref (self->context);
  self->writer = _pw_store_writer_new (g_steal_pointer (&db), on_writer_report,
                                       reporter, reporter_release);

  return TRUE;
}

static void
pw_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = pw_store_initable_init;
}

static void
pw_store_dispose (GObject *object)
{
  PwStore *self = PW_STORE (object);

  /* Writes what is still queued before the thread stops. */
  g_clear_pointer (&self->writer, _pw_store_writer_free);

  G_OBJECT_CLASS (pw_store_parent_class)->dispose (object);
}

static void
pw_store_finalize (GObject *object)
{
  PwStore *self = PW_STORE (object);

  g_clear_pointer (&self->reader, sqlite3_close);
  g_mutex_clear (&self->reader_lock);
  g_clear_pointer (&self->state, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_error (&self->write_error);

  G_OBJECT_CLASS (pw_store_parent_class)->finalize (object);
}

static void
pw_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PwStore *self = PW_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FAILING:
      g_value_set_boolean (value, self->failing);
      break;
    case PROP_N_UNWRITTEN:
      g_value_set_uint (value, self->n_unwritten);
      break;
    case PROP_WRITE_ERROR:
      g_value_set_boxed (value, self->write_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PwStore *self = PW_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_store_class_init (PwStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_store_dispose;
  object_class->finalize = pw_store_finalize;
  object_class->get_property = pw_store_get_property;
  object_class->set_property = pw_store_set_property;

  /**
   * PwStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PwStore:failing:
   *
   * %TRUE while the disk refuses writes and they wait in memory to be
   * retried; %FALSE again once they are saved.
   */
  properties[PROP_FAILING] =
    g_param_spec_boolean ("failing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwStore:n-unwritten:
   *
   * How many writes the disk refused and the store holds in memory to
   * retry: work that would be lost if the process ended now. 0 while
   * writes go through.
   */
  properties[PROP_N_UNWRITTEN] =
    g_param_spec_uint ("n-unwritten", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwStore:write-error:
   *
   * Why the disk refuses writes, in the %PW_ERROR domain with a message
   * that says what to do, while #PwStore:failing; otherwise %NULL.
   */
  properties[PROP_WRITE_ERROR] =
    g_param_spec_boxed ("write-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwStore::write-failed:
   * @self: the store
   * @error: what went wrong, in the %PW_ERROR domain, with a message for
   *   the worker
   *
   * Emitted on the store's main context when a write fails. When the disk
   * is at fault (%PW_ERROR_NO_SPACE, %PW_ERROR_IO, a damaged file),
   * #PwStore:failing turns %TRUE and the write is kept and retried; the
   * signal comes once per run of failures, and #PwStore:n-unwritten and
   * #PwStore:write-error follow it. Otherwise the write was wrong in itself
   * and is dropped.
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pw_store_init (PwStore *self)
{
  /* Reports go where the store was made, normally the main thread. */
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->reader_lock);
}

/**
 * pw_store_open_async:
 * @path: the database file, normally pw_paths_store_file(); made when
 *   missing
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the store is open
 * @user_data: data for @callback
 *
 * Opens the store on a thread, bringing its schema up to date.
 */
void
pw_store_open_async (const char         *path,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  g_async_initable_new_async (PW_TYPE_STORE, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data, "path", path, NULL);
}

/**
 * pw_store_open_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * A file that is not a database gives %PW_ERROR_INVALID_DATA and one made
 * by a newer Piecework %PW_ERROR_UNSUPPORTED; either way the file is left
 * as it is.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL
 */
PwStore *
pw_store_open_finish (GAsyncResult *result,
                      GError      **error)
{
  g_autoptr (GObject) source = g_async_result_get_source_object (result);
  GObject *store;

  g_return_val_if_fail (G_IS_ASYNC_INITABLE (source), NULL);

  store = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);

  return store != NULL ? PW_STORE (store) : NULL;
}

/**
 * pw_store_new_for_path:
 * @path: the database file; made when missing
 * @error: return location for a #GError
 *
 * Opens the store and waits for the disk: for threads, tests and the
 * command line. See pw_store_open_finish() for the errors.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL
 */
PwStore *
pw_store_new_for_path (const char *path,
                       GError    **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (PW_TYPE_STORE, NULL, error, "path", path, NULL);
}

/**
 * pw_store_get_path:
 *
 * Returns: (transfer none): the database file
 */
const char *
pw_store_get_path (PwStore *self)
{
  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  return self->path;
}

/**
 * pw_store_get_failing:
 *
 * Returns: %TRUE while writes fail and wait in memory
 */
gboolean
pw_store_get_failing (PwStore *self)
{
  g_return_val_if_fail (PW_IS_STORE (self), FALSE);

  return self->failing;
}

/**
 * pw_store_get_n_unwritten:
 *
 * Returns: how many writes the disk refused and wait in memory
 */
guint
pw_store_get_n_unwritten (PwStore *self)
{
  g_return_val_if_fail (PW_IS_STORE (self), 0);

  return self->n_unwritten;
}

/**
 * pw_store_get_write_error:
 *
 * Returns: (transfer none) (nullable): why writes fail, while they do
 */
const GError *
pw_store_get_write_error (PwStore *self)
{
  g_return_val_if_fail (PW_IS_STORE (self), NULL);

  return self->write_error;
}

/**
 * pw_store_retry:
 *
 * Makes the store try the writes it holds again now, as after the worker
 * freed space, rather than at its next retry. Returns at once;
 * #PwStore:n-unwritten follows the outcome.
 */
void
pw_store_retry (PwStore *self)
{
  g_return_if_fail (PW_IS_STORE (self));

  _pw_store_writer_retry (self->writer);
}

/**
 * pw_store_flush:
 * @self: a #PwStore
 * @error: return location for a #GError
 *
 * Waits until every write made so far is on the disk: for shutdown, threads
 * and tests. When the disk refuses, fails with the writer's error at once;
 * the writes stay queued and are retried.
 *
 * Returns: %TRUE when everything is saved
 */
gboolean
pw_store_flush (PwStore *self,
                GError **error)
{
  g_return_val_if_fail (PW_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _pw_store_writer_sync (_pw_store_get_writer (self), error);
}

static void
flush_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (pw_store_flush (source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pw_store_flush_async:
 * @self: a #PwStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once everything is saved, or the disk refused
 * @user_data: data for @callback
 *
 * Waits, on a thread, until every write made so far is on the disk, such
 * as before the application quits. See pw_store_flush().
 */
void
pw_store_flush_async (PwStore            *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_store_flush_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, flush_thread);
}

/**
 * pw_store_flush_finish:
 * @self: a #PwStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when everything is saved
 */
gboolean
pw_store_flush_finish (PwStore      *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_store_flush_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
_pw_store_exec_on_writer (PwStore    *self,
                          const char *sql,
                          GError    **error)
{
  g_return_val_if_fail (PW_IS_STORE (self), FALSE);

  return _pw_store_writer_exec_now (self->writer, sql, error);
}

PwStoreWriter *
_pw_store_get_writer (PwStore *self)
{
  return self->writer;
}

/* Waits for the reader connection; the caller gives it back with
 * pw_store_release_reader() once its read is done. */
static sqlite3 *
acquire_reader (PwStore *self)
{
  g_mutex_lock (&self->reader_lock);

  return self->reader;
}

/**
 * pw_store_release_reader:
 * @self: a #PwStore
 *
 * Gives back the read connection taken with
 * pw_store_acquire_reader_synced().
 */
void
pw_store_release_reader (PwStore *self)
{
  g_mutex_unlock (&self->reader_lock);
}

GHashTable *
_pw_store_get_state_table (PwStore *self)
{
  return self->state;
}

void
_pw_store_push_call (PwStore          *self,
                     PwStoreApplyFunc  apply,
                     gpointer          data,
                     GDestroyNotify    data_free)
{
  PwStoreOp *op;

  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (apply != NULL);

  op = _pw_store_op_new (PW_STORE_OP_CALL, NULL, NULL, 0);
  op->apply = apply;
  op->data = data;
  op->data_free = data_free;
  _pw_store_writer_push (self->writer, op);
}

/**
 * pw_store_acquire_reader_synced:
 * @self: a #PwStore
 * @error: return location for a #GError
 *
 * Waits until the writes queued so far are on the disk, then takes the
 * store's read connection, for engine code that runs its own queries.
 * Other readers wait until it is given back with pw_store_release_reader().
 * Waits for the disk: for threads.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL with
 *   @error when the disk refuses the writes, so nothing older than the
 *   worker's own is read
 */
sqlite3 *
pw_store_acquire_reader_synced (PwStore  *self,
                                GError  **error)
{
  if (!_pw_store_writer_sync (self->writer, error))
    return NULL;
  return acquire_reader (self);
}
