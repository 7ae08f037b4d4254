/* line-reader.c: physical lines -> logical lines, as systemd.syntax(7) defines them, for inih. */
#include <errno.h>
#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/line-reader.h"

/* systemd.syntax(7): "The limit on line length is very large (currently 1 MB)". A longer
 * logical line is warned about and ignored rather than growing memory without bound. */
#define LOGICAL_LINE_MAX ((size_t) 1024 * 1024)

/* inih keeps at most 49 bytes of a section name (MAX_SECTION 50 in ini.c). */
#define INIH_SECTION_MAX 40

void line_reader_configure_inih(void) {
        /* Continuations are ours (with a trailing "\", not inih's indentation rule), and
         * ";" inside a value is data (ExecStart=/bin/sh -c "a; b"), not a comment. */
        ini_allow_multiline = false;
        ini_allow_inline_comments = false;
        ini_allow_no_value = false;
        ini_stop_on_first_error = false;
}

void line_reader_init(struct line_reader *r, FILE *f, const char *path) {
        *r = (struct line_reader) { .f = f, .path = path };
}

void line_reader_done(struct line_reader *r) {
        free(r->raw);
        free(r->logical);
        free(r->section);
        *r = (struct line_reader) {};
}

/* RFC 3629 well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n) {
        size_t i = 0;

        while (i < n) {
                unsigned char c = s[i];
                size_t len;
                uint32_t cp;

                if (c < 0x80) {
                        i++;
                        continue;
                }
                if (c >= 0xc2 && c <= 0xdf)
                        len = 2, cp = c & 0x1f;
                else if (c >= 0xe0 && c <= 0xef)
                        len = 3, cp = c & 0x0f;
                else if (c >= 0xf0 && c <= 0xf4)
                        len = 4, cp = c & 0x07;
                else
                        return false;
                if (n - i < len)
                        return false;
                for (size_t k = 1; k < len; k++) {
                        if ((s[i + k] & 0xc0) != 0x80)
                                return false;
                        cp = (cp << 6) | (s[i + k] & 0x3f);
                }
                if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
                    (cp >= 0xd800 && cp <= 0xdfff))
                        return false;
                i += len;
        }
        return true;
}

static int logical_append(struct line_reader *r, const char *s, size_t n) {
        if (r->logical_len + n + 1 > r->logical_cap) {
                size_t cap = MAX(r->logical_cap * 2, r->logical_len + n + 1);
                char *p = realloc(r->logical, MAX(cap, (size_t) 256));
                if (!p)
                        return -ENOMEM;
                r->logical = p;
                r->logical_cap = MAX(cap, (size_t) 256);
        }
        memcpy(r->logical + r->logical_len, s, n);
        r->logical_len += n;
        r->logical[r->logical_len] = 0;
        return 0;
}

/* A line continues if it ends in a backslash that is not itself escaped ("a\\" does not). */
static bool ends_in_continuation(const char *s, size_t n) {
        size_t k = 0;
        while (k < n && s[n - 1 - k] == '\\')
                k++;
        return k % 2 == 1;
}

static bool is_comment(const char *s) {
        return *s == '#' || *s == ';';
}

/* Reads one physical line into r->raw without its line ending ("\n" or "\r\n").
 * Returns 1, 0 at EOF, or -errno. *ret_nul is set if the line holds a NUL byte. */
static int read_physical(struct line_reader *r, size_t *ret_len, bool *ret_nul) {
        ssize_t n;

        errno = 0;
        n = getline(&r->raw, &r->raw_size, r->f);
        if (n < 0) {
                if (ferror(r->f))
                        return errno > 0 ? -errno : -EIO;
                return 0;
        }
        r->physical++;
        *ret_nul = memchr(r->raw, 0, (size_t) n) != NULL;
        if (n > 0 && r->raw[n - 1] == '\n')
                n--;
        if (n > 0 && r->raw[n - 1] == '\r')
                n--;
        r->raw[n] = 0;
        /* A UTF-8 byte order mark at the start of the file is not part of the text. */
        if (r->physical == 1 && n >= 3 && memcmp(r->raw, "\xef\xbb\xbf", 3) == 0) {
                memmove(r->raw, r->raw + 3, (size_t) n - 2);
                n -= 3;
        }
        *ret_len = (size_t) n;
        return 1;
}

/* Assembles the next logical line: skips blank and comment lines, joins continuations
 * (systemd.syntax(7): the backslash becomes a space; comment lines inside a continued
 * line are dropped). Returns 1 with r->logical set, 0 at EOF, or -errno. */
