/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include "pw-store-private.h"
#include "pw-store-sql.h"

/* The application's own state in PwStore, such as the last folder opened.
 * It is small, so the store keeps all of it in memory: the main thread
 * reads it without touching the disk, and writes go through the writer
 * like any other. */

/**
 * pw_store_get_state:
 * @name: what the value is for, such as `last-folder`
 *
 * Reads a value of the application's state from memory; call it from the
 * thread that opened the store.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL when unset
 */
const char *
pw_store_get_state (PwStore    *self,
                    const char *name)
{
  g_return_val_if_fail (PW_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (pw_store_get_state_table (self), name);
}

/**
 * pw_store_set_state:
 * @name: what the value is for, such as `last-folder`
 * @value: (nullable): the value, or %NULL to unset it
 *
 * Sets a value of the application's state at once in memory and queues it
 * for the disk; call it from the thread that opened the store.
 */
void
pw_store_set_state (PwStore    *self,
                    const char *name,
                    const char *value)
{
  g_return_if_fail (PW_IS_STORE (self));
  g_return_if_fail (name != NULL);

  if (value != NULL)
    g_hash_table_replace (pw_store_get_state_table (self), g_strdup (name), g_strdup (value));
  else
    g_hash_table_remove (pw_store_get_state_table (self), name);

  pw_store_writer_push (pw_store_get_writer (self), pw_store_op_new (PW_STORE_OP_SET_STATE, name, value, 0));
}
