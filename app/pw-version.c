/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-version.h"

/**
 * pw_version_string:
 *
 * Returns: (transfer none): the engine's version, such as "0.1.0"
 */
const char *
pw_version_string (void)
{
  return PW_VERSION;
}

guint
pw_version_major (void)
{
  return PW_VERSION_MAJOR;
}

guint
pw_version_minor (void)
{
  return PW_VERSION_MINOR;
}

guint
pw_version_micro (void)
{
  return PW_VERSION_MICRO;
}

/**
 * pw_version_check:
 *
 * Returns: %TRUE when the engine is at least version @major.@minor.@micro
 */
gboolean
pw_version_check (guint major,
                  guint minor,
                  guint micro)
{
  static const guint have[] = { PW_VERSION_MAJOR, PW_VERSION_MINOR, PW_VERSION_MICRO };
  const guint want[] = { major, minor, micro };

  for (guint i = 0; i < G_N_ELEMENTS (have); i++)
    {
      if (have[i] != want[i])
        return have[i] > want[i];
    }

  return TRUE;
}
