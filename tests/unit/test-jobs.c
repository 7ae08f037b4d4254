/* test-jobs.c: the manager's job queue (job.c, job-install.c, dependency-events.c) with fake
 * processes: jobs run in After= order once what they wait for is ready, fail along
 * Requires=, stop in reverse order, can be canceled, and BindsTo= follows a unit that
 * stopped on its own. What runs is read from the order of the fake spawns and kills. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "libsvc/log.h"
#include "libsvc/time-util.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "tests/unit/fake-process.h"
#include "tests/unit/test-helpers.h"

#define WAIT_DEADLINE_USEC (5 * USEC_PER_SEC)

static struct manager *m;

static void setup(void) {
        test_setup();
        log_set_max_level(LOG_ERR);
        m = fake_manager_new();
}

static void teardown(void) {
        m = manager_free(m);
        test_teardown();
}

/* A unit NAME.service running /usr/bin/NAME, with extra [Unit] and [Service] lines. */
static void unit(const char *name, const char *unit_lines, const char *service_lines) {
        test_write_file(test_fmt("%s.service", name), test_fmt("[Unit]\n%s\n[Service]\nExecStart=/usr/bin/%s\n%s\n",
                                                               unit_lines, name, service_lines));
}

static struct service *get(const char *name) {
        struct service *s = NULL;
        ck_assert_int_eq(manager_load_service(m, test_fmt("%s.service", name), &s), 0);
        return s;
}

/* Turns the loop until nothing is left to do right now. */
static void settle(void) {
        for (int i = 0; i < 100; i++)
                ck_assert_int_eq(ev_loop_run_once(m->loop, 0), 0);
}

/* The names of the programs spawned so far, in order: "a b c". */
static const char *spawned(void) {
        static char buf[1024];
        size_t n = 0;

        buf[0] = 0;
        for (size_t i = 0; i < fake.n_procs && n < sizeof buf - 64; i++) {
                const char *base = strrchr(fake.procs[i].path, '/');
                n += (size_t) snprintf(buf + n, sizeof buf - n, "%s%s", n ? " " : "", base ? base + 1 : fake.procs[i].path);
        }
        return buf;
}

/* The last pid spawned for /usr/bin/NAME, 0 if none. */
static pid_t pid_of(const char *name) {
        for (size_t i = fake.n_procs; i > 0; i--)
                if (streq(strrchr(fake.procs[i - 1].path, '/') + 1, name))
                        return fake.procs[i - 1].pid;
        return 0;
}

struct recorded {
        struct job_waiter w;
        bool done;
        enum job_result result;
};

static void on_done(struct job_waiter *w, struct job *j, enum job_result result) {
        struct recorded *r = container_of(w, struct recorded, w);
        r->done = true;
        r->result = result;
}

/* Queues type on name and records the job's end in *rec (if it got a job). */
static int request(enum tx_job_type type, const char *name, struct recorded *rec, char **ret_error) {
        struct job *j = NULL;
        _cleanup_free_ char *error = NULL;
        int r = manager_add_job(m, type, get(name), TX_MODE_REPLACE, true, &j, &error);

        if (r >= 0 && j && rec) {
                *rec = (struct recorded) { .w.done = on_done };
                job_add_waiter(j, &rec->w);
        }
        if (ret_error)
                *ret_error = TAKE_PTR(error);
        return r;
}

START_TEST(start_follows_after_and_waits_for_readiness) {
        struct recorded rec;

        unit("a", "", "");
        unit("b", "Requires=a.service\nAfter=a.service", "Type=oneshot\nRemainAfterExit=yes");
        unit("c", "Requires=b.service\nAfter=b.service", "");
        unit("d", "Wants=c.service", ""); /* no ordering: starts with the first */
        ck_assert_int_eq(request(TX_JOB_START, "d", &rec, NULL), 0);
        settle();
        /* b is a oneshot: c waits until its ExecStart= has ended. */
        ck_assert_str_eq(spawned(), "a d b");
        ck_assert(!rec.done || rec.result == JOB_DONE);
        ck_assert_ptr_nonnull(get("c")->job);
        ck_assert_str_eq(job_state_to_string(get("c")->job->state), "waiting");
        fake_reap(m, pid_of("b"), CLD_EXITED, 0);
        settle();
        ck_assert_str_eq(spawned(), "a d b c");
        ck_assert_uint_eq(m->n_jobs, 0);
        ck_assert(rec.done);
        ck_assert_int_eq(rec.result, JOB_DONE);
}
END_TEST

