/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-identity.h"

G_BEGIN_DECLS

char *dc_serial_read (const char *root, DcSerialSource *source, char **problem);

G_END_DECLS
