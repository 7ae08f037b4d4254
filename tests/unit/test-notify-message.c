/* test-notify-message.c: parsing one sd_notify(3) datagram: every variable, bad values as
 * warnings, unknown variables ignored, the later assignment winning, and whole-datagram
 * failures (oversize, NUL bytes, empty, not UTF-8, a line without '='). */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "supervisord/notify-message.h"
#include "tests/unit/test-helpers.h"

static struct notify_message m;

static void message_teardown(void) {
        notify_message_done(&m);
}

/* Parses a C string (without its NUL); the result lands in m. */
static int parse(const char *s) {
        notify_message_done(&m);
        return notify_message_parse(s, strlen(s), &m);
}

/* Field by field: padding bytes are not part of the value. */
static bool message_is_empty(const struct notify_message *x) {
        return !x->ready && !x->reloading && !x->stopping && !x->watchdog_ping && !x->watchdog_trigger &&
               !x->fdstore && !x->fdstore_remove && !x->fdpoll_disabled && !x->barrier && !x->status && !x->fdname &&
               !x->has_errno && x->errno_value == 0 && x->main_pid == 0 && x->monotonic_usec == 0 &&
               !x->has_watchdog_usec && x->watchdog_usec == 0 && !x->has_extend_timeout &&
               x->extend_timeout_usec == 0 && !x->warnings;
}

/* n copies of c, in a buffer that lives until the next call. */
static const char *repeat(char c, size_t n) {
        static char buf[512];

        ck_assert_uint_lt(n, sizeof buf);
        memset(buf, c, n);
        buf[n] = 0;
        return buf;
}

START_TEST(every_variable) {
        ck_assert_int_eq(parse("READY=1\nRELOADING=1\nSTOPPING=1\nSTATUS=Serving 3 clients\nERRNO=2\n"
                               "MAINPID=4711\nWATCHDOG=1\nWATCHDOG_USEC=20000000\nEXTEND_TIMEOUT_USEC=5000000\n"
                               "MONOTONIC_USEC=123456789\nFDSTORE=1\nFDSTOREREMOVE=1\nFDNAME=db socket\n"
                               "FDPOLL=0\nBARRIER=1\n"),
                         0);
        ck_assert(m.ready);
        ck_assert(m.reloading);
        ck_assert(m.stopping);
        ck_assert_str_eq(m.status, "Serving 3 clients");
        ck_assert(m.has_errno);
        ck_assert_int_eq(m.errno_value, 2);
        ck_assert_int_eq(m.main_pid, 4711);
        ck_assert(m.watchdog_ping);
        ck_assert(!m.watchdog_trigger);
        ck_assert(m.has_watchdog_usec);
        ck_assert_uint_eq(m.watchdog_usec, 20000000);
        ck_assert(m.has_extend_timeout);
        ck_assert_uint_eq(m.extend_timeout_usec, 5000000);
        ck_assert_uint_eq(m.monotonic_usec, 123456789);
        ck_assert(m.fdstore);
        ck_assert(m.fdstore_remove);
        ck_assert_str_eq(m.fdname, "db socket");
        ck_assert(m.fdpoll_disabled);
        ck_assert(m.barrier);
        ck_assert_ptr_null(m.warnings);
}
END_TEST

START_TEST(single_variables_leave_the_rest_unset) {
        ck_assert_int_eq(parse("READY=1"), 0);
        ck_assert(m.ready);
        ck_assert(!m.reloading && !m.stopping && !m.watchdog_ping && !m.fdstore && !m.barrier);
        ck_assert_ptr_null(m.status);
        ck_assert_ptr_null(m.fdname);
        ck_assert(!m.has_errno && !m.has_watchdog_usec && !m.has_extend_timeout);
        ck_assert_int_eq(m.main_pid, 0);
        ck_assert_uint_eq(m.monotonic_usec, 0);

        ck_assert_int_eq(parse("WATCHDOG=trigger"), 0);
        ck_assert(m.watchdog_trigger);
        ck_assert(!m.watchdog_ping);
        ck_assert(!m.ready);

        ck_assert_int_eq(parse("ERRNO=0"), 0); /* "no error" is a value */
        ck_assert(m.has_errno);
        ck_assert_int_eq(m.errno_value, 0);
        ck_assert_int_eq(parse("ERRNO=4095"), 0);
        ck_assert_int_eq(m.errno_value, 4095);

        ck_assert_int_eq(parse("EXTEND_TIMEOUT_USEC=0"), 0);
        ck_assert(m.has_extend_timeout);
        ck_assert_uint_eq(m.extend_timeout_usec, 0);

        ck_assert_int_eq(parse("WATCHDOG_USEC=18446744073709551615"), 0);
        ck_assert_uint_eq(m.watchdog_usec, UINT64_MAX);

        ck_assert_int_eq(parse("MAINPID=2"), 0);
        ck_assert_int_eq(m.main_pid, 2);
        ck_assert_int_eq(parse("MAINPID=2147483647"), 0);
        ck_assert_int_eq(m.main_pid, 2147483647);
}
END_TEST

