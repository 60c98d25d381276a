/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-application.h"
#include "pw-label-keys.h"
#include "pw-work-area-private.h"

/* Text and recordings in the work area: a task's, or a file of the
 * worker's own. The document opens from the store in the panel of its
 * kind, with the choice bar and the transcript field under it when the
 * project has those tools. The digits go to the panel when it has
 * something selected, to the choices otherwise; with auto-advance a
 * single choice submits at once. What is prepared ahead for the next
 * tasks is in pw-work-area-prefetch.c. */

static PwStore *
get_store (void)
{
  PwApplication *app = PW_APPLICATION (g_application_get_default ());

  return app != NULL ? pw_application_get_store (app) : NULL;
}

static PwLabelSet *
media_labels (PwWorkArea *self)
{
  if (self->media == NULL)
    return NULL;
  if (pw_media_document_is_task (self->media))
    return self->task_labels;
  return pw_media_document_get_labels (self->media);
}

/**
 * _pw_work_area_show_kind:
 * @kind: what is about to show
 *
 * Shows the canvas or the panel for @kind, with the image tools only for
 * images; the choices and the transcript wait for the document.
 */
void
_pw_work_area_show_kind (PwWorkArea *self,
                         PwTaskKind  kind)
{
  static const char *const pages[] = { "image", "text", "audio" };

  gtk_stack_set_visible_child_name (self->canvas_stack, pages[kind]);
  gtk_widget_set_visible (self->image_tools, kind == PW_TASK_KIND_IMAGE);
  if (kind != PW_TASK_KIND_AUDIO)
    pw_audio_panel_stop (self->audio_panel);
}

/**
 * _pw_work_area_set_media:
 * @media: (nullable): the text or recording to show
 *
 * Gives the document to its panel, the choice bar and the transcript
 * field, or takes it from them. Leaving a recording stops it.
 */
void
_pw_work_area_set_media (PwWorkArea      *self,
                         PwMediaDocument *media)
{
  PwAnnotation *annotation;
  PwLabelSet *labels;

  if (self->media == media)
    return;
  if (self->media != NULL)
    {
      _pw_work_area_unwatch_annotation (self, pw_media_document_get_annotation (self->media));
      if (pw_media_document_get_kind (self->media) == PW_TASK_KIND_AUDIO)
        pw_audio_panel_stop (self->audio_panel);
    }
  g_set_object (&self->media, media);
  if (media == NULL)
    {
      pw_choice_bar_set_task (self->choice_bar, NULL, NULL, FALSE);
      pw_choice_bar_set_key_capture_widget (self->choice_bar, NULL);
      pw_transcript_field_set_annotation (self->transcript_field, NULL);
      _pw_work_area_update_actions (self);
      return;
    }

  annotation = pw_media_document_get_annotation (media);
  labels = media_labels (self);
  _pw_work_area_watch_annotation (self, annotation);
  _pw_work_area_show_kind (self, pw_media_document_get_kind (media));

  if (pw_media_document_get_kind (media) == PW_TASK_KIND_TEXT)
    {
      pw_text_panel_set_task (self->text_panel, pw_media_document_get_text (media), annotation,
                              labels, self->rules);
      gtk_widget_grab_focus (GTK_WIDGET (pw_text_panel_get_view (self->text_panel)));
    }
  else
    {
      g_autofree char *path = g_file_get_path (pw_media_document_get_file (media));
      g_autoptr (PwAudioLevels) levels = _pw_work_area_take_prefetched (self, path);
      g_autoptr (PwAudioPlayer) player = _pw_work_area_take_prefetched_player (self, path);

      pw_audio_panel_set_task_with_player (self->audio_panel, pw_media_document_get_file (media),
                                           levels, player, annotation, labels, self->rules);
      gtk_widget_grab_focus (GTK_WIDGET (self->audio_panel));
    }

  pw_choice_bar_set_task (self->choice_bar, annotation, labels,
                          (self->rules & PW_CHECK_SINGLE_CHOICE) != 0);
  /* With more choices than keys, typing a name anywhere filters them. */
  pw_choice_bar_set_key_capture_widget (self->choice_bar,
    gtk_widget_get_visible (GTK_WIDGET (pw_choice_bar_get_filter (self->choice_bar)))
    ? GTK_WIDGET (self) : NULL);
  pw_transcript_field_set_annotation (self->transcript_field, annotation);
  _pw_work_area_update_actions (self);
}

