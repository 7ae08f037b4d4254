/* test-exec-credentials.c: User=, Group=, SupplementaryGroups=, DynamicUser= resolved to ids, $USER/$HOME/$SHELL, and the failures. */
#include <check.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/dynamic-ids.h"
#include "supervisord/exec-credentials.h"
#include "tests/unit/test-helpers.h"

static struct exec_context ctx;
static struct exec_credentials cred;
static struct spawn_status st;

static void setup(void) {
        test_setup();
        memset(&ctx, 0, sizeof ctx);
        memset(&cred, 0, sizeof cred);
        st = (struct spawn_status) {};
}

static void teardown(void) {
        exec_credentials_done(&cred);
        (void) dynamic_ids_set_state_dir(NULL);
        test_teardown();
}

static int resolve_unit(const char *unit_id) {
        exec_credentials_done(&cred);
        st = (struct spawn_status) {};
        return exec_credentials_resolve(&ctx, unit_id, &cred, &st);
}

static int resolve(void) {
        return resolve_unit("t.service");
}

/* The group list as "a b c", for exact comparisons. */
static const char *groups(void) {
        const char *out = "";

        for (size_t i = 0; i < cred.n_groups; i++)
                out = test_fmt("%s%s%u", out, i ? " " : "", (unsigned) cred.groups[i]);
        return out;
}

/* An id in neither database, for the numeric cases. */
static unsigned free_id(unsigned from) {
        for (unsigned id = from;; id++)
                if (!getpwuid(id) && !getgrgid(id))
                        return id;
}

START_TEST(no_credentials) {
        ck_assert_int_eq(resolve(), 0);
        ck_assert(!cred.set_uid && !cred.set_gid && !cred.set_groups);
        ck_assert_ptr_null(cred.user_name);
        ck_assert_ptr_null(cred.home);
        ck_assert_ptr_null(cred.shell);
}
END_TEST

/* root is synthesized (no NSS), with systemd's home and shell; gid 0: an empty group
 * list, set (svcd's own supplementary groups are never inherited). */
START_TEST(root_by_name_and_number) {
        const char *names[] = { "root", "0" };

        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                ctx.user = (char *) names[i];
                ck_assert_int_eq(resolve(), 0);
                ck_assert(cred.set_uid && cred.set_gid && cred.set_groups);
                ck_assert_uint_eq(cred.uid, 0);
                ck_assert_uint_eq(cred.gid, 0);
                ck_assert_str_eq(cred.user_name, "root");
                ck_assert_str_eq(cred.home, "/root");
                ck_assert_str_eq(cred.shell, access("/bin/bash", X_OK) == 0 ? "/bin/bash" : "/bin/sh");
                ck_assert_uint_eq(cred.n_groups, 0);
        }
}
END_TEST

/* nobody is synthesized too: 65534, and neither $HOME nor $SHELL (systemd sets neither). */
START_TEST(nobody_by_name_and_number) {
        const char *names[] = { "nobody", "65534" };

        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                ctx.user = (char *) names[i];
                ck_assert_int_eq(resolve(), 0);
                ck_assert(cred.set_uid && cred.set_gid && cred.set_groups);
                ck_assert_uint_eq(cred.uid, 65534);
                ck_assert_uint_eq(cred.gid, 65534);
                ck_assert_str_eq(cred.user_name, "nobody");
                ck_assert_ptr_null(cred.home);
                ck_assert_ptr_null(cred.shell);
                ck_assert_str_eq(groups(), "65534");
        }
}
END_TEST

/* A database user: its record, a numeric uid mapped to its name, $SHELL dropped when it is
 * a nologin shell (systemd's USER_CREDS_CLEAN). */
