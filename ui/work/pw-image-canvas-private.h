/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-image-canvas.h"
#include "pw-shape-index.h"

G_BEGIN_DECLS

/* What a press in the select tool grabbed. */
typedef enum
{
  PW_GRAB_NONE,
  PW_GRAB_MOVE,      /* the whole shape */
  PW_GRAB_HANDLE,    /* a box handle: corner or edge */
  PW_GRAB_VERTEX,    /* a polygon vertex */
  PW_GRAB_PAN,
} PwGrab;

/* An image made ahead into the texture drawn at fit: pw-image-canvas-prepare.c */
typedef struct _PwPrepared PwPrepared;

/* An image cut into textures, each with its place in image coordinates. */
typedef struct
{
  PwImage   *image;
  GPtrArray *textures;   /* GdkTexture */
  GArray    *rects;      /* graphene_rect_t */
} PwTiles;

/* Half the outline, the round joins and the antialiasing, in pixels. */
#define PW_IMAGE_CANVAS_STROKE_MARGIN 3

/* A square of the drawn shapes, on a grid over the image at one zoom. */
typedef struct
{
  gint64                key;
  cairo_rectangle_int_t pixels;   /* of the image at the pieces' scale */
  graphene_rect_t       bounds;   /* in image coordinates */
  cairo_surface_t      *surface;
  GdkTexture           *texture;  /* %NULL until drawn */
  cairo_region_t       *dirty;    /* %NULL, or its pixels to draw again */
  cairo_region_t       *undrawn;  /* while drawn in parts: the pixels left */
  GdkTexture           *stand_in; /* the image there, shown until it is drawn */
  graphene_rect_t       stand_in_bounds;
} PwPiece;

/* The pieces of one zoom. */
typedef struct
{
  GHashTable *table;       /* key → PwPiece */
  double      scale;       /* their pixels per image pixel */
  int         side;
  gboolean    composited;  /* the image is drawn into them too */
  PwImage    *image;       /* the image they were drawn over */
} PwPieces;

struct _PwImageCanvas
{
  GtkWidget      parent_instance;

  PwAnnotation  *annotation;
  gulong         annotation_changed_id;
  PwLabelSet    *labels;
  PwImage       *image;
  PwTiles        tiles;          /* the image as decoded */
  PwTiles        preview;        /* a smaller copy, for views that show much */
  GCancellable  *preview_cancellable;
  GPtrArray     *prepared;       /* PwPrepared, the images made ahead */
  double         image_width;    /* oriented, full resolution */
  double         image_height;

  /* The view: widget = image * scale + (tx, ty) */
  double         scale;
  double         tx;
  double         ty;
  gboolean       fit;

  PwCanvasTool   tool;
  gboolean       shapes_visible;
  char          *selected;
  int            selected_vertex;
  char          *pending_label;  /* given to the next shape drawn */
  GHashTable    *problems;       /* shape id → reason */

  /* Pointer */
  double         pointer_x;
  double         pointer_y;
  gboolean       pointer_inside;
  gboolean       space_held;

  /* Drawing a box or a polygon, in image coordinates */
  gboolean       drawing_box;
  PwPoint        box_start;
  PwPoint        box_end;
  GArray        *polygon;        /* PwPoint */

  /* Dragging in the select tool */
  PwGrab         grab;
  int            grab_index;     /* handle or vertex */
  PwShape       *grab_original;  /* the shape as it was at press */
  PwShape       *grab_live;      /* the shape as dragged, not yet committed */
  double         grab_start_x;   /* image coordinates at press */
  double         grab_start_y;
  double         pan_start_tx;
  double         pan_start_ty;

  /* The shapes not being edited, drawn in pieces and kept while panning
   * (pw-image-canvas-shapes.c) */
  PwPieces       pieces;
  PwPieces       old_pieces;     /* the last zoom's, shown until the new are drawn */
  guint64        pixels_drawn;   /* of pieces drawn whole, since the canvas was made */
  guint          fill_id;        /* draws the pieces around the view while idle */
  guint8        *source_pixels;  /* the image under one piece, as cairo reads it */
  gsize          source_size;
  PwShapeIndex  *shape_index;    /* the shapes by where they are */
  gboolean       cache_valid;
  GdkGLContext  *gl_context;     /* uploads the tiles, on GTK 4.8's GL renderer */
  gboolean       gl_unavailable;
  cairo_t       *frame_cr;       /* the frame's textures, with the cairo renderer */
};

void     _pw_image_canvas_widget_to_image (PwImageCanvas *self,
                                           double         wx,
                                           double         wy,
                                           double        *ix,
                                           double        *iy);
