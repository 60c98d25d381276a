/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "piecework-engine.h"

G_BEGIN_DECLS

#define PW_TYPE_MARKET_VIEW (pw_market_view_get_type ())

G_DECLARE_FINAL_TYPE (PwMarketView, pw_market_view, PW, MARKET_VIEW, AdwBin)

void        pw_market_view_refresh              (PwMarketView *self);
void        pw_market_view_reload_queue         (PwMarketView *self);
gboolean    pw_market_view_get_loading          (PwMarketView *self);
guint       pw_market_view_get_n_claiming       (PwMarketView *self);
guint       pw_market_view_get_n_queued         (PwMarketView *self);
gboolean    pw_market_view_get_lease_ending     (PwMarketView *self);
GListModel *pw_market_view_get_queue            (PwMarketView *self);
GtkSelectionModel *pw_market_view_get_queue_selection (PwMarketView *self);
AdwPreferencesGroup *pw_market_view_get_account_group (PwMarketView *self,
                                                 const char   *account_id);
AdwActionRow *pw_market_view_get_project_row    (PwMarketView *self,
                                                 const char   *account_id,
                                                 const char   *project_id);

G_END_DECLS
