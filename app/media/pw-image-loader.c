/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <stdlib.h>
#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw-error.h"
#include "pw-media-private.h"

/* Opening an image: read the file, tell its kind from its first bytes (an
 * extension says nothing about what a marketplace sent), read the header and
 * check the limits, then decode at the smallest scale that fills the size
 * asked for. Every failure names the file and says what the worker can do
 * about it. */

static const guint8 jpeg_magic[] = { 0xFF, 0xD8, 0xFF };
static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

gboolean
_pw_media_check_size (const char  *display_name,
                      gint64       width,
                      gint64       height,
                      GError     **error)
{
  if (width <= 0 || height <= 0)
    {
      _pw_media_set_damaged (error, display_name, _("its header gives no size"));
      return FALSE;
    }

  if (width > PW_IMAGE_MAX_SIDE || height > PW_IMAGE_MAX_SIDE
      || width * height > PW_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   /* Translators: the first %s is a file name; then its width and height */
                   _("“%s” is too large to open: %d × %d pixels. Piecework opens images up to "
                     "%d pixels on a side and %d megapixels."),
                   display_name, (int) MIN (width, G_MAXINT), (int) MIN (height, G_MAXINT),
                   PW_IMAGE_MAX_SIDE, (int) (PW_IMAGE_MAX_PIXELS / 1000000));
      return FALSE;
    }

  return TRUE;
}

void
_pw_media_set_truncated (GError     **error,
                         const char  *display_name)
{
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               /* Translators: %s is a file name */
               _("“%s” is damaged: the file ends early. Download or copy it again."),
               display_name);
}

/* @detail says what is wrong, for the worker or for a bug report. */
void
_pw_media_set_damaged (GError     **error,
                       const char  *display_name,
                       const char  *detail)
{
  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               /* Translators: the first %s is a file name, the second what is wrong with it */
               _("“%s” is damaged: %s. Download or copy it again."),
               display_name, detail);
}

/* Buffers this large are aligned to a huge page and asked to be backed by
 * huge pages: a 48 MP image is 144 MB, which in 4 KiB pages is 36,000
 * page faults the first time it is written, a large share of its decode. */
#define HUGE_PAGE_SIZE (2 * 1024 * 1024)

/**
 * _pw_media_try_alloc:
 * @size: bytes
 *
 * Allocates the pixels of an image; free them with g_free().
 *
 * Returns: (transfer full) (nullable): the buffer, or %NULL when there is
 *   not enough memory
 */
guint8 *
_pw_media_try_alloc (gsize size)
{
  void *pixels = NULL;

  if (size < 4 * HUGE_PAGE_SIZE)
    return g_try_malloc (size);
  if (posix_memalign (&pixels, HUGE_PAGE_SIZE, size) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  /* Only advice: where the kernel has no huge pages, small ones serve. */
  madvise (pixels, size, MADV_HUGEPAGE);
#endif
  return pixels;
}

void
_pw_media_set_no_memory (GError     **error,
                         const char  *display_name)
{
  if (display_name == NULL)
    g_set_error_literal (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                         _("There is not enough memory for this image. Close other applications, then try again."));
  else
    g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                 /* Translators: %s is a file name */
                 _("There is not enough memory to open “%s”. Close other applications, then try again."),
                 display_name);
}

/* Opens @path for reading, refusing what is not a file or is larger than
 * any image the engine would open; gives its size. */
static int
open_image_file (const char  *path,
                 const char  *name,
                 gsize       *size,
                 GError     **error)
{
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, _("Could not open “%s”"), name);
      return -1;
    }

  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;

      close (fd);
      pw_error_from_errno (error, errsv, _("Could not open “%s”"), name);
      return -1;
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("“%s” is not a file. Choose an image file instead."), name);
      return -1;
    }

  if (st.st_size > PW_IMAGE_MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("“%s” is too large to open: Piecework opens image files up to %d MB."),
                   name, (int) (PW_IMAGE_MAX_FILE_SIZE / (1024 * 1024)));
      return -1;
    }

  *size = st.st_size;
  return fd;
}

/* Reads up to @size bytes from the start of @fd. A file that shrinks while
 * read is taken as it is; one that grows is read up to @size, and the
 * decoder judges what it got. */
static GBytes *
read_start (int          fd,
            gsize        size,
            const char  *name,
            GError     **error)
{
  g_autofree guint8 *buffer = NULL;
  gsize done = 0;

  buffer = g_try_malloc (MAX (size, 1));
  if (buffer == NULL)
    {
      _pw_media_set_no_memory (error, name);
      return NULL;
    }

  while (done < size)
    {
      gssize n = pread (fd, buffer + done, size - done, done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;

          pw_error_from_errno (error, errsv, _("Could not read “%s”"), name);
          return NULL;
        }
      if (n == 0)
        break;
      done += n;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), done);
}

