/* test-cgroup.c: cgroup v2 tracking: the mountinfo, /proc/PID/cgroup and cgroup.events
 * parsers on strings, setup on made-up /proc files, and, where this machine has a writable
 * cgroup2 hierarchy, real service cgroups with real processes joining, listed, killed and
 * removed.
 *
 * Cleanup, even when a test fails: check runs each test in a forked process and a failed
 * assertion _exit()s it without running the teardown, so the per-test teardown is only the
 * tidy path. The safety net is in main(): every test works below one directory main()
 * creates (each test process moves itself into "t-PID" below it and makes its own svcd root
 * there), and after the suite main() kills what is left in that subtree (cgroup.kill), waits
 * for it to empty and removes it, then checks that it is gone. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "libsvc/fd-util.h"
#include "libsvc/spawn.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup.h"
#include "tests/unit/test-helpers.h"

/* Made by main() below the test binary's own cgroup; NULL: no writable cgroup2 here. */
static struct cgroup_root fixture;
static char *runner_cgroup; /* the cgroup main() runs in: where test processes return to */

/* Per test (real cgroups): the test process' own cgroup and the svcd root made in it. */
static char *test_cgroup;
static struct cgroup_root root;
static pid_t spawned[16];
static size_t n_spawned;

static void move_self(const char *cgroup) {
        _cleanup_close_ int fd = cgroup_open_procs(cgroup);

        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, "0", 1), 1);
}

static bool exists(const char *path) {
        return access(path, F_OK) == 0;
}

static char *dirname_of(const char *path) {
        const char *slash = strrchr(path, '/');

        return strndup(path, slash == path ? 1 : (size_t) (slash - path));
}

static void setup_cgroup(void) {
        test_setup();
        /* Grandchildren whose parent is killed first come back to us to be reaped, as they
         * would to svcd (prctl(2), PR_SET_CHILD_SUBREAPER). */
        ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
        ck_assert_int_ge(asprintf(&test_cgroup, "%s/t-%d", fixture.path, (int) getpid()), 0);
        ck_assert_int_eq(mkdir(test_cgroup, 0755), 0);
        move_self(test_cgroup);
        /* Setup as svcd does it, in a cgroup that is not the root of the hierarchy. */
        ck_assert_int_eq(cgroup_root_setup(&root), 0);
        ck_assert_msg(root.path, "cgroup_root_setup: %s", strnull(root.why_not));
        n_spawned = 0;
}

static void teardown_cgroup(void) {
        if (root.path)
                (void) cgroup_kill(root.path, SIGKILL, 0);
        for (size_t i = 0; i < n_spawned; i++)
                (void) kill(spawned[i], SIGKILL);
        while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
                ;
        if (root.path) {
                char *path = strdup(root.path);

                cgroup_root_done(&root);
                ck_assert_msg(!exists(path), "%s is left after cgroup_root_done()", path);
                free(path);
        }
        move_self(runner_cgroup);
        ck_assert_int_eq(rmdir(test_cgroup), 0);
        free(test_cgroup);
        test_cgroup = NULL;
        test_teardown();
}

/* Forks a process that joins cgroup the way a service does (writing "0" to the cgroup.procs
 * fd the parent opened: cgroup-v2.rst, "Processes") and, levels deep, fanout children of its
 * own each; all sleep. Returns the first one; *ret_n is how many there are, all in cgroup by
 * the time this returns. */
_noreturn_ static void child_tree(int report_fd, int levels, int fanout) {
        pid_t self;

        for (int i = 0; levels > 0 && i < fanout; i++) {
                pid_t pid = fork();

                if (pid < 0)
                        _exit(EXIT_FAILURE);
                /* The new child starts over, one level down. No PDEATHSIG here: it would race
                 * the signal under test; should the test die, main()'s sweep kills these with
                 * the rest of the cgroup. */
                if (pid == 0) {
                        levels--;
                        i = -1;
                }
        }
        self = getpid();
        if (write(report_fd, &self, sizeof self) != sizeof self)
                _exit(EXIT_FAILURE);
        for (;;)
                pause();
}

static pid_t spawn_tree(const char *cgroup, int levels, int fanout, size_t *ret_n) {
        _cleanup_close_ int procs = cgroup_open_procs(cgroup);
        int pipefd[2];
        size_t n = 1;
        pid_t pid;

        ck_assert_int_ge(procs, 0);
        ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
                /* Default dispositions, as a service gets them from svcd: check's own SIGTERM
                 * handler, inherited from the test process, would kill the test's process
                 * group. */
                (void) signal(SIGTERM, SIG_DFL);
                (void) signal(SIGINT, SIG_DFL);
                (void) signal(SIGALRM, SIG_DFL);
                (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
                close(pipefd[0]);
                if (write(procs, "0", 1) != 1)
                        _exit(EXIT_FAILURE);
                close(procs);
                child_tree(pipefd[1], levels, fanout);
        }
        ck_assert_uint_lt(n_spawned, ELEMENTSOF(spawned));
        spawned[n_spawned++] = pid;
        close(pipefd[1]);
        for (int l = 0, width = 1; l < levels; l++)
                n += (size_t) (width *= fanout);
        for (size_t i = 0; i < n; i++) {
                pid_t p;

                ck_assert_int_eq(read(pipefd[0], &p, sizeof p), (ssize_t) sizeof p);
        }
        close(pipefd[0]);
        if (ret_n)
                *ret_n = n;
        return pid;
}

