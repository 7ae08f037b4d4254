/* svcctl.c: svcctl's main: options, the verb table (dispatch, --help, which verbs need svcd), the connection. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/macro.h"
#include "libsvc/signal-util.h"
#include "libsvc/strv.h"

struct verb {
        const char *name;
        const char *alias; /* another name systemctl users type, or NULL */
        const char *args;  /* the arguments as --help shows them */
        int min_args, max_args;
        int (*run)(struct verb_context *ctx, char **args, int n_args);
        const char *help;
        unsigned flags;
};

enum {
        VERB_OFFLINE = 1 << 0, /* works without svcd: no connection is made */
        VERB_ROOT = 1 << 1,    /* works on unit files: takes --root= */
        VERB_NOW = 1 << 2,     /* changes unit files: takes --now */
        VERB_JOB_MODE = 1 << 3, /* queues a job: takes --job-mode= */
        VERB_DEPS = 1 << 4,     /* list-dependencies: takes --reverse, --after, --before */
        VERB_ALL = 1 << 5,      /* takes -a/--all */
        VERB_WAIT = 1 << 6,     /* is-system-running: takes --wait */
        VERB_CONNECTS = 1 << 7, /* checks its arguments, then connects itself: none is made for it */
};
#define VERB_UNIT_FILES (VERB_OFFLINE | VERB_ROOT | VERB_NOW)

#define ARGS_MAX 1024