/**
 * pw_image_read_file:
 * @path: an image file
 * @error: return location for a #GError
 *
 * Reads the whole file, refusing one larger than any image the engine
 * would open. Blocks: call it from a thread.
 *
 * Returns: (transfer full) (nullable): the file's bytes
 */
GBytes *
pw_image_read_file (const char  *path,
                    GError     **error)
{
  g_autofree char *name = NULL;
  GBytes *bytes;
  gsize size;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_basename (path);
  fd = open_image_file (path, name, &size, error);
  if (fd < 0)
    return NULL;
  bytes = read_start (fd, size, name, error);
  close (fd);
  return bytes;
}

/* What the header of most files fits in; a JPEG with a large Exif
 * thumbnail or colour profile before its frame needs more. */
#define PROBE_START_SIZE (64 * 1024)

/**
 * pw_image_probe_file:
 * @path: an image file
 * @info: (out caller-allocates): what the header says
 * @error: return location for a #GError
 *
 * Does what pw_image_read_file() and pw_image_probe() do together, reading
 * only as much of the file as its header takes: what a document needs to
 * know of its image, without reading the megabytes of a camera's photo.
 * Blocks: call it from a thread.
 *
 * Returns: %TRUE when @path is an image the engine can decode
 */
gboolean
pw_image_probe_file (const char   *path,
                     PwImageInfo  *info,
                     GError      **error)
{
  g_autofree char *name = NULL;
  gsize size, length;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_basename (path);
  fd = open_image_file (path, name, &size, error);
  if (fd < 0)
    return FALSE;

  /* A header cut short fails to probe: read more, up to the whole file,
   * whose verdict is the one pw_image_probe() gives. */
  for (length = MIN (size, PROBE_START_SIZE); ; length = MIN (size, length * 4))
    {
      g_autoptr (GBytes) start = read_start (fd, length, name, error);
      g_autoptr (GError) local_error = NULL;

      if (start == NULL)
        break;
      if (pw_image_probe (start, name, info, &local_error))
        {
          close (fd);
          return TRUE;
        }
      if (length >= size || g_bytes_get_size (start) < length)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
    }
  close (fd);
  return FALSE;
}

/**
 * pw_image_probe:
 * @data: the bytes of an image file
 * @display_name: the file's name as shown to the worker
 * @info: (out caller-allocates): what the header says
 * @error: return location for a #GError
 *
 * Reads the header: the kind of file, its size and orientation, and checks
 * the size limits before any pixel is decoded.
 *
 * Returns: %TRUE when @data is an image the engine can decode
 */
gboolean
pw_image_probe (GBytes       *data,
                const char   *display_name,
                PwImageInfo  *info,
                GError      **error)
{
  const guint8 *bytes;
  gsize length;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (info, 0, sizeof *info);
  bytes = g_bytes_get_data (data, &length);

  if (length == 0)
    {
      _pw_media_set_damaged (error, display_name, _("the file is empty"));
      return FALSE;
    }

  if (length >= sizeof jpeg_magic && memcmp (bytes, jpeg_magic, sizeof jpeg_magic) == 0)
    return _pw_jpeg_probe (bytes, length, display_name, info, error);

  if (length >= sizeof png_magic && memcmp (bytes, png_magic, sizeof png_magic) == 0)
    return _pw_png_probe (bytes, length, display_name, info, error);

  g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
               /* Translators: %s is a file name */
               _("“%s” is not a JPEG or PNG image, the only kinds Piecework opens."),
               display_name);
  return FALSE;
}

/**
 * pw_image_info_pick_scale:
 * @info: a probed image
 * @fit_width: the width to fit the image into, in device pixels, or 0 for
 *   full size
 * @fit_height: the height to fit the image into, in device pixels, or 0
 *   for full size
 *
 * Picks the smallest JPEG decoding scale whose result, fitted into
 * @fit_width × @fit_height, is not enlarged: an eighth of a 48 MP photo
 * fills a small window, and decoding it takes a fraction of the time of
 * the full image.
 *
 * Returns: the scale denominator: 1, 2, 4 or 8
 */