/**
 * _pw_work_area_show_opened_media:
 * @media: (nullable): the document opened for the item shown
 * @error: (nullable): why it could not be opened, when @media is %NULL
 *
 * Shows the text or recording just opened, or says why it could not be.
 */
void
_pw_work_area_show_opened_media (PwWorkArea      *self,
                                 PwMediaDocument *media,
                                 const GError    *error)
{
  if (media == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This task’s work could not be opened: %s"),
                                                  error->message);

      _pw_work_area_toast (self, message);
      return;
    }

  if (!pw_media_document_is_task (media))
    {
      _pw_work_area_show_labels (self, pw_media_document_get_labels (media));
      if (pw_media_document_get_warning (media) != NULL)
        _pw_work_area_toast (self, pw_media_document_get_warning (media)->message);
    }
  _pw_work_area_set_media (self, media);
}

static void
on_media_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwItemLoad) load = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PwMediaDocument) media = pw_media_document_open_finish (result, &error);

  if (_pw_item_load_is_current (load))
    _pw_work_area_show_opened_media (load->self, media, error);
}

/**
 * _pw_work_area_open_task_media:
 * @task: a text or audio task
 * @quiet: whether a task that cannot open goes without a word, as when
 *   it is opened ahead
 * @callback: called with the document, when this returns %TRUE
 *
 * Opens the task's text or recording on a thread, with its draft from
 * the store, or else the marketplace's prefill, and the project's tools.
 *
 * Returns: %TRUE when the document is being opened; %FALSE when the task
 *   cannot be, which is said in a toast unless @quiet
 */
gboolean
_pw_work_area_open_task_media (PwWorkArea          *self,
                               const PwStoreTask   *task,
                               gboolean             quiet,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *key = pw_store_task_draft_key (task->account_id, task->task_id);
  g_autoptr (PwProject) project = _pw_work_area_task_project (self, task);
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (GFile) media = NULL;
  PwAnnotationTools tools = 0;
  JsonObject *object = NULL;
  JsonNode *prefill = NULL;
  const char *text = NULL;

  if (project != NULL)
    tools = pw_annotation_tools_from_names (pw_project_get_tools (project))
            & ~PW_ANNOTATION_TOOL_SHAPES;
  if (tools == 0)
    {
      if (!quiet)
        _pw_work_area_toast (self, _("This task’s project names no tool Piecework has; release "
                                     "the task in Tasks."));
      return FALSE;
    }

  if (task->task_json != NULL
      && (json = pw_json_parse (task->task_json, strlen (task->task_json), task->task_id,
                                NULL)) != NULL
      && JSON_NODE_HOLDS_OBJECT (json))
    {
      object = json_node_get_object (json);
      prefill = json_object_get_member (object, "prefill");
      if (json_object_has_member (object, "text")
          && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "text")))
        text = json_object_get_string_member (object, "text");
    }

  if (task->kind == PW_TASK_KIND_AUDIO)
    {
      if (task->media_file == NULL)
        {
          if (!quiet)
            _pw_work_area_toast (self, _("The recording of this task was not downloaded. Check "
                                         "the connection, then claim the task’s project again "
                                         "in Tasks, or release this task."));
          return FALSE;
        }
      media = g_file_new_for_path (task->media_file);
    }
  else if (text == NULL)
    {
      if (!quiet)
        _pw_work_area_toast (self, _("This task came without its text; release it in Tasks."));
      return FALSE;
    }

  pw_media_document_open_task_async (task->kind, media, text, key, tools, prefill, get_store (),
                                     cancellable, callback, user_data);
  return TRUE;
}

/**
 * _pw_work_area_open_media:
 *
 * Opens the text or recording of the task shown, or the worker's own
 * file, from the store.
 */
void
_pw_work_area_open_media (PwWorkArea *self)
{
  const PwStoreTask *task = _pw_work_area_current_task (self);

  if (task != NULL)
    {
      PwItemLoad *load;

      /* Opened ahead while the worker was on the task before: shown at
       * once, with no wait for the store's writes since. */
      if (_pw_work_area_take_prepared_media (self, task))
        return;
      load = _pw_item_load_new (self);
      if (!_pw_work_area_open_task_media (self, task, FALSE, self->item_cancellable,
                                          on_media_opened, load))
        _pw_item_load_free (load);
      return;
    }
  if (self->media_file != NULL)
    pw_media_document_open_async (self->media_file, get_store (), self->item_cancellable,
                                  on_media_opened, _pw_item_load_new (self));
}

/**
 * _pw_work_area_open_media_file:
 * @file: a text or recording of the worker's own
 *
 * Shows @file to label, saved beside it in the contract's annotation
 * format.
 */
