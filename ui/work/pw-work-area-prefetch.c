/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-work-area-private.h"

/* What the work area prepares for the next tasks of the queue while the
 * worker labels the one shown, so that Submit and Next shows the next
 * task at once:
 *
 * - the images on either side of the one shown, of a folder or of the
 *   queue's image tasks, decoded on a thread at the size of the canvas;
 *   moving elsewhere stops those no longer beside it. They start once the
 *   image moved to is painted: a decode started with the move would take
 *   a processor from that frame. Once decoded, the canvas makes each
 *   into what it draws at fit, so that the move does not convert or
 *   upload the decoded image either;
 * - the next text or audio task's document, opened from the store. Reads
 *   from the store wait for the writes queued before them, and Submit
 *   queues one, with its sync to the disk, just before the next task
 *   opens: opened ahead, the next task does not wait for that write;
 * - the waveforms of the next recordings, and the next one's player,
 *   prerolled.
 *
 * The task shown is the only one edited, so a document opened ahead
 * holds what the store has for its task until the task is shown; moving
 * to a task opens what follows it ahead again. */

/* How many tasks ahead have their waveform prepared. */
#define PREFETCH_AHEAD 2

/* The next task's document */

struct _PwMediaAhead
{
  PwWorkArea *self;
  char       *key;       /* the task's draft key */
  PwItemLoad *wanted;    /* the task is shown, and waits for this */
};

static void
media_ahead_free (PwMediaAhead *ahead)
{
  g_object_unref (ahead->self);
  g_free (ahead->key);
  g_clear_pointer (&ahead->wanted, _pw_item_load_free);
  g_free (ahead);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMediaAhead, media_ahead_free)

static void
drop_prepared_media (PwWorkArea *self)
{
  /* One still opening is forgotten: it ends on its own. */
  self->media_opening = NULL;
  g_clear_object (&self->media_ahead);
  g_clear_pointer (&self->media_ahead_key, g_free);
}

static void
on_media_prepared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PwMediaAhead) ahead = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMediaDocument) media = pw_media_document_open_finish (result, &error);
  PwWorkArea *self = ahead->self;

  if (ahead->wanted != NULL)
    {
      if (_pw_item_load_is_current (ahead->wanted))
        _pw_work_area_show_opened_media (self, media, error);
      return;
    }
  if (self->media_opening != ahead)
    return;
  self->media_opening = NULL;
  /* One that could not open opens again, and says why, when shown. */
  if (media == NULL)
    {
      g_debug ("The task %s was not opened ahead: %s", ahead->key, error->message);
      return;
    }
  self->media_ahead = g_steal_pointer (&media);
  self->media_ahead_key = g_steal_pointer (&ahead->key);
}

/* Opens the next task of the queue ahead, when it is a text or a
 * recording. */
static void
prepare_next_media (PwWorkArea *self)
{
  const PwStoreTask *next = NULL;
  g_autofree char *key = NULL;
  PwMediaAhead *ahead;

  if (self->index >= 0 && (guint) self->index + 1 < self->tasks->len)
    next = self->tasks->pdata[self->index + 1];
  if (next == NULL || next->kind == PW_TASK_KIND_IMAGE)
    {
      drop_prepared_media (self);
      return;
    }
  key = pw_store_task_draft_key (next->account_id, next->task_id);
  if (g_strcmp0 (key, self->media_ahead_key) == 0
      || (self->media_opening != NULL && g_str_equal (key, self->media_opening->key)))
    return;

  drop_prepared_media (self);
  ahead = g_new0 (PwMediaAhead, 1);
  ahead->self = g_object_ref (self);
  ahead->key = g_steal_pointer (&key);
  /* Not cancelled with the waveforms: the task may be shown and wait
   * for it; a read of the store is short. */
  if (!_pw_work_area_open_task_media (self, next, TRUE, NULL, on_media_prepared, ahead))
    {
      media_ahead_free (ahead);
      return;
    }
  self->media_opening = ahead;
}

