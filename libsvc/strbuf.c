/* strbuf.c: growth of struct strbuf. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/strbuf.h"

int strbuf_put(struct strbuf *b, const char *s, size_t n) {
        if (b->len + n + 1 > b->cap) {
                size_t cap = MAX(MAX(b->cap * 2, b->len + n + 1), (size_t) 32);
                char *p = realloc(b->s, cap);
                if (!p)
                        return -ENOMEM;
                b->s = p;
                b->cap = cap;
        }
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = 0;
        return 0;
}
