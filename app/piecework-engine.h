/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The engine of Piecework: everything but the widgets. It never includes a
 * GTK header, so tests and the command line use it without a display. */

#include "accounts/pw-token-keeper.h"
#include "formats/pw-export.h"
#include "formats/pw-file-write.h"
#include "formats/pw-labelme-file.h"
#include "market/pw-demo-market.h"
#include "market/pw-market-client.h"
#include "market/pw-market-project.h"
#include "market/pw-market-statement.h"
#include "market/pw-market-task.h"
#include "market/pw-money.h"
#include "media/pw-image-cache.h"
#include "media/pw-image-loader.h"
#include "media/pw-image.h"
#include "model/pw-annotation-check.h"
#include "model/pw-annotation.h"
#include "model/pw-command.h"
#include "model/pw-geometry.h"
#include "model/pw-json.h"
#include "model/pw-label-set.h"
#include "model/pw-label.h"
#include "model/pw-shape.h"
#include "pw-error.h"
#include "pw-paths.h"
#include "pw-version.h"
#include "store/pw-draft.h"
#include "store/pw-store.h"
#include "work/pw-image-document.h"
#include "work/pw-image-folder.h"
