/* verbs-analyze.c: svcctl list-dependencies and svcctl analyze (blame, critical-chain, dot, plot): what they ask svcd, then cli/analyze.c's rendering.
 *
 * Each makes one ListUnits call (every unit with its dependency arrays and timestamps),
 * GetUnit for a name ListUnits did not list by (an alias: default.target), and for the
 * analyze views GetSystemState (startupTimestamp, bootFinished). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/analyze.h"
#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"

static int out_of_memory(void) {
        fprintf(stderr, "Out of memory.\n");
        return SVCCTL_EXIT_FAILURE;
}

/* Every unit svcd has loaded. */
static int load_units(struct verb_context *ctx, struct analyze_units **ret) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        _cleanup_json_ struct json_object *reply = NULL;
        struct json_object *units;
        int r;

        r = verbs_list_units(ctx, &reply, &units);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (analyze_units_new(&s) < 0 || analyze_units_add_array(s, units) < 0)
                return out_of_memory();
        *ret = TAKE_PTR(s);
        return SVCCTL_EXIT_SUCCESS;
}

/* arg as a unit name known to s: completed ("foo" is foo.service), and asked for with GetUnit
 * when ListUnits did not list it by that name. Prints why not and returns the exit code. */
static int resolve_root(struct verb_context *ctx, struct analyze_units *s, const char *arg, char **ret) {
        _cleanup_json_ struct json_object *reply = NULL;
        _cleanup_free_ char *name = NULL, *what = NULL;
        struct json_object *parameters, *unit;
        bool fatal;
        int r;

        r = verbs_unit_name_or_report(arg, ".service", &name);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (!analyze_units_get(s, name)) {
                if (asprintf(&what, "Failed to get unit %s", name) < 0)
                        return out_of_memory();
                r = client_call(ctx->client, METHOD_GET_UNIT, name, what, &reply, &parameters, &fatal);
                if (r != SVCCTL_EXIT_SUCCESS)
                        return r;
                if (!json_object_object_get_ex(parameters, "unit", &unit) ||
                    !json_object_is_type(unit, json_type_object)) {
                        fprintf(stderr, "%s: svcd's reply has no \"unit\" object.\n", what);
                        return SVCCTL_EXIT_FAILURE;
                }
                if (analyze_units_add(s, unit, name) < 0)
                        return out_of_memory();
        }
        *ret = TAKE_PTR(name);
        return SVCCTL_EXIT_SUCCESS;
}

/* Prints a JSON value a renderer built (r its result: call the renderer first, then this)
 * and drops it; -errno of the renderer is reported. */
