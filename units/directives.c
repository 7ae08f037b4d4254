/* directives.c: the sorted directive table and the typed parsers behind it (DESIGN.md decision 4). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "units/directives.h"
#include "units/exec-line.h"
#include "units/unit-name.h"
#include "units/unit.h"

/* ltype of time spans: systemd treats TimeoutStopSec=0 as "infinity", a compatibility
 * rule from before "infinity" existed (config_parse_sec_fix_0 in systemd). */
#define TIMESPAN_ZERO_IS_INFINITY 1

/* "PATH:LINE: Key=value is not <what>, ignoring." The one shape of bad-value warnings. */
static int warn_bad_value(const struct directive_context *ctx, const char *value, const char *what) {
        log_warning("%s:%u: %s=%s is not %s, ignoring.", ctx->path, ctx->line, ctx->key, value, what);
        return 0;
}

/* Description=: free text (systemd.unit(5)); empty resets to none. */
static int parse_string(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char **s = data, *copy = NULL;

        if (*value && !(copy = strdup(value)))
                return log_oom();
        free(*s);
        *s = copy;
        return 0;
}

/* systemd.unit(5) Documentation=: "http://", "https://", "file:", "info:", "man:" URIs. */
static bool documentation_url_is_valid(const char *s) {
        static const char *const schemes[] = { "http://", "https://", "file:", "info:", "man:" };
        for (size_t i = 0; i < ELEMENTSOF(schemes); i++) {
                const char *rest = startswith(s, schemes[i]);
                if (rest && *rest && !strpbrk(rest, " \t"))
                        return true;
        }
        return false;
}

/* Space-separated words, quoting as systemd.syntax(7). Each word is checked by valid;
 * bad ones are warned about one by one and the good ones kept (as systemd does). An
 * empty assignment resets the list. */
static int parse_word_list(const struct directive_context *ctx, const char *value, char ***list,
                           bool (*valid)(const char *), const char *what) {
        const char *p = value;

        if (*value == 0) {
                *list = strv_free(*list);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;
                const char *reason = NULL;
                int r = exec_line_next_word(&p, &word, &reason);

                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_warning("%s:%u: %s=%s has %s, ignoring the rest.", ctx->path, ctx->line, ctx->key,
                                    value, reason);
                        return 0;
                }
                if (r == 0)
                        return 0;
                if (!valid(word)) {
                        warn_bad_value(ctx, word, what);
                        continue;
                }
                if (strv_contains(*list, word))
                        continue;
                if (strv_consume(list, TAKE_PTR(word)) < 0)
                        return log_oom();
        }
}

static int parse_documentation(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        return parse_word_list(ctx, value, data, documentation_url_is_valid,
                               "a documentation URL (http://, https://, file:, info:, man:)");
}

/* A unit name that may still hold specifiers ("postgresql@%i.service", systemd.unit(5)
 * "SPECIFIERS"): until the specifier pass exists, each "%x" is checked as if it were a
 * plain character and the name is kept as written. */
