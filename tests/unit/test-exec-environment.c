/* test-exec-environment.c: environment blocks, EnvironmentFile= parsing, $VAR expansion and WorkingDirectory= of spawned processes. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-environment.h"
#include "tests/unit/test-helpers.h"

static struct exec_context ctx;
static char **env;

static void setup(void) {
        test_setup();
        memset(&ctx, 0, sizeof ctx);
        env = NULL;
}

static void teardown(void) {
        strv_free(ctx.environment);
        strv_free(ctx.environment_files);
        strv_free(ctx.pass_environment);
        strv_free(ctx.unset_environment);
        free(ctx.working_directory);
        env = strv_free(env);
        test_teardown();
}

static void add(char ***l, const char *s) {
        ck_assert_int_eq(strv_extend(l, s), 0);
}

/* The block as one string, entries separated by "|", for exact comparisons. */
static const char *joined(char *const *l) {
        const char *out = "";

        STRV_FOREACH(e, l)
                out = test_fmt("%s%s%s", out, e == l ? "" : "|", *e);
        return out;
}

static int build(char *const *manager_environ) {
        struct exec_environment_params p = {
                .unit_id = "t.service",
                .invocation_id = "0123456789abcdef0123456789abcdef",
                .manager_environ = manager_environ,
        };
        env = strv_free(env);
        return exec_environment_build(&ctx, &p, &env);
}

START_TEST(defaults_only) {
        char *manager[] = { (char *) "HOME=/root", (char *) "TERM=xterm", (char *) "LANG=C.UTF-8", NULL };

        ck_assert_int_eq(build(manager), 0);
        /* Nothing of svcd's own environment leaks without PassEnvironment=. */
        ck_assert_str_eq(joined(env), "PATH=" EXEC_DEFAULT_PATH "|INVOCATION_ID=0123456789abcdef0123456789abcdef");
}
END_TEST

START_TEST(order_and_override) {
        char *manager[] = { (char *) "TERM=xterm", (char *) "A=from-manager", (char *) "PATH=/manager", NULL };

        add(&ctx.pass_environment, "TERM");
        add(&ctx.pass_environment, "A");
        add(&ctx.pass_environment, "NOT_SET_ANYWHERE");
        add(&ctx.pass_environment, "PATH");
        add(&ctx.environment, "A=from-environment");
        add(&ctx.environment, "B=1");
        add(&ctx.environment, "C=from-environment");
        add(&ctx.environment, "INVOCATION_ID=mine");
        add(&ctx.environment_files, test_write_file("one.env", "C=from-file-one\nD=1\n"));
        add(&ctx.environment_files, test_write_file("two.env", "D=2\n"));
        ck_assert_int_eq(build(manager), 0);
        /* systemd.exec(5): manager < its own variables < PassEnvironment= < Environment= <
         * EnvironmentFile= (in order); a replaced variable keeps its first position. */
        ck_assert_str_eq(joined(env), "PATH=/manager|INVOCATION_ID=mine|TERM=xterm|A=from-environment|B=1|"
                                      "C=from-file-one|D=2");
}
END_TEST

START_TEST(unset_names_and_assignments) {
        char *manager[] = { NULL };

        add(&ctx.environment, "A=1");
        add(&ctx.environment, "B=keep");
        add(&ctx.environment, "C=3");
        add(&ctx.environment_files, test_write_file("f.env", "D=from-file\n"));
        add(&ctx.unset_environment, "A");
        add(&ctx.unset_environment, "B=other");
        add(&ctx.unset_environment, "C=3");
        add(&ctx.unset_environment, "D");
        add(&ctx.unset_environment, "INVOCATION_ID");
        add(&ctx.unset_environment, "NOT_THERE");
        ck_assert_int_eq(build(manager), 0);
        ck_assert_str_eq(joined(env), "PATH=" EXEC_DEFAULT_PATH "|B=keep");

        ctx.unset_environment = strv_free(ctx.unset_environment);
        add(&ctx.unset_environment, "PATH");
        add(&ctx.unset_environment, "INVOCATION_ID");
        add(&ctx.unset_environment, "A");
        add(&ctx.unset_environment, "B");
        add(&ctx.unset_environment, "C");
        add(&ctx.unset_environment, "D");
        ck_assert_int_eq(build(manager), 0);
        ck_assert_ptr_nonnull(env);
        ck_assert_ptr_null(env[0]);
}
END_TEST

static const char *parse_file(const char *text) {
        char **l = NULL;
        const char *out;

        ck_assert_int_eq(exec_environment_parse_text(text, "/x.env", "t.service", &l), 0);
        out = joined(l);
        strv_free(l);
        return out;
}

