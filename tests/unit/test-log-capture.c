/* test-log-capture.c: services' output: line assembly and splitting, the bounded ring,
 * "<N>" priorities, UTF-8 for JSON, and whole streams through real pipes and the event
 * loop (forwarding, LogLevelMax=, restarts, the read budget, dropping when svcd's stdout
 * is not read). */
#include <check.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/strv.h"
#include "supervisord/event-loop.h"
#include "supervisord/log-capture.h"
#include "supervisord/log-ring.h"
#include "tests/unit/test-helpers.h"
#include "units/directives.h"

/* ---- line assembly ---- */

static char **lines;

static void collect(const char *line, size_t len, void *userdata) {
        char *s = strndup(line, len);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_eq(strv_consume(&lines, s), 0);
        (*(size_t *) userdata)++;
}

static void lines_reset(void) {
        lines = strv_free(lines);
}

START_TEST(lines_are_assembled_across_reads) {
        struct log_line_buffer b = {};
        size_t n = 0;

        ck_assert_int_eq(log_line_buffer_feed(&b, "one\ntw", 6, 100, collect, &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(log_line_buffer_feed(&b, "o\n\nthree\n", 9, 100, collect, &n), 0);
        ck_assert_uint_eq(n, 4);
        ck_assert_str_eq(lines[0], "one");
        ck_assert_str_eq(lines[1], "two");
        ck_assert_str_eq(lines[2], "");
        ck_assert_str_eq(lines[3], "three");
        log_line_buffer_flush(&b, collect, &n);
        ck_assert_uint_eq(n, 4); /* nothing was left over */
        log_line_buffer_done(&b);
        lines_reset();
}
END_TEST

START_TEST(partial_line_is_flushed_at_end) {
        struct log_line_buffer b = {};
        size_t n = 0;

        ck_assert_int_eq(log_line_buffer_feed(&b, "no newline", 10, 100, collect, &n), 0);
        ck_assert_uint_eq(n, 0);
        log_line_buffer_flush(&b, collect, &n);
        ck_assert_uint_eq(n, 1);
        ck_assert_str_eq(lines[0], "no newline");
        log_line_buffer_flush(&b, collect, &n);
        ck_assert_uint_eq(n, 1);
        log_line_buffer_done(&b);
        lines_reset();
}
END_TEST

START_TEST(long_lines_are_split_at_the_bound) {
        struct log_line_buffer b = {};
        size_t n = 0;

        /* 20 bytes and a newline with a bound of 8: 8 + 8 + 4. */
        ck_assert_int_eq(log_line_buffer_feed(&b, "abcdefghijklmnopqrst\n", 21, 8, collect, &n), 0);
        ck_assert_uint_eq(n, 3);
        ck_assert_str_eq(lines[0], "abcdefgh");
        ck_assert_str_eq(lines[1], "ijklmnop");
        ck_assert_str_eq(lines[2], "qrst");
        lines_reset();
        n = 0;
        /* Exactly the bound, fed a byte at a time: one line, no empty piece after it. */
        for (const char *p = "12345678\nx\n"; *p; p++)
                ck_assert_int_eq(log_line_buffer_feed(&b, p, 1, 8, collect, &n), 0);
        ck_assert_uint_eq(n, 2);
        ck_assert_str_eq(lines[0], "12345678");
        ck_assert_str_eq(lines[1], "x");
        lines_reset();
        log_line_buffer_done(&b);
}
END_TEST

START_TEST(megabyte_line_splits_at_line_max) {
        struct log_line_buffer b = {};
        size_t total = 1024 * 1024, n = 0;
        char *big = malloc(total + 1);

        ck_assert_ptr_nonnull(big);
        memset(big, 'x', total);
        big[total] = '\n';
        /* In reads of 4096 bytes, as from a pipe. */
        for (size_t off = 0; off < total + 1; off += 4096)
                ck_assert_int_eq(log_line_buffer_feed(&b, big + off, MIN((size_t) 4096, total + 1 - off), LOG_LINE_MAX,
                                                      collect, &n), 0);
        ck_assert_uint_eq(n, total / LOG_LINE_MAX + 1);
        for (size_t i = 0; i + 1 < n; i++)
                ck_assert_uint_eq(strlen(lines[i]), LOG_LINE_MAX);
        ck_assert_uint_eq(strlen(lines[n - 1]), total % LOG_LINE_MAX);
        free(big);
        log_line_buffer_done(&b);
        lines_reset();
}
END_TEST

/* ---- the ring ---- */

static void push(struct log_ring *r, uint64_t seq, const char *message) {
        struct log_entry *e;

        ck_assert_int_eq(log_entry_new(message, strlen(message), LOG_INFO, 1, seq, &e), 0);
        e->seq = seq;
        ck_assert_int_eq(log_ring_push(r, e), 0);
}

START_TEST(ring_evicts_oldest_lines_and_counts_them) {
        struct log_ring r;

        log_ring_init(&r, 3, 1000);
        for (uint64_t i = 1; i <= 5; i++)
                push(&r, i, "line");
        ck_assert_uint_eq(r.n, 3);
        ck_assert_uint_eq(r.n_evicted, 2);
        ck_assert_uint_eq(log_ring_get(&r, 0)->seq, 3);
        ck_assert_uint_eq(log_ring_get(&r, 2)->seq, 5);
        ck_assert_ptr_null(log_ring_get(&r, 3));
        ck_assert_uint_eq(r.bytes, 12);
        log_ring_done(&r);
        ck_assert_uint_eq(r.n, 0);
}
END_TEST

START_TEST(ring_evicts_by_bytes) {
        struct log_ring r;

        log_ring_init(&r, 100, 10);
        for (uint64_t i = 1; i <= 4; i++)
                push(&r, i, "abcd");
        ck_assert_uint_eq(r.n, 2);
        ck_assert_uint_eq(r.bytes, 8);
        ck_assert_uint_eq(r.n_evicted, 2);
        /* A line larger than the whole bound is still kept, alone. */
        push(&r, 5, "0123456789abcdef");
        ck_assert_uint_eq(r.n, 1);
        ck_assert_uint_eq(r.n_evicted, 4);
        ck_assert_str_eq(log_ring_get(&r, 0)->message, "0123456789abcdef");
        log_ring_done(&r);
}
END_TEST

START_TEST(ring_wraps_and_finds_by_seq) {
        struct log_ring r;

        log_ring_init(&r, 20, 100000);
        for (uint64_t i = 1; i <= 50; i += 2) /* odd seqs 1..49; the last 20 stay: 11..49 */
                push(&r, i, "x");
        ck_assert_uint_eq(r.n, 20);
        ck_assert_uint_eq(log_ring_get(&r, 0)->seq, 11);
        ck_assert_uint_eq(log_ring_lower_bound(&r, 0), 0);
        ck_assert_uint_eq(log_ring_lower_bound(&r, 12), 1);
        ck_assert_uint_eq(log_ring_lower_bound(&r, 13), 1);
        ck_assert_uint_eq(log_ring_lower_bound(&r, 49), 19);
        ck_assert_uint_eq(log_ring_lower_bound(&r, 50), 20);
        for (size_t i = 1; i < r.n; i++)
                ck_assert_uint_gt(log_ring_get(&r, i)->seq, log_ring_get(&r, i - 1)->seq);
        log_ring_done(&r);
}
END_TEST

/* ---- priorities and UTF-8 ---- */

static int prio(const char *in, const char **rest) {
        size_t len = strlen(in);
        int p = log_parse_priority(&in, &len, LOG_INFO);
        ck_assert_uint_eq(strlen(in), len);
        *rest = in;
        return p;
}

START_TEST(priority_prefixes) {
        const char *rest;

        ck_assert_int_eq(prio("<3>failed", &rest), LOG_ERR);
        ck_assert_str_eq(rest, "failed");
        ck_assert_int_eq(prio("<7>", &rest), LOG_DEBUG);
        ck_assert_str_eq(rest, "");
        /* Facility-encoded, as syslog(3) packs it: user.err is 11. */
        ck_assert_int_eq(prio("<11>x", &rest), LOG_ERR);
        ck_assert_str_eq(rest, "x");
        ck_assert_int_eq(prio("<191>x", &rest), LOG_DEBUG);
        /* Not a prefix: the line stays as it is, at the default priority. */
        const char *not_prefixes[] = { "<192>x", "<>x", "<3x", "<a>x", "<1234>x", "x<3>", "<3", "" };
        for (size_t i = 0; i < ELEMENTSOF(not_prefixes); i++) {
                ck_assert_int_eq(prio(not_prefixes[i], &rest), LOG_INFO);
                ck_assert_str_eq(rest, not_prefixes[i]);
        }
}
END_TEST

START_TEST(utf8_for_json) {
        char *out = NULL;
        size_t len = 0;

        ck_assert_int_eq(log_message_to_utf8("plain \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80", 16, &out, &len), 0);
        ck_assert_ptr_null(out);
        ck_assert_int_eq(log_message_to_utf8("a\xff" "b", 3, &out, &len), 1);
        ck_assert_str_eq(out, "a\xef\xbf\xbd" "b");
        ck_assert_uint_eq(len, 5);
        free(out);
        /* Overlong, surrogate, and a sequence cut off at the end. */
        ck_assert_int_eq(log_message_to_utf8("\xc0\x80|\xed\xa0\x80|\xe2\x82", 10, &out, &len), 1);
        ck_assert_str_eq(out, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd");
        free(out);
}
END_TEST

/* ---- streams through pipes and the loop ---- */

static struct ev_loop *loop;
static struct log_capture *capture;
static int out_pipe[2] = { -1, -1 }; /* what the capture forwards to, as svcd's stdout */

static void stream_setup(void) {
        test_setup();
        ck_assert_int_eq(pipe2(out_pipe, O_CLOEXEC), 0);
        ck_assert_int_eq(ev_loop_new(&loop), 0);
        ck_assert_int_eq(log_capture_new(loop, out_pipe[1], &capture), 0);
}

static void stream_teardown(void) {
        capture = log_capture_free(capture);
        loop = ev_loop_free(loop);
        out_pipe[0] = safe_close(out_pipe[0]);
        out_pipe[1] = safe_close(out_pipe[1]);
        test_teardown();
}

static struct exec_context context(void) {
        struct exec_context c = exec_context_defaults;
        return c;
}

/* Turns the loop until the ring holds n lines (or a generous deadline passes). */
static void turn_until_lines(const struct log_stream *s, size_t n) {
        for (int i = 0; i < 2000 && log_stream_ring(s)->n < n; i++)
                ck_assert_int_eq(ev_loop_run_once(loop, 5 * USEC_PER_MSEC), 0);
        ck_assert_uint_eq(log_stream_ring(s)->n, n);
}

static char *read_output(void) {
        static char buf[65536];
        ssize_t n;

        ck_assert_int_eq(fd_set_nonblock(out_pipe[0], 1), 0);
        n = read(out_pipe[0], buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        return buf;
}

START_TEST(stream_tags_forwards_and_keeps_lines) {
        struct log_stream *s;
        struct exec_context c = context();
        int fd;

        c.syslog_identifier = (char *) "tagged";
        ck_assert_int_eq(log_stream_new(capture, "app.service", &s), 0);
        ck_assert_int_eq(log_stream_open_pipe(s, &c, &fd), 0);
        log_stream_set_pid(s, 42);
        ck_assert_int_eq(loop_write(fd, "hello\n<4>careful\nno newline", 27), 0);
        safe_close(fd);
        turn_until_lines(s, 3);

        const struct log_ring *r = log_stream_ring(s);
        ck_assert_str_eq(log_ring_get(r, 0)->message, "hello");
        ck_assert_int_eq(log_ring_get(r, 0)->priority, LOG_INFO);
        ck_assert_str_eq(log_ring_get(r, 1)->message, "careful");
        ck_assert_int_eq(log_ring_get(r, 1)->priority, LOG_WARNING);
        ck_assert_str_eq(log_ring_get(r, 2)->message, "no newline");
        ck_assert_int_eq(log_ring_get(r, 2)->pid, 42);
        ck_assert_uint_gt(log_ring_get(r, 2)->seq, log_ring_get(r, 1)->seq);
        ck_assert_uint_gt(log_ring_get(r, 0)->timestamp, 0);
        ck_assert_str_eq(read_output(), "tagged[42]: hello\ntagged[42]: careful\ntagged[42]: no newline\n");
        log_stream_free(s);
}
END_TEST

START_TEST(stream_honours_level_max_and_prefix_setting) {
        struct log_stream *s;
        struct exec_context c = context();
        int fd;

        c.log_level_max = LOG_NOTICE;
        c.syslog_level = LOG_NOTICE;
        ck_assert_int_eq(log_stream_new(capture, "quiet.service", &s), 0);
        ck_assert_int_eq(log_stream_open_pipe(s, &c, &fd), 0);
        log_stream_set_pid(s, 7);
        ck_assert_int_eq(loop_write(fd, "<7>debug\n<6>info\nplain\n<2>crit\n", 31), 0);
        safe_close(fd);
        turn_until_lines(s, 2);
        ck_assert_str_eq(log_ring_get(log_stream_ring(s), 0)->message, "plain");
        ck_assert_int_eq(log_ring_get(log_stream_ring(s), 0)->priority, LOG_NOTICE);
        ck_assert_str_eq(log_ring_get(log_stream_ring(s), 1)->message, "crit");

        /* SyslogLevelPrefix=no: the prefix is part of the message. A new pipe, as for a
         * restart: the lines of the first run stay. */
        c = context();
        c.syslog_level_prefix = false;
        ck_assert_int_eq(log_stream_open_pipe(s, &c, &fd), 0);
        log_stream_set_pid(s, 8);
        ck_assert_int_eq(loop_write(fd, "<3>kept\n", 8), 0);
        safe_close(fd);
        turn_until_lines(s, 3);
        ck_assert_str_eq(log_ring_get(log_stream_ring(s), 2)->message, "<3>kept");
        ck_assert_int_eq(log_ring_get(log_stream_ring(s), 2)->priority, LOG_INFO);
        ck_assert_int_eq(log_ring_get(log_stream_ring(s), 2)->pid, 8);
        ck_assert_int_eq(log_ring_get(log_stream_ring(s), 0)->pid, 7);
        log_stream_free(s);
}
END_TEST

START_TEST(stream_reads_within_budget_per_turn) {
        struct log_stream *s;
        struct exec_context c = context();
        char line[1000];
        int fd;

        memset(line, 'y', sizeof line - 1);
        line[sizeof line - 1] = '\n';
        ck_assert_int_eq(log_stream_new(capture, "chatty.service", &s), 0);
        ck_assert_int_eq(log_stream_open_pipe(s, &c, &fd), 0);
        ck_assert_int_ge(fcntl(fd, F_SETPIPE_SZ, 1024 * 1024), 1024 * 1024);
        for (int i = 0; i < 200; i++)
                ck_assert_int_eq(loop_write(fd, line, sizeof line), 0);
        ck_assert_int_eq(ev_loop_run_once(loop, 100 * USEC_PER_MSEC), 0);
        /* One turn took at most LOG_READ_BUDGET bytes. */
        ck_assert_uint_le(log_stream_ring(s)->n * sizeof line, LOG_READ_BUDGET);
        ck_assert_uint_gt(log_stream_ring(s)->n, 0);
        safe_close(fd);
        (void) read_output(); /* keep the output pipe from filling up */
        for (int i = 0; i < 2000 && log_stream_ring(s)->n < 200; i++) {
                ck_assert_int_eq(ev_loop_run_once(loop, 5 * USEC_PER_MSEC), 0);
                (void) read_output();
        }
        ck_assert_uint_eq(log_stream_ring(s)->n, 200);
        log_stream_free(s);
}
END_TEST

START_TEST(unread_output_drops_whole_lines_and_says_so) {
        struct log_stream *s;
        struct exec_context c = context();
        char line[101];
        int fd;

        memset(line, 'z', sizeof line - 1);
        line[sizeof line - 1] = '\n';
        ck_assert_int_ge(fcntl(out_pipe[1], F_SETPIPE_SZ, 4096), 4096);
        ck_assert_int_eq(log_stream_new(capture, "flood.service", &s), 0);
        ck_assert_int_eq(log_stream_open_pipe(s, &c, &fd), 0);
        log_stream_set_pid(s, 9);
        /* 3 MB through a 1 MiB queue into a pipe nobody reads: lines must be dropped, and
         * the loop must never block on the output. */
        ck_assert_int_ge(fcntl(fd, F_SETPIPE_SZ, 1024 * 1024), 1024 * 1024);
        for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 1000; i++)
                        ck_assert_int_eq(loop_write(fd, line, sizeof line), 0);
                for (int i = 0; i < 200 && log_stream_ring(s)->n_evicted + log_stream_ring(s)->n < (round + 1) * 1000u; i++)
                        ck_assert_int_eq(ev_loop_run_once(loop, 5 * USEC_PER_MSEC), 0);
        }
        ck_assert_uint_eq(log_stream_ring(s)->n_evicted + log_stream_ring(s)->n, 30000);
        ck_assert_uint_gt(log_capture_n_dropped(capture), 0);

        /* What did reach the output is whole lines only; then the reader catches up and
         * the loss is reported in the output itself. */
        ck_assert_int_eq(fd_set_nonblock(out_pipe[0], 1), 0);
        char *all = NULL;
        size_t all_len = 0;
        FILE *mem = open_memstream(&all, &all_len);
        ck_assert_ptr_nonnull(mem);
        for (int i = 0; i < 2000; i++) {
                char buf[65536];
                ssize_t n;
                while ((n = read(out_pipe[0], buf, sizeof buf)) > 0)
                        fwrite(buf, 1, (size_t) n, mem);
                ck_assert_int_eq(fflush(mem), 0); /* all and all_len are valid after it */
                if (all_len > 0 && strstr(all, "were dropped"))
                        break;
                ck_assert_int_eq(ev_loop_run_once(loop, 5 * USEC_PER_MSEC), 0);
        }
        fclose(mem);
        ck_assert_ptr_nonnull(strstr(all, "lines of service output were dropped here"));
        for (char *p = all, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
                if (strncmp(p, "svcd: ", 6) == 0)
                        continue;
                ck_assert_uint_eq((size_t) (nl - p), strlen("flood.service[9]: ") + sizeof line - 1);
                ck_assert(strncmp(p, "flood.service[9]: zzz", 21) == 0);
        }
        ck_assert_int_eq(all[all_len - 1], '\n');
        free(all);
        safe_close(fd);
        log_stream_free(s);
}
END_TEST

/* The reader of svcd's output goes away (a log shipper dies): forwarding stops for good,
 * nothing loops or crashes, and the lines are still kept for svcctl logs. */
START_TEST(output_reader_gone_stops_forwarding) {
        struct log_stream *s;
        struct exec_context c = context();
        int fd;

        signal(SIGPIPE, SIG_IGN); /* as svcd's main() does */
        ck_assert_int_eq(log_stream_new(capture, "lonely.service", &s), 0);
        ck_assert_int_eq(log_stream_open_pipe(s, &c, &fd), 0);
        log_stream_set_pid(s, 7);
        out_pipe[0] = safe_close(out_pipe[0]);
        ck_assert_int_eq(loop_write(fd, "one\n", 4), 0);
        turn_until_lines(s, 1);
        ck_assert_int_eq(loop_write(fd, "two\nthree\n", 10), 0);
        turn_until_lines(s, 3);
        ck_assert_uint_eq(log_capture_n_dropped(capture), 3);
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "failed for good"));
        safe_close(fd);
        log_stream_free(s);
        /* Freeing the capture flushes its output once more: it must not recurse. */
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-log-capture");
        TCase *tc = tcase_create("pure");
        TCase *ts = tcase_create("streams");

        tcase_add_test(tc, lines_are_assembled_across_reads);
        tcase_add_test(tc, partial_line_is_flushed_at_end);
        tcase_add_test(tc, long_lines_are_split_at_the_bound);
        tcase_add_test(tc, megabyte_line_splits_at_line_max);
        tcase_add_test(tc, ring_evicts_oldest_lines_and_counts_them);
        tcase_add_test(tc, ring_evicts_by_bytes);
        tcase_add_test(tc, ring_wraps_and_finds_by_seq);
        tcase_add_test(tc, priority_prefixes);
        tcase_add_test(tc, utf8_for_json);
        suite_add_tcase(s, tc);

        tcase_add_checked_fixture(ts, stream_setup, stream_teardown);
        tcase_set_timeout(ts, 60);
        tcase_add_test(ts, stream_tags_forwards_and_keeps_lines);
        tcase_add_test(ts, stream_honours_level_max_and_prefix_setting);
        tcase_add_test(ts, stream_reads_within_budget_per_turn);
        tcase_add_test(ts, unread_output_drops_whole_lines_and_says_so);
        tcase_add_test(ts, output_reader_gone_stops_forwarding);
        suite_add_tcase(s, ts);
        return test_run(s);
}
