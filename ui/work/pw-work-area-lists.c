/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-label-keys.h"
#include "pw-label-swatch.h"
#include "pw-work-area-private.h"

/* The two lists beside the canvas: the folder's images, with a mark on
 * those already labeled, and the labels with their colours and keys. */

/* The folder's images: a view of the folder itself, which makes the rows
 * on screen only, so a folder of a hundred thousand images opens as fast
 * as one of ten and costs no widget per image. */

static void
setup_image_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (mark, _("Labeled"));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_list_item_set_child (item, box);
}

static void
bind_image_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  PwWorkArea *self = user_data;
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *mark = gtk_widget_get_next_sibling (label);
  g_autofree char *name = g_file_get_basename (gtk_list_item_get_item (item));
  guint position = gtk_list_item_get_position (item);

  gtk_label_set_text (GTK_LABEL (label), name);
  gtk_widget_set_tooltip_text (label, name);
  gtk_widget_set_visible (mark, self->folder != NULL
                                && position < pw_image_folder_get_n_images (self->folder)
                                && pw_image_folder_get_labeled (self->folder, position));
}

static void
on_folder_image_activated (PwWorkArea *self,
                           guint       position)
{
  if ((int) position != self->index)
    _pw_work_area_open_index (self, (int) position);
}

/* Scrolls the list of tasks so that @row shows whole. */
static void
scroll_to_row (PwWorkArea    *self,
               GtkListBoxRow *row)
{
  GtkAdjustment *adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->image_scroller));
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (self->image_list));
  graphene_rect_t bounds;
  double top;

  /* Where the row is in what scrolls, the list's margins included. */
  if (viewport == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (row), viewport, &bounds))
    return;
  top = bounds.origin.y + gtk_adjustment_get_value (adjustment);
  gtk_adjustment_clamp_page (adjustment, top, top + bounds.size.height);
}

/**
 * _pw_work_area_select_image:
 * @index: the image or task shown
 *
 * Marks @index in the list of images or tasks, and scrolls to it.
 */
void
_pw_work_area_select_image (PwWorkArea *self,
                            int         index)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->folder_list);
  GtkListBoxRow *row;

  if (self->folder != NULL && selection != NULL)
    {
      /* The list fills after the first image: the rest is selected then. */
      if (index >= 0 && (guint) index < g_list_model_get_n_items (G_LIST_MODEL (selection))
          && !gtk_selection_model_is_selected (selection, index))
        {
          gtk_selection_model_select_item (selection, index, TRUE);
          gtk_widget_activate_action (GTK_WIDGET (self->folder_list), "list.scroll-to-item", "u",
                                      (guint) index);
        }
      return;
    }

  row = gtk_list_box_get_row_at_index (self->image_list, index);
  if (row == NULL)
    return;
  if (gtk_list_box_get_selected_row (self->image_list) != row)
    gtk_list_box_select_row (self->image_list, row);
  scroll_to_row (self, row);
}

/* Marking the item shown in the list, after its frame */

static void
stop_waiting_to_select (PwWorkArea *self)
{
  /* A clock disposed with its window has dropped its handlers. */
  if (self->select_clock != NULL
      && g_signal_handler_is_connected (self->select_clock, self->select_paint_id))
    g_signal_handler_disconnect (self->select_clock, self->select_paint_id);
  self->select_paint_id = 0;
  g_clear_object (&self->select_clock);
}

static gboolean
select_when_idle (gpointer user_data)
{
  PwWorkArea *self = user_data;

  self->select_idle_id = 0;
  _pw_work_area_select_image (self, self->index);
  return G_SOURCE_REMOVE;
}

static void
on_item_painted (PwWorkArea *self)
{
  stop_waiting_to_select (self);
  /* Below the priority of input and of redrawing: a key already waiting
   * moves on first, and the list follows only the last of a run. */
  self->select_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, select_when_idle, self, NULL);
}

/**
 * _pw_work_area_select_after_paint:
 *
 * Marks the item shown in the list of images or tasks, and scrolls to
 * it, once the frame that paints the item is done: the list's rows and
 * its scrolling take nothing from that frame. A run of moves, as when
 * Page Down is held, marks only the last; at once when the work area is
 * not on screen.
 */