START_TEST(failure_fails_dependents_not_others) {
        struct recorded rec_c, rec_x;

        unit("b", "", "Type=oneshot");
        unit("c", "Requires=b.service\nAfter=b.service", "");
        unit("w", "Wants=b.service\nAfter=b.service", "");
        unit("x", "", "");
        ck_assert_int_eq(request(TX_JOB_START, "x", &rec_x, NULL), 0);
        ck_assert_int_eq(request(TX_JOB_START, "c", &rec_c, NULL), 0);
        ck_assert_int_eq(request(TX_JOB_START, "w", NULL, NULL), 0);
        settle();
        /* x and b are not ordered against each other: either may go first. */
        ck_assert_uint_eq(fake.n_procs, 2);
        ck_assert(pid_of("x") && pid_of("b"));
        fake_reap(m, pid_of("b"), CLD_EXITED, 1);
        settle();
        /* c needed b: its job fails with "dependency" and c never ran; w only wanted it. */
        ck_assert(rec_c.done);
        ck_assert_str_eq(job_result_to_string(rec_c.result), "dependency");
        ck_assert_uint_eq(fake.n_procs, 3);
        ck_assert(pid_of("w") && !pid_of("c"));
        ck_assert_str_eq(service_active_state(get("c")), "inactive");
        ck_assert_str_eq(service_active_state(get("b")), "failed");
        ck_assert_str_eq(service_active_state(get("x")), "active");
        ck_assert_int_eq(rec_x.result, JOB_DONE);
}
END_TEST

START_TEST(stop_runs_in_reverse_order) {
        struct recorded rec;

        unit("a", "", "TimeoutStopSec=1h");
        unit("b", "Requires=a.service\nAfter=a.service", "TimeoutStopSec=1h");
        unit("c", "Requires=b.service\nAfter=b.service", "TimeoutStopSec=1h");
        ck_assert_int_eq(request(TX_JOB_START, "c", NULL, NULL), 0);
        settle();
        ck_assert_str_eq(spawned(), "a b c");
        pid_t pa = pid_of("a"), pb = pid_of("b"), pc = pid_of("c");

        /* A stop of a stops what requires it first: c, then b, then a. */
        ck_assert_int_eq(request(TX_JOB_STOP, "a", &rec, NULL), 0);
        settle();
        ck_assert_uint_eq(fake_kill_count(-pc, SIGTERM), 1);
        ck_assert_uint_eq(fake_kill_count(-pb, SIGTERM), 0);
        ck_assert_uint_eq(fake_kill_count(-pa, SIGTERM), 0);
        fake_reap(m, pc, CLD_KILLED, SIGTERM);
        settle();
        ck_assert_uint_eq(fake_kill_count(-pb, SIGTERM), 1);
        ck_assert_uint_eq(fake_kill_count(-pa, SIGTERM), 0);
        fake_reap(m, pb, CLD_KILLED, SIGTERM);
        settle();
        ck_assert_uint_eq(fake_kill_count(-pa, SIGTERM), 1);
        fake_reap(m, pa, CLD_KILLED, SIGTERM);
        settle();
        ck_assert(rec.done);
        ck_assert_int_eq(rec.result, JOB_DONE);
        ck_assert_uint_eq(m->n_jobs, 0);
}
END_TEST

START_TEST(cancel_ends_a_waiting_job) {
        struct recorded rec;

        unit("slow", "", "Type=oneshot");
        unit("after", "After=slow.service\nWants=slow.service", "");
        ck_assert_int_eq(request(TX_JOB_START, "after", &rec, NULL), 0);
        settle();
        ck_assert_str_eq(spawned(), "slow");
        struct job *j = get("after")->job;
        ck_assert_ptr_nonnull(j);
        ck_assert_ptr_eq(manager_get_job(m, j->id), j);
        job_cancel(j);
        ck_assert(rec.done);
        ck_assert_int_eq(rec.result, JOB_CANCELED);
        ck_assert_ptr_null(get("after")->job);
        fake_reap(m, pid_of("slow"), CLD_EXITED, 0);
        settle();
        ck_assert_str_eq(spawned(), "slow"); /* canceled: never started */
}
END_TEST

START_TEST(conflicts_stop_the_other) {
        unit("x", "Conflicts=y.service", "TimeoutStopSec=1h");
        unit("y", "", "TimeoutStopSec=1h");
        ck_assert_int_eq(request(TX_JOB_START, "y", NULL, NULL), 0);
        settle();
        pid_t py = pid_of("y");
        ck_assert_int_eq(request(TX_JOB_START, "x", NULL, NULL), 0);
        settle();
        ck_assert_uint_eq(fake_kill_count(-py, SIGTERM), 1);
        ck_assert_str_eq(spawned(), "y x");
        fake_reap(m, py, CLD_KILLED, SIGTERM);
        settle();
        ck_assert_str_eq(service_active_state(get("y")), "inactive");
        ck_assert_str_eq(service_active_state(get("x")), "active");
}
END_TEST

