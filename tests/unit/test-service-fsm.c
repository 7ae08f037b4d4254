/* test-service-fsm.c: the service state machine's whole table, cell by cell: every
 * (state, event) pair it accepts leads where systemd.service(5) says, and every other pair
 * is rejected without a trace.
 *
 * Pure: fake processes (fake-process.c) and a fake clock, in that no timer is ever waited
 * for: a timeout is the SERVICE_EV_TIMEOUT event, dispatched as the loop would. Each state
 * is reached by a recipe from a fresh manager, then one event is applied. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/spawn.h"
#include "supervisord/event-loop.h"
#include "supervisord/manager.h"
#include "supervisord/notify-message.h"
#include "supervisord/service-internal.h"
#include "supervisord/service.h"
#include "tests/unit/fake-process.h"
#include "tests/unit/test-helpers.h"

/* Long timeouts: no real timer may fire while a test runs. */
#define BASE                                                                                   \
        "[Unit]\nStartLimitIntervalSec=0\n[Service]\nExecStart=/usr/bin/fake-daemon\n"         \
        "TimeoutStartSec=1h\nTimeoutStopSec=1h\nRestartSec=1h\n"

static struct manager *m;

static void setup(void) {
        test_setup();
        log_set_max_level(LOG_CRIT);
        m = fake_manager_new();
}

static void teardown(void) {
        m = manager_free(m);
        test_teardown();
}

static struct service *load(const char *content) {
        struct service *s = NULL;

        test_write_file("x.service", content);
        ck_assert_int_eq(manager_load_service(m, "x.service", &s), 0);
        ck_assert_str_eq(load_state_to_string(s->load_state), "loaded");
        return s;
}

static void reap_main(struct service *s, int code, int status) {
        ck_assert_int_gt(s->main_pid, 0);
        fake_reap(m, s->main_pid, code, status);
}

static void reap_control(struct service *s, int code, int status) {
        ck_assert_int_gt(s->control_pid, 0);
        fake_reap(m, s->control_pid, code, status);
}

static void expect(struct service *s, enum service_state st) {
        ck_assert_msg(s->state == st, "recipe reached %s, wanted %s", service_state_to_string(s->state),
                      service_state_to_string(st));
}

/* Leftovers keep the group non-empty after the main process exited, then two timeouts
 * take the stop to ExecStopPost= and the final signals. */
static struct service *reach_final(const char *extra, bool abort_mode) {
        struct service *s = load(test_fmt(BASE "ExecStopPost=/usr/bin/post\n%s", extra));

        ck_assert_int_eq(service_start(s), 0);
        fake_set_leftovers(s->main_pid, true);
        ck_assert_int_eq(service_stop(s), 0);
        expect(s, SERVICE_STOP_SIGTERM);
        reap_main(s, CLD_KILLED, SIGTERM);
        expect(s, SERVICE_STOP_SIGTERM); /* the leftovers */
        service_dispatch(s, SERVICE_EV_TIMEOUT);
        if (abort_mode) {
                expect(s, SERVICE_STOP_WATCHDOG);
                service_dispatch(s, SERVICE_EV_TIMEOUT);
        }
        expect(s, SERVICE_STOP_SIGKILL);
        service_dispatch(s, SERVICE_EV_TIMEOUT);
        expect(s, SERVICE_STOP_POST);
        reap_control(s, CLD_EXITED, 0);
        expect(s, SERVICE_FINAL_SIGTERM);
        return s;
}

/* A service in state st, by the shortest path the daemon itself would take. */
static struct service *reach(enum service_state st) {
        struct service *s;

