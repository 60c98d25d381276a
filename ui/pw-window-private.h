/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-tasks-view.h"
#include "pw-window.h"

G_BEGIN_DECLS

/* What the window's files share: its instance, exports and unsaved work. */

struct _PwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *places;
  AdwViewSwitcherTitle *switcher_title;
  PwWorkArea           *work_area;
  PwTasksView          *tasks_view;
  AdwBin               *earnings_page;
  GtkToggleButton      *instructions_button;

  /* Each *_chooser cancels its file chooser while it asks */
  GCancellable         *folder_chooser;

  /* Export */
  GCancellable         *export_chooser;
  GCancellable         *export_cancellable;
  AdwMessageDialog     *export_progress;
  PwExportFormat        export_format;

  /* Work the disk refused */
  GtkRevealer          *unsaved_banner;
  GtkLabel             *unsaved_label;
  PwStore              *watched_store;
  GCancellable         *unsaved_chooser;
  AdwMessageDialog     *quit_dialog;
  gboolean              quit_after_save;
};

void _pw_window_add_toast          (PwWindow   *self,
                                    const char *message);
void _pw_window_class_init_export  (GtkWidgetClass *widget_class);
void _pw_window_dispose_export     (PwWindow   *self);
void _pw_window_class_init_unsaved (GtkWidgetClass *widget_class);
void _pw_window_init_unsaved       (PwWindow   *self);
void _pw_window_dispose_unsaved    (PwWindow   *self);

G_END_DECLS
