/* test-service.c: the service state machine and the manager's registry, driven with fake processes.
 *
 * No process is created and no signal is sent: m->process holds the fakes of
 * fake-process.c, and each test scripts exits and leftovers itself. Timers (RestartSec=,
 * TimeoutStopSec=) are real but tiny; the loop is turned until an outcome holds, under a
 * deadline, and no timing is ever asserted (DESIGN.md, "Tests and CI"). */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/spawn.h"
#include "libsvc/time-util.h"
#include "supervisord/event-loop.h"
#include "supervisord/manager.h"
#include "supervisord/service.h"
#include "tests/unit/fake-process.h"
#include "tests/unit/test-helpers.h"

#define WAIT_DEADLINE_USEC (5 * USEC_PER_SEC)
#define EXEC_PATH "/usr/bin/fake-daemon"
#define SIMPLE "[Service]\nExecStart=" EXEC_PATH " --foreground\n"

static struct manager *m;

static void setup(void) {
        test_setup();
        log_set_max_level(LOG_WARNING);
        m = fake_manager_new();
}

static void teardown(void) {
        m = manager_free(m);
        test_teardown();
}

/* Writes name into the unit dir and loads it; the unit must load cleanly. */
static struct service *load(const char *name, const char *content) {
        struct service *s = NULL;

        test_write_file(name, content);
        ck_assert_int_eq(manager_load_service(m, name, &s), 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(load_state_to_string(s->load_state), "loaded");
        return s;
}

static struct service *start(const char *name, const char *content) {
        struct service *s = load(name, content);

        ck_assert_int_eq(service_start(s), 0);
        ck_assert_str_eq(service_state_to_string(s->state), "running");
        return s;
}

#define assert_state(s, sub, active)                                              \
        do {                                                                      \
                ck_assert_str_eq(service_state_to_string((s)->state), (sub));     \
                ck_assert_str_eq(service_active_state(s), (active));              \
        } while (0)

#define assert_result(s, r) ck_assert_str_eq(service_result_to_string((s)->result), (r))

/* One turn that does not wait: runs the deferred queue (waiters are answered there). */
static void turn(void) {
        ck_assert_int_eq(ev_loop_run_once(m->loop, 0), 0);
}

/* Turns the loop until s is in state st; fails the test after the deadline. */
static void run_until_state(struct service *s, enum service_state st) {
        usec_t deadline = now_usec(CLOCK_MONOTONIC) + WAIT_DEADLINE_USEC;

        while (s->state != st) {
                ck_assert_msg(now_usec(CLOCK_MONOTONIC) < deadline, "%s: still %s, waited for %s", s->id,
                              service_state_to_string(s->state), service_state_to_string(st));
                ck_assert_int_eq(ev_loop_run_once(m->loop, 10 * USEC_PER_MSEC), 0);
        }
}

static void run_until_inactive(struct service *s) {
        usec_t deadline = now_usec(CLOCK_MONOTONIC) + WAIT_DEADLINE_USEC;

        while (!service_is_inactive(s)) {
                ck_assert_msg(now_usec(CLOCK_MONOTONIC) < deadline, "%s: still %s, waited for it to end", s->id,
                              service_state_to_string(s->state));
                ck_assert_int_eq(ev_loop_run_once(m->loop, 10 * USEC_PER_MSEC), 0);
        }
}

/* Turns the loop for a while (timers with a far deadline must not fire). */
static void run_for(usec_t span) {
        usec_t end = now_usec(CLOCK_MONOTONIC) + span;

        while (now_usec(CLOCK_MONOTONIC) < end)
                ck_assert_int_eq(ev_loop_run_once(m->loop, span), 0);
}

struct test_waiter {
        struct service_waiter w;
        unsigned n_done;
        int error;
        enum service_state state_at_done;
};

static void waiter_done(struct service_waiter *w, struct service *s, int error) {
        struct test_waiter *t = container_of(w, struct test_waiter, w);

        t->n_done++;
        t->error = error;
        t->state_at_done = s->state;
}

static void add_waiter(struct service *s, struct test_waiter *t, bool want_active) {
        *t = (struct test_waiter) { .w = { .job = want_active ? SERVICE_JOB_START : SERVICE_JOB_STOP, .done = waiter_done } };
        service_add_waiter(s, &t->w);
}

/* ---- Type=simple: start, stop ---------------------------------------------------------- */

START_TEST(simple_start_then_stop) {
        struct test_waiter stop_w;
        struct service *s = start("x.service", SIMPLE);
        pid_t pid = fake_last_pid();

        assert_state(s, "running", "active");
        ck_assert_int_gt(pid, 0);
        ck_assert_int_eq(s->main_pid, pid);
        ck_assert_int_eq(s->pgid, pid);
        ck_assert_int_eq(s->exec_main_pid, pid);
        ck_assert_int_eq(s->exec_main_code, 0);
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
        ck_assert_str_eq(fake_proc_find(pid)->path, EXEC_PATH);
        ck_assert_ptr_eq(manager_find_by_pid(m, pid), s);
        ck_assert_uint_eq(fake_kills_since(0), 0);

        add_waiter(s, &stop_w, false);
        ck_assert_int_eq(service_stop(s), 0);
        assert_state(s, "stop-sigterm", "deactivating");
        ck_assert_uint_eq(fake_kill_count(-pid, SIGTERM), 1);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGCONT), 1);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 0);
        turn();
        ck_assert_uint_eq(stop_w.n_done, 0); /* not answered while stopping */

        fake_reap(m, pid, CLD_KILLED, SIGTERM);
        assert_state(s, "dead", "inactive");
        assert_result(s, "success");
        ck_assert_int_eq(s->exec_main_code, CLD_KILLED);
        ck_assert_int_eq(s->exec_main_status, SIGTERM);
        ck_assert_int_eq(s->exec_main_pid, pid);
        ck_assert_int_eq(s->main_pid, 0);
        ck_assert_int_eq(s->pgid, 0);
        ck_assert_ptr_null(manager_find_by_pid(m, pid));
        ck_assert_uint_eq(s->n_restarts, 0);

        turn();
        ck_assert_uint_eq(stop_w.n_done, 1);
        ck_assert_int_eq(stop_w.error, 0);
        ck_assert_ptr_null(s->waiters);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 0);
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
}
END_TEST

