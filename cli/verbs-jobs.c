/* verbs-jobs.c: the svcctl verbs of svcd's job queue: list-jobs, cancel, and isolate.
 *
 * As systemctl(1): list-jobs shows the queued and running jobs, cancel ends them (all of
 * them without arguments), isolate starts a target with job mode "isolate", which stops
 * every unit the target does not pull in. */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analyze.h"
#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"

/* ListJobs' "jobs" array (owned by *ret_reply), or the exit code after saying what failed. */
static int list_jobs(struct varlink_client *client, struct json_object **ret_reply, struct json_object **ret_jobs) {
        struct json_object *parameters, *jobs;
        const char *what = "Failed to list jobs";
        bool fatal;
        int r;

        r = client_call(client, METHOD_LIST_JOBS, NULL, what, ret_reply, &parameters, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (!json_object_object_get_ex(parameters, "jobs", &jobs) || !json_object_is_type(jobs, json_type_array)) {
                fprintf(stderr, "%s: svcd's reply has no \"jobs\" array.\n", what);
                return SVCCTL_EXIT_FAILURE;
        }
        *ret_jobs = jobs;
        return SVCCTL_EXIT_SUCCESS;
}

/* list-jobs [PATTERN...]: the jobs of units matching a pattern (fnmatch(3), as systemctl). */
int verb_list_jobs(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_json_ struct json_object *reply = NULL, *matching = NULL;
        struct json_object *jobs;
        int r;

        r = list_jobs(ctx->client, &reply, &jobs);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (n_args > 0) {
                matching = json_object_new_array();
                if (!matching) {
                        fprintf(stderr, "Out of memory.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
                for (size_t i = 0; i < json_object_array_length(jobs); i++) {
                        struct json_object *j = json_object_array_get_idx(jobs, i);
                        const char *unit = varlink_get_string(j, "unit") ?: "";
                        for (int k = 0; k < n_args; k++)
                                if (fnmatch(args[k], unit, FNM_NOESCAPE) == 0) {
                                        json_object_array_add(matching, json_object_get(j));
                                        break;
                                }
                }
                jobs = matching;
        }
        if (ctx->quiet)
                return SVCCTL_EXIT_SUCCESS;
        if (ctx->json) {
                output_json(jobs);
                return SVCCTL_EXIT_SUCCESS;
        }
        r = analyze_job_list(jobs, output_colors(), stdout);
        if (r < 0) {
                fprintf(stderr, "Failed to show the jobs: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}

/* CancelJob; with quiet_if_gone, a job that has ended meanwhile (NoSuchJob) is no error. */
static int cancel_one(struct varlink_client *client, uint32_t id, bool quiet_if_gone, bool *ret_fatal) {
        _cleanup_json_ struct json_object *reply = NULL, *extra = json_object_new_object();
        _cleanup_free_ char *what = NULL;
        struct json_object *parameters;

        if (!extra || json_object_object_add(extra, "id", json_object_new_int64(id)) < 0 ||
            asprintf(&what, "Failed to cancel job %" PRIu32, id) < 0) {
                what = NULL;
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        return client_call_ignoring(client, METHOD_CANCEL_JOB, NULL, extra, quiet_if_gone ? ERROR_NO_SUCH_JOB : NULL,
                                    what, &reply, &parameters, ret_fatal);
}

/* cancel [JOB...]: each job by id; without ids, every job (ClearJobs). */
int verb_cancel(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_json_ struct json_object *reply = NULL;
        int ret = SVCCTL_EXIT_SUCCESS;
        bool fatal = false;

        if (n_args == 0) {
                /* One call, as systemctl's ClearJobs: canceling one at a time would let a job
                 * that waited for a canceled one run before its own turn came. */
                struct json_object *parameters;
                return client_call(ctx->client, METHOD_CLEAR_JOBS, NULL, "Failed to cancel all jobs", &reply,
                                   &parameters, &fatal);
        }
        /* systemctl parses every id before it cancels any. */
        for (int i = 0; i < n_args; i++) {
                char *end;
                unsigned long long v;

                errno = 0;
                v = strtoull(args[i], &end, 10);
                if (errno || end == args[i] || *end || args[i][0] == '-' || v > UINT32_MAX) {
                        fprintf(stderr, "Failed to parse job id \"%s\": %s\n", args[i],
                                strerror(errno == ERANGE || v > UINT32_MAX ? ERANGE : EINVAL));
                        return SVCCTL_EXIT_FAILURE;
                }
        }
        for (int i = 0; i < n_args && !fatal; i++)
                ret = client_worse_exit(ret, cancel_one(ctx->client, (uint32_t) strtoull(args[i], NULL, 10), false,
                                                        &fatal));
        return ret;
}

/* isolate TARGET: StartUnit with mode "isolate"; a name without suffix is a target, and
 * --job-mode has no say (systemctl(1): "isolate" implies it). */
int verb_isolate(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_free_ char *name = NULL;
        const char *saved = ctx->job_mode;
        char *names[1];
        int r;

        r = verbs_unit_name_or_report(args[0], ".target", &name);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        names[0] = name;
        ctx->job_mode = "isolate";
        /* systemctl's words: "Failed to start rescue.target: ..." */
        r = verbs_run_job(ctx, METHOD_START_UNIT, "start", names, 1);
        ctx->job_mode = saved;
        return r;
}
