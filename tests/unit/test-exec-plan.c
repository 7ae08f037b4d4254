/* test-exec-plan.c: a unit's execution settings and an Exec*= command turned into a spawn plan (supervisord/exec-plan.c). */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>

#include "libsvc/strv.h"
#include "supervisord/exec-plan.h"
#include "tests/unit/test-helpers.h"

static struct unit *u;
static struct spawn_plan *plan;
static struct exec_plan_report report;
static struct spawn_status st;

static void setup(void) {
        test_setup();
        u = NULL;
        plan = NULL;
        report = (struct exec_plan_report) {};
        st = (struct spawn_status) {};
}

static void teardown(void) {
        unit_free(u);
        spawn_plan_free(plan);
        exec_plan_report_done(&report);
        test_teardown();
}

/* Loads a [Service] section and builds the plan of its first ExecStart=. */
static int build(const char *service_section, bool strict) {
        struct exec_plan_params params = {
                .unit_id = "test.service",
                .manager_environ = (char *[]) { NULL },
                .log_fd = -1,
                .strict_sandbox = strict,
        };

        ck_assert_int_eq(test_load_unit(test_fmt("[Service]\n%s", service_section), &u), 0);
        ck_assert_uint_ge(u->n_exec_start, 1);
        return exec_plan_build(u, &u->exec_start[0], &params, &plan, &report, &st);
}

START_TEST(defaults) {
        ck_assert_int_eq(build("ExecStart=sleep 1\n", false), 0);
        ck_assert_str_eq(plan->path, "/usr/bin/sleep");
        ck_assert_str_eq(plan->argv[0], "sleep");
        ck_assert_uint_eq(plan->umask, 0022);
        ck_assert(!plan->nice_set && !plan->oom_score_adjust_set && !plan->ioprio_set);
        ck_assert(!plan->cpu_scheduling_set && !plan->cpu_affinity_set && !plan->timer_slack_set);
        ck_assert(!plan->personality_set && !plan->no_new_privileges);
        ck_assert(!plan->bounding_set_apply);
        ck_assert_uint_eq(plan->ambient_set, 0);
        ck_assert(!plan->set_uid && !plan->set_gid && !plan->set_groups);
        ck_assert(plan->ignore_sigpipe);
        ck_assert(!plan->numa_policy_set && !plan->coredump_filter_set);
        for (int i = 0; i < RLIM_NLIMITS; i++)
                ck_assert(!plan->rlimit_set[i]);
        /* systemd.exec(5) KeyringMode=: private for the system manager's services. */
        ck_assert(plan->keyring_private);
        ck_assert_ptr_null(plan->working_directory);
        ck_assert_ptr_null(report.not_enforced);
}
END_TEST

START_TEST(process_attributes) {
        ck_assert_int_eq(build("ExecStart=/bin/true\n"
                               "Nice=-5\nOOMScoreAdjust=-100\nUMask=0077\n"
                               "IOSchedulingClass=idle\n"
                               "CPUSchedulingPolicy=rr\nCPUSchedulingPriority=10\nCPUSchedulingResetOnFork=yes\n"
                               "CPUAffinity=1 3-4\nTimerSlackNSec=5us\nPersonality=x86-64\n"
                               "LimitNOFILE=100:200\nLimitCORE=infinity\nLimitFSIZE=1K\n"
                               "KeyringMode=inherit\nNUMAPolicy=bind\nNUMAMask=0 2\nCoredumpFilter=0x23\n"
                               "IgnoreSIGPIPE=no\n",
                               false),
                         0);
        ck_assert(plan->nice_set);
        ck_assert_int_eq(plan->nice, -5);
        ck_assert(plan->oom_score_adjust_set);
        ck_assert_str_eq(plan->oom_score_adjust, "-100");
        ck_assert_uint_eq(plan->umask, 0077);
        ck_assert(plan->ioprio_set);
        ck_assert_int_eq(plan->ioprio, 3 << 13); /* IOPRIO_CLASS_IDLE, no level */
        ck_assert(plan->cpu_scheduling_set);
        ck_assert_int_eq(plan->cpu_scheduling_policy, SCHED_RR | SCHED_RESET_ON_FORK);
        ck_assert_int_eq(plan->cpu_scheduling_priority, 10);
        ck_assert(plan->cpu_affinity_set);
        ck_assert_uint_eq(plan->cpu_affinity[0], (1 << 1) | (1 << 3) | (1 << 4));
        ck_assert(plan->timer_slack_set);
        ck_assert_uint_eq(plan->timer_slack_nsec, 5000);
#if defined(__x86_64__)
        ck_assert(plan->personality_set);
        ck_assert_uint_eq(plan->personality, PER_LINUX);
#endif
        ck_assert(plan->rlimit_set[RLIMIT_NOFILE]);
        ck_assert_uint_eq(plan->rlimits[RLIMIT_NOFILE].rlim_cur, 100);
        ck_assert_uint_eq(plan->rlimits[RLIMIT_NOFILE].rlim_max, 200);
        ck_assert_uint_eq(plan->rlimits[RLIMIT_CORE].rlim_cur, RLIM_INFINITY);
        ck_assert_uint_eq(plan->rlimits[RLIMIT_FSIZE].rlim_max, 1024);
        ck_assert(!plan->rlimit_set[RLIMIT_NPROC]);
        ck_assert(!plan->keyring_private);
        ck_assert(plan->numa_policy_set);
        ck_assert_int_eq(plan->numa_policy, 2 /* MPOL_BIND */);
        ck_assert_uint_eq(plan->numa_mask[0], 5);
        ck_assert(plan->coredump_filter_set);
        ck_assert_str_eq(plan->coredump_filter, "0x23");
        ck_assert(!plan->ignore_sigpipe);
}
END_TEST

