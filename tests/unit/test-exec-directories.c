/* test-exec-directories.c: RuntimeDirectory= and friends made, owned, exported and removed, in a temporary root. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-directories.h"
#include "tests/unit/test-helpers.h"

static struct exec_context ctx;
static struct exec_credentials cred;
static struct spawn_status st;
static char **env, **paths;

static void setup(void) {
        test_setup();
        memset(&ctx, 0, sizeof ctx);
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                ctx.directories[t].mode = 0755;
        memset(&cred, 0, sizeof cred);
        st = (struct spawn_status) {};
        env = paths = NULL;
        exec_directories_set_system_root(test_dir);
        /* The modes below must come from svcd, not from the umask. */
        umask(077);
}

static void teardown(void) {
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                strv_free(ctx.directories[t].paths);
        strv_free(env);
        strv_free(paths);
        exec_directories_set_system_root(NULL);
        test_teardown();
}

static void add(enum exec_directory_type t, const char *entry) {
        ck_assert_int_eq(strv_extend(&ctx.directories[t].paths, entry), 0);
}

static const char *P(const char *rel) {
        return test_fmt("%s/%s", test_dir, rel);
}

static int setup_dirs(bool user_mode) {
        env = strv_free(env);
        paths = strv_free(paths);
        st = (struct spawn_status) {};
        return exec_directories_setup(&ctx, "t.service", &cred, user_mode, &env, &paths, &st);
}

static const char *joined(char *const *l) {
        const char *out = "";

        STRV_FOREACH(e, l)
                out = test_fmt("%s%s%s", out, e == l ? "" : "|", *e);
        return out;
}

static struct stat stat_of(const char *path) {
        struct stat s;

        ck_assert_msg(lstat(path, &s) == 0, "lstat %s: %s", path, strerror(errno));
        return s;
}

static unsigned mode_of(const char *path) {
        return stat_of(path).st_mode & 07777;
}

static const char *owner_of(const char *path) {
        struct stat s = stat_of(path);
        return test_fmt("%u:%u", (unsigned) s.st_uid, (unsigned) s.st_gid);
}

static void make_file(const char *path, unsigned mode) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

        ck_assert_msg(fd >= 0, "create %s: %s", path, strerror(errno));
        ck_assert_int_eq(fchmod(fd, mode), 0);
        ck_assert_int_eq(close(fd), 0);
}

static void make_dir(const char *path, unsigned mode) {
        ck_assert_msg(mkdir(path, mode) == 0, "mkdir %s: %s", path, strerror(errno));
        ck_assert_int_eq(chmod(path, mode), 0);
}

static void as_nobody(void) {
        cred.set_uid = cred.set_gid = true;
        cred.uid = cred.gid = 65534;
}

START_TEST(nothing_configured) {
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_ptr_null(env);
        ck_assert_ptr_null(paths);
        ck_assert_int_eq(access(P("run"), F_OK), -1);
}
END_TEST