static int print_json(int r, struct json_object *v) {
        if (r < 0) {
                fprintf(stderr, "Failed to build the output: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        output_json(v);
        json_object_put(v);
        return SVCCTL_EXIT_SUCCESS;
}

static int rendered(int r) {
        if (r < 0) {
                fprintf(stderr, "Failed to write the output: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}

/* The roots of a tree: the arguments, default.target without. */
typedef int (*root_renderer)(struct verb_context *ctx, const struct analyze_units *s, const char *root,
                             const void *options);

static int for_each_root(struct verb_context *ctx, struct analyze_units *s, char **args, int n_args,
                         root_renderer render, const void *options) {
        char *default_root[] = { (char *) "default.target" };
        int ret = SVCCTL_EXIT_SUCCESS;
        bool printed = false;

        if (n_args == 0) {
                args = default_root;
                n_args = 1;
        }
        for (int i = 0; i < n_args; i++) {
                _cleanup_free_ char *name = NULL;
                int r = resolve_root(ctx, s, args[i], &name);

                if (r != SVCCTL_EXIT_SUCCESS) {
                        ret = client_worse_exit(ret, r);
                        continue;
                }
                /* systemctl separates the trees by an empty line. */
                if (printed && !ctx->json)
                        putchar('\n');
                ret = client_worse_exit(ret, render(ctx, s, name, options));
                printed = true;
        }
        return ret;
}

static int render_dependency_tree(struct verb_context *ctx, const struct analyze_units *s, const char *root,
                                  const void *options) {
        struct json_object *v = NULL;

        if (ctx->json) {
                int r = analyze_dependency_tree_json(s, root, options, &v);
                return print_json(r, v);
        }
        return rendered(analyze_dependency_tree(s, root, options, stdout));
}

int verb_list_dependencies(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        struct analyze_tree_options o = { .all = ctx->all, .colors = output_colors() };
        int r;

        if (ctx->reverse + ctx->after + ctx->before > 1) {
                fprintf(stderr, "--reverse, --after and --before exclude each other.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        o.kind = ctx->reverse  ? ANALYZE_DEPS_REVERSE
                 : ctx->after  ? ANALYZE_DEPS_AFTER
                 : ctx->before ? ANALYZE_DEPS_BEFORE
                               : ANALYZE_DEPS_FORWARD;
        r = load_units(ctx, &s);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        return for_each_root(ctx, s, args, n_args, render_dependency_tree, &o);
}

/* --- analyze ------------------------------------------------------------------------------- */

struct startup {
        usec_t startup, finish;
};

/* When svcd started and when its start-up jobs were done (0: not yet). An svcd that does
 * not say when it started: the first unit's activation stands in. */
static int get_startup(struct verb_context *ctx, const struct analyze_units *s, struct startup *ret) {
        _cleanup_json_ struct json_object *reply = NULL;
        struct json_object *parameters;
        struct startup t;
        bool fatal;
        int r;

        r = client_call(ctx->client, METHOD_GET_SYSTEM_STATE, NULL, "Failed to query the system state", &reply,
                        &parameters, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        t.startup = (usec_t) MAX(varlink_get_int(parameters, "startupTimestamp", 0), (int64_t) 0);
        t.finish = (usec_t) MAX(varlink_get_int(parameters, "bootFinished", 0), (int64_t) 0);
        if (t.startup == 0)
                for (size_t i = 0; i < analyze_units_size(s); i++) {
                        int64_t a = varlink_get_int(analyze_units_at(s, i), "InactiveExitTimestamp", 0);
                        if (a > 0 && (t.startup == 0 || (usec_t) a < t.startup))
                                t.startup = (usec_t) a;
                }
        *ret = t;
        return SVCCTL_EXIT_SUCCESS;
}

/* Units and start-up times, for each analyze view. */
static int load_analysis(struct verb_context *ctx, struct analyze_units **ret_units, struct startup *ret_startup) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        int r;

        r = load_units(ctx, &s);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = get_startup(ctx, s, ret_startup);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        *ret_units = TAKE_PTR(s);
        return SVCCTL_EXIT_SUCCESS;
}

/* systemd-analyze refuses while the boot runs; svcd's views show the times so far, which is
 * what a start-up that hangs needs, and say so. */
static void note_unfinished(const struct startup *t) {
        if (t->finish == 0)
                fprintf(stderr, "Start-up is not finished yet: times up to now are shown; \"svcctl list-jobs\" "
                                "shows what is still queued or running.\n");
}

static int analyze_blame_verb(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        struct json_object *v = NULL;
        struct startup t;
        int r;

        r = load_analysis(ctx, &s, &t);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (ctx->json) {
                r = analyze_blame_json(s, t.startup, &v);
                return print_json(r, v);
        }
        return rendered(analyze_blame(s, t.startup, stdout));
}

static int render_critical_chain(struct verb_context *ctx, const struct analyze_units *s, const char *root,
                                 const void *options) {
        struct json_object *v = NULL;

        if (ctx->json) {
                int r = analyze_critical_chain_json(s, root, options, &v);
                return print_json(r, v);
        }
        return rendered(analyze_critical_chain(s, root, options, stdout));
}

static int analyze_critical_chain_verb(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        struct analyze_chain_options o = { .colors = output_colors() };
        struct startup t;
        int r;

        r = load_analysis(ctx, &s, &t);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        note_unfinished(&t);
        o.startup = t.startup;
        o.finish = t.finish > 0 ? t.finish : now_usec(CLOCK_REALTIME);
        if (!ctx->json)
                fputs(analyze_critical_chain_header, stdout);
        return for_each_root(ctx, s, args, n_args, render_critical_chain, &o);
}

static int analyze_dot_verb(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        int r;

        r = load_units(ctx, &s);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = rendered(analyze_dot(s, args, stdout));
        if (r != SVCCTL_EXIT_SUCCESS || ctx->quiet)
                return r;
        fputs(analyze_dot_legend, stderr);
        if (isatty(STDOUT_FILENO))
                fputs("-- You probably want to process this output with graphviz' dot tool.\n"
                      "-- Try a shell pipeline like 'svcctl analyze dot | dot -Tsvg >svcd.svg'!\n",
                      stderr);
        return SVCCTL_EXIT_SUCCESS;
}

static int analyze_plot_verb(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(analyze_units_freep) struct analyze_units *s = NULL;
        _cleanup_json_ struct json_object *reply = NULL;
        _cleanup_free_ char *title = NULL;
        struct json_object *info;
        struct startup t;
        char host[256] = "";
        bool fatal;
        int r;

        r = load_analysis(ctx, &s, &t);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = client_call(ctx->client, METHOD_GET_INFO, NULL, "Failed to query svcd", &reply, &info, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        note_unfinished(&t);
        (void) gethostname(host, sizeof host - 1);
        if (asprintf(&title, "svcd %s%s%s", varlink_get_string(info, "version") ?: "", *host ? " on " : "", host) < 0)
                return out_of_memory();
        struct analyze_plot_options o = {
                .startup = t.startup,
                .finish = t.finish,
                .now = now_usec(CLOCK_REALTIME),
                .title = title,
        };
        return rendered(analyze_plot(s, &o, stdout));
}

static const struct analyze_verb {
        const char *name, *args;
        int max_args;
        int (*run)(struct verb_context *ctx, char **args, int n_args);
        bool json; /* has a --json form */
        const char *help;
} analyze_verbs[] = {
        { "blame", "", 0, analyze_blame_verb, true, "Units by the time they took to start, slowest first" },
        { "critical-chain", "[UNIT...]", 1024, analyze_critical_chain_verb, true,
          "The After= chain that held up UNIT (default.target), with times" },
        { "dot", "[PATTERN...]", 1024, analyze_dot_verb, false,
          "The dependency graph for Graphviz: svcctl analyze dot | dot -Tsvg >deps.svg" },
        { "plot", "", 0, analyze_plot_verb, false, "The start-up as an SVG timeline: svcctl analyze plot >start.svg" },
};

void verbs_analyze_help(void) {
        for (size_t i = 0; i < ELEMENTSOF(analyze_verbs); i++) {
                char left[64];
                snprintf(left, sizeof left, "%s%s%s", analyze_verbs[i].name, *analyze_verbs[i].args ? " " : "",
                         analyze_verbs[i].args);
                printf("  analyze %-14s%s%s\n", left, strlen(left) > 14 ? "\n                         " : " ",
                       analyze_verbs[i].help);
        }
}

int verb_analyze(struct verb_context *ctx, char **args, int n_args) {
        for (size_t i = 0; i < ELEMENTSOF(analyze_verbs); i++) {
                const struct analyze_verb *v = &analyze_verbs[i];

                if (!streq(args[0], v->name))
                        continue;
                if (n_args - 1 > v->max_args) {
                        fprintf(stderr, "'analyze %s' takes no arguments. See 'svcctl --help'.\n", v->name);
                        return SVCCTL_EXIT_FAILURE;
                }
                if (ctx->json && !v->json) {
                        fprintf(stderr, "'analyze %s' has no JSON form: drop --json.\n", v->name);
                        return SVCCTL_EXIT_FAILURE;
                }
                /* Connected only now, so that a mistyped subcommand is told as such. */
                _cleanup_(varlink_client_freep) struct varlink_client *client = NULL;
                if (client_open(ctx->socket, &client) < 0)
                        return SVCCTL_EXIT_FAILURE;
                ctx->client = client;
                int r = v->run(ctx, args + 1, n_args - 1);
                ctx->client = NULL;
                return r;
        }
        fprintf(stderr, "Unknown analyze command '%s': use blame, critical-chain, dot or plot.\n", args[0]);
        return SVCCTL_EXIT_FAILURE;
}