/**
 * _pw_work_area_take_prepared_media:
 * @task: the task about to show
 *
 * Shows @task's document opened ahead: at once when it is open, or as
 * soon as it is.
 *
 * Returns: %TRUE when @task was opened ahead, or is opening
 */
gboolean
_pw_work_area_take_prepared_media (PwWorkArea        *self,
                                   const PwStoreTask *task)
{
  g_autofree char *key = pw_store_task_draft_key (task->account_id, task->task_id);
  g_autoptr (PwMediaDocument) media = NULL;

  if (self->media_ahead != NULL && g_strcmp0 (key, self->media_ahead_key) == 0)
    {
      media = g_steal_pointer (&self->media_ahead);
      g_clear_pointer (&self->media_ahead_key, g_free);
      _pw_work_area_show_opened_media (self, media, NULL);
      return TRUE;
    }
  if (self->media_opening != NULL && g_str_equal (key, self->media_opening->key))
    {
      self->media_opening->wanted = _pw_item_load_new (self);
      self->media_opening = NULL;
      return TRUE;
    }
  return FALSE;
}

/* The next recordings */

static void
on_levels_prefetched (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;
  PwAudioLevels *levels = PW_AUDIO_LEVELS (source);
  g_autofree char *path = g_file_get_path (pw_audio_levels_get_file (levels));

  if (!pw_audio_levels_load_finish (levels, result, &error))
    {
      /* The panel computes them itself when the task opens, and says
       * why it cannot. */
      if (self->prefetched != NULL
          && g_hash_table_lookup (self->prefetched, path) == (gpointer) levels)
        g_hash_table_remove (self->prefetched, path);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The waveform of %s was not prepared: %s", path, error->message);
    }
}

/* Whether the player made ahead for @path is kept: the recording of the
 * task opening, whose panel takes it, or of the next audio task. */
static gboolean
keeps_player (PwWorkArea *self,
              const char *path)
{
  for (guint i = (guint) MAX (self->index, 0); i < self->tasks->len; i++)
    {
      const PwStoreTask *task = self->tasks->pdata[i];

      if (g_strcmp0 (task->media_file, path) == 0)
        return TRUE;
      if (i > (guint) self->index && task->kind == PW_TASK_KIND_AUDIO && task->media_file != NULL)
        return FALSE;
    }
  return FALSE;
}

/* The images beside the one shown */

static const char *
task_image (PwWorkArea *self,
            int         index)
{
  const PwStoreTask *task;

  if (index < 0 || (guint) index >= self->tasks->len)
    return NULL;
  task = self->tasks->pdata[index];
  return task->kind == PW_TASK_KIND_IMAGE ? task->media_file : NULL;
}

static void
on_image_ahead (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (PwImage) image = pw_image_cache_load_finish (PW_IMAGE_CACHE (source), result, NULL);

  /* One that failed says why when it is shown. */
  if (image != NULL)
    pw_image_canvas_prepare_image (self->canvas, image);
}

/**
 * _pw_work_area_prefetch_images:
 *
 * Decodes ahead, for the canvas's size, the next and the previous image
 * of the folder, or the next and the previous image task of the queue,
 * so that Page Down, Page Up and Submit and Next show them at once, and
 * has the canvas prepare each for its view; stops decoding any other
 * image ahead. The cache's budget bounds what they hold.
 */