START_TEST(database_user) {
        struct passwd *pw = getpwnam("daemon");
        const char *names[] = { "daemon", NULL };

        if (!pw)
                return; /* a system without "daemon": nothing to compare with */
        names[1] = test_fmt("%u", (unsigned) pw->pw_uid);
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                ctx.user = (char *) names[i];
                ck_assert_int_eq(resolve(), 0);
                ck_assert_uint_eq(cred.uid, pw->pw_uid);
                ck_assert_uint_eq(cred.gid, pw->pw_gid);
                ck_assert_str_eq(cred.user_name, "daemon");
                if (strcmp(pw->pw_dir, "/") != 0)
                        ck_assert_str_eq(cred.home, pw->pw_dir);
                else
                        ck_assert_ptr_null(cred.home);
                if (strstr(pw->pw_shell, "nologin") || strstr(pw->pw_shell, "false"))
                        ck_assert_ptr_null(cred.shell);
                ck_assert(cred.set_groups);
                ck_assert_str_eq(groups(), test_fmt("%u", (unsigned) pw->pw_gid));
        }
}
END_TEST

/* svcd's departure: a uid without a database entry runs, as `docker run --user` does; its
 * group is the same number; $USER is the number, no $HOME or $SHELL. */
START_TEST(numeric_uid_without_entry) {
        unsigned id = free_id(4242);

        ctx.user = (char *) test_fmt("%u", id);
        ck_assert_int_eq(resolve(), 0);
        ck_assert(cred.set_uid && cred.set_gid && cred.set_groups);
        ck_assert_uint_eq(cred.uid, id);
        ck_assert_uint_eq(cred.gid, id);
        ck_assert_str_eq(cred.user_name, test_fmt("%u", id));
        ck_assert_ptr_null(cred.home);
        ck_assert_ptr_null(cred.shell);
        ck_assert_str_eq(groups(), test_fmt("%u", id));

        /* With Group=, that is its group. */
        ctx.group = (char *) "daemon";
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.gid, getgrnam("daemon") ? getgrnam("daemon")->gr_gid : 1);
}
END_TEST

START_TEST(unknown_user) {
        ctx.user = (char *) "svcd-no-such-user";
        ck_assert_int_eq(resolve(), -ESRCH);
        ck_assert_int_eq(st.step, SPAWN_STEP_USER);
        ck_assert_int_eq(st.error, ESRCH);
        ck_assert_str_eq(test_last_warning(), "t.service: User=svcd-no-such-user: no such user in the user database.");
        ck_assert_ptr_null(cred.user_name);
}
END_TEST

/* Numbers are read strictly (systemd's parse_uid()): "007" is a name, -1 and the 16-bit -1
 * are no uids. */
START_TEST(strict_numbers) {
        const char *names[] = { "007", "4294967295", "65535", "+5", "5 " };

        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                ctx.user = (char *) names[i];
                ck_assert_int_eq(resolve(), -ESRCH);
                ck_assert_int_eq(st.step, SPAWN_STEP_USER);
        }
}
END_TEST

START_TEST(group_by_name_and_number) {
        struct group *gr = getgrnam("daemon");
        unsigned id = free_id(4343);

        ctx.user = (char *) "nobody";
        ctx.group = (char *) "root";
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.uid, 65534);
        ck_assert_uint_eq(cred.gid, 0);
        ck_assert(cred.set_groups); /* gid 0: no database lookup, but svcd's groups are dropped */
        ck_assert_uint_eq(cred.n_groups, 0);

        ctx.group = (char *) "nogroup";
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.gid, 65534);
        ctx.group = (char *) "nobody"; /* Debian's "nogroup", spelled as elsewhere */
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.gid, 65534);

        ctx.group = (char *) test_fmt("%u", id);
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.gid, id);

        if (gr) {
                ctx.group = (char *) "daemon";
                ck_assert_int_eq(resolve(), 0);
                ck_assert_uint_eq(cred.gid, gr->gr_gid);
                /* initgroups(user, Group=): the list starts from Group=, not the user's own. */
                ck_assert_str_eq(groups(), test_fmt("%u", (unsigned) gr->gr_gid));
        }
}
END_TEST

/* Group= without User=: only the gid changes; svcd's groups stay, as in systemd. */
START_TEST(group_without_user) {
        ctx.group = (char *) "nogroup";
        ck_assert_int_eq(resolve(), 0);
        ck_assert(!cred.set_uid && cred.set_gid && !cred.set_groups);
        ck_assert_uint_eq(cred.gid, 65534);
        ck_assert_ptr_null(cred.user_name);
}
END_TEST

