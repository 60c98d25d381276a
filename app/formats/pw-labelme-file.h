/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-annotation.h"

/* PwLabelmeFile is one labelme JSON file, kept as it was read so that saving
 * it changes only what the worker changed: members and shapes Piecework does
 * not know are written back as they were. It gives the file's shapes as a
 * PwAnnotation and takes the annotation's edits back. */

G_BEGIN_DECLS

#define PW_TYPE_LABELME_FILE (pw_labelme_file_get_type ())

G_DECLARE_FINAL_TYPE (PwLabelmeFile, pw_labelme_file, PW, LABELME_FILE, GObject)

PwLabelmeFile *pw_labelme_file_new               (const char     *image_path,
                                                  guint           image_width,
                                                  guint           image_height);
PwLabelmeFile *pw_labelme_file_new_from_json     (JsonNode       *root,
                                                  const char     *what,
                                                  GError        **error);
PwLabelmeFile *pw_labelme_file_load              (GFile          *file,
                                                  GError        **error);
GFile         *pw_labelme_file_for_image         (GFile          *image);

const char    *pw_labelme_file_get_image_path    (PwLabelmeFile  *self);
guint          pw_labelme_file_get_image_width   (PwLabelmeFile  *self);
guint          pw_labelme_file_get_image_height  (PwLabelmeFile  *self);
guint          pw_labelme_file_get_n_kept_shapes (PwLabelmeFile  *self);

PwAnnotation  *pw_labelme_file_to_annotation     (PwLabelmeFile  *self);
void           pw_labelme_file_update            (PwLabelmeFile  *self,
                                                  PwAnnotation   *annotation);
JsonNode      *pw_labelme_file_to_json           (PwLabelmeFile  *self);
char          *pw_labelme_file_to_string         (PwLabelmeFile  *self);
gboolean       pw_labelme_file_save              (PwLabelmeFile  *self,
                                                  GFile          *file,
                                                  GError        **error);

G_END_DECLS
