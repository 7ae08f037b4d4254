/* log-capture.c: services' output read from pipes in svcd's one event loop, cut into lines,
 * kept per unit, forwarded to svcd's stdout, /dev/kmsg and journald (log-capture.h says
 * what goes where and the bounds). Nothing here blocks: pipes are read non-blocking with a
 * per-turn budget, and every writer queues (bounded) or drops whole lines. The lines, the
 * ring that keeps them and the parsing of a line are log-ring.c's. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strbuf.h"
#include "libsvc/time-util.h"
#include "supervisord/libsystemd-dlopen.h"
#include "supervisord/log-capture.h"

#define JOURNAL_SOCKET "/run/systemd/journal/socket"
/* The batch of formatted lines for svcd's stdout is written out at this size, and at the
 * end of each read. */
#define LOG_BATCH_FLUSH ((size_t) 64 * 1024)

/* ---- sinks: svcd's stdout and journald streams, written without blocking ----------- */

struct log_sink {
        struct ev_loop *loop;
        int fd;            /* -1: none */
        bool owned;        /* opened here (a reopen, a journald stream): closed here */
        bool is_socket;    /* send(MSG_DONTWAIT) works whatever the fd's flags */
        struct ev_io io;   /* EPOLLOUT while output waits */
        struct strbuf queue;
        size_t queued_from; /* bytes of queue already written */
        uint64_t n_dropped, n_dropped_reported;
        bool broken;       /* the reader is gone for good (EPIPE, ECONNRESET): write no more */
};

static void sink_init(struct log_sink *k, struct ev_loop *loop) {
        *k = (struct log_sink) { .loop = loop, .fd = -1 };
}

static void sink_done(struct log_sink *k) {
        ev_io_remove(k->loop, &k->io);
        if (k->owned)
                safe_close(k->fd);
        free(k->queue.s);
        sink_init(k, k->loop);
}

/* Where forwarded lines go. A pipe or terminal shared with others (docker's stdout pipe,
 * a console) gets a file description of its own, so O_NONBLOCK never surprises them. */
static void sink_open_output(struct log_sink *k, int fd) {
        struct stat st;
        char path[64];

        if (fd < 0 || fstat(fd, &st) < 0)
                return;
        k->fd = fd;
        if (S_ISSOCK(st.st_mode)) {
                k->is_socket = true;
                return;
        }
        if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
                return; /* a regular file: writes do not wait for a reader */
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        int own = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (own >= 0) {
                k->fd = own;
                k->owned = true;
        } else
                log_warning_errno(-errno, "Cannot reopen standard output without blocking (%m); service output "
                                          "forwarded there may block svcd while nobody reads it.");
}

static ssize_t sink_write_raw(struct log_sink *k, const char *p, size_t n) {
        ssize_t w;

        do
                w = k->is_socket ? send(k->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL) : write(k->fd, p, n);
        while (w < 0 && errno == EINTR);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return 0;
        return w < 0 ? -errno : w;
}

static void sink_flush(struct log_sink *k);

static void on_sink_writable(struct ev_io *io, uint32_t revents) {
        sink_flush(io->userdata);
}

static size_t count_lines(const char *p, size_t n) {
        size_t lines = 0;

        if (n == 0) /* an empty queue may have no buffer at all: memchr(NULL, ...) is undefined */
                return 0;
        for (const char *q = p; (q = memchr(q, '\n', n - (size_t) (q - p))); q++)
                lines++;
        return lines;
}

static void sink_drop_queue(struct log_sink *k) {
        k->n_dropped += count_lines(k->queue.s + k->queued_from, k->queue.len - k->queued_from);
        k->queue.len = k->queued_from = 0;
}

/* A write failed: what is queued is lost. A reader that is gone for good (a closed
 * pipe or socket) is never written to again; other errors (a full disk) drop only what
 * was queued, and the loss is reported once a later write succeeds. */
static void sink_fail(struct log_sink *k, int error) {
        sink_drop_queue(k);
        if (k->io.added)
                ev_io_remove(k->loop, &k->io);
        if ((error == -EPIPE || error == -ECONNRESET || error == -ENOTCONN || error == -EBADF) && !k->broken) {
                k->broken = true;
                log_warning_errno(error, "Forwarding service output to fd %d failed for good (%m); it is still "
                                         "kept for svcctl logs.", k->fd);
        }
}