/* The one table: dispatch, argument counts and --help all come from it. */
static const struct verb verbs[] = {
        { "list", "list-units", "", 0, 0, verb_list, "List units: UNIT LOAD ACTIVE SUB DESCRIPTION", VERB_ALL },
        { "status", NULL, "[UNIT...]", 0, ARGS_MAX, verb_status,
          "Show the status of units, or a summary of svcd without UNIT", 0 },
        { "start", NULL, "UNIT...", 1, ARGS_MAX, verb_start,
          "Start units and what they need; wait until they run or fail", VERB_JOB_MODE },
        { "stop", NULL, "UNIT...", 1, ARGS_MAX, verb_stop, "Stop units; wait until they are stopped", VERB_JOB_MODE },
        { "restart", NULL, "UNIT...", 1, ARGS_MAX, verb_restart, "Stop units if running, then start them",
          VERB_JOB_MODE },
        { "try-restart", NULL, "UNIT...", 1, ARGS_MAX, verb_try_restart,
          "Restart units that are running; leave the others alone", VERB_JOB_MODE },
        { "reload", NULL, "UNIT...", 1, ARGS_MAX, verb_reload,
          "Reload units' configuration: ExecReload=, or ReloadSignal= for Type=notify-reload; wait until done",
          VERB_JOB_MODE },
        { "reload-or-restart", NULL, "UNIT...", 1, ARGS_MAX, verb_reload_or_restart,
          "Reload units that can reload, restart the others; start units that are not running", VERB_JOB_MODE },
        { "try-reload-or-restart", "force-reload", "UNIT...", 1, ARGS_MAX, verb_try_reload_or_restart,
          "Reload or restart units that are running; leave the others alone", VERB_JOB_MODE },
        { "isolate", NULL, "TARGET", 1, 1, verb_isolate,
          "Start TARGET and what it needs, stop everything else", 0 },
        { "list-jobs", NULL, "[PATTERN...]", 0, ARGS_MAX, verb_list_jobs,
          "List the queued and running jobs: JOB UNIT TYPE STATE", 0 },
        { "cancel", NULL, "[JOB...]", 0, ARGS_MAX, verb_cancel, "Cancel jobs by id; all jobs without JOB", 0 },
        { "list-dependencies", NULL, "[UNIT...]", 0, ARGS_MAX, verb_list_dependencies,
          "Show the units UNIT (default.target) needs, as a tree (--reverse: the units that need it)",
          VERB_DEPS | VERB_ALL },
        { "analyze", NULL, "COMMAND [ARG...]", 1, ARGS_MAX, verb_analyze,
          "Analyze the start-up: blame, critical-chain, dot, plot (below)", VERB_OFFLINE },
        { "kill", NULL, "UNIT...", 1, ARGS_MAX, verb_kill,
          "Send a signal to units' processes (--signal=SIG, --kill-whom=main|control|all)", 0 },
        { "reset-failed", NULL, "[UNIT...]", 0, ARGS_MAX, verb_reset_failed,
          "Clear the failed state, restart count and start limit of units (all without UNIT)", 0 },
        { "show", NULL, "UNIT...", 1, ARGS_MAX, verb_show,
          "Show properties as NAME=value (systemctl's names; -p NAME, --value)", 0 },
        { "cat", NULL, "UNIT...", 1, ARGS_MAX, verb_cat, "Show the unit files: the fragment and its drop-ins", 0 },
        { "logs", NULL, "[UNIT...]", 0, ARGS_MAX, verb_logs,
          "Show the lines services wrote to stdout/stderr; all units without UNIT", 0 },
        { "is-system-running", NULL, "", 0, 0, verb_is_system_running,
          "Print the system state (starting, running, degraded, ...); exit 0 only when running",
          VERB_CONNECTS | VERB_WAIT },
        { "daemon-reload", NULL, "", 0, 0, verb_daemon_reload,
          "Re-read unit files; running services use them from their next start", 0 },
        { "poweroff", NULL, "", 0, 0, verb_poweroff,
          "Stop every unit and power off (PID 1 of a machine); elsewhere svcd exits", VERB_CONNECTS },
        { "reboot", NULL, "", 0, 0, verb_reboot,
          "Stop every unit and reboot (PID 1 of a machine); elsewhere svcd exits", VERB_CONNECTS },
        { "halt", NULL, "", 0, 0, verb_halt, "Stop every unit and halt (PID 1 of a machine); elsewhere svcd exits",
          VERB_CONNECTS },
        { "exit", NULL, "[CODE]", 0, 1, verb_exit,
          "Stop every unit, then svcd exits with CODE (0-255, default 0)", VERB_CONNECTS },
        { "verify", NULL, "FILE|UNIT...", 1, ARGS_MAX, verb_verify,
          "Check unit files without svcd: file:line diagnostics, support levels, Exec argv", VERB_OFFLINE },
        { "list-unit-files", NULL, "[PATTERN...]", 0, ARGS_MAX, verb_list_unit_files,
          "List unit files with their state (as is-enabled); no svcd needed", VERB_OFFLINE | VERB_ROOT },
        { "enable", NULL, "UNIT...", 1, ARGS_MAX, verb_enable,
          "Make the links [Install] asks for (WantedBy=, RequiredBy=, Alias=, Also=); no svcd needed",
          VERB_UNIT_FILES },
        { "disable", NULL, "UNIT...", 1, ARGS_MAX, verb_disable,
          "Remove every link to the units from the config directory (and their Also= units')", VERB_UNIT_FILES },
        { "reenable", NULL, "UNIT...", 1, ARGS_MAX, verb_reenable, "Disable, then enable units", VERB_UNIT_FILES },
        { "mask", NULL, "UNIT...", 1, ARGS_MAX, verb_mask, "Link units to /dev/null: they cannot be started",
          VERB_UNIT_FILES },
        { "unmask", NULL, "UNIT...", 1, ARGS_MAX, verb_unmask, "Remove the /dev/null links of mask",
          VERB_UNIT_FILES },
        { "is-enabled", NULL, "UNIT...", 1, ARGS_MAX, verb_is_enabled,
          "Show whether units are enabled: enabled, static, disabled, masked, alias, indirect, ...",
          VERB_OFFLINE | VERB_ROOT },
        { "get-default", NULL, "", 0, 0, verb_get_default, "Show the target svcd boots (default.target)",
          VERB_OFFLINE | VERB_ROOT },
        { "set-default", NULL, "TARGET", 1, 1, verb_set_default,
          "Link default.target to TARGET in the config directory; no svcd needed", VERB_OFFLINE | VERB_ROOT },
};

/* systemctl with no verb lists units. */
#define DEFAULT_VERB (&verbs[0])

