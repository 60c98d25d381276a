/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-document-draft-private.h"
#include "pw-image-document.h"
#include "pw-labelme-file.h"

/* PwImageDocument's instance, shared by pw-image-document.c, which edits
 * and saves, and pw-image-document-open.c, which opens an image's labelme
 * file, draft or prefill on a thread. */

G_BEGIN_DECLS

struct _PwImageDocument
{
  GObject        parent_instance;

  GFile           *image;
  PwLabelmeFile   *labelme;
  PwAnnotation    *annotation;
  PwDocumentDraft  draft;
  gboolean         restored;
  gboolean         is_task;
};

G_END_DECLS
