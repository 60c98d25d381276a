/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "../market/pw-market-test.h"
#include "../store/pw-store-test.h"
#include "pw-claim-batch-private.h"

/* Claims the client refuses, against a marketplace of the test's own that
 * does what the demo cannot: hands out more tasks than asked for, or media
 * announced larger than the disk holds. A refused claim is handed back
 * whole, and nothing of it is kept. */

#define ACCOUNT "a-1"
#define PROJECTS \
  "{\"projects\": [{\"id\": \"p-1\", \"name\": \"Cars\", \"kind\": \"image\"," \
  " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\", \"per\": \"task\"}," \
  " \"labels\": [{\"name\": \"car\"}], \"tools\": [\"bbox\"]}]}"
/* The same project, claimed whole (a job of a labeling platform). */
#define PROJECTS_WHOLE \
  "{\"projects\": [{\"id\": \"p-1\", \"name\": \"Cars\", \"kind\": \"image\"," \
  " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\", \"per\": \"task\"}," \
  " \"labels\": [{\"name\": \"car\"}], \"tools\": [\"bbox\"], \"claims_whole\": true}]}"
#define MEDIA_BYTES (G_GINT64_CONSTANT (1024) * 1024)

typedef struct
{
  PwTestMarket *market;
  guint         n_tasks;
  char         *released;
  guint         n_media_requests;
  gboolean      claims_whole;
} Market;

static char *
claim_json (Market *fake)
{
  GString *json = g_string_new ("{\"claim_id\": \"c-1\", \"lease_expires_at\": "
                                "\"2030-01-01T00:00:00Z\", \"tasks\": [");

  for (guint i = 0; i < fake->n_tasks; i++)
    g_string_append_printf (json, "%s{\"id\": \"t-%u\", \"project_id\": \"p-1\", \"kind\": \"image\","
                            " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\"},"
                            " \"media\": {\"url\": \"media/t-%u.jpg\", \"bytes\": %" G_GINT64_FORMAT "}}",
                            i > 0 ? ", " : "", i, i, MEDIA_BYTES);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static void
market_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Market *fake = user_data;

  pw_test_market_record (fake->market, msg);
  if (g_str_equal (path, "/api/v1/projects"))
    pw_test_market_reply (msg, 200, fake->claims_whole ? PROJECTS_WHOLE : PROJECTS);
  else if (g_str_equal (path, "/api/v1/projects/p-1/claims"))
    {
      g_autofree char *json = claim_json (fake);

      pw_test_market_reply (msg, 201, json);
    }
  else if (g_str_equal (path, "/api/v1/claims/c-1/release"))
    {
      g_free (fake->released);
      fake->released = g_strdup (fake->market->last_body);
      pw_test_market_reply (msg, 200, "{\"released\": 1}");
    }
  else
    {
      fake->n_media_requests++;
      pw_test_market_reply (msg, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"no\"}}");
    }
}

static Market *
market_new (guint n_tasks)
{
  Market *fake = g_new0 (Market, 1);

  fake->n_tasks = n_tasks;
  fake->market = pw_test_market_new (market_handler, fake);
  return fake;
}

static void
market_free (Market *fake)
{
  pw_test_market_free (fake->market);
  g_free (fake->released);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Market, market_free)

typedef struct
{
  gboolean      done;
  PwClaimBatch *batch;
  GError       *error;
} Claimed;

static void
on_claimed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Claimed *claimed = user_data;

  claimed->batch = pw_claim_batch_finish (result, &claimed->error);
  claimed->done = TRUE;
}

/* Claims @count tasks, keeping @spare_bytes free; the caller frees the
 * error. */
static Claimed
claim (Market   *fake,
       PwStore  *store,
       GFile    *media_dir,
       guint     count,
       guint64   spare_bytes)
{
  PwMarketClient *client = pw_test_client_new (fake->market->base_url);
  Claimed claimed = { FALSE, };

  _pw_claim_batch_full_async (store, PW_CONNECTOR (client), ACCOUNT, "p-1", count, media_dir, spare_bytes,
                              NULL, NULL, NULL, on_claimed, &claimed);
  pw_store_test_run_until (&claimed.done);
  pw_test_finalize (client);
  return claimed;
}

static guint
n_open_tasks (PwStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = pw_store_list_open_tasks (store, &error);

  g_assert_no_error (error);
  return open->len;
}

static guint64
free_bytes (GFile *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                             NULL, &error);

  g_assert_no_error (error);
  return g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