/* systemd.exec(5)'s examples: "RuntimeDirectory=foo/bar baz" and "StateDirectory=aaa/bbb ccc". */
START_TEST(created_with_parents_modes_and_variables) {
        add(EXEC_DIRECTORY_RUNTIME, "foo/bar");
        add(EXEC_DIRECTORY_RUNTIME, "baz");
        ctx.directories[EXEC_DIRECTORY_RUNTIME].mode = 0710;
        add(EXEC_DIRECTORY_STATE, "aaa/bbb");
        add(EXEC_DIRECTORY_STATE, "ccc");
        add(EXEC_DIRECTORY_CACHE, "c");
        add(EXEC_DIRECTORY_LOGS, "l");
        ctx.directories[EXEC_DIRECTORY_LOGS].mode = 02750;
        add(EXEC_DIRECTORY_CONFIGURATION, "conf");
        ctx.directories[EXEC_DIRECTORY_CONFIGURATION].mode = 0700;
        ck_assert_int_eq(setup_dirs(false), 0);

        ck_assert_uint_eq(mode_of(P("run/foo/bar")), 0710);
        ck_assert_uint_eq(mode_of(P("run/baz")), 0710);
        ck_assert_uint_eq(mode_of(P("run/foo")), 0755); /* a parent: 0755, not the umask's 0700 */
        ck_assert_uint_eq(mode_of(P("var/lib/aaa/bbb")), 0755);
        ck_assert_uint_eq(mode_of(P("var/lib/aaa")), 0755);
        ck_assert_uint_eq(mode_of(P("var/lib/ccc")), 0755);
        ck_assert_uint_eq(mode_of(P("var/cache/c")), 0755);
        ck_assert_uint_eq(mode_of(P("var/log/l")), 02750);
        ck_assert_uint_eq(mode_of(P("etc/conf")), 0700);

        ck_assert_str_eq(joined(env), test_fmt("RUNTIME_DIRECTORY=%1$s/run/foo/bar:%1$s/run/baz|"
                                               "STATE_DIRECTORY=%1$s/var/lib/aaa/bbb:%1$s/var/lib/ccc|"
                                               "CACHE_DIRECTORY=%1$s/var/cache/c|"
                                               "LOGS_DIRECTORY=%1$s/var/log/l|"
                                               "CONFIGURATION_DIRECTORY=%1$s/etc/conf",
                                               test_dir));
        ck_assert_str_eq(joined(paths), test_fmt("%1$s/run/foo/bar|%1$s/run/baz|%1$s/var/lib/aaa/bbb|%1$s/var/lib/ccc|"
                                                 "%1$s/var/cache/c|%1$s/var/log/l|%1$s/etc/conf",
                                                 test_dir));

        /* Again: existing directories are fine, and get the mode configured now. */
        ctx.directories[EXEC_DIRECTORY_RUNTIME].mode = 0750;
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_uint_eq(mode_of(P("run/foo/bar")), 0750);
}
END_TEST

/* "a//b/./c/" is a/b/c; the variables carry the normalized path. */
START_TEST(paths_normalized) {
        add(EXEC_DIRECTORY_STATE, "a//b/./c/");
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_str_eq(joined(env), test_fmt("STATE_DIRECTORY=%s/var/lib/a/b/c", test_dir));
        ck_assert_uint_eq(mode_of(P("var/lib/a/b/c")), 0755);
}
END_TEST

START_TEST(bad_paths_refused) {
        const char *bad[] = { "../escape", "/abs", "a/../../b", "..", ".", "a/..", "ok:../link", "ok:/abs" };

        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                ctx.directories[EXEC_DIRECTORY_STATE].paths = strv_free(ctx.directories[EXEC_DIRECTORY_STATE].paths);
                add(EXEC_DIRECTORY_STATE, bad[i]);
                ck_assert_int_eq(setup_dirs(false), -EINVAL);
                ck_assert_int_eq(st.step, SPAWN_STEP_STATE_DIRECTORY);
                ck_assert_int_eq(st.error, EINVAL);
                ck_assert_str_eq(test_last_warning(),
                                 test_fmt("t.service: StateDirectory=%s: not a relative path below %s/var/lib without "
                                          "\"..\", refusing.", bad[i], test_dir));
        }
        ck_assert_int_eq(access(P("escape"), F_OK), -1);
        ck_assert_int_eq(access(P("var/lib/ok"), F_OK), -1);
}
END_TEST

/* The innermost directories are the service's; parents stay root's. */
START_TEST(owned_by_the_service_user) {
        if (geteuid() != 0)
                return;
        as_nobody();
        add(EXEC_DIRECTORY_RUNTIME, "o/inner");
        add(EXEC_DIRECTORY_LOGS, "logs");
        add(EXEC_DIRECTORY_CONFIGURATION, "conf");
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_str_eq(owner_of(P("run/o/inner")), "65534:65534");
        ck_assert_str_eq(owner_of(P("run/o")), "0:0");
        ck_assert_str_eq(owner_of(P("var/log/logs")), "65534:65534");
        /* ConfigurationDirectory= stays root's: a service does not write its configuration. */
        ck_assert_str_eq(owner_of(P("etc/conf")), "0:0");

        /* Group= alone: only the group changes. */
        cred.set_uid = false;
        cred.gid = 1;
        add(EXEC_DIRECTORY_STATE, "grouponly");
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_str_eq(owner_of(P("var/lib/grouponly")), "0:1");
}
END_TEST

