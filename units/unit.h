/* unit.h: a parsed, validated unit file: the immutable configuration the daemon runs from.
 *
 * The loader (unit-load.c) fills a struct unit from a file via the directive table
 * (directives.c); the daemon never writes to it afterwards. Runtime state lives in the
 * daemon's struct service, which points at its struct unit. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libsvc/macro.h"
#include "libsvc/time-util.h"

enum unit_type {
        UNIT_SERVICE,
        UNIT_TARGET,
        _UNIT_TYPE_MAX,
        _UNIT_TYPE_INVALID = -EINVAL,
};

enum service_type {
        SERVICE_SIMPLE,
        SERVICE_EXEC,
        SERVICE_FORKING,
        SERVICE_ONESHOT,
        SERVICE_DBUS,
        SERVICE_NOTIFY,
        SERVICE_NOTIFY_RELOAD,
        SERVICE_IDLE,
        _SERVICE_TYPE_MAX,
};

/* systemd.service(5), "Restart=": the table of exit causes that lead to a restart. */
enum restart_policy {
        RESTART_NO,
        RESTART_ON_SUCCESS,
        RESTART_ON_FAILURE,
        RESTART_ON_ABNORMAL,
        RESTART_ON_WATCHDOG,
        RESTART_ON_ABORT,
        RESTART_ALWAYS,
        _RESTART_POLICY_MAX,
};

/* Prefixes of Exec*= lines, systemd.service(5) "Table 1. Special executable prefixes". */
enum {
        EXEC_IGNORE_FAILURE = 1 << 0, /* "-" */
        EXEC_ARGV0 = 1 << 1,          /* "@": argv[0] is the second word */
        EXEC_NO_ENV_EXPAND = 1 << 2,  /* ":" */
        EXEC_FULL_PRIVILEGES = 1 << 3, /* "+" */
        EXEC_NO_SETUID = 1 << 4,      /* "!" */
        EXEC_AMBIENT_MAGIC = 1 << 5,  /* "!!" */
};

struct exec_command {
        char *path;  /* what to execute, as written (absolute, or resolved at spawn time) */
        char **argv; /* argv[0] included */
        unsigned flags;
        unsigned line; /* where it was written, for diagnostics */
};

struct condition; /* units/condition.h */
struct directive; /* units/directives.h */

/* One assignment of a known directive as the loader applied it, for `svcctl verify`
 * ("which directives does this unit set, and what does svcd do with each"). Unknown keys
 * are not recorded: they were warned about instead. */
struct unit_setting {
        const struct directive *directive; /* the table entry: section, key, support, note */
        unsigned file;                     /* index in struct unit's setting_files */
        unsigned line;                     /* first physical line of the assignment */
        char *value; /* as assigned, specifiers expanded; NULL if the assignment was dropped */
};

/* systemd.unit(5): the dependency directives of [Unit], one name list each. */
enum unit_dependency {
        UNIT_AFTER,
        UNIT_BEFORE,
        UNIT_WANTS,
        UNIT_REQUIRES,
        UNIT_REQUISITE,
        UNIT_BINDS_TO,
        UNIT_PART_OF,
        UNIT_UPHOLDS,
        UNIT_CONFLICTS,
        UNIT_ON_FAILURE,
        UNIT_ON_SUCCESS,
        UNIT_PROPAGATES_RELOAD_TO,
        UNIT_RELOAD_PROPAGATED_FROM,
        UNIT_PROPAGATES_STOP_TO,
        UNIT_STOP_PROPAGATED_FROM,
        UNIT_JOINS_NAMESPACE_OF,
        _UNIT_DEPENDENCY_MAX,
};

/* "After", "Wants", ...: the directive name, which is also systemctl show's property. */
const char *unit_dependency_to_string(enum unit_dependency d);

/* The origin of the dependencies systemd adds itself (systemd.unit(5) "Default Dependencies"). */
#define UNIT_ORIGIN_DEFAULT "DefaultDependencies=yes"

