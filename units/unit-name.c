/* unit-name.c: valid unit names (systemd.unit(5)), templates and instances, and systemd-escape(1) escaping. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "units/unit-name.h"

/* systemd.unit(5): "Valid unit names consist of a "name prefix" and a dot and a suffix
 * specifying the unit type ... [characters] ASCII letters, digits, ":", "-", "_", ".",
 * and "\" ... "@" [separates the instance]". The total length must be below 256. */
#define UNIT_NAME_MAX 256
#define VALID_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\"

/* Every systemd unit type is a valid name suffix, so that WantedBy=foo.socket in a
 * distro unit is a valid name even though svcd runs services and targets only. */
static const char *const known_suffixes[] = {
        "service", "socket", "device", "mount", "automount", "swap",
        "target",  "path",   "timer",  "slice", "scope",
};

static bool suffix_is_known(const char *s) {
        for (size_t i = 0; i < ELEMENTSOF(known_suffixes); i++)
                if (streq(s, known_suffixes[i]))
                        return true;
        return false;
}

bool unit_name_is_valid(const char *name) {
        const char *dot, *at = NULL;
        size_t n;

        if (!name)
                return false;
        n = strlen(name);
        if (n == 0 || n >= UNIT_NAME_MAX)
                return false;
        dot = strrchr(name, '.');
        if (!dot || dot == name || !suffix_is_known(dot + 1))
                return false;
        for (const char *i = name; i < dot; i++) {
                if (*i == '@') {
                        if (!at)
                                at = i;
                        continue;
                }
                if (!strchr(VALID_CHARS, *i))
                        return false;
        }
        /* "@foo.service" has no prefix; "foo@.service" is a template, "foo@bar.service"
         * an instance: both are valid names. */
        return at != name;
}

