/* notify-message.h: one sd_notify(3) datagram's text, parsed into what it asks of svcd.
 *
 * Pure: no sockets, no services. The text is newline-separated VARIABLE=VALUE
 * assignments (sd_notify(3)); unknown variables are ignored, as systemd does; a known
 * variable with a bad value is reported in ->warnings and left unset. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "libsvc/time-util.h"

/* systemd's NOTIFY_BUFFER_MAX: a datagram longer than this is dropped whole. */
#define NOTIFY_MESSAGE_MAX 4096

struct notify_message {
        bool ready;            /* READY=1 */
        bool reloading;        /* RELOADING=1 */
        bool stopping;         /* STOPPING=1 */
        bool watchdog_ping;    /* WATCHDOG=1 */
        bool watchdog_trigger; /* WATCHDOG=trigger */
        bool fdstore;          /* FDSTORE=1 */
        bool fdstore_remove;   /* FDSTOREREMOVE=1 */
        bool fdpoll_disabled;  /* FDPOLL=0 */
        bool barrier;          /* BARRIER=1 */
        char *status;          /* STATUS=..., NULL: not sent */
        char *fdname;          /* FDNAME=..., NULL: not sent (valid: 1..255 printable, no ':') */
        bool has_errno;
        int errno_value;       /* ERRNO=, >= 0 */
        pid_t main_pid;        /* MAINPID=, 0: not sent; > 1 */
        usec_t monotonic_usec; /* MONOTONIC_USEC=, 0: not sent */
        bool has_watchdog_usec;
        usec_t watchdog_usec;  /* WATCHDOG_USEC=, > 0 */
        bool has_extend_timeout;
        usec_t extend_timeout_usec; /* EXTEND_TIMEOUT_USEC= */
        char **warnings;       /* "MAINPID=abc: not a process id" per bad assignment */
};

void notify_message_done(struct notify_message *m);

/* Parses len bytes of buf (not NUL-terminated). -EBADMSG if the datagram is malformed as a
 * whole (embedded NUL byte, empty, not UTF-8-clean text, a line without '='), -EMSGSIZE if
 * longer than NOTIFY_MESSAGE_MAX, -ENOMEM; on failure *ret is left zeroed. */
int notify_message_parse(const char *buf, size_t len, struct notify_message *ret);
