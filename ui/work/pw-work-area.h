/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pw-image-canvas.h"
#include "pw-instructions-pane.h"

G_BEGIN_DECLS

/* The Work place: an image, a folder or a claimed task being labeled. */

#define PW_TYPE_WORK_AREA (pw_work_area_get_type ())

G_DECLARE_FINAL_TYPE (PwWorkArea, pw_work_area, PW, WORK_AREA, AdwBin)

void           pw_work_area_open_files    (PwWorkArea  *self,
                                           GFile      **files,
                                           guint        n_files);
const char    *pw_work_area_get_title     (PwWorkArea  *self);
PwImageCanvas *pw_work_area_get_canvas    (PwWorkArea  *self);
PwImageFolder *pw_work_area_get_folder    (PwWorkArea  *self);
GFile         *pw_work_area_get_media_file (PwWorkArea *self);
int            pw_work_area_get_index     (PwWorkArea  *self);
const char    *pw_work_area_get_image_error (PwWorkArea *self);
gboolean       pw_work_area_get_image_coming (PwWorkArea *self);
void           pw_work_area_open_task     (PwWorkArea  *self,
                                           const char  *account_id,
                                           const char  *task_id);
const char    *pw_work_area_get_task_id   (PwWorkArea  *self);
const char    *pw_work_area_get_last_toast (PwWorkArea *self);
PwInstructionsPane *pw_work_area_get_instructions_pane (PwWorkArea *self);

G_END_DECLS
