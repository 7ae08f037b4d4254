/* test-value-parsers.c: every typed value parser of the directive table: accepted and rejected forms, resets, support levels. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/condition.h"
#include "units/directives.h"
#include "units/unit.h"
#include "units/value-parsers.h"

static struct unit *u;
static unsigned line;

static void setup(void) {
        test_setup();
        ck_assert_int_eq(unit_new("t.service", &u), 0);
        line = 0;
}

static void teardown(void) {
        u = unit_free(u);
        test_teardown();
}

/* Applies Section.Key=value with the table's parser only (no support-level warning);
 * returns the warning it produced, "" if none. */
static const char *parse(const char *section, const char *key, const char *value) {
        const struct directive *d = directive_lookup(section, key);
        size_t n = test_n_warnings();

        ck_assert_msg(d != NULL, "%s.%s not in the table", section, key);
        const struct directive_context ctx = {
                .unit_id = u->id, .path = "t.service", .line = ++line, .section = section, .key = key,
                .unit = u, .default_data = directive_field(d, &unit_defaults),
        };
        ck_assert_int_eq(d->parse(&ctx, value, directive_data(d, u), d->ltype), 0);
        return test_n_warnings() > n ? test_last_warning() : "";
}

static const char *apply(const char *path, const char *section, const char *key, const char *value) {
        const struct directive *d = directive_lookup(section, key);
        size_t n = test_n_warnings();

        ck_assert_ptr_nonnull(d);
        const struct directive_context ctx = {
                .unit_id = u->id, .path = path, .line = ++line, .section = section, .key = key,
                .unit = u, .default_data = directive_field(d, &unit_defaults),
        };
        ck_assert_int_eq(directive_apply(d, &ctx, value, u), 0);
        return test_n_warnings() > n ? test_last_warning() : "";
}

#define OK(sec, key, value) ck_assert_str_eq(parse(sec, key, value), "")
#define BAD(sec, key, value, what) \
        ck_assert_str_eq(parse(sec, key, value), test_fmt("t.service:%u: %s=%s is not %s, ignoring.", line, key, value, what))

START_TEST(table_support_levels_and_notes) {
        size_t n, counts[3] = {};
        const struct directive *t = directive_table(&n);

        for (size_t i = 0; i < n; i++) {
                ck_assert_ptr_nonnull(t[i].parse);
                ck_assert_int_le(t[i].support, DIRECTIVE_IGNORED);
                counts[t[i].support]++;
                /* An enforced directive may carry a note: where it depends on the environment. */
                if (t[i].support == DIRECTIVE_ENFORCED)
                        ck_assert_msg(!t[i].note || (*t[i].note && t[i].note[strlen(t[i].note) - 1] != '.'),
                                      "%s= has a note with a final period", t[i].key);
                else
                        ck_assert_msg(t[i].note && *t[i].note && t[i].note[strlen(t[i].note) - 1] != '.',
                                      "%s= needs a note without a final period", t[i].key);
                ck_assert(streq(t[i].section, "Unit") || streq(t[i].section, "Service") ||
                          streq(t[i].section, "Install"));
        }
        ck_assert_uint_ge(n, 360);
        ck_assert_uint_ge(counts[DIRECTIVE_ENFORCED], 8);
        ck_assert_str_eq(directive_support_to_string(DIRECTIVE_EMULATED), "emulated");
}
END_TEST

/* One of each family of systemd.unit(5), .service(5), .exec(5), .kill(5),
 * .resource-control(5), and the older spellings systemd still accepts. */
START_TEST(man_page_directives_are_recognised) {
        static const char *const keys[][2] = {
                { "Unit", "Upholds" }, { "Unit", "PropagatesStopTo" }, { "Unit", "JoinsNamespaceOf" },
                { "Unit", "ConditionPathIsEncrypted" }, { "Unit", "AssertCPUs" }, { "Unit", "ConditionFirmware" },
                { "Unit", "SuccessActionExitStatus" }, { "Unit", "BindTo" }, { "Unit", "StartLimitInterval" },
                { "Unit", "OnFailureIsolate" }, { "Unit", "CollectMode" }, { "Install", "DefaultInstance" },
                { "Service", "ExitType" }, { "Service", "TimeoutSec" }, { "Service", "StartLimitInterval" },
                { "Service", "PermissionsStartOnly" }, { "Service", "USBFunctionStrings" },
                { "Service", "MemoryLimit" }, { "Service", "CPUShares" }, { "Service", "BlockIOWeight" },
                { "Service", "ReadWriteDirectories" }, { "Service", "LimitRTTIME" }, { "Service", "TTYColumns" },
                { "Service", "SetCredentialEncrypted" }, { "Service", "RestrictFileSystems" },
                { "Service", "FinalKillSignal" }, { "Service", "SocketBindDeny" },
                { "Service", "ManagedOOMPreference" }, { "Service", "RestrictNetworkInterfaces" },
        };
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                ck_assert_msg(directive_lookup(keys[i][0], keys[i][1]), "%s.%s", keys[i][0], keys[i][1]);
}
END_TEST

