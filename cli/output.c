/* output.c: renders UnitStatus objects the way systemctl status and list-units do, and as --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/output.h"
#include "libsvc/macro.h"
#include "libsvc/signal-util.h"
#include "libsvc/strv.h"
#include "libsvc/varlink.h"

/* systemd's glyphs (SPECIAL_GLYPH_BLACK_CIRCLE, _WHITE_CIRCLE, _MULTIPLICATION_SIGN). */
#define GLYPH_BLACK_CIRCLE "\u25cf"
#define GLYPH_WHITE_CIRCLE "\u25cb"
#define GLYPH_CROSS "\u00d7"

/* systemd's ansi_highlight_green()/_red() and ansi_normal(). */
#define ANSI_HIGHLIGHT_GREEN "\x1b[0;1;32m"
#define ANSI_HIGHLIGHT_RED "\x1b[0;1;31m"
#define ANSI_NORMAL "\x1b[0m"

static bool use_colors;
static int json_flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;

void output_init(bool json, bool json_pretty) {
        const char *term = getenv("TERM");

        if (json_pretty)
                json_flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
        use_colors = !json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !(term && streq(term, "dumb"));
}

bool output_colors(void) {
        return use_colors;
}

static const char *color(const char *ansi) {
        return use_colors ? ansi : "";
}

/* A string field, "" when missing or null: the daemon's JSON is trusted for shape, not content. */
static const char *str(struct json_object *o, const char *key) {
        return varlink_get_string(o, key) ?: "";
}

void output_json(struct json_object *v) {
        puts(json_object_to_json_string_ext(v, json_flags));
}

void output_log_entry(struct json_object *e) {
        usec_t ts = (usec_t) varlink_get_int(e, "timestamp", 0);
        time_t t = (time_t) (ts / USEC_PER_SEC);
        struct json_object *m = NULL;
        const char *message = "";
        size_t len = 0;
        struct tm tm;
        char when[32] = "";
        bool red = varlink_get_int(e, "priority", 6) <= 3 /* LOG_ERR */;

        if (localtime_r(&t, &tm))
                strftime(when, sizeof when, "%b %d %H:%M:%S", &tm);
        if (json_object_object_get_ex(e, "message", &m) && json_object_is_type(m, json_type_string)) {
                message = json_object_get_string(m);
                len = (size_t) json_object_get_string_len(m);
        }
        printf("%s %s[%lld]: %s", when, str(e, "unit"), (long long) varlink_get_int(e, "pid", 0),
               red ? color(ANSI_HIGHLIGHT_RED) : "");
        fwrite(message, 1, len, stdout); /* may hold NULs */
        printf("%s\n", red && use_colors ? ANSI_NORMAL : "");
}

char *output_format_relative(char *buf, size_t len, usec_t t, usec_t now) {
        const usec_t minute = 60 * USEC_PER_SEC, hour = 60 * minute, day = 24 * hour, week = 7 * day;
        const usec_t month = 2629800 * USEC_PER_SEC, year = 31557600 * USEC_PER_SEC;
        const char *suffix = now >= t ? "ago" : "left";
        usec_t d = now >= t ? now - t : t - now;
        unsigned long long a, b;

        if (d >= year) {
                a = d / year, b = (d % year) / month;
                snprintf(buf, len, "%llu year%s %llu month%s %s", a, a == 1 ? "" : "s", b, b == 1 ? "" : "s", suffix);
        } else if (d >= month) {
                a = d / month, b = (d % month) / day;
                snprintf(buf, len, "%llu month%s %llu day%s %s", a, a == 1 ? "" : "s", b, b == 1 ? "" : "s", suffix);
        } else if (d >= week) {
                a = d / week, b = (d % week) / day;
                snprintf(buf, len, "%llu week%s %llu day%s %s", a, a == 1 ? "" : "s", b, b == 1 ? "" : "s", suffix);
        } else if (d >= 2 * day)
                snprintf(buf, len, "%llu days %s", (unsigned long long) (d / day), suffix);
        else if (d >= 25 * hour)
                snprintf(buf, len, "1 day %lluh %s", (unsigned long long) ((d - day) / hour), suffix);
        else if (d >= 6 * hour)
                snprintf(buf, len, "%lluh %s", (unsigned long long) (d / hour), suffix);
        else if (d >= hour)
                snprintf(buf, len, "%lluh %llumin %s", (unsigned long long) (d / hour),
                         (unsigned long long) ((d % hour) / minute), suffix);
        else if (d >= 5 * minute)
                snprintf(buf, len, "%llumin %s", (unsigned long long) (d / minute), suffix);
        else if (d >= minute)
                snprintf(buf, len, "%llumin %llus %s", (unsigned long long) (d / minute),
                         (unsigned long long) ((d % minute) / USEC_PER_SEC), suffix);
        else if (d >= USEC_PER_SEC)
                snprintf(buf, len, "%llus %s", (unsigned long long) (d / USEC_PER_SEC), suffix);
        else if (d >= USEC_PER_MSEC)
                snprintf(buf, len, "%llums %s", (unsigned long long) (d / USEC_PER_MSEC), suffix);
        else if (d > 0)
                snprintf(buf, len, "%lluus %s", (unsigned long long) d, suffix);
        else
                snprintf(buf, len, "now");
        return buf;
}

