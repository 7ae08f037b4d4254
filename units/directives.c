/* directives.c: the sorted directive table of svcd.unit(5) and directive_apply() (DESIGN.md decision 4). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/condition.h"
#include "units/directives.h"
#include "units/unit.h"
#include "units/value-parsers.h"

/* Where a directive's setting lives: in struct unit itself, or in the exec or cgroup
 * settings it shares with other units until it writes one (units/unit.h); the block is
 * in the offset's top bits (directives.h: DIRECTIVE_IN_*). */
#define U(field) offsetof(struct unit, field)
#define E(field) (DIRECTIVE_IN_EXEC | offsetof(struct exec_context, field))
#define C(field) (DIRECTIVE_IN_CGROUP | offsetof(struct cgroup_context, field))

/* Why a directive is ignored or how it is emulated. Users read these in `svcctl verify`
 * and svcd.unit(5): each says what svcd does instead, in words a unit author can act on. */
#define NOTE_METADATA "recorded and shown; svcd does not read the source file"
#define NOTE_MOUNTS "svcd runs no .mount units: nothing is pulled in or ordered for these paths"
#define NOTE_ACTIONS "svcd passes no argument to reboot(2) (a reboot action reboots plainly; in a container it ends svcd as exit does)"
#define NOTE_CONDITION_UNKNOWN "svcd cannot check this condition; the unit starts as if it held"
#define NOTE_INSTALL "used by `svcctl enable`, which makes the links in the .wants/ and .requires/ directories of the targets named; svcd boots default.target and what it pulls in"
#define NOTE_DBUS "needs D-Bus, which svcd does not use"
#define NOTE_SOCKETS "socket activation is not supported"
#define NOTE_TTY "svcd does not deallocate virtual terminals"
#define NOTE_LOG "svcd keeps its own per-unit log (svcctl logs) and does not apply this"
#define NOTE_SANDBOX "disk images and extensions are not supported"
/* The sandbox needs mount namespaces; what svcd cannot do where it runs is listed at start. */
#define NOTE_NEEDS_NS "needs CAP_SYS_ADMIN and namespaces; where svcd lacks them the service starts without it and status lists it as not enforced (--strict-sandbox refuses)"
#define NOTE_CREDENTIALS "service credentials are not implemented"
#define NOTE_LSM "SELinux, AppArmor and SMACK are not supported"
#define NOTE_CGROUP "cgroup resource control is not implemented yet; no limit or accounting is applied"
#define NOTE_CGROUP_V1 "cgroup v1 only (deprecated in systemd); svcd does not apply it"
#define NOTE_BPF "needs cgroup BPF programs, which svcd does not load"
#define NOTE_OOMD "needs systemd-oomd"

/* Sorted by section, then key (strcmp order): directive_lookup() bisects it, and
 * tests/unit/test-directives.c checks the order. Older spellings systemd still accepts
 * (BindTo=, StartLimitInterval=, TimeoutSec=, MemoryLimit=, CPUShares=, the
 * [Service] placements of StartLimit*=, ...) have entries of their own. */
