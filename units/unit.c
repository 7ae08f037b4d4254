/* unit.c: struct unit's lifetime, systemd's defaults, enum names, and the checks before a unit may run. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/condition.h"
#include "units/directives.h"
#include "units/exec-line.h"
#include "units/unit.h"

/* The defaults of systemd.unit(5), systemd.service(5), systemd.exec(5), systemd.kill(5)
 * and systemd.resource-control(5), with systemd-system.conf(5)'s DefaultRestartSec=100ms,
 * DefaultTimeout{Start,Stop}Sec=90s, DefaultStartLimitIntervalSec=10s and
 * DefaultStartLimitBurst=5. Parsers reset a setting to these on an empty assignment. */
const struct exec_context exec_context_defaults = {
        .mount_api_vfs = false,
        .capability_bounding_set = UINT64_MAX,
        .system_call_error_number = UNIT_INT_UNSET,
        .directories = {
                [EXEC_DIRECTORY_RUNTIME] = { .mode = 0755 },
                [EXEC_DIRECTORY_STATE] = { .mode = 0755 },
                [EXEC_DIRECTORY_CACHE] = { .mode = 0755 },
                [EXEC_DIRECTORY_LOGS] = { .mode = 0755 },
                [EXEC_DIRECTORY_CONFIGURATION] = { .mode = 0755 },
        },
        .timeout_clean_usec = USEC_INFINITY,
        .umask = 0022,
        .keyring_mode = KEYRING_PRIVATE, /* systemd.exec(5): the system manager's default */
        .nice = UNIT_INT_UNSET,
        .oom_score_adjust = UNIT_INT_UNSET,
        .coredump_filter = UNIT_UINT64_UNSET,
        .io_scheduling_class = UNIT_INT_UNSET,
        .io_scheduling_priority = UNIT_INT_UNSET,
        .cpu_scheduling_policy = UNIT_INT_UNSET,
        .cpu_scheduling_priority = UNIT_INT_UNSET,
        .timer_slack_nsec = UNIT_UINT64_UNSET,
        .ignore_sigpipe = true,
        .std_input = EXEC_INPUT_NULL,
        .std_output = EXEC_OUTPUT_JOURNAL,  /* DefaultStandardOutput=journal */
        .std_error = EXEC_OUTPUT_INHERIT,
        .tty_rows = UINT_MAX,
        .tty_columns = UINT_MAX,
        .utmp_mode = UTMP_INIT,
        .syslog_facility = LOG_DAEMON,
        .syslog_level = LOG_INFO,
        .syslog_level_prefix = true,
        .log_level_max = UNIT_INT_UNSET,
};

const struct cgroup_context cgroup_context_defaults = {
        .cpu_weight = UNIT_UINT64_UNSET,
        .startup_cpu_weight = UNIT_UINT64_UNSET,
        .cpu_shares = UNIT_UINT64_UNSET,
        .startup_cpu_shares = UNIT_UINT64_UNSET,
        .cpu_quota_per_sec_usec = USEC_INFINITY,
        .cpu_quota_period_usec = USEC_INFINITY,
        .memory_min = 0,
        .memory_low = 0,
        .memory_high = UNIT_SIZE_INFINITY,
        .memory_max = UNIT_SIZE_INFINITY,
        .memory_swap_max = UNIT_SIZE_INFINITY,
        .memory_limit = UNIT_SIZE_INFINITY,
        .tasks_max = UNIT_UINT64_UNSET,
        .io_weight = UNIT_UINT64_UNSET,
        .startup_io_weight = UNIT_UINT64_UNSET,
        .blockio_weight = UNIT_UINT64_UNSET,
        .startup_blockio_weight = UNIT_UINT64_UNSET,
        .managed_oom_memory_pressure_limit = UNIT_UINT64_UNSET,
};

