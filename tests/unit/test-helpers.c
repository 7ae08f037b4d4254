/* test-helpers.c: temp dirs, unit-file loading and warning capture shared by the check tests. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"

char *test_dir;
static char **warnings;  /* captured messages */
static char **allocated; /* test_fmt and test_write_file results */

static void capture(int level, const char *message, void *userdata) {
        if (strv_extend(&warnings, message) < 0)
                abort();
}

void test_setup(void) {
        char tmpl[] = "/tmp/svcd-test-XXXXXX";

        ck_assert_ptr_nonnull(mkdtemp(tmpl));
        test_dir = strdup(tmpl);
        ck_assert_ptr_nonnull(test_dir);
        log_set_capture(capture, NULL);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        return remove(path);
}

void test_teardown(void) {
        log_set_capture(NULL, NULL);
        if (test_dir)
                nftw(test_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(test_dir);
        test_dir = NULL;
        warnings = strv_free(warnings);
        allocated = strv_free(allocated);
}

static const char *keep(char *s) {
        ck_assert_ptr_nonnull(s);
        ck_assert_int_eq(strv_consume(&allocated, s), 0);
        return s;
}

const char *test_fmt(const char *fmt, ...) {
        va_list ap;
        char *s;

        va_start(ap, fmt);
        ck_assert_int_ge(vasprintf(&s, fmt, ap), 0);
        va_end(ap);
        return keep(s);
}

const char *test_write_file(const char *name, const char *content) {
        const char *path = test_fmt("%s/%s", test_dir, name);
        FILE *f = fopen(path, "we");

        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fputs(content, f) >= 0 || !*content, 1);
        ck_assert_int_eq(fclose(f), 0);
        return path;
}

int test_load_unit_named(const char *name, const char *content, struct unit **ret) {
        return unit_load_file(test_write_file(name, content), NULL, ret);
}

int test_load_unit(const char *content, struct unit **ret) {
        return test_load_unit_named("test.service", content, ret);
}

size_t test_n_warnings(void) {
        return strv_length(warnings);
}

const char *test_warning(size_t i) {
        ck_assert_uint_lt(i, test_n_warnings());
        return warnings[i];
}

const char *test_last_warning(void) {
        size_t n = test_n_warnings();
        return n > 0 ? warnings[n - 1] : "";
}

void test_clear_warnings(void) {
        warnings = strv_free(warnings);
}

/* check(3) fails a test that runs longer than CK_DEFAULT_TIMEOUT, 4 s unless set: a timed
 * assertion, which a loaded machine failed (test-unit-path's 3,000 links took over 4 s while
 * the integration tests ran beside it). Set before main() makes its test cases, so it is every
 * case's default; hangs are still caught, here and by meson's own timeout. The environment
 * may still say otherwise. */
__attribute__((constructor)) static void default_test_timeout(void) {
        setenv("CK_DEFAULT_TIMEOUT", "30", /* overwrite= */ 0);
}

int test_run(Suite *s) {
        SRunner *sr = srunner_create(s);
        int failed;

        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
