/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-scenario.h: a lesson: who talks to whom, over what network, doing what.
 * Read from GLib key files, the built-in ones from the GResource bundle. */

#pragma once

#include <gio/gio.h>

#include "hs-chapters.h"
#include "hs-profile.h"
#include "hs-types.h"

G_BEGIN_DECLS

#define HS_LESSON_RESOURCE_PATH "/io/github/handshake/Handshake/lessons/"
#define HS_DEFAULT_LESSON       "full-connection"

/* The largest lesson file read, in bytes (1 MiB). A lesson is a few KB;
 * the limit keeps a wrong argument (a log, a device) out of memory. */
#define HS_LESSON_MAX_SIZE (1024 * 1024)

/* Payload of the largest UDP datagram over IPv4: 65,535 − 20 − 8 bytes. */
#define HS_UDP_MAX_PAYLOAD 65507
/* [Network] MTU: Ethernet's by default; at least IPv4's minimum, 68. */
#define HS_DEFAULT_MTU     1500
#define HS_MIN_MTU         68

/* Socket groups a lesson may have: [Client], [Server] and up to 14 more
 * ([Client 2] … [Server 16]). */
#define HS_SCENARIO_MAX_SOCKETS 16
/* listen() with no backlog: Linux's net.core.somaxconn (4096 since 5.4),
 * the most a backlog can be. */
#define HS_DEFAULT_BACKLOG      4096
/* "flood N every T": at most this many forged SYNs, each a socket of the
 * trace (HS_TRACE_MAX_ENDPOINTS) */
#define HS_MAX_FLOOD            20

/* A lesson's Transport=; the nicks are the words lesson files use. */
typedef enum
{
  HS_LESSON_TCP,
  HS_LESSON_UDP,
  HS_LESSON_TCP_AND_UDP,    /*< nick=compare >*/ /* the same scripts over both, side by side */
  HS_LESSON_RENO_AND_CUBIC, /*< nick=compare-congestion >*/ /* over TCP twice: Reno, then CUBIC */
} HsLessonTransport;

/* No GType: the scripts' words are not one per action ("wait", "at",
 * "wait-for established", ...). */
typedef enum /*< skip >*/
{
  HS_ACTION_LISTEN,
  HS_ACTION_CONNECT,        /* blocks until established or failed */
  HS_ACTION_SEND,           /* value bytes, or text */
  HS_ACTION_SHUTDOWN,       /* the write side: FIN, keep reading */
  HS_ACTION_CLOSE,
  HS_ACTION_ABORT,          /* RST, like close() with SO_LINGER {1, 0} */
  HS_ACTION_CORK,           /* setsockopt(TCP_CORK, 1) */
  HS_ACTION_UNCORK,         /* setsockopt(TCP_CORK, 0) */
  HS_ACTION_SHUTDOWN_READ,  /* shutdown(SHUT_RD) */
  HS_ACTION_READ,           /* value bytes (blocks until read), or 0: what is there now */
  HS_ACTION_WAIT,           /* time: a duration */
  HS_ACTION_WAIT_UNTIL,     /* time: since the start */
  HS_ACTION_WAIT_ESTABLISHED,
  HS_ACTION_WAIT_BYTES,     /* until value bytes in all have been read */
  HS_ACTION_WAIT_EOF,
  HS_ACTION_WAIT_CLOSED,
  HS_ACTION_KILL,           /* the process is killed: the kernel closes its socket */
  HS_ACTION_CRASH,          /* the host stops: every TCB is lost, nothing is answered */
  HS_ACTION_REBOOT,         /* the host runs again, with no TCB */
  HS_ACTION_ACCEPT,         /* blocks until the listener's accept queue has a connection;
                             * the rest of the script acts on it */
  HS_ACTION_FLOOD,          /* an attacker: value SYNs from forged addresses, one every time */
  HS_N_ACTIONS
} HsActionKind;

typedef struct
{
  HsActionKind kind;
  guint64      value;
  HsTime       time;
  char        *text;        /* SEND with a text payload */
  gboolean     more;        /* SEND with MSG_MORE; CONNECT that does not block */
} HsAction;

