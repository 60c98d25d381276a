/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-store-private.h"
#include "pw-store-writer-private.h"

/* The writer of PwStore: the one thread that writes to the database, on a
 * connection of its own. It takes the queued writes (PwStoreOp) in the
 * order they were made and runs each in a transaction of its own, and it
 * keeps in memory the writes the disk refuses. */

/* When a write fails for a reason that may pass (a full disk, a read-only
 * or busy file, a failing or damaged disk), the writer keeps it, and
 * everything queued after it, in memory and retries in order. It cannot
 * skip it: the edit log is a sequence, and a later command saved without
 * an earlier one would rebuild a different annotation. The first retry
 * comes soon; later ones back off so a full disk is not hammered. Any new
 * write, flush or retry asked for tries again at once, since it may follow
 * the worker freeing space. A write that is wrong in itself (a gap in a
 * log) can never succeed: it is reported and dropped. */
#define RETRY_FIRST_US (250 * G_TIME_SPAN_MILLISECOND)
#define RETRY_MAX_US   (30 * G_TIME_SPAN_SECOND)

struct _PwStoreWriter
{
  sqlite3                 *db;
  GMutex                   db_lock;
  GThread                 *thread;

  PwStoreWriterReportFunc  report;
  gpointer                 user_data;
  GDestroyNotify           destroy;

  /* Under lock. The queue holds every write not yet committed, oldest
   * first; only the thread takes from it, and it frees a write only once
   * it is out of the queue, so others may read the queue under the lock.
   * Tickets number the writes in queue order; done is the last one
   * handled. Attempts are numbered as they start, so a waiter can tell a
   * failed attempt that began after it asked from an older one. */
  GMutex                   lock;
  GCond                    cond;
  GCond                    wake;
  GQueue                   queue;
  guint64                  next_ticket;
  guint64                  done;
  guint64                  attempts;
  guint64                  failed_attempt;
  GError                  *failure;
  gboolean                 retry_now;
  gboolean                 stopping;
  guint64                  saved_through;
  char                    *saved_to;
};

PwStoreOp *
_pw_store_op_new (PwStoreOpKind kind,
                  const char   *key,
                  const char   *text,
                  guint         position)
{
  PwStoreOp *op = g_new0 (PwStoreOp, 1);

  op->kind = kind;
  op->key = g_strdup (key);
  op->text = g_strdup (text);
  op->position = position;
  op->time = g_get_real_time ();

  return op;
}

void
_pw_store_op_free (PwStoreOp *op)
{
  if (op == NULL)
    return;

  g_free (op->key);
  g_free (op->text);
  if (op->data_free != NULL)
    op->data_free (op->data);
  g_free (op);
}

/* Applies @op in a transaction of its own: all of it or none of it. Returns
 * %TRUE when @op is committed. */
static gboolean
apply_op (sqlite3         *db,
          const PwStoreOp *op,
          GError         **error)
{
  gboolean ok = FALSE;
  int rc;

  /* IMMEDIATE takes the write lock now, so a busy database fails here and
   * not halfway through. */
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      pw_store_db_set_error (error, db, rc, _("Could not save your work"));
      return FALSE;
    }

  switch (op->kind)
    {
    case PW_STORE_OP_APPEND_COMMAND:
    case PW_STORE_OP_SET_POSITION:
    case PW_STORE_OP_SET_SNAPSHOT:
    case PW_STORE_OP_DELETE_DRAFT:
      ok = _pw_store_db_apply_draft (db, op, error);
      break;
    case PW_STORE_OP_SET_STATE:
      ok = _pw_store_db_apply_state (db, op, error);
      break;
    case PW_STORE_OP_QUEUE_SUBMISSION:
    case PW_STORE_OP_MARK_SENDING:
    case PW_STORE_OP_RESET_SENDING:
    case PW_STORE_OP_UPDATE_SUBMISSIONS:
      ok = _pw_store_db_apply_outbox (db, op, error);
      break;
    case PW_STORE_OP_CALL:
      ok = op->apply (db, op->data, op->time, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          pw_store_db_set_error (error, db, rc, _("Could not save your work"));
          ok = FALSE;
        }
    }

  if (!ok)
    pw_store_db_rollback (db);

  return ok;
}