static pid_t spawn_in(const char *cgroup) {
        return spawn_tree(cgroup, 0, 0, NULL);
}

static int reap(pid_t pid) {
        int status;

        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFSIGNALED(status), "pid %d was not killed (status %#x)", (int) pid, status);
        return WTERMSIG(status);
}

/* Reaps n processes (children, or orphans come back to us as subreaper), each killed by sig. */
static void reap_n(size_t n, int sig) {
        for (size_t i = 0; i < n; i++) {
                int status;
                pid_t pid = waitpid(-1, &status, 0);

                ck_assert_int_gt(pid, 0);
                ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig, "pid %d: status %#x", (int) pid,
                              status);
        }
        ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
        ck_assert_int_eq(errno, ECHILD);
}

/* ----- parsers, on strings ----- */

static int mountinfo(const char *line, char **point, char **mroot) {
        *point = *mroot = NULL;
        return cgroup_parse_mountinfo_line(line, point, mroot);
}

START_TEST(mountinfo_cgroup2_lines) {
        _cleanup_free_ char *point = NULL, *mroot = NULL;

        /* A hybrid host: cgroup2 beside the v1 hierarchies. */
        ck_assert_int_eq(mountinfo("41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n", &point, &mroot),
                         1);
        ck_assert_str_eq(point, "/sys/fs/cgroup/unified");
        ck_assert_str_eq(mroot, "/");
        free(point);
        free(mroot);
        /* Optional fields before the "-", as on a systemd host. */
        ck_assert_int_eq(mountinfo("29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 master:1 - "
                                   "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot",
                                   &point, &mroot),
                         1);
        ck_assert_str_eq(point, "/sys/fs/cgroup");
        ck_assert_str_eq(mroot, "/");
        free(point);
        free(mroot);
        /* A container that sees the host's hierarchy from its own cgroup, and octal escapes. */
        ck_assert_int_eq(mountinfo("700 650 0:26 /docker/ab\\134c /mnt/cg\\040two ro,nosuid - cgroup2 cgroup rw", &point,
                                   &mroot),
                         1);
        ck_assert_str_eq(point, "/mnt/cg two");
        ck_assert_str_eq(mroot, "/docker/ab\\c");
}
END_TEST

START_TEST(mountinfo_other_file_systems) {
        char *point, *mroot;

        ck_assert_int_eq(mountinfo("31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755", &point, &mroot), 0);
        ck_assert_int_eq(mountinfo("40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
                                   &point, &mroot),
                         0);
        /* "cgroup2" as a source or option is not the type. */
        ck_assert_int_eq(mountinfo("50 31 0:40 / /mnt rw - tmpfs cgroup2 rw", &point, &mroot), 0);
        ck_assert_ptr_null(point);
        ck_assert_ptr_null(mroot);
}
END_TEST

START_TEST(mountinfo_malformed) {
        char *point, *mroot;

        ck_assert_int_eq(mountinfo("", &point, &mroot), -EBADMSG);
        ck_assert_int_eq(mountinfo("41 31 0:38 /", &point, &mroot), -EBADMSG);
        ck_assert_int_eq(mountinfo("41 31 0:38 / /sys/fs/cgroup/unified rw cgroup2 cgroup2 rw", &point, &mroot), -EBADMSG);
        ck_assert_int_eq(mountinfo("41 31 0:38 / /sys/fs/cgroup/unified rw -", &point, &mroot), -EBADMSG);
        ck_assert_int_eq(mountinfo("41 31 0:38 x /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw", &point, &mroot),
                         -EBADMSG);
        ck_assert_ptr_null(point);
        ck_assert_ptr_null(mroot);
}
END_TEST

static const char *proc_cgroup(const char *text) {
        char *path = NULL;
        int r = cgroup_parse_proc_cgroup(text, &path);

        const char *result;

        if (r < 0) {
                ck_assert_ptr_null(path);
                return test_fmt("%d", r);
        }
        result = test_fmt("%s", path);
        free(path);
        return result;
}

START_TEST(proc_cgroup_text) {
        ck_assert_str_eq(proc_cgroup("9:name=systemd:/\n4:memory:/process_api/f9da\n1:cpu:/\n0::/\n"), "/");
        ck_assert_str_eq(proc_cgroup("0::/system.slice/foo.service\n"), "/system.slice/foo.service");
        ck_assert_str_eq(proc_cgroup("0::/user.slice/a:b c"), "/user.slice/a:b c"); /* ':' and ' ' are path */
        ck_assert_str_eq(proc_cgroup("0::/../../outside\n"), "/../../outside");     /* cgroup_namespaces(7) */
        ck_assert_str_eq(proc_cgroup("10:0::/not-v2\n0::/v2\n"), "/v2");
        ck_assert_str_eq(proc_cgroup("9:name=systemd:/\n1:cpu:/\n"), test_fmt("%d", -ENODATA));
        ck_assert_str_eq(proc_cgroup(""), test_fmt("%d", -ENODATA));
        ck_assert_str_eq(proc_cgroup("0::\n"), test_fmt("%d", -EBADMSG));
        ck_assert_str_eq(proc_cgroup("0::relative\n"), test_fmt("%d", -EBADMSG));
}
END_TEST

static int events(const char *text) {
        bool populated = false;
        int r = cgroup_parse_events(text, &populated);

        return r < 0 ? r : populated;
}

