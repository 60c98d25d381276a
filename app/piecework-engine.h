/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The engine of Piecework: everything but the widgets. It never includes a
 * GTK header, so tests and the command line use it without a display. */

#include "media/pw-image-cache.h"
#include "media/pw-image-loader.h"
#include "media/pw-image.h"
#include "pw-error.h"
#include "pw-paths.h"
#include "pw-version.h"
#include "store/pw-draft.h"
#include "store/pw-store.h"
