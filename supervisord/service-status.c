/* service-status.c: renders a service as io.svcd.Manager's UnitStatus, with the property
 * names and meanings of `systemctl show` so that scripts written for systemd carry over. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-policy.h"
#include "supervisord/service-status.h"
#include "units/directives.h"
#include "units/value-parsers.h"

/* Adds value under key, which must be a string of static storage (a literal, a name table's
 * entry): json-c then keeps the pointer instead of copying it. A unit's status has about 70
 * keys, and their copies and frees were most of ListUnits' time with thousands of units. */
static void add(struct json_object *o, const char *static_key, struct json_object *value) {
        json_object_object_add_ex(o, static_key, value, JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

static void add_string(struct json_object *o, const char *key, const char *value) {
        add(o, key, json_object_new_string(value ? value : ""));
}

static void add_int(struct json_object *o, const char *key, int64_t value) {
        add(o, key, json_object_new_int64(value));
}

static void add_usec(struct json_object *o, const char *key, usec_t value) {
        /* JSON numbers here are signed 64-bit; infinity is UINT64_MAX in systemd's output
         * too, but json-c would wrap it, so clamp to INT64_MAX. */
        add_int(o, key, value > (usec_t) INT64_MAX ? INT64_MAX : (int64_t) value);
}

/* Every directive the unit's files set, as NAME=value the way it was written (after
 * drop-ins and specifiers): the last assignment of a setting wins, a list setting
 * accumulates its assignments space-separated and an empty one resets it
 * (systemd.unit(5)). Names already given by the state above are not repeated. */
static void add_configuration(struct json_object *o, const struct unit *u) {
        struct json_object *cfg = json_object_new_object();

        if (!cfg)
                return;
        for (size_t i = 0; i < u->n_settings; i++) {
                const struct unit_setting *st = &u->settings[i];
                const char *key = st->directive->key;
                struct json_object *old = NULL;

                if (!st->value)
                        continue;
                if (!(st->directive->flags & DIRECTIVE_LIST) || !*st->value ||
                    !json_object_object_get_ex(cfg, key, &old) || !*json_object_get_string(old)) {
                        add(cfg, key, json_object_new_string(st->value)); /* the directive table's */
                        continue;
                }
                _cleanup_free_ char *joined = NULL;
                if (asprintf(&joined, "%s %s", json_object_get_string(old), st->value) >= 0)
                        add(cfg, key, json_object_new_string(joined));
        }
        json_object_object_foreach(cfg, key, v) {
                if (json_object_object_get_ex(o, key, NULL) || !*json_object_get_string(v))
                        continue;
                add(o, key, json_object_get(v)); /* cfg's keys are the table's */
        }
        json_object_put(cfg);
}

/* systemctl show's names of the inverse dependencies; After= and Before= are each other's. */
static const char *const inverse_names[_UNIT_DEPENDENCY_MAX] = {
        [UNIT_AFTER] = "Before",           [UNIT_BEFORE] = "After",
        [UNIT_WANTS] = "WantedBy",         [UNIT_REQUIRES] = "RequiredBy",
        [UNIT_REQUISITE] = "RequisiteOf",  [UNIT_BINDS_TO] = "BoundBy",
        [UNIT_PART_OF] = "ConsistsOf",     [UNIT_UPHOLDS] = "UpheldBy",
        [UNIT_CONFLICTS] = "ConflictedBy", [UNIT_ON_FAILURE] = "OnFailureOf",
        [UNIT_ON_SUCCESS] = "OnSuccessOf", [UNIT_PROPAGATES_RELOAD_TO] = "ReloadPropagatedFrom",
        [UNIT_RELOAD_PROPAGATED_FROM] = "PropagatesReloadTo", [UNIT_PROPAGATES_STOP_TO] = "StopPropagatedFrom",
        [UNIT_STOP_PROPAGATED_FROM] = "PropagatesStopTo",
};

/* The dependency lists being built: o's arrays, and seen, which has a key "LIST\x1fNAME" for
 * each name already in a list, so that each name is added once in constant time (a target
 * with 10,000 Wants= would otherwise cost 50 million comparisons a status). */
struct name_lists {
        struct json_object *o, *seen;
};

static void add_name(struct name_lists *l, const char *key, const char *name) {
        _cleanup_free_ char *both = NULL;
        struct json_object *names = NULL;

        if (asprintf(&both, "%s\x1f%s", key, name) < 0) {
                (void) log_oom();
                return;
        }
        if (json_object_object_get_ex(l->seen, both, NULL))
                return;
        if (json_object_object_add(l->seen, both, NULL) < 0)
                return;
        if (!json_object_object_get_ex(l->o, key, &names)) {
                names = json_object_new_array();
                add(l->o, key, names); /* a name table's, or "After" */
        }
        json_object_array_add(names, json_object_new_string(name));
}

/* Dependencies by systemd's property names (Wants=, After=, ...), including what .wants/
 * and .requires/ directories and DefaultDependencies= add, then the inverse ones the
 * loaded units' dependencies make (RequiredBy=, WantedBy=, ...; After= includes the units
 * with Before= on this one, as in systemctl show); empty lists are left out. */
static void add_dependencies(struct json_object *o, const struct service *s, const struct unit *u) {
        struct name_lists l = { o, json_object_new_object() };

        if (!l.seen) {
                (void) log_oom();
                return;
        }
        for (int d = 0; u && d < _UNIT_DEPENDENCY_MAX; d++)
                STRV_FOREACH(n, u->dependencies[d])
                        add_name(&l, unit_dependency_to_string(d), *n);
        for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                for (size_t i = 0; inverse_names[d] && i < service_rdeps(s, d).n; i++)
                        add_name(&l, inverse_names[d], service_rdeps(s, d).v[i].to->id);
        /* The targets' implicit After= (manager-graph.c) is in the resolved graph only. */
        for (size_t i = 0; i < service_deps(s, UNIT_AFTER).n; i++)
                add_name(&l, "After", service_deps(s, UNIT_AFTER).v[i].to->id);
        json_object_put(l.seen);
}

struct json_object *job_status_json(const struct job *j) {
        struct json_object *o = json_object_new_object();

        add(o, "id", json_object_new_int64(j->id));
        add(o, "type", json_object_new_string(tx_job_type_to_string(j->type)));
        add(o, "state", json_object_new_string(job_state_to_string(j->state)));
        return o;
}

/* svcd's own: how it finds the unit's processes (DESIGN.md decision 9): its cgroup, then
 * also systemd's ControlGroup, where the hierarchy is writable; else its process group and
 * session, with which KillMode=control-group is emulated. A unit with no process shows how
 * its next run will be tracked (svcd's mode); a target has none. */
static const char *process_tracking(const struct service *s, bool is_target) {
        if (s->cgroup_path)
                return "cgroup";
        if (is_target)
                return "";
        if (s->main_pid > 0 || s->control_pid > 0)
                return "process-group"; /* running, but its cgroup could not be made */
        return s->manager->cgroups.path ? "cgroup" : "process-group";
}

struct json_object *service_status_json(const struct service *s) {
        /* The configuration shown is the files' as last read (systemctl does the same):
         * after daemon-reload, the pending definition, though the service may still run
         * with the one it started with. */
        const struct unit *u = s->has_pending_definition && s->pending_unit ? s->pending_unit : s->unit;
        struct json_object *o = json_object_new_object();
        struct json_object *argv = json_object_new_array();

        if (!o || !argv) {
                json_object_put(o);
                json_object_put(argv);
                return NULL;
        }
        add_string(o, "Id", s->id);
        add_string(o, "Description", u && u->description ? u->description : s->id);
        /* After a daemon-reload, the state of the files on disk, as systemctl shows it,
         * even while the service still runs with the definition it started with. */
        enum load_state ls = s->has_pending_definition ? s->pending_load_state : s->load_state;
        const char *le = s->has_pending_definition ? s->pending_load_error : s->load_error;
        add_string(o, "LoadState", load_state_to_string(ls));
        add(o, "LoadError", le ? json_object_new_string(le) : NULL);
        add_string(o, "ActiveState", service_active_state(s));
        /* systemd.target(5): a target's sub-state is "active" or "dead". */
        bool is_target = u && u->type == UNIT_TARGET;
        add_string(o, "SubState", !is_target                  ? service_state_to_string(s->state)
                                  : service_is_inactive(s) ? "dead"
                                                           : "active");
        add_string(o, "Result", service_result_to_string(s->result));
        add_string(o, "ReloadResult", service_result_to_string(s->reload_result));
        add_string(o, "FragmentPath", u ? u->fragment_path : "");
        struct json_object *dropins = json_object_new_array();
        for (char **d = u ? u->dropin_paths : NULL; d && *d; d++)
                json_object_array_add(dropins, json_object_new_string(*d));
        add(o, "DropInPaths", dropins);
        add_string(o, "Type", u && !is_target ? service_type_to_string(u->service_type) : "");
        add_string(o, "Restart", u ? restart_policy_to_string(u->restart) : "");
        add_dependencies(o, s, u);
        if (s->job)
                add(o, "Job", job_status_json(s->job));
        add_int(o, "MainPID", s->main_pid);
        add_int(o, "ControlPID", s->control_pid);
        if (u && u->n_exec_start > 0)
                for (char **a = u->exec_start[0].argv; a && *a; a++)
                        json_object_array_add(argv, json_object_new_string(*a));
        add(o, "ExecStart", argv);
        add_int(o, "ExecMainPID", s->exec_main_pid);
        add_int(o, "ExecMainCode", s->exec_main_code);
        add_int(o, "ExecMainStatus", s->exec_main_status);
        add_usec(o, "ExecMainStartTimestamp", s->exec_main_start_timestamp);
        add_usec(o, "ExecMainExitTimestamp", s->exec_main_exit_timestamp);
        add_usec(o, "InactiveExitTimestamp", s->inactive_exit_timestamp);
        add_usec(o, "ActiveEnterTimestamp", s->active_enter_timestamp);
        add_usec(o, "ActiveExitTimestamp", s->active_exit_timestamp);
        add_usec(o, "InactiveEnterTimestamp", s->inactive_enter_timestamp);
        add_usec(o, "StateChangeTimestamp", s->state_change_timestamp);
        add_int(o, "NRestarts", s->n_restarts);
        add_usec(o, "RestartUSec", u ? u->restart_usec : 0);
        /* The delay of the next automatic restart: the one the state machine chose while
         * it waits in auto-restart, else the one it would choose now. */
        add_usec(o, "RestartUSecNext", s->state == SERVICE_AUTO_RESTART ? s->restart_usec_next
                                       : s->unit                         ? service_restart_delay(s)
                                                                         : 0);
        add_usec(o, "TimeoutStartUSec", u ? unit_timeout_start(u) : 0);
        add_usec(o, "TimeoutStopUSec", u ? u->timeout_stop_usec : 0);
        /* systemd.service(5): TimeoutAbortSec= defaults to TimeoutStopSec=. */
        add_usec(o, "TimeoutAbortUSec", u ? unit_timeout_abort(u) : 0);
        add_usec(o, "RuntimeMaxUSec", u ? u->runtime_max_usec : USEC_INFINITY);
        add_string(o, "NotifyAccess", value_enum_to_string(VALUE_ENUM_NOTIFY_ACCESS, service_notify_access(s)));
        /* A run's watchdog may differ from WatchdogSec= (WATCHDOG_USEC=); an inactive
         * unit's next run starts with the configured one. */
        add_usec(o, "WatchdogUSec", !service_is_inactive(s) ? s->watchdog_usec : u ? u->watchdog_usec : 0);
        add_usec(o, "WatchdogTimestamp", s->watchdog_timestamp);
        add_int(o, "NFileDescriptorStore", (int64_t) s->n_fd_store);
        add_string(o, "PIDFile", u ? u->pid_file : NULL);
        add(o, "RemainAfterExit", json_object_new_boolean(u && u->remain_after_exit));
        add(o, "GuessMainPID", json_object_new_boolean(!u || u->guess_main_pid));
        add_string(o, "KillMode", value_enum_to_string(VALUE_ENUM_KILL_MODE, u ? u->kill.kill_mode : KILL_CONTROL_GROUP));
        add_string(o, "ProcessTracking", process_tracking(s, is_target));
        add_string(o, "ControlGroup", s->cgroup_path);
        add_int(o, "StatusErrno", s->status_errno);
        add_string(o, "StatusText", s->status_text);
        /* systemctl show's names; ConditionFailure is svcd's: which one failed, and where. */
        add(o, "ConditionResult", json_object_new_boolean(s->condition_result));
        add_usec(o, "ConditionTimestamp", s->condition_timestamp);
        add(o, "AssertResult", json_object_new_boolean(s->assert_result));
        add_usec(o, "AssertTimestamp", s->assert_timestamp);
        if (s->condition_failure)
                add_string(o, "ConditionFailure", s->condition_failure);
        /* svcd's own: what the last start could not enforce in this environment. */
        struct json_object *ne = json_object_new_array();
        if (ne) {
                for (char **i = s->not_enforced; i && *i; i++)
                        json_object_array_add(ne, json_object_new_string(*i));
                add(o, "NotEnforced", ne);
        }
        if (u)
                add_configuration(o, u);
        return o;
}
