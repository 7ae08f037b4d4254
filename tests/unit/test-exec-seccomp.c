/* test-exec-seccomp.c: exec-seccomp.c's programs, loaded in a forked child and proven by the calls it makes. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-seccomp.h"
#include "supervisord/syscall-groups.h"
#include "tests/unit/test-helpers.h"

/* run()'s result when the child was killed by a signal rather than exiting. */
#define KILLED_BY(sig) (1000 + (sig))
#define LOAD_FAILED 254

static struct exec_context ctx;
static struct spawn_plan *plan;
static char **notes;
static const char *file; /* a file in test_dir the child may chmod */

static void setup(void) {
        test_setup();
        memset(&ctx, 0, sizeof ctx);
        ctx.system_call_error_number = UNIT_INT_UNSET;
        ck_assert_int_eq(spawn_plan_new(&plan), 0);
        notes = NULL;
        file = test_write_file("file", "x");
        ck_assert_int_eq(chmod(file, 0644), 0);
}

static void teardown(void) {
        strv_free(ctx.system_call_filter.entries);
        strv_free(ctx.system_call_log.entries);
        strv_free(ctx.restrict_address_families.entries);
        strv_free(ctx.system_call_architectures);
        plan = spawn_plan_free(plan);
        notes = strv_free(notes);
        unsetenv("SVCD_SECCOMP");
        test_teardown();
}

/* filter(&ctx.system_call_filter, allow?, entries..., NULL); an int: va_start() needs a promoted type. */
static void filter(struct unit_filter *f, int allow_list, ...) {
        va_list ap;

        f->set = true;
        f->allow_list = allow_list;
        va_start(ap, allow_list);
        for (const char *e; (e = va_arg(ap, const char *));)
                ck_assert_int_eq(strv_extend(&f->entries, e), 0);
        va_end(ap);
}

static int build(void) {
        plan = spawn_plan_free(plan);
        ck_assert_int_eq(spawn_plan_new(&plan), 0);
        notes = strv_free(notes);
        return exec_seccomp_plan(&ctx, "t.service", plan, &notes);
}

/* Forks; the child loads the plan's programs as spawn-child.c does and exits with what
 * body() returns (an errno, 0 for success). Returns that, or KILLED_BY(signal). */
static int run(int (*body)(void)) {
        int status;
        pid_t pid = fork();

        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                        _exit(LOAD_FAILED);
                for (size_t i = 0; i < plan->n_seccomp; i++) {
                        struct sock_fprog prog = { .len = plan->seccomp[i].count, .filter = plan->seccomp[i].instructions };
                        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
                                _exit(LOAD_FAILED);
                }
                /* exit_group(2) itself: a sanitizer's _exit() tears down its alternate signal
                 * stack first, and sigaltstack() is not in every allow list. */
                syscall(SYS_exit_group, body());
        }
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        return WIFEXITED(status) ? WEXITSTATUS(status) : KILLED_BY(WTERMSIG(status));
}

#define RESULT(expr) ((expr) < 0 ? errno : 0)

static int do_chmod(void) { return RESULT(syscall(SYS_chmod, file, 0600)); }
static int do_fchmodat(void) { return RESULT(syscall(SYS_fchmodat, AT_FDCWD, file, 0600)); }
static int do_chown(void) { return RESULT(syscall(SYS_chown, file, 0, 0)); }
static int do_getpid(void) { return RESULT(syscall(SYS_getpid)); }
static int do_uname(void) { char buf[512]; return RESULT(syscall(SYS_uname, buf)); }
static int do_nanosleep(void) { struct timespec t = { 0, 1000 }; return RESULT(syscall(SYS_nanosleep, &t, NULL)); }
static int do_execve_missing(void) {
        char *argv[] = { (char *) "/nonexistent/x", NULL };
        return RESULT(syscall(SYS_execve, argv[0], argv, NULL));
}
static int do_execve_true(void) {
        char *argv[] = { (char *) "/bin/true", NULL };
        return RESULT(execve(argv[0], argv, NULL));
}
static int do_mount(void) { return RESULT(syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0, NULL)); }
static int do_setuid0(void) { return RESULT(syscall(SYS_setuid, 0)); }

