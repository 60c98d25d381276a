/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-fuzz.h"

/* Bad input is expected to end in a GError. A critical or a warning means
 * the engine reached a state it guards against, which is a bug whatever the
 * input: make it abort, so libFuzzer and the replay driver report it as a
 * crash with the input that caused it. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}
