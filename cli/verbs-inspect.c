/* verbs-inspect.c: the svcctl verbs that show a unit's definition and properties (cat, show)
 * and that make svcd re-read unit files (daemon-reload). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/fd-util.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "units/special-units.h"

/* One GetUnit call; prints the error and returns the exit code on failure. */
static int get_unit(struct verb_context *ctx, const char *arg, const char *verb, struct json_object **ret_reply,
                    struct json_object **ret_unit, bool *ret_fatal) {
        _cleanup_free_ char *name = NULL, *what = NULL;
        struct json_object *parameters, *unit;
        int r;

        *ret_fatal = false;
        if (verbs_complete_unit_name(arg, &name) < 0) {
                fprintf(stderr, "Invalid unit name \"%s\".\n", arg);
                return SVCCTL_EXIT_FAILURE;
        }
        if (asprintf(&what, "Failed to %s %s", verb, name) < 0)
                return SVCCTL_EXIT_FAILURE;
        r = client_call(ctx->client, METHOD_GET_UNIT, name, what, ret_reply, &parameters, ret_fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (!json_object_object_get_ex(parameters, "unit", &unit) || !json_object_is_type(unit, json_type_object)) {
                fprintf(stderr, "%s: svcd's reply has no \"unit\" object.\n", what);
                return SVCCTL_EXIT_FAILURE;
        }
        *ret_unit = unit;
        return SVCCTL_EXIT_SUCCESS;
}

/* Copies a file to stdout under a "# PATH" header, as systemctl cat does. */
static int cat_file(const char *path, bool first) {
        _cleanup_fclose_ FILE *f = NULL;
        char buf[65536];
        size_t n, last = 0;
        int r = fopen_regular(path, &f);

        if (r < 0) {
                fprintf(stderr, "Failed to read %s: %s\n", path,
                        r == -EBADFD ? "not a regular file" : strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        printf("%s# %s\n", first ? "" : "\n", path);
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
                fwrite(buf, 1, n, stdout);
                last = n;
        }
        if (last > 0 && buf[last - 1] != '\n')
                putchar('\n');
        return ferror(f) ? SVCCTL_EXIT_FAILURE : SVCCTL_EXIT_SUCCESS;
}

int verb_cat(struct verb_context *ctx, char **args, int n_args) {
        int ret = SVCCTL_EXIT_SUCCESS;
        bool first = true;

        for (int i = 0; i < n_args; i++) {
                _cleanup_json_ struct json_object *reply = NULL;
                struct json_object *unit, *dropins;
                bool fatal;
                int r = get_unit(ctx, args[i], "cat", &reply, &unit, &fatal);

                if (r != SVCCTL_EXIT_SUCCESS) {
                        ret = client_worse_exit(ret, r);
                        if (fatal)
                                break;
                        continue;
                }
                const char *fragment = varlink_get_string(unit, "FragmentPath");
                const char *id = varlink_get_string(unit, "Id") ?: args[i];
                const char *load = varlink_get_string(unit, "LoadState");
                const char *builtin = load && streq(load, "loaded") ? special_units_text(id) : NULL;
                if ((!fragment || !*fragment) && !builtin) {
                        fprintf(stderr, "No files found for %s.\n", id);
                        ret = client_worse_exit(ret, SVCCTL_EXIT_FAILURE);
                        continue;
                }
                if (fragment && *fragment)
                        ret = client_worse_exit(ret, cat_file(fragment, first));
                else /* one of svcd's special targets (systemd.special(7)), defined without a file */
                        printf("%s# built-in %s\n%s", first ? "" : "\n", id, builtin);
                first = false;
                if (json_object_object_get_ex(unit, "DropInPaths", &dropins) &&
                    json_object_is_type(dropins, json_type_array))
                        for (size_t k = 0; k < json_object_array_length(dropins); k++) {
                                const char *p = json_object_get_string(json_object_array_get_idx(dropins, k));
                                if (p)
                                        ret = client_worse_exit(ret, cat_file(p, false));
                        }
        }
        return ret;
}

/* A property's value as `systemctl show` prints it: timestamps as dates, *USec (and
 * RestartUSecNext) as spans, lists space-separated with each element quoted where it needs
 * it (shell_maybe_quote(), as systemctl does), null as empty. */
static void print_value(const char *key, struct json_object *v) {
        char buf[128];

        if (!v)
                return;
        switch (json_object_get_type(v)) {
        case json_type_array:
                for (size_t k = 0; k < json_object_array_length(v); k++) {
                        _cleanup_free_ char *e = shell_maybe_quote(json_object_get_string(json_object_array_get_idx(v, k)));
                        printf("%s%s", k ? " " : "", e ?: "");
                }
                return;
        case json_type_int:
                if (endswith(key, "Timestamp")) {
                        int64_t t = json_object_get_int64(v);
                        if (t > 0)
                                fputs(format_timestamp(buf, sizeof buf, (usec_t) t), stdout);
                        return;
                }
                if (endswith(key, "USec") || endswith(key, "USecNext")) {
                        int64_t t = json_object_get_int64(v);
                        fputs(format_timespan(buf, sizeof buf, t == INT64_MAX ? USEC_INFINITY : (usec_t) t), stdout);
                        return;
                }
                printf("%" PRId64, json_object_get_int64(v));
                return;
        case json_type_boolean:
                fputs(json_object_get_boolean(v) ? "yes" : "no", stdout);
                return;
        default:
                fputs(json_object_get_string(v), stdout);
        }
}

static void show_unit(struct verb_context *ctx, struct json_object *unit) {
        if (ctx->properties) {
                /* In the order asked for, as systemctl does with -p. */
                STRV_FOREACH(p, ctx->properties) {
                        struct json_object *v = NULL;
                        if (!json_object_object_get_ex(unit, *p, &v) && ctx->value)
                                continue;
                        if (!ctx->value)
                                printf("%s=", *p);
                        print_value(*p, v);
                        putchar('\n');
                }
                return;
        }
        json_object_object_foreach(unit, key, v) {
                if (!ctx->value)
                        printf("%s=", key);
                print_value(key, v);
                putchar('\n');
        }
}

int verb_show(struct verb_context *ctx, char **args, int n_args) {
        int ret = SVCCTL_EXIT_SUCCESS;

        for (int i = 0; i < n_args; i++) {
                _cleanup_json_ struct json_object *reply = NULL;
                struct json_object *unit;
                bool fatal;
                int r = get_unit(ctx, args[i], "show", &reply, &unit, &fatal);

                if (r != SVCCTL_EXIT_SUCCESS) {
                        ret = client_worse_exit(ret, r);
                        if (fatal)
                                break;
                        continue;
                }
                if (ctx->json) {
                        output_json(unit);
                        continue;
                }
                if (i > 0)
                        putchar('\n');
                show_unit(ctx, unit);
        }
        return ret;
}

int verb_daemon_reload(struct verb_context *ctx, char **args, int n_args) {
        _cleanup_json_ struct json_object *reply = NULL;
        struct json_object *parameters, *failed;
        bool fatal;
        int r;

        r = client_call(ctx->client, METHOD_RELOAD, NULL, "Failed to reload svcd", &reply, &parameters, &fatal);
        if (r != SVCCTL_EXIT_SUCCESS)
                return r;
        if (ctx->json) {
                output_json(parameters);
                return SVCCTL_EXIT_SUCCESS;
        }
        /* The reload happened; units whose files are now broken are named, and keep their
         * old definition while they run. */
        if (json_object_object_get_ex(parameters, "failed", &failed) && json_object_is_type(failed, json_type_array) &&
            json_object_array_length(failed) > 0) {
                for (size_t k = 0; k < json_object_array_length(failed); k++)
                        fprintf(stderr, "Unit %s has errors after the reload; see svcd's log and \"svcctl status %s\".\n",
                                json_object_get_string(json_object_array_get_idx(failed, k)),
                                json_object_get_string(json_object_array_get_idx(failed, k)));
                return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}