START_TEST(unknown_group) {
        ctx.user = (char *) "nobody";
        ctx.group = (char *) "svcd-no-such-group";
        ck_assert_int_eq(resolve(), -ESRCH);
        ck_assert_int_eq(st.step, SPAWN_STEP_GROUP);
        ck_assert_int_eq(st.error, ESRCH);
        ck_assert_str_eq(test_last_warning(), "t.service: Group=svcd-no-such-group: no such group in the group database.");
}
END_TEST

START_TEST(supplementary_groups) {
        char *sup[] = { (char *) "root", (char *) "nogroup", (char *) "4444", (char *) "0", NULL };

        ctx.user = (char *) "nobody";
        ctx.supplementary_groups = sup;
        ck_assert_int_eq(resolve(), 0);
        /* The user's own list first, then the extra ones, each once. */
        ck_assert_str_eq(groups(), "65534 0 4444");
        ck_assert_uint_eq(cred.gid, 65534);

        /* Without User=: exactly the listed groups; uid and gid stay svcd's. */
        ctx.user = NULL;
        ck_assert_int_eq(resolve(), 0);
        ck_assert(!cred.set_uid && !cred.set_gid && cred.set_groups);
        ck_assert_str_eq(groups(), "0 65534 4444");
}
END_TEST

START_TEST(unknown_supplementary_group) {
        char *sup[] = { (char *) "root", (char *) "svcd-no-such-group", NULL };

        ctx.user = (char *) "nobody";
        ctx.supplementary_groups = sup;
        ck_assert_int_eq(resolve(), -ESRCH);
        ck_assert_int_eq(st.step, SPAWN_STEP_GROUP);
        ck_assert_int_eq(st.error, ESRCH);
        ck_assert_str_eq(test_last_warning(),
                         "t.service: SupplementaryGroups=svcd-no-such-group: no such group in the group database.");
}
END_TEST

/* --- DynamicUser= --------------------------------------------------------------------------- */

static void assert_dynamic(const char *name) {
        ck_assert(cred.set_uid && cred.set_gid && cred.set_groups);
        ck_assert_uint_ge(cred.uid, EXEC_DYNAMIC_UID_MIN);
        ck_assert_uint_le(cred.uid, EXEC_DYNAMIC_UID_MAX);
        ck_assert_uint_eq(cred.gid, cred.uid);
        ck_assert_ptr_null(getpwuid(cred.uid));
        ck_assert_ptr_null(getgrgid(cred.gid));
        ck_assert_str_eq(cred.user_name, name);
        ck_assert_ptr_null(cred.home);
        ck_assert_ptr_null(cred.shell);
        ck_assert_str_eq(groups(), test_fmt("%u", (unsigned) cred.gid));
}

/* The uid another process (a restarted svcd) gives the same unit. */
static uid_t dynamic_uid_in_child(const char *unit_id) {
        int fds[2], status;
        uid_t uid = 0;
        pid_t pid;

        ck_assert_int_eq(pipe(fds), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
                struct exec_credentials c = {};
                struct exec_context x = { .dynamic_user = true };
                struct spawn_status s;

                if (exec_credentials_resolve(&x, unit_id, &c, &s) < 0 || write(fds[1], &c.uid, sizeof c.uid) < 0)
                        _exit(1);
                _exit(0);
        }
        close(fds[1]);
        ck_assert_int_eq(read(fds[0], &uid, sizeof uid), (ssize_t) sizeof uid);
        close(fds[0]);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        return uid;
}

START_TEST(dynamic_user_from_unit_name) {
        ctx.dynamic_user = true;
        ck_assert_int_eq(resolve_unit("svcd-dyn-test.service"), 0);
        assert_dynamic("svcd-dyn-test");
        uid_t first = cred.uid;

        /* Stable: the same name gets the same uid again, and in another process. */
        ck_assert_int_eq(resolve_unit("svcd-dyn-test.service"), 0);
        ck_assert_uint_eq(cred.uid, first);
        ck_assert_uint_eq(dynamic_uid_in_child("svcd-dyn-test.service"), first);
        /* A template's instances share the prefix's user (systemd's user_from_unit_name()). */
        ck_assert_int_eq(resolve_unit("svcd-dyn-test@one.service"), 0);
        ck_assert_uint_eq(cred.uid, first);
}
END_TEST

