/* strv.c: string vectors (argv, envp, dependency lists) and small string helpers. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/strv.h"

char **strv_free(char **l) {
        if (l) {
                for (char **s = l; *s; s++)
                        free(*s);
                free(l);
        }
        return NULL;
}

size_t strv_length(char *const *l) {
        size_t n = 0;
        while (l && l[n])
                n++;
        return n;
}

int strv_consume(char ***l, char *s) {
        size_t n = strv_length(*l);
        char **nl;

        if (!s)
                return -ENOMEM;
        nl = realloc(*l, sizeof(char *) * (n + 2));
        if (!nl) {
                free(s);
                return -ENOMEM;
        }
        nl[n] = s;
        nl[n + 1] = NULL;
        *l = nl;
        return 0;
}

int strv_extend(char ***l, const char *s) {
        return strv_consume(l, strdup(s));
}

char **strv_copy(char *const *l) {
        _cleanup_strv_free_ char **c = calloc(strv_length(l) + 1, sizeof(char *));
        size_t i = 0;

        if (!c)
                return NULL;
        STRV_FOREACH(s, l) {
                c[i] = strdup(*s);
                if (!c[i])
                        return NULL;
                i++;
        }
        return TAKE_PTR(c);
}

bool strv_contains(char *const *l, const char *s) {
        STRV_FOREACH(i, l)
                if (streq(*i, s))
                        return true;
        return false;
}

const char *startswith(const char *s, const char *prefix) {
        size_t n = strlen(prefix);
        return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

bool endswith(const char *s, const char *suffix) {
        size_t ls = strlen(s), lx = strlen(suffix);
        return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *shell_maybe_quote(const char *s) {
        /* systemd's escape.h: SHELL_NEED_ESCAPE, GLOB_CHARS and the rest of SHELL_NEED_QUOTES. */
        static const char need_escape[] = "\"\\`$", need_quotes[] = "\"\\`$*?['()<>|&;!";
        const unsigned char *p;

        for (p = (const unsigned char *) s; *p; p++)
                if (*p <= ' ' || *p >= 127 || strchr(need_quotes, *p))
                        break;
        if (!*p)
                return strdup(s);
        /* At worst every byte becomes \ooo, plus the quotes. */
        char *buf = malloc(strlen(s) * 4 + 3), *t = buf;
        if (!buf)
                return NULL;
        *t++ = '"';
        for (p = (const unsigned char *) s; *p; p++) {
                static const char controls[] = { ['\a'] = 'a', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
                                                 ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r' };
                if (*p < ' ' || *p == 127) {
                        *t++ = '\\';
                        if (*p < sizeof controls && controls[*p])
                                *t++ = controls[*p];
                        else
                                t += sprintf(t, "%03o", *p);
                        continue;
                }
                if (strchr(need_escape, *p))
                        *t++ = '\\';
                *t++ = (char) *p;
        }
        *t++ = '"';
        *t = 0;
        return buf;
}

char *strstrip(char *s) {
        char *e;

        while (isspace((unsigned char) *s))
                s++;
        e = s + strlen(s);
        while (e > s && isspace((unsigned char) e[-1]))
                e--;
        *e = 0;
        return s;
}

const char *path_basename(const char *path) {
        const char *slash = strrchr(path, '/');
        return slash ? slash + 1 : path;
}

bool path_is_absolute(const char *p) {
        return p && p[0] == '/';
}

int hex_digit_value(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

char *strv_join(char *const *l, const char *sep) {
        size_t n = 0, k = strlen(sep);
        char *s, *w;

        STRV_FOREACH(i, l)
                n += strlen(*i) + k;
        s = malloc(n + 1);
        if (!s)
                return NULL;
        w = s;
        STRV_FOREACH(i, l) {
                if (w != s)
                        w = stpcpy(w, sep);
                w = stpcpy(w, *i);
        }
        *w = 0;
        return s;
}

void *memdup(const void *p, size_t n) {
        void *c = malloc(n ? n : 1);

        if (c && n)
                memcpy(c, p, n);
        return c;
}

int strv_extendf(char ***l, const char *fmt, ...) {
        char *s = NULL;
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_consume(l, s);
}
