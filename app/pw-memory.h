/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many pools of memory the C library keeps for the threads at most */
#define PW_MEMORY_MAX_ARENAS 2

void pw_memory_configure (void);

G_END_DECLS