START_TEST(status_may_be_empty_or_hold_anything) {
        ck_assert_int_eq(parse("STATUS="), 0);
        ck_assert_str_eq(m.status, "");
        ck_assert_int_eq(parse("STATUS=a=b; c:d \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80"), 0);
        ck_assert_str_eq(m.status, "a=b; c:d \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80");
        ck_assert_ptr_null(m.warnings);
}
END_TEST

START_TEST(unknown_variables_are_ignored) {
        ck_assert_int_eq(parse("X_MYAPP=whatever\nBUSERROR=org.freedesktop.DBus.Error.TimedOut\nready=1\n"
                               "READY =1\n=empty name\nSTATUS=ok"),
                         0);
        ck_assert(!m.ready); /* names are case-sensitive and exact */
        ck_assert_str_eq(m.status, "ok");
        ck_assert_ptr_null(m.warnings);
}
END_TEST

START_TEST(later_assignment_wins) {
        ck_assert_int_eq(parse("STATUS=first\nMAINPID=100\nFDNAME=a\nERRNO=1\nWATCHDOG_USEC=1\n"
                               "STATUS=second\nMAINPID=200\nFDNAME=b\nERRNO=5\nWATCHDOG_USEC=2"),
                         0);
        ck_assert_str_eq(m.status, "second");
        ck_assert_int_eq(m.main_pid, 200);
        ck_assert_str_eq(m.fdname, "b");
        ck_assert_int_eq(m.errno_value, 5);
        ck_assert_uint_eq(m.watchdog_usec, 2);

        ck_assert_int_eq(parse("WATCHDOG=1\nWATCHDOG=trigger"), 0);
        ck_assert(m.watchdog_trigger && !m.watchdog_ping);
        ck_assert_int_eq(parse("WATCHDOG=trigger\nWATCHDOG=1"), 0);
        ck_assert(m.watchdog_ping && !m.watchdog_trigger);
}
END_TEST

/* A bad later assignment is a warning and is ignored: the earlier good one stays. */
START_TEST(bad_later_assignment_keeps_the_earlier) {
        ck_assert_int_eq(parse("MAINPID=100\nMAINPID=abc\nREADY=1\nREADY=2"), 0);
        ck_assert_int_eq(m.main_pid, 100);
        ck_assert(m.ready);
        ck_assert_uint_eq(strv_length(m.warnings), 2);
        ck_assert_str_eq(m.warnings[0], "MAINPID=abc: not a valid process id");
        ck_assert_str_eq(m.warnings[1], "READY=2: only READY=1 is defined");
}
END_TEST

