/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-work-area.h"

G_BEGIN_DECLS

struct _PwWorkArea
{
  AdwBin            parent_instance;

  PwImageFolder    *folder;
  gulong            image_changed_id;
  PwImageDocument  *document;
  gulong            annotation_changed_id;
  PwImageCache     *cache;
  GCancellable     *open_cancellable;
  GCancellable     *item_cancellable;
  int               index;
  gboolean          full_requested;
  gboolean          override_armed;
  GPtrArray        *previous_shapes;
  char             *title;
  gulong            store_ready_id;

  /* Template children */
  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkListBox       *image_list;
  GtkListBox       *label_list;
  GtkEntry         *new_label_entry;
  PwImageCanvas    *canvas;
  AdwStatusPage    *image_error;
  GtkRevealer      *problems_revealer;
  GtkLabel         *problems_label;
  GtkLabel         *position_label;
  GtkToggleButton  *select_button;
  GtkToggleButton  *box_button;
  GtkToggleButton  *polygon_button;
};

void pw_work_area_set_folder       (PwWorkArea    *self,
                                    PwImageFolder *folder);
void pw_work_area_open_index       (PwWorkArea    *self,
                                    int            index);
void pw_work_area_update_actions   (PwWorkArea    *self);
void pw_work_area_toast            (PwWorkArea    *self,
                                    const char    *message);
void on_label_row_activated        (PwWorkArea    *self,
                                    GtkListBoxRow *row);
void on_new_label_activate         (PwWorkArea    *self);

G_END_DECLS
