/* time-util.c: clocks and time spans with systemd.time(7) units and formatting. */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libsvc/macro.h"
#include "libsvc/time-util.h"

usec_t now_usec(int clock_id) {
        struct timespec ts;

        if (clock_gettime(clock_id, &ts) < 0)
                abort(); /* Only fails for an invalid clock id: a programming error. */
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / NSEC_PER_USEC;
}

/* Units accepted by systemd.time(7); longer spellings first so that prefixes do not win. */
static const struct {
        const char *suffix;
        usec_t usec;
} time_units[] = {
        { "seconds", USEC_PER_SEC },
        { "second", USEC_PER_SEC },
        { "sec", USEC_PER_SEC },
        { "s", USEC_PER_SEC },
        { "minutes", 60 * USEC_PER_SEC },
        { "minute", 60 * USEC_PER_SEC },
        { "min", 60 * USEC_PER_SEC },
        { "months", 2629800 * USEC_PER_SEC },
        { "month", 2629800 * USEC_PER_SEC },
        { "M", 2629800 * USEC_PER_SEC },
        { "msec", USEC_PER_MSEC },
        { "ms", USEC_PER_MSEC },
        { "m", 60 * USEC_PER_SEC },
        { "hours", 3600 * USEC_PER_SEC },
        { "hour", 3600 * USEC_PER_SEC },
        { "hr", 3600 * USEC_PER_SEC },
        { "h", 3600 * USEC_PER_SEC },
        { "days", 86400 * USEC_PER_SEC },
        { "day", 86400 * USEC_PER_SEC },
        { "d", 86400 * USEC_PER_SEC },
        { "weeks", 604800 * USEC_PER_SEC },
        { "week", 604800 * USEC_PER_SEC },
        { "w", 604800 * USEC_PER_SEC },
        { "years", 31557600 * USEC_PER_SEC },
        { "year", 31557600 * USEC_PER_SEC },
        { "y", 31557600 * USEC_PER_SEC },
        { "usec", 1 },
        { "us", 1 },
        { "μs", 1 },
        { "nsec", 0 },
        { "ns", 0 },
};

int parse_timespan(const char *s, usec_t default_unit, usec_t *ret) {
        usec_t total = 0;
        const char *p = s;
        bool any = false;

        while (isspace((unsigned char) *p))
                p++;
        if (streq(p, "infinity")) {
                *ret = USEC_INFINITY;
                return 0;
        }

        while (*p) {
                char *end;
                double value, frac_part = 0;
                usec_t unit = default_unit;
                bool nsec = false;

                if (*p == '-' || *p == '+')
                        return -EINVAL;
                errno = 0;
                unsigned long long whole = strtoull(p, &end, 10);
                if (errno != 0)
                        return -ERANGE;
                if (end == p && *p != '.')
                        return -EINVAL;
                if (*end == '.') {
                        const char *f = end + 1;
                        double scale = 0.1;
                        /* One dot, with digits after it: "1.5s", ".5s"; not "1..5s" or "1.s". */
                        if (!isdigit((unsigned char) *f))
                                return -EINVAL;
                        while (isdigit((unsigned char) *f)) {
                                frac_part += (*f - '0') * scale;
                                scale /= 10;
                                f++;
                        }
                        end = (char *) f;
                }
                value = (double) whole + frac_part;
                p = end;
                while (*p == ' ' || *p == '\t')
                        p++;

                size_t i;
                for (i = 0; i < ELEMENTSOF(time_units); i++) {
                        size_t n = strlen(time_units[i].suffix);
                        if (strncmp(p, time_units[i].suffix, n) == 0 &&
                            !isalpha((unsigned char) p[n])) {
                                unit = time_units[i].usec;
                                nsec = unit == 0;
                                p += n;
                                break;
                        }
                }
                if (i == ELEMENTSOF(time_units) && isalpha((unsigned char) *p))
                        return -EINVAL;

                double add = nsec ? value / 1000.0 : value * (double) unit;
                if (add >= (double) (USEC_INFINITY - total))
                        return -ERANGE;
                total += (usec_t) add;
                any = true;

                while (isspace((unsigned char) *p))
                        p++;
        }

        if (!any)
                return -EINVAL;
        *ret = total;
        return 0;
}

