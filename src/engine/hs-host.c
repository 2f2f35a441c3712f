/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-host.c: a Linux host's rules for connections before they have a
 * socket of their own (see hs-host.h). */

#define G_LOG_DOMAIN "hs-host"

#include "config.h"

#include "hs-host.h"

#define COOKIEBITS 24
#define COOKIEMASK ((1u << COOKIEBITS) - 1)
#define MAX_SYNCOOKIE_AGE 2

static const guint16 msstab[] = { 536, 1300, 1440, 1460 };

gboolean
hs_host_accept_queue_full (guint accept_queue,
                           guint backlog)
{
  return accept_queue > backlog;
}

gboolean
hs_host_syn_queue_full (guint syn_queue,
                        guint backlog)
{
  return syn_queue >= backlog;
}

static guint32
mix (guint32 h,
     guint32 v)
{
  /* MurmurHash3's round and finalizer: every input bit reaches every
   * output bit, which is all a cookie needs from its hash */
  v *= 0xcc9e2d51u;
  v = (v << 15) | (v >> 17);
  v *= 0x1b873593u;
  h ^= v;
  h = (h << 13) | (h >> 19);
  return h * 5 + 0xe6546b64u;
}

static guint32
cookie_hash (guint32     secret,
             const char *saddr,
             const char *daddr,
             guint16     sport,
             guint16     dport,
             guint32     count,
             guint32     c)
{
  guint32 h = secret ^ (c * 0x9e3779b9u);

  h = mix (h, g_str_hash (saddr));
  h = mix (h, g_str_hash (daddr));
  h = mix (h, ((guint32) sport << 16) | dport);
  h = mix (h, count);
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  return h ^ (h >> 16);
}

/* tcp_cookie_time(): minutes */
static guint32
cookie_time (HsTime now)
{
  return (guint32) (now / (60 * HS_USEC_PER_SEC));
}

guint32
hs_host_cookie_make (guint32     secret,
                     const char *saddr,
                     const char *daddr,
                     guint16     sport,
                     guint16     dport,
                     guint32     client_isn,
                     HsTime      now,
                     guint16     mss,
                     guint16    *mss_out)
{
  guint32 count = cookie_time (now);
  guint mssind;

  for (mssind = G_N_ELEMENTS (msstab) - 1; mssind > 0; mssind--)
    if (mss >= msstab[mssind])
      break;
  if (mss_out != NULL)
    *mss_out = msstab[mssind];
  return cookie_hash (secret, saddr, daddr, sport, dport, 0, 0) + client_isn + (count << COOKIEBITS) +
         ((cookie_hash (secret, saddr, daddr, sport, dport, count, 1) + mssind) & COOKIEMASK);
}

guint16
hs_host_cookie_check (guint32     secret,
                      const char *saddr,
                      const char *daddr,
                      guint16     sport,
                      guint16     dport,
                      guint32     client_isn,
                      guint32     cookie,
                      HsTime      now)
{
  guint32 count = cookie_time (now);
  guint32 diff, mssind;

  cookie -= cookie_hash (secret, saddr, daddr, sport, dport, 0, 0) + client_isn;
  diff = (count - (cookie >> COOKIEBITS)) & ((guint32) -1 >> COOKIEBITS);
  if (diff >= MAX_SYNCOOKIE_AGE)
    return 0;
  mssind = (cookie - cookie_hash (secret, saddr, daddr, sport, dport, count - diff, 1)) & COOKIEMASK;
  return mssind < G_N_ELEMENTS (msstab) ? msstab[mssind] : 0;
}

guint32
hs_host_cookie_secret (guint64 seed)
{
  return (guint32) (seed * 0x9e3779b97f4a7c15ull >> 32) ^ 0x5ca1ab1eu;
}

gboolean
hs_host_cookie_decode (guint32     secret,
                       const char *saddr,
                       const char *daddr,
                       guint16     sport,
                       guint16     dport,
                       guint32     client_isn,
                       guint32     cookie,
                       HsTime      now,
                       guint      *count,
                       guint      *mss_index,
                       guint16    *mss)
{
  guint32 rest = cookie - (cookie_hash (secret, saddr, daddr, sport, dport, 0, 0) + client_isn);
  guint32 top = rest >> COOKIEBITS;
  /* the 8 bits hold the minutes modulo 256; the second hash took them
   * whole, as the clock read when the cookie was made */
  guint32 minutes = cookie_time (now) - ((cookie_time (now) - top) & ((guint32) -1 >> COOKIEBITS));
  guint32 index = (rest - cookie_hash (secret, saddr, daddr, sport, dport, minutes, 1)) & COOKIEMASK;

  if (index >= G_N_ELEMENTS (msstab))
    return FALSE;
  if (count != NULL)
    *count = top;
  if (mss_index != NULL)
    *mss_index = index;
  if (mss != NULL)
    *mss = msstab[index];
  return TRUE;
}

gboolean
hs_host_time_wait_takes_syn (guint32 rcv_nxt,
                             guint32 syn_seq)
{
  return hs_seq_gt (syn_seq, rcv_nxt);
}

guint32
hs_host_time_wait_isn (guint32 snd_nxt)
{
  guint32 isn = snd_nxt + 65535 + 2;

  return isn != 0 ? isn : 1;
}
