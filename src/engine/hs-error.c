/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-error.c: the project's error domain. */

#define G_LOG_DOMAIN "hs-error"

#include "config.h"

#include "hs-error.h"

G_DEFINE_QUARK (hs-error-quark, hs_error)