START_TEST(booleans) {
        const char *yes[] = { "yes", "y", "true", "t", "on", "1", "YES", "On" };
        const char *no[] = { "no", "n", "false", "f", "off", "0" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                OK("Service", "RemainAfterExit", yes[i]);
                ck_assert(u->remain_after_exit);
                OK("Service", "RemainAfterExit", no[i % ELEMENTSOF(no)]);
                ck_assert(!u->remain_after_exit);
        }
        BAD("Service", "PrivateTmp", "maybe", "a boolean (yes, no, true, false, on, off, 1, 0)");
        BAD("Service", "PrivateTmp", "2", "a boolean (yes, no, true, false, on, off, 1, 0)");
        OK("Unit", "DefaultDependencies", "no");
        ck_assert(!u->default_dependencies);
        OK("Unit", "DefaultDependencies", "");
        ck_assert(u->default_dependencies);
}
END_TEST

START_TEST(integers_with_ranges) {
        OK("Service", "Nice", "-20");
        ck_assert_int_eq(u->exec->nice, -20);
        OK("Service", "Nice", "19");
        BAD("Service", "Nice", "20", "a nice level (-20...19)");
        BAD("Service", "Nice", "low", "a nice level (-20...19)");
        OK("Service", "OOMScoreAdjust", "-1000");
        BAD("Service", "OOMScoreAdjust", "1001", "an OOM score adjustment (-1000...1000)");
        OK("Service", "IOSchedulingPriority", "7");
        BAD("Service", "IOSchedulingPriority", "8", "an I/O priority (0...7)");
        OK("Service", "CPUSchedulingPriority", "99");
        BAD("Service", "CPUSchedulingPriority", "100", "a CPU scheduling priority (0...99)");
        OK("Unit", "SuccessActionExitStatus", "255");
        ck_assert_int_eq(u->success_action_exit_status, 255);
        BAD("Unit", "SuccessActionExitStatus", "256", "an exit status (0...255)");
        OK("Unit", "SuccessActionExitStatus", "");
        ck_assert_int_eq(u->success_action_exit_status, -1);
        OK("Service", "FileDescriptorStoreMax", "4096");
        BAD("Service", "FileDescriptorStoreMax", "-1", "an unsigned integer");
        BAD("Service", "TTYRows", "4294967296", "an unsigned integer");
        OK("Service", "Nice", "");
        ck_assert_int_eq(u->exec->nice, UNIT_INT_UNSET);
}
END_TEST

START_TEST(durations) {
        OK("Service", "RuntimeMaxSec", "1h 30min");
        ck_assert_uint_eq(u->runtime_max_usec, 90 * 60 * USEC_PER_SEC);
        OK("Service", "WatchdogSec", "500ms");
        ck_assert_uint_eq(u->watchdog_usec, 500 * USEC_PER_MSEC);
        BAD("Service", "WatchdogSec", "soon", "a valid time span");
        OK("Service", "TimeoutStartSec", "0");
        ck_assert_uint_eq(u->timeout_start_usec, USEC_INFINITY);
        OK("Service", "TimeoutSec", "20");
        ck_assert_uint_eq(u->timeout_start_usec, 20 * USEC_PER_SEC);
        ck_assert_uint_eq(u->timeout_stop_usec, 20 * USEC_PER_SEC);
        OK("Service", "TimeoutSec", "");
        ck_assert_uint_eq(u->timeout_stop_usec, 90 * USEC_PER_SEC);
        OK("Service", "TimeoutAbortSec", "0");
        ck_assert(u->timeout_abort_set);
        ck_assert_uint_eq(u->timeout_abort_usec, USEC_INFINITY);
        OK("Service", "TimeoutAbortSec", "");
        ck_assert(!u->timeout_abort_set);
        OK("Service", "TimerSlackNSec", "50");
        ck_assert_uint_eq(u->exec->timer_slack_nsec, 50);
        OK("Service", "TimerSlackNSec", "1ms");
        ck_assert_uint_eq(u->exec->timer_slack_nsec, 1000000);
        BAD("Service", "TimerSlackNSec", "fast", "a valid time span in nanoseconds");
}
END_TEST

