/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <math.h>

#include "pw-demo-market-private.h"
#include "pw-error.h"
#include "pw-paths.h"

/* The media of the demo tasks, made by the project itself: photo-like
 * scenes at the sizes cameras and phones take, some with an EXIF
 * orientation, and read speech. Making them takes a few seconds, so they
 * are kept in the data folder and made once per seed and size. Tasks share
 * them: a task's index picks one. Projects that ask when and in what
 * weather a scene was taken have scenes of their own, one for each
 * pairing of day or night with clear, rainy or foggy weather. */

typedef struct
{
  int width;
  int height;
  guint orientation;
} SceneSize;

/* Stored sizes; a phone's portrait photo is stored landscape with an
 * orientation of 6 or 8. */
static const SceneSize scene_sizes[] = {
  { 1600, 1200, 1 },
  { 4032, 3024, 1 },
  { 1600, 1200, 6 },
  { 4032, 3024, 1 },
  { 1600, 1200, 3 },
  { 4032, 3024, 8 },
  { 1600, 1200, 1 },
  { 4032, 3024, 6 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (scene_sizes) == PW_DEMO_N_STREET_SCENES);

/* One of the condition scenes is a phone's portrait photo. */
static const SceneSize condition_sizes[PW_DEMO_N_CONDITION_SCENES] = {
  { 1600, 1200, 1 },
  { 1600, 1200, 1 },
  { 1600, 1200, 6 },
  { 1600, 1200, 1 },
  { 1600, 1200, 1 },
  { 1600, 1200, 1 },
};

#define N_SPEECH 8

typedef struct
{
  char *data_dir;
  guint64 seed;
  double scale;
  gboolean use_espeak;
  GPtrArray *sentences;
} MediaPlan;

static void
media_plan_free (MediaPlan *plan)
{
  g_free (plan->data_dir);
  g_ptr_array_unref (plan->sentences);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MediaPlan, media_plan_free)

void
_pw_demo_market_media_free (gpointer data)
{
  PwDemoMedia *media = data;

  g_bytes_unref (media->bytes);
  g_free (media->sha256);
  g_free (media);
}

char *
_pw_demo_market_sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static PwDemoMedia *
media_new (GBytes     *bytes,
           const char *content_type,
           const char *extension)
{
  PwDemoMedia *media = g_new0 (PwDemoMedia, 1);

  media->bytes = g_bytes_ref (bytes);
  media->sha256 = _pw_demo_market_sha256_hex (bytes);
  media->content_type = content_type;
  media->extension = extension;
  return media;
}

/* The cached file when there is one, else made and kept for next time. */
static GBytes *
load_or_make (const char  *path,
              GBytes    *(*make) (gpointer, GCancellable *, GError **),
              gpointer     make_data,
              GCancellable *cancellable,
              GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &contents, &length, NULL) && length > 0)
    return g_bytes_new_take (contents, length);
  g_free (contents);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  bytes = make (make_data, cancellable, error);
  if (bytes == NULL)
    return NULL;
  /* A cache that cannot be written only costs time at the next start. */
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &local_error))
    g_debug ("Could not keep %s: %s", path, local_error->message);
  return g_steal_pointer (&bytes);
}

typedef struct
{
  int width;
  int height;
  guint orientation;
  guint32 seed;
  const PwDemoConditions *conditions;
} SceneJob;

static GBytes *
make_scene (gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  SceneJob *job = data;

  return _pw_demo_market_make_scene (job->width, job->height, job->orientation, job->seed,
                                     job->conditions, error);
}

typedef struct
{
  const char *sentence;
  gboolean use_espeak;
} SpeechJob;

static GBytes *
make_speech (gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  SpeechJob *job = data;

  return _pw_demo_market_make_speech (job->sentence, job->use_espeak, cancellable, error);
}

