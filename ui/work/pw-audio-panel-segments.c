/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pw-audio-panel-private.h"

/* The segments: one row each below the waveform (its time, its label and
 * its own text) and one range each on the waveform, both kept from the
 * annotation's changes, so an undo shows the same way as an edit. Every
 * edit is a command on the annotation. The text of a segment is written
 * to it when the worker pauses typing, leaves the field or presses Enter,
 * so one sentence is one undo step rather than one a letter. */

/* The pause in typing after which a segment's text is kept. */
#define TEXT_COMMIT_MS 400
/* The shortest segment an edge may be nudged or dragged to. */
#define SHORTEST 0.01
/* Where a range has no label of a known colour. */
#define UNLABELED_COLOR "#9a9996"

static const char *
row_id (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "segment-id");
}

static PwSegment *
lookup (PwAudioPanel *self,
        const char   *id)
{
  if (self->annotation == NULL || id == NULL)
    return NULL;
  return pw_annotation_lookup_segment (self->annotation, id);
}

static double
duration (PwAudioPanel *self)
{
  double seconds = pw_waveform_view_get_duration (self->view);

  return seconds > 0 ? seconds : G_MAXDOUBLE;
}

static const char *
label_color (PwAudioPanel *self,
             const char   *name)
{
  PwLabel *label = name != NULL && self->labels != NULL ? pw_label_set_lookup (self->labels, name) : NULL;

  return label != NULL ? pw_label_get_color (label) : UNLABELED_COLOR;
}

/* The waveform draws the segments as the annotation has them. */
static void
update_ranges (PwAudioPanel *self)
{
  GPtrArray *segments = self->annotation != NULL ? pw_annotation_get_segments (self->annotation) : NULL;
  guint n = segments != NULL ? segments->len : 0;
  g_autofree PwWaveformRange *ranges = g_new0 (PwWaveformRange, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      PwSegment *segment = g_ptr_array_index (segments, i);

      ranges[i].id = pw_segment_get_id (segment);
      ranges[i].start = pw_segment_get_start (segment);
      ranges[i].end = pw_segment_get_end (segment);
      if (!gdk_rgba_parse (&ranges[i].color, label_color (self, pw_segment_get_label (segment))))
        gdk_rgba_parse (&ranges[i].color, UNLABELED_COLOR);
      ranges[i].label = pw_segment_get_label (segment);
      ranges[i].selected = g_strcmp0 (self->selected, ranges[i].id) == 0;
    }
  pw_waveform_view_set_ranges (self->view, ranges, n);
  gtk_widget_set_visible (self->empty_label, n == 0);
}

static char *
format_time (double seconds)
{
  int hundredths = (int) floor (MAX (seconds, 0) * 100 + 0.5);

  return g_strdup_printf ("%d:%02d.%02d", hundredths / 6000, (hundredths / 100) % 60, hundredths % 100);
}

static void
update_row (PwAudioPanel  *self,
            GtkListBoxRow *row,
            PwSegment     *segment)
{
  GtkLabel *time_label = g_object_get_data (G_OBJECT (row), "time-label");
  GtkLabel *chip = g_object_get_data (G_OBJECT (row), "chip");
  GtkEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  const char *label = pw_segment_get_label (segment);
  const char *text = pw_segment_get_text (segment);
  g_autofree char *start = format_time (pw_segment_get_start (segment));
  g_autofree char *end = format_time (pw_segment_get_end (segment));
  g_autofree char *range = g_strdup_printf ("%s – %s", start, end);

  gtk_label_set_label (time_label, range);
  if (label != NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<span background=\"%s\" foreground=\"#ffffff\"> %s </span>",
                                                         label_color (self, label), label);

      gtk_label_set_markup (chip, markup);
      gtk_widget_remove_css_class (GTK_WIDGET (chip), "dim-label");
    }
  else
    {
      gtk_label_set_label (chip, _("No label"));
      gtk_widget_add_css_class (GTK_WIDGET (chip), "dim-label");
    }

  /* An undo or a change from elsewhere; what the worker types is already
   * there. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text != NULL ? text : "") != 0)
    {
      g_signal_handlers_block_matched (entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
      g_signal_handlers_unblock_matched (entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }
}

static gboolean
on_text_pause (gpointer user_data)
{
  PwAudioPanel *self = user_data;

  self->text_commit_id = 0;
  _pw_audio_panel_commit_text (self);
  return G_SOURCE_REMOVE;
}

/**
 * _pw_audio_panel_commit_text:
 *
 * Writes the text being typed in a segment's field to its segment now.
 */
