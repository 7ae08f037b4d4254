/* rm-rf.h: removing a tree that a service owned, without following its symlinks or leaving its file system. */
#pragma once

#include <sys/types.h>

/* Removes name in dirfd (AT_FDCWD for a path) and, for a directory, everything below it.
 * A symlink is removed, never followed; a directory on another file system than dev (a
 * mount point) or more than 256 levels down is left, -EXDEV. Already gone is fine. Goes on
 * past failures and returns 0 or the first -errno. */
int rm_rf_at(int dirfd, const char *name, dev_t dev);
