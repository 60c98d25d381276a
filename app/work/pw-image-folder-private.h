/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-folder-labels.h"
#include "pw-image-folder.h"

/* PwImageFolder's instance, shared by pw-image-folder.c, which answers
 * for the images and labels, pw-image-folder-load.c, which lists a
 * folder's images on a thread, and pw-image-folder-labels.c, which reads
 * the labels of its labelme files after. */

G_BEGIN_DECLS

struct _PwImageFolder
{
  GObject     parent_instance;

  GFile      *folder;
  GPtrArray  *images;
  GArray     *labeled;
  PwLabelSet *labels;
};

void _pw_image_folder_labels_progress (PwImageFolder *self,
                                       guint          n_read,
                                       guint          n_files);

G_END_DECLS
