/* verbs.c: the svcctl verbs list, status and the jobs (start, stop, reload, ...): calls per unit, then output. */
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"

/* The unit types of systemd.unit(5); a name ending in one of these is complete. */
static const char *const unit_suffixes[] = {
        ".service", ".socket", ".target", ".device", ".mount", ".automount",
        ".swap",    ".timer",  ".path",   ".slice",  ".scope",
};

#define UNIT_NAME_MAX 255

int verbs_complete_unit_name(const char *arg, char **ret) {
        return verbs_complete_unit_name_suffix(arg, ".service", ret);
}

int verbs_complete_unit_name_suffix(const char *arg, const char *suffix, char **ret) {
        bool complete = false;
        char *name;

        if (!*arg || strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_.\\-@") != strlen(arg))
                return -EINVAL;
        /* A bare suffix (".service") names nothing; it must not become ".service.service". */
        if (arg[0] == '.')
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(unit_suffixes); i++)
                if (endswith(arg, unit_suffixes[i]) && strlen(arg) > strlen(unit_suffixes[i]))
                        complete = true;
        if (asprintf(&name, "%s%s", arg, complete ? "" : suffix) < 0)
                return -ENOMEM;
        if (strlen(name) > UNIT_NAME_MAX) {
                free(name);
                return -EINVAL;
        }
        *ret = name;
        return 0;
}

