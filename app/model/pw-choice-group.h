/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PwChoiceGroup:
 *
 * One question of a task among several, such as the sentiment and the
 * topic of one text: an id the project's choice labels name, the title
 * the worker reads, whether it takes one answer or several, and whether
 * it must be answered. Immutable and reference counted.
 */
typedef struct _PwChoiceGroup PwChoiceGroup;

#define PW_TYPE_CHOICE_GROUP (pw_choice_group_get_type ())

GType          pw_choice_group_get_type     (void) G_GNUC_CONST;
PwChoiceGroup *pw_choice_group_new          (const char    *id,
                                             const char    *title,
                                             gboolean       single,
                                             gboolean       required);
PwChoiceGroup *pw_choice_group_ref          (PwChoiceGroup *self);
void           pw_choice_group_unref        (PwChoiceGroup *self);
const char    *pw_choice_group_get_id       (PwChoiceGroup *self);
const char    *pw_choice_group_get_title    (PwChoiceGroup *self);
gboolean       pw_choice_group_is_single    (PwChoiceGroup *self);
gboolean       pw_choice_group_is_required  (PwChoiceGroup *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwChoiceGroup, pw_choice_group_unref)

G_END_DECLS
