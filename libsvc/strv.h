/* strv.h: NULL-terminated string vectors and the few string helpers C lacks. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "libsvc/macro.h"

char **strv_free(char **l);
static inline void strv_freep(char ***l) {
        strv_free(*l);
}
#define _cleanup_strv_free_ _cleanup_(strv_freep)

size_t strv_length(char *const *l);
/* Appends a copy of s; *l may be NULL. */
int strv_extend(char ***l, const char *s);
/* Appends s itself, taking ownership (freed on failure too). */
int strv_consume(char ***l, char *s);
/* Appends a formatted string. */
int strv_extendf(char ***l, const char *fmt, ...) _printf_(2, 3);
char **strv_copy(char *const *l);
bool strv_contains(char *const *l, const char *s);
/* The strings joined with sep between them: a new string, or NULL on ENOMEM. */
char *strv_join(char *const *l, const char *sep);

#define STRV_FOREACH(s, l) for (char *const *s = (l); s && *s; s++)

/* Returns the rest of s after prefix, or NULL. */
const char *startswith(const char *s, const char *prefix);
bool endswith(const char *s, const char *suffix);
/* Trims leading and trailing whitespace in place; returns the start. */
char *strstrip(char *s);

/* s as `systemctl show` prints an element of a list (systemd's shell_maybe_quote(s, 0)):
 * as it is unless it has a blank, a control or non-ASCII byte, or one of the characters
 * " \ ` $ * ? [ ' ( ) < > | & ; ! -- then in double quotes, with " \ ` $ escaped by a
 * backslash and control bytes C-escaped (\n, \t, \033).
 * So a list's elements can be split again. NULL when out of memory. */
char *shell_maybe_quote(const char *s);
/* Returns the part of path after the last '/' (a pointer into path, not a copy). */
const char *path_basename(const char *path);
bool path_is_absolute(const char *p);
/* The value of a hexadecimal digit, or -1. */
int hex_digit_value(char c);
/* A copy of n bytes at p (NULL on ENOMEM). */
void *memdup(const void *p, size_t n);

static inline const char *strnull(const char *s) {
        return s ? s : "(null)";
}
