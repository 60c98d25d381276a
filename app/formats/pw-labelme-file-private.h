/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-labelme-file.h"

G_BEGIN_DECLS

/* One entry of "shapes": @id and @shape for a rectangle or polygon, both
 * %NULL for a kind of shape that is kept but not shown; @node is the shape
 * as read or last written. @known keeps the last entry of every id ever
 * seen, so a shape deleted and brought back by undo keeps its members. */
typedef struct
{
  char *id;
  JsonNode *node;
  PwShape *shape;
} PwLabelmeEntry;

struct _PwLabelmeFile
{
  GObject parent_instance;

  JsonNode *root;
  char *image_path;
  guint width;
  guint height;
  GPtrArray *entries;
  GHashTable *known;
};

void             _pw_labelme_entry_free    (gpointer        data);
void             _pw_labelme_file_remember (PwLabelmeFile  *self,
                                            PwLabelmeEntry *entry);

G_END_DECLS
