/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-image-document.h"
#include "pw-labelme-file.h"

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
