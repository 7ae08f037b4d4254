/* notify-socket.c: svcd's NOTIFY_SOCKET: receives sd_notify(3) datagrams with their sender's
 * credentials and fds, checks the envelope, and hands each well-formed message on.
 *
 * Everything here runs in svcd's one loop and must neither block nor trust the sender:
 * the socket is non-blocking, each datagram is read whole into a buffer one byte larger
 * than allowed (so an oversized one shows), and every fd that arrives is either handed to
 * the handler or closed, whatever happens to the message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/notify-socket.h"

/* systemd's NOTIFY_FD_MAX (src/core/manager.c): the most fds one message may carry. The
 * kernel passes at most SCM_MAX_FD (253) per sendmsg() today; systemd leaves headroom and
 * so do we. More than fit shows as MSG_CTRUNC, and the message is dropped. */
#define NOTIFY_FD_MAX 768
/* Datagrams read per loop turn. The socket is level-triggered, so the rest are read in the
 * next turn: a chatty service cannot starve signals, timers and the control socket (systemd
 * reads one message per event for the same reason). */
#define NOTIFY_READ_BUDGET 64
/* systemd's NOTIFY_RCVBUF_SIZE: room for a burst, such as many services getting ready at
 * once at boot, before svcd's loop comes round to read. */
#define NOTIFY_RCVBUF_SIZE (8 * 1024 * 1024)

#define NOTIFY_STRINGIFY_(x) #x
#define NOTIFY_STRINGIFY(x) NOTIFY_STRINGIFY_(x)

/* Room for the credentials and as many fds as systemd takes. */
#define NOTIFY_CONTROL_SIZE (CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * NOTIFY_FD_MAX))

struct notify_socket {
        struct ev_loop *loop;
        char *path;
        int fd;
        struct ev_io io;
        dev_t dev;  /* of the socket file bound here: free() unlinks only that one */
        ino_t ino;
        notify_socket_handler *handler;
        void *userdata;
        unsigned long n_dropped;

        /* One more byte than a message may have: a datagram of NOTIFY_MESSAGE_MAX + 1 bytes
         * or more is seen as too long (MSG_TRUNC only tells about even longer ones). */
        char buffer[NOTIFY_MESSAGE_MAX + 1];
        /* Aligned as cmsg(3) requires (not a union with struct cmsghdr: its flexible array
         * member would make this struct variable-sized to clang). */
        _Alignas(struct cmsghdr) char control[NOTIFY_CONTROL_SIZE];
        /* Every fd the control buffer can hold, however the sender split them into
         * SCM_RIGHTS messages. */
        int fds[NOTIFY_CONTROL_SIZE / sizeof(int)];
};

static void close_fds(int *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                fds[i] = safe_close(fds[i]);
}

/* Walks the control messages: collects every fd of every SCM_RIGHTS (the kernel has
 * already installed them in svcd; one not collected would leak) and copies the
 * credentials. Returns the number of fds; *ret_has_cred says whether credentials came. */
static size_t collect_control(struct msghdr *mh, int *fds, size_t fds_max, struct ucred *ret_cred,
                              bool *ret_has_cred) {
        size_t n_fds = 0;

        *ret_has_cred = false;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
                if (c->cmsg_level != SOL_SOCKET)
                        continue;
                if (c->cmsg_type == SCM_RIGHTS) {
                        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                        for (size_t i = 0; i < n; i++) {
                                int fd;
                                /* CMSG_DATA is not aligned for int in general: copy. */
                                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                                if (n_fds < fds_max)
                                        fds[n_fds++] = fd;
                                else
                                        safe_close(fd); /* cannot happen: fds is as large as the buffer */
                        }
                } else if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
                        memcpy(ret_cred, CMSG_DATA(c), sizeof *ret_cred);
                        *ret_has_cred = true;
                }
        }
        return n_fds;
}

static void drop(struct notify_socket *ns, const struct ucred *cred, size_t n_fds, const char *why) {
        char sender[64], fds[80] = "";

        ns->n_dropped++;
        if (cred)
                snprintf(sender, sizeof sender, "PID %d", (int) cred->pid);
        else
                snprintf(sender, sizeof sender, "an unknown sender");
        if (n_fds > 0)
                snprintf(fds, sizeof fds, "; closed the %zu file descriptor(s) it carried", n_fds);
        log_warning("Dropped a notify message from %s on %s: %s%s.", sender, ns->path, why, fds);
}

/* Checks one received datagram and hands it on, or drops it. Either way, every fd that
 * came with it is closed afterwards unless the handler took it. */
static void dispatch(struct notify_socket *ns, struct msghdr *mh, size_t len) {
        _cleanup_(notify_message_done) struct notify_message msg = {};
        struct ucred cred;
        bool has_cred;
        size_t n_fds;
        int r;

        n_fds = collect_control(mh, ns->fds, ELEMENTSOF(ns->fds), &cred, &has_cred);
        const struct ucred *sender = has_cred ? &cred : NULL;

        /* unix(7): MSG_CTRUNC when the control buffer was too small (more fds than
         * NOTIFY_FD_MAX) or when svcd could not install the fds (out of fds): the message
         * may be missing its credentials or some of its fds, so none of it is trusted. */
        if (mh->msg_flags & MSG_CTRUNC)
                drop(ns, sender, n_fds, "its file descriptors or credentials were cut off (too many fds, or svcd "
                                        "is out of them)");
        else if ((mh->msg_flags & MSG_TRUNC) || len > NOTIFY_MESSAGE_MAX)
                drop(ns, sender, n_fds, "longer than " NOTIFY_STRINGIFY(NOTIFY_MESSAGE_MAX) " bytes");
        else if (!sender)
                /* SO_PASSCRED makes the kernel attach them to every datagram: unix(7). */
                drop(ns, sender, n_fds, "no sender credentials");
        else if ((r = notify_message_parse(ns->buffer, len, &msg)) < 0)
                drop(ns, sender, n_fds,
                     r == -ENOMEM ? "out of memory"
                                  : "not an sd_notify message (empty, a NUL byte, not UTF-8, or a line without '=')");
        else {
                STRV_FOREACH(w, msg.warnings)
                        log_warning("notify message from PID %d: %s", (int) sender->pid, *w);
                ns->handler(ns->userdata, sender, &msg, ns->fds, n_fds);
        }
        close_fds(ns->fds, n_fds);
}