START_TEST(start_waiter_answered_when_running) {
        struct test_waiter w;
        struct service *s = load("x.service", SIMPLE);

        add_waiter(s, &w, true);
        ck_assert_int_eq(service_start(s), 0);
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
        ck_assert_int_eq(w.state_at_done, SERVICE_RUNNING);

        /* Starting a running service does nothing but answer. */
        add_waiter(s, &w, true);
        ck_assert_int_eq(service_start(s), 0);
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
}
END_TEST

START_TEST(removed_waiter_is_not_called) {
        struct test_waiter w;
        struct service *s = load("x.service", SIMPLE);

        add_waiter(s, &w, true);
        service_remove_waiter(s, &w.w);
        ck_assert_int_eq(service_start(s), 0);
        turn();
        ck_assert_uint_eq(w.n_done, 0);
}
END_TEST

START_TEST(stop_when_inactive_answers_and_keeps_state) {
        struct test_waiter w;
        struct service *s = load("x.service", SIMPLE);

        add_waiter(s, &w, false);
        ck_assert_int_eq(service_stop(s), 0);
        assert_state(s, "dead", "inactive");
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);

        /* A failed unit stays failed when stopped, as with systemctl. */
        ck_assert_int_eq(service_start(s), 0);
        fake_reap(m, fake_last_pid(), CLD_EXITED, 1);
        assert_state(s, "failed", "failed");
        add_waiter(s, &w, false);
        ck_assert_int_eq(service_stop(s), 0);
        assert_state(s, "failed", "failed");
        assert_result(s, "exit-code");
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
}
END_TEST

/* ---- How the main process' end is judged (Restart=no) ---------------------------------- */

static const struct exit_case {
        int code, status;
        const char *state, *active, *result;
} exit_cases[] = {
        { CLD_EXITED, 0, "dead", "inactive", "success" },
        { CLD_EXITED, 1, "failed", "failed", "exit-code" },
        { CLD_EXITED, 255, "failed", "failed", "exit-code" },
        { CLD_KILLED, SIGKILL, "failed", "failed", "signal" },
        { CLD_KILLED, SIGSEGV, "failed", "failed", "signal" },
        { CLD_KILLED, SIGABRT, "failed", "failed", "signal" },
        { CLD_DUMPED, SIGSEGV, "failed", "failed", "core-dump" },
        { CLD_DUMPED, SIGABRT, "failed", "failed", "core-dump" },
        /* systemd.service(5), SuccessExitStatus=: these four signals are a clean end. */
        { CLD_KILLED, SIGTERM, "dead", "inactive", "success" },
        { CLD_KILLED, SIGHUP, "dead", "inactive", "success" },
        { CLD_KILLED, SIGINT, "dead", "inactive", "success" },
        { CLD_KILLED, SIGPIPE, "dead", "inactive", "success" },
};

START_TEST(main_exit_result) {
        const struct exit_case *c = &exit_cases[_i];
        struct service *s = start("x.service", SIMPLE "Restart=no\n");
        pid_t pid = fake_last_pid();

        fake_reap(m, pid, c->code, c->status);
        ck_assert_msg(streq(service_state_to_string(s->state), c->state), "case %d: state %s, expected %s", _i,
                      service_state_to_string(s->state), c->state);
        ck_assert_str_eq(service_active_state(s), c->active);
        ck_assert_msg(streq(service_result_to_string(s->result), c->result), "case %d: result %s, expected %s", _i,
                      service_result_to_string(s->result), c->result);
        ck_assert_int_eq(s->exec_main_code, c->code);
        ck_assert_int_eq(s->exec_main_status, c->status);
        ck_assert_int_eq(s->exec_main_pid, pid);
        ck_assert_int_eq(s->main_pid, 0);
        ck_assert_uint_eq(s->n_restarts, 0);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 0);
        /* Nothing is left to stop, so nothing but the empty group's probe may be signalled. */
        ck_assert_uint_eq(fake_kill_count(pid, -1), 0);
        run_for(5 * USEC_PER_MSEC);
        ck_assert_str_eq(service_state_to_string(s->state), c->state);
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
}
END_TEST

/* ---- Restart=: the table of systemd.service(5) ----------------------------------------- */

enum exit_cause {
        CAUSE_CLEAN_EXIT,
        CAUSE_CLEAN_SIGTERM,
        CAUSE_CLEAN_SIGHUP,
        CAUSE_CLEAN_SIGINT,
        CAUSE_CLEAN_SIGPIPE,
        CAUSE_UNCLEAN_EXIT,
        CAUSE_UNCLEAN_SIGNAL,
        CAUSE_CORE_DUMP,
        CAUSE_TIMEOUT,
        _CAUSE_MAX,
};

