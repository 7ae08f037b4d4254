/* verbs-verify.c: `svcctl verify`: loads unit files with svcd's own loader, without a daemon,
 * and tells the author what svcd will do with each (diagnostics, support levels, Exec argv).
 *
 * The loader reports through the log (file:line: message); verify captures every warning
 * and error with log_set_capture() and prints them per unit, never to stderr with a prefix.
 * Which directives a unit sets comes from the loader's record (struct unit's settings). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "units/directives.h"
#include "units/unit-name.h"
#include "units/unit-path.h"
#include "units/unit.h"

/* A template is verified as this instance (systemd-analyze verify refuses bare templates;
 * an empty %i would make values like "After=dev-%i.device" look broken when they are not). */
#define VERIFY_PLACEHOLDER_INSTANCE "instance"

/* Diagnostics kept per unit; a 10 MB file of garbage warns on every line. The rest is counted. */
#define VERIFY_DIAGNOSTICS_MAX 1000

enum severity { SEVERITY_INFO, SEVERITY_WARNING, SEVERITY_ERROR };
static const char *const severity_names[] = { "info", "warning", "error" };

struct diagnostic {
        enum severity severity;
        char *message; /* as the loader logged it: "PATH:LINE: text" */
};

struct verify_result {
        struct diagnostic *diagnostics;
        size_t n_diagnostics, n_dropped;
        size_t n_errors, n_warnings, n_info;
        bool oom;
};

static void capture(int level, const char *message, void *userdata) {
        struct verify_result *res = userdata;

        if (res->n_diagnostics >= VERIFY_DIAGNOSTICS_MAX) {
                res->n_dropped++;
                /* Still counted, so that --strict and the summary see every one. */
                if (level <= LOG_ERR)
                        res->n_errors++;
                else
                        res->n_warnings++;
                return;
        }
        struct diagnostic *d = reallocarray(res->diagnostics, res->n_diagnostics + 1, sizeof *d);
        if (!d) {
                res->oom = true;
                return;
        }
        res->diagnostics = d;
        d[res->n_diagnostics].severity = level <= LOG_ERR ? SEVERITY_ERROR : SEVERITY_WARNING;
        d[res->n_diagnostics].message = strdup(message);
        if (!d[res->n_diagnostics].message) {
                res->oom = true;
                return;
        }
        res->n_diagnostics++;
}

static void verify_result_done(struct verify_result *res) {
        for (size_t i = 0; i < res->n_diagnostics; i++)
                free(res->diagnostics[i].message);
        free(res->diagnostics);
}

/* A valid value that svcd does not act on is logged as a warning ("PATH:LINE: Key= is not
 * supported by svcd (...)" from directive_apply(), "PATH:LINE: Type=dbus is not supported
 * yet; ..." from the Type= parser), but for verify it is information: the unit is correct,
 * svcd just does less with it, and --strict must not fail on it. Such a message is
 * recognised as "PATH:LINE: Key=" of a recorded, not enforced setting, followed by
 * " is not supported" (bad values say "is not a ..." instead). */
static bool is_unsupported_notice(const struct unit *u, const char *message) {
        for (size_t i = 0; i < u->n_settings; i++) {
                const struct unit_setting *s = &u->settings[i];
                _cleanup_free_ char *prefix = NULL;
                const char *rest;

                if (s->directive->support == DIRECTIVE_ENFORCED)
                        continue;
                if (asprintf(&prefix, "%s:%u: %s=", u->setting_files[s->file], s->line, s->directive->key) < 0)
                        return false;
                rest = startswith(message, prefix);
                if (rest && (startswith(rest, " is not supported by svcd (") || strstr(rest, " is not supported yet;")))
                        return true;
        }
        return false;
}

static void classify(struct verify_result *res, const struct unit *u) {
        res->n_errors = res->n_warnings = res->n_info = 0;
        for (size_t i = 0; i < res->n_diagnostics; i++) {
                struct diagnostic *d = &res->diagnostics[i];
                if (u && d->severity == SEVERITY_WARNING && is_unsupported_notice(u, d->message))
                        d->severity = SEVERITY_INFO;
                if (d->severity == SEVERITY_ERROR)
                        res->n_errors++;
                else if (d->severity == SEVERITY_WARNING)
                        res->n_warnings++;
                else
                        res->n_info++;
        }
}

