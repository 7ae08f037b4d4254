/* notify-message.c: one sd_notify(3) datagram's text, parsed into struct notify_message.
 *
 * The variables and their values are sd_notify(3)'s. The checks on the datagram as a whole
 * follow systemd's receiving side (src/core/manager.c, manager_dispatch_notify_fd(): an
 * embedded NUL drops the message, one trailing NUL is tolerated); a bad value of a known
 * variable is a warning and is ignored, as in src/core/service.c, service_notify_message().
 * Two choices are stricter or different from systemd, on purpose (notify-message.h): a
 * line without '=' and text that is not UTF-8 reject the whole datagram (it is not an
 * sd_notify message), and when a variable is assigned twice the later assignment wins. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "supervisord/notify-message.h"

/* ERRNO= is an errno number: the kernel's MAX_ERRNO (include/linux/err.h) bounds them,
 * and systemd's ERRNO_MAX is the same. */
#define NOTIFY_ERRNO_MAX 4095
/* sd_notify(3), FDNAME=: "It may not be longer than 255 characters." (systemd's FDNAME_MAX) */
#define NOTIFY_FDNAME_MAX 255
/* A bad value is shown in its warning up to this many bytes: a warning is one log line. */
#define NOTIFY_WARNING_VALUE_MAX 64

struct variable;
/* Returns 0 if the value was taken, 1 if it is bad (the variable's reason says why; the
 * message keeps what it had), or -ENOMEM. */
typedef int variable_parser(struct notify_message *m, const struct variable *v, const char *value);

struct variable {
        const char *name;
        variable_parser *parse;
        size_t offset;        /* parse_flag: the bool it sets */
        const char *literal;  /* parse_flag: the one defined value */
        const char *reason;   /* the warning for a bad value */
};

void notify_message_done(struct notify_message *m) {
        if (!m)
                return;
        free(m->status);
        free(m->fdname);
        strv_free(m->warnings);
        *m = (struct notify_message) {};
}

