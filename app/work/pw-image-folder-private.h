/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-folder-labels.h"
#include "pw-image-folder.h"
#include "pw-name-order.h"

/* PwImageFolder's instance, shared by pw-image-folder.c, which answers
 * for the images and labels, pw-image-folder-load.c, which lists a
 * folder's images on a thread, pw-image-folder-order.c, which puts them
 * in order after the first is shown, and pw-image-folder-labels.c, which
 * reads the labels of its labelme files after. */

G_BEGIN_DECLS

/* A place in the folder whose image is not known yet */
#define PW_IMAGE_FOLDER_UNKNOWN G_MAXUINT32

struct _PwImageFolder
{
  GObject      parent_instance;

  GFile       *folder;
  /* Every name the listing kept, each ended by a NUL, in one block: the
   * images' names (or paths, for an image given outside the folder) and
   * the names of the folder's JSON files; nothing else per image */
  char        *names;
  gsize        names_size;
  /* The images, in the order listed: where their names start */
  GArray      *images;
  /* Whether a labelme file sits beside each image, in the order listed */
  GByteArray  *labeled;
  /* The folder's JSON files, where their names start, in the order
   * listed; %NULL when the folder itself was not listed */
  GArray      *json_names;
  /* The images by place, as numbers in the order listed; a place not
   * known yet holds PW_IMAGE_FOLDER_UNKNOWN */
  GArray      *places;
  /* How many places the list model shows: all of them once in order */
  guint        n_shown;
  gboolean     ordered;
  /* The place where the work starts */
  guint        start;
  /* The comparisons made while listing, kept for the ordering */
  PwNameOrder *name_order;
  PwLabelSet  *labels;
};

static inline const char *
_pw_image_folder_name_at (PwImageFolder *self,
                          guint32        offset)
{
  return self->names + offset;
}

GFile *_pw_image_folder_file_of    (PwImageFolder *self,
                                    guint          image);
void  _pw_image_folder_labels_progress (PwImageFolder *self,
                                        guint          n_read,
                                        guint          n_files);
void  _pw_image_folder_show_places (PwImageFolder *self,
                                    guint          n_shown);
void  _pw_image_folder_sort        (PwImageFolder *self,
                                    PwNameOrder   *order,
                                    guint32       *images,
                                    guint          n_images);

G_END_DECLS
