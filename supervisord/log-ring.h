/* log-ring.h: a unit's kept lines in a bounded ring, and bytes made lines: assembly, "<N>" priorities, UTF-8 repair. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libsvc/time-util.h"

/* One line as kept and shown. */
struct log_entry {
        uint64_t seq;      /* svcd-wide order of arrival, from 1 */
        usec_t timestamp;  /* CLOCK_REALTIME when svcd read it */
        pid_t pid;         /* the main process of the run whose pipe carried it */
        int priority;      /* syslog level, 0 (emerg) to 7 (debug) */
        size_t len;        /* bytes of message (which may hold NULs), a NUL follows */
        char message[];
};

int log_entry_new(const char *message, size_t len, int priority, pid_t pid, usec_t timestamp, struct log_entry **ret);

/* The bounded ring of one unit. */
struct log_ring {
        struct log_entry **entries; /* circular, oldest at start */
        size_t cap, start, n;
        size_t bytes;               /* message bytes held */
        size_t max_lines, max_bytes;
        uint64_t n_evicted;         /* lines dropped to stay within the bounds */
};

void log_ring_init(struct log_ring *r, size_t max_lines, size_t max_bytes);
void log_ring_done(struct log_ring *r);
/* Takes ownership of e (freed on failure too) and evicts the oldest lines to make room. */
int log_ring_push(struct log_ring *r, struct log_entry *e);
/* Entry i, 0 being the oldest held. */
const struct log_entry *log_ring_get(const struct log_ring *r, size_t i);
/* The index of the first entry whose seq is at least seq (r->n if none). */
size_t log_ring_lower_bound(const struct log_ring *r, uint64_t seq);

/* Cuts a byte stream into lines: fn gets each line without its "\n", and each line_max
 * bytes of a longer one. */
struct log_line_buffer {
        char *data; /* the incomplete line so far */
        size_t len, cap;
};
typedef void (*log_line_fn)(const char *line, size_t len, void *userdata);
int log_line_buffer_feed(struct log_line_buffer *b, const char *data, size_t n, size_t line_max, log_line_fn fn,
                         void *userdata);
/* End of stream: what is left is a line too. */
void log_line_buffer_flush(struct log_line_buffer *b, log_line_fn fn, void *userdata);
void log_line_buffer_done(struct log_line_buffer *b);

/* sd-daemon(3): a line may start with "<N>", its syslog priority; journald also accepts
 * the facility-encoded form (up to 191, as syslog(3) packs it). Removes the prefix and
 * returns the level, or returns default_priority and leaves the line as it is. */
int log_parse_priority(const char **line, size_t *len, int default_priority);

/* JSON strings must be UTF-8, a service's output need not be. Returns 0 when message is
 * valid UTF-8 (nothing allocated), 1 with *ret a copy (NUL-terminated, *ret_len bytes) in
 * which each byte that starts no valid sequence is U+FFFD, or -ENOMEM. */
int log_message_to_utf8(const char *message, size_t len, char **ret, size_t *ret_len);