const struct unit unit_defaults = {
        .type = _UNIT_TYPE_INVALID,
        .default_dependencies = true,
        .on_success_job_mode = JOB_FAIL,
        .on_failure_job_mode = JOB_REPLACE,
        .job_timeout_usec = USEC_INFINITY,
        .job_running_timeout_usec = USEC_INFINITY,
        .start_limit_interval_usec = 10 * USEC_PER_SEC,
        .start_limit_burst = 5,
        .failure_action_exit_status = -1,
        .success_action_exit_status = -1,
        .service_type = SERVICE_SIMPLE,
        .restart = RESTART_NO,
        .restart_usec = 100 * USEC_PER_MSEC,
        .restart_max_delay_usec = USEC_INFINITY,
        .reload_signal = SIGHUP,
        .timeout_start_usec = 90 * USEC_PER_SEC,
        .timeout_stop_usec = 90 * USEC_PER_SEC,
        .timeout_abort_usec = 90 * USEC_PER_SEC,
        .runtime_max_usec = USEC_INFINITY,
        .guess_main_pid = true,
        .oom_policy = OOM_STOP,
        .exec = &exec_context_defaults,
        .kill = {
                .kill_mode = KILL_CONTROL_GROUP,
                .kill_signal = SIGTERM,
                .final_kill_signal = SIGKILL,
                .watchdog_signal = SIGABRT,
                .send_sigkill = true,
        },
        .cgroup = &cgroup_context_defaults,
};

int unit_new(const char *id, struct unit **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        u = malloc(sizeof *u);
        if (!u)
                return -ENOMEM;
        *u = unit_defaults;
        u->id = strdup(id);
        if (!u->id)
                return -ENOMEM;
        u->type = unit_type_from_name(id);
        *ret = TAKE_PTR(u);
        return 0;
}

/* *block, copied from defaults first if it still is them. The defaults own nothing (no
 * pointer in them is set), so a shallow copy is the unit's own. */
static void *block_mut(const void **block, const void *defaults, size_t size) {
        if (*block == defaults) {
                void *c = memdup(defaults, size);
                if (!c)
                        return NULL;
                *block = c;
        }
        return (void *) *block;
}

struct exec_context *unit_exec_mut(struct unit *u) {
        return block_mut((const void **) &u->exec, &exec_context_defaults, sizeof exec_context_defaults);
}

struct cgroup_context *unit_cgroup_mut(struct unit *u) {
        return block_mut((const void **) &u->cgroup, &cgroup_context_defaults, sizeof cgroup_context_defaults);
}

void cpu_set_done(struct cpu_set *s) {
        free(s->bits);
        *s = (struct cpu_set) {};
}

static void unit_filter_done(struct unit_filter *f) {
        f->entries = strv_free(f->entries);
}

static void exec_context_done(struct exec_context *c) {
        char **strvs[] = {
                c->root_image_options, c->extension_directories, c->extension_images, c->mount_images,
                c->exec_search_path, c->supplementary_groups, c->system_call_architectures, c->read_write_paths,
                c->read_only_paths, c->inaccessible_paths, c->exec_paths, c->no_exec_paths, c->bind_paths,
                c->bind_read_only_paths, c->temporary_file_system, c->load_credentials, c->set_credentials,
                c->environment, c->environment_files, c->pass_environment, c->unset_environment,
                c->log_extra_fields,
        };
        char *strings[] = {
                c->working_directory, c->root_directory, c->root_image, c->root_hash, c->root_hash_signature,
                c->root_verity, c->user, c->group, c->pam_name, c->personality, c->selinux_context,
                c->apparmor_profile, c->smack_process_label, c->network_namespace_path, c->ipc_namespace_path,
                c->std_input_arg, c->std_output_arg, c->std_error_arg, c->std_input_data, c->tty_path,
                c->utmp_identifier, c->syslog_identifier, c->log_namespace,
        };

        for (size_t i = 0; i < ELEMENTSOF(strvs); i++)
                strv_free(strvs[i]);
        for (size_t i = 0; i < ELEMENTSOF(strings); i++)
                free(strings[i]);
        unit_filter_done(&c->system_call_filter);
        unit_filter_done(&c->system_call_log);
        unit_filter_done(&c->restrict_address_families);
        unit_filter_done(&c->restrict_file_systems);
        for (size_t i = 0; i < _EXEC_DIRECTORY_TYPE_MAX; i++)
                strv_free(c->directories[i].paths);
        free(c->rlimits);
        cpu_set_done(&c->cpu_affinity);
        cpu_set_done(&c->numa_mask);
}

