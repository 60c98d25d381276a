/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A long recording for the player and waveform benchmarks: 16 kHz mono
 * WAV of words of a buzzing voice with pauses between, written in blocks
 * so that an hour takes no more memory than a second. */

#define BENCH_RATE 16000

char   *bench_write_recording (const char *dir,
                               guint       seconds);
double  bench_median          (GArray     *values);
double  bench_percentile      (GArray     *values,
                               double      fraction);
double  bench_max             (GArray     *values);

G_END_DECLS