/* The enumerations below are stored as int-sized enums and parsed by one table-driven
 * parser (value-parsers.c, enum value_enum): their values are the index of their name
 * in that table, so the order here is the order of the names there. */

/* systemd.unit(5) FailureAction=, SuccessAction=, StartLimitAction=, JobTimeoutAction=. */
enum emergency_action {
        EMERGENCY_ACTION_NONE,
        EMERGENCY_ACTION_REBOOT,
        EMERGENCY_ACTION_REBOOT_FORCE,
        EMERGENCY_ACTION_REBOOT_IMMEDIATE,
        EMERGENCY_ACTION_POWEROFF,
        EMERGENCY_ACTION_POWEROFF_FORCE,
        EMERGENCY_ACTION_POWEROFF_IMMEDIATE,
        EMERGENCY_ACTION_EXIT,
        EMERGENCY_ACTION_EXIT_FORCE,
        EMERGENCY_ACTION_HALT,
        EMERGENCY_ACTION_HALT_FORCE,
        EMERGENCY_ACTION_HALT_IMMEDIATE,
        _EMERGENCY_ACTION_MAX,
};

/* systemd.unit(5) OnFailureJobMode=, OnSuccessJobMode= (systemctl(1) --job-mode=). */
enum job_mode {
        JOB_FAIL,
        JOB_REPLACE,
        JOB_REPLACE_IRREVERSIBLY,
        JOB_ISOLATE,
        JOB_FLUSH,
        JOB_IGNORE_DEPENDENCIES,
        JOB_IGNORE_REQUIREMENTS,
        _JOB_MODE_MAX,
};

enum collect_mode { COLLECT_INACTIVE, COLLECT_INACTIVE_OR_FAILED, _COLLECT_MODE_MAX };
enum service_exit_type { SERVICE_EXIT_MAIN, SERVICE_EXIT_CGROUP, _SERVICE_EXIT_TYPE_MAX };
enum notify_access { NOTIFY_NONE, NOTIFY_MAIN, NOTIFY_EXEC, NOTIFY_ALL, _NOTIFY_ACCESS_MAX };
enum timeout_failure_mode { TIMEOUT_TERMINATE, TIMEOUT_ABORT, TIMEOUT_KILL, _TIMEOUT_FAILURE_MODE_MAX };
enum oom_policy { OOM_CONTINUE, OOM_STOP, OOM_KILL, _OOM_POLICY_MAX };
enum kill_mode { KILL_CONTROL_GROUP, KILL_MIXED, KILL_PROCESS, KILL_NONE, _KILL_MODE_MAX };
enum protect_system { PROTECT_SYSTEM_NO, PROTECT_SYSTEM_YES, PROTECT_SYSTEM_FULL, PROTECT_SYSTEM_STRICT, _PROTECT_SYSTEM_MAX };
enum protect_home { PROTECT_HOME_NO, PROTECT_HOME_YES, PROTECT_HOME_READ_ONLY, PROTECT_HOME_TMPFS, _PROTECT_HOME_MAX };
enum protect_proc { PROTECT_PROC_DEFAULT, PROTECT_PROC_NOACCESS, PROTECT_PROC_INVISIBLE, PROTECT_PROC_PTRACEABLE, _PROTECT_PROC_MAX };
enum proc_subset { PROC_SUBSET_ALL, PROC_SUBSET_PID, _PROC_SUBSET_MAX };
enum keyring_mode { KEYRING_INHERIT, KEYRING_PRIVATE, KEYRING_SHARED, _KEYRING_MODE_MAX };
enum utmp_mode { UTMP_INIT, UTMP_LOGIN, UTMP_USER, _UTMP_MODE_MAX };
enum runtime_preserve { RUNTIME_PRESERVE_NO, RUNTIME_PRESERVE_YES, RUNTIME_PRESERVE_RESTART, _RUNTIME_PRESERVE_MAX };
enum mount_propagation { MOUNT_PROPAGATION_UNSET, MOUNT_SHARED, MOUNT_SLAVE, MOUNT_PRIVATE, _MOUNT_PROPAGATION_MAX };
enum numa_policy { NUMA_DEFAULT, NUMA_PREFERRED, NUMA_BIND, NUMA_INTERLEAVE, NUMA_LOCAL, _NUMA_POLICY_MAX };
enum device_policy { DEVICE_POLICY_AUTO, DEVICE_POLICY_CLOSED, DEVICE_POLICY_STRICT, _DEVICE_POLICY_MAX };
enum managed_oom_mode { MANAGED_OOM_AUTO, MANAGED_OOM_KILL, _MANAGED_OOM_MODE_MAX };
enum managed_oom_preference { MANAGED_OOM_PREFERENCE_NONE, MANAGED_OOM_PREFERENCE_AVOID, MANAGED_OOM_PREFERENCE_OMIT, _MANAGED_OOM_PREFERENCE_MAX };

