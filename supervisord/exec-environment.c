/* exec-environment.c: a spawned process' environment block, $VAR expansion of its command line, its working directory.
 *
 * References: systemd.exec(5) "Environment", "Environment Variables in Spawned
 * Processes", WorkingDirectory=; systemd.service(5) "Command lines". Where the man pages
 * leave a detail open (the exact EnvironmentFile= grammar), systemd 252's parser
 * (src/basic/env-file.c) is the reference and the comments say so. */
#include <errno.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strbuf.h"
#include "libsvc/strv.h"
#include "supervisord/exec-environment.h"

#define WHITESPACE " \t\n\r"

bool exec_environment_name_is_valid(const char *name, size_t len) {
        if (len == 0 || (name[0] >= '0' && name[0] <= '9'))
                return false;
        for (size_t i = 0; i < len; i++) {
                char ch = name[i];
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
                        return false;
        }
        return true;
}

const char *exec_environment_get(char *const *env, const char *name, size_t name_len) {
        STRV_FOREACH(e, env)
                if (strneq(*e, name, name_len) && (*e)[name_len] == '=')
                        return *e + name_len + 1;
        return NULL;
}

/* Takes ownership of assignment ("NAME=value"), replacing an earlier NAME. */
static int env_set_consume(char ***env, char *assignment) {
        size_t name_len = strcspn(assignment, "=");

        for (char **e = *env; e && *e; e++)
                if (strneq(*e, assignment, name_len) && (*e)[name_len] == '=') {
                        free(*e);
                        *e = assignment;
                        return 0;
                }
        return strv_consume(env, assignment);
}

int exec_environment_set(char ***env, const char *assignment) {
        char *copy = strdup(assignment);

        if (!copy)
                return -ENOMEM;
        return env_set_consume(env, copy);
}

int exec_invocation_id_new(char ret[static EXEC_INVOCATION_ID_MAX]) {
        static const char hex[] = "0123456789abcdef";
        unsigned char bytes[16];
        size_t got = 0;

        while (got < sizeof bytes) {
                ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                got += (size_t) n;
        }
        for (size_t i = 0; i < sizeof bytes; i++) {
                ret[2 * i] = hex[bytes[i] >> 4];
                ret[2 * i + 1] = hex[bytes[i] & 15];
        }
        ret[32] = 0;
        return 0;
}

/* --- EnvironmentFile= ------------------------------------------------------------------ */

/* One finished KEY=VALUE of a file. systemd reads a key with inner whitespace ("export
 * FOO=1") and then drops the assignment as invalid, with a message; so does svcd. */
static int env_file_push(const char *path, unsigned line, const char *unit_id, struct strbuf *key,
                         struct strbuf *value, char ***env) {
        char *assignment;

        if (!exec_environment_name_is_valid(key->s ? key->s : "", key->len)) {
                log_warning("%s: %s:%u: ignoring invalid environment assignment of \"%s\" (not a valid variable name).",
                            unit_id, path, line, key->s ? key->s : "");
                return 0;
        }
        if (asprintf(&assignment, "%s=%s", key->s, value->s ? value->s : "") < 0)
                return -ENOMEM;
        return env_set_consume(env, assignment);
}

static void strbuf_reset(struct strbuf *b) {
        b->len = 0;
        if (b->s)
                b->s[0] = 0;
}

static int strbuf_putc(struct strbuf *b, char ch) {
        return strbuf_put(b, &ch, 1);
}

/* The state machine of systemd 252's parse_env_file_internal(): unquoted values keep
 * inner whitespace and lose leading and trailing whitespace; "\" escapes the next
 * character and "\<newline>" continues the line; '...' is verbatim and may span lines;
 * in "...", "\" unescapes only " \ ` $ (and eats a newline), else stays; a quote after the
 * first character of an unquoted value is literal; comments start a line with # or ;. */
