/* spawn-mount.h: the mount plan: a service's private filesystem view as a list of
 * mount operations, computed by the parent (supervisord/exec-namespace.c and
 * exec-mounts.c) and applied by the child (spawn-child-mount.c) right after
 * unshare(CLONE_NEWNS).
 *
 * The child applies the operations in array order with plain syscalls (mount(2),
 * mount_setattr(2), open_tree(2), move_mount(2), mkdir(2), umount2(2), mknod(2),
 * symlink(2)); every string is owned by the plan.
 *
 * The parent describes the view as entries ("this path becomes read-only", "a tmpfs
 * here", ...), the model of systemd's src/core/namespace.c; spawn_mount_plan_compile()
 * orders them, drops the redundant ones and turns them into operations. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum spawn_mount_op {
        SPAWN_MOUNT_MOUNT,    /* mount(source, target, fstype, flags, data); MS_MOVE moves source onto target */
        SPAWN_MOUNT_BIND,     /* bind source onto target (flags: MS_REC) */
        SPAWN_MOUNT_SETATTR,  /* mount_setattr(target, AT_RECURSIVE?, attr_set, attr_clr); target must be a mount point */
        SPAWN_MOUNT_MKDIR,    /* mkdir(target, mode), EEXIST is success */
        SPAWN_MOUNT_UMOUNT,   /* umount2(target, MNT_DETACH); "not a mount point" is success */
        SPAWN_MOUNT_MKNOD,    /* mknod(target, mode, dev), then chown(uid, gid); EEXIST is success */
        SPAWN_MOUNT_SYMLINK,  /* symlink(source, target), EEXIST is success */
        SPAWN_MOUNT_MKFILE,   /* an empty regular file at target (mode), an existing one is success */
        SPAWN_MOUNT_CAPTURE,  /* open_tree(source, OPEN_TREE_CLONE, AT_RECURSIVE if MS_REC) into slot capture */
        _SPAWN_MOUNT_OP_MAX,
};

/* A bind mount's source is captured (a detached copy of its mount tree, open_tree(2),
 * Linux 5.2) before anything is mounted, and attached later with move_mount(2): mounts
 * made in between (a private /tmp, a tmpfs on /run) must not hide it. The child keeps the
 * captured trees on its stack, hence a bound. */
#define SPAWN_MOUNT_CAPTURES_MAX 128

