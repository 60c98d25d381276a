/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-work-area-private.h"

/* The task's choices around its panel: the filter of a long list of
 * choices, opened with / or Ctrl+F and giving the keyboard back to the
 * task once it picks or is left (on an image the letters are the
 * canvas's, so typing alone cannot reach the filter); a choice clicked
 * in the labels list, picked as its key picks it; and the labels list
 * under the titles of the project's groups of choices, in the choice
 * bar's order. */

/**
 * _pw_work_area_focus_task:
 *
 * Gives the keyboard to the panel of the task shown: the text, the
 * recording or the canvas.
 */
void
_pw_work_area_focus_task (PwWorkArea *self)
{
  if (self->media == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  else if (pw_media_document_get_kind (self->media) == PW_TASK_KIND_TEXT)
    gtk_widget_grab_focus (GTK_WIDGET (pw_text_panel_get_view (self->text_panel)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->audio_panel));
}

static gboolean
filter_shown (PwWorkArea *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->choice_bar))
         && gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (self->choice_bar)));
}

/* Ctrl+F, and / (on_key_pressed): type a choice's name. */
static void
filter_choices_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);

  if (filter_shown (self))
    gtk_widget_grab_focus (GTK_WIDGET (pw_choice_bar_get_filter (self->choice_bar)));
}

/* Return picked the first choice left, or Escape emptied the filter: the
 * keyboard goes back to the task, where the next key is a canvas's or a
 * panel's again. Return with nothing left keeps the name to correct. */
static void
on_filter_done (PwWorkArea     *self,
                GtkSearchEntry *filter)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (*gtk_editable_get_text (GTK_EDITABLE (filter)) != '\0' || focus == NULL
      || (focus != GTK_WIDGET (filter) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (filter))))
    return;
  if (self->media != NULL || self->document != NULL)
    _pw_work_area_focus_task (self);
}

/* / where the keyboard is not typing. Seen as the key goes down to the
 * task: on a text, the filter catches what is typed as the key comes back
 * up, and would take / for a letter of a name. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwWorkArea            *self)
{
  if ((keyval != GDK_KEY_slash && keyval != GDK_KEY_KP_Divide)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0
      || !filter_shown (self) || _pw_work_area_focus_takes_text (self))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (pw_choice_bar_get_filter (self->choice_bar)));
  return GDK_EVENT_STOP;
}

/**
 * _pw_work_area_update_choice_actions:
 *
 * The filter's shortcuts work where the choice bar shows its filter.
 */
void
_pw_work_area_update_choice_actions (PwWorkArea *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "work.filter-choices", filter_shown (self));
}

/**
 * _pw_work_area_pick_listed_choice:
 * @label: a label clicked in the labels list
 *
 * On an image, a choice clicked in the list is picked (or taken back,
 * where several are allowed) as its key would, and the canvas keeps the
 * keyboard; a drawing label is left to the canvas.
 *
 * Returns: %TRUE when @label was picked as a choice
 */
gboolean
_pw_work_area_pick_listed_choice (PwWorkArea *self,
                                  PwLabel    *label)
{
  if (self->media != NULL || self->document == NULL
      || !pw_label_is_for (label, PW_ANNOTATION_TOOL_CHOICE)
      || !pw_choice_bar_pick (self->choice_bar, label))
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return TRUE;
}

/* Labels by group */

/* The section of the project's own choices, beside its groups. */
static const char other_choices;

/* What a label comes under in a project with groups: its group, the
 * project's own choices, or nothing for a label that is no choice. */
static gconstpointer
section_of (PwLabelSet *labels,
            PwLabel    *label)
{
  PwChoiceGroup *group;

  if (!pw_label_is_for (label, PW_ANNOTATION_TOOL_CHOICE))
    return NULL;
  group = pw_label_set_choice_group_of (labels, label);
  return group != NULL ? (gconstpointer) group : &other_choices;
}

static void
append_section (GListStore   *store,
                PwLabelSet   *labels,
                gconstpointer section)
{
  for (guint i = 0; i < pw_label_set_get_n_labels (labels); i++)
    {
      PwLabel *label = pw_label_set_get_label (labels, i);

      if (section_of (labels, label) == section)
        g_list_store_append (store, label);
    }
}

/**
 * _pw_work_area_labels_in_bar_order:
 * @labels: the labels to list
 *
 * The labels as the list shows them: as they come, or, in a project with
 * groups of choices, the labels for no choice first, then each group's
 * choices as the choice bar has them, the project's own last.
 *
 * Returns: (transfer full): the labels in that order
 */
GListModel *
_pw_work_area_labels_in_bar_order (PwLabelSet *labels)
{
  g_autoptr (GListStore) store = NULL;

  if (pw_label_set_get_n_choice_groups (labels) == 0)
    return G_LIST_MODEL (g_object_ref (labels));

  store = g_list_store_new (PW_TYPE_LABEL);
  append_section (store, labels, NULL);
  for (guint i = 0; i < pw_label_set_get_n_choice_groups (labels); i++)
    append_section (store, labels, pw_label_set_get_choice_group (labels, i));
  append_section (store, labels, &other_choices);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

static PwLabel *
row_label (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "pw-label");
}

/* A row that starts a group of choices has the group's title above it. */
static void
update_label_header (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  PwLabelSet *labels = user_data;
  PwLabel *label = row_label (row);
  gconstpointer section = section_of (labels, label);
  PwChoiceGroup *group;
  const char *title;
  GtkWidget *header;

  if (section == NULL || (before != NULL && section_of (labels, row_label (before)) == section))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  group = pw_label_set_choice_group_of (labels, label);
  title = group != NULL ? pw_choice_group_get_title (group) : _("Other choices");
  header = gtk_list_box_row_get_header (row);
  if (header != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (header)), title) == 0)
    return;
  header = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

/**
 * _pw_work_area_head_label_groups:
 * @labels: (nullable): the labels the list shows
 *
 * Puts each group's title above its choices in the labels list, when
 * the project has groups of choices.
 */
void
_pw_work_area_head_label_groups (PwWorkArea *self,
                                 PwLabelSet *labels)
{
  if (labels == NULL || pw_label_set_get_n_choice_groups (labels) == 0)
    {
      gtk_list_box_set_header_func (self->label_list, NULL, NULL, NULL);
      return;
    }
  gtk_list_box_set_header_func (self->label_list, update_label_header, g_object_ref (labels),
                                g_object_unref);
}

void
_pw_work_area_init_choices (PwWorkArea *self)
{
  GtkSearchEntry *filter = pw_choice_bar_get_filter (self->choice_bar);
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* Before the panels, and before the filter's capture of typing. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (filter, "activate", G_CALLBACK (on_filter_done), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (filter, "stop-search", G_CALLBACK (on_filter_done), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  _pw_work_area_update_choice_actions (self);
}

void
_pw_work_area_class_init_choices (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "work.filter-choices", NULL,
                                   filter_choices_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "work.filter-choices", NULL);
}
