/* event-loop.c: epoll dispatch, a binary min-heap of timers, and the deferred queue. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "supervisord/event-loop.h"

#define EV_MAX_EVENTS 64

struct ev_loop {
        int epoll_fd;

        struct ev_timer **heap;
        size_t n_heap, cap_heap;

        struct ev_defer *defer_head, *defer_tail;

        /* The batch being dispatched, so that a removed source's pending event is dropped. */
        struct epoll_event events[EV_MAX_EVENTS];
        int n_events, dispatching;

        bool exit_requested;
        int exit_code;
};

int ev_loop_new(struct ev_loop **ret) {
        struct ev_loop *l = calloc(1, sizeof *l);

        if (!l)
                return -ENOMEM;
        l->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (l->epoll_fd < 0) {
                int r = -errno;
                free(l);
                return r;
        }
        *ret = l;
        return 0;
}

struct ev_loop *ev_loop_free(struct ev_loop *l) {
        if (!l)
                return NULL;
        safe_close(l->epoll_fd);
        free(l->heap);
        free(l);
        return NULL;
}

int ev_io_add(struct ev_loop *l, struct ev_io *io, int fd, uint32_t events, ev_io_fn fn, void *userdata) {
        struct epoll_event ev = { .events = events, .data.ptr = io };

        *io = (struct ev_io) { .fd = fd, .events = events, .fn = fn, .userdata = userdata };
        if (epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
                return -errno;
        io->added = true;
        return 0;
}

int ev_io_set_events(struct ev_loop *l, struct ev_io *io, uint32_t events) {
        struct epoll_event ev = { .events = events, .data.ptr = io };

        if (!io->added)
                return -EINVAL;
        if (io->events == events)
                return 0;
        if (epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
                return -errno;
        io->events = events;
        return 0;
}

void ev_io_remove(struct ev_loop *l, struct ev_io *io) {
        if (!io->added)
                return;
        (void) epoll_ctl(l->epoll_fd, EPOLL_CTL_DEL, io->fd, NULL);
        io->added = false;
        for (int i = l->dispatching; i < l->n_events; i++)
                if (l->events[i].data.ptr == io)
                        l->events[i].data.ptr = NULL;
}

/* The timer heap: heap[0] has the earliest deadline; each timer knows its index. */
static bool heap_less(struct ev_loop *l, size_t a, size_t b) {
        return l->heap[a]->deadline < l->heap[b]->deadline;
}

static void heap_swap(struct ev_loop *l, size_t a, size_t b) {
        struct ev_timer *t = l->heap[a];
        l->heap[a] = l->heap[b];
        l->heap[b] = t;
        l->heap[a]->heap_index = a;
        l->heap[b]->heap_index = b;
}

static void heap_sift_up(struct ev_loop *l, size_t i) {
        while (i > 0 && heap_less(l, i, (i - 1) / 2)) {
                heap_swap(l, i, (i - 1) / 2);
                i = (i - 1) / 2;
        }
}

static void heap_sift_down(struct ev_loop *l, size_t i) {
        for (;;) {
                size_t smallest = i, left = 2 * i + 1, right = 2 * i + 2;
                if (left < l->n_heap && heap_less(l, left, smallest))
                        smallest = left;
                if (right < l->n_heap && heap_less(l, right, smallest))
                        smallest = right;
                if (smallest == i)
                        return;
                heap_swap(l, i, smallest);
                i = smallest;
        }
}

void ev_timer_disarm(struct ev_loop *l, struct ev_timer *t) {
        size_t i;

        if (!t->armed)
                return;
        i = t->heap_index;
        t->armed = false;
        l->n_heap--;
        if (i == l->n_heap)
                return;
        l->heap[i] = l->heap[l->n_heap];
        l->heap[i]->heap_index = i;
        heap_sift_down(l, i);
        heap_sift_up(l, i);
}

int ev_timer_arm(struct ev_loop *l, struct ev_timer *t, usec_t deadline, ev_timer_fn fn, void *userdata) {
        ev_timer_disarm(l, t);
        t->fn = fn;
        t->userdata = userdata;
        if (deadline == USEC_INFINITY)
                return 0;
        if (l->n_heap == l->cap_heap) {
                size_t cap = MAX(l->cap_heap * 2, (size_t) 16);
                struct ev_timer **h = realloc(l->heap, cap * sizeof *h);
                if (!h)
                        return -ENOMEM;
                l->heap = h;
                l->cap_heap = cap;
        }
        t->deadline = deadline;
        t->heap_index = l->n_heap;
        t->armed = true;
        l->heap[l->n_heap++] = t;
        heap_sift_up(l, t->heap_index);
        return 0;
}

void ev_defer_queue(struct ev_loop *l, struct ev_defer *d, ev_defer_fn fn, void *userdata) {
        d->fn = fn;
        d->userdata = userdata;
        if (d->queued)
                return;
        d->queued = true;
        d->next = NULL;
        if (l->defer_tail)
                l->defer_tail->next = d;
        else
                l->defer_head = d;
        l->defer_tail = d;
}

void ev_defer_cancel(struct ev_loop *l, struct ev_defer *d) {
        struct ev_defer *prev = NULL;

        if (!d->queued)
                return;
        for (struct ev_defer *i = l->defer_head; i; prev = i, i = i->next) {
                if (i != d)
                        continue;
                if (prev)
                        prev->next = d->next;
                else
                        l->defer_head = d->next;
                if (l->defer_tail == d)
                        l->defer_tail = prev;
                break;
        }
        d->queued = false;
        d->next = NULL;
}

static int timeout_ms(struct ev_loop *l, usec_t cap) {
        usec_t deadline = cap == USEC_INFINITY ? USEC_INFINITY : usec_add(now_usec(CLOCK_MONOTONIC), cap);

        if (l->defer_head)
                return 0;
        if (l->n_heap > 0 && l->heap[0]->deadline < deadline)
                deadline = l->heap[0]->deadline;
        if (deadline == USEC_INFINITY)
                return -1;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (deadline <= now)
                return 0;
        /* Round up, so that a timer never fires a little early and spins the loop. */
        usec_t ms = (deadline - now + USEC_PER_MSEC - 1) / USEC_PER_MSEC;
        return ms > INT32_MAX ? INT32_MAX : (int) ms;
}

int ev_loop_run_once(struct ev_loop *l, usec_t timeout_cap) {
        int n = epoll_wait(l->epoll_fd, l->events, EV_MAX_EVENTS, timeout_ms(l, timeout_cap));
        if (n < 0) {
                if (errno != EINTR)
                        return log_error_errno(-errno, "epoll_wait() failed: %m");
                n = 0;
        }

        l->n_events = n;
        for (l->dispatching = 0; l->dispatching < n; ) {
                struct epoll_event *e = &l->events[l->dispatching++];
                struct ev_io *io = e->data.ptr;
                if (io)
                        io->fn(io, e->events);
        }
        l->n_events = l->dispatching = 0;

        usec_t now = now_usec(CLOCK_MONOTONIC);
        while (l->n_heap > 0 && l->heap[0]->deadline <= now) {
                struct ev_timer *t = l->heap[0];
                ev_timer_disarm(l, t);
                t->fn(t);
        }

        /* Work queued while draining runs in this same turn, after what was queued before. */
        while (l->defer_head) {
                struct ev_defer *d = l->defer_head;
                l->defer_head = d->next;
                if (!l->defer_head)
                        l->defer_tail = NULL;
                d->queued = false;
                d->next = NULL;
                d->fn(d);
        }
        return 0;
}

int ev_loop_run(struct ev_loop *l) {
        while (!l->exit_requested) {
                int r = ev_loop_run_once(l, USEC_INFINITY);
                if (r < 0)
                        return r;
        }
        return l->exit_code;
}

void ev_loop_exit(struct ev_loop *l, int code) {
        l->exit_requested = true;
        l->exit_code = code;
}

bool ev_loop_exiting(const struct ev_loop *l) {
        return l->exit_requested;
}