/* systemd.exec(5) StandardInput=; the ":path"/":name" forms keep their argument in
 * std_input_arg. */
enum exec_input {
        EXEC_INPUT_NULL, EXEC_INPUT_TTY, EXEC_INPUT_TTY_FORCE, EXEC_INPUT_TTY_FAIL, EXEC_INPUT_SOCKET,
        EXEC_INPUT_DATA, EXEC_INPUT_FILE, EXEC_INPUT_FD, _EXEC_INPUT_MAX,
};
/* systemd.exec(5) StandardOutput=, StandardError=. */
enum exec_output {
        EXEC_OUTPUT_INHERIT, EXEC_OUTPUT_NULL, EXEC_OUTPUT_TTY, EXEC_OUTPUT_JOURNAL, EXEC_OUTPUT_KMSG,
        EXEC_OUTPUT_JOURNAL_AND_CONSOLE, EXEC_OUTPUT_KMSG_AND_CONSOLE, EXEC_OUTPUT_SOCKET,
        EXEC_OUTPUT_FILE, EXEC_OUTPUT_APPEND, EXEC_OUTPUT_TRUNCATE, EXEC_OUTPUT_FD, _EXEC_OUTPUT_MAX,
};

/* "unset" for optional numbers: the value systemd's default stands for. */
#define UNIT_UINT64_UNSET UINT64_MAX
#define UNIT_INT_UNSET INT_MIN
/* Sizes: "infinity" (systemd.resource-control(5)) is the maximum; a percentage is kept
 * as parts per 10000 in the low bits with this flag, resolved against RAM when applied. */
#define UNIT_SIZE_INFINITY UINT64_MAX
#define UNIT_SIZE_PERMYRIAD (UINT64_C(1) << 62)

/* Exit statuses of SuccessExitStatus=, RestartPreventExitStatus=, RestartForceExitStatus=:
 * statuses 0-255 and signal numbers 1-64, as bitmaps. */
struct exit_status_set {
        uint64_t status[4];
        uint64_t signal;
};

/* CPUAffinity=, NUMAMask=, AllowedCPUs=, AllowedMemoryNodes=: CPUs (or nodes) 0-1023.
 * Every unit has six and few set any: the 128 bytes of bits are allocated by the first
 * list assigned (value_parse_cpu_set()), so that an unset one costs 16. */
#define UNIT_CPU_SET_MAX 1024
#define UNIT_CPU_SET_WORDS (UNIT_CPU_SET_MAX / 64)
struct cpu_set {
        uint64_t *bits; /* UNIT_CPU_SET_WORDS words; non-NULL whenever set && !numa */
        bool set;       /* assigned at all (an empty set differs from "not set") */
        bool numa;      /* CPUAffinity=numa */
};

/* Limit*= of systemd.exec(5): soft and hard, RLIM_INFINITY for "infinity". */
struct unit_rlimit {
        uint64_t soft, hard;
        bool set;
};
#define UNIT_RLIMIT_MAX 16 /* RLIMIT_NLIMITS on Linux */

