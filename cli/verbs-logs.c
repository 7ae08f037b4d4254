/* verbs-logs.c: svcctl logs (GetLogs, followed with -f), the recent lines under `svcctl status UNIT`,
 * and --since's time syntax. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/client.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"

/* A Varlink error of GetLogs in words; returns the exit code. */
static int report_logs_error(const char *error, struct json_object *parameters) {
        if (streq(error, ERROR_NO_SUCH_UNIT)) {
                fprintf(stderr, "Unit %s could not be found.\n", varlink_get_string(parameters, "name") ?: "?");
                return SVCCTL_EXIT_NO_SUCH_UNIT;
        }
        if (streq(error, ERROR_PERMISSION_DENIED)) {
                fprintf(stderr, "Failed to read logs: Access denied (only root or the uid svcd runs as may "
                                "read the output of services).\n");
                return SVCCTL_EXIT_FAILURE;
        }
        if (streq(error, ERROR_METHOD_NOT_FOUND))
                fprintf(stderr, "Failed to read logs: svcd does not know method %s (is it older than svcctl %s?).\n",
                        METHOD_GET_LOGS, SVCD_VERSION);
        else if (streq(error, ERROR_INVALID_PARAMETER))
                fprintf(stderr, "Failed to read logs: svcd rejected parameter '%s'.\n",
                        varlink_get_string(parameters, "parameter") ?: "?");
        else
                fprintf(stderr, "Failed to read logs: svcd replied with error %s.\n", error);
        return SVCCTL_EXIT_FAILURE;
}

/* Runs GetLogs and prints each entry as it arrives (after an empty line, with
 * blank_first), or appends it to collect when that is not NULL. A refusal for lack of
 * privilege is -EACCES when quiet_denied is set. */