/* An existing tree of another owner is re-chowned, without following symlinks and
 * keeping the set-group-ID bit chown(2) clears. */
START_TEST(existing_tree_rechowned) {
        if (geteuid() != 0)
                return;
        as_nobody();
        make_dir(P("outside"), 0755);
        make_file(P("outside/secret"), 0600);
        ck_assert_int_eq(mkdir(P("var"), 0755), 0);
        ck_assert_int_eq(mkdir(P("var/lib"), 0755), 0);
        make_dir(P("var/lib/st"), 0700);
        make_dir(P("var/lib/st/sub"), 0750);
        make_file(P("var/lib/st/sub/file"), 0640);
        make_file(P("var/lib/st/sgid"), 02755);
        ck_assert_int_eq(symlink("../../../outside/secret", P("var/lib/st/link")), 0);
        add(EXEC_DIRECTORY_STATE, "st");
        ctx.directories[EXEC_DIRECTORY_STATE].mode = 0700;
        ck_assert_int_eq(setup_dirs(false), 0);

        ck_assert_str_eq(owner_of(P("var/lib/st")), "65534:65534");
        ck_assert_str_eq(owner_of(P("var/lib/st/sub")), "65534:65534");
        ck_assert_str_eq(owner_of(P("var/lib/st/sub/file")), "65534:65534");
        ck_assert_str_eq(owner_of(P("var/lib/st/link")), "65534:65534"); /* the link itself */
        ck_assert_str_eq(owner_of(P("outside/secret")), "0:0");           /* not its target */
        ck_assert_str_eq(owner_of(P("outside")), "0:0");
        ck_assert_uint_eq(mode_of(P("var/lib/st/sgid")), 02755);
        ck_assert_uint_eq(mode_of(P("var/lib/st/sub")), 0750);
}
END_TEST

/* "if the specified directories are already owned by the right user and group, files and
 * directories below of them are left as-is". */
START_TEST(right_owner_left_as_is) {
        if (geteuid() != 0)
                return;
        as_nobody();
        ck_assert_int_eq(mkdir(P("run"), 0755), 0);
        make_dir(P("run/mine"), 0755);
        ck_assert_int_eq(chown(P("run/mine"), 65534, 65534), 0);
        make_file(P("run/mine/roots"), 0644);
        add(EXEC_DIRECTORY_RUNTIME, "mine");
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_str_eq(owner_of(P("run/mine/roots")), "0:0");
}
END_TEST

/* With DynamicUser=, no set-user-ID or set-group-ID bit survives the re-chown. */
START_TEST(dynamic_user_strips_suid) {
        if (geteuid() != 0)
                return;
        ctx.dynamic_user = true;
        cred.set_uid = cred.set_gid = true;
        cred.uid = cred.gid = 61200;
        ck_assert_int_eq(mkdir(P("var"), 0755), 0);
        ck_assert_int_eq(mkdir(P("var/lib"), 0755), 0);
        make_dir(P("var/lib/dyn"), 0755);
        make_file(P("var/lib/dyn/suid"), 04755);
        make_dir(P("var/lib/dyn/sgid"), 02775);
        add(EXEC_DIRECTORY_STATE, "dyn");
        ctx.directories[EXEC_DIRECTORY_STATE].mode = 02755;
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_str_eq(owner_of(P("var/lib/dyn/suid")), "61200:61200");
        ck_assert_uint_eq(mode_of(P("var/lib/dyn/suid")), 0755);
        ck_assert_uint_eq(mode_of(P("var/lib/dyn/sgid")), 0775);
        ck_assert_uint_eq(mode_of(P("var/lib/dyn")), 0755);
}
END_TEST