/* Decimal digits only: no sign, no blanks, no "0x" (strtoull would take all of those). */
static bool parse_u64(const char *s, uint64_t *ret) {
        uint64_t v = 0;

        if (!*s)
                return false;
        for (; *s; s++) {
                if (*s < '0' || *s > '9')
                        return false;
                unsigned d = (unsigned) (*s - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return false;
                v = v * 10 + d;
        }
        *ret = v;
        return true;
}

/* READY=1 and its kind: sd_notify(3) defines one value ("READY=0" is not defined). */
static int parse_flag(struct notify_message *m, const struct variable *v, const char *value) {
        if (!streq(value, v->literal))
                return 1;
        *(bool *) ((char *) m + v->offset) = true;
        return 0;
}

static int parse_watchdog(struct notify_message *m, const struct variable *v, const char *value) {
        if (streq(value, "1")) {
                m->watchdog_ping = true;
                m->watchdog_trigger = false;
        } else if (streq(value, "trigger")) {
                m->watchdog_trigger = true;
                m->watchdog_ping = false;
        } else
                return 1;
        return 0;
}

static int parse_status(struct notify_message *m, const struct variable *v, const char *value) {
        /* Empty is a value: it clears the status line. */
        char *s = strdup(value);

        if (!s)
                return -ENOMEM;
        free(m->status);
        m->status = s;
        return 0;
}

/* sd_notify(3): "arbitrary ASCII characters except control characters or ':'" (':'
 * separates names in $LISTEN_FDNAMES), at most 255 of them; systemd's fdname_is_valid().
 * Unlike systemd, an empty name is refused: it names nothing. */
static int parse_fdname(struct notify_message *m, const struct variable *v, const char *value) {
        size_t n = strlen(value);
        char *s;

        if (n == 0 || n > NOTIFY_FDNAME_MAX)
                return 1;
        for (const char *p = value; *p; p++)
                if (*p < ' ' || *p >= 127 || *p == ':')
                        return 1;
        s = strdup(value);
        if (!s)
                return -ENOMEM;
        free(m->fdname);
        m->fdname = s;
        return 0;
}

static int parse_errno(struct notify_message *m, const struct variable *v, const char *value) {
        uint64_t e;

        if (!parse_u64(value, &e) || e > NOTIFY_ERRNO_MAX)
                return 1;
        m->has_errno = true;
        m->errno_value = (int) e;
        return 0;
}

/* PID 1 is never a service's main process (it is svcd, or the init svcd runs under), and
 * 0 is not a process at all. */
static int parse_main_pid(struct notify_message *m, const struct variable *v, const char *value) {
        uint64_t pid;

        if (!parse_u64(value, &pid) || pid <= 1 || pid > INT32_MAX)
                return 1;
        m->main_pid = (pid_t) pid;
        return 0;
}

static int parse_watchdog_usec(struct notify_message *m, const struct variable *v, const char *value) {
        uint64_t u;

        /* Zero would be a watchdog that fires at once; systemd.service(5) turns it off with
         * WatchdogSec=0 in the unit, not through this message. */
        if (!parse_u64(value, &u) || u == 0)
                return 1;
        m->has_watchdog_usec = true;
        m->watchdog_usec = u;
        return 0;
}

static int parse_extend_timeout_usec(struct notify_message *m, const struct variable *v, const char *value) {
        uint64_t u;

        if (!parse_u64(value, &u))
                return 1;
        m->has_extend_timeout = true;
        m->extend_timeout_usec = u;
        return 0;
}

/* Sent with RELOADING=1 (Type=notify-reload): CLOCK_MONOTONIC when the reload began.
 * 0 is "not sent" in the struct, and no real timestamp. */
static int parse_monotonic_usec(struct notify_message *m, const struct variable *v, const char *value) {
        uint64_t u;

        if (!parse_u64(value, &u) || u == 0)
                return 1;
        m->monotonic_usec = u;
        return 0;
}

#define FLAG(var, field, value)                                                                 \
        { var, parse_flag, offsetof(struct notify_message, field), value, "only " var "=" value " is defined" }

/* Sorted by name. BUSERROR= is not here: svcd has no D-Bus, so it is ignored like any
 * variable it does not know. */
static const struct variable variables[] = {
        FLAG("BARRIER", barrier, "1"),
        { "ERRNO", parse_errno, 0, NULL, "not an errno number (0-4095)" },
        { "EXTEND_TIMEOUT_USEC", parse_extend_timeout_usec, 0, NULL, "not a number of microseconds" },
        { "FDNAME", parse_fdname, 0, NULL,
          "not a file descriptor name (1-255 printable ASCII characters, no ':')" },
        FLAG("FDPOLL", fdpoll_disabled, "0"),
        FLAG("FDSTORE", fdstore, "1"),
        FLAG("FDSTOREREMOVE", fdstore_remove, "1"),
        { "MAINPID", parse_main_pid, 0, NULL, "not a valid process id" },
        { "MONOTONIC_USEC", parse_monotonic_usec, 0, NULL, "not a CLOCK_MONOTONIC timestamp in microseconds" },
        FLAG("READY", ready, "1"),
        FLAG("RELOADING", reloading, "1"),
        { "STATUS", parse_status, 0, NULL, NULL },
        FLAG("STOPPING", stopping, "1"),
        { "WATCHDOG", parse_watchdog, 0, NULL, "only WATCHDOG=1 and WATCHDOG=trigger are defined" },
        { "WATCHDOG_USEC", parse_watchdog_usec, 0, NULL, "not a positive number of microseconds" },
};

static const struct variable *variable_find(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(variables); i++)
                if (streq(variables[i].name, name))
                        return &variables[i];
        return NULL;
}

/* Strict UTF-8 (RFC 3629 section 3): no overlong forms, no surrogates, nothing above
 * U+10FFFF. */