void
_pw_work_area_open_media_file (PwWorkArea *self,
                               GFile      *file)
{
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (name);

  if (self->folder != NULL)
    _pw_work_area_set_folder (self, NULL);
  _pw_work_area_leave_tasks (self);
  g_set_object (&self->media_file, file);
  self->rules = PW_CHECK_DEFAULT;

  _pw_work_area_clear_image_list (self);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_append (self->image_list, row);
  gtk_list_box_select_row (self->image_list, GTK_LIST_BOX_ROW (row));
  gtk_label_set_text (self->position_label, "");

  _pw_work_area_prepare_item (self, 0);
  _pw_work_area_set_title (self, name);
  _pw_work_area_show_mode (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "work");
  _pw_work_area_after_open (self);
  _pw_work_area_update_actions (self);
}

/**
 * _pw_work_area_leave_media_file:
 *
 * Stops showing the worker's own text or recording, as when tasks or a
 * folder open.
 */
void
_pw_work_area_leave_media_file (PwWorkArea *self)
{
  if (self->media_file == NULL)
    return;
  g_clear_object (&self->media_file);
  _pw_work_area_set_media (self, NULL);
  _pw_work_area_show_labels (self, NULL);
}

static void
on_media_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;
  PwMediaDocument *media = PW_MEDIA_DOCUMENT (source);
  g_autofree char *name = g_file_get_basename (pw_media_document_get_file (media));
  g_autofree char *message = NULL;

  /* The work is still in the store: saving again once the disk has room
   * writes it. */
  if (!pw_media_document_save_finish (media, result, &error))
    message = g_strdup_printf (_("“%s” was not saved: %s"), name, error->message);
  else
    message = g_strdup_printf (_("Saved the labels of “%s” beside it."), name);
  _pw_work_area_toast (self, message);
}

/**
 * _pw_work_area_media_moved_on:
 *
 * What Ctrl+Return does once the checks pass: submits the task and opens
 * the next, or saves the worker's own file beside it.
 */
void
_pw_work_area_media_moved_on (PwWorkArea *self)
{
  if (pw_media_document_is_task (self->media))
    {
      _pw_work_area_submit_and_next (self);
      return;
    }
  pw_media_document_save_async (self->media, NULL, on_media_saved, g_object_ref (self));
}

/* Keys */

/**
 * _pw_work_area_focus_takes_text:
 *
 * Returns: whether the keyboard is in a field that types what is pressed
 */
gboolean
_pw_work_area_focus_takes_text (PwWorkArea *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return FALSE;
  if (GTK_IS_TEXT_VIEW (focus))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (focus));
  return GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus);
}

static gboolean
focus_in_transcript (PwWorkArea *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->transcript_field));
}

/* Alt+T: type the transcript, wherever the keyboard was. */
static void
focus_transcript (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwWorkArea *self = PW_WORK_AREA (widget);

  if (self->media != NULL && gtk_widget_get_visible (GTK_WIDGET (self->transcript_field)))
    gtk_widget_grab_focus (GTK_WIDGET (self->transcript_field));
}

/* A label's key: the panel's selection first (text selected becomes a
 * span, a selected segment takes the label), the choices otherwise. */