static void help(void) {
        printf("svcctl [OPTIONS...] COMMAND [UNIT...]\n"
               "\n"
               "Query or change the services that svcd supervises.\n"
               "\n"
               "Commands:\n");
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++) {
                char left[64];
                snprintf(left, sizeof left, "%s%s%s", verbs[i].name, *verbs[i].args ? " " : "", verbs[i].args);
                /* A name too long for the column gets a line of its own. */
                printf("  %-22s%s%s%s%s%s\n", left, strlen(left) > 22 ? "\n                         " : " ",
                       verbs[i].help, verbs[i].alias ? " (alias: " : "", verbs[i].alias ?: "",
                       verbs[i].alias ? ")" : "");
        }
        printf("\n"
               "Analyze commands (svcctl analyze COMMAND):\n");
        verbs_analyze_help();
        printf("\n"
               "A UNIT without a type suffix is a service: \"foo\" means \"foo.service\".\n"
               "Without COMMAND, svcctl runs \"%s\".\n"
               "\n"
               "Options:\n"
               "  -s --socket=PATH       Talk to svcd at PATH\n"
               "     --json[=MODE]       Print JSON on stdout: short (one line per object, the\n"
               "                         default), pretty, or off\n"
               "  -q --quiet             status, list, list-jobs, is-enabled, is-system-running: print\n"
               "                         nothing on stdout (not even --json); enable, disable, ...:\n"
               "                         only errors; list-unit-files: no header or count;\n"
               "                         analyze dot: no legend\n"
               "  -p --property=NAME     show: only this property (repeat, or NAME,NAME)\n"
               "     --value             show: print values only, without NAME=\n"
               "     --strict            verify: warnings fail too (unsupported directives do not)\n"
               "     --unit-path=DIRS    verify, enable, ...: search these directories (colon-separated);\n"
               "                         enable, disable, mask, ... write to the first one\n"
               "     --root=DIR          enable, disable, reenable, mask, unmask, is-enabled,\n"
               "                         list-unit-files, get-default, set-default: the unit\n"
               "                         files below DIR (an image)\n"
               "     --now               enable, unmask: start the units too; disable, mask: stop\n"
               "                         them; reenable: restart them if running (needs svcd)\n"
               "  -f --follow            logs: keep printing new lines until interrupted\n"
               "  -n --lines=N           logs: only the last N lines (\"all\": every line kept);\n"
               "                         status: N lines of output instead of 10\n"
               "     --since=TIME        logs: only lines since TIME: \"2026-11-24 10:00[:00]\",\n"
               "                         \"10:00\", \"today\", \"yesterday\", \"-5min\", \"1h ago\", \"@EPOCH\"\n"
               "     --signal=SIG        kill: the signal to send (name or number; default SIGTERM)\n"
               "     --kill-whom=WHOM    kill: main, control or all (the default) of the unit's processes\n"
               "     --no-block          start, stop, restart, try-restart, reload, reload-or-restart,\n"
               "                         try-reload-or-restart, isolate: do not wait for the job to finish\n"
               "     --job-mode=MODE     start, stop, restart, ...: how the job treats queued jobs:\n"
               "                         replace (the default), fail, isolate, ignore-dependencies,\n"
               "                         ignore-requirements\n"
               "     --reverse           list-dependencies: the units that need UNIT\n"
               "     --after, --before   list-dependencies: the units UNIT is ordered after (before)\n"
               "  -a --all               list-dependencies: expand every unit, not only targets;\n"
               "                         list: accepted (it lists every unit anyway)\n"
               "     --wait              is-system-running: wait until the boot is over (and until\n"
               "                         svcd answers at all) before printing the state\n"
               "     --no-pager          Accepted for systemctl compatibility; svcctl never pages\n"
               "  -h --help              Show this help\n"
               "     --version           Show the version\n"
               "\n"
               "Environment:\n"
               "  SVCD_SOCKET            The control socket (--socket wins)\n"
               "  SVCD_RUNTIME_DIR       Otherwise the socket is $SVCD_RUNTIME_DIR/control\n"
               "  XDG_RUNTIME_DIR        Otherwise, not as root: $XDG_RUNTIME_DIR/svcd/control\n"
               "                         (without it: /run/user/UID/svcd, else\n"
               "                         ${TMPDIR:-/tmp}/svcd-UID)\n"
               "                         (as root: %s/control)\n"
               "  SVCD_UNIT_PATH         verify, enable, ...: the unit search path (--unit-path wins);\n"
               "                         otherwise /etc/svcd/units first (as root), or\n"
               "                         $XDG_CONFIG_HOME/svcd/units\n"
               "  NO_COLOR               Set: no colours even on a terminal\n"
               "\n"
               "Exit status (as systemctl's):\n"
               "  0  success\n"
               "  1  failure: usage, connection, permission, a job failed, a reload not\n"
               "     applicable or of an inactive unit; verify: an error\n"
               "     (or with --strict a warning) in a unit, a FILE that cannot be read\n"
               "  3  status: a unit is not active\n"
               "  4  no such unit; is-enabled: none of the units has a unit file\n"
               "is-enabled exits 0 if a unit is enabled, enabled-runtime, static, alias or indirect.\n"
               "With several units, the worst: 1 over 4 over 3 over 0.\n"
               "\n"
               "Examples:\n"
               "  svcctl status nginx\n"
               "  SVCD_SOCKET=/tmp/svcd/control svcctl restart app sidecar\n"
               "  svcctl --json list | jq -r '.[] | select(.ActiveState == \"failed\") | .Id'\n"
               "  svcctl logs -f -n 20 app\n"
               "  svcctl reload-or-restart nginx\n"
               "  svcctl --no-block start app && svcctl show -p ActiveState,SubState app\n"
               "  svcctl enable --now app        # start at boot (default.target.wants/) and now\n"
               "  svcctl --root=/mnt/image enable app.service\n"
               "  svcctl list-dependencies --reverse sysinit.target\n"
               "  svcctl analyze blame | head; svcctl analyze plot >start.svg\n"
               "  svcctl is-system-running --wait   # in a script: until the boot is over\n"
               "  svcctl exit 3                     # stop everything; svcd exits 3\n"
               "\n"
               "See svcctl(1) and svcd(8).\n",
               DEFAULT_VERB->name, SVCD_SYSTEM_RUNTIME_DIR);
}