        switch (st) {
        case SERVICE_DEAD:
                return load(BASE);
        case SERVICE_FAILED:
                s = load(BASE);
                fake.spawn_error = -ENOENT;
                fake.spawn_fail_step = SPAWN_STEP_EXEC;
                ck_assert_int_eq(service_start(s), 0);
                fake.spawn_error = 0;
                break;
        case SERVICE_CONDITION:
                s = load(BASE "ExecCondition=/usr/bin/check\n");
                ck_assert_int_eq(service_start(s), 0);
                break;
        case SERVICE_START_PRE:
                s = load(BASE "ExecStartPre=/usr/bin/pre\n");
                ck_assert_int_eq(service_start(s), 0);
                break;
        case SERVICE_START:
                s = load(BASE "Type=notify\n");
                ck_assert_int_eq(service_start(s), 0);
                break;
        case SERVICE_START_POST:
                s = load(BASE "ExecStartPost=/usr/bin/post\n");
                ck_assert_int_eq(service_start(s), 0);
                break;
        case SERVICE_RUNNING:
                s = load(BASE);
                ck_assert_int_eq(service_start(s), 0);
                break;
        case SERVICE_EXITED:
                s = load("[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/fake-daemon\n");
                ck_assert_int_eq(service_start(s), 0);
                reap_main(s, CLD_EXITED, 0);
                break;
        case SERVICE_RELOAD:
                s = load(BASE "ExecReload=/usr/bin/reload\n");
                ck_assert_int_eq(service_start(s), 0);
                ck_assert_int_eq(service_reload(s), 0);
                break;
        case SERVICE_STOP:
                s = load(BASE "ExecStop=/usr/bin/stop\n");
                ck_assert_int_eq(service_start(s), 0);
                ck_assert_int_eq(service_stop(s), 0);
                break;
        case SERVICE_STOP_WATCHDOG:
                s = load(BASE "WatchdogSec=1h\n");
                ck_assert_int_eq(service_start(s), 0);
                service_dispatch(s, SERVICE_EV_WATCHDOG);
                break;
        case SERVICE_STOP_SIGTERM:
                s = load(BASE);
                ck_assert_int_eq(service_start(s), 0);
                ck_assert_int_eq(service_stop(s), 0);
                break;
        case SERVICE_STOP_SIGKILL:
                s = load(BASE);
                ck_assert_int_eq(service_start(s), 0);
                ck_assert_int_eq(service_stop(s), 0);
                service_dispatch(s, SERVICE_EV_TIMEOUT);
                break;
        case SERVICE_STOP_POST:
                s = load(BASE "ExecStopPost=/usr/bin/post\n");
                ck_assert_int_eq(service_start(s), 0);
                ck_assert_int_eq(service_stop(s), 0);
                reap_main(s, CLD_KILLED, SIGTERM);
                break;
        case SERVICE_FINAL_WATCHDOG:
                s = reach_final("TimeoutStopFailureMode=abort\n", true);
                service_dispatch(s, SERVICE_EV_TIMEOUT);
                break;
        case SERVICE_FINAL_SIGTERM:
                s = reach_final("", false);
                break;
        case SERVICE_FINAL_SIGKILL:
                s = reach_final("", false);
                service_dispatch(s, SERVICE_EV_TIMEOUT);
                break;
        case SERVICE_AUTO_RESTART:
                s = load(BASE "Restart=always\n");
                ck_assert_int_eq(service_start(s), 0);
                reap_main(s, CLD_EXITED, 1);
                break;
        default:
                ck_abort_msg("no recipe for state %d", st);
        }
        expect(s, st);
        return s;
}

/* Applies ev as its source would: a reaped process for the exits (when there is one),
 * the notify flags for READY=1 and its kind, the bare event for the rest. */
static void apply(struct service *s, enum service_event ev) {
        switch (ev) {
        case SERVICE_EV_MAIN_EXITED:
                if (s->main_pid > 0) {
                        reap_main(s, CLD_EXITED, 0);
                        return;
                }
                s->exec_main_code = CLD_EXITED;
                s->exec_main_status = 0;
                break;
        case SERVICE_EV_CONTROL_EXITED:
                if (s->control_pid > 0) {
                        reap_control(s, CLD_EXITED, 0);
                        return;
                }
                s->control_code = CLD_EXITED;
                s->control_status = 0;
                break;
        case SERVICE_EV_READY:
                s->notify_ready = true;
                break;
        case SERVICE_EV_RELOADING:
                s->notify_reloading = true;
                break;
        case SERVICE_EV_STOPPING:
                s->notify_stopping = true;
                break;
        default:
                break;
        }
        service_dispatch(s, ev);
}