/* Whether the same write may succeed later (a full disk, a read-only or
 * busy file), rather than being wrong in itself. */
static gboolean
error_is_transient (const GError *error)
{
  return g_error_matches (error, PW_ERROR, PW_ERROR_NO_SPACE) ||
         g_error_matches (error, PW_ERROR, PW_ERROR_IO);
}

/* The thread's own: how the current run of failures stands. */
typedef struct
{
  gboolean failing;
  gint64   delay;
  gint64   retry_at;
  gboolean reported;
  guint    reported_count;
  char    *reported_message;
} WriterState;

/* Waits until the head write is due: at once while writes succeed, after
 * the backoff while they fail, unless a retry is asked for or the store
 * closes. Returns %NULL once stopping with nothing left. */
static PwStoreOp *
wait_for_head (PwStoreWriter *self,
               WriterState   *state,
               guint64       *attempt)
{
  PwStoreOp *head;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      head = g_queue_peek_head (&self->queue);
      if (head == NULL)
        {
          if (self->stopping)
            break;
          g_cond_wait (&self->wake, &self->lock);
          continue;
        }

      if (!state->failing || self->retry_now || self->stopping ||
          g_get_monotonic_time () >= state->retry_at)
        break;
      g_cond_wait_until (&self->wake, &self->lock, state->retry_at);
    }

  self->retry_now = FALSE;
  if (head != NULL)
    *attempt = ++self->attempts;
  g_mutex_unlock (&self->lock);

  return head;
}

/* Takes the head write out of the queue once it is committed or dropped;
 * returns how many are left. */
static guint
finish_head (PwStoreWriter *self)
{
  PwStoreOp *op;
  guint left;

  g_mutex_lock (&self->lock);
  op = g_queue_pop_head (&self->queue);
  self->done = op->ticket;
  g_clear_error (&self->failure);
  left = g_queue_get_length (&self->queue);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  _pw_store_op_free (op);

  return left;
}

static guint
record_failure (PwStoreWriter *self,
                guint64        attempt,
                const GError  *error)
{
  guint left;

  g_mutex_lock (&self->lock);
  self->failed_attempt = attempt;
  g_clear_error (&self->failure);
  self->failure = g_error_copy (error);
  left = g_queue_get_length (&self->queue);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return left;
}

/* Says so once per run of failures, and again whenever the number of
 * writes waiting or the reason changes, so the worker sees both as
 * they are. */
static void
report_kept (PwStoreWriter *self,
             WriterState   *state,
             const GError  *error,
             guint          n_unwritten)
{
  if (state->reported && state->reported_count == n_unwritten &&
      g_strcmp0 (state->reported_message, error->message) == 0)
    return;

  state->reported = TRUE;
  state->reported_count = n_unwritten;
  g_free (state->reported_message);
  state->reported_message = g_strdup (error->message);
  self->report (error, n_unwritten, TRUE, self->user_data);
}

static void
report_saved (PwStoreWriter *self,
              WriterState   *state)
{
  if (!state->reported)
    return;

  state->reported = FALSE;
  g_clear_pointer (&state->reported_message, g_free);
  self->report (NULL, 0, TRUE, self->user_data);
}

/* Called once the store is closing and the disk still refuses: what is in
 * memory cannot outlive the process, so say how much is lost, and where
 * the worker saved what is not. */
