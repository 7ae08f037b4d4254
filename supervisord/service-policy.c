/* service-policy.c: what the end of a run means, and whether a start may go on (systemd.service(5), systemd.unit(5)). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "libsvc/log.h"
#include "libsvc/math-util.h"
#include "libsvc/strv.h"
#include "supervisord/manager.h"
#include "supervisord/service-policy.h"
#include "units/condition.h"

/* systemd.service(5), SuccessExitStatus=: SIGHUP, SIGINT, SIGTERM and SIGPIPE are clean. */
bool service_is_clean_signal(int sig) {
        return sig == SIGHUP || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE;
}

/* systemd.service(5), Restart=, "Table 2. Exit causes and the effect of the Restart= settings":
 * clean exits restart under always and on-success; unclean exit codes under on-failure;
 * unclean signals under on-failure, on-abnormal and on-abort; timeouts under on-failure
 * and on-abnormal; the watchdog under on-failure, on-abnormal and on-watchdog. A hit start
 * limit never restarts, nor does a start ExecCondition= skipped. */
static bool restart_applies(enum restart_policy policy, enum service_result result) {
        if (result == SERVICE_FAILURE_START_LIMIT_HIT || result == SERVICE_SKIP_CONDITION)
                return false;
        switch (policy) {
        case RESTART_ALWAYS:
                return true;
        case RESTART_ON_SUCCESS:
                return result == SERVICE_SUCCESS;
        case RESTART_ON_FAILURE:
                return result != SERVICE_SUCCESS;
        case RESTART_ON_ABNORMAL:
                return result != SERVICE_SUCCESS && result != SERVICE_FAILURE_EXIT_CODE;
        case RESTART_ON_WATCHDOG:
                return result == SERVICE_FAILURE_WATCHDOG;
        case RESTART_ON_ABORT:
                return result == SERVICE_FAILURE_SIGNAL || result == SERVICE_FAILURE_CORE_DUMP;
        default:
                return false;
        }
}

bool service_status_in(int code, int status, const struct exit_status_set *set) {
        if (code == CLD_EXITED)
                return status >= 0 && status < 256 && (set->status[status / 64] & (UINT64_C(1) << (status % 64)));
        if ((code == CLD_KILLED || code == CLD_DUMPED) && status > 0 && status <= 64)
                return set->signal & (UINT64_C(1) << (status - 1));
        return false;
}

/* Whether the last main process' end is in set: an exit status, or the signal that killed it. */
bool service_exit_in(const struct service *s, const struct exit_status_set *set) {
        return service_status_in(s->exec_main_code, s->exec_main_status, set);
}

/* Restart= as systemd.service(5) qualifies it: RestartPreventExitStatus= stops a restart
 * "regardless of the restart setting", RestartForceExitStatus= forces one "even if ... the
 * restart setting would not". Neither applies to a stop that was asked for. */
bool service_should_restart(const struct service *s) {
        if (s->stop_requested || s->manager->shutting_down || !s->unit)
                return false;
        if (s->exec_main_code != 0 && service_exit_in(s, &s->unit->restart_prevent_exit_status))
                return false;
        if (s->exec_main_code != 0 && service_exit_in(s, &s->unit->restart_force_exit_status))
                return true;
        return restart_applies(s->unit->restart, s->result);
}

/* RestartSteps= and RestartMaxDelaySec= (systemd.service(5)): the delay grows
 * exponentially from RestartSec= to RestartMaxDelaySec= over RestartSteps= restarts and
 * stays there; the first restart waits RestartSec= (systemd's service_restart_usec_next()). */
usec_t service_restart_delay(const struct service *s) {
        const struct unit *u = s->unit;
        unsigned next = s->n_restarts + 1;

        if (next <= 1 || u->restart_steps == 0 || u->restart_usec == 0 || u->restart_max_delay_usec == USEC_INFINITY ||
            u->restart_usec >= u->restart_max_delay_usec)
                return u->restart_usec;
        if (next > u->restart_steps)
                return u->restart_max_delay_usec;
        return (usec_t) ((double) u->restart_usec *
                         pow_positive((double) u->restart_max_delay_usec / (double) u->restart_usec,
                             (double) (next - 1) / (double) u->restart_steps));
}

/* FailureActionExitStatus=/SuccessActionExitStatus=, else the main process' own exit status
 * (128+N for a signal N, as shells and container runtimes report it). */
int service_action_exit_status(const struct service *s, int configured) {
        if (configured >= 0)
                return configured;
        if (s->exec_main_code == CLD_EXITED)
                return s->exec_main_status;
        if (s->exec_main_code == CLD_KILLED || s->exec_main_code == CLD_DUMPED)
                return 128 + s->exec_main_status;
        return s->result == SERVICE_SUCCESS ? 0 : 1;
}

/* "ConditionPathExists=!/x" as written, and where. */
static char *describe_condition(const struct unit *u, const struct condition *c, bool assert) {
        char *text = NULL;

        if (asprintf(&text, "%s=%s%s%s at %s:%u", condition_type_to_string(c->type, assert), c->trigger ? "|" : "",
                     c->negate ? "!" : "", c->parameter ? c->parameter : "", u->fragment_path ? u->fragment_path : "?",
                     c->line) < 0)
                return NULL;
        return text;
}

int service_check_conditions(struct service *s) {
        const struct condition *failed = NULL;
        usec_t now = now_usec(CLOCK_REALTIME);

        s->start_check = START_CHECK_PASSED;
        free(s->condition_failure);
        s->condition_failure = NULL;
        s->condition_timestamp = now;
        s->condition_result = condition_list_test(s->unit->conditions, &failed);
        if (!s->condition_result) {
                s->condition_failure = describe_condition(s->unit, failed, false);
                log_info("%s: Condition check resulted in %s being skipped: %s was not met.", s->id,
                         s->unit->description ? s->unit->description : s->id, strnull(s->condition_failure));
                s->start_check = START_CHECK_CONDITION;
        }
        if (s->start_check == START_CHECK_PASSED) {
                s->assert_timestamp = now;
                s->assert_result = condition_list_test(s->unit->asserts, &failed);
                if (!s->assert_result) {
                        s->condition_failure = describe_condition(s->unit, failed, true);
                        log_warning("%s: Assertion failed for %s: %s was not met.", s->id,
                                    s->unit->description ? s->unit->description : s->id,
                                    strnull(s->condition_failure));
                        s->start_check = START_CHECK_ASSERT;
                }
        }
        return s->start_check;
}