/* Splits "PATH:LINE: text" (the loader's form) into its parts; line 0 when there is none.
 * "PATH: text" gives the path when it is absolute. */
static void split_location(const char *m, char **ret_file, unsigned *ret_line, const char **ret_text) {
        *ret_file = NULL;
        *ret_line = 0;
        *ret_text = m;
        for (const char *p = strchr(m, ':'); p; p = strchr(p + 1, ':')) {
                size_t n = strspn(p + 1, "0123456789");
                if (n > 0 && n < 10 && p[1 + n] == ':' && p[2 + n] == ' ') {
                        *ret_file = strndup(m, p - m);
                        *ret_line = (unsigned) strtoul(p + 1, NULL, 10);
                        *ret_text = p + 3 + n;
                        return;
                }
        }
        const char *sep = strstr(m, ": ");
        if (*m == '/' && sep) {
                *ret_file = strndup(m, sep - m);
                *ret_text = sep + 2;
        }
}

/* The Exec*= settings, in the order a service runs them (systemd.service(5)). */
struct exec_field {
        const char *name;
        size_t offset, n_offset;
};
#define EXEC_FIELD(name, field) { name, offsetof(struct unit, field), offsetof(struct unit, n_##field) }
static const struct exec_field exec_fields[] = {
        EXEC_FIELD("ExecCondition", exec_condition), EXEC_FIELD("ExecStartPre", exec_start_pre),
        EXEC_FIELD("ExecStart", exec_start),         EXEC_FIELD("ExecStartPost", exec_start_post),
        EXEC_FIELD("ExecReload", exec_reload),       EXEC_FIELD("ExecStop", exec_stop),
        EXEC_FIELD("ExecStopPost", exec_stop_post),
};

static const struct exec_command *exec_field_get(const struct unit *u, const struct exec_field *f, size_t *ret_n) {
        *ret_n = *(const size_t *) ((const char *) u + f->n_offset);
        return *(struct exec_command *const *) ((const char *) u + f->offset);
}

/* "-", "@", ":", "+", "!", "!!" as they were written (systemd.service(5), Table 1). */
static void exec_prefix(unsigned flags, char *buf) {
        char *p = buf;
        if (flags & EXEC_IGNORE_FAILURE)
                *p++ = '-';
        if (flags & EXEC_ARGV0)
                *p++ = '@';
        if (flags & EXEC_NO_ENV_EXPAND)
                *p++ = ':';
        if (flags & EXEC_FULL_PRIVILEGES)
                *p++ = '+';
        if (flags & EXEC_AMBIENT_MAGIC)
                *p++ = '!', *p++ = '!';
        else if (flags & EXEC_NO_SETUID)
                *p++ = '!';
        *p = 0;
}

/* One word, quoted for a shell when it needs it, so that the argv reads unambiguously. */
static void print_word(const char *w) {
        if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@%^") == strlen(w)) {
                fputs(w, stdout);
                return;
        }
        putchar('\'');
        for (const char *p = w; *p; p++)
                if (*p == '\'')
                        fputs("'\\''", stdout);
                else
                        putchar(*p);
        putchar('\'');
}

/* What the user asked for, resolved: the unit name to load and the search path. */
struct verify_target {
        char *name;          /* "foo.service", "foo@instance.service" for a template */
        char *template_name; /* "foo@.service" when name is the template's placeholder instance */
        const char *file;    /* the FILE argument, or NULL for a UNIT */
        const char *argument; /* as given on the command line */
        char **search_path;
};

static void verify_target_done(struct verify_target *t) {
        free(t->name);
        free(t->template_name);
        strv_free(t->search_path);
}

static bool is_file_argument(const char *arg) {
        struct stat st;
        return strchr(arg, '/') || lstat(arg, &st) == 0;
}

