/* value-parsers.h: the typed value parsers behind the directive table (directives.c).
 *
 * Every parser has the directive_parser signature: it validates value, stores it at data
 * (a field of struct unit) and returns 0, also after warning "PATH:LINE: Key=value is
 * not <what>, ignoring." about a bad value (the setting keeps what it had); -ENOMEM only
 * on allocation failure. An empty value resets the setting: to unit_defaults for scalars
 * (ctx->default_data), to the empty list for lists. Where ltype means something, the
 * comment of the parser says what. Split by family: value-parsers.c (scalars, names,
 * enums), parse-exec-env.c (Exec*=, environment, paths, I/O), parse-security.c
 * (capabilities, syscalls, rlimits, CPU sets, exit statuses), parse-cgroup.c
 * (systemd.resource-control(5)). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "units/directives.h"

/* The one shape of bad-value warnings; returns 0 so parsers can "return" it. */
int value_warn_bad(const struct directive_context *ctx, const char *value, const char *what);
/* How many bad values were warned about so far (directive_apply() compares). */
unsigned value_n_bad(void);
void value_count_bad(void);
/* Copies the default of the setting (ctx->default_data) over data, size bytes. */
int value_reset(const struct directive_context *ctx, void *data, size_t size);

/* Splits value into words (systemd.syntax(7) quoting) and calls add for each; a syntax
 * error warns "has <reason>, ignoring the rest." add returns 0, -ENOMEM, or -EINVAL to
 * have the word warned about as "not <what>". */
int value_for_each_word(const struct directive_context *ctx, const char *value, const char *what,
                        int (*add)(const struct directive_context *ctx, const char *word, void *data), void *data);

/* ---- value-parsers.c ---- */

/* Enumerations parsed by value_parse_enum; ltype is one of these. */
enum value_enum {
        VALUE_ENUM_EMERGENCY_ACTION,
        VALUE_ENUM_JOB_MODE,
        VALUE_ENUM_COLLECT_MODE,
        VALUE_ENUM_EXIT_TYPE,
        VALUE_ENUM_NOTIFY_ACCESS,
        VALUE_ENUM_TIMEOUT_FAILURE_MODE,
        VALUE_ENUM_OOM_POLICY,
        VALUE_ENUM_KILL_MODE,
        VALUE_ENUM_PROTECT_SYSTEM,
        VALUE_ENUM_PROTECT_HOME,
        VALUE_ENUM_PROTECT_PROC,
        VALUE_ENUM_PROC_SUBSET,
        VALUE_ENUM_KEYRING_MODE,
        VALUE_ENUM_UTMP_MODE,
        VALUE_ENUM_RUNTIME_PRESERVE,
        VALUE_ENUM_MOUNT_FLAGS,
        VALUE_ENUM_NUMA_POLICY,
        VALUE_ENUM_DEVICE_POLICY,
        VALUE_ENUM_MANAGED_OOM_MODE,
        VALUE_ENUM_MANAGED_OOM_PREFERENCE,
        VALUE_ENUM_RESTART,
        _VALUE_ENUM_MAX,
};
/* The name of value v of enumeration e, or NULL: for `svcctl show`. */
const char *value_enum_to_string(enum value_enum e, int v);
int value_enum_from_string(enum value_enum e, const char *s);

/* Booleans: 1/yes/y/true/t/on and 0/no/n/false/f/off (systemd's parse_boolean). */
int value_parse_boolean_word(const char *s); /* 1, 0, or -EINVAL */
/* An unsigned decimal: digits only (no sign, no blanks, no trailing junk), fits 64 bits. */
int value_parse_u64_word(const char *s, uint64_t *ret);