const char *output_exit_status_to_string(int status) {
        /* systemd.exec(5), "Process Exit Codes": libc, LSB, then systemd's own 200..245. */
        static const char *const names[] = {
                [0] = "SUCCESS",
                [1] = "FAILURE",
                [2] = "INVALIDARGUMENT",
                [3] = "NOTIMPLEMENTED",
                [4] = "NOPERMISSION",
                [5] = "NOTINSTALLED",
                [6] = "NOTCONFIGURED",
                [7] = "NOTRUNNING",
                [200] = "CHDIR",
                [201] = "NICE",
                [202] = "FDS",
                [203] = "EXEC",
                [204] = "MEMORY",
                [205] = "LIMITS",
                [206] = "OOM_ADJUST",
                [207] = "SIGNAL_MASK",
                [208] = "STDIN",
                [209] = "STDOUT",
                [210] = "CHROOT",
                [211] = "IOPRIO",
                [212] = "TIMERSLACK",
                [213] = "SECUREBITS",
                [214] = "SETSCHEDULER",
                [215] = "CPUAFFINITY",
                [216] = "GROUP",
                [217] = "USER",
                [218] = "CAPABILITIES",
                [219] = "CGROUP",
                [220] = "SETSID",
                [221] = "CONFIRM",
                [222] = "STDERR",
                [224] = "PAM",
                [225] = "NETWORK",
                [226] = "NAMESPACE",
                [227] = "NO_NEW_PRIVILEGES",
                [228] = "SECCOMP",
                [229] = "SELINUX_CONTEXT",
                [230] = "PERSONALITY",
                [231] = "APPARMOR_PROFILE",
                [232] = "ADDRESS_FAMILIES",
                [233] = "RUNTIME_DIRECTORY",
                [235] = "CHOWN",
                [236] = "SMACK_PROCESS_LABEL",
                [237] = "KEYRING",
                [238] = "STATE_DIRECTORY",
                [239] = "CACHE_DIRECTORY",
                [240] = "LOGS_DIRECTORY",
                [241] = "CONFIGURATION_DIRECTORY",
                [242] = "NUMA_POLICY",
                [243] = "CREDENTIALS",
                [245] = "BPF",
        };
        if (status < 0 || (size_t) status >= ELEMENTSOF(names))
                return NULL;
        return names[status];
}

/* The dot before a unit and the colour of its active state, as systemctl picks them. */
static void active_state_style(const char *active_state, const char **ret_glyph, const char **ret_on) {
        if (streq(active_state, "active") || streq(active_state, "reloading")) {
                *ret_glyph = GLYPH_BLACK_CIRCLE;
                *ret_on = color(ANSI_HIGHLIGHT_GREEN);
        } else if (streq(active_state, "failed")) {
                *ret_glyph = GLYPH_CROSS;
                *ret_on = color(ANSI_HIGHLIGHT_RED);
        } else if (streq(active_state, "inactive") || !*active_state) {
                *ret_glyph = GLYPH_WHITE_CIRCLE;
                *ret_on = "";
        } else { /* activating, deactivating */
                *ret_glyph = GLYPH_BLACK_CIRCLE;
                *ret_on = "";
        }
}

