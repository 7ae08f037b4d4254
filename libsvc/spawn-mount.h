/* spawn-mount.h: the mount plan: a service's private filesystem view as a list of
 * mount operations, computed by the parent (supervisord/exec-namespace.c) and applied by
 * the child (spawn-child-mount.c) right after unshare(CLONE_NEWNS).
 *
 * The child applies the operations in array order with plain syscalls (mount(2),
 * mount_setattr(2), mkdir(2), umount2(2)); every string is owned by the plan. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum spawn_mount_op {
        SPAWN_MOUNT_MOUNT,    /* mount(source, target, fstype, flags, data) */
        SPAWN_MOUNT_BIND,     /* bind target onto itself or source onto target (flags: MS_REC) */
        SPAWN_MOUNT_SETATTR,  /* mount_setattr(target, AT_RECURSIVE?, attr_set, attr_clr) */
        SPAWN_MOUNT_MKDIR,    /* mkdir(target, mode), EEXIST is success */
        SPAWN_MOUNT_UMOUNT,   /* umount2(target, MNT_DETACH) */
        _SPAWN_MOUNT_OP_MAX,
};

struct spawn_mount {
        enum spawn_mount_op op;
        const char *source;   /* NULL where the op has none */
        const char *target;
        const char *fstype;
        unsigned long flags;  /* MS_* for MOUNT/BIND */
        const char *data;
        uint64_t attr_set, attr_clr; /* MOUNT_ATTR_* for SETATTR */
        bool recursive;       /* SETATTR: AT_RECURSIVE */
        unsigned mode;        /* MKDIR */
        bool missing_ok;      /* a target (or source) that does not exist is skipped ("-" prefix) */
};

struct spawn_mount_plan {
        struct spawn_mount *ops;
        size_t n_ops;
        char **strings;       /* every string the ops point to, freed with the plan */
        size_t n_strings;
};

/* Frees the ops and strings (parent only). */
void spawn_mount_plan_done(struct spawn_mount_plan *m);

/* The child's side: applies every op in order. Returns 0, or -1 with errno set; async-
 * signal-safe (spawn-child-mount.c is built and linted like spawn-child.c). */
int spawn_child_apply_mounts(const struct spawn_mount_plan *m);
