/* test-spawn.c: what a spawned process inherits (fds, signal dispositions), and what
 * spawning leaves in the daemon.
 *
 * spawn_start() clones with CLONE_FILES after staging the child's fds in reserved slots
 * (libsvc/spawn-fd-slots.c) and the child takes a table of its own with close_range(2)
 * CLOSE_RANGE_UNSHARE; where that is refused it clones the classic way, and where
 * close_range(2) is refused altogether the child closes what /proc/self/fd lists. Every
 * way the program must hold exactly stdio and its passed fds, and the daemon must keep
 * none of the copies. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/spawn.h"
#include "libsvc/spawn-fd-slots.h"
#include "libsvc/strv.h"
#include "test-helpers.h"

/* Fds the daemon holds, as /proc lists them. */
static int count_fds(pid_t pid) {
        char path[64];
        DIR *d;
        struct dirent *e;
        int n = 0;

        snprintf(path, sizeof path, "/proc/%d/fd", (int) pid);
        d = opendir(path);
        ck_assert_ptr_nonnull(d);
        while ((e = readdir(d)))
                if (e->d_name[0] != '.')
                        n++;
        closedir(d);
        return pid == getpid() ? n - 1 : n; /* less opendir()'s own */
}

/* Whether pid's fd `fd` and our fd `ours` are the same open file. */
static bool same_file(pid_t pid, int fd, int ours) {
        char a[64], b[64], ta[256] = "", tb[256] = "";

        snprintf(a, sizeof a, "/proc/%d/fd/%d", (int) pid, fd);
        snprintf(b, sizeof b, "/proc/self/fd/%d", ours);
        if (readlink(a, ta, sizeof ta - 1) < 0 || readlink(b, tb, sizeof tb - 1) < 0)
                return false;
        return strcmp(ta, tb) == 0;
}

static struct spawn_plan *sleep_plan(void) {
        struct spawn_plan *p = NULL;

        ck_assert_int_eq(spawn_plan_new(&p), 0);
        p->path = strdup("/bin/sleep");
        ck_assert_ptr_nonnull(p->path);
        ck_assert_int_eq(strv_extend(&p->argv, "sleep"), 0);
        ck_assert_int_eq(strv_extend(&p->argv, "100"), 0);
        ck_assert_int_eq(strv_extend(&p->envp, "PATH=/bin"), 0);
        return p;
}

/* Waits until pid sleeps (S in /proc/PID/stat): the program has exec'd and its loader is
 * done, so that the fds it holds are the ones it was given, not a library being mapped. */
static void wait_sleeping(pid_t pid) {
        char path[64], buf[256];

        snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        for (int i = 0; i < 500; i++) {
                FILE *f = fopen(path, "re");
                char *close = NULL;

                if (f && fgets(buf, sizeof buf, f))
                        close = strrchr(buf, ')');
                if (f)
                        fclose(f);
                if (close && close[1] == ' ' && close[2] == 'S')
                        return;
                usleep(10 * 1000);
        }
        ck_abort_msg("pid %d did not go to sleep", (int) pid);
}

static void kill_and_reap(pid_t pid) {
        ck_assert_int_eq(kill(pid, SIGKILL), 0);
        ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}

/* Opens n fds without O_CLOEXEC, as a careless library in the daemon might: none may leak. */
static void open_clutter(int n) {
        for (int i = 0; i < n; i++)
                ck_assert_int_ge(open("/dev/null", O_RDONLY), 0);
}

/* Spawns sleep with n_pass passed pipe ends and checks it holds exactly 0..2+n_pass, each
 * the file it was given. */
static void check_exact_fds(size_t n_pass) {
        _cleanup_(spawn_plan_freep) struct spawn_plan *p = sleep_plan();
        int pass[64][2], out[2];
        struct spawn_status st = {};
        pid_t pid = 0;

        ck_assert_uint_le(n_pass, 64);
        ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
        for (size_t i = 0; i < n_pass; i++)
                ck_assert_int_eq(pipe2(pass[i], O_CLOEXEC), 0);
        int fds[64];
        for (size_t i = 0; i < n_pass; i++)
                fds[i] = pass[i][1];
        p->stdout_fd = out[1];
        p->pass_fds = fds;
        p->n_pass_fds = n_pass;
        ck_assert_int_eq(spawn_start(p, &pid, &st), 0);
        wait_sleeping(pid);
        ck_assert_int_eq(count_fds(pid), (int) (3 + n_pass));
        ck_assert(same_file(pid, 1, out[1]));
        for (size_t i = 0; i < n_pass; i++)
                ck_assert(same_file(pid, (int) (3 + i), pass[i][1]));
        kill_and_reap(pid);
        for (size_t i = 0; i < n_pass; i++) {
                close(pass[i][0]);
                close(pass[i][1]);
        }
        close(out[0]);
        close(out[1]);
}

START_TEST(child_holds_stdio_and_passed_fds_only) {
        open_clutter(300);
        check_exact_fds(0);
        check_exact_fds(2);
}
END_TEST

/* More fds than there are slots: the classic clone, the same result. */
START_TEST(more_fds_than_slots) {
        open_clutter(50);
        check_exact_fds(SPAWN_FD_SLOTS + 8);
}
END_TEST

/* The slots are taken once; every staged copy is given back, so the daemon's table does
 * not grow and a service's stdout pipe reaches EOF once the service and svcd's own write
 * end are gone. */
