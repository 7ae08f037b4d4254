/* value-parsers.c: the scalar, name and enumeration parsers of the directive table (see value-parsers.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "units/exec-line.h"
#include "units/unit-name.h"
#include "units/unit.h"
#include "units/value-parsers.h"

static unsigned n_bad_values;

unsigned value_n_bad(void) {
        return n_bad_values;
}

void value_count_bad(void) {
        n_bad_values++;
}

int value_warn_bad(const struct directive_context *ctx, const char *value, const char *what) {
        n_bad_values++;
        log_warning("%s:%u: %s=%s is not %s, ignoring.", ctx->path, ctx->line, ctx->key, value, what);
        return 0;
}

int value_reset(const struct directive_context *ctx, void *data, size_t size) {
        memcpy(data, ctx->default_data, size);
        return 0;
}

int value_for_each_word(const struct directive_context *ctx, const char *value, const char *what,
                        int (*add)(const struct directive_context *ctx, const char *word, void *data), void *data) {
        const char *p = value;

        for (;;) {
                _cleanup_free_ char *word = NULL;
                const char *reason = NULL;
                int r = exec_line_next_word(&p, &word, &reason);

                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        n_bad_values++;
                        log_warning("%s:%u: %s=%s has %s, ignoring the rest.", ctx->path, ctx->line, ctx->key,
                                    value, reason);
                        return 0;
                }
                if (r == 0)
                        return 0;
                r = add(ctx, word, data);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0)
                        value_warn_bad(ctx, word, what);
        }
}

/* ---- enumerations ---- */

static const char *const emergency_action_names[] = { "none", "reboot", "reboot-force", "reboot-immediate",
                                                      "poweroff", "poweroff-force", "poweroff-immediate",
                                                      "exit", "exit-force", "halt", "halt-force",
                                                      "halt-immediate", NULL };
static const char *const job_mode_names[] = { "fail", "replace", "replace-irreversibly", "isolate", "flush",
                                              "ignore-dependencies", "ignore-requirements", NULL };
static const char *const collect_mode_names[] = { "inactive", "inactive-or-failed", NULL };
static const char *const exit_type_names[] = { "main", "cgroup", NULL };
static const char *const notify_access_names[] = { "none", "main", "exec", "all", NULL };
static const char *const timeout_failure_mode_names[] = { "terminate", "abort", "kill", NULL };
static const char *const oom_policy_names[] = { "continue", "stop", "kill", NULL };
static const char *const kill_mode_names[] = { "control-group", "mixed", "process", "none", NULL };
static const char *const protect_system_names[] = { "no", "yes", "full", "strict", NULL };
static const char *const protect_home_names[] = { "no", "yes", "read-only", "tmpfs", NULL };
static const char *const protect_proc_names[] = { "default", "noaccess", "invisible", "ptraceable", NULL };
static const char *const proc_subset_names[] = { "all", "pid", NULL };
static const char *const keyring_mode_names[] = { "inherit", "private", "shared", NULL };
static const char *const utmp_mode_names[] = { "init", "login", "user", NULL };
static const char *const runtime_preserve_names[] = { "no", "yes", "restart", NULL };
static const char *const mount_flags_names[] = { "", "shared", "slave", "private", NULL };
static const char *const numa_policy_names[] = { "default", "preferred", "bind", "interleave", "local", NULL };
static const char *const device_policy_names[] = { "auto", "closed", "strict", NULL };
static const char *const managed_oom_mode_names[] = { "auto", "kill", NULL };
static const char *const managed_oom_preference_names[] = { "none", "avoid", "omit", NULL };
static const char *const restart_names[] = { "no", "on-success", "on-failure", "on-abnormal", "on-watchdog",
                                             "on-abort", "always", NULL };

