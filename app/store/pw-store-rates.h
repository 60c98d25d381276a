/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "market/pw-money.h"
#include "pw-store.h"

G_BEGIN_DECLS

/**
 * PwRateUnit:
 * @PW_RATE_PER_TASK: the amount is paid for each task the server accepted
 * @PW_RATE_PER_HOUR: the amount is paid for each hour the activity clock
 *   measured on the tasks the server accepted
 *
 * What a rate of the worker's own counts.
 */
typedef enum
{
  PW_RATE_PER_TASK,
  PW_RATE_PER_HOUR,
} PwRateUnit;

const char *pw_rate_unit_to_string   (PwRateUnit  unit);
gboolean    pw_rate_unit_from_string (const char *text,
                                      PwRateUnit *unit);

/**
 * PwRate:
 * @account_id: the account it pays for
 * @project_id: (nullable): the one project it pays for, or %NULL for
 *   every project of the account without a rate of its own
 * @since: from when it holds, microseconds since 1970
 * @amount: what it pays per @unit
 * @unit: per task or per hour
 * @updated_at: when the worker last set it; 0 for one not stored yet
 *
 * A rate the worker gave for work on a server that keeps no statement of
 * pay (CVAT, Label Studio), or for a marketplace's tasks its statement has
 * not covered yet. Accepted work it prices becomes ledger entries marked
 * as the worker's own figures (see pw_store_refresh_own_figures()).
 */
typedef struct
{
  char       *account_id;
  char       *project_id;
  gint64      since;
  PwMoney     amount;
  PwRateUnit  unit;
  gint64      updated_at;
} PwRate;

PwRate       *pw_rate_new     (const char    *account_id,
                               const char    *project_id,
                               const PwMoney *amount,
                               PwRateUnit     unit,
                               gint64         since);
PwRate       *pw_rate_copy    (const PwRate  *rate);
void          pw_rate_free    (PwRate        *rate);
gboolean      pw_rate_check   (const PwRate  *rate,
                               GError       **error);
const PwRate *pw_rates_find   (GPtrArray     *rates,
                               const char    *account_id,
                               const char    *project_id,
                               gint64         at);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwRate, pw_rate_free)

/* Writes: queued for the writer thread, in order, each in one transaction. */
void          pw_store_set_rate              (PwStore             *self,
                                              const PwRate        *rate);
void          pw_store_delete_rate           (PwStore             *self,
                                              const char          *account_id,
                                              const char          *project_id,
                                              gint64               since);
void          pw_store_refresh_own_figures   (PwStore             *self);

/* Reads on the read connection, after every write queued before them. */
GPtrArray    *pw_store_list_rates            (PwStore             *self,
                                              const char          *account_id,
                                              GError             **error);
void          pw_store_list_rates_async      (PwStore             *self,
                                              const char          *account_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray    *pw_store_list_rates_finish     (PwStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
