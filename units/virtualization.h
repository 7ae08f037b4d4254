/* virtualization.h: the host as Condition*= sees it: container, VM, architecture, cgroup controllers, security technologies.
 *
 * Identifiers are systemd-detect-virt(1)'s and systemd.unit(5)'s, so units written for
 * systemd mean the same here. Nothing is cached: conditions are evaluated rarely (when a
 * start job runs), and a cache would hide changes such as a tests' root switch. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum virt_kind {
        VIRT_NONE,
        VIRT_VM,
        VIRT_CONTAINER,
};

/* The innermost virtualization: a container if there is one, else a VM. *ret_name (if
 * not NULL) is "none" or an id such as "kvm", "docker", "vm-other", "container-other". */
enum virt_kind virt_detect(const char **ret_name);
enum virt_kind virt_detect_container(const char **ret_name);
enum virt_kind virt_detect_vm(const char **ret_name);
/* True if svcd runs in a user namespace that does not map all uids ("private-users"). */
bool virt_running_in_userns(void);
/* VIRT_VM or VIRT_CONTAINER for a known id, -EINVAL otherwise. */
int virt_kind_from_name(const char *name);

/* systemd's name of the architecture uname(2) reports ("x86-64", "arm64"), NULL if it
 * has none; arch_native() is the one svcd was compiled for. */
const char *arch_current(void);
const char *arch_native(void);
bool arch_is_valid(const char *name); /* "native" included */

/* ConditionControlGroupController=: "v1", "v2" or controller names; 1, 0 or -errno. */
int host_cgroup_test(const char *spec);
bool host_cgroup_controller_is_known(const char *name);
/* ConditionSecurity=: 1 if the technology is enabled, 0 if not, -EINVAL if unknown. */
int host_security_test(const char *name);
bool host_security_is_known(const char *name);

/* The root system files are read from: "/" unless condition_set_test_root() set one. */
void host_set_root(const char *dir);
bool host_testing(void);
/* path under the root in buf; NULL if it does not fit. */
const char *host_path(const char *path, char *buf, size_t size);
/* The whole file (at most 4 MiB), NUL-terminated; *ret_size may be NULL. -errno on failure. */
int host_read_file(const char *path, char **ret, size_t *ret_size);
/* The first line of the file without its newline and surrounding whitespace. */
int host_read_line(const char *path, char **ret);
bool host_file_exists(const char *path);