/* SystemCallFilter=, RestrictAddressFamilies=, RestrictFileSystems=: an allow list, or a
 * deny list when the first assignment starts with "~". Each entry is kept as written
 * ("@system-service", "chmod:EPERM"). */
struct unit_filter {
        char **entries;
        bool allow_list; /* false: entries are denied */
        bool set;
};

/* RestrictNamespaces=: a mask of CLONE_NEW* flags, set when assigned. */
struct namespace_set {
        uint64_t flags;
        bool set;
};

/* The directories of systemd.exec(5) "RuntimeDirectory=, StateDirectory=, ...". */
enum exec_directory_type {
        EXEC_DIRECTORY_RUNTIME,
        EXEC_DIRECTORY_STATE,
        EXEC_DIRECTORY_CACHE,
        EXEC_DIRECTORY_LOGS,
        EXEC_DIRECTORY_CONFIGURATION,
        _EXEC_DIRECTORY_TYPE_MAX,
};
struct exec_directory {
        char **paths; /* relative, as written; "path:symlink" kept whole */
        unsigned mode; /* *DirectoryMode=, default 0755 */
};

/* systemd.exec(5): how a process is executed. Shared by every Exec*= of a service. */
struct exec_context {
        /* Paths */
        char *working_directory;  /* as written: "-" prefix kept, "~" for home */
        char *root_directory;
        char *root_image;
        char **root_image_options;
        char *root_hash;
        char *root_hash_signature;
        char *root_verity;
        char **extension_directories;
        char **extension_images;
        char **mount_images;
        char **exec_search_path;
        bool mount_api_vfs;
        bool mount_api_vfs_set;
        bool root_directory_start_only; /* [Service] RootDirectoryStartOnly= */

        /* Credentials */
        char *user;
        char *group;
        char **supplementary_groups;
        bool dynamic_user;
        char *pam_name;

        /* Capabilities and security */
        uint64_t capability_bounding_set; /* default: all */
        uint64_t ambient_capabilities;
        int secure_bits;
        bool no_new_privileges;
        struct unit_filter system_call_filter;
        int system_call_error_number; /* UNIT_INT_UNSET, else errno, or -1 for "kill" */
        char **system_call_architectures;
        struct unit_filter system_call_log;
        struct unit_filter restrict_address_families;
        struct unit_filter restrict_file_systems;
        struct namespace_set restrict_namespaces;
        bool memory_deny_write_execute;
        bool restrict_realtime;
        bool restrict_suid_sgid;
        bool lock_personality;
        char *personality;
        char *selinux_context;
        char *apparmor_profile;
        char *smack_process_label;
        bool remove_ipc;
        enum keyring_mode keyring_mode;

        /* Sandboxing */
        enum protect_system protect_system;
        enum protect_home protect_home;
        enum protect_proc protect_proc;
        enum proc_subset proc_subset;
        char **read_write_paths;
        char **read_only_paths;
        char **inaccessible_paths;
        char **exec_paths;
        char **no_exec_paths;
        char **bind_paths;
        char **bind_read_only_paths;
        char **temporary_file_system;
        bool private_tmp;
        bool private_devices;
        bool private_network;
        bool private_users;
        bool private_mounts;
        bool private_ipc;
        bool protect_kernel_tunables;
        bool protect_kernel_modules;
        bool protect_kernel_logs;
        bool protect_clock;
        bool protect_control_groups;
        bool protect_hostname;
        char *network_namespace_path;
        char *ipc_namespace_path;
        enum mount_propagation mount_flags;
        struct exec_directory directories[_EXEC_DIRECTORY_TYPE_MAX];
        enum runtime_preserve runtime_directory_preserve;
        usec_t timeout_clean_usec;

        /* Credentials passed as files */
        char **load_credentials;     /* "ID:PATH" */
        char **set_credentials;      /* "ID:DATA" */
        bool credentials_encrypted; /* any *Encrypted= form was used */

