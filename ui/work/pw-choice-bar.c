/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-choice-bar.h"
#include "pw-label-keys.h"
#include "pw-label-swatch.h"

/* The choice bar: a toggle per label for the choice tool, in the labels'
 * order, following the annotation's choices whatever changed them (a key,
 * a click, undo, a draft restored). A project that asks several questions
 * of a task (its groups of choices) shows each as a row of its own under
 * the group's title; a one-answer group's pick replaces only that group's
 * answer. A project with more choices than digits gets a filter field:
 * typing narrows the toggles, Return picks the first one left. */

/* Past the ten digits, choices take Shift and Ctrl+Shift with a digit:
 * their names are quicker to find by typing. */
#define FILTER_AFTER 10

struct _PwChoiceBar
{
  GtkWidget       parent_instance;

  /* Owned References */
  PwAnnotation   *annotation;
  PwLabelSet     *labels;
  GPtrArray      *buttons;
  char           *filter_text;

  /* Children */
  GtkSearchEntry *filter;
  GtkWidget      *scroller;
  GtkWidget      *rows;
  GtkSizeGroup   *titles;

  gboolean        single;
  gboolean        syncing;
};

enum {
  PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PwChoiceBar, pw_choice_bar, GTK_TYPE_WIDGET)

static PwLabel *
button_label (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "pw-label");
}

/* The toggles show the annotation's choices. */
static void
sync_buttons (PwChoiceBar *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkToggleButton *button = self->buttons->pdata[i];
      gboolean chosen = self->annotation != NULL
                        && pw_annotation_has_choice (self->annotation,
                                                     pw_label_get_name (button_label (GTK_WIDGET (button))));

      gtk_toggle_button_set_active (button, chosen);
    }
  self->syncing = FALSE;
}

static void
on_choices_changed (PwChoiceBar *self)
{
  sync_buttons (self);
}

/* The group of a choice label; %NULL for the project's own group. */
static PwChoiceGroup *
group_of (PwChoiceBar *self,
          PwLabel     *label)
{
  return self->labels != NULL ? pw_label_set_choice_group_of (self->labels, label) : NULL;
}

static gboolean
label_is_single (PwChoiceBar *self,
                 PwLabel     *label)
{
  PwChoiceGroup *group = group_of (self, label);

  return group != NULL ? pw_choice_group_is_single (group) : self->single;
}

static void
choose (PwChoiceBar *self,
        PwLabel     *label,
        gboolean     chosen)
{
  const char *name = pw_label_get_name (label);

  if (label_is_single (self, label))
    {
      PwChoiceGroup *group = group_of (self, label);
      const char *const *choices = pw_annotation_get_choices (self->annotation);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) answer = NULL;

      /* The other groups' answers stay. */
      for (guint i = 0; choices[i] != NULL; i++)
        {
          PwLabel *other = pw_label_set_lookup (self->labels, choices[i]);

          if ((other != NULL ? group_of (self, other) : NULL) != group)
            g_strv_builder_add (builder, choices[i]);
        }
      if (chosen)
        g_strv_builder_add (builder, name);
      answer = g_strv_builder_end (builder);
      pw_annotation_set_choices (self->annotation, (const char *const *) answer);
    }
  else
    {
      pw_annotation_set_choice (self->annotation, name, chosen);
    }
  /* A change refused or equal to what was there still shows the truth. */
  sync_buttons (self);
  if (chosen)
    g_signal_emit (self, signals[PICKED], 0, label);
}

static void
on_button_toggled (PwChoiceBar     *self,
                   GtkToggleButton *button)
{
  if (self->syncing || self->annotation == NULL)
    return;
  choose (self, button_label (GTK_WIDGET (button)), gtk_toggle_button_get_active (button));
}