START_TEST(events_text) {
        ck_assert_int_eq(events("populated 1\nfrozen 0\n"), 1);
        ck_assert_int_eq(events("populated 0\nfrozen 0\n"), 0);
        ck_assert_int_eq(events("frozen 1\npopulated 1"), 1);
        ck_assert_int_eq(events(""), -EBADMSG);
        ck_assert_int_eq(events("frozen 0\n"), -EBADMSG);
        ck_assert_int_eq(events("populated 2\n"), -EBADMSG);
        ck_assert_int_eq(events("populated 10\n"), -EBADMSG);
        ck_assert_int_eq(events("populated\n"), -EBADMSG);
        ck_assert_int_eq(events("unpopulated 1\n"), -EBADMSG);
}
END_TEST

static const char *under(const char *point, const char *mroot, const char *cgroup) {
        char *path = NULL;
        int r = cgroup_path_under_mount(point, mroot, cgroup, &path);

        const char *result;

        if (r < 0)
                return test_fmt("%d", r);
        result = test_fmt("%s", path);
        free(path);
        return result;
}

START_TEST(path_under_mount) {
        ck_assert_str_eq(under("/sys/fs/cgroup", "/", "/"), "/sys/fs/cgroup");
        ck_assert_str_eq(under("/sys/fs/cgroup", "/", "/a/b"), "/sys/fs/cgroup/a/b");
        ck_assert_str_eq(under("/sys/fs/cgroup/unified", "/", "/a"), "/sys/fs/cgroup/unified/a");
        /* A mount showing part of the hierarchy: the part's path is taken off. */
        ck_assert_str_eq(under("/sys/fs/cgroup", "/docker/abc", "/docker/abc"), "/sys/fs/cgroup");
        ck_assert_str_eq(under("/sys/fs/cgroup", "/docker/abc", "/docker/abc/x/y"), "/sys/fs/cgroup/x/y");
        ck_assert_str_eq(under("/sys/fs/cgroup", "/docker/abc", "/docker/abcd"), test_fmt("%d", -EXDEV));
        ck_assert_str_eq(under("/sys/fs/cgroup", "/docker/abc", "/docker"), test_fmt("%d", -EXDEV));
        ck_assert_str_eq(under("/sys/fs/cgroup", "/docker/abc", "/"), test_fmt("%d", -EXDEV));
        /* Above the cgroup namespace's root, whatever the mount. */
        ck_assert_str_eq(under("/sys/fs/cgroup", "/", "/../x"), test_fmt("%d", -EXDEV));
        ck_assert_str_eq(under("/sys/fs/cgroup", "/..", "/../x"), test_fmt("%d", -EXDEV));
        ck_assert_str_eq(under("/sys/fs/cgroup", "/", "/a..b/..c"), "/sys/fs/cgroup/a..b/..c");
        ck_assert_str_eq(under("/", "/", "/a"), "/a");
        ck_assert_str_eq(under("/", "/", "/"), "/");
}
END_TEST

/* ----- setup, on made-up /proc files ----- */

static const char *setup_from(const char *mountinfo_text, const char *cgroup_text, struct cgroup_root *r) {
        const char *mi = test_write_file("mountinfo", mountinfo_text);
        const char *cg = test_write_file("cgroup", cgroup_text);

        ck_assert_int_eq(cgroup_root_setup_from(r, mi, cg), 0);
        if (!r->path) {
                ck_assert_ptr_nonnull(r->why_not);
                ck_assert_ptr_null(r->mount_point);
                return r->why_not;
        }
        ck_assert_ptr_null(r->why_not);
        return NULL;
}

static void assert_root_dir_below(const struct cgroup_root *r, const char *parent) {
        const char *name;

        ck_assert_ptr_nonnull(r->path);
        ck_assert_msg(startswith(r->path, parent) && r->path[strlen(parent)] == '/', "%s is not below %s", r->path,
                      parent);
        name = r->path + strlen(parent) + 1;
        ck_assert_int_eq(strlen(name), strlen("svcd-1a2b3c4d"));
        ck_assert_ptr_nonnull(startswith(name, "svcd-"));
        ck_assert_uint_eq(strspn(name + 5, "0123456789abcdef"), 8);
        ck_assert_msg(exists(r->path), "%s was not created", r->path);
}