static const struct {
        const char *const *names;
        const char *what;
        bool boolean; /* "yes"/"no" and the other boolean words map to the "yes"/"no" entries */
} value_enums[_VALUE_ENUM_MAX] = {
        [VALUE_ENUM_EMERGENCY_ACTION] = { emergency_action_names, "an emergency action", false },
        [VALUE_ENUM_JOB_MODE] = { job_mode_names, "a job mode", false },
        [VALUE_ENUM_COLLECT_MODE] = { collect_mode_names, "a collect mode", false },
        [VALUE_ENUM_EXIT_TYPE] = { exit_type_names, "an exit type", false },
        [VALUE_ENUM_NOTIFY_ACCESS] = { notify_access_names, "a notify access setting", false },
        [VALUE_ENUM_TIMEOUT_FAILURE_MODE] = { timeout_failure_mode_names, "a timeout failure mode", false },
        [VALUE_ENUM_OOM_POLICY] = { oom_policy_names, "an OOM policy", false },
        [VALUE_ENUM_KILL_MODE] = { kill_mode_names, "a kill mode", false },
        [VALUE_ENUM_PROTECT_SYSTEM] = { protect_system_names, "a ProtectSystem= setting (yes, no, full, strict)", true },
        [VALUE_ENUM_PROTECT_HOME] = { protect_home_names, "a ProtectHome= setting (yes, no, read-only, tmpfs)", true },
        [VALUE_ENUM_PROTECT_PROC] = { protect_proc_names, "a ProtectProc= setting", false },
        [VALUE_ENUM_PROC_SUBSET] = { proc_subset_names, "a ProcSubset= setting (all, pid)", false },
        [VALUE_ENUM_KEYRING_MODE] = { keyring_mode_names, "a keyring mode", false },
        [VALUE_ENUM_UTMP_MODE] = { utmp_mode_names, "a utmp mode", false },
        [VALUE_ENUM_RUNTIME_PRESERVE] = { runtime_preserve_names, "a RuntimeDirectoryPreserve= setting", true },
        [VALUE_ENUM_MOUNT_FLAGS] = { mount_flags_names, "a mount propagation setting (shared, slave, private)", false },
        [VALUE_ENUM_NUMA_POLICY] = { numa_policy_names, "a NUMA policy", false },
        [VALUE_ENUM_DEVICE_POLICY] = { device_policy_names, "a device policy", false },
        [VALUE_ENUM_MANAGED_OOM_MODE] = { managed_oom_mode_names, "a managed OOM mode (auto, kill)", false },
        [VALUE_ENUM_MANAGED_OOM_PREFERENCE] = { managed_oom_preference_names, "a managed OOM preference", false },
        [VALUE_ENUM_RESTART] = { restart_names, "a restart policy", false },
};

const char *value_enum_to_string(enum value_enum e, int v) {
        if (e < 0 || e >= _VALUE_ENUM_MAX || v < 0)
                return NULL;
        for (int i = 0; value_enums[e].names[i]; i++)
                if (i == v)
                        return value_enums[e].names[i];
        return NULL;
}

int value_enum_from_string(enum value_enum e, const char *s) {
        if (e < 0 || e >= _VALUE_ENUM_MAX || !s || !*s)
                return -EINVAL;
        for (int i = 0; value_enums[e].names[i]; i++)
                if (streq(value_enums[e].names[i], s))
                        return i;
        if (value_enums[e].boolean) {
                int b = value_parse_boolean_word(s);
                if (b >= 0)
                        return value_enum_from_string(e, b ? "yes" : "no");
        }
        return -EINVAL;
}

int value_parse_enum(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        int *e = data, v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof(int));
        v = value_enum_from_string(ltype, value);
        if (v < 0)
                return value_warn_bad(ctx, value, value_enums[ltype].what);
        *e = v;
        return 0;
}

/* systemd.service(5) Type=: every value parses and runs as documented (svcd's spawn
 * returns once execve() succeeded, so "simple" already has exec's readiness; idle's only
 * difference is console ordering), but dbus: svcd has no bus, so it runs as simple and
 * the author is told so at file:line rather than finding out at run time. */
int value_parse_service_type(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        enum service_type *t = data;
        int v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *t);
        v = service_type_from_string(value);
        if (v < 0)
                return value_warn_bad(ctx, value, "a service type");
        if (v == SERVICE_DBUS)
                log_warning("%s:%u: Type=dbus is not supported yet; the service runs as Type=simple (svcd has "
                            "no D-Bus to watch for BusName=).", ctx->path, ctx->line);
        *t = (enum service_type) v;
        return 0;
}

