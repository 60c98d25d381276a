/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdlib.h>

#include "piecework-engine.h"

/* Submits every claimed task in the store of the current XDG tree, as the
 * worker's Submit does (pw_task_submit()), with one box of its own on an
 * image of WIDTH×HEIGHT, and prints a "TASK\tKEY" line for each. For tests
 * of `piecework --sync`, which then sends them.
 *
 * Usage: queue-submissions WIDTH HEIGHT [LABEL] (the box's label, "thing"
 * unless given) */

static int
compare_tasks (gconstpointer a,
               gconstpointer b)
{
  const PwStoreTask *task_a = *(PwStoreTask *const *) a;
  const PwStoreTask *task_b = *(PwStoreTask *const *) b;

  return g_strcmp0 (task_a->task_id, task_b->task_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PwStore) store = NULL;
  g_autoptr (GPtrArray) tasks = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *path = pw_paths_store_file ();
  const char *label = argc == 4 ? argv[3] : "thing";
  guint64 width, height;

  if ((argc != 3 && argc != 4)
      || !g_ascii_string_to_unsigned (argv[1], 10, 8, 20000, &width, NULL)
      || !g_ascii_string_to_unsigned (argv[2], 10, 8, 20000, &height, NULL))
    {
      g_printerr ("Usage: queue-submissions WIDTH HEIGHT [LABEL]\n");
      return EXIT_FAILURE;
    }

  store = pw_store_new_for_path (path, &error);
  if (store == NULL || (tasks = pw_store_list_open_tasks (store, &error)) == NULL)
    {
      g_printerr ("queue-submissions: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_ptr_array_sort (tasks, compare_tasks);

  for (guint i = 0; i < tasks->len; i++)
    {
      PwStoreTask *task = tasks->pdata[i];
      g_autofree char *json = g_strdup_printf ("{\"image\": {\"width\": %u, \"height\": %u},"
                                               " \"shapes\": [{\"id\": \"a1\", \"type\": \"bbox\","
                                               " \"label\": \"%s\", \"x\": %u.5, \"y\": 2.25,"
                                               " \"w\": 4.0, \"h\": 3.0}]}",
                                               (guint) width, (guint) height, label, i + 1);
      g_autoptr (JsonNode) node = json_from_string (json, &error);
      g_autoptr (PwAnnotation) annotation = NULL;
      g_autofree char *key = NULL;

      g_assert_no_error (error);
      annotation = pw_annotation_new_from_json (node, &error);
      if (annotation == NULL)
        {
          g_printerr ("queue-submissions: %s\n", error->message);
          return EXIT_FAILURE;
        }
      key = pw_task_submit (store, task, annotation, 10.5 + i, now);
      g_print ("%s\t%s\n", task->task_id, key);
    }

  if (!pw_store_flush (store, &error))
    {
      g_printerr ("queue-submissions: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
