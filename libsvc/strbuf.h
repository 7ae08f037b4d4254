/* strbuf.h: a growable NUL-terminated string, for building values piece by piece. */
#pragma once

#include <stddef.h>

struct strbuf {
        char *s; /* NUL-terminated once anything was put; owned */
        size_t len, cap;
};

/* Appends n bytes of s; the buffer grows by doubling (amortised O(1) per byte). */
int strbuf_put(struct strbuf *b, const char *s, size_t n);
