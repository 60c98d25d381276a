/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-document-draft-private.h"
#include "pw-media-document.h"
#include "pw-media-file.h"

/* PwMediaDocument's instance, shared by pw-media-document.c, which gives
 * what it holds and saves, and pw-media-document-open.c, which reads a
 * file, its annotation, a task's prefill and the draft on a thread. */

G_BEGIN_DECLS

struct _PwMediaDocument
{
  GObject          parent_instance;

  PwTaskKind       kind;
  GFile           *file;
  char            *text;
  PwTextOffsets   *offsets;
  PwAnnotation    *annotation;
  PwLabelSet      *labels;
  PwDocumentDraft  draft;
  gboolean         restored;
  gboolean         is_task;

  /* What the draft's snapshot holds of the text or recording it is for. */
  JsonObject      *stamp;

  /* Why the annotation file, the prefill or the draft was not used. */
  GError          *warning;
};

PwMediaFileKind _pw_media_document_file_kind (PwMediaDocument *self);

G_END_DECLS
