/* condition.h: Condition*= and Assert*= of systemd.unit(5): parsing and evaluation.
 *
 * A unit's conditions are checked when its start job runs (the lifecycle issue wires
 * that up); a failed condition skips the start ("inactive (condition failed)"), a failed
 * assert fails it. Each parsed item keeps file:line for diagnostics. */
#pragma once

#include <stdbool.h>

#include "units/directives.h"

enum condition_type {
        CONDITION_PATH_EXISTS,
        CONDITION_PATH_EXISTS_GLOB,
        CONDITION_PATH_IS_DIRECTORY,
        CONDITION_PATH_IS_SYMBOLIC_LINK,
        CONDITION_PATH_IS_MOUNT_POINT,
        CONDITION_PATH_IS_READ_WRITE,
        CONDITION_DIRECTORY_NOT_EMPTY,
        CONDITION_FILE_NOT_EMPTY,
        CONDITION_FILE_IS_EXECUTABLE,
        CONDITION_VIRTUALIZATION,
        CONDITION_CAPABILITY,
        CONDITION_KERNEL_COMMAND_LINE,
        CONDITION_ENVIRONMENT,
        CONDITION_USER,
        CONDITION_GROUP,
        CONDITION_HOST,
        CONDITION_ARCHITECTURE,
        CONDITION_FIRST_BOOT,
        CONDITION_CONTROL_GROUP_CONTROLLER,
        CONDITION_SECURITY,
        _CONDITION_TYPE_MAX,
};

struct condition {
        struct condition *next;
        enum condition_type type;
        bool trigger; /* "|": any one triggering condition suffices */
        bool negate;  /* "!" */
        char *parameter;
        unsigned line;
};

/* The directive parser for every Condition*= and Assert*= key; ltype is the enum
 * condition_type, and DIRECTIVE_ASSERT or'ed into it puts the item on the asserts list
 * (the table in directives.c refers to this). An empty value resets that list. */
#define CONDITION_ASSERT_FLAG 0x100
int condition_parse_directive(const struct directive_context *ctx, const char *value, void *data, int ltype);

void condition_free_list(struct condition *c);

/* Evaluates a list as systemd does: all non-triggering conditions must hold, and if
 * there are triggering ones, at least one of them. Returns true if the unit may start;
 * on false, *ret_failed (if not NULL) points at the first condition that failed. */
bool condition_list_test(const struct condition *list, const struct condition **ret_failed);

const char *condition_type_to_string(enum condition_type t, bool assert); /* "ConditionPathExists" */

/* One condition: 1 if it holds (negation applied), 0 if not, -errno if it cannot be
 * evaluated (condition_list_test() counts that as failed, negated or not). */
int condition_test(const struct condition *c);

/* Tests only: read the system files conditions consult below dir instead of "/"
 * (/proc/cmdline, /proc/1/cmdline, /proc/1/environ, /proc/self/status, /proc/self/uid_map,
 * /proc/cgroups, /proc/vz, /proc/sys/kernel/{osrelease,hostname,arch}, /etc/machine-id,
 * /.dockerenv, /run/.containerenv, /run/systemd/container, /sys/class/dmi/id/…,
 * /sys/fs/cgroup/cgroup.controllers, /sys/fs/selinux, /sys/module/apparmor, ...). While
 * it is set, sources that are not files are skipped: svcd's own "container" variable when
 * it is PID 1, CPUID, the audit socket (false); the hostname is read from
 * dir/proc/sys/kernel/hostname and the uname machine from dir/proc/sys/kernel/arch.
 * Paths named in Path*=, Directory*= and File*= conditions are not redirected. NULL resets. */
void condition_set_test_root(const char *dir);