static void cgroup_context_done(struct cgroup_context *c) {
        char **strvs[] = {
                c->io_device_weight, c->io_read_bandwidth_max, c->io_write_bandwidth_max, c->io_read_iops_max,
                c->io_write_iops_max, c->io_device_latency_target, c->blockio_device_weight,
                c->blockio_read_bandwidth, c->blockio_write_bandwidth, c->device_allow, c->delegate_controllers,
                c->disable_controllers, c->ip_address_allow, c->ip_address_deny, c->ip_ingress_filter_path,
                c->ip_egress_filter_path, c->bpf_program, c->socket_bind_allow, c->socket_bind_deny,
        };

        for (size_t i = 0; i < ELEMENTSOF(strvs); i++)
                strv_free(strvs[i]);
        free(c->slice);
        unit_filter_done(&c->restrict_network_interfaces);
        cpu_set_done(&c->allowed_cpus);
        cpu_set_done(&c->startup_allowed_cpus);
        cpu_set_done(&c->allowed_memory_nodes);
        cpu_set_done(&c->startup_allowed_memory_nodes);
}

struct unit *unit_free(struct unit *u) {
        if (!u)
                return NULL;
        free(u->id);
        free(u->fragment_path);
        free(u->instance);
        strv_free(u->dropin_paths);
        strv_free(u->aliases);
        for (size_t i = 0; i < u->n_settings; i++)
                free(u->settings[i].value);
        free(u->settings);
        strv_free(u->setting_files);
        strv_free(u->origin_pool);
        condition_free_list(u->conditions);
        condition_free_list(u->asserts);

        free(u->description);
        strv_free(u->documentation);
        free(u->source_path);
        for (size_t i = 0; i < _UNIT_DEPENDENCY_MAX; i++) {
                strv_free(u->dependencies[i]);
                free(u->dependency_origins[i]); /* the strings are origin_pool's */
        }
        strv_free(u->requires_mounts_for);
        free(u->job_timeout_reboot_argument);
        free(u->reboot_argument);

        strv_free(u->wanted_by);
        strv_free(u->required_by);
        strv_free(u->install_alias);
        strv_free(u->also);
        free(u->default_instance);

        exec_command_free_array(u->exec_condition, u->n_exec_condition);
        exec_command_free_array(u->exec_start_pre, u->n_exec_start_pre);
        exec_command_free_array(u->exec_start, u->n_exec_start);
        exec_command_free_array(u->exec_start_post, u->n_exec_start_post);
        exec_command_free_array(u->exec_reload, u->n_exec_reload);
        exec_command_free_array(u->exec_stop, u->n_exec_stop);
        exec_command_free_array(u->exec_stop_post, u->n_exec_stop_post);
        free(u->pid_file);
        free(u->bus_name);
        strv_free(u->sockets);
        free(u->usb_function_descriptors);
        free(u->usb_function_strings);

        if (u->exec != &exec_context_defaults) {
                exec_context_done((struct exec_context *) u->exec);
                free((struct exec_context *) u->exec);
        }
        if (u->cgroup != &cgroup_context_defaults) {
                cgroup_context_done((struct cgroup_context *) u->cgroup);
                free((struct cgroup_context *) u->cgroup);
        }
        free(u);
        return NULL;
}

static bool unit_sets(const struct unit *u, const char *section, const char *key) {
        for (size_t i = 0; i < u->n_settings; i++)
                if (streq(u->settings[i].directive->section, section) && streq(u->settings[i].directive->key, key))
                        return true;
        return false;
}

