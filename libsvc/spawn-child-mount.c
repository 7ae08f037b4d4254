/* spawn-child-mount.c: the child applies the mount plan. (stub: being written) */
#include <errno.h>

#include "libsvc/spawn-mount.h"

int spawn_child_apply_mounts(const struct spawn_mount_plan *m) {
        if (m->n_ops == 0)
                return 0;
        errno = EOPNOTSUPP;
        return -1;
}
