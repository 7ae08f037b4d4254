/* fd-util.h: owning file descriptors safely (close, cleanup, non-blocking). */
#pragma once

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "libsvc/macro.h"

/* Closes fd if >= 0, preserving errno; returns -1 so "fd = safe_close(fd);" resets it. */
int safe_close(int fd);

static inline void closep(int *fd) {
        safe_close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

static inline void fclosep(FILE **f) {
        if (*f)
                fclose(*f);
}
#define _cleanup_fclose_ _cleanup_(fclosep)

static inline void closedirp(DIR **d) {
        if (*d)
                closedir(*d);
}
#define _cleanup_closedir_ _cleanup_(closedirp)

int fd_set_nonblock(int fd, int nonblock);
int fd_set_cloexec(int fd, int cloexec);

/* Opens path for reading only if it is a regular file, without blocking on the way: a
 * FIFO or a device named where a unit file or drop-in belongs must not hang the daemon
 * (opening a FIFO blocks until a writer comes; reading /dev/urandom never ends).
 * Returns -EBADFD for anything but a regular file, -errno otherwise. */
int fopen_regular(const char *path, FILE **ret);

/* Writes all of buf to a blocking fd, retrying on EINTR and short writes. */
int loop_write(int fd, const void *buf, size_t len);
