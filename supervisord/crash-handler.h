/* crash-handler.h: what svcd does when it crashes (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT):
 * as the init of a machine it never dies; elsewhere (a container's PID 1 too) it does not
 * leave its services behind silently. */
#pragma once

#include "libsvc/macro.h"

struct manager;

/* Installs the handlers, on an alternate stack (a stack overflow is a crash too).
 * crash_shell: --crash-shell, executed as PID 1 in svcd's place; NULL: none. Not under
 * AddressSanitizer, whose own handlers report the crash. */
void crash_handler_install(struct manager *m, const char *crash_shell);

/* PID 1 that cannot go on (a crash, or main() about to return): executes the crash shell if
 * one was set, else reaps orphans for ever. The kernel panics when PID 1 exits. Never
 * returns; async-signal-safe. */
_noreturn_ void crash_freeze(void);