int exec_environment_parse_text(const char *text, const char *path, const char *unit_id, char ***env) {
        enum {
                PRE_KEY,
                KEY,
                PRE_VALUE,
                VALUE,
                VALUE_ESCAPE,
                SINGLE_QUOTE_VALUE,
                DOUBLE_QUOTE_VALUE,
                DOUBLE_QUOTE_VALUE_ESCAPE,
                COMMENT,
                COMMENT_ESCAPE,
        } state = PRE_KEY;
        struct strbuf key = {}, value = {};
        size_t key_trailing_ws = SIZE_MAX, value_trailing_ws = SIZE_MAX;
        unsigned line = 1, key_line = 1;
        int r = 0;

        for (const char *p = text; *p && r >= 0; p++) {
                char ch = *p;

                switch (state) {
                case PRE_KEY:
                        if (ch == '#' || ch == ';')
                                state = COMMENT;
                        else if (!strchr(WHITESPACE, ch)) {
                                state = KEY;
                                key_line = line;
                                key_trailing_ws = SIZE_MAX;
                                r = strbuf_putc(&key, ch);
                        }
                        break;
                case KEY:
                        if (ch == '\n' || ch == '\r') {
                                /* A line without "=": ignored. */
                                state = PRE_KEY;
                                strbuf_reset(&key);
                        } else if (ch == '=') {
                                state = PRE_VALUE;
                                value_trailing_ws = SIZE_MAX;
                        } else {
                                if (!strchr(WHITESPACE, ch))
                                        key_trailing_ws = SIZE_MAX;
                                else if (key_trailing_ws == SIZE_MAX)
                                        key_trailing_ws = key.len;
                                r = strbuf_putc(&key, ch);
                        }
                        break;
                case PRE_VALUE:
                case VALUE:
                        if (ch == '\n' || ch == '\r') {
                                if (state == VALUE && value_trailing_ws != SIZE_MAX)
                                        value.s[value.len = value_trailing_ws] = 0;
                                if (key_trailing_ws != SIZE_MAX)
                                        key.s[key.len = key_trailing_ws] = 0;
                                r = env_file_push(path, key_line, unit_id, &key, &value, env);
                                strbuf_reset(&key);
                                strbuf_reset(&value);
                                state = PRE_KEY;
                        } else if (state == PRE_VALUE && ch == '\'')
                                state = SINGLE_QUOTE_VALUE;
                        else if (state == PRE_VALUE && ch == '"')
                                state = DOUBLE_QUOTE_VALUE;
                        else if (ch == '\\') {
                                state = VALUE_ESCAPE;
                                value_trailing_ws = SIZE_MAX;
                        } else if (state == VALUE) {
                                if (!strchr(WHITESPACE, ch))
                                        value_trailing_ws = SIZE_MAX;
                                else if (value_trailing_ws == SIZE_MAX)
                                        value_trailing_ws = value.len;
                                r = strbuf_putc(&value, ch);
                        } else if (!strchr(WHITESPACE, ch)) {
                                state = VALUE;
                                r = strbuf_putc(&value, ch);
                        }
                        break;
                case VALUE_ESCAPE:
                        state = VALUE;
                        if (ch != '\n' && ch != '\r')
                                r = strbuf_putc(&value, ch);
                        break;
                case SINGLE_QUOTE_VALUE:
                        if (ch == '\'')
                                state = PRE_VALUE;
                        else
                                r = strbuf_putc(&value, ch);
                        break;
                case DOUBLE_QUOTE_VALUE:
                        if (ch == '"')
                                state = PRE_VALUE;
                        else if (ch == '\\')
                                state = DOUBLE_QUOTE_VALUE_ESCAPE;
                        else
                                r = strbuf_putc(&value, ch);
                        break;
                case DOUBLE_QUOTE_VALUE_ESCAPE:
                        state = DOUBLE_QUOTE_VALUE;
                        if (strchr("\"\\`$", ch))
                                r = strbuf_putc(&value, ch);
                        else if (ch != '\n') {
                                r = strbuf_putc(&value, '\\');
                                if (r >= 0)
                                        r = strbuf_putc(&value, ch);
                        }
                        break;
                case COMMENT:
                        if (ch == '\\')
                                state = COMMENT_ESCAPE;
                        else if (ch == '\n' || ch == '\r')
                                state = PRE_KEY;
                        break;
                case COMMENT_ESCAPE:
                        state = COMMENT;
                        break;
                }
                if (ch == '\n')
                        line++;
        }

        /* The last line may lack its newline; an unterminated quote ends at the end. */
        if (r >= 0 && state != PRE_KEY && state != KEY && state != COMMENT && state != COMMENT_ESCAPE) {
                if (state == VALUE && value_trailing_ws != SIZE_MAX)
                        value.s[value.len = value_trailing_ws] = 0;
                if (key_trailing_ws != SIZE_MAX)
                        key.s[key.len = key_trailing_ws] = 0;
                r = env_file_push(path, key_line, unit_id, &key, &value, env);
        }
        free(key.s);
        free(value.s);
        return r < 0 ? r : 0;
}

