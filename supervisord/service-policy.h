/* service-policy.h: what the end of a service's run means (systemd.service(5)): clean or
 * not, restart or not, the exit status an action propagates, and whether Condition*= and
 * Assert*= let a start go on. Reads a service; never changes its state. */
#pragma once

#include <stdbool.h>

#include "supervisord/service.h"

/* SuccessExitStatus=: SIGHUP, SIGINT, SIGTERM and SIGPIPE are always clean. */
bool service_is_clean_signal(int sig);
/* Whether a process' end (waitid() code and status) is in set: an exit status, or the
 * signal that killed it. */
bool service_status_in(int code, int status, const struct exit_status_set *set);
/* The same for the last main process. */
bool service_exit_in(const struct service *s, const struct exit_status_set *set);
/* Restart=, RestartPreventExitStatus=, RestartForceExitStatus=, for the run that ended. */
bool service_should_restart(const struct service *s);
/* The delay of the next automatic restart (RestartSec=, RestartSteps=, RestartMaxDelaySec=). */
usec_t service_restart_delay(const struct service *s);
/* FailureActionExitStatus=/SuccessActionExitStatus= (configured >= 0), else the main
 * process' exit status (128+N for a signal N). */
int service_action_exit_status(const struct service *s, int configured);

/* Checks Condition*= then Assert*= for a start job, records ConditionResult/AssertResult,
 * their timestamps and which one failed (logged with file:line), and returns
 * START_CHECK_PASSED, START_CHECK_CONDITION or START_CHECK_ASSERT. */
int service_check_conditions(struct service *s);
