/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <unistd.h>

#include <glib/gstdio.h>
#include <X11/Xlib.h>

#include "pw-renderer-choice.h"

/* GTK 4.8 draws with GL wherever it can make a context. Where the only GL
 * is Mesa's software rasterizer (llvmpipe), that maps libLLVM and JITs
 * shaders into the heap: measured under Xvfb, opening one photo peaks at
 * 172 MB with GL and 47 MB with GTK's cairo renderer, and the window maps
 * sooner. So before GTK starts, Piecework finds out whether GL could be
 * done by a GPU, and where it could not sets GDK_DEBUG=gl-disable: GDK then
 * never loads Mesa. It also sets GSK_RENDERER=cairo, so that GSK goes
 * straight to cairo instead of first trying GL and telling the terminal
 * that GL failed on every window. Whatever the person set for GDK or GSK
 * themselves wins. */

/* Whether pw_renderer_choice_apply() set GDK_DEBUG and GSK_RENDERER. */
static gboolean chose_cairo;

/* Mesa's reading of a boolean variable. */
static gboolean
is_true (const char *value)
{
  return value != NULL
         && (g_str_equal (value, "1")
             || g_ascii_strcasecmp (value, "true") == 0
             || g_ascii_strcasecmp (value, "t") == 0
             || g_ascii_strcasecmp (value, "yes") == 0
             || g_ascii_strcasecmp (value, "y") == 0);
}

/**
 * pw_renderer_choice_backend:
 * @facts: the environment
 *
 * The backend GDK will take: the first entry of `GDK_BACKEND` where it is
 * set (`*` meaning GDK's own order), else Wayland where `WAYLAND_DISPLAY`
 * is set, else X11 where `DISPLAY` is set.
 *
 * Returns: the backend
 */
PwRendererBackend
pw_renderer_choice_backend (const PwRendererFacts *facts)
{
  g_return_val_if_fail (facts != NULL, PW_RENDERER_BACKEND_NONE);

  if (facts->gdk_backend != NULL && facts->gdk_backend[0] != '\0')
    {
      g_auto (GStrv) entries = g_strsplit (facts->gdk_backend, ",", 2);
      g_autofree char *first = g_strstrip (g_strdup (entries[0]));

      if (g_str_equal (first, "x11"))
        return PW_RENDERER_BACKEND_X11;
      if (g_str_equal (first, "wayland"))
        return PW_RENDERER_BACKEND_WAYLAND;
      if (!g_str_equal (first, "*"))
        return PW_RENDERER_BACKEND_OTHER;
    }

  if (facts->wayland_display != NULL && facts->wayland_display[0] != '\0')
    return PW_RENDERER_BACKEND_WAYLAND;
  if (facts->display != NULL && facts->display[0] != '\0')
    return PW_RENDERER_BACKEND_X11;
  return PW_RENDERER_BACKEND_NONE;
}

static gboolean
person_chose (const PwRendererFacts *facts)
{
  return facts->gdk_debug != NULL || facts->gsk_renderer != NULL;
}

/* DRI3 and DRI2 are how Mesa renders directly on the GPU; NV-GLX is
 * NVIDIA's own driver. */
static gboolean
offers_direct_rendering (const char *const *extensions)
{
  return g_strv_contains (extensions, "DRI3")
         || g_strv_contains (extensions, "DRI2")
         || g_strv_contains (extensions, "NV-GLX");
}

/**
 * pw_renderer_choice_software_only:
 * @facts: the environment and what the display offers
 * @why: (out) (optional): the reason, for the debug log
 *
 * Whether GL would only be a software rasterizer on this display, so that
 * GTK should draw with cairo. %FALSE also where the person chose a
 * renderer or GDK's debugging themselves, or where nothing can be known
 * (a display that does not open, a backend other than X11 or Wayland).
 *
 * Returns: %TRUE to draw with cairo
 */