static void print_loaded(struct json_object *u) {
        const char *load_state = str(u, "LoadState"), *load_error = str(u, "LoadError");
        const char *path = str(u, "FragmentPath");
        const char *on = streq(load_state, "loaded") ? "" : color(ANSI_HIGHLIGHT_RED);
        const char *off = *on ? ANSI_NORMAL : "";

        printf("     Loaded: %s%s%s", on, *load_state ? load_state : "n/a", off);
        if (*load_error)
                printf(" (Reason: %s)\n", load_error);
        else if (*path)
                printf(" (%s)\n", path);
        else
                putchar('\n');
}

/* The timestamp systemctl shows after "since": when the unit entered its current state. */
static usec_t active_line_timestamp(struct json_object *u, const char *active_state) {
        const char *key;

        if (streq(active_state, "active") || streq(active_state, "reloading"))
                key = "ActiveEnterTimestamp";
        else if (streq(active_state, "inactive") || streq(active_state, "failed"))
                key = "InactiveEnterTimestamp";
        else if (streq(active_state, "deactivating"))
                key = "ActiveExitTimestamp";
        else /* activating: svcd has no InactiveExitTimestamp; the state change is that moment */
                key = "StateChangeTimestamp";
        int64_t t = varlink_get_int(u, key, 0);
        if (t <= 0)
                t = varlink_get_int(u, "StateChangeTimestamp", 0);
        return t > 0 ? (usec_t) t : 0;
}

static void print_active(struct json_object *u, const char *active_state, const char *on) {
        const char *sub_state = str(u, "SubState"), *result = str(u, "Result");
        usec_t t = active_line_timestamp(u, active_state);

        printf("     Active: %s%s", on, *active_state ? active_state : "n/a");
        /* systemctl leaves out a sub-state equal to the active state: "failed (Result: ...)" */
        if (*sub_state && !streq(sub_state, active_state))
                printf(" (%s)", sub_state);
        printf("%s", *on ? ANSI_NORMAL : "");
        if (*result && !streq(result, "success"))
                printf(" (Result: %s)", result);
        if (t > 0) {
                char abs[64], rel[64];
                printf(" since %s; %s", format_timestamp(abs, sizeof abs, t),
                       output_format_relative(rel, sizeof rel, t, now_usec(CLOCK_REALTIME)));
        }
        putchar('\n');
}

/* systemctl's lines for a start that a Condition*= skipped or an Assert*= failed. */
static void print_condition(struct json_object *u) {
        struct json_object *v;
        bool condition = !json_object_object_get_ex(u, "ConditionResult", &v) || json_object_get_boolean(v);
        bool assert = !json_object_object_get_ex(u, "AssertResult", &v) || json_object_get_boolean(v);
        const char *what = str(u, "ConditionFailure");
        usec_t t = (usec_t) varlink_get_int(u, condition ? "AssertTimestamp" : "ConditionTimestamp", 0);
        char abs[64], rel[64];

        if (condition && assert)
                return;
        printf("  %s: start %s failed at %s; %s\n", condition ? "   Assert" : "Condition",
               condition ? "assertion" : "condition", format_timestamp(abs, sizeof abs, t),
               output_format_relative(rel, sizeof rel, t, now_usec(CLOCK_REALTIME)));
        if (*what)
                printf("             `- %s was not met\n", what);
}

/* The name systemctl shows beside a running main PID: its comm. The PID is in svcd's PID
 * namespace, so /proc here may not have it; the basename of ExecStart's argv[0] is what svcd
 * executed. */
static const char *main_process_name(struct json_object *u) {
        struct json_object *argv, *arg0;

        if (!json_object_object_get_ex(u, "ExecStart", &argv) || !json_object_is_type(argv, json_type_array) ||
            json_object_array_length(argv) == 0)
                return NULL;
        arg0 = json_object_array_get_idx(argv, 0);
        if (!json_object_is_type(arg0, json_type_string))
                return NULL;
        return path_basename(json_object_get_string(arg0));
}

