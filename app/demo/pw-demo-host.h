/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pw-demo-market.h"

/* PwDemoHost runs a demo marketplace on a thread of its own, listening on
 * a free port of 127.0.0.1, so the app talks to it over HTTP as to any
 * marketplace and neither waits on the other. Stopping the host waits for
 * its thread to end. */

G_BEGIN_DECLS

typedef struct _PwDemoHost PwDemoHost;

void        pw_demo_host_start_async  (PwDemoMarket        *market,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
PwDemoHost *pw_demo_host_start_finish (GAsyncResult        *result,
                                       GError             **error);
char       *pw_demo_host_dup_base_url (PwDemoHost          *host);
PwDemoMarket *pw_demo_host_get_market (PwDemoHost          *host);
void        pw_demo_host_stop         (PwDemoHost          *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwDemoHost, pw_demo_host_stop)

G_END_DECLS