static const struct verb *verb_find(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(verbs[i].name, name) || (verbs[i].alias && streq(verbs[i].alias, name)))
                        return &verbs[i];
        return NULL;
}

enum {
        ARG_JSON = 0x100,
        ARG_NO_PAGER,
        ARG_VERSION,
        ARG_VALUE,
        ARG_STRICT,
        ARG_UNIT_PATH,
        ARG_SINCE,
        ARG_SIGNAL,
        ARG_KILL_WHOM,
        ARG_NO_BLOCK,
        ARG_ROOT,
        ARG_NOW,
        ARG_JOB_MODE,
        ARG_REVERSE,
        ARG_AFTER,
        ARG_BEFORE,
        ARG_WAIT,
};

struct options {
        const char *socket;
        bool json, json_pretty, quiet, value, strict;
        char **properties;
        const char *unit_path;
        bool follow;
        int64_t lines;
        usec_t since;
        int signal;
        const char *kill_whom;
        bool no_block;
        const char *root;
        bool now;
        const char *job_mode;
        bool all, reverse, after, before;
        bool wait;
};

/* Returns 1 to go on, 0 to exit successfully (--help, --version), or an exit code < 0 negated. */
static int parse_argv(int argc, char *argv[], struct options *o) {
        static const struct option long_options[] = {
                { "socket", required_argument, NULL, 's' },
                { "json", optional_argument, NULL, ARG_JSON },
                { "quiet", no_argument, NULL, 'q' },
                { "no-pager", no_argument, NULL, ARG_NO_PAGER },
                { "property", required_argument, NULL, 'p' },
                { "value", no_argument, NULL, ARG_VALUE },
                { "strict", no_argument, NULL, ARG_STRICT },
                { "unit-path", required_argument, NULL, ARG_UNIT_PATH },
                { "follow", no_argument, NULL, 'f' },
                { "lines", required_argument, NULL, 'n' },
                { "since", required_argument, NULL, ARG_SINCE },
                { "signal", required_argument, NULL, ARG_SIGNAL },
                { "kill-whom", required_argument, NULL, ARG_KILL_WHOM },
                { "no-block", no_argument, NULL, ARG_NO_BLOCK },
                { "root", required_argument, NULL, ARG_ROOT },
                { "now", no_argument, NULL, ARG_NOW },
                { "job-mode", required_argument, NULL, ARG_JOB_MODE },
                { "all", no_argument, NULL, 'a' },
                { "reverse", no_argument, NULL, ARG_REVERSE },
                { "after", no_argument, NULL, ARG_AFTER },
                { "before", no_argument, NULL, ARG_BEFORE },
                { "wait", no_argument, NULL, ARG_WAIT },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                {},
        };
        int c;

        while ((c = getopt_long(argc, argv, "s:qhp:fn:a", long_options, NULL)) >= 0)
                switch (c) {
                case 's':
                        if (!*optarg) {
                                fprintf(stderr, "--socket= needs a path.\n");
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        o->socket = optarg;
                        break;
                case ARG_JSON:
                        if (!optarg || streq(optarg, "short"))
                                o->json = true, o->json_pretty = false;
                        else if (streq(optarg, "pretty"))
                                o->json = true, o->json_pretty = true;
                        else if (streq(optarg, "off"))
                                o->json = false;
                        else {
                                fprintf(stderr, "Unknown --json mode '%s': use short, pretty or off.\n", optarg);
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        break;
                case 'q':
                        o->quiet = true;
                        break;
                case 'p': {
                        /* "-p A,B" and "-p A -p B" both ask for A and B, as in systemctl. */
                        _cleanup_free_ char *list = strdup(optarg);
                        char *save = NULL;
                        if (!list)
                                return -SVCCTL_EXIT_FAILURE;
                        for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
                                if (strv_extend(&o->properties, t) < 0)
                                        return -SVCCTL_EXIT_FAILURE;
                        break;
                }
                case ARG_VALUE:
                        o->value = true;
                        break;
                case ARG_STRICT:
                        o->strict = true;
                        break;
                case ARG_UNIT_PATH:
                        o->unit_path = optarg;
                        break;
                case 'f':
                        o->follow = true;
                        break;
                case 'n': {
                        char *end;
                        long long v;
                        if (streq(optarg, "all")) {
                                o->lines = -1;
                                break;
                        }
                        errno = 0;
                        v = strtoll(optarg, &end, 10);
                        if (errno || end == optarg || *end || v < 0) {
                                fprintf(stderr, "--lines=%s: expected a number of lines or \"all\".\n", optarg);
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        o->lines = v;
                        break;
                }
                case ARG_SINCE:
                        if (logs_parse_since(optarg, now_usec(CLOCK_REALTIME), &o->since) < 0) {
                                fprintf(stderr, "--since=%s: not a time svcctl understands (see 'svcctl --help').\n",
                                        optarg);
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        break;
                case ARG_SIGNAL:
                        o->signal = signal_from_string(optarg);
                        if (o->signal <= 0 || o->signal > 64) {
                                fprintf(stderr, "--signal=%s: not a signal name or number.\n", optarg);
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        break;
                case ARG_KILL_WHOM:
                        if (!streq(optarg, "main") && !streq(optarg, "control") && !streq(optarg, "all")) {
                                fprintf(stderr, "--kill-whom=%s: expected main, control or all.\n", optarg);
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        o->kill_whom = optarg;
                        break;
                case ARG_NO_BLOCK:
                        o->no_block = true;
                        break;
                case ARG_ROOT:
                        if (!*optarg) {
                                fprintf(stderr, "--root= needs a directory.\n");
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        o->root = optarg;
                        break;
                case ARG_NOW:
                        o->now = true;
                        break;
                case ARG_JOB_MODE:
                        /* systemctl(1) --job-mode=, the modes svcd implements. */
                        if (!streq(optarg, "replace") && !streq(optarg, "fail") && !streq(optarg, "isolate") &&
                            !streq(optarg, "ignore-dependencies") && !streq(optarg, "ignore-requirements")) {
                                fprintf(stderr, "Unknown --job-mode '%s': use replace, fail, isolate, "
                                                "ignore-dependencies or ignore-requirements.\n", optarg);
                                return -SVCCTL_EXIT_FAILURE;
                        }
                        o->job_mode = optarg;
                        break;
                case 'a':
                        o->all = true;
                        break;
                case ARG_REVERSE:
                        o->reverse = true;
                        break;
                case ARG_AFTER:
                        o->after = true;
                        break;
                case ARG_BEFORE:
                        o->before = true;
                        break;
                case ARG_WAIT:
                        o->wait = true;
                        break;
                case ARG_NO_PAGER:
                        break; /* documented: svcctl never pages */
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("svcctl %s\n", SVCD_VERSION);
                        return 0;
                default: /* getopt has printed what is wrong */
                        fprintf(stderr, "See 'svcctl --help'.\n");
                        return -SVCCTL_EXIT_FAILURE;
                }
        return 1;
}

int main(int argc, char *argv[]) {
        _cleanup_(varlink_client_freep) struct varlink_client *client = NULL;
        struct options o = { .lines = -1 };
        const struct verb *verb;
        int r, n_args, ret;

        r = parse_argv(argc, argv, &o);
        if (r <= 0)
                return -r;

        if (optind < argc) {
                verb = verb_find(argv[optind]);
                if (!verb) {
                        fprintf(stderr, "Unknown command verb '%s'. See 'svcctl --help'.\n", argv[optind]);
                        return SVCCTL_EXIT_FAILURE;
                }
                optind++;
        } else
                verb = DEFAULT_VERB;

        n_args = argc - optind;
        if (n_args < verb->min_args) {
                /* The arguments as --help shows them: "UNIT...", "TARGET", "COMMAND [ARG...]". */
                fprintf(stderr, "'%s' needs %s. See 'svcctl --help'.\n", verb->name,
                        streq(verb->args, "UNIT...") ? "at least one UNIT" : verb->args);
                return SVCCTL_EXIT_FAILURE;
        }
        if (n_args > verb->max_args) {
                if (verb->max_args == 0)
                        fprintf(stderr, "'%s' takes no arguments. See 'svcctl --help'.\n", verb->name);
                else
                        fprintf(stderr, "'%s' takes at most %d arguments.\n", verb->name, verb->max_args);
                return SVCCTL_EXIT_FAILURE;
        }

        /* Nothing typed is silently ignored: these options mean something to some verbs only. */
        if (o.root && !(verb->flags & VERB_ROOT)) {
                fprintf(stderr, "--root= works on unit files: enable, disable, reenable, mask, unmask, is-enabled, "
                                "list-unit-files, get-default and set-default, not '%s'.\n", verb->name);
                return SVCCTL_EXIT_FAILURE;
        }
        if (o.now && !(verb->flags & VERB_NOW)) {
                fprintf(stderr, "--now can only be used with enable, disable, reenable, mask or unmask.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (o.job_mode && !(verb->flags & VERB_JOB_MODE)) {
                fprintf(stderr, "--job-mode= can only be used with start, stop, restart, try-restart, reload, "
                                "reload-or-restart and try-reload-or-restart%s.\n",
                        streq(verb->name, "isolate") ? " (isolate is a start with --job-mode=isolate)" : "");
                return SVCCTL_EXIT_FAILURE;
        }
        if ((o.reverse || o.after || o.before) && !(verb->flags & VERB_DEPS)) {
                fprintf(stderr, "--reverse, --after and --before can only be used with list-dependencies.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (o.all && !(verb->flags & VERB_ALL)) {
                fprintf(stderr, "--all can only be used with list (which lists every unit anyway) and "
                                "list-dependencies.\n");
                return SVCCTL_EXIT_FAILURE;
        }

        if (o.wait && !(verb->flags & VERB_WAIT)) {
                fprintf(stderr, "--wait can only be used with is-system-running.\n");
                return SVCCTL_EXIT_FAILURE;
        }

        if (!(verb->flags & (VERB_OFFLINE | VERB_CONNECTS)) && client_open(o.socket, &client) < 0)
                return SVCCTL_EXIT_FAILURE;

        output_init(o.json, o.json_pretty);
        struct verb_context ctx = { .client = client, .json = o.json, .quiet = o.quiet,
                                    .properties = o.properties, .value = o.value,
                                    .strict = o.strict, .unit_path = o.unit_path,
                                    .follow = o.follow, .lines = o.lines, .since = o.since,
                                    .signal = o.signal, .kill_whom = o.kill_whom, .no_block = o.no_block,
                                    .socket = o.socket, .root = o.root, .now = o.now,
                                    .job_mode = o.job_mode, .all = o.all, .reverse = o.reverse,
                                    .after = o.after, .before = o.before, .wait = o.wait };
        ret = verb->run(&ctx, argv + optind, n_args);
        strv_free(o.properties);

        /* A full disk or a closed pipe must not look like success to a script. */
        if (fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "Failed to write to standard output: %s\n", strerror(errno));
                ret = client_worse_exit(ret, SVCCTL_EXIT_FAILURE);
        }
        return ret;
}
