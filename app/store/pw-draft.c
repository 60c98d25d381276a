/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-draft.h"

/* PwDraft, one document's draft as the store read it: the base snapshot,
 * the edit commands after it and how far along them the document is. It
 * is immutable, so a draft read on a thread is handed to the main thread
 * as it is. */

struct _PwDraft
{
  char      *key;
  char      *snapshot;
  GPtrArray *commands;
  guint      position;
  gint64     updated_at;
};

G_DEFINE_BOXED_TYPE (PwDraft, pw_draft, pw_draft_ref, pw_draft_unref)

static void
pw_draft_clear (gpointer data)
{
  PwDraft *self = data;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->snapshot, g_free);
  g_clear_pointer (&self->commands, g_ptr_array_unref);
}

/**
 * pw_draft_new:
 * @key: the document's key, such as `file:///home/me/img.jpg`
 * @snapshot: (nullable): the base snapshot as JSON
 * @commands: (transfer full) (element-type utf8): the command log, in order
 * @position: how many commands of the log are applied; at most
 *   `commands->len`
 * @updated_at: when the draft last changed, in microseconds since the epoch
 *
 * Returns: (transfer full): a new #PwDraft
 */
PwDraft *
pw_draft_new (const char *key,
              const char *snapshot,
              GPtrArray  *commands,
              guint       position,
              gint64      updated_at)
{
  PwDraft *self;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (commands != NULL, NULL);
  g_return_val_if_fail (position <= commands->len, NULL);

  self = g_atomic_rc_box_new0 (PwDraft);
  self->key = g_strdup (key);
  self->snapshot = g_strdup (snapshot);
  self->commands = commands;
  self->position = position;
  self->updated_at = updated_at;

  return self;
}

/**
 * pw_draft_ref:
 *
 * Returns: (transfer full): @self
 */
PwDraft *
pw_draft_ref (PwDraft *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
pw_draft_unref (PwDraft *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pw_draft_clear);
}

/**
 * pw_draft_get_key:
 *
 * Returns: (transfer none): the key of the document
 */
const char *
pw_draft_get_key (PwDraft *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

/**
 * pw_draft_get_snapshot:
 *
 * Returns: (transfer none) (nullable): the base snapshot as JSON, or %NULL
 *   when the document started empty
 */
const char *
pw_draft_get_snapshot (PwDraft *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->snapshot;
}

/**
 * pw_draft_get_commands:
 *
 * Returns: (transfer none) (element-type utf8): the command log as JSON
 *   strings, oldest first; do not change it
 */
GPtrArray *
pw_draft_get_commands (PwDraft *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->commands;
}

/**
 * pw_draft_get_position:
 *
 * Returns: how many commands of the log are applied; the rest can be redone
 */
guint
pw_draft_get_position (PwDraft *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->position;
}

/**
 * pw_draft_get_updated_at:
 *
 * Returns: when the draft last changed, in microseconds since the epoch
 */
gint64
pw_draft_get_updated_at (PwDraft *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->updated_at;
}