START_TEST(setup_picks_the_mount_that_shows_our_cgroup) {
        struct cgroup_root r;
        char *path;

        ck_assert_int_eq(mkdir(test_fmt("%s/whole", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/whole/a", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/part", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/part/b", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/other", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/whole/docker", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/whole/docker/abc", test_dir), 0755), 0);

        /* The only cgroup2 mount, showing everything. */
        ck_assert_ptr_null(setup_from(test_fmt("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                                               "40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n"
                                               "41 31 0:38 / %s/whole rw - cgroup2 cgroup2 rw\n",
                                               test_dir),
                                      "1:name=systemd:/x\n0::/a\n", &r));
        assert_root_dir_below(&r, test_fmt("%s/whole/a", test_dir));
        ck_assert_str_eq(r.mount_point, test_fmt("%s/whole", test_dir));
        ck_assert_str_eq(r.mount_root, "/");
        path = strdup(r.path);
        cgroup_root_done(&r);
        ck_assert(!exists(path));
        free(path);
        ck_assert_ptr_null(r.path);
        ck_assert_ptr_null(r.mount_point);

        /* A mount of another part of the hierarchy first, then one showing svcd's cgroup
         * from above (a container on the host's hierarchy). */
        ck_assert_ptr_null(setup_from(test_fmt("41 31 0:38 /elsewhere %s/other rw - cgroup2 cgroup2 rw\n"
                                               "42 31 0:38 /docker/abc %s/part rw - cgroup2 cgroup2 rw\n",
                                               test_dir, test_dir),
                                      "0::/docker/abc/b\n", &r));
        assert_root_dir_below(&r, test_fmt("%s/part/b", test_dir));
        ck_assert_str_eq(r.mount_root, "/docker/abc");
        cgroup_root_done(&r);

        /* Where one of several shows the whole hierarchy, that one. */
        ck_assert_ptr_null(setup_from(test_fmt("42 31 0:38 /docker/abc %s/part rw - cgroup2 cgroup2 rw\n"
                                               "41 31 0:38 / %s/whole rw - cgroup2 cgroup2 rw\n",
                                               test_dir, test_dir),
                                      "0::/docker/abc\n", &r));
        assert_root_dir_below(&r, test_fmt("%s/whole/docker/abc", test_dir));
        ck_assert_str_eq(r.mount_root, "/");
        cgroup_root_done(&r);
}
END_TEST