/* Each bad value: one warning, exactly worded, and nothing set. */
static const struct {
        const char *text;
        const char *warning;
} bad_values[] = {
        { "READY=2", "READY=2: only READY=1 is defined" },
        { "READY=0", "READY=0: only READY=1 is defined" },
        { "READY=", "READY=: only READY=1 is defined" },
        { "READY=1 ", "READY=1 : only READY=1 is defined" },
        { "RELOADING=yes", "RELOADING=yes: only RELOADING=1 is defined" },
        { "STOPPING=true", "STOPPING=true: only STOPPING=1 is defined" },
        { "FDSTORE=0", "FDSTORE=0: only FDSTORE=1 is defined" },
        { "FDSTOREREMOVE=2", "FDSTOREREMOVE=2: only FDSTOREREMOVE=1 is defined" },
        { "FDPOLL=1", "FDPOLL=1: only FDPOLL=0 is defined" },
        { "BARRIER=0", "BARRIER=0: only BARRIER=1 is defined" },
        { "WATCHDOG=0", "WATCHDOG=0: only WATCHDOG=1 and WATCHDOG=trigger are defined" },
        { "WATCHDOG=TRIGGER", "WATCHDOG=TRIGGER: only WATCHDOG=1 and WATCHDOG=trigger are defined" },
        { "MAINPID=abc", "MAINPID=abc: not a valid process id" },
        { "MAINPID=1", "MAINPID=1: not a valid process id" },
        { "MAINPID=0", "MAINPID=0: not a valid process id" },
        { "MAINPID=-5", "MAINPID=-5: not a valid process id" },
        { "MAINPID=+5", "MAINPID=+5: not a valid process id" },
        { "MAINPID= 5", "MAINPID= 5: not a valid process id" },
        { "MAINPID=5x", "MAINPID=5x: not a valid process id" },
        { "MAINPID=", "MAINPID=: not a valid process id" },
        { "MAINPID=2147483648", "MAINPID=2147483648: not a valid process id" },
        { "MAINPID=99999999999999999999999", "MAINPID=99999999999999999999999: not a valid process id" },
        { "ERRNO=-3", "ERRNO=-3: not an errno number (0-4095)" },
        { "ERRNO=4096", "ERRNO=4096: not an errno number (0-4095)" },
        { "ERRNO=ENOENT", "ERRNO=ENOENT: not an errno number (0-4095)" },
        { "ERRNO=", "ERRNO=: not an errno number (0-4095)" },
        { "WATCHDOG_USEC=0", "WATCHDOG_USEC=0: not a positive number of microseconds" },
        { "WATCHDOG_USEC=5s", "WATCHDOG_USEC=5s: not a positive number of microseconds" },
        { "WATCHDOG_USEC=18446744073709551616",
          "WATCHDOG_USEC=18446744073709551616: not a positive number of microseconds" },
        { "EXTEND_TIMEOUT_USEC=-1", "EXTEND_TIMEOUT_USEC=-1: not a number of microseconds" },
        { "EXTEND_TIMEOUT_USEC=", "EXTEND_TIMEOUT_USEC=: not a number of microseconds" },
        { "MONOTONIC_USEC=0", "MONOTONIC_USEC=0: not a CLOCK_MONOTONIC timestamp in microseconds" },
        { "MONOTONIC_USEC=now", "MONOTONIC_USEC=now: not a CLOCK_MONOTONIC timestamp in microseconds" },
        { "FDNAME=", "FDNAME=: not a file descriptor name (1-255 printable ASCII characters, no ':')" },
        { "FDNAME=a:b", "FDNAME=a:b: not a file descriptor name (1-255 printable ASCII characters, no ':')" },
        { "FDNAME=tab\there",
          "FDNAME=tab\\x09here: not a file descriptor name (1-255 printable ASCII characters, no ':')" },
        { "FDNAME=esc\x1b[31m",
          "FDNAME=esc\\x1b[31m: not a file descriptor name (1-255 printable ASCII characters, no ':')" },
        { "FDNAME=del\x7f", "FDNAME=del\\x7f: not a file descriptor name (1-255 printable ASCII characters, no ':')" },
        { "FDNAME=caf\xc3\xa9",
          "FDNAME=caf\xc3\xa9: not a file descriptor name (1-255 printable ASCII characters, no ':')" },
};

START_TEST(bad_value_is_a_warning_and_unset) {
        ck_assert_int_eq(parse(bad_values[_i].text), 0);
        ck_assert_uint_eq(strv_length(m.warnings), 1);
        ck_assert_str_eq(m.warnings[0], bad_values[_i].warning);
        char **w = TAKE_PTR(m.warnings);
        ck_assert(message_is_empty(&m));
        m.warnings = w;
}
END_TEST

START_TEST(fdname_length_bound) {
        char text[8 + 256 + 1] = "FDNAME=";

        memset(text + 7, 'n', 255);
        text[7 + 255] = 0;
        ck_assert_int_eq(parse(text), 0);
        ck_assert_uint_eq(strlen(m.fdname), 255);
        ck_assert_ptr_null(m.warnings);

        text[7 + 255] = 'n';
        text[7 + 256] = 0;
        ck_assert_int_eq(parse(text), 0);
        ck_assert_ptr_null(m.fdname);
        ck_assert_uint_eq(strv_length(m.warnings), 1);
        /* The warning shows 64 bytes of the value, then "...". */
        ck_assert_str_eq(m.warnings[0], test_fmt("FDNAME=%s...: not a file descriptor name (1-255 printable ASCII "
                                                 "characters, no ':')", repeat('n', 64)));
}
END_TEST

/* A long bad value is cut in the warning at a character boundary, never mid-character. */
START_TEST(warning_cuts_value_at_character_boundary) {
        char text[256] = "MAINPID=";
        size_t o = strlen(text);

        /* 63 ASCII bytes, then 'é' (2 bytes) straddling the 64-byte cut. */
        memset(text + o, '7', 63);
        o += 63;
        memcpy(text + o, "\xc3\xa9zzz", 6);
        ck_assert_int_eq(parse(text), 0);
        ck_assert_uint_eq(strv_length(m.warnings), 1);
        ck_assert_str_eq(m.warnings[0], test_fmt("MAINPID=%s...: not a valid process id", repeat('7', 63)));
}
END_TEST