/* TimeoutStartSec=: "if Type=oneshot is used, the timeout is disabled by default"
 * (systemd.service(5)). */
usec_t unit_timeout_start(const struct unit *u) {
        if (u->service_type == SERVICE_ONESHOT && !unit_sets(u, "Service", "TimeoutStartSec") &&
            !unit_sets(u, "Service", "TimeoutSec"))
                return USEC_INFINITY;
        return u->timeout_start_usec;
}

/* TimeoutAbortSec=: when not set, TimeoutStopSec= applies. */
usec_t unit_timeout_abort(const struct unit *u) {
        return u->timeout_abort_set ? u->timeout_abort_usec : u->timeout_stop_usec;
}

void unit_apply_implicit_settings(struct unit *u) {
        if (u->type == UNIT_SERVICE && !unit_sets(u, "Service", "Type") && u->n_exec_start == 0 && !u->bus_name)
                u->service_type = SERVICE_ONESHOT;
}

int unit_verify(const struct unit *u) {
        const char *path = u->fragment_path ?: u->id;

        if (u->type != UNIT_SERVICE)
                return 0;
        /* The rules and wording of systemd's service_verify(), so that searches for the
         * messages find the man page explanation (systemd.service(5), ExecStart=). */
        if (u->n_exec_start == 0 && u->n_exec_stop == 0 && u->success_action == EMERGENCY_ACTION_NONE)
                return log_error_errno(-ENOEXEC,
                                       "%s: %s: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.",
                                       path, u->id);
        if (u->n_exec_start == 0 && u->service_type != SERVICE_ONESHOT)
                return log_error_errno(-ENOEXEC,
                                       "%s: %s: Service has no ExecStart= setting, which is only allowed for "
                                       "Type=oneshot services. Refusing.",
                                       path, u->id);
        if (u->service_type == SERVICE_ONESHOT && (u->restart == RESTART_ALWAYS || u->restart == RESTART_ON_SUCCESS))
                return log_error_errno(-ENOEXEC,
                                       "%s: %s: Service has Restart= set to either always or on-success, which isn't "
                                       "allowed for Type=oneshot services. Refusing.",
                                       path, u->id);
        if (u->n_exec_start > 1 && u->service_type != SERVICE_ONESHOT)
                return log_error_errno(-ENOEXEC,
                                       "%s: %s: Service has more than one ExecStart= setting, which is only allowed "
                                       "for Type=oneshot services. Refusing.",
                                       path, u->id);
        return 0;
}

static const char *const unit_type_suffix[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "service",
        [UNIT_TARGET] = "target",
};

static const char *const service_type_names[_SERVICE_TYPE_MAX] = {
        [SERVICE_SIMPLE] = "simple",   [SERVICE_EXEC] = "exec",
        [SERVICE_FORKING] = "forking", [SERVICE_ONESHOT] = "oneshot",
        [SERVICE_DBUS] = "dbus",       [SERVICE_NOTIFY] = "notify",
        [SERVICE_NOTIFY_RELOAD] = "notify-reload", [SERVICE_IDLE] = "idle",
};

static const char *const restart_policy_names[_RESTART_POLICY_MAX] = {
        [RESTART_NO] = "no",
        [RESTART_ON_SUCCESS] = "on-success",
        [RESTART_ON_FAILURE] = "on-failure",
        [RESTART_ON_ABNORMAL] = "on-abnormal",
        [RESTART_ON_WATCHDOG] = "on-watchdog",
        [RESTART_ON_ABORT] = "on-abort",
        [RESTART_ALWAYS] = "always",
};

static int lookup(const char *const *names, size_t n, const char *s) {
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (names[i] && streq(names[i], s))
                        return (int) i;
        return -EINVAL;
}

const char *unit_type_to_string(enum unit_type t) {
        return t >= 0 && t < _UNIT_TYPE_MAX ? unit_type_suffix[t] : NULL;
}

