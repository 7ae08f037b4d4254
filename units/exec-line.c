/* exec-line.c: Exec*= command lines -> struct exec_command, per systemd.service(5) and systemd.syntax(7). */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "libsvc/strbuf.h"
#include "libsvc/strv.h"
#include "units/exec-line.h"
#include "units/specifier.h"


/* Encodes code point cp as UTF-8 into buf; returns the length, 0 if cp is not a
 * character (surrogates, > U+10FFFF, or NUL, which no argument may contain). */
static size_t utf8_encode(uint32_t cp, char buf[static 4]) {
        if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
                return 0;
        if (cp < 0x80) {
                buf[0] = (char) cp;
                return 1;
        }
        if (cp < 0x800) {
                buf[0] = (char) (0xc0 | (cp >> 6));
                buf[1] = (char) (0x80 | (cp & 0x3f));
                return 2;
        }
        if (cp < 0x10000) {
                buf[0] = (char) (0xe0 | (cp >> 12));
                buf[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
                buf[2] = (char) (0x80 | (cp & 0x3f));
                return 3;
        }
        buf[0] = (char) (0xf0 | (cp >> 18));
        buf[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
        buf[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
        buf[3] = (char) (0x80 | (cp & 0x3f));
        return 4;
}

/* Decodes the escape after a backslash at *p (systemd.syntax(7), "Table 1. Supported
 * escapes"). Advances *p past it and writes the bytes to out. Returns the number of
 * bytes, or 0 for an invalid escape. */
static size_t unescape_one(const char **p, char out[static 4]) {
        static const char simple_from[] = "abfnrtv\\\"'s;";
        static const char simple_to[] = "\a\b\f\n\r\t\v\\\"' ;";
        const char *s = *p, *hit;
        uint32_t v = 0;
        int digits = 0, base = 16;

        if (*s == 0)
                return 0;
        if ((hit = strchr(simple_from, *s))) {
                out[0] = simple_to[hit - simple_from];
                *p = s + 1;
                return 1;
        }
        switch (*s) {
        case 'x':
                digits = 2;
                break;
        case 'u':
                digits = 4;
                break;
        case 'U':
                digits = 8;
                break;
        default:
                if (*s >= '0' && *s <= '7') {
                        digits = 3;
                        base = 8;
                        s--; /* the first octal digit is the escape letter itself */
                } else
                        return 0;
        }
        for (int i = 1; i <= digits; i++) {
                int d = hex_digit_value(s[i]);
                if (d < 0 || d >= base)
                        return 0;
                v = v * (uint32_t) base + (uint32_t) d;
        }
        *p = s + 1 + digits;
        if (*s == 'x' || base == 8) {
                /* A byte, as in C; octal beyond \377 and NUL are not bytes an argument holds. */
                if (v == 0 || v > 0xff)
                        return 0;
                out[0] = (char) v;
                return 1;
        }
        return utf8_encode(v, out);
}

int exec_line_next_word(const char **p, char **ret_word, const char **ret_reason) {
        struct strbuf w = {};
        const char *s = *p;
        char quote = 0;
        int r;

        while (isspace((unsigned char) *s))
                s++;
        if (*s == 0) {
                *p = s;
                return 0;
        }
        /* An empty word ("") is still a word, so start with an allocated empty string. */
        if (strbuf_put(&w, "", 0) < 0)
                return -ENOMEM;
        for (; *s; s++) {
                if (!quote && isspace((unsigned char) *s))
                        break;
                if (*s == '\\') {
                        char out[4];
                        const char *e = s + 1;
                        size_t n;

                        if (*e == 0) {
                                *ret_reason = "a trailing backslash";
                                goto fail;
                        }
                        n = unescape_one(&e, out);
                        if (n == 0 && isspace((unsigned char) *e)) {
                                /* An escaped separator is that character, inside the word
                                 * (systemd's EXTRACT_UNESCAPE_SEPARATORS): "a\ b" is one word. */
                                out[0] = *e++;
                                n = 1;
                        }
                        if (n == 0) {
                                *ret_reason = "an invalid escape sequence";
                                goto fail;
                        }
                        r = strbuf_put(&w, out, n);
                        if (r < 0)
                                goto oom;
                        s = e - 1;
                        continue;
                }
                if (quote && *s == quote) {
                        quote = 0;
                        continue;
                }
                if (!quote && (*s == '"' || *s == '\'')) {
                        quote = *s;
                        continue;
                }
                r = strbuf_put(&w, s, 1);
                if (r < 0)
                        goto oom;
        }
        if (quote) {
                *ret_reason = "unbalanced quotes";
                goto fail;
        }
        *p = s;
        *ret_word = w.s;
        return 1;
fail:
        free(w.s);
        return -EINVAL;
oom:
        free(w.s);
        return -ENOMEM;
}

/* systemd.service(5) "Table 1. Special executable prefixes": "-", "@", ":" and one of
 * "+", "!", "!!", in any order. A repeated or conflicting prefix ends the prefixes and
 * becomes part of the path, which then fails the path check below, as in systemd. */
static const char *parse_prefixes(const char *f, unsigned *ret_flags) {
        const unsigned privilege = EXEC_FULL_PRIVILEGES | EXEC_NO_SETUID | EXEC_AMBIENT_MAGIC;
        unsigned flags = 0;

        for (;; f++) {
                if (*f == '-' && !(flags & EXEC_IGNORE_FAILURE))
                        flags |= EXEC_IGNORE_FAILURE;
                else if (*f == '@' && !(flags & EXEC_ARGV0))
                        flags |= EXEC_ARGV0;
                else if (*f == ':' && !(flags & EXEC_NO_ENV_EXPAND))
                        flags |= EXEC_NO_ENV_EXPAND;
                else if (*f == '+' && !(flags & privilege))
                        flags |= EXEC_FULL_PRIVILEGES;
                else if (*f == '!' && !(flags & privilege))
                        flags |= EXEC_NO_SETUID;
                else if (*f == '!' && (flags & EXEC_NO_SETUID))
                        flags = (flags & ~EXEC_NO_SETUID) | EXEC_AMBIENT_MAGIC;
                else
                        break;
        }
        *ret_flags = flags;
        return f;
}

static bool at_separator(const char *p) {
        return p[0] == ';' && (p[1] == 0 || isspace((unsigned char) p[1]));
}

static void skip_space(const char **p) {
        while (isspace((unsigned char) **p))
                (*p)++;
}

/* Parses one command from *p up to a lone ";" or the end. Returns 1 with *c filled, 0 if
 * the command is empty (";" alone), or -errno. */
/* systemd.unit(5) "SPECIFIERS" and load-fragment.c's order: a command line is split into
 * words first, and each word (the executable after its prefixes, each argument) is then
 * expanded on its own, so a specifier's value never splits words or becomes a prefix or
 * a ";" separator. */
static int expand_words(char **words, const struct specifier_context *spec, const char **ret_reason,
                        char *ret_specifier) {
        for (size_t i = 0; words[i]; i++) {
                char *x = NULL;
                int r;

                if (!specifier_present(words[i]))
                        continue;
                r = specifier_expand(spec, words[i], &x, ret_specifier);
                if (r == -EBADMSG)
                        *ret_reason = "an unknown specifier";
                else if (r == -ENXIO)
                        *ret_reason = "a specifier that cannot be resolved";
                if (r < 0)
                        return r;
                free(words[i]);
                words[i] = x;
        }
        return 0;
}

/* Appends w (owned) to the NULL-terminated words, doubling the allocation: a command
 * line of many thousands of words must load in linear time (strv_consume() recounts). */
static int words_push(char ***words, size_t *n, size_t *cap, char *w) {
        if (*n + 2 > *cap) {
                size_t ncap = MAX(*cap * 2, (size_t) 8);
                char **nw = realloc(*words, ncap * sizeof *nw);
                if (!nw) {
                        free(w);
                        return -ENOMEM;
                }
                *words = nw;
                *cap = ncap;
        }
        (*words)[(*n)++] = w;
        (*words)[*n] = NULL;
        return 0;
}

static int parse_one(const char **p, unsigned line, const struct specifier_context *spec, struct exec_command *c,
                     const char **ret_reason, char *ret_specifier) {
        _cleanup_free_ char *first = NULL;
        _cleanup_strv_free_ char **words = NULL;
        const char *path;
        unsigned flags;
        int r;

        skip_space(p);
        if (at_separator(*p)) {
                (*p)++;
                return 0;
        }
        r = exec_line_next_word(p, &first, ret_reason);
        if (r <= 0)
                return r;

        path = parse_prefixes(first, &flags);
        if (*path == 0) {
                *ret_reason = "no executable after the prefixes";
                return -EINVAL;
        }
        size_t n_words = 0, cap_words = 0;
        r = words_push(&words, &n_words, &cap_words, strdup(path));
        if (r < 0 || !words[0])
                return -ENOMEM;

        for (;;) {
                char *word = NULL;

                skip_space(p);
                if (at_separator(*p)) {
                        (*p)++;
                        break;
                }
                r = exec_line_next_word(p, &word, ret_reason);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                r = words_push(&words, &n_words, &cap_words, word);
                if (r < 0)
                        return r;
        }
        if (spec) {
                r = expand_words(words, spec, ret_reason, ret_specifier);
                if (r < 0)
                        return r;
        }

        /* systemd.service(5): the executable is an absolute path, or a plain file name
         * looked up in a fixed search path; "@" takes argv[0] from the second word. */
        if (!path_is_absolute(words[0]) && strchr(words[0], '/')) {
                *ret_reason = "the executable is neither an absolute path nor a plain file name";
                return -EINVAL;
        }
        if (endswith(words[0], "/")) {
                *ret_reason = "the executable path names a directory";
                return -EINVAL;
        }
        if ((flags & EXEC_ARGV0) && !words[1]) {
                *ret_reason = "'@' needs an argv[0] word after the executable";
                return -EINVAL;
        }

        *c = (struct exec_command) { .flags = flags, .line = line };
        if (flags & EXEC_ARGV0) {
                c->path = words[0];
                memmove(words, words + 1, sizeof(char *) * strv_length(words)); /* with the NULL */
        } else {
                c->path = strdup(words[0]);
                if (!c->path)
                        return -ENOMEM;
        }
        c->argv = TAKE_PTR(words);
        return 1;
}

void exec_command_free_array(struct exec_command *commands, size_t n) {
        for (size_t i = 0; i < n; i++)
                exec_command_done(&commands[i]);
        free(commands);
}

void exec_command_done(struct exec_command *c) {
        free(c->path);
        strv_free(c->argv);
        *c = (struct exec_command) {};
}

int exec_line_parse_full(const char *value, unsigned line, const struct specifier_context *spec,
                         struct exec_command **commands, size_t *n_commands, const char **ret_reason,
                         char *ret_specifier) {
        struct exec_command *parsed = NULL;
        size_t n = 0;
        const char *p = value;
        int r;

        for (;;) {
                struct exec_command c;

                skip_space(&p);
                if (*p == 0)
                        break;
                r = parse_one(&p, line, spec, &c, ret_reason, ret_specifier);
                if (r < 0)
                        goto fail;
                if (r == 0)
                        continue;
                struct exec_command *a = realloc(parsed, sizeof(*a) * (n + 1));
                if (!a) {
                        exec_command_done(&c);
                        r = -ENOMEM;
                        goto fail;
                }
                parsed = a;
                parsed[n++] = c;
        }
        if (n == 0) {
                /* Only separators: nothing to run, and not the empty reset either. */
                *ret_reason = "no command";
                return -EINVAL;
        }

        struct exec_command *all = realloc(*commands, sizeof(*all) * (*n_commands + n));
        if (!all) {
                r = -ENOMEM;
                goto fail;
        }
        memcpy(all + *n_commands, parsed, sizeof(*all) * n);
        free(parsed);
        *commands = all;
        *n_commands += n;
        return (int) n;
fail:
        exec_command_free_array(parsed, n);
        return r;
}

int exec_line_parse(const char *value, unsigned line, struct exec_command **commands, size_t *n_commands,
                    const char **ret_reason) {
        return exec_line_parse_full(value, line, NULL, commands, n_commands, ret_reason, NULL);
}

/* Writes word so that exec_line_next_word() gives it back unchanged: in double quotes,
 * with backslash, quote and control bytes escaped. */
static int put_quoted(struct strbuf *w, const char *word) {
        int r = strbuf_put(w, "\"", 1);

        for (const unsigned char *c = (const unsigned char *) word; r >= 0 && *c; c++) {
                char esc[5];

                if (*c == '\\' || *c == '"')
                        r = strbuf_put(w, (const char[]) { '\\', (char) *c }, 2);
                else if (*c < 0x20 || *c == 0x7f) {
                        snprintf(esc, sizeof esc, "\\x%02x", *c);
                        r = strbuf_put(w, esc, 4);
                } else
                        r = strbuf_put(w, (const char *) c, 1);
        }
        return r < 0 ? r : strbuf_put(w, "\"", 1);
}

static int format_command(struct strbuf *w, const struct exec_command *c) {
        static const struct {
                unsigned flag;
                const char *text;
        } prefixes[] = {
                { EXEC_IGNORE_FAILURE, "-" }, { EXEC_ARGV0, "@" },         { EXEC_NO_ENV_EXPAND, ":" },
                { EXEC_FULL_PRIVILEGES, "+" }, { EXEC_NO_SETUID, "!" }, { EXEC_AMBIENT_MAGIC, "!!" },
        };
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(prefixes); i++)
                if (c->flags & prefixes[i].flag)
                        r = strbuf_put(w, prefixes[i].text, strlen(prefixes[i].text));
        if (r >= 0)
                r = put_quoted(w, c->path);
        /* Without "@", argv[0] is the path just written. */
        for (char **a = c->argv + ((c->flags & EXEC_ARGV0) ? 0 : 1); r >= 0 && *a; a++) {
                r = strbuf_put(w, " ", 1);
                if (r >= 0)
                        r = put_quoted(w, *a);
        }
        return r;
}

int exec_line_format(const struct exec_command *c, char **ret) {
        struct strbuf w = {};
        int r = strbuf_put(&w, "", 0);

        if (r >= 0)
                r = format_command(&w, c);
        if (r < 0) {
                free(w.s);
                return r;
        }
        *ret = w.s;
        return 0;
}

int exec_line_expand_specifiers(const char *value, const struct specifier_context *spec, char **ret,
                                const char **ret_reason, char *ret_specifier) {
        struct exec_command *commands = NULL;
        struct strbuf w = {};
        size_t n = 0;
        int r;

        r = exec_line_parse_full(value, 0, spec, &commands, &n, ret_reason, ret_specifier);
        if (r < 0)
                return r;
        r = strbuf_put(&w, "", 0);
        for (size_t i = 0; r >= 0 && i < n; i++) {
                /* Prefixes were taken from the line as written; a value that put one at
                 * the start of the executable cannot be written back unambiguously. */
                if (strchr("-@:+!", commands[i].path[0])) {
                        *ret_reason = "the executable starts with a prefix character after specifier expansion";
                        r = -EINVAL;
                        break;
                }
                if (i > 0)
                        r = strbuf_put(&w, " ; ", 3);
                if (r >= 0)
                        r = format_command(&w, &commands[i]);
        }
        exec_command_free_array(commands, n);
        if (r < 0) {
                free(w.s);
                return r;
        }
        *ret = w.s;
        return 0;
}
