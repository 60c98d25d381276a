/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* What libFuzzer calls, and what the replay driver calls in a build
 * without it. Each target defines LLVMFuzzerTestOneInput(); pw-fuzz.c
 * defines LLVMFuzzerInitialize() for all of them. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

G_END_DECLS