/* What every state promises, whatever led to it. */
static void check_invariants(struct service *s, const char *where) {
        ck_assert_msg((unsigned) s->state < _SERVICE_STATE_MAX, "%s: state %d out of range", where, s->state);
        if (service_is_inactive(s)) {
                ck_assert_msg(s->main_pid == 0 && s->control_pid == 0, "%s: %s with main %d, control %d", where,
                              service_state_to_string(s->state), (int) s->main_pid, (int) s->control_pid);
                ck_assert_msg(!s->timer.armed, "%s: %s with its timer armed", where, service_state_to_string(s->state));
        }
        if (service_state_waits_for_group(s->state) || s->state == SERVICE_AUTO_RESTART || s->state == SERVICE_STOP ||
            s->state == SERVICE_STOP_POST)
                ck_assert_msg(s->timer.armed, "%s: %s without a timer", where, service_state_to_string(s->state));
        ck_assert_msg(s->in_stopping_list == service_state_waits_for_group(s->state), "%s: stopping list out of step",
                      where);
        if (s->main_pid > 0) {
                struct fake_proc *p = fake_proc_find(s->main_pid);
                ck_assert_msg(p && p->alive, "%s: main pid %d is not a live process", where, (int) s->main_pid);
                ck_assert_ptr_eq(manager_find_by_pid(m, s->main_pid), s);
        }
        if (s->control_pid > 0) {
                struct fake_proc *p = fake_proc_find(s->control_pid);
                ck_assert_msg(p && p->alive, "%s: control pid %d is not a live process", where, (int) s->control_pid);
                ck_assert_ptr_eq(manager_find_by_pid(m, s->control_pid), s);
        }
}

#define S(x) SERVICE_##x
#define NONE _SERVICE_STATE_MAX /* rejected */

/* Where each accepted event leads, from the recipe's service (systemd.service(5) and the
 * comments of service-start.c and service-stop.c say why). NONE: the event is rejected.
 * Columns: start stop restart reload main-exited control-exited group-empty timeout
 * watchdog ready reloading stopping. */
