/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "market/pw-market-project.h"
#include "pw-annotation.h"
#include "pw-label-set.h"
#include "pw-media-file.h"
#include "pw-text-offsets.h"
#include "store/pw-store.h"

/* PwMediaDocument is one text or recording being labeled and its
 * annotation, as PwImageDocument is for an image. A text file or
 * recording of the worker's own opens from the annotation file beside it
 * and saves back to it (pw_media_document_annotation_file_for()); a
 * marketplace task's text or recording opens from its draft or the task's
 * prefill and leaves as a submission, never as a file. Either way every
 * edit is kept in the store as it is made, with its undo history.
 *
 * The annotation file is the contract's Annotation object
 * (docs/MARKETPLACE-API.md) with the members of the document's tools: a
 * text of the worker's own has choices and spans, a recording segments
 * and a transcript, and the members of a file written with others add
 * those. A text is UTF-8 of at most 16 MiB (PW_MEDIA_FILE_MAX_TEXT_BYTES)
 * without NUL characters; span offsets count its code points, after a
 * byte order mark, which is not part of it, and a span never splits a
 * grapheme. A recording is checked from its first bytes only: segment
 * times past its end are for the audio panel, which knows its length,
 * to point out. */

G_BEGIN_DECLS

#define PW_TYPE_MEDIA_DOCUMENT (pw_media_document_get_type ())

G_DECLARE_FINAL_TYPE (PwMediaDocument, pw_media_document, PW, MEDIA_DOCUMENT, GObject)

gboolean         pw_media_document_can_open         (GFile                *file);
void             pw_media_document_open_async       (GFile                *file,
                                                     PwStore              *store,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void             pw_media_document_open_task_async  (PwTaskKind            kind,
                                                     GFile                *media,
                                                     const char           *text,
                                                     const char           *task_key,
                                                     PwAnnotationTools     tools,
                                                     JsonNode             *prefill,
                                                     PwStore              *store,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
PwMediaDocument *pw_media_document_open_finish      (GAsyncResult         *result,
                                                     GError              **error);
PwMediaDocument *pw_media_document_open             (GFile                *file,
                                                     PwStore              *store,
                                                     GCancellable         *cancellable,
                                                     GError              **error);

PwTaskKind       pw_media_document_get_kind         (PwMediaDocument      *self);
GFile           *pw_media_document_get_file         (PwMediaDocument      *self);
const char      *pw_media_document_get_text         (PwMediaDocument      *self);
guint            pw_media_document_get_text_length  (PwMediaDocument      *self);
PwTextOffsets   *pw_media_document_get_text_offsets (PwMediaDocument      *self);
PwAnnotation    *pw_media_document_get_annotation   (PwMediaDocument      *self);
const char      *pw_media_document_get_key          (PwMediaDocument      *self);
gboolean         pw_media_document_get_restored     (PwMediaDocument      *self);
gboolean         pw_media_document_is_task          (PwMediaDocument      *self);
PwLabelSet      *pw_media_document_get_labels       (PwMediaDocument      *self);
const GError    *pw_media_document_get_warning      (PwMediaDocument      *self);
GFile           *pw_media_document_annotation_file_for (GFile             *file);

void             pw_media_document_save_labels_async  (PwMediaDocument    *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean         pw_media_document_save_labels_finish (PwMediaDocument    *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

void             pw_media_document_save_async       (PwMediaDocument      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         pw_media_document_save_finish      (PwMediaDocument      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean         pw_media_document_save             (PwMediaDocument      *self,
                                                     GError              **error);

G_END_DECLS