int unit_name_complete(const char *name, char **ret) {
        const char *dot;
        char *s;

        if (!name || !*name)
                return -EINVAL;
        dot = strrchr(name, '.');
        if (dot && suffix_is_known(dot + 1))
                s = strdup(name);
        else if (asprintf(&s, "%s.service", name) < 0)
                s = NULL;
        if (!s)
                return -ENOMEM;
        if (!unit_name_is_valid(s)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

/* The suffix dot: the last "." of the name (type suffixes contain none). */
static const char *suffix_dot(const char *name) {
        return strrchr(name, '.');
}

bool unit_name_is_template(const char *name) {
        const char *at, *dot;

        if (!unit_name_is_valid(name))
                return false;
        at = strchr(name, '@');
        dot = suffix_dot(name);
        return at && at + 1 == dot;
}

bool unit_name_is_instance(const char *name) {
        const char *at, *dot;

        if (!unit_name_is_valid(name))
                return false;
        at = strchr(name, '@');
        dot = suffix_dot(name);
        return at && at + 1 < dot;
}

static int strndup_to(const char *s, size_t n, char **ret) {
        char *c = strndup(s, n);
        if (!c)
                return -ENOMEM;
        *ret = c;
        return 0;
}

int unit_name_template_of(const char *name, char **ret) {
        const char *at, *dot;
        char *s;

        if (!unit_name_is_instance(name))
                return -EINVAL;
        at = strchr(name, '@');
        dot = suffix_dot(name);
        if (asprintf(&s, "%.*s%s", (int) (at + 1 - name), name, dot) < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int unit_name_instance_of(const char *name, char **ret) {
        const char *at, *dot;

        if (!unit_name_is_instance(name))
                return -EINVAL;
        at = strchr(name, '@');
        dot = suffix_dot(name);
        return strndup_to(at + 1, (size_t) (dot - at - 1), ret);
}

int unit_name_prefix_of(const char *name, char **ret) {
        const char *at;

        if (!unit_name_is_valid(name))
                return -EINVAL;
        at = strchr(name, '@');
        return strndup_to(name, (size_t) ((at ?: suffix_dot(name)) - name), ret);
}

int unit_name_strip_suffix(const char *name, char **ret) {
        if (!unit_name_is_valid(name))
                return -EINVAL;
        return strndup_to(name, (size_t) (suffix_dot(name) - name), ret);
}

int unit_name_replace_instance(const char *template_name, const char *instance, char **ret) {
        const char *at, *dot;
        char *s;

        if (!unit_name_is_template(template_name) && !unit_name_is_instance(template_name))
                return -EINVAL;
        at = strchr(template_name, '@');
        dot = suffix_dot(template_name);
        if (asprintf(&s, "%.*s%s%s", (int) (at + 1 - template_name), template_name, instance, dot) < 0)
                return -ENOMEM;
        if (!unit_name_is_instance(s)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

/* Kept as they are by the escaping; "-" and "\" are valid in names but stand for "/" and
 * escapes, so they are escaped themselves. */
#define ESCAPE_KEEP "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_."

int unit_name_escape(const char *s, char **ret) {
        char *out, *t;

        if (!s)
                return -EINVAL;
        out = malloc(strlen(s) * 4 + 1);
        if (!out)
                return -ENOMEM;
        t = out;
        for (const char *f = s; *f; f++) {
                unsigned char c = (unsigned char) *f;
                /* A leading "." would make a hidden file name. */
                if (c == '/')
                        *t++ = '-';
                else if ((c == '.' && f == s) || !strchr(ESCAPE_KEEP, c))
                        t += sprintf(t, "\\x%02x", c);
                else
                        *t++ = (char) c;
        }
        *t = 0;
        *ret = out;
        return 0;
}


int unit_name_unescape(const char *s, char **ret) {
        char *out, *t;

        if (!s)
                return -EINVAL;
        out = malloc(strlen(s) + 1);
        if (!out)
                return -ENOMEM;
        t = out;
        for (const char *f = s; *f; f++) {
                if (*f == '-')
                        *t++ = '/';
                else if (*f == '\\') {
                        int a, b;
                        if (f[1] != 'x' || (a = hex_digit_value(f[2])) < 0 || (b = hex_digit_value(f[3])) < 0 || (a == 0 && b == 0)) {
                                free(out);
                                return -EINVAL;
                        }
                        *t++ = (char) (a << 4 | b);
                        f += 3;
                } else
                        *t++ = *f;
        }
        *t = 0;
        *ret = out;
        return 0;
}

/* Appends the components of path to out ("a/b"), dropping empty and "." components;
 * -EINVAL on "..". */
static int path_simplify_relative(const char *path, char *out) {
        char *t = out;

        for (const char *p = path; *p;) {
                size_t n = strcspn(p, "/");
                if (n == 2 && p[0] == '.' && p[1] == '.')
                        return -EINVAL;
                if (n > 0 && !(n == 1 && p[0] == '.')) {
                        if (t != out)
                                *t++ = '/';
                        memcpy(t, p, n);
                        t += n;
                }
                p += n;
                while (*p == '/')
                        p++;
        }
        *t = 0;
        return 0;
}

int unit_name_path_escape(const char *path, char **ret) {
        _cleanup_free_ char *simple = NULL;
        int r;

        if (!path)
                return -EINVAL;
        simple = malloc(strlen(path) + 1);
        if (!simple)
                return -ENOMEM;
        r = path_simplify_relative(path, simple);
        if (r < 0)
                return r;
        /* The root directory (and, as systemd-escape prints it, the empty path) is "-". */
        if (*simple == 0)
                return strndup_to("-", 1, ret);
        return unit_name_escape(simple, ret);
}

int unit_name_path_unescape(const char *s, char **ret) {
        _cleanup_free_ char *w = NULL;
        char *p;
        int r;

        if (!s || !*s)
                return -EINVAL;
        if (streq(s, "-"))
                return strndup_to("/", 1, ret);
        r = unit_name_unescape(s, &w);
        if (r < 0)
                return r;
        /* Only a normalized absolute path is the image of an escaped one: no leading or
         * trailing "/" inside, no empty, "." or ".." components. */
        if (*w == '/' || endswith(w, "/") || strstr(w, "//") || streq(w, ".") || streq(w, "..") ||
            startswith(w, "./") || startswith(w, "../") || strstr(w, "/./") || strstr(w, "/../") ||
            endswith(w, "/.") || endswith(w, "/.."))
                return -EINVAL;
        if (asprintf(&p, "/%s", w) < 0)
                return -ENOMEM;
        *ret = p;
        return 0;
}