static void
give_up (PwStoreWriter *self)
{
  g_autofree char *saved_to = NULL;
  guint lost = 0;
  guint saved = 0;
  PwStoreOp *op;

  g_mutex_lock (&self->lock);
  while ((op = g_queue_pop_head (&self->queue)) != NULL)
    {
      if (op->ticket <= self->saved_through)
        saved++;
      else
        lost++;
      self->done = op->ticket;
      _pw_store_op_free (op);
    }
  saved_to = g_strdup (self->saved_to);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (saved > 0)
    g_message ("Closing the store with %u writes that could not be saved to it; they are in %s",
               saved, saved_to);
  if (lost > 0)
    g_warning ("Closing the store with %u writes that could not be saved", lost);
}

static gpointer
writer_thread (gpointer data)
{
  PwStoreWriter *self = data;
  WriterState state = { 0 };

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      PwStoreOp *head;
      guint64 attempt = 0;
      guint left;
      gboolean ok;

      head = wait_for_head (self, &state, &attempt);
      if (head == NULL)
        break;

      /* The head stays in the queue while it is written, so it is counted
       * and can be saved elsewhere until it is on the disk. */
      g_mutex_lock (&self->db_lock);
      ok = apply_op (self->db, head, &error);
      g_mutex_unlock (&self->db_lock);

      if (ok || !error_is_transient (error))
        {
          if (!ok)
            self->report (error, 0, FALSE, self->user_data);
          left = finish_head (self);
          state.failing = FALSE;
          state.delay = 0;
          if (left == 0)
            report_saved (self, &state);
          continue;
        }

      left = record_failure (self, attempt, error);
      state.failing = TRUE;
      state.delay = state.delay == 0 ? RETRY_FIRST_US : MIN (state.delay * 2, RETRY_MAX_US);
      state.retry_at = g_get_monotonic_time () + state.delay;
      report_kept (self, &state, error, left);

      /* Closing: the stop already made this one more try. */
      if (self->stopping)
        {
          give_up (self);
          break;
        }
    }

  g_free (state.reported_message);

  return NULL;
}

/**
 * _pw_store_writer_new:
 * @db: (transfer full): the writer's connection
 * @report: called on the writer thread when writes fail or recover
 * @user_data: data for @report
 * @destroy: frees @user_data once the thread is gone
 *
 * Starts the writer thread.
 *
 * Returns: (transfer full): the writer
 */
PwStoreWriter *
_pw_store_writer_new (sqlite3                *db,
                      PwStoreWriterReportFunc report,
                      gpointer                user_data,
                      GDestroyNotify          destroy)
{
  PwStoreWriter *self = g_new0 (PwStoreWriter, 1);

  self->db = db;
  self->report = report;
  self->user_data = user_data;
  self->destroy = destroy;
  g_queue_init (&self->queue);
  g_mutex_init (&self->db_lock);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_cond_init (&self->wake);
  self->thread = g_thread_new ("pw-store-writer", writer_thread, self);

  return self;
}

/**
 * _pw_store_writer_push:
 * @op: (transfer full): the write
 *
 * Queues @op after every write queued before it. Never waits on the disk.
 * A writer that is failing tries again at once.
 */
void
_pw_store_writer_push (PwStoreWriter *self,
                       PwStoreOp     *op)
{
  /* Numbered and queued under one lock, so tickets follow queue order. */
  g_mutex_lock (&self->lock);
  g_assert (!self->stopping);
  op->ticket = ++self->next_ticket;
  g_queue_push_tail (&self->queue, op);
  self->retry_now = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

/**
 * _pw_store_writer_sync:
 * @error: return location for a #GError
 *
 * Waits until every write queued so far is committed, or refused for good
 * (and reported). Also makes a failing writer retry at once.
 *
 * Returns: %TRUE when all is handled, %FALSE with the writer's latest
 *   failure when it could not write
 */
gboolean
_pw_store_writer_sync (PwStoreWriter *self,
                       GError       **error)
{
  guint64 attempts;
  guint64 ticket;
  gboolean ok;

  g_mutex_lock (&self->lock);
  attempts = self->attempts;
  ticket = self->next_ticket;
  if (self->done < ticket)
    {
      self->retry_now = TRUE;
      g_cond_signal (&self->wake);
    }
  /* Until the writes are all on the disk, or one fails that was tried
   * after this call began. A failure that a retry since put right (the
   * head written, or dropped as it can never be) is no answer: the
   * writes after it are still on their way. */
  while (self->done < ticket
         && (self->failure == NULL || self->failed_attempt <= attempts))
    g_cond_wait (&self->cond, &self->lock);

  ok = self->done >= ticket;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->failure));
  g_mutex_unlock (&self->lock);

  return ok;
}

