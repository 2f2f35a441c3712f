/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-connection.h: one connection of a trace of several, as a trace
 * of its own, for `--connection N` and the window's "show only". */

#pragma once

#include "hs-trace.h"

G_BEGIN_DECLS

/* A new trace holding connection @connection (counted from 1, as the
 * legend and the exports count) of @trace: its sockets, the sockets in no
 * connection that it exchanged segments with (a listening socket, a
 * kernel's reset), their hosts, its segments, the steps of its sockets and
 * segments, and their snapshots. The connection keeps its number (the
 * exports' "connection" column says the same as for the whole trace) and
 * its colour; parameter "connection" says which it is.
 *
 * A trace of one connection gives itself back (a new reference): its
 * exports stay byte for byte. A number that is not a connection's fails
 * with HS_ERROR_NOT_FOUND, naming how many there are. */
HsTrace *hs_trace_new_for_connection (HsTrace  *trace,
                                      guint     connection,
                                      GError  **error);

G_END_DECLS
