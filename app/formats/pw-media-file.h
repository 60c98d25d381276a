/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-annotation.h"
#include "pw-text-offsets.h"

/* A worker's own text file or recording, and the annotation kept beside
 * it: which files they are, how their annotation file is named, read and
 * written. The one rule the media document and the JSONL export follow. */

G_BEGIN_DECLS

/**
 * PW_MEDIA_FILE_MAX_TEXT_BYTES:
 *
 * The longest text Piecework opens, in bytes of UTF-8: 16 MiB, as large as
 * the contract's largest claim answer, so every text a marketplace can
 * send opens, and a worker's own file is held to the same.
 */
#define PW_MEDIA_FILE_MAX_TEXT_BYTES (16 * 1024 * 1024)

/**
 * PW_MEDIA_FILE_ANNOTATION_SUFFIX:
 *
 * What the name of a file's annotation adds to the file's whole name:
 * `interview.wav` keeps its annotation in `interview.wav.json`. A labelme
 * file drops the image's extension (`interview.png` → `interview.json`),
 * so an image and a recording or text of the same stem never share one.
 */
#define PW_MEDIA_FILE_ANNOTATION_SUFFIX ".json"

/**
 * PwMediaFileKind:
 * @PW_MEDIA_FILE_NONE: neither
 * @PW_MEDIA_FILE_TEXT: a text file: `.txt`, UTF-8
 * @PW_MEDIA_FILE_AUDIO: a recording: `.wav`, `.ogg`, `.oga`, `.opus`,
 *   `.mp3` or `.flac`
 *
 * What a worker's own file is, by its name.
 */
typedef enum
{
  PW_MEDIA_FILE_NONE,
  PW_MEDIA_FILE_TEXT,
  PW_MEDIA_FILE_AUDIO,
} PwMediaFileKind;

PwMediaFileKind   pw_media_file_kind_for_name        (const char       *name);
const char       *pw_media_file_kind_to_string       (PwMediaFileKind   kind);
PwAnnotationTools pw_media_file_default_tools        (PwMediaFileKind   kind);
GFile            *pw_media_file_annotation_for       (GFile            *file);

char             *pw_media_file_read_text            (GFile            *file,
                                                      gsize            *length,
                                                      GError          **error);
gboolean          pw_media_file_check_text           (const char       *text,
                                                      gsize             length,
                                                      const char       *what,
                                                      GError          **error);
gboolean          pw_media_file_check_audio          (GFile            *file,
                                                      goffset          *size,
                                                      GError          **error);

PwAnnotation     *pw_media_file_annotation_from_json (JsonNode         *node,
                                                      PwAnnotationTools tools,
                                                      PwTextOffsets    *text,
                                                      const char       *what,
                                                      GError          **error);
gboolean          pw_media_file_spans_fit            (PwAnnotation     *annotation,
                                                      PwTextOffsets    *text,
                                                      const char       *what,
                                                      GError          **error);
PwAnnotation     *pw_media_file_read_annotation      (GFile            *annotation_file,
                                                      PwMediaFileKind   kind,
                                                      PwTextOffsets    *text,
                                                      GError          **error);
char             *pw_media_file_annotation_to_string (PwAnnotation     *annotation);

G_END_DECLS
