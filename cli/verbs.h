/* verbs.h: what each svcctl verb does, given a connection to svcd (most) and the verb's arguments. */
#pragma once

#include <stdbool.h>

#include "libsvc/time-util.h"
#include "libsvc/varlink.h"

struct verb_context {
        struct varlink_client *client;
        bool json;  /* --json: print JSON on stdout instead of the human layout */
        bool quiet; /* -q: print nothing on stdout for status and list */
        char **properties; /* show -p NAME...: only these, in this order */
        bool value;        /* show --value: values without "NAME=" */
        bool strict;       /* verify --strict: warnings fail too */
        const char *unit_path; /* verify --unit-path=DIRS, or NULL: $SVCD_UNIT_PATH or the defaults */
        bool follow;           /* logs -f */
        int64_t lines;         /* logs -n N; -1: all */
        usec_t since;          /* logs --since; 0: from the first line kept */
        int signal;            /* kill --signal; 0: SIGTERM */
        const char *kill_whom; /* kill --kill-whom: main, control or all (NULL: all) */
        bool no_block;         /* --no-block: the job verbs do not wait for the job */
        struct json_object *call_extra; /* more parameters for each unit's call (kill, noBlock) */
        const char *socket;    /* --socket, for the offline verbs that talk to svcd if it runs */
        const char *root;      /* --root=DIR: enable, disable, ... work on the unit files below DIR */
        bool now;              /* --now: enable/unmask also start, disable/mask also stop */
        const char *job_mode;  /* --job-mode=MODE: the job verbs' "mode" (NULL: svcd's default, replace) */
        bool all;              /* -a: list-dependencies expands every unit, not only targets */
        bool reverse;          /* list-dependencies --reverse: what depends on the unit */
        bool after, before;    /* list-dependencies --after, --before: ordering instead of requirements */
        bool wait;             /* is-system-running --wait: poll until the boot is over (and svcd answers) */
};

/* Each returns the exit code (client.h); args are the verb's arguments (units). */
int verb_list(struct verb_context *ctx, char **args, int n_args);
int verb_status(struct verb_context *ctx, char **args, int n_args);
int verb_start(struct verb_context *ctx, char **args, int n_args);
int verb_stop(struct verb_context *ctx, char **args, int n_args);
int verb_restart(struct verb_context *ctx, char **args, int n_args);
int verb_reset_failed(struct verb_context *ctx, char **args, int n_args);
int verb_try_restart(struct verb_context *ctx, char **args, int n_args);
int verb_kill(struct verb_context *ctx, char **args, int n_args);
int verb_reload(struct verb_context *ctx, char **args, int n_args);
int verb_reload_or_restart(struct verb_context *ctx, char **args, int n_args);
int verb_try_reload_or_restart(struct verb_context *ctx, char **args, int n_args);
int verb_cat(struct verb_context *ctx, char **args, int n_args);
int verb_show(struct verb_context *ctx, char **args, int n_args);
int verb_daemon_reload(struct verb_context *ctx, char **args, int n_args);
/* The lines svcd kept of services' output (cli/verbs-logs.c). */
int verb_logs(struct verb_context *ctx, char **args, int n_args);
/* Below `status UNIT`: an empty line and the unit's last lines, if any; the exit code. */
int logs_show_recent(struct verb_context *ctx, const char *unit, unsigned lines);
/* The same lines as LogEntry objects (GetLogs), for status --json; an empty array for a
 * user who may not read them. */
int logs_collect_recent(struct verb_context *ctx, const char *unit, unsigned lines, struct json_object **ret);
/* --since TIME (systemd.time(7)'s forms that journalctl takes) as CLOCK_REALTIME usec. */
int logs_parse_since(const char *s, usec_t now, usec_t *ret);

/* The job queue (cli/verbs-jobs.c): list-jobs, cancel, and isolate (a start with job mode
 * isolate). */
int verb_list_jobs(struct verb_context *ctx, char **args, int n_args);
int verb_cancel(struct verb_context *ctx, char **args, int n_args);
int verb_isolate(struct verb_context *ctx, char **args, int n_args);

/* The unit graph and the start-up (cli/verbs-analyze.c; rendering in cli/analyze.h). */
int verb_list_dependencies(struct verb_context *ctx, char **args, int n_args);
/* svcctl analyze blame|critical-chain|dot|plot: args[0] is the subcommand. */
int verb_analyze(struct verb_context *ctx, char **args, int n_args);
/* The subcommands of analyze, as --help lists them. */
void verbs_analyze_help(void);

/* svcd itself (cli/verbs-system.c). is-system-running connects itself (no svcd answering is
 * an answer: "offline"); poweroff, reboot, halt and exit [CODE] (Shutdown) check their
 * arguments first and then connect: ctx->client is NULL for them all. */
int verb_is_system_running(struct verb_context *ctx, char **args, int n_args);
int verb_poweroff(struct verb_context *ctx, char **args, int n_args);
int verb_reboot(struct verb_context *ctx, char **args, int n_args);
int verb_halt(struct verb_context *ctx, char **args, int n_args);
int verb_exit(struct verb_context *ctx, char **args, int n_args);

/* Needs no daemon: ctx->client is NULL (cli/verbs-verify.c). */
int verb_verify(struct verb_context *ctx, char **args, int n_args);

/* Unit files, without svcd (cli/verbs-install.c); svcd re-reads them if it runs, --now
 * starts or stops the units through it. */
int verb_enable(struct verb_context *ctx, char **args, int n_args);
int verb_disable(struct verb_context *ctx, char **args, int n_args);
int verb_reenable(struct verb_context *ctx, char **args, int n_args);
int verb_mask(struct verb_context *ctx, char **args, int n_args);
int verb_unmask(struct verb_context *ctx, char **args, int n_args);
int verb_is_enabled(struct verb_context *ctx, char **args, int n_args);
int verb_list_unit_files(struct verb_context *ctx, char **args, int n_args);
int verb_get_default(struct verb_context *ctx, char **args, int n_args);
int verb_set_default(struct verb_context *ctx, char **args, int n_args);

/* "foo" -> "foo.service", "foo@bar" -> "foo@bar.service"; a name that already ends in a unit
 * type suffix (".service", ".target", ...) is kept. Returns -EINVAL for characters outside
 * systemd.unit(5)'s [a-zA-Z0-9:_.\-@] or a name longer than 255 bytes. */
int verbs_complete_unit_name(const char *arg, char **ret);
/* The same with another suffix for a name without one: ".target" for isolate and
 * set-default, as systemctl mangles their arguments. */
int verbs_complete_unit_name_suffix(const char *arg, const char *suffix, char **ret);
/* The same, saying on stderr why a name is invalid; returns the exit code. */
int verbs_unit_name_or_report(const char *arg, const char *suffix, char **ret);
/* ListUnits: the reply (to free) and its "units" array, or the exit code after saying why not. */
int verbs_list_units(struct verb_context *ctx, struct json_object **ret_reply, struct json_object **ret_units);
/* Runs a job verb's method on each of args (completed names), with --no-block and
 * --job-mode as parameters; what_verb completes "Failed to %s UNIT". */
int verbs_run_job(struct verb_context *ctx, const char *method, const char *what_verb, char **args, int n_args);
