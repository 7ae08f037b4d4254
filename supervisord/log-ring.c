/* log-ring.c: a unit's kept lines in a bounded ring, and bytes made lines: assembly, "<N>" priorities, UTF-8 repair.
 *
 * No I/O and no event loop: log-capture.c feeds these from its pipes, control-methods.c
 * reads the rings, and tests/unit/test-log-capture.c drives them directly. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "libsvc/macro.h"
#include "supervisord/log-ring.h"

int log_entry_new(const char *message, size_t len, int priority, pid_t pid, usec_t timestamp, struct log_entry **ret) {
        struct log_entry *e = malloc(sizeof *e + len + 1);

        if (!e)
                return -ENOMEM;
        *e = (struct log_entry) { .timestamp = timestamp, .pid = pid, .priority = priority, .len = len };
        memcpy(e->message, message, len);
        e->message[len] = 0;
        *ret = e;
        return 0;
}

void log_ring_init(struct log_ring *r, size_t max_lines, size_t max_bytes) {
        *r = (struct log_ring) { .max_lines = MAX(max_lines, (size_t) 1), .max_bytes = max_bytes };
}

void log_ring_done(struct log_ring *r) {
        for (size_t i = 0; i < r->n; i++)
                free(r->entries[(r->start + i) % r->cap]);
        free(r->entries);
        log_ring_init(r, r->max_lines, r->max_bytes);
}

static void ring_evict_oldest(struct log_ring *r) {
        struct log_entry *e = r->entries[r->start];

        r->bytes -= e->len;
        free(e);
        r->start = (r->start + 1) % r->cap;
        r->n--;
        r->n_evicted++;
}

int log_ring_push(struct log_ring *r, struct log_entry *e) {
        while (r->n > 0 && (r->n >= r->max_lines || r->bytes + e->len > r->max_bytes))
                ring_evict_oldest(r);
        if (r->n == r->cap) {
                /* Grows by doubling up to max_lines; the entries are unwrapped on the way. */
                size_t cap = MIN(MAX(r->cap * 2, (size_t) 16), r->max_lines);
                struct log_entry **a = malloc(cap * sizeof *a);
                if (!a) {
                        free(e);
                        return -ENOMEM;
                }
                for (size_t i = 0; i < r->n; i++)
                        a[i] = r->entries[(r->start + i) % r->cap];
                free(r->entries);
                r->entries = a;
                r->cap = cap;
                r->start = 0;
        }
        r->entries[(r->start + r->n) % r->cap] = e;
        r->n++;
        r->bytes += e->len;
        return 0;
}

const struct log_entry *log_ring_get(const struct log_ring *r, size_t i) {
        return i < r->n ? r->entries[(r->start + i) % r->cap] : NULL;
}

size_t log_ring_lower_bound(const struct log_ring *r, uint64_t seq) {
        size_t lo = 0, hi = r->n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (log_ring_get(r, mid)->seq < seq)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

static int line_buffer_append(struct log_line_buffer *b, const char *data, size_t n) {
        if (b->len + n > b->cap) {
                size_t cap = MAX(MAX(b->cap * 2, b->len + n), (size_t) 256);
                char *p = realloc(b->data, cap);
                if (!p)
                        return -ENOMEM;
                b->data = p;
                b->cap = cap;
        }
        memcpy(b->data + b->len, data, n);
        b->len += n;
        return 0;
}

int log_line_buffer_feed(struct log_line_buffer *b, const char *data, size_t n, size_t line_max, log_line_fn fn,
                         void *userdata) {
        while (n > 0) {
                size_t room = line_max - b->len;
                /* A newline up to room bytes in still ends a line of at most line_max. */
                const char *nl = memchr(data, '\n', MIN(n, room + 1));

                if (nl) {
                        size_t k = (size_t) (nl - data);
                        if (b->len == 0)
                                fn(data, k, userdata); /* the common case: no copy */
                        else {
                                if (line_buffer_append(b, data, k) < 0)
                                        return -ENOMEM;
                                fn(b->data, b->len, userdata);
                                b->len = 0;
                        }
                        data += k + 1;
                        n -= k + 1;
                } else if (n > room) {
                        /* Longer than line_max: its first line_max bytes are a line of their own. */
                        if (b->len == 0)
                                fn(data, room, userdata);
                        else {
                                if (line_buffer_append(b, data, room) < 0)
                                        return -ENOMEM;
                                fn(b->data, b->len, userdata);
                                b->len = 0;
                        }
                        data += room;
                        n -= room;
                } else
                        return line_buffer_append(b, data, n);
        }
        return 0;
}

void log_line_buffer_flush(struct log_line_buffer *b, log_line_fn fn, void *userdata) {
        if (b->len > 0)
                fn(b->data, b->len, userdata);
        b->len = 0;
}

void log_line_buffer_done(struct log_line_buffer *b) {
        free(b->data);
        *b = (struct log_line_buffer) {};
}

int log_parse_priority(const char **line, size_t *len, int default_priority) {
        const char *s = *line;
        size_t i = 1;
        int value = 0;

        if (*len < 3 || s[0] != '<')
                return default_priority;
        while (i < *len && i <= 3 && s[i] >= '0' && s[i] <= '9')
                value = value * 10 + (s[i++] - '0');
        if (i == 1 || i >= *len || s[i] != '>' || value > 191 /* local7.debug */)
                return default_priority;
        *line = s + i + 1;
        *len -= i + 1;
        return LOG_PRI(value);
}

/* The length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t n) {
        size_t k;
        uint32_t cp;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf)
                k = 2, cp = s[0] & 0x1f;
        else if (s[0] >= 0xe0 && s[0] <= 0xef)
                k = 3, cp = s[0] & 0x0f;
        else if (s[0] >= 0xf0 && s[0] <= 0xf4)
                k = 4, cp = s[0] & 0x07;
        else
                return 0;
        if (n < k)
                return 0;
        for (size_t i = 1; i < k; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        return k;
}

int log_message_to_utf8(const char *message, size_t len, char **ret, size_t *ret_len) {
        const unsigned char *s = (const unsigned char *) message;
        size_t i = 0, k = 0, o = 0;
        char *out;

        while (i < len && (k = utf8_sequence(s + i, len - i)) > 0)
                i += k;
        if (i == len)
                return 0;
        /* Each invalid byte becomes three. */
        out = malloc(len * 3 + 1);
        if (!out)
                return -ENOMEM;
        for (i = 0; i < len;) {
                k = utf8_sequence(s + i, len - i);
                if (k == 0) {
                        memcpy(out + o, "\xef\xbf\xbd", 3);
                        o += 3;
                        i++;
                        continue;
                }
                memcpy(out + o, s + i, k);
                o += k;
                i += k;
        }
        out[o] = 0;
        *ret = out;
        *ret_len = o;
        return 1;
}