void
_pw_work_area_prefetch_images (PwWorkArea *self)
{
  g_autofree char *next = NULL;
  g_autofree char *previous = NULL;
  const char *paths[3] = { NULL, };
  guint n = 0;
  int width, height;

  if (self->folder != NULL && self->index >= 0)
    {
      guint n_images = pw_image_folder_get_n_images (self->folder);

      if ((guint) self->index + 1 < n_images)
        next = _pw_work_area_image_path (self, self->index + 1);
      if (self->index > 0)
        previous = _pw_work_area_image_path (self, self->index - 1);
    }
  else if (self->tasks != NULL && self->index >= 0)
    {
      /* Text and audio tasks between are passed over: their own
       * preparation is above. */
      for (int i = self->index + 1; next == NULL && (guint) i < self->tasks->len; i++)
        next = g_strdup (task_image (self, i));
      for (int i = self->index - 1; previous == NULL && i >= 0; i--)
        previous = g_strdup (task_image (self, i));
    }

  /* The next first: it is where the worker most often goes. */
  if (next != NULL)
    paths[n++] = next;
  if (previous != NULL)
    paths[n++] = previous;
  _pw_work_area_view_size (self, &width, &height);
  g_cancellable_cancel (self->ahead_cancellable);
  g_clear_object (&self->ahead_cancellable);
  pw_image_cache_prefetch_only (self->cache, paths, width, height);
  if (n == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->canvas)))
    return;
  self->ahead_cancellable = g_cancellable_new ();
  for (guint i = 0; i < n; i++)
    pw_image_cache_load_async (self->cache, paths[i], width, height, FALSE,
                               self->ahead_cancellable, on_image_ahead, g_object_ref (self));
}

static void
stop_waiting_for_paint (PwWorkArea *self)
{
  /* A clock disposed with its window has dropped its handlers. */
  if (self->prefetch_clock != NULL
      && g_signal_handler_is_connected (self->prefetch_clock, self->prefetch_paint_id))
    g_signal_handler_disconnect (self->prefetch_clock, self->prefetch_paint_id);
  self->prefetch_paint_id = 0;
  g_clear_object (&self->prefetch_clock);
}

static void
on_shown_painted (PwWorkArea *self)
{
  /* An image still decoding is painted later, and needs the processor. */
  if (self->image_loading)
    return;
  stop_waiting_for_paint (self);
  _pw_work_area_prefetch_images (self);
}

/**
 * _pw_work_area_prefetch_images_after_paint:
 *
 * Decodes the images beside the one shown ahead, as
 * _pw_work_area_prefetch_images() does, once the frame that paints the
 * image shown now is done; at once when the canvas is not on screen.
 */
void
_pw_work_area_prefetch_images_after_paint (PwWorkArea *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->canvas));

  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->canvas)))
    {
      stop_waiting_for_paint (self);
      _pw_work_area_prefetch_images (self);
      return;
    }
  if (clock == self->prefetch_clock)
    return;
  stop_waiting_for_paint (self);
  self->prefetch_clock = g_object_ref (clock);
  self->prefetch_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                      G_CALLBACK (on_shown_painted), self);
}

/**
 * _pw_work_area_prefetch:
 *
 * Opens the next task's text or recording from the store, computes the
 * waveforms of the next audio tasks of the queue, from their cached
 * recordings, on a thread, prerolls the player of the next one, and
 * decodes the images of the image tasks beside the one shown once the
 * one shown is painted.
 */