static bool unit_name_is_valid_unresolved(const char *name) {
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

/* WantedBy=: unit names (systemd.unit(5) [Install]). */
static int parse_unit_names(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        return parse_word_list(ctx, value, data, unit_name_is_valid_unresolved, "a valid unit name");
}

/* *Sec= settings: systemd.time(7) spans, a bare number is seconds, "infinity" allowed. */
static int parse_timespan_sec(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        usec_t *t = data, v;

        if (*value == 0) {
                *t = *(const usec_t *) ctx->default_data;
                return 0;
        }
        if (parse_timespan(value, USEC_PER_SEC, &v) < 0)
                return warn_bad_value(ctx, value, "a valid time span");
        if (v == 0 && ltype == TIMESPAN_ZERO_IS_INFINITY)
                v = USEC_INFINITY;
        *t = v;
        return 0;
}

static int parse_unsigned(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        unsigned *u = data;
        unsigned long v;
        char *end;

        if (*value == 0) {
                *u = *(const unsigned *) ctx->default_data;
                return 0;
        }
        errno = 0;
        v = isdigit((unsigned char) *value) ? strtoul(value, &end, 10) : 0;
        if (!isdigit((unsigned char) *value) || errno || *end || v > UINT_MAX)
                return warn_bad_value(ctx, value, "an unsigned integer");
        *u = (unsigned) v;
        return 0;
}

/* systemd.service(5) Type=: every value parses. svcd runs simple, exec and idle as
 * documented (its spawn returns once execve() succeeded, so "simple" already has exec's
 * readiness; idle's only difference is console ordering); the other types run as simple
 * for now, and the author is told so at file:line rather than finding out at run time. */
static int parse_service_type(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        enum service_type *t = data;
        int v;

        if (*value == 0) {
                *t = *(const enum service_type *) ctx->default_data;
                return 0;
        }
        v = service_type_from_string(value);
        if (v < 0)
                return warn_bad_value(ctx, value, "a service type");
        if (v != SERVICE_SIMPLE && v != SERVICE_EXEC && v != SERVICE_IDLE)
                log_warning("%s:%u: Type=%s is not supported yet; the service runs as Type=simple%s.", ctx->path,
                            ctx->line, value,
                            v == SERVICE_ONESHOT ? " (only its first ExecStart= runs)" : "");
        *t = (enum service_type) v;
        return 0;
}

static int parse_restart(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        enum restart_policy *p = data;
        int v;

        if (*value == 0) {
                *p = *(const enum restart_policy *) ctx->default_data;
                return 0;
        }
        v = restart_policy_from_string(value);
        if (v < 0)
                return warn_bad_value(ctx, value, "a restart policy");
        *p = (enum restart_policy) v;
        return 0;
}

/* Exec*=: data is the command array; ltype is the offset of its count in struct unit.
 * systemd.service(5): "If the empty string is assigned to this option, the list of
 * commands to start is reset, prior assignments of this option will have no effect." */
static int parse_exec(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct exec_command **commands = data;
        size_t *n = (size_t *) ((char *) ctx->unit + ltype);
        const char *reason = NULL;
        int r;

        if (*value == 0) {
                exec_command_free_array(*commands, *n);
                *commands = NULL;
                *n = 0;
                return 0;
        }
        r = exec_line_parse(value, ctx->line, commands, n, &reason);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                log_warning("%s:%u: %s=%s is not a valid command line (%s), ignoring.", ctx->path, ctx->line,
                            ctx->key, value, reason);
                return 0;
        }
        return 0;
}

#define U(field) offsetof(struct unit, field)

/* Sorted by section, then key (strcmp order): directive_lookup() bisects it, and
 * tests/unit/test-directives.c checks the order. The "StartLimitInterval" spellings
 * and the [Service] placement are older names systemd still accepts. */
static const struct directive directives[] = {
        { "Install", "WantedBy",              parse_unit_names,    U(wanted_by),                 0, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecStart",             parse_exec,          U(exec_start),                U(n_exec_start), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "Restart",               parse_restart,       U(restart),                   0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartSec",            parse_timespan_sec,  U(restart_usec),              0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StartLimitBurst",       parse_unsigned,      U(start_limit_burst),         0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StartLimitInterval",    parse_timespan_sec,  U(start_limit_interval_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimeoutStopSec",        parse_timespan_sec,  U(timeout_stop_usec),         TIMESPAN_ZERO_IS_INFINITY, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "Type",                  parse_service_type,  U(service_type),              0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit",    "Description",           parse_string,        U(description),               0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit",    "Documentation",         parse_documentation, U(documentation),             0, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Unit",    "StartLimitBurst",       parse_unsigned,      U(start_limit_burst),         0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit",    "StartLimitInterval",    parse_timespan_sec,  U(start_limit_interval_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit",    "StartLimitIntervalSec", parse_timespan_sec,  U(start_limit_interval_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
};

static int directive_compare(const void *a, const void *b) {
        const struct directive *x = a, *y = b;
        int c = strcmp(x->section, y->section);
        return c != 0 ? c : strcmp(x->key, y->key);
}

const struct directive *directive_lookup(const char *section, const char *key) {
        const struct directive needle = { .section = section, .key = key };
        return bsearch(&needle, directives, ELEMENTSOF(directives), sizeof directives[0], directive_compare);
}

const struct directive *directive_table(size_t *ret_n) {
        *ret_n = ELEMENTSOF(directives);
        return directives;
}

bool directive_section_known(const char *section) {
        for (size_t i = 0; i < ELEMENTSOF(directives); i++)
                if (streq(directives[i].section, section))
                        return true;
        return false;
}