enum unit_type unit_type_from_name(const char *name) {
        const char *dot = name ? strrchr(name, '.') : NULL;
        int t;

        if (!dot)
                return _UNIT_TYPE_INVALID;
        t = lookup(unit_type_suffix, _UNIT_TYPE_MAX, dot + 1);
        return t < 0 ? _UNIT_TYPE_INVALID : (enum unit_type) t;
}

const char *service_type_to_string(enum service_type t) {
        return t < _SERVICE_TYPE_MAX ? service_type_names[t] : NULL;
}

int service_type_from_string(const char *s) {
        return lookup(service_type_names, _SERVICE_TYPE_MAX, s);
}

const char *restart_policy_to_string(enum restart_policy p) {
        return p < _RESTART_POLICY_MAX ? restart_policy_names[p] : NULL;
}

int restart_policy_from_string(const char *s) {
        return lookup(restart_policy_names, _RESTART_POLICY_MAX, s);
}

static const char *const unit_dependency_names[_UNIT_DEPENDENCY_MAX] = {
        [UNIT_AFTER] = "After",
        [UNIT_BEFORE] = "Before",
        [UNIT_WANTS] = "Wants",
        [UNIT_REQUIRES] = "Requires",
        [UNIT_REQUISITE] = "Requisite",
        [UNIT_BINDS_TO] = "BindsTo",
        [UNIT_PART_OF] = "PartOf",
        [UNIT_UPHOLDS] = "Upholds",
        [UNIT_CONFLICTS] = "Conflicts",
        [UNIT_ON_FAILURE] = "OnFailure",
        [UNIT_ON_SUCCESS] = "OnSuccess",
        [UNIT_PROPAGATES_RELOAD_TO] = "PropagatesReloadTo",
        [UNIT_RELOAD_PROPAGATED_FROM] = "ReloadPropagatedFrom",
        [UNIT_PROPAGATES_STOP_TO] = "PropagatesStopTo",
        [UNIT_STOP_PROPAGATED_FROM] = "StopPropagatedFrom",
        [UNIT_JOINS_NAMESPACE_OF] = "JoinsNamespaceOf",
};

const char *unit_dependency_to_string(enum unit_dependency d) {
        return (unsigned) d < _UNIT_DEPENDENCY_MAX ? unit_dependency_names[d] : NULL;
}

const char *unit_dependency_origin(const struct unit *u, enum unit_dependency d, const char *name) {
        if ((unsigned) d >= _UNIT_DEPENDENCY_MAX || !name)
                return NULL;
        for (size_t i = 0; u->dependencies[d] && u->dependencies[d][i]; i++)
                if (streq(u->dependencies[d][i], name))
                        return u->dependency_origins[d] ? u->dependency_origins[d][i] : NULL;
        return NULL;
}

/* origin's copy in origin_pool, added if it is not there yet; NULL when out of memory. */
static char *origin_pooled(struct unit *u, const char *origin) {
        STRV_FOREACH(o, u->origin_pool)
                if (streq(*o, origin))
                        return *o;
        if (strv_extend(&u->origin_pool, origin) < 0)
                return NULL;
        return u->origin_pool[strv_length(u->origin_pool) - 1];
}

/* Appends origin to dependency_origins[d], as a pointer to its copy in origin_pool. */
static int origins_push(struct unit *u, enum unit_dependency d, const char *origin) {
        char *pooled = origin_pooled(u, origin);

        if (!pooled)
                return -ENOMEM;
        size_t k = strv_length(u->dependency_origins[d]);
        char **l = reallocarray(u->dependency_origins[d], k + 2, sizeof *l);
        if (!l)
                return -ENOMEM;
        l[k] = pooled;
        l[k + 1] = NULL;
        u->dependency_origins[d] = l;
        return 0;
}

