/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-writer-private.h"

/* When a write fails for a reason that may pass (a full disk, a read-only
 * or busy file), the writer keeps it, and everything queued after it, in
 * memory and retries in order. It cannot skip it: the edit log is a
 * sequence, and a later command saved without an earlier one would rebuild
 * a different annotation. The first retry comes soon; later ones back off
 * so a full disk is not hammered. Any new write or flush retries at once,
 * since it may follow the worker freeing space. A write that is wrong in
 * itself (a gap in a log) can never succeed: it is reported and dropped. */
#define RETRY_FIRST_US (250 * G_TIME_SPAN_MILLISECOND)
#define RETRY_MAX_US   (30 * G_TIME_SPAN_SECOND)

struct _PwStoreWriter
{
  sqlite3                 *db;
  GMutex                   db_lock;
  GThread                 *thread;
  GAsyncQueue             *queue;

  PwStoreWriterReportFunc  report;
  gpointer                 user_data;
  GDestroyNotify           destroy;

  /* Under lock: tickets number the operations in queue order; done is the
   * last one handled. Attempts are numbered as they start, so a waiter can
   * tell a failed attempt that began after it asked from an older one. */
  GMutex                   lock;
  GCond                    cond;
  guint64                  next_ticket;
  guint64                  done;
  guint64                  attempts;
  guint64                  failed_attempt;
  GError                  *failure;
};

typedef struct
{
  GQueue   pending;
  gboolean stopping;
  gboolean failing;
  gint64   delay;
  guint    retries_while_stopping;
} WriterState;

static void
finish_head (PwStoreWriter *self,
             WriterState   *state)
{
  g_autoptr (PwStoreOp) op = g_queue_pop_head (&state->pending);

  g_mutex_lock (&self->lock);
  self->done = op->ticket;
  g_clear_error (&self->failure);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (state->failing)
    {
      state->failing = FALSE;
      state->delay = 0;
      self->report (NULL, TRUE, self->user_data);
    }
}

static guint64
start_attempt (PwStoreWriter *self)
{
  guint64 attempt;

  g_mutex_lock (&self->lock);
  attempt = ++self->attempts;
  g_mutex_unlock (&self->lock);

  return attempt;
}

static void
record_failure (PwStoreWriter *self,
                guint64        attempt,
                const GError  *error)
{
  g_mutex_lock (&self->lock);
  self->failed_attempt = attempt;
  g_clear_error (&self->failure);
  self->failure = g_error_copy (error);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Called once the store is closing and the disk still refuses: what is in
 * memory cannot outlive the process, so say how much is lost. */
static void
give_up (PwStoreWriter *self,
         WriterState   *state)
{
  guint lost = 0;
  PwStoreOp *op;

  while ((op = g_queue_pop_head (&state->pending)) != NULL)
    {
      if (op->kind != PW_STORE_OP_NOP)
        lost++;
      pw_store_op_free (op);
    }

  g_warning ("Closing the store with %u writes that could not be saved", lost);
}

static void
take_queued (PwStoreWriter *self,
             WriterState   *state)
{
  PwStoreOp *op;

  /* Block only with nothing to do; while failing, block only until the
   * next retry; once stopping, nothing more comes. */
  if (state->stopping)
    op = g_async_queue_try_pop (self->queue);
  else if (g_queue_is_empty (&state->pending))
    op = g_async_queue_pop (self->queue);
  else if (state->failing)
    op = g_async_queue_timeout_pop (self->queue, state->delay);
  else
    op = g_async_queue_try_pop (self->queue);

  while (op != NULL)
    {
      if (op->kind == PW_STORE_OP_STOP)
        {
          /* Nothing is pushed after it. */
          state->stopping = TRUE;
          pw_store_op_free (op);
        }
      else
        {
          g_queue_push_tail (&state->pending, op);
        }

      op = g_async_queue_try_pop (self->queue);
    }
}

static gpointer
writer_thread (gpointer data)
{
  PwStoreWriter *self = data;
  WriterState state = { G_QUEUE_INIT, FALSE, FALSE, 0, 0 };

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      PwStoreOp *head;
      guint64 attempt = 0;
      gboolean ok;

      take_queued (self, &state);

      head = g_queue_peek_head (&state.pending);
      if (head == NULL)
        {
          if (state.stopping)
            break;
          continue;
        }

      if (head->kind == PW_STORE_OP_NOP)
        {
          ok = TRUE;
        }
      else
        {
          attempt = start_attempt (self);
          g_mutex_lock (&self->db_lock);
          ok = pw_store_db_apply (self->db, head, &error);
          g_mutex_unlock (&self->db_lock);
        }

      if (ok)
        {
          finish_head (self, &state);
          continue;
        }

      if (!pw_store_db_error_is_transient (error))
        {
          self->report (error, FALSE, self->user_data);
          finish_head (self, &state);
          continue;
        }

      record_failure (self, attempt, error);
      if (!state.failing)
        {
          state.failing = TRUE;
          self->report (error, TRUE, self->user_data);
        }
      state.delay = state.delay == 0 ? RETRY_FIRST_US : MIN (state.delay * 2, RETRY_MAX_US);

      if (state.stopping && state.retries_while_stopping++ > 0)
        {
          give_up (self, &state);
          break;
        }
    }

  return NULL;
}

