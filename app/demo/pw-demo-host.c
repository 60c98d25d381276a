/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-demo-host.h"

/* The demo marketplace inside the app: it answers on a thread of its own,
 * with its own main context, so the window never waits on its disk and its
 * requests never wait on the window. */

struct _PwDemoHost
{
  PwDemoMarket *market;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GTask        *task;
  GError       *error;
};

static void
host_free (PwDemoHost *host)
{
  g_clear_object (&host->market);
  g_clear_pointer (&host->loop, g_main_loop_unref);
  g_clear_pointer (&host->context, g_main_context_unref);
  g_clear_error (&host->error);
  g_free (host);
}

/* Back on the caller's context: the marketplace listens, or could not. */
static gboolean
report_started (gpointer data)
{
  PwDemoHost *host = data;
  g_autoptr (GTask) task = g_steal_pointer (&host->task);

  if (host->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&host->error));
      g_thread_join (host->thread);
      host_free (host);
    }
  else
    g_task_return_pointer (task, host, (GDestroyNotify) pw_demo_host_stop);
  return G_SOURCE_REMOVE;
}

static gpointer
serve (gpointer data)
{
  PwDemoHost *host = data;
  GMainContext *caller = g_task_get_context (host->task);
  gboolean listening;

  g_main_context_push_thread_default (host->context);
  listening = pw_demo_market_listen (host->market, 0, &host->error);
  g_main_context_invoke (caller, report_started, host);
  if (listening)
    g_main_loop_run (host->loop);
  g_main_context_pop_thread_default (host->context);
  return NULL;
}

/**
 * pw_demo_host_start_async:
 * @market: (transfer none): a demo marketplace, not listening yet
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once it listens on loopback, or could not
 * @user_data: data for @callback
 *
 * Starts @market on a thread of its own, on any free port of 127.0.0.1.
 */
void
pw_demo_host_start_async (PwDemoMarket        *market,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  PwDemoHost *host;

  g_return_if_fail (PW_IS_DEMO_MARKET (market));

  host = g_new0 (PwDemoHost, 1);
  host->market = g_object_ref (market);
  host->context = g_main_context_new ();
  host->loop = g_main_loop_new (host->context, FALSE);
  host->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (host->task, pw_demo_host_start_async);
  host->thread = g_thread_new ("demo-market", serve, host);
}

/**
 * pw_demo_host_start_finish:
 *
 * Returns: (transfer full): the running host, to stop with
 *   pw_demo_host_stop(), or %NULL with the reason it could not listen
 */
PwDemoHost *
pw_demo_host_start_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
pw_demo_host_dup_base_url (PwDemoHost *host)
{
  return pw_demo_market_get_base_url (host->market);
}

/**
 * pw_demo_host_get_market:
 *
 * Returns: (transfer none): the marketplace it runs
 */
PwDemoMarket *
pw_demo_host_get_market (PwDemoHost *host)
{
  return host->market;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/**
 * pw_demo_host_stop:
 * @host: (transfer full): a running host
 *
 * Stops answering and waits for the thread to end.
 */
void
pw_demo_host_stop (PwDemoHost *host)
{
  if (host == NULL)
    return;

  g_main_context_invoke (host->context, quit_loop, host->loop);
  g_thread_join (host->thread);
  /* The server's sockets belong to the host's context: they go with the
   * market while that context is the thread's default. */
  g_main_context_push_thread_default (host->context);
  g_clear_object (&host->market);
  while (g_main_context_iteration (host->context, FALSE))
    ;
  g_main_context_pop_thread_default (host->context);
  host_free (host);
}