        /* Process properties */
        struct unit_rlimit *rlimits; /* UNIT_RLIMIT_MAX of them, allocated by the first Limit*= */
        unsigned umask;                /* UMask=, default 0022 */
        int nice;                      /* UNIT_INT_UNSET: inherit */
        int oom_score_adjust;          /* UNIT_INT_UNSET: inherit */
        uint64_t coredump_filter;      /* UNIT_UINT64_UNSET: inherit */
        int io_scheduling_class;       /* UNIT_INT_UNSET, else IOPRIO_CLASS_* (0-3) */
        int io_scheduling_priority;    /* UNIT_INT_UNSET, else 0-7 */
        int cpu_scheduling_policy;     /* UNIT_INT_UNSET, else SCHED_* */
        int cpu_scheduling_priority;   /* UNIT_INT_UNSET, else 0-99 */
        bool cpu_scheduling_reset_on_fork;
        struct cpu_set cpu_affinity;
        enum numa_policy numa_policy;
        struct cpu_set numa_mask;
        uint64_t timer_slack_nsec;     /* UNIT_UINT64_UNSET: inherit */
        bool ignore_sigpipe;           /* default yes */
        bool non_blocking;             /* [Service] NonBlocking= */

        /* Environment */
        char **environment;            /* "VAR=value", later assignments of a name win */
        char **environment_files;      /* "-" prefix kept: the file may be missing */
        char **pass_environment;
        char **unset_environment;

        /* Input and output */
        enum exec_input std_input;
        char *std_input_arg;           /* file:PATH or fd:NAME argument */
        enum exec_output std_output;
        char *std_output_arg;
        enum exec_output std_error;
        char *std_error_arg;
        char *std_input_data;          /* StandardInputText=/StandardInputData=, decoded */
        size_t std_input_data_size;
        char *tty_path;
        bool tty_reset;
        bool tty_vhangup;
        bool tty_vt_disallocate;
        unsigned tty_rows;             /* UINT_MAX: unset */
        unsigned tty_columns;
        char *utmp_identifier;
        enum utmp_mode utmp_mode;

        /* Logging */
        char *syslog_identifier;
        int syslog_facility;           /* LOG_DAEMON etc. (already shifted, as syslog.h) */
        int syslog_level;              /* LOG_INFO */
        bool syslog_level_prefix;      /* default yes */
        int log_level_max;             /* UNIT_INT_UNSET */
        usec_t log_rate_limit_interval_usec;
        unsigned log_rate_limit_burst;
        char **log_extra_fields;
        char *log_namespace;
};

/* systemd.kill(5). */
struct kill_context {
        enum kill_mode kill_mode;
        int kill_signal;          /* SIGTERM */
        int restart_kill_signal;  /* 0: same as kill_signal */
        int final_kill_signal;    /* SIGKILL */
        int watchdog_signal;      /* SIGABRT */
        bool send_sigkill;        /* yes */
        bool send_sighup;         /* no */
};

/* systemd.resource-control(5). Weights and limits are UNIT_UINT64_UNSET when not set. */
struct cgroup_context {
        char *slice;
        bool cpu_accounting;
        uint64_t cpu_weight, startup_cpu_weight;   /* 1-10000; "idle" is 0 */
        uint64_t cpu_shares, startup_cpu_shares;   /* 2-262144 (cgroup v1) */
        usec_t cpu_quota_per_sec_usec;             /* CPUQuota=, USEC_INFINITY: unset */
        usec_t cpu_quota_period_usec;
        struct cpu_set allowed_cpus, startup_allowed_cpus;
        struct cpu_set allowed_memory_nodes, startup_allowed_memory_nodes;
        bool memory_accounting;
        uint64_t memory_min, memory_low, memory_high, memory_max, memory_swap_max, memory_limit;
        uint64_t default_memory_min, default_memory_low;
        bool tasks_accounting;
        uint64_t tasks_max;                        /* count, or UNIT_SIZE_PERMYRIAD|n */
        bool io_accounting;
        uint64_t io_weight, startup_io_weight;     /* 1-10000 */
        char **io_device_weight;                   /* "PATH WEIGHT", as written */
        char **io_read_bandwidth_max, **io_write_bandwidth_max;
        char **io_read_iops_max, **io_write_iops_max;
        char **io_device_latency_target;
        bool blockio_accounting;
        uint64_t blockio_weight, startup_blockio_weight; /* 10-1000 */
        char **blockio_device_weight, **blockio_read_bandwidth, **blockio_write_bandwidth;
        char **device_allow;                       /* "SPECIFIER [rwm]" */
        enum device_policy device_policy;
        bool delegate;
        char **delegate_controllers;
        char **disable_controllers;
        bool ip_accounting;
        char **ip_address_allow, **ip_address_deny;
        char **ip_ingress_filter_path, **ip_egress_filter_path;
        char **bpf_program;                        /* "TYPE:PATH" */
        char **socket_bind_allow, **socket_bind_deny;
        struct unit_filter restrict_network_interfaces;
        enum managed_oom_mode managed_oom_swap, managed_oom_memory_pressure;
        uint64_t managed_oom_memory_pressure_limit; /* permyriad, UNIT_UINT64_UNSET */
        enum managed_oom_preference managed_oom_preference;
};

