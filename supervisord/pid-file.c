/* pid-file.c: reads a service's PIDFile= so that the service's user cannot steer svcd to a
 * file, or a process, that is not the service's.
 *
 * In order:
 *  1. Resolve the path ourselves, one component at a time, each opened O_PATH|O_NOFOLLOW
 *     relative to the directory before it (open(2), path_resolution(7)). Every directory,
 *     every symlink and the file itself is fstat()ed, and checked, before anything is looked
 *     up relative to it, so a rename or a symlink swapped in behind a check does not move
 *     the lookup somewhere unchecked.
 *  2. Apply the rules below to what the walk saw. Nothing is opened for reading yet, so a
 *     FIFO cannot block the daemon and a device node is never opened.
 *  3. Open the file for reading by name in the directory already checked, with O_NOFOLLOW
 *     and O_NONBLOCK, and make sure it is the inode that was checked (a daemon that writes
 *     its PID file atomically renames a new one into place: then walk again).
 *  4. Read at most PID_FILE_MAX bytes, parse one decimal pid, ask the kernel whether it
 *     exists (kill(2) with signal 0).
 *
 * The rules. systemd.service(5), PIDFile=: "The PID file does not need to be owned by a
 * privileged user, but if it is owned by an unprivileged user additional safety restrictions
 * are enforced: the file may not be a symlink to a file owned by a different user (neither
 * directly nor indirectly), and the PID file must refer to a process already belonging to
 * the service." systemd (src/core/service.c, service_load_pid_file()) resolves the path with
 * chase(CHASE_SAFE), which refuses "unsafe transitions"; a PID file reached through one, or
 * not owned by root, is accepted only when the pid is in the service's cgroup. svcd has no
 * cgroup to ask here, so the rules stand on their own:
 *  A. No unsafe transition on the way: stepping from a directory or symlink owned by a
 *     non-root user to an object owned by anyone else is refused (systemd's rule). This is
 *     what stops a service's user from pointing svcd, by a symlink or a hard link in a
 *     directory it owns, at a root-owned PID file of another daemon (fs.protected_hardlinks
 *     is off by the kernel's default, so a hard link is not far-fetched). It deliberately
 *     allows the common case of a file owned by the service's user in a directory owned by
 *     that user (RuntimeDirectory=).
 *  B. The file is owned by root or by the service's user.
 *  C. A file not owned by root is reached through no symlink at all, not even a root-owned
 *     one (pid-file.h's contract; stricter than systemd, which would check the cgroup). So
 *     PIDFile=/var/run/... (a symlink to /run on current distributions) works only for a
 *     root-owned file; systemd itself rewrites such paths to /run/.
 *  D. The pid is not svcd's own (systemd: "New main PID is the manager, refusing.").
 * That the pid is one of the service's processes is the caller's to check: it knows them.
 *
 * Anything but a regular file (directory, FIFO, socket, device) is -EBADMSG: it holds no
 * pid, the same answer as a regular file that holds none, and not -EPERM, which pid-file.h
 * keeps for "not trusted". Reasons are logged at debug level only: the caller logs the one
 * message the user sees, naming the unit, and may poll the file many times while a daemon
 * starts. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "supervisord/pid-file.h"

/* A pid has at most 7 digits (pid_max is at most 2^22, proc(5)); a file longer than this is
 * not a PID file, and svcd reads no more of it. */
#define PID_FILE_MAX 64
/* Symlinks followed before giving up with -ELOOP: the kernel's own limit (path_resolution(7)). */
#define PID_FILE_FOLLOW_MAX 40
/* Times the file may be replaced between the walk and the open before we give up with -EAGAIN. */
#define PID_FILE_ATTEMPTS 3

/* Rule A, systemd's unsafe_transition(): root may hand over to anyone; a non-root owner
 * only to itself. */
static bool transition_is_unsafe(const struct stat *from, const struct stat *to) {
        return from->st_uid != 0 && from->st_uid != to->st_uid;
}

/* What the walk found: the directory holding the file, the file's name there, and the file
 * itself (not followed). */
struct pid_file_target {
        int dir_fd;
        char *name;
        struct stat st;
        bool via_symlink;
};

