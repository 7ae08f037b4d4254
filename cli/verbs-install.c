/* verbs-install.c: `svcctl enable`, `disable`, `reenable`, `mask`, `unmask`, `is-enabled`, `list-unit-files`, `get-default` and `set-default`: unit files, with or without svcd.
 *
 * The file work is cli/install.c's and needs no daemon (a Dockerfile's `RUN svcctl enable
 * app`); --root=DIR does it below DIR, as systemctl --root= does. When svcd answers on its
 * socket, it re-reads the unit files afterwards (daemon-reload, as systemctl does after
 * enable and disable); when nothing answers, that is skipped without a word. --now starts
 * (enable, unmask) or stops (disable, mask) the units through svcd and fails, after the
 * files were changed, when svcd is not running. Messages go to stderr, in systemctl's words. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/client.h"
#include "cli/install.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "units/unit-name.h"
#include "units/unit-path.h"

/* systemctl's notice for units without [Install] rules (systemd 252, word for word). */
#define STATIC_NOTICE                                                                                 \
        "The unit files have no installation config (WantedBy=, RequiredBy=, Also=,\n"               \
        "Alias= settings in the [Install] section, and DefaultInstance= for template\n"             \
        "units). This means they are not meant to be enabled using systemctl.\n"                    \
        " \n"                                                                                         \
        "Possible reasons for having this kind of units are:\n"                                       \
        "\u2022 A unit may be statically enabled by being symlinked from another unit's\n"          \
        "  .wants/ or .requires/ directory.\n"                                                        \
        "\u2022 A unit's purpose may be to act as a helper for some other unit which has\n"         \
        "  a requirement dependency on it.\n"                                                         \
        "\u2022 A unit may be started when needed via activation (socket, path, timer,\n"           \
        "  D-Bus, udev, scripted systemctl call, ...).\n"                                             \
        "\u2022 In case of template units, the unit is meant to be enabled with some\n"             \
        "  instance name specified.\n"

static bool has_root(const struct verb_context *ctx) {
        return ctx->root && *ctx->root && !streq(ctx->root, "/");
}

/* The search path (--unit-path, $SVCD_UNIT_PATH or the defaults; system mode below a root)
 * inside --root. Prints why not and returns the exit code on failure. */
