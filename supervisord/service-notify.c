/* service-notify.c: what an sd_notify(3) message means for a service (NotifyAccess=,
 * READY=1, RELOADING=1, STOPPING=1, STATUS=, ERRNO=, MAINPID=, the watchdog,
 * EXTEND_TIMEOUT_USEC=, the fd store), and the environment that tells a process about it
 * ($NOTIFY_SOCKET, $WATCHDOG_USEC, $LISTEN_FDS). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/manager.h"
#include "supervisord/notify-message.h"
#include "supervisord/notify-socket.h"
#include "supervisord/service-internal.h"

/* NotifyAccess= in force: systemd makes "none" (the default) "main" for Type=notify and
 * notify-reload, and when WatchdogSec= or FileDescriptorStoreMax= need messages
 * (service_add_extras(); systemd.service(5)). */
enum notify_access service_notify_access(const struct service *s) {
        const struct unit *u = s->unit;

        if (!u)
                return NOTIFY_NONE;
        if (u->notify_access == NOTIFY_NONE &&
            (u->service_type == SERVICE_NOTIFY || u->service_type == SERVICE_NOTIFY_RELOAD || u->watchdog_usec > 0 ||
             u->file_descriptor_store_max > 0))
                return NOTIFY_MAIN;
        return u->notify_access;
}

static bool sender_allowed(const struct service *s, pid_t pid) {
        switch (service_notify_access(s)) {
        case NOTIFY_NONE:
                log_warning("%s: Got notification message from PID %d, but reception is disabled.", s->id, (int) pid);
                return false;
        case NOTIFY_MAIN:
                if (pid == s->main_pid && pid > 0)
                        return true;
                if (s->main_pid > 0)
                        log_warning("%s: Got notification message from PID %d, but reception only permitted for main "
                                    "PID %d.", s->id, (int) pid, (int) s->main_pid);
                else
                        log_warning("%s: Got notification message from PID %d, but reception only permitted for main "
                                    "PID which is currently not known.", s->id, (int) pid);
                return false;
        case NOTIFY_EXEC:
                if ((pid == s->main_pid || pid == s->control_pid) && pid > 0)
                        return true;
                log_warning("%s: Got notification message from PID %d, but reception only permitted for main PID "
                            "and control PID.", s->id, (int) pid);
                return false;
        default:
                return true; /* all: the manager found the sender among the service's processes */
        }
}

/* The states in which the watchdog runs (service.c stops it in the others). */
static bool watchdog_applies(const struct service *s) {
        return s->main_pid > 0 && (s->state == SERVICE_START || s->state == SERVICE_START_POST ||
                                   s->state == SERVICE_RUNNING || s->state == SERVICE_RELOAD);
}

static void on_watchdog_timer(struct ev_timer *t) {
        struct service *s = t->userdata;

        service_dispatch(s, SERVICE_EV_WATCHDOG);
}

/* (Re)arms the watchdog from now: at spawn, at each WATCHDOG=1, at WATCHDOG_USEC=. */
void service_watchdog_start(struct service *s) {
        if (s->watchdog_usec == 0 || s->watchdog_usec == USEC_INFINITY) {
                service_watchdog_stop(s);
                return;
        }
        s->watchdog_timestamp = now_usec(CLOCK_REALTIME);
        if (ev_timer_arm(s->manager->loop, &s->watchdog_timer, usec_add(now_usec(CLOCK_MONOTONIC), s->watchdog_usec),
                         on_watchdog_timer, s) < 0)
                log_oom();
}

void service_watchdog_stop(struct service *s) {
        ev_timer_disarm(s->manager->loop, &s->watchdog_timer);
}

static void stored_fd_free(struct service_stored_fd *f) {
        if (f->watched)
                ev_io_remove(f->service->manager->loop, &f->io);
        safe_close(f->fd);
        free(f->name);
        free(f);
}

void service_fd_store_clear(struct service *s) {
        for (size_t i = 0; i < s->n_fd_store; i++)
                stored_fd_free(s->fd_store[i]);
        free(s->fd_store);
        s->fd_store = NULL;
        s->n_fd_store = 0;
}