START_TEST(deny_list_kills_by_default) {
        filter(&ctx.system_call_filter, false, "chmod", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_gt(plan->n_seccomp, 0);
        ck_assert_int_eq(run(do_chmod), KILLED_BY(SIGSYS));
        ck_assert_int_eq(run(do_fchmodat), 0);
        ck_assert_ptr_null(notes);
}
END_TEST

START_TEST(deny_list_error_numbers) {
        /* SystemCallErrorNumber= for plain entries, ":errno" (name or number) per entry wins. */
        filter(&ctx.system_call_filter, false, "chmod:EPERM", "fchmodat", "chown:13", NULL);
        ctx.system_call_error_number = EROFS;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), EPERM);
        ck_assert_int_eq(run(do_fchmodat), EROFS);
        ck_assert_int_eq(run(do_chown), EACCES);
        ck_assert_int_eq(run(do_getpid), 0);
}
END_TEST

START_TEST(deny_list_entry_kill) {
        filter(&ctx.system_call_filter, false, "chmod:kill", "fchmodat", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), KILLED_BY(SIGSYS));
        ck_assert_int_eq(run(do_fchmodat), EPERM);
}
END_TEST

START_TEST(error_number_kill_explicit) {
        filter(&ctx.system_call_filter, false, "chmod", NULL);
        ctx.system_call_error_number = -1; /* SystemCallErrorNumber=kill */
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), KILLED_BY(SIGSYS));
}
END_TEST

START_TEST(allow_list_listed_implicit_and_rest) {
        filter(&ctx.system_call_filter, true, "chmod", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), 0);       /* listed */
        ck_assert_int_eq(run(do_getpid), 0);      /* @default, implicit */
        ck_assert_int_eq(run(do_nanosleep), 0);   /* "sleeping" is implicit */
        ck_assert_int_eq(run(do_execve_missing), ENOENT); /* execve() implicit: the kernel saw it */
        ck_assert_int_eq(run(do_fchmodat), EPERM); /* everything else */
        ck_assert_int_eq(run(do_uname), EPERM);
}
END_TEST

START_TEST(allow_list_kills_by_default) {
        filter(&ctx.system_call_filter, true, "chmod", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), 0);
        ck_assert_int_eq(run(do_uname), KILLED_BY(SIGSYS));
}
END_TEST

START_TEST(allow_list_entry_errno_ignored) {
        /* systemd: "Allow-listed system calls cannot take error number" - the entry is dropped. */
        filter(&ctx.system_call_filter, true, "chmod:EACCES", "fchmodat", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_str_eq(test_last_warning(),
                         "t.service: SystemCallFilter=chmod:EACCES: only denied system calls take an error number, "
                         "ignoring.");
        ck_assert_int_eq(run(do_chmod), EPERM);
        ck_assert_int_eq(run(do_fchmodat), 0);
}
END_TEST

START_TEST(groups_nested) {
        /* @privileged nests @chown; setuid() is its own member. */
        filter(&ctx.system_call_filter, false, "@privileged", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chown), EPERM);
        ck_assert_int_eq(run(do_setuid0), EPERM);
        ck_assert_int_eq(run(do_chmod), 0);
        ck_assert_int_eq(run(do_uname), 0);
}
END_TEST

START_TEST(group_with_errno) {
        filter(&ctx.system_call_filter, false, "@mount:EACCES", "@chown", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_mount), EACCES);
        ck_assert_int_eq(run(do_chown), EPERM);
}
END_TEST

START_TEST(system_service_allow_list) {
        /* The man page's recommended allow list: @system-service nests @default, @chown, ... */
        filter(&ctx.system_call_filter, true, "@system-service", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), 0);
        ck_assert_int_eq(run(do_chown), 0);
        ck_assert_int_eq(run(do_uname), 0);
        ck_assert_int_eq(run(do_execve_true), 0); /* a real program runs under it */
        ck_assert_int_eq(run(do_mount), EPERM);
}
END_TEST