static GtkWidget *
make_button (PwChoiceBar *self,
             PwLabel     *label)
{
  g_autofree char *key = pw_label_keys_describe (self->labels, label);
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = pw_label_swatch_new (pw_label_get_color (label));
  GtkWidget *name = gtk_label_new (pw_label_get_name (label));

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), name);
  if (key != NULL)
    {
      GtkWidget *hint = gtk_label_new (key);
      /* Translators: a choice's name and the key that picks it */
      g_autofree char *tooltip = g_strdup_printf (_("%s (%s)"), pw_label_get_name (label), key);

      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "numeric");
      gtk_box_append (GTK_BOX (box), hint);
      gtk_widget_set_tooltip_text (button, tooltip);
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  /* The keyboard stays with the task; a click does not take it. */
  gtk_widget_set_focus_on_click (button, FALSE);
  g_object_set_data_full (G_OBJECT (button), "pw-label", g_object_ref (label), g_object_unref);
  g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_button_toggled), self);
  return button;
}

static gboolean
filter_child (GtkFlowBoxChild *child,
              gpointer         user_data)
{
  PwChoiceBar *self = user_data;
  g_autofree char *name = NULL;

  if (self->filter_text == NULL || *self->filter_text == '\0')
    return TRUE;
  name = g_utf8_casefold (pw_label_get_name (button_label (gtk_flow_box_child_get_child (child))), -1);
  return strstr (name, self->filter_text) != NULL;
}

static GtkFlowBox *
row_flow (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "pw-flow");
}

static GtkFlowBox *
button_flow (GtkWidget *button)
{
  return GTK_FLOW_BOX (gtk_widget_get_parent (gtk_widget_get_parent (button)));
}

static void
on_filter_changed (PwChoiceBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter));

  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (text, -1);
  if (self->rows == NULL)
    return;
  /* A group the filter leaves nothing of goes out of sight. */
  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      gboolean shown = FALSE;

      gtk_flow_box_invalidate_filter (row_flow (row));
      for (guint i = 0; i < self->buttons->len && !shown; i++)
        shown = button_flow (self->buttons->pdata[i]) == row_flow (row)
                && filter_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_parent (self->buttons->pdata[i])), self);
      gtk_widget_set_visible (row, shown);
    }
}

/* Return in the filter picks the first choice left, and gives the
 * keyboard back to the task. */
static void
on_filter_activate (PwChoiceBar *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = self->buttons->pdata[i];

      if (filter_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_parent (button)), self))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->filter), "");
          pw_choice_bar_pick (self, button_label (button));
          return;
        }
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_filter_stop (PwChoiceBar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->filter), "");
}

static void
clear_task (PwChoiceBar *self)
{
  if (self->annotation != NULL)
    g_signal_handlers_disconnect_by_data (self->annotation, self);
  g_clear_object (&self->annotation);
  g_clear_object (&self->labels);
  g_ptr_array_set_size (self->buttons, 0);
  if (self->rows != NULL)
    {
      GtkWidget *row;

      while ((row = gtk_widget_get_first_child (self->rows)) != NULL)
        {
          GtkWidget *title = g_object_get_data (G_OBJECT (row), "pw-title");

          if (title != NULL)
            gtk_size_group_remove_widget (self->titles, title);
          gtk_box_remove (GTK_BOX (self->rows), row);
        }
    }
}

/* A row of choices: the group's title where there are groups, and its
 * toggles. */
static GtkFlowBox *
add_row (PwChoiceBar *self,
         const char  *title)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkFlowBox *flow = GTK_FLOW_BOX (gtk_flow_box_new ());

  gtk_flow_box_set_selection_mode (flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (flow, FALSE);
  gtk_flow_box_set_max_children_per_line (flow, 30);
  gtk_flow_box_set_column_spacing (flow, 6);
  gtk_flow_box_set_row_spacing (flow, 6);
  gtk_flow_box_set_filter_func (flow, filter_child, self, NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (flow), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : _("Choices"), -1);
  if (title != NULL)
    {
      GtkWidget *heading = gtk_label_new (title);

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (heading), 24);
      gtk_widget_set_valign (heading, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (heading, "heading");
      gtk_size_group_add_widget (self->titles, heading);
      gtk_box_append (GTK_BOX (row), heading);
      g_object_set_data (G_OBJECT (row), "pw-title", heading);
    }
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (flow));
  g_object_set_data (G_OBJECT (row), "pw-flow", flow);
  gtk_box_append (GTK_BOX (self->rows), row);
  return flow;
}

