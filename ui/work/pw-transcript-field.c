/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-transcript-field.h"

/* The buffer and the transcript agree at all times: each insert or delete
 * the worker makes goes to the annotation first, in code points as the
 * buffer counts them, and is refused in the buffer when the annotation
 * refuses it (a transcript over its limit). Changes from elsewhere (undo,
 * redo, a draft) come back through PwAnnotation::transcript-edited and are
 * applied to the buffer as the same stretch, so its marks, the cursor
 * among them, stay where they were. */

typedef enum
{
  LAST_NONE,
  LAST_INSERT,
  LAST_DELETE,
} LastEdit;

struct _PwTranscriptField
{
  GtkWidget          parent_instance;

  /* Owned References */
  PwAnnotation      *annotation;

  /* Children */
  GtkScrolledWindow *scroller;
  GtkTextView       *view;
  GtkTextBuffer     *buffer;

  /* The last edit typed here, to tell a word's next letter from a new
   * word: where it ended, and whether it ended with a space. */
  LastEdit           last;
  guint              last_end;
  gboolean           last_space;

  gboolean           syncing;
  gboolean           editing;
};

G_DEFINE_FINAL_TYPE (PwTranscriptField, pw_transcript_field, GTK_TYPE_WIDGET)

static void
forget_typing (PwTranscriptField *self)
{
  self->last = LAST_NONE;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_ispunct (c);
}

static void
refuse (PwTranscriptField *self,
        const char        *signal,
        GError            *error)
{
  g_signal_stop_emission_by_name (self->buffer, signal);
  gtk_widget_error_bell (GTK_WIDGET (self));
  if (error != NULL)
    g_message ("%s", error->message);
}

static void
on_insert_text (PwTranscriptField *self,
                GtkTextIter       *location,
                const char        *text,
                int                len,
                GtkTextBuffer     *buffer)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *inserted = NULL;
  guint at = (guint) gtk_text_iter_get_offset (location);
  guint n_chars;
  gboolean continues;
  gunichar first;

  if (self->syncing)
    return;
  if (self->annotation == NULL)
    {
      refuse (self, "insert-text", NULL);
      return;
    }

  inserted = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);
  n_chars = (guint) g_utf8_strlen (inserted, -1);
  if (n_chars == 0)
    return;
  first = g_utf8_get_char (inserted);
  /* A word and the spaces after it are one step; a new word, a paste or
   * typing somewhere else starts another. */
  continues = self->last == LAST_INSERT && self->last_end == at && n_chars == 1
              && !(self->last_space && !is_space (first));

  self->editing = TRUE;
  if (!pw_annotation_edit_transcript (self->annotation, at, 0, inserted, continues, &error))
    {
      self->editing = FALSE;
      refuse (self, "insert-text", error);
      return;
    }
  self->editing = FALSE;

  self->last = n_chars == 1 ? LAST_INSERT : LAST_NONE;
  self->last_end = at + n_chars;
  self->last_space = is_space (g_utf8_get_char (g_utf8_prev_char (inserted + strlen (inserted))));
}

static void
on_delete_range (PwTranscriptField *self,
                 GtkTextIter       *start,
                 GtkTextIter       *end,
                 GtkTextBuffer     *buffer)
{
  g_autoptr (GError) error = NULL;
  guint from = (guint) gtk_text_iter_get_offset (start);
  guint to = (guint) gtk_text_iter_get_offset (end);
  gboolean continues;

  if (self->syncing)
    return;
  if (from > to)
    {
      guint swap = from;

      from = to;
      to = swap;
    }
  if (from == to)
    return;
  if (self->annotation == NULL)
    {
      refuse (self, "delete-range", NULL);
      return;
    }

  /* Backspace after backspace, or Delete after Delete, is one step. */
  continues = self->last == LAST_DELETE && (to == self->last_end || from == self->last_end)
              && to - from == 1;

  self->editing = TRUE;
  if (!pw_annotation_edit_transcript (self->annotation, from, to - from, "", continues, &error))
    {
      self->editing = FALSE;
      refuse (self, "delete-range", error);
      return;
    }
  self->editing = FALSE;

  self->last = to - from == 1 ? LAST_DELETE : LAST_NONE;
  self->last_end = from;
  self->last_space = FALSE;
}

/* An undo, a redo or a restored draft: the same stretch in the buffer. */
static void
on_transcript_edited (PwTranscriptField *self,
                      guint              at,
                      guint              n_removed,
                      const char        *inserted,
                      PwAnnotation      *annotation)
{
  GtkTextIter start, end;

  if (self->editing)
    return;

  forget_typing (self);
  self->syncing = TRUE;
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) at);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) (at + n_removed));
  if (n_removed > 0)
    gtk_text_buffer_delete (self->buffer, &start, &end);
  if (*inserted != '\0')
    gtk_text_buffer_insert (self->buffer, &start, inserted, -1);
  self->syncing = FALSE;
}