struct spawn_mount {
        enum spawn_mount_op op;
        const char *source;   /* NULL where the op has none */
        const char *target;
        const char *fstype;
        unsigned long flags;  /* MS_* for MOUNT/BIND */
        const char *data;
        uint64_t attr_set, attr_clr; /* MOUNT_ATTR_* for SETATTR */
        bool recursive;       /* SETATTR: AT_RECURSIVE */
        unsigned mode;        /* MKDIR, MKNOD (with the file type), MKFILE; applied with umask 0 */
        dev_t dev;            /* MKNOD */
        uid_t uid;            /* MKNOD */
        gid_t gid;
        unsigned capture;     /* CAPTURE: the slot to fill; BIND: attach this slot's tree instead
                               * of binding source (1-based, 0: none) */
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

/* Appends a copy of op, copying its strings into the plan (parent only). */
int spawn_mount_plan_add(struct spawn_mount_plan *m, const struct spawn_mount *op);

/* The child's side: applies every op in order. Returns 0, or -1 with errno set; async-
 * signal-safe (spawn-child-mount.c is built and linted like spawn-child.c). */
int spawn_child_apply_mounts(const struct spawn_mount_plan *m);

/* --- the parent's model: entries --------------------------------------------------- */

/* What an entry makes of its path. Ordered by priority as in systemd's namespace.c: when
 * two entries name the same path, the first kind decides what is mounted there and the
 * flags (read_only, noexec, exec) of both apply. */
enum spawn_mount_kind {
        SPAWN_MOUNT_INACCESSIBLE,  /* source (an empty node of the path's type) bound over it */
        SPAWN_MOUNT_BIND_NORBIND,  /* source bound onto path, without its submounts */
        SPAWN_MOUNT_BIND_RBIND,    /* source bound onto path with its submounts */
        SPAWN_MOUNT_PRIVATE_TMP,   /* source (a per-service directory) bound onto /tmp, /var/tmp */
        SPAWN_MOUNT_PRIVATE_DEV,   /* a minimal /dev, assembled in source (a staging directory) */
        SPAWN_MOUNT_BIND_DEV,      /* the host's /dev bound in (MountAPIVFS= under RootDirectory=) */
        SPAWN_MOUNT_SYSFS,         /* a fresh sysfs */
        SPAWN_MOUNT_PROCFS,        /* a fresh procfs, options: hidepid=, subset= */
        SPAWN_MOUNT_READ_ONLY,     /* the path bound onto itself, then made read-only */
        SPAWN_MOUNT_READ_WRITE,    /* the path bound onto itself: read-only parents stop here */
        SPAWN_MOUNT_NOEXEC,        /* the path bound onto itself, then noexec */
        SPAWN_MOUNT_EXEC,          /* the path bound onto itself, noexec cleared */
        SPAWN_MOUNT_TMPFS,         /* a tmpfs with flags and options */
        SPAWN_MOUNT_RUN,           /* the tmpfs on /run of MountAPIVFS= */
        SPAWN_MOUNT_MQUEUEFS,      /* a fresh mqueue file system (PrivateIPC=) */
        SPAWN_MOUNT_READ_WRITE_IMPLICIT, /* like READ_WRITE, for ProtectSystem=strict's exceptions */
        _SPAWN_MOUNT_KIND_MAX,
};

struct spawn_mount_entry {
        char *path;           /* absolute host path, RootDirectory= already prefixed, simplified */
        enum spawn_mount_kind kind;
        char *source;         /* see the kinds; NULL for the rest */
        char *options;        /* TMPFS, RUN, PROCFS: the mount's data */
        unsigned long flags;  /* TMPFS, RUN: MS_* flags */
        bool read_only;       /* made read-only (with everything below it but other entries) */
        bool noexec;          /* made noexec (down to the next NOEXEC/EXEC entry) */
        bool exec;            /* noexec cleared (down to the next NOEXEC/EXEC entry) */
        bool missing_ok;      /* skipped if the path (or the source) does not exist */
        bool create;          /* the mount point and its parents are created if missing */
        bool source_is_file;  /* BIND*: the mount point to create is a file, not a directory */
};

struct spawn_mount_entries {
        struct spawn_mount_entry *entries;
        size_t n;
};

void spawn_mount_entries_done(struct spawn_mount_entries *e);
/* Appends a copy of entry (its strings copied; path simplified: "//" and trailing "/" go). */
int spawn_mount_entries_add(struct spawn_mount_entries *e, const struct spawn_mount_entry *entry);

/* Compiles the entries (sorted in place, duplicates merged, redundant ones dropped) into
 * ops appended to m: "/" made MS_SLAVE recursively first (nothing propagates back to the
 * host), the mounts in path order (parents first), then the read-only and noexec flags
 * (each reaching down to the next entry, never into it), and last the propagation
 * (MS_SHARED, MS_SLAVE or MS_PRIVATE) that MountFlags= asks for, recursively on "/".
 * root is the RootDirectory= (its entry is bound onto itself), NULL for none.
 * host_mounts are the mount points the child's namespace starts with (spawn_mount_
 * read_mountinfo()): flags that must stop at an entry below are applied to each of them
 * rather than with AT_RECURSIVE. -E2BIG for more than SPAWN_MOUNT_CAPTURES_MAX sources to
 * bind from. */
int spawn_mount_plan_compile(struct spawn_mount_entries *e, const char *root, unsigned long propagation,
                             char *const *host_mounts, struct spawn_mount_plan *m);

/* The mount points of a mountinfo file (proc_pid_mountinfo(5)), octal escapes decoded. */
int spawn_mount_read_mountinfo(const char *path, char ***ret);

/* Splits "ro,nodev,size=10%" into MS_* flags (starting from *flags; "dev" clears MS_NODEV)
 * and the rest, comma-separated, for the file system (NULL if none). -EINVAL for an empty
 * option. */
int spawn_mount_parse_options(const char *options, unsigned long *flags, char **ret_data);

/* "/a//b/" -> "/a/b"; "/." components go. A new string, NULL on ENOMEM. */
char *spawn_mount_path_simplify(const char *path);
/* Is path equal to prefix or below it (whole components)? */
bool spawn_mount_path_under(const char *path, const char *prefix);