/* Takes the entries matching (a name, or one entry) out of the store and frees them. */
static size_t fd_store_drop(struct service *s, const char *name, const struct service_stored_fd *only) {
        size_t w = 0, n = s->n_fd_store;

        for (size_t i = 0; i < n; i++) {
                struct service_stored_fd *f = s->fd_store[i];
                if (only ? f == only : name && streq(f->name, name)) {
                        stored_fd_free(f);
                        continue;
                }
                s->fd_store[w++] = f;
        }
        s->n_fd_store = w;
        return n - w;
}

/* sd_notify(3), FDPOLL=: "the service manager will ... remove [stored fds] from the store
 * when they report POLLHUP or POLLERR": a peer that went away leaves nothing to pass on. */
static void on_stored_fd_event(struct ev_io *io, uint32_t revents) {
        struct service_stored_fd *f = io->userdata;
        struct service *s = f->service;

        log_debug("%s: Stored fd '%s' reported %s; removing it from the store.", s->id, f->name,
                  revents & EPOLLERR ? "POLLERR" : "POLLHUP");
        (void) fd_store_drop(s, NULL, f);
}

/* FDSTORE=1: keeps the fds (up to FileDescriptorStoreMax=), named FDNAME= or "stored". */
static void fd_store_add(struct service *s, const struct notify_message *msg, int *fds, size_t n_fds) {
        unsigned max = s->unit->file_descriptor_store_max;

        for (size_t i = 0; i < n_fds; i++) {
                if (fds[i] < 0)
                        continue;
                if (s->n_fd_store >= max) {
                        log_warning("%s: Cannot store fd %zu of the notification: FileDescriptorStoreMax=%u %s.", s->id,
                                    i, max, max == 0 ? "(the store is off)" : "reached");
                        continue;
                }
                struct service_stored_fd **a = realloc(s->fd_store, (s->n_fd_store + 1) * sizeof *a);
                struct service_stored_fd *f = calloc(1, sizeof *f);
                if (a)
                        s->fd_store = a;
                if (!a || !f || !(f->name = strdup(msg->fdname ? msg->fdname : "stored"))) {
                        free(f);
                        log_oom();
                        return;
                }
                f->service = s;
                f->fd = fds[i];
                fds[i] = -1;
                /* epoll reports POLLHUP and POLLERR without asking; a regular file cannot be
                 * polled (EPERM) and is kept unwatched. */
                f->watched = !msg->fdpoll_disabled &&
                             ev_io_add(s->manager->loop, &f->io, f->fd, 0, on_stored_fd_event, f) >= 0;
                s->fd_store[s->n_fd_store++] = f;
                log_debug("%s: Stored fd as '%s'%s.", s->id, f->name, f->watched ? "" : " (not polled)");
        }
}

static void fd_store_remove(struct service *s, const char *name) {
        if (fd_store_drop(s, name, NULL) == 0)
                log_debug("%s: FDSTOREREMOVE=1 FDNAME=%s: no such stored fd.", s->id, name);
}

/* MAINPID= (sd_notify(3)): supervision moves to pid, if it is a process of the service (in
 * its cgroup or session) or root says so, as systemd checks it against the unit's cgroup. */
static void set_main_pid_by_notify(struct service *s, pid_t pid, const struct ucred *sender) {
        if (pid == s->main_pid)
                return;
        if (!(s->state == SERVICE_START || s->state == SERVICE_START_POST || s->state == SERVICE_RUNNING ||
              s->state == SERVICE_RELOAD)) {
                log_warning("%s: Ignoring MAINPID=%d in state %s.", s->id, (int) pid, service_state_to_string(s->state));
                return;
        }
        if (kill(pid, 0) < 0 && errno == ESRCH) {
                log_warning("%s: MAINPID=%d: no such process, ignoring.", s->id, (int) pid);
                return;
        }
        if (sender->uid != 0 && manager_find_by_process(s->manager, pid) != s) {
                log_warning("%s: MAINPID=%d is not a process of the service, ignoring.", s->id, (int) pid);
                return;
        }
        log_info("%s: Main PID is now %d (MAINPID=).", s->id, (int) pid);
        service_new_main_pid(s, pid);
}