/* Reads and dispatches one datagram. Returns 1 if there may be more, 0 if the socket is
 * drained or reading failed (logged; the next turn tries again). */
static int receive_one(struct notify_socket *ns) {
        struct iovec iov = { .iov_base = ns->buffer, .iov_len = sizeof ns->buffer };
        struct msghdr mh = {
                .msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = ns->control,
                .msg_controllen = sizeof ns->control,
        };
        ssize_t n;

        /* MSG_CMSG_CLOEXEC: the fds must not leak into services spawned before they are closed
         * or stored. */
        do
                n = recvmsg(ns->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK)
                        log_warning_errno(-errno, "Failed to receive a notify message on %s: %m", ns->path);
                return 0;
        }
        dispatch(ns, &mh, (size_t) n);
        return 1;
}

static void on_readable(struct ev_io *io, uint32_t revents) {
        struct notify_socket *ns = io->userdata;

        /* The handler must not free ns: it is still read here after the handler returns. */
        for (unsigned i = 0; i < NOTIFY_READ_BUDGET; i++)
                if (receive_one(ns) == 0)
                        return;
}

/* Makes the socket file at path. An existing socket file there is replaced (a previous svcd
 * died without removing it; a datagram socket has no listener to probe, as the control
 * socket does). Anything else at path is left alone and bind() fails with EADDRINUSE. */
static int socket_bind(struct notify_socket *ns) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int one = 1, rcvbuf = NOTIFY_RCVBUF_SIZE;
        struct stat st;

        if (ns->path[0] == 0)
                return log_error_errno(-EINVAL, "The notify socket path is empty.");
        if (strlen(ns->path) >= sizeof sa.sun_path)
                return log_error_errno(-ENAMETOOLONG, "Notify socket path %s is too long (max %zu bytes).", ns->path,
                                       sizeof sa.sun_path - 1);
        strcpy(sa.sun_path, ns->path);

        ns->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (ns->fd < 0)
                return log_error_errno(-errno, "Failed to create the notify socket: %m");
        /* Before bind: no datagram may ever arrive without its sender's credentials. */
        if (setsockopt(ns->fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0)
                return log_error_errno(-errno, "Failed to enable SO_PASSCRED on the notify socket: %m");
        /* Best effort: SO_RCVBUFFORCE needs CAP_NET_ADMIN, SO_RCVBUF is capped at
         * net.core.rmem_max (socket(7)); the default size still works, only with less room. */
        if (setsockopt(ns->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
                (void) setsockopt(ns->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);

        if (lstat(ns->path, &st) == 0 && S_ISSOCK(st.st_mode) && unlink(ns->path) < 0 && errno != ENOENT)
                return log_error_errno(-errno, "Failed to remove the stale notify socket %s: %m", ns->path);
        if (bind(ns->fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                if (errno == EADDRINUSE)
                        return log_error_errno(-errno, "Failed to bind the notify socket %s: %m (a file that is not a "
                                                       "socket is in the way; remove it)", ns->path);
                return log_error_errno(-errno, "Failed to bind the notify socket %s: %m", ns->path);
        }
        if (lstat(ns->path, &st) < 0)
                return log_error_errno(-errno, "Failed to stat the notify socket %s: %m", ns->path);
        ns->dev = st.st_dev;
        ns->ino = st.st_ino;
        /* Every service may notify, whatever its user: the sender is checked per message
         * (credentials, NotifyAccess=), not by the file's mode. */
        if (chmod(ns->path, 0777) < 0)
                return log_error_errno(-errno, "Failed to chmod the notify socket %s: %m", ns->path);
        return 0;
}

int notify_socket_open(struct ev_loop *loop, const char *path, notify_socket_handler *handler, void *userdata,
                       struct notify_socket **ret) {
        struct notify_socket *ns;
        int r;

        ns = calloc(1, sizeof *ns);
        if (!ns)
                return log_oom();
        ns->loop = loop;
        ns->fd = -1;
        ns->handler = handler;
        ns->userdata = userdata;
        ns->path = strdup(path);
        if (!ns->path) {
                free(ns);
                return log_oom();
        }
        r = socket_bind(ns);
        if (r >= 0) {
                r = ev_io_add(loop, &ns->io, ns->fd, EPOLLIN, on_readable, ns);
                if (r < 0)
                        log_error_errno(r, "Failed to watch the notify socket %s: %m", ns->path);
        }
        if (r < 0) {
                notify_socket_free(ns);
                return r;
        }
        *ret = ns;
        return 0;
}

struct notify_socket *notify_socket_free(struct notify_socket *ns) {
        struct stat st;

        if (!ns)
                return NULL;
        ev_io_remove(ns->loop, &ns->io);
        if (ns->ino != 0 && lstat(ns->path, &st) == 0 && st.st_dev == ns->dev && st.st_ino == ns->ino)
                (void) unlink(ns->path);
        safe_close(ns->fd);
        free(ns->path);
        free(ns);
        return NULL;
}

const char *notify_socket_path(const struct notify_socket *ns) {
        return ns->path;
}

unsigned long notify_socket_n_dropped(const struct notify_socket *ns) {
        return ns->n_dropped;
}