guint
pw_image_info_pick_scale (const PwImageInfo *info,
                          int                fit_width,
                          int                fit_height)
{
  g_return_val_if_fail (info != NULL, 1);

  if (info->file_type != PW_IMAGE_FILE_JPEG || fit_width <= 0 || fit_height <= 0)
    return 1;

  for (guint denominator = 8; denominator > 1; denominator /= 2)
    {
      gint64 width = ((gint64) info->width + denominator - 1) / denominator;
      gint64 height = ((gint64) info->height + denominator - 1) / denominator;

      /* Fitted, the image spans all of @fit_width or all of @fit_height;
       * on that side it must have as many pixels. */
      if (width >= fit_width || height >= fit_height)
        return denominator;
    }

  return 1;
}

/**
 * pw_image_decode:
 * @data: the bytes of an image file
 * @display_name: the file's name as shown to the worker
 * @info: what pw_image_probe() said of @data
 * @scale_denominator: 1, 2, 4 or 8, from pw_image_info_pick_scale(); only
 *   JPEG files decode at a reduced scale, others ignore it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes the pixels, oriented as shown. Blocks: call it from a thread.
 *
 * Returns: (transfer full) (nullable): the image
 */
PwImage *
pw_image_decode (GBytes             *data,
                 const char         *display_name,
                 const PwImageInfo  *info,
                 guint               scale_denominator,
                 GCancellable       *cancellable,
                 GError            **error)
{
  const guint8 *bytes;
  gsize length;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (scale_denominator == 1 || scale_denominator == 2
                        || scale_denominator == 4 || scale_denominator == 8, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  bytes = g_bytes_get_data (data, &length);

  switch (info->file_type)
    {
    case PW_IMAGE_FILE_JPEG:
      return _pw_jpeg_decode (bytes, length, display_name, info, scale_denominator,
                              cancellable, error);
    case PW_IMAGE_FILE_PNG:
      return _pw_png_decode (bytes, length, display_name, info, cancellable, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * pw_image_load_file:
 * @path: an image file
 * @fit_width: the width to fit the image into, in device pixels, or 0 for
 *   full size
 * @fit_height: the height to fit the image into, in device pixels, or 0
 *   for full size
 * @info: (out caller-allocates) (optional): what the header says
 * @cancellable: (nullable): a #GCancellable, checked between the stages
 * @error: return location for a #GError
 *
 * Reads, probes and decodes @path at the smallest scale that fills
 * @fit_width × @fit_height. Blocks: call it from a thread, or use
 * pw_image_load_file_async().
 *
 * Returns: (transfer full) (nullable): the image as shown
 */
PwImage *
pw_image_load_file (const char    *path,
                    int            fit_width,
                    int            fit_height,
                    PwImageInfo   *info,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr (GBytes) data = NULL;
  g_autofree char *name = NULL;
  PwImageInfo probed;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  data = pw_image_read_file (path, error);
  if (data == NULL)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  name = g_filename_display_basename (path);
  if (!pw_image_probe (data, name, &probed, error))
    return NULL;

  if (info != NULL)
    *info = probed;

  return pw_image_decode (data, name, &probed,
                          pw_image_info_pick_scale (&probed, fit_width, fit_height),
                          cancellable, error);
}

typedef struct
{
  char *path;
  int fit_width;
  int fit_height;
  PwImageInfo info;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  g_free (job);
}

static void
load_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  PwImage *image;

  image = pw_image_load_file (job->path, job->fit_width, job->fit_height,
                              &job->info, cancellable, &error);
  if (image == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, image, (GDestroyNotify) pw_image_unref);
}

/**
 * pw_image_load_file_async:
 * @path: an image file
 * @fit_width: the width to fit the image into, in device pixels, or 0 for
 *   full size
 * @fit_height: the height to fit the image into, in device pixels, or 0
 *   for full size
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Does pw_image_load_file() in a worker thread.
 */
void
pw_image_load_file_async (const char          *path,
                          int                  fit_width,
                          int                  fit_height,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (path);
  job->fit_width = fit_width;
  job->fit_height = fit_height;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_image_load_file_async);
  g_task_set_task_data (task, job, load_job_free);
  g_task_run_in_thread (task, load_file_thread);
}

/**
 * pw_image_load_file_finish:
 * @result: the #GAsyncResult given to the callback
 * @info: (out caller-allocates) (optional): what the header said
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the image as shown
 */
PwImage *
pw_image_load_file_finish (GAsyncResult  *result,
                           PwImageInfo   *info,
                           GError       **error)
{
  PwImage *image;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_image_load_file_async, NULL);

  image = g_task_propagate_pointer (G_TASK (result), error);
  if (image != NULL && info != NULL)
    *info = ((LoadJob *) g_task_get_task_data (G_TASK (result)))->info;

  return image;
}
