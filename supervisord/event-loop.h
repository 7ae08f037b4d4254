/* event-loop.h: the daemon's single epoll loop: fd sources, monotonic timers, deferred work.
 *
 * DESIGN.md decision 1. Each turn: wait (timeout = nearest timer), dispatch ready fds,
 * fire expired timers, then drain the deferred queue. Sources are structs embedded in
 * their owners; the loop never allocates per source. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>

#include "libsvc/time-util.h"

struct ev_loop;
struct ev_io;
struct ev_timer;
struct ev_defer;

typedef void (*ev_io_fn)(struct ev_io *io, uint32_t revents);
typedef void (*ev_timer_fn)(struct ev_timer *t);
typedef void (*ev_defer_fn)(struct ev_defer *d);

struct ev_io {
        int fd;
        uint32_t events;
        ev_io_fn fn;
        void *userdata;
        bool added;
};

struct ev_timer {
        usec_t deadline; /* CLOCK_MONOTONIC */
        size_t heap_index;
        ev_timer_fn fn;
        void *userdata;
        bool armed;
};

struct ev_defer {
        struct ev_defer *next;
        ev_defer_fn fn;
        void *userdata;
        bool queued;
};

int ev_loop_new(struct ev_loop **ret);
struct ev_loop *ev_loop_free(struct ev_loop *l);

/* Watches fd for events (EPOLLIN, EPOLLOUT, ...). The fd stays owned by the caller. */
int ev_io_add(struct ev_loop *l, struct ev_io *io, int fd, uint32_t events, ev_io_fn fn, void *userdata);
int ev_io_set_events(struct ev_loop *l, struct ev_io *io, uint32_t events);
/* Safe to call from any callback, including for a source whose event is still pending
 * in this turn: that event is then dropped. */
void ev_io_remove(struct ev_loop *l, struct ev_io *io);

/* (Re)arms t to fire at the monotonic deadline; USEC_INFINITY disarms. */
int ev_timer_arm(struct ev_loop *l, struct ev_timer *t, usec_t deadline, ev_timer_fn fn, void *userdata);
void ev_timer_disarm(struct ev_loop *l, struct ev_timer *t);

/* Runs fn at the end of this turn (once, however often queued). */
void ev_defer_queue(struct ev_loop *l, struct ev_defer *d, ev_defer_fn fn, void *userdata);
void ev_defer_cancel(struct ev_loop *l, struct ev_defer *d);

/* One turn. timeout_cap limits the wait (USEC_INFINITY: only timers limit it). */
int ev_loop_run_once(struct ev_loop *l, usec_t timeout_cap);
/* Turns until ev_loop_exit(); returns its code. */
int ev_loop_run(struct ev_loop *l);
void ev_loop_exit(struct ev_loop *l, int code);
bool ev_loop_exiting(const struct ev_loop *l);