typedef struct
{
  char     *name;
  char     *address;
  guint16   port;
  gboolean  isn_random;
  guint32   isn;
  guint16   mss;
  guint32   receive_buffer;
  guint32   send_buffer;
  gint      window_scale;   /* -1: no window scale option */
  gboolean  sack;
  gboolean  timestamps;
  gboolean  nagle;
  gboolean  delayed_ack;
  gboolean  auto_read;      /* the application reads data as soon as it arrives */
  guint32   initial_ssthresh; /* 0: unlimited (RFC 5681 "arbitrarily high") */
  HsCongestionKind congestion; /* default: what the profile runs */
  /* Keepalive (SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT) */
  gboolean  keepalive;
  HsTime    keep_idle;      /* silence before the first probe */
  HsTime    keep_interval;  /* between unanswered probes */
  guint     keep_count;     /* unanswered probes before giving up */
  HsTime    user_timeout;   /* TCP_USER_TIMEOUT: 0, or how long data may stay unacknowledged */
  HsTime    linger;         /* SO_LINGER: HS_TIME_NONE (off), 0 (close aborts) or how long close() waits */
  GArray   *script;         /* of HsAction */
  /* Lessons with several sockets (docs/lessons.md, "Several sockets") */
  guint     peer;           /* the socket group connect() goes to (an index of the scenario's endpoints) */
  gboolean  server_side;    /* a [Server …] group: its host is the server's side of the network */
  gboolean  reuse_addr;     /* SO_REUSEADDR */
  gboolean  syncookies;     /* net.ipv4.tcp_syncookies=1 on this socket's host */
  gboolean  attacker;       /* Kind=attacker: sends forged SYNs and answers nothing */
} HsEndpointConfig;

typedef struct
{
  HsTime   delay;           /* one way */
  HsTime   jitter;          /* each segment's delay varies by up to ± this */
  guint64  bandwidth;       /* bits per second; 0 means no limit */
  guint    queue_limit;     /* segments waiting for the link; 0 means no limit */
  double   loss;            /* probability, 0..1 */
  double   duplicate;
  double   reorder;         /* probability that a segment is held back */
  guint    mtu;             /* the largest IP packet the path carries; bigger UDP datagrams are fragmented */
} HsPathConfig;

/* "client:3", "server:SYN+ACKx2", "client:FIN#2" */
typedef struct
{
  guint    endpoint;
  guint    nth;             /* the nth segment the endpoint sends; 0 when matching flags */
  guint8   flags;           /* with @nth == 0: which segments match (see docs/lessons.md) */
  gboolean data;            /* with @nth == 0: matches only segments that carry data */
  guint    first;           /* the first matching segment to drop, from 1 */
  guint    count;           /* how many matching segments in a row */
} HsDropSpec;

/* [Network] OldDuplicate=: a segment of an earlier incarnation of the
 * connection that the network delivers late ("client:SYN seq=90 at 5ms",
 * RFC 9293 section 3.5, figure 8). */
typedef struct
{
  guint    endpoint;        /* whose earlier connection sent it */
  guint8   flags;           /* HsTcpFlags */
  guint32  seq;             /* absolute: the old incarnation's numbers */
  guint32  ack;
  guint32  len;
  HsTime   time;            /* when it arrives at the other endpoint */
} HsOldDuplicate;

/* What a quiz question asks about a step; the nicks are the words a
 * lesson's [Questions] group uses. */
typedef enum /*< flags >*/
{
  HS_QUIZ_FIELD_SENDER = 1 << 0,  /*< nick=sender >*/
  HS_QUIZ_FIELD_FLAGS  = 1 << 1,  /*< nick=flags >*/
  HS_QUIZ_FIELD_SEQ    = 1 << 2,  /*< nick=seq >*/
  HS_QUIZ_FIELD_ACK    = 1 << 3,  /*< nick=ack >*/
  HS_QUIZ_FIELD_LEN    = 1 << 4,  /*< nick=len >*/
  HS_QUIZ_FIELD_WINDOW = 1 << 5,  /*< nick=window >*/
  HS_QUIZ_FIELD_STATE  = 1 << 6,  /*< nick=state >*/
  HS_QUIZ_FIELD_TIME   = 1 << 7,  /*< nick=time >*/
} HsQuizField;

/* A question a lesson asks in its own words ([Questions] QuestionN=). */
typedef struct
{
  guint  step;      /* 0-based: the step asked about */
  guint  fields;    /* HsQuizField; 0: the group's Fields */
  char  *text;      /* TextN in the user's language, or NULL */
  char  *where;     /* "FILE:LINE" of the QuestionN key, for messages */
} HsQuestionConfig;
/* What a lesson asks the diagram to show ([Lesson] Show=). */
typedef enum
{
  HS_LESSON_SHOW_SACK    = 1 << 0,  /* SACK blocks: the options line of each label */
  HS_LESSON_SHOW_WINDOW  = 1 << 1,  /* the advertised window, even on shortened labels */
  HS_LESSON_SHOW_OPTIONS = 1 << 2,  /* every option: MSS, WS, SACK, TS */
} HsLessonShow;

#define HS_TYPE_SCENARIO (hs_scenario_get_type ())
G_DECLARE_FINAL_TYPE (HsScenario, hs_scenario, HS, SCENARIO, GObject)

HsScenario             *hs_scenario_new_from_data     (const char  *id,
                                                       const char  *origin,
                                                       const char  *data,
                                                       gsize        len,
                                                       GError     **error);
HsScenario             *hs_scenario_new_from_file     (const char  *path,
                                                       GError     **error);
HsScenario             *hs_scenario_new_builtin       (const char  *id,
                                                       GError     **error);
/* An id of a built-in lesson, or a path to a lesson file. */
HsScenario             *hs_scenario_load              (const char  *id_or_path,
                                                       GError     **error);