void
_pw_work_area_select_after_paint (PwWorkArea *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* Marking waits for the frame of this move, not the one before. */
  g_clear_handle_id (&self->select_idle_id, g_source_remove);
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      stop_waiting_to_select (self);
      _pw_work_area_select_image (self, self->index);
      return;
    }
  if (self->select_paint_id != 0 && clock == self->select_clock)
    return;
  stop_waiting_to_select (self);
  self->select_clock = g_object_ref (clock);
  self->select_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                    G_CALLBACK (on_item_painted), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

/**
 * _pw_work_area_cancel_select:
 *
 * Forgets marking the item shown, as the work area goes.
 */
void
_pw_work_area_cancel_select (PwWorkArea *self)
{
  g_clear_handle_id (&self->select_idle_id, g_source_remove);
  stop_waiting_to_select (self);
}

/**
 * _pw_work_area_init_lists:
 */
void
_pw_work_area_init_lists (PwWorkArea *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_image_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_image_row), self);
  gtk_list_view_set_factory (self->folder_list, factory);
}

static GtkWidget *
make_label_row (gpointer item,
                gpointer user_data)
{
  PwLabel *label = item;
  PwLabelSet *labels = user_data;
  g_autofree char *key = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = pw_label_swatch_new (pw_label_get_color (label));
  GtkWidget *name = gtk_label_new (pw_label_get_name (label));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);

  /* The key every panel gives the label by, not only the project's own
   * digit: the keys of pw-label-keys.h. */
  key = pw_label_keys_describe (labels, label);
  if (key != NULL)
    {
      GtkWidget *hotkey = gtk_label_new (key);

      gtk_widget_add_css_class (hotkey, "dim-label");
      gtk_widget_add_css_class (hotkey, "numeric");
      gtk_box_append (GTK_BOX (box), hotkey);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "pw-label", g_object_ref (label), g_object_unref);
  return row;
}

static void
on_label_row_activated (PwWorkArea    *self,
                        GtkListBoxRow *row)
{
  PwLabel *label = g_object_get_data (G_OBJECT (row), "pw-label");

  if (_pw_work_area_pick_listed_choice (self, label))
    return;
  if (self->media != NULL)
    {
      _pw_work_area_apply_media_label (self, label);
      return;
    }
  pw_image_canvas_apply_label (self->canvas, pw_label_get_name (label));
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
on_labels_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean saved;

  if (PW_IS_IMAGE_FOLDER (source))
    saved = pw_image_folder_save_labels_finish (PW_IMAGE_FOLDER (source), result, &error);
  else
    saved = pw_media_document_save_labels_finish (PW_MEDIA_DOCUMENT (source), result, &error);
  if (!saved)
    {
      g_autofree char *message = g_strdup_printf (_("The labels were not saved: %s"),
                                                  error->message);
      _pw_work_area_toast (self, message);
    }
}

static void
on_new_label_activate (PwWorkArea *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_label_entry)));
  PwLabel *label;

  if ((self->folder == NULL && (self->media_file == NULL || self->media == NULL))
      || *g_strstrip (text) == '\0')
    return;

  if (!pw_label_name_is_valid (text))
    {
      _pw_work_area_toast (self, _("A label is one line of text, without tabs or other control "
                                   "characters."));
      return;
    }
  label = pw_label_set_append (self->folder != NULL ? pw_image_folder_get_labels (self->folder)
                                                    : pw_media_document_get_labels (self->media),
                               text);
  if (label == NULL)
    {
      _pw_work_area_toast (self, _("That label is already in the list."));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_label_entry), "");
  if (self->folder == NULL)
    {
      /* A text or recording of one's own keeps its labels beside it too. */
      pw_media_document_save_labels_async (self->media, NULL, on_labels_saved,
                                           g_object_ref (self));
      return;
    }
  pw_image_canvas_apply_label (self->canvas, pw_label_get_name (label));
  pw_image_folder_save_labels_async (self->folder, NULL, on_labels_saved, g_object_ref (self));
}

/* Putting the folder in order and reading the labels of its labelme
 * files, after the first image is on screen */

static void
stop_reading_labels (PwWorkArea *self)
{
  g_cancellable_cancel (self->order_cancellable);
  g_clear_object (&self->order_cancellable);
  self->pending_index = -1;
  g_cancellable_cancel (self->labels_cancellable);
  g_clear_object (&self->labels_cancellable);
  if (self->labels_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->canvas), self->labels_tick_id);
  self->labels_tick_id = 0;
  if (self->folder != NULL)
    g_clear_signal_handler (&self->labels_progress_id, self->folder);
  self->labels_requested = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->labels_progress), FALSE);
}

