/* manager-shutdown.c: the orderly shutdown: every unit stopped in reverse order under one
 * stop budget, then SIGTERM and SIGKILL to the processes left, the shutdown report, and
 * the status svcd exits with.
 *
 * The budget (--stop-timeout, default 9 s) is what a container runtime grants between its
 * SIGTERM and its SIGKILL (docker stop: 10 s), less a margin. Each unit's stop timeouts
 * (TimeoutStopSec=, the ExecStop= and ExecStopPost= time) are capped by what is left of
 * it: units still stopping get SIGKILL a moment before the end (the leftovers keep that
 * moment for their SIGTERM), and whatever is alive at the end gets SIGKILL. svcd then waits
 * until every process is reaped, prints which unit stopped how, and exits. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/time-util.h"
#include "supervisord/manager.h"
#include "supervisord/parent-notify.h"
#include "supervisord/proc-util.h"
#include "supervisord/service-internal.h"

/* Leftover processes get this long between SIGTERM and SIGKILL, budget permitting. */
#define LEFTOVER_SIGTERM_WAIT_USEC (5 * USEC_PER_SEC)
/* Between sweeps of SIGKILL at leftovers: outside PID 1 only svcd's current children can
 * be signalled, and their descendants are re-parented to svcd (the subreaper) only once
 * their parents die; so sweep until nothing is left. */
#define KILL_SWEEP_USEC (200 * USEC_PER_MSEC)
/* What of the budget units leave to the leftovers: a quarter, at most a second. */
#define LEFTOVER_RESERVE_MAX_USEC (1 * USEC_PER_SEC)

static void on_check_shutdown(struct ev_defer *d);

void manager_queue_shutdown_check(struct manager *m) {
        ev_defer_queue(m->loop, &m->check_shutdown, on_check_shutdown, m);
}

usec_t manager_shutdown_cap(const struct manager *m, const struct service *s, usec_t deadline) {
        if (!m->shutting_down || m->shutdown_deadline == USEC_INFINITY)
                return deadline;
        /* After SIGKILL a unit only waits for the kernel: it may use the whole budget. */
        bool sigkill = s->state == SERVICE_STOP_SIGKILL || s->state == SERVICE_FINAL_SIGKILL;
        return MIN(deadline, sigkill ? m->shutdown_deadline : m->shutdown_units_deadline);
}

bool manager_stop_budget_spent(const struct manager *m, const struct service *s) {
        return m->shutting_down && m->shutdown_deadline != USEC_INFINITY &&
               now_usec(CLOCK_MONOTONIC) >= manager_shutdown_cap(m, s, USEC_INFINITY);
}

/* The processes that are left: as PID 1 every process of the namespace but svcd; else the
 * children svcd adopted (every service is down by now). Zombies are only waiting for the
 * reaper; kernel threads, which a machine's PID 1 sees, are nobody's to stop. */
static int list_leftovers(struct manager *m, struct shutdown_leftover **ret, size_t *ret_n) {
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0, k = 0;
        int r = m->is_pid1 ? proc_list_all(&pids, &n) : proc_list_children(getpid(), &pids, &n);

        if (r < 0)
                return r;
        struct shutdown_leftover *l = calloc(MAX(n, (size_t) 1), sizeof *l);
        if (!l)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                struct proc_stat st;
                if (pids[i] <= 1 || proc_read_stat(pids[i], &st) < 0 || st.state == 'Z' ||
                    proc_stat_is_kernel_thread(&st))
                        continue;
                l[k] = (struct shutdown_leftover) { .pid = pids[i] };
                memcpy(l[k++].comm, st.comm, sizeof st.comm);
        }
        *ret = l;
        *ret_n = k;
        return 0;
}

/* Remembers who is left (for the report) and signals them. */
static void signal_leftovers(struct manager *m, int sig) {
        _cleanup_free_ struct shutdown_leftover *now = NULL;
        size_t n = 0;

        if (list_leftovers(m, &now, &n) < 0)
                n = 0;
        for (size_t i = 0; i < n; i++) {
                struct shutdown_leftover *known = NULL;
                for (size_t j = 0; j < m->n_leftovers && !known; j++)
                        if (m->leftovers[j].pid == now[i].pid)
                                known = &m->leftovers[j];
                if (!known) {
                        struct shutdown_leftover *l = realloc(m->leftovers, (m->n_leftovers + 1) * sizeof *l);
                        if (!l)
                                break;
                        m->leftovers = l;
                        known = &l[m->n_leftovers++];
                        *known = now[i];
                }
                if (sig == SIGKILL)
                        known->sigkilled = true;
                if (!m->is_pid1) {
                        (void) kill(now[i].pid, sig);
                        if (sig != SIGKILL)
                                (void) kill(now[i].pid, SIGCONT);
                }
        }
        /* As PID 1, kill(2) with pid -1 reaches everything but svcd, also what was born
         * since the listing. */
        if (m->is_pid1) {
                (void) kill(-1, sig);
                if (sig != SIGKILL)
                        (void) kill(-1, SIGCONT);
        }
}