/* An existing ConfigurationDirectory= keeps its mode; svcd says so. */
START_TEST(configuration_mode_kept) {
        ck_assert_int_eq(mkdir(P("etc"), 0755), 0);
        make_dir(P("etc/app"), 0750);
        add(EXEC_DIRECTORY_CONFIGURATION, "app");
        ctx.directories[EXEC_DIRECTORY_CONFIGURATION].mode = 0700;
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_uint_eq(mode_of(P("etc/app")), 0750);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("t.service: ConfigurationDirectory=app: %s/etc/app already exists with mode 0750, "
                                  "not 0700; leaving it.", test_dir));
}
END_TEST

/* "RuntimeDirectory=foo:bar foo:baz": /run/foo, and /run/bar and /run/baz as symlinks to it. */
START_TEST(symlinks) {
        char buf[256];
        ssize_t n;

        add(EXEC_DIRECTORY_RUNTIME, "foo:bar");
        add(EXEC_DIRECTORY_RUNTIME, "foo:deep/er/baz");
        ck_assert_int_eq(setup_dirs(false), 0);
        ck_assert_str_eq(joined(env), test_fmt("RUNTIME_DIRECTORY=%s/run/foo", test_dir));
        ck_assert_str_eq(joined(paths), test_fmt("%s/run/foo", test_dir));
        n = readlink(P("run/bar"), buf, sizeof buf - 1);
        ck_assert_int_gt(n, 0);
        buf[n] = 0;
        ck_assert_str_eq(buf, "foo");
        n = readlink(P("run/deep/er/baz"), buf, sizeof buf - 1);
        ck_assert_int_gt(n, 0);
        buf[n] = 0;
        ck_assert_str_eq(buf, "../../foo");
        ck_assert_int_eq(access(P("run/deep/er/baz/."), F_OK), 0);
        /* Idempotent. */
        ck_assert_int_eq(setup_dirs(false), 0);

        /* Something else in the symlink's place: refused. */
        make_file(P("run/taken"), 0644);
        add(EXEC_DIRECTORY_RUNTIME, "foo:taken");
        ck_assert_int_eq(setup_dirs(false), -EEXIST);
        ck_assert_int_eq(st.step, SPAWN_STEP_RUNTIME_DIRECTORY);
        ck_assert_int_eq(st.error, EEXIST);
        ck_assert_str_eq(test_last_warning(), test_fmt("t.service: RuntimeDirectory=foo:taken: %s/run/taken exists and "
                                                       "is not a symlink to foo.", test_dir));
}
END_TEST

/* A symlink below the base, on the way or as the directory itself, is not followed: the
 * service owns its directories and could have planted it. */
START_TEST(symlinks_not_followed) {
        make_dir(P("outside"), 0755);
        ck_assert_int_eq(mkdir(P("var"), 0755), 0);
        ck_assert_int_eq(mkdir(P("var/lib"), 0755), 0);
        ck_assert_int_eq(symlink(P("outside"), P("var/lib/evil")), 0);

        add(EXEC_DIRECTORY_STATE, "evil/x");
        ck_assert_int_eq(setup_dirs(false), -ELOOP);
        ck_assert_int_eq(st.step, SPAWN_STEP_STATE_DIRECTORY);
        ck_assert_int_eq(st.error, ELOOP);
        ck_assert_int_eq(access(P("outside/x"), F_OK), -1);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("t.service: StateDirectory=evil/x: %s/var/lib/evil/x or a directory on the way is a "
                                  "symlink or not a directory; svcd does not follow symlinks there.", test_dir));

        ctx.directories[EXEC_DIRECTORY_STATE].paths = strv_free(ctx.directories[EXEC_DIRECTORY_STATE].paths);
        add(EXEC_DIRECTORY_STATE, "evil");
        ck_assert_int_eq(setup_dirs(false), -ELOOP);
        ck_assert_uint_eq(mode_of(P("outside")), 0755);

        /* A file where the directory belongs. */
        make_file(P("var/lib/file"), 0644);
        add(EXEC_DIRECTORY_CACHE, "ok");
        ctx.directories[EXEC_DIRECTORY_STATE].paths = strv_free(ctx.directories[EXEC_DIRECTORY_STATE].paths);
        add(EXEC_DIRECTORY_STATE, "file");
        ck_assert_int_eq(setup_dirs(false), -ENOTDIR);
        ck_assert_int_eq(st.step, SPAWN_STEP_STATE_DIRECTORY);
}
END_TEST

