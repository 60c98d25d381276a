/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pw-error.h"
#include "pw-media-file.h"

/* A worker's own text or recording and its annotation beside it. The
 * annotation file is the contract's Annotation object with the members of
 * its tools (docs/MARKETPLACE-API.md, “Annotation”), so what a worker
 * practises on reads and writes as a marketplace's task would, and any
 * tool that reads the contract reads it. Nothing else is in it: the text
 * or recording is the file beside it. Reading it is in
 * pw-media-file-annotation.c; which files there are and how a text is
 * read, here.
 *
 * A text's offsets count code points of the text as read, after one UTF-8
 * byte order mark at its start, which editors on some systems write and
 * no one sees. Line ends are kept as they are (CR LF counts two). */

#define BYTE_ORDER_MARK "\xEF\xBB\xBF"

static const char *const audio_extensions[] = { "wav", "ogg", "oga", "opus", "mp3", "flac" };

/**
 * pw_media_file_kind_for_name:
 * @name: a file's name, in any case
 *
 * Returns: what the file is by its extension: `.txt` is a text, `.wav`,
 *   `.ogg`, `.oga`, `.opus`, `.mp3` and `.flac` are recordings
 */
PwMediaFileKind
pw_media_file_kind_for_name (const char *name)
{
  const char *dot;

  g_return_val_if_fail (name != NULL, PW_MEDIA_FILE_NONE);

  dot = strrchr (name, '.');
  if (dot == NULL || dot == name)
    return PW_MEDIA_FILE_NONE;
  if (g_ascii_strcasecmp (dot + 1, "txt") == 0)
    return PW_MEDIA_FILE_TEXT;
  for (guint i = 0; i < G_N_ELEMENTS (audio_extensions); i++)
    if (g_ascii_strcasecmp (dot + 1, audio_extensions[i]) == 0)
      return PW_MEDIA_FILE_AUDIO;
  return PW_MEDIA_FILE_NONE;
}

/**
 * pw_media_file_kind_to_string:
 * @kind: a kind of file
 *
 * Returns: "text" or "audio", as the contract names the kinds of tasks,
 *   or %NULL for %PW_MEDIA_FILE_NONE
 */
const char *
pw_media_file_kind_to_string (PwMediaFileKind kind)
{
  switch (kind)
    {
    case PW_MEDIA_FILE_TEXT:
      return "text";
    case PW_MEDIA_FILE_AUDIO:
      return "audio";
    case PW_MEDIA_FILE_NONE:
    default:
      return NULL;
    }
}

/**
 * pw_media_file_default_tools:
 * @kind: a text or a recording
 *
 * The tools a worker's own file opens with when its annotation file names
 * no others: those of the demo marketplace's projects of its kind and of
 * most paid work. A text takes choices and spans (classify it, mark the
 * names in it); a recording takes segments and a transcript (mark the
 * speech and write it down). An annotation file's members add the other
 * tools of the kind, so a file written for a task with other tools opens
 * with them.
 *
 * Returns: the tools
 */
PwAnnotationTools
pw_media_file_default_tools (PwMediaFileKind kind)
{
  g_return_val_if_fail (kind != PW_MEDIA_FILE_NONE, 0);

  if (kind == PW_MEDIA_FILE_TEXT)
    return PW_ANNOTATION_TOOL_CHOICE | PW_ANNOTATION_TOOL_SPAN;
  return PW_ANNOTATION_TOOL_SEGMENT | PW_ANNOTATION_TOOL_TRANSCRIPT;
}

/**
 * pw_media_file_annotation_for:
 * @file: a text file or a recording
 *
 * Returns: (transfer full): where @file's annotation is kept: beside it,
 *   its whole name followed by %PW_MEDIA_FILE_ANNOTATION_SUFFIX
 */
GFile *
pw_media_file_annotation_for (GFile *file)
{
  g_autofree char *name = NULL;
  g_autofree char *json_name = NULL;
  g_autoptr (GFile) parent = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  json_name = g_strconcat (name, PW_MEDIA_FILE_ANNOTATION_SUFFIX, NULL);
  parent = g_file_get_parent (file);
  g_return_val_if_fail (parent != NULL, NULL);
  return g_file_get_child (parent, json_name);
}

/* The line and column, counting from 1, of the byte at @at: where a text
 * editor shows it. Columns count characters. */
static void
locate (const char *text,
        const char *at,
        guint      *line,
        guint      *column)
{
  const char *line_start = text;

  *line = 1;
  for (const char *p = text; p < at; p++)
    if (*p == '\n')
      {
        (*line)++;
        line_start = p + 1;
      }
  *column = (guint) g_utf8_strlen (line_start, at - line_start) + 1;
}

static gboolean
set_too_large (const char  *what,
               GError     **error)
{
  g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
               /* Translators: %s names a text; %u is a number of MiB */
               _("%s is larger than %u MiB, the most Piecework opens as one text. Split it "
                 "into smaller files, then open them one by one."),
               what, (guint) (PW_MEDIA_FILE_MAX_TEXT_BYTES / (1024 * 1024)));
  return FALSE;
}

/**
 * pw_media_file_check_text:
 * @text: a text to label
 * @length: its length in bytes
 * @what: what it is, for messages, such as “notes.txt” in quotes
 * @error: return location for a #GError
 *
 * Holds a text to what Piecework labels: UTF-8, no NUL character, at most
 * %PW_MEDIA_FILE_MAX_TEXT_BYTES.
 *
 * Returns: %TRUE when it is, else %FALSE with %PW_ERROR_INVALID_DATA
 *   giving the line and column at fault, or %PW_ERROR_TOO_LARGE
 */
