/* exec-stdio.h: StandardInput=, StandardOutput=, StandardError=, TTYPath=,
 * StandardInputText=/Data= (systemd.exec(5) "Logging and Standard Input/Output") opened as
 * the fds a spawned process gets as 0, 1 and 2. */
#pragma once

#include <stdbool.h>

#include "libsvc/spawn.h"
#include "units/unit.h"

/* Sets plan->stdin_fd, stdout_fd, stderr_fd (owned by the plan when > 2) and the tty
 * flags. log_fd is the write end of the unit's log pipe (journal, kmsg, inherit and the
 * default all go there), or -1 for svcd's own stdout/stderr. On failure returns -errno
 * with *ret_failure set to the step (STDIN, STDOUT, STDERR), logged naming the unit and
 * the file. */
int exec_stdio_plan(const struct exec_context *c, const char *unit_id, int log_fd, struct spawn_plan *plan,
                    struct spawn_status *ret_failure);

/* Whether standard output or error of c go to svcd's log capture (journal, kmsg, their
 * +console forms, or inherit from an unconnected input): the caller then opens a log
 * pipe and passes its write end as log_fd. */
bool exec_stdio_uses_log(const struct exec_context *c);