void service_on_notify(struct service *s, const struct ucred *sender, const struct notify_message *msg, int *fds,
                       size_t n_fds) {
        if (!sender_allowed(s, sender->pid))
                return;

        if (msg->main_pid > 0)
                set_main_pid_by_notify(s, msg->main_pid, sender);
        /* Status first, so that whoever sees the state change sees the status with it. */
        if (msg->status) {
                free(s->status_text);
                s->status_text = msg->status[0] ? strdup(msg->status) : NULL;
        }
        if (msg->has_errno)
                s->status_errno = msg->errno_value;
        /* WATCHDOG=1 and WATCHDOG_USEC= restart the watchdog's interval while the main
         * process is supervised (systemd's service_reset_watchdog()). */
        if (msg->has_watchdog_usec)
                s->watchdog_usec = msg->watchdog_usec;
        if ((msg->watchdog_ping || msg->has_watchdog_usec) && watchdog_applies(s))
                service_watchdog_start(s);
        /* sd_notify(3): EXTEND_TIMEOUT_USEC= extends a start, reload or stop timeout, not
         * RuntimeMaxSec= nor a restart delay. */
        if (msg->has_extend_timeout && msg->extend_timeout_usec > 0 && s->state != SERVICE_RUNNING &&
            s->state != SERVICE_EXITED && s->state != SERVICE_AUTO_RESTART && !service_is_inactive(s))
                service_extend_timer(s, msg->extend_timeout_usec);
        if (msg->fdstore)
                fd_store_add(s, msg, fds, n_fds);
        if (msg->fdstore_remove && msg->fdname)
                fd_store_remove(s, msg->fdname);

        /* The state machine last: each may change the state. */
        if (msg->stopping) {
                s->notify_stopping = true;
                service_dispatch(s, SERVICE_EV_STOPPING);
        }
        if (msg->reloading) {
                s->notify_reloading = true;
                service_dispatch(s, SERVICE_EV_RELOADING);
        }
        if (msg->ready) {
                s->notify_ready = true;
                service_dispatch(s, SERVICE_EV_READY);
        }
        if (msg->watchdog_trigger) {
                log_info("%s: WATCHDOG=trigger received.", s->id);
                service_dispatch(s, SERVICE_EV_WATCHDOG);
        }
        service_notify_waiters(s);
}

/* A "NAME=" followed by room for the child to write its own pid (plan_own_pid_slots()). */
#define OWN_PID_ROOM "                    "

int service_notify_environment(const struct service *s, bool main_process, char ***env) {
        const char *path = s->manager->notify ? notify_socket_path(s->manager->notify) : NULL;
        char buf[128];

        if (path && service_notify_access(s) != NOTIFY_NONE) {
                _cleanup_free_ char *a = NULL;
                if (asprintf(&a, "NOTIFY_SOCKET=%s", path) < 0 || strv_consume(env, TAKE_PTR(a)) < 0)
                        return -ENOMEM;
        }
        if (!main_process)
                return 0;
        /* sd_watchdog_enabled(3): WATCHDOG_USEC, and WATCHDOG_PID naming the process meant. */
        if (s->watchdog_usec > 0 && s->watchdog_usec != USEC_INFINITY) {
                snprintf(buf, sizeof buf, "WATCHDOG_USEC=%llu", (unsigned long long) s->watchdog_usec);
                if (strv_extend(env, buf) < 0 || strv_extend(env, "WATCHDOG_PID=" OWN_PID_ROOM) < 0)
                        return -ENOMEM;
        }
        /* sd_listen_fds(3): the stored fds as 3, 4, ..., named in LISTEN_FDNAMES. */
        if (s->n_fd_store > 0) {
                _cleanup_free_ char *names = NULL;
                size_t len = 0;
                for (size_t i = 0; i < s->n_fd_store; i++)
                        len += strlen(s->fd_store[i]->name) + 1;
                names = malloc(len + strlen("LISTEN_FDNAMES=") + 1);
                if (!names)
                        return -ENOMEM;
                char *p = stpcpy(names, "LISTEN_FDNAMES=");
                for (size_t i = 0; i < s->n_fd_store; i++) {
                        if (i > 0)
                                *p++ = ':';
                        p = stpcpy(p, s->fd_store[i]->name);
                }
                snprintf(buf, sizeof buf, "LISTEN_FDS=%zu", s->n_fd_store);
                if (strv_extend(env, buf) < 0 || strv_consume(env, TAKE_PTR(names)) < 0 ||
                    strv_extend(env, "LISTEN_PID=" OWN_PID_ROOM) < 0)
                        return -ENOMEM;
        }
        return 0;
}
