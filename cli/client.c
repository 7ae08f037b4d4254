/* client.c: svcctl's connection to svcd: finding the socket, one call, and mapping Varlink errors to messages and exit codes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/client.h"
#include "libsvc/user-runtime-dir.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"

static int exit_rank(int code) {
        switch (code) {
        case SVCCTL_EXIT_SUCCESS:
                return 0;
        case SVCCTL_EXIT_NOT_RUNNING:
                return 1;
        case SVCCTL_EXIT_NO_SUCH_UNIT:
                return 2;
        default:
                return 3;
        }
}

int client_worse_exit(int a, int b) {
        return exit_rank(b) > exit_rank(a) ? b : a;
}

static const char *getenv_nonempty(const char *name) {
        const char *v = getenv(name);
        return v && *v ? v : NULL;
}

int client_socket_path(const char *arg, char **ret) {
        const char *v;
        char *p = NULL;
        int r;

        if (arg)
                r = asprintf(&p, "%s", arg);
        else if ((v = getenv_nonempty("SVCD_SOCKET")))
                r = asprintf(&p, "%s", v);
        else if ((v = getenv_nonempty("SVCD_RUNTIME_DIR")))
                r = asprintf(&p, "%s/control", v);
        else if (geteuid() == 0)
                r = asprintf(&p, "%s/control", SVCD_SYSTEM_RUNTIME_DIR);
        else {
                /* The per-user svcd's: $XDG_RUNTIME_DIR/svcd, else the fallbacks svcd uses;
                 * one in /tmp only if it is ours (another user could have made it). */
                _cleanup_free_ char *dir = NULL;
                bool in_tmp;
                if (user_runtime_dir(&dir, &in_tmp) < 0)
                        return -ENOMEM;
                if (in_tmp && !user_runtime_dir_is_ours(dir))
                        return -ENXIO;
                r = asprintf(&p, "%s/control", dir);
        }
        if (r < 0)
                return -ENOMEM;
        *ret = p;
        return 0;
}

int client_open(const char *socket_arg, struct varlink_client **ret) {
        _cleanup_free_ char *path = NULL;
        int r;

        r = client_socket_path(socket_arg, &path);
        if (r == -ENXIO) {
                fprintf(stderr, "Cannot find svcd's control socket: not root, $XDG_RUNTIME_DIR is not set and "
                                "no svcd-UID directory of ours in ${TMPDIR:-/tmp} says where (pass --socket=PATH or set "
                                "SVCD_SOCKET).\n");
                return r;
        }
        if (r < 0) {
                fprintf(stderr, "Out of memory.\n");
                return r;
        }
        r = varlink_client_connect(path, ret);
        if (r < 0) {
                /* The hint helps when the socket is missing or stale; for EACCES and the like
                 * the errno says it all. */
                bool hint = r == -ENOENT || r == -ECONNREFUSED;
                fprintf(stderr, "Failed to connect to svcd at %s: %s%s\n", path, strerror(-r),
                        hint ? " (is svcd running? set SVCD_SOCKET)" : "");
                return r;
        }
        return 0;
}

/* systemctl's explanations of a job result (src/shared/bus-wait-for-jobs.c), adapted. */
static const char *job_result_explanation(const char *result) {
        static const struct {
                const char *result, *explanation;
        } table[] = {
                { "exit-code", "the control process exited with error code" },
                { "signal", "a fatal signal was delivered to the control process" },
                { "core-dump", "a fatal signal was delivered causing the control process to dump core" },
                { "timeout", "a timeout was exceeded" },
                { "start-limit-hit", "start of the service was attempted too often" },
                { "resources", "of unavailable resources or another system error" },
                { "protocol", "the service did not take the steps required by its unit configuration" },
                { "watchdog", "the service failed to send watchdog ping" },
        };
        if (!result)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (streq(table[i].result, result))
                        return table[i].explanation;
        return NULL;
}

/* Prints s, adding a full stop unless s already ends a sentence. */
static void print_sentence_end(const char *s) {
        size_t n = strlen(s);
        fprintf(stderr, "%s%s", s, n > 0 && strchr(".!?", s[n - 1]) ? "" : ".");
}