/* Writes what is queued; waits for EPOLLOUT while some is left. Once the reader caught up
 * after a loss, the loss is reported in the stream itself, where the gap is. A loop, not
 * recursion: the note is queued only after everything before it was written, and is
 * itself written (or lost) before the loop can come back to it. */
static void sink_flush(struct log_sink *k) {
        for (;;) {
                while (k->queued_from < k->queue.len) {
                        ssize_t w = sink_write_raw(k, k->queue.s + k->queued_from, k->queue.len - k->queued_from);
                        if (w < 0) {
                                sink_fail(k, (int) w);
                                return;
                        }
                        if (w == 0) {
                                /* The reader is slow: come back when it can take more. */
                                if (!k->io.added && ev_io_add(k->loop, &k->io, k->fd, EPOLLOUT, on_sink_writable, k) < 0)
                                        sink_drop_queue(k); /* cannot be watched: do not hold it for ever */
                                return;
                        }
                        k->queued_from += (size_t) w;
                }
                k->queue.len = k->queued_from = 0;
                if (k->n_dropped <= k->n_dropped_reported)
                        break;
                char note[160];
                int n = snprintf(note, sizeof note,
                                 "svcd: %llu lines of service output were dropped here: nothing read this output "
                                 "fast enough.\n",
                                 (unsigned long long) (k->n_dropped - k->n_dropped_reported));
                k->n_dropped_reported = k->n_dropped;
                if (strbuf_put(&k->queue, note, (size_t) n) < 0)
                        break;
        }
        if (k->io.added)
                ev_io_remove(k->loop, &k->io);
}

/* data is whole lines. A partial write leaves the rest of a line queued, so that what the
 * reader sees never breaks mid-line; when the queue is full, whole lines are dropped. */
static void sink_write(struct log_sink *k, const char *data, size_t n) {
        if (k->fd < 0 || n == 0)
                return;
        if (k->broken) {
                k->n_dropped += count_lines(data, n);
                return;
        }
        if (k->queued_from == k->queue.len) {
                ssize_t w = sink_write_raw(k, data, n);
                if (w < 0) {
                        k->n_dropped += count_lines(data, n);
                        sink_fail(k, (int) w);
                        return;
                }
                if ((size_t) w == n)
                        return;
                data += w;
                n -= (size_t) w;
        } else if (k->queue.len - k->queued_from + n > LOG_SINK_QUEUE_MAX) {
                k->n_dropped += count_lines(data, n);
                return;
        }
        if (k->queued_from > 0 && k->queued_from == k->queue.len)
                k->queue.len = k->queued_from = 0;
        if (strbuf_put(&k->queue, data, n) < 0) {
                k->n_dropped += count_lines(data, n);
                return;
        }
        sink_flush(k);
}

/* ---- the capture, streams and pipes -------------------------------------------------- */

struct log_capture {
        struct ev_loop *loop;
        struct log_sink output;      /* svcd's stdout */
        bool output_is_journal;      /* $JOURNAL_STREAM names svcd's stdout */
        struct strbuf batch;         /* formatted lines for output, written per read */
        int kmsg_fd;                 /* opened at the first unit that asks */
        uint64_t next_seq;
        struct log_follower *followers;
        char *read_buffer;           /* LOG_READ_BUDGET bytes */
};

struct log_stream {
        struct log_capture *capture;
        char *unit_id;
        struct log_ring ring;
        struct log_pipe *pipes; /* newest first; a pipe lives until its writers are gone */
};

struct log_pipe {
        struct log_stream *stream;
        struct log_pipe *next;
        int fd;
        struct ev_io io;
        struct log_line_buffer line;
        usec_t now;             /* the timestamp of the lines of this read */

        /* The run's settings, as they were when it started. */
        pid_t pid;
        char *identifier;
        char *prefix;           /* "IDENT[PID]: " for svcd's stdout */
        size_t prefix_len;
        int priority;           /* SyslogLevel= */
        int facility;           /* SyslogFacility= */
        bool level_prefix;      /* SyslogLevelPrefix= */
        int level_max;          /* LogLevelMax=, or UNIT_INT_UNSET */
        bool kmsg, console;
        struct log_sink journal; /* a journald stream, when there is a journald */
};

