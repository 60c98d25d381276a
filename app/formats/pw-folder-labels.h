/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-annotation.h"
#include "pw-label-set.h"

G_BEGIN_DECLS

/* labelme's `--labels` reads the same file. */
#define PW_FOLDER_LABELS_FILE "labels.txt"

/* Says whether a file of a folder, by its name, is one to list. */
typedef gboolean (*PwFolderNameFunc) (const char *name);

GHashTable *pw_folder_read_hidden_names (GFile        *folder,
                                         GCancellable *cancellable);
gboolean    pw_folder_name_is_hidden    (GHashTable   *hidden,
                                         const char   *name);
GPtrArray  *pw_folder_list_sorted       (GFile            *folder,
                                         PwFolderNameFunc  keep,
                                         GCancellable     *cancellable,
                                         GError          **error);
GPtrArray  *pw_folder_labels_list_files (GFile         *folder,
                                         GCancellable  *cancellable,
                                         GError       **error);
PwLabelSet *pw_folder_labels_read_file  (GFile         *folder,
                                         GError       **error);
void        pw_folder_labels_foreach_used (PwAnnotation *annotation,
                                           GFunc         func,
                                           gpointer      user_data);
PwLabelSet *pw_folder_labels_new        (GFile         *folder,
                                         GPtrArray     *annotations,
                                         GError       **error);
void        pw_folder_labels_write_async  (GFile               *folder,
                                           PwLabelSet          *labels,
                                           gpointer             source_object,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    pw_folder_labels_write_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
