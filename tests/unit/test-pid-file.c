/* test-pid-file.c: PIDFile= reading: what a PID file may hold, which owners, symlinks and
 * directories lead to a trusted one, and that nothing but a regular file is ever read. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "supervisord/pid-file.h"
#include "tests/unit/test-helpers.h"

#define AS_SVCD ((uid_t) -1) /* the service runs as svcd does: root in CI */
#define SERVICE_UID ((uid_t) 1234)
#define OTHER_UID ((uid_t) 5678)

/* A live process that is not the test itself: the pid a good PID file names. */
static pid_t sleeper = -1;

static void setup(void) {
        test_setup();
        sleeper = fork();
        ck_assert_int_ge(sleeper, 0);
        if (sleeper == 0) {
                /* Dies with the test even when a failed assertion skips the teardown. */
                (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
                for (;;)
                        pause();
        }
}

static void teardown(void) {
        if (sleeper > 0) {
                (void) kill(sleeper, SIGKILL);
                (void) waitpid(sleeper, NULL, 0);
        }
        sleeper = -1;
        test_teardown();
}

static const char *write_pid(const char *name, pid_t pid) {
        return test_write_file(name, test_fmt("%d\n", (int) pid));
}

static const char *make_dir(const char *name, uid_t owner) {
        const char *path = test_fmt("%s/%s", test_dir, name);

        ck_assert_int_eq(mkdir(path, 0755), 0);
        if (owner != 0)
                ck_assert_int_eq(chown(path, owner, owner), 0);
        return path;
}

static const char *make_symlink(const char *name, const char *target, uid_t owner) {
        const char *path = test_fmt("%s/%s", test_dir, name);

        ck_assert_int_eq(symlink(target, path), 0);
        if (owner != 0)
                ck_assert_int_eq(lchown(path, owner, owner), 0);
        return path;
}

static int read_pid(const char *path, uid_t service_uid) {
        pid_t pid = -42;
        int r = pid_file_read(path, service_uid, &pid);

        if (r < 0)
                ck_assert_int_eq(pid, -42); /* out-params only on success */
        else
                ck_assert_int_eq(pid, sleeper);
        return r;
}

/* ---- what the file holds (owned by whoever runs the test, which is svcd's user here) ---- */

START_TEST(good_file_is_read) {
        ck_assert_int_eq(read_pid(write_pid("good.pid", sleeper), AS_SVCD), 0);
}
END_TEST

START_TEST(blanks_around_the_pid_are_allowed) {
        /* Before and after the pid. */
        const char *forms[][2] = {
                { "", "" }, { "", "\n" }, { "", "\n\n" }, { "  ", " \t\r\n" }, { "\n", "\n" }, { "000", "\n" },
        };

        for (size_t i = 0; i < ELEMENTSOF(forms); i++) {
                const char *content = test_fmt("%s%d%s", forms[i][0], (int) sleeper, forms[i][1]);
                const char *path = test_write_file(test_fmt("blank%zu.pid", i), content);
                ck_assert_msg(read_pid(path, AS_SVCD) == 0, "form %zu", i);
        }
}
END_TEST

START_TEST(anything_but_one_pid_is_bad) {
        const char *bad[] = {
                "", "\n", "   \n", "0", "0\n", "1\n", "-5\n", "+5\n", "12abc\n", "abc\n", "0x10\n", "1.5\n",
                "12 34\n", "12\n34\n", "2147483648\n", "99999999999999999999999\n", "-2147483648\n",
        };

        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                const char *path = test_write_file(test_fmt("bad%zu.pid", i), bad[i]);
                ck_assert_msg(read_pid(path, AS_SVCD) == -EBADMSG, "\"%s\"", bad[i]);
        }
}
END_TEST

START_TEST(nul_byte_is_bad) {
        const char *path = test_fmt("%s/nul.pid", test_dir);
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        char content[32];
        int n = snprintf(content, sizeof content, "%d", (int) sleeper);

        ck_assert_int_ge(fd, 0);
        content[n++] = 0;
        content[n++] = '\n';
        ck_assert_int_eq(loop_write(fd, content, (size_t) n), 0);
        ck_assert_int_eq(read_pid(path, AS_SVCD), -EBADMSG);
}
END_TEST

