/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "demo/pw-demo-host.h"
#include "pw-application.h"

G_BEGIN_DECLS

/* What the application's files share: its instance and the accounts' start
 * and stop. */

struct _PwApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  PwStore        *store;
  GError         *store_error;
  gboolean        store_ready;

  PwTokenKeeper    *keeper;
  PwAccountManager *accounts;
  PwSyncWorker     *sync;
  PwActivityClock  *clock;
  PwDemoHost       *demo;
  gboolean          accounts_loaded;
  gboolean          demo_wanted;
  gboolean          demo_starting;
  gboolean          demo_failed;
  GCancellable     *cancellable;
  guint             statements_in_flight;
  guint             statements_timer_id;
  guint             statements_soon_id;
  GCancellable     *pack_cancellable;
  guint             pack_id;
  gboolean          packing;
  guint             sigterm_id;
  guint             sigint_id;
  gboolean          quit_anyway;
  PwMediaKeys      *media_keys;
};

void _pw_application_start_accounts  (PwApplication *self);
void _pw_application_resume_accounts (PwApplication *self);
void _pw_application_stop_accounts   (PwApplication *self);

G_END_DECLS
