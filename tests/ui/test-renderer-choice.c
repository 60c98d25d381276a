/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-renderer-choice.h"

/* Where GL would only be Mesa's software rasterizer, Piecework asks GTK to
 * draw with cairo, unless the person chose for themselves. The decision
 * over its facts needs no display; applying it is tested on the harness's
 * Xvfb, which offers no direct rendering. */

/* What Debian 12's Xvfb offers: GLX, but no direct rendering. */
static const char *const xvfb_extensions[] = {
  "BIG-REQUESTS", "Composite", "DAMAGE", "DOUBLE-BUFFER", "GLX", "Generic Event Extension",
  "MIT-SCREEN-SAVER", "MIT-SHM", "Present", "RANDR", "RECORD", "RENDER", "SECURITY", "SHAPE",
  "SYNC", "X-Resource", "XC-MISC", "XFIXES", "XINERAMA", "XInputExtension", "XKEYBOARD", "XTEST",
  "XVideo", NULL,
};
static const char *const dri3_extensions[] = {
  "BIG-REQUESTS", "Composite", "DRI3", "GLX", "Present", "RANDR", "RENDER", "XFIXES", NULL,
};
static const char *const dri2_extensions[] = {
  "BIG-REQUESTS", "Composite", "DRI2", "GLX", "RANDR", "RENDER", "XFIXES", NULL,
};
static const char *const nvidia_extensions[] = {
  "BIG-REQUESTS", "Composite", "GLX", "NV-CONTROL", "NV-GLX", "RANDR", "RENDER", "XFIXES", NULL,
};

static PwRendererFacts
x11_facts (const char *const *extensions)
{
  return (PwRendererFacts) { .display = ":0", .x11_extensions = extensions };
}

static PwRendererFacts
wayland_facts (gboolean render_node)
{
  return (PwRendererFacts) { .wayland_display = "wayland-0", .render_node = render_node };
}

static void
test_x11_without_direct_rendering (void)
{
  PwRendererFacts facts = x11_facts (xvfb_extensions);
  const char *why = NULL;

  g_assert_true (pw_renderer_choice_software_only (&facts, &why));
  g_assert_cmpstr (why, ==, "the X server offers no direct rendering (DRI3, DRI2 or NV-GLX)");
  g_assert_true (pw_renderer_choice_software_only (&facts, NULL));
}

static void
test_x11_with_direct_rendering (void)
{
  const char *const *servers[] = { dri3_extensions, dri2_extensions, nvidia_extensions };

  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      PwRendererFacts facts = x11_facts (servers[i]);
      const char *why = NULL;

      g_assert_false (pw_renderer_choice_software_only (&facts, &why));
      g_assert_cmpstr (why, ==, "the X server offers direct rendering");
    }
}

static void
test_x11_display_not_opened (void)
{
  PwRendererFacts facts = x11_facts (NULL);

  g_assert_false (pw_renderer_choice_software_only (&facts, NULL));
}

static void
test_wayland_render_node (void)
{
  PwRendererFacts with_node = wayland_facts (TRUE);
  PwRendererFacts without_node = wayland_facts (FALSE);
  const char *why = NULL;

  g_assert_false (pw_renderer_choice_software_only (&with_node, &why));
  g_assert_cmpstr (why, ==, "a DRM render node is open to this user");
  g_assert_true (pw_renderer_choice_software_only (&without_node, &why));
  g_assert_cmpstr (why, ==, "no DRM render node (/dev/dri/renderD*) is open to this user");
}

/* Whatever the person set for GDK or GSK, even empty, is theirs. */
static void
test_person_chose (void)
{
  const char *values[] = { "", "gl-glx", "gl-disable" };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      PwRendererFacts debug = x11_facts (xvfb_extensions);
      PwRendererFacts renderer = wayland_facts (FALSE);

      debug.gdk_debug = values[i];
      renderer.gsk_renderer = values[i];
      g_assert_false (pw_renderer_choice_software_only (&debug, NULL));
      g_assert_false (pw_renderer_choice_software_only (&renderer, NULL));
    }
}

static void
test_libgl_always_software (void)
{
  const char *yes[] = { "1", "true", "TRUE", "yes", "y", "t" };
  const char *no[] = { "0", "false", "no", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      PwRendererFacts x11 = x11_facts (dri3_extensions);
      PwRendererFacts wayland = wayland_facts (TRUE);

      x11.libgl_always_software = yes[i];
      wayland.libgl_always_software = yes[i];
      g_assert_true (pw_renderer_choice_software_only (&x11, NULL));
      g_assert_true (pw_renderer_choice_software_only (&wayland, NULL));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (no); i++)
    {
      PwRendererFacts x11 = x11_facts (dri3_extensions);

      x11.libgl_always_software = no[i];
      g_assert_false (pw_renderer_choice_software_only (&x11, NULL));
    }
}

