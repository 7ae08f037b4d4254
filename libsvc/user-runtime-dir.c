/* user-runtime-dir.c: the per-user runtime directory without $XDG_RUNTIME_DIR (user-runtime-dir.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/user-runtime-dir.h"

bool user_runtime_dir_is_ours(const char *path) {
        struct stat st;
        return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid();
}

int user_runtime_dir(char **ret, bool *ret_in_tmp) {
        const char *xdg = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
        char run_user[64];
        int r;

        snprintf(run_user, sizeof run_user, "/run/user/%u", (unsigned) geteuid());
        *ret_in_tmp = false;
        if (xdg && *xdg)
                r = asprintf(ret, "%s/svcd", xdg);
        else if (user_runtime_dir_is_ours(run_user))
                r = asprintf(ret, "%s/svcd", run_user);
        else {
                *ret_in_tmp = true;
                r = asprintf(ret, "%s/svcd-%u", tmp && *tmp == '/' ? tmp : "/tmp", (unsigned) geteuid());
        }
        return r < 0 ? -ENOMEM : 0;
}

int user_runtime_dir_claim_tmp(const char *path) {
        struct stat st;

        if (mkdir(path, 0700) < 0 && errno != EEXIST)
                return -errno;
        if (lstat(path, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0)
                return -EPERM;
        return 0;
}
