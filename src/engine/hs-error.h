/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-error.h: the project's error domain. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HS_ERROR (hs_error_quark ())

typedef enum
{
  HS_ERROR_FAILED,
  HS_ERROR_PARSE,          /* a lesson, a --set or a --drop that cannot be read */
  HS_ERROR_INVALID,        /* readable, but impossible (unknown key, bad value) */
  HS_ERROR_NOT_FOUND,      /* no such lesson, stream, step */
  HS_ERROR_TOO_LARGE,      /* a payload, an image beyond what can be made; a lesson file over 1 MiB */
  HS_ERROR_IO,             /* a file that cannot be read or written */
  HS_ERROR_UNSUPPORTED,    /* a format or link type we do not handle */
} HsErrorCode;

GQuark hs_error_quark (void);

G_END_DECLS