static void
on_labels_progress (PwWorkArea    *self,
                    guint          n_read,
                    guint          n_files,
                    PwImageFolder *folder)
{
  g_autofree char *text = NULL;

  /* A few files are read before anyone could see a bar. */
  if (n_files < 100 || n_read == n_files)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->labels_progress), FALSE);
      return;
    }

  /* Translators: while the labels of a folder's labelme files are read;
   * the first %u is how many files are read, the second how many there are */
  text = g_strdup_printf (_("Reading labels: %u of %u"), n_read, n_files);
  gtk_progress_bar_set_text (self->labels_progress, text);
  gtk_progress_bar_set_fraction (self->labels_progress, (double) n_read / n_files);
  gtk_widget_set_visible (GTK_WIDGET (self->labels_progress), TRUE);
}

static void
on_folder_labels_read (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) unreadable = NULL;
  g_autofree char *message = NULL;
  GError *first;

  unreadable = pw_image_folder_read_labels_finish (PW_IMAGE_FOLDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->labels_progress), FALSE);
  if (unreadable == NULL)
    {
      message = g_strdup_printf (_("The labels of this folder’s labelme files were not read: %s"),
                                 error->message);
      _pw_work_area_toast (self, message);
      return;
    }
  if (unreadable->len == 0)
    return;

  first = g_ptr_array_index (unreadable, 0);
  if (unreadable->len == 1)
    message = g_strdup_printf (_("A labelme file could not be read, and its labels are not in "
                                 "the list: %s"), first->message);
  else
    message = g_strdup_printf (ngettext ("%u labelme file could not be read, and their labels "
                                         "are not in the list. The first: %s",
                                         "%u labelme files could not be read, and their labels "
                                         "are not in the list. The first: %s",
                                         unreadable->len),
                               unreadable->len, first->message);
  _pw_work_area_toast (self, message);
}

static void
start_reading_labels (PwWorkArea *self)
{
  self->labels_cancellable = g_cancellable_new ();
  self->labels_progress_id = g_signal_connect_swapped (self->folder, "labels-progress",
                                                       G_CALLBACK (on_labels_progress), self);
  pw_image_folder_read_labels_async (self->folder, self->labels_cancellable,
                                     on_folder_labels_read, g_object_ref (self));
}

static void
on_folder_ordered (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PwWorkArea) self = user_data;
  g_autoptr (GError) error = NULL;

  /* Only cancelled, when another folder took this one's place. */
  if (!pw_image_folder_order_finish (PW_IMAGE_FOLDER (source), result, &error))
    return;

  if (self->pending_index >= 0)
    _pw_work_area_open_index (self, self->pending_index);
  else if (self->index >= 0 && self->document != NULL)
    {
      _pw_work_area_select_image (self, self->index);
      _pw_work_area_prefetch_images (self);
    }
  start_reading_labels (self);
}

/* The images' order first, as a step to the next image waits for it;
 * then the labels. */
static void
start_ordering (PwWorkArea *self)
{
  self->order_cancellable = g_cancellable_new ();
  pw_image_folder_order_async (self->folder, self->order_cancellable, on_folder_ordered,
                               g_object_ref (self));
}

static gboolean
start_after_paint (gpointer user_data)
{
  PwWorkArea *self = user_data;

  /* Unless another folder took this one's place meanwhile. */
  if (self->folder != NULL && self->labels_requested && self->labels_tick_id == 0
      && self->order_cancellable == NULL)
    start_ordering (self);
  return G_SOURCE_REMOVE;
}

/* How long the reading waits for the first image, at most. */
#define FIRST_FRAME_WAIT_US (2 * G_USEC_PER_SEC)

static gboolean
on_first_frame (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  PwWorkArea *self = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->labels_wait_start == 0)
    self->labels_wait_start = now;
  /* The image decodes on its own thread: wait for the frame that paints
   * it, or for its error, before the disk is asked for anything else. */
  if (pw_image_canvas_get_image (self->canvas) == NULL
      && !gtk_widget_get_visible (GTK_WIDGET (self->image_error))
      && now - self->labels_wait_start < FIRST_FRAME_WAIT_US)
    return G_SOURCE_CONTINUE;

  /* This frame paints the first image; the reading starts after it. */
  self->labels_tick_id = 0;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, start_after_paint, g_object_ref (self),
                   g_object_unref);
  return G_SOURCE_REMOVE;
}

