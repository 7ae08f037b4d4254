/* exec-private-tmp.c: PrivateTmp=: the host directories behind a service run's private /tmp and /var/tmp.
 *
 * The first command of a run creates them (exec-mounts.c binds their inner "tmp" over the
 * service's /tmp and /var/tmp), the later commands of the same run get the same pair, and
 * service.c removes them when the run has ended. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "supervisord/exec-private-tmp.h"
#include "supervisord/rm-rf.h"

/* PrivateTmp=: one pair of host directories per service run, shared by its commands. */
struct private_tmp {
        char *unit_id;
        char *tmp, *var_tmp;
};
static struct private_tmp *private_tmps;
static size_t n_private_tmps;

static struct private_tmp *private_tmp_find(const char *unit_id) {
        for (size_t i = 0; i < n_private_tmps; i++)
                if (streq(private_tmps[i].unit_id, unit_id))
                        return &private_tmps[i];
        return NULL;
}

/* BASE/svcd-private-UNIT-XXXXXX (0700, root's) with a world-writable sticky "tmp" in it:
 * the service sees only the inner one, and no other user can reach it from outside. */
static int private_dir_new(const char *base, const char *unit_id, char **ret) {
        _cleanup_free_ char *dir = NULL, *inner = NULL;

        if (asprintf(&dir, "%s/svcd-private-%s-XXXXXX", base, unit_id) < 0)
                return -ENOMEM;
        if (!mkdtemp(dir))
                return -errno;
        if (asprintf(&inner, "%s/tmp", dir) < 0)
                return -ENOMEM;
        if (mkdir(inner, 01777) < 0 || chmod(inner, 01777) < 0) {
                int r = -errno;
                (void) rmdir(inner);
                (void) rmdir(dir);
                return r;
        }
        *ret = TAKE_PTR(dir);
        return 0;
}

static void rm_rf(const char *unit_id, const char *path) {
        struct stat st;
        int r;

        if (lstat(path, &st) < 0)
                return;
        r = rm_rf_at(AT_FDCWD, path, st.st_dev);
        if (r < 0)
                log_warning_errno(r, "%s: Failed to remove the private /tmp %s: %m", unit_id, path);
}

/* A container's root is often read-only (docker run --read-only, with a tmpfs on /tmp at
 * most): then there is no host directory to give the service, and, as systemd does, its
 * /tmp or /var/tmp is an empty read-only one instead of a failed start: still private,
 * and writes fail with EROFS as they would on the host's. NULL in *ret is that case. */
static int private_dir_new_or_read_only(const char *base, const char *unit_id, char **ret) {
        int r = private_dir_new(base, unit_id, ret);

        if (r == -EROFS || r == -ENOSPC || r == -EDQUOT) {
                log_warning_errno(r, "%s: PrivateTmp=: cannot create a directory in %s (%m); the service gets an empty, "
                                  "read-only %s.", unit_id, base, base);
                *ret = NULL;
                return 0;
        }
        if (r < 0)
                return log_error_errno(r, "%s: PrivateTmp=: failed to create a directory in %s: %m", unit_id, base);
        return 0;
}

static int private_tmp_get(const char *unit_id, struct private_tmp **ret) {
        struct private_tmp *pt = private_tmp_find(unit_id), *l;
        _cleanup_free_ char *id = NULL, *tmp = NULL, *var_tmp = NULL;
        struct stat st;
        int r;

        if (pt) {
                *ret = pt;
                return 0;
        }
        r = private_dir_new_or_read_only("/tmp", unit_id, &tmp);
        if (r < 0)
                return r;
        /* /var/tmp outlives reboots, so its private copy lives on the host's /var/tmp. */
        if (stat("/var/tmp", &st) == 0 && S_ISDIR(st.st_mode)) {
                r = private_dir_new_or_read_only("/var/tmp", unit_id, &var_tmp);
                if (r < 0) {
                        if (tmp)
                                rm_rf(unit_id, tmp);
                        return r;
                }
        }
        id = strdup(unit_id);
        l = realloc(private_tmps, (n_private_tmps + 1) * sizeof *l);
        if (!id || !l) {
                if (l)
                        private_tmps = l;
                if (tmp)
                        rm_rf(unit_id, tmp);
                if (var_tmp)
                        rm_rf(unit_id, var_tmp);
                return -ENOMEM;
        }
        private_tmps = l;
        private_tmps[n_private_tmps] = (struct private_tmp) { TAKE_PTR(id), TAKE_PTR(tmp), TAKE_PTR(var_tmp) };
        *ret = &private_tmps[n_private_tmps++];
        return 0;
}

int exec_private_tmp_get(const char *unit_id, const char **ret_tmp, const char **ret_var_tmp) {
        struct private_tmp *pt = NULL;
        int r = private_tmp_get(unit_id, &pt);

        if (r < 0)
                return r;
        *ret_tmp = pt->tmp;
        *ret_var_tmp = pt->var_tmp;
        return 0;
}

int exec_private_tmp_find(const char *unit_id, const char **ret_tmp, const char **ret_var_tmp) {
        struct private_tmp *pt = private_tmp_find(unit_id);

        if (!pt)
                return -ENOENT;
        *ret_tmp = pt->tmp;
        *ret_var_tmp = pt->var_tmp;
        return 0;
}

void exec_private_tmp_cleanup(const char *unit_id) {
        struct private_tmp *pt = private_tmp_find(unit_id);

        if (!pt)
                return;
        if (pt->tmp)
                rm_rf(unit_id, pt->tmp);
        if (pt->var_tmp)
                rm_rf(unit_id, pt->var_tmp);
        free(pt->unit_id);
        free(pt->tmp);
        free(pt->var_tmp);
        *pt = private_tmps[--n_private_tmps];
        if (n_private_tmps == 0)
                private_tmps = (free(private_tmps), NULL);
}
