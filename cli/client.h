/* client.h: svcctl's connection to svcd: socket path resolution, calls, and error reporting. */
#pragma once

#include <stdbool.h>
#include <json-c/json.h>

#include "libsvc/varlink.h"

/* Exit codes, as systemctl(1) and the LSB init-script specification define them. */
enum {
        SVCCTL_EXIT_SUCCESS = 0,
        SVCCTL_EXIT_FAILURE = 1,
        SVCCTL_EXIT_NOT_RUNNING = 3, /* status: the unit is not active */
        SVCCTL_EXIT_NO_SUCH_UNIT = 4,
};

/* Of two exit codes, the one that says most went wrong: failure (1) over no such unit (4)
 * over not running (3) over success (0). */
int client_worse_exit(int a, int b);

/* Resolves the control socket (contract order): --socket, $SVCD_SOCKET, $SVCD_RUNTIME_DIR/control,
 * /run/svcd/control as root, $XDG_RUNTIME_DIR/svcd/control otherwise. Empty variables count as
 * unset. Returns 0 and a malloc'ed path, or -ENXIO when no rule applies (no XDG_RUNTIME_DIR). */
int client_socket_path(const char *arg, char **ret);

/* Resolves and connects; on failure prints why to stderr and returns -errno. */
int client_open(const char *socket_arg, struct varlink_client **ret);

/* One call. Returns the reply's "parameters" object in *ret (owned by *ret_reply) and
 * SVCCTL_EXIT_SUCCESS, or prints "<what>: <reason>" to stderr and returns the exit code the
 * failure maps to. *ret_fatal is set when the connection is unusable afterwards (disconnect,
 * protocol error), so that callers stop instead of failing every remaining unit the same way.
 * what is e.g. "Failed to start foo.service"; unit is the unit name the call is about (sent as
 * the "name" parameter), or NULL for calls without parameters. */
int client_call(struct varlink_client *c, const char *method, const char *unit, const char *what,
                struct json_object **ret_reply, struct json_object **ret, bool *ret_fatal);
/* The same with more call parameters than "name" (extra's keys; borrowed). */
int client_call_with(struct varlink_client *c, const char *method, const char *unit, struct json_object *extra,
                     const char *what, struct json_object **ret_reply, struct json_object **ret, bool *ret_fatal);
/* The same, except that an error reply named ignore_error (if not NULL) is no failure: it
 * returns SVCCTL_EXIT_SUCCESS with *ret NULL, and prints nothing. */
int client_call_ignoring(struct varlink_client *c, const char *method, const char *unit, struct json_object *extra,
                         const char *ignore_error, const char *what, struct json_object **ret_reply,
                         struct json_object **ret, bool *ret_fatal);
