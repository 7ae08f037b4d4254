/* test-specifier.c: every specifier of systemd.unit(5) "SPECIFIERS", from a fixed context and from the system. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/macro.h"
#include "tests/unit/test-helpers.h"
#include "units/specifier.h"

static struct specifier_system fixed = {
        .loaded = true,
        .architecture = (char *) "x86-64",
        .boot_id = (char *) "b00b",
        .machine_id = (char *) "0123456789abcdef0123456789abcdef",
        .hostname = (char *) "web1.example.org",
        .pretty_hostname = (char *) "",
        .kernel_release = (char *) "6.1.0-test",
        .os_id = (char *) "debian",
        .os_version_id = (char *) "12",
        .os_variant_id = (char *) "",
        .os_build_id = (char *) "",
        .os_image_id = (char *) "",
        .os_image_version = (char *) "",
        .user_name = (char *) "root",
        .uid = (char *) "0",
        .group_name = (char *) "root",
        .gid = (char *) "0",
        .home = (char *) "/root",
        .shell = (char *) "/bin/sh",
        .runtime_dir = (char *) "/run",
        .state_dir = (char *) "/var/lib",
        .cache_dir = (char *) "/var/cache",
        .logs_dir = (char *) "/var/log",
        .config_dir = (char *) "/etc",
        .tmp_dir = (char *) "/tmp",
        .var_tmp_dir = (char *) "/var/tmp",
};

static char *expand(const char *unit_id, const char *s) {
        const struct specifier_context ctx = { .unit_id = unit_id, .fragment_path = "/lib/systemd/system/x@.service",
                                               .system = &fixed };
        char *out = NULL, which = 0;
        ck_assert_int_eq(specifier_expand(&ctx, s, &out, &which), 0);
        return out;
}

#define CHECK_EXPAND(id, in, want)                                                                   \
        do {                                                                                         \
                char *_o = expand((id), (in));                                                       \
                ck_assert_msg(streq(_o, (want)), "%s in %s: got '%s', want '%s'", (in), (id), _o, (want)); \
                free(_o);                                                                            \
        } while (0)

START_TEST(unit_names) {
        const char *id = "foo-bar@a\\x2db-c.service";

        CHECK_EXPAND(id, "%n", "foo-bar@a\\x2db-c.service");
        CHECK_EXPAND(id, "%N", "foo-bar@a\\x2db-c");
        CHECK_EXPAND(id, "%p", "foo-bar");
        CHECK_EXPAND(id, "%P", "foo/bar");
        CHECK_EXPAND(id, "%i", "a\\x2db-c");
        CHECK_EXPAND(id, "%I", "a-b/c");
        CHECK_EXPAND(id, "%j", "bar");
        CHECK_EXPAND(id, "%J", "bar");
        CHECK_EXPAND(id, "%f", "/a-b/c");
        CHECK_EXPAND(id, "%y", "/lib/systemd/system/x@.service");
        CHECK_EXPAND(id, "%Y", "/lib/systemd/system");

        /* Not an instance: %i is empty, %p is %N, %f is the prefix as a path. */
        CHECK_EXPAND("dev-sda1.service", "[%i][%I]", "[][]");
        CHECK_EXPAND("dev-sda1.service", "%p|%P|%f|%j", "dev-sda1|dev/sda1|/dev/sda1|sda1");
        CHECK_EXPAND("plain.target", "%j %J", "plain plain");
        CHECK_EXPAND("getty@tty1.service", "/sbin/agetty %I", "/sbin/agetty tty1");
}
END_TEST

START_TEST(system_values) {
        const char *id = "a.service";

        CHECK_EXPAND(id, "%a %b %m", "x86-64 b00b 0123456789abcdef0123456789abcdef");
        CHECK_EXPAND(id, "%H %l %q", "web1.example.org web1 web1");
        CHECK_EXPAND(id, "%v %o %w %W %B %M %A", "6.1.0-test debian 12    ");
        CHECK_EXPAND(id, "%u %U %g %G %h %s", "root 0 root 0 /root /bin/sh");
        CHECK_EXPAND(id, "%t %S %C %L %E %T %V", "/run /var/lib /var/cache /var/log /etc /tmp /var/tmp");
        CHECK_EXPAND(id, "%d", "/run/credentials/a.service");
}
END_TEST