gboolean
pw_renderer_choice_software_only (const PwRendererFacts *facts,
                                  const char           **why)
{
  const char *reason;
  gboolean software = FALSE;

  g_return_val_if_fail (facts != NULL, FALSE);

  if (person_chose (facts))
    reason = "GDK_DEBUG or GSK_RENDERER is set";
  else
    switch (pw_renderer_choice_backend (facts))
      {
      case PW_RENDERER_BACKEND_NONE:
        reason = "there is no display";
        break;

      case PW_RENDERER_BACKEND_OTHER:
        reason = "the display is neither X11 nor Wayland";
        break;

      case PW_RENDERER_BACKEND_X11:
        if (is_true (facts->libgl_always_software))
          {
            reason = "LIBGL_ALWAYS_SOFTWARE asks Mesa for software rendering";
            software = TRUE;
          }
        else if (facts->x11_extensions == NULL)
          reason = "the X display could not be opened";
        else if (offers_direct_rendering (facts->x11_extensions))
          reason = "the X server offers direct rendering";
        else
          {
            reason = "the X server offers no direct rendering (DRI3, DRI2 or NV-GLX)";
            software = TRUE;
          }
        break;

      case PW_RENDERER_BACKEND_WAYLAND:
        if (is_true (facts->libgl_always_software))
          {
            reason = "LIBGL_ALWAYS_SOFTWARE asks Mesa for software rendering";
            software = TRUE;
          }
        else if (facts->render_node)
          reason = "a DRM render node is open to this user";
        else
          {
            reason = "no DRM render node (/dev/dri/renderD*) is open to this user";
            software = TRUE;
          }
        break;

      default:
        g_assert_not_reached ();
      }

  if (why != NULL)
    *why = reason;
  return software;
}

/* The server's extensions, or NULL where the display does not open (GTK
 * then says why). */
static char **
list_x11_extensions (void)
{
  Display *display = XOpenDisplay (NULL);
  g_autoptr (GStrvBuilder) builder = NULL;
  char **names;
  int n_names = 0;

  if (display == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  names = XListExtensions (display, &n_names);
  for (int i = 0; i < n_names; i++)
    g_strv_builder_add (builder, names[i]);
  if (names != NULL)
    XFreeExtensionList (names);
  XCloseDisplay (display);

  return g_strv_builder_end (builder);
}

static gboolean
has_render_node (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, "renderD"))
        continue;
      path = g_build_filename ("/dev/dri", name, NULL);
      if (g_access (path, R_OK | W_OK) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * pw_renderer_choice_apply:
 *
 * Looks at the environment and the display and, where GL would only be
 * done in software, sets `GDK_DEBUG=gl-disable` and `GSK_RENDERER=cairo`
 * so that GTK draws with cairo. Called before GTK starts.
 */
void
pw_renderer_choice_apply (void)
{
  PwRendererFacts facts = {
    .gdk_debug = g_getenv ("GDK_DEBUG"),
    .gsk_renderer = g_getenv ("GSK_RENDERER"),
    .libgl_always_software = g_getenv ("LIBGL_ALWAYS_SOFTWARE"),
    .gdk_backend = g_getenv ("GDK_BACKEND"),
    .wayland_display = g_getenv ("WAYLAND_DISPLAY"),
    .display = g_getenv ("DISPLAY"),
  };
  g_auto (GStrv) extensions = NULL;
  const char *why = NULL;

  /* The display is asked only where its answer can matter. */
  if (!person_chose (&facts) && !is_true (facts.libgl_always_software))
    switch (pw_renderer_choice_backend (&facts))
      {
      case PW_RENDERER_BACKEND_X11:
        extensions = list_x11_extensions ();
        facts.x11_extensions = (const char *const *) extensions;
        break;

      case PW_RENDERER_BACKEND_WAYLAND:
        facts.render_node = has_render_node ();
        break;

      case PW_RENDERER_BACKEND_NONE:
      case PW_RENDERER_BACKEND_OTHER:
      default:
        break;
      }

  if (pw_renderer_choice_software_only (&facts, &why))
    {
      g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      chose_cairo = TRUE;
      g_debug ("Drawing with cairo: %s", why);
    }
  else
    g_debug ("Leaving the renderer to GTK: %s", why);
}

/**
 * pw_renderer_choice_unset_for_launch:
 * @context: the context a program is started with
 *
 * Leaves out of @context's environment what pw_renderer_choice_apply()
 * set, so that a program Piecework starts (a browser for a link) makes
 * its own choice; what the person set is passed on.
 */
void
pw_renderer_choice_unset_for_launch (GAppLaunchContext *context)
{
  g_return_if_fail (G_IS_APP_LAUNCH_CONTEXT (context));

  if (!chose_cairo)
    return;
  g_app_launch_context_unsetenv (context, "GDK_DEBUG");
  g_app_launch_context_unsetenv (context, "GSK_RENDERER");
}
