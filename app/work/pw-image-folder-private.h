/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-folder-labels.h"
#include "pw-image-folder.h"

/* PwImageFolder's instance, shared by pw-image-folder.c, which answers
 * for the images and labels, and pw-image-folder-load.c, which lists a
 * folder's images and reads its labels on a thread. */

G_BEGIN_DECLS

struct _PwImageFolder
{
  GObject     parent_instance;

  GFile      *folder;
  GPtrArray  *images;
  GArray     *labeled;
  PwLabelSet *labels;
};

G_END_DECLS