START_TEST(every_position_and_percent) {
        CHECK_EXPAND("a.service", "%n", "a.service");
        CHECK_EXPAND("a.service", "x%ny", "xa.servicey");
        CHECK_EXPAND("a.service", "%n%n", "a.servicea.service");
        CHECK_EXPAND("a.service", "100%%", "100%");
        CHECK_EXPAND("a.service", "%%n", "%n");
        CHECK_EXPAND("a.service", "%%%n", "%a.service");
        CHECK_EXPAND("a.service", "trailing %", "trailing %");
        CHECK_EXPAND("a.service", "", "");
        CHECK_EXPAND("a.service", "no specifiers", "no specifiers");
}
END_TEST

START_TEST(unknown_and_unresolvable) {
        const struct specifier_context ctx = { .unit_id = "a.service", .system = &fixed };
        char *out = NULL, which = 0;

        ck_assert_int_eq(specifier_expand(&ctx, "x %Z y", &out, &which), -EBADMSG);
        ck_assert_int_eq(which, 'Z');
        ck_assert_int_eq(specifier_expand(&ctx, "%!", &out, &which), -EBADMSG);
        ck_assert_int_eq(which, '!');
        /* systemd.unit(5): %y "will raise an error" for a unit without a fragment. */
        ck_assert_int_eq(specifier_expand(&ctx, "%y", &out, &which), -ENXIO);
        ck_assert_int_eq(which, 'y');
        ck_assert_ptr_null(out);
}
END_TEST

START_TEST(from_the_system) {
        struct specifier_system sys = {};
        const struct specifier_context ctx = { .unit_id = "a.service", .system = &sys };
        char host[256] = "";
        char *out = NULL, which = 0;

        /* Loaded on first use, as the system manager: root and the FHS directories. */
        unsetenv("TMPDIR");
        unsetenv("TEMP");
        setenv("TMP", "/scratch", 1);
        ck_assert_int_eq(specifier_expand(&ctx, "%u:%U:%h:%t:%S:%C:%L:%E:%T:%V", &out, &which), 0);
        ck_assert_str_eq(out, "root:0:/root:/run:/var/lib:/var/cache:/var/log:/etc:/scratch:/scratch");
        free(out);
        ck_assert(sys.loaded);
        ck_assert_int_eq(gethostname(host, sizeof host - 1), 0);
        ck_assert_str_eq(sys.hostname, host);
        /* %b is 32 hex digits, as systemd prints it (the kernel's file has dashes). */
        ck_assert_uint_eq(strlen(sys.boot_id), 32);
        ck_assert_uint_eq(strspn(sys.boot_id, "0123456789abcdef"), 32);
        ck_assert_ptr_nonnull(sys.machine_id);
        ck_assert_str_ne(sys.architecture, "");
        specifier_system_done(&sys);
        unsetenv("TMP");

        /* A user manager: the XDG directories. */
        setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
        setenv("XDG_CONFIG_HOME", "/home/u/.config", 1);
        setenv("XDG_CACHE_HOME", "/home/u/.cache", 1);
        ck_assert_int_eq(specifier_system_load(&sys, true), 0);
        ck_assert_int_eq(specifier_expand(&ctx, "%t %S %C %L %E %T", &out, &which), 0);
        ck_assert_str_eq(out, "/run/user/1000 /home/u/.config /home/u/.cache /home/u/.config/log /home/u/.config /tmp");
        free(out);
        specifier_system_done(&sys);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("specifier");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, unit_names);
        tcase_add_test(tc, system_values);
        tcase_add_test(tc, every_position_and_percent);
        tcase_add_test(tc, unknown_and_unresolvable);
        tcase_add_test(tc, from_the_system);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