void
_pw_audio_panel_commit_text (PwAudioPanel *self)
{
  g_autoptr (GtkEntry) entry = NULL;
  g_autoptr (PwSegment) copy = NULL;
  g_autoptr (GError) error = NULL;
  PwSegment *segment;
  const char *text;

  g_clear_handle_id (&self->text_commit_id, g_source_remove);
  if (self->typing_entry == NULL)
    return;
  entry = g_steal_pointer (&self->typing_entry);
  segment = lookup (self, g_object_get_data (G_OBJECT (entry), "segment-id"));
  if (segment == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (entry));
  if (g_strcmp0 (text, pw_segment_get_text (segment)) == 0)
    return;
  copy = pw_segment_copy (segment);
  pw_segment_set_text (copy, text);
  if (!pw_annotation_replace_segment (self->annotation, copy, &error))
    _pw_audio_panel_show_message (self, error->message);
}

static void
on_entry_changed (GtkEditable  *editable,
                  PwAudioPanel *self)
{
  if (self->typing_entry != GTK_ENTRY (editable))
    {
      _pw_audio_panel_commit_text (self);
      self->typing_entry = g_object_ref (GTK_ENTRY (editable));
    }
  g_clear_handle_id (&self->text_commit_id, g_source_remove);
  self->text_commit_id = g_timeout_add (TEXT_COMMIT_MS, on_text_pause, self);
}

static void
on_entry_activate (GtkEntry     *entry,
                   PwAudioPanel *self)
{
  _pw_audio_panel_commit_text (self);
}

static void
on_entry_enter (GtkEventControllerFocus *controller,
                PwAudioPanel            *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *id = g_object_get_data (G_OBJECT (entry), "segment-id");

  /* Clicking into a segment's text is focusing that segment. */
  if (g_strcmp0 (id, self->selected) != 0)
    _pw_audio_panel_set_selected (self, id, TRUE);
}

static void
on_entry_leave (GtkEventControllerFocus *controller,
                PwAudioPanel            *self)
{
  _pw_audio_panel_commit_text (self);
}

static GtkListBoxRow *
make_row (PwAudioPanel *self,
          PwSegment    *segment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *time_label = gtk_label_new (NULL);
  GtkWidget *chip = gtk_label_new (NULL);
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  char *id = g_strdup (pw_segment_get_id (segment));

  gtk_widget_add_css_class (time_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_label_set_width_chars (GTK_LABEL (time_label), 17);
  gtk_label_set_xalign (GTK_LABEL (chip), 0);
  gtk_label_set_width_chars (GTK_LABEL (chip), 10);
  gtk_label_set_ellipsize (GTK_LABEL (chip), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What is said"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Segment text"), -1);
  gtk_box_append (GTK_BOX (box), time_label);
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "segment-id", id, g_free);
  g_object_set_data (G_OBJECT (entry), "segment-id", id);
  g_object_set_data (G_OBJECT (row), "time-label", time_label);
  g_object_set_data (G_OBJECT (row), "chip", chip);
  g_object_set_data (G_OBJECT (row), "entry", entry);

  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  g_signal_connect (focus, "enter", G_CALLBACK (on_entry_enter), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_leave), self);
  gtk_widget_add_controller (entry, focus);

  update_row (self, GTK_LIST_BOX_ROW (row), segment);
  return GTK_LIST_BOX_ROW (row);
}

static void
add_row (PwAudioPanel *self,
         PwSegment    *segment)
{
  GtkListBoxRow *row = make_row (self, segment);

  g_hash_table_replace (self->rows, g_strdup (pw_segment_get_id (segment)), row);
  gtk_list_box_append (self->segment_list, GTK_WIDGET (row));
}

static void
remove_row (PwAudioPanel *self,
            const char   *id)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, id);

  if (row == NULL)
    return;
  if (self->typing_entry != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (self->typing_entry), "segment-id"), id) == 0)
    {
      g_clear_handle_id (&self->text_commit_id, g_source_remove);
      g_clear_object (&self->typing_entry);
    }
  g_hash_table_remove (self->rows, id);
  gtk_list_box_remove (self->segment_list, row);
}

