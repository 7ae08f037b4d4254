/* clone3.h: clone3(2) with CLONE_VM, which has no libc wrapper: the child runs a function on
 * a stack of the caller's. The daemon's spawn (spawn-plan.c) and bench/boot's floor use it. */
#pragma once

#include <stddef.h>

#if defined(__x86_64__)
#include <linux/sched.h>
#endif

#if defined(__x86_64__) && defined(CLONE_INTO_CGROUP)
#define HAVE_CLONE3_RUN 1
/* Calls clone3(args, size); the child calls fn(arg) on args->stack and exits with its
 * result. Returns the child's pid, or -errno (the raw syscall's). */
long clone3_run(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);
#else
#define HAVE_CLONE3_RUN 0
#endif
