/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-identity.h"

G_BEGIN_DECLS

void dc_identity_set_imei (DcIdentity *self, const char *const *imei);
void dc_identity_set_serial (DcIdentity *self, const char *serial, DcSerialSource source);

G_END_DECLS