/* The toggles of the choice labels of @group (%NULL: the project's own),
 * in a row of their own. */
static guint
add_group (PwChoiceBar   *self,
           PwChoiceGroup *group,
           const char    *title)
{
  GtkFlowBox *flow = NULL;
  guint n = 0;

  for (guint i = 0; i < pw_label_set_get_n_labels (self->labels); i++)
    {
      PwLabel *label = pw_label_set_get_label (self->labels, i);
      GtkWidget *button;

      if (!pw_label_is_for (label, PW_ANNOTATION_TOOL_CHOICE) || group_of (self, label) != group)
        continue;
      if (flow == NULL)
        flow = add_row (self, title);
      button = make_button (self, label);
      g_ptr_array_add (self->buttons, button);
      gtk_flow_box_append (flow, button);
      n++;
    }
  return n;
}

/**
 * pw_choice_bar_set_task:
 * @annotation: (nullable): the task's annotation; without the choice tool
 *   the bar hides
 * @labels: (nullable): the project's labels; those for the choice tool
 *   become toggles, a row for each group of choices
 * @single: whether one choice replaces the other among the labels in no
 *   group (the project's `choice_mode`); a group says it for its own
 */
void
pw_choice_bar_set_task (PwChoiceBar  *self,
                        PwAnnotation *annotation,
                        PwLabelSet   *labels,
                        gboolean      single)
{
  guint n = 0;

  g_return_if_fail (PW_IS_CHOICE_BAR (self));
  g_return_if_fail (annotation == NULL || PW_IS_ANNOTATION (annotation));

  clear_task (self);
  self->single = single;
  gtk_editable_set_text (GTK_EDITABLE (self->filter), "");
  if (annotation == NULL || labels == NULL
      || !(pw_annotation_get_tools (annotation) & PW_ANNOTATION_TOOL_CHOICE))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  self->annotation = g_object_ref (annotation);
  self->labels = g_object_ref (labels);
  for (guint i = 0; i < pw_label_set_get_n_choice_groups (labels); i++)
    {
      PwChoiceGroup *group = pw_label_set_get_choice_group (labels, i);

      n += add_group (self, group, pw_choice_group_get_title (group));
    }
  /* Without groups, one row as ever; beside them, the rest apart. */
  n += add_group (self, NULL, pw_label_set_get_n_choice_groups (labels) > 0 ? _("Other choices") : NULL);
  g_signal_connect_object (annotation, "changed::choices", G_CALLBACK (on_choices_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->filter), n > FILTER_AFTER);
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  sync_buttons (self);
}

PwAnnotation *
pw_choice_bar_get_annotation (PwChoiceBar *self)
{
  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), NULL);
  return self->annotation;
}

gboolean
pw_choice_bar_get_single (PwChoiceBar *self)
{
  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), FALSE);
  return self->single;
}

/**
 * pw_choice_bar_answers_task:
 * @label: the choice just picked
 *
 * Whether a pick makes the whole answer, so auto-advance may submit:
 * @label takes one answer (its group's, or the project's mode) and every
 * required one-answer group has its answer now; where no one-answer
 * group is required, every one-answer group.
 *
 * Returns: %TRUE when the task is answered with @label
 */
gboolean
pw_choice_bar_answers_task (PwChoiceBar *self,
                            PwLabel     *label)
{
  gboolean any_required = FALSE;
  gboolean answered = TRUE;

  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), FALSE);
  g_return_val_if_fail (PW_IS_LABEL (label), FALSE);

  if (self->annotation == NULL || !pw_annotation_has_choice (self->annotation, pw_label_get_name (label))
      || !label_is_single (self, label))
    return FALSE;

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < self->buttons->len; i++)
        {
          PwLabel *first = button_label (self->buttons->pdata[i]);
          PwChoiceGroup *group = group_of (self, first);
          gboolean required = group != NULL && pw_choice_group_is_required (group);
          gboolean has = FALSE;

          /* Each group once: at its first toggle. */
          if (i > 0 && group_of (self, button_label (self->buttons->pdata[i - 1])) == group)
            continue;
          if (!label_is_single (self, first))
            continue;
          if (pass == 0)
            {
              any_required |= required;
              continue;
            }
          if (any_required && !required)
            continue;
          for (guint j = i; j < self->buttons->len && !has; j++)
            {
              PwLabel *other = button_label (self->buttons->pdata[j]);

              has = group_of (self, other) == group
                    && pw_annotation_has_choice (self->annotation, pw_label_get_name (other));
            }
          answered &= has;
        }
    }
  return answered;
}

