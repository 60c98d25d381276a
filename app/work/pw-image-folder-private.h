/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-folder-labels.h"
#include "pw-image-folder.h"

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