static gboolean
make_media (MediaPlan     *plan,
            GPtrArray    **scenes_out,
            GPtrArray    **speech_out,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr (GPtrArray) scenes = g_ptr_array_new_with_free_func (_pw_demo_market_media_free);
  g_autoptr (GPtrArray) speech = g_ptr_array_new_with_free_func (_pw_demo_market_media_free);
  g_autofree char *espeak_path = g_find_program_in_path ("espeak-ng");
  gboolean espeak = plan->use_espeak && espeak_path != NULL;

  if (!pw_paths_ensure_dir (plan->data_dir, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (scene_sizes); i++)
    {
      SceneJob job = {
        .width = MAX (16, (int) round (scene_sizes[i].width * plan->scale)),
        .height = MAX (16, (int) round (scene_sizes[i].height * plan->scale)),
        .orientation = scene_sizes[i].orientation,
        .seed = (guint32) (plan->seed * 7919 + i),
      };
      g_autofree char *name = g_strdup_printf ("scene-%" G_GUINT64_FORMAT "-%u-%dx%d-%u.jpg",
                                               plan->seed, i, job.width, job.height,
                                               job.orientation);
      g_autofree char *path = g_build_filename (plan->data_dir, name, NULL);
      g_autoptr (GBytes) bytes = load_or_make (path, make_scene, &job, cancellable, error);

      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (scenes, media_new (bytes, "image/jpeg", "jpg"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (condition_sizes); i++)
    {
      SceneJob job = {
        .width = MAX (16, (int) round (condition_sizes[i].width * plan->scale)),
        .height = MAX (16, (int) round (condition_sizes[i].height * plan->scale)),
        .orientation = condition_sizes[i].orientation,
        .seed = (guint32) (plan->seed * 7919 + 101 + i),
        .conditions = _pw_demo_market_condition_scene (i),
      };
      g_autofree char *name = g_strdup_printf ("conditions-%" G_GUINT64_FORMAT "-%u-%dx%d-%u.jpg",
                                               plan->seed, i, job.width, job.height,
                                               job.orientation);
      g_autofree char *path = g_build_filename (plan->data_dir, name, NULL);
      g_autoptr (GBytes) bytes = load_or_make (path, make_scene, &job, cancellable, error);

      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (scenes, media_new (bytes, "image/jpeg", "jpg"));
    }

  for (guint i = 0; i < N_SPEECH; i++)
    {
      SpeechJob job = {
        .sentence = plan->sentences->pdata[(i * 5) % plan->sentences->len],
        .use_espeak = espeak,
      };
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, job.sentence, -1);
      g_autofree char *name = g_strdup_printf ("speech-%s-%.16s.wav",
                                               espeak ? "espeak" : "synthetic", digest);
      g_autofree char *path = g_build_filename (plan->data_dir, name, NULL);
      g_autoptr (GBytes) bytes = load_or_make (path, make_speech, &job, cancellable, error);

      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (speech, media_new (bytes, "audio/wav", "wav"));
    }

  *scenes_out = g_steal_pointer (&scenes);
  *speech_out = g_steal_pointer (&speech);
  return TRUE;
}

static MediaPlan *
plan_locked (PwDemoMarket *self)
{
  MediaPlan *plan = g_new0 (MediaPlan, 1);

  plan->data_dir = g_strdup (self->data_dir);
  plan->seed = self->seed;
  plan->scale = self->media_scale;
  plan->use_espeak = self->use_espeak;
  plan->sentences = g_ptr_array_ref (self->sentences);
  return plan;
}

static void
publish (PwDemoMarket *self,
         GPtrArray    *scenes,
         GPtrArray    *speech)
{
  g_mutex_lock (&self->mutex);
  if (self->scenes == NULL)
    {
      self->scenes = g_ptr_array_ref (scenes);
      self->speech = g_ptr_array_ref (speech);
    }
  self->preparing = FALSE;
  g_mutex_unlock (&self->mutex);
}

/**
 * pw_demo_market_prepare:
 * @self: a #PwDemoMarket
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the sample data and makes the media, or finds them in the data
 * folder, blocking until they are there. Tests call it before listening;
 * the app lets pw_demo_market_listen() do it on a thread.
 *
 * Returns: %TRUE when every task has its media
 */
gboolean
pw_demo_market_prepare (PwDemoMarket  *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr (MediaPlan) plan = NULL;
  g_autoptr (GPtrArray) scenes = NULL;
  g_autoptr (GPtrArray) speech = NULL;
  gboolean loaded;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), FALSE);

  g_mutex_lock (&self->mutex);
  loaded = _pw_demo_market_load_catalog (self, error);
  if (loaded)
    plan = plan_locked (self);
  g_mutex_unlock (&self->mutex);
  if (!loaded)
    return FALSE;
  if (pw_demo_market_is_ready (self))
    return TRUE;

  if (!make_media (plan, &scenes, &speech, cancellable, error))
    return FALSE;
  publish (self, scenes, speech);
  return TRUE;
}

/**
 * pw_demo_market_is_ready:
 * @self: a #PwDemoMarket
 *
 * Returns: whether the media of its tasks are made
 */
gboolean
pw_demo_market_is_ready (PwDemoMarket *self)
{
  gboolean ready;

  g_return_val_if_fail (PW_IS_DEMO_MARKET (self), FALSE);

  g_mutex_lock (&self->mutex);
  ready = self->scenes != NULL;
  g_mutex_unlock (&self->mutex);
  return ready;
}

typedef struct
{
  GPtrArray *scenes;
  GPtrArray *speech;
} MadeMedia;

static void
made_media_free (gpointer data)
{
  MadeMedia *made = data;

  g_ptr_array_unref (made->scenes);
  g_ptr_array_unref (made->speech);
  g_free (made);
}

static void
make_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MadeMedia *made = g_new0 (MadeMedia, 1);
  g_autoptr (GError) error = NULL;

  if (!make_media (task_data, &made->scenes, &made->speech, cancellable, &error))
    {
      g_free (made);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, made, made_media_free);
}

/* The thread holds no reference on the market, so a market dropped while
 * its media are being made goes at once and cancels the making. */
static void
made (GObject      *object,
      GAsyncResult *result,
      gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (PwDemoMarket) self = g_weak_ref_get (weak);
  g_autoptr (GError) error = NULL;
  MadeMedia *media = g_task_propagate_pointer (G_TASK (result), &error);

  g_weak_ref_clear (weak);
  g_free (weak);

  if (media == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The demo marketplace could not make its media: %s", error->message);
      return;
    }
  if (self != NULL)
    publish (self, media->scenes, media->speech);
  made_media_free (media);
}

void
_pw_demo_market_prepare_async (PwDemoMarket *self)
{
  g_autoptr (GTask) task = NULL;
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_mutex_lock (&self->mutex);
  if (self->preparing || self->scenes != NULL)
    {
      g_mutex_unlock (&self->mutex);
      g_free (weak);
      return;
    }
  self->preparing = TRUE;
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->cancellable, made, weak);
  g_task_set_source_tag (task, _pw_demo_market_prepare_async);
  g_task_set_task_data (task, plan_locked (self), (GDestroyNotify) media_plan_free);
  g_mutex_unlock (&self->mutex);

  g_task_run_in_thread (task, make_in_thread);
}