static void
test_claim_more_than_asked (void)
{
  g_autoptr (Market) fake = market_new (3);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) media_dir = g_file_new_for_path (dir);
  PwStore *store = pw_store_test_open_new ("claim-refused");
  Claimed claimed;

  claimed = claim (fake, store, media_dir, 2, 0);
  g_assert_null (claimed.batch);
  g_assert_error (claimed.error, PW_ERROR, PW_ERROR_PROTOCOL);
  g_assert_cmpstr (claimed.error->message, ==,
                   "The marketplace handed out 3 tasks when 2 were asked for. "
                   "None was taken, and all were handed back.");
  g_clear_error (&claimed.error);
  g_assert_cmpstr (fake->released, ==, "{\"task_ids\":[\"t-0\",\"t-1\",\"t-2\"]}");
  g_assert_cmpuint (n_open_tasks (store), ==, 0);
  g_assert_cmpuint (fake->n_media_requests, ==, 0);

  pw_store_test_close (&store);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A project that claims whole gives all it has, whatever the count: the
 * marketplace's word, whichever kind of account speaks it. */
static void
test_claim_whole (void)
{
  g_autoptr (Market) fake = market_new (3);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) media_dir = g_file_new_for_path (dir);
  PwStore *store = pw_store_test_open_new ("claim-refused");
  g_auto (GStrv) ids = NULL;
  Claimed claimed;

  fake->claims_whole = TRUE;
  claimed = claim (fake, store, media_dir, 1, 0);
  g_assert_no_error (claimed.error);
  g_assert_nonnull (claimed.batch);
  ids = pw_claim_batch_get_task_ids (claimed.batch);
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_null (fake->released);
  g_assert_cmpuint (n_open_tasks (store), ==, 3);
  g_clear_pointer (&claimed.batch, pw_claim_batch_free);

  pw_store_test_close (&store);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_claim_no_space (void)
{
  g_autoptr (Market) fake = market_new (3);
  g_autofree char *dir = pw_test_make_dir ();
  g_autoptr (GFile) media_dir = g_file_new_for_path (dir);
  PwStore *store = pw_store_test_open_new ("claim-refused");
  g_autofree char *needed = NULL;
  g_autofree char *expected = NULL;
  guint64 spare;
  Claimed claimed;

  g_assert_cmpuint (PW_CLAIM_BATCH_SPARE_BYTES, ==, 64 * 1024 * 1024);

  /* Whatever this disk holds, the claim's media do not fit beside room
   * as large as what is free. */
  spare = free_bytes (media_dir);
  claimed = claim (fake, store, media_dir, 3, spare);
  g_assert_null (claimed.batch);
  g_assert_error (claimed.error, PW_ERROR, PW_ERROR_NO_SPACE);
  g_test_message ("%s", claimed.error->message);
  needed = g_format_size (3 * MEDIA_BYTES + spare);
  expected = g_strdup_printf ("The media of these tasks needs %s on the disk, with room left for "
                              "your work, and only ", needed);
  g_assert_true (g_str_has_prefix (claimed.error->message, expected));
  g_assert_true (g_str_has_suffix (claimed.error->message,
                                   " is free. The tasks were handed back; free some space, then "
                                   "claim again."));
  g_clear_error (&claimed.error);
  g_assert_cmpstr (fake->released, ==, "{\"task_ids\":[\"t-0\",\"t-1\",\"t-2\"]}");
  g_assert_cmpuint (n_open_tasks (store), ==, 0);
  g_assert_cmpuint (fake->n_media_requests, ==, 0);

  /* With room enough, the same claim is taken and its downloads start. */
  g_clear_pointer (&fake->released, g_free);
  claimed = claim (fake, store, media_dir, 3, 0);
  g_assert_no_error (claimed.error);
  g_assert_cmpuint (pw_claim_batch_get_n_media_failed (claimed.batch), ==, 3);
  g_clear_pointer (&claimed.batch, pw_claim_batch_free);
  g_assert_null (fake->released);
  g_assert_cmpuint (n_open_tasks (store), ==, 3);
  g_assert_cmpuint (fake->n_media_requests, ==, 3);

  pw_store_test_close (&store);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/claim-refused/more-than-asked", test_claim_more_than_asked);
  g_test_add_func ("/claim-refused/claim-whole", test_claim_whole);
  g_test_add_func ("/claim-refused/no-space", test_claim_no_space);

  return g_test_run ();
}