static void print_job_failed(const char *unit, struct json_object *parameters) {
        struct json_object *status = NULL;
        const char *result = varlink_get_string(parameters, "result");
        const char *text, *explanation;

        (void) json_object_object_get_ex(parameters, "unit", &status);
        text = varlink_get_string(status, "StatusText");
        /* systemctl's words for the job results that are not the unit's own failure
         * (src/shared/bus-wait-for-jobs.c, check_wait_response()). */
        if (result && streq(result, "assert")) {
                fprintf(stderr, "Assertion failed on job for %s.\n", unit);
                if (varlink_get_string(status, "ConditionFailure"))
                        fprintf(stderr, "%s was not met.\n", varlink_get_string(status, "ConditionFailure"));
                return;
        }
        if (result && streq(result, "dependency")) {
                /* systemctl points at the journal; svcd's summary names the failed units. */
                fprintf(stderr,
                        "A dependency job for %s failed.\n"
                        "See \"svcctl status\" for the units that failed and \"svcctl list-dependencies %s\" for what "
                        "%s needs.\n",
                        unit, unit, unit);
                return;
        }
        if (result && streq(result, "canceled")) {
                fprintf(stderr, "Job for %s canceled.\n", unit);
                return;
        }
        if (result && streq(result, "invalid")) {
                fprintf(stderr, "Job for %s failed because the unit could not be loaded.\n"
                                "See \"svcctl status %s\" for details.\n",
                        unit, unit);
                return;
        }
        /* The job result "failed" says no more than that: the unit's Result says why, as
         * systemctl reads it (log_job_error_with_service_result()). svcd's older replies
         * carried the unit's result itself. */
        if (!result || streq(result, "failed"))
                result = varlink_get_string(status, "Result");
        explanation = job_result_explanation(result);

        /* A failed spawn step (exec, chdir, user, ...) is reported by svcd in StatusText and
         * StatusErrno ("failed at step EXEC spawning /x: No such file or directory"); it says
         * more than any generic explanation of the result. A service sets both too (STATUS=,
         * ERRNO=, sd_notify(3)): only svcd's own report is told as a spawn failure. */
        bool spawn_report = text && (startswith(text, "failed ") || startswith(text, "executable ") ||
                                     startswith(text, "not enforceable here"));
        if (spawn_report && (varlink_get_int(status, "StatusErrno", 0) > 0 || (result && streq(result, "resources")))) {
                const char *rest = startswith(text, "failed ");
                if (rest)
                        fprintf(stderr, "Job for %s failed ", unit);
                else
                        fprintf(stderr, "Job for %s failed because a spawn step failed: ", unit);
                print_sentence_end(rest ?: text);
                fputc('\n', stderr);
        } else if (explanation)
                fprintf(stderr, "Job for %s failed because %s.\n", unit, explanation);
        else
                fprintf(stderr, "Job for %s failed.\n", unit);
        fprintf(stderr, "See \"svcctl status %s\" for details.\n", unit);
}

/* Maps a Varlink error reply to a message on stderr and an exit code. */
static int report_error(const char *method, const char *error, struct json_object *parameters, const char *unit,
                        const char *what, bool *ret_fatal) {
        const char *s;

        if (streq(error, ERROR_NO_SUCH_UNIT)) {
                const char *name = varlink_get_string(parameters, "name") ?: unit;
                /* systemctl status says "could not be found"; the job verbs say "not found". */
                if (streq(method, METHOD_GET_UNIT))
                        fprintf(stderr, "Unit %s could not be found.\n", name);
                else
                        fprintf(stderr, "%s: Unit %s not found.\n", what, name);
                return SVCCTL_EXIT_NO_SUCH_UNIT;
        }
        if (streq(error, ERROR_PERMISSION_DENIED))
                fprintf(stderr, "%s: Access denied (only root or the uid svcd runs as may change state).\n", what);
        else if (streq(error, ERROR_JOB_FAILED))
                print_job_failed(varlink_get_string(parameters, "name") ?: unit, parameters);
        else if (streq(error, ERROR_UNIT_NOT_LOADED)) {
                const char *name = varlink_get_string(parameters, "name") ?: unit;
                const char *load_state = varlink_get_string(parameters, "LoadState");
                s = varlink_get_string(parameters, "message");
                if (load_state && streq(load_state, "bad-setting"))
                        fprintf(stderr, "%s: Unit %s has a bad unit file setting", what, name);
                else
                        fprintf(stderr, "%s: Unit %s is not loaded properly (%s)", what, name,
                                load_state ?: "unknown");
                if (s && *s) {
                        fputs(": ", stderr);
                        print_sentence_end(s);
                } else
                        fputc('.', stderr);
                fprintf(stderr, "\nSee \"svcctl status %s\" for details.\n", name);
        } else if (streq(error, ERROR_NO_SUCH_PROCESS)) {
                const char *whom = varlink_get_string(parameters, "whom") ?: "all";
                fprintf(stderr, "%s: %s\n", what,
                        streq(whom, "main") ? "No main process to kill." :
                        streq(whom, "control") ? "No control process to kill." :
                                                 "No matching processes to kill.");
        } else if (streq(error, ERROR_JOB_NOT_APPLICABLE))
                /* systemctl's words; only a reload is ever not applicable to a service. */
                fprintf(stderr, "%s: Job type reload is not applicable for unit %s.\n", what,
                        varlink_get_string(parameters, "name") ?: unit);
        else if (streq(error, ERROR_UNIT_NOT_ACTIVE))
                fprintf(stderr, "%s: Unit %s is not active, cannot reload.\n", what,
                        varlink_get_string(parameters, "name") ?: unit);
        else if (streq(error, ERROR_TRANSACTION_FAILED)) {
                /* svcd's message is a sentence: an ordering cycle, a unit that refuses manual
                 * start, a conflict, a Requisite= that is not active, ... */
                s = varlink_get_string(parameters, "message");
                fprintf(stderr, "%s: ", what);
                print_sentence_end(s && *s ? s : "svcd could not make a transaction of the request");
                fputc('\n', stderr);
        } else if (streq(error, ERROR_NO_SUCH_JOB))
                fprintf(stderr, "%s: Job %lld does not exist.\n", what,
                        (long long) varlink_get_int(parameters, "id", 0));
        else if (streq(error, ERROR_JOB_CANCELED))
                fprintf(stderr, "Job for %s canceled.\n", varlink_get_string(parameters, "name") ?: unit);
        else if (streq(error, ERROR_SHUTTING_DOWN))
                fprintf(stderr, "%s: svcd is shutting down.\n", what);
        else if (streq(error, ERROR_METHOD_NOT_FOUND))
                fprintf(stderr, "%s: svcd does not know method %s (is it older than svcctl %s?).\n", what,
                        varlink_get_string(parameters, "method") ?: "?", SVCD_VERSION);
        else if (streq(error, ERROR_INVALID_PARAMETER))
                fprintf(stderr, "%s: svcd rejected parameter '%s'.\n", what,
                        varlink_get_string(parameters, "parameter") ?: "?");
        else if (streq(error, ERROR_PROTOCOL)) {
                fprintf(stderr, "%s: svcd reported a protocol error: %s\n", what,
                        varlink_get_string(parameters, "reason") ?: "(no reason given)");
                *ret_fatal = true; /* svcd closes the connection after a ProtocolError */
        } else
                fprintf(stderr, "%s: svcd replied with error %s.\n", what, error);
        return SVCCTL_EXIT_FAILURE;
}