static const enum service_state expected[_SERVICE_STATE_MAX][_SERVICE_EVENT_MAX] = {
        /* A start from dead or failed runs; a stop leaves them as they are. */
        [S(DEAD)] = { S(RUNNING), S(DEAD), S(RUNNING), NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE },
        [S(FAILED)] = { S(RUNNING), S(FAILED), S(RUNNING), NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE },
        /* While a control process starts the unit, a stop, a restart or the start timeout
         * signals it (the fakes never die of signals, so the stop waits in stop-sigterm);
         * its success goes on to the next step. */
        [S(CONDITION)] = { S(CONDITION), S(STOP_SIGTERM), S(STOP_SIGTERM), NONE, NONE, S(RUNNING), NONE,
                           S(STOP_SIGTERM), NONE, NONE, NONE, NONE },
        [S(START_PRE)] = { S(START_PRE), S(STOP_SIGTERM), S(STOP_SIGTERM), NONE, NONE, S(RUNNING), NONE,
                           S(STOP_SIGTERM), NONE, NONE, NONE, NONE },
        /* Type=notify before READY=1: the main process' clean end is a protocol failure;
         * READY=1 makes it running; the rest is remembered for later. A control exit has
         * no meaning for a type without a parent process (only forking has one). */
        [S(START)] = { S(START), S(STOP_SIGTERM), S(STOP_SIGTERM), NONE, S(FAILED), S(START), NONE, S(STOP_SIGTERM),
                       S(START), S(RUNNING), S(START), S(START) },
        [S(START_POST)] = { S(START_POST), S(STOP_SIGTERM), S(STOP_SIGTERM), NONE, S(START_POST), S(RUNNING), NONE,
                            S(STOP_SIGTERM), S(START_POST), S(START_POST), S(START_POST), S(START_POST) },
        /* Running: a clean end of the main process ends the unit (dead); RuntimeMaxSec=
         * stops it; a reload without ExecReload= (refused by service_reload() before it
         * gets here) ends at once; an empty group means nothing while the main process runs
         * (it matters for ExitType=cgroup only). */
        [S(RUNNING)] = { S(RUNNING), S(STOP_SIGTERM), S(STOP_SIGTERM), S(RUNNING), S(DEAD), NONE, S(RUNNING),
                         S(STOP_SIGTERM), S(STOP_WATCHDOG), S(RUNNING), S(RELOAD), S(STOP_SIGTERM) },
        [S(EXITED)] = { S(EXITED), S(DEAD), S(START), S(EXITED), NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE },
        [S(RELOAD)] = { S(RELOAD), S(STOP_SIGTERM), S(STOP_SIGTERM), S(RELOAD), S(RELOAD), S(RUNNING), NONE,
                        S(RUNNING), S(STOP_WATCHDOG), S(RELOAD), S(RELOAD), S(STOP_SIGTERM) },
        [S(STOP)] = { S(STOP), S(STOP), S(STOP), NONE, S(STOP), S(STOP_SIGTERM), NONE, S(STOP_SIGTERM), NONE, S(STOP),
                      NONE, S(STOP) },
        /* The signal states: what is left ends them; their timeouts escalate. */
        [S(STOP_WATCHDOG)] = { S(STOP_WATCHDOG), S(STOP_WATCHDOG), S(STOP_WATCHDOG), NONE, S(FAILED),
                               S(STOP_WATCHDOG), S(STOP_WATCHDOG), S(STOP_SIGKILL), NONE, NONE, NONE, NONE },
        [S(STOP_SIGTERM)] = { S(STOP_SIGTERM), S(STOP_SIGTERM), S(STOP_SIGTERM), NONE, S(DEAD), S(STOP_SIGTERM),
                              S(STOP_SIGTERM), S(STOP_SIGKILL), NONE, NONE, NONE, NONE },
        [S(STOP_SIGKILL)] = { S(STOP_SIGKILL), S(STOP_SIGKILL), S(STOP_SIGKILL), NONE, S(FAILED), S(STOP_SIGKILL),
                              S(STOP_SIGKILL), S(FINAL_SIGTERM), NONE, NONE, NONE, NONE },
        [S(STOP_POST)] = { S(STOP_POST), S(STOP_POST), S(STOP_POST), NONE, S(STOP_POST), S(DEAD), NONE,
                           S(FINAL_SIGTERM), NONE, NONE, NONE, NONE },
        [S(FINAL_WATCHDOG)] = { S(FINAL_WATCHDOG), S(FINAL_WATCHDOG), S(FINAL_WATCHDOG), NONE, S(FINAL_WATCHDOG),
                                S(FINAL_WATCHDOG), S(FINAL_WATCHDOG), S(FINAL_SIGKILL), NONE, NONE, NONE, NONE },
        [S(FINAL_SIGTERM)] = { S(FINAL_SIGTERM), S(FINAL_SIGTERM), S(FINAL_SIGTERM), NONE, S(FINAL_SIGTERM),
                               S(FINAL_SIGTERM), S(FINAL_SIGTERM), S(FINAL_SIGKILL), NONE, NONE, NONE, NONE },
        [S(FINAL_SIGKILL)] = { S(FINAL_SIGKILL), S(FINAL_SIGKILL), S(FINAL_SIGKILL), NONE, S(FINAL_SIGKILL),
                               S(FINAL_SIGKILL), S(FINAL_SIGKILL), S(FAILED), NONE, NONE, NONE, NONE },
        /* A pending restart: a start (or the delay's end) starts now; a stop cancels it. */
        [S(AUTO_RESTART)] = { S(RUNNING), S(DEAD), S(RUNNING), NONE, NONE, NONE, NONE, S(RUNNING), NONE, NONE, NONE,
                              NONE },
};

