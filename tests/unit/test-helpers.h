/* test-helpers.h: what every check test shares: a per-test temp dir, loading unit files, captured warnings. */
#pragma once

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "units/unit.h"

/* The per-test directory (created by test_setup, removed by test_teardown). */
extern char *test_dir;

/* Checked fixture: makes test_dir and starts capturing warnings; teardown undoes both. */
void test_setup(void);
void test_teardown(void);

/* Writes content to test_dir/name; returns the full path (owned by the helper, valid until
 * teardown). Aborts the test on failure. */
const char *test_write_file(const char *name, const char *content);

/* Writes content to test_dir/test.service and loads it with unit_load_file(). */
int test_load_unit(const char *content, struct unit **ret);
int test_load_unit_named(const char *name, const char *content, struct unit **ret);

/* Captured messages at LOG_WARNING or worse, oldest first. */
size_t test_n_warnings(void);
const char *test_warning(size_t i);
const char *test_last_warning(void); /* "" if none */
void test_clear_warnings(void);

/* printf into a buffer that lives until teardown: for expected messages with paths. */
const char *test_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a suite, prints check's report, returns the exit status for main(). */
int test_run(Suite *s);