/* The "Main PID:" line without its end; false when there is nothing to show. */
static bool print_main_pid(struct json_object *u) {
        int64_t main_pid = varlink_get_int(u, "MainPID", 0);
        int64_t exec_pid = varlink_get_int(u, "ExecMainPID", 0);
        int64_t code = varlink_get_int(u, "ExecMainCode", 0);
        int status = (int) varlink_get_int(u, "ExecMainStatus", 0);

        if (main_pid > 0) {
                const char *name = main_process_name(u);
                printf("   Main PID: %lld", (long long) main_pid);
                if (name && *name)
                        printf(" (%s)", name);
                return true;
        }
        if (exec_pid <= 0 && code == 0)
                return false;
        /* The last main process has exited: show how (CLD_EXITED 1, CLD_KILLED 2, CLD_DUMPED 3).
         * A process that failed before execve() may have no PID to show; its code still counts. */
        fputs("   Main PID:", stdout);
        if (exec_pid > 0)
                printf(" %lld", (long long) exec_pid);
        if (code == 1) {
                const char *name = output_exit_status_to_string(status);
                printf(" (code=exited, status=%d%s%s)", status, name ? "/" : "", name ?: "");
        } else if (code == 2 || code == 3)
                printf(" (code=%s, signal=%s)", code == 2 ? "killed" : "dumped", signal_to_string(status));
        return true;
}

/* The main process, then the control process (ExecStartPre=, ExecReload=, ExecStop=, ...)
 * as systemctl shows them: "Main PID: 42 (app); Control PID: 43", or "Cntrl PID: 43"
 * on a line of its own while there is no main process. */
static void print_pids(struct json_object *u) {
        int64_t control_pid = varlink_get_int(u, "ControlPID", 0);
        bool main_line = print_main_pid(u);

        if (control_pid > 0)
                printf("%s%lld", main_line ? "; Control PID: " : "  Cntrl PID: ", (long long) control_pid);
        if (main_line || control_pid > 0)
                putchar('\n');
}

/* Not in systemctl's layout: svcd has no journal to show a crash loop, so it says here how
 * often the unit restarted and, while a restart is pending, when it comes. */
static void print_restarts(struct json_object *u) {
        int64_t n_restarts = varlink_get_int(u, "NRestarts", 0);
        bool pending = streq(str(u, "SubState"), "auto-restart");
        char left_buf[64], delay_buf[64];

        if (n_restarts <= 0 && !pending)
                return;
        printf("   Restarts: %lld", (long long) n_restarts);
        if (pending) {
                int64_t delay = varlink_get_int(u, "RestartUSecNext", 0);
                int64_t since = varlink_get_int(u, "StateChangeTimestamp", 0);
                usec_t now = now_usec(CLOCK_REALTIME);
                usec_t due = delay >= 0 && since > 0 ? usec_add((usec_t) since, (usec_t) delay) : 0;
                usec_t left = due > now ? due - now : 0;

                /* Whole seconds (rounded up) are enough to wait for; below one, milliseconds. */
                left = left >= USEC_PER_SEC ? (left + USEC_PER_SEC - 1) / USEC_PER_SEC * USEC_PER_SEC
                                            : (left + USEC_PER_MSEC - 1) / USEC_PER_MSEC * USEC_PER_MSEC;
                printf("; next restart %s%s (delay %s)", left > 0 ? "in " : "",
                       left > 0 ? format_timespan(left_buf, sizeof left_buf, left) : "due now",
                       format_timespan(delay_buf, sizeof delay_buf,
                                       delay == INT64_MAX ? USEC_INFINITY : (usec_t) MAX(delay, (int64_t) 0)));
        }
        putchar('\n');
}

/* svcd's own (ProcessTracking): how it finds the unit's processes, where systemctl shows
 * the control group. */
static void print_process_tracking(struct json_object *u) {
        const char *tracking = str(u, "ProcessTracking");

        if (!*tracking)
                return;
        const char *cgroup = str(u, "ControlGroup");
        if (*cgroup) {
                printf("     CGroup: %s\n", cgroup);
                return;
        }
        if (streq(tracking, "cgroup"))
                return; /* its cgroup is made with its next run: systemctl shows no line either */
        fputs("Process tracking: ", stdout);
        for (const char *c = tracking; *c; c++)
                putchar(*c == '-' ? ' ' : *c);
        putchar('\n');
}