START_TEST(sizes_weights_and_quotas) {
        OK("Service", "MemoryMax", "1G");
        ck_assert_uint_eq(u->cgroup->memory_max, 1024ULL * 1024 * 1024);
        OK("Service", "MemoryHigh", "1.5K");
        ck_assert_uint_eq(u->cgroup->memory_high, 1536);
        OK("Service", "MemoryLow", "infinity");
        ck_assert_uint_eq(u->cgroup->memory_low, UNIT_SIZE_INFINITY);
        OK("Service", "MemoryMin", "12.5%");
        ck_assert_uint_eq(u->cgroup->memory_min, UNIT_SIZE_PERMYRIAD | 1250);
        BAD("Service", "MemoryMax", "1Q", "a memory size (bytes with K, M, G, T, P, E, a percentage, or infinity)");
        BAD("Service", "MemoryMax", "101%", "a memory size (bytes with K, M, G, T, P, E, a percentage, or infinity)");
        BAD("Service", "MemoryMax", "-1", "a memory size (bytes with K, M, G, T, P, E, a percentage, or infinity)");
        OK("Service", "MemoryMax", "");
        ck_assert_uint_eq(u->cgroup->memory_max, UNIT_SIZE_INFINITY);
        OK("Service", "TasksMax", "80%");
        OK("Service", "TasksMax", "4096");
        ck_assert_uint_eq(u->cgroup->tasks_max, 4096);
        BAD("Service", "TasksMax", "0", "a task count (a positive number, a percentage, or infinity)");
        OK("Service", "CPUWeight", "idle");
        ck_assert_uint_eq(u->cgroup->cpu_weight, 0);
        BAD("Service", "CPUWeight", "10001", "a CPU weight (1...10000 or idle)");
        BAD("Service", "CPUShares", "1", "a CPU share count (2...262144)");
        BAD("Service", "BlockIOWeight", "5", "a block I/O weight (10...1000)");
        OK("Service", "CPUQuota", "150%");
        ck_assert_uint_eq(u->cgroup->cpu_quota_per_sec_usec, 1500 * USEC_PER_MSEC);
        BAD("Service", "CPUQuota", "150", "a CPU quota percentage (such as 20% or 200%)");
        OK("Service", "ManagedOOMMemoryPressureLimit", "60%");
        ck_assert_uint_eq(u->cgroup->managed_oom_memory_pressure_limit, 6000);
        OK("Service", "IOReadBandwidthMax", "/dev/sda 10M");
        BAD("Service", "IOReadBandwidthMax", "sda 10M", "a device and a limit (PATH BYTES)");
        OK("Service", "IODeviceWeight", "/dev/sda 200");
        BAD("Service", "IODeviceWeight", "/dev/sda 0", "a device and a weight (PATH WEIGHT)");
        OK("Service", "IODeviceLatencyTargetSec", "/dev/sda 25ms");
        OK("Service", "DeviceAllow", "/dev/null rw");
        OK("Service", "DeviceAllow", "char-pts rwm");
        BAD("Service", "DeviceAllow", "/dev/null rx", "a device access rule (DEVICE [rwm])");
        ck_assert_uint_eq(strv_length(u->cgroup->device_allow), 2);
        OK("Service", "DeviceAllow", "");
        ck_assert_ptr_null(u->cgroup->device_allow);
        OK("Service", "IPAddressDeny", "any");
        OK("Service", "IPAddressAllow", "localhost 10.0.0.0/8 ::1/128");
        ck_assert_uint_eq(strv_length(u->cgroup->ip_address_allow), 3);
        ck_assert_str_eq(parse("Service", "IPAddressAllow", "10.0.0.0/33"),
                         test_fmt("t.service:%u: IPAddressAllow=10.0.0.0/33 is not an IP address prefix "
                                  "(ADDRESS[/PREFIX], any, localhost, link-local, multicast), ignoring.", line));
        OK("Service", "SocketBindAllow", "ipv6:tcp:8080-8090");
        BAD("Service", "SocketBindAllow", "tcp:70000",
            "a socket bind rule ([ipv4:|ipv6:][tcp:|udp:]PORT[-PORT] or any)");
        OK("Service", "Delegate", "yes");
        ck_assert(u->cgroup->delegate);
        OK("Service", "Delegate", "cpu memory");
        ck_assert_uint_eq(strv_length(u->cgroup->delegate_controllers), 2);
        OK("Service", "Slice", "system-foo.slice");
        BAD("Service", "Slice", "foo.service", "a slice unit name");
        OK("Service", "BPFProgram", "egress:/sys/fs/bpf/egress-hook");
        BAD("Service", "BPFProgram", "nope:/x", "a BPF program (TYPE:PATH)");
}
END_TEST