START_TEST(later_assignments_remove) {
        /* An entry with "~" came from an assignment of the other polarity: it deletes. */
        filter(&ctx.system_call_filter, true, "@file-system", "~chmod", NULL);
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), EPERM);
        ck_assert_int_eq(run(do_fchmodat), 0);

        strv_free(ctx.system_call_filter.entries);
        ctx.system_call_filter.entries = NULL;
        filter(&ctx.system_call_filter, false, "@chown", "~chown", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chown), 0);
        /* Even execve() can be taken out of the implicit set. */
        strv_free(ctx.system_call_filter.entries);
        ctx.system_call_filter.entries = NULL;
        filter(&ctx.system_call_filter, true, "@system-service", "~execve", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_execve_true), EPERM);
}
END_TEST

START_TEST(unknown_names_skipped) {
        /* cacheflush() exists on some architectures only; with nothing else left no program is built. */
        filter(&ctx.system_call_filter, false, "cacheflush", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_eq(plan->n_seccomp, 0);
        ck_assert_int_eq(strv_extend(&ctx.system_call_filter.entries, "chmod"), 0);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_gt(plan->n_seccomp, 0);
        /* An empty deny list is no filter; an empty allow list still allows only @default. */
        strv_free(ctx.system_call_filter.entries);
        ctx.system_call_filter.entries = NULL;
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_eq(plan->n_seccomp, 0);
        ctx.system_call_filter.allow_list = true;
        ctx.system_call_error_number = EPERM;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_getpid), 0);
        ck_assert_int_eq(run(do_chmod), EPERM);
}
END_TEST

START_TEST(filter_errors) {
        filter(&ctx.system_call_filter, false, "chmod:EBOGUS", NULL);
        ck_assert_int_eq(build(), -EINVAL);
        ck_assert_str_eq(test_last_warning(), "t.service: SystemCallFilter=chmod:EBOGUS: \"EBOGUS\" is not an errno name "
                                              "or number (0-4095) or \"kill\".");
        strv_free(ctx.system_call_filter.entries);
        ctx.system_call_filter.entries = NULL;
        filter(&ctx.system_call_filter, false, "chmod:4096", NULL);
        ck_assert_int_eq(build(), -EINVAL);

        strv_free(ctx.system_call_filter.entries);
        ctx.system_call_filter.entries = NULL;
        filter(&ctx.system_call_filter, false, "chmod", NULL);
        ctx.system_call_error_number = 5000;
        ck_assert_int_eq(build(), -EINVAL);
        ck_assert_str_eq(test_last_warning(), "t.service: SystemCallErrorNumber=5000 is not an errno (0-4095).");

        ctx.system_call_error_number = UNIT_INT_UNSET;
        filter(&ctx.restrict_address_families, true, "AF_BOGUS", NULL);
        ck_assert_int_eq(build(), -EINVAL);
        ck_assert_str_eq(test_last_warning(),
                         "t.service: RestrictAddressFamilies=: AF_BOGUS is not an address family known here.");
}
END_TEST

static int do_socket_inet(void) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        return fd < 0 ? errno : (close(fd), 0);
}
static int do_socket_inet6(void) {
        int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        return fd < 0 ? errno : (close(fd), 0);
}
static int do_socket_unix(void) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        return fd < 0 ? errno : (close(fd), 0);
}
static int do_socket_netlink(void) {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
        return fd < 0 ? errno : (close(fd), 0);
}
static int do_socketpair(void) {
        int sv[2];
        return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ? errno : (close(sv[0]), close(sv[1]), 0);
}

START_TEST(address_families_allow_list) {
        filter(&ctx.restrict_address_families, true, "AF_UNIX", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_gt(plan->n_seccomp, 0);
        for (size_t i = 0; i < plan->n_seccomp; i++)
                ck_assert_int_eq(plan->seccomp[i].step, SPAWN_STEP_ADDRESS_FAMILIES);
        ck_assert_int_eq(run(do_socket_inet), EAFNOSUPPORT);
        ck_assert_int_eq(run(do_socket_netlink), EAFNOSUPPORT);
        ck_assert_int_eq(run(do_socket_unix), 0);

        /* Gaps between allowed families are denied too. */
        ck_assert_int_eq(strv_extend(&ctx.restrict_address_families.entries, "AF_INET6"), 0);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_socket_inet6), 0);
        ck_assert_int_eq(run(do_socket_inet), EAFNOSUPPORT);
}
END_TEST