static const struct {
        const char *name;
        int code, status;
        const char *result;
        /* Restarts under: no, always, on-success, on-failure, on-abnormal, on-abort, on-watchdog. */
        bool restarts[7];
} causes[_CAUSE_MAX] = {
        [CAUSE_CLEAN_EXIT] = { "clean exit code", CLD_EXITED, 0, "success", { 0, 1, 1, 0, 0, 0, 0 } },
        [CAUSE_CLEAN_SIGTERM] = { "clean signal SIGTERM", CLD_KILLED, SIGTERM, "success", { 0, 1, 1, 0, 0, 0, 0 } },
        [CAUSE_CLEAN_SIGHUP] = { "clean signal SIGHUP", CLD_KILLED, SIGHUP, "success", { 0, 1, 1, 0, 0, 0, 0 } },
        [CAUSE_CLEAN_SIGINT] = { "clean signal SIGINT", CLD_KILLED, SIGINT, "success", { 0, 1, 1, 0, 0, 0, 0 } },
        [CAUSE_CLEAN_SIGPIPE] = { "clean signal SIGPIPE", CLD_KILLED, SIGPIPE, "success", { 0, 1, 1, 0, 0, 0, 0 } },
        [CAUSE_UNCLEAN_EXIT] = { "unclean exit code", CLD_EXITED, 3, "exit-code", { 0, 1, 0, 1, 0, 0, 0 } },
        [CAUSE_UNCLEAN_SIGNAL] = { "unclean signal", CLD_KILLED, SIGKILL, "signal", { 0, 1, 0, 1, 1, 1, 0 } },
        [CAUSE_CORE_DUMP] = { "unclean signal, core dumped", CLD_DUMPED, SIGSEGV, "core-dump", { 0, 1, 0, 1, 1, 1, 0 } },
        /* The main process exits 0, its leftovers outlive TimeoutStopSec= and are killed. */
        [CAUSE_TIMEOUT] = { "timeout", CLD_EXITED, 0, "timeout", { 0, 1, 0, 1, 1, 0, 0 } },
};

static const char *const policies[7] = {
        "no", "always", "on-success", "on-failure", "on-abnormal", "on-abort", "on-watchdog",
};

START_TEST(restart_policy_table) {
        unsigned policy = _i % 7, cause = _i / 7;
        bool restarts = causes[cause].restarts[policy];
        const char *unit = test_fmt(SIMPLE "Restart=%s\nRestartSec=1ms\nTimeoutStopSec=10ms\n", policies[policy]);
        struct service *s = start("x.service", unit);
        pid_t pid = fake_last_pid();
        const char *what = test_fmt("Restart=%s, %s", policies[policy], causes[cause].name);

        if (cause == CAUSE_TIMEOUT) {
                fake_set_leftovers(pid, true);
                fake_reap(m, pid, causes[cause].code, causes[cause].status);
                ck_assert_int_eq(s->state, SERVICE_STOP_SIGTERM);
                ck_assert_uint_eq(fake_kill_count(-pid, SIGTERM), 1);
                run_until_state(s, SERVICE_STOP_SIGKILL);
                ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 1);
                fake_group_empties(m, pid);
        } else
                fake_reap(m, pid, causes[cause].code, causes[cause].status);

        ck_assert_msg(streq(service_result_to_string(s->result), causes[cause].result), "%s: result %s, expected %s",
                      what, service_result_to_string(s->result), causes[cause].result);
        if (!restarts) {
                const char *expected = streq(causes[cause].result, "success") ? "dead" : "failed";
                ck_assert_msg(streq(service_state_to_string(s->state), expected), "%s: state %s, expected %s", what,
                              service_state_to_string(s->state), expected);
                run_for(5 * USEC_PER_MSEC);
                ck_assert_msg(streq(service_state_to_string(s->state), expected), "%s: restarted", what);
                ck_assert_uint_eq(fake.n_spawns_ok, 1);
                ck_assert_uint_eq(s->n_restarts, 0);
                return;
        }
        ck_assert_msg(s->state == SERVICE_AUTO_RESTART, "%s: state %s, expected auto-restart", what,
                      service_state_to_string(s->state));
        ck_assert_str_eq(service_active_state(s), "activating");
        run_until_state(s, SERVICE_RUNNING);
        ck_assert_uint_eq(s->n_restarts, 1);
        ck_assert_uint_eq(fake.n_spawns_ok, 2);
        ck_assert_int_ne(s->main_pid, pid);
        ck_assert_int_eq(s->main_pid, fake_last_pid());
        assert_result(s, "success");
}
END_TEST

START_TEST(restart_always_after_kill) {
        struct service *s = start("x.service", SIMPLE "Restart=always\nRestartSec=1ms\n");
        pid_t pid = fake_last_pid();

        fake_reap(m, pid, CLD_KILLED, SIGKILL);
        assert_state(s, "auto-restart", "activating");
        assert_result(s, "signal");
        ck_assert_int_eq(s->exec_main_status, SIGKILL);
        ck_assert_int_eq(s->main_pid, 0);

        run_until_state(s, SERVICE_RUNNING);
        assert_state(s, "running", "active");
        ck_assert_uint_eq(s->n_restarts, 1);
        ck_assert_int_ne(s->main_pid, pid);
        ck_assert_int_eq(s->main_pid, fake_last_pid());
        ck_assert_int_eq(s->pgid, s->main_pid);
        ck_assert_int_eq(s->exec_main_code, 0);
        assert_result(s, "success");

        /* And again: the counter goes on. */
        pid = s->main_pid;
        fake_reap(m, pid, CLD_EXITED, 0);
        run_until_state(s, SERVICE_RUNNING);
        ck_assert_uint_eq(s->n_restarts, 2);
        ck_assert_uint_eq(fake.n_spawns_ok, 3);
}
END_TEST

/* ---- Exec failures and the start limit ------------------------------------------------- */

