/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where GL would only be Mesa's software rasterizer (Xvfb, VNC, ssh -X, a
 * virtual machine without a GPU), GTK's GL renderer costs memory and start
 * time and draws no better than its cairo renderer; there Piecework asks
 * GTK for cairo before GTK starts. */

/**
 * PwRendererBackend:
 * @PW_RENDERER_BACKEND_NONE: no display GDK could open
 * @PW_RENDERER_BACKEND_X11: an X server
 * @PW_RENDERER_BACKEND_WAYLAND: a Wayland compositor
 * @PW_RENDERER_BACKEND_OTHER: another backend (broadway…), left alone
 *
 * The display backend GDK will take.
 */
typedef enum
{
  PW_RENDERER_BACKEND_NONE,
  PW_RENDERER_BACKEND_X11,
  PW_RENDERER_BACKEND_WAYLAND,
  PW_RENDERER_BACKEND_OTHER,
} PwRendererBackend;

/**
 * PwRendererFacts:
 * @gdk_debug: `GDK_DEBUG`, %NULL when unset
 * @gsk_renderer: `GSK_RENDERER`, %NULL when unset
 * @libgl_always_software: `LIBGL_ALWAYS_SOFTWARE`, %NULL when unset
 * @gdk_backend: `GDK_BACKEND`, %NULL when unset
 * @wayland_display: `WAYLAND_DISPLAY`, %NULL when unset
 * @display: `DISPLAY`, %NULL when unset
 * @x11_extensions: (nullable): the X server's extensions, %NULL when the
 *   display could not be opened (or was not asked)
 * @render_node: whether a DRM render node can be opened for reading and
 *   writing
 *
 * What the choice of a renderer is made from: the environment and what the
 * display offers.
 */
typedef struct
{
  const char        *gdk_debug;
  const char        *gsk_renderer;
  const char        *libgl_always_software;
  const char        *gdk_backend;
  const char        *wayland_display;
  const char        *display;
  const char *const *x11_extensions;
  gboolean           render_node;
} PwRendererFacts;

PwRendererBackend pw_renderer_choice_backend       (const PwRendererFacts *facts);
gboolean          pw_renderer_choice_software_only (const PwRendererFacts *facts,
                                                    const char           **why);
void              pw_renderer_choice_apply         (void);
void              pw_renderer_choice_unset_for_launch (GAppLaunchContext *context);

G_END_DECLS
