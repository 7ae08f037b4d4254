/* boot-ready.c: the service bench/boot.sh boots 1,000 (or 100) of: it sends "READY=1" to
 * $NOTIFY_SOCKET (sd_notify(3)), or to argv[1] if given, and then waits in pause() until it is
 * killed. Built with `cc -static -O2` at bench time: no dynamic loader, so a start costs the
 * exec and one datagram.
 *
 * With -DBENCH_NOLIBC (what bench/boot.sh builds on x86-64 unless BENCH_BOOT_NOLIBC=0; add
 * -nostdlib) it is built without libc, like bench/restart-counter.c and for the same reason:
 * glibc's start-up probes the CPU with CPUID (init_cpu_features, init_cacheinfo), and in a
 * virtual machine each CPUID traps to the hypervisor, which can cost more than the exec itself.
 *
 * The address is a path, or an abstract socket when it starts with '@' (sd_notify(3)). The
 * datagram carries no credentials of its own: the receiver reads them with SO_PASSCRED
 * (unix(7)), as a service manager does to learn which service is ready. */
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#define READY_MESSAGE "READY=1"

/* The address of path in *sa; its length for connect()/sendto(), or 0 if it is unusable. The
 * trailing NUL of a path is not counted (unix(7) allows either); an abstract name is exactly
 * its bytes after the '@'. */
static unsigned fill_address(struct sockaddr_un *sa, const char *path) {
        size_t n = 0;

        if (!path || (path[0] != '/' && path[0] != '@'))
                return 0;
        sa->sun_family = AF_UNIX;
        for (; path[n]; n++) {
                if (n >= sizeof sa->sun_path)
                        return 0;
                sa->sun_path[n] = path[n];
        }
        if (path[0] == '@')
                sa->sun_path[0] = 0;
        return (unsigned) (offsetof(struct sockaddr_un, sun_path) + n);
}

#ifndef BENCH_NOLIBC
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
        const char *path = argc > 1 ? argv[1] : getenv("NOTIFY_SOCKET");
        struct sockaddr_un sa = {};
        unsigned len = fill_address(&sa, path);
        int fd;

        if (len == 0)
                return 2;
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || sendto(fd, READY_MESSAGE, sizeof READY_MESSAGE - 1, MSG_NOSIGNAL, (struct sockaddr *) &sa, len) < 0)
                return 1;
        close(fd);
        for (;;)
                pause();
}
#else
#include "nolibc.h"

/* The System V x86-64 entry: argc, argv[], NULL, envp[], NULL on the stack. */
__attribute__((noreturn, used)) void ready_main(long *sp);
__attribute__((noreturn, used)) void ready_main(long *sp) {
        long argc = sp[0];
        char **argv = (char **) (sp + 1), **envp = argv + argc + 1;
        const char *path = argc > 1 ? argv[1] : env_get(envp, "NOTIFY_SOCKET");
        struct sockaddr_un sa;
        unsigned len = fill_address(&sa, path);
        long fd, status = 2;

        if (len > 0) {
                status = 1;
                fd = raw_syscall6(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, 0, 0, 0);
                if (fd >= 0 && raw_syscall6(SYS_sendto, fd, (long) READY_MESSAGE, sizeof READY_MESSAGE - 1, MSG_NOSIGNAL,
                                            (long) &sa, len) >= 0) {
                        raw_syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
                        for (;;)
                                raw_syscall6(SYS_pause, 0, 0, 0, 0, 0, 0);
                }
        }
        raw_syscall6(SYS_exit_group, status, 0, 0, 0, 0, 0);
        __builtin_unreachable();
}

NOLIBC_ENTRY(ready_main);
#endif
