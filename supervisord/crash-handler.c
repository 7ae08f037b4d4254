/* crash-handler.c: svcd's own crash (crash-handler.h).
 *
 * Everything here runs in a signal handler, after memory may have been corrupted: only
 * async-signal-safe calls (signal-safety(7)), no allocation, text built by hand. systemd's
 * crash handler (src/core/crash-handler.c) does the same for PID 1: it freezes, or runs a
 * crash shell, for "the kernel panics if PID 1 exits" (its "freeze" and "CrashShell=").
 * A container's PID 1 dies like any supervisor: its runtime sees the exit. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "supervisord/crash-handler.h"
#include "supervisord/manager.h"

#if defined(__SANITIZE_ADDRESS__)
#define CRASH_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRASH_UNDER_ASAN 1
#endif
#endif

extern char **environ;

static struct manager *crash_manager;
static const char *crash_shell;
static pid_t crash_pid; /* svcd's; a spawned child before its execve() shares our handlers */
static bool crash_machine; /* the kernel's init: never exit */

static void say(const char *s) {
        (void) !write(STDERR_FILENO, s, strlen(s));
}

_noreturn_ void crash_freeze(void) {
        sigset_t none;

        if (crash_shell) {
                char *argv[] = { (char *) crash_shell, NULL };
                sigemptyset(&none);
                (void) sigprocmask(SIG_SETMASK, &none, NULL);
                say("svcd: executing the crash shell ");
                say(crash_shell);
                say(" as PID 1.\n");
                execve(crash_shell, argv, environ);
                say("svcd: cannot execute the crash shell; freezing.\n");
        }
        say("svcd: frozen: reaping orphans only, until the machine is reset.\n");
        for (;;) {
                /* Orphans keep coming to PID 1; without children, look again later. */
                if (waitpid(-1, NULL, 0) < 0 && errno == ECHILD) {
                        struct timespec t = { .tv_sec = 1 };
                        (void) nanosleep(&t, NULL);
                }
        }
}

#ifndef CRASH_UNDER_ASAN
/* Only the handler needs these (AddressSanitizer keeps the crash signals to itself). */
static void say_number(long v) {
        char digits[24];
        int n = 0;

        if (v < 0) {
                say("-");
                v = -v;
        }
        do
                digits[sizeof digits - 1 - n++] = (char) ('0' + v % 10);
        while ((v /= 10) > 0 && n < (int) sizeof digits);
        (void) !write(STDERR_FILENO, digits + sizeof digits - n, (size_t) n);
}

/* Kills what svcd started, so that a supervisor's crash does not leave its services
 * running unseen: each service's cgroup (cgroup.kill), else its process groups (every
 * service is a session and process group leader). The registry is read as it is. */
static void kill_services(void) {
        struct manager *m = crash_manager;
        char path[4096];

        if (!m)
                return;
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *s = m->services[i];
                size_t n = s->cgroup_path ? strlen(s->cgroup_path) : 0;
                bool killed = false;

                if (n > 0 && n + sizeof "/cgroup.kill" <= sizeof path) {
                        memcpy(path, s->cgroup_path, n);
                        memcpy(path + n, "/cgroup.kill", sizeof "/cgroup.kill");
                        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
                        if (fd >= 0) {
                                killed = write(fd, "1", 1) == 1;
                                close(fd);
                        }
                }
                if (!killed && s->main_pid > 1)
                        (void) kill(-s->main_pid, SIGKILL);
                if (!killed && s->control_pid > 1)
                        (void) kill(-s->control_pid, SIGKILL);
        }
}

/* The cgroups kill_services() emptied: one per service, and svcd's own directory above
 * them. They empty as the kernel completes the SIGKILLs (a zombie is no longer in its
 * cgroup), so rmdir(2) is tried again every 10 ms until all are gone or a second has
 * passed: a crashed supervisor must not leave its directories in the cgroup tree it was
 * given (its next start makes new ones). Only rmdir and nanosleep: signal-safety(7). */
static void remove_cgroups(void) {
        struct manager *m = crash_manager;

        if (!m || !m->cgroups.path)
                return;
        for (int tries = 0; tries < 100; tries++) {
                for (size_t i = 0; i < m->n_services; i++)
                        if (m->services[i]->cgroup_path)
                                (void) rmdir(m->services[i]->cgroup_path);
                if (rmdir(m->cgroups.path) == 0 || errno != EBUSY)
                        return; /* gone, or not for want of waiting (EACCES, ENOENT) */
                struct timespec t = { .tv_nsec = 10 * 1000 * 1000 };
                (void) nanosleep(&t, NULL);
        }
}

static void on_crash(int sig, siginfo_t *info, void *context) {
        (void) context;
        if (getpid() != crash_pid)
                _exit(127); /* a child between clone() and execve(): not svcd's crash */
        say("svcd: caught signal ");
        say_number(sig);
        if (info && (sig == SIGSEGV || sig == SIGBUS)) {
                say(" at address ");
                say_number((long) (uintptr_t) info->si_addr);
        }
        /* Only the kernel's init must not die: a container's PID 1 that freezes keeps the
         * container "running" with nothing supervised, and no restart policy fires. */
        if (crash_machine) {
                say(" as the machine's init: not exiting (the kernel would panic).\n");
                crash_freeze();
        }
        say(": killing the services it started, then dying of it.\n");
        kill_services();
        remove_cgroups();
        /* The default action, for a core dump and an exit status that says what happened. */
        signal(sig, SIG_DFL);
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, sig);
        (void) sigprocmask(SIG_UNBLOCK, &s, NULL);
        raise(sig);
        _exit(128 + sig);
}

#endif

void crash_handler_install(struct manager *m, const char *shell) {
        crash_manager = m;
        crash_shell = shell;
        crash_pid = getpid();
        crash_machine = m && m->mode == MANAGER_MODE_MACHINE;
#ifndef CRASH_UNDER_ASAN
        static char crash_stack[64 * 1024] __attribute__((aligned(16)));
        static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
        stack_t ss = { .ss_sp = crash_stack, .ss_size = sizeof crash_stack };
        struct sigaction sa = { .sa_sigaction = on_crash, .sa_flags = SA_SIGINFO | SA_ONSTACK };

        (void) sigaltstack(&ss, NULL);
        sigfillset(&sa.sa_mask);
        for (size_t i = 0; i < ELEMENTSOF(crash_signals); i++)
                (void) sigaction(crash_signals[i], &sa, NULL);
#endif
}
