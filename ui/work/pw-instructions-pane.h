/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The pane beside a task with its project's instructions, as plain text. */

#define PW_TYPE_INSTRUCTIONS_PANE (pw_instructions_pane_get_type ())

G_DECLARE_FINAL_TYPE (PwInstructionsPane, pw_instructions_pane, PW, INSTRUCTIONS_PANE, AdwBin)

void        pw_instructions_pane_set_project      (PwInstructionsPane *self,
                                                   const char         *name,
                                                   const char         *instructions);
const char *pw_instructions_pane_get_title        (PwInstructionsPane *self);
char       *pw_instructions_pane_dup_text         (PwInstructionsPane *self);
gboolean    pw_instructions_pane_get_available    (PwInstructionsPane *self);
gboolean    pw_instructions_pane_get_revealed     (PwInstructionsPane *self);
void        pw_instructions_pane_set_revealed     (PwInstructionsPane *self,
                                                   gboolean            revealed);
void        pw_instructions_pane_bind_toggle      (PwInstructionsPane *self,
                                                   GtkToggleButton    *button);

G_END_DECLS
