/* notify-socket.h: svcd's NOTIFY_SOCKET: a datagram Unix socket that receives sd_notify(3)
 * messages with their sender's credentials (SCM_CREDENTIALS) and any fds (SCM_RIGHTS).
 *
 * It only receives and checks the envelope; what a message means for a service is the
 * caller's (service-notify.c). A datagram without credentials, truncated (longer than
 * NOTIFY_MESSAGE_MAX, or with more fds than fit) or unparsable is logged, its fds closed,
 * and dropped; svcd carries on. */
#pragma once

#include <stddef.h>
#include <sys/socket.h>

#include "supervisord/event-loop.h"
#include "supervisord/notify-message.h"

struct notify_socket;

/* Called for each well-formed datagram. fds[0..n_fds) are the fds that came with it: the
 * handler takes the ones it keeps by setting their slot to -1; the rest are closed after
 * it returns. */
typedef void notify_socket_handler(void *userdata, const struct ucred *sender, const struct notify_message *msg,
                                   int *fds, size_t n_fds);

/* Binds a SOCK_DGRAM socket at path (an existing socket file there is replaced; the
 * directory must exist), sets SO_PASSCRED, and watches it on loop. The socket is mode 0777
 * (any service may notify; the sender is checked per message). */
int notify_socket_open(struct ev_loop *loop, const char *path, notify_socket_handler *handler, void *userdata,
                       struct notify_socket **ret);
/* Stops watching, closes, and unlinks the path. */
struct notify_socket *notify_socket_free(struct notify_socket *ns);
const char *notify_socket_path(const struct notify_socket *ns);
/* Datagrams dropped so far (malformed, oversized, without credentials). */
unsigned long notify_socket_n_dropped(const struct notify_socket *ns);