/* --- cleanup ------------------------------------------------------------------------------- */

static void populate_runtime(void) {
        add(EXEC_DIRECTORY_RUNTIME, "foo/bar");
        add(EXEC_DIRECTORY_RUNTIME, "baz:lnk");
        ck_assert_int_eq(setup_dirs(false), 0);
        make_dir(P("outside"), 0755);
        make_file(P("outside/keep"), 0644);
        make_dir(P("run/foo/bar/sub"), 0755);
        make_file(P("run/foo/bar/sub/f"), 0644);
        ck_assert_int_eq(symlink(P("outside"), P("run/foo/bar/escape")), 0);
        ck_assert_int_eq(symlink(P("outside/keep"), P("run/baz/f")), 0);
}

START_TEST(cleanup_removes_runtime_only) {
        add(EXEC_DIRECTORY_STATE, "state");
        populate_runtime();
        exec_directories_cleanup(&ctx, "t.service", false, false);
        ck_assert_int_eq(access(P("run/foo/bar"), F_OK), -1);
        ck_assert_int_eq(access(P("run/baz"), F_OK), -1);
        ck_assert_int_eq(lstat(P("run/lnk"), &(struct stat) {}), -1);
        /* The innermost directories only; what symlinks pointed at is untouched. */
        ck_assert_int_eq(access(P("run/foo"), F_OK), 0);
        ck_assert_int_eq(access(P("outside/keep"), F_OK), 0);
        ck_assert_int_eq(access(P("var/lib/state"), F_OK), 0);
        ck_assert_uint_eq(test_n_warnings(), 0);
        /* Nothing there any more: nothing to do, nothing to say. */
        exec_directories_cleanup(&ctx, "t.service", false, false);
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

START_TEST(cleanup_preserve) {
        populate_runtime();
        ctx.runtime_directory_preserve = RUNTIME_PRESERVE_YES;
        exec_directories_cleanup(&ctx, "t.service", false, false);
        ck_assert_int_eq(access(P("run/foo/bar/sub/f"), F_OK), 0);
        ctx.runtime_directory_preserve = RUNTIME_PRESERVE_RESTART;
        exec_directories_cleanup(&ctx, "t.service", false, true);
        ck_assert_int_eq(access(P("run/foo/bar/sub/f"), F_OK), 0);
        exec_directories_cleanup(&ctx, "t.service", false, false);
        ck_assert_int_eq(access(P("run/foo/bar"), F_OK), -1);

        ck_assert_int_eq(setup_dirs(false), 0);
        ctx.runtime_directory_preserve = RUNTIME_PRESERVE_NO;
        exec_directories_cleanup(&ctx, "t.service", false, true);
        ck_assert_int_eq(access(P("run/foo/bar"), F_OK), -1);
}
END_TEST

/* A service that swapped a directory on the way for a symlink does not get svcd to
 * delete what it points to. */
START_TEST(cleanup_does_not_follow) {
        populate_runtime();
        make_dir(P("outside/bar"), 0755);
        make_file(P("outside/bar/precious"), 0644);
        ck_assert_int_eq(rename(P("run/foo"), P("run/old")), 0);
        ck_assert_int_eq(symlink(P("outside"), P("run/foo")), 0);
        exec_directories_cleanup(&ctx, "t.service", false, false);
        ck_assert_int_eq(access(P("outside/bar/precious"), F_OK), 0);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("t.service: Cannot remove RuntimeDirectory= %s/run/foo/bar: Too many levels of "
                                  "symbolic links", test_dir));

        /* The runtime directory itself replaced by a symlink: the symlink goes, not its target. */
        ck_assert_int_eq(unlink(P("run/foo")), 0);
        ck_assert_int_eq(rename(P("run/old"), P("run/foo")), 0);
        ck_assert_int_eq(rename(P("run/foo/bar"), P("run/foo/gone")), 0);
        ck_assert_int_eq(symlink(P("outside/bar"), P("run/foo/bar")), 0);
        exec_directories_cleanup(&ctx, "t.service", false, false);
        ck_assert_int_eq(lstat(P("run/foo/bar"), &(struct stat) {}), -1);
        ck_assert_int_eq(access(P("outside/bar/precious"), F_OK), 0);
}
END_TEST

