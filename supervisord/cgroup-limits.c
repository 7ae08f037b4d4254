/* cgroup-limits.c: a service's resource limits written to its cgroup (cgroup-limits.h).
 *
 * cgroup-v2.rst: a controller's interface files exist in a cgroup only when its parent
 * enabled the controller in cgroup.subtree_control, which a cgroup can only do for
 * controllers listed in its own cgroup.controllers, and (but for the root) only while it
 * has no process of its own. svcd's directory below its own cgroup never has processes,
 * so it can pass on whatever svcd's cgroup received. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup-limits.h"

static const struct {
        const char *name;
        unsigned bit;
} controllers[] = {
        { "cpu", CGROUP_CONTROLLER_CPU },
        { "memory", CGROUP_CONTROLLER_MEMORY },
        { "pids", CGROUP_CONTROLLER_PIDS },
};

static int write_file(const char *dir, const char *file, const char *text) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1;

        if (asprintf(&path, "%s/%s", dir, file) < 0)
                return -ENOMEM;
        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        if (write(fd, text, strlen(text)) < 0)
                return -errno;
        return 0;
}

/* The controllers a cgroup's cgroup.controllers (or subtree_control) lists, as a mask. */
static unsigned read_controllers(const char *dir, const char *file) {
        _cleanup_free_ char *path = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        char word[64];
        unsigned mask = 0;

        if (asprintf(&path, "%s/%s", dir, file) < 0)
                return 0;
        f = fopen(path, "re");
        if (!f)
                return 0;
        while (fscanf(f, "%63s", word) == 1)
                for (size_t i = 0; i < ELEMENTSOF(controllers); i++)
                        if (streq(word, controllers[i].name))
                                mask |= controllers[i].bit;
        return mask;
}

/* "+cpu +memory" for the controllers of mask that dir lists as available; one write each,
 * so that one the kernel refuses does not take the others down with it. */
static void enable_in(const char *dir, unsigned available) {
        for (size_t i = 0; i < ELEMENTSOF(controllers); i++) {
                char text[32];
                if (!(available & controllers[i].bit))
                        continue;
                snprintf(text, sizeof text, "+%s", controllers[i].name);
                int r = write_file(dir, "cgroup.subtree_control", text);
                if (r < 0)
                        log_debug_errno(r, "Cannot enable the %s controller in %s: %m", controllers[i].name, dir);
        }
}

unsigned cgroup_limits_enable_controllers(const struct cgroup_root *r) {
        _cleanup_free_ char *parent = NULL;

        if (!r->path)
                return 0;
        /* svcd's own cgroup, if it is the hierarchy's root: the mount point itself. */
        parent = strdup(r->path);
        if (!parent)
                return 0;
        char *slash = strrchr(parent, '/');
        if (slash && slash != parent)
                *slash = 0;
        if (r->mount_point && streq(parent, r->mount_point))
                enable_in(parent, read_controllers(parent, "cgroup.controllers"));
        enable_in(r->path, read_controllers(r->path, "cgroup.controllers"));
        return read_controllers(r->path, "cgroup.subtree_control");
}

/* "MemoryMax=67108864: why", as svcd.unit(5) shows NotEnforced entries (Directive=value). */
static int not_enforced(char ***list, const char *directive, const char *value, const char *file, int error) {
        const char *why = error == -ENOENT ? "its controller is not available to svcd's cgroup"
                                           : strerror(-error);
        return strv_extendf(list, "%s%s: cannot write %s (%s)", directive, value, file, why) < 0 ? -ENOMEM : 0;
}

/* A size or count with its percentage resolved against total ("max" for infinity). */
static void format_limit(char *buf, size_t n, uint64_t v, uint64_t total) {
        if (v == UNIT_SIZE_INFINITY)
                snprintf(buf, n, "max");
        else if (v & UNIT_SIZE_PERMYRIAD)
                snprintf(buf, n, "%" PRIu64, (uint64_t) ((long double) total * (v & ~UNIT_SIZE_PERMYRIAD) / 10000));
        else
                snprintf(buf, n, "%" PRIu64, v);
}

static uint64_t physical_memory(void) {
        long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        return pages > 0 && size > 0 ? (uint64_t) pages * (uint64_t) size : UINT64_MAX;
}

/* systemd.resource-control(5), TasksMax=: a percentage is "relative to the system's
 * maximum number of tasks": the smaller of kernel.pid_max and kernel.threads-max. */
static uint64_t system_tasks_max(void) {
        static const char *const files[] = { "/proc/sys/kernel/pid_max", "/proc/sys/kernel/threads-max" };
        uint64_t best = UINT64_MAX;

        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                _cleanup_fclose_ FILE *f = fopen(files[i], "re");
                uint64_t v;
                if (f && fscanf(f, "%" SCNu64, &v) == 1 && v < best)
                        best = v;
        }
        return best;
}

int cgroup_limits_apply(const char *path, const struct cgroup_context *c, char ***list) {
        struct {
                const char *directive, *file;
                uint64_t value;
                bool set;
                uint64_t (*total)(void);
        } limits[] = {
                /* Unset and "infinity" are the same value: a fresh cgroup has "max" already. */
                { "MemoryMax=", "memory.max", c->memory_max, c->memory_max != UNIT_SIZE_INFINITY, physical_memory },
                { "MemoryHigh=", "memory.high", c->memory_high, c->memory_high != UNIT_SIZE_INFINITY, physical_memory },
                { "TasksMax=", "pids.max", c->tasks_max, c->tasks_max != UNIT_UINT64_UNSET, system_tasks_max },
                { "CPUWeight=", "cpu.weight", c->cpu_weight, c->cpu_weight != UNIT_UINT64_UNSET, NULL },
        };

        for (size_t i = 0; i < ELEMENTSOF(limits); i++) {
                char text[32];
                int r;

                if (!limits[i].set)
                        continue;
                /* CPUWeight=idle (0): cpu.idle, Linux 5.15; not applied by svcd. */
                if (limits[i].total == NULL && limits[i].value == 0) {
                        if (strv_extend(list, "CPUWeight=idle: svcd does not set cpu.idle") < 0)
                                return -ENOMEM;
                        continue;
                }
                format_limit(text, sizeof text, limits[i].value, limits[i].total ? limits[i].total() : 0);
                if (!path) {
                        if (strv_extendf(list, "%s%s: svcd tracks processes without cgroups here", limits[i].directive,
                                         text) < 0)
                                return -ENOMEM;
                        continue;
                }
                r = write_file(path, limits[i].file, text);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        log_debug_errno(r, "Cannot write %s to %s/%s: %m", text, path, limits[i].file);
                        if (not_enforced(list, limits[i].directive, text, limits[i].file, r) < 0)
                                return -ENOMEM;
                }
        }
        return 0;
}
