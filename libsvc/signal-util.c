/* signal-util.c: converts signal names to numbers and back (no sigabbrev_np in older libcs). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/signal-util.h"
#include "libsvc/strv.h"

static const char *const signal_names[] = {
        [SIGHUP] = "HUP",       [SIGINT] = "INT",     [SIGQUIT] = "QUIT",     [SIGILL] = "ILL",
        [SIGTRAP] = "TRAP",     [SIGABRT] = "ABRT",   [SIGBUS] = "BUS",       [SIGFPE] = "FPE",
        [SIGKILL] = "KILL",     [SIGUSR1] = "USR1",   [SIGSEGV] = "SEGV",     [SIGUSR2] = "USR2",
        [SIGPIPE] = "PIPE",     [SIGALRM] = "ALRM",   [SIGTERM] = "TERM",     [SIGSTKFLT] = "STKFLT",
        [SIGCHLD] = "CHLD",     [SIGCONT] = "CONT",   [SIGSTOP] = "STOP",     [SIGTSTP] = "TSTP",
        [SIGTTIN] = "TTIN",     [SIGTTOU] = "TTOU",   [SIGURG] = "URG",       [SIGXCPU] = "XCPU",
        [SIGXFSZ] = "XFSZ",     [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF",   [SIGWINCH] = "WINCH",
        [SIGIO] = "IO",         [SIGPWR] = "PWR",     [SIGSYS] = "SYS",
};

static int parse_small_int(const char *s, int max) {
        char *end;
        long v;

        if (!*s)
                return -EINVAL;
        errno = 0;
        v = strtol(s, &end, 10);
        if (errno || *end || v < 0 || v > max)
                return -EINVAL;
        return (int) v;
}

int signal_from_string(const char *s) {
        const char *p, *name = startswith(s, "SIG") ?: s;
        int n;

        n = parse_small_int(s, _NSIG - 1);
        if (n >= 0)
                return n > 0 ? n : -EINVAL;

        for (size_t i = 0; i < ELEMENTSOF(signal_names); i++)
                if (signal_names[i] && streq(name, signal_names[i]))
                        return (int) i;
        if (streq(name, "IOT"))
                return SIGABRT;
        if (streq(name, "POLL"))
                return SIGIO;

        if ((p = startswith(name, "RTMIN"))) {
                if (!*p)
                        return SIGRTMIN;
                if (*p != '+' || (n = parse_small_int(p + 1, SIGRTMAX - SIGRTMIN)) < 0)
                        return -EINVAL;
                return SIGRTMIN + n;
        }
        if ((p = startswith(name, "RTMAX"))) {
                if (!*p)
                        return SIGRTMAX;
                if (*p != '-' || (n = parse_small_int(p + 1, SIGRTMAX - SIGRTMIN)) < 0)
                        return -EINVAL;
                return SIGRTMAX - n;
        }
        return -EINVAL;
}

const char *signal_to_string(int signo) {
        static __thread char buf[32];

        if (signo > 0 && (size_t) signo < ELEMENTSOF(signal_names) && signal_names[signo])
                return signal_names[signo];
        if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
                if (signo == SIGRTMIN)
                        return "RTMIN";
                snprintf(buf, sizeof buf, "RTMIN+%d", signo - SIGRTMIN);
                return buf;
        }
        snprintf(buf, sizeof buf, "%d", signo);
        return buf;
}