START_TEST(trailing_newline_and_trailing_nul_are_fine) {
        ck_assert_int_eq(parse("READY=1\n"), 0);
        ck_assert(m.ready);
        ck_assert_int_eq(parse("STATUS=x\nREADY=1\n"), 0);
        ck_assert_str_eq(m.status, "x");
        ck_assert(m.ready);

        /* One trailing NUL, as systemd tolerates (a client sending sizeof a literal). */
        notify_message_done(&m);
        ck_assert_int_eq(notify_message_parse("READY=1\n", 9, &m), 0);
        ck_assert(m.ready);
        notify_message_done(&m);
        ck_assert_int_eq(notify_message_parse("STATUS=a", 9, &m), 0);
        ck_assert_str_eq(m.status, "a");
}
END_TEST

/* A string literal as bytes, NULs inside it included. */
#define BYTES(s) { s, sizeof(s) - 1 }

START_TEST(malformed_datagrams) {
        static const struct {
                const char *buf;
                size_t len;
        } bad[] = {
                BYTES(""),                              /* empty */
                BYTES("\n"),                            /* nothing but the trailing newline */
                BYTES("\0"),                            /* nothing but a trailing NUL */
                BYTES("READY=1\0STATUS=x"),             /* embedded NUL */
                BYTES("\0READY=1"),                     /* NUL first */
                BYTES("READY=1\0\0"),                   /* two trailing NULs */
                BYTES("READY=1\nhello"),                /* a line without '=' */
                BYTES("hello"),
                BYTES("READY=1\n\nSTATUS=x"),           /* an empty line inside */
                BYTES("READY=1\n\n"),                   /* two trailing newlines: an empty line */
                BYTES("\nREADY=1"),                     /* an empty first line */
                BYTES("STATUS=a\xff" "b"),              /* not UTF-8 */
                BYTES("STATUS=\xc0\x80"),               /* overlong NUL */
                BYTES("STATUS=\xed\xa0\x80"),           /* a UTF-16 surrogate */
                BYTES("STATUS=\xf4\x90\x80\x80"),       /* above U+10FFFF */
                BYTES("STATUS=\xe2\x82"),               /* a character cut off at the end */
                BYTES("X_BIN=\x80"),                    /* in an unknown variable too */
        };

        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                notify_message_done(&m);
                memset(&m, 0xaa, sizeof m); /* failure must zero it */
                ck_assert_msg(notify_message_parse(bad[i].buf, bad[i].len, &m) == -EBADMSG, "case %zu", i);
                ck_assert(message_is_empty(&m));
        }
}
END_TEST

START_TEST(size_limit) {
        char buf[NOTIFY_MESSAGE_MAX + 2];

        /* Exactly NOTIFY_MESSAGE_MAX bytes: accepted. */
        memcpy(buf, "STATUS=", 7);
        memset(buf + 7, 's', sizeof buf - 7);
        ck_assert_int_eq(notify_message_parse(buf, NOTIFY_MESSAGE_MAX, &m), 0);
        ck_assert_uint_eq(strlen(m.status), NOTIFY_MESSAGE_MAX - 7);
        notify_message_done(&m);

        /* One more: refused whole, even though it is otherwise fine. */
        memset(&m, 0xaa, sizeof m);
        ck_assert_int_eq(notify_message_parse(buf, NOTIFY_MESSAGE_MAX + 1, &m), -EMSGSIZE);
        ck_assert(message_is_empty(&m));
        ck_assert_int_eq(notify_message_parse(buf, SIZE_MAX, &m), -EMSGSIZE);
        ck_assert(message_is_empty(&m));
}
END_TEST

START_TEST(done_is_idempotent) {
        ck_assert_int_eq(parse("STATUS=x\nFDNAME=y\nMAINPID=z"), 0);
        notify_message_done(&m);
        ck_assert(message_is_empty(&m));
        notify_message_done(&m);
        notify_message_done(NULL);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-notify-message");
        TCase *tc = tcase_create("parse");

        tcase_add_checked_fixture(tc, NULL, message_teardown);
        tcase_add_test(tc, every_variable);
        tcase_add_test(tc, single_variables_leave_the_rest_unset);
        tcase_add_test(tc, status_may_be_empty_or_hold_anything);
        tcase_add_test(tc, unknown_variables_are_ignored);
        tcase_add_test(tc, later_assignment_wins);
        tcase_add_test(tc, bad_later_assignment_keeps_the_earlier);
        tcase_add_loop_test(tc, bad_value_is_a_warning_and_unset, 0, ELEMENTSOF(bad_values));
        tcase_add_test(tc, fdname_length_bound);
        tcase_add_test(tc, warning_cuts_value_at_character_boundary);
        tcase_add_test(tc, trailing_newline_and_trailing_nul_are_fine);
        tcase_add_test(tc, malformed_datagrams);
        tcase_add_test(tc, size_limit);
        tcase_add_test(tc, done_is_idempotent);
        suite_add_tcase(s, tc);
        return test_run(s);
}