/**
 * _pw_work_area_read_folder_labels:
 *
 * Once the first image is on screen, puts the folder's other images in
 * order, filling the list of images, then reads the labels of its
 * labelme files, filling the list of labels as they come, with progress;
 * a file that cannot be read is told at the end. Nothing happens for a
 * folder whose labels are read or being read.
 */
void
_pw_work_area_read_folder_labels (PwWorkArea *self)
{
  if (self->folder == NULL || self->labels_requested)
    return;

  self->labels_requested = TRUE;
  self->labels_wait_start = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->canvas)))
    self->labels_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->canvas), on_first_frame,
                                                         self, NULL);
  else
    start_ordering (self);
}

/**
 * _pw_work_area_set_folder:
 * @folder: (nullable): the images to label
 */
void
_pw_work_area_set_folder (PwWorkArea    *self,
                          PwImageFolder *folder)
{
  stop_reading_labels (self);
  g_set_object (&self->folder, folder);
  self->index = -1;

  _pw_work_area_clear_image_list (self);
  gtk_widget_set_visible (self->folder_scroller, folder != NULL);
  gtk_widget_set_visible (self->image_scroller, folder == NULL);

  if (folder == NULL)
    {
      gtk_list_view_set_model (self->folder_list, NULL);
      _pw_work_area_show_labels (self, NULL);
      return;
    }

  /* A folder takes the place of the marketplace's tasks. */
  _pw_work_area_leave_tasks (self);
  _pw_work_area_leave_media_file (self);
  _pw_work_area_show_kind (self, PW_TASK_KIND_IMAGE);
  _pw_work_area_show_mode (self, FALSE);
  {
    g_autoptr (GtkSingleSelection) selection =
      gtk_single_selection_new (G_LIST_MODEL (g_object_ref (folder)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_list_view_set_model (self->folder_list, GTK_SELECTION_MODEL (selection));
  }

  _pw_work_area_show_labels (self, pw_image_folder_get_labels (folder));
}

/**
 * _pw_work_area_show_labels:
 * @labels: (nullable): the labels to offer, or %NULL for none
 *
 * Shows @labels beside the canvas, under their groups' titles where the
 * project has groups of choices, and gives them to the canvas; new labels
 * can be added only to a folder's own list.
 */
void
_pw_work_area_show_labels (PwWorkArea *self,
                           PwLabelSet *labels)
{
  g_autoptr (GListModel) listed = NULL;

  if (labels != NULL)
    listed = _pw_work_area_labels_in_bar_order (labels);

  _pw_work_area_head_label_groups (self, labels);
  gtk_list_box_bind_model (self->label_list, listed, labels != NULL ? make_label_row : NULL,
                           labels != NULL ? g_object_ref (labels) : NULL,
                           labels != NULL ? g_object_unref : NULL);
  pw_image_canvas_set_labels (self->canvas, labels);
  gtk_widget_set_visible (GTK_WIDGET (self->new_label_entry),
                          (self->folder != NULL || self->media_file != NULL) && labels != NULL);
}

/**
 * _pw_work_area_clear_image_list:
 *
 * Empties the list of images or tasks.
 */
void
_pw_work_area_clear_image_list (PwWorkArea *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->image_list))) != NULL)
    gtk_list_box_remove (self->image_list, child);
}

/**
 * _pw_work_area_show_mode:
 * @tasks: %TRUE for marketplace tasks, %FALSE for a folder
 *
 * Says on the main button what Ctrl+Return does: submit a task or save an
 * image.
 */
void
_pw_work_area_show_mode (PwWorkArea *self,
                         gboolean    tasks)
{
  const char *label = tasks ? _("_Submit and Next") : _("_Save and Next");

  /* The same as for the item before: the button stays as it is. */
  if (g_strcmp0 (gtk_button_get_label (self->save_button), label) == 0)
    return;
  if (tasks)
    {
      gtk_button_set_label (self->save_button, _("_Submit and Next"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                                   _("Check, Submit and Open the Next Task (Ctrl+Return)"));
    }
  else
    {
      gtk_button_set_label (self->save_button, _("_Save and Next"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                                   _("Check, Save and Open the Next Image (Ctrl+Return)"));
    }
}

void
_pw_work_area_class_init_lists (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_label_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_folder_image_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_new_label_activate);
}
