/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "piecework-engine.h"

G_BEGIN_DECLS

/* Images made at run time for the media tests. Their four quadrants have
 * distinct colours, so where each corner lands says how they were turned. */

typedef enum
{
  PW_TEST_RED,
  PW_TEST_GREEN,
  PW_TEST_BLUE,
  PW_TEST_YELLOW,
} PwTestColour;

extern const guint8 pw_test_rgb[4][3];
extern const guint8 pw_test_grey[4];

typedef enum
{
  PW_TEST_JPEG_RGB,
  PW_TEST_JPEG_GRAY,
  PW_TEST_JPEG_CMYK,
  PW_TEST_JPEG_PROGRESSIVE,
} PwTestJpegKind;

GBytes   *pw_test_make_jpeg        (int             width,
                                    int             height,
                                    PwTestJpegKind  kind);
GBytes   *pw_test_with_orientation (GBytes         *jpeg,
                                    guint           orientation,
                                    gboolean        little_endian);
GBytes   *pw_test_make_png         (int             width,
                                    int             height,
                                    int             color_type,
                                    int             bit_depth,
                                    gboolean        interlaced,
                                    gboolean        transparency);
char     *pw_test_write            (const char     *dir,
                                    const char     *name,
                                    GBytes         *bytes);
char     *pw_test_make_dir         (void);
void      pw_test_remove_dir       (const char     *dir);
void      pw_test_pixel            (PwImage        *image,
                                    int             x,
                                    int             y,
                                    guint8          rgba[4]);
void      pw_test_assert_colour    (PwImage        *image,
                                    int             x,
                                    int             y,
                                    const guint8    expected[3],
                                    int             tolerance);
void      pw_test_spin_until       (gboolean       *done);

G_END_DECLS