static int get_logs(struct verb_context *ctx, char **names, size_t n_names, int64_t lines, usec_t since, bool follow,
                    bool blank_first, bool quiet_denied, struct json_object *collect) {
        struct json_object *p = json_object_new_object(), *list = json_object_new_array();
        int r;

        if (!p || !list) {
                json_object_put(p);
                json_object_put(list);
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        for (size_t i = 0; i < n_names; i++)
                json_object_array_add(list, json_object_new_string(names[i]));
        json_object_object_add(p, "names", list);
        if (lines >= 0)
                json_object_object_add(p, "lines", json_object_new_int64(lines));
        if (since > 0)
                json_object_object_add(p, "since", json_object_new_int64((int64_t) since));
        if (follow)
                json_object_object_add(p, "follow", json_object_new_boolean(true));

        r = varlink_client_send_more(ctx->client, METHOD_GET_LOGS, p);
        for (bool continues = r >= 0; continues;) {
                _cleanup_json_ struct json_object *reply = NULL;
                struct json_object *parameters = NULL, *entries = NULL, *more = NULL;
                const char *error = NULL;

                r = varlink_client_receive(ctx->client, &reply, &error);
                (void) json_object_object_get_ex(reply, "parameters", &parameters);
                if (r == -EBADE) {
                        if (quiet_denied && streq(error, ERROR_PERMISSION_DENIED))
                                return -EACCES;
                        return report_logs_error(error, parameters);
                }
                if (r < 0)
                        break;
                continues = json_object_object_get_ex(reply, "continues", &more) && json_object_get_boolean(more);
                int64_t dropped = varlink_get_int(parameters, "dropped", 0);
                if (dropped > 0)
                        fprintf(stderr, "-- %lld lines skipped: svcctl did not read fast enough --\n",
                                (long long) dropped);
                if (!json_object_object_get_ex(parameters, "entries", &entries) ||
                    !json_object_is_type(entries, json_type_array)) {
                        fprintf(stderr, "Failed to read logs: svcd's reply has no \"entries\" array.\n");
                        return SVCCTL_EXIT_FAILURE;
                }
                for (size_t i = 0; i < json_object_array_length(entries); i++) {
                        struct json_object *e = json_object_array_get_idx(entries, i);
                        if (collect) {
                                json_object_array_add(collect, json_object_get(e));
                                continue;
                        }
                        if (blank_first) {
                                putchar('\n');
                                blank_first = false;
                        }
                        if (ctx->json)
                                output_json(e);
                        else
                                output_log_entry(e);
                }
                /* Followed lines are seen as they come, also through a pipe. */
                if (fflush(stdout) != 0)
                        return SVCCTL_EXIT_FAILURE;
        }
        if (r < 0) {
                if (r == -ECONNRESET || r == -EPIPE)
                        fprintf(stderr, "Failed to read logs: svcd closed the connection.\n");
                else
                        fprintf(stderr, "Failed to read logs: %s\n", strerror(-r));
                return SVCCTL_EXIT_FAILURE;
        }
        return SVCCTL_EXIT_SUCCESS;
}

int verb_logs(struct verb_context *ctx, char **args, int n_args) {
        char **names = calloc(MAX(n_args, 1), sizeof *names);
        int ret = SVCCTL_EXIT_SUCCESS;

        if (!names) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        for (int i = 0; i < n_args && ret == SVCCTL_EXIT_SUCCESS; i++)
                if (verbs_complete_unit_name(args[i], &names[i]) < 0) {
                        fprintf(stderr, "Invalid unit name \"%s\".\n", args[i]);
                        ret = SVCCTL_EXIT_FAILURE;
                }
        if (ret == SVCCTL_EXIT_SUCCESS)
                ret = get_logs(ctx, names, (size_t) n_args, ctx->lines, ctx->since, ctx->follow, false, false, NULL);
        for (int i = 0; i < n_args; i++)
                free(names[i]);
        free(names);
        return ret;
}

int logs_show_recent(struct verb_context *ctx, const char *unit, unsigned lines) {
        char *names[] = { (char *) unit };
        struct verb_context human = *ctx;
        int r;

        /* Like systemctl status: an empty line, then the lines; nothing when there are none.
         * A reader who may not see them (not root) is told, as systemctl tells non-root
         * users that they do not see every message. */
        human.json = false;
        r = get_logs(&human, names, 1, lines, 0, false, true, true, NULL);
        if (r == -EACCES) {
                printf("\nHint: only root and the user svcd runs as see the output of services.\n");
                return SVCCTL_EXIT_SUCCESS;
        }
        return r;
}

int logs_collect_recent(struct verb_context *ctx, const char *unit, unsigned lines, struct json_object **ret) {
        char *names[] = { (char *) unit };
        struct json_object *entries = json_object_new_array();
        int r;

        if (!entries) {
                fprintf(stderr, "Out of memory.\n");
                return SVCCTL_EXIT_FAILURE;
        }
        r = get_logs(ctx, names, 1, lines, 0, false, false, true, entries);
        if (r == -EACCES)
                r = SVCCTL_EXIT_SUCCESS; /* as status: the lines are for root and svcd's user */
        if (r != SVCCTL_EXIT_SUCCESS) {
                json_object_put(entries);
                return r;
        }
        *ret = entries;
        return SVCCTL_EXIT_SUCCESS;
}

/* systemd.time(7), the forms journalctl --since takes: "now", "today", "yesterday",
 * "YYYY-MM-DD [HH:MM[:SS]]", "HH:MM[:SS]" (today), "@SECONDS", "-SPAN", "SPAN ago" and
 * "+SPAN". */
int logs_parse_since(const char *s, usec_t now, usec_t *ret) {
        time_t t = (time_t) (now / USEC_PER_SEC);
        struct tm tm;
        const char *rest;
        usec_t span;
        char *end;

        if (streq(s, "now")) {
                *ret = now;
                return 0;
        }
        if ((rest = startswith(s, "@"))) {
                errno = 0;
                unsigned long long v = strtoull(rest, &end, 10);
                if (errno || end == rest || *end)
                        return -EINVAL;
                *ret = (usec_t) v * USEC_PER_SEC;
                return 0;
        }
        if ((rest = startswith(s, "+"))) {
                if (parse_timespan(rest, USEC_PER_SEC, &span) < 0)
                        return -EINVAL;
                *ret = usec_add(now, span);
                return 0;
        }
        if ((rest = startswith(s, "-")) || endswith(s, " ago")) {
                _cleanup_free_ char *copy = strdup(rest ?: s);
                if (!copy)
                        return -ENOMEM;
                if (!rest)
                        copy[strlen(copy) - strlen(" ago")] = 0;
                if (parse_timespan(copy, USEC_PER_SEC, &span) < 0 || span > now)
                        return -EINVAL;
                *ret = now - span;
                return 0;
        }
        if (!localtime_r(&t, &tm))
                return -EINVAL;
        tm.tm_isdst = -1;
        if (streq(s, "today") || streq(s, "yesterday")) {
                tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
                if (streq(s, "yesterday"))
                        tm.tm_mday--;
        } else {
                struct tm parsed = tm;
                const char *p;
                parsed.tm_sec = 0;
                if ((p = strptime(s, "%Y-%m-%d %H:%M:%S", &parsed)) && !*p)
                        ;
                else if ((parsed = tm, parsed.tm_sec = 0, p = strptime(s, "%Y-%m-%d %H:%M", &parsed)) && !*p)
                        ;
                else if ((parsed = tm, p = strptime(s, "%Y-%m-%d", &parsed)) && !*p)
                        parsed.tm_hour = parsed.tm_min = parsed.tm_sec = 0;
                else if ((parsed = tm, p = strptime(s, "%H:%M:%S", &parsed)) && !*p)
                        ;
                else if ((parsed = tm, parsed.tm_sec = 0, p = strptime(s, "%H:%M", &parsed)) && !*p)
                        ;
                else
                        return -EINVAL;
                tm = parsed;
                tm.tm_isdst = -1;
        }
        t = mktime(&tm);
        if (t == (time_t) -1 || t < 0)
                return -EINVAL;
        *ret = (usec_t) t * USEC_PER_SEC;
        return 0;
}