/* ---- strings, paths, booleans, numbers ---- */

int value_parse_string(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char **s = data, *copy = NULL;

        if (*value && !(copy = strdup(value)))
                return log_oom();
        free(*s);
        *s = copy;
        return 0;
}

/* systemd.unit(5) and systemd.exec(5) want absolute paths; systemd also refuses ".."
 * components and control characters in them (path_is_normalized()). */
bool value_path_is_valid(const char *p, unsigned flags) {
        if ((flags & VALUE_PATH_DASH) && *p == '-')
                p++;
        if ((flags & VALUE_PATH_PLUS) && *p == '+')
                p++;
        if ((flags & VALUE_PATH_TILDE) && streq(p, "~"))
                return true;
        if (*p != '/' || strlen(p) >= PATH_MAX)
                return false;
        for (const char *s = p; *s; s++)
                if ((unsigned char) *s < ' ' || *s == 127)
                        return false;
        for (const char *s = p; (s = strstr(s, "..")); s += 2)
                if (s[-1] == '/' && (s[2] == '/' || s[2] == 0))
                        return false;
        return true;
}

int value_parse_path(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value && !value_path_is_valid(value, ltype))
                return value_warn_bad(ctx, value, "an absolute path");
        return value_parse_string(ctx, value, data, 0);
}

int value_parse_boolean_word(const char *s) {
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                if (strcasecmp(s, yes[i]) == 0)
                        return 1;
                if (strcasecmp(s, no[i]) == 0)
                        return 0;
        }
        return -EINVAL;
}

int value_parse_bool(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        bool *b = data;
        int v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *b);
        v = value_parse_boolean_word(value);
        if (v < 0)
                return value_warn_bad(ctx, value, "a boolean (yes, no, true, false, on, off, 1, 0)");
        *b = v;
        return 0;
}

int value_parse_u64_word(const char *s, uint64_t *ret) {
        char *end;
        unsigned long long v;

        if (!isdigit((unsigned char) *s))
                return -EINVAL;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno || *end)
                return -EINVAL;
        *ret = v;
        return 0;
}

int value_parse_unsigned(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        unsigned *u = data;
        uint64_t v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *u);
        if (value_parse_u64_word(value, &v) < 0 || v > UINT_MAX)
                return value_warn_bad(ctx, value, "an unsigned integer");
        *u = (unsigned) v;
        return 0;
}

static const struct {
        int min, max;
        const char *what;
} int_ranges[_VALUE_INT_MAX] = {
        [VALUE_INT_NICE] = { -20, 19, "a nice level (-20...19)" },
        [VALUE_INT_OOM_SCORE_ADJUST] = { -1000, 1000, "an OOM score adjustment (-1000...1000)" },
        [VALUE_INT_IO_PRIORITY] = { 0, 7, "an I/O priority (0...7)" },
        [VALUE_INT_CPU_PRIORITY] = { 0, 99, "a CPU scheduling priority (0...99)" },
        [VALUE_INT_EXIT_STATUS] = { 0, 255, "an exit status (0...255)" },
};

int value_parse_int(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        int *i = data;
        long v;
        char *end;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *i);
        errno = 0;
        v = strtol(value, &end, 10);
        if (errno || *end || end == value || isspace((unsigned char) *value) || v < int_ranges[ltype].min ||
            v > int_ranges[ltype].max)
                return value_warn_bad(ctx, value, int_ranges[ltype].what);
        *i = (int) v;
        return 0;
}

int value_parse_timespan_sec(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        usec_t *t = data, v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *t);
        if (parse_timespan(value, USEC_PER_SEC, &v) < 0)
                return value_warn_bad(ctx, value, "a valid time span");
        if (v == 0 && ltype == VALUE_TIMESPAN_ZERO_IS_INFINITY)
                v = USEC_INFINITY;
        *t = v;
        return 0;
}

