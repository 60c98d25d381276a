/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-label-swatch.h"

/* A label's colour beside its name, in the list of labels and on the
 * choice bar: a dot drawn as a disc of the colour. A dot written as a
 * character (U+2B24) is in none of the interface's usual fonts, so the
 * first label shown had fontconfig sort every font on the system and load
 * another whole font for that one glyph; a disc costs neither. */

struct _PwLabelSwatch
{
  GtkWidget parent_instance;

  GdkRGBA   rgba;
};

G_DEFINE_FINAL_TYPE (PwLabelSwatch, pw_label_swatch, GTK_TYPE_WIDGET)

static void
pw_label_swatch_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = PW_LABEL_SWATCH_SIZE;
}

static void
pw_label_swatch_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PwLabelSwatch *self = PW_LABEL_SWATCH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float size = MIN (width, height);
  GskRoundedRect disc;

  if (size <= 0)
    return;
  /* Centred in what the row gives it. */
  gsk_rounded_rect_init_from_rect (&disc,
                                   &GRAPHENE_RECT_INIT ((width - size) / 2, (height - size) / 2,
                                                        size, size),
                                   size / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &disc);
  gtk_snapshot_append_color (snapshot, &self->rgba, &disc.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
pw_label_swatch_class_init (PwLabelSwatchClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = pw_label_swatch_measure;
  widget_class->snapshot = pw_label_swatch_snapshot;
  gtk_widget_class_set_css_name (widget_class, "swatch");
  /* The label's name beside it says which label it is. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
pw_label_swatch_init (PwLabelSwatch *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

/**
 * pw_label_swatch_new:
 * @color: a label's colour, as pw_label_get_color() gives it
 *
 * Returns: (transfer floating): a dot of @color; one that cannot be read
 *   is drawn grey
 */
GtkWidget *
pw_label_swatch_new (const char *color)
{
  PwLabelSwatch *self = g_object_new (PW_TYPE_LABEL_SWATCH, NULL);

  if (color == NULL || !gdk_rgba_parse (&self->rgba, color))
    self->rgba = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 1.0f };
  return GTK_WIDGET (self);
}

/**
 * pw_label_swatch_get_rgba:
 *
 * Returns: (transfer none): the colour the swatch draws
 */
const GdkRGBA *
pw_label_swatch_get_rgba (PwLabelSwatch *self)
{
  g_return_val_if_fail (PW_IS_LABEL_SWATCH (self), NULL);

  return &self->rgba;
}