void
_pw_work_area_prefetch (PwWorkArea *self)
{
  g_autoptr (GHashTable) ahead = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer path;
  guint n = 0;

  if (self->tasks == NULL)
    return;
  if (self->prefetch_cancellable == NULL)
    self->prefetch_cancellable = g_cancellable_new ();
  prepare_next_media (self);
  _pw_work_area_prefetch_images_after_paint (self);

  /* Waveforms of tasks left behind, skipped or gone take no memory; the
   * task opening now takes its own once its document is read. */
  for (guint i = (guint) MAX (self->index, 0); i < self->tasks->len; i++)
    {
      const PwStoreTask *task = self->tasks->pdata[i];

      if (task->media_file != NULL)
        g_hash_table_add (ahead, task->media_file);
    }
  g_hash_table_iter_init (&iter, self->prefetched);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    {
      if (!g_hash_table_contains (ahead, path))
        g_hash_table_iter_remove (&iter);
    }
  /* A player holds a pipeline and, with sound, an output stream: only
   * the next recording's is made ahead. */
  g_hash_table_iter_init (&iter, self->prefetched_players);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    {
      if (!keeps_player (self, path))
        g_hash_table_iter_remove (&iter);
    }

  for (guint i = (guint) self->index + 1; i < self->tasks->len && n < PREFETCH_AHEAD; i++)
    {
      const PwStoreTask *task = self->tasks->pdata[i];
      g_autoptr (GFile) file = NULL;
      g_autoptr (GFile) cache = NULL;
      PwAudioLevels *levels;

      if (task->kind != PW_TASK_KIND_AUDIO || task->media_file == NULL)
        continue;
      if (n++ == 0 && !g_hash_table_contains (self->prefetched_players, task->media_file))
        {
          file = g_file_new_for_path (task->media_file);
          g_hash_table_insert (self->prefetched_players, g_strdup (task->media_file),
                               pw_audio_player_new (file, NULL));
          g_clear_object (&file);
        }
      if (g_hash_table_contains (self->prefetched, task->media_file))
        continue;
      file = g_file_new_for_path (task->media_file);
      cache = pw_audio_levels_cache_file_for (file);
      levels = pw_audio_levels_new (file, cache);
      g_hash_table_insert (self->prefetched, g_strdup (task->media_file), levels);
      pw_audio_levels_load_async (levels, self->prefetch_cancellable, on_levels_prefetched,
                                  g_object_ref (self));
    }
}

/**
 * _pw_work_area_cancel_prefetch:
 *
 * Stops preparing waveforms, as when the list of tasks changes; those
 * done are kept for the tasks that are still in it. The players and the
 * document made ahead are dropped, and no image decodes ahead.
 */
void
_pw_work_area_cancel_prefetch (PwWorkArea *self)
{
  GHashTableIter iter;
  gpointer value;

  g_cancellable_cancel (self->prefetch_cancellable);
  g_clear_object (&self->prefetch_cancellable);
  g_cancellable_cancel (self->ahead_cancellable);
  g_clear_object (&self->ahead_cancellable);
  stop_waiting_for_paint (self);
  drop_prepared_media (self);
  if (self->cache != NULL)
    pw_image_cache_prefetch_only (self->cache, NULL, 0, 0);
  if (self->prefetched_players != NULL)
    g_hash_table_remove_all (self->prefetched_players);
  if (self->prefetched == NULL)
    return;
  g_hash_table_iter_init (&iter, self->prefetched);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!pw_audio_levels_is_complete (value))
        g_hash_table_iter_remove (&iter);
    }
}

/**
 * _pw_work_area_take_prefetched:
 * @path: (nullable): a recording
 *
 * Returns: (transfer full) (nullable): the waveform of @path computed
 *   ahead, once it is complete
 */
PwAudioLevels *
_pw_work_area_take_prefetched (PwWorkArea *self,
                               const char *path)
{
  PwAudioLevels *levels;

  if (path == NULL || self->prefetched == NULL
      || (levels = g_hash_table_lookup (self->prefetched, path)) == NULL
      || !pw_audio_levels_is_complete (levels))
    return NULL;
  g_object_ref (levels);
  g_hash_table_remove (self->prefetched, path);
  return levels;
}

/**
 * _pw_work_area_take_prefetched_player:
 * @path: (nullable): a recording
 *
 * Returns: (transfer full) (nullable): the player of @path made ahead,
 *   prerolled or prerolling
 */
PwAudioPlayer *
_pw_work_area_take_prefetched_player (PwWorkArea *self,
                                      const char *path)
{
  g_autofree char *key = NULL;
  gpointer player = NULL;

  if (path == NULL || self->prefetched_players == NULL
      || !g_hash_table_steal_extended (self->prefetched_players, path, (gpointer *) &key, &player))
    return NULL;
  return player;
}