START_TEST(signals_and_enums) {
        OK("Service", "KillSignal", "SIGINT");
        ck_assert_int_eq(u->kill.kill_signal, SIGINT);
        OK("Service", "KillSignal", "HUP");
        ck_assert_int_eq(u->kill.kill_signal, SIGHUP);
        OK("Service", "RestartKillSignal", "9");
        ck_assert_int_eq(u->kill.restart_kill_signal, SIGKILL);
        BAD("Service", "KillSignal", "SIGFOO", "a signal name or number");
        OK("Service", "KillSignal", "");
        ck_assert_int_eq(u->kill.kill_signal, SIGTERM);
        OK("Service", "KillMode", "mixed");
        ck_assert_int_eq(u->kill.kill_mode, KILL_MIXED);
        BAD("Service", "KillMode", "all", "a kill mode");
        OK("Service", "ProtectSystem", "strict");
        ck_assert_int_eq(u->exec->protect_system, PROTECT_SYSTEM_STRICT);
        OK("Service", "ProtectSystem", "true");
        ck_assert_int_eq(u->exec->protect_system, PROTECT_SYSTEM_YES);
        BAD("Service", "ProtectSystem", "everything", "a ProtectSystem= setting (yes, no, full, strict)");
        OK("Service", "ProtectHome", "read-only");
        ck_assert_int_eq(u->exec->protect_home, PROTECT_HOME_READ_ONLY);
        OK("Unit", "FailureAction", "reboot-immediate");
        ck_assert_int_eq(u->failure_action, EMERGENCY_ACTION_REBOOT_IMMEDIATE);
        OK("Unit", "SuccessAction", "exit-force");
        BAD("Unit", "SuccessAction", "explode", "an emergency action");
        OK("Service", "NotifyAccess", "all");
        ck_assert_int_eq(u->notify_access, NOTIFY_ALL);
        OK("Unit", "OnFailureJobMode", "replace-irreversibly");
        OK("Unit", "OnFailureIsolate", "yes");
        ck_assert_int_eq(u->on_failure_job_mode, JOB_ISOLATE);
        OK("Service", "Restart", "on-abnormal");
        ck_assert_int_eq(u->restart, RESTART_ON_ABNORMAL);
        BAD("Service", "Restart", "sometimes", "a restart policy");
        OK("Service", "IOSchedulingClass", "best-effort");
        ck_assert_int_eq(u->exec->io_scheduling_class, 2);
        BAD("Service", "IOSchedulingClass", "fast", "an I/O scheduling class (realtime, best-effort, idle)");
        OK("Service", "CPUSchedulingPolicy", "fifo");
        BAD("Service", "CPUSchedulingPolicy", "rt", "a CPU scheduling policy (other, batch, idle, fifo, rr)");
        OK("Service", "SyslogLevel", "debug");
        ck_assert_int_eq(u->exec->syslog_level, 7);
        BAD("Service", "SyslogLevel", "loud", "a log level (emerg, alert, crit, err, warning, notice, info, debug)");
        OK("Service", "SyslogFacility", "local3");
        ck_assert_int_eq(u->exec->syslog_facility, 19 << 3);
        BAD("Service", "SyslogFacility", "local8", "a syslog facility");
        OK("Service", "UMask", "0077");
        ck_assert_uint_eq(u->exec->umask, 077);
        BAD("Service", "UMask", "0999", "an octal access mode (0000...7777)");
        OK("Service", "UMask", "");
        ck_assert_uint_eq(u->exec->umask, 022);
        OK("Service", "Personality", "x86");
        BAD("Service", "Personality", "vax", "a personality (x86, x86-64, ppc, ppc-le, ppc64, ppc64-le, s390, s390x)");
        for (int e = 0; e < _VALUE_ENUM_MAX; e++)
                for (int v = 0; value_enum_to_string(e, v); v++)
                        if (*value_enum_to_string(e, v))
                                ck_assert_int_eq(value_enum_from_string(e, value_enum_to_string(e, v)), v);
}
END_TEST

START_TEST(exit_status_sets) {
        OK("Service", "SuccessExitStatus", "1 2 SIGKILL TEMPFAIL 255");
        ck_assert_uint_eq(u->success_exit_status.status[0], (1 << 1) | (1 << 2));
        ck_assert(u->success_exit_status.status[1] & (UINT64_C(1) << (75 - 64)));
        ck_assert(u->success_exit_status.status[3] & (UINT64_C(1) << 63));
        ck_assert_uint_eq(u->success_exit_status.signal, UINT64_C(1) << (SIGKILL - 1));
        ck_assert_str_eq(parse("Service", "RestartPreventExitStatus", "256 3"),
                         test_fmt("t.service:%u: RestartPreventExitStatus=256 is not an exit status (0...255, a name "
                                  "such as SUCCESS, or a signal), ignoring.", line));
        ck_assert_uint_eq(u->restart_prevent_exit_status.status[0], 1 << 3);
        OK("Service", "SuccessExitStatus", "");
        ck_assert_uint_eq(u->success_exit_status.status[0], 0);
        ck_assert_uint_eq(u->success_exit_status.signal, 0);
}
END_TEST

START_TEST(capabilities) {
        OK("Service", "CapabilityBoundingSet", "CAP_NET_BIND_SERVICE CAP_CHOWN");
        ck_assert_uint_eq(u->exec->capability_bounding_set, (UINT64_C(1) << 10) | 1);
        OK("Service", "CapabilityBoundingSet", "cap_kill");
        ck_assert_uint_eq(u->exec->capability_bounding_set, (UINT64_C(1) << 10) | 1 | (1 << 5));
        OK("Service", "CapabilityBoundingSet", "~CAP_CHOWN");
        ck_assert_uint_eq(u->exec->capability_bounding_set, (UINT64_C(1) << 10) | (1 << 5));
        ck_assert_str_eq(parse("Service", "CapabilityBoundingSet", "CAP_FLY"),
                         test_fmt("t.service:%u: CapabilityBoundingSet=CAP_FLY is not a capability name "
                                  "(capabilities(7)), ignoring.", line));
        OK("Service", "CapabilityBoundingSet", "");
        ck_assert_uint_eq(u->exec->capability_bounding_set, UINT64_MAX);
        OK("Service", "CapabilityBoundingSet", "~CAP_SYS_ADMIN");
        ck_assert_uint_eq(u->exec->capability_bounding_set, ~(UINT64_C(1) << 21));
        OK("Service", "AmbientCapabilities", "CAP_NET_RAW");
        ck_assert_uint_eq(u->exec->ambient_capabilities, UINT64_C(1) << 13);
        ck_assert_int_eq(value_capability_from_name("NET_RAW"), -EINVAL);
        OK("Service", "SecureBits", "keep-caps noroot");
        BAD("Service", "SecureBits", "keep-everything", "a list of secure bits (keep-caps, noroot, ...)");
}
END_TEST