START_TEST(environment_file_syntax) {
        ck_assert_str_eq(parse_file(""), "");
        ck_assert_str_eq(parse_file("A=1\nB=2"), "A=1|B=2");
        ck_assert_str_eq(parse_file("# comment\n; comment\n\n  \nA=1\n"), "A=1");
        ck_assert_str_eq(parse_file("no equals sign\nA=1\n"), "A=1");
        /* Whitespace around key and value goes, inner whitespace stays. */
        ck_assert_str_eq(parse_file("  A  =   one  two  \t\n"), "A=one  two");
        ck_assert_str_eq(parse_file("A=\nB="), "A=|B=");
        ck_assert_str_eq(parse_file("A=1\nA=2\n"), "A=2");
        /* Single quotes: verbatim, across lines, no escapes. */
        ck_assert_str_eq(parse_file("A='a \\n \"b\"  '\n"), "A=a \\n \"b\"  ");
        ck_assert_str_eq(parse_file("A='line1\nline2'\nB=x\n"), "A=line1\nline2|B=x");
        /* Double quotes: \" \\ \` \$ unescape, other escapes stay, \<newline> continues. */
        ck_assert_str_eq(parse_file("A=\"say \\\"hi\\\" \\$HOME \\\\ \\n\"\n"), "A=say \"hi\" $HOME \\ \\n");
        ck_assert_str_eq(parse_file("A=\"one\\\ntwo\"\n"), "A=onetwo");
        /* Quotes after the first character are literal; text after a closing quote joins. */
        ck_assert_str_eq(parse_file("A=x\"y\" z\n"), "A=x\"y\" z");
        ck_assert_str_eq(parse_file("A=\"x\"y\n"), "A=xy");
        /* Unquoted: backslash keeps the next character, at the end of a line continues it. */
        ck_assert_str_eq(parse_file("A=a\\ b\\\\c\\\nd\nB=2\n"), "A=a b\\cd|B=2");
        ck_assert_str_eq(parse_file("A=trailing\\  \n"), "A=trailing ");
        /* A comment's escaped newline continues the comment (systemd's parser). */
        ck_assert_str_eq(parse_file("# x \\\nA=1\nB=2\n"), "B=2");
        /* An unterminated quote ends with the file. */
        ck_assert_str_eq(parse_file("A='open\n"), "A=open\n");
        /* CRLF files. */
        ck_assert_str_eq(parse_file("A=1\r\nB=2\r\n"), "A=1|B=2");
}
END_TEST

START_TEST(environment_file_invalid_names_skipped) {
        ck_assert_str_eq(parse_file("export FOO=1\nBAR=2\n1X=3\nA-B=4\n"), "BAR=2");
        ck_assert_uint_eq(test_n_warnings(), 3);
        ck_assert_str_eq(test_warning(0),
                         "t.service: /x.env:1: ignoring invalid environment assignment of \"export FOO\" (not a valid variable name).");
        ck_assert_str_eq(test_warning(1),
                         "t.service: /x.env:3: ignoring invalid environment assignment of \"1X\" (not a valid variable name).");
}
END_TEST

START_TEST(environment_file_missing) {
        char *manager[] = { NULL };
        const char *missing = test_fmt("%s/missing.env", test_dir);

        add(&ctx.environment_files, test_fmt("-%s", missing));
        add(&ctx.environment_files, test_write_file("ok.env", "A=1\n"));
        add(&ctx.environment_files, test_fmt("-%s/none-*.env", test_dir));
        ck_assert_int_eq(build(manager), 0);
        ck_assert_str_eq(joined(env + 2), "A=1");
        ck_assert_uint_eq(test_n_warnings(), 0);

        /* Without "-", a missing file fails, and says which unit and which file. */
        add(&ctx.environment_files, missing);
        ck_assert_int_eq(build(manager), -ENOENT);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("t.service: Failed to load environment file %s: No such file or directory", missing));

        /* A directory cannot be read as a file either. */
        ctx.environment_files = strv_free(ctx.environment_files);
        add(&ctx.environment_files, test_dir);
        ck_assert_int_eq(build(manager), -EISDIR);
        ctx.environment_files = strv_free(ctx.environment_files);
        add(&ctx.environment_files, test_fmt("-%s", test_dir));
        ck_assert_int_eq(build(manager), 0);
}
END_TEST

START_TEST(environment_file_glob) {
        char *manager[] = { NULL };

        test_write_file("b.env", "X=b\nB=1\n");
        test_write_file("a.env", "X=a\nA=1\n");
        add(&ctx.environment_files, test_fmt("%s/*.env", test_dir));
        ck_assert_int_eq(build(manager), 0);
        ck_assert_str_eq(joined(env + 2), "X=b|A=1|B=1");
}
END_TEST

static const char *expand(const char *const *argv, unsigned flags, char *const *e) {
        struct exec_command c = { .path = (char *) argv[0], .argv = (char **) argv, .flags = flags };
        char **out = NULL;
        const char *s;

        ck_assert_int_eq(exec_command_expand(&c, e, &out), 0);
        s = test_fmt("%zu:%s", strv_length(out), joined(out));
        strv_free(out);
        return s;
}

