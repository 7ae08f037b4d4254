/* cgroup-stale.c: the directories of svcds that are gone. A running svcd holds an flock(2)
 * on its own "svcd-XXXXXXXX" directory; the kernel drops the lock when the process dies,
 * however it dies (SIGKILL, the OOM killer), when nothing of svcd can clean up. A new svcd
 * in the same cgroup removes what no one holds and no process is left in, so that such
 * directories do not pile up in the cgroup svcd is given.
 *
 * flock(2) locks belong to an open file description: a second open() of the directory,
 * even in the same process, does not get the lock while the first holds it.
 *
 * Only a directory marked with the extended attribute ROOT_XATTR is ever removed. svcd sets
 * it once it holds the lock, so a sweep never takes a directory another svcd has just made
 * (and not yet locked) for a dead one's, nor one made by an svcd that takes no lock (built
 * before this file) or by anyone else. cgroup2 keeps user.* attributes (Linux >= 5.7);
 * where it does not, nothing is marked and nothing swept. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "supervisord/cgroup.h"

/* The mark of a directory made by an svcd that locks it while it runs. */
#define ROOT_XATTR "user.svcd.root"

int cgroup_root_lock(const char *path) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct stat locked, now;

        if (fd < 0)
                return errno == ENOENT ? -ESTALE : -errno;
        /* Held: another svcd's sweep took the new, empty directory for a dead one's. */
        if (flock(fd, LOCK_EX | LOCK_NB) < 0)
                return errno == EWOULDBLOCK ? -ESTALE : -errno;
        /* Or that sweep already removed it between mkdir(2) and our open(): then the name
         * is gone, or names a directory another svcd has made since. */
        if (fstat(fd, &locked) < 0)
                return -errno;
        if (stat(path, &now) < 0)
                return errno == ENOENT ? -ESTALE : -errno;
        if (now.st_dev != locked.st_dev || now.st_ino != locked.st_ino)
                return -ESTALE;
        if (fsetxattr(fd, ROOT_XATTR, "1", 1, 0) < 0)
                log_debug_errno(-errno, "Cannot mark %s as svcd's (%s): it will not be removed if svcd is killed: %m",
                                path, ROOT_XATTR);
        return TAKE_FD(fd);
}

/* Whether fd (a directory) carries svcd's mark. */
static bool is_marked(int fd) {
        char v[8];

        return fgetxattr(fd, ROOT_XATTR, v, sizeof v) >= 0;
}

/* The names cgroup_root_setup_from() gives (cgroup.h). */
static bool is_root_name(const char *name) {
        size_t n = strlen(CGROUP_ROOT_PREFIX);

        if (strncmp(name, CGROUP_ROOT_PREFIX, n) != 0 || strlen(name) != n + CGROUP_ROOT_DIGITS)
                return false;
        return strspn(name + n, "0123456789abcdef") == CGROUP_ROOT_DIGITS;
}

int cgroup_remove_stale_roots(const char *parent, const char *own) {
        _cleanup_closedir_ DIR *d = opendir(parent);
        struct dirent *de;
        int removed = 0;

        if (!d)
                return -errno;
        while ((errno = 0, de = readdir(d))) {
                _cleanup_free_ char *path = NULL;
                _cleanup_close_ int fd = -1;
                int k;

                /* cgroupfs fills in d_type: directories are cgroups. */
                if (de->d_type != DT_DIR || !is_root_name(de->d_name))
                        continue;
                if (asprintf(&path, "%s/%s", streq(parent, "/") ? "" : parent, de->d_name) < 0)
                        return -ENOMEM;
                if (own && streq(path, own))
                        continue;
                fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0)
                        continue; /* gone since readdir(), or a running svcd's */
                if (!is_marked(fd))
                        continue; /* not (yet) an svcd's that locks its directory */
                if (cgroup_is_populated(path)) {
                        /* The services of an svcd that was killed may still run. They are
                         * not ours to stop: the operator decides, svcd only says so. */
                        log_warning("Cgroup %s belongs to no running svcd, but processes are still in it; "
                                    "leaving it.", path);
                        continue;
                }
                k = cgroup_service_remove(path);
                if (k < 0) {
                        log_warning_errno(k, "Cannot remove cgroup %s, left by an svcd that is gone: %m", path);
                        continue;
                }
                log_info("Removed cgroup %s, left by an svcd that is gone.", path);
                removed++;
        }
        if (errno != 0)
                return -errno;
        return removed;
}