void     _pw_image_canvas_invalidate     (PwImageCanvas *self);
GdkRGBA  _pw_image_canvas_label_color    (PwImageCanvas *self,
                                          const char    *label);
void     _pw_image_canvas_trace_shape    (cairo_t       *cr,
                                          const PwShape *shape);
void     _pw_image_canvas_init_input     (PwImageCanvas *self);
void     _pw_image_canvas_class_init_input (GtkWidgetClass *widget_class);
void     _pw_image_canvas_draw_overlay   (PwImageCanvas *self,
                                          GtkSnapshot   *snapshot);
void     _pw_image_canvas_cancel_drawing (PwImageCanvas *self);
void     _pw_image_canvas_append_image   (PwImageCanvas *self,
                                          GtkSnapshot   *snapshot);
void     _pw_image_canvas_dispose_image  (PwImageCanvas *self);
void     _pw_image_canvas_invalidate_shape (PwImageCanvas *self,
                                          const char    *shape_id);
void     _pw_image_canvas_shape_changed  (PwImageCanvas *self,
                                          const char    *shape_id);
void     _pw_image_canvas_forget_shapes  (PwImageCanvas *self);
void     _pw_image_canvas_append_shapes  (PwImageCanvas *self,
                                          GtkSnapshot   *snapshot,
                                          double         pixel_scale);
void     _pw_image_canvas_dispose_shapes (PwImageCanvas *self);
gboolean _pw_image_canvas_get_view_complete (PwImageCanvas *self);
gboolean _pw_image_canvas_get_all_drawn  (PwImageCanvas *self);
void     _pw_image_canvas_drop_pieces    (PwImageCanvas *self);
void     _pw_image_canvas_invalidate_rect (PwImageCanvas *self,
                                          const PwRect  *rect);
void     _pw_image_canvas_paint_region   (PwImageCanvas        *self,
                                          PwPiece              *piece,
                                          const cairo_region_t *region);
PwShape *_pw_image_canvas_shape_at       (PwImageCanvas *self,
                                          double         ix,
                                          double         iy,
                                          double         tolerance,
                                          PwHit         *hit);
void     _pw_image_canvas_append_placeholder (PwImageCanvas *self,
                                              GtkSnapshot   *snapshot);
gboolean _pw_image_canvas_has_shapes     (PwImageCanvas *self);
gboolean _pw_image_canvas_can_composite  (PwImageCanvas *self);
GdkTexture *_pw_image_canvas_make_pixel_texture (PwImageCanvas *self,
                                                 const guint8  *data,
                                                 int            width,
                                                 int            height,
                                                 gsize          stride);
void     _pw_image_canvas_append_pixel_texture (GtkSnapshot           *snapshot,
                                                GdkTexture            *texture,
                                                const graphene_rect_t *bounds);
void     _pw_image_canvas_unrealize_textures (PwImageCanvas *self);

/* How a texture is drawn: flags */
typedef enum
{
  PW_TEXTURE_DRAW_SCALED = 0,       /* sampled at the view's zoom */
  PW_TEXTURE_DRAW_PIXEL  = 1 << 0,  /* a texel a device pixel */
  PW_TEXTURE_DRAW_OPAQUE = 1 << 1,  /* every pixel opaque */
} PwTextureDraw;

void     _pw_image_canvas_begin_textures (PwImageCanvas *self,
                                          GtkSnapshot   *snapshot);
void     _pw_image_canvas_end_textures   (PwImageCanvas *self);
void     _pw_image_canvas_append_texture (PwImageCanvas         *self,
                                          GtkSnapshot           *snapshot,
                                          GdkTexture            *texture,
                                          const graphene_rect_t *bounds,
                                          PwTextureDraw          how);
void     _pw_image_canvas_push_texture_clip (PwImageCanvas         *self,
                                             GtkSnapshot           *snapshot,
                                             const graphene_rect_t *clip);
void     _pw_image_canvas_pop_texture_clip  (PwImageCanvas *self,
                                             GtkSnapshot   *snapshot);
void     _pw_image_canvas_finish_polygon (PwImageCanvas *self);
void     _pw_image_canvas_init_prepared  (PwImageCanvas *self);
void     _pw_image_canvas_forget_prepared (PwImageCanvas *self);
GdkTexture *_pw_image_canvas_get_prepared (PwImageCanvas *self);
void     _pw_image_canvas_prepare_view   (PwImageCanvas *self);
gboolean _pw_image_canvas_is_prepared    (PwImageCanvas *self,
                                          PwImage       *image);

G_END_DECLS