START_TEST(exec_failure_fails_with_203) {
        struct test_waiter w;
        struct service *s = load("x.service", "[Service]\nExecStart=/nonexistent/bin/daemon -x\n");

        fake.spawn_error = -ENOENT;
        fake.spawn_fail_step = SPAWN_STEP_EXEC;
        add_waiter(s, &w, true);
        ck_assert_int_eq(service_start(s), 0);

        assert_state(s, "failed", "failed");
        assert_result(s, "exit-code");
        ck_assert_int_eq(s->exec_main_code, CLD_EXITED);
        ck_assert_int_eq(s->exec_main_status, 203);
        ck_assert_int_eq(s->exec_main_pid, fake_last_pid());
        ck_assert_int_gt(s->exec_main_pid, 0);
        ck_assert_int_eq(s->main_pid, 0);
        ck_assert_int_eq(s->status_errno, ENOENT);
        ck_assert_ptr_nonnull(s->status_text);
        ck_assert_ptr_nonnull(strstr(s->status_text, "EXEC"));
        ck_assert_ptr_nonnull(strstr(s->status_text, "/nonexistent/bin/daemon"));
        ck_assert_uint_eq(fake.n_spawns_failed, 1);
        ck_assert_uint_eq(fake_kills_since(0), 0);
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, -EIO);

        /* Each step has its own status (systemd.exec(5), "Process Exit Codes"). */
        fake.spawn_error = -EACCES;
        fake.spawn_fail_step = SPAWN_STEP_CHDIR;
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "failed", "failed");
        ck_assert_int_eq(s->exec_main_status, 200);
        ck_assert_int_eq(s->status_errno, EACCES);
        ck_assert_ptr_nonnull(strstr(s->status_text, "CHDIR"));

        /* A later successful start clears the status text. */
        fake.spawn_error = 0;
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "running", "active");
        assert_result(s, "success");
        ck_assert_ptr_null(s->status_text);
        ck_assert_int_eq(s->status_errno, 0);
}
END_TEST

START_TEST(unresolvable_command_fails_without_spawning) {
        struct service *s = load("x.service", "[Service]\nExecStart=svcd-test-no-such-command-anywhere\n");

        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "failed", "failed");
        assert_result(s, "exit-code");
        ck_assert_int_eq(s->exec_main_status, 203);
        ck_assert_int_eq(s->status_errno, ENOENT);
        ck_assert_ptr_nonnull(strstr(s->status_text, "svcd-test-no-such-command-anywhere"));
        ck_assert_uint_eq(fake.n_procs, 0);
}
END_TEST

START_TEST(exec_failure_restarts_until_start_limit) {
        struct test_waiter stop_w;
        struct service *s = load("x.service", "[Unit]\nStartLimitBurst=3\nStartLimitIntervalSec=1h\n" SIMPLE
                                              "Restart=on-failure\nRestartSec=1ms\n");

        fake.spawn_error = -ENOENT;
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "auto-restart", "activating");
        assert_result(s, "exit-code");
        add_waiter(s, &stop_w, false);
        turn();
        ck_assert_uint_eq(stop_w.n_done, 0);
        service_remove_waiter(s, &stop_w.w);

        run_until_state(s, SERVICE_FAILED);
        assert_result(s, "start-limit-hit");
        ck_assert_str_eq(service_active_state(s), "failed");
        ck_assert_uint_eq(fake.n_spawns_failed, 3); /* burst 3: three starts, the fourth is refused */
        ck_assert_uint_eq(s->n_restarts, 3);
        run_for(5 * USEC_PER_MSEC);
        assert_state(s, "failed", "failed");
        ck_assert_uint_eq(fake.n_procs, 3);

        /* Within the interval a manual start is refused too, as systemd does. */
        fake.spawn_error = 0;
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "failed", "failed");
        assert_result(s, "start-limit-hit");
        ck_assert_uint_eq(fake.n_procs, 3);
}
END_TEST

/* ---- Stop timeouts ------------------------------------------------------------------- */

START_TEST(stop_timeout_sends_sigkill) {
        struct test_waiter w;
        struct service *s = start("x.service", SIMPLE "TimeoutStopSec=10ms\n");
        pid_t pid = fake_last_pid();

        add_waiter(s, &w, false);
        ck_assert_int_eq(service_stop(s), 0);
        assert_state(s, "stop-sigterm", "deactivating");
        run_until_state(s, SERVICE_STOP_SIGKILL); /* the main process ignores SIGTERM */
        assert_state(s, "stop-sigkill", "deactivating");
        assert_result(s, "timeout");
        ck_assert_uint_eq(fake_kill_count(-pid, SIGTERM), 1);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 1);
        ck_assert_uint_eq(w.n_done, 0);

        fake_reap(m, pid, CLD_KILLED, SIGKILL);
        assert_state(s, "failed", "failed");
        assert_result(s, "timeout");
        ck_assert_int_eq(s->exec_main_code, CLD_KILLED);
        ck_assert_int_eq(s->exec_main_status, SIGKILL);
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 1);
}
END_TEST

START_TEST(stop_timeout_ends_even_if_sigkill_does_not_work) {
        struct test_waiter w;
        struct service *s = start("x.service", SIMPLE "TimeoutStopSec=10ms\nRestart=always\n");
        pid_t pid = fake_last_pid();

        add_waiter(s, &w, false);
        ck_assert_int_eq(service_stop(s), 0);
        /* Nothing ever exits: stop-sigterm, stop-sigkill, then (systemd's order) the
         * final-sigterm and final-sigkill rounds time out too, and svcd gives up. */
        run_until_inactive(s);
        assert_state(s, "failed", "failed");
        assert_result(s, "timeout");
        ck_assert_int_eq(s->main_pid, 0);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 2);
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);

        /* The stuck process finally goes: no service owns it any more, nothing changes. */
        ck_assert_ptr_null(manager_find_by_pid(m, pid));
        fake_reap(m, pid, CLD_KILLED, SIGKILL);
        assert_state(s, "failed", "failed");
        run_for(5 * USEC_PER_MSEC);
        assert_state(s, "failed", "failed");
        ck_assert_uint_eq(fake.n_spawns_ok, 1); /* stopped: no auto-restart */
}
END_TEST

/* ---- Leftover processes after the main process ---------------------------------------- */

START_TEST(leftovers_stopped_after_main_exit) {
        struct service *s = start("x.service", SIMPLE "Restart=no\nTimeoutStopSec=1h\n");
        pid_t pid = fake_last_pid();

        fake_set_leftovers(pid, true);
        fake_reap(m, pid, CLD_EXITED, 0);
        assert_state(s, "stop-sigterm", "deactivating");
        ck_assert_int_eq(s->main_pid, 0);
        ck_assert_uint_eq(fake_kill_count(-pid, SIGTERM), 1);
        ck_assert_uint_eq(fake_kill_count(pid, -1), 0); /* the main process is gone */

        /* A reaping round with the group still populated changes nothing. */
        service_check_group(s);
        assert_state(s, "stop-sigterm", "deactivating");

        fake_group_empties(m, pid);
        assert_state(s, "dead", "inactive");
        assert_result(s, "success");
        ck_assert_uint_eq(fake_kill_count(-pid, SIGKILL), 0);
}
END_TEST

