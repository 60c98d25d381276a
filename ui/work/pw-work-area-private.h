/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-audio-panel.h"
#include "pw-choice-bar.h"
#include "pw-instructions-pane.h"
#include "pw-text-panel.h"
#include "pw-transcript-field.h"
#include "pw-work-area.h"

G_BEGIN_DECLS

/* What the work area's files share: its instance, the document, the lists,
 * tasks and instructions. */

typedef struct _PwMediaAhead PwMediaAhead;

struct _PwWorkArea
{
  AdwBin            parent_instance;

  PwImageFolder    *folder;
  /* Reading the labels of the folder's labelme files, after the first
   * image is on screen */
  gboolean          labels_requested;
  guint             labels_tick_id;
  gint64            labels_wait_start;
  gulong            labels_progress_id;
  GCancellable     *labels_cancellable;
  /* Putting the folder in order, after the first image is on screen; the
   * place a step asked for meanwhile, or -1 */
  GCancellable     *order_cancellable;
  int               pending_index;
  PwImageDocument  *document;
  gulong            annotation_changed_id;
  PwImageCache     *cache;
  GCancellable     *open_cancellable;
  GCancellable     *item_cancellable;
  int               index;
  gboolean          full_requested;
  gboolean          override_armed;
  GCancellable     *check_cancellable;
  guint             check_serial;
  GPtrArray        *previous_shapes;
  char             *title;
  char             *last_toast;
  gulong            store_ready_id;

  /* A text or recording, a task's or the worker's own, and the project's
   * rules for its checks */
  PwMediaDocument  *media;
  GFile            *media_file;
  PwCheckFlags      rules;

  /* The next tasks' waveforms, by the recording's path, ready for their
   * panel; and the loads under way */
  GHashTable       *prefetched;
  GCancellable     *prefetch_cancellable;
  /* The next audio task's player, prerolling or prerolled, by path */
  GHashTable       *prefetched_players;
  /* The next task's text or recording, opened ahead, by its draft key;
   * or its opening under way */
  PwMediaDocument  *media_ahead;
  char             *media_ahead_key;
  PwMediaAhead     *media_opening;

  /* Images shown only after waiting for their decode, rather than at once
   * from the cache: the images around the one shown decode ahead, so
   * moving to them adds none */
  guint             n_image_waits;
  /* The image shown is still decoding; the images beside it decode ahead
   * once it is painted (prefetch_clock's after-paint) */
  gboolean          image_loading;
  GdkFrameClock    *prefetch_clock;
  gulong            prefetch_paint_id;
  /* Waits for the images beside, to have the canvas prepare them */
  GCancellable     *ahead_cancellable;

  /* Marketplace tasks, when the work area shows them instead of a folder */
  GPtrArray        *tasks;
  int               task_index;
  PwLabelSet       *task_labels;
  GCancellable     *tasks_cancellable;
  gint64            task_started_at;
  /* The projects of the tasks, each read once (pw-work-area-project.c),
   * and how many times one was read */
  GHashTable       *projects;
  guint             n_project_reads;
  /* The project whose labels the list shows: a task of the same project
   * with the same labels keeps its rows */
  PwProject        *labels_project;

  /* The list's row of the item shown is selected and scrolled to after
   * the frame that paints the item, once for a run of moves */
  GdkFrameClock    *select_clock;
  gulong            select_paint_id;
  guint             select_idle_id;

  /* The activity clock's view of the worker */
  gulong            clock_idle_id;
  GtkWindow        *clock_window;
  gint64            last_motion_input;

  /* Which projects' instructions opened by themselves; the account and
   * project whose instructions are in the pane */
  GSettings        *settings;
  char             *instructions_for;

  /* Template children */
  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkListBox       *image_list;
  GtkWidget        *image_scroller;
  GtkListView      *folder_list;
  GtkWidget        *folder_scroller;
  GtkListBox       *label_list;
  GtkEntry         *new_label_entry;
  GtkProgressBar   *labels_progress;
  PwImageCanvas    *canvas;
  GtkStack         *canvas_stack;
  GtkWidget        *image_tools;
  PwTextPanel      *text_panel;
  PwAudioPanel     *audio_panel;
  PwChoiceBar      *choice_bar;
  PwTranscriptField *transcript_field;
  AdwStatusPage    *image_error;
  AdwStatusPage    *media_wait;
  GtkRevealer      *problems_revealer;
  GtkLabel         *problems_label;
  GtkLabel         *position_label;
  GtkToggleButton  *select_button;
  GtkToggleButton  *box_button;
  GtkToggleButton  *polygon_button;
  GtkButton        *save_button;
  PwInstructionsPane *instructions_pane;
};

/* A load that belongs to one image: when the worker has moved on, its
 * cancellable is cancelled and its result is dropped. */
typedef struct
{
  PwWorkArea   *self;
  GCancellable *cancellable;
  int           index;
} PwItemLoad;

PwItemLoad *_pw_item_load_new        (PwWorkArea    *self);
void        _pw_item_load_free       (PwItemLoad    *load);
gboolean    _pw_item_load_is_current (PwItemLoad    *load);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwItemLoad, _pw_item_load_free)

/* pw-work-area-document.c */
void _pw_work_area_set_document    (PwWorkArea      *self,
                                    PwImageDocument *document);
void _pw_work_area_save_and_next   (PwWorkArea      *self,
                                    gboolean         anyway);

void _pw_work_area_set_folder      (PwWorkArea    *self,
                                    PwImageFolder *folder);
void _pw_work_area_open_index      (PwWorkArea    *self,
                                    int            index);