/* IOSchedulingPriority= alone means the best-effort class (systemd.exec(5)). */
START_TEST(io_priority_alone) {
        ck_assert_int_eq(build("ExecStart=/bin/true\nIOSchedulingPriority=2\n", false), 0);
        ck_assert_int_eq(plan->ioprio, (2 << 13) | 2);
}
END_TEST

START_TEST(privileges) {
        ck_assert_int_eq(build("ExecStart=/bin/true\n"
                               "CapabilityBoundingSet=CAP_CHOWN CAP_NET_BIND_SERVICE\n"
                               "AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_SYS_ADMIN\n"
                               "NoNewPrivileges=yes\nSecureBits=noroot\n",
                               false),
                         0);
        ck_assert(plan->bounding_set_apply);
        ck_assert_uint_eq(plan->bounding_set, (UINT64_C(1) << CAP_CHOWN) | (UINT64_C(1) << CAP_NET_BIND_SERVICE));
        /* An ambient capability outside the bounding set cannot be raised. */
        ck_assert_uint_eq(plan->ambient_set, UINT64_C(1) << CAP_NET_BIND_SERVICE);
        ck_assert(plan->no_new_privileges);
        ck_assert(plan->securebits_set);
        ck_assert_int_ne(plan->securebits, 0);
}
END_TEST

/* The sandboxing directives that name a capability take it out of the bounding set. */
START_TEST(implied_bounding_set) {
        ck_assert_int_eq(build("ExecStart=/bin/true\nProtectKernelModules=yes\nProtectClock=yes\n"
                               "ProtectKernelLogs=yes\nPrivateDevices=yes\n",
                               false),
                         0);
        ck_assert(plan->bounding_set_apply);
        const int gone[] = { CAP_SYS_MODULE, CAP_SYS_TIME, CAP_WAKE_ALARM, CAP_SYSLOG, CAP_MKNOD, CAP_SYS_RAWIO };
        for (size_t i = 0; i < ELEMENTSOF(gone); i++)
                ck_assert_uint_eq(plan->bounding_set & (UINT64_C(1) << gone[i]), 0);
        ck_assert_uint_ne(plan->bounding_set & (UINT64_C(1) << CAP_CHOWN), 0);
}
END_TEST

/* "+": no credential change, capability bounding, no_new_privs, seccomp or namespaces. */
START_TEST(full_privileges_prefix) {
        ck_assert_int_eq(build("ExecStart=+/bin/true\nUser=root\nCapabilityBoundingSet=CAP_CHOWN\n"
                               "NoNewPrivileges=yes\nSystemCallFilter=~chmod\nPrivateNetwork=yes\nNice=3\n",
                               false),
                         0);
        ck_assert(!plan->set_uid && !plan->set_gid && !plan->set_groups);
        ck_assert(!plan->bounding_set_apply);
        ck_assert(!plan->no_new_privileges);
        ck_assert_uint_eq(plan->n_seccomp, 0);
        ck_assert_int_eq(plan->unshare_flags, 0);
        /* Process attributes are not privileges: they still apply. */
        ck_assert(plan->nice_set);
}
END_TEST

/* "!": only the credential change is skipped. */
START_TEST(no_setuid_prefix) {
        ck_assert_int_eq(build("ExecStart=!/bin/true\nUser=root\nCapabilityBoundingSet=CAP_CHOWN\n", false), 0);
        ck_assert(!plan->set_uid && !plan->set_gid);
        ck_assert(plan->bounding_set_apply);
}
END_TEST

START_TEST(missing_program) {
        ck_assert_int_eq(build("ExecStart=svcd-no-such-program-anywhere\n", false), -ENOENT);
        ck_assert_int_eq(st.step, SPAWN_STEP_EXEC);
        ck_assert_int_eq(st.error, ENOENT);
        ck_assert_str_eq(report.reason, "executable svcd-no-such-program-anywhere not found");
        ck_assert_ptr_null(plan);
}
END_TEST