static void on_kill_sweep(struct ev_timer *t);

/* Past the budget, SIGKILL has been sent and repeated: what still does not go is stuck in
 * the kernel (a hung NFS server: state D). A machine must still reach reboot(2), and a
 * container its exit: after this grace, svcd goes on without waiting for it. */
#define STUCK_GRACE_USEC (3 * USEC_PER_SEC)

static void kill_sweep(struct manager *m) {
        if (m->shutdown_deadline != USEC_INFINITY &&
            now_usec(CLOCK_MONOTONIC) >= usec_add(m->shutdown_deadline, STUCK_GRACE_USEC) && !m->shutdown_gave_up) {
                log_warning("Processes are left that SIGKILL did not end (stuck in the kernel?); going on without them.");
                m->shutdown_gave_up = true;
        }
        if (m->shutdown_phase == 1) {
                log_warning("Processes still around after SIGTERM, sending SIGKILL.");
                m->shutdown_phase = 2;
        }
        signal_leftovers(m, SIGKILL);
        (void) ev_timer_arm(m->loop, &m->shutdown_timer, usec_add(now_usec(CLOCK_MONOTONIC), KILL_SWEEP_USEC),
                            on_kill_sweep, m);
        manager_queue_shutdown_check(m);
}

static void on_kill_sweep(struct ev_timer *t) {
        kill_sweep(t->userdata);
}

/* The budget is spent: SIGKILL to every unit that still has processes, then to the rest. */
static void on_budget_spent(struct ev_timer *t) {
        struct manager *m = t->userdata;
        char buf[64];

        log_warning("The stop budget of %s is spent: SIGKILL to everything left.",
                    format_timespan(buf, sizeof buf, m->options.stop_budget));
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *s = m->services[i];
                if (!service_is_inactive(s) && service_kill(s, SIGKILL, "all") >= 0)
                        s->shutdown_sigkilled = true;
        }
        m->shutdown_phase = 2;
        kill_sweep(m);
}

static int compare_stop_begin(const void *a, const void *b) {
        const struct service *x = *(struct service *const *) a, *y = *(struct service *const *) b;
        return x->shutdown_stop_begin < y->shutdown_stop_begin ? -1 : x->shutdown_stop_begin > y->shutdown_stop_begin;
}

/* Per unit that was up: how long its stop took and how it ended; then the leftovers.
 * Returns whether everything stopped cleanly (no SIGKILL, no failed stop). */
static bool print_report(struct manager *m) {
        _cleanup_free_ struct service **stopped = calloc(MAX(m->n_services, (size_t) 1), sizeof *stopped);
        size_t n = 0;
        bool clean = true;
        char took[64], budget[64];

        for (size_t i = 0; stopped && i < m->n_services; i++)
                if (m->services[i]->shutdown_stop_begin > 0) /* targets have none */
                        stopped[n++] = m->services[i];
        if (stopped)
                qsort(stopped, n, sizeof *stopped, compare_stop_begin);
        log_info("Shutdown report: %zu unit(s) stopped, %zu process(es) left over, in %s of a %s budget.", n,
                 m->n_leftovers,
                 format_timespan_accuracy(took, sizeof took, usec_sub(now_usec(CLOCK_MONOTONIC), m->shutdown_begin),
                                          USEC_PER_MSEC),
                 m->options.stop_budget == USEC_INFINITY ? "unlimited"
                                                          : format_timespan(budget, sizeof budget, m->options.stop_budget));
        for (size_t i = 0; i < n; i++) {
                struct service *s = stopped[i];
                usec_t end = s->shutdown_stop_end ? s->shutdown_stop_end : now_usec(CLOCK_MONOTONIC);
                const char *how = s->shutdown_sigkilled  ? "SIGKILL"
                                  : s->state == SERVICE_FAILED ? "failed"
                                                               : "stopped";
                if (s->shutdown_sigkilled || s->state == SERVICE_FAILED)
                        clean = false;
                format_timespan_accuracy(took, sizeof took, usec_sub(end, s->shutdown_stop_begin), USEC_PER_MSEC);
                if (s->state == SERVICE_FAILED)
                        log_info("  %-32s %-8s after %s (result %s)", s->id, how, took,
                                 service_result_to_string(s->result));
                else
                        log_info("  %-32s %-8s after %s", s->id, how, took);
        }
        for (size_t i = 0; i < m->n_leftovers; i++) {
                const struct shutdown_leftover *l = &m->leftovers[i];
                if (l->sigkilled)
                        clean = false;
                log_info("  left over: pid %-8d %-16s %s", (int) l->pid, l->comm, l->sigkilled ? "SIGKILL" : "SIGTERM");
        }
        return clean;
}

/* svcd's exit status (svcd(8), EXIT STATUS): the one chosen (the main command's, a unit's
 * FailureAction=exit, svcctl exit), else 0 after a clean shutdown and 2 when something
 * had to be killed or failed to stop. */