struct unit {
        char *id;            /* "foo.service" */
        char *fragment_path; /* the file it was loaded from; NULL for a built-in unit */
        enum unit_type type;
        /* A special target svcd defines itself (units/special-units.h, systemd.special(7))
         * because no file on the search path does. fragment_path is NULL; where a path
         * would be shown (status's "Loaded:", cat) show "built-in" and the text of
         * special_units_text(id). setting_files[0], and the FILE of its diagnostics and
         * dependency origins, is "built-in ID" (SPECIAL_UNITS_BUILTIN_PREFIX). Drop-ins
         * and .wants/ directories apply to it as to a file. */
        bool builtin;

        /* Where the definition came from (the loader, unit-load.c). */
        char *instance;      /* "bar" of "foo@bar.service", NULL for other units */
        char **dropin_paths; /* the drop-ins applied, in the order they were applied */
        char **aliases;      /* other names of this unit (symlinks to its file) */
        struct unit_setting *settings; /* every directive assignment applied, in order */
        size_t n_settings;
        char **setting_files; /* the files settings[].file indexes: fragment, then drop-ins read */

        /* [Unit] Condition*= and Assert*= (units/condition.c), in file order. */
        struct condition *conditions;
        struct condition *asserts;

        /* [Unit] */
        char *description;
        char **documentation;
        char *source_path;
        char **dependencies[_UNIT_DEPENDENCY_MAX]; /* unit names, as written */
        /* Where each of dependencies[d] came from, same length and order: "FILE:LINE" of the
         * assignment that named it (FILE as in the loader's warnings), the directory of a
         * .wants/ or .requires/ link ("/etc/svcd/units/multi-user.target.wants/"), or
         * "DefaultDependencies=yes" (UNIT_ORIGIN_DEFAULT). Kept in step by
         * unit_add_dependency() and unit_dependency_origins_sync(); see
         * unit_dependency_origin(). The strings are borrowed from origin_pool, which has
         * each once: five implicit dependencies share one "DefaultDependencies=yes", the
         * thousand links of a .wants/ directory one path, the names of a line one FILE:LINE. */
        char **dependency_origins[_UNIT_DEPENDENCY_MAX];
        char **origin_pool;
        char **requires_mounts_for;
        bool stop_when_unneeded;
        bool refuse_manual_start;
        bool refuse_manual_stop;
        bool allow_isolate;
        bool default_dependencies; /* default yes */
        bool ignore_on_isolate;
        enum job_mode on_success_job_mode;
        enum job_mode on_failure_job_mode;
        usec_t job_timeout_usec;          /* infinity */
        usec_t job_running_timeout_usec;  /* infinity */
        enum emergency_action job_timeout_action;
        char *job_timeout_reboot_argument;
        usec_t start_limit_interval_usec; /* StartLimitIntervalSec=, default 10s */
        unsigned start_limit_burst;       /* StartLimitBurst=, default 5 */
        enum emergency_action start_limit_action;
        enum emergency_action failure_action;
        enum emergency_action success_action;
        int failure_action_exit_status; /* -1: unset */
        int success_action_exit_status; /* -1: unset */
        char *reboot_argument;
        enum collect_mode collect_mode;