static int open_paths(const struct verb_context *ctx, struct install_paths *p) {
        _cleanup_strv_free_ char **search_path = NULL;
        _cleanup_free_ char *root = NULL;
        struct stat st;
        int r;

        if (has_root(ctx)) {
                if (ctx->root[0] == '/')
                        root = strdup(ctx->root);
                else {
                        _cleanup_free_ char *cwd = getcwd(NULL, 0);
                        if (cwd && asprintf(&root, "%s/%s", cwd, ctx->root) < 0)
                                root = NULL;
                }
                if (!root) {
                        fprintf(stderr, "Out of memory.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
                if (stat(root, &st) < 0) {
                        fprintf(stderr, "--root=%s: %s.\n", ctx->root, strerror(errno));
                        return SVCCTL_EXIT_FAILURE;
                }
                if (!S_ISDIR(st.st_mode)) {
                        fprintf(stderr, "--root=%s: Not a directory.\n", ctx->root);
                        return SVCCTL_EXIT_FAILURE;
                }
        }
        r = ctx->unit_path ? unit_path_parse(ctx->unit_path, &search_path)
                           : unit_path_default(!has_root(ctx) && getuid() != 0, &search_path);
        if (r < 0) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        r = install_paths_init(p, root, search_path);
        if (r == -EINVAL) {
                fprintf(stderr, "The unit search path is empty: set --unit-path=, SVCD_UNIT_PATH or XDG_CONFIG_HOME.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (r < 0) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}

enum name_kind {
        NAMES_ONLY,      /* mask, unmask, is-enabled: "foo" is foo.service, a path is an error */
        NAMES_OR_PATHS,  /* enable, reenable: an absolute path is a unit file */
        NAMES_FROM_PATH, /* disable: a path stands for its file name (systemctl warns) */
};

/* The arguments as unit names (and paths). Prints what is wrong and returns the exit code. */
static int mangle_names(const struct verb_context *ctx, char **args, int n_args, enum name_kind kind, char ***ret) {
        _cleanup_strv_free_ char **names = NULL;
        bool warned = false;

        for (int i = 0; i < n_args; i++) {
                const char *arg = args[i];
                char *name = NULL;
                int r;

                if (strchr(arg, '/') && kind == NAMES_OR_PATHS) {
                        _cleanup_free_ char *cwd = NULL;

                        if (!unit_name_is_valid(path_basename(arg))) {
                                fprintf(stderr, "Failed to enable unit, \"%s\" is not a valid unit name.\n", arg);
                                return SVCCTL_EXIT_FAILURE;
                        }
                        if (!path_is_absolute(arg) && has_root(ctx)) {
                                fprintf(stderr, "Non-absolute paths are not allowed when --root is used: %s\n", arg);
                                return SVCCTL_EXIT_FAILURE;
                        }
                        if (path_is_absolute(arg))
                                name = strdup(arg);
                        else if ((cwd = getcwd(NULL, 0)) && asprintf(&name, "%s/%s", cwd, arg) < 0)
                                name = NULL;
                        r = name ? 0 : -ENOMEM;
                } else {
                        if (strchr(arg, '/') && kind == NAMES_FROM_PATH) {
                                if (!warned)
                                        fprintf(stderr, "Warning: Can't execute disable on the unit file path. "
                                                        "Proceeding with the unit name.\n");
                                warned = true;
                                arg = path_basename(arg);
                        }
                        r = verbs_complete_unit_name(arg, &name);
                }
                if (r == -ENOMEM) {
                        fprintf(stderr, "Out of memory.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
                if (r < 0) {
                        fprintf(stderr, "Invalid unit name \"%s\": a unit name has at most 255 characters out of "
                                        "[a-zA-Z0-9:_.\\-@].\n", arg);
                        return SVCCTL_EXIT_FAILURE;
                }
                if (strv_consume(&names, name) < 0) {
                        fprintf(stderr, "Out of memory.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
        }
        *ret = TAKE_PTR(names);
        return SVCCTL_EXIT_SUCCESS;
}

/* Connects to svcd if it runs; NULL and no message when nothing answers on the socket. */
static struct varlink_client *connect_if_running(const struct verb_context *ctx) {
        _cleanup_free_ char *path = NULL;
        struct varlink_client *c = NULL;

        if (client_socket_path(ctx->socket, &path) < 0 || varlink_client_connect(path, &c) < 0)
                return NULL;
        return c;
}

/* The instances of a template svcd has loaded, for --now ("foo@.service" -> "foo@*.service"). */
static int expand_template(struct varlink_client *client, const char *template, char ***names) {
        _cleanup_json_ struct json_object *reply = NULL;
        _cleanup_free_ char *pattern = NULL;
        struct json_object *parameters, *units;
        bool fatal;
        int r;

        if (asprintf(&pattern, "%.*s@*%s", (int) (strchr(template, '@') - template), template,
                     strrchr(template, '.')) < 0)
                return SVCCTL_EXIT_FAILURE;
        r = client_call(client, METHOD_LIST_UNITS, NULL, "Failed to list units", &reply, &parameters, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (!json_object_object_get_ex(parameters, "units", &units) || !json_object_is_type(units, json_type_array))
                return SVCCTL_EXIT_SUCCESS;
        for (size_t i = 0; i < json_object_array_length(units); i++) {
                const char *id = varlink_get_string(json_object_array_get_idx(units, i), "Id");
                if (id && fnmatch(pattern, id, FNM_NOESCAPE) == 0 && strv_extend(names, id) < 0)
                        return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}

enum now_action { NOW_START, NOW_STOP, NOW_TRY_RESTART };

/* --now: the job on each unit; templates as systemctl: skipped when enabling, their loaded
 * instances otherwise. */
static int run_now(struct verb_context *ctx, struct varlink_client *client, const char *verb, enum now_action action,
                   char *const *names) {
        _cleanup_strv_free_ char **units = NULL;
        int r;

        STRV_FOREACH(name, names) {
                const char *unit = path_basename(*name);

                if (!unit_name_is_template(unit)) {
                        if (strv_extend(&units, unit) < 0)
                                return SVCCTL_EXIT_FAILURE;
                        continue;
                }
                if (streq(verb, "enable") || streq(verb, "reenable")) {
                        fprintf(stderr, "Template unit is not supported by %s --now, skipping: %s\n", verb, unit);
                        continue;
                }
                r = expand_template(client, unit, &units);
                if (r != SVCCTL_EXIT_SUCCESS)
                        return r;
        }
        if (strv_length(units) == 0)
                return SVCCTL_EXIT_SUCCESS;
        ctx->client = client;
        switch (action) {
        case NOW_START:
                r = verb_start(ctx, units, (int) strv_length(units));
                break;
        case NOW_STOP:
                r = verb_stop(ctx, units, (int) strv_length(units));
                break;
        default:
                r = verb_try_restart(ctx, units, (int) strv_length(units));
        }
        ctx->client = NULL;
        return r;
}

/* After the files changed: svcd re-reads them if it runs (Reload), then --now. */
static int after_change(struct verb_context *ctx, const char *verb, enum now_action action, char *const *names) {
        _cleanup_(varlink_client_freep) struct varlink_client *client = NULL;
        int ret = SVCCTL_EXIT_SUCCESS;

        if (has_root(ctx)) {
                if (!ctx->now)
                        return SVCCTL_EXIT_SUCCESS;
                fprintf(stderr, "--now cannot be used with --root=: the units below the root are not svcd's, refusing.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        client = connect_if_running(ctx);
        if (client) {
                _cleanup_json_ struct json_object *reply = NULL;
                struct json_object *parameters;
                bool fatal;

                ret = client_call(client, METHOD_RELOAD, NULL, "Failed to reload svcd", &reply, &parameters, &fatal);
                if (ret != SVCCTL_EXIT_SUCCESS)
                        return ret;
        }
        if (!ctx->now)
                return ret;
        if (!client) {
                if (client_open(ctx->socket, &client) < 0) {
                        fprintf(stderr, "The unit files were changed, but --now needs svcd running to %s the units.\n",
                                action == NOW_STOP ? "stop" : "start");
                        return SVCCTL_EXIT_FAILURE;
                }
        }
        return run_now(ctx, client, verb, action, names);
}

typedef int (*install_operation)(const struct install_paths *p, char *const *names, struct install_changes *c);

static int run_install_verb(struct verb_context *ctx, char **args, int n_args, const char *verb, enum name_kind kind,
                            install_operation op, bool static_notice, enum now_action action) {
        _cleanup_(install_changes_done) struct install_changes changes = {};
        _cleanup_(install_paths_done) struct install_paths p = {};
        _cleanup_strv_free_ char **names = NULL;
        int r;

        r = mangle_names(ctx, args, n_args, kind, &names);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = open_paths(ctx, &p);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = op(&p, names, &changes);
        install_changes_print(stderr, r, verb, &changes, ctx->quiet);
        if (r < 0)
                return SVCCTL_EXIT_FAILURE;
        if (r == 0 && static_notice && !ctx->quiet)
                fputs(STATIC_NOTICE, stderr);
        return after_change(ctx, verb, action, names);
}

int verb_enable(struct verb_context *ctx, char **args, int n_args) {
        return run_install_verb(ctx, args, n_args, "enable", NAMES_OR_PATHS, install_enable, true, NOW_START);
}

int verb_disable(struct verb_context *ctx, char **args, int n_args) {
        return run_install_verb(ctx, args, n_args, "disable", NAMES_FROM_PATH, install_disable, false, NOW_STOP);
}

int verb_reenable(struct verb_context *ctx, char **args, int n_args) {
        return run_install_verb(ctx, args, n_args, "reenable", NAMES_OR_PATHS, install_reenable, true,
                                NOW_TRY_RESTART);
}

int verb_mask(struct verb_context *ctx, char **args, int n_args) {
        return run_install_verb(ctx, args, n_args, "mask", NAMES_ONLY, install_mask, false, NOW_STOP);
}

int verb_unmask(struct verb_context *ctx, char **args, int n_args) {
        return run_install_verb(ctx, args, n_args, "unmask", NAMES_ONLY, install_unmask, false, NOW_START);
}

int verb_is_enabled(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(install_paths_done) struct install_paths p = {};
        _cleanup_strv_free_ char **names = NULL;
        bool enabled = false, not_found = true;
        int r;

        r = mangle_names(ctx, args, n_args, NAMES_ONLY, &names);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = open_paths(ctx, &p);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        STRV_FOREACH(name, names) {
                enum install_state state;

                r = install_get_state(&p, *name, &state);
                /* As systemctl since v254: "not-found", and 4 when no unit was found at all. */
                if (r == -ENOENT) {
                        if (!ctx->quiet)
                                puts("not-found");
                        continue;
                }
                if (r < 0) {
                        fprintf(stderr, "Failed to get unit file state for %s: %s\n", *name, strerror(-r));
                        return SVCCTL_EXIT_FAILURE;
                }
                not_found = false;
                enabled = enabled || install_state_is_enabled(state);
                if (!ctx->quiet)
                        puts(install_state_to_string(state));
        }
        return enabled ? SVCCTL_EXIT_SUCCESS : not_found ? SVCCTL_EXIT_NO_SUCH_UNIT : SVCCTL_EXIT_FAILURE;
}

static void print_unit_files_json(const struct install_list_entry *l, size_t n) {
        _cleanup_json_ struct json_object *array = json_object_new_array();

        for (size_t i = 0; array && i < n; i++) {
                struct json_object *o = json_object_new_object();
                if (!o)
                        break;
                json_object_object_add(o, "unit_file", json_object_new_string(l[i].name));
                json_object_object_add(o, "state", json_object_new_string(install_state_to_string(l[i].state)));
                /* svcd has no preset policy (systemd.preset(5)): null, as systemctl prints it for
                 * units without one. */
                json_object_object_add(o, "preset", NULL);
                json_object_array_add(array, o);
        }
        if (array)
                output_json(array);
}

int verb_list_unit_files(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(install_paths_done) struct install_paths p = {};
        struct install_list_entry *l = NULL;
        size_t n = 0, name_width = strlen("UNIT FILE"), state_width = strlen("STATE");
        int r;

        r = open_paths(ctx, &p);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = install_list(&p, n_args > 0 ? args : NULL, &l, &n);
        if (r < 0) {
                fprintf(stderr, "Failed to list unit files: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        if (ctx->json)
                print_unit_files_json(l, n);
        else {
                for (size_t i = 0; i < n; i++) {
                        name_width = MAX(name_width, strlen(l[i].name));
                        state_width = MAX(state_width, strlen(install_state_to_string(l[i].state)));
                }
                /* systemctl's columns; -q drops the header and the count. PRESET is always "-":
                 * svcd has no presets. */
                if (!ctx->quiet)
                        printf("%-*s %-*s %s\n", (int) name_width, "UNIT FILE", (int) state_width, "STATE", "PRESET");
                for (size_t i = 0; i < n; i++)
                        printf("%-*s %-*s %s\n", (int) name_width, l[i].name, (int) state_width,
                               install_state_to_string(l[i].state), "-");
                if (!ctx->quiet)
                        printf("\n%zu unit files listed.\n", n);
        }
        install_list_free(l, n);
        /* As systemctl: nothing listed is a failure (a pattern that matches nothing). */
        return n > 0 ? SVCCTL_EXIT_SUCCESS : SVCCTL_EXIT_FAILURE;
}

/* systemctl get-default: the target svcd boots (install_get_default()). */
int verb_get_default(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(install_paths_done) struct install_paths p = {};
        _cleanup_free_ char *name = NULL;
        int r;

        r = open_paths(ctx, &p);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = install_get_default(&p, &name);
        if (r == -ERFKILL) {
                fprintf(stderr, "Failed to get default target: Unit file is masked.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (r < 0) {
                fprintf(stderr, "Failed to get default target: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        if (ctx->json) {
                _cleanup_json_ struct json_object *v = json_object_new_string(name);
                if (v)
                        output_json(v);
        } else
                puts(name);
        return SVCCTL_EXIT_SUCCESS;
}

/* systemctl set-default TARGET: "foo" is foo.target; then svcd re-reads the unit files if it
 * runs, and, as systemctl, a note when the default is not what was asked for after all. */
int verb_set_default(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_(install_changes_done) struct install_changes changes = {};
        _cleanup_(install_paths_done) struct install_paths p = {};
        _cleanup_free_ char *name = NULL, *final = NULL;
        int r, ret;

        r = verbs_unit_name_or_report(args[0], ".target", &name);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = open_paths(ctx, &p);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        r = install_set_default(&p, name, &changes);
        install_changes_print(stderr, r, "set default", &changes, ctx->quiet);
        if (r < 0)
                return SVCCTL_EXIT_FAILURE;
        ret = after_change(ctx, "set-default", NOW_START, NULL);
        if (!ctx->quiet && install_get_default(&p, &final) >= 0 && !streq(final, name))
                fprintf(stderr, "Note: \"%s\" is the default unit (possibly a runtime override).\n", final);
        return ret;
}