/* systemd.time(7)'s units, largest first, as format_timespan() writes them. */
static const struct {
        const char *suffix;
        usec_t usec;
} timespan_units[] = {
        { "y", 31557600 * USEC_PER_SEC }, { "month", 2629800 * USEC_PER_SEC },
        { "w", 604800 * USEC_PER_SEC },   { "d", 86400 * USEC_PER_SEC },
        { "h", 3600 * USEC_PER_SEC },     { "min", 60 * USEC_PER_SEC },
        { "s", USEC_PER_SEC },            { "ms", USEC_PER_MSEC },
        { "us", 1 },
};

char *format_timespan(char *buf, size_t len, usec_t t) {
        size_t off = 0;

        if (t == USEC_INFINITY) {
                snprintf(buf, len, "infinity");
                return buf;
        }
        if (t == 0) {
                snprintf(buf, len, "0");
                return buf;
        }
        buf[0] = 0;
        for (size_t i = 0; i < ELEMENTSOF(timespan_units) && t > 0; i++) {
                if (t < timespan_units[i].usec)
                        continue;
                usec_t n = t / timespan_units[i].usec;
                t %= timespan_units[i].usec;
                int w = snprintf(buf + off, len - off, "%s%llu%s", off ? " " : "", (unsigned long long) n,
                                 timespan_units[i].suffix);
                if (w < 0 || (size_t) w >= len - off)
                        break;
                off += (size_t) w;
        }
        return buf;
}

/* systemd's format_timespan() (src/basic/time-util.c): the largest units first; below a
 * minute, the rest as a decimal fraction of the last unit, cut at accuracy. */
char *format_timespan_accuracy(char *buf, size_t len, usec_t t, usec_t accuracy) {
        const usec_t minute = 60 * USEC_PER_SEC;
        size_t off = 0;
        bool something = false;

        if (len == 0)
                return buf;
        if (t == USEC_INFINITY || t == 0) {
                snprintf(buf, len, "%s", t == 0 ? "0" : "infinity");
                return buf;
        }
        buf[0] = 0;
        for (size_t i = 0; i < ELEMENTSOF(timespan_units) && t > 0; i++) {
                usec_t a, b;
                int k;

                if (t < accuracy && something)
                        break;
                if (t < timespan_units[i].usec)
                        continue;
                a = t / timespan_units[i].usec;
                b = t % timespan_units[i].usec;
                k = -1;
                if (t < minute && b > 0) {
                        int digits = 0;
                        for (usec_t cc = timespan_units[i].usec; cc > 1; cc /= 10)
                                digits++;
                        for (usec_t cc = accuracy; cc > 1; cc /= 10) {
                                b /= 10;
                                digits--;
                        }
                        if (digits > 0) {
                                k = snprintf(buf + off, len - off, "%s%" PRIu64 ".%0*" PRIu64 "%s", off ? " " : "", a,
                                             digits, b, timespan_units[i].suffix);
                                t = 0;
                        }
                }
                if (k < 0) {
                        k = snprintf(buf + off, len - off, "%s%" PRIu64 "%s", off ? " " : "", a, timespan_units[i].suffix);
                        t = b;
                }
                if (k < 0 || (size_t) k >= len - off)
                        break;
                off += (size_t) k;
                something = true;
        }
        return buf;
}

char *format_timestamp(char *buf, size_t len, usec_t realtime) {
        time_t sec = (time_t) (realtime / USEC_PER_SEC);
        struct tm tm;

        if (realtime == 0 || !localtime_r(&sec, &tm) || strftime(buf, len, "%a %Y-%m-%d %H:%M:%S %Z", &tm) == 0)
                snprintf(buf, len, "n/a");
        return buf;
}