        /* [Install] */
        char **wanted_by;
        char **required_by;
        char **install_alias; /* Alias= (the loader's aliases are the symlinks found) */
        char **also;
        char *default_instance;

        /* [Service] */
        enum service_type service_type;
        enum service_exit_type exit_type;
        struct exec_command *exec_condition;
        size_t n_exec_condition;
        struct exec_command *exec_start_pre;
        size_t n_exec_start_pre;
        struct exec_command *exec_start;
        size_t n_exec_start;
        struct exec_command *exec_start_post;
        size_t n_exec_start_post;
        struct exec_command *exec_reload;
        size_t n_exec_reload;
        struct exec_command *exec_stop;
        size_t n_exec_stop;
        struct exec_command *exec_stop_post;
        size_t n_exec_stop_post;
        enum restart_policy restart;
        usec_t restart_usec;      /* RestartSec=, default 100ms */
        unsigned restart_steps;   /* RestartSteps=: 0, the delay stays RestartSec= */
        usec_t restart_max_delay_usec; /* RestartMaxDelaySec=, infinity */
        int reload_signal;        /* ReloadSignal= (Type=notify-reload), SIGHUP */
        usec_t timeout_start_usec; /* TimeoutStartSec=, default 90s */
        usec_t timeout_stop_usec; /* TimeoutStopSec=, default 90s */
        usec_t timeout_abort_usec; /* TimeoutAbortSec=, USEC_INFINITY... see timeout_abort_set */
        bool timeout_abort_set;    /* unset: TimeoutStopSec= applies */
        enum timeout_failure_mode timeout_start_failure_mode;
        enum timeout_failure_mode timeout_stop_failure_mode;
        usec_t runtime_max_usec;   /* infinity */
        usec_t runtime_randomized_extra_usec;
        usec_t watchdog_usec;      /* 0: off */
        char *pid_file;
        bool remain_after_exit;
        bool guess_main_pid;       /* default yes */
        bool permissions_start_only;
        enum notify_access notify_access; /* default none (main for Type=notify: service_notify_access()) */
        char *bus_name;
        unsigned file_descriptor_store_max;
        char **sockets;
        char *usb_function_descriptors;
        char *usb_function_strings;
        enum oom_policy oom_policy;
        struct exit_status_set success_exit_status;
        struct exit_status_set restart_prevent_exit_status;
        struct exit_status_set restart_force_exit_status;

        /* systemd.exec(5) and systemd.resource-control(5): 1,300 bytes a unit, most of
         * which no unit sets (a target sets none). A unit shares exec_context_defaults and
         * cgroup_context_defaults until the first such setting copies them for it
         * (unit_exec_mut(), by directive_apply()); everything else only reads. */
        const struct exec_context *exec;
        struct kill_context kill; /* systemd.kill(5) */
        const struct cgroup_context *cgroup;
};

extern const struct exec_context exec_context_defaults;
extern const struct cgroup_context cgroup_context_defaults;

/* u's own exec (cgroup) settings, to write: copied from the shared defaults the first time.
 * NULL when out of memory. */
struct exec_context *unit_exec_mut(struct unit *u);
struct cgroup_context *unit_cgroup_mut(struct unit *u);

/* The start timeout in force (infinity by default for Type=oneshot) and the abort timeout
 * (TimeoutStopSec= unless TimeoutAbortSec= is set). */
usec_t unit_timeout_start(const struct unit *u);
usec_t unit_timeout_abort(const struct unit *u);

/* Creates an empty unit with systemd's defaults for id ("foo.service"). */
int unit_new(const char *id, struct unit **ret);
struct unit *unit_free(struct unit *u);
/* Frees a CPU set's bits and makes it unset. */
void cpu_set_done(struct cpu_set *s);
DEFINE_POINTER_CLEANUP(struct unit, unit_free)