START_TEST(setup_says_why_not) {
        struct cgroup_root r;
        const char *why;

        ck_assert_str_eq(setup_from("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
                                    "40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n",
                                    "1:name=systemd:/\n", &r),
                         "no cgroup2 hierarchy is mounted");
        cgroup_root_done(&r);
        ck_assert_ptr_null(r.why_not);

        ck_assert_str_eq(setup_from("41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", "1:name=systemd:/\n",
                                    &r),
                         "svcd is in no cgroup2 cgroup");
        cgroup_root_done(&r);

        ck_assert_str_eq(setup_from("41 31 0:38 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "0::/docker/xyz\n",
                                    &r),
                         "svcd's cgroup /docker/xyz is not below any cgroup2 mount (/sys/fs/cgroup shows /docker/abc)");
        cgroup_root_done(&r);

        ck_assert_str_eq(setup_from("41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "0::/../../up\n", &r),
                         "svcd's cgroup /../../up is not below any cgroup2 mount (/sys/fs/cgroup shows /)");
        cgroup_root_done(&r);

        /* mkdir(2) in sysfs' root fails (EPERM for root, EACCES for others), as in a
         * cgroupfs svcd may not write to. */
        why = setup_from("41 31 0:38 / /sys rw - cgroup2 cgroup2 rw\n", "0::/\n", &r);
        ck_assert_msg(startswith(why, "cgroup2 at /sys is not writable here (") && endswith(why, ")"), "%s", why);
        cgroup_root_done(&r);

        why = setup_from(test_fmt("41 31 0:38 / %s/none rw - cgroup2 cgroup2 rw\n", test_dir), "0::/\n", &r);
        ck_assert_msg(startswith(why, test_fmt("cannot create %s/none/svcd-", test_dir)) &&
                              endswith(why, " (No such file or directory)"),
                      "%s", why);
        cgroup_root_done(&r);
}
END_TEST

START_TEST(setup_unreadable_files) {
        struct cgroup_root r = { .path = (char *) "garbage" }; /* setup overwrites, never frees */

        ck_assert_int_eq(cgroup_root_setup_from(&r, test_fmt("%s/missing", test_dir), "/proc/self/cgroup"), 0);
        ck_assert_ptr_null(r.path);
        ck_assert_str_eq(r.why_not, test_fmt("cannot read %s/missing (No such file or directory)", test_dir));
        cgroup_root_done(&r);
}
END_TEST

START_TEST(no_root_no_cgroups) {
        struct cgroup_root none = {};
        char *path = NULL;

        ck_assert_int_eq(cgroup_service_create(&none, "foo.service", &path), -EOPNOTSUPP);
        ck_assert_int_eq(cgroup_of_pid(&none, getpid(), &path), -EOPNOTSUPP);
        ck_assert_ptr_null(path);
        cgroup_root_done(&none);
        ck_assert_int_eq(cgroup_is_populated("/nonexistent/cgroup"), false);
        ck_assert_int_eq(cgroup_kill("/nonexistent/cgroup", SIGTERM, 0), 0);
        ck_assert_int_eq(cgroup_service_remove("/nonexistent/cgroup"), 0);
        ck_assert_int_eq(cgroup_open_procs("/nonexistent/cgroup"), -ENOENT);
}
END_TEST

/* ----- real cgroups ----- */

START_TEST(setup_creates_a_directory_below_our_cgroup) {
        _cleanup_free_ char *of_self = NULL;
        pid_t *pids = NULL;
        size_t n = 99;

        ck_assert_ptr_null(root.why_not);
        assert_root_dir_below(&root, test_cgroup);
        ck_assert_int_eq(cgroup_of_pid(&root, getpid(), &of_self), 0);
        ck_assert_str_eq(of_self, test_cgroup);
        /* svcd stays where it is; its directory is empty. */
        ck_assert_int_eq(cgroup_list_pids(root.path, &pids, &n), 0);
        ck_assert_uint_eq(n, 0);
        free(pids);
        ck_assert_int_eq(cgroup_is_populated(root.path), false);
}
END_TEST

START_TEST(service_lifecycle) {
        _cleanup_free_ char *path = NULL, *again = NULL, *of_child = NULL;
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0;
        pid_t child;

        ck_assert_int_eq(cgroup_service_create(&root, "foo.service", &path), 0);
        ck_assert_str_eq(path, test_fmt("%s/foo.service", root.path));
        ck_assert_int_eq(cgroup_service_create(&root, "foo.service", &again), 0); /* reused */
        ck_assert_str_eq(again, path);
        ck_assert_int_eq(cgroup_is_populated(path), false);

        child = spawn_in(path);
        ck_assert_int_eq(cgroup_list_pids(path, &pids, &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(pids[0], child);
        ck_assert_int_eq(cgroup_of_pid(&root, child, &of_child), 0);
        ck_assert_str_eq(of_child, path);
        ck_assert_int_eq(cgroup_is_populated(path), true);
        ck_assert_int_eq(cgroup_is_populated(root.path), true); /* populated counts the subtree */
        ck_assert_int_eq(cgroup_service_remove(path), -EBUSY);
        ck_assert(exists(path));

        ck_assert_int_eq(cgroup_kill(path, SIGTERM, 0), 1);
        ck_assert_int_eq(reap(child), SIGTERM);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_is_populated(path), false);
        free(pids);
        pids = NULL;
        ck_assert_int_eq(cgroup_list_pids(path, &pids, &n), 0);
        ck_assert_uint_eq(n, 0);
        ck_assert_int_eq(cgroup_kill(path, SIGTERM, 0), 0); /* nobody left */

        ck_assert_int_eq(cgroup_service_remove(path), 0);
        ck_assert(!exists(path));
        ck_assert_int_eq(cgroup_service_remove(path), 0); /* gone is fine */
        ck_assert_int_eq(cgroup_is_populated(path), false);
        ck_assert_int_eq(cgroup_kill(path, SIGKILL, 0), 0);
        free(pids);
        pids = NULL;
        ck_assert_int_eq(cgroup_list_pids(path, &pids, &n), -ENOENT);
}
END_TEST

/* spawn_start() with the service's cgroup directory: the child is born in it (clone3(2)
 * CLONE_INTO_CGROUP) or, where clone3 is refused (before Linux 5.3, or a container
 * runtime's seccomp filter answering ENOSYS, as Docker's does), joins it by cgroup.procs:
 * either way the program runs in the service's cgroup. */
static void spawn_into(const char *path) {
        _cleanup_close_ int dir = cgroup_open_dir(path);
        _cleanup_free_ char *of_child = NULL;
        struct spawn_plan *p = NULL;
        struct spawn_status st = {};
        pid_t pid = 0;

        ck_assert_int_ge(dir, 0);
        ck_assert_int_eq(spawn_plan_new(&p), 0);
        p->path = strdup("/bin/sleep");
        ck_assert_ptr_nonnull(p->path);
        ck_assert_int_eq(strv_extend(&p->argv, "sleep"), 0);
        ck_assert_int_eq(strv_extend(&p->argv, "100"), 0);
        ck_assert_int_eq(strv_extend(&p->envp, "PATH=/bin"), 0);
        p->cgroup_dir_fd = dir;
        ck_assert_int_eq(spawn_start(p, &pid, &st), 0);
        ck_assert_int_gt(pid, 0);
        spawned[n_spawned++] = pid;
        ck_assert_int_eq(cgroup_of_pid(&root, pid, &of_child), 0);
        ck_assert_str_eq(of_child, path);
        ck_assert_int_eq(cgroup_kill(path, SIGKILL, 0), 1);
        ck_assert_int_eq(reap(pid), SIGKILL);
        n_spawned = 0;
        spawn_plan_free(p);
}

START_TEST(spawn_is_born_in_the_cgroup) {
        _cleanup_free_ char *path = NULL;

        ck_assert_int_eq(cgroup_service_create(&root, "born.service", &path), 0);
        spawn_into(path);
}
END_TEST

START_TEST(spawn_joins_the_cgroup_without_clone3) {
        _cleanup_free_ char *path = NULL;
        scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);

        ck_assert_int_eq(cgroup_service_create(&root, "joins.service", &path), 0);
        /* This test's process only (check forks one per test). */
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), 0);
        ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
        ck_assert_int_eq(seccomp_load(f), 0);
        seccomp_release(f);
        spawn_into(path);
        spawn_into(path); /* and again, now that spawn_start() knows */
}
END_TEST

START_TEST(service_ids_are_one_file_name) {
        char *path = NULL;

        ck_assert_int_eq(cgroup_service_create(&root, "", &path), -EINVAL);
        ck_assert_int_eq(cgroup_service_create(&root, ".", &path), -EINVAL);
        ck_assert_int_eq(cgroup_service_create(&root, "..", &path), -EINVAL);
        ck_assert_int_eq(cgroup_service_create(&root, "a/b.service", &path), -EINVAL);
        ck_assert_int_eq(cgroup_service_create(&root, "a\nb.service", &path), -EINVAL);
        ck_assert_ptr_null(path);
        ck_assert_int_eq(cgroup_service_create(&root, "getty@tty1.service", &path), 0);
        free(path);
}
END_TEST