/* ExecSearchPath= replaces the fixed search list. */
START_TEST(exec_search_path) {
        const char *dir = test_fmt("%s/bin", test_dir);
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        test_write_file("bin/tool", "#!/bin/sh\n");
        ck_assert_int_eq(chmod(test_fmt("%s/bin/tool", test_dir), 0755), 0);

        ck_assert_int_eq(build(test_fmt("ExecStart=tool\nExecSearchPath=%s\n", dir), false), 0);
        ck_assert_str_eq(plan->path, test_fmt("%s/tool", dir));
        spawn_plan_free(plan);
        plan = NULL;
        unit_free(u);
        u = NULL;
        /* A name found only in the fixed list is not found once ExecSearchPath= is set. */
        ck_assert_int_eq(build(test_fmt("ExecStart=sleep 1\nExecSearchPath=%s\n", dir), false), -ENOENT);
        ck_assert_int_eq(st.step, SPAWN_STEP_EXEC);
}
END_TEST

/* RootDirectory=: a bare name is looked up inside the new root, and exec'd by its path there. */
START_TEST(root_directory_lookup) {
        ck_assert_int_eq(mkdir(test_fmt("%s/usr", test_dir), 0755), 0);
        ck_assert_int_eq(mkdir(test_fmt("%s/usr/bin", test_dir), 0755), 0);
        test_write_file("usr/bin/inside", "#!/bin/sh\n");
        ck_assert_int_eq(chmod(test_fmt("%s/usr/bin/inside", test_dir), 0755), 0);

        ck_assert_int_eq(build(test_fmt("ExecStart=inside\nRootDirectory=%s\nMountAPIVFS=no\n", test_dir), false), 0);
        ck_assert_str_eq(plan->path, "/usr/bin/inside");
        ck_assert_str_eq(plan->root_directory, test_dir);
}
END_TEST

START_TEST(foreign_personality) {
#if defined(__x86_64__)
        ck_assert_int_eq(build("ExecStart=/bin/true\nPersonality=s390x\n", false), -EINVAL);
        ck_assert_int_eq(st.step, SPAWN_STEP_PERSONALITY);
        ck_assert_int_eq(spawn_step_exit_status(st.step), 230);
#endif
}
END_TEST

START_TEST(working_directory_prefixes) {
        ck_assert_int_eq(build("ExecStart=/bin/true\nWorkingDirectory=-/nonexistent\n", false), 0);
        ck_assert_str_eq(plan->working_directory, "/nonexistent");
        ck_assert(plan->working_directory_missing_ok);
}
END_TEST

/* What cannot be applied here is listed; --strict-sandbox turns it into a refusal. */
START_TEST(not_enforced_and_strict) {
        ck_assert_int_eq(build("ExecStart=/bin/true\nCPUAffinity=numa\n", false), 0);
        ck_assert_uint_eq(strv_length(report.not_enforced), 1);
        ck_assert_ptr_nonnull(strstr(report.not_enforced[0], "CPUAffinity=numa"));
        ck_assert(!plan->cpu_affinity_set);
        spawn_plan_free(plan);
        plan = NULL;
        unit_free(u);
        u = NULL;
        exec_plan_report_done(&report);

        ck_assert_int_eq(build("ExecStart=/bin/true\nCPUAffinity=numa\n", true), -EPERM);
        ck_assert_int_eq(st.step, SPAWN_STEP_NONE);
        ck_assert_ptr_nonnull(strstr(report.reason, "CPUAffinity=numa"));
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "Refusing to start"));
        ck_assert_ptr_null(plan);
}
END_TEST

/* PrivateUsers=: root and the unit's own user and group map to themselves. */
START_TEST(private_users_maps) {
        ck_assert_int_eq(build("ExecStart=/bin/true\nPrivateUsers=yes\nUser=nobody\n", false), 0);
        if (report.not_enforced) /* svcd without CAP_SETUID/CAP_SETGID: said so instead */
                ck_assert_ptr_nonnull(strstr(report.not_enforced[0], "PrivateUsers=yes"));
        else {
                ck_assert(plan->private_users);
                ck_assert_str_eq(plan->uid_map, "0 0 1\n65534 65534 1\n");
                ck_assert_str_eq(plan->gid_map, "0 0 1\n65534 65534 1\n");
        }
        spawn_plan_free(plan);
        plan = NULL;
        unit_free(u);
        u = NULL;
        ck_assert_int_eq(build("ExecStart=+/bin/true\nPrivateUsers=yes\n", false), 0);
        ck_assert(!plan->private_users); /* "+": no sandboxing for this command */
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("exec-plan");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, defaults);
        tcase_add_test(tc, process_attributes);
        tcase_add_test(tc, io_priority_alone);
        tcase_add_test(tc, privileges);
        tcase_add_test(tc, implied_bounding_set);
        tcase_add_test(tc, full_privileges_prefix);
        tcase_add_test(tc, no_setuid_prefix);
        tcase_add_test(tc, missing_program);
        tcase_add_test(tc, exec_search_path);
        tcase_add_test(tc, root_directory_lookup);
        tcase_add_test(tc, foreign_personality);
        tcase_add_test(tc, working_directory_prefixes);
        tcase_add_test(tc, not_enforced_and_strict);
        tcase_add_test(tc, private_users_maps);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
