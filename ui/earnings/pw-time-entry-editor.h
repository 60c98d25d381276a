/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"
#include "store/pw-store-time.h"

G_BEGIN_DECLS

/* The dialog that adds or corrects an entry of time worked. */

#define PW_TYPE_TIME_ENTRY_EDITOR (pw_time_entry_editor_get_type ())

G_DECLARE_FINAL_TYPE (PwTimeEntryEditor, pw_time_entry_editor, PW, TIME_ENTRY_EDITOR, AdwWindow)

PwTimeEntryEditor *pw_time_entry_editor_new   (GtkWindow          *parent,
                                               PwStore            *store,
                                               const PwTimeEntry  *entry,
                                               GDateTime          *now);
gboolean           pw_time_entry_editor_save  (PwTimeEntryEditor  *self);
gboolean           pw_time_entry_editor_parse_time       (const char         *text,
                                                          guint              *minutes);

G_END_DECLS