#define EXIT_UNCLEAN_SHUTDOWN 2

static void on_check_shutdown(struct ev_defer *d) {
        struct manager *m = d->userdata;
        bool all_inactive = true;

        /* The shutdown's jobs stop units in reverse order; what they leave running
         * (IgnoreOnIsolate=, a job that failed) is stopped once they are done, all at once. */
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *s = m->services[i];
                if (service_is_inactive(s))
                        continue;
                all_inactive = false;
                if (m->n_jobs == 0)
                        (void) service_stop(s);
        }
        if (!all_inactive)
                return;

        manager_reap(m);
        if (m->no_children || m->shutdown_gave_up) {
                if (m->exiting)
                        return;
                m->exiting = true;
                bool clean = print_report(m);
                int status = m->exit_status_set ? m->exit_status : clean ? 0 : EXIT_UNCLEAN_SHUTDOWN;
                if (m->mode == MANAGER_MODE_MACHINE && m->final_action != MANAGER_FINAL_EXIT)
                        log_info("All services stopped and all processes reaped%s.",
                                 clean ? "" : " (something had to be killed)");
                else
                        log_info("All services stopped and all processes reaped; exiting with status %d%s.", status,
                                 m->exit_status_set ? "" : clean ? " (a clean shutdown)" : " (something had to be killed)");
                ev_loop_exit(m->loop, status);
                return;
        }
        if (m->shutdown_phase == 0) {
                usec_t now = now_usec(CLOCK_MONOTONIC);
                log_info("Sending SIGTERM to remaining processes.");
                m->shutdown_phase = 1;
                signal_leftovers(m, SIGTERM);
                (void) ev_timer_arm(m->loop, &m->shutdown_timer,
                                    MIN(usec_add(now, LEFTOVER_SIGTERM_WAIT_USEC), m->shutdown_deadline), on_kill_sweep,
                                    m);
        }
}

void manager_start_shutdown(struct manager *m) {
        if (m->shutting_down) {
                log_notice("Already shutting down.");
                return;
        }
        m->shutting_down = true;
        parent_notify_stopping();

        usec_t budget = m->options.stop_budget;
        m->shutdown_begin = now_usec(CLOCK_MONOTONIC);
        m->shutdown_deadline = m->shutdown_units_deadline = USEC_INFINITY;
        if (budget != USEC_INFINITY) {
                m->shutdown_deadline = usec_add(m->shutdown_begin, budget);
                m->shutdown_units_deadline = usec_sub(m->shutdown_deadline, MIN(budget / 4, LEFTOVER_RESERVE_MAX_USEC));
                (void) ev_timer_arm(m->loop, &m->budget_timer, m->shutdown_deadline, on_budget_spent, m);
        }

        /* systemd's shutdown: shutdown.target's start, which every unit with default
         * dependencies conflicts with, isolated so that the others stop too; stop jobs run in
         * reverse order of After=/Before= (systemd.special(7), systemd.unit(5)). */
        _cleanup_free_ char *error = NULL;
        struct service *target;
        struct job *j;
        unsigned n_active = 0;
        char buf[64];
        int r;

        /* Units with processes: targets are only states (and not in the report). */
        for (size_t i = 0; i < m->n_services; i++) {
                const struct service *s = m->services[i];
                n_active += !service_is_inactive(s) && (!s->unit || s->unit->type != UNIT_TARGET);
        }
        log_info("Shutting down: stopping %u unit(s) within %s.", n_active,
                 budget == USEC_INFINITY ? "no time limit" : format_timespan(buf, sizeof buf, budget));
        r = manager_load_service(m, "shutdown.target", &target);
        if (r >= 0)
                r = manager_add_job(m, TX_JOB_START, target, TX_MODE_ISOLATE, false, &j, &error);
        if (r < 0)
                log_warning("Cannot order the shutdown (%s); stopping every unit at once.",
                            error ? error : strerror(-r));
        manager_queue_shutdown_check(m);
}

void manager_request_shutdown(struct manager *m, enum manager_final_action a, const char *why) {
        /* Only the kernel's init can halt, power off or reboot; the others end by exiting.
         * And the kernel's init cannot exit (the kernel would panic): it powers off. */
        if (m->mode != MANAGER_MODE_MACHINE)
                a = MANAGER_FINAL_EXIT;
        else if (a == MANAGER_FINAL_EXIT)
                a = MANAGER_FINAL_POWEROFF;
        if (m->shutting_down) {
                log_notice("%s: already shutting down (%s).", why, manager_final_action_to_string(m->final_action));
                return;
        }
        log_info("%s: shutting down, then %s.", why, manager_final_action_to_string(a));
        m->final_action = a;
        manager_start_shutdown(m);
}

void manager_on_service_inactive(struct manager *m, struct service *s) {
        main_command_on_inactive(m, s);
        if (m->shutting_down)
                manager_queue_shutdown_check(m);
}