int unit_dependency_origins_sync(struct unit *u, enum unit_dependency d, const char *origin) {
        size_t n = strv_length(u->dependencies[d]), k = strv_length(u->dependency_origins[d]);

        /* Parsers only append or empty the list, so a shorter list was reset: what is left
         * (nothing, in practice) keeps its origins and the rest go (their strings stay in
         * the pool: a reset is rare). */
        for (; k > n; k--)
                u->dependency_origins[d][k - 1] = NULL;
        if (n == 0) {
                free(u->dependency_origins[d]);
                u->dependency_origins[d] = NULL;
        }
        if (k < n && !origin)
                return -EINVAL;
        for (; k < n; k++)
                if (origins_push(u, d, origin) < 0)
                        return -ENOMEM;
        return 0;
}

/* A name of u itself: its id or one of its aliases. */
static bool unit_has_name(const struct unit *u, const char *name) {
        return streq(u->id, name) || strv_contains(u->aliases, name);
}

int unit_add_dependency(struct unit *u, enum unit_dependency d, const char *name, const char *origin) {
        if (strv_contains(u->dependencies[d], name) || unit_has_name(u, name))
                return 0;
        /* Origins first: a failure leaves both lists as they were, in step. */
        if (unit_dependency_origins_sync(u, d, origin) < 0 || origins_push(u, d, origin) < 0)
                return -ENOMEM;
        if (strv_extend(&u->dependencies[d], name) < 0) {
                size_t k = strv_length(u->dependency_origins[d]);
                u->dependency_origins[d][k - 1] = NULL;
                return -ENOMEM;
        }
        return 1;
}

struct ranked_name {
        const char *name;
        size_t index; /* in the list, then after it the new names in their order */
};

static int compare_ranked_names(const void *a, const void *b) {
        const struct ranked_name *x = a, *y = b;
        int c = strcmp(x->name, y->name);
        return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

int unit_add_dependencies(struct unit *u, enum unit_dependency d, char *const *names, char *const *origins) {
        size_t m = strv_length(names), n, added = 0;
        _cleanup_free_ struct ranked_name *v = NULL;
        _cleanup_free_ bool *keep = NULL;

        if (m == 0)
                return 0;
        if (unit_dependency_origins_sync(u, d, origins[0]) < 0)
                return -ENOMEM;
        n = strv_length(u->dependencies[d]);

        /* Sorted by name, then position: the first of each run of equal names is the one to
         * keep, and one already in the list comes before any new one. */
        v = reallocarray(NULL, n + m, sizeof *v);
        keep = calloc(m, sizeof *keep);
        if (!v || !keep)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                v[i] = (struct ranked_name) { u->dependencies[d][i], i };
        for (size_t k = 0; k < m; k++)
                v[n + k] = (struct ranked_name) { names[k], n + k };
        qsort(v, n + m, sizeof *v, compare_ranked_names);
        for (size_t i = 0; i < n + m; i++)
                if (v[i].index >= n && (i == 0 || !streq(v[i - 1].name, v[i].name)) && !unit_has_name(u, v[i].name))
                        keep[v[i].index - n] = true;
        for (size_t k = 0; k < m; k++)
                added += keep[k];
        if (added == 0)
                return 0;

        char **deps = reallocarray(u->dependencies[d], n + added + 1, sizeof *deps);
        if (!deps)
                return -ENOMEM;
        u->dependencies[d] = deps;
        char **from = reallocarray(u->dependency_origins[d], n + added + 1, sizeof *from);
        if (!from)
                return -ENOMEM;
        u->dependency_origins[d] = from;
        /* Both lists stay terminated at the same length whatever fails half-way. */
        for (size_t k = 0, at = n; k < m; k++) {
                if (!keep[k])
                        continue;
                char *name = strdup(names[k]), *pooled = name ? origin_pooled(u, origins[k]) : NULL;
                if (!pooled) {
                        free(name);
                        return -ENOMEM;
                }
                deps[at] = name;
                from[at] = pooled;
                deps[++at] = NULL;
                from[at] = NULL;
        }
        return (int) MIN(added, (size_t) INT_MAX);
}