START_TEST(syscall_filters) {
        OK("Service", "SystemCallFilter", "@system-service");
        OK("Service", "SystemCallFilter", "~@privileged @resources chmod:EPERM");
        ck_assert(u->exec->system_call_filter.set);
        ck_assert(u->exec->system_call_filter.allow_list); /* the first assignment decides */
        ck_assert_uint_eq(strv_length(u->exec->system_call_filter.entries), 4);
        /* A "~" assignment after an allow list takes its names out again: marked "~". */
        ck_assert_str_eq(u->exec->system_call_filter.entries[1], "~@privileged");
        ck_assert_str_eq(u->exec->system_call_filter.entries[3], "~chmod:EPERM");
        /* The last assignment of a name decides. */
        OK("Service", "SystemCallFilter", "chmod");
        ck_assert_uint_eq(strv_length(u->exec->system_call_filter.entries), 4);
        ck_assert_str_eq(u->exec->system_call_filter.entries[3], "chmod");
        /* An allow-listed call cannot take an error number (systemd.exec(5)); ":kill" is one. */
        ck_assert_str_eq(parse("Service", "SystemCallFilter", "mount:EPERM"),
                         test_fmt("t.service:%u: SystemCallFilter=: allow-listed system calls cannot take an error "
                                  "number, ignoring mount:EPERM.", line));
        OK("Service", "SystemCallFilter", "~reboot:kill");
        ck_assert_str_eq(u->exec->system_call_filter.entries[4], "~reboot:kill");
        ck_assert_str_eq(parse("Service", "SystemCallFilter", "@nonsense not_a_syscall open:EWHAT"),
                         test_fmt("t.service:%u: SystemCallFilter=open:EWHAT is not a system call name or @group "
                                  "(with an optional \":ERRNO\"), ignoring.", line));
        ck_assert_uint_eq(test_n_warnings(), 4);
        OK("Service", "SystemCallFilter", "");
        ck_assert(!u->exec->system_call_filter.set);
        OK("Service", "SystemCallFilter", "~@mount");
        ck_assert(!u->exec->system_call_filter.allow_list);
        OK("Service", "SystemCallErrorNumber", "EPERM");
        ck_assert_int_eq(u->exec->system_call_error_number, EPERM);
        OK("Service", "SystemCallErrorNumber", "kill");
        BAD("Service", "SystemCallErrorNumber", "EWHAT", "an errno name or number, or \"kill\"");
        OK("Service", "SystemCallArchitectures", "native x86");
        BAD("Service", "SystemCallArchitectures", "z80", "an architecture");
        OK("Service", "SystemCallLog", "~@sync");
        OK("Service", "RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6");
        BAD("Service", "RestrictAddressFamilies", "AF_CARRIER_PIGEON", "an address family (AF_*)");
        OK("Service", "RestrictAddressFamilies", "none");
        ck_assert_ptr_null(u->exec->restrict_address_families.entries);
        ck_assert(u->exec->restrict_address_families.allow_list);
        OK("Service", "RestrictNamespaces", "yes");
        ck_assert_uint_eq(u->exec->restrict_namespaces.flags, 0);
        OK("Service", "RestrictNamespaces", "~user net");
        ck_assert(u->exec->restrict_namespaces.set);
        BAD("Service", "RestrictNamespaces", "time",
            "a boolean or a list of namespace types (cgroup, ipc, net, mnt, pid, user, uts)");
        OK("Service", "RestrictFileSystems", "~@privileged-api ext4");
        BAD("Service", "RestrictFileSystems", "@nope", "a file system type or @group");
}
END_TEST

/* A unit shares the exec and cgroup defaults until it sets one of theirs (units/unit.h);
 * another block's setting does not copy them; unit_free() frees the copy (ASan). */
START_TEST(exec_and_cgroup_settings_copy_the_shared_defaults_once) {
        ck_assert_ptr_eq(u->exec, &exec_context_defaults);
        ck_assert_ptr_eq(u->cgroup, &cgroup_context_defaults);
        OK("Service", "Type", "notify");
        OK("Unit", "After", "a.service");
        ck_assert_ptr_eq(u->exec, &exec_context_defaults);
        ck_assert_ptr_eq(u->cgroup, &cgroup_context_defaults);

        OK("Service", "User", "nobody");
        const struct exec_context *own = u->exec;
        ck_assert_ptr_ne(own, &exec_context_defaults);
        ck_assert_str_eq(u->exec->user, "nobody");
        ck_assert_int_eq(u->exec->nice, UNIT_INT_UNSET); /* the rest are still the defaults */
        ck_assert_int_eq(u->exec->std_output, EXEC_OUTPUT_JOURNAL);
        OK("Service", "Nice", "5");
        ck_assert_ptr_eq(u->exec, own);
        ck_assert_ptr_null(exec_context_defaults.user);
        ck_assert_int_eq(exec_context_defaults.nice, UNIT_INT_UNSET);
        ck_assert_ptr_eq(u->cgroup, &cgroup_context_defaults);

        OK("Service", "MemoryMax", "1G");
        ck_assert_ptr_ne(u->cgroup, &cgroup_context_defaults);
        ck_assert_uint_eq(u->cgroup->memory_max, 1ULL << 30);
        ck_assert_uint_eq(cgroup_context_defaults.memory_max, UNIT_SIZE_INFINITY);
        /* An empty assignment resets to the default, read from the shared block. */
        OK("Service", "MemoryMax", "");
        ck_assert_uint_eq(u->cgroup->memory_max, UNIT_SIZE_INFINITY);
}
END_TEST

