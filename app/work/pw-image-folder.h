/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-label-set.h"

/* PwImageFolder is the set of images a worker labels on this computer: a
 * folder's JPEG and PNG files, or the images the worker picked, which of
 * them have a labelme file beside them, and the labels the folder offers:
 * those of its labels.txt, as labelme's --labels reads it, then the others
 * its labelme files use, read after the folder opens. New labels are
 * saved to labels.txt. Opened on a thread, a folder knows its first image
 * before the order of the others: pw_image_folder_order_async() puts them
 * in order after the first is shown. */

G_BEGIN_DECLS

#define PW_TYPE_IMAGE_FOLDER (pw_image_folder_get_type ())

G_DECLARE_FINAL_TYPE (PwImageFolder, pw_image_folder, PW, IMAGE_FOLDER, GObject)

void           pw_image_folder_load_async         (GFile               **files,
                                                   guint                 n_files,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
PwImageFolder *pw_image_folder_load_finish        (GAsyncResult         *result,
                                                   GError              **error);
PwImageFolder *pw_image_folder_load               (GFile               **files,
                                                   guint                 n_files,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

GFile         *pw_image_folder_get_folder         (PwImageFolder        *self);
guint          pw_image_folder_get_n_images       (PwImageFolder        *self);
const char    *pw_image_folder_get_name           (PwImageFolder        *self,
                                                   guint                 index);
GFile         *pw_image_folder_dup_image          (PwImageFolder        *self,
                                                   guint                 index);
guint          pw_image_folder_get_start          (PwImageFolder        *self);
gboolean       pw_image_folder_is_ordered         (PwImageFolder        *self);
gboolean       pw_image_folder_get_labeled        (PwImageFolder        *self,
                                                   guint                 index);
void           pw_image_folder_set_labeled        (PwImageFolder        *self,
                                                   guint                 index,
                                                   gboolean              labeled);
int            pw_image_folder_find               (PwImageFolder        *self,
                                                   GFile                *image);
PwLabelSet    *pw_image_folder_get_labels         (PwImageFolder        *self);

void           pw_image_folder_order_async        (PwImageFolder        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       pw_image_folder_order_finish       (PwImageFolder        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void           pw_image_folder_read_labels_async  (PwImageFolder        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray     *pw_image_folder_read_labels_finish (PwImageFolder        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void           pw_image_folder_save_labels_async  (PwImageFolder        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       pw_image_folder_save_labels_finish (PwImageFolder        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