/* Parses a unit file. Warnings (unknown directive, bad value) are logged at file:line and
 * the unit loads anyway; -errno only when the file cannot be read at all. */
int unit_load_file(const char *path, const char *id, struct unit **ret);
/* Same, from an open stream; path is used in diagnostics and as FragmentPath. */
int unit_load_stream(FILE *f, const char *path, const char *id, struct unit **ret);

/* Loads the unit called name from the search path (units/unit-load.c): an instance from
 * its own file or else its template's, an alias (a symlink to a file of another name) as
 * its target's unit with name in ->aliases, then every drop-in in order (->dropin_paths),
 * then the .wants/ and .requires/ directories of each of its names, then its default
 * dependencies (special_units_add_default_dependencies(), user mode when getuid() != 0).
 * A special target of systemd.special(7) that no file defines (systemd's own copies in its
 * vendor directories do not count, see special-units.h) is svcd's built-in one
 * (->builtin); "default.target" is then multi-user.target with "default.target" in
 * ->aliases. Sets id, instance, aliases, dropin_paths, fragment_path, builtin. Returns
 * -ENOENT if nothing on the path defines it, -ERFKILL if it is masked (linked to
 * /dev/null or empty), -EPROTONOSUPPORT for a known unit type svcd does not load (.socket,
 * .timer, ...), -EINVAL for an invalid name or a bare template, other -errno if its file
 * cannot be read. unit_load_file() and unit_load_stream() read one file as written: no
 * drop-ins, .wants/ or default dependencies. */
int unit_load(char *const *search_path, const char *name, struct unit **ret);

/* What systemd derives from what a unit's files leave out, applied once all its files
 * are read: a service without Type= is Type=oneshot when it has no ExecStart= and no
 * BusName=, else simple (systemd.service(5), Type=). */
void unit_apply_implicit_settings(struct unit *u);

/* Checks that a loaded unit can run (a service needs ExecStart=). Logs why not, naming
 * the unit and file, and returns -ENOEXEC; the daemon then calls it "bad-setting". */
int unit_verify(const struct unit *u);

/* Where the dependency d of u on name came from (see struct unit's dependency_origins),
 * or NULL if u has no such dependency. */
const char *unit_dependency_origin(const struct unit *u, enum unit_dependency d, const char *name);

/* Adds name to u's dependencies of type d with its origin, unless it is there already
 * (the first origin stays) or names u itself (its id or an alias: systemd drops a
 * dependency of a unit on itself). Returns 1 if added, 0 if not, -ENOMEM. */
int unit_add_dependency(struct unit *u, enum unit_dependency d, const char *name, const char *origin);
/* The same for each of names, origins[k] the origin of names[k]: a name already there or
 * earlier in names is skipped. One sort instead of a scan per name: a default.target.wants/
 * of 10,000 links costs milliseconds, not seconds. Returns how many were added, or -ENOMEM
 * (the lists then hold what was added before the failure, in step). */
int unit_add_dependencies(struct unit *u, enum unit_dependency d, char *const *names, char *const *origins);

/* Brings dependency_origins[d] in step with dependencies[d] after a directive parser
 * changed the list in place: an emptied list (an empty assignment resets it,
 * systemd.unit(5)) loses its origins, names appended at the end get origin. Returns 0,
 * -ENOMEM, or -EINVAL if names were appended and origin is NULL. */
int unit_dependency_origins_sync(struct unit *u, enum unit_dependency d, const char *origin);

void exec_command_done(struct exec_command *c);

const char *unit_type_to_string(enum unit_type t);
enum unit_type unit_type_from_name(const char *name); /* by suffix; _UNIT_TYPE_INVALID */
const char *service_type_to_string(enum service_type t);
int service_type_from_string(const char *s);
const char *restart_policy_to_string(enum restart_policy p);
int restart_policy_from_string(const char *s);