gboolean
pw_media_file_check_text (const char  *text,
                          gsize        length,
                          const char  *what,
                          GError     **error)
{
  const char *end;
  guint line, column;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  if (length > PW_MEDIA_FILE_MAX_TEXT_BYTES)
    return set_too_large (what, error);

  if (length == 0 || g_utf8_validate_len (text, length, &end))
    return TRUE;

  locate (text, end, &line, &column);
  if (*end == '\0')
    g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                 /* Translators: %s names a text; NUL is the character of code 0 */
                 _("%s holds a NUL character at line %u, column %u, which is not text. "
                   "Remove it in a text editor, then open the file again."),
                 what, line, column);
  else
    g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
                 /* Translators: %s names a text; 0x%02X is a byte such as 0xE9 */
                 _("%s is not UTF-8 text: line %u, column %u holds the byte 0x%02X. "
                   "Save it as UTF-8 in a text editor, then open it again."),
                 what, line, column, (guint) (guchar) *end);
  return FALSE;
}

static gboolean
query_regular_file (GFile      *file,
                    const char *name,
                    goffset    *size,
                    GError    **error)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf st;

  if (path == NULL)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("Could not open “%s”: it is not on this computer. Copy it into a local "
                     "folder, then open it from there."),
                   name);
      return FALSE;
    }
  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      pw_error_from_errno (error, errsv, _("Could not open “%s”"), name);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("“%s” is not a file. Choose a text file or a recording instead."), name);
      return FALSE;
    }
  *size = st.st_size;
  return TRUE;
}

/**
 * pw_media_file_read_text:
 * @file: a text file
 * @length: (out): the length of the text in bytes
 * @error: return location for a #GError
 *
 * Reads a text to label, as pw_media_file_check_text() allows it, leaving
 * out a byte order mark at its start. A file over the limit is refused
 * before it is read. Blocks on the disk.
 *
 * Returns: (transfer full): the text, with a NUL after it, or %NULL
 */
char *
pw_media_file_read_text (GFile   *file,
                         gsize   *length,
                         GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  goffset size;
  gsize n = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (length != NULL, NULL);

  name = g_file_get_basename (file);
  what = g_strdup_printf ("“%s”", name);
  if (!query_regular_file (file, name, &size, error))
    return NULL;
  /* The mark is not text: a file of the limit and its mark opens. */
  if (size > PW_MEDIA_FILE_MAX_TEXT_BYTES + (goffset) strlen (BYTE_ORDER_MARK))
    {
      set_too_large (what, error);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &n, NULL, &local_error))
    {
      g_set_error (error, PW_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (n >= strlen (BYTE_ORDER_MARK) && memcmp (contents, BYTE_ORDER_MARK, 3) == 0)
    {
      n -= 3;
      memmove (contents, contents + 3, n + 1);
    }
  if (!pw_media_file_check_text (contents, n, what, error))
    return NULL;

  *length = n;
  return g_steal_pointer (&contents);
}

/* What the first bytes of the recordings Piecework plays say: WAV (RIFF
 * or RF64), Ogg (Vorbis, Opus, FLAC in Ogg), FLAC, and MP3 with an ID3
 * tag or starting on a frame. The extension is not held to the content:
 * GStreamer plays what it finds. */
static gboolean
sniff_recording (const guint8 *head,
                 gsize         n)
{
  if (n >= 12 && (memcmp (head, "RIFF", 4) == 0 || memcmp (head, "RF64", 4) == 0)
      && memcmp (head + 8, "WAVE", 4) == 0)
    return TRUE;
  if (n >= 4 && (memcmp (head, "OggS", 4) == 0 || memcmp (head, "fLaC", 4) == 0))
    return TRUE;
  if (n >= 3 && memcmp (head, "ID3", 3) == 0)
    return TRUE;
  /* An MPEG audio frame: eleven bits of sync, then a version and a layer
   * that are not the reserved ones. */
  return n >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0
         && ((head[1] >> 3) & 0x3) != 0x1 && ((head[1] >> 1) & 0x3) != 0;
}

/**
 * pw_media_file_check_audio:
 * @file: a recording
 * @size: (out) (optional): its size in bytes
 * @error: return location for a #GError
 *
 * Checks from its first bytes that @file is a recording Piecework plays,
 * without decoding it. Blocks on the disk.
 *
 * Returns: %TRUE when it is; else %FALSE with %PW_ERROR_NOT_FOUND,
 *   %PW_ERROR_IO, or %PW_ERROR_UNSUPPORTED for a file that is empty or
 *   of another kind
 */
gboolean
pw_media_file_check_audio (GFile    *file,
                           goffset  *size,
                           GError  **error)
{
  g_autofree char *name = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GError) local_error = NULL;
  guint8 head[16];
  gsize n = 0;
  goffset file_size;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if (!query_regular_file (file, name, &file_size, error))
    return FALSE;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL,
                                   &local_error))
    {
      g_set_error (error, PW_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  if (n == 0)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("“%s” is empty: it holds no recording. Choose another file."), name);
      return FALSE;
    }
  if (!sniff_recording (head, n))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_UNSUPPORTED,
                   _("“%s” is not a recording Piecework plays: it is not WAV, Ogg, Opus, "
                     "MP3 or FLAC inside. Convert it to one of these, then open it again."),
                   name);
      return FALSE;
    }

  if (size != NULL)
    *size = file_size;
  return TRUE;
}