/* systemd sets $JOURNAL_STREAM to "DEVICE:INODE" of the stdout it connected to journald. */
static bool fd_is_journal_stream(int fd) {
        const char *e = getenv("JOURNAL_STREAM");
        unsigned long long dev, ino;
        struct stat st;

        if (!e || sscanf(e, "%llu:%llu", &dev, &ino) != 2 || fstat(fd, &st) < 0)
                return false;
        return st.st_dev == (dev_t) dev && st.st_ino == (ino_t) ino;
}

int log_capture_new(struct ev_loop *loop, int output_fd, struct log_capture **ret) {
        struct log_capture *c = calloc(1, sizeof *c);

        if (!c)
                return -ENOMEM;
        c->loop = loop;
        c->kmsg_fd = -1;
        c->next_seq = 1;
        sink_init(&c->output, loop);
        c->read_buffer = malloc(LOG_READ_BUDGET);
        if (!c->read_buffer) {
                free(c);
                return -ENOMEM;
        }
        sink_open_output(&c->output, output_fd);
        c->output_is_journal = fd_is_journal_stream(output_fd);
        *ret = c;
        return 0;
}

struct log_capture *log_capture_free(struct log_capture *c) {
        if (!c)
                return NULL;
        /* Streams are their services'; followers their connections'. Both are gone. */
        sink_flush(&c->output);
        sink_done(&c->output);
        free(c->batch.s);
        safe_close(c->kmsg_fd);
        free(c->read_buffer);
        free(c);
        return NULL;
}

void log_capture_follow(struct log_capture *c, struct log_follower *f) {
        f->prev = NULL;
        f->next = c->followers;
        if (f->next)
                f->next->prev = f;
        c->followers = f;
}

void log_capture_unfollow(struct log_capture *c, struct log_follower *f) {
        if (f->prev)
                f->prev->next = f->next;
        else if (c->followers == f)
                c->followers = f->next;
        if (f->next)
                f->next->prev = f->prev;
        f->prev = f->next = NULL;
}

uint64_t log_capture_next_seq(const struct log_capture *c) {
        return c->next_seq;
}

uint64_t log_capture_n_dropped(const struct log_capture *c) {
        return c->output.n_dropped;
}

static void capture_flush_batch(struct log_capture *c) {
        sink_write(&c->output, c->batch.s, c->batch.len);
        c->batch.len = 0;
}

/* kmsg: one record per write, "<facility|level>IDENT[PID]: MESSAGE" (the format
 * /dev/kmsg and dmesg(1) expect; the kernel cuts records at about 1 KiB). */
static void pipe_write_kmsg(struct log_pipe *p, int priority, const char *line, size_t len) {
        struct log_capture *c = p->stream->capture;
        char head[300];
        int n;

        if (c->kmsg_fd < 0)
                return;
        n = snprintf(head, sizeof head, "<%d>%s[%d]: ", p->facility | priority, p->identifier, (int) p->pid);
        if (n < 0 || (size_t) n >= sizeof head)
                return;
        struct iovec iov[3] = { { head, (size_t) n }, { (void *) line, MIN(len, (size_t) 1024) }, { (void *) "\n", 1 } };
        (void) !writev(c->kmsg_fd, iov, 3);
}

static void pipe_write_journal(struct log_pipe *p, int priority, const char *line, size_t len) {
        char head[8];
        int n = snprintf(head, sizeof head, "<%d>", priority);
        _cleanup_free_ char *msg = malloc((size_t) n + len + 1);

        if (!msg) {
                p->journal.n_dropped++;
                return;
        }
        memcpy(msg, head, (size_t) n);
        memcpy(msg + n, line, len);
        msg[(size_t) n + len] = '\n';
        sink_write(&p->journal, msg, (size_t) n + len + 1);
}