START_TEST(kill_skips_skip_pid_but_sigkill_does_not) {
        _cleanup_free_ char *path = NULL;
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0;
        pid_t a, b;

        ck_assert_int_eq(cgroup_service_create(&root, "two.service", &path), 0);
        a = spawn_in(path);
        b = spawn_in(path);
        ck_assert_int_eq(cgroup_kill(path, SIGTERM, b), 1);
        ck_assert_int_eq(reap(a), SIGTERM);
        ck_assert_int_eq(kill(b, 0), 0);
        ck_assert_int_eq(cgroup_list_pids(path, &pids, &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(pids[0], b);

        /* SIGKILL takes the whole cgroup, skip_pid included (cgroup.h): through cgroup.kill,
         * and the same where the kernel has none. */
        if (!exists(test_fmt("%s/cgroup.kill", path)))
                printf("test-cgroup: no cgroup.kill (Linux < 5.14): SIGKILL goes one by one\n");
        ck_assert_int_eq(cgroup_kill(path, SIGKILL, b), 1);
        ck_assert_int_eq(reap(b), SIGKILL);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_is_populated(path), false);
        ck_assert_int_eq(cgroup_service_remove(path), 0);
}
END_TEST

static void kill_a_tree(int sig) {
        _cleanup_free_ char *path = NULL;
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0, n_tree;

        ck_assert_int_eq(cgroup_service_create(&root, "forking.service", &path), 0);
        (void) spawn_tree(path, 2, 2, &n_tree); /* 1 + 2 + 4 processes */
        ck_assert_uint_eq(n_tree, 7);
        ck_assert_int_eq(cgroup_list_pids(path, &pids, &n), 0);
        ck_assert_uint_eq(n, n_tree);
        ck_assert_int_eq(cgroup_kill(path, sig, 0), (int) n_tree);
        reap_n(n_tree, sig);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_is_populated(path), false);
        ck_assert_int_eq(cgroup_service_remove(path), 0);
}

START_TEST(sigterm_reaches_grandchildren) {
        kill_a_tree(SIGTERM);
}
END_TEST

START_TEST(sigkill_reaches_grandchildren) {
        kill_a_tree(SIGKILL);
}
END_TEST

START_TEST(kill_reaches_cgroups_below) {
        _cleanup_free_ char *path = NULL, *sub = NULL;

        /* A service that made cgroups of its own (as a container runtime would). */
        ck_assert_int_eq(cgroup_service_create(&root, "nested.service", &path), 0);
        ck_assert_int_ge(asprintf(&sub, "%s/inner", path), 0);
        ck_assert_int_eq(mkdir(sub, 0755), 0);
        (void) spawn_in(path);
        (void) spawn_in(sub);
        ck_assert_int_eq(cgroup_kill(path, SIGTERM, 0), 2);
        reap_n(2, SIGTERM);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_is_populated(path), false);
        ck_assert_int_eq(cgroup_service_remove(path), 0); /* inner first, then the service */
        ck_assert(!exists(path));
}
END_TEST

/* The service's own cgroup is empty, a cgroup below it is not: cgroup.events' "populated"
 * (which cgroup_kill() reads first, to skip an empty service) counts the whole subtree. */
START_TEST(kill_reaches_a_process_only_below) {
        _cleanup_free_ char *path = NULL, *sub = NULL;

        ck_assert_int_eq(cgroup_service_create(&root, "deep.service", &path), 0);
        ck_assert_int_ge(asprintf(&sub, "%s/inner/innermost", path), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/inner", path), 0755), 0);
        ck_assert_int_eq(mkdir(sub, 0755), 0);
        (void) spawn_in(sub);
        ck_assert_int_eq(cgroup_service_remove(path), -EBUSY);
        ck_assert(exists(sub));
        ck_assert_int_eq(cgroup_kill(path, SIGTERM, 0), 1);
        reap_n(1, SIGTERM);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_kill(path, SIGTERM, 0), 0);
        ck_assert_int_eq(cgroup_service_remove(path), 0); /* innermost, inner, then the service */
        ck_assert(!exists(path));
}
END_TEST

START_TEST(kill_never_signals_svcd) {
        _cleanup_free_ char *path = NULL;
        pid_t a, b;

        /* Should svcd ever find itself in a service's cgroup, killing the service must not
         * kill it: cgroup.kill is not used then, and the processes are signalled one by one
         * (which also shows that SIGKILL ignores skip_pid on that path as well). */
        ck_assert_int_eq(cgroup_service_create(&root, "self.service", &path), 0);
        a = spawn_in(path);
        b = spawn_in(path);
        move_self(path);
        ck_assert_int_eq(cgroup_kill(path, SIGKILL, b), 2);
        ck_assert_int_eq(reap(a), SIGKILL);
        ck_assert_int_eq(reap(b), SIGKILL);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_kill(path, SIGTERM, 0), 0); /* only svcd is left */
        move_self(test_cgroup);
        ck_assert_int_eq(cgroup_service_remove(path), 0);
}
END_TEST

START_TEST(of_pid_errors) {
        char *path = NULL;
        FILE *f;
        long max;

        ck_assert_int_eq(cgroup_of_pid(&root, 0, &path), -EINVAL);
        ck_assert_int_eq(cgroup_of_pid(&root, -1, &path), -EINVAL);
        /* Pids are below pid_max (proc(5)), so no process has it. */
        f = fopen("/proc/sys/kernel/pid_max", "re");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fscanf(f, "%ld", &max), 1);
        fclose(f);
        ck_assert_int_eq(cgroup_of_pid(&root, (pid_t) max, &path), -ESRCH);
        ck_assert_ptr_null(path);
}
END_TEST