START_TEST(command_line_expansion) {
        char *e[] = { (char *) "ONE=one", (char *) "TWO=two two", (char *) "EMPTY=",
                      (char *) "Q='one' \"two two\" too", (char *) "SP=  a   b  ", NULL };

        /* systemd.service(5)'s first example: "one", "two", "two", "two two". */
        ck_assert_str_eq(expand((const char *[]) { "echo", "$ONE", "$TWO", "${TWO}", NULL }, 0, e),
                         "5:echo|one|two|two|two two");
        /* ${} inside a word; unset and empty give an empty argument; $ alone in a word stays. */
        ck_assert_str_eq(expand((const char *[]) { "x", "--a=${ONE}/${TWO}", "${UNSET}", "${EMPTY}", "a$ONE", NULL }, 0, e),
                         "5:x|--a=one/two two|||a$ONE");
        /* $NAME unset or empty: no argument at all. */
        ck_assert_str_eq(expand((const char *[]) { "x", "$UNSET", "$EMPTY", "end", NULL }, 0, e), "2:x|end");
        /* Quotes in a $NAME value group and are removed; runs of whitespace split once. */
        ck_assert_str_eq(expand((const char *[]) { "x", "$Q", "$SP", NULL }, 0, e), "6:x|one|two two|too|a|b");
        /* "$$" is a literal "$", as a word and inside one; an unterminated ${ is literal. */
        ck_assert_str_eq(expand((const char *[]) { "x", "$$", "$$ONE", "a$${ONE}", "${ONE", NULL }, 0, e),
                         "5:x|$|$ONE|a${ONE}|${ONE");
        /* argv[0] is never expanded. */
        ck_assert_str_eq(expand((const char *[]) { "${ONE}", "${ONE}", NULL }, 0, e), "2:${ONE}|one");
        /* ":" prefix: nothing is expanded. */
        ck_assert_str_eq(expand((const char *[]) { "x", "$ONE", "${TWO}", "$$", NULL }, EXEC_NO_ENV_EXPAND, e),
                         "4:x|$ONE|${TWO}|$$");
}
END_TEST

START_TEST(working_directory) {
        char *wd = (char *) "x";
        bool missing_ok = true;

        ck_assert_int_eq(exec_working_directory(&ctx, NULL, &wd, &missing_ok), 0);
        ck_assert_ptr_null(wd);
        ck_assert(!missing_ok);

        ctx.working_directory = strdup("/nonexistent/svcd-test-dir");
        ck_assert_int_eq(exec_working_directory(&ctx, NULL, &wd, &missing_ok), 0);
        ck_assert_str_eq(wd, "/nonexistent/svcd-test-dir"); /* the child's chdir() fails: 200/CHDIR */
        ck_assert(!missing_ok);
        free(wd);
        free(ctx.working_directory);

        ctx.working_directory = strdup("-/nonexistent/svcd-test-dir");
        ck_assert_int_eq(exec_working_directory(&ctx, NULL, &wd, &missing_ok), 0);
        ck_assert_str_eq(wd, "/nonexistent/svcd-test-dir"); /* the child falls back to "/" */
        ck_assert(missing_ok);
        free(wd);
        free(ctx.working_directory);

        ctx.working_directory = strdup("~");
        ck_assert_int_eq(exec_working_directory(&ctx, NULL, &wd, &missing_ok), 0);
        ck_assert(path_is_absolute(wd));
        if (geteuid() == 0)
                ck_assert_str_eq(wd, "/root");
        free(wd);
        /* With User=, "~" is that user's home. */
        ck_assert_int_eq(exec_working_directory(&ctx, "/home/svc", &wd, &missing_ok), 0);
        ck_assert_str_eq(wd, "/home/svc");
        free(wd);
}
END_TEST

START_TEST(invocation_ids_differ) {
        char a[EXEC_INVOCATION_ID_MAX], b[EXEC_INVOCATION_ID_MAX];

        ck_assert_int_eq(exec_invocation_id_new(a), 0);
        ck_assert_int_eq(exec_invocation_id_new(b), 0);
        ck_assert_uint_eq(strlen(a), 32);
        ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 32);
        ck_assert_str_ne(a, b);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("exec-environment");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, defaults_only);
        tcase_add_test(tc, order_and_override);
        tcase_add_test(tc, unset_names_and_assignments);
        tcase_add_test(tc, environment_file_syntax);
        tcase_add_test(tc, environment_file_invalid_names_skipped);
        tcase_add_test(tc, environment_file_missing);
        tcase_add_test(tc, environment_file_glob);
        tcase_add_test(tc, command_line_expansion);
        tcase_add_test(tc, working_directory);
        tcase_add_test(tc, invocation_ids_differ);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
