/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-choice-group.h"

/* A group of a project's choice labels: the contract's `choice_groups`
 * (docs/MARKETPLACE-API.md, “Groups of choices”). */

struct _PwChoiceGroup
{
  char     *id;
  char     *title;
  gboolean  single;
  gboolean  required;
};

G_DEFINE_BOXED_TYPE (PwChoiceGroup, pw_choice_group, pw_choice_group_ref, pw_choice_group_unref)

/**
 * pw_choice_group_new:
 * @id: what the group's labels name in their `group`
 * @title: (nullable): what the worker reads above its choices; %NULL or
 *   empty shows @id
 * @single: whether one choice of the group replaces the other
 * @required: whether a task needs an answer in the group
 *
 * Returns: (transfer full): a new group
 */
PwChoiceGroup *
pw_choice_group_new (const char *id,
                     const char *title,
                     gboolean    single,
                     gboolean    required)
{
  PwChoiceGroup *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_atomic_rc_box_new0 (PwChoiceGroup);
  self->id = g_strdup (id);
  self->title = g_strdup (title != NULL && *title != '\0' ? title : id);
  self->single = single;
  self->required = required;
  return self;
}

static void
pw_choice_group_clear (gpointer data)
{
  PwChoiceGroup *self = data;

  g_free (self->id);
  g_free (self->title);
}

PwChoiceGroup *
pw_choice_group_ref (PwChoiceGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
pw_choice_group_unref (PwChoiceGroup *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, pw_choice_group_clear);
}

const char *
pw_choice_group_get_id (PwChoiceGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * pw_choice_group_get_title:
 *
 * Returns: (transfer none): the group's title, or its id where it has none
 */
const char *
pw_choice_group_get_title (PwChoiceGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

gboolean
pw_choice_group_is_single (PwChoiceGroup *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->single;
}

gboolean
pw_choice_group_is_required (PwChoiceGroup *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->required;
}
