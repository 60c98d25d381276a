/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PwExportFormat:
 * @PW_EXPORT_NONE: not a format; what an unknown name gives
 * @PW_EXPORT_COCO: one COCO JSON file
 * @PW_EXPORT_VOC: a folder of Pascal VOC XML files, one per image
 * @PW_EXPORT_YOLO: a folder of YOLO text files, one per image, and classes.txt
 * @PW_EXPORT_JSONL: one JSON Lines file: a line per text or recording with
 *   an annotation beside it
 *
 * The formats a labeled folder exports to.
 */
typedef enum
{
  PW_EXPORT_NONE,
  PW_EXPORT_COCO,
  PW_EXPORT_VOC,
  PW_EXPORT_YOLO,
  PW_EXPORT_JSONL,
} PwExportFormat;

/**
 * PwExportProgressFunc:
 * @done: images exported so far; for %PW_EXPORT_JSONL, lines
 * @total: images in the folder; for %PW_EXPORT_JSONL, its texts and
 *   recordings
 * @user_data: the data given to pw_export_folder()
 *
 * Called after each image, or each line.
 */
typedef void (*PwExportProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

PwExportFormat pw_export_format_from_string (const char            *name);
gboolean       pw_export_folder             (PwExportFormat         format,
                                             GFile                 *folder,
                                             GFile                 *output,
                                             GCancellable          *cancellable,
                                             PwExportProgressFunc   progress,
                                             gpointer               user_data,
                                             GError               **error);

G_END_DECLS
