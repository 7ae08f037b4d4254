/* log-capture.h: services' standard output and error: pipes read in the event loop, cut
 * into lines, forwarded, and kept per unit in a bounded ring.
 *
 * systemd.exec(5) StandardOutput=journal (the default), kmsg, their +console forms and
 * inherit (from an unconnected input) all land here. Each start of a service gets a new
 * pipe; its read end belongs to the unit's log stream, which outlives the run, so a
 * restarted service keeps its earlier lines. Every line, tagged with SyslogIdentifier=
 * (default: the unit name) and the main pid of its run, is
 *   - written to svcd's own standard output as "IDENT[PID]: MESSAGE" (what `docker logs`
 *     shows), without ever blocking: while nobody reads that output, up to
 *     LOG_SINK_QUEUE_MAX bytes wait, later lines are dropped whole and counted;
 *   - kept in the unit's ring for `svcctl logs` and `svcctl status`, with its realtime
 *     timestamp and priority;
 *   - for kmsg and kmsg+console, written to /dev/kmsg as well;
 *   - when svcd is built with libsystemd and /run/systemd/journal/socket exists, sent to
 *     journald too (a stdout stream per run, sd_journal_stream_fd(3)); otherwise the
 *     journal is this capture alone. When svcd's own stdout is itself a journal stream
 *     ($JOURNAL_STREAM, systemd.exec(5)), such lines are not written to it a second time
 *     unless the unit asked for +console.
 * svcd's standard output is the console of a container, so "+console" adds nothing
 * beyond that. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "supervisord/event-loop.h"
#include "supervisord/log-ring.h"
#include "units/unit.h"

/* A line longer than this is cut into pieces of this length: journald's LineMax=
 * default (journald.conf(5)), so lines split where the journal would split them. */
#define LOG_LINE_MAX ((size_t) 48 * 1024)
/* Each unit keeps its last LOG_RING_LINES_MAX lines, and at most LOG_RING_BYTES_MAX bytes
 * of their messages; the oldest lines go first, and are counted. */
#define LOG_RING_LINES_MAX ((size_t) 4096)
#define LOG_RING_BYTES_MAX ((size_t) 1024 * 1024)
/* Bytes read from one pipe per loop turn: a service writing 100 MB/s gets its turn, and
 * so does the control socket, every turn. */
#define LOG_READ_BUDGET ((size_t) 32 * 1024)
/* Output for svcd's stdout (or a journald stream) waiting for its reader. */
#define LOG_SINK_QUEUE_MAX ((size_t) 1024 * 1024)

struct log_capture;
struct log_stream;

/* Someone told of every new line (svcctl logs -f). Callbacks only queue work: they must
 * not unfollow or free anything. */
struct log_follower {
        struct log_follower *prev, *next;
        void (*on_entry)(struct log_follower *f, const struct log_stream *s, const struct log_entry *e);
};

/* output_fd: where lines are forwarded (svcd's STDOUT_FILENO; borrowed). A pipe, FIFO or
 * terminal is reopened through /proc/self/fd so that O_NONBLOCK applies to svcd's
 * writes only, not to others sharing the file description. */
int log_capture_new(struct ev_loop *loop, int output_fd, struct log_capture **ret);
struct log_capture *log_capture_free(struct log_capture *c);
void log_capture_follow(struct log_capture *c, struct log_follower *f);
void log_capture_unfollow(struct log_capture *c, struct log_follower *f);
/* The seq the next line will get. */
uint64_t log_capture_next_seq(const struct log_capture *c);
/* Lines not written to svcd's stdout because nothing read it fast enough. */
uint64_t log_capture_n_dropped(const struct log_capture *c);

int log_stream_new(struct log_capture *c, const char *unit_id, struct log_stream **ret);
/* Closes the stream's pipes (after reading what they hold) and frees its lines. */
struct log_stream *log_stream_free(struct log_stream *s);
/* A new pipe for a start of the unit, with the logging settings of ctx (SyslogIdentifier=,
 * SyslogLevel=, SyslogLevelPrefix=, LogLevelMax=, SyslogFacility=, StandardOutput=).
 * Returns its write end (O_CLOEXEC), which the caller closes once the child has it. */
int log_stream_open_pipe(struct log_stream *s, const struct exec_context *ctx, int *ret_write_fd);
/* The main pid of the run that the newest pipe serves. */
void log_stream_set_pid(struct log_stream *s, pid_t pid);
const char *log_stream_unit(const struct log_stream *s);
const struct log_ring *log_stream_ring(const struct log_stream *s);
