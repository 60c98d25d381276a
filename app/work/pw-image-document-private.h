/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-image-document.h"
#include "pw-labelme-file.h"

/* PwImageDocument's instance, shared by pw-image-document.c, which edits
 * and saves, and pw-image-document-open.c, which opens an image's labelme
 * file, draft or prefill on a thread. */

G_BEGIN_DECLS

struct _PwImageDocument
{
  GObject        parent_instance;

  GFile         *image;
  char          *key;
  PwLabelmeFile *labelme;
  PwAnnotation  *annotation;
  PwStore       *store;
  gboolean       restored;
  gboolean       is_task;

  gulong         committed_handler;
  gulong         position_handler;
};

G_END_DECLS