START_TEST(every_state_event_pair) {
        enum service_state st = _i / _SERVICE_EVENT_MAX;
        enum service_event ev = _i % _SERVICE_EVENT_MAX;
        const char *where = test_fmt("(%s, %s)", service_state_to_string(st), service_event_to_string(ev));
        struct service *s = reach(st);
        size_t spawns = fake.n_procs, kills = fake.n_kills;
        pid_t main_pid = s->main_pid, control_pid = s->control_pid;
        enum service_result result = s->result;

        check_invariants(s, where);
        if (!service_event_accepted(st, ev)) {
                ck_assert_msg(expected[st][ev] == NONE, "%s: rejected, but the table of expectations says %s", where,
                              service_state_to_string(expected[st][ev]));
                service_dispatch(s, ev);
                ck_assert_msg(s->state == st && fake.n_procs == spawns && fake.n_kills == kills &&
                                      s->main_pid == main_pid && s->control_pid == control_pid && s->result == result,
                              "%s: a rejected event changed something", where);
                return;
        }
        apply(s, ev);
        check_invariants(s, where);
        ck_assert_msg(s->state == expected[st][ev], "%s: went to %s, expected %s", where,
                      service_state_to_string(s->state),
                      expected[st][ev] == NONE ? "rejection" : service_state_to_string(expected[st][ev]));
}
END_TEST

/* The table has an action for every event a state can see from the world: an exit of a
 * process the state has, the timer of a state that arms one. */
START_TEST(states_accept_what_they_can_receive) {
        for (int st = 0; st < _SERVICE_STATE_MAX; st++) {
                bool inactive = st == SERVICE_DEAD || st == SERVICE_FAILED;
                ck_assert_msg(service_event_accepted(st, SERVICE_EV_START), "%s rejects start",
                              service_state_to_string(st));
                ck_assert_msg(service_event_accepted(st, SERVICE_EV_STOP), "%s rejects stop", service_state_to_string(st));
                ck_assert_msg(inactive == !service_event_accepted(st, SERVICE_EV_TIMEOUT) ||
                                      st == SERVICE_EXITED,
                              "%s: timeout acceptance", service_state_to_string(st));
        }
}
END_TEST

/* A watchdog interval that passes before READY=1 is not acted on (only an active unit's
 * watchdog counts); READY=1 starts the interval afresh, so the watchdog still runs. */
START_TEST(watchdog_runs_after_a_slow_start) {
        struct service *s = load(BASE "Type=notify\nWatchdogSec=1h\n");

        ck_assert_int_eq(service_start(s), 0);
        expect(s, SERVICE_START);
        ck_assert(s->watchdog_timer.armed);
        ev_timer_disarm(m->loop, &s->watchdog_timer); /* as when it fired */
        service_dispatch(s, SERVICE_EV_WATCHDOG);
        expect(s, SERVICE_START);
        apply(s, SERVICE_EV_READY);
        expect(s, SERVICE_RUNNING);
        ck_assert_msg(s->watchdog_timer.armed, "READY=1 did not restart the watchdog");
}
END_TEST

/* ExitType=cgroup: the main process' end leaves the unit running while the rest of its
 * group runs; the group's end then ends the unit with the main process' result. */
START_TEST(exit_type_cgroup_runs_until_the_group_is_empty) {
        struct service *s = load(BASE "ExitType=cgroup\nRestart=no\n");
        pid_t main_pid;

        ck_assert_int_eq(service_start(s), 0);
        expect(s, SERVICE_RUNNING);
        main_pid = s->main_pid;
        fake_set_leftovers(main_pid, true);
        reap_main(s, CLD_EXITED, 3);
        expect(s, SERVICE_RUNNING);
        ck_assert_int_eq(s->main_pid, 0);
        service_check_group(s);
        expect(s, SERVICE_RUNNING); /* the leftovers still run */
        fake_group_empties(m, main_pid);
        ck_assert_msg(s->state != SERVICE_RUNNING, "still running after the group emptied");
        ck_assert_str_eq(service_result_to_string(s->result), "exit-code");
}
END_TEST

/* A service whose main process ends during a reload it began itself (RELOADING=1) has no
 * control process to wait for: its run ends now, not when the reload times out. */