int exec_environment_load_file(const char *path, const char *unit_id, char ***env) {
        _cleanup_free_ char *text = NULL;
        FILE *f = NULL;
        size_t size = 0;
        int r;

        /* Regular files only: a FIFO named here must not block PID 1. */
        r = fopen_regular(path, &f);
        if (r < 0)
                return r;
        {
                FILE *mem = open_memstream(&text, &size);
                char buf[4096];
                size_t n;

                if (!mem) {
                        fclose(f);
                        return -ENOMEM;
                }
                errno = 0;
                while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                        if (fwrite(buf, 1, n, mem) != n)
                                break;
                r = ferror(f) ? (errno > 0 ? -errno : -EIO) : 0;
                if (fclose(mem) != 0 && r == 0)
                        r = -ENOMEM;
                fclose(f);
        }
        if (r < 0)
                return r;
        if (memchr(text, 0, size))
                return -EBADMSG; /* systemd.exec(5): NUL is not allowed in the file */
        return exec_environment_parse_text(text, path, unit_id, env);
}

/* EnvironmentFile= takes a path or a glob, "-" prefixed if it may be missing. */
static void report_failed_file(const struct exec_environment_params *p, const char *path) {
        if (p->ret_failed_file) {
                free(*p->ret_failed_file);
                *p->ret_failed_file = strdup(path);
        }
}

static int load_environment_files(const struct exec_context *c, const struct exec_environment_params *p,
                                  char ***env) {
        const char *unit_id = p->unit_id;

        STRV_FOREACH(entry, c->environment_files) {
                bool missing_ok = **entry == '-';
                const char *pattern = *entry + missing_ok;
                glob_t g = {};
                int r, gr;

                gr = glob(pattern, GLOB_ERR, NULL, &g);
                if (gr != 0) {
                        globfree(&g);
                        if (gr == GLOB_NOSPACE)
                                return log_oom();
                        if (missing_ok)
                                continue;
                        r = gr == GLOB_NOMATCH ? -ENOENT : -EIO;
                        report_failed_file(p, pattern);
                        return log_error_errno(r, "%s: Failed to load environment file %s: %m", unit_id, pattern);
                }
                for (size_t i = 0; i < g.gl_pathc; i++) {
                        r = exec_environment_load_file(g.gl_pathv[i], unit_id, env);
                        if (r == -ENOMEM) {
                                globfree(&g);
                                return log_oom();
                        }
                        if (r < 0 && !missing_ok) {
                                log_error_errno(r, "%s: Failed to load environment file %s: %m", unit_id, g.gl_pathv[i]);
                                report_failed_file(p, g.gl_pathv[i]);
                                globfree(&g);
                                return r;
                        }
                }
                globfree(&g);
        }
        return 0;
}