START_TEST(leftovers_then_restart_on_failure) {
        struct service *s = start("x.service", SIMPLE "Restart=on-failure\nRestartSec=1ms\nTimeoutStopSec=1h\n");
        pid_t pid = fake_last_pid();

        fake_set_leftovers(pid, true);
        fake_reap(m, pid, CLD_EXITED, 1);
        assert_state(s, "stop-sigterm", "deactivating");
        assert_result(s, "exit-code");
        fake_group_empties(m, pid);
        assert_state(s, "auto-restart", "activating");
        run_until_state(s, SERVICE_RUNNING);
        ck_assert_uint_eq(s->n_restarts, 1);
        ck_assert_int_ne(s->main_pid, pid);
}
END_TEST

/* ---- restart, and requests that cross a stop ------------------------------------------- */

START_TEST(restart_running_service) {
        struct test_waiter w;
        struct service *s = start("x.service", SIMPLE "Restart=no\n");
        pid_t old = fake_last_pid();

        add_waiter(s, &w, true);
        ck_assert_int_eq(service_restart(s), 0);
        assert_state(s, "stop-sigterm", "deactivating");
        ck_assert_uint_eq(fake_kill_count(-old, SIGTERM), 1);
        turn();
        ck_assert_uint_eq(w.n_done, 0);

        fake_reap(m, old, CLD_KILLED, SIGTERM);
        assert_state(s, "running", "active");
        ck_assert_int_ne(s->main_pid, old);
        ck_assert_int_eq(s->main_pid, fake_last_pid());
        ck_assert_uint_eq(s->n_restarts, 0); /* NRestarts counts automatic restarts only */
        turn();
        /* The passage through "dead" is not taken for the end of the start. */
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
        ck_assert_uint_eq(fake.n_spawns_ok, 2);
}
END_TEST

START_TEST(restart_with_leftovers_waits_for_group) {
        struct test_waiter w;
        struct service *s = start("x.service", SIMPLE "TimeoutStopSec=1h\n");
        pid_t old = fake_last_pid();

        add_waiter(s, &w, true);
        ck_assert_int_eq(service_restart(s), 0);
        fake_set_leftovers(old, true);
        fake_reap(m, old, CLD_KILLED, SIGTERM);
        assert_state(s, "stop-sigterm", "deactivating");
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
        turn();
        ck_assert_uint_eq(w.n_done, 0);
        fake_group_empties(m, old);
        assert_state(s, "running", "active");
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
}
END_TEST

START_TEST(restart_inactive_just_starts) {
        struct test_waiter w;
        struct service *s = load("x.service", SIMPLE);

        add_waiter(s, &w, true);
        ck_assert_int_eq(service_restart(s), 0);
        assert_state(s, "running", "active");
        ck_assert_uint_eq(fake_kills_since(0), 0);
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);

        /* From failed too. */
        fake_reap(m, s->main_pid, CLD_EXITED, 2);
        assert_state(s, "failed", "failed");
        ck_assert_int_eq(service_restart(s), 0);
        assert_state(s, "running", "active");
        assert_result(s, "success");
        ck_assert_uint_eq(fake.n_spawns_ok, 2);
}
END_TEST

START_TEST(start_while_stopping_starts_after_stop) {
        struct test_waiter stop_w, start_w;
        struct service *s = start("x.service", SIMPLE "TimeoutStopSec=1h\n");
        pid_t old = fake_last_pid();

        add_waiter(s, &stop_w, false);
        ck_assert_int_eq(service_stop(s), 0);
        add_waiter(s, &start_w, true);
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "stop-sigterm", "deactivating");
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
        turn();
        ck_assert_uint_eq(stop_w.n_done + start_w.n_done, 0);

        fake_reap(m, old, CLD_KILLED, SIGTERM);
        assert_state(s, "running", "active");
        ck_assert_int_ne(s->main_pid, old);
        ck_assert_uint_eq(fake.n_spawns_ok, 2);
        turn();
        ck_assert_uint_eq(start_w.n_done, 1);
        ck_assert_int_eq(start_w.error, 0);
        ck_assert_uint_eq(stop_w.n_done, 1);
        ck_assert_int_eq(stop_w.error, -ECANCELED); /* superseded by the start */
}
END_TEST

START_TEST(stop_during_restart_cancels_the_start) {
        struct service *s = start("x.service", SIMPLE "TimeoutStopSec=1h\n");
        pid_t old = fake_last_pid();

        ck_assert_int_eq(service_restart(s), 0);
        ck_assert_int_eq(service_stop(s), 0);
        fake_reap(m, old, CLD_KILLED, SIGTERM);
        assert_state(s, "dead", "inactive");
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
}
END_TEST

START_TEST(stop_while_auto_restart_prevents_restart) {
        struct test_waiter w;
        struct service *s = start("x.service", SIMPLE "Restart=always\nRestartSec=1h\n");

        fake_reap(m, fake_last_pid(), CLD_EXITED, 0);
        assert_state(s, "auto-restart", "activating");
        add_waiter(s, &w, false);
        ck_assert_int_eq(service_stop(s), 0);
        assert_state(s, "dead", "inactive");
        assert_result(s, "success");
        turn();
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, 0);
        run_for(5 * USEC_PER_MSEC);
        assert_state(s, "dead", "inactive");
        ck_assert_uint_eq(s->n_restarts, 0);
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
}
END_TEST

