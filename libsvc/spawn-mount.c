/* spawn-mount.c: the parent's side of the mount plan: freeing it. */
#include <stdlib.h>

#include "libsvc/spawn-mount.h"

void spawn_mount_plan_done(struct spawn_mount_plan *m) {
        for (size_t i = 0; i < m->n_strings; i++)
                free(m->strings[i]);
        free(m->strings);
        free(m->ops);
        *m = (struct spawn_mount_plan) {};
}