int verbs_unit_name_or_report(const char *arg, const char *suffix, char **ret) {
        int r = verbs_complete_unit_name_suffix(arg, suffix, ret);

        if (r == -ENOMEM) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (r < 0) {
                fprintf(stderr, "Invalid unit name \"%s\": a unit name has at most %d characters out of "
                                "[a-zA-Z0-9:_.\\-@].\n", arg, UNIT_NAME_MAX);
                return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}

/* Completes each argument; an invalid one is reported and left out (NULL). Returns the exit
 * code so far. */
static int complete_names(char **args, int n_args, char **names) {
        int ret = SVCCTL_EXIT_SUCCESS;

        for (int i = 0; i < n_args; i++)
                if (verbs_unit_name_or_report(args[i], ".service", &names[i]) != SVCCTL_EXIT_SUCCESS) {
                        names[i] = NULL;
                        ret = SVCCTL_EXIT_FAILURE;
                }
        return ret;
}

static void free_names(char **names, int n) {
        for (int i = 0; i < n; i++)
                free(names[i]);
        free(names);
}

/* The "unit" member of a reply, or NULL after saying what is wrong with the reply. */
static struct json_object *reply_unit(struct json_object *parameters, const char *what) {
        struct json_object *unit;

        if (json_object_object_get_ex(parameters, "unit", &unit) && json_object_is_type(unit, json_type_object))
                return unit;
        fprintf(stderr, "%s: svcd's reply has no \"unit\" object.\n", what);
        return NULL;
}

static struct json_object *reply_units(struct json_object *parameters, const char *what) {
        struct json_object *units;

        if (json_object_object_get_ex(parameters, "units", &units) && json_object_is_type(units, json_type_array))
                return units;
        fprintf(stderr, "%s: svcd's reply has no \"units\" array.\n", what);
        return NULL;
}

int verbs_list_units(struct verb_context *ctx, struct json_object **ret_reply, struct json_object **ret_units) {
        const char *what = "Failed to list units";
        struct json_object *parameters;
        bool fatal;
        int r;

        r = client_call(ctx->client, METHOD_LIST_UNITS, NULL, what, ret_reply, &parameters, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        *ret_units = reply_units(parameters, what);
        return *ret_units ? SVCCTL_EXIT_SUCCESS : SVCCTL_EXIT_FAILURE;
}

int verb_list(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_json_ struct json_object *reply = NULL;
        struct json_object *units;
        int r;

        r = verbs_list_units(ctx, &reply, &units);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (ctx->quiet)
                return SVCCTL_EXIT_SUCCESS;
        if (ctx->json)
                output_json(units);
        else
                output_unit_list(units);
        return SVCCTL_EXIT_SUCCESS;
}

/* `status` without units: GetInfo for the version, GetSystemState for the state, svcd's
 * mode and its stop budget, ListUnits for the counts. */
static int status_summary(struct verb_context *ctx) {
        _cleanup_json_ struct json_object *info_reply = NULL, *system_reply = NULL, *list_reply = NULL;
        struct json_object *info, *system, *list, *units;
        const char *what = "Failed to query svcd";
        bool fatal;
        int r;

        r = client_call(ctx->client, METHOD_GET_INFO, NULL, what, &info_reply, &info, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        /* An svcd older than GetSystemState gets the summary without its lines (system NULL). */
        r = client_call_ignoring(ctx->client, METHOD_GET_SYSTEM_STATE, NULL, NULL, ERROR_METHOD_NOT_FOUND, what,
                                 &system_reply, &system, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = client_call(ctx->client, METHOD_LIST_UNITS, NULL, what, &list_reply, &list, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        units = reply_units(list, what);
        if (!units)
                return SVCCTL_EXIT_FAILURE;
        if (ctx->quiet)
                return SVCCTL_EXIT_SUCCESS;
        if (ctx->json)
                output_summary_json(info, system, units);
        else
                output_summary(info, system, units);
        return SVCCTL_EXIT_SUCCESS;
}

/* Called with each unit a per-unit call returned; returns that unit's exit code. */
typedef int (*unit_handler)(struct verb_context *ctx, struct json_object *unit, bool *printed);

/* One call of method per unit, in order. A unit's failure does not stop the others (the exit
 * code is the worst); a lost connection does. what_verb completes "Failed to %s UNIT". */
static int for_each_unit(struct verb_context *ctx, const char *method, const char *what_verb, char **args, int n_args,
                         unit_handler handler) {
        char **names = calloc(n_args, sizeof *names);
        bool printed = false;
        int ret;

        if (!names) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        ret = complete_names(args, n_args, names);
        for (int i = 0; i < n_args; i++) {
                _cleanup_json_ struct json_object *reply = NULL;
                _cleanup_free_ char *what = NULL;
                struct json_object *parameters, *unit;
                bool fatal;
                int r;

                if (!names[i])
                        continue;
                if (asprintf(&what, "Failed to %s %s", what_verb, names[i]) < 0) {
                        what = NULL;
                        fprintf(stderr, "Out of memory.\n");
                        ret = client_worse_exit(ret, SVCCTL_EXIT_FAILURE);
                        break;
                }
                r = client_call_with(ctx->client, method, names[i], ctx->call_extra, what, &reply, &parameters,
                                     &fatal);
                if (r != SVCCTL_EXIT_SUCCESS) {
                        ret = client_worse_exit(ret, r);
                        if (fatal)
                                break;
                        continue;
                }
                unit = reply_unit(parameters, what);
                ret = client_worse_exit(ret, unit ? handler(ctx, unit, &printed) : SVCCTL_EXIT_FAILURE);
        }
        free_names(names, n_args);
        return ret;
}

/* The lines of a unit's output that `status UNIT` shows, as systemctl status does (-n N: N). */
#define STATUS_LOG_LINES 10

static int show_status(struct verb_context *ctx, struct json_object *unit, bool *printed) {
        const char *id = varlink_get_string(unit, "Id") ?: "";
        const char *active_state = varlink_get_string(unit, "ActiveState") ?: "";
        int ret = SVCCTL_EXIT_SUCCESS;

        /* A name svcd knows only because another unit mentions it (Wants=ghost.service) has
         * no file: systemctl status says it "could not be found" and exits 4, as for a name
         * no unit mentions (systemctl-show.c, show_one()). --json still shows what svcd knows. */
        if (streq(varlink_get_string(unit, "LoadState") ?: "", "not-found") && streq(active_state, "inactive")) {
                if (ctx->json && !ctx->quiet)
                        output_json(unit);
                else if (!ctx->quiet)
                        fprintf(stderr, "Unit %s could not be found.\n", id);
                return SVCCTL_EXIT_NO_SUCH_UNIT;
        }

        unsigned lines = ctx->lines >= 0 ? (unsigned) MIN(ctx->lines, (int64_t) UINT_MAX) : STATUS_LOG_LINES;

        /* -q: the exit code says it all. --json: the unit's properties and, as "Logs", the
         * lines status would print (svcctl's own, from GetLogs). */
        if (ctx->json && !ctx->quiet) {
                struct json_object *logs = NULL;
                ret = logs_collect_recent(ctx, id, lines, &logs);
                if (logs)
                        json_object_object_add(unit, "Logs", logs);
                output_json(unit);
        } else if (!ctx->quiet) {
                /* systemctl separates units by an empty line. */
                if (*printed)
                        putchar('\n');
                output_unit_status(unit);
                ret = logs_show_recent(ctx, id, lines);
                *printed = true;
        }
        /* LSB: 3 = program is not running, for every state but active (systemctl counts a
         * reloading unit as active too). */
        return client_worse_exit(ret, streq(active_state, "active") || streq(active_state, "reloading")
                                              ? SVCCTL_EXIT_SUCCESS
                                              : SVCCTL_EXIT_NOT_RUNNING);
}

int verb_status(struct verb_context *ctx, char **args, int n_args) {
        if (n_args == 0)
                return status_summary(ctx);
        return for_each_unit(ctx, METHOD_GET_UNIT, "get status of", args, n_args, show_status);
}

/* Like systemctl, a job that succeeded prints nothing; --json shows the state it reached. */
static int show_job_result(struct verb_context *ctx, struct json_object *unit, bool *printed) {
        if (ctx->json)
                output_json(unit);
        return SVCCTL_EXIT_SUCCESS;
}

/* A job per unit; with --no-block svcd replies as soon as the job is queued (noBlock), with
 * the state the unit is in then, and the job's outcome is for status to tell. --job-mode is
 * sent as "mode" (systemctl(1) --job-mode=; without it svcd's default, replace, applies and
 * the call is what an svcd without job modes understands). */
int verbs_run_job(struct verb_context *ctx, const char *method, const char *what_verb, char **args, int n_args) {
        _cleanup_json_ struct json_object *extra = NULL;
        int r;

        if (ctx->no_block || ctx->job_mode) {
                extra = json_object_new_object();
                if (!extra || (ctx->no_block && json_object_object_add(extra, "noBlock",
                                                                       json_object_new_boolean(true)) < 0) ||
                    (ctx->job_mode && json_object_object_add(extra, "mode",
                                                             json_object_new_string(ctx->job_mode)) < 0)) {
                        fprintf(stderr, "Out of memory.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
        }
        ctx->call_extra = extra;
        r = for_each_unit(ctx, method, what_verb, args, n_args, show_job_result);
        ctx->call_extra = NULL;
        return r;
}

int verb_start(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_START_UNIT, "start", args, n_args);
}

int verb_stop(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_STOP_UNIT, "stop", args, n_args);
}

int verb_restart(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_RESTART_UNIT, "restart", args, n_args);
}

int verb_try_restart(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_TRY_RESTART_UNIT, "try-restart", args, n_args);
}

int verb_reload(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_RELOAD_UNIT, "reload", args, n_args);
}

int verb_reload_or_restart(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_RELOAD_OR_RESTART_UNIT, "reload-or-restart", args, n_args);
}

int verb_try_reload_or_restart(struct verb_context *ctx, char **args, int n_args) {
        return verbs_run_job(ctx, METHOD_TRY_RELOAD_OR_RESTART_UNIT, "try-reload-or-restart", args, n_args);
}

int verb_kill(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_json_ struct json_object *extra = json_object_new_object();
        int r;

        if (!extra) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        json_object_object_add(extra, "signal", json_object_new_int(ctx->signal > 0 ? ctx->signal : SIGTERM));
        json_object_object_add(extra, "whom", json_object_new_string(ctx->kill_whom ?: "all"));
        ctx->call_extra = extra;
        r = for_each_unit(ctx, METHOD_KILL_UNIT, "kill", args, n_args, show_job_result);
        ctx->call_extra = NULL;
        return r;
}

int verb_reset_failed(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_json_ struct json_object *reply = NULL;
        struct json_object *parameters;
        bool fatal;

        if (n_args > 0)
                return for_each_unit(ctx, METHOD_RESET_FAILED, "reset failed state of", args, n_args, show_job_result);
        return client_call(ctx->client, METHOD_RESET_FAILED, NULL, "Failed to reset failed state", &reply, &parameters,
                           &fatal);
}