START_TEST(stop_while_auto_restart_with_short_delay) {
        /* The restart timer is due; the stop comes first and must disarm it. */
        struct service *s = start("x.service", SIMPLE "Restart=always\nRestartSec=1ms\n");

        fake_reap(m, fake_last_pid(), CLD_KILLED, SIGKILL);
        assert_state(s, "auto-restart", "activating");
        usleep(5000);
        ck_assert_int_eq(service_stop(s), 0);
        /* Stopped as asked: inactive, not failed; the failed run's result stays visible. */
        assert_state(s, "dead", "inactive");
        assert_result(s, "signal");
        run_for(10 * USEC_PER_MSEC);
        ck_assert(service_is_inactive(s));
        ck_assert_uint_eq(fake.n_spawns_ok, 1);
        ck_assert_uint_eq(s->n_restarts, 0);
}
END_TEST

/* ---- Loading, and units that cannot start --------------------------------------------- */

START_TEST(bad_setting_unit_refuses_start) {
        struct service *s = NULL;

        test_write_file("bad.service", "[Unit]\nDescription=no command\n[Service]\nType=simple\n");
        ck_assert_int_eq(manager_load_service(m, "bad.service", &s), 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(load_state_to_string(s->load_state), "bad-setting");
        ck_assert_ptr_nonnull(s->load_error);
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "ExecStart="));
        ck_assert_ptr_eq(manager_get_service(m, "bad.service"), s);

        ck_assert_int_eq(service_start(s), -ENOEXEC);
        ck_assert_int_eq(service_restart(s), -ENOEXEC);
        assert_state(s, "dead", "inactive");
        assert_result(s, "success");
        ck_assert_uint_eq(fake.n_procs, 0);
        ck_assert_int_eq(service_stop(s), 0);
        assert_state(s, "dead", "inactive");
}
END_TEST

START_TEST(missing_unit_is_not_registered) {
        struct service *s = (struct service *) 0x1;

        ck_assert_int_eq(manager_load_service(m, "missing.service", &s), -ENOENT);
        ck_assert_ptr_eq(s, (struct service *) 0x1); /* out-param untouched on failure */
        ck_assert_uint_eq(m->n_services, 0);
        ck_assert_ptr_null(manager_get_service(m, "missing.service"));
}
END_TEST

START_TEST(invalid_names_are_refused) {
        static const char *const bad[] = { "", "foo", "foo.bogus", ".service", "@x.service", "a/b.service",
                                           "../x.service", "x y.service" };
        struct service *s = NULL;

        test_write_file("foo", SIMPLE);
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                ck_assert_msg(manager_load_service(m, bad[i], &s) == -EINVAL, "\"%s\" should be -EINVAL", bad[i]);
        ck_assert_ptr_null(s);
        ck_assert_uint_eq(m->n_services, 0);

        /* Valid, but not run by svcd: registered with a load error saying so, if a
         * file defines it; not found otherwise. */
        test_write_file("x.socket", "[Unit]\nDescription=t\n");
        ck_assert_int_eq(manager_load_service(m, "x.socket", &s), 0);
        ck_assert_str_eq(load_state_to_string(s->load_state), "error");
        ck_assert_str_eq(s->load_error, "svcd does not run .socket units yet.");
        ck_assert_int_eq(service_start(s), -ENOEXEC);
        ck_assert_int_eq(manager_load_service(m, "y.socket", &s), -ENOENT);
        ck_assert_uint_eq(m->n_services, 1);
}
END_TEST

