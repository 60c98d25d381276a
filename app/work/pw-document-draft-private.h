/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pw-annotation.h"
#include "store/pw-store.h"

/* The draft of an open document, shared by PwImageDocument and
 * PwMediaDocument: the document's annotation rebuilt from the store with
 * its undo history, and each edit kept there as it is made. */

G_BEGIN_DECLS

/**
 * PwDocumentDraft:
 * @store: (nullable): where edits are kept; %NULL when they are not
 * @key: the name of the draft in the store
 *
 * Owned by its document; cleared with _pw_document_draft_clear().
 */
typedef struct
{
  PwStore      *store;
  char         *key;
  /* The image's project classifies it by choices: a snapshot made before
   * images kept their choices has no "choices", which means none chosen
   * yet, not no choices to make. */
  gboolean      image_choices;

  /* Borrowed: the document holds the annotation. */
  PwAnnotation *annotation;
  gulong        committed_handler;
  gulong        position_handler;
} PwDocumentDraft;

/**
 * PwDocumentDraftFits:
 * @snapshot: the draft's snapshot as stored, with the members the
 *   document added with _pw_document_draft_attach()
 * @annotation: the annotation the draft rebuilds
 * @user_data: the document's data
 * @error: return location for why the draft is not the document's
 *
 * Says whether a draft that rebuilds is for what the document shows now:
 * an image of the same size, the same text.
 */
typedef gboolean (*PwDocumentDraftFits) (JsonObject   *snapshot,
                                         PwAnnotation *annotation,
                                         gpointer      user_data,
                                         GError      **error);

gboolean _pw_document_draft_load   (PwDocumentDraft      *self,
                                    PwStore              *store,
                                    PwDocumentDraftFits   fits,
                                    gpointer              user_data,
                                    PwAnnotation        **restored,
                                    GError              **set_aside,
                                    GError              **error);
void     _pw_document_draft_attach (PwDocumentDraft      *self,
                                    PwAnnotation         *annotation,
                                    gboolean              restored,
                                    JsonObject           *stamp);
void     _pw_document_draft_detach (PwDocumentDraft      *self);
void     _pw_document_draft_clear  (PwDocumentDraft      *self);

G_END_DECLS