/* TimerSlackNSec=: a bare number is nanoseconds; spans with units are converted. */
int value_parse_nsec(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        uint64_t *n = data, v;
        usec_t u;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *n);
        if (value_parse_u64_word(value, &v) == 0) {
                *n = v;
                return 0;
        }
        if (parse_timespan(value, USEC_PER_SEC, &u) < 0 || u == USEC_INFINITY)
                return value_warn_bad(ctx, value, "a valid time span in nanoseconds");
        *n = u * NSEC_PER_USEC;
        return 0;
}

/* systemd.service(5): TimeoutStartSec= "Passing "infinity" (or 0) disables"; TimeoutSec=
 * sets both TimeoutStartSec= and TimeoutStopSec=. data is timeout_start_usec; ltype 1
 * also sets the stop timeout. */
int value_parse_timeout(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        usec_t *start = data, v;

        if (*value == 0) {
                *start = unit_defaults.timeout_start_usec;
                if (ltype)
                        ctx->unit->timeout_stop_usec = unit_defaults.timeout_stop_usec;
                return 0;
        }
        if (parse_timespan(value, USEC_PER_SEC, &v) < 0)
                return value_warn_bad(ctx, value, "a valid time span");
        if (v == 0)
                v = USEC_INFINITY;
        *start = v;
        if (ltype)
                ctx->unit->timeout_stop_usec = v;
        return 0;
}

/* TimeoutAbortSec=: unset (empty) means TimeoutStopSec= applies; 0 means infinity. */
int value_parse_timeout_abort(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        usec_t *t = data, v;

        if (*value == 0) {
                *t = unit_defaults.timeout_abort_usec;
                ctx->unit->timeout_abort_set = false;
                return 0;
        }
        if (parse_timespan(value, USEC_PER_SEC, &v) < 0)
                return value_warn_bad(ctx, value, "a valid time span");
        *t = v == 0 ? USEC_INFINITY : v;
        ctx->unit->timeout_abort_set = true;
        return 0;
}

int value_parse_signal(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        int *sig = data, v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *sig);
        v = signal_from_string(value);
        if (v <= 0)
                return value_warn_bad(ctx, value, "a signal name or number");
        *sig = v;
        return 0;
}

/* UMask=, *DirectoryMode=: octal 0-07777 (systemd's parse_mode). */
int value_parse_mode(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        unsigned *m = data;
        unsigned long v;
        char *end;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *m);
        errno = 0;
        v = strtoul(value, &end, 8);
        if (errno || *end || !isdigit((unsigned char) *value) || v > 07777)
                return value_warn_bad(ctx, value, "an octal access mode (0000...7777)");
        *m = (unsigned) v;
        return 0;
}

/* ---- names and word lists ---- */

/* A unit name that may still hold specifiers ("postgresql@%i.service", systemd.unit(5)
 * "SPECIFIERS"): each "%x" is checked as if it were a plain character. */
bool value_unit_name_is_valid(const char *name) {
        _cleanup_free_ char *probe = strdup(name);
        char *out = probe;

        if (!probe)
                return false;
        for (const char *s = name; *s; s++) {
                if (s[0] == '%' && s[1]) {
                        *out++ = 'x';
                        s++;
                } else
                        *out++ = *s;
        }
        *out = 0;
        return unit_name_is_valid(probe);
}

/* systemd.exec(5) User=: "the user and group name must consist of [a-zA-Z0-9_-], must not
 * start with a digit or dash, and be at most 31 characters"; numeric ids are allowed too.
 * systemd's relaxed rules (dots, longer names) are accepted as Debian ships such names. */
bool value_user_group_name_is_valid(const char *name) {
        size_t n = strlen(name);
        uint64_t id;

        if (value_parse_u64_word(name, &id) == 0)
                return id < UINT32_MAX - 1;
        if (n == 0 || n > 256 || name[0] == '-' || isdigit((unsigned char) name[0]) || streq(name, ".") ||
            streq(name, ".."))
                return false;
        for (const char *s = name; *s; s++)
                if (!isalnum((unsigned char) *s) && !strchr("_-.@$%", *s))
                        return false;
        return true;
}