/**
 * pw_choice_bar_pick:
 * @label: a label for the choice tool
 *
 * What the label's key does: where its group (or the project, for a
 * label in no group) takes one answer it becomes that answer, and the
 * other groups keep theirs; where it takes several it is turned on, or
 * off when it was on.
 *
 * Returns: %TRUE when @label is a choice of the task
 */
gboolean
pw_choice_bar_pick (PwChoiceBar *self,
                    PwLabel     *label)
{
  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), FALSE);
  g_return_val_if_fail (PW_IS_LABEL (label), FALSE);

  if (self->annotation == NULL || !pw_label_is_for (label, PW_ANNOTATION_TOOL_CHOICE))
    return FALSE;
  choose (self, label,
          label_is_single (self, label)
          || !pw_annotation_has_choice (self->annotation, pw_label_get_name (label)));
  return TRUE;
}

/**
 * pw_choice_bar_handle_key:
 *
 * Picks the choice a key gives (1–9, 0, Shift and Ctrl+Shift with a
 * digit).
 *
 * Returns: %TRUE when the key gave a choice
 */
gboolean
pw_choice_bar_handle_key (PwChoiceBar     *self,
                          guint            keyval,
                          guint            keycode,
                          GdkModifierType  state)
{
  PwLabel *label;

  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), FALSE);

  if (self->annotation == NULL)
    return FALSE;
  label = pw_label_keys_lookup_event (self->labels, PW_ANNOTATION_TOOL_CHOICE,
                                      gtk_widget_get_display (GTK_WIDGET (self)),
                                      keyval, keycode, state);
  return label != NULL && pw_choice_bar_pick (self, label);
}

GtkSearchEntry *
pw_choice_bar_get_filter (PwChoiceBar *self)
{
  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), NULL);
  return self->filter;
}

/**
 * pw_choice_bar_get_n_shown:
 *
 * Returns: how many choices the filter leaves
 */
guint
pw_choice_bar_get_n_shown (PwChoiceBar *self)
{
  guint n = 0;

  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), 0);

  for (guint i = 0; i < self->buttons->len; i++)
    n += filter_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_parent (self->buttons->pdata[i])), self);
  return n;
}

/**
 * pw_choice_bar_get_button:
 *
 * Returns: (transfer none) (nullable): the toggle of the choice @label
 */
GtkToggleButton *
pw_choice_bar_get_button (PwChoiceBar *self,
                          const char  *label)
{
  g_return_val_if_fail (PW_IS_CHOICE_BAR (self), NULL);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      if (g_strcmp0 (pw_label_get_name (button_label (self->buttons->pdata[i])), label) == 0)
        return self->buttons->pdata[i];
    }
  return NULL;
}

/**
 * pw_choice_bar_set_key_capture_widget:
 * @widget: (nullable): where typing a name goes to the filter
 *
 * Lets the worker type a choice's name with the keyboard anywhere in
 * @widget, when the filter is shown.
 */
void
pw_choice_bar_set_key_capture_widget (PwChoiceBar *self,
                                      GtkWidget   *widget)
{
  g_return_if_fail (PW_IS_CHOICE_BAR (self));

  gtk_search_entry_set_key_capture_widget (self->filter, widget);
}