START_TEST(rlimits) {
        /* The array is allocated by the first limit (units/unit.h); a reset before is a no-op. */
        ck_assert_ptr_null(u->exec->rlimits);
        OK("Service", "LimitNOFILE", "");
        ck_assert_ptr_null(u->exec->rlimits);
        OK("Service", "LimitNOFILE", "1024:524288");
        ck_assert(u->exec->rlimits[RLIMIT_NOFILE].set);
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_NOFILE].soft, 1024);
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_NOFILE].hard, 524288);
        OK("Service", "LimitCORE", "infinity");
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_CORE].hard, RLIM_INFINITY);
        OK("Service", "LimitMEMLOCK", "64M");
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_MEMLOCK].soft, 64 << 20);
        OK("Service", "LimitCPU", "2min");
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_CPU].soft, 120);
        OK("Service", "LimitRTTIME", "5ms");
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_RTTIME].soft, 5000);
        OK("Service", "LimitNICE", "-5");
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_NICE].soft, 25);
        BAD("Service", "LimitNOFILE", "2048:1024", "a resource limit with soft <= hard");
        BAD("Service", "LimitNOFILE", "lots", "a resource limit (VALUE, SOFT:HARD or infinity)");
        BAD("Service", "LimitNPROC", "10K", "a resource limit (VALUE, SOFT:HARD or infinity)");
        ck_assert_uint_eq(u->exec->rlimits[RLIMIT_NOFILE].soft, 1024);
        OK("Service", "LimitNOFILE", "");
        ck_assert(!u->exec->rlimits[RLIMIT_NOFILE].set);
        ck_assert(u->exec->rlimits[RLIMIT_CORE].set);
}
END_TEST

START_TEST(cpu_sets) {
        /* Bits are allocated by the first list (units/unit.h); unit_free() frees them. */
        ck_assert_ptr_null(u->exec->cpu_affinity.bits);
        ck_assert_ptr_null(u->cgroup->allowed_cpus.bits);
        OK("Service", "CPUAffinity", "0 2 4-6");
        ck_assert_uint_eq(u->exec->cpu_affinity.bits[0], 0x75);
        OK("Service", "CPUAffinity", "1,1023");
        ck_assert_uint_eq(u->exec->cpu_affinity.bits[0], 0x77);
        ck_assert_uint_eq(u->exec->cpu_affinity.bits[15], UINT64_C(1) << 63);
        BAD("Service", "CPUAffinity", "3-1", "a list of CPU indexes or ranges (0-1023)");
        BAD("Service", "AllowedCPUs", "1024", "a list of CPU indexes or ranges (0-1023)");
        OK("Service", "CPUAffinity", "numa");
        ck_assert(u->exec->cpu_affinity.numa);
        BAD("Service", "NUMAMask", "numa", "a list of CPU indexes or ranges (0-1023)");
        ck_assert_ptr_null(u->exec->cpu_affinity.bits);
        OK("Service", "CPUAffinity", "");
        ck_assert(!u->exec->cpu_affinity.set);
        OK("Service", "CPUAffinity", "3");
        ck_assert_uint_eq(u->exec->cpu_affinity.bits[0], 0x8);
        OK("Service", "AllowedCPUs", "0-1");
        OK("Service", "AllowedMemoryNodes", "0");
        OK("Service", "StartupAllowedCPUs", "1");
        OK("Service", "StartupAllowedMemoryNodes", "1");
        OK("Service", "NUMAMask", "0");
        ck_assert_uint_eq(u->cgroup->allowed_cpus.bits[0], 0x3);
        ck_assert_uint_eq(u->exec->numa_mask.bits[0], 0x1);
}
END_TEST

START_TEST(environment) {
        OK("Service", "Environment", "A=1 \"B=two words\" C=");
        OK("Service", "Environment", "A=3");
        ck_assert_uint_eq(strv_length(u->exec->environment), 3);
        ck_assert_str_eq(u->exec->environment[0], "A=3");
        ck_assert_str_eq(u->exec->environment[1], "B=two words");
        ck_assert_str_eq(parse("Service", "Environment", "D=4 NOEQUALS =x"),
                         test_fmt("t.service:%u: Environment==x is not a valid environment assignment (VAR=value), "
                                  "ignoring.", line));
        ck_assert_uint_eq(strv_length(u->exec->environment), 4);
        ck_assert_str_eq(parse("Service", "Environment", "E=\"open"),
                         test_fmt("t.service:%u: Environment=E=\"open has unbalanced quotes, ignoring the rest.", line));
        OK("Service", "Environment", "");
        ck_assert_ptr_null(u->exec->environment);
        OK("Service", "EnvironmentFile", "-/etc/default/foo");
        OK("Service", "EnvironmentFile", "/etc/foo.env");
        ck_assert_uint_eq(strv_length(u->exec->environment_files), 2);
        BAD("Service", "EnvironmentFile", "etc/foo", "an absolute path (with an optional \"-\" prefix)");
        OK("Service", "PassEnvironment", "TERM LANG");
        BAD("Service", "PassEnvironment", "A=B", "an environment variable name");
        OK("Service", "UnsetEnvironment", "TERM A=B");
        OK("Service", "WorkingDirectory", "~");
        OK("Service", "WorkingDirectory", "-/srv/app");
        ck_assert_str_eq(u->exec->working_directory, "-/srv/app");
        BAD("Service", "WorkingDirectory", "srv", "an absolute path or \"~\"");
        BAD("Service", "WorkingDirectory", "/srv/../etc", "an absolute path or \"~\"");
}
END_TEST