static void on_line(const char *line, size_t len, void *userdata) {
        struct log_pipe *p = userdata;
        struct log_stream *s = p->stream;
        struct log_capture *c = s->capture;
        struct log_entry *e;
        int priority = p->level_prefix ? log_parse_priority(&line, &len, p->priority) : p->priority;

        /* LogLevelMax=: lines of a lower priority are dropped before anything else. */
        if (p->level_max != UNIT_INT_UNSET && priority > p->level_max)
                return;
        if (log_entry_new(line, len, priority, p->pid, p->now, &e) < 0) {
                log_oom();
                return;
        }
        e->seq = c->next_seq++;
        if (log_ring_push(&s->ring, e) < 0) {
                log_oom();
                return;
        }

        if (p->console || !(c->output_is_journal && p->journal.fd >= 0)) {
                if ((p->prefix_len > 0 && strbuf_put(&c->batch, p->prefix, p->prefix_len) < 0) ||
                    strbuf_put(&c->batch, line, len) < 0 ||
                    strbuf_put(&c->batch, "\n", 1) < 0)
                        c->batch.len = 0; /* out of memory: this batch is lost */
                if (c->batch.len >= LOG_BATCH_FLUSH)
                        capture_flush_batch(c);
        }
        if (p->kmsg)
                pipe_write_kmsg(p, priority, line, len);
        if (p->journal.fd >= 0)
                pipe_write_journal(p, priority, line, len);

        for (struct log_follower *f = c->followers, *next; f; f = next) {
                next = f->next;
                f->on_entry(f, s, e);
        }
}

static void pipe_free(struct log_pipe *p) {
        struct log_stream *s = p->stream;

        for (struct log_pipe **q = &s->pipes; *q; q = &(*q)->next)
                if (*q == p) {
                        *q = p->next;
                        break;
                }
        ev_io_remove(s->capture->loop, &p->io);
        safe_close(p->fd);
        log_line_buffer_done(&p->line);
        sink_flush(&p->journal);
        sink_done(&p->journal);
        free(p->identifier);
        free(p->prefix);
        free(p);
}

/* Reads at most LOG_READ_BUDGET bytes; the pipe stays readable (level-triggered epoll)
 * if more is waiting, and gets its next share in the next turn. At EOF (every writer,
 * the service's forks included, has closed it) the last partial line is flushed. */
static void on_pipe_readable(struct ev_io *io, uint32_t revents) {
        struct log_pipe *p = io->userdata;
        struct log_capture *c = p->stream->capture;
        size_t budget = LOG_READ_BUDGET;

        while (budget > 0) {
                ssize_t n = read(p->fd, c->read_buffer, budget);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        break;
                if (n <= 0) {
                        if (n < 0)
                                log_warning_errno(-errno, "%s: Failed to read the output of pid %d: %m",
                                                  p->stream->unit_id, (int) p->pid);
                        log_line_buffer_flush(&p->line, on_line, p);
                        capture_flush_batch(c);
                        pipe_free(p);
                        return;
                }
                p->now = now_usec(CLOCK_REALTIME);
                if (log_line_buffer_feed(&p->line, c->read_buffer, (size_t) n, LOG_LINE_MAX, on_line, p) < 0)
                        log_oom();
                budget -= (size_t) n;
        }
        capture_flush_batch(c);
}

int log_stream_new(struct log_capture *c, const char *unit_id, struct log_stream **ret) {
        struct log_stream *s = calloc(1, sizeof *s);

        if (!s)
                return -ENOMEM;
        s->capture = c;
        s->unit_id = strdup(unit_id);
        if (!s->unit_id) {
                free(s);
                return -ENOMEM;
        }
        log_ring_init(&s->ring, LOG_RING_LINES_MAX, LOG_RING_BYTES_MAX);
        *ret = s;
        return 0;
}

