/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One way to ask for a file or folder: a native chooser, modal, cancellable. */

void   pw_file_chooser_ask_async  (GtkWindow            *parent,
                                   GtkFileChooserAction  action,
                                   const char           *title,
                                   const char           *accept_label,
                                   const char           *suggested_name,
                                   GFile                *initial_folder,
                                   GtkFileFilter        *filter,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
GFile *pw_file_chooser_ask_finish (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
