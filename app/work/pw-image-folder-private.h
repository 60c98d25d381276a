/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-image-folder.h"

G_BEGIN_DECLS

/* labelme's `--labels` reads the same file. */
#define PW_IMAGE_FOLDER_LABELS_FILE "labels.txt"

struct _PwImageFolder
{
  GObject     parent_instance;

  GFile      *folder;
  GPtrArray  *images;
  GArray     *labeled;
  PwLabelSet *labels;
};

G_END_DECLS