int value_parse_string(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* One absolute, normalized-enough path (no "..", no empty components checks). ltype:
 * VALUE_PATH_* flags of prefixes allowed and kept in the stored string. */
enum { VALUE_PATH_DASH = 1 << 0, VALUE_PATH_PLUS = 1 << 1, VALUE_PATH_TILDE = 1 << 2 };
bool value_path_is_valid(const char *p, unsigned flags);
int value_parse_path(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_bool(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_unsigned(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* *Sec=: systemd.time(7), bare number in seconds; ltype VALUE_TIMESPAN_ZERO_IS_INFINITY. */
enum { VALUE_TIMESPAN_ZERO_IS_INFINITY = 1 };
int value_parse_timespan_sec(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_nsec(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* TimeoutSec= (start and stop), TimeoutStartSec= (0 means infinity), TimeoutAbortSec=. */
int value_parse_timeout(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_timeout_abort(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_signal(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_enum(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_service_type(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_mode(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* Ranged integers: ltype is one of these. */
enum { VALUE_INT_NICE, VALUE_INT_OOM_SCORE_ADJUST, VALUE_INT_IO_PRIORITY, VALUE_INT_CPU_PRIORITY,
       VALUE_INT_EXIT_STATUS, _VALUE_INT_MAX };
int value_parse_int(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* Lists of words: ltype is one of these kinds (unit names, URLs, user names, ...). */
enum { VALUE_WORDS_UNIT_NAME, VALUE_WORDS_DOCUMENTATION, VALUE_WORDS_USER_GROUP, VALUE_WORDS_ABSOLUTE_PATH,
       VALUE_WORDS_SOCKET_UNIT, VALUE_WORDS_ARCHITECTURE, VALUE_WORDS_CONTROLLER, VALUE_WORDS_ENV_NAME,
       VALUE_WORDS_UNSET_ENV, _VALUE_WORDS_MAX };
int value_parse_words(const struct directive_context *ctx, const char *value, void *data, int ltype);
bool value_unit_name_is_valid(const char *name); /* specifiers "%x" allowed */
bool value_user_group_name_is_valid(const char *name);
int value_parse_user_group(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_slice(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_bus_name(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* SyslogLevel=, LogLevelMax= (levels) and SyslogFacility=. */
int value_parse_log_level(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_syslog_facility(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* Keys systemd only warns about as obsolete: accepted, nothing stored. */
int value_parse_obsolete(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_job_mode_isolate(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* Condition*=/Assert*= svcd has no check for: the syntax is validated, nothing stored. */
int value_parse_condition_unsupported(const struct directive_context *ctx, const char *value, void *data,
                                      int ltype);

/* ---- parse-exec-env.c ---- */

/* Exec*=: data is the command array; ltype is the offset of its count in struct unit. */
int value_parse_exec(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_environment(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_environment_file(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_working_directory(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* ReadWritePaths= and friends: absolute paths, "-" and "+" prefixes; ltype: VALUE_PATH_*. */
int value_parse_path_list(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_exec_search_path(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_bind_paths(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_temporary_fs(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_image_list(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_exec_directories(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* LoadCredential= (ltype 0) and SetCredential= (ltype 1); ltype | 2: the Encrypted form. */
int value_parse_credential(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_log_extra_fields(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_std_input(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* StandardOutput= (ltype 0), StandardError= (ltype 1). */
int value_parse_std_output(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* StandardInputText= (ltype 0) and StandardInputData= (ltype 1, base64). */
int value_parse_std_input_data(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_image_options(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_root_hash(const struct directive_context *ctx, const char *value, void *data, int ltype);

/* ---- parse-security.c ---- */

/* CapabilityBoundingSet= (ltype 0, "~" inverts) and AmbientCapabilities= (ltype 1). */
int value_parse_capabilities(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_capability_from_name(const char *name); /* "CAP_SYS_ADMIN" -> 21, or -EINVAL */
int value_parse_secure_bits(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_syscall_filter(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_syscall_log(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_syscall_errno(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_address_families(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_restrict_namespaces(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_restrict_filesystems(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_personality(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* Limit*=: ltype is the RLIMIT_* resource. */
int value_parse_rlimit(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* CPUAffinity= (ltype 1: "numa" allowed), NUMAMask=, AllowedCPUs=, AllowedMemoryNodes= (0). */
int value_parse_cpu_set(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* SuccessExitStatus=, RestartPreventExitStatus=, RestartForceExitStatus=. */
int value_parse_exit_status_set(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_io_class(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_cpu_sched_policy(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_coredump_filter(const struct directive_context *ctx, const char *value, void *data, int ltype);

/* ---- parse-cgroup.c ---- */

/* MemoryMin= and friends: bytes with K/M/G/T/P/E (base 1024), "infinity", or a percentage. */
int value_parse_memory_limit(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_tasks_max(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* ltype: VALUE_WEIGHT_* range. */
enum { VALUE_WEIGHT_CPU, VALUE_WEIGHT_IO, VALUE_WEIGHT_CPU_SHARES, VALUE_WEIGHT_BLOCKIO, _VALUE_WEIGHT_MAX };
int value_parse_weight(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_cpu_quota(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_permyriad(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* "PATH VALUE" lists: ltype VALUE_DEVICE_WEIGHT, _BANDWIDTH, _IOPS, _LATENCY, _BLOCKIO_WEIGHT. */
enum { VALUE_DEVICE_WEIGHT, VALUE_DEVICE_BANDWIDTH, VALUE_DEVICE_IOPS, VALUE_DEVICE_LATENCY,
       VALUE_DEVICE_BLOCKIO_WEIGHT };
int value_parse_device_value(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_device_allow(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_delegate(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_ip_address_list(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_bpf_program(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_socket_bind(const struct directive_context *ctx, const char *value, void *data, int ltype);
int value_parse_network_interfaces(const struct directive_context *ctx, const char *value, void *data, int ltype);
/* A size in bytes: "1K" ... "1E" base 1024, "infinity" if allow_infinity. */
int value_parse_size_word(const char *s, bool allow_infinity, uint64_t *ret);
