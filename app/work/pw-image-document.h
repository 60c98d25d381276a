/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-annotation.h"
#include "store/pw-store.h"

/* PwImageDocument is one image being labeled and its annotation. An image
 * of the worker's own opens from the labelme file beside it and saves back
 * to it; a marketplace task's image opens from its draft or the task's
 * prefill and leaves as a submission, never as a file. Either way every
 * edit is kept in the store as it is made. */

G_BEGIN_DECLS

#define PW_TYPE_IMAGE_DOCUMENT (pw_image_document_get_type ())

G_DECLARE_FINAL_TYPE (PwImageDocument, pw_image_document, PW, IMAGE_DOCUMENT, GObject)

void             pw_image_document_open_async      (GFile                *image,
                                                    PwStore              *store,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void             pw_image_document_open_task_async (GFile                *image,
                                                    const char           *task_key,
                                                    JsonNode             *prefill,
                                                    PwAnnotationTools     tools,
                                                    PwStore              *store,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
PwImageDocument *pw_image_document_open_finish     (GAsyncResult         *result,
                                                    GError              **error);
PwImageDocument *pw_image_document_open            (GFile                *image,
                                                    PwStore              *store,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

GFile           *pw_image_document_get_image       (PwImageDocument      *self);
const char      *pw_image_document_get_key         (PwImageDocument      *self);
PwAnnotation    *pw_image_document_get_annotation  (PwImageDocument      *self);
gboolean         pw_image_document_get_restored    (PwImageDocument      *self);
gboolean         pw_image_document_is_task         (PwImageDocument      *self);

void             pw_image_document_save_async      (PwImageDocument      *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         pw_image_document_save_finish     (PwImageDocument      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
gboolean         pw_image_document_save            (PwImageDocument      *self,
                                                    GError              **error);

G_END_DECLS