static void pid_file_target_done(struct pid_file_target *t) {
        t->dir_fd = safe_close(t->dir_fd);
        free(t->name);
        t->name = NULL;
}

/* Opens "/" as the walk's starting point (again, after an absolute symlink). */
static int walk_open_root(int *fd, struct stat *st) {
        safe_close(*fd);
        *fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (*fd < 0)
                return -errno;
        if (fstat(*fd, st) < 0)
                return -errno;
        return 0;
}

/* Step 1: resolves path as the kernel would (".", "..", symlinks relative and absolute, at
 * most PID_FILE_FOLLOW_MAX of them), checking rule A on every step, including the step
 * from a symlink to what it points at. */
static int pid_file_walk(const char *path, struct pid_file_target *ret) {
        _cleanup_free_ char *todo = NULL;
        _cleanup_close_ int fd = -1;
        struct stat prev;
        unsigned n_followed = 0;
        bool via_symlink = false;
        char *p;
        int r;

        /* PIDFile= is absolute once loaded (value_parse_path()); a relative path would
         * depend on svcd's working directory, whose owners the walk would not see. */
        if (path[0] != '/')
                return -EINVAL;
        todo = strdup(path);
        if (!todo)
                return -ENOMEM;
        r = walk_open_root(&fd, &prev);
        if (r < 0)
                return r;

        for (p = todo;;) {
                _cleanup_close_ int child = -1;
                struct stat st;
                char *name;
                bool last;

                p += strspn(p, "/");
                if (*p == 0) {
                        /* The path names a directory: "/", "/run/", a symlink to "/run". */
                        log_debug("PID file %s is a directory.", path);
                        return -EBADMSG;
                }
                name = p;
                p += strcspn(p, "/");
                last = *p == 0;
                if (!last)
                        *p++ = 0;

                if (streq(name, ".") || streq(name, "..")) {
                        if (last) {
                                log_debug("PID file %s is a directory.", path);
                                return -EBADMSG;
                        }
                        if (streq(name, "."))
                                continue;
                        /* ".." of "/" is "/" itself, as path_resolution(7) says. */
                        child = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
                } else
                        child = openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0)
                        return -errno;
                if (fstat(child, &st) < 0)
                        return -errno;
                if (transition_is_unsafe(&prev, &st)) {
                        log_debug("PID file %s: \"%s\" (owner %u) is reached from something owned by user %u, refusing.",
                                  path, name, (unsigned) st.st_uid, (unsigned) prev.st_uid);
                        return -EPERM;
                }
                prev = st;

                if (S_ISLNK(st.st_mode)) {
                        char target[PATH_MAX];
                        char *joined;
                        ssize_t n;

                        if (++n_followed > PID_FILE_FOLLOW_MAX)
                                return -ELOOP;
                        /* readlinkat(2) with an empty path reads the link an O_PATH fd refers to. */
                        n = readlinkat(child, "", target, sizeof target);
                        if (n < 0)
                                return -errno;
                        if ((size_t) n >= sizeof target)
                                return -ENAMETOOLONG;
                        if (n == 0)
                                return -ENOENT; /* what the kernel says for an empty symlink */
                        target[n] = 0;
                        via_symlink = true;

                        /* The rest of the path now follows the link's target. */
                        if (asprintf(&joined, "%s%s%s", target, last ? "" : "/", last ? "" : p) < 0)
                                return -ENOMEM;
                        free(todo);
                        p = todo = joined;

                        if (target[0] == '/') {
                                struct stat root;

                                r = walk_open_root(&fd, &root);
                                if (r < 0)
                                        return r;
                                if (transition_is_unsafe(&prev, &root)) {
                                        log_debug("PID file %s: a symlink owned by user %u points to an absolute path, refusing.",
                                                  path, (unsigned) prev.st_uid);
                                        return -EPERM;
                                }
                                prev = root;
                        }
                        /* A relative target is looked up in fd, the symlink's directory;
                         * prev stays the symlink, so its owner is what the next step is
                         * checked against, as in systemd. */
                        continue;
                }

                if (last) {
                        ret->name = strdup(name);
                        if (!ret->name)
                                return -ENOMEM;
                        ret->dir_fd = TAKE_FD(fd);
                        ret->st = st;
                        ret->via_symlink = via_symlink;
                        return 0;
                }
                if (!S_ISDIR(st.st_mode))
                        return -ENOTDIR;
                safe_close(fd);
                fd = TAKE_FD(child);
        }
}

