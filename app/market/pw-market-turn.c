/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-error.h"
#include "pw-market-client-private.h"

/* A request's turn on its account. An account has at most
 * %PW_MARKET_MAX_IN_FLIGHT requests in flight, from sending to the end of
 * reading and parsing the answer, whoever asks: the sync worker, a claim,
 * its downloads, a statement. The others wait for a place, in order.
 *
 * Once its turn comes, a request has a deadline for the whole of it, not
 * only for each read: a server that sends one byte every few seconds never
 * trips the idle timeout, and would hold a place for ever. A download's
 * deadline grows with what it received, so a large file on a slow but
 * steady line finishes, and a drip does not. */

typedef enum
{
  TURN_NEW,
  TURN_WAITING,
  TURN_RUNNING,
} TurnState;

struct _PwMarketTurn
{
  PwMarketClient   *client;
  GMainContext     *context;
  GCancellable     *caller;
  gulong            caller_handler;
  GCancellable     *cancellable;

  TurnState         state;
  gboolean          holds_place;
  PwMarketTurnFunc  func;
  gpointer          func_data;
  GSource          *wake_source;
  GSource          *cancelled_source;

  guint             deadline_s;
  double            bytes_per_second;
  gint64            started_at;
  goffset           received;
  GSource          *timer;
  gboolean          timed_out;
};

static void
cancel_own (GCancellable *caller,
            gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

/**
 * _pw_market_turn_new:
 * @client: the account's client
 * @cancellable: (nullable): the caller's cancellable
 * @deadline_s: seconds the request may take once it is sent; 0 for none
 * @bytes_per_second: for a download, the slowest rate it may keep: each
 *   byte received moves the deadline on by 1 / @bytes_per_second seconds;
 *   0 for a fixed deadline
 *
 * Makes a turn, to be started with _pw_market_turn_start(). Its
 * cancellable is cancelled with @cancellable, and at the deadline.
 */
PwMarketTurn *
_pw_market_turn_new (PwMarketClient *client,
                     GCancellable   *cancellable,
                     guint           deadline_s,
                     double          bytes_per_second)
{
  PwMarketTurn *turn = g_new0 (PwMarketTurn, 1);

  turn->client = g_object_ref (client);
  turn->context = g_main_context_ref_thread_default ();
  turn->cancellable = g_cancellable_new ();
  turn->deadline_s = deadline_s;
  turn->bytes_per_second = bytes_per_second;
  if (cancellable != NULL)
    {
      turn->caller = g_object_ref (cancellable);
      turn->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_own),
                                                    g_object_ref (turn->cancellable),
                                                    g_object_unref);
    }
  return turn;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static gboolean
on_deadline (gpointer user_data)
{
  PwMarketTurn *turn = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 due = turn->started_at + turn->deadline_s * G_TIME_SPAN_SECOND;

  if (turn->bytes_per_second > 0)
    due += (gint64) ((double) turn->received / turn->bytes_per_second * G_TIME_SPAN_SECOND);

  g_clear_pointer (&turn->timer, g_source_unref);
  if (now < due)
    {
      turn->timer = g_timeout_source_new ((guint) MIN ((due - now) / 1000 + 1, G_MAXUINT));
      g_source_set_callback (turn->timer, on_deadline, turn, NULL);
      g_source_set_static_name (turn->timer, "[piecework] market deadline");
      g_source_attach (turn->timer, turn->context);
      return G_SOURCE_REMOVE;
    }

  g_debug ("A request to %s passed its deadline and was cut off",
           pw_market_client_get_base_url (turn->client));
  turn->timed_out = TRUE;
  g_cancellable_cancel (turn->cancellable);
  return G_SOURCE_REMOVE;
}

static void
run (PwMarketTurn *turn)
{
  turn->state = TURN_RUNNING;
  clear_source (&turn->wake_source);
  clear_source (&turn->cancelled_source);
  turn->started_at = g_get_monotonic_time ();
  if (turn->deadline_s > 0)
    {
      turn->timer = g_timeout_source_new_seconds (turn->deadline_s);
      g_source_set_callback (turn->timer, on_deadline, turn, NULL);
      g_source_set_static_name (turn->timer, "[piecework] market deadline");
      g_source_attach (turn->timer, turn->context);
    }
  turn->func (turn, turn->func_data);
}

static gboolean
on_wake (gpointer user_data)
{
  PwMarketTurn *turn = user_data;

  g_clear_pointer (&turn->wake_source, g_source_unref);
  run (turn);
  return G_SOURCE_REMOVE;
}

