/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "demo/pw-demo-market.h"

/* The demo marketplace on its own, for tests and scripts:
 *
 *   piecework-demo-market --port 8080 --faults=unavailable:3,slow:2 --seed=7
 *
 * Once it listens it prints its base URL on a line of its own, so a script
 * can wait for that line. It runs until interrupted. */

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwDemoMarket) market = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *token = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *submission_log = NULL;
  g_autofree char *samples_dir = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *base_url = NULL;
  gint64 seed = 1;
  int port = 0;
  int review_delay = 2000;
  int lease = 3600;
  int slow = 1500;
  double scale = 1.0;
  gboolean no_speech = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 for any free one)", "N" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults,
      "Faults to inject: NAME[:COUNT],… (drop-after-commit, unavailable, rate-limited, slow, "
      "expired-lease, reassigned, malformed-json, wrong-sha256, redirect)", "LIST" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of media, reviews and bonuses", "N" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Bearer token to accept", "TOKEN" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where made media are kept", "DIR" },
    { "samples", 0, 0, G_OPTION_ARG_FILENAME, &samples_dir,
      "Folder with projects.json and sentences.txt instead of the built-in ones", "DIR" },
    { "review-delay", 0, 0, G_OPTION_ARG_INT, &review_delay, "Milliseconds before a review", "MS" },
    { "lease", 0, 0, G_OPTION_ARG_INT, &lease, "Seconds a claim holds its tasks", "S" },
    { "slow-delay", 0, 0, G_OPTION_ARG_INT, &slow, "Milliseconds a slow answer waits", "MS" },
    { "redirect-to", 0, 0, G_OPTION_ARG_STRING, &redirect,
      "Base URL on another origin for the redirect fault", "URL" },
    { "media-scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, "Factor on image sides, up to 1", "F" },
    { "no-speech", 0, 0, G_OPTION_ARG_NONE, &no_speech, "Do not record speech with espeak-ng", NULL },
    { "submission-log", 0, 0, G_OPTION_ARG_FILENAME, &submission_log,
      "Add each submission taken to FILE, one line of JSON each", "FILE" },
    { NULL }
  };

  options = g_option_context_new ("— the Piecework demo marketplace");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || review_delay < 0 || lease < 0 || slow < 0
      || seed < 0 || !(scale > 0 && scale <= 1))
    {
      g_printerr ("A number is out of range; see --help\n");
      return 2;
    }

  market = pw_demo_market_new (data_dir, token, (guint64) seed);
  pw_demo_market_set_samples_dir (market, samples_dir);
  pw_demo_market_set_review_delay (market, review_delay);
  pw_demo_market_set_submission_log (market, submission_log);
  pw_demo_market_set_lease_seconds (market, lease);
  pw_demo_market_set_slow_delay (market, slow);
  pw_demo_market_set_media_scale (market, scale);
  pw_demo_market_set_speech (market, !no_speech);
  pw_demo_market_set_redirect_target (market, redirect);
  if (faults != NULL && !pw_demo_market_set_faults_from_string (market, faults, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!pw_demo_market_listen (market, port, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  base_url = pw_demo_market_get_base_url (market);
  printf ("%s\n", base_url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit, loop);
  g_unix_signal_add (SIGTERM, quit, loop);
  g_main_loop_run (loop);

  return 0;
}