START_TEST(paths_and_names) {
        OK("Service", "ReadWritePaths", "-/var/lib/foo +/run/foo /tmp");
        ck_assert_uint_eq(strv_length(u->exec->read_write_paths), 3);
        BAD("Service", "ReadOnlyPaths", "relative", "an absolute path");
        OK("Service", "ReadWriteDirectories", "/srv");
        ck_assert_uint_eq(strv_length(u->exec->read_write_paths), 4);
        OK("Service", "BindPaths", "/a:/b:rbind -/c");
        BAD("Service", "BindPaths", "/a:/b:sideways", "a bind mount (SOURCE[:DESTINATION[:OPTIONS]])");
        OK("Service", "TemporaryFileSystem", "/var:ro");
        OK("Service", "StateDirectory", "foo foo/sub");
        BAD("Service", "StateDirectory", "/abs", "a relative directory name");
        BAD("Service", "RuntimeDirectory", "../escape", "a relative directory name");
        OK("Service", "ExecSearchPath", "/usr/bin:/bin");
        BAD("Service", "ExecSearchPath", "/usr/bin:bin", "a colon-separated list of absolute paths");
        OK("Service", "PIDFile", "/run/foo.pid");
        BAD("Service", "PIDFile", "foo.pid", "an absolute path");
        OK("Service", "User", "www-data");
        OK("Service", "Group", "0");
        BAD("Service", "User", "-bad", "a valid user or group name");
        OK("Service", "SupplementaryGroups", "adm systemd-journal");
        BAD("Service", "SupplementaryGroups", "9bad", "a valid user or group name");
        OK("Service", "BusName", "org.freedesktop.Foo1");
        BAD("Service", "BusName", "nodots", "a D-Bus bus name");
        BAD("Service", "BusName", "org..x", "a D-Bus bus name");
        OK("Service", "Sockets", "foo.socket");
        BAD("Service", "Sockets", "foo.service", "a socket unit name");
        OK("Unit", "After", "network.target postgresql@%i.service");
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_AFTER]), 2);
        OK("Unit", "BindTo", "dev-sda.device");
        ck_assert_str_eq(u->dependencies[UNIT_BINDS_TO][0], "dev-sda.device");
        BAD("Unit", "Requires", "not/a/unit", "a valid unit name");
        OK("Unit", "RequiresMountsFor", "/var /srv");
        OK("Service", "LoadCredential", "key:/etc/foo/key");
        OK("Service", "LoadCredential", "other");
        BAD("Service", "LoadCredential", "a/b:/x", "a credential (ID[:PATH])");
        BAD("Service", "SetCredential", "nodata", "a credential (ID:DATA)");
        OK("Service", "SetCredentialEncrypted", "x:ZGF0YQ==");
        ck_assert(u->exec->credentials_encrypted);
        OK("Service", "LogExtraFields", "APP=foo");
        BAD("Service", "LogExtraFields", "_PRIVATE=1", "a journal field assignment (FIELD=value)");
        OK("Service", "RootHash", "a1b2c3d4");
        BAD("Service", "RootHash", "xyz", "a hex hash, \"base64:\" data or an absolute path");
        OK("Service", "MountImages", "/img.raw:/mnt -/opt.raw");
        BAD("Service", "ExtensionImages", "img.raw", "an image (IMAGE[:DESTINATION[:OPTIONS]])");
        OK("Service", "RestrictNetworkInterfaces", "~eth0 wlan0");
        ck_assert(!u->cgroup->restrict_network_interfaces.allow_list);
        BAD("Service", "RestrictNetworkInterfaces", "a/b", "a network interface name");
        OK("Unit", "Documentation", "man:foo(8)");
        BAD("Unit", "Documentation", "wiki", "a documentation URL (http://, https://, file:, info:, man:)");
}
END_TEST

START_TEST(standard_io) {
        OK("Service", "StandardOutput", "journal+console");
        ck_assert_int_eq(u->exec->std_output, EXEC_OUTPUT_JOURNAL_AND_CONSOLE);
        OK("Service", "StandardOutput", "append:/var/log/foo.log");
        ck_assert_int_eq(u->exec->std_output, EXEC_OUTPUT_APPEND);
        ck_assert_str_eq(u->exec->std_output_arg, "/var/log/foo.log");
        OK("Service", "StandardError", "syslog");
        ck_assert_int_eq(u->exec->std_error, EXEC_OUTPUT_JOURNAL);
        ck_assert_str_eq(parse("Service", "StandardOutput", "file:relative"),
                         test_fmt("t.service:%u: StandardOutput=file:relative is not an output (inherit, null, tty, "
                                  "journal, kmsg, journal+console, kmsg+console, file:PATH, append:PATH, "
                                  "truncate:PATH, socket, fd:NAME), ignoring.", line));
        OK("Service", "StandardOutput", "");
        ck_assert_int_eq(u->exec->std_output, EXEC_OUTPUT_JOURNAL);
        ck_assert_ptr_null(u->exec->std_output_arg);
        OK("Service", "StandardInput", "fd:stdin");
        ck_assert_int_eq(u->exec->std_input, EXEC_INPUT_FD);
        ck_assert_str_eq(u->exec->std_input_arg, "stdin");
        OK("Service", "StandardInput", "tty-force");
        ck_assert_ptr_null(u->exec->std_input_arg);
        BAD("Service", "StandardInput", "keyboard",
            "an input (null, tty, tty-force, tty-fail, data, file:PATH, socket, fd:NAME)");
        OK("Service", "StandardInputText", "hello");
        OK("Service", "StandardInputData", "d29y bGQ=");
        ck_assert_uint_eq(u->exec->std_input_data_size, 11);
        ck_assert_str_eq(u->exec->std_input_data, "hello\nworld");
        BAD("Service", "StandardInputData", "!!!", "valid base64 data");
        OK("Service", "StandardInputData", "");
        ck_assert_ptr_null(u->exec->std_input_data);
}
END_TEST

