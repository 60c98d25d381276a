/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pw-connector.h"

G_BEGIN_DECLS

#define PW_TYPE_LABEL_STUDIO_CONNECTOR (pw_label_studio_connector_get_type ())

G_DECLARE_FINAL_TYPE (PwLabelStudioConnector, pw_label_studio_connector, PW, LABEL_STUDIO_CONNECTOR, GObject)

PwConnector    *pw_label_studio_connector_new        (const char   *base_url,
                                                      const char   *token,
                                                      GFile        *state_dir,
                                                      GError      **error);
PwMarketClient *pw_label_studio_connector_get_client (PwLabelStudioConnector *self);

G_END_DECLS