START_TEST(daemon_keeps_no_copies) {
        int before;

        check_exact_fds(1); /* reserves the slots */
        before = count_fds(getpid());
        for (int i = 0; i < 5; i++)
                check_exact_fds(3);
        ck_assert_int_eq(count_fds(getpid()), before);

        _cleanup_(spawn_plan_freep) struct spawn_plan *p = NULL;
        int out[2];
        struct spawn_status st = {};
        pid_t pid = 0;
        char buf[16];

        ck_assert_int_eq(spawn_plan_new(&p), 0);
        p->path = strdup("/bin/echo");
        ck_assert_int_eq(strv_extend(&p->argv, "echo"), 0);
        ck_assert_int_eq(strv_extend(&p->argv, "hi"), 0);
        ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
        p->stdout_fd = out[1];
        ck_assert_int_eq(spawn_start(p, &pid, &st), 0);
        close(out[1]);
        ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
        struct pollfd pfd = { .fd = out[0], .events = POLLIN };
        ck_assert_int_eq(read(out[0], buf, sizeof buf), 3);
        ck_assert_int_eq(poll(&pfd, 1, 5000), 1); /* EOF, not a hang */
        ck_assert_int_eq(read(out[0], buf, sizeof buf), 0);
        ck_assert_int_eq(count_fds(getpid()), before + 1);
        close(out[0]);
}
END_TEST

/* A failed exec is reported as before, and leaves the daemon's table as it was. */
START_TEST(exec_failure_leaves_the_table_alone) {
        _cleanup_(spawn_plan_freep) struct spawn_plan *p = NULL;
        struct spawn_status st = {};
        pid_t pid = 0;
        int before;

        check_exact_fds(0);
        before = count_fds(getpid());
        ck_assert_int_eq(spawn_plan_new(&p), 0);
        p->path = strdup("/nonexistent/program");
        ck_assert_int_eq(strv_extend(&p->argv, "program"), 0);
        ck_assert_int_eq(spawn_start(p, &pid, &st), -ENOENT);
        ck_assert_int_eq(st.step, SPAWN_STEP_EXEC);
        ck_assert_int_gt(st.pid, 0);
        ck_assert_int_eq(count_fds(getpid()), before);
}
END_TEST

/* Where close_range(CLOSE_RANGE_UNSHARE) is refused (a container's seccomp profile),
 * spawn_start() finds out once and clones the classic way, copying the table; the child
 * still holds only its own fds. */
START_TEST(classic_clone_when_close_range_unshare_is_refused) {
        scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);

        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(close_range), 1,
                                          SCMP_A2(SCMP_CMP_EQ, CLOSE_RANGE_UNSHARE, 0)), 0);
        ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
        ck_assert_int_eq(seccomp_load(f), 0);
        seccomp_release(f);
        open_clutter(100);
        check_exact_fds(2);
}
END_TEST

/* Where close_range(2) is refused altogether (before Linux 5.9; an older Docker seccomp
 * profile answers EPERM), spawn_start() clones the classic way and the child closes what it
 * finds in /proc/self/fd: the program still holds exactly its fds. */
START_TEST(no_close_range_at_all) {
        scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);

        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(close_range), 0), 0);
        ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
        ck_assert_int_eq(seccomp_load(f), 0);
        seccomp_release(f);
        open_clutter(700); /* more than one listing batch */
        check_exact_fds(2);
        check_exact_fds(0);
}
END_TEST

/* The SigIgn mask of pid's /proc status. */
static unsigned long long ignored_mask(pid_t pid) {
        char path[64], line[256];
        unsigned long long mask = ~0ULL;
        FILE *f;

        snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
        f = fopen(path, "re");
        ck_assert_ptr_nonnull(f);
        while (fgets(line, sizeof line, f))
                if (sscanf(line, "SigIgn: %llx", &mask) == 1)
                        break;
        fclose(f);
        return mask;
}

static unsigned long long spawned_ignored_mask(bool ignore_sigpipe) {
        _cleanup_(spawn_plan_freep) struct spawn_plan *p = sleep_plan();
        struct spawn_status st = {};
        unsigned long long mask;
        pid_t pid = 0;

        p->ignore_sigpipe = ignore_sigpipe;
        ck_assert_int_eq(spawn_start(p, &pid, &st), 0);
        mask = ignored_mask(pid);
        kill_and_reap(pid);
        return mask;
}

/* A daemon started in the background of a shell (SIGINT and SIGQUIT ignored) that ignores
 * SIGPIPE itself: its services start with every signal at SIG_DFL but SIGPIPE, as
 * IgnoreSIGPIPE= says. */
START_TEST(ignored_signals_are_set_back) {
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
        signal(SIGPIPE, SIG_IGN);
        signal(SIGRTMIN + 5, SIG_IGN);
        ck_assert_uint_eq(spawned_ignored_mask(true), 1ULL << (SIGPIPE - 1));
        ck_assert_uint_eq(spawned_ignored_mask(false), 0);
}
END_TEST

/* A daemon that ignores nothing: IgnoreSIGPIPE= alone decides. */
START_TEST(sigpipe_follows_ignore_sigpipe) {
        ck_assert_uint_eq(spawned_ignored_mask(false), 0);
        ck_assert_uint_eq(spawned_ignored_mask(true), 1ULL << (SIGPIPE - 1));
}
END_TEST

int main(void) {
        Suite *s = suite_create("spawn");
        TCase *tc = tcase_create("fds");

        /* check forks a process per test: each starts with no slots and its own table. */
        tcase_add_test(tc, child_holds_stdio_and_passed_fds_only);
        tcase_add_test(tc, more_fds_than_slots);
        tcase_add_test(tc, daemon_keeps_no_copies);
        tcase_add_test(tc, exec_failure_leaves_the_table_alone);
        tcase_add_test(tc, classic_clone_when_close_range_unshare_is_refused);
        tcase_add_test(tc, no_close_range_at_all);
        tcase_add_test(tc, ignored_signals_are_set_back);
        tcase_add_test(tc, sigpipe_follows_ignore_sigpipe);
        suite_add_tcase(s, tc);
        return test_run(s);
}