START_TEST(main_exit_during_notify_reload_ends_the_run) {
        struct service *s = load(BASE "Type=notify\n");

        ck_assert_int_eq(service_start(s), 0);
        apply(s, SERVICE_EV_READY);
        expect(s, SERVICE_RUNNING);
        apply(s, SERVICE_EV_RELOADING);
        expect(s, SERVICE_RELOAD);
        reap_main(s, CLD_EXITED, 3);
        ck_assert_msg(s->state != SERVICE_RELOAD, "still reloading after the main process ended");
        ck_assert_str_eq(service_result_to_string(s->result), "exit-code");
}
END_TEST

/* An automatic restart uses the definition daemon-reload read meanwhile. */
START_TEST(auto_restart_uses_the_new_definition) {
        struct service *s = load(BASE "Restart=always\n");
        struct unit *u = NULL;

        ck_assert_int_eq(service_start(s), 0);
        reap_main(s, CLD_EXITED, 1);
        expect(s, SERVICE_AUTO_RESTART);
        test_write_file("x.service", BASE "Restart=always\nExecStart=\nExecStart=/usr/bin/new-daemon\n");
        ck_assert_int_eq(unit_load_file(test_fmt("%s/x.service", test_dir), "x.service", &u), 0);
        ck_assert_int_eq(service_set_definition(s, u, LOAD_LOADED, NULL), 0);
        service_dispatch(s, SERVICE_EV_TIMEOUT);
        expect(s, SERVICE_RUNNING);
        ck_assert_str_eq(fake_proc_find(s->main_pid)->path, "/usr/bin/new-daemon");
}
END_TEST

/* sd_notify(3) FDPOLL=: a stored fd that reports POLLHUP leaves the store; one stored with
 * FDPOLL=0 stays. */
START_TEST(stored_fd_leaves_the_store_on_hangup) {
        struct service *s = load(BASE "FileDescriptorStoreMax=2\n");
        int polled[2], unpolled[2];

        ck_assert_int_eq(service_start(s), 0);
        ck_assert_int_eq(pipe2(polled, O_CLOEXEC), 0);
        ck_assert_int_eq(pipe2(unpolled, O_CLOEXEC), 0);
        struct ucred sender = { .pid = s->main_pid, .uid = 0, .gid = 0 };
        struct notify_message keep = { .fdstore = true, .fdname = (char *) "polled" };
        struct notify_message nopoll = { .fdstore = true, .fdpoll_disabled = true, .fdname = (char *) "unpolled" };
        service_on_notify(s, &sender, &keep, &polled[0], 1);
        service_on_notify(s, &sender, &nopoll, &unpolled[0], 1);
        ck_assert_int_eq(polled[0], -1); /* taken by the store */
        ck_assert_int_eq(unpolled[0], -1);
        ck_assert_uint_eq(s->n_fd_store, 2);

        close(polled[1]);
        close(unpolled[1]);
        ck_assert_int_eq(ev_loop_run_once(m->loop, 0), 0);
        ck_assert_uint_eq(s->n_fd_store, 1);
        ck_assert_str_eq(s->fd_store[0]->name, "unpolled");
}
END_TEST

static Suite *fsm_suite(void) {
        Suite *suite = suite_create("service-fsm");
        TCase *tc = tcase_create("table");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_loop_test(tc, every_state_event_pair, 0, _SERVICE_STATE_MAX * _SERVICE_EVENT_MAX);
        tcase_add_test(tc, states_accept_what_they_can_receive);
        tcase_add_test(tc, watchdog_runs_after_a_slow_start);
        tcase_add_test(tc, exit_type_cgroup_runs_until_the_group_is_empty);
        tcase_add_test(tc, main_exit_during_notify_reload_ends_the_run);
        tcase_add_test(tc, auto_restart_uses_the_new_definition);
        tcase_add_test(tc, stored_fd_leaves_the_store_on_hangup);
        suite_add_tcase(suite, tc);
        return suite;
}

int main(void) {
        return test_run(fsm_suite());
}
