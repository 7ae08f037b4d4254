/* unit.h: a parsed, validated unit file: the immutable configuration the daemon runs from.
 *
 * The loader (unit-load.c) fills a struct unit from a file via the directive table
 * (directives.c); the daemon never writes to it afterwards. Runtime state lives in the
 * daemon's struct service, which points at its struct unit. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "libsvc/macro.h"
#include "libsvc/time-util.h"

enum unit_type {
        UNIT_SERVICE,
        UNIT_TARGET,
        _UNIT_TYPE_MAX,
        _UNIT_TYPE_INVALID = -EINVAL,
};

enum service_type {
        SERVICE_SIMPLE,
        SERVICE_EXEC,
        SERVICE_FORKING,
        SERVICE_ONESHOT,
        SERVICE_DBUS,
        SERVICE_NOTIFY,
        SERVICE_NOTIFY_RELOAD,
        SERVICE_IDLE,
        _SERVICE_TYPE_MAX,
};

/* systemd.service(5), "Restart=": the table of exit causes that lead to a restart. */
enum restart_policy {
        RESTART_NO,
        RESTART_ON_SUCCESS,
        RESTART_ON_FAILURE,
        RESTART_ON_ABNORMAL,
        RESTART_ON_WATCHDOG,
        RESTART_ON_ABORT,
        RESTART_ALWAYS,
        _RESTART_POLICY_MAX,
};

/* Prefixes of Exec*= lines, systemd.service(5) "Table 1. Special executable prefixes". */
enum {
        EXEC_IGNORE_FAILURE = 1 << 0, /* "-" */
        EXEC_ARGV0 = 1 << 1,          /* "@": argv[0] is the second word */
        EXEC_NO_ENV_EXPAND = 1 << 2,  /* ":" */
        EXEC_FULL_PRIVILEGES = 1 << 3, /* "+" */
        EXEC_NO_SETUID = 1 << 4,      /* "!" */
        EXEC_AMBIENT_MAGIC = 1 << 5,  /* "!!" */
};

struct exec_command {
        char *path;  /* what to execute, as written (absolute, or resolved at spawn time) */
        char **argv; /* argv[0] included */
        unsigned flags;
        unsigned line; /* where it was written, for diagnostics */
};

struct condition; /* units/condition.h */

struct unit {
        char *id;            /* "foo.service" */
        char *fragment_path; /* the file it was loaded from */
        enum unit_type type;

        /* Where the definition came from (the loader, unit-load.c). */
        char *instance;      /* "bar" of "foo@bar.service", NULL for other units */
        char **dropin_paths; /* the drop-ins applied, in the order they were applied */
        char **aliases;      /* other names of this unit (symlinks to its file) */

        /* [Unit] Condition*= and Assert*= (units/condition.c), in file order. */
        struct condition *conditions;
        struct condition *asserts;

        /* [Unit] */
        char *description;
        char **documentation;
        usec_t start_limit_interval_usec; /* StartLimitIntervalSec=, default 10s */
        unsigned start_limit_burst;       /* StartLimitBurst=, default 5 */

        /* [Install] */
        char **wanted_by;

        /* [Service] */
        enum service_type service_type;
        struct exec_command *exec_start;
        size_t n_exec_start;
        enum restart_policy restart;
        usec_t restart_usec;      /* RestartSec=, default 100ms */
        usec_t timeout_stop_usec; /* TimeoutStopSec=, default 90s */
};

/* Creates an empty unit with systemd's defaults for id ("foo.service"). */
int unit_new(const char *id, struct unit **ret);
struct unit *unit_free(struct unit *u);
DEFINE_POINTER_CLEANUP(struct unit, unit_free)

/* Parses a unit file. Warnings (unknown directive, bad value) are logged at file:line and
 * the unit loads anyway; -errno only when the file cannot be read at all. */
int unit_load_file(const char *path, const char *id, struct unit **ret);
/* Same, from an open stream; path is used in diagnostics and as FragmentPath. */
int unit_load_stream(FILE *f, const char *path, const char *id, struct unit **ret);

/* Checks that a loaded unit can run (a service needs ExecStart=). Logs why not, naming
 * the unit and file, and returns -ENOEXEC; the daemon then calls it "bad-setting". */
int unit_verify(const struct unit *u);

void exec_command_done(struct exec_command *c);

const char *unit_type_to_string(enum unit_type t);
enum unit_type unit_type_from_name(const char *name); /* by suffix; _UNIT_TYPE_INVALID */
const char *service_type_to_string(enum service_type t);
int service_type_from_string(const char *s);
const char *restart_policy_to_string(enum restart_policy p);
int restart_policy_from_string(const char *s);