static bool documentation_url_is_valid(const char *s) {
        static const char *const schemes[] = { "http://", "https://", "file:", "info:", "man:" };
        for (size_t i = 0; i < ELEMENTSOF(schemes); i++) {
                const char *rest = startswith(s, schemes[i]);
                if (rest && *rest && !strpbrk(rest, " \t"))
                        return true;
        }
        return false;
}

static bool socket_unit_is_valid(const char *s) {
        return value_unit_name_is_valid(s) && endswith(s, ".socket");
}

static bool absolute_path_is_valid(const char *s) {
        return value_path_is_valid(s, 0);
}

/* systemd.exec(5) SystemCallArchitectures=: "native" and the identifiers of
 * ConditionArchitecture= (systemd.unit(5)). */
static bool architecture_is_valid(const char *s) {
        static const char *const archs[] = {
                "native", "x86", "x86-64", "x32", "arm", "arm64", "arm-be", "arm64-be", "mips", "mips-le",
                "mips64", "mips64-le", "ppc", "ppc-le", "ppc64", "ppc64-le", "s390", "s390x", "riscv32",
                "riscv64", "ia64", "parisc", "parisc64", "sh", "sh64", "sparc", "sparc64", "alpha", "cris",
                "tilegx", "loongarch64", "m68k", "mips64-n32", "mips64-le-n32",
        };
        for (size_t i = 0; i < ELEMENTSOF(archs); i++)
                if (streq(archs[i], s))
                        return true;
        return false;
}

/* systemd.resource-control(5) DisableControllers=, Delegate=. */
static bool controller_is_valid(const char *s) {
        static const char *const controllers[] = { "cpu", "cpuacct", "cpuset", "io", "blkio", "memory",
                                                   "devices", "pids", "bpf-firewall", "bpf-devices",
                                                   "bpf-foreign", "bpf-socket-bind",
                                                   "bpf-restrict-network-interfaces" };
        for (size_t i = 0; i < ELEMENTSOF(controllers); i++)
                if (streq(controllers[i], s))
                        return true;
        return false;
}

/* Environment variable names: systemd accepts any printable ASCII without "=", not
 * starting with a digit (env_name_is_valid()). */
static bool env_name_is_valid(const char *s) {
        if (!*s || isdigit((unsigned char) *s))
                return false;
        for (; *s; s++)
                if (*s == '=' || (unsigned char) *s <= ' ' || (unsigned char) *s >= 127)
                        return false;
        return true;
}

/* UnsetEnvironment=: a name, or a whole "VAR=value" assignment. */
static bool unset_env_is_valid(const char *s) {
        const char *eq = strchr(s, '=');
        _cleanup_free_ char *name = eq ? strndup(s, eq - s) : NULL;

        if (!eq)
                return env_name_is_valid(s);
        return name && env_name_is_valid(name);
}

static const struct {
        bool (*valid)(const char *);
        const char *what;
} word_kinds[_VALUE_WORDS_MAX] = {
        [VALUE_WORDS_UNIT_NAME] = { value_unit_name_is_valid, "a valid unit name" },
        [VALUE_WORDS_DOCUMENTATION] = { documentation_url_is_valid,
                                        "a documentation URL (http://, https://, file:, info:, man:)" },
        [VALUE_WORDS_USER_GROUP] = { value_user_group_name_is_valid, "a valid user or group name" },
        [VALUE_WORDS_ABSOLUTE_PATH] = { absolute_path_is_valid, "an absolute path" },
        [VALUE_WORDS_SOCKET_UNIT] = { socket_unit_is_valid, "a socket unit name" },
        [VALUE_WORDS_ARCHITECTURE] = { architecture_is_valid, "an architecture" },
        [VALUE_WORDS_CONTROLLER] = { controller_is_valid, "a cgroup controller" },
        [VALUE_WORDS_ENV_NAME] = { env_name_is_valid, "an environment variable name" },
        [VALUE_WORDS_UNSET_ENV] = { unset_env_is_valid, "an environment variable name or assignment" },
};

struct word_list_state {
        char ***list;
        bool (*valid)(const char *);
};

static int add_word(const struct directive_context *ctx, const char *word, void *data) {
        struct word_list_state *st = data;

        if (!st->valid(word))
                return -EINVAL;
        if (strv_contains(*st->list, word))
                return 0;
        return strv_extend(st->list, word);
}

