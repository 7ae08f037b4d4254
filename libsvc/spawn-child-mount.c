/* spawn-child-mount.c: the child applies the mount plan, one system call per operation.
 *
 * Runs between unshare(CLONE_NEWNS) and chroot() in the child of spawn-child.c, so the
 * same rules hold: only async-signal-safe functions and raw system calls, no writes to
 * memory but this stack (tests/lint checks the symbols). Everything that needed a
 * decision (which paths exist, which device nodes to clone, which mounts to flip) was
 * made by the parent (spawn-mount.c, supervisord/exec-namespace.c and exec-mounts.c);
 * here the operations run in array order, and the first failure stops the plan with
 * errno set. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libsvc/spawn-mount.h"

/* mount_setattr(2), Linux 5.12: glibc 2.36 has a wrapper, but the raw call needs no new
 * entry in the lint's allowlist and works with older C libraries too. */
static int child_mount_setattr(const struct spawn_mount *op) {
        struct mount_attr attr = {
                .attr_set = op->attr_set,
                .attr_clr = op->attr_clr,
        };
        struct statx stx;

        /* mount_setattr() on a path inside a mount changes that whole mount: a target that
         * is not (or no longer) a mount point, say a bind whose "-" source vanished, must
         * not make its parent read-only. statx(2) says whether it is (Linux 5.8). */
        if (syscall(SYS_statx, AT_FDCWD, op->target, 0, STATX_TYPE, &stx) < 0)
                return -1;
        if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && !(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT)) {
                errno = op->missing_ok ? ENOENT : EINVAL;
                return -1;
        }
        return (int) syscall(SYS_mount_setattr, AT_FDCWD, op->target,
                             op->recursive ? AT_RECURSIVE : 0, &attr, sizeof attr);
}

/* A clone of a host device node. Where device nodes cannot be made (a user namespace:
 * mknod(2) of a device needs CAP_MKNOD in the initial one, EPERM), the host's node itself
 * (source) is bound onto an empty file instead, as systemd's PrivateDevices= does; it keeps
 * the host's owner and mode, and must not be chowned (that would change the host's node). */
static int child_mknod(const struct spawn_mount *op) {
        if (mknod(op->target, (mode_t) op->mode, op->dev) < 0) {
                if (errno == EEXIST)
                        return 0;
                if (errno != EPERM || !op->source)
                        return -1;
                if (mknod(op->target, S_IFREG | 0644, 0) < 0 && errno != EEXIST)
                        return -1;
                return mount(op->source, op->target, NULL, MS_BIND, NULL);
        }
        /* The clone of a host device keeps the host's owner (/dev/tty is root:tty). */
        return chown(op->target, op->uid, op->gid);
}

/* An empty regular file as the mount point for a file; an existing file of any type will
 * do (a bind mount needs only both sides to be non-directories). mknod(S_IFREG) rather
 * than open(O_CREAT), which would block on an existing FIFO. */
static int child_mkfile(const struct spawn_mount *op) {
        if (mknod(op->target, S_IFREG | (mode_t) op->mode, 0) < 0 && errno != EEXIST)
                return -1;
        return 0;
}

/* The detached trees of SPAWN_MOUNT_CAPTURE, by slot; -1 where none. */
struct child_captures {
        int fd[SPAWN_MOUNT_CAPTURES_MAX];
};

static int child_capture(const struct spawn_mount *op, struct child_captures *c) {
        int fd;

        if (op->capture == 0 || op->capture > SPAWN_MOUNT_CAPTURES_MAX) {
                errno = EINVAL;
                return -1;
        }
        fd = (int) syscall(SYS_open_tree, AT_FDCWD, op->source,
                           OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (op->flags & MS_REC ? AT_RECURSIVE : 0));
        if (fd < 0)
                return -1;
        c->fd[op->capture - 1] = fd;
        return 0;
}

static int child_bind(const struct spawn_mount *op, struct child_captures *c) {
        int fd, r;

        if (op->capture == 0)
                return mount(op->source, op->target, NULL, MS_BIND | (op->flags & MS_REC), NULL);
        if (op->capture > SPAWN_MOUNT_CAPTURES_MAX) {
                errno = EINVAL;
                return -1;
        }
        fd = c->fd[op->capture - 1];
        if (fd < 0) {
                /* Its source was missing when captured, and allowed to be. */
                errno = ENOENT;
                return -1;
        }
        r = (int) syscall(SYS_move_mount, fd, "", AT_FDCWD, op->target, MOVE_MOUNT_F_EMPTY_PATH);
        if (r >= 0) {
                close(fd);
                c->fd[op->capture - 1] = -1;
        }
        return r;
}

static int child_apply_one(const struct spawn_mount *op, struct child_captures *c) {
        switch (op->op) {
        case SPAWN_MOUNT_MOUNT:
                return mount(op->source, op->target, op->fstype, op->flags, op->data);
        case SPAWN_MOUNT_BIND:
                return child_bind(op, c);
        case SPAWN_MOUNT_CAPTURE:
                return child_capture(op, c);
        case SPAWN_MOUNT_SETATTR:
                return child_mount_setattr(op);
        case SPAWN_MOUNT_MKDIR:
                if (mkdir(op->target, (mode_t) op->mode) < 0 && errno != EEXIST)
                        return -1;
                return 0;
        case SPAWN_MOUNT_UMOUNT:
                /* umount2(2): EINVAL is "not a mount point": nothing to take away. */
                if (umount2(op->target, MNT_DETACH) < 0 && errno != EINVAL)
                        return -1;
                return 0;
        case SPAWN_MOUNT_MKNOD:
                return child_mknod(op);
        case SPAWN_MOUNT_SYMLINK:
                if (symlink(op->source, op->target) < 0 && errno != EEXIST)
                        return -1;
                return 0;
        case SPAWN_MOUNT_MKFILE:
                return child_mkfile(op);
        default:
                errno = EINVAL;
                return -1;
        }
}

static void child_close_captures(struct child_captures *c) {
        for (size_t i = 0; i < SPAWN_MOUNT_CAPTURES_MAX; i++)
                if (c->fd[i] >= 0)
                        close(c->fd[i]);
}

int spawn_child_apply_mounts(const struct spawn_mount_plan *m) {
        struct child_captures captures;
        /* Modes in the plan are exact (a 01777 tmp, a 0000 node): the service's UMask=
         * was already applied to this process and must not narrow them. */
        mode_t saved_umask = umask(0);

        for (size_t i = 0; i < SPAWN_MOUNT_CAPTURES_MAX; i++)
                captures.fd[i] = -1;
        for (size_t i = 0; i < m->n_ops; i++) {
                const struct spawn_mount *op = &m->ops[i];

                if (child_apply_one(op, &captures) < 0) {
                        int saved = errno;

                        /* "-" prefixes and optional table entries: a path that is not there
                         * in this namespace is skipped, as systemd.exec(5) says. */
                        if (op->missing_ok && saved == ENOENT)
                                continue;
                        child_close_captures(&captures);
                        umask(saved_umask);
                        errno = saved;
                        return -1;
                }
        }
        child_close_captures(&captures);
        umask(saved_umask);
        return 0;
}