/* --- user mode ----------------------------------------------------------------------------- */

START_TEST(user_mode_bases) {
        setenv("HOME", P("home"), 1);
        setenv("XDG_RUNTIME_DIR", P("xdg-run"), 1);
        unsetenv("XDG_STATE_HOME");
        unsetenv("XDG_CACHE_HOME");
        setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
        add(EXEC_DIRECTORY_RUNTIME, "r");
        add(EXEC_DIRECTORY_STATE, "s");
        add(EXEC_DIRECTORY_CACHE, "c");
        add(EXEC_DIRECTORY_LOGS, "l");
        add(EXEC_DIRECTORY_CONFIGURATION, "f");
        ck_assert_int_eq(setup_dirs(true), 0);
        ck_assert_str_eq(joined(env), test_fmt("RUNTIME_DIRECTORY=%1$s/xdg-run/r|"
                                               "STATE_DIRECTORY=%1$s/home/.local/state/s|"
                                               "CACHE_DIRECTORY=%1$s/home/.cache/c|"
                                               "LOGS_DIRECTORY=%1$s/home/.local/state/log/l|"
                                               "CONFIGURATION_DIRECTORY=%1$s/home/.config/f",
                                               test_dir));
        ck_assert_int_eq(access(P("home/.local/state/log/l"), F_OK), 0);

        setenv("XDG_STATE_HOME", P("state-home"), 1);
        ck_assert_int_eq(setup_dirs(true), 0);
        ck_assert_int_eq(access(P("state-home/log/l"), F_OK), 0);
        ck_assert_int_eq(access(P("state-home/s"), F_OK), 0);

        exec_directories_cleanup(&ctx, "t.service", true, false);
        ck_assert_int_eq(access(P("xdg-run/r"), F_OK), -1);
}
END_TEST

START_TEST(user_mode_without_runtime_dir) {
        unsetenv("XDG_RUNTIME_DIR");
        add(EXEC_DIRECTORY_RUNTIME, "r");
        ck_assert_int_eq(setup_dirs(true), -ENXIO);
        ck_assert_int_eq(st.step, SPAWN_STEP_RUNTIME_DIRECTORY);
        ck_assert_int_eq(st.error, ENXIO);
        ck_assert_str_eq(test_last_warning(),
                         "t.service: RuntimeDirectory=: no base directory: $XDG_RUNTIME_DIR is not set to an absolute path.");
        /* And stopping has nothing to remove. */
        exec_directories_cleanup(&ctx, "t.service", true, false);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-exec-directories");
        TCase *tc = tcase_create("directories");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, nothing_configured);
        tcase_add_test(tc, created_with_parents_modes_and_variables);
        tcase_add_test(tc, paths_normalized);
        tcase_add_test(tc, bad_paths_refused);
        tcase_add_test(tc, owned_by_the_service_user);
        tcase_add_test(tc, existing_tree_rechowned);
        tcase_add_test(tc, right_owner_left_as_is);
        tcase_add_test(tc, dynamic_user_strips_suid);
        tcase_add_test(tc, configuration_mode_kept);
        tcase_add_test(tc, symlinks);
        tcase_add_test(tc, symlinks_not_followed);
        tcase_add_test(tc, cleanup_removes_runtime_only);
        tcase_add_test(tc, cleanup_preserve);
        tcase_add_test(tc, cleanup_does_not_follow);
        tcase_add_test(tc, user_mode_bases);
        tcase_add_test(tc, user_mode_without_runtime_dir);
        suite_add_tcase(s, tc);
        return test_run(s);
}
