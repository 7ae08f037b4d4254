/* output.h: how svcctl shows units: systemctl's human layouts (status, list-units) and --json. */
#pragma once

#include <stdbool.h>
#include <json-c/json.h>

#include "libsvc/time-util.h"

/* Decides once whether stdout gets colours: only on a terminal, never with --json, never
 * when $NO_COLOR is set (no-color.org) or $TERM is "dumb". json_pretty: --json=pretty. */
void output_init(bool json, bool json_pretty);
/* What output_init() decided: colours on stdout. */
bool output_colors(void);

/* One UnitStatus as `systemctl status` shows it (title, Loaded, Active, Main PID, ...). */
void output_unit_status(struct json_object *unit);

/* A UnitStatus array as `systemctl list-units` shows it; sorts the array by Id. */
void output_unit_list(struct json_object *units);

/* The manager summary of `svcctl status` without units: GetInfo's reply (version),
 * GetSystemState's (state, mode, container, stop budget) and ListUnits' units. */
void output_summary(struct json_object *info, struct json_object *system, struct json_object *units);
/* The same summary as one JSON object. */
void output_summary_json(struct json_object *info, struct json_object *system, struct json_object *units);

/* One LogEntry of GetLogs as journalctl's short format shows it, local time:
 * "Nov 24 03:49:12 UNIT[PID]: MESSAGE"; lines of priority err or worse in red. */
void output_log_entry(struct json_object *entry);

/* One JSON value on one line (json-c plain, slashes unescaped), or indented with --json=pretty. */
void output_json(struct json_object *v);

/* "5s ago", "2min 3s ago", "1h 2min ago", "3 days ago", "10s left": systemd's relative
 * timestamps (format_timestamp_relative()). */
char *output_format_relative(char *buf, size_t len, usec_t t, usec_t now);

/* "SUCCESS", "FAILURE", "EXEC", ... for an exit status (systemd.exec(5), "Process Exit
 * Codes"), or NULL when the status has no name. */
const char *output_exit_status_to_string(int status);
