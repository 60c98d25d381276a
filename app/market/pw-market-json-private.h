/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Readers of the contract's members beyond those of pw-json.h. Each error
 * is %PW_ERROR_INVALID_DATA and names @what and the member. */

char     *_pw_market_what         (const char   *what,
                                   const char   *member,
                                   int           index);
gboolean  _pw_market_member_choice (JsonObject   *object,
                                    const char   *member,
                                    const char   *what,
                                    const char *const *names,
                                    int          *value,
                                    GError      **error);
gboolean  _pw_market_member_time  (JsonObject   *object,
                                   const char   *member,
                                   const char   *what,
                                   GDateTime   **value,
                                   GError      **error);
gboolean  _pw_market_member_strv  (JsonObject   *object,
                                   const char   *member,
                                   const char   *what,
                                   GStrv        *value,
                                   GError      **error);
gboolean  _pw_market_member_id    (JsonObject   *object,
                                   const char   *member,
                                   const char   *what,
                                   gboolean      nullable,
                                   const char  **value,
                                   GError      **error);

G_END_DECLS