START_TEST(dynamic_user_explicit_and_hashed_names) {
        ctx.dynamic_user = true;
        ctx.user = (char *) "svcd-dyn-named";
        ck_assert_int_eq(resolve(), 0);
        assert_dynamic("svcd-dyn-named");

        /* Not a valid user name: "_du" and 16 hex digits. */
        ctx.user = NULL;
        ck_assert_int_eq(resolve_unit("9-starts-with-a-digit.service"), 0);
        ck_assert_uint_eq(strlen(cred.user_name), 19);
        ck_assert_str_eq(test_fmt("%.3s", cred.user_name), "_du");
        ck_assert_uint_eq(strspn(cred.user_name + 3, "0123456789abcdef"), 16);
        assert_dynamic(cred.user_name);
}
END_TEST

/* Two names never share an id, even when their hashes collide (300 names in 4336 ids
 * collide almost surely). */
START_TEST(dynamic_user_ids_are_unique) {
        uid_t seen[300];

        ctx.dynamic_user = true;
        for (size_t i = 0; i < ELEMENTSOF(seen); i++) {
                ck_assert_int_eq(resolve_unit(test_fmt("svcd-uniq-%zu.service", i)), 0);
                seen[i] = cred.uid;
                ck_assert_uint_ge(cred.uid, EXEC_DYNAMIC_UID_MIN);
                ck_assert_uint_le(cred.uid, EXEC_DYNAMIC_UID_MAX);
                for (size_t j = 0; j < i; j++)
                        ck_assert_uint_ne(seen[j], cred.uid);
        }
        /* And each keeps its id. */
        ck_assert_int_eq(resolve_unit("svcd-uniq-7.service"), 0);
        ck_assert_uint_eq(cred.uid, seen[7]);
}
END_TEST

/* A static user of the name is used as it is (systemd.exec(5), DynamicUser=). */
START_TEST(dynamic_user_static_fallback) {
        struct passwd *pw = getpwnam("daemon");

        ctx.dynamic_user = true;
        ck_assert_int_eq(resolve_unit("nobody.service"), 0);
        ck_assert_uint_eq(cred.uid, 65534);
        ck_assert_str_eq(cred.user_name, "nobody");
        ck_assert_ptr_null(cred.home);
        if (pw) {
                ck_assert_int_eq(resolve_unit("daemon.service"), 0);
                ck_assert_uint_eq(cred.uid, pw->pw_uid);
                ck_assert_uint_eq(cred.gid, pw->pw_gid);
                ck_assert_str_eq(cred.user_name, "daemon");
                ck_assert_ptr_null(cred.home);
                ck_assert_ptr_null(cred.shell);
        }
}
END_TEST

/* "if User= is specified and the static group with the name exists, then it is required
 * that the static user with the name already exists". */
START_TEST(dynamic_user_group_without_user) {
        if (!getgrnam("nogroup") || getpwnam("nogroup"))
                return;
        ctx.dynamic_user = true;
        ctx.user = (char *) "nogroup";
        ck_assert_int_eq(resolve(), -EILSEQ);
        ck_assert_int_eq(st.step, SPAWN_STEP_USER);
        ck_assert_int_eq(st.error, EILSEQ);
        ck_assert_str_eq(test_last_warning(), "t.service: DynamicUser=yes: a group \"nogroup\" exists but no user of "
                                              "that name; create the user or choose another User=.");
}
END_TEST