/* Only a small, bounded amount is read: a long file is refused even if its start is a pid. */
START_TEST(long_file_is_bad) {
        char padding[200];

        memset(padding, ' ', sizeof padding - 1);
        padding[sizeof padding - 1] = 0;
        ck_assert_int_eq(read_pid(test_write_file("long.pid", test_fmt("%d%s\n", (int) sleeper, padding)), AS_SVCD),
                         -EBADMSG);
        /* 64 bytes exactly still fits. */
        ck_assert_int_eq(read_pid(test_write_file("fits.pid", test_fmt("%-63d\n", (int) sleeper)), AS_SVCD), 0);
}
END_TEST

START_TEST(exited_process_is_esrch) {
        pid_t child = fork();

        ck_assert_int_ge(child, 0);
        if (child == 0)
                _exit(0);
        ck_assert_int_eq(waitpid(child, NULL, 0), child);
        ck_assert_int_eq(read_pid(write_pid("gone.pid", child), AS_SVCD), -ESRCH);
}
END_TEST

START_TEST(own_pid_is_refused) {
        ck_assert_int_eq(read_pid(write_pid("self.pid", getpid()), AS_SVCD), -EPERM);
}
END_TEST

START_TEST(missing_file_is_enoent) {
        ck_assert_int_eq(read_pid(test_fmt("%s/none.pid", test_dir), AS_SVCD), -ENOENT);
        ck_assert_int_eq(read_pid(test_fmt("%s/no-dir/none.pid", test_dir), AS_SVCD), -ENOENT);
        /* A dangling symlink is missing too: the daemon has not written its target yet. */
        ck_assert_int_eq(read_pid(make_symlink("dangling.pid", "not-yet.pid", 0), AS_SVCD), -ENOENT);
}
END_TEST

START_TEST(odd_paths) {
        ck_assert_int_eq(read_pid("relative.pid", AS_SVCD), -EINVAL);
        ck_assert_int_eq(read_pid(test_fmt("%s/file/x", write_pid("file", sleeper)), AS_SVCD), -ENOTDIR);
        /* ".", ".." and repeated slashes resolve as the kernel resolves them. */
        make_dir("sub", 0);
        write_pid("dots.pid", sleeper);
        ck_assert_int_eq(read_pid(test_fmt("%s//sub/./..//dots.pid", test_dir), AS_SVCD), 0);
        make_symlink("loop1", "loop2", 0);
        make_symlink("loop2", "loop1", 0);
        ck_assert_int_eq(read_pid(test_fmt("%s/loop1", test_dir), AS_SVCD), -ELOOP);
}
END_TEST

/* ---- nothing but a regular file is opened for reading ---- */

START_TEST(fifo_is_refused_without_blocking) {
        const char *path = test_fmt("%s/fifo.pid", test_dir);
        _cleanup_close_ int fd = -1;
        char buf[32];
        int n;

        ck_assert_int_eq(mkfifo(path, 0644), 0);
        alarm(10); /* a blocking open would hang here: fail loudly instead */
        ck_assert_int_eq(read_pid(path, AS_SVCD), -EBADMSG);

        /* With a pid waiting in it, the FIFO is still refused, and is never read: the pid
         * is still there afterwards. O_RDWR opens a FIFO without blocking (fifo(7)). */
        fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        ck_assert_int_ge(fd, 0);
        n = snprintf(buf, sizeof buf, "%d\n", (int) sleeper);
        ck_assert_int_eq(loop_write(fd, buf, (size_t) n), 0);
        ck_assert_int_eq(read_pid(path, AS_SVCD), -EBADMSG);
        ck_assert_int_eq(read(fd, buf, sizeof buf), n);
        alarm(0);
}
END_TEST

START_TEST(directory_is_refused) {
        make_dir("dir.pid", 0);
        ck_assert_int_eq(read_pid(test_fmt("%s/dir.pid", test_dir), AS_SVCD), -EBADMSG);
        ck_assert_int_eq(read_pid(test_fmt("%s/dir.pid/", test_dir), AS_SVCD), -EBADMSG);
        ck_assert_int_eq(read_pid(test_fmt("%s/dir.pid/..", test_dir), AS_SVCD), -EBADMSG);
        ck_assert_int_eq(read_pid("/", AS_SVCD), -EBADMSG);
}
END_TEST