START_TEST(address_families_deny_list_and_none) {
        filter(&ctx.restrict_address_families, false, "AF_INET6", "AF_NETLINK", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_socket_inet6), EAFNOSUPPORT);
        ck_assert_int_eq(run(do_socket_netlink), EAFNOSUPPORT);
        ck_assert_int_eq(run(do_socket_inet), 0);

        /* "none": an allow list with nothing in it; socketpair() is not socket() (systemd.exec(5)). */
        ctx.restrict_address_families.entries = strv_free(ctx.restrict_address_families.entries);
        ctx.restrict_address_families.allow_list = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_socket_unix), EAFNOSUPPORT);
        ck_assert_int_eq(run(do_socketpair), 0);
}
END_TEST

START_TEST(system_call_filter_loaded_last) {
        /* Both deny socket(AF_INET): the filter loaded last (SystemCallFilter=) gives the errno. */
        filter(&ctx.restrict_address_families, true, "AF_UNIX", NULL);
        filter(&ctx.system_call_filter, false, "socket:EACCES", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->seccomp[0].step, SPAWN_STEP_ADDRESS_FAMILIES);
        ck_assert_int_eq(plan->seccomp[plan->n_seccomp - 1].step, SPAWN_STEP_SECCOMP);
        ck_assert_int_eq(run(do_socket_inet), EACCES);
}
END_TEST

static int do_mmap_wx(void) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? errno : 0;
}
static int do_mmap_w(void) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? errno : 0;
}
static int do_mprotect_x(void) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? 200 : RESULT(mprotect(p, 4096, PROT_READ | PROT_EXEC));
}
static int do_shmat_exec(void) {
        int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        void *p;
        int r;

        if (id < 0)
                return 200;
        p = shmat(id, NULL, SHM_EXEC);
        r = p == (void *) -1 ? errno : 0;
        (void) shmctl(id, IPC_RMID, NULL);
        return r;
}

START_TEST(memory_deny_write_execute) {
        ck_assert_int_eq(run(do_mmap_wx), 0); /* the control: allowed without the filter */
        ctx.memory_deny_write_execute = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_mmap_wx), EPERM);
        ck_assert_int_eq(run(do_mmap_w), 0);
        ck_assert_int_eq(run(do_mprotect_x), EPERM);
        ck_assert_int_eq(run(do_shmat_exec), EPERM);
}
END_TEST

/* Invalid priorities: without the filter the kernel says EINVAL, so EPERM is the filter's. */
static int do_fifo(void) {
        struct sched_param sp = { .sched_priority = 1000 };
        return RESULT(sched_setscheduler(0, SCHED_FIFO, &sp));
}
static int do_rr(void) {
        struct sched_param sp = { .sched_priority = 1000 };
        return RESULT(sched_setscheduler(0, SCHED_RR, &sp));
}
static int do_batch(void) {
        struct sched_param sp = { .sched_priority = 1000 };
        return RESULT(sched_setscheduler(0, SCHED_BATCH, &sp));
}
static int do_setattr_deadline(void) {
        uint32_t attr[12] = { 48, 6 /* SCHED_DEADLINE */ }; /* size 48, policy; runtime 0: invalid */
        return RESULT(syscall(SYS_sched_setattr, 0, attr, 0));
}

START_TEST(restrict_realtime) {
        ck_assert_int_eq(run(do_fifo), EINVAL);
        ck_assert_int_eq(run(do_setattr_deadline), EINVAL);
        ctx.restrict_realtime = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_fifo), EPERM);
        ck_assert_int_eq(run(do_rr), EPERM);
        ck_assert_int_eq(run(do_batch), EINVAL); /* not realtime: the kernel decides */
        ck_assert_int_eq(run(do_setattr_deadline), EPERM);
}
END_TEST