int client_call(struct varlink_client *c, const char *method, const char *unit, const char *what,
                struct json_object **ret_reply, struct json_object **ret, bool *ret_fatal) {
        return client_call_with(c, method, unit, NULL, what, ret_reply, ret, ret_fatal);
}

int client_call_with(struct varlink_client *c, const char *method, const char *unit, struct json_object *extra,
                     const char *what, struct json_object **ret_reply, struct json_object **ret, bool *ret_fatal) {
        return client_call_ignoring(c, method, unit, extra, NULL, what, ret_reply, ret, ret_fatal);
}

int client_call_ignoring(struct varlink_client *c, const char *method, const char *unit, struct json_object *extra,
                         const char *ignore_error, const char *what, struct json_object **ret_reply,
                         struct json_object **ret, bool *ret_fatal) {
        _cleanup_json_ struct json_object *reply = NULL;
        struct json_object *parameters = NULL, *call_parameters = NULL;
        const char *error = NULL;
        int r;

        *ret_fatal = false;
        if (unit || extra) {
                call_parameters = json_object_new_object();
                if (!call_parameters ||
                    (unit && json_object_object_add(call_parameters, "name", json_object_new_string(unit)) < 0)) {
                        json_object_put(call_parameters);
                        fprintf(stderr, "Out of memory.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
                if (extra) {
                        json_object_object_foreach(extra, key, value)
                                json_object_object_add(call_parameters, key, json_object_get(value));
                }
        }

        r = varlink_client_call(c, method, call_parameters, &reply, &error);
        if (r == -EBADE || r >= 0)
                (void) json_object_object_get_ex(reply, "parameters", &parameters);
        if (r == -EBADE && ignore_error && streq(error, ignore_error)) {
                *ret = NULL;
                *ret_reply = TAKE_PTR(reply);
                return SVCCTL_EXIT_SUCCESS;
        }
        if (r == -EBADE)
                return report_error(method, error, parameters, unit, what, ret_fatal);
        if (r < 0) {
                *ret_fatal = true;
                if (r == -ECONNRESET || r == -EPIPE)
                        fprintf(stderr, "%s: svcd closed the connection unexpectedly.\n", what);
                else if (r == -EBADMSG)
                        fprintf(stderr, "%s: svcd sent a reply that is not a JSON object.\n", what);
                else if (r == -EMSGSIZE)
                        fprintf(stderr, "%s: svcd's reply exceeds %zu bytes.\n", what, VARLINK_REPLY_MAX);
                else
                        fprintf(stderr, "%s: %s\n", what, strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        if (!parameters || !json_object_is_type(parameters, json_type_object)) {
                fprintf(stderr, "%s: svcd's reply has no parameters.\n", what);
                return SVCCTL_EXIT_FAILURE;
        }
        *ret = parameters;
        *ret_reply = TAKE_PTR(reply);
        return SVCCTL_EXIT_SUCCESS;
}
