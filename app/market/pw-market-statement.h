/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-money.h"

G_BEGIN_DECLS

/**
 * PwEntryType:
 * @PW_ENTRY_TASK: pay for a task
 * @PW_ENTRY_BONUS: a bonus
 * @PW_ENTRY_ADJUSTMENT: a correction by the marketplace
 * @PW_ENTRY_FEE: a fee; its amount is negative
 * @PW_ENTRY_PAYOUT: money paid out to the worker
 *
 * What a statement entry is.
 */
typedef enum
{
  PW_ENTRY_TASK,
  PW_ENTRY_BONUS,
  PW_ENTRY_ADJUSTMENT,
  PW_ENTRY_FEE,
  PW_ENTRY_PAYOUT,
} PwEntryType;

/**
 * PwEntryStatus:
 * @PW_ENTRY_PENDING: not yet reviewed
 * @PW_ENTRY_APPROVED: approved, not yet paid
 * @PW_ENTRY_REJECTED: rejected; pays nothing
 * @PW_ENTRY_PAID: paid
 *
 * Where a statement entry stands.
 */
typedef enum
{
  PW_ENTRY_PENDING,
  PW_ENTRY_APPROVED,
  PW_ENTRY_REJECTED,
  PW_ENTRY_PAID,
} PwEntryStatus;

/**
 * PwStatementEntry:
 *
 * One line of a marketplace's statement. The same id comes again when its
 * status changes. Immutable and reference counted.
 */
typedef struct _PwStatementEntry PwStatementEntry;

/**
 * PwStatementPage:
 *
 * One page of a statement and the cursor of the next. Immutable and
 * reference counted.
 */
typedef struct _PwStatementPage PwStatementPage;

#define PW_TYPE_STATEMENT_ENTRY (pw_statement_entry_get_type ())
#define PW_TYPE_STATEMENT_PAGE (pw_statement_page_get_type ())

GType             pw_statement_entry_get_type        (void) G_GNUC_CONST;
PwStatementEntry *pw_statement_entry_new_from_json   (JsonNode          *node,
                                                      const char        *what,
                                                      GError           **error);
PwStatementEntry *pw_statement_entry_ref             (PwStatementEntry  *self);
void              pw_statement_entry_unref           (PwStatementEntry  *self);
const char       *pw_statement_entry_get_id          (PwStatementEntry  *self);
PwEntryType       pw_statement_entry_get_entry_type  (PwStatementEntry  *self);
const char       *pw_statement_entry_get_task_id     (PwStatementEntry  *self);
const char       *pw_statement_entry_get_project_id  (PwStatementEntry  *self);
PwEntryStatus     pw_statement_entry_get_status      (PwStatementEntry  *self);
const PwMoney    *pw_statement_entry_get_amount      (PwStatementEntry  *self);
GDateTime        *pw_statement_entry_get_at          (PwStatementEntry  *self);
gboolean          pw_statement_entry_get_review      (PwStatementEntry  *self,
                                                      double            *score,
                                                      const char       **comment);

GType             pw_statement_page_get_type         (void) G_GNUC_CONST;
PwStatementPage  *pw_statement_page_new_from_json    (JsonNode          *node,
                                                      GError           **error);
PwStatementPage  *pw_statement_page_ref              (PwStatementPage   *self);
void              pw_statement_page_unref            (PwStatementPage   *self);
GPtrArray        *pw_statement_page_get_entries      (PwStatementPage   *self);
const char       *pw_statement_page_get_next         (PwStatementPage   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStatementEntry, pw_statement_entry_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStatementPage, pw_statement_page_unref)

G_END_DECLS