static bool utf8_is_valid(const unsigned char *p, size_t n) {
        for (size_t i = 0; i < n;) {
                unsigned char c = p[i];
                uint32_t cp, min;
                size_t len;

                if (c < 0x80) {
                        i++;
                        continue;
                }
                if ((c & 0xe0) == 0xc0) {
                        len = 2, cp = c & 0x1f, min = 0x80;
                } else if ((c & 0xf0) == 0xe0) {
                        len = 3, cp = c & 0x0f, min = 0x800;
                } else if ((c & 0xf8) == 0xf0) {
                        len = 4, cp = c & 0x07, min = 0x10000;
                } else
                        return false;
                if (n - i < len)
                        return false;
                for (size_t k = 1; k < len; k++) {
                        if ((p[i + k] & 0xc0) != 0x80)
                                return false;
                        cp = cp << 6 | (p[i + k] & 0x3f);
                }
                if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                        return false;
                i += len;
        }
        return true;
}

/* The value as a warning shows it: control characters (which could forge log lines or
 * send terminal escapes) as \xNN, and at most NOTIFY_WARNING_VALUE_MAX bytes of it, cut
 * at a character boundary (the text is valid UTF-8 by now). */
static void escape_value(const char *value, char *buf, size_t size) {
        size_t n = strlen(value), keep = MIN(n, (size_t) NOTIFY_WARNING_VALUE_MAX), o = 0;

        while (keep > 0 && keep < n && ((unsigned char) value[keep] & 0xc0) == 0x80)
                keep--;
        for (size_t i = 0; i < keep && o + 5 <= size; i++) {
                unsigned char c = (unsigned char) value[i];
                if (c < ' ' || c == 127)
                        o += (size_t) snprintf(buf + o, size - o, "\\x%02x", c);
                else
                        buf[o++] = (char) c;
        }
        if (keep < n && o + 4 <= size) {
                memcpy(buf + o, "...", 3);
                o += 3;
        }
        buf[o] = 0;
}

/* One VARIABLE=VALUE line, split at its first '='. */
static int assign(struct notify_message *m, const char *name, const char *value) {
        const struct variable *v = variable_find(name);
        char shown[NOTIFY_WARNING_VALUE_MAX * 4 + 4];
        int r;

        if (!v)
                return 0; /* sd_notify(3): "The string may contain any kind of variable assignments" */
        r = v->parse(m, v, value);
        if (r <= 0)
                return r;
        escape_value(value, shown, sizeof shown);
        return strv_extendf(&m->warnings, "%s=%s: %s", name, shown, v->reason);
}

int notify_message_parse(const char *buf, size_t len, struct notify_message *ret) {
        _cleanup_(notify_message_done) struct notify_message m = {};
        char text[NOTIFY_MESSAGE_MAX + 1];
        int r;

        *ret = (struct notify_message) {};
        if (len > NOTIFY_MESSAGE_MAX)
                return -EMSGSIZE;
        /* systemd tolerates one trailing NUL (a client that sent sizeof a string literal). */
        if (len > 0 && buf[len - 1] == 0)
                len--;
        if (len == 0 || memchr(buf, 0, len) || !utf8_is_valid((const unsigned char *) buf, len))
                return -EBADMSG;

        memcpy(text, buf, len);
        text[len] = 0;
        /* Lines end at '\n'; one trailing newline ends the last line and starts none. */
        for (char *line = text, *next; line < text + len; line = next) {
                char *nl = strchr(line, '\n'), *eq;

                if (nl) {
                        *nl = 0;
                        next = nl + 1;
                } else
                        next = text + len;
                eq = strchr(line, '=');
                if (!eq)
                        return -EBADMSG;
                *eq = 0;
                r = assign(&m, line, eq + 1);
                if (r < 0)
                        return r;
        }
        *ret = m;
        m = (struct notify_message) {};
        return 0;
}