/**
 * pw_store_writer_new:
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
pw_store_writer_new (sqlite3                *db,
                     PwStoreWriterReportFunc report,
                     gpointer                user_data,
                     GDestroyNotify          destroy)
{
  PwStoreWriter *self = g_new0 (PwStoreWriter, 1);

  self->db = db;
  self->report = report;
  self->user_data = user_data;
  self->destroy = destroy;
  self->queue = g_async_queue_new ();
  g_mutex_init (&self->db_lock);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("pw-store-writer", writer_thread, self);

  return self;
}

static guint64
push_locked (PwStoreWriter *self,
             PwStoreOp     *op)
{
  guint64 ticket = ++self->next_ticket;

  /* Numbered and queued under one lock, so tickets follow queue order. The
   * writer may take and free @op as soon as it is queued: read nothing of
   * it after the push. */
  op->ticket = ticket;
  g_async_queue_push (self->queue, op);

  return ticket;
}

/**
 * pw_store_writer_push:
 * @op: (transfer full): the write
 *
 * Queues @op after every write queued before it. Never waits on the disk.
 */
void
pw_store_writer_push (PwStoreWriter *self,
                      PwStoreOp     *op)
{
  g_mutex_lock (&self->lock);
  push_locked (self, op);
  g_mutex_unlock (&self->lock);
}

/**
 * pw_store_writer_sync:
 * @error: return location for a #GError
 *
 * Waits until every write queued so far is committed, or refused for good
 * (and reported). Also makes a failing writer retry at once.
 *
 * Returns: %TRUE when all is handled, %FALSE with the writer's latest
 *   failure when it could not write
 */
gboolean
pw_store_writer_sync (PwStoreWriter *self,
                      GError       **error)
{
  PwStoreOp *nop = pw_store_op_new (PW_STORE_OP_NOP, NULL, NULL, 0);
  guint64 attempts;
  guint64 ticket;
  gboolean ok;

  g_mutex_lock (&self->lock);
  attempts = self->attempts;
  ticket = push_locked (self, nop);
  while (self->done < ticket && self->failed_attempt <= attempts)
    g_cond_wait (&self->cond, &self->lock);

  ok = self->done >= ticket;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->failure));
  g_mutex_unlock (&self->lock);

  return ok;
}

/**
 * pw_store_writer_exec_now:
 * @sql: statements
 * @error: return location for a #GError
 *
 * Runs @sql on the writer's connection between two operations, ahead of
 * the queue. Meant for tests that change the connection's limits.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_store_writer_exec_now (PwStoreWriter *self,
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
 * pw_store_writer_free:
 *
 * Writes what is queued, stops the thread and closes the connection. When
 * the disk still refuses after one more try, the writes left are lost and
 * a warning says how many: callers that care flush first and keep running
 * while the flush fails.
 */
void
pw_store_writer_free (PwStoreWriter *self)
{
  int rc;

  if (self == NULL)
    return;

  pw_store_writer_push (self, pw_store_op_new (PW_STORE_OP_STOP, NULL, NULL, 0));
  g_thread_join (self->thread);

  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    g_warning ("Could not close the store: %s", sqlite3_errstr (rc));

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  g_clear_error (&self->failure);
  g_async_queue_unref (self->queue);
  g_mutex_clear (&self->db_lock);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