static gboolean
on_label_key (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              PwWorkArea            *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  PwLabelSet *labels = media_labels (self);
  PwLabel *label;
  guint start, end;

  /* Escape in the transcript goes back to the text or the recording. */
  if (keyval == GDK_KEY_Escape && self->media != NULL && focus_in_transcript (self))
    {
      _pw_work_area_focus_task (self);
      return GDK_EVENT_STOP;
    }
  /* On an image, a choice label's key picks the choice; a drawing
   * label's key goes on to the canvas. */
  if (self->media == NULL && self->document != NULL && !_pw_work_area_focus_takes_text (self)
      && pw_choice_bar_handle_key (self->choice_bar, keyval, keycode, state))
    return GDK_EVENT_STOP;
  if (self->media == NULL || labels == NULL || _pw_work_area_focus_takes_text (self))
    return GDK_EVENT_PROPAGATE;
  if (pw_label_keys_slot_for_event (display, keyval, keycode, state) < 0)
    return GDK_EVENT_PROPAGATE;

  if (pw_media_document_get_kind (self->media) == PW_TASK_KIND_TEXT
      && ((pw_text_panel_get_selection (self->text_panel, &start, &end) && start < end)
          || pw_text_panel_get_selected_span (self->text_panel) != NULL)
      && (label = pw_label_keys_lookup_event (labels, PW_ANNOTATION_TOOL_SPAN, display, keyval,
                                              keycode, state)) != NULL
      && pw_text_panel_label_selection (self->text_panel, label))
    return GDK_EVENT_STOP;
  if (pw_media_document_get_kind (self->media) == PW_TASK_KIND_AUDIO
      && pw_audio_panel_get_selected_segment (self->audio_panel) != NULL
      && (label = pw_label_keys_lookup_event (labels, PW_ANNOTATION_TOOL_SEGMENT, display, keyval,
                                              keycode, state)) != NULL
      && pw_audio_panel_label_segment (self->audio_panel, label))
    return GDK_EVENT_STOP;
  if (pw_choice_bar_handle_key (self->choice_bar, keyval, keycode, state))
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

/**
 * _pw_work_area_apply_media_label:
 * @label: a label picked from the list beside the panel
 *
 * Does what the label's key does.
 */
void
_pw_work_area_apply_media_label (PwWorkArea *self,
                                 PwLabel    *label)
{
  guint start, end;

  if (self->media == NULL)
    return;
  if (pw_media_document_get_kind (self->media) == PW_TASK_KIND_TEXT
      && pw_label_is_for (label, PW_ANNOTATION_TOOL_SPAN)
      && ((pw_text_panel_get_selection (self->text_panel, &start, &end) && start < end)
          || pw_text_panel_get_selected_span (self->text_panel) != NULL)
      && pw_text_panel_label_selection (self->text_panel, label))
    return;
  if (pw_media_document_get_kind (self->media) == PW_TASK_KIND_AUDIO
      && pw_label_is_for (label, PW_ANNOTATION_TOOL_SEGMENT)
      && pw_audio_panel_get_selected_segment (self->audio_panel) != NULL
      && pw_audio_panel_label_segment (self->audio_panel, label))
    return;
  pw_choice_bar_pick (self->choice_bar, label);
}

/* Whether the task's labels draw shapes on its image, or only classify it. */
static gboolean
image_is_drawn (PwWorkArea *self)
{
  for (guint i = 0; self->task_labels != NULL && i < pw_label_set_get_n_labels (self->task_labels); i++)
    {
      if (pw_label_is_for (pw_label_set_get_label (self->task_labels, i), PW_ANNOTATION_TOOL_SHAPES))
        return TRUE;
    }
  return FALSE;
}

/* With auto-advance, a single choice is the whole answer: one key picks
 * it, submits the task and opens the next. With groups of choices, the
 * key that gives the last one-answer group its answer does. */
static void
on_choice_picked (PwWorkArea *self,
                  PwLabel    *label)
{
  PwAnnotation *annotation = _pw_work_area_get_annotation (self);

  if (self->document != NULL)
    {
      /* An image whose project draws nothing is answered by its choice. */
      if (!pw_image_document_is_task (self->document)
          || !pw_choice_bar_answers_task (self->choice_bar, label)
          || image_is_drawn (self))
        return;
    }
  else if (self->media == NULL || !pw_media_document_is_task (self->media)
           || !pw_choice_bar_answers_task (self->choice_bar, label)
           || pw_annotation_get_tools (annotation) != PW_ANNOTATION_TOOL_CHOICE)
    return;
  if (self->settings == NULL)
    self->settings = g_settings_new (PW_APP_ID);
  if (g_settings_get_boolean (self->settings, "auto-advance"))
    _pw_work_area_save_and_next (self, FALSE);
}

void
_pw_work_area_init_media (PwWorkArea *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->prefetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->prefetched_players = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    g_object_unref);
  /* Before the panels: a digit with text selected is a span, whichever
   * child of the panel has the keyboard; not in a field that types it. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_label_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (self->choice_bar, "picked", G_CALLBACK (on_choice_picked), self);
}

void
_pw_work_area_class_init_media (GtkWidgetClass *widget_class)
{
  g_type_ensure (PW_TYPE_TEXT_PANEL);
  g_type_ensure (PW_TYPE_AUDIO_PANEL);
  g_type_ensure (PW_TYPE_CHOICE_BAR);
  g_type_ensure (PW_TYPE_TRANSCRIPT_FIELD);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, canvas_stack);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, image_tools);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, text_panel);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, audio_panel);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, choice_bar);
  gtk_widget_class_bind_template_child (widget_class, PwWorkArea, transcript_field);
  gtk_widget_class_install_action (widget_class, "work.focus-transcript", NULL, focus_transcript);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_ALT_MASK,
                                       "work.focus-transcript", NULL);
}