/* Space-separated words; bad ones are warned about one by one and the good ones kept
 * (as systemd does). An empty assignment resets the list. */
int value_parse_words(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct word_list_state st = { .list = data, .valid = word_kinds[ltype].valid };

        if (*value == 0) {
                *st.list = strv_free(*st.list);
                return 0;
        }
        return value_for_each_word(ctx, value, word_kinds[ltype].what, add_word, &st);
}

int value_parse_user_group(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value && !value_user_group_name_is_valid(value))
                return value_warn_bad(ctx, value, "a valid user or group name");
        return value_parse_string(ctx, value, data, 0);
}

int value_parse_slice(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value && !(value_unit_name_is_valid(value) && endswith(value, ".slice")))
                return value_warn_bad(ctx, value, "a slice unit name");
        return value_parse_string(ctx, value, data, 0);
}

/* D-Bus well-known names: two or more dot-separated elements of [A-Za-z0-9_-], not
 * starting with a digit (D-Bus specification, "Bus names"). */
int value_parse_bus_name(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        bool ok = *value && *value != '.' && strlen(value) <= 255 && strchr(value, '.');
        bool start = true;

        for (const char *s = value; ok && *s; s++) {
                if (*s == '.') {
                        ok = !start;
                        start = true;
                        continue;
                }
                ok = isalnum((unsigned char) *s) || *s == '_' || *s == '-';
                if (start && isdigit((unsigned char) *s))
                        ok = false;
                start = false;
        }
        if (*value && (!ok || start))
                return value_warn_bad(ctx, value, "a D-Bus bus name");
        return value_parse_string(ctx, value, data, 0);
}

/* syslog(3) levels: names of systemd.exec(5) SyslogLevel= or numbers 0-7. */
int value_parse_log_level(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const levels[] = { "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug" };
        int *l = data;
        uint64_t v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *l);
        for (size_t i = 0; i < ELEMENTSOF(levels); i++)
                if (streq(levels[i], value)) {
                        *l = (int) i;
                        return 0;
                }
        if (value_parse_u64_word(value, &v) < 0 || v > 7)
                return value_warn_bad(ctx, value, "a log level (emerg, alert, crit, err, warning, notice, info, debug)");
        *l = (int) v;
        return 0;
}

int value_parse_syslog_facility(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const facilities[] = { "kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
                                                  "news", "uucp", "cron", "authpriv", "ftp", NULL, NULL, NULL,
                                                  NULL, "local0", "local1", "local2", "local3", "local4",
                                                  "local5", "local6", "local7" };
        int *f = data;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *f);
        for (size_t i = 0; i < ELEMENTSOF(facilities); i++)
                if (facilities[i] && streq(facilities[i], value)) {
                        *f = (int) (i << 3);
                        return 0;
                }
        return value_warn_bad(ctx, value, "a syslog facility");
}

/* systemd.unit(5) "Conditions and Asserts": "|" then "!" prefixes, then a non-empty
 * argument. svcd has no check for this condition: the value is validated only. */
int value_parse_condition_unsupported(const struct directive_context *ctx, const char *value, void *data,
                                      int ltype) {
        const char *p = value;

        if (*p == 0)
                return 0;
        if (*p == '|')
                p++;
        if (*p == '!')
                p++;
        p += strspn(p, " \t");
        if (*p == 0)
                return value_warn_bad(ctx, value, "a condition (an argument after \"|\" and \"!\")");
        return 0;
}

/* Directives systemd itself only warns about (config_parse_warn_compat): nothing stored. */
int value_parse_obsolete(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        return 0;
}

/* OnFailureIsolate=: the old boolean spelling of OnFailureJobMode=isolate. */
int value_parse_job_mode_isolate(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        enum job_mode *m = data;
        int b;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *m);
        b = value_parse_boolean_word(value);
        if (b < 0)
                return value_warn_bad(ctx, value, "a boolean (yes, no, true, false, on, off, 1, 0)");
        *m = b ? JOB_ISOLATE : JOB_REPLACE;
        return 0;
}