static const struct directive directives[] = {
        { "Install", "Alias", value_parse_words, U(install_alias), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, NOTE_INSTALL },
        { "Install", "Also", value_parse_words, U(also), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, NOTE_INSTALL },
        { "Install", "DefaultInstance", value_parse_string, U(default_instance), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, NOTE_INSTALL },
        { "Install", "RequiredBy", value_parse_words, U(required_by), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, NOTE_INSTALL },
        { "Install", "WantedBy", value_parse_words, U(wanted_by), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, NOTE_INSTALL },
        { "Service", "AllowedCPUs", value_parse_cpu_set, C(allowed_cpus), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "AllowedMemoryNodes", value_parse_cpu_set, C(allowed_memory_nodes), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "AmbientCapabilities", value_parse_capabilities, E(ambient_capabilities), 1, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "AppArmorProfile", value_parse_string, E(apparmor_profile), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_LSM },
        { "Service", "BPFProgram", value_parse_bpf_program, C(bpf_program), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "BindPaths", value_parse_bind_paths, E(bind_paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "BindReadOnlyPaths", value_parse_bind_paths, E(bind_read_only_paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "BlockIOAccounting", value_parse_bool, C(blockio_accounting), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "BlockIODeviceWeight", value_parse_device_value, C(blockio_device_weight), VALUE_DEVICE_BLOCKIO_WEIGHT, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "BlockIOReadBandwidth", value_parse_device_value, C(blockio_read_bandwidth), VALUE_DEVICE_BANDWIDTH, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "BlockIOWeight", value_parse_weight, C(blockio_weight), VALUE_WEIGHT_BLOCKIO, 0, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "BlockIOWriteBandwidth", value_parse_device_value, C(blockio_write_bandwidth), VALUE_DEVICE_BANDWIDTH, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "BusName", value_parse_bus_name, U(bus_name), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_DBUS },
        { "Service", "BusPolicy", value_parse_obsolete, 0, 0, 0, DIRECTIVE_IGNORED, "obsolete: systemd ignores it too" },
        { "Service", "CPUAccounting", value_parse_bool, C(cpu_accounting), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "CPUAffinity", value_parse_cpu_set, E(cpu_affinity), 1, 0, DIRECTIVE_ENFORCED, "CPU lists and ranges are applied; 'numa' is not (svcd applies no NUMA policy) and is listed as not enforced at start" },
        { "Service", "CPUQuota", value_parse_cpu_quota, C(cpu_quota_per_sec_usec), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "CPUQuotaPeriodSec", value_parse_timespan_sec, C(cpu_quota_period_usec), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "CPUSchedulingPolicy", value_parse_cpu_sched_policy, E(cpu_scheduling_policy), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "CPUSchedulingPriority", value_parse_int, E(cpu_scheduling_priority), VALUE_INT_CPU_PRIORITY, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "CPUSchedulingResetOnFork", value_parse_bool, E(cpu_scheduling_reset_on_fork), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "CPUShares", value_parse_weight, C(cpu_shares), VALUE_WEIGHT_CPU_SHARES, 0, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "CPUWeight", value_parse_weight, C(cpu_weight), VALUE_WEIGHT_CPU, 0, DIRECTIVE_ENFORCED, "written to cpu.weight; idle is not applied; listed as not enforced where the cpu controller is not delegated" },
        { "Service", "CacheDirectory", value_parse_exec_directories, E(directories[EXEC_DIRECTORY_CACHE].paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "CacheDirectoryMode", value_parse_mode, E(directories[EXEC_DIRECTORY_CACHE].mode), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "Capabilities", value_parse_obsolete, 0, 0, 0, DIRECTIVE_IGNORED, "obsolete: systemd ignores it too (use CapabilityBoundingSet=, AmbientCapabilities=)" },
        { "Service", "CapabilityBoundingSet", value_parse_capabilities, E(capability_bounding_set), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ConfigurationDirectory", value_parse_exec_directories, E(directories[EXEC_DIRECTORY_CONFIGURATION].paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ConfigurationDirectoryMode", value_parse_mode, E(directories[EXEC_DIRECTORY_CONFIGURATION].mode), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "CoredumpFilter", value_parse_coredump_filter, E(coredump_filter), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "DefaultMemoryLow", value_parse_memory_limit, C(default_memory_low), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "DefaultMemoryMin", value_parse_memory_limit, C(default_memory_min), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "Delegate", value_parse_delegate, C(delegate), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "DeviceAllow", value_parse_device_allow, C(device_allow), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "DevicePolicy", value_parse_enum, C(device_policy), VALUE_ENUM_DEVICE_POLICY, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "DisableControllers", value_parse_words, C(disable_controllers), VALUE_WORDS_CONTROLLER, DIRECTIVE_LIST, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "DynamicUser", value_parse_bool, E(dynamic_user), 0, 0, DIRECTIVE_EMULATED, "svcd has no nss-systemd: an existing user of the name is used, otherwise a uid/gid hashed from the name in 61184-65519, stable while svcd runs and without a user database entry; the implied sandboxing applies" },
        { "Service", "Environment", value_parse_environment, E(environment), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "EnvironmentFile", value_parse_environment_file, E(environment_files), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecCondition", value_parse_exec, U(exec_condition), U(n_exec_condition), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecPaths", value_parse_path_list, E(exec_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ExecReload", value_parse_exec, U(exec_reload), U(n_exec_reload), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecSearchPath", value_parse_exec_search_path, E(exec_search_path), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecStart", value_parse_exec, U(exec_start), U(n_exec_start), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, "the prefixes - @ : + ! !! are applied as documented; several lines only with Type=oneshot" },
        { "Service", "ExecStartPost", value_parse_exec, U(exec_start_post), U(n_exec_start_post), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecStartPre", value_parse_exec, U(exec_start_pre), U(n_exec_start_pre), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecStop", value_parse_exec, U(exec_stop), U(n_exec_stop), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExecStopPost", value_parse_exec, U(exec_stop_post), U(n_exec_stop_post), DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ExitType", value_parse_enum, U(exit_type), VALUE_ENUM_EXIT_TYPE, 0, DIRECTIVE_EMULATED, "as documented where svcd has a cgroup per service; otherwise cgroup means the processes in the main process' group and session" },
        { "Service", "ExtensionDirectories", value_parse_path_list, E(extension_directories), VALUE_PATH_DASH, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "ExtensionImages", value_parse_image_list, E(extension_images), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "FailureAction", value_parse_enum, U(failure_action), VALUE_ENUM_EMERGENCY_ACTION, 0, DIRECTIVE_EMULATED, "as documented where svcd is the init of a machine (an orderly stop, then sync(2) and reboot(2); -force skips the orderly stop, -immediate is -force); in a container, as a supervisor or a user manager svcd cannot halt the machine: poweroff, reboot and halt end it as exit does, -force/-immediate as exit-force; on a machine, exit powers off" },
        { "Service", "FileDescriptorStoreMax", value_parse_unsigned, U(file_descriptor_store_max), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "FinalKillSignal", value_parse_signal, U(kill.final_kill_signal), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "Group", value_parse_user_group, E(group), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "GuessMainPID", value_parse_bool, U(guess_main_pid), 0, 0, DIRECTIVE_EMULATED, "without a cgroup, svcd takes the one process left in the session the start began, or else the one child it adopted that no service owns" },
        { "Service", "IOAccounting", value_parse_bool, C(io_accounting), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IODeviceLatencyTargetSec", value_parse_device_value, C(io_device_latency_target), VALUE_DEVICE_LATENCY, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IODeviceWeight", value_parse_device_value, C(io_device_weight), VALUE_DEVICE_WEIGHT, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IOReadBandwidthMax", value_parse_device_value, C(io_read_bandwidth_max), VALUE_DEVICE_BANDWIDTH, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IOReadIOPSMax", value_parse_device_value, C(io_read_iops_max), VALUE_DEVICE_IOPS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IOSchedulingClass", value_parse_io_class, E(io_scheduling_class), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "IOSchedulingPriority", value_parse_int, E(io_scheduling_priority), VALUE_INT_IO_PRIORITY, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "IOWeight", value_parse_weight, C(io_weight), VALUE_WEIGHT_IO, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IOWriteBandwidthMax", value_parse_device_value, C(io_write_bandwidth_max), VALUE_DEVICE_BANDWIDTH, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IOWriteIOPSMax", value_parse_device_value, C(io_write_iops_max), VALUE_DEVICE_IOPS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IPAccounting", value_parse_bool, C(ip_accounting), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "IPAddressAllow", value_parse_ip_address_list, C(ip_address_allow), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "IPAddressDeny", value_parse_ip_address_list, C(ip_address_deny), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "IPCNamespacePath", value_parse_path, E(ipc_namespace_path), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "IPEgressFilterPath", value_parse_path_list, C(ip_egress_filter_path), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "IPIngressFilterPath", value_parse_path_list, C(ip_ingress_filter_path), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "IgnoreSIGPIPE", value_parse_bool, E(ignore_sigpipe), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "InaccessibleDirectories", value_parse_path_list, E(inaccessible_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "InaccessiblePaths", value_parse_path_list, E(inaccessible_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "KeyringMode", value_parse_enum, E(keyring_mode), VALUE_ENUM_KEYRING_MODE, 0, DIRECTIVE_EMULATED, "private and shared give the service a new session keyring (shared does not link the user keyring into it); inherit keeps svcd's; a kernel or container without keyrings is not an error" },
        { "Service", "KillMode", value_parse_enum, U(kill.kill_mode), VALUE_ENUM_KILL_MODE, 0, DIRECTIVE_EMULATED, "control-group is the service's cgroup where svcd has a writable cgroup v2 hierarchy, else its process group and session; mixed, process and none as documented" },
        { "Service", "KillSignal", value_parse_signal, U(kill.kill_signal), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitAS", value_parse_rlimit, E(rlimits), RLIMIT_AS, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitCORE", value_parse_rlimit, E(rlimits), RLIMIT_CORE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitCPU", value_parse_rlimit, E(rlimits), RLIMIT_CPU, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitDATA", value_parse_rlimit, E(rlimits), RLIMIT_DATA, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitFSIZE", value_parse_rlimit, E(rlimits), RLIMIT_FSIZE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitLOCKS", value_parse_rlimit, E(rlimits), RLIMIT_LOCKS, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitMEMLOCK", value_parse_rlimit, E(rlimits), RLIMIT_MEMLOCK, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitMSGQUEUE", value_parse_rlimit, E(rlimits), RLIMIT_MSGQUEUE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitNICE", value_parse_rlimit, E(rlimits), RLIMIT_NICE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitNOFILE", value_parse_rlimit, E(rlimits), RLIMIT_NOFILE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitNPROC", value_parse_rlimit, E(rlimits), RLIMIT_NPROC, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitRSS", value_parse_rlimit, E(rlimits), RLIMIT_RSS, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitRTPRIO", value_parse_rlimit, E(rlimits), RLIMIT_RTPRIO, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitRTTIME", value_parse_rlimit, E(rlimits), RLIMIT_RTTIME, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitSIGPENDING", value_parse_rlimit, E(rlimits), RLIMIT_SIGPENDING, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LimitSTACK", value_parse_rlimit, E(rlimits), RLIMIT_STACK, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LoadCredential", value_parse_credential, E(load_credentials), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CREDENTIALS },
        { "Service", "LoadCredentialEncrypted", value_parse_credential, E(load_credentials), 2, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CREDENTIALS },
        { "Service", "LockPersonality", value_parse_bool, E(lock_personality), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LogExtraFields", value_parse_log_extra_fields, E(log_extra_fields), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_LOG },
        { "Service", "LogLevelMax", value_parse_log_level, E(log_level_max), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LogNamespace", value_parse_string, E(log_namespace), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_LOG },
        { "Service", "LogRateLimitBurst", value_parse_unsigned, E(log_rate_limit_burst), 0, 0, DIRECTIVE_IGNORED, NOTE_LOG },
        { "Service", "LogRateLimitIntervalSec", value_parse_timespan_sec, E(log_rate_limit_interval_usec), 0, 0, DIRECTIVE_IGNORED, NOTE_LOG },
        { "Service", "LogsDirectory", value_parse_exec_directories, E(directories[EXEC_DIRECTORY_LOGS].paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "LogsDirectoryMode", value_parse_mode, E(directories[EXEC_DIRECTORY_LOGS].mode), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "ManagedOOMMemoryPressure", value_parse_enum, C(managed_oom_memory_pressure), VALUE_ENUM_MANAGED_OOM_MODE, 0, DIRECTIVE_IGNORED, NOTE_OOMD },
        { "Service", "ManagedOOMMemoryPressureLimit", value_parse_permyriad, C(managed_oom_memory_pressure_limit), 0, 0, DIRECTIVE_IGNORED, NOTE_OOMD },
        { "Service", "ManagedOOMPreference", value_parse_enum, C(managed_oom_preference), VALUE_ENUM_MANAGED_OOM_PREFERENCE, 0, DIRECTIVE_IGNORED, NOTE_OOMD },
        { "Service", "ManagedOOMSwap", value_parse_enum, C(managed_oom_swap), VALUE_ENUM_MANAGED_OOM_MODE, 0, DIRECTIVE_IGNORED, NOTE_OOMD },
        { "Service", "MemoryAccounting", value_parse_bool, C(memory_accounting), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "MemoryDenyWriteExecute", value_parse_bool, E(memory_deny_write_execute), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "MemoryHigh", value_parse_memory_limit, C(memory_high), 0, 0, DIRECTIVE_ENFORCED, "written to memory.high; listed as not enforced where the memory controller is not delegated to svcd" },
        { "Service", "MemoryLimit", value_parse_memory_limit, C(memory_limit), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "MemoryLow", value_parse_memory_limit, C(memory_low), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "MemoryMax", value_parse_memory_limit, C(memory_max), 0, 0, DIRECTIVE_ENFORCED, "written to memory.max of the service's cgroup; listed as not enforced where the memory controller is not delegated to svcd" },
        { "Service", "MemoryMin", value_parse_memory_limit, C(memory_min), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "MemorySwapMax", value_parse_memory_limit, C(memory_swap_max), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "MountAPIVFS", value_parse_bool, E(mount_api_vfs), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "MountFlags", value_parse_enum, E(mount_flags), VALUE_ENUM_MOUNT_FLAGS, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "MountImages", value_parse_image_list, E(mount_images), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "NUMAMask", value_parse_cpu_set, E(numa_mask), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "NUMAPolicy", value_parse_enum, E(numa_policy), VALUE_ENUM_NUMA_POLICY, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "NetClass", value_parse_obsolete, 0, 0, 0, DIRECTIVE_IGNORED, "obsolete: systemd ignores it too" },
        { "Service", "NetworkNamespacePath", value_parse_path, E(network_namespace_path), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "Nice", value_parse_int, E(nice), VALUE_INT_NICE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "NoExecPaths", value_parse_path_list, E(no_exec_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "NoNewPrivileges", value_parse_bool, E(no_new_privileges), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "NonBlocking", value_parse_bool, E(non_blocking), 0, 0, DIRECTIVE_IGNORED, NOTE_SOCKETS },
        { "Service", "NotifyAccess", value_parse_enum, U(notify_access), VALUE_ENUM_NOTIFY_ACCESS, 0, DIRECTIVE_EMULATED, "all accepts the processes in the sessions of the service's main and control processes (svcd's stand-in for its cgroup)" },
        { "Service", "OOMPolicy", value_parse_enum, U(oom_policy), VALUE_ENUM_OOM_POLICY, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "OOMScoreAdjust", value_parse_int, E(oom_score_adjust), VALUE_INT_OOM_SCORE_ADJUST, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "PAMName", value_parse_string, E(pam_name), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, "PAM sessions are not supported" },
        { "Service", "PIDFile", value_parse_path, U(pid_file), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "PassEnvironment", value_parse_words, E(pass_environment), VALUE_WORDS_ENV_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "PermissionsStartOnly", value_parse_bool, U(permissions_start_only), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "Personality", value_parse_personality, E(personality), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "PrivateDevices", value_parse_bool, E(private_devices), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "PrivateIPC", value_parse_bool, E(private_ipc), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "PrivateMounts", value_parse_bool, E(private_mounts), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "PrivateNetwork", value_parse_bool, E(private_network), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "PrivateTmp", value_parse_bool, E(private_tmp), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "PrivateUsers", value_parse_bool, E(private_users), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProcSubset", value_parse_enum, E(proc_subset), VALUE_ENUM_PROC_SUBSET, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectClock", value_parse_bool, E(protect_clock), 0, 0, DIRECTIVE_ENFORCED, "removes CAP_SYS_TIME and CAP_WAKE_ALARM and denies the @clock system calls (systemd 252 mounts nothing for it)" },
        { "Service", "ProtectControlGroups", value_parse_bool, E(protect_control_groups), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectHome", value_parse_enum, E(protect_home), VALUE_ENUM_PROTECT_HOME, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectHostname", value_parse_bool, E(protect_hostname), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectKernelLogs", value_parse_bool, E(protect_kernel_logs), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectKernelModules", value_parse_bool, E(protect_kernel_modules), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectKernelTunables", value_parse_bool, E(protect_kernel_tunables), 0, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectProc", value_parse_enum, E(protect_proc), VALUE_ENUM_PROTECT_PROC, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ProtectSystem", value_parse_enum, E(protect_system), VALUE_ENUM_PROTECT_SYSTEM, 0, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ReadOnlyDirectories", value_parse_path_list, E(read_only_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ReadOnlyPaths", value_parse_path_list, E(read_only_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ReadWriteDirectories", value_parse_path_list, E(read_write_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "ReadWritePaths", value_parse_path_list, E(read_write_paths), VALUE_PATH_DASH | VALUE_PATH_PLUS, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "RebootArgument", value_parse_string, U(reboot_argument), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_ACTIONS },
        { "Service", "ReloadSignal", value_parse_signal, U(reload_signal), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RemainAfterExit", value_parse_bool, U(remain_after_exit), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RemoveIPC", value_parse_bool, E(remove_ipc), 0, 0, DIRECTIVE_ENFORCED, "when the run ends, the System V and POSIX IPC objects of the service's user and group are removed (never root's)" },
        { "Service", "Restart", value_parse_enum, U(restart), VALUE_ENUM_RESTART, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartForceExitStatus", value_parse_exit_status_set, U(restart_force_exit_status), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartKillSignal", value_parse_signal, U(kill.restart_kill_signal), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartMaxDelaySec", value_parse_timespan_sec, U(restart_max_delay_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartPreventExitStatus", value_parse_exit_status_set, U(restart_prevent_exit_status), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartSec", value_parse_timespan_sec, U(restart_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestartSteps", value_parse_unsigned, U(restart_steps), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestrictAddressFamilies", value_parse_address_families, E(restrict_address_families), 0, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestrictFileSystems", value_parse_restrict_filesystems, E(restrict_file_systems), 0, DIRECTIVE_LIST, DIRECTIVE_IGNORED, "needs BPF LSM support, which svcd does not have" },
        { "Service", "RestrictNamespaces", value_parse_restrict_namespaces, E(restrict_namespaces), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestrictNetworkInterfaces", value_parse_network_interfaces, C(restrict_network_interfaces), 0, DIRECTIVE_LIST, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "RestrictRealtime", value_parse_bool, E(restrict_realtime), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RestrictSUIDSGID", value_parse_bool, E(restrict_suid_sgid), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RootDirectory", value_parse_path, E(root_directory), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "chroot(2) after the namespace setup; a command without a slash is looked up inside the new root" },
        { "Service", "RootDirectoryStartOnly", value_parse_bool, E(root_directory_start_only), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RootHash", value_parse_root_hash, E(root_hash), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "RootHashSignature", value_parse_root_hash, E(root_hash_signature), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "RootImage", value_parse_path, E(root_image), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "RootImageOptions", value_parse_image_options, E(root_image_options), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "RootVerity", value_parse_path, E(root_verity), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SANDBOX },
        { "Service", "RuntimeDirectory", value_parse_exec_directories, E(directories[EXEC_DIRECTORY_RUNTIME].paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RuntimeDirectoryMode", value_parse_mode, E(directories[EXEC_DIRECTORY_RUNTIME].mode), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RuntimeDirectoryPreserve", value_parse_enum, E(runtime_directory_preserve), VALUE_ENUM_RUNTIME_PRESERVE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RuntimeMaxSec", value_parse_timespan_sec, U(runtime_max_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "RuntimeRandomizedExtraSec", value_parse_timespan_sec, U(runtime_randomized_extra_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SELinuxContext", value_parse_string, E(selinux_context), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_LSM },
        { "Service", "SecureBits", value_parse_secure_bits, E(secure_bits), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SendSIGHUP", value_parse_bool, U(kill.send_sighup), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SendSIGKILL", value_parse_bool, U(kill.send_sigkill), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SetCredential", value_parse_credential, E(set_credentials), 1, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CREDENTIALS },
        { "Service", "SetCredentialEncrypted", value_parse_credential, E(set_credentials), 3, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CREDENTIALS },
        { "Service", "Slice", value_parse_slice, C(slice), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "SmackProcessLabel", value_parse_string, E(smack_process_label), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_LSM },
        { "Service", "SocketBindAllow", value_parse_socket_bind, C(socket_bind_allow), 0, DIRECTIVE_LIST, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "SocketBindDeny", value_parse_socket_bind, C(socket_bind_deny), 0, DIRECTIVE_LIST, DIRECTIVE_IGNORED, NOTE_BPF },
        { "Service", "Sockets", value_parse_words, U(sockets), VALUE_WORDS_SOCKET_UNIT, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_SOCKETS },
        { "Service", "StandardError", value_parse_std_output, E(std_error), 1, DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, "as StandardOutput=: journal is captured by svcd; socket and fd: are refused at start" },
        { "Service", "StandardInput", value_parse_std_input, E(std_input), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "socket and fd: are refused at start (svcd runs no socket units); tty waits for nobody: it behaves as tty-fail" },
        { "Service", "StandardInputData", value_parse_std_input_data, E(std_input_data), 1, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StandardInputText", value_parse_std_input_data, E(std_input_data), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StandardOutput", value_parse_std_output, E(std_output), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, "journal, kmsg and inherit are captured by svcd (svcctl logs, forwarded to its stdout, and to journald when svcd is built with libsystemd and journald runs); socket and fd: are refused at start" },
        { "Service", "StartLimitAction", value_parse_enum, U(start_limit_action), VALUE_ENUM_EMERGENCY_ACTION, 0, DIRECTIVE_EMULATED, "as FailureAction=: poweroff, reboot and halt on a machine; in a container, as a supervisor or a user manager they end svcd as exit does" },
        { "Service", "StartLimitBurst", value_parse_unsigned, U(start_limit_burst), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StartLimitInterval", value_parse_timespan_sec, U(start_limit_interval_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StartupAllowedCPUs", value_parse_cpu_set, C(startup_allowed_cpus), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "StartupAllowedMemoryNodes", value_parse_cpu_set, C(startup_allowed_memory_nodes), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "StartupBlockIOWeight", value_parse_weight, C(startup_blockio_weight), VALUE_WEIGHT_BLOCKIO, 0, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "StartupCPUShares", value_parse_weight, C(startup_cpu_shares), VALUE_WEIGHT_CPU_SHARES, 0, DIRECTIVE_IGNORED, NOTE_CGROUP_V1 },
        { "Service", "StartupCPUWeight", value_parse_weight, C(startup_cpu_weight), VALUE_WEIGHT_CPU, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "StartupIOWeight", value_parse_weight, C(startup_io_weight), VALUE_WEIGHT_IO, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "StateDirectory", value_parse_exec_directories, E(directories[EXEC_DIRECTORY_STATE].paths), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "StateDirectoryMode", value_parse_mode, E(directories[EXEC_DIRECTORY_STATE].mode), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SuccessExitStatus", value_parse_exit_status_set, U(success_exit_status), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SupplementaryGroups", value_parse_words, E(supplementary_groups), VALUE_WORDS_USER_GROUP, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SysVStartPriority", value_parse_obsolete, 0, 0, 0, DIRECTIVE_IGNORED, "obsolete: systemd ignores it too" },
        { "Service", "SyslogFacility", value_parse_syslog_facility, E(syslog_facility), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SyslogIdentifier", value_parse_string, E(syslog_identifier), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SyslogLevel", value_parse_log_level, E(syslog_level), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SyslogLevelPrefix", value_parse_bool, E(syslog_level_prefix), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SystemCallArchitectures", value_parse_words, E(system_call_architectures), VALUE_WORDS_ARCHITECTURE, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SystemCallErrorNumber", value_parse_syscall_errno, E(system_call_error_number), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SystemCallFilter", value_parse_syscall_filter, E(system_call_filter), 0, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "SystemCallLog", value_parse_syscall_log, E(system_call_log), 0, DIRECTIVE_LIST, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TTYColumns", value_parse_unsigned, E(tty_columns), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TTYPath", value_parse_path, E(tty_path), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TTYReset", value_parse_bool, E(tty_reset), 0, 0, DIRECTIVE_EMULATED, "applied before the start only, not after the service exits" },
        { "Service", "TTYRows", value_parse_unsigned, E(tty_rows), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TTYVHangup", value_parse_bool, E(tty_vhangup), 0, 0, DIRECTIVE_EMULATED, "applied before the start only, not after the service exits" },
        { "Service", "TTYVTDisallocate", value_parse_bool, E(tty_vt_disallocate), 0, 0, DIRECTIVE_IGNORED, NOTE_TTY },
        { "Service", "TasksAccounting", value_parse_bool, C(tasks_accounting), 0, 0, DIRECTIVE_IGNORED, NOTE_CGROUP },
        { "Service", "TasksMax", value_parse_tasks_max, C(tasks_max), 0, 0, DIRECTIVE_ENFORCED, "written to pids.max (a percentage of the smaller of kernel.pid_max and kernel.threads-max); svcd sets no default (systemd's DefaultTasksMax=15%); listed as not enforced where the pids controller is not delegated" },
        { "Service", "TemporaryFileSystem", value_parse_temporary_fs, E(temporary_file_system), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NOTE_NEEDS_NS },
        { "Service", "TimeoutAbortSec", value_parse_timeout_abort, U(timeout_abort_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimeoutCleanSec", value_parse_timespan_sec, E(timeout_clean_usec), 0, 0, DIRECTIVE_IGNORED, "svcctl clean is not implemented" },
        { "Service", "TimeoutSec", value_parse_timeout, U(timeout_start_usec), 1, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimeoutStartFailureMode", value_parse_enum, U(timeout_start_failure_mode), VALUE_ENUM_TIMEOUT_FAILURE_MODE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimeoutStartSec", value_parse_timeout, U(timeout_start_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimeoutStopFailureMode", value_parse_enum, U(timeout_stop_failure_mode), VALUE_ENUM_TIMEOUT_FAILURE_MODE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimeoutStopSec", value_parse_timespan_sec, U(timeout_stop_usec), VALUE_TIMESPAN_ZERO_IS_INFINITY, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "TimerSlackNSec", value_parse_nsec, E(timer_slack_nsec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "Type", value_parse_service_type, U(service_type), 0, 0, DIRECTIVE_EMULATED, "every type runs as documented but dbus, which runs as simple: svcd has no D-Bus to watch for BusName= (warned at load)" },
        { "Service", "UMask", value_parse_mode, E(umask), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "USBFunctionDescriptors", value_parse_path, U(usb_function_descriptors), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, "USB FunctionFS needs socket activation, which svcd does not support" },
        { "Service", "USBFunctionStrings", value_parse_path, U(usb_function_strings), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, "USB FunctionFS needs socket activation, which svcd does not support" },
        { "Service", "UnsetEnvironment", value_parse_words, E(unset_environment), VALUE_WORDS_UNSET_ENV, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "User", value_parse_user_group, E(user), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Service", "UtmpIdentifier", value_parse_string, E(utmp_identifier), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, "utmp records are not written" },
        { "Service", "UtmpMode", value_parse_enum, E(utmp_mode), VALUE_ENUM_UTMP_MODE, 0, DIRECTIVE_IGNORED, "utmp records are not written" },
        { "Service", "WatchdogSec", value_parse_timespan_sec, U(watchdog_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "WatchdogSignal", value_parse_signal, U(kill.watchdog_signal), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Service", "WorkingDirectory", value_parse_working_directory, E(working_directory), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "After", value_parse_words, U(dependencies[UNIT_AFTER]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AllowIsolate", value_parse_bool, U(allow_isolate), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertACPower", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertArchitecture", condition_parse_directive, U(asserts), CONDITION_ARCHITECTURE | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertCPUFeature", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertCPUPressure", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertCPUs", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertCapability", condition_parse_directive, U(asserts), CONDITION_CAPABILITY | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertControlGroupController", condition_parse_directive, U(asserts), CONDITION_CONTROL_GROUP_CONTROLLER | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertCredential", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertDirectoryNotEmpty", condition_parse_directive, U(asserts), CONDITION_DIRECTORY_NOT_EMPTY | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertEnvironment", condition_parse_directive, U(asserts), CONDITION_ENVIRONMENT | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertFileIsExecutable", condition_parse_directive, U(asserts), CONDITION_FILE_IS_EXECUTABLE | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertFileNotEmpty", condition_parse_directive, U(asserts), CONDITION_FILE_NOT_EMPTY | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertFirstBoot", condition_parse_directive, U(asserts), CONDITION_FIRST_BOOT | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertGroup", condition_parse_directive, U(asserts), CONDITION_GROUP | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertHost", condition_parse_directive, U(asserts), CONDITION_HOST | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertIOPressure", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertKernelCommandLine", condition_parse_directive, U(asserts), CONDITION_KERNEL_COMMAND_LINE | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertKernelVersion", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertMemory", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertMemoryPressure", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertNeedsUpdate", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertOSRelease", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertPathExists", condition_parse_directive, U(asserts), CONDITION_PATH_EXISTS | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertPathExistsGlob", condition_parse_directive, U(asserts), CONDITION_PATH_EXISTS_GLOB | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertPathIsDirectory", condition_parse_directive, U(asserts), CONDITION_PATH_IS_DIRECTORY | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertPathIsEncrypted", value_parse_condition_unsupported, U(asserts), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "AssertPathIsMountPoint", condition_parse_directive, U(asserts), CONDITION_PATH_IS_MOUNT_POINT | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertPathIsReadWrite", condition_parse_directive, U(asserts), CONDITION_PATH_IS_READ_WRITE | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertPathIsSymbolicLink", condition_parse_directive, U(asserts), CONDITION_PATH_IS_SYMBOLIC_LINK | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertSecurity", condition_parse_directive, U(asserts), CONDITION_SECURITY | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertUser", condition_parse_directive, U(asserts), CONDITION_USER | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "AssertVirtualization", condition_parse_directive, U(asserts), CONDITION_VIRTUALIZATION | CONDITION_ASSERT_FLAG, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Before", value_parse_words, U(dependencies[UNIT_BEFORE]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "BindTo", value_parse_words, U(dependencies[UNIT_BINDS_TO]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "older spelling of BindsTo=" },
        { "Unit", "BindsTo", value_parse_words, U(dependencies[UNIT_BINDS_TO]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "CollectMode", value_parse_enum, U(collect_mode), VALUE_ENUM_COLLECT_MODE, 0, DIRECTIVE_IGNORED, "svcd keeps every loaded unit; there is no garbage collection of units" },
        { "Unit", "ConditionACPower", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionArchitecture", condition_parse_directive, U(conditions), CONDITION_ARCHITECTURE, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionCPUFeature", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionCPUPressure", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionCPUs", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionCapability", condition_parse_directive, U(conditions), CONDITION_CAPABILITY, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionControlGroupController", condition_parse_directive, U(conditions), CONDITION_CONTROL_GROUP_CONTROLLER, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionCredential", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionDirectoryNotEmpty", condition_parse_directive, U(conditions), CONDITION_DIRECTORY_NOT_EMPTY, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionEnvironment", condition_parse_directive, U(conditions), CONDITION_ENVIRONMENT, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionFileIsExecutable", condition_parse_directive, U(conditions), CONDITION_FILE_IS_EXECUTABLE, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionFileNotEmpty", condition_parse_directive, U(conditions), CONDITION_FILE_NOT_EMPTY, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionFirmware", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionFirstBoot", condition_parse_directive, U(conditions), CONDITION_FIRST_BOOT, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionGroup", condition_parse_directive, U(conditions), CONDITION_GROUP, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionHost", condition_parse_directive, U(conditions), CONDITION_HOST, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionIOPressure", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionKernelCommandLine", condition_parse_directive, U(conditions), CONDITION_KERNEL_COMMAND_LINE, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionKernelVersion", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionMemory", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionMemoryPressure", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionNeedsUpdate", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionOSRelease", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionPathExists", condition_parse_directive, U(conditions), CONDITION_PATH_EXISTS, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionPathExistsGlob", condition_parse_directive, U(conditions), CONDITION_PATH_EXISTS_GLOB, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionPathIsDirectory", condition_parse_directive, U(conditions), CONDITION_PATH_IS_DIRECTORY, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionPathIsEncrypted", value_parse_condition_unsupported, U(conditions), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_CONDITION_UNKNOWN },
        { "Unit", "ConditionPathIsMountPoint", condition_parse_directive, U(conditions), CONDITION_PATH_IS_MOUNT_POINT, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionPathIsReadWrite", condition_parse_directive, U(conditions), CONDITION_PATH_IS_READ_WRITE, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionPathIsSymbolicLink", condition_parse_directive, U(conditions), CONDITION_PATH_IS_SYMBOLIC_LINK, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionSecurity", condition_parse_directive, U(conditions), CONDITION_SECURITY, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionUser", condition_parse_directive, U(conditions), CONDITION_USER, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ConditionVirtualization", condition_parse_directive, U(conditions), CONDITION_VIRTUALIZATION, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Conflicts", value_parse_words, U(dependencies[UNIT_CONFLICTS]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "DefaultDependencies", value_parse_bool, U(default_dependencies), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Description", value_parse_string, U(description), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Documentation", value_parse_words, U(documentation), VALUE_WORDS_DOCUMENTATION, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "FailureAction", value_parse_enum, U(failure_action), VALUE_ENUM_EMERGENCY_ACTION, 0, DIRECTIVE_EMULATED, "as documented where svcd is the init of a machine (an orderly stop, then sync(2) and reboot(2); -force skips the orderly stop, -immediate is -force); in a container, as a supervisor or a user manager svcd cannot halt the machine: poweroff, reboot and halt end it as exit does, -force/-immediate as exit-force; on a machine, exit powers off" },
        { "Unit", "FailureActionExitStatus", value_parse_int, U(failure_action_exit_status), VALUE_INT_EXIT_STATUS, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "IgnoreOnIsolate", value_parse_bool, U(ignore_on_isolate), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "IgnoreOnSnapshot", value_parse_obsolete, 0, 0, 0, DIRECTIVE_IGNORED, "obsolete: systemd ignores it too (snapshots were removed)" },
        { "Unit", "JobRunningTimeoutSec", value_parse_timespan_sec, U(job_running_timeout_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "JobTimeoutAction", value_parse_enum, U(job_timeout_action), VALUE_ENUM_EMERGENCY_ACTION, 0, DIRECTIVE_EMULATED, NOTE_ACTIONS },
        { "Unit", "JobTimeoutRebootArgument", value_parse_string, U(job_timeout_reboot_argument), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_ACTIONS },
        { "Unit", "JobTimeoutSec", value_parse_timespan_sec, U(job_timeout_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "JoinsNamespaceOf", value_parse_words, U(dependencies[UNIT_JOINS_NAMESPACE_OF]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, "sharing another unit's /tmp and network namespace is not implemented" },
        { "Unit", "OnFailure", value_parse_words, U(dependencies[UNIT_ON_FAILURE]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "the units named are started as jobs (in OnFailureJobMode=, default replace) when this one enters failed, with $MONITOR_* set" },
        { "Unit", "OnFailureIsolate", value_parse_job_mode_isolate, U(on_failure_job_mode), 0, 0, DIRECTIVE_ENFORCED, "deprecated spelling of OnFailureJobMode=isolate" },
        { "Unit", "OnFailureJobMode", value_parse_enum, U(on_failure_job_mode), VALUE_ENUM_JOB_MODE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "OnSuccess", value_parse_words, U(dependencies[UNIT_ON_SUCCESS]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "the units named are started as jobs (in OnSuccessJobMode=) when this one ends cleanly, with $MONITOR_* set" },
        { "Unit", "OnSuccessJobMode", value_parse_enum, U(on_success_job_mode), VALUE_ENUM_JOB_MODE, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "PartOf", value_parse_words, U(dependencies[UNIT_PART_OF]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "PropagateReloadFrom", value_parse_words, U(dependencies[UNIT_RELOAD_PROPAGATED_FROM]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "older spelling of ReloadPropagatedFrom=" },
        { "Unit", "PropagateReloadTo", value_parse_words, U(dependencies[UNIT_PROPAGATES_RELOAD_TO]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "older spelling of PropagatesReloadTo=" },
        { "Unit", "PropagatesReloadTo", value_parse_words, U(dependencies[UNIT_PROPAGATES_RELOAD_TO]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "PropagatesStopTo", value_parse_words, U(dependencies[UNIT_PROPAGATES_STOP_TO]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "RebootArgument", value_parse_string, U(reboot_argument), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_ACTIONS },
        { "Unit", "RefuseManualStart", value_parse_bool, U(refuse_manual_start), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "RefuseManualStop", value_parse_bool, U(refuse_manual_stop), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "ReloadPropagatedFrom", value_parse_words, U(dependencies[UNIT_RELOAD_PROPAGATED_FROM]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Requires", value_parse_words, U(dependencies[UNIT_REQUIRES]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "RequiresMountsFor", value_parse_path_list, U(requires_mounts_for), 0, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_IGNORED, NOTE_MOUNTS },
        { "Unit", "RequiresOverridable", value_parse_words, U(dependencies[UNIT_REQUIRES]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "obsolete: treated as Requires=, as systemd does" },
        { "Unit", "Requisite", value_parse_words, U(dependencies[UNIT_REQUISITE]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "RequisiteOverridable", value_parse_words, U(dependencies[UNIT_REQUISITE]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, "obsolete: treated as Requisite=, as systemd does" },
        { "Unit", "SourcePath", value_parse_path, U(source_path), 0, DIRECTIVE_SPECIFIERS, DIRECTIVE_EMULATED, NOTE_METADATA },
        { "Unit", "StartLimitAction", value_parse_enum, U(start_limit_action), VALUE_ENUM_EMERGENCY_ACTION, 0, DIRECTIVE_EMULATED, "as FailureAction=: poweroff, reboot and halt on a machine; in a container, as a supervisor or a user manager they end svcd as exit does" },
        { "Unit", "StartLimitBurst", value_parse_unsigned, U(start_limit_burst), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "StartLimitInterval", value_parse_timespan_sec, U(start_limit_interval_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "StartLimitIntervalSec", value_parse_timespan_sec, U(start_limit_interval_usec), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "StopPropagatedFrom", value_parse_words, U(dependencies[UNIT_STOP_PROPAGATED_FROM]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "StopWhenUnneeded", value_parse_bool, U(stop_when_unneeded), 0, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "SuccessAction", value_parse_enum, U(success_action), VALUE_ENUM_EMERGENCY_ACTION, 0, DIRECTIVE_EMULATED, "as FailureAction=: poweroff, reboot and halt on a machine; in a container, as a supervisor or a user manager they end svcd as exit does" },
        { "Unit", "SuccessActionExitStatus", value_parse_int, U(success_action_exit_status), VALUE_INT_EXIT_STATUS, 0, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Upholds", value_parse_words, U(dependencies[UNIT_UPHOLDS]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
        { "Unit", "Wants", value_parse_words, U(dependencies[UNIT_WANTS]), VALUE_WORDS_UNIT_NAME, DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS, DIRECTIVE_ENFORCED, NULL },
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

const char *directive_support_to_string(enum directive_support s) {
        switch (s) {
        case DIRECTIVE_ENFORCED:
                return "enforced";
        case DIRECTIVE_EMULATED:
                return "emulated";
        case DIRECTIVE_IGNORED:
                return "ignored";
        }
        return NULL;
}

/* "Once per key per file": which entries were warned about in the file being read. A new
 * file, a new unit, or a line number going backwards (the same file read again) starts
 * afresh. The daemon is single-threaded (DESIGN.md decision 1). */
static struct {
        const struct unit *unit;
        char *path;
        unsigned line;
        bool warned[ELEMENTSOF(directives)];
} warn_state;

static bool first_warning_in_file(const struct directive *d, const struct directive_context *ctx) {
        size_t i = (size_t) (d - directives);

        if (warn_state.unit != ctx->unit || !warn_state.path || !streq(warn_state.path, ctx->path) ||
            ctx->line < warn_state.line) {
                char *copy = strdup(ctx->path);
                if (!copy)
                        return true; /* rather warn twice than not at all */
                free(warn_state.path);
                warn_state.path = copy;
                warn_state.unit = ctx->unit;
                memset(warn_state.warned, 0, sizeof warn_state.warned);
        }
        warn_state.line = ctx->line;
        if (i >= ELEMENTSOF(directives) || warn_state.warned[i])
                return false;
        warn_state.warned[i] = true;
        return true;
}

const void *directive_field(const struct directive *d, const struct unit *u) {
        size_t off = d->offset & ~DIRECTIVE_IN_MASK;

        switch (d->offset & DIRECTIVE_IN_MASK) {
        case DIRECTIVE_IN_EXEC:
                return (const char *) u->exec + off;
        case DIRECTIVE_IN_CGROUP:
                return (const char *) u->cgroup + off;
        default:
                return (const char *) u + off;
        }
}

void *directive_data(const struct directive *d, struct unit *u) {
        /* Once the block is u's own, the field directive_field() finds in it is writable. */
        if (((d->offset & DIRECTIVE_IN_MASK) == DIRECTIVE_IN_EXEC && !unit_exec_mut(u)) ||
            ((d->offset & DIRECTIVE_IN_MASK) == DIRECTIVE_IN_CGROUP && !unit_cgroup_mut(u)))
                return NULL;
        return (void *) directive_field(d, u);
}

static size_t condition_list_length(const struct unit *u, const struct directive *d) {
        size_t n = 0;

        for (const struct condition *c = *(struct condition *const *) directive_field(d, u); c; c = c->next)
                n++;
        return n;
}

/* Parses value into u (the field of d), then tells the author what svcd will do with it:
 * an ignored directive with a value that parsed is a warning at file:line, once per key
 * per file; an emulated one is a debug message. A bad value was already warned about by
 * the parser; an empty assignment (a reset) is not worth a warning. */
int directive_apply(const struct directive *d, const struct directive_context *ctx, const char *value,
                    struct unit *u) {
        unsigned n_bad = value_n_bad();
        size_t n_conditions = d->parse == condition_parse_directive ? condition_list_length(u, d) : 0;
        int r;

        void *data = directive_data(d, u);
        if (!data)
                return log_oom();
        r = d->parse(ctx, value, data, d->ltype);
        if (r < 0)
                return r;
        if (*value == 0 || value_n_bad() != n_bad)
                return 0;
        /* condition.c warns about its own bad values; a valid one grew the list. */
        if (d->parse == condition_parse_directive && condition_list_length(u, d) == n_conditions)
                return 0;
        switch (d->support) {
        case DIRECTIVE_IGNORED:
                if (first_warning_in_file(d, ctx))
                        log_warning("%s:%u: %s= is not supported by svcd (%s), ignoring.", ctx->path, ctx->line,
                                    d->key, d->note);
                break;
        case DIRECTIVE_EMULATED:
                log_debug("%s:%u: %s= is emulated by svcd: %s.", ctx->path, ctx->line, d->key, d->note);
                break;
        case DIRECTIVE_ENFORCED:
                break;
        }
        return 0;
}
