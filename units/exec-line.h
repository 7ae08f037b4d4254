/* exec-line.h: splitting an Exec*= value into commands, systemd.service(5) "COMMAND LINES". */
#pragma once

#include <stddef.h>

#include "units/unit.h"

/* Takes the next word from *p, unquoting and unescaping as systemd.syntax(7) "QUOTING"
 * says: whitespace separates words; "..." and '...' group; C-style escapes (\n, \t, \\,
 * \", \', \s, \xNN, \NNN, \uNNNN, \UNNNNNNNN) are decoded, in and outside quotes.
 * Returns 1 with *ret_word set, 0 when no words are left, -EINVAL with *ret_reason (a
 * static phrase such as "unbalanced quotes") on bad syntax, or -ENOMEM. */
int exec_line_next_word(const char **p, char **ret_word, const char **ret_reason);

struct specifier_context; /* units/specifier.h */

/* Parses one Exec*= value into commands and appends them to the array *commands (of *n_commands), all
 * or nothing. Prefixes "-", "@", ":", "+", "!", "!!" of the first word become flags;
 * a lone unquoted ";" separates commands and "\;" is a literal ";". With spec, each word
 * is then specifier-expanded on its own, after splitting, as systemd does; without, "%"
 * is an ordinary character (the loader has expanded the value already, see
 * exec_line_expand_specifiers()).
 * Returns the number of commands appended; -EINVAL with *ret_reason on bad syntax,
 * -EBADMSG (unknown) or -ENXIO (unresolvable) with *ret_specifier set to the specifier
 * letter and *ret_reason; nothing is appended on error; or -ENOMEM. */
int exec_line_parse_full(const char *value, unsigned line, const struct specifier_context *spec,
                         struct exec_command **commands, size_t *n_commands, const char **ret_reason,
                         char *ret_specifier);
/* exec_line_parse_full() without specifiers: every "%" is literal. */
int exec_line_parse(const char *value, unsigned line, struct exec_command **commands, size_t *n_commands,
                    const char **ret_reason);

/* Rewrites an Exec*= value with its specifiers expanded word by word, quoted so that
 * exec_line_parse() gives exactly the commands exec_line_parse_full(value, spec) gives.
 * This lets the loader expand Exec*= values before the directive table's parser sees
 * them. Errors as exec_line_parse_full(). */
int exec_line_expand_specifiers(const char *value, const struct specifier_context *spec, char **ret,
                                const char **ret_reason, char *ret_specifier);

/* Writes one command back as an Exec*= value (prefixes, then each word quoted) that
 * exec_line_parse() reads as c again; "%" is written as is (double it for a unit file,
 * whose values are specifier-expanded first). Returns 0 with *ret, or -ENOMEM. */
int exec_line_format(const struct exec_command *c, char **ret);
/* Frees an array of n commands. */
void exec_command_free_array(struct exec_command *commands, size_t n);