static int do_unshare_uts(void) { return RESULT(unshare(CLONE_NEWUTS)); }
static int do_unshare_net(void) { return RESULT(unshare(CLONE_NEWNET)); }
static int do_setns_any(void) { return RESULT(setns(-1, 0)); }
static int do_setns_uts(void) { return RESULT(setns(-1, CLONE_NEWUTS)); }
static int do_clone3(void) { return RESULT(syscall(SYS_clone3, NULL, 0)); }

START_TEST(restrict_namespaces) {
        ctx.restrict_namespaces = (struct namespace_set) { .flags = 0, .set = true }; /* yes */
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_unshare_uts), EPERM);
        ck_assert_int_eq(run(do_setns_uts), EPERM);
        ck_assert_int_eq(run(do_clone3), ENOSYS);

        /* RestrictNamespaces=uts: the other types, and setns() with type 0, stay refused. */
        ctx.restrict_namespaces.flags = CLONE_NEWUTS;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_unshare_uts), 0);
        ck_assert_int_eq(run(do_unshare_net), EPERM);
        ck_assert_int_eq(run(do_setns_any), EPERM);
        ck_assert_int_eq(run(do_setns_uts), EBADF); /* passed the filter */

        /* RestrictNamespaces=no: nothing to build. */
        ctx.restrict_namespaces.flags = CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID |
                                        CLONE_NEWUSER | CLONE_NEWUTS;
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_eq(plan->n_seccomp, 0);
}
END_TEST

static int do_chmod_suid(void) { return RESULT(chmod(file, 04755)); }
static int do_chmod_sgid_at(void) { return RESULT(fchmodat(AT_FDCWD, file, 02755, 0)); }
static int do_chmod_plain(void) { return RESULT(chmod(file, 0755)); }
static int do_creat_suid(void) {
        int fd = open(test_fmt("%s/new", test_dir), O_CREAT | O_WRONLY | O_CLOEXEC, 04755);
        return fd < 0 ? errno : (close(fd), 0);
}
static int do_open_plain(void) {
        int fd = open(test_fmt("%s/plain", test_dir), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        return fd < 0 ? errno : (close(fd), 0);
}
static int do_mkdir_sgid(void) { return RESULT(mkdir(test_fmt("%s/d", test_dir), 02755)); }
static int do_openat2(void) {
        uint64_t how[3] = { O_RDONLY, 0, 0 };
        int fd = (int) syscall(SYS_openat2, AT_FDCWD, "/", how, sizeof how);
        return fd < 0 ? errno : (close(fd), 0);
}

START_TEST(restrict_suid_sgid) {
        ctx.restrict_suid_sgid = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod_suid), EPERM);
        ck_assert_int_eq(run(do_chmod_sgid_at), EPERM);
        ck_assert_int_eq(run(do_creat_suid), EPERM);
        ck_assert_int_eq(run(do_mkdir_sgid), EPERM);
        ck_assert_int_eq(run(do_openat2), ENOSYS);
        ck_assert_int_eq(run(do_chmod_plain), 0);
        ck_assert_int_eq(run(do_open_plain), 0);
}
END_TEST

static int do_personality_32(void) { return RESULT(syscall(SYS_personality, PER_LINUX32)); }
static int do_personality_same(void) { return RESULT(syscall(SYS_personality, PER_LINUX)); }

START_TEST(lock_personality) {
        ck_assert_int_eq(run(do_personality_32), 0);
        ctx.lock_personality = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_personality_32), EPERM);
        ck_assert_int_eq(run(do_personality_same), 0);
        /* Personality= is the one locked in. */
        plan->personality_set = true;
        plan->personality = PER_LINUX32;
        ck_assert_int_eq(exec_seccomp_plan(&ctx, "t.service", plan, &notes), 0);
        ck_assert_int_eq(run(do_personality_same), EPERM);
}
END_TEST

/* Calls with bad arguments: without the filters the kernel refuses them otherwise. */
static int do_delete_module(void) { return RESULT(syscall(SYS_delete_module, "svcd-no-such-module", 0)); }
static int do_clock_settime(void) { struct timespec t = { 0, 0 }; return RESULT(syscall(SYS_clock_settime, 12345, &t)); }
static int do_syslog(void) { return RESULT(syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0)); }
static int do_iopl(void) { return RESULT(syscall(SYS_iopl, 17)); }
static int do_sethostname(void) { return RESULT(syscall(SYS_sethostname, "x", (size_t) -1)); }
static int do_sysctl(void) { return RESULT(syscall(SYS__sysctl, NULL)); } /* gone since Linux 5.5 */

