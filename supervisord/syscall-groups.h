/* syscall-groups.h: systemd's system call groups (systemd.exec(5) SystemCallFilter=, "@system-service" and friends).
 *
 * The contents are systemd 252's as its `systemd-analyze syscall-filter` prints them (Debian
 * 252.39, whose list of known system calls follows newer kernels), which the man page names
 * as the authority ("Use systemd-analyze syscall-filter to list the actual list of system
 * calls in each filter"). tests/unit/test-exec-seccomp.c compares the table with that
 * output when systemd 252's systemd-analyze is installed. */
#pragma once

#include <stddef.h>

/* Nested groups deeper than this are a bug in the table (systemd's nest two levels). */
#define SYSCALL_GROUP_MAX_DEPTH 8

struct syscall_group {
        const char *name;        /* "@system-service" */
        const char *description; /* as systemd-analyze prints it */
        const char *members;     /* space-separated system call names and nested "@groups" */
};

/* Every group, in the order systemd-analyze prints them; *ret_n is their number. */
const struct syscall_group *syscall_group_all(size_t *ret_n);
/* The group called name ("@mount"), or NULL. */
const struct syscall_group *syscall_group_find(const char *name);

/* Calls fn for every system call name in the group, nested groups expanded in place (a
 * name may come more than once). Returns 0, the first negative value fn returns, -ENOENT
 * if name (or a group it nests) is unknown, -ELOOP past SYSCALL_GROUP_MAX_DEPTH. */
int syscall_group_expand(const char *name, int (*fn)(const char *syscall, void *userdata), void *userdata);