START_TEST(masked_unit_is_registered_masked) {
        struct service *s = NULL, *again = NULL;

        ck_assert_int_eq(symlink("/dev/null", test_fmt("%s/masked.service", test_dir)), 0);
        ck_assert_int_eq(manager_load_service(m, "masked.service", &s), 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(load_state_to_string(s->load_state), "masked");
        ck_assert_ptr_null(s->unit);
        ck_assert_int_eq(service_start(s), -ENOEXEC);
        assert_state(s, "dead", "inactive");
        ck_assert_uint_eq(fake.n_procs, 0);

        ck_assert_int_eq(manager_load_service(m, "masked.service", &again), 0);
        ck_assert_ptr_eq(again, s);
        ck_assert_uint_eq(m->n_services, 1);
}
END_TEST

/* ---- The registry ------------------------------------------------------------------ */

#define N_UNITS 1000

START_TEST(registry_of_many_units) {
        static unsigned order[N_UNITS];
        char name[64];

        for (unsigned i = 0; i < N_UNITS; i++) {
                order[i] = i;
                snprintf(name, sizeof name, "u%u.service", i); /* strcmp order is not numeric */
                test_write_file(name, SIMPLE);
        }
        /* A fixed shuffle (LCG), so that insertions land everywhere in the array. */
        unsigned long x = 12345;
        for (unsigned i = N_UNITS - 1; i > 0; i--) {
                x = x * 6364136223846793005UL + 1442695040888963407UL;
                unsigned j = (unsigned) ((x >> 33) % (i + 1));
                unsigned t = order[i];
                order[i] = order[j];
                order[j] = t;
        }
        for (unsigned k = 0; k < N_UNITS; k++) {
                struct service *s = NULL;
                snprintf(name, sizeof name, "u%u.service", order[k]);
                ck_assert_int_eq(manager_load_service(m, name, &s), 0);
                ck_assert_str_eq(s->id, name);
                ck_assert_int_eq(service_start(s), 0);
        }
        ck_assert_uint_eq(m->n_services, N_UNITS);
        for (size_t i = 0; i + 1 < m->n_services; i++)
                ck_assert_msg(strcmp(m->services[i]->id, m->services[i + 1]->id) < 0, "registry not sorted at %zu: %s, %s",
                              i, m->services[i]->id, m->services[i + 1]->id);

        for (unsigned i = 0; i < N_UNITS; i++) {
                struct service *s, *again = NULL;
                snprintf(name, sizeof name, "u%u.service", i);
                s = manager_get_service(m, name);
                ck_assert_ptr_nonnull(s);
                ck_assert_str_eq(s->id, name);
                ck_assert_ptr_eq(manager_find_by_pid(m, s->main_pid), s);
                ck_assert_int_eq(manager_load_service(m, name, &again), 0);
                ck_assert_ptr_eq(again, s);
        }
        ck_assert_uint_eq(m->n_services, N_UNITS);
        ck_assert_uint_eq(fake.n_spawns_ok, N_UNITS);
        ck_assert_ptr_null(manager_get_service(m, "u1000.service"));
        ck_assert_ptr_null(manager_get_service(m, "u.service"));
        ck_assert_ptr_null(manager_get_service(m, "a.service"));
        ck_assert_ptr_null(manager_get_service(m, "zzz.service"));
        ck_assert_ptr_null(manager_get_service(m, "u10"));
        ck_assert_ptr_null(manager_find_by_pid(m, 999999));
}
END_TEST

/* ---- Freeing ---------------------------------------------------------------------- */

START_TEST(service_free_cancels_waiters) {
        struct test_waiter a, b;
        struct service *s = NULL;

        ck_assert_int_eq(service_new(m, "free.service", &s), 0);
        add_waiter(s, &a, true);
        add_waiter(s, &b, false);
        ck_assert_ptr_null(service_free(s));
        ck_assert_uint_eq(a.n_done, 1);
        ck_assert_int_eq(a.error, -ECANCELED);
        ck_assert_uint_eq(b.n_done, 1);
        ck_assert_int_eq(b.error, -ECANCELED);
        turn(); /* the queued notification was cancelled with the service */
        ck_assert_uint_eq(a.n_done, 1);
}
END_TEST

START_TEST(manager_free_cancels_waiters_of_running_service) {
        struct test_waiter w;
        struct service *s = start("x.service", SIMPLE "TimeoutStopSec=1h\n");

        ck_assert_int_eq(service_stop(s), 0);
        add_waiter(s, &w, false);
        m = manager_free(m); /* with a timer armed and a notification queued */
        ck_assert_uint_eq(w.n_done, 1);
        ck_assert_int_eq(w.error, -ECANCELED);
}
END_TEST

/* ---- Shutdown ------------------------------------------------------------------------ */

START_TEST(shutdown_stops_services_and_exits_loop) {
        struct service *a = start("a.service", SIMPLE "Restart=always\nRestartSec=1ms\nTimeoutStopSec=1h\n");
        pid_t pa = fake_last_pid();
        struct service *b = start("b.service", SIMPLE "TimeoutStopSec=1h\n");
        pid_t pb = fake_last_pid();

        manager_start_shutdown(m);
        ck_assert(m->shutting_down);
        turn(); /* the shutdown's stop jobs run at the end of the loop turn */
        ck_assert_uint_eq(fake_kill_count(-pa, SIGTERM), 1);
        ck_assert_uint_eq(fake_kill_count(-pb, SIGTERM), 1);
        ck_assert_int_eq(service_start(a), -ESHUTDOWN);
        ck_assert_int_eq(service_restart(a), -ESHUTDOWN);
        turn();
        ck_assert(!ev_loop_exiting(m->loop));

        fake_reap(m, pa, CLD_KILLED, SIGKILL); /* even an unclean end does not restart now */
        assert_state(a, "failed", "failed");
        ck_assert(!ev_loop_exiting(m->loop));
        fake_reap(m, pb, CLD_KILLED, SIGTERM);
        assert_state(b, "dead", "inactive");
        /* The test process has no children, so the manager's own reaping finds none. */
        turn();
        ck_assert(ev_loop_exiting(m->loop));
        ck_assert_uint_eq(fake.n_spawns_ok, 2);
}
END_TEST

/* ---- Boot (reads only the unit dir; processes are fakes) ------------------------------ */

START_TEST(boot_starts_wanted_units) {
        struct service *s;

        test_write_file("a.service", SIMPLE);
        test_write_file("b.service", SIMPLE);
        test_write_file("bad.service", "[Service]\nType=simple\n");
        test_write_file("other.target", "[Unit]\nDescription=t\n");
        ck_assert_int_eq(mkdir(test_fmt("%s/default.target.wants", test_dir), 0755), 0);
        static const char *const wanted[] = { "a.service", "b.service", "bad.service", "missing.service",
                                              "other.target" };
        for (size_t i = 0; i < ELEMENTSOF(wanted); i++)
                ck_assert_int_eq(symlink(test_fmt("../%s", wanted[i]),
                                         test_fmt("%s/default.target.wants/%s", test_dir, wanted[i])),
                                 0);

        ck_assert_int_eq(manager_boot(m), 0);
        ck_assert(!m->boot_done);
        turn(); /* the boot's jobs run at the end of the loop turn */
        ck_assert(m->boot_done);
        ck_assert_uint_eq(fake.n_spawns_ok, 2);
        s = manager_get_service(m, "a.service");
        ck_assert_ptr_nonnull(s);
        assert_state(s, "running", "active");
        s = manager_get_service(m, "b.service");
        ck_assert_ptr_nonnull(s);
        assert_state(s, "running", "active");
        s = manager_get_service(m, "bad.service");
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(load_state_to_string(s->load_state), "bad-setting");
        assert_state(s, "dead", "inactive");
        s = manager_get_service(m, "missing.service");
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(load_state_to_string(s->load_state), "not-found");
        assert_state(s, "dead", "inactive");
        /* A target is a unit like the others: loaded, active once started. */
        s = manager_get_service(m, "other.target");
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(load_state_to_string(s->load_state), "loaded");
        ck_assert_str_eq(service_active_state(s), "active");
        /* default.target is the built-in multi-user.target, which pulled in sysinit.target. */
        s = manager_get_service(m, "multi-user.target");
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(service_active_state(s), "active");
        ck_assert_ptr_eq(manager_resolve_unit(m, "default.target"), s);
        ck_assert_ptr_nonnull(manager_get_service(m, "sysinit.target"));
}
END_TEST

/* ---- What a start does when it cannot run the program, and configuration edges. */

/* A failure in the parent (no child created: pid limit, fds, memory) is result
 * "resources" with no exit status, as systemd reports a failed fork; not 203/EXEC. */
START_TEST(spawn_failure_in_parent_is_resources) {
        struct service *s = load("x.service", SIMPLE);

        fake.spawn_error = -EAGAIN;
        fake.spawn_fail_in_parent = true;
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "failed", "failed");
        ck_assert_int_eq(s->exec_main_pid, 0);
        assert_result(s, "resources");
        ck_assert_int_ne(s->exec_main_status, 203);
        ck_assert_ptr_nonnull(s->status_text);
        ck_assert_ptr_null(strstr(s->status_text, "step EXEC"));
        ck_assert_ptr_nonnull(strstr(s->status_text, "Resource temporarily unavailable"));
}
END_TEST