START_TEST(device_is_refused) {
        ck_assert_int_eq(read_pid("/dev/null", AS_SVCD), -EBADMSG);
}
END_TEST

/* ---- owners (root only: chown) ---- */

START_TEST(root_owned_file_is_read_for_any_service) {
        const char *path = write_pid("root.pid", sleeper);

        ck_assert_int_eq(read_pid(path, AS_SVCD), 0);
        ck_assert_int_eq(read_pid(path, SERVICE_UID), 0);
}
END_TEST

START_TEST(file_of_the_service_user_is_read) {
        const char *path = write_pid("user.pid", sleeper);

        ck_assert_int_eq(chown(path, SERVICE_UID, SERVICE_UID), 0);
        ck_assert_int_eq(read_pid(path, SERVICE_UID), 0);
        /* The same file is not trusted for a service that runs as root... */
        ck_assert_int_eq(read_pid(path, AS_SVCD), -EPERM);
        ck_assert_int_eq(read_pid(path, 0), -EPERM);
        /* ...nor for another user's service. */
        ck_assert_int_eq(read_pid(path, OTHER_UID), -EPERM);
}
END_TEST

START_TEST(file_of_another_user_is_refused) {
        const char *path = write_pid("other.pid", sleeper);

        ck_assert_int_eq(chown(path, OTHER_UID, OTHER_UID), 0);
        ck_assert_int_eq(read_pid(path, SERVICE_UID), -EPERM);
}
END_TEST

/* A refused file is refused before it is read: bad content does not change the answer. */
START_TEST(untrusted_file_is_refused_before_parsing) {
        const char *path = test_write_file("untrusted.pid", "garbage\n");

        ck_assert_int_eq(chown(path, OTHER_UID, OTHER_UID), 0);
        ck_assert_int_eq(read_pid(path, SERVICE_UID), -EPERM);
}
END_TEST

/* ---- symlinks (root only) ---- */

START_TEST(root_owned_file_via_root_symlinks_is_read) {
        const char *real = write_pid("real.pid", sleeper);

        ck_assert_int_eq(read_pid(make_symlink("abs.pid", real, 0), SERVICE_UID), 0);
        ck_assert_int_eq(read_pid(make_symlink("rel.pid", "real.pid", 0), AS_SVCD), 0);
        ck_assert_int_eq(read_pid(make_symlink("chain.pid", "rel.pid", 0), AS_SVCD), 0);
        /* A symlinked directory on the way, as /var/run -> /run. */
        make_symlink("linked-dir", ".", 0);
        ck_assert_int_eq(read_pid(test_fmt("%s/linked-dir/real.pid", test_dir), AS_SVCD), 0);
}
END_TEST

START_TEST(file_of_the_service_user_via_symlink_is_refused) {
        const char *real = write_pid("real.pid", sleeper);

        ck_assert_int_eq(chown(real, SERVICE_UID, SERVICE_UID), 0);
        ck_assert_int_eq(read_pid(real, SERVICE_UID), 0);
        ck_assert_int_eq(read_pid(make_symlink("abs.pid", real, 0), SERVICE_UID), -EPERM);
        ck_assert_int_eq(read_pid(make_symlink("rel.pid", "real.pid", 0), SERVICE_UID), -EPERM);
        ck_assert_int_eq(read_pid(make_symlink("own.pid", "real.pid", SERVICE_UID), SERVICE_UID), -EPERM);
        make_symlink("linked-dir", ".", 0);
        ck_assert_int_eq(read_pid(test_fmt("%s/linked-dir/real.pid", test_dir), SERVICE_UID), -EPERM);
}
END_TEST

/* The attack systemd's unsafe-transition rule stops: the service's user points svcd at
 * another daemon's root-owned PID file, to have svcd supervise and later kill it. */