START_TEST(protect_directives) {
        ck_assert_int_ne(run(do_delete_module), EPERM); /* ENOENT, or ENOSYS without modules */
        ck_assert_int_eq(run(do_clock_settime), EINVAL);
        ck_assert_int_ne(run(do_iopl), EPERM); /* EINVAL, or ENOSYS without I/O port support */
        ck_assert_int_eq(run(do_sethostname), EINVAL);
        ck_assert_int_eq(run(do_syslog), 0);
        ck_assert_int_eq(run(do_sysctl), ENOSYS);
        ctx.protect_kernel_modules = ctx.protect_clock = ctx.protect_kernel_logs = ctx.private_devices = true;
        ctx.protect_hostname = ctx.protect_kernel_tunables = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_delete_module), EPERM);
        ck_assert_int_eq(run(do_clock_settime), EPERM);
        ck_assert_int_eq(run(do_syslog), EPERM);
        ck_assert_int_eq(run(do_iopl), EPERM);
        ck_assert_int_eq(run(do_sethostname), EPERM);
        ck_assert_int_eq(run(do_sysctl), EPERM);
        ck_assert_int_eq(run(do_uname), 0);
}
END_TEST

#if defined(__x86_64__) && !defined(__ILP32__)
/* A call through the 32-bit x86 ABI: eax = number, ebx/ecx = arguments; returns -errno. */
static long int80(long nr, long a, long b) {
        long ret;
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b) : "memory");
        return ret;
}
static int do_x86_getpid(void) { return int80(20, 0, 0) == getpid() ? 0 : 100; }
/* chmod(NULL, 0): EFAULT if the kernel runs it. */
static int do_x86_chmod(void) { long r = int80(15, 0, 0); return r < 0 ? (int) -r : 0; }

START_TEST(architectures) {
        if (run(do_x86_getpid) != 0) {
                fprintf(stderr, "# the kernel runs no 32-bit x86 system calls here, skipping\n");
                return;
        }
        /* Filters are built for every architecture the machine runs: x86 calls are filtered too. */
        filter(&ctx.system_call_filter, false, "chmod:EPERM", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_x86_chmod), EPERM);
        ck_assert_uint_eq(plan->n_seccomp, 3); /* x86, x32, x86-64 */

        /* SystemCallArchitectures=native: x86 calls kill; no filter is built for x86 or x32. */
        ck_assert_int_eq(strv_extend(&ctx.system_call_architectures, "native"), 0);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_eq(plan->n_seccomp, 2); /* the architectures filter, the x86-64 one */
        ck_assert_int_eq(run(do_getpid), 0);
        ck_assert_int_eq(run(do_chmod), EPERM);
        ck_assert_int_eq(run(do_x86_getpid), KILLED_BY(SIGSYS));

        /* x86 allowed again, and a name libseccomp does not know is reported. */
        ck_assert_int_eq(strv_extend(&ctx.system_call_architectures, "x86"), 0);
        ck_assert_int_eq(strv_extend(&ctx.system_call_architectures, "ia64"), 0);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_x86_getpid), 0);
        ck_assert_int_eq(run(do_x86_chmod), EPERM);
        ck_assert_ptr_nonnull(notes);
        ck_assert_str_eq(notes[0], "SystemCallArchitectures=ia64: libseccomp does not know this architecture");
}
END_TEST
#endif