/* Fills t for arg. Returns SVCCTL_EXIT_SUCCESS, or prints why not and returns the exit code. */
static int resolve_target(const char *arg, char *const *search_path, struct verify_target *t) {
        _cleanup_free_ char *name = NULL;
        int r;

        if (is_file_argument(arg)) {
                struct stat st;
                const char *base = path_basename(arg);
                _cleanup_free_ char *dir = NULL;

                t->file = arg;
                dir = base > arg ? strndup(arg, base - arg) : strdup(".");
                if (!dir)
                        return SVCCTL_EXIT_FAILURE;
                /* "./foo.service" is found as "./foo.service", not ".//foo.service". */
                for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
                        dir[n - 1] = 0;
                name = strdup(base);
                if (!name)
                        return SVCCTL_EXIT_FAILURE;
                /* An instance file that does not exist is loaded from its template next to it. */
                if (stat(arg, &st) < 0) {
                        _cleanup_free_ char *template = NULL, *tpath = NULL;
                        int e = errno;
                        bool via_template = unit_name_is_instance(name) && unit_name_template_of(name, &template) >= 0 &&
                                            asprintf(&tpath, "%s/%s", dir, template) >= 0 && access(tpath, F_OK) == 0;
                        if (!via_template && lstat(arg, &st) < 0) {
                                log_error("%s: Cannot read the unit file: %s", arg, strerror(e));
                                return SVCCTL_EXIT_FAILURE;
                        }
                }
                /* Its directory first: the file itself wins, and drop-ins and templates next
                 * to it are found; then the usual path, for drop-ins in /etc and the like. */
                if (strv_extend(&t->search_path, dir) < 0)
                        return SVCCTL_EXIT_FAILURE;
                STRV_FOREACH(d, search_path)
                        if (!streq(*d, dir) && strv_extend(&t->search_path, *d) < 0)
                                return SVCCTL_EXIT_FAILURE;
        } else {
                r = verbs_complete_unit_name(arg, &name);
                if (r == -ENOMEM)
                        return SVCCTL_EXIT_FAILURE;
                if (r < 0) {
                        log_error("Invalid unit name \"%s\": a unit name has at most 255 characters out of "
                                  "[a-zA-Z0-9:_.\\-@].", arg);
                        return SVCCTL_EXIT_FAILURE;
                }
                t->search_path = strv_copy(search_path);
                if (!t->search_path && search_path)
                        return SVCCTL_EXIT_FAILURE;
        }

        if (unit_name_is_valid(name) && unit_name_is_template(name)) {
                t->template_name = TAKE_PTR(name);
                if (unit_name_replace_instance(t->template_name, VERIFY_PLACEHOLDER_INSTANCE, &name) < 0)
                        return SVCCTL_EXIT_FAILURE;
        }
        t->name = TAKE_PTR(name);
        return SVCCTL_EXIT_SUCCESS;
}

struct verify_outcome {
        const char *load_state; /* loaded, bad-setting, masked, not-found, not-supported, error */
        const char *reason;     /* for the states other than loaded */
        int exit;
};

static struct verify_outcome load_outcome(int r, bool verified, const struct verify_target *t) {
        switch (r) {
        case 0:
                if (verified)
                        return (struct verify_outcome) { "loaded", NULL, SVCCTL_EXIT_SUCCESS };
                return (struct verify_outcome) { "bad-setting", "Unit configuration has a fatal error; svcd would not start it.",
                                                 SVCCTL_EXIT_FAILURE };
        case -ERFKILL:
                return (struct verify_outcome) { "masked", "Unit is masked (linked to /dev/null or empty).",
                                                 SVCCTL_EXIT_SUCCESS };
        case -EPROTONOSUPPORT:
                return (struct verify_outcome) { "not-supported",
                                                 "Unit type is recognised but not supported by svcd (only .service and "
                                                 ".target are); units depending on it still load.",
                                                 SVCCTL_EXIT_SUCCESS };
        case -ENOENT:
                return (struct verify_outcome) { "not-found", "No such unit file on the unit search path.",
                                                 t->file ? SVCCTL_EXIT_FAILURE : SVCCTL_EXIT_NO_SUCH_UNIT };
        case -ENOMEM:
                return (struct verify_outcome) { "error", "Out of memory.", SVCCTL_EXIT_FAILURE };
        default:
                return (struct verify_outcome) { "error", "The unit could not be loaded (see the diagnostics).",
                                                 SVCCTL_EXIT_FAILURE };
        }
}