/**
 * _pw_store_writer_retry:
 *
 * Makes a failing writer try again now rather than after its backoff,
 * as when the worker says space was freed. Never waits on the disk.
 */
void
_pw_store_writer_retry (PwStoreWriter *self)
{
  g_mutex_lock (&self->lock);
  if (!g_queue_is_empty (&self->queue))
    {
      self->retry_now = TRUE;
      g_cond_signal (&self->wake);
    }
  g_mutex_unlock (&self->lock);
}

/**
 * _pw_store_writer_foreach_unwritten:
 * @func: called with each write not yet committed, oldest first, and
 *   @user_data; it must only read the write, and must not call the writer
 * @user_data: data for @func
 *
 * Visits what the store would lose if the process ended now. Never waits
 * on the disk: a write being committed meanwhile is still visited.
 *
 * Returns: the ticket of the last write visited, for
 *   _pw_store_writer_mark_saved_elsewhere(); 0 when there is none
 */
guint64
_pw_store_writer_foreach_unwritten (PwStoreWriter *self,
                                    GFunc          func,
                                    gpointer       user_data)
{
  guint64 last = 0;

  g_mutex_lock (&self->lock);
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      PwStoreOp *op = l->data;

      func (op, user_data);
      last = op->ticket;
    }
  g_mutex_unlock (&self->lock);

  return last;
}

/**
 * _pw_store_writer_mark_saved_elsewhere:
 * @ticket: the last write saved, as _pw_store_writer_foreach_unwritten()
 *   returned it
 * @path: the file that holds them
 *
 * Notes that the writes up to @ticket are kept in @path, so that closing
 * the store with them still unwritten says where they are rather than
 * that they are lost.
 */
void
_pw_store_writer_mark_saved_elsewhere (PwStoreWriter *self,
                                       guint64        ticket,
                                       const char    *path)
{
  g_mutex_lock (&self->lock);
  if (ticket > self->saved_through)
    {
      self->saved_through = ticket;
      g_free (self->saved_to);
      self->saved_to = g_strdup (path);
    }
  g_mutex_unlock (&self->lock);
}

/**
 * _pw_store_writer_exec_now:
 * @sql: statements
 * @error: return location for a #GError
 *
 * Runs @sql on the writer's connection between two operations, ahead of
 * the queue. Meant for tests that change the connection's limits.
 *
 * Returns: %TRUE on success
 */
gboolean
_pw_store_writer_exec_now (PwStoreWriter *self,
                           const char    *sql,
                           GError       **error)
{
  gboolean ok;

  g_mutex_lock (&self->db_lock);
  ok = pw_store_db_exec (self->db, sql, error);
  g_mutex_unlock (&self->db_lock);

  return ok;
}

/**
 * _pw_store_writer_free:
 *
 * Writes what is queued, stops the thread and closes the connection. When
 * the disk still refuses after one more try, the writes left are lost and
 * a warning says how many: callers that care flush first and keep running
 * while the flush fails, or save the writes elsewhere.
 */
void
_pw_store_writer_free (PwStoreWriter *self)
{
  int rc;

  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);

  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    g_warning ("Could not close the store: %s", sqlite3_errstr (rc));

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  g_assert (g_queue_is_empty (&self->queue));
  g_clear_error (&self->failure);
  g_free (self->saved_to);
  g_mutex_clear (&self->db_lock);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_cond_clear (&self->wake);
  g_free (self);
}