static int pass_environment(const struct exec_context *c, char *const *manager_environ, char ***env) {
        STRV_FOREACH(name, c->pass_environment) {
                const char *v = exec_environment_get(manager_environ, *name, strlen(*name));
                char *assignment;

                /* "Variables specified that are not set for the system manager will not
                 * be passed and will be silently ignored." */
                if (!v)
                        continue;
                if (asprintf(&assignment, "%s=%s", *name, v) < 0)
                        return -ENOMEM;
                if (env_set_consume(env, assignment) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* UnsetEnvironment=: "NAME" removes any assignment of NAME, "NAME=value" only that one. */
static void unset_environment(const struct exec_context *c, char **env) {
        STRV_FOREACH(u, c->unset_environment) {
                bool exact = strchr(*u, '=') != NULL;
                size_t name_len = strcspn(*u, "=");
                char **w = env;

                for (char **e = env; e && *e; e++) {
                        bool match = exact ? streq(*e, *u) : strneq(*e, *u, name_len) && (*e)[name_len] == '=';
                        if (match)
                                free(*e);
                        else
                                *w++ = *e;
                }
                if (w)
                        *w = NULL;
        }
}

int exec_environment_build(const struct exec_context *c, const struct exec_environment_params *p, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;
        int r;

        /* 1. The manager's own variables: svcd has no DefaultEnvironment= (yet), so only
         *    PATH. LANG is not passed on by default: systemd takes it from locale.conf,
         *    which svcd does not read; PassEnvironment=LANG passes svcd's. */
        if (exec_environment_set(&env, "PATH=" EXEC_DEFAULT_PATH) < 0)
                return -ENOMEM;
        /* 2. What the manager defines for each process: INVOCATION_ID, and what the
         *    caller adds (USER, LOGNAME, HOME, SHELL for units with User=, the
         *    *_DIRECTORY variables). NOTIFY_SOCKET comes with Type=notify. */
        if (p->invocation_id) {
                _cleanup_free_ char *a = NULL;
                if (asprintf(&a, "INVOCATION_ID=%s", p->invocation_id) < 0 || exec_environment_set(&env, a) < 0)
                        return -ENOMEM;
        }
        STRV_FOREACH(a, p->defined)
                if (exec_environment_set(&env, *a) < 0)
                        return -ENOMEM;
        /* 3. PassEnvironment=, 4. Environment=, 5. EnvironmentFile=: later wins. */
        if (pass_environment(c, p->manager_environ, &env) < 0)
                return -ENOMEM;
        STRV_FOREACH(a, c->environment)
                if (exec_environment_set(&env, *a) < 0)
                        return -ENOMEM;
        r = load_environment_files(c, p, &env);
        if (r < 0)
                return r;
        /* 6. "as the final step all variables listed in UnsetEnvironment= are removed". */
        unset_environment(c, env);
        if (!env && !(env = calloc(1, sizeof(char *))))
                return -ENOMEM;
        *ret = TAKE_PTR(env);
        return 0;
}

/* --- $VAR and ${VAR} in command lines ----------------------------------------------------- */

/* Splits a value the way systemd splits an expanded "$NAME" (extract_first_word() with
 * EXTRACT_UNQUOTE|EXTRACT_RELAX): at whitespace; '...' and "..." group and are removed;
 * a backslash keeps the next character; an unterminated quote ends with the value. */
static int split_value(const char *s, char ***argv) {
        for (;;) {
                struct strbuf w = {};
                char quote = 0;
                int r;

                s += strspn(s, WHITESPACE);
                if (!*s)
                        return 0;
                r = strbuf_put(&w, "", 0); /* '' is one empty argument */
                for (; *s && (quote || !strchr(WHITESPACE, *s)) && r >= 0; s++) {
                        if (*s == '\\' && s[1])
                                r = strbuf_putc(&w, *++s);
                        else if (quote && *s == quote)
                                quote = 0;
                        else if (!quote && (*s == '\'' || *s == '"'))
                                quote = *s;
                        else
                                r = strbuf_putc(&w, *s);
                }
                if (r < 0) {
                        free(w.s);
                        return -ENOMEM;
                }
                if (strv_consume(argv, w.s) < 0)
                        return -ENOMEM;
        }
}

/* "${NAME}" replaced by its value (nothing if unset), "$$" by "$"; any other "$" is kept,
 * and so is an unterminated "${...". */
static int expand_word(const char *word, char *const *env, char **ret) {
        struct strbuf b = {};
        int r = strbuf_put(&b, "", 0);

        for (const char *p = word; *p && r >= 0;) {
                const char *end;

                if (p[0] == '$' && p[1] == '$') {
                        r = strbuf_putc(&b, '$');
                        p += 2;
                } else if (p[0] == '$' && p[1] == '{' && (end = strchr(p + 2, '}'))) {
                        const char *v = exec_environment_get(env, p + 2, (size_t) (end - p - 2));
                        if (v)
                                r = strbuf_put(&b, v, strlen(v));
                        p = end + 1;
                } else
                        r = strbuf_putc(&b, *p++);
        }
        if (r < 0 || !b.s) {
                free(b.s);
                return -ENOMEM;
        }
        *ret = b.s;
        return 0;
}

int exec_command_expand(const struct exec_command *c, char *const *env, char ***ret_argv) {
        _cleanup_strv_free_ char **argv = NULL;

        if (!c->argv || !c->argv[0])
                return -EINVAL;
        /* argv[0] stays as written: "the first argument (i.e. the program to execute) may
         * not be a variable" (systemd.service(5)), and it must remain one argument. */
        if (strv_extend(&argv, c->argv[0]) < 0)
                return -ENOMEM;
        for (char *const *a = c->argv + 1; *a; a++) {
                char *word;

                if (c->flags & EXEC_NO_ENV_EXPAND) {
                        if (strv_extend(&argv, *a) < 0)
                                return -ENOMEM;
                        continue;
                }
                /* A word "$NAME" of a valid name; other words with "$" go through
                 * expand_word(), so "$" alone or "$5" stays literal. */
                if ((*a)[0] == '$' && exec_environment_name_is_valid(*a + 1, strlen(*a + 1))) {
                        const char *v = exec_environment_get(env, *a + 1, strlen(*a + 1));
                        if (v && split_value(v, &argv) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (expand_word(*a, env, &word) < 0 || strv_consume(&argv, word) < 0)
                        return -ENOMEM;
        }
        *ret_argv = TAKE_PTR(argv);
        return 0;
}

/* --- WorkingDirectory= ------------------------------------------------------------------ */

/* "~" is User='s home. Until User= is applied, processes run as svcd's user, so it is
 * that user's home ("/root" for root). */
static int home_directory(char **ret) {
        struct passwd pw, *result = NULL;
        char buf[4096];
        const char *home = NULL;

        if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &result) == 0 && result && result->pw_dir &&
            path_is_absolute(result->pw_dir))
                home = result->pw_dir;
        else if (geteuid() == 0)
                home = "/root";
        if (!home)
                return -ENXIO;
        *ret = strdup(home);
        return *ret ? 0 : -ENOMEM;
}

int exec_working_directory(const struct exec_context *c, const char *home, char **ret, bool *ret_missing_ok) {
        const char *wd = c->working_directory;
        bool missing_ok;
        char *path;
        int r;

        *ret = NULL;
        *ret_missing_ok = false;
        if (!wd || !*wd)
                return 0;
        missing_ok = *wd == '-';
        wd += missing_ok;
        if (streq(wd, "~")) {
                if (home)
                        path = strdup(home);
                else {
                        r = home_directory(&path);
                        if (r < 0)
                                return r;
                }
        } else
                path = strdup(wd);
        if (!path)
                return -ENOMEM;
        /* "-": "a missing working directory is not considered fatal"; systemd then leaves
         * the process in "/". The child decides, in its own filesystem view (a sandbox or
         * RootDirectory= may show another tree than ours); without "-", its chdir() fails
         * and the start fails with 200/CHDIR. */
        *ret = path;
        *ret_missing_ok = missing_ok;
        return 0;
}