/* Steps 2 and 3: rules B and C, then the open. -EAGAIN if the name no longer refers to the
 * inode the walk checked. */
static int pid_file_open(const char *path, uid_t service_uid, int *ret_fd) {
        _cleanup_(pid_file_target_done) struct pid_file_target t = { .dir_fd = -1 };
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        r = pid_file_walk(path, &t);
        if (r < 0)
                return r;

        if (t.st.st_uid != 0 && t.st.st_uid != service_uid) {
                log_debug("PID file %s is owned by user %u, neither root nor the service's user %u, refusing.",
                          path, (unsigned) t.st.st_uid, (unsigned) service_uid);
                return -EPERM;
        }
        if (t.st.st_uid != 0 && t.via_symlink) {
                log_debug("PID file %s is owned by user %u and reached through a symlink, refusing.",
                          path, (unsigned) t.st.st_uid);
                return -EPERM;
        }
        if (!S_ISREG(t.st.st_mode)) {
                log_debug("PID file %s is not a regular file (mode %o), refusing.", path, (unsigned) t.st.st_mode);
                return -EBADMSG;
        }

        /* O_NONBLOCK stays set: a FIFO swapped in after the walk must not block the open,
         * and a mandatory lock (fcntl(2); gone since Linux 5.15) must not block the read.
         * O_NOFOLLOW: a symlink swapped in fails with ELOOP, and we walk again. */
        fd = openat(t.dir_fd, t.name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0)
                return errno == ELOOP ? -EAGAIN : -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (st.st_dev != t.st.st_dev || st.st_ino != t.st.st_ino)
                return -EAGAIN;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One decimal pid > 1, with blanks around it: what daemons write ("%d\n"). Leading zeros
 * are decimal, not octal. No sign, no second number, no NUL. */
static int pid_file_parse(const char *buf, size_t len, pid_t *ret) {
        unsigned long long v = 0;
        size_t i = 0, digits = 0;

        _Static_assert(sizeof(pid_t) == sizeof(int), "pid_t is an int on Linux");

        while (i < len && is_blank(buf[i]))
                i++;
        for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++, digits++) {
                v = v * 10 + (unsigned) (buf[i] - '0');
                if (v > INT_MAX)
                        return -EBADMSG;
        }
        while (i < len && is_blank(buf[i]))
                i++;
        if (digits == 0 || i != len || v <= 1)
                return -EBADMSG;
        *ret = (pid_t) v;
        return 0;
}

int pid_file_read(const char *path, uid_t service_uid, pid_t *ret_pid) {
        _cleanup_close_ int fd = -1;
        char buf[PID_FILE_MAX + 1];
        size_t len = 0;
        pid_t pid;
        int r;

        /* (uid_t) -1: the service runs as svcd does, so svcd's own user is the service's
         * user (root for the system manager). */
        if (service_uid == (uid_t) -1)
                service_uid = geteuid();

        for (unsigned attempt = 1;; attempt++) {
                r = pid_file_open(path, service_uid, &fd);
                if (r != -EAGAIN || attempt >= PID_FILE_ATTEMPTS)
                        break;
        }
        if (r < 0)
                return r;

        /* One byte more than PID_FILE_MAX tells a file that is too long from one that fits. */
        while (len < sizeof buf) {
                ssize_t n = read(fd, buf + len, sizeof buf - len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        break;
                len += (size_t) n;
        }
        if (len > PID_FILE_MAX || pid_file_parse(buf, len, &pid) < 0) {
                log_debug("PID file %s does not hold one decimal PID greater than 1.", path);
                return -EBADMSG;
        }

        /* Rule D: svcd must never adopt, and later kill, itself. */
        if (pid == getpid()) {
                log_debug("PID file %s names svcd itself (%d), refusing.", path, (int) pid);
                return -EPERM;
        }
        /* kill(2): signal 0 checks existence; EPERM means it exists but is not ours to
         * signal (svcd not running as root), which is still a process. */
        if (kill(pid, 0) < 0 && errno != EPERM)
                return -errno;

        *ret_pid = pid;
        return 0;
}