START_TEST(root_owned_file_via_user_symlink_is_refused) {
        const char *real = write_pid("real.pid", sleeper);

        ck_assert_int_eq(read_pid(make_symlink("abs.pid", real, SERVICE_UID), SERVICE_UID), -EPERM);
        ck_assert_int_eq(read_pid(make_symlink("rel.pid", "real.pid", SERVICE_UID), SERVICE_UID), -EPERM);
        ck_assert_int_eq(read_pid(make_symlink("rel2.pid", "real.pid", SERVICE_UID), AS_SVCD), -EPERM);
        /* A root symlink to the user's symlink does not launder it. */
        ck_assert_int_eq(read_pid(make_symlink("outer.pid", "rel.pid", 0), AS_SVCD), -EPERM);
}
END_TEST

/* ---- directories (root only) ---- */

/* RuntimeDirectory=: the service's user owns the directory and the file in it. */
START_TEST(file_in_the_service_users_directory_is_read) {
        make_dir("run", SERVICE_UID);
        const char *path = write_pid("run/d.pid", sleeper);

        ck_assert_int_eq(chown(path, SERVICE_UID, SERVICE_UID), 0);
        ck_assert_int_eq(read_pid(path, SERVICE_UID), 0);
}
END_TEST

/* A root-owned file in a directory the service's user owns could be a hard link to another
 * daemon's PID file (fs.protected_hardlinks is off by the kernel's default). */
START_TEST(root_owned_file_in_a_user_directory_is_refused) {
        make_dir("run", SERVICE_UID);
        const char *path = write_pid("run/d.pid", sleeper);

        ck_assert_int_eq(read_pid(path, SERVICE_UID), -EPERM);
        ck_assert_int_eq(read_pid(path, AS_SVCD), -EPERM);
        /* Nor does ".." out of the user's directory lead back to trusted ground. */
        write_pid("top.pid", sleeper);
        ck_assert_int_eq(read_pid(test_fmt("%s/run/../top.pid", test_dir), AS_SVCD), -EPERM);
}
END_TEST

START_TEST(file_in_another_users_directory_is_refused) {
        make_dir("run", OTHER_UID);
        const char *path = write_pid("run/d.pid", sleeper);

        ck_assert_int_eq(chown(path, SERVICE_UID, SERVICE_UID), 0);
        ck_assert_int_eq(read_pid(path, SERVICE_UID), -EPERM);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-pid-file");
        TCase *tc = tcase_create("content");
        TCase *owners = tcase_create("owners");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, good_file_is_read);
        tcase_add_test(tc, blanks_around_the_pid_are_allowed);
        tcase_add_test(tc, anything_but_one_pid_is_bad);
        tcase_add_test(tc, nul_byte_is_bad);
        tcase_add_test(tc, long_file_is_bad);
        tcase_add_test(tc, exited_process_is_esrch);
        tcase_add_test(tc, own_pid_is_refused);
        tcase_add_test(tc, missing_file_is_enoent);
        tcase_add_test(tc, odd_paths);
        tcase_add_test(tc, fifo_is_refused_without_blocking);
        tcase_add_test(tc, directory_is_refused);
        tcase_add_test(tc, device_is_refused);
        suite_add_tcase(s, tc);

        if (geteuid() == 0) {
                tcase_add_checked_fixture(owners, setup, teardown);
                tcase_add_test(owners, root_owned_file_is_read_for_any_service);
                tcase_add_test(owners, file_of_the_service_user_is_read);
                tcase_add_test(owners, file_of_another_user_is_refused);
                tcase_add_test(owners, untrusted_file_is_refused_before_parsing);
                tcase_add_test(owners, root_owned_file_via_root_symlinks_is_read);
                tcase_add_test(owners, file_of_the_service_user_via_symlink_is_refused);
                tcase_add_test(owners, root_owned_file_via_user_symlink_is_refused);
                tcase_add_test(owners, file_in_the_service_users_directory_is_read);
                tcase_add_test(owners, root_owned_file_in_a_user_directory_is_refused);
                tcase_add_test(owners, file_in_another_users_directory_is_refused);
                suite_add_tcase(s, owners);
        } else
                fprintf(stderr, "# test-pid-file: not root, so the owner, symlink and directory tests "
                                "(chown) are skipped\n");
        return test_run(s);
}
