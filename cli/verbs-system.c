/* verbs-system.c: the svcctl verbs about svcd itself: poweroff, reboot, halt, exit, is-system-running. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"

/* How often --wait asks svcd for its state: often enough that a script goes on within a
 * blink of the boot's end, rarely enough to cost svcd nothing (one small reply). */
#define WAIT_POLL_USEC (100 * USEC_PER_MSEC)

/* The states of a boot under way (systemctl(1) is-system-running: "initializing" before the
 * boot units were started, "starting" while one is still activating): --wait polls past them. */
static bool state_is_booting(const char *state) {
        return streq(state, "initializing") || streq(state, "starting");
}

static void sleep_usec(usec_t usec) {
        struct timespec ts = { .tv_sec = (time_t) (usec / USEC_PER_SEC),
                               .tv_nsec = (long) (usec % USEC_PER_SEC * NSEC_PER_USEC) };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

/* A socket that does not exist yet (svcd, or its runtime directory, not created yet) or that
 * nobody listens on (bound but not listening yet, or left behind by an svcd that is gone:
 * connect(2) cannot tell these apart, so --wait waits for both; timeout(1) bounds it). */
static bool connect_error_is_not_yet(int r) {
        return r == -ENOENT || r == -ECONNREFUSED;
}

/* Connects to svcd at path; with wait, tries again while it is not there yet. */
static int connect_waiting(const char *path, bool wait, struct varlink_client **ret) {
        for (;;) {
                int r = varlink_client_connect(path, ret);
                if (r >= 0 || !wait || !connect_error_is_not_yet(r))
                        return r;
                sleep_usec(WAIT_POLL_USEC);
        }
}

/* systemctl is-system-running (systemctl(1)): the manager's state on stdout (not with -q);
 * exit 0 only for "running". When no svcd answers it prints "offline", as systemctl does
 * for a manager that is not there, so that a health check reads one word either way.
 * --wait: "wait until the boot process is completed before printing the current state";
 * svcd not answering yet counts as a boot not completed, for a script may run right after
 * the container started, before svcd has created its socket. */
int verb_is_system_running(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(varlink_client_freep) struct varlink_client *client = NULL;
        _cleanup_json_ struct json_object *reply = NULL;
        _cleanup_free_ char *path = NULL;
        struct json_object *parameters = NULL;
        const char *state;
        bool fatal;
        int r;

        r = client_socket_path(ctx->socket, &path);
        if (r >= 0)
                r = connect_waiting(path, ctx->wait, &client);
        if (r < 0) {
                /* Without --wait the one word says it all; with it, why the wait ended. */
                if (ctx->wait)
                        fprintf(stderr, "Failed to connect to svcd%s%s: %s\n", path ? " at " : "", path ?: "",
                                r == -ENXIO ? "no control socket (not root and $XDG_RUNTIME_DIR is not set)"
                                            : strerror(-r));
                if (!ctx->quiet)
                        puts("offline");
                return SVCCTL_EXIT_FAILURE;
        }
        /* One connection for all the polls: svcd keeps an idle client. */
        for (;;) {
                json_object_put(TAKE_PTR(reply));
                r = client_call(client, METHOD_GET_SYSTEM_STATE, NULL, "Failed to query the system state", &reply,
                                &parameters, &fatal);
                if (r != SVCCTL_EXIT_SUCCESS)
                        return r;
                state = varlink_get_string(parameters, "state") ?: "unknown";
                if (!ctx->wait || !state_is_booting(state))
                        break;
                sleep_usec(WAIT_POLL_USEC);
        }
        if (!ctx->quiet) {
                if (ctx->json)
                        output_json(parameters);
                else
                        puts(state);
        }
        return streq(state, "running") ? SVCCTL_EXIT_SUCCESS : SVCCTL_EXIT_FAILURE;
}

/* Shutdown(action, exitCode): svcd replies first (with the action it will take: "exit"
 * wherever it is not PID 1 of a machine), then stops every unit and exits, halts, powers off
 * or reboots. As systemctl poweroff does, svcctl returns once the request is accepted, not
 * when the shutdown is over. exit_code < 0: none sent (svcd's default, 0). The verbs check
 * their arguments before they connect, so they connect here (ctx->client is NULL). */
static int request_shutdown(struct verb_context *ctx, const char *action, int exit_code, const char *what) {
        _cleanup_(varlink_client_freep) struct varlink_client *client = NULL;
        _cleanup_json_ struct json_object *extra = json_object_new_object(), *reply = NULL;
        struct json_object *parameters;
        bool fatal;
        int r;

        if (!extra || json_object_object_add(extra, "action", json_object_new_string(action)) < 0 ||
            (exit_code >= 0 && json_object_object_add(extra, "exitCode", json_object_new_int(exit_code)) < 0)) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (client_open(ctx->socket, &client) < 0)
                return SVCCTL_EXIT_FAILURE;
        r = client_call_with(client, METHOD_SHUTDOWN, NULL, extra, what, &reply, &parameters, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (ctx->json)
                output_json(parameters);
        return SVCCTL_EXIT_SUCCESS;
}

int verb_poweroff(struct verb_context *ctx, char **args, int n_args) {
        return request_shutdown(ctx, "poweroff", -1, "Failed to power off");
}

int verb_reboot(struct verb_context *ctx, char **args, int n_args) {
        return request_shutdown(ctx, "reboot", -1, "Failed to reboot");
}

int verb_halt(struct verb_context *ctx, char **args, int n_args) {
        return request_shutdown(ctx, "halt", -1, "Failed to halt");
}

/* systemctl exit [EXIT_CODE]: an exit status is one byte (wait(2)), so 0-255; anything else
 * is refused here, before svcd is asked, rather than truncated. */
int verb_exit(struct verb_context *ctx, char **args, int n_args) {
        long long code = -1;

        if (n_args > 0) {
                const char *s = args[0], *digits = s + (*s == '-');
                char *end;

                /* Digits only, and a leading "-" to call it out of range: strtoll alone would
                 * take " 7", "+7" and "7x". */
                if (!*digits || strspn(digits, "0123456789") != strlen(digits)) {
                        fprintf(stderr, "Invalid exit code \"%s\": expected a number from 0 to 255.\n", s);
                        return SVCCTL_EXIT_FAILURE;
                }
                errno = 0;
                code = strtoll(s, &end, 10);
                if (errno == ERANGE || code < 0 || code > 255) {
                        fprintf(stderr, "Exit code %s is out of range: an exit status is a number from 0 to 255.\n",
                                s);
                        return SVCCTL_EXIT_FAILURE;
                }
        }
        return request_shutdown(ctx, "exit", (int) code, "Failed to exit");
}