/* A request cancelled while it waits goes on at once, without a place, to
 * fail with the cancellation rather than wait for others to finish. */
static gboolean
on_cancelled_waiting (GCancellable *cancellable,
                      gpointer      user_data)
{
  PwMarketTurn *turn = user_data;

  g_clear_pointer (&turn->cancelled_source, g_source_unref);
  if (turn->state == TURN_WAITING)
    {
      if (!turn->holds_place)
        _pw_market_client_forget_turn (turn->client, turn);
      run (turn);
    }
  return G_SOURCE_REMOVE;
}

/**
 * _pw_market_turn_start:
 * @func: called once the request may be sent; at once when the account
 *   has a place free, else later in the thread-default main context of
 *   _pw_market_turn_new()
 *
 * Waits for a place among the account's requests in flight, then starts
 * the deadline and calls @func.
 */
void
_pw_market_turn_start (PwMarketTurn     *turn,
                       PwMarketTurnFunc  func,
                       gpointer          user_data)
{
  g_return_if_fail (turn->state == TURN_NEW);

  turn->func = func;
  turn->func_data = user_data;
  if (_pw_market_client_enter_turn (turn->client, turn))
    {
      turn->holds_place = TRUE;
      run (turn);
      return;
    }

  turn->state = TURN_WAITING;
  turn->cancelled_source = g_cancellable_source_new (turn->cancellable);
  g_source_set_callback (turn->cancelled_source, G_SOURCE_FUNC (on_cancelled_waiting), turn, NULL);
  g_source_set_static_name (turn->cancelled_source, "[piecework] market turn cancelled");
  g_source_attach (turn->cancelled_source, turn->context);
}

/* Called by the client when a place is free for @turn, which holds it
 * from now on. The request starts from the main loop, never inside the
 * end of another. */
void
_pw_market_turn_wake (PwMarketTurn *turn)
{
  g_assert (turn->state == TURN_WAITING);

  turn->holds_place = TRUE;
  turn->wake_source = g_idle_source_new ();
  g_source_set_callback (turn->wake_source, on_wake, turn, NULL);
  g_source_set_static_name (turn->wake_source, "[piecework] market turn");
  g_source_attach (turn->wake_source, turn->context);
}

/**
 * _pw_market_turn_get_cancellable:
 *
 * Returns: (transfer none): the cancellable for every step of the request
 */
GCancellable *
_pw_market_turn_get_cancellable (PwMarketTurn *turn)
{
  return turn->cancellable;
}

/* Counts bytes received, which move a download's deadline on. */
void
_pw_market_turn_add_received (PwMarketTurn *turn,
                              goffset       bytes)
{
  turn->received += bytes;
}

/* Ends the deadline, once nothing is left to wait for from the network;
 * the place is kept until _pw_market_turn_free(). */
void
_pw_market_turn_stop_clock (PwMarketTurn *turn)
{
  clear_source (&turn->timer);
}

/**
 * _pw_market_turn_explain:
 * @error: (transfer full): how a step of the request failed
 * @message: (nullable): what to say when the deadline was passed, or
 *   %NULL for the message of a call
 *
 * Returns: (transfer full): @error, or a %PW_ERROR_NETWORK that says the
 *   marketplace was too slow when the deadline cancelled the step
 */
GError *
_pw_market_turn_explain (PwMarketTurn *turn,
                         GError       *error,
                         const char   *message)
{
  if (!turn->timed_out || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (turn->caller))
    return error;

  g_error_free (error);
  return g_error_new_literal (PW_ERROR, PW_ERROR_NETWORK,
                              message != NULL ? message
                              : _("The marketplace took too long to answer, so the request was given up."));
}

/* Ends the turn: the deadline stops, and the place goes to the next
 * request that waits for one. */
void
_pw_market_turn_free (PwMarketTurn *turn)
{
  if (turn == NULL)
    return;

  if (turn->caller != NULL)
    g_cancellable_disconnect (turn->caller, turn->caller_handler);
  clear_source (&turn->timer);
  clear_source (&turn->wake_source);
  clear_source (&turn->cancelled_source);
  if (turn->state == TURN_WAITING && !turn->holds_place)
    _pw_market_client_forget_turn (turn->client, turn);
  if (turn->holds_place)
    _pw_market_client_leave_turn (turn->client);

  g_clear_object (&turn->caller);
  g_object_unref (turn->cancellable);
  g_main_context_unref (turn->context);
  g_object_unref (turn->client);
  g_free (turn);
}
