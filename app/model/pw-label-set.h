/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-choice-group.h"
#include "pw-label.h"

G_BEGIN_DECLS

/* A project's or folder's labels in order, with their colours and keys, as
 * the label list and the exports use them. */

#define PW_TYPE_LABEL_SET (pw_label_set_get_type ())

G_DECLARE_FINAL_TYPE (PwLabelSet, pw_label_set, PW, LABEL_SET, GObject)

PwLabelSet *pw_label_set_new                (void);
PwLabelSet *pw_label_set_new_from_text      (const char  *text,
                                             gssize       length,
                                             const char  *what,
                                             GError     **error);
PwLabelSet *pw_label_set_new_from_file      (GFile       *file,
                                             GError     **error);
PwLabelSet *pw_label_set_new_from_json      (JsonNode    *labels,
                                             GError     **error);
guint       pw_label_set_get_n_labels       (PwLabelSet  *self);
PwLabel    *pw_label_set_get_label          (PwLabelSet  *self,
                                             guint        index);
PwLabel    *pw_label_set_lookup             (PwLabelSet  *self,
                                             const char  *name);
PwLabel    *pw_label_set_append             (PwLabelSet  *self,
                                             const char  *name);
PwLabel    *pw_label_set_append_used        (PwLabelSet  *self,
                                             const char  *name);
PwLabel    *pw_label_set_lookup_hotkey      (PwLabelSet  *self,
                                             char         hotkey);
gint        pw_label_set_index_of           (PwLabelSet  *self,
                                             const char  *name);
gboolean    pw_label_set_read_choice_groups (PwLabelSet  *self,
                                             JsonNode    *groups,
                                             GError     **error);
guint       pw_label_set_get_n_choice_groups (PwLabelSet *self);
PwChoiceGroup *pw_label_set_get_choice_group (PwLabelSet *self,
                                              guint       index);
PwChoiceGroup *pw_label_set_choice_group_of  (PwLabelSet *self,
                                              PwLabel    *label);

G_END_DECLS