static void print_human(const struct verify_target *t, const struct unit *u, const struct verify_outcome *o,
                        const struct verify_result *res, bool first) {
        /* Before resolving failed there is neither name nor file: show the argument. */
        printf("%s%s", first ? "" : "\n", t->name ?: t->file ?: t->argument);
        if (u)
                printf(" (%s)", u->builtin ? "built-in" : u->fragment_path);
        else if (t->file && t->name)
                printf(" (%s)", t->file);
        printf(": %s\n", o->load_state);
        if (t->template_name)
                printf("  Template %s, verified as instance \"%s\" (%%i=%s).\n", t->template_name,
                       VERIFY_PLACEHOLDER_INSTANCE, VERIFY_PLACEHOLDER_INSTANCE);
        /* Diagnostics at the start of the line, as compilers print them, so that editors jump to them. */
        for (size_t i = 0; i < res->n_diagnostics; i++)
                printf("%s\n", res->diagnostics[i].message);
        if (res->n_dropped > 0)
                printf("... and %zu more diagnostics.\n", res->n_dropped);
        if (o->reason)
                printf("  %s\n", o->reason);
        if (!u)
                return;

        if (u->aliases)
                STRV_FOREACH(a, u->aliases)
                        printf("  Alias: %s\n", *a);
        STRV_FOREACH(d, u->dropin_paths)
                printf("  Drop-in: %s\n", *d);
        if (u->n_settings > 0)
                printf("  Directives:\n");
        for (size_t i = 0; i < u->n_settings; i++) {
                const struct unit_setting *s = &u->settings[i];
                char key[96];
                snprintf(key, sizeof key, "[%s] %s=", s->directive->section, s->directive->key);
                printf("    %-40s %-8s line %u", key, directive_support_to_string(s->directive->support), s->line);
                if (s->file > 0)
                        printf(" of %s", u->setting_files[s->file]);
                if (s->directive->note)
                        printf(": %s", s->directive->note);
                putchar('\n');
        }
        for (size_t i = 0; i < ELEMENTSOF(exec_fields); i++) {
                size_t n;
                const struct exec_command *c = exec_field_get(u, &exec_fields[i], &n);
                for (size_t j = 0; j < n; j++) {
                        char prefix[8];
                        exec_prefix(c[j].flags, prefix);
                        printf("  %s: %s", exec_fields[i].name, prefix);
                        if (c[j].flags & EXEC_ARGV0) {
                                print_word(c[j].path);
                                putchar(' ');
                        }
                        STRV_FOREACH(w, c[j].argv) {
                                if (w != c[j].argv)
                                        putchar(' ');
                                print_word(*w);
                        }
                        putchar('\n');
                }
        }
        printf("  %zu error%s, %zu warning%s, %zu ignored directive%s\n", res->n_errors, res->n_errors == 1 ? "" : "s",
               res->n_warnings, res->n_warnings == 1 ? "" : "s", res->n_info, res->n_info == 1 ? "" : "s");
}

static struct json_object *json_string_or_null(const char *s) {
        return s ? json_object_new_string(s) : NULL;
}