START_TEST(root_done_removes_everything) {
        _cleanup_free_ char *rootpath = strdup(root.path), *a = NULL, *b = NULL, *sub = NULL;

        ck_assert_int_eq(cgroup_service_create(&root, "a.service", &a), 0);
        ck_assert_int_eq(cgroup_service_create(&root, "b.service", &b), 0);
        ck_assert_int_ge(asprintf(&sub, "%s/inner", b), 0);
        ck_assert_int_eq(mkdir(sub, 0755), 0);
        (void) spawn_in(a);
        ck_assert_int_eq(cgroup_kill(a, SIGKILL, 0), 1);
        reap_n(1, SIGKILL);
        n_spawned = 0;

        cgroup_root_done(&root);
        ck_assert_ptr_null(root.path);
        ck_assert(!exists(rootpath));
}
END_TEST

START_TEST(root_done_leaves_a_busy_service) {
        _cleanup_free_ char *rootpath = strdup(root.path), *idle = NULL, *busy = NULL;
        pid_t child;

        ck_assert_int_eq(cgroup_service_create(&root, "idle.service", &idle), 0);
        ck_assert_int_eq(cgroup_service_create(&root, "busy.service", &busy), 0);
        child = spawn_in(busy);
        cgroup_root_done(&root);
        ck_assert(!exists(idle));
        ck_assert(exists(busy));
        ck_assert(exists(rootpath));
        ck_assert_int_eq(kill(child, 0), 0); /* done() removes, never kills */

        ck_assert_int_eq(cgroup_kill(busy, SIGKILL, 0), 1);
        ck_assert_int_eq(reap(child), SIGKILL);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_service_remove(busy), 0);
        ck_assert_int_eq(rmdir(rootpath), 0);
}
END_TEST

/* ----- the directories of svcds that are gone (cgroup-stale.c) ----- */

/* Makes test_cgroup/name (and test_cgroup/name/child if child), marked as a directory of an
 * svcd that locks it (cgroup-stale.c) when marked; returns its path. */
static char *make_dir_marked(const char *name, const char *child, bool marked) {
        char *path = NULL, *sub = NULL;

        ck_assert_int_ge(asprintf(&path, "%s/%s", test_cgroup, name), 0);
        ck_assert_int_eq(mkdir(path, 0755), 0);
        if (marked)
                ck_assert_int_eq(setxattr(path, "user.svcd.root", "1", 1, 0), 0);
        if (child) {
                ck_assert_int_ge(asprintf(&sub, "%s/%s", path, child), 0);
                ck_assert_int_eq(mkdir(sub, 0755), 0);
                free(sub);
        }
        return path;
}

static char *make_dir(const char *name, const char *child) {
        return make_dir_marked(name, child, true);
}

START_TEST(stale_roots_are_removed) {
        _cleanup_free_ char *dead = make_dir("svcd-0badc0de", "a.service"), *other = make_dir("other", NULL),
                            *unlike_ours = make_dir("svcd-0BADC0DE", NULL), *longer = make_dir("svcd-0badc0de0", NULL);

        /* svcd's own (locked by setup_cgroup()) is skipped by name here, by its lock below. */
        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, root.path), 1);
        ck_assert(!exists(dead));
        ck_assert(exists(root.path));
        ck_assert(exists(other));
        ck_assert(exists(unlike_ours));
        ck_assert(exists(longer));
        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, NULL), 0);
        ck_assert(exists(root.path));
        ck_assert_int_eq(rmdir(other), 0);
        ck_assert_int_eq(rmdir(unlike_ours), 0);
        ck_assert_int_eq(rmdir(longer), 0);
}
END_TEST

START_TEST(an_unmarked_root_is_kept) {
        /* An svcd that takes no lock (built before cgroup-stale.c) leaves no mark: its
         * directory, empty and unlocked, may be a running svcd's. */
        _cleanup_free_ char *unmarked = make_dir_marked("svcd-00c0ffee", NULL, false);

        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, root.path), 0);
        ck_assert(exists(unmarked));
        ck_assert_int_eq(rmdir(unmarked), 0);
}
END_TEST

START_TEST(a_running_svcds_root_is_kept) {
        _cleanup_free_ char *alive = make_dir("svcd-1234abcd", NULL);
        int fd = cgroup_root_lock(alive);

        /* Another process's open file description holds it: as a running svcd does. */
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(cgroup_root_lock(alive), -ESTALE);
        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, root.path), 0);
        ck_assert(exists(alive));
        /* The kernel drops the lock when its holder dies or closes it. */
        safe_close(fd);
        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, root.path), 1);
        ck_assert(!exists(alive));
}
END_TEST

START_TEST(a_stale_root_with_processes_is_kept) {
        _cleanup_free_ char *dead = make_dir("svcd-feedf00d", "x.service"), *sub = NULL, *idle = NULL;
        pid_t child;

        ck_assert_int_ge(asprintf(&sub, "%s/x.service", dead), 0);
        ck_assert_int_ge(asprintf(&idle, "%s/y.service", dead), 0);
        ck_assert_int_eq(mkdir(idle, 0755), 0);
        child = spawn_in(sub);
        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, root.path), 0);
        ck_assert(exists(sub));
        ck_assert(exists(idle)); /* left as it is, not half removed */
        ck_assert_int_eq(kill(child, 0), 0); /* never killed: not ours */

        ck_assert_int_eq(cgroup_kill(sub, SIGKILL, 0), 1);
        ck_assert_int_eq(reap(child), SIGKILL);
        n_spawned = 0;
        ck_assert_int_eq(cgroup_remove_stale_roots(test_cgroup, root.path), 1);
        ck_assert(!exists(dead));
}
END_TEST