START_TEST(exec_lines_of_every_kind) {
        static const char *const keys[] = { "ExecCondition", "ExecStartPre", "ExecStartPost", "ExecReload",
                                            "ExecStop", "ExecStopPost" };
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                OK("Service", keys[i], "-/bin/true a ; /bin/false");
        ck_assert_uint_eq(u->n_exec_condition, 2);
        ck_assert_uint_eq(u->n_exec_start_pre, 2);
        ck_assert_uint_eq(u->n_exec_stop_post, 2);
        ck_assert_uint_eq(u->exec_reload[0].flags & EXEC_IGNORE_FAILURE, EXEC_IGNORE_FAILURE);
        ck_assert_str_eq(parse("Service", "ExecStop", "/bin/echo 'open"),
                         test_fmt("t.service:%u: ExecStop=/bin/echo 'open is not a valid command line (unbalanced "
                                  "quotes), ignoring.", line));
        OK("Service", "ExecStop", "");
        ck_assert_uint_eq(u->n_exec_stop, 0);
        ck_assert_ptr_null(u->exec_stop);
}
END_TEST

START_TEST(conditions_unsupported_validate_syntax) {
        OK("Unit", "ConditionACPower", "true");
        OK("Unit", "AssertKernelVersion", "|!>=5.10");
        BAD("Unit", "ConditionOSRelease", "|!", "a condition (an argument after \"|\" and \"!\")");
        ck_assert_ptr_null(u->conditions);
}
END_TEST

START_TEST(apply_warns_once_per_key_per_file) {
        ck_assert_str_eq(apply("a.service", "Service", "RootImage", "/srv/img.raw"),
                         test_fmt("a.service:%u: RootImage= is not supported by svcd (disk images and extensions "
                                  "are not supported), ignoring.",
                                  line));
        ck_assert_str_eq(apply("a.service", "Service", "RootImage", "/srv/other.raw"), "");
        /* A bad value is warned about by the parser only; a reset is not worth a warning. */
        ck_assert_str_eq(apply("a.service", "Service", "ProtectSystem", "bogus"),
                         test_fmt("a.service:%u: ProtectSystem=bogus is not a ProtectSystem= setting (yes, no, full, "
                                  "strict), ignoring.", line));
        ck_assert_str_eq(apply("a.service", "Service", "ProtectHome", ""), "");
        /* Enforced and emulated directives: no warning. */
        ck_assert_str_eq(apply("a.service", "Service", "Restart", "always"), "");
        ck_assert_str_eq(apply("a.service", "Install", "WantedBy", "multi-user.target"), "");
        ck_assert_str_eq(apply("a.service", "Service", "TimeoutSec", "5"), "");
        /* Another file (a drop-in) warns again. */
        ck_assert_str_ne(apply("a.service.d/x.conf", "Service", "RootImage", "/srv/img.raw"), "");
        ck_assert_uint_eq(test_n_warnings(), 3);
        /* A valid condition is enforced: no warning; a bad one is condition.c's to report. */
        ck_assert_str_eq(apply("a.service", "Unit", "ConditionPathExists", "/etc"), "");
        ck_assert_ptr_nonnull(u->conditions);
        ck_assert_str_eq(apply("a.service", "Unit", "AssertPathExists", "/etc"), "");
        ck_assert_ptr_nonnull(u->asserts);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("value-parsers");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, table_support_levels_and_notes);
        tcase_add_test(tc, man_page_directives_are_recognised);
        tcase_add_test(tc, booleans);
        tcase_add_test(tc, exec_and_cgroup_settings_copy_the_shared_defaults_once);
        tcase_add_test(tc, integers_with_ranges);
        tcase_add_test(tc, durations);
        tcase_add_test(tc, sizes_weights_and_quotas);
        tcase_add_test(tc, signals_and_enums);
        tcase_add_test(tc, exit_status_sets);
        tcase_add_test(tc, capabilities);
        tcase_add_test(tc, syscall_filters);
        tcase_add_test(tc, rlimits);
        tcase_add_test(tc, cpu_sets);
        tcase_add_test(tc, environment);
        tcase_add_test(tc, paths_and_names);
        tcase_add_test(tc, standard_io);
        tcase_add_test(tc, exec_lines_of_every_kind);
        tcase_add_test(tc, conditions_unsupported_validate_syntax);
        tcase_add_test(tc, apply_warns_once_per_key_per_file);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