static void
select_row (PwAudioPanel *self)
{
  GtkListBoxRow *row = self->selected != NULL ? g_hash_table_lookup (self->rows, self->selected) : NULL;

  g_signal_handlers_block_matched (self->segment_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (row != NULL)
    gtk_list_box_select_row (self->segment_list, row);
  else
    gtk_list_box_unselect_all (self->segment_list);
  g_signal_handlers_unblock_matched (self->segment_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/**
 * _pw_audio_panel_reload_segments:
 *
 * Makes the rows and the ranges again from the annotation, as for a new
 * task.
 */
void
_pw_audio_panel_reload_segments (PwAudioPanel *self)
{
  GPtrArray *segments = self->annotation != NULL ? pw_annotation_get_segments (self->annotation) : NULL;
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    gtk_list_box_remove (self->segment_list, row);
  g_hash_table_remove_all (self->rows);

  for (guint i = 0; segments != NULL && i < segments->len; i++)
    add_row (self, g_ptr_array_index (segments, i));
  update_ranges (self);
  select_row (self);
}

/**
 * _pw_audio_panel_segment_changed:
 *
 * Follows one change of the annotation's segments: an edit, an undo or a
 * redo.
 */
void
_pw_audio_panel_segment_changed (PwAudioPanel       *self,
                                 PwAnnotationChange  change,
                                 const char         *id)
{
  PwSegment *segment = lookup (self, id);
  GtkListBoxRow *row = g_hash_table_lookup (self->rows, id);

  if (segment == NULL)
    remove_row (self, id);
  else if (row == NULL)
    add_row (self, segment);
  else
    update_row (self, row, segment);

  if (segment == NULL && g_strcmp0 (self->selected, id) == 0)
    g_clear_pointer (&self->selected, g_free);
  gtk_list_box_invalidate_sort (self->segment_list);
  update_ranges (self);
  select_row (self);
  _pw_audio_panel_update_actions (self);
}

static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  PwAudioPanel *self = user_data;
  guint ia = 0, ib = 0;

  if (self->annotation == NULL)
    return 0;
  pw_annotation_find_segment (self->annotation, row_id (a), &ia);
  pw_annotation_find_segment (self->annotation, row_id (b), &ib);
  return ia < ib ? -1 : ia > ib;
}

/**
 * _pw_audio_panel_set_selected:
 * @id: (nullable): a segment's id, or %NULL for none
 * @play: whether to play it once from its start, as focusing it does
 */
void
_pw_audio_panel_set_selected (PwAudioPanel *self,
                              const char   *id,
                              gboolean      play)
{
  PwSegment *segment = lookup (self, id);

  if (segment == NULL)
    id = NULL;
  if (g_strcmp0 (self->selected, id) != 0)
    {
      g_free (self->selected);
      self->selected = g_strdup (id);
      update_ranges (self);
      select_row (self);
      _pw_audio_panel_update_actions (self);
    }
  if (segment == NULL)
    return;

  pw_waveform_view_scroll_to (self->view, pw_segment_get_start (segment));
  if (play && self->player != NULL)
    pw_audio_player_play_range (self->player, pw_segment_get_start (segment), pw_segment_get_end (segment));
}

/**
 * pw_audio_panel_get_selected_segment:
 *
 * Returns: (nullable): the id of the segment the worker is on
 */
const char *
pw_audio_panel_get_selected_segment (PwAudioPanel *self)
{
  g_return_val_if_fail (PW_IS_AUDIO_PANEL (self), NULL);
  return self->selected;
}

/**
 * pw_audio_panel_select_segment:
 * @segment_id: (nullable): a segment's id, or %NULL for none
 *
 * Puts the worker on a segment and plays it once from its start, as
 * focusing it does.
 */
void
pw_audio_panel_select_segment (PwAudioPanel *self,
                               const char   *segment_id)
{
  g_return_if_fail (PW_IS_AUDIO_PANEL (self));
  _pw_audio_panel_set_selected (self, segment_id, TRUE);
}

/**
 * pw_audio_panel_label_segment:
 * @label: a label for segments
 *
 * Gives @label to the selected segment.
 *
 * Returns: whether a segment was selected to take it
 */
gboolean
pw_audio_panel_label_segment (PwAudioPanel *self,
                              PwLabel      *label)
{
  g_autoptr (PwSegment) copy = NULL;
  g_autoptr (GError) error = NULL;
  PwSegment *segment;

  g_return_val_if_fail (PW_IS_AUDIO_PANEL (self), FALSE);
  g_return_val_if_fail (PW_IS_LABEL (label), FALSE);

  segment = lookup (self, self->selected);
  if (segment == NULL || !pw_label_is_for (label, PW_ANNOTATION_TOOL_SEGMENT))
    return FALSE;
  _pw_audio_panel_commit_text (self);
  segment = lookup (self, self->selected);
  copy = pw_segment_copy (segment);
  pw_segment_set_label (copy, pw_label_get_name (label));
  if (!pw_annotation_replace_segment (self->annotation, copy, &error))
    _pw_audio_panel_show_message (self, error->message);
  return TRUE;
}

/* Whether [@start, @end) would overlap a segment other than @except's
 * where the project forbids it; then the worker is told so. */
static gboolean
refuse_overlap (PwAudioPanel *self,
                const char   *except,
                double        start,
                double        end)
{
  GPtrArray *segments = pw_annotation_get_segments (self->annotation);

  if ((self->rules & PW_CHECK_NO_OVERLAPS) == 0)
    return FALSE;
  for (guint i = 0; i < segments->len; i++)
    {
      PwSegment *other = g_ptr_array_index (segments, i);

      if (g_strcmp0 (pw_segment_get_id (other), except) != 0
          && pw_segment_get_start (other) < end && start < pw_segment_get_end (other))
        {
          _pw_audio_panel_show_message (self, _("Segments may not overlap in this project"));
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * _pw_audio_panel_add_segment:
 *
 * Makes a segment of [@start, @end) and puts the worker on it, without
 * playing it: the worker has just heard it.
 *
 * Returns: whether it was made
 */
gboolean
_pw_audio_panel_add_segment (PwAudioPanel *self,
                             double        start,
                             double        end)
{
  g_autoptr (PwSegment) segment = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->annotation == NULL || !(pw_annotation_get_tools (self->annotation) & PW_ANNOTATION_TOOL_SEGMENT))
    return FALSE;
  start = MAX (start, 0);
  end = MIN (end, duration (self));
  if (end - start < PW_AUDIO_PANEL_MIN_SEGMENT)
    {
      _pw_audio_panel_show_message (self, _("Too short for a segment"));
      return FALSE;
    }
  if (refuse_overlap (self, NULL, start, end))
    return FALSE;

  _pw_audio_panel_commit_text (self);
  id = pw_annotation_new_segment_id (self->annotation);
  segment = pw_segment_new (id, start, end, NULL, "");
  if (!pw_annotation_add_segment (self->annotation, segment, &error))
    {
      _pw_audio_panel_show_message (self, error->message);
      return FALSE;
    }
  _pw_audio_panel_set_selected (self, id, FALSE);
  return TRUE;
}

/**
 * _pw_audio_panel_move_segment:
 *
 * Gives a segment a new start and end, unless the project forbids the
 * overlap that would make.
 */
gboolean
_pw_audio_panel_move_segment (PwAudioPanel *self,
                              const char   *id,
                              double        start,
                              double        end)
{
  g_autoptr (PwSegment) copy = NULL;
  g_autoptr (GError) error = NULL;
  PwSegment *segment = lookup (self, id);

  if (segment == NULL || end <= start)
    return FALSE;
  if (refuse_overlap (self, id, start, end))
    {
      /* The waveform shows the segment where it stays. */
      update_ranges (self);
      return FALSE;
    }
  _pw_audio_panel_commit_text (self);
  segment = lookup (self, id);
  copy = pw_segment_copy (segment);
  pw_segment_set_range (copy, start, end);
  if (!pw_annotation_replace_segment (self->annotation, copy, &error))
    {
      _pw_audio_panel_show_message (self, error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * _pw_audio_panel_nudge:
 * @start_edge: the start, else the end
 * @seconds: how far, later when positive
 *
 * Moves an edge of the selected segment.
 */
gboolean
_pw_audio_panel_nudge (PwAudioPanel *self,
                       gboolean      start_edge,
                       double        seconds)
{
  PwSegment *segment = lookup (self, self->selected);
  double start, end;

  if (segment == NULL)
    return FALSE;
  start = pw_segment_get_start (segment);
  end = pw_segment_get_end (segment);
  if (start_edge)
    start = CLAMP (start + seconds, 0, end - SHORTEST);
  else
    end = CLAMP (end + seconds, start + SHORTEST, MAX (duration (self), start + SHORTEST));
  _pw_audio_panel_move_segment (self, self->selected, start, end);
  return TRUE;
}

/**
 * _pw_audio_panel_remove_selected:
 *
 * Removes the selected segment and puts the worker on the one after it,
 * else the one before.
 */
gboolean
_pw_audio_panel_remove_selected (PwAudioPanel *self)
{
  GPtrArray *segments;
  g_autofree char *id = NULL;
  g_autofree char *next = NULL;
  guint index;

  if (lookup (self, self->selected) == NULL)
    return FALSE;
  _pw_audio_panel_commit_text (self);
  id = g_strdup (self->selected);
  segments = pw_annotation_get_segments (self->annotation);
  pw_annotation_find_segment (self->annotation, id, &index);
  if (index + 1 < segments->len)
    next = g_strdup (pw_segment_get_id (g_ptr_array_index (segments, index + 1)));
  else if (index > 0)
    next = g_strdup (pw_segment_get_id (g_ptr_array_index (segments, index - 1)));

  pw_annotation_remove_segment (self->annotation, id);
  _pw_audio_panel_set_selected (self, next, FALSE);
  return TRUE;
}

GtkEntry *
_pw_audio_panel_get_text_entry (PwAudioPanel *self,
                                const char   *id)
{
  GtkListBoxRow *row = id != NULL ? g_hash_table_lookup (self->rows, id) : NULL;

  return row != NULL ? g_object_get_data (G_OBJECT (row), "entry") : NULL;
}

/**
 * _pw_audio_panel_walk:
 * @direction: 1 for the next segment, -1 for the one before
 * @into_text: whether the keyboard goes to its text, else to its row
 *
 * Puts the worker on the next or previous segment and plays it.
 *
 * Returns: %FALSE past the first or the last, so the key moves the focus
 *   on out of the panel
 */
gboolean
_pw_audio_panel_walk (PwAudioPanel *self,
                      int           direction,
                      gboolean      into_text)
{
  GPtrArray *segments;
  const char *id;
  guint index;
  int next;

  if (self->annotation == NULL)
    return FALSE;
  segments = pw_annotation_get_segments (self->annotation);
  if (segments->len == 0)
    return FALSE;
  if (self->selected != NULL && pw_annotation_find_segment (self->annotation, self->selected, &index))
    next = (int) index + direction;
  else
    next = direction > 0 ? 0 : (int) segments->len - 1;
  if (next < 0 || next >= (int) segments->len)
    return FALSE;

  _pw_audio_panel_commit_text (self);
  id = pw_segment_get_id (g_ptr_array_index (segments, next));
  _pw_audio_panel_set_selected (self, id, TRUE);
  if (into_text)
    gtk_widget_grab_focus (GTK_WIDGET (_pw_audio_panel_get_text_entry (self, id)));
  else
    gtk_widget_grab_focus (g_hash_table_lookup (self->rows, id));
  return TRUE;
}

/**
 * _pw_audio_panel_toggle_loop:
 *
 * Plays the selected segment over and over, or, when looping, stops
 * looping and plays on.
 */
gboolean
_pw_audio_panel_toggle_loop (PwAudioPanel *self)
{
  PwSegment *segment = lookup (self, self->selected);

  if (self->player == NULL)
    return FALSE;
  if (pw_audio_player_has_loop (self->player))
    {
      pw_audio_player_clear_loop (self->player);
      return TRUE;
    }
  if (segment == NULL)
    return FALSE;
  pw_audio_player_set_loop (self->player, pw_segment_get_start (segment), pw_segment_get_end (segment));
  pw_audio_player_seek (self->player, pw_segment_get_start (segment));
  pw_audio_player_play (self->player);
  return TRUE;
}

static void
on_row_selected (GtkListBox    *list,
                 GtkListBoxRow *row,
                 PwAudioPanel  *self)
{
  if (row != NULL && g_strcmp0 (row_id (row), self->selected) != 0)
    _pw_audio_panel_set_selected (self, row_id (row), TRUE);
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  PwAudioPanel  *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (_pw_audio_panel_get_text_entry (self, row_id (row))));
}

static void
on_range_selected (PwWaveformView *view,
                   double          start,
                   double          end,
                   PwAudioPanel   *self)
{
  pw_waveform_view_clear_selection (view);
  _pw_audio_panel_add_segment (self, start, end);
}

static void
on_range_activated (PwWaveformView *view,
                    const char     *id,
                    PwAudioPanel   *self)
{
  _pw_audio_panel_set_selected (self, id, TRUE);
}

static void
on_range_changed (PwWaveformView *view,
                  const char     *id,
                  double          start,
                  double          end,
                  PwAudioPanel   *self)
{
  if (_pw_audio_panel_move_segment (self, id, start, end))
    _pw_audio_panel_set_selected (self, id, FALSE);
}

void
_pw_audio_panel_init_segments (PwAudioPanel *self)
{
  gtk_list_box_set_sort_func (self->segment_list, sort_rows, self, NULL);
  g_signal_connect (self->segment_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->segment_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->view, "range-selected", G_CALLBACK (on_range_selected), self);
  g_signal_connect (self->view, "range-activated", G_CALLBACK (on_range_activated), self);
  g_signal_connect (self->view, "range-changed", G_CALLBACK (on_range_changed), self);
}