static void
test_backend (void)
{
  struct
  {
    const char       *gdk_backend;
    const char       *wayland_display;
    const char       *display;
    PwRendererBackend backend;
  } cases[] = {
    { NULL, "wayland-0", ":0", PW_RENDERER_BACKEND_WAYLAND },
    { NULL, NULL, ":0", PW_RENDERER_BACKEND_X11 },
    { NULL, "", ":0", PW_RENDERER_BACKEND_X11 },
    { NULL, NULL, NULL, PW_RENDERER_BACKEND_NONE },
    { "wayland,x11", "wayland-0", ":0", PW_RENDERER_BACKEND_WAYLAND },
    { "x11,wayland", "wayland-0", ":0", PW_RENDERER_BACKEND_X11 },
    { "x11", NULL, NULL, PW_RENDERER_BACKEND_X11 },
    { "*", "wayland-0", ":0", PW_RENDERER_BACKEND_WAYLAND },
    { "*,x11", NULL, ":0", PW_RENDERER_BACKEND_X11 },
    { "", NULL, ":0", PW_RENDERER_BACKEND_X11 },
    { "broadway", "wayland-0", ":0", PW_RENDERER_BACKEND_OTHER },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PwRendererFacts facts = {
        .gdk_backend = cases[i].gdk_backend,
        .wayland_display = cases[i].wayland_display,
        .display = cases[i].display,
      };

      g_test_message ("GDK_BACKEND=%s WAYLAND_DISPLAY=%s DISPLAY=%s", cases[i].gdk_backend,
                      cases[i].wayland_display, cases[i].display);
      g_assert_cmpint (pw_renderer_choice_backend (&facts), ==, cases[i].backend);
    }
}

/* GDK_BACKEND=wayland,x11 takes Wayland, so the X server's answer does not
 * count; x11,wayland the other way round. */
static void
test_backend_decides_what_counts (void)
{
  PwRendererFacts wayland_first = {
    .gdk_backend = "wayland,x11", .wayland_display = "wayland-0", .display = ":0",
    .x11_extensions = dri3_extensions, .render_node = FALSE,
  };
  PwRendererFacts x11_first = {
    .gdk_backend = "x11,wayland", .wayland_display = "wayland-0", .display = ":0",
    .x11_extensions = dri3_extensions, .render_node = FALSE,
  };

  g_assert_true (pw_renderer_choice_software_only (&wayland_first, NULL));
  g_assert_false (pw_renderer_choice_software_only (&x11_first, NULL));
}

static void
test_other_backends_left_alone (void)
{
  PwRendererFacts broadway = x11_facts (xvfb_extensions);
  PwRendererFacts nothing = { .libgl_always_software = "1" };

  broadway.gdk_backend = "broadway";
  broadway.libgl_always_software = "1";
  g_assert_false (pw_renderer_choice_software_only (&broadway, NULL));
  g_assert_false (pw_renderer_choice_software_only (&nothing, NULL));
}

/* The environment a program Piecework starts would get. */
static GStrv
launch_environment (void)
{
  g_autoptr (GAppLaunchContext) context = g_app_launch_context_new ();

  pw_renderer_choice_unset_for_launch (context);
  return g_app_launch_context_get_environment (context);
}

/* pw_renderer_choice_apply() changes the process's environment, so each
 * case runs in a child of its own. */
static void
test_apply_on_xvfb (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("GDK_DEBUG");
      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
      g_auto (GStrv) environment = NULL;

      pw_renderer_choice_apply ();
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

      /* A program Piecework starts makes its own choice. */
      environment = launch_environment ();
      g_assert_null (g_environ_getenv (environment, "GDK_DEBUG"));
      g_assert_null (g_environ_getenv (environment, "GSK_RENDERER"));
      g_assert_nonnull (g_environ_getenv (environment, "DISPLAY"));
      return;
    }

  g_assert_nonnull (g_getenv ("DISPLAY"));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_apply_leaves_person_s_renderer (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("GDK_DEBUG");
      g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
      g_auto (GStrv) environment = NULL;

      g_setenv ("GSK_RENDERER", "gl", TRUE);
      pw_renderer_choice_apply ();
      g_assert_null (g_getenv ("GDK_DEBUG"));
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");

      /* The person's choice is passed on. */
      environment = launch_environment ();
      g_assert_cmpstr (g_environ_getenv (environment, "GSK_RENDERER"), ==, "gl");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_apply_leaves_person_s_debugging (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("GDK_DEBUG", "", TRUE);
      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
      pw_renderer_choice_apply ();
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "");
      g_assert_null (g_getenv ("GSK_RENDERER"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A display that does not open is GTK's to report. */
static void
test_apply_display_not_opened (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("GDK_DEBUG");
      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
      g_unsetenv ("WAYLAND_DISPLAY");
      g_setenv ("GDK_BACKEND", "x11", TRUE);
      /* No server has this number: neither its socket nor its TCP port
       * (6000 + 65000) can exist. */
      g_setenv ("DISPLAY", ":65000", TRUE);
      pw_renderer_choice_apply ();
      g_assert_null (g_getenv ("GDK_DEBUG"));
      g_assert_null (g_getenv ("GSK_RENDERER"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renderer-choice/x11-without-direct-rendering", test_x11_without_direct_rendering);
  g_test_add_func ("/renderer-choice/x11-with-direct-rendering", test_x11_with_direct_rendering);
  g_test_add_func ("/renderer-choice/x11-display-not-opened", test_x11_display_not_opened);
  g_test_add_func ("/renderer-choice/wayland-render-node", test_wayland_render_node);
  g_test_add_func ("/renderer-choice/person-chose", test_person_chose);
  g_test_add_func ("/renderer-choice/libgl-always-software", test_libgl_always_software);
  g_test_add_func ("/renderer-choice/backend", test_backend);
  g_test_add_func ("/renderer-choice/backend-decides-what-counts", test_backend_decides_what_counts);
  g_test_add_func ("/renderer-choice/other-backends-left-alone", test_other_backends_left_alone);
  g_test_add_func ("/renderer-choice/apply-on-xvfb", test_apply_on_xvfb);
  g_test_add_func ("/renderer-choice/apply-leaves-person-s-renderer", test_apply_leaves_person_s_renderer);
  g_test_add_func ("/renderer-choice/apply-leaves-person-s-debugging", test_apply_leaves_person_s_debugging);
  g_test_add_func ("/renderer-choice/apply-display-not-opened", test_apply_display_not_opened);

  return g_test_run ();
}