static void print_json(const struct verify_target *t, const struct unit *u, const struct verify_outcome *o,
                       const struct verify_result *res) {
        _cleanup_json_ struct json_object *obj = json_object_new_object();
        struct json_object *diags = json_object_new_array(), *dirs = json_object_new_array(),
                           *exec = json_object_new_object();

        json_object_object_add(obj, "name", json_string_or_null(u ? u->id : t->name));
        json_object_object_add(obj, "argument", json_string_or_null(t->file));
        json_object_object_add(obj, "path", json_string_or_null(u ? u->fragment_path : t->file));
        json_object_object_add(obj, "template", json_string_or_null(t->template_name));
        json_object_object_add(obj, "load_state", json_object_new_string(o->load_state));
        json_object_object_add(obj, "reason", json_string_or_null(o->reason));
        for (size_t i = 0; i < res->n_diagnostics; i++) {
                struct json_object *d = json_object_new_object();
                _cleanup_free_ char *file = NULL;
                const char *text;
                unsigned line;

                split_location(res->diagnostics[i].message, &file, &line, &text);
                json_object_object_add(d, "file", json_string_or_null(file));
                json_object_object_add(d, "line", line ? json_object_new_int64(line) : NULL);
                json_object_object_add(d, "severity", json_object_new_string(severity_names[res->diagnostics[i].severity]));
                json_object_object_add(d, "message", json_object_new_string(text));
                json_object_array_add(diags, d);
        }
        json_object_object_add(obj, "diagnostics", diags);
        json_object_object_add(obj, "diagnostics_dropped", json_object_new_int64((int64_t) res->n_dropped));
        json_object_object_add(obj, "errors", json_object_new_int64((int64_t) res->n_errors));
        json_object_object_add(obj, "warnings", json_object_new_int64((int64_t) res->n_warnings));
        json_object_object_add(obj, "ignored", json_object_new_int64((int64_t) res->n_info));

        if (u) {
                struct json_object *dropins = json_object_new_array();
                STRV_FOREACH(d, u->dropin_paths)
                        json_object_array_add(dropins, json_object_new_string(*d));
                json_object_object_add(obj, "dropins", dropins);
                for (size_t i = 0; i < u->n_settings; i++) {
                        const struct unit_setting *s = &u->settings[i];
                        struct json_object *d = json_object_new_object();
                        json_object_object_add(d, "section", json_object_new_string(s->directive->section));
                        json_object_object_add(d, "key", json_object_new_string(s->directive->key));
                        json_object_object_add(d, "file", json_object_new_string(u->setting_files[s->file]));
                        json_object_object_add(d, "line", json_object_new_int64(s->line));
                        json_object_object_add(d, "support",
                                               json_object_new_string(directive_support_to_string(s->directive->support)));
                        json_object_object_add(d, "note", json_string_or_null(s->directive->note));
                        json_object_array_add(dirs, d);
                }
                for (size_t i = 0; i < ELEMENTSOF(exec_fields); i++) {
                        size_t n;
                        const struct exec_command *c = exec_field_get(u, &exec_fields[i], &n);
                        if (n == 0)
                                continue;
                        struct json_object *cmds = json_object_new_array();
                        for (size_t j = 0; j < n; j++) {
                                struct json_object *argv = json_object_new_array();
                                STRV_FOREACH(w, c[j].argv)
                                        json_object_array_add(argv, json_object_new_string(*w));
                                json_object_array_add(cmds, argv);
                        }
                        json_object_object_add(exec, exec_fields[i].name, cmds);
                }
        }
        json_object_object_add(obj, "directives", dirs);
        json_object_object_add(obj, "exec", exec);
        output_json(obj);
}

/* Loads and reports one argument; returns its exit code. */
static int verify_one(struct verb_context *ctx, const char *arg, char *const *search_path, bool first) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        struct verify_target t = {};
        struct verify_result res = {};
        struct verify_outcome o;
        bool verified = false;
        int r, ret;

        log_set_capture(capture, &res);
        t.argument = arg;
        ret = resolve_target(arg, search_path, &t);
        if (ret != SVCCTL_EXIT_SUCCESS)
                o = (struct verify_outcome) { "error", "The argument names no unit file that can be read.", ret };
        else {
                r = unit_load(t.search_path, t.name, &u);
                if (r == 0)
                        verified = unit_verify(u) >= 0;
                o = load_outcome(r, verified, &t);
        }
        log_set_capture(NULL, NULL);

        classify(&res, u);
        if (res.oom)
                o = (struct verify_outcome) { "error", "Out of memory.", SVCCTL_EXIT_FAILURE };
        if (ctx->json)
                print_json(&t, u, &o, &res);
        else
                print_human(&t, u, &o, &res, first);

        ret = o.exit;
        if (res.n_errors > 0)
                ret = client_worse_exit(ret, SVCCTL_EXIT_FAILURE);
        if (ctx->strict && res.n_warnings > 0)
                ret = client_worse_exit(ret, SVCCTL_EXIT_FAILURE);
        verify_result_done(&res);
        verify_target_done(&t);
        return ret;
}

int verb_verify(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_strv_free_ char **search_path = NULL;
        int r, ret = SVCCTL_EXIT_SUCCESS;

        r = ctx->unit_path ? unit_path_parse(ctx->unit_path, &search_path) : unit_path_default(getuid() != 0, &search_path);
        if (r < 0) {
                fprintf(stderr, "Failed to determine the unit search path: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        /* Everything the loader logs is captured and printed per unit, never to stderr. */
        log_set_max_level(-1);
        for (int i = 0; i < n_args; i++)
                ret = client_worse_exit(ret, verify_one(ctx, args[i], search_path, i == 0));
        return ret;
}
