/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-document-draft-private.h"
#include "pw-error.h"
#include "pw-json.h"

/* A document's draft in the store: the snapshot the document opened with,
 * then every edit as a command and how far along them undo stands. The
 * store's draft is the history; what the worker saves or submits is
 * taken from the annotation. A draft that no longer rebuilds, or is for
 * another image or text than the one at its key now, is set aside: the
 * document opens as its file or task has it and starts a new draft, so new
 * edits are kept on a base that reads back. */

static PwAnnotation *
rebuild (PwDocumentDraft      *self,
         PwDraft              *draft,
         PwDocumentDraftFits   fits,
         gpointer              user_data,
         GError              **error)
{
  g_autoptr (JsonNode) snapshot = NULL;
  g_autoptr (PwAnnotation) annotation = NULL;
  GPtrArray *commands = pw_draft_get_commands (draft);
  const char *text = pw_draft_get_snapshot (draft);

  if (text == NULL)
    {
      g_set_error_literal (error, PW_ERROR, PW_ERROR_INVALID_DATA, "the draft has no snapshot");
      return NULL;
    }

  snapshot = pw_json_parse (text, strlen (text), pw_draft_get_key (draft), error);
  if (snapshot == NULL)
    return NULL;

  /* A draft of an image made before images kept their choices: its
   * choice commands, if any come later, need the choice tool there. */
  if (self->image_choices && JSON_NODE_HOLDS_OBJECT (snapshot)
      && json_object_has_member (json_node_get_object (snapshot), "image")
      && !json_object_has_member (json_node_get_object (snapshot), "choices"))
    json_object_set_array_member (json_node_get_object (snapshot), "choices", json_array_new ());

  annotation = pw_annotation_new_from_history (snapshot,
                                               (const char *const *) commands->pdata,
                                               commands->len,
                                               pw_draft_get_position (draft),
                                               error);
  if (annotation == NULL)
    return NULL;

  /* The snapshot read as an annotation, so it is an object. */
  if (fits != NULL && !fits (json_node_get_object (snapshot), annotation, user_data, error))
    return NULL;

  return g_steal_pointer (&annotation);
}

/**
 * _pw_document_draft_load:
 * @self: the document's draft, its key set
 * @store: (nullable): where edits are kept
 * @fits: (nullable): whether a draft that rebuilds is the document's
 * @user_data: data for @fits
 * @restored: (out) (transfer full): the annotation of the draft, or %NULL
 *   when there is none to use
 * @set_aside: (out) (optional): why a draft there is was not used
 * @error: return location for a #GError
 *
 * Reads the draft at @self's key. Blocks on the store: call it where the
 * document reads the disk. From here on @self keeps @store.
 *
 * Returns: %FALSE with @error when the store could not be read: it may
 *   still hold the worker's history, and opening without it would write
 *   over it
 */
gboolean
_pw_document_draft_load (PwDocumentDraft      *self,
                         PwStore              *store,
                         PwDocumentDraftFits   fits,
                         gpointer              user_data,
                         PwAnnotation        **restored,
                         GError              **set_aside,
                         GError              **error)
{
  g_autoptr (PwDraft) draft = NULL;
  g_autoptr (GError) local_error = NULL;

  g_assert (self->key != NULL);
  *restored = NULL;

  if (store == NULL)
    return TRUE;

  draft = pw_store_load_draft (store, self->key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_set_object (&self->store, store);

  if (draft != NULL)
    {
      *restored = rebuild (self, draft, fits, user_data, &local_error);
      if (*restored == NULL)
        g_propagate_error (set_aside, g_steal_pointer (&local_error));
    }
  return TRUE;
}

static void
on_command_committed (PwAnnotation *annotation,
                      PwCommand    *command,
                      guint         position,
                      gpointer      user_data)
{
  PwDocumentDraft *self = user_data;
  g_autofree char *text = pw_command_to_string (command);

  g_assert (position > 0);
  pw_store_append_command (self->store, self->key, position - 1, text);
}

static void
on_position_changed (PwAnnotation *annotation,
                     guint         position,
                     gpointer      user_data)
{
  PwDocumentDraft *self = user_data;

  pw_store_set_position (self->store, self->key, position);
}

/**
 * _pw_document_draft_attach:
 * @self: the document's draft
 * @annotation: the document's annotation, which @self watches from now on
 * @restored: whether @annotation came from the draft
 * @stamp: (nullable): members the snapshot holds besides the annotation's,
 *   for the document's #PwDocumentDraftFits to read back
 *
 * Keeps each edit of @annotation in the store, on the thread that edits
 * it. A document that did not come from its draft starts one: the
 * annotation as opened is the base the edits apply to.
 */
void
_pw_document_draft_attach (PwDocumentDraft *self,
                           PwAnnotation    *annotation,
                           gboolean         restored,
                           JsonObject      *stamp)
{
  g_assert (self->annotation == NULL);

  if (self->store == NULL)
    return;

  if (!restored)
    {
      g_autoptr (JsonNode) node = pw_annotation_to_json (annotation);
      g_autofree char *snapshot = NULL;

      if (stamp != NULL)
        {
          JsonObject *root = json_node_get_object (node);
          JsonObjectIter iter;
          const char *member;
          JsonNode *value;

          json_object_iter_init (&iter, stamp);
          while (json_object_iter_next (&iter, &member, &value))
            json_object_set_member (root, member, json_node_copy (value));
        }
      snapshot = pw_json_to_string (node, FALSE);
      pw_store_set_snapshot (self->store, self->key, snapshot);
    }

  self->annotation = annotation;
  self->committed_handler = g_signal_connect (annotation, "command-committed",
                                              G_CALLBACK (on_command_committed), self);
  self->position_handler = g_signal_connect (annotation, "position-changed",
                                             G_CALLBACK (on_position_changed), self);
}

/**
 * _pw_document_draft_detach:
 * @self: the document's draft
 *
 * Stops keeping edits: the annotation may outlive the document in a view,
 * and its edits must not reach a draft nobody is keeping.
 */
void
_pw_document_draft_detach (PwDocumentDraft *self)
{
  if (self->annotation == NULL)
    return;
  g_clear_signal_handler (&self->committed_handler, self->annotation);
  g_clear_signal_handler (&self->position_handler, self->annotation);
  self->annotation = NULL;
}

/**
 * _pw_document_draft_clear:
 * @self: the document's draft
 *
 * Detaches @self and drops the store and the key.
 */
void
_pw_document_draft_clear (PwDocumentDraft *self)
{
  _pw_document_draft_detach (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->key, g_free);
}