struct log_stream *log_stream_free(struct log_stream *s) {
        if (!s)
                return NULL;
        /* What the pipes hold already is kept and forwarded: svcd is exiting, and the last
         * words of its services belong in its output. Up to 512 KiB per pipe: a process
         * that svcd no longer tracks may still be writing. */
        while (s->pipes) {
                struct log_pipe *p = s->pipes;
                size_t budget = 16 * LOG_READ_BUDGET;
                ssize_t n;
                while (budget > 0 && (n = read(p->fd, s->capture->read_buffer, LOG_READ_BUDGET)) > 0) {
                        budget -= MIN(budget, (size_t) n);
                        p->now = now_usec(CLOCK_REALTIME);
                        (void) log_line_buffer_feed(&p->line, s->capture->read_buffer, (size_t) n, LOG_LINE_MAX,
                                                    on_line, p);
                }
                log_line_buffer_flush(&p->line, on_line, p);
                capture_flush_batch(s->capture);
                pipe_free(p);
        }
        log_ring_done(&s->ring);
        free(s->unit_id);
        free(s);
        return NULL;
}

static bool output_wants(const struct exec_context *ctx, enum exec_output a, enum exec_output b) {
        return ctx->std_output == a || ctx->std_output == b || ctx->std_error == a || ctx->std_error == b;
}

static void pipe_open_journal(struct log_pipe *p) {
        if (access(JOURNAL_SOCKET, W_OK) < 0)
                return;
        int fd = libsystemd_journal_stream_fd(p->identifier, p->priority, 1);
        if (fd == -EOPNOTSUPP)
                return; /* libsystemd-dlopen.c said why, once */
        if (fd < 0) {
                log_warning_errno(fd, "%s: Cannot connect to journald (%m); the output is kept by svcd only.",
                                  p->stream->unit_id);
                return;
        }
        p->journal.fd = fd;
        p->journal.owned = true;
        p->journal.is_socket = true;
}

int log_stream_open_pipe(struct log_stream *s, const struct exec_context *ctx, int *ret_write_fd) {
        struct log_capture *c = s->capture;
        struct log_pipe *p = calloc(1, sizeof *p);
        int fds[2];

        if (!p)
                return -ENOMEM;
        p->stream = s;
        p->fd = -1;
        sink_init(&p->journal, c->loop);
        p->identifier = strdup(ctx->syslog_identifier ?: s->unit_id);
        if (!p->identifier || pipe2(fds, O_CLOEXEC) < 0) {
                int r = p->identifier ? -errno : -ENOMEM;
                free(p->identifier);
                free(p);
                return r;
        }
        p->fd = fds[0];
        p->priority = LOG_PRI(ctx->syslog_level);
        p->facility = ctx->syslog_facility & LOG_FACMASK;
        p->level_prefix = ctx->syslog_level_prefix;
        p->level_max = ctx->log_level_max;
        p->kmsg = output_wants(ctx, EXEC_OUTPUT_KMSG, EXEC_OUTPUT_KMSG_AND_CONSOLE);
        p->console = output_wants(ctx, EXEC_OUTPUT_JOURNAL_AND_CONSOLE, EXEC_OUTPUT_KMSG_AND_CONSOLE);
        if (fd_set_nonblock(p->fd, 1) < 0 || ev_io_add(c->loop, &p->io, p->fd, EPOLLIN, on_pipe_readable, p) < 0) {
                int r = -errno;
                safe_close(fds[0]);
                safe_close(fds[1]);
                free(p->identifier);
                free(p);
                return r < 0 ? r : -EIO;
        }
        p->next = s->pipes;
        s->pipes = p;
        log_stream_set_pid(s, 0);

        if (p->kmsg && c->kmsg_fd < 0) {
                c->kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
                if (c->kmsg_fd < 0)
                        log_warning_errno(-errno, "%s: StandardOutput=kmsg: cannot open /dev/kmsg (%m); the output "
                                                  "is kept by svcd only.", s->unit_id);
        }
        pipe_open_journal(p);
        *ret_write_fd = fds[1];
        return 0;
}

void log_stream_set_pid(struct log_stream *s, pid_t pid) {
        struct log_pipe *p = s->pipes;
        char *prefix;

        if (!p)
                return;
        p->pid = pid;
        if (asprintf(&prefix, "%s[%d]: ", p->identifier, (int) pid) < 0)
                return; /* the old prefix stays */
        free(p->prefix);
        p->prefix = prefix;
        p->prefix_len = strlen(prefix);
}

const char *log_stream_unit(const struct log_stream *s) {
        return s->unit_id;
}

const struct log_ring *log_stream_ring(const struct log_stream *s) {
        return &s->ring;
}