static void
pw_choice_bar_dispose (GObject *object)
{
  PwChoiceBar *self = PW_CHOICE_BAR (object);
  GtkWidget *child;

  clear_task (self);
  if (self->filter != NULL)
    gtk_search_entry_set_key_capture_widget (self->filter, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->filter = NULL;
  self->scroller = NULL;
  self->rows = NULL;
  g_clear_object (&self->titles);

  G_OBJECT_CLASS (pw_choice_bar_parent_class)->dispose (object);
}

static void
pw_choice_bar_finalize (GObject *object)
{
  PwChoiceBar *self = PW_CHOICE_BAR (object);

  g_ptr_array_unref (self->buttons);
  g_free (self->filter_text);

  G_OBJECT_CLASS (pw_choice_bar_parent_class)->finalize (object);
}

/* Between the filter and the rows. */
#define SPACING 6

/* The rows at their height for the width given, and scrolled where the
 * window has less: a narrow window, whose toggles would wrap to a line
 * each, is never made taller for them. (The scroller alone would ask for
 * their height at their narrowest.) */
static void
pw_choice_bar_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PwChoiceBar *self = PW_CHOICE_BAR (widget);
  int filter_min = 0, filter_nat = 0, scroller_min, scroller_nat, rows_min, rows_nat;
  gboolean filter = gtk_widget_get_visible (GTK_WIDGET (self->filter));

  if (filter)
    gtk_widget_measure (GTK_WIDGET (self->filter), orientation, for_size, &filter_min, &filter_nat,
                        NULL, NULL);
  gtk_widget_measure (self->scroller, orientation, for_size, &scroller_min, &scroller_nat, NULL,
                      NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (filter_min, scroller_min);
      *natural = MAX (filter_nat, scroller_nat);
      return;
    }
  gtk_widget_measure (self->rows, orientation, for_size, &rows_min, &rows_nat, NULL, NULL);
  *minimum = filter_min + (filter ? SPACING : 0) + MIN (scroller_min, rows_nat);
  *natural = filter_nat + (filter ? SPACING : 0) + rows_nat;
}

static void
pw_choice_bar_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PwChoiceBar *self = PW_CHOICE_BAR (widget);
  int y = 0;

  if (gtk_widget_get_visible (GTK_WIDGET (self->filter)))
    {
      int filter_min, filter_nat;

      gtk_widget_measure (GTK_WIDGET (self->filter), GTK_ORIENTATION_VERTICAL, width, &filter_min,
                          &filter_nat, NULL, NULL);
      gtk_widget_size_allocate (GTK_WIDGET (self->filter),
                                &(GtkAllocation) { 0, 0, width, MIN (filter_nat, height) }, -1);
      y = MIN (filter_nat, height) + SPACING;
    }
  gtk_widget_size_allocate (self->scroller, &(GtkAllocation) { 0, y, width, MAX (height - y, 0) },
                            -1);
}

static GtkSizeRequestMode
pw_choice_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pw_choice_bar_class_init (PwChoiceBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_choice_bar_dispose;
  object_class->finalize = pw_choice_bar_finalize;

  /**
   * PwChoiceBar::picked:
   * @label: the choice picked
   *
   * Emitted when the worker picks a choice, by key, click or filter, so
   * a single-choice task can move on at once.
   */
  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, PW_TYPE_LABEL);

  widget_class->measure = pw_choice_bar_measure;
  widget_class->size_allocate = pw_choice_bar_size_allocate;
  widget_class->get_request_mode = pw_choice_bar_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "choicebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pw_choice_bar_init (PwChoiceBar *self)
{
  self->buttons = g_ptr_array_new ();
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  self->filter = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  /* / reaches the filter on every kind of task; on an image, whose
   * letters are the canvas's, only / does. */
  g_object_set (self->filter, "placeholder-text", _("Press / to find a choice by its name"), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->filter), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->filter), GTK_WIDGET (self));
  g_signal_connect_swapped (self->filter, "search-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->filter, "activate", G_CALLBACK (on_filter_activate), self);
  g_signal_connect_swapped (self->filter, "stop-search", G_CALLBACK (on_filter_stop), self);

  /* The groups' titles line up, so their choices start in one column. */
  self->titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Scrolled where the window is too short for them (see measure). */
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->rows);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
pw_choice_bar_new (void)
{
  return g_object_new (PW_TYPE_CHOICE_BAR, NULL);
}
