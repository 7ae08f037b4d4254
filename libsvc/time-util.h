/* time-util.h: microsecond time values, the clocks, and systemd.time(7) durations. */
#pragma once

#include <stdint.h>
#include <stddef.h>
#include <time.h>

typedef uint64_t usec_t;

#define USEC_INFINITY ((usec_t) UINT64_MAX)
#define USEC_PER_MSEC ((usec_t) 1000ULL)
#define USEC_PER_SEC ((usec_t) 1000000ULL)
#define NSEC_PER_USEC ((uint64_t) 1000ULL)

/* Reads a clock (CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME) in microseconds. */
usec_t now_usec(int clock_id);

/* Parses a systemd.time(7) time span: "5", "5s", "1min 30s", "2h", "500ms", "infinity".
 * A bare number is in default_unit (USEC_PER_SEC for *Sec= settings). */
int parse_timespan(const char *s, usec_t default_unit, usec_t *ret);

/* Formats a span the way systemctl does ("1min 30s", "infinity"). */
char *format_timespan(char *buf, size_t len, usec_t t);
/* systemd's format_timespan() with an accuracy (systemd-analyze's "1.234s"): the largest
 * units first; below a minute, the rest as a decimal fraction of the last unit, cut at
 * accuracy. */
char *format_timespan_accuracy(char *buf, size_t len, usec_t t, usec_t accuracy);

/* Formats a CLOCK_REALTIME timestamp as "Tue 2026-11-24 01:19:13 UTC". */
char *format_timestamp(char *buf, size_t len, usec_t realtime);

static inline usec_t usec_add(usec_t a, usec_t b) {
        return (a > USEC_INFINITY - b) ? USEC_INFINITY : a + b;
}

/* a - b, 0 when b is later (a span cannot be negative); infinity stays infinity. */
static inline usec_t usec_sub(usec_t a, usec_t b) {
        if (a == USEC_INFINITY)
                return USEC_INFINITY;
        return a > b ? a - b : 0;
}