/* DESIGN.md: what svcd does not support it says at file:line, never silently. Every
 * Type= runs as documented but dbus, which runs as simple with a warning. */
START_TEST(only_dbus_type_is_warned_about) {
        static const char *const types[] = { "simple", "exec", "idle", "forking", "oneshot", "notify", "notify-reload", "dbus" };

        for (size_t i = 0; i < ELEMENTSOF(types); i++) {
                const char *name = test_fmt("t%zu.service", i);
                struct service *s = NULL;
                bool dbus = streq(types[i], "dbus");

                test_clear_warnings();
                test_write_file(name, test_fmt(SIMPLE "Type=%s\n", types[i]));
                ck_assert_int_eq(manager_load_service(m, name, &s), 0);
                ck_assert_msg(test_n_warnings() == (dbus ? 1u : 0u), "Type=%s loaded with %zu warnings", types[i],
                              test_n_warnings());
                if (dbus)
                        ck_assert_ptr_nonnull(strstr(test_warning(0), ":3: Type=dbus is not supported yet; the service runs as Type=simple"));
        }
}
END_TEST

/* StartLimitBurst= has no upper bound of svcd's own: 100 means 100 starts. */
START_TEST(start_limit_burst_of_100_is_honoured) {
        struct service *s = load("x.service", "[Unit]\nStartLimitBurst=100\nStartLimitIntervalSec=1h\n" SIMPLE
                                              "Restart=on-failure\nRestartSec=0\n");

        fake.spawn_error = -ENOENT;
        ck_assert_int_eq(service_start(s), 0);
        run_until_state(s, SERVICE_FAILED);
        assert_result(s, "start-limit-hit");
        ck_assert_uint_eq(fake.n_spawns_failed, 100);
}
END_TEST

/* A start asked for while a restart is pending is not an automatic restart. */
START_TEST(manual_start_during_auto_restart_is_not_counted) {
        struct service *s = load("x.service", SIMPLE "Restart=always\nRestartSec=1h\n");

        ck_assert_int_eq(service_start(s), 0);
        fake_reap(m, s->main_pid, CLD_KILLED, SIGKILL);
        assert_state(s, "auto-restart", "activating");
        ck_assert_int_eq(service_start(s), 0);
        assert_state(s, "running", "active");
        ck_assert_uint_eq(s->n_restarts, 0);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("service");
        TCase *tc;

        tc = tcase_create("lifecycle");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, simple_start_then_stop);
        tcase_add_test(tc, start_waiter_answered_when_running);
        tcase_add_test(tc, removed_waiter_is_not_called);
        tcase_add_test(tc, stop_when_inactive_answers_and_keeps_state);
        tcase_add_loop_test(tc, main_exit_result, 0, ELEMENTSOF(exit_cases));
        suite_add_tcase(s, tc);

        tc = tcase_create("restart");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_loop_test(tc, restart_policy_table, 0, 7 * _CAUSE_MAX);
        tcase_add_test(tc, restart_always_after_kill);
        tcase_add_test(tc, exec_failure_fails_with_203);
        tcase_add_test(tc, unresolvable_command_fails_without_spawning);
        tcase_add_test(tc, exec_failure_restarts_until_start_limit);
        suite_add_tcase(s, tc);

        tc = tcase_create("stop");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, stop_timeout_sends_sigkill);
        tcase_add_test(tc, stop_timeout_ends_even_if_sigkill_does_not_work);
        tcase_add_test(tc, leftovers_stopped_after_main_exit);
        tcase_add_test(tc, leftovers_then_restart_on_failure);
        tcase_add_test(tc, restart_running_service);
        tcase_add_test(tc, restart_with_leftovers_waits_for_group);
        tcase_add_test(tc, restart_inactive_just_starts);
        tcase_add_test(tc, start_while_stopping_starts_after_stop);
        tcase_add_test(tc, stop_during_restart_cancels_the_start);
        tcase_add_test(tc, stop_while_auto_restart_prevents_restart);
        tcase_add_test(tc, stop_while_auto_restart_with_short_delay);
        tcase_add_test(tc, shutdown_stops_services_and_exits_loop);
        suite_add_tcase(s, tc);

        tc = tcase_create("registry");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, bad_setting_unit_refuses_start);
        tcase_add_test(tc, missing_unit_is_not_registered);
        tcase_add_test(tc, invalid_names_are_refused);
        tcase_add_test(tc, masked_unit_is_registered_masked);
        tcase_add_test(tc, registry_of_many_units);
        tcase_add_test(tc, service_free_cancels_waiters);
        tcase_add_test(tc, manager_free_cancels_waiters_of_running_service);
        tcase_add_test(tc, boot_starts_wanted_units);
        suite_add_tcase(s, tc);

        tc = tcase_create("edges");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, spawn_failure_in_parent_is_resources);
        tcase_add_test(tc, only_dbus_type_is_warned_about);
        tcase_add_test(tc, start_limit_burst_of_100_is_honoured);
        tcase_add_test(tc, manual_start_during_auto_restart_is_not_counted);
        suite_add_tcase(s, tc);

        return s;
}

int main(void) {
        return test_run(suite());
}
