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

/* Parses one Exec*= value into commands and appends them to the array *commands (of *n_commands), all
 * or nothing. Prefixes "-", "@", ":", "+", "!", "!!" of the first word become flags;
 * a lone unquoted ";" separates commands and "\;" is a literal ";"; "%%" becomes "%"
 * (other specifiers are left as written until specifier support lands).
 * Returns the number of commands appended, -EINVAL with *ret_reason on bad syntax (and
 * nothing appended), or -ENOMEM. */
int exec_line_parse(const char *value, unsigned line, struct exec_command **commands, size_t *n_commands,
                    const char **ret_reason);

/* Frees an array of n commands. */
void exec_command_free_array(struct exec_command *commands, size_t n);
