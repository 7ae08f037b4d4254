/* fd-util.h: owning file descriptors safely (close, cleanup, non-blocking). */
#pragma once

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

int fd_set_nonblock(int fd, int nonblock);
int fd_set_cloexec(int fd, int cloexec);

/* Writes all of buf to a blocking fd, retrying on EINTR and short writes. */
int loop_write(int fd, const void *buf, size_t len);
