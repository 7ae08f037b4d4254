/* test-varlink-framing.c: NUL-terminated JSON framing (libsvc/varlink.c) over a real socketpair. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/varlink.h"
#include "tests/unit/test-helpers.h"

static int fds[2];

static void pair_setup(void) {
        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        ck_assert_int_eq(fd_set_nonblock(fds[1], 1), 0);
}

static void pair_teardown(void) {
        safe_close(fds[0]);
        safe_close(fds[1]);
}

static void send_raw(const void *p, size_t n) {
        ck_assert_int_eq(loop_write(fds[0], p, n), 0);
}

START_TEST(round_trip_two_messages) {
        struct varlink_buffer out = {}, in = {};
        _cleanup_json_ struct json_object *a = varlink_message_call("io.svcd.Manager.ListUnits", NULL, false);
        _cleanup_json_ struct json_object *b = varlink_message_error("io.svcd.Manager.NoSuchUnit", NULL);
        struct json_object *m = NULL;

        ck_assert_int_eq(varlink_buffer_append(&out, a), 0);
        ck_assert_int_eq(varlink_buffer_append(&out, b), 0);
        ck_assert_int_gt(varlink_buffer_pending(&out), 0);
        ck_assert_int_eq(varlink_buffer_flush(&out, fds[0]), 0);
        ck_assert_int_eq(varlink_buffer_pending(&out), 0);

        ck_assert_int_gt(varlink_buffer_fill(&in, fds[1]), 0);
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), 1);
        ck_assert_str_eq(varlink_get_string(m, "method"), "io.svcd.Manager.ListUnits");
        json_object_put(m);
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), 1);
        ck_assert_str_eq(varlink_get_string(m, "error"), "io.svcd.Manager.NoSuchUnit");
        json_object_put(m);
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), 0);
        ck_assert_int_eq(varlink_buffer_fill(&in, fds[1]), -EAGAIN);

        varlink_buffer_done(&out);
        varlink_buffer_done(&in);
}
END_TEST

START_TEST(split_reads) {
        static const char msg[] = "{\"method\":\"org.varlink.service.GetInfo\",\"parameters\":{}}";
        struct varlink_buffer in = {};
        struct json_object *m = NULL;

        /* One byte at a time, NUL included: no message until the NUL arrives. */
        for (size_t i = 0; i < sizeof msg; i++) {
                ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), 0);
                send_raw(msg + i, 1);
                ck_assert_int_eq(varlink_buffer_fill(&in, fds[1]), 1);
        }
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), 1);
        ck_assert_str_eq(varlink_get_string(m, "method"), "org.varlink.service.GetInfo");
        ck_assert_int_eq(varlink_get_int(m, "missing", -7), -7);
        json_object_put(m);
        varlink_buffer_done(&in);
}
END_TEST

START_TEST(invalid_json_and_trailing_garbage) {
        static const char data[] = "{bad\0{}x\0[1]\0\"s\"\0{\"ok\":1}";
        struct varlink_buffer in = {};
        struct json_object *m = NULL;

        send_raw(data, sizeof data); /* the final NUL of the literal ends the last message */
        ck_assert_int_eq(varlink_buffer_fill(&in, fds[1]), (ssize_t) sizeof data);
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), -EBADMSG); /* not JSON */
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), -EBADMSG); /* trailing "x" */
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), -EBADMSG); /* an array */
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), -EBADMSG); /* a string */
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REQUEST_MAX, &m), 1);
        ck_assert_int_eq(varlink_get_int(m, "ok", 0), 1);
        json_object_put(m);
        varlink_buffer_done(&in);
}
END_TEST

START_TEST(oversized) {
        size_t n = 4096;
        char *big = malloc(n);
        struct varlink_buffer in = {};
        struct json_object *m = NULL;

        ck_assert_ptr_nonnull(big);
        memset(big, ' ', n);
        big[0] = '{';
        /* No NUL yet, but already more than max: refuse without waiting for the rest. */
        send_raw(big, n);
        while (varlink_buffer_fill(&in, fds[1]) > 0)
                ;
        ck_assert_int_eq(varlink_buffer_next(&in, 1024, &m), -EMSGSIZE);
        ck_assert_int_eq(varlink_buffer_next(&in, 8192, &m), 0);
        /* Complete, but larger than max. */
        big[n - 2] = '}';
        big[n - 1] = 0;
        varlink_buffer_done(&in);
        send_raw(big, n);
        while (varlink_buffer_fill(&in, fds[1]) > 0)
                ;
        ck_assert_int_eq(varlink_buffer_next(&in, 1024, &m), -EMSGSIZE);
        varlink_buffer_done(&in);
        free(big);
}
END_TEST

START_TEST(eof_and_closed_peer) {
        struct varlink_buffer in = {}, out = {};
        _cleanup_json_ struct json_object *a = varlink_message_reply(NULL, false);

        fds[0] = safe_close(fds[0]);
        ck_assert_int_eq(varlink_buffer_fill(&in, fds[1]), 0);
        ck_assert_int_eq(varlink_buffer_append(&out, a), 0);
        /* MSG_NOSIGNAL: a vanished client is an error, not a SIGPIPE. */
        ck_assert_int_eq(varlink_buffer_flush(&out, fds[1]), -EPIPE);
        varlink_buffer_done(&in);
        varlink_buffer_done(&out);
}
END_TEST

START_TEST(partial_flush_resumes) {
        struct varlink_buffer out = {}, in = {};
        struct json_object *params = json_object_new_object(), *m = NULL;
        size_t n = 512 * 1024;
        char *s = malloc(n + 1);
        ssize_t left;

        ck_assert_ptr_nonnull(s);
        memset(s, 'a', n);
        s[n] = 0;
        json_object_object_add(params, "blob", json_object_new_string(s));
        _cleanup_json_ struct json_object *msg = varlink_message_reply(params, false);
        ck_assert_int_eq(varlink_buffer_append(&out, msg), 0);

        /* The socket buffer is smaller than the message: flush (non-blocking) returns what
         * is still pending, and the next flush picks up where it left off. */
        left = varlink_buffer_flush(&out, fds[1]);
        ck_assert_int_gt(left, 0);
        while (left > 0) {
                ck_assert_int_gt(varlink_buffer_fill(&in, fds[0]), 0);
                left = varlink_buffer_flush(&out, fds[1]);
                ck_assert_int_ge(left, 0);
        }
        ck_assert_int_eq(fd_set_nonblock(fds[0], 1), 0);
        while (varlink_buffer_fill(&in, fds[0]) > 0)
                ;
        ck_assert_int_eq(varlink_buffer_next(&in, VARLINK_REPLY_MAX, &m), 1);
        struct json_object *p = NULL;
        ck_assert(json_object_object_get_ex(m, "parameters", &p));
        ck_assert_uint_eq(strlen(varlink_get_string(p, "blob")), n);
        json_object_put(m);
        varlink_buffer_done(&out);
        varlink_buffer_done(&in);
        free(s);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("varlink-framing");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, pair_setup, pair_teardown);
        tcase_add_test(tc, round_trip_two_messages);
        tcase_add_test(tc, split_reads);
        tcase_add_test(tc, invalid_json_and_trailing_garbage);
        tcase_add_test(tc, oversized);
        tcase_add_test(tc, eof_and_closed_peer);
        tcase_add_test(tc, partial_flush_resumes);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