START_TEST(binds_to_follows_a_unit_that_died) {
        unit("base", "", "");
        unit("bound", "BindsTo=base.service\nAfter=base.service", "TimeoutStopSec=1h");
        ck_assert_int_eq(request(TX_JOB_START, "bound", NULL, NULL), 0);
        settle();
        pid_t pbound = pid_of("bound");
        fake_reap(m, pid_of("base"), CLD_EXITED, 1);
        settle();
        ck_assert_str_eq(service_active_state(get("base")), "failed");
        ck_assert_uint_eq(fake_kill_count(-pbound, SIGTERM), 1);
}
END_TEST

START_TEST(requires_of_a_missing_unit_refuses_the_start) {
        _cleanup_free_ char *error = NULL;

        unit("needy", "Requires=missing.service", "");
        unit("wanting", "Wants=missing.service", "");
        ck_assert_int_eq(request(TX_JOB_START, "needy", NULL, &error), -ENOEXEC);
        ck_assert_ptr_nonnull(strstr(error, "missing.service not found"));
        ck_assert_int_eq(request(TX_JOB_START, "wanting", NULL, NULL), 0);
        settle();
        ck_assert_str_eq(spawned(), "wanting");
}
END_TEST

/* Turns the loop (waiting for timers) until rec is done; fails after the deadline. */
static void run_until_done(struct recorded *rec) {
        usec_t deadline = now_usec(CLOCK_MONOTONIC) + WAIT_DEADLINE_USEC;

        while (!rec->done) {
                ck_assert_msg(now_usec(CLOCK_MONOTONIC) < deadline, "the job did not end");
                ck_assert_int_eq(ev_loop_run_once(m->loop, 10 * USEC_PER_MSEC), 0);
        }
}

/* systemd.unit(5) JobTimeoutSec=: the job is canceled with result timeout; "the unit however
 * will not change state". A job still waiting times out too, and never runs. */
START_TEST(job_timeout_ends_the_job_not_the_unit) {
        struct recorded slow, waiting;

        unit("slow", "JobTimeoutSec=50ms", "Type=oneshot");
        unit("later", "After=slow.service\nJobTimeoutSec=20ms", "");
        ck_assert_int_eq(request(TX_JOB_START, "slow", &slow, NULL), 0);
        ck_assert_int_eq(request(TX_JOB_START, "later", &waiting, NULL), 0);
        run_until_done(&waiting);
        ck_assert_str_eq(job_result_to_string(waiting.result), "timeout");
        ck_assert(!pid_of("later"));
        run_until_done(&slow);
        ck_assert_str_eq(job_result_to_string(slow.result), "timeout");
        ck_assert_str_eq(service_active_state(get("slow")), "activating");
        ck_assert_ptr_null(get("slow")->job);
        fake_reap(m, pid_of("slow"), CLD_EXITED, 0);
        settle();
        ck_assert_str_eq(service_active_state(get("slow")), "inactive");
        ck_assert(!m->shutting_down);
}
END_TEST

/* JobRunningTimeoutSec= counts from when the job runs; JobTimeoutAction= then acts. */
START_TEST(job_running_timeout_runs_the_action) {
        struct recorded rec;

        unit("stuck", "JobRunningTimeoutSec=30ms\nJobTimeoutAction=exit", "Type=oneshot");
        ck_assert_int_eq(request(TX_JOB_START, "stuck", &rec, NULL), 0);
        run_until_done(&rec);
        ck_assert_str_eq(job_result_to_string(rec.result), "timeout");
        ck_assert(m->shutting_down);
}
END_TEST

START_TEST(ordering_cycle_names_each_edge) {
        _cleanup_free_ char *error = NULL;

        unit("p", "Requires=q.service\nAfter=q.service", "");
        unit("q", "Requires=p.service\nAfter=p.service", "");
        ck_assert_int_eq(request(TX_JOB_START, "p", NULL, &error), -ELOOP);
        ck_assert_ptr_nonnull(error);
        /* Each edge with the file:line that wrote it. */
        ck_assert_msg(strstr(error, "p.service after q.service") && strstr(error, "p.service:3"), "%s", error);
        ck_assert_msg(strstr(error, "q.service after p.service") && strstr(error, "q.service:3"), "%s", error);
        ck_assert_uint_eq(m->n_jobs, 0);
        ck_assert_uint_eq(fake.n_procs, 0);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("jobs");
        TCase *tc = tcase_create("jobs");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, start_follows_after_and_waits_for_readiness);
        tcase_add_test(tc, failure_fails_dependents_not_others);
        tcase_add_test(tc, stop_runs_in_reverse_order);
        tcase_add_test(tc, cancel_ends_a_waiting_job);
        tcase_add_test(tc, conflicts_stop_the_other);
        tcase_add_test(tc, binds_to_follows_a_unit_that_died);
        tcase_add_test(tc, requires_of_a_missing_unit_refuses_the_start);
        tcase_add_test(tc, ordering_cycle_names_each_edge);
        tcase_add_test(tc, job_timeout_ends_the_job_not_the_unit);
        tcase_add_test(tc, job_running_timeout_runs_the_action);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