START_TEST(lock_refuses_a_directory_that_is_gone) {
        _cleanup_free_ char *path = NULL;

        ck_assert_int_ge(asprintf(&path, "%s/svcd-00000000", test_cgroup), 0);
        ck_assert_int_eq(cgroup_root_lock(path), -ESTALE);
        ck_assert_int_eq(cgroup_remove_stale_roots("/nonexistent-cgroup-dir", NULL), -ENOENT);
}
END_TEST

START_TEST(setup_removes_a_stale_sibling) {
        _cleanup_free_ char *dead = make_dir("svcd-abad1dea", "b.service");
        struct cgroup_root second = {};

        /* A second svcd in the same cgroup: it keeps the first's (locked) directory and
         * removes the dead one's. */
        ck_assert_int_eq(cgroup_root_setup(&second), 0);
        ck_assert_ptr_nonnull(second.path);
        ck_assert(!exists(dead));
        ck_assert(exists(root.path));
        cgroup_root_done(&second);
}
END_TEST

/* ----- the safety net ----- */

static int fixture_setup(void) {
        int r = cgroup_root_setup(&fixture);

        if (r < 0)
                return r;
        if (!fixture.path) {
                printf("test-cgroup: SKIPPING the tests that need a cgroup: %s\n", fixture.why_not);
                return 0;
        }
        runner_cgroup = dirname_of(fixture.path);
        return runner_cgroup ? 1 : -ENOMEM;
}

/* Kills whatever failed tests left in the fixture's subtree, waits (bounded) for it to
 * empty and removes it; false if anything is left. */
static bool fixture_sweep(void) {
        char *path = strdup(fixture.path);
        bool gone;

        (void) cgroup_kill(fixture.path, SIGKILL, 0);
        for (int i = 0; i < 500 && cgroup_is_populated(fixture.path); i++)
                (void) nanosleep(&(struct timespec) { .tv_nsec = 10 * 1000 * 1000 }, NULL);
        cgroup_root_done(&fixture);
        gone = path && !exists(path);
        if (!gone)
                fprintf(stderr, "test-cgroup: %s is left behind\n", strnull(path));
        free(path);
        free(runner_cgroup);
        return gone;
}

int main(void) {
        Suite *s = suite_create("test-cgroup");
        TCase *text = tcase_create("text"), *real = tcase_create("real");
        int have, status;

        tcase_add_checked_fixture(text, test_setup, test_teardown);
        tcase_add_test(text, mountinfo_cgroup2_lines);
        tcase_add_test(text, mountinfo_other_file_systems);
        tcase_add_test(text, mountinfo_malformed);
        tcase_add_test(text, proc_cgroup_text);
        tcase_add_test(text, events_text);
        tcase_add_test(text, path_under_mount);
        tcase_add_test(text, setup_picks_the_mount_that_shows_our_cgroup);
        tcase_add_test(text, setup_says_why_not);
        tcase_add_test(text, setup_unreadable_files);
        tcase_add_test(text, no_root_no_cgroups);
        suite_add_tcase(s, text);

        have = fixture_setup();
        if (have < 0) {
                fprintf(stderr, "test-cgroup: cgroup_root_setup: %s\n", strerror(-have));
                return EXIT_FAILURE;
        }
        if (have > 0) {
                tcase_add_checked_fixture(real, setup_cgroup, teardown_cgroup);
                tcase_add_test(real, setup_creates_a_directory_below_our_cgroup);
                tcase_add_test(real, service_lifecycle);
                tcase_add_test(real, service_ids_are_one_file_name);
                tcase_add_test(real, spawn_is_born_in_the_cgroup);
                tcase_add_test(real, spawn_joins_the_cgroup_without_clone3);
                tcase_add_test(real, kill_skips_skip_pid_but_sigkill_does_not);
                tcase_add_test(real, sigterm_reaches_grandchildren);
                tcase_add_test(real, sigkill_reaches_grandchildren);
                tcase_add_test(real, kill_reaches_cgroups_below);
                tcase_add_test(real, kill_reaches_a_process_only_below);
                tcase_add_test(real, kill_never_signals_svcd);
                tcase_add_test(real, of_pid_errors);
                tcase_add_test(real, root_done_removes_everything);
                tcase_add_test(real, root_done_leaves_a_busy_service);
                tcase_add_test(real, stale_roots_are_removed);
                tcase_add_test(real, an_unmarked_root_is_kept);
                tcase_add_test(real, a_running_svcds_root_is_kept);
                tcase_add_test(real, a_stale_root_with_processes_is_kept);
                tcase_add_test(real, lock_refuses_a_directory_that_is_gone);
                tcase_add_test(real, setup_removes_a_stale_sibling);
                suite_add_tcase(s, real);
        }

        status = test_run(s);
        if (have > 0 && !fixture_sweep())
                status = EXIT_FAILURE;
        return status;
}