static int read_logical(struct line_reader *r, bool *ret_bad) {
        bool continuing = false, bad = false, too_long = false;
        int k;

        r->logical_len = 0;
        for (;;) {
                size_t len;
                bool nul;
                char *s;

                k = read_physical(r, &len, &nul);
                if (k < 0)
                        return k;
                if (k == 0) {
                        if (!continuing)
                                return 0;
                        break; /* a continuation at end of file ends the line */
                }
                if (nul)
                        bad = true;
                s = strstrip(r->raw);
                if (!continuing) {
                        if (*s == 0 || is_comment(s))
                                continue;
                        r->line = r->physical;
                } else if (is_comment(s))
                        continue;

                len = strlen(s);
                bool more = ends_in_continuation(s, len);
                if (more)
                        s[len - 1] = ' ';
                if (r->logical_len + len > LOGICAL_LINE_MAX)
                        too_long = true;
                if (!too_long && logical_append(r, s, len) < 0)
                        return -ENOMEM;
                if (!more)
                        break;
                continuing = true;
        }

        if (too_long) {
                log_warning("%s:%u: Line is longer than 1 MiB, ignoring.", r->path, r->line);
                *ret_bad = true;
                return 1;
        }
        if (bad) {
                log_warning("%s:%u: Line contains a NUL byte, ignoring.", r->path, r->line);
                *ret_bad = true;
                return 1;
        }
        if (!utf8_valid((const unsigned char *) r->logical, r->logical_len)) {
                log_warning("%s:%u: Line is not valid UTF-8, ignoring.", r->path, r->line);
                *ret_bad = true;
                return 1;
        }
        /* "a=b \" at the end of the file, or a lone "\", leaves the space the backslash
         * became: trim the joined line once more. */
        char *t = strstrip(r->logical);
        r->logical_len = strlen(t);
        memmove(r->logical, t, r->logical_len + 1);
        *ret_bad = r->logical_len == 0;
        return 1;
}

static int on_section_header(struct line_reader *r, char *l) {
        size_t n = strlen(l);
        char *name;

        /* systemd.syntax(7): "[Section Name]" alone on its line. Until the next valid
         * header, assignments cannot be attributed to any section: skip them. */
        if (n < 3 || l[n - 1] != ']' || strpbrk(l + 1, "[]") != l + n - 1) {
                log_warning("%s:%u: Invalid section header '%s', ignoring lines up to the next section.",
                            r->path, r->line, l);
                r->skip_section = true;
                return 0;
        }
        name = strndup(l + 1, n - 2);
        if (!name)
                return -ENOMEM;
        free(r->section);
        r->section = name;
        r->section_line = r->line;
        r->skip_section = false;
        if (r->on_section)
                r->on_section(r->section, r->line, r->userdata);
        return 1;
}

int line_reader_next(struct line_reader *r, enum line_kind *ret_kind) {
        int k;

        if (r->error < 0)
                return r->error;
        for (;;) {
                bool bad;
                char *l, *eq;

                r->key = r->value = NULL;
                k = read_logical(r, &bad);
                if (k <= 0)
                        break;
                if (bad)
                        continue;
                l = r->logical;

                if (*l == '[') {
                        k = on_section_header(r, l);
                        if (k < 0)
                                break;
                        if (k == 0)
                                continue;
                        *ret_kind = LINE_SECTION;
                        return 1;
                }

                eq = strchr(l, '=');
                if (!eq) {
                        log_warning("%s:%u: Missing '=', ignoring line.", r->path, r->line);
                        continue;
                }
                *eq = 0;
                r->key = strstrip(l);
                r->value = strstrip(eq + 1);
                if (*r->key == 0) {
                        log_warning("%s:%u: Missing key name before '=', ignoring line.", r->path, r->line);
                        continue;
                }
                if (r->skip_section)
                        continue; /* already warned at the invalid header */
                if (!r->section) {
                        log_warning("%s:%u: Assignment outside of any section, ignoring: %s=%s",
                                    r->path, r->line, r->key, r->value);
                        continue;
                }
                *ret_kind = LINE_ASSIGNMENT;
                return 1;
        }
        if (k < 0)
                r->error = k;
        return k;
}

char *line_reader_ini(char *buf, int num, void *stream) {
        struct line_reader *r = stream;
        enum line_kind kind;
        size_t max;

        /* inih needs room for at least "[x]\n" or "K=x\n" plus the NUL. */
        if (num < 8 || line_reader_next(r, &kind) <= 0)
                return NULL;
        max = (size_t) num - 5;
        if (kind == LINE_SECTION) {
                /* A longer name is cut: it is unknown either way, and the loader reports
                 * it by its full name from line_reader_section(). */
                int n = (int) MIN(strlen(r->section), MIN(max, (size_t) INIH_SECTION_MAX));
                snprintf(buf, (size_t) num, "[%.*s]\n", n, r->section);
        } else {
                int n = (int) MIN(strlen(r->key), MIN(max, (size_t) LINE_READER_KEY_MAX));
                snprintf(buf, (size_t) num, "%.*s=x\n", n, r->key);
        }
        return buf;
}