/* The ids of the built-in lessons, in teaching order; free with g_strfreev. */
char                  **hs_scenario_list_builtin      (void);

/* Overrides a parameter by its documented key ("client.isn", "network.delay"). */
gboolean                hs_scenario_set               (HsScenario  *self,
                                                       const char  *assignment,
                                                       GError     **error);
gboolean                hs_scenario_add_drop          (HsScenario  *self,
                                                       const char  *spec,
                                                       GError     **error);
void                    hs_scenario_set_seed          (HsScenario  *self,
                                                       guint64      seed);
void                    hs_scenario_set_profile       (HsScenario  *self,
                                                       HsProfileKind profile);
/* The lesson as a key file again, with every override applied. */
char                   *hs_scenario_to_data           (HsScenario  *self,
                                                       gsize       *len);

const char             *hs_scenario_get_id            (HsScenario  *self);
const char             *hs_scenario_get_title         (HsScenario  *self);
const char             *hs_scenario_get_description   (HsScenario  *self);
const char             *hs_scenario_get_topic         (HsScenario  *self);
HsProfileKind           hs_scenario_get_profile       (HsScenario  *self);
HsLessonTransport       hs_scenario_get_transport     (HsScenario  *self);
/* [Lesson] Plot: "congestion", "sequence", "window", "throughput" or
 * "rtt", the plot the window shows when the lesson opens; NULL: none. */
const char             *hs_scenario_get_plot          (HsScenario  *self);
guint64                 hs_scenario_get_seed          (HsScenario  *self);
HsTime                  hs_scenario_get_duration      (HsScenario  *self);
const HsEndpointConfig *hs_scenario_get_endpoint      (HsScenario  *self,
                                                       guint        index);
/* Socket groups: 2 ([Client] and [Server], endpoints 0 and 1) unless the
 * lesson has numbered ones ([Client 2], ...), which follow in file order. */
guint                   hs_scenario_get_n_endpoints   (HsScenario  *self);
/* TRUE for a lesson with several sockets: numbered socket groups,
 * "accept" or "listen backlog=N". Such a lesson runs with hosts (sockets
 * demultiplexed by their 4-tuple, listen queues); any other runs as two
 * endpoints, as lessons always did. */
gboolean                hs_scenario_has_hosts         (HsScenario  *self);
/* Path 0 carries client → server, path 1 server → client. */
const HsPathConfig     *hs_scenario_get_path          (HsScenario  *self,
                                                       guint        index);
/* [Lesson] TimeMode=: the nick of the diagram's time mode the lesson is
 * best read in ("proportional" or "events", HsDiagramTimeMode's nicks),
 * or NULL when the lesson leaves it to the user. */
const char             *hs_scenario_get_time_mode     (HsScenario  *self);
/* [Lesson] Show=: HsLessonShow flags. */
guint                   hs_scenario_get_show          (HsScenario  *self);
guint                   hs_scenario_get_n_drops       (HsScenario  *self);
/* The chapters the lesson sets ([Lesson] Chapters=); none when the
 * window is to derive them from the trace (hs_chapters_from_trace()). */
guint                   hs_scenario_get_n_chapters    (HsScenario  *self);
const HsChapter        *hs_scenario_get_chapter       (HsScenario  *self,
                                                       guint        index);
const HsDropSpec       *hs_scenario_get_drop          (HsScenario  *self,
                                                       guint        index);
guint                   hs_scenario_get_n_old_duplicates (HsScenario *self);
const HsOldDuplicate   *hs_scenario_get_old_duplicate (HsScenario  *self,
                                                       guint        index);

/* [Questions]: the fields default questions ask (HsQuizField), whether
 * each attempt draws its own ISNs, MSS and payload sizes, and the
 * lesson's own questions in the order it lists them (none: every segment
 * whose fields follow from earlier steps, see hs-quiz.h). */
guint                   hs_scenario_get_quiz_fields   (HsScenario  *self);
gboolean                hs_scenario_get_quiz_random   (HsScenario  *self);
guint                   hs_scenario_get_n_questions   (HsScenario  *self);
const HsQuestionConfig *hs_scenario_get_question      (HsScenario  *self,
                                                       guint        index);

/* "50ms", "1.5s", "200us", "2min" */
gboolean                hs_parse_duration             (const char  *str,
                                                       HsTime      *out);
gboolean                hs_drop_spec_parse            (const char  *str,
                                                       const char  *client_name,
                                                       const char  *server_name,
                                                       HsDropSpec  *out,
                                                       GError     **error);
gboolean                hs_old_duplicate_parse        (const char  *str,
                                                       const char  *client_name,
                                                       const char  *server_name,
                                                       HsOldDuplicate *out,
                                                       GError     **error);
gboolean                hs_drop_spec_matches          (const HsDropSpec *spec,
                                                       guint        nth_sent,
                                                       guint8       flags,
                                                       guint32      len);

G_END_DECLS
