/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-work-area-private.h"

/* The project's instructions beside whatever task is shown. They open by
 * themselves at the first task of a project that an account opens, once,
 * and never take the keyboard from the panel: label keys keep working
 * while the worker reads. Ctrl+I or the header bar's toggle shows and
 * hides them. Which projects were shown is kept in GSettings, so a
 * project's instructions open by themselves once, not at every start. */

/* Enough for every project a worker meets; the oldest go first. */
#define MAX_SEEN 500

/* Records that @account_id has seen @project_id's instructions.
 * Returns: %TRUE when it had not before */
static gboolean
mark_seen (GSettings  *settings,
           const char *account_id,
           const char *project_id)
{
  g_autoptr (GVariant) seen = g_settings_get_value (settings, "instructions-seen");
  gsize n = g_variant_n_children (seen);
  GVariantBuilder builder;

  for (gsize i = 0; i < n; i++)
    {
      const char *account, *project;

      g_variant_get_child (seen, i, "(&s&s)", &account, &project);
      if (g_str_equal (account, account_id) && g_str_equal (project, project_id))
        return FALSE;
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (gsize i = n >= MAX_SEEN ? n - MAX_SEEN + 1 : 0; i < n; i++)
    g_variant_builder_add_value (&builder, g_variant_get_child_value (seen, i));
  g_variant_builder_add (&builder, "(ss)", account_id, project_id);
  g_settings_set_value (settings, "instructions-seen", g_variant_builder_end (&builder));
  return TRUE;
}

/**
 * _pw_work_area_show_instructions:
 * @account_id: (nullable): the account that claimed the task shown
 * @project_id: (nullable): its project, or %NULL when no task is shown
 * @project: (nullable): the project, when it could be read
 *
 * Puts the project's instructions in the pane, and shows them if this is
 * the first time @account_id meets @project_id. The focus stays where it is.
 * The next task of the same project leaves the pane as it is.
 */
void
_pw_work_area_show_instructions (PwWorkArea *self,
                                 const char *account_id,
                                 const char *project_id,
                                 PwProject  *project)
{
  PwInstructionsPane *pane = self->instructions_pane;
  g_autofree char *key = NULL;

  pw_instructions_pane_set_project (pane,
                                    project != NULL ? pw_project_get_name (project) : project_id,
                                    project != NULL ? pw_project_get_instructions (project) : NULL);
  if (account_id == NULL || project_id == NULL || !pw_instructions_pane_get_available (pane))
    {
      g_clear_pointer (&self->instructions_for, g_free);
      return;
    }

  /* Met at the task before: seen already. */
  key = g_strconcat (account_id, "\n", project_id, NULL);
  if (g_strcmp0 (key, self->instructions_for) == 0)
    return;
  g_free (self->instructions_for);
  self->instructions_for = g_steal_pointer (&key);

  if (self->settings == NULL)
    self->settings = g_settings_new (PW_APP_ID);
  if (mark_seen (self->settings, account_id, project_id))
    pw_instructions_pane_set_revealed (pane, TRUE);
}

/**
 * pw_work_area_get_instructions_pane:
 *
 * Returns: (transfer none): the pane of the project's instructions, for a
 *   toggle in the window's header bar
 */
PwInstructionsPane *
pw_work_area_get_instructions_pane (PwWorkArea *self)
{
  g_return_val_if_fail (PW_IS_WORK_AREA (self), NULL);

  return self->instructions_pane;
}

/* Closed from inside, with Escape or Ctrl+I: the keys go back to the task. */
static void
on_instructions_revealed (PwWorkArea         *self,
                          GParamSpec         *pspec,
                          PwInstructionsPane *pane)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (pw_instructions_pane_get_revealed (pane) || focus == NULL
      || !gtk_widget_is_ancestor (focus, GTK_WIDGET (pane)))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
toggle_instructions_activated (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  PwInstructionsPane *pane = PW_WORK_AREA (widget)->instructions_pane;

  pw_instructions_pane_set_revealed (pane, !pw_instructions_pane_get_revealed (pane));
}

/**
 * _pw_work_area_class_init_instructions:
 *
 * Binds the pane of instructions, and Ctrl+I to show and hide it.
 */
void
_pw_work_area_class_init_instructions (GtkWidgetClass *widget_class)
{
  g_type_ensure (PW_TYPE_INSTRUCTIONS_PANE);

  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, instructions_pane);
  gtk_widget_class_bind_template_callback (widget_class, on_instructions_revealed);

  gtk_widget_class_install_action (widget_class, "work.toggle-instructions", NULL,
                                   toggle_instructions_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "work.toggle-instructions", NULL);
}