void _pw_work_area_update_actions  (PwWorkArea    *self);
void _pw_work_area_view_size       (PwWorkArea    *self,
                                    int           *width,
                                    int           *height);
char *_pw_work_area_image_path     (PwWorkArea    *self,
                                    guint          index);
void _pw_work_area_toast           (PwWorkArea    *self,
                                    const char    *message);
void _pw_work_area_show_labels     (PwWorkArea    *self,
                                    PwLabelSet    *labels);
void _pw_work_area_clear_image_list (PwWorkArea    *self);

/* pw-work-area-tasks.c */
gboolean           _pw_work_area_in_tasks      (PwWorkArea *self);
void               _pw_work_area_leave_tasks   (PwWorkArea *self);
const PwStoreTask *_pw_work_area_current_task  (PwWorkArea *self);
void               _pw_work_area_open_task_at  (PwWorkArea *self,
                                                int         index);
void               _pw_work_area_submit_and_next (PwWorkArea *self);
void               _pw_work_area_load_image    (PwWorkArea *self,
                                                gboolean    full_resolution);
void               _pw_work_area_prepare_item  (PwWorkArea *self,
                                                int         index);
void               _pw_work_area_after_open    (PwWorkArea *self);
void               _pw_work_area_set_title     (PwWorkArea *self,
                                                const char *title);
void               _pw_work_area_init_clock    (PwWorkArea *self);
void               _pw_work_area_show_mode     (PwWorkArea *self,
                                                gboolean    tasks);
void               _pw_work_area_finish_clock  (PwWorkArea *self);

/* pw-work-area-document.c: what every kind of document shares */
PwAnnotation *_pw_work_area_get_annotation   (PwWorkArea   *self);
void          _pw_work_area_watch_annotation (PwWorkArea   *self,
                                              PwAnnotation *annotation);
void          _pw_work_area_unwatch_annotation (PwWorkArea *self,
                                                PwAnnotation *annotation);

/* pw-work-area-media.c */
void     _pw_work_area_class_init_media   (GtkWidgetClass  *widget_class);
void     _pw_work_area_init_media         (PwWorkArea      *self);
void     _pw_work_area_set_media          (PwWorkArea      *self,
                                           PwMediaDocument *media);
void     _pw_work_area_open_media         (PwWorkArea      *self);
void     _pw_work_area_open_media_file    (PwWorkArea      *self,
                                           GFile           *file);
void     _pw_work_area_leave_media_file   (PwWorkArea      *self);
void     _pw_work_area_show_kind          (PwWorkArea      *self,
                                           PwTaskKind       kind);
void     _pw_work_area_media_moved_on     (PwWorkArea      *self);
void     _pw_work_area_apply_media_label  (PwWorkArea      *self,
                                           PwLabel         *label);
gboolean _pw_work_area_focus_takes_text   (PwWorkArea      *self);
void     _pw_work_area_show_opened_media  (PwWorkArea      *self,
                                           PwMediaDocument *media,
                                           const GError    *error);
gboolean _pw_work_area_open_task_media    (PwWorkArea          *self,
                                           const PwStoreTask   *task,
                                           gboolean             quiet,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

/* pw-work-area-fetch.c */
void     _pw_work_area_fetch_task_media   (PwWorkArea      *self);

/* pw-work-area-prefetch.c */
void     _pw_work_area_prefetch           (PwWorkArea      *self);
void     _pw_work_area_cancel_prefetch    (PwWorkArea      *self);
void     _pw_work_area_prefetch_images    (PwWorkArea      *self);
void     _pw_work_area_prefetch_images_after_paint (PwWorkArea *self);
gboolean _pw_work_area_take_prepared_media (PwWorkArea       *self,
                                            const PwStoreTask *task);
PwAudioLevels *_pw_work_area_take_prefetched (PwWorkArea   *self,
                                              const char   *path);
PwAudioPlayer *_pw_work_area_take_prefetched_player (PwWorkArea *self,
                                                     const char *path);

/* pw-work-area-project.c */
PwProject *_pw_work_area_task_project     (PwWorkArea        *self,
                                           const PwStoreTask *task);
void       _pw_work_area_forget_projects  (PwWorkArea        *self);
gboolean   _pw_work_area_same_labels      (PwProject         *a,
                                           PwProject         *b);

/* pw-work-area-instructions.c */
void _pw_work_area_class_init_instructions (GtkWidgetClass *widget_class);
void _pw_work_area_show_instructions       (PwWorkArea     *self,
                                            const char     *account_id,
                                            const char     *project_id,
                                            PwProject      *project);

/* pw-work-area-lists.c */
void _pw_work_area_class_init_lists      (GtkWidgetClass *widget_class);
void _pw_work_area_read_folder_labels    (PwWorkArea     *self);
void _pw_work_area_init_lists            (PwWorkArea     *self);
void _pw_work_area_select_image          (PwWorkArea     *self,
                                          int             index);
void _pw_work_area_select_after_paint    (PwWorkArea     *self);
void _pw_work_area_cancel_select         (PwWorkArea     *self);

/* pw-work-area-choices.c */
void        _pw_work_area_class_init_choices    (GtkWidgetClass *widget_class);
void        _pw_work_area_init_choices          (PwWorkArea     *self);
void        _pw_work_area_update_choice_actions (PwWorkArea     *self);
void        _pw_work_area_focus_task            (PwWorkArea     *self);
gboolean    _pw_work_area_pick_listed_choice    (PwWorkArea     *self,
                                                 PwLabel        *label);
GListModel *_pw_work_area_labels_in_bar_order   (PwLabelSet     *labels);
void        _pw_work_area_head_label_groups     (PwWorkArea     *self,
                                                 PwLabelSet     *labels);

G_END_DECLS