START_TEST(dynamic_user_groups) {
        char *sup[] = { (char *) "nogroup", NULL };

        ctx.dynamic_user = true;
        ctx.user = (char *) "svcd-dyn-grp";
        ctx.group = (char *) "svcd-dyn-grp"; /* the same name: the user's own id */
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.gid, cred.uid);

        ctx.group = (char *) "nogroup"; /* a static group */
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.gid, 65534);

        ctx.group = (char *) "svcd-dyn-other"; /* another dynamic group, its own id */
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_ne(cred.gid, cred.uid);
        ck_assert_uint_ge(cred.gid, EXEC_DYNAMIC_UID_MIN);
        ck_assert_uint_le(cred.gid, EXEC_DYNAMIC_UID_MAX);

        ctx.group = NULL;
        ctx.supplementary_groups = sup;
        ck_assert_int_eq(resolve(), 0);
        ck_assert_str_eq(groups(), test_fmt("%u 65534", (unsigned) cred.uid));

        /* A static user with an unknown Group=: that is an error as for any unit. */
        ctx.supplementary_groups = NULL;
        ctx.user = (char *) "nobody";
        ctx.group = (char *) "svcd-no-such-group";
        ck_assert_int_eq(resolve(), -ESRCH);
        ck_assert_int_eq(st.step, SPAWN_STEP_GROUP);
}
END_TEST

/* The id a name got is recorded in the state directory and read back by a restarted svcd
 * (here: the registry's memory reset), so that it never goes to another name. */
START_TEST(dynamic_user_ids_persist) {
        ck_assert_int_eq(dynamic_ids_set_state_dir(test_dir), 0);
        ctx.dynamic_user = true;
        ctx.user = (char *) "svcd-dyn-persist";
        ck_assert_int_eq(resolve(), 0);
        uid_t first = cred.uid;
        char *text = NULL;
        size_t len = 0;
        FILE *f = fopen(test_fmt("%s/dynamic-users", test_dir), "re");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_gt(getdelim(&text, &len, 0, f), 0);
        fclose(f);
        ck_assert_str_eq(text, test_fmt("svcd-dyn-persist %u\n", (unsigned) first));
        free(text);

        dynamic_ids_reset();
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.uid, first);
}
END_TEST

/* A recorded id belongs to its name even before that name starts again; bad lines are
 * warned about with file:line and skipped. */
START_TEST(dynamic_user_recorded_ids_are_reserved) {
        ctx.dynamic_user = true;
        ctx.user = (char *) "svcd-dyn-second";
        ck_assert_int_eq(resolve(), 0); /* memory only: what its hash gives it */
        uid_t hashed = cred.uid;

        ck_assert_int_eq(mkdir(test_fmt("%s/state", test_dir), 0755), 0);
        test_write_file("state/dynamic-users", test_fmt("svcd-dyn-first %u\nnot a line\n", (unsigned) hashed));
        ck_assert_int_eq(dynamic_ids_set_state_dir(test_fmt("%s/state", test_dir)), 0);
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_ne(cred.uid, hashed);
        ck_assert_ptr_nonnull(strstr(test_warning(0), "/state/dynamic-users:2: not a \"NAME ID\" line"));
        ctx.user = (char *) "svcd-dyn-first";
        ck_assert_int_eq(resolve(), 0);
        ck_assert_uint_eq(cred.uid, hashed);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-exec-credentials");
        TCase *tc = tcase_create("credentials");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, no_credentials);
        tcase_add_test(tc, root_by_name_and_number);
        tcase_add_test(tc, nobody_by_name_and_number);
        tcase_add_test(tc, database_user);
        tcase_add_test(tc, numeric_uid_without_entry);
        tcase_add_test(tc, unknown_user);
        tcase_add_test(tc, strict_numbers);
        tcase_add_test(tc, group_by_name_and_number);
        tcase_add_test(tc, group_without_user);
        tcase_add_test(tc, unknown_group);
        tcase_add_test(tc, supplementary_groups);
        tcase_add_test(tc, unknown_supplementary_group);
        tcase_add_test(tc, dynamic_user_from_unit_name);
        tcase_add_test(tc, dynamic_user_explicit_and_hashed_names);
        tcase_add_test(tc, dynamic_user_ids_are_unique);
        tcase_add_test(tc, dynamic_user_static_fallback);
        tcase_add_test(tc, dynamic_user_group_without_user);
        tcase_add_test(tc, dynamic_user_groups);
        tcase_add_test(tc, dynamic_user_ids_persist);
        tcase_add_test(tc, dynamic_user_recorded_ids_are_reserved);
        suite_add_tcase(s, tc);
        return test_run(s);
}