void output_unit_status(struct json_object *u) {
        const char *id = str(u, "Id"), *description = str(u, "Description");
        const char *active_state = str(u, "ActiveState"), *text = str(u, "StatusText");
        const char *glyph, *on;
        int64_t status_errno = varlink_get_int(u, "StatusErrno", 0);

        active_state_style(active_state, &glyph, &on);
        printf("%s%s%s %s", on, glyph, *on ? ANSI_NORMAL : "", id);
        if (*description && !streq(description, id))
                printf(" - %s", description);
        putchar('\n');

        print_loaded(u);
        print_active(u, active_state, on);
        print_condition(u);
        print_pids(u);
        print_restarts(u);
        if (*text)
                printf("     Status: \"%s\"\n", text);
        if (status_errno > 0)
                printf("      Error: %lld (%s)\n", (long long) status_errno, strerror((int) status_errno));
        print_process_tracking(u);
        /* svcd's own: sandboxing the last start could not apply in this environment. */
        struct json_object *ne = NULL;
        if (json_object_object_get_ex(u, "NotEnforced", &ne) && json_object_is_type(ne, json_type_array))
                for (size_t i = 0; i < json_object_array_length(ne); i++)
                        printf("%s %s\n", i == 0 ? "NotEnforced:" : "            ",
                               json_object_get_string(json_object_array_get_idx(ne, i)));
}

static int compare_by_id(const void *a, const void *b) {
        struct json_object *const *x = a, *const *y = b;
        return strcmp(str(*x, "Id"), str(*y, "Id"));
}

void output_unit_list(struct json_object *units) {
        size_t n = json_object_array_length(units);
        int w_unit = (int) strlen("UNIT"), w_load = (int) strlen("LOAD"), w_active = (int) strlen("ACTIVE"),
            w_sub = (int) strlen("SUB");

        json_object_array_sort(units, compare_by_id);
        for (size_t i = 0; i < n; i++) {
                struct json_object *u = json_object_array_get_idx(units, i);
                w_unit = MAX(w_unit, (int) strlen(str(u, "Id")));
                w_load = MAX(w_load, (int) strlen(str(u, "LoadState")));
                w_active = MAX(w_active, (int) strlen(str(u, "ActiveState")));
                w_sub = MAX(w_sub, (int) strlen(str(u, "SubState")));
        }

        if (n > 0)
                printf("  %-*s %-*s %-*s %-*s %s\n", w_unit, "UNIT", w_load, "LOAD", w_active, "ACTIVE", w_sub, "SUB",
                       "DESCRIPTION");
        for (size_t i = 0; i < n; i++) {
                struct json_object *u = json_object_array_get_idx(units, i);
                const char *load = str(u, "LoadState"), *active = str(u, "ActiveState");
                bool failed = streq(active, "failed"), bad_load = !streq(load, "loaded");
                const char *red = color(ANSI_HIGHLIGHT_RED), *normal = use_colors ? ANSI_NORMAL : "";

                const char *description = str(u, "Description");

                /* Colour codes go around the padded fields so that they do not upset the widths;
                 * the last column is not padded, and an empty description leaves no blank. */
                printf("%s%s%s %-*s %s%-*s%s %s%-*s %-*s%s%s%s\n", failed ? red : "",
                       failed ? GLYPH_BLACK_CIRCLE : " ", failed ? normal : "", w_unit, str(u, "Id"),
                       bad_load ? red : "", w_load, load, bad_load ? normal : "", failed ? red : "", w_active, active,
                       *description ? w_sub : 0, str(u, "SubState"), failed ? normal : "", *description ? " " : "",
                       description);
        }
        /* systemctl says "units" for any count. */
        printf("%s%zu loaded units listed.\n", n > 0 ? "\n" : "", n);
}

struct summary {
        size_t n_loaded, n_active, n_failed;
};

static struct summary summarize(struct json_object *units) {
        struct summary s = {};
        size_t n = json_object_array_length(units);

        for (size_t i = 0; i < n; i++) {
                struct json_object *u = json_object_array_get_idx(units, i);
                const char *active = str(u, "ActiveState");
                s.n_loaded += streq(str(u, "LoadState"), "loaded");
                s.n_active += streq(active, "active");
                s.n_failed += streq(active, "failed");
        }
        return s;
}

/* GetSystemState's state; from the unit counts for an svcd that does not send it (systemd's
 * SystemState: "degraded" when a unit has failed). */
static const char *summary_state(struct json_object *system, const struct summary *s) {
        return varlink_get_string(system, "state") ?: s->n_failed > 0 ? "degraded" : "running";
}

/* GetSystemState's stopBudget (0: no limit) as a span; infinity for no limit. */
static usec_t summary_stop_budget(struct json_object *system) {
        int64_t budget = varlink_get_int(system, "stopBudget", 0);
        return budget > 0 ? (usec_t) budget : USEC_INFINITY;
}

