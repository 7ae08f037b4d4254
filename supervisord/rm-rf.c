/* rm-rf.c: removing a tree that a service owned, without following its symlinks or leaving its file system.
 *
 * The service could plant symlinks or mount points in what it owned (a private /tmp, its
 * IPC objects in /dev/shm); svcd, which is root, must not be led to delete anything
 * outside it. So the walk uses the *at() calls on directory fds opened with O_NOFOLLOW. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/macro.h"
#include "supervisord/rm-rf.h"

/* How deep the removal descends (each level holds an fd). */
#define TREE_DEPTH_MAX 256

static int rm_rf_children(int fd, dev_t dev, unsigned depth);

static int rm_rf_at_depth(int dirfd, const char *name, dev_t dev, unsigned depth) {
        struct stat st;
        int fd, r;

        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (!S_ISDIR(st.st_mode))
                return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
        if (st.st_dev != dev || depth >= TREE_DEPTH_MAX)
                return -EXDEV;
        fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = rm_rf_children(fd, dev, depth + 1); /* closes fd */
        if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT && r >= 0)
                r = -errno;
        return r;
}

static int rm_rf_children(int fd, dev_t dev, unsigned depth) {
        DIR *d = fdopendir(fd);
        struct dirent *de;
        int r = 0;

        if (!d) {
                safe_close(fd);
                return -errno;
        }
        while ((de = readdir(d))) {
                int k;
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                k = rm_rf_at_depth(dirfd(d), de->d_name, dev, depth);
                if (k < 0 && r >= 0)
                        r = k;
        }
        closedir(d);
        return r;
}

int rm_rf_at(int dirfd, const char *name, dev_t dev) {
        return rm_rf_at_depth(dirfd, name, dev, 0);
}