START_TEST(system_call_log) {
        /* Logged calls still run; the program exists. */
        filter(&ctx.system_call_log, true, "chmod", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_gt(plan->n_seccomp, 0);
        ck_assert_int_eq(run(do_chmod), 0);
        strv_free(ctx.system_call_log.entries);
        ctx.system_call_log.entries = NULL;
        filter(&ctx.system_call_log, false, "@default", "@basic-io", NULL);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(run(do_chmod), 0);
        ck_assert_int_eq(run(do_getpid), 0);
}
END_TEST

START_TEST(seccomp_unavailable) {
        _cleanup_free_ char *joined = NULL;

        filter(&ctx.system_call_filter, false, "chmod", "@mount", NULL);
        filter(&ctx.restrict_address_families, true, NULL);
        ctx.memory_deny_write_execute = true;
        ctx.restrict_namespaces = (struct namespace_set) { .flags = CLONE_NEWNET | CLONE_NEWUTS, .set = true };
        ck_assert_int_eq(strv_extend(&ctx.system_call_architectures, "native"), 0);
        setenv("SVCD_SECCOMP", "0", 1);
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_eq(plan->n_seccomp, 0);
        ck_assert_ptr_nonnull(notes);
        joined = strv_join(notes, "|");
        ck_assert_str_eq(joined,
                         "MemoryDenyWriteExecute=yes: seccomp is turned off (SVCD_SECCOMP=0)|"
                         "RestrictAddressFamilies=none: seccomp is turned off (SVCD_SECCOMP=0)|"
                         "SystemCallFilter=~chmod @mount: seccomp is turned off (SVCD_SECCOMP=0)|"
                         "RestrictNamespaces=net uts: seccomp is turned off (SVCD_SECCOMP=0)|"
                         "SystemCallArchitectures=native: seccomp is turned off (SVCD_SECCOMP=0)");
}
END_TEST

START_TEST(nothing_set_nothing_built) {
        ck_assert_int_eq(build(), 0);
        ck_assert_uint_eq(plan->n_seccomp, 0);
        ck_assert_ptr_null(notes);
}
END_TEST

/* --- the group table ---------------------------------------------------------------------- */

static int collect(const char *name, void *userdata) {
        return strv_extend(userdata, name);
}

START_TEST(group_table_consistent) {
        size_t n;
        const struct syscall_group *g = syscall_group_all(&n);
        static const char *const required[] = {
                "@aio", "@basic-io", "@chown", "@clock", "@cpu-emulation", "@debug", "@file-system", "@io-event",
                "@ipc", "@keyring", "@memlock", "@module", "@mount", "@network-io", "@obsolete", "@pkey",
                "@privileged", "@process", "@raw-io", "@reboot", "@resources", "@sandbox", "@setuid", "@signal",
                "@swap", "@sync", "@system-service", "@timer", "@known", "@default",
        };

        for (size_t i = 0; i < ELEMENTSOF(required); i++)
                ck_assert_msg(syscall_group_find(required[i]), "%s missing", required[i]);
        for (size_t i = 0; i < n; i++) {
                char **names = NULL;
                ck_assert_ptr_eq(syscall_group_find(g[i].name), &g[i]); /* unique */
                ck_assert(g[i].description[0]);
                ck_assert_msg(syscall_group_expand(g[i].name, collect, &names) == 0, "%s does not expand", g[i].name);
                ck_assert_ptr_nonnull(names);
                strv_free(names);
        }
        ck_assert_int_eq(syscall_group_expand("@nonsense", collect, NULL), -ENOENT);
}
END_TEST

START_TEST(group_nesting) {
        char **names = NULL;

        ck_assert_int_eq(syscall_group_expand("@system-service", collect, &names), 0);
        ck_assert(strv_contains(names, "execve"));   /* via @default */
        ck_assert(strv_contains(names, "fchownat")); /* via @chown */
        ck_assert(strv_contains(names, "read"));     /* via @basic-io */
        ck_assert(!strv_contains(names, "mount"));
        ck_assert(!strv_contains(names, "reboot"));
        strv_free(names);
        names = NULL;
        ck_assert_int_eq(syscall_group_expand("@privileged", collect, &names), 0);
        ck_assert(strv_contains(names, "chown"));
        ck_assert(strv_contains(names, "init_module")); /* via @module */
        ck_assert(strv_contains(names, "setuid"));
        strv_free(names);
}
END_TEST

/* Names the first difference (check cannot print the whole of @known). */
static void compare_members(const struct syscall_group *g, const char *expected) {
        const char *a = expected, *b = g->members;

        while (*a && *a == *b)
                a++, b++;
        if (!*a && !*b)
                return;
        while (a > expected && a[-1] != ' ')
                a--, b--;
        ck_abort_msg("%s: systemd-analyze has \"%.40s\", svcd has \"%.40s\"", g->name, a, b);
}

/* systemd-analyze syscall-filter of systemd 252 as the oracle, where it is installed. */
START_TEST(groups_match_systemd_analyze) {
        FILE *f = popen("systemd-analyze --version 2>/dev/null | head -n 1", "r");
        char line[512], version[512] = "";
        const struct syscall_group *g = NULL;
        char *members = NULL;
        size_t n_compared = 0;

        if (f) {
                if (!fgets(version, sizeof version, f))
                        version[0] = 0;
                pclose(f);
        }
        if (!startswith(version, "systemd 252 ")) {
                fprintf(stderr, "# systemd-analyze of systemd 252 is not installed, skipping the comparison\n");
                return;
        }
        f = popen("systemd-analyze syscall-filter --no-pager 2>/dev/null", "r");
        ck_assert_ptr_nonnull(f);
        for (;;) {
                bool eof = !fgets(line, sizeof line, f);
                /* Headers start the line; members, nested groups too, are indented; a comment
                 * at the start of a line ("# Ungrouped System Calls ...") ends the groups. */
                bool end = eof || line[0] == '#', header = line[0] == '@';
                char *s = strstrip(line);

                if (end || header) {
                        if (g) {
                                compare_members(g, members ? members : "");
                                n_compared++;
                        }
                        g = NULL;
                        free(members);
                        members = NULL;
                        if (end)
                                break;
                        g = syscall_group_find(s);
                        ck_assert_msg(g, "systemd-analyze lists %s, svcd does not know it", s);
                        continue;
                }
                if (!g || !*s || s[0] == '#')
                        continue;
                char *joined;
                ck_assert_int_ge(asprintf(&joined, "%s%s%s", members ? members : "", members ? " " : "", s), 0);
                free(members);
                members = joined;
        }
        pclose(f);
        ck_assert_uint_ge(n_compared, 29);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-exec-seccomp");
        TCase *tc = tcase_create("filters");
        TCase *groups = tcase_create("groups");

        log_set_max_level(LOG_DEBUG);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, deny_list_kills_by_default);
        tcase_add_test(tc, deny_list_error_numbers);
        tcase_add_test(tc, deny_list_entry_kill);
        tcase_add_test(tc, error_number_kill_explicit);
        tcase_add_test(tc, allow_list_listed_implicit_and_rest);
        tcase_add_test(tc, allow_list_kills_by_default);
        tcase_add_test(tc, allow_list_entry_errno_ignored);
        tcase_add_test(tc, groups_nested);
        tcase_add_test(tc, group_with_errno);
        tcase_add_test(tc, system_service_allow_list);
        tcase_add_test(tc, later_assignments_remove);
        tcase_add_test(tc, unknown_names_skipped);
        tcase_add_test(tc, filter_errors);
        tcase_add_test(tc, address_families_allow_list);
        tcase_add_test(tc, address_families_deny_list_and_none);
        tcase_add_test(tc, system_call_filter_loaded_last);
        tcase_add_test(tc, memory_deny_write_execute);
        tcase_add_test(tc, restrict_realtime);
        tcase_add_test(tc, restrict_namespaces);
        tcase_add_test(tc, restrict_suid_sgid);
        tcase_add_test(tc, lock_personality);
        tcase_add_test(tc, protect_directives);
#if defined(__x86_64__) && !defined(__ILP32__)
        tcase_add_test(tc, architectures);
#endif
        tcase_add_test(tc, system_call_log);
        tcase_add_test(tc, seccomp_unavailable);
        tcase_add_test(tc, nothing_set_nothing_built);
        suite_add_tcase(s, tc);
        tcase_add_test(groups, group_table_consistent);
        tcase_add_test(groups, group_nesting);
        tcase_add_test(groups, groups_match_systemd_analyze);
        suite_add_tcase(s, groups);
        return test_run(s);
}