/* The keys that move on or act on the whole task reach the window even
 * though the text view would take some of them (Ctrl+Return for a new
 * line, Ctrl+Z for its own undo): each ancestor gets them first. */
static gboolean
is_window_key (guint           keyval,
               GdkModifierType state)
{
  if ((state & GDK_CONTROL_MASK) == 0 || (state & GDK_ALT_MASK) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
    case GDK_KEY_t:
    case GDK_KEY_T:
    case GDK_KEY_z:
    case GDK_KEY_Z:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwTranscriptField     *self)
{
  if (!is_window_key (keyval, state))
    return GDK_EVENT_PROPAGATE;

  for (GtkWidget *widget = gtk_widget_get_parent (GTK_WIDGET (self)); widget != NULL;
       widget = gtk_widget_get_parent (widget))
    {
      if (gtk_event_controller_key_forward (controller, widget))
        return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/**
 * pw_transcript_field_set_annotation:
 * @annotation: (nullable): the task's annotation; without the transcript
 *   tool the field hides
 */
void
pw_transcript_field_set_annotation (PwTranscriptField *self,
                                    PwAnnotation      *annotation)
{
  GtkTextIter end;
  gboolean shown;

  g_return_if_fail (PW_IS_TRANSCRIPT_FIELD (self));
  g_return_if_fail (annotation == NULL || PW_IS_ANNOTATION (annotation));

  if (self->annotation != NULL)
    g_signal_handlers_disconnect_by_data (self->annotation, self);
  shown = annotation != NULL
          && (pw_annotation_get_tools (annotation) & PW_ANNOTATION_TOOL_TRANSCRIPT) != 0;
  g_clear_object (&self->annotation);
  if (shown)
    self->annotation = g_object_ref (annotation);
  forget_typing (self);

  self->syncing = TRUE;
  gtk_text_buffer_set_text (self->buffer,
                            shown ? pw_annotation_get_transcript (annotation) : "", -1);
  self->syncing = FALSE;
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_place_cursor (self->buffer, &end);

  if (shown)
    g_signal_connect_object (annotation, "transcript-edited", G_CALLBACK (on_transcript_edited),
                             self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), shown);
}

PwAnnotation *
pw_transcript_field_get_annotation (PwTranscriptField *self)
{
  g_return_val_if_fail (PW_IS_TRANSCRIPT_FIELD (self), NULL);
  return self->annotation;
}

GtkTextView *
pw_transcript_field_get_view (PwTranscriptField *self)
{
  g_return_val_if_fail (PW_IS_TRANSCRIPT_FIELD (self), NULL);
  return self->view;
}

static void
pw_transcript_field_dispose (GObject *object)
{
  PwTranscriptField *self = PW_TRANSCRIPT_FIELD (object);

  if (self->annotation != NULL)
    g_signal_handlers_disconnect_by_data (self->annotation, self);
  g_clear_object (&self->annotation);
  if (self->scroller != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->scroller));
  self->scroller = NULL;
  self->view = NULL;
  self->buffer = NULL;

  G_OBJECT_CLASS (pw_transcript_field_parent_class)->dispose (object);
}

static gboolean
pw_transcript_field_grab_focus (GtkWidget *widget)
{
  PwTranscriptField *self = PW_TRANSCRIPT_FIELD (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
pw_transcript_field_class_init (PwTranscriptFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_transcript_field_dispose;
  widget_class->grab_focus = pw_transcript_field_grab_focus;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "transcriptfield");
}

static void
pw_transcript_field_init (PwTranscriptField *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  self->buffer = gtk_text_view_get_buffer (self->view);
  /* Undo is the annotation's, with the task's other edits. */
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->view, 6);
  gtk_text_view_set_right_margin (self->view, 6);
  gtk_text_view_set_top_margin (self->view, 6);
  gtk_text_view_set_bottom_margin (self->view, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Transcript"), -1);
  g_signal_connect_swapped (self->buffer, "insert-text", G_CALLBACK (on_insert_text), self);
  g_signal_connect_swapped (self->buffer, "delete-range", G_CALLBACK (on_delete_range), self);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), keys);

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (self->scroller, 80);
  gtk_scrolled_window_set_has_frame (self->scroller, TRUE);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->view));
  gtk_widget_set_parent (GTK_WIDGET (self->scroller), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
pw_transcript_field_new (void)
{
  return g_object_new (PW_TYPE_TRANSCRIPT_FIELD, NULL);
}