/* The labels are right-aligned on their colon, as in systemctl status, to the longest one. */
#define SUMMARY_LABEL "%11s: "
#define SUMMARY_INDENT "             "

void output_summary(struct json_object *info, struct json_object *system, struct json_object *units) {
        struct summary s = summarize(units);
        const char *version = str(info, "version"), *state = summary_state(system, &s);
        const char *mode = varlink_get_string(system, "mode"), *container = varlink_get_string(system, "container");
        /* systemctl: running green, degraded red, the states on the way plain. */
        const char *on = streq(state, "running")    ? color(ANSI_HIGHLIGHT_GREEN)
                         : streq(state, "degraded") ? color(ANSI_HIGHLIGHT_RED)
                                                    : "";
        const char *off = *on ? ANSI_NORMAL : "";
        bool first = true;
        char budget[64];

        json_object_array_sort(units, compare_by_id);
        /* GetInfo's product is a phrase ("svcd service manager"); the title is the program. */
        printf("%s%s%s svcd %s\n", on, GLYPH_BLACK_CIRCLE, off, version);
        printf(SUMMARY_LABEL "%s%s%s\n", "State", on, state, off);
        /* svcd's role (svcd(8)): what a shutdown does and what its exit status means. */
        if (mode)
                printf(SUMMARY_LABEL "%s%s%s%s\n", "Mode", mode, container ? " (" : "", container ?: "",
                       container ? ")" : "");
        if (json_object_object_get_ex(system, "stopBudget", NULL))
                printf(SUMMARY_LABEL "%s\n", "Stop budget",
                       format_timespan(budget, sizeof budget, summary_stop_budget(system)));
        printf(SUMMARY_LABEL "%zu loaded, %zu active, %zu failed\n", "Units", s.n_loaded, s.n_active, s.n_failed);
        for (size_t i = 0; i < json_object_array_length(units); i++) {
                struct json_object *u = json_object_array_get_idx(units, i);
                if (!streq(str(u, "ActiveState"), "failed"))
                        continue;
                if (first)
                        printf(SUMMARY_LABEL, "Failed");
                else
                        fputs(SUMMARY_INDENT, stdout);
                printf("%s%s%s\n", color(ANSI_HIGHLIGHT_RED), str(u, "Id"), use_colors ? ANSI_NORMAL : "");
                first = false;
        }
}

void output_summary_json(struct json_object *info, struct json_object *system, struct json_object *units) {
        _cleanup_json_ struct json_object *o = json_object_new_object(), *failed = json_object_new_array();
        struct summary s = summarize(units);

        if (!o || !failed)
                return;
        for (size_t i = 0; i < json_object_array_length(units); i++) {
                struct json_object *u = json_object_array_get_idx(units, i);
                if (streq(str(u, "ActiveState"), "failed"))
                        json_object_array_add(failed, json_object_new_string(str(u, "Id")));
        }
        json_object_object_add(o, "Product", json_object_new_string(varlink_get_string(info, "product") ?: "svcd"));
        json_object_object_add(o, "Version", json_object_new_string(str(info, "version")));
        json_object_object_add(o, "SystemState", json_object_new_string(summary_state(system, &s)));
        /* svcd's own: its role, the container technology (null outside one) and the stop
         * budget in microseconds, 9223372036854775807 for none as the other *USec values
         * (not from an svcd without GetSystemState). */
        if (system) {
                const char *container = varlink_get_string(system, "container");
                usec_t budget = summary_stop_budget(system);

                json_object_object_add(o, "Mode", json_object_new_string(str(system, "mode")));
                json_object_object_add(o, "Container", container ? json_object_new_string(container) : NULL);
                json_object_object_add(o, "StopBudgetUSec", json_object_new_int64(budget == USEC_INFINITY
                                                                                          ? INT64_MAX
                                                                                          : (int64_t) budget));
        }
        json_object_object_add(o, "NLoadedUnits", json_object_new_int64((int64_t) s.n_loaded));
        json_object_object_add(o, "NActiveUnits", json_object_new_int64((int64_t) s.n_active));
        json_object_object_add(o, "NFailedUnits", json_object_new_int64((int64_t) s.n_failed));
        json_object_object_add(o, "FailedUnits", TAKE_PTR(failed));
        output_json(o);
}
