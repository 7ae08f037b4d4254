/* parse-exec-env.c: parsers for Exec*= lines, the environment, paths and standard I/O (systemd.exec(5)). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/exec-line.h"
#include "units/unit.h"
#include "units/value-parsers.h"

/* Exec*=: systemd.service(5): "If the empty string is assigned to this option, the list
 * of commands to start is reset, prior assignments of this option will have no effect." */
int value_parse_exec(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct exec_command **commands = data;
        size_t *n = (size_t *) ((char *) ctx->unit + ltype);
        const char *reason = NULL;
        int r;

        if (*value == 0) {
                exec_command_free_array(*commands, *n);
                *commands = NULL;
                *n = 0;
                return 0;
        }
        r = exec_line_parse(value, ctx->line, commands, n, &reason);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                value_count_bad();
                log_warning("%s:%u: %s=%s is not a valid command line (%s), ignoring.", ctx->path, ctx->line,
                            ctx->key, value, reason);
        }
        return 0;
}

static bool env_assignment_is_valid(const char *s) {
        const char *eq = strchr(s, '=');

        if (!eq || eq == s || isdigit((unsigned char) *s))
                return false;
        for (const char *p = s; p < eq; p++)
                if ((unsigned char) *p <= ' ' || (unsigned char) *p >= 127)
                        return false;
        return true;
}

/* Replaces an earlier assignment of the same name: the last one wins (systemd.exec(5)). */
static int add_env(const struct directive_context *ctx, const char *word, void *data) {
        char ***env = data;
        size_t name_len;

        if (!env_assignment_is_valid(word))
                return -EINVAL;
        name_len = strchr(word, '=') - word + 1;
        for (char **e = *env; e && *e; e++)
                if (strneq(*e, word, name_len)) {
                        char *copy = strdup(word);
                        if (!copy)
                                return -ENOMEM;
                        free(*e);
                        *e = copy;
                        return 0;
                }
        return strv_extend(env, word);
}

/* Environment=: "VAR1=word1 "VAR2=word 2"", quoted as systemd.syntax(7). */
int value_parse_environment(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***env = data;

        if (*value == 0) {
                *env = strv_free(*env);
                return 0;
        }
        return value_for_each_word(ctx, value, "a valid environment assignment (VAR=value)", add_env, env);
}

/* EnvironmentFile=: one absolute path, "-" prefix for "may be missing"; globs allowed. */
int value_parse_environment_file(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***files = data;

        if (*value == 0) {
                *files = strv_free(*files);
                return 0;
        }
        if (!value_path_is_valid(value, VALUE_PATH_DASH))
                return value_warn_bad(ctx, value, "an absolute path (with an optional \"-\" prefix)");
        return strv_extend(files, value) < 0 ? log_oom() : 0;
}

/* WorkingDirectory=: an absolute path or "~", optionally "-" prefixed. */
int value_parse_working_directory(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value && !value_path_is_valid(value, VALUE_PATH_DASH | VALUE_PATH_TILDE))
                return value_warn_bad(ctx, value, "an absolute path or \"~\"");
        return value_parse_string(ctx, value, data, 0);
}

struct path_list_state {
        char ***list;
        unsigned flags;
};

static int add_path(const struct directive_context *ctx, const char *word, void *data) {
        struct path_list_state *st = data;

        if (!value_path_is_valid(word, st->flags))
                return -EINVAL;
        return strv_contains(*st->list, word) ? 0 : strv_extend(st->list, word);
}

int value_parse_path_list(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct path_list_state st = { data, (unsigned) ltype };

        if (*value == 0) {
                *st.list = strv_free(*st.list);
                return 0;
        }
        return value_for_each_word(ctx, value, "an absolute path", add_path, &st);
}

/* ExecSearchPath=: colon-separated absolute paths; each assignment replaces the last. */
int value_parse_exec_search_path(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***list = data;
        _cleanup_(strv_freep) char **l = NULL;
        _cleanup_free_ char *copy = strdup(value);
        char *save = NULL;

        if (!copy)
                return log_oom();
        for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
                if (!value_path_is_valid(p, 0))
                        return value_warn_bad(ctx, value, "a colon-separated list of absolute paths");
                if (strv_extend(&l, p) < 0)
                        return log_oom();
        }
        strv_free(*list);
        *list = TAKE_PTR(l);
        return 0;
}

/* BindPaths=: "[-]SRC[:DEST[:OPTIONS]]", OPTIONS "rbind" or "norbind", both paths absolute. */
static int add_bind_path(const struct directive_context *ctx, const char *word, void *data) {
        _cleanup_free_ char *copy = strdup(word);
        char *src, *dest, *opts;

        if (!copy)
                return -ENOMEM;
        src = copy;
        dest = strchr(src, ':');
        opts = NULL;
        if (dest) {
                *dest++ = 0;
                opts = strchr(dest, ':');
                if (opts)
                        *opts++ = 0;
        }
        if (!value_path_is_valid(src, VALUE_PATH_DASH) || (dest && !value_path_is_valid(dest, 0)) ||
            (opts && !streq(opts, "rbind") && !streq(opts, "norbind")))
                return -EINVAL;
        return strv_extend(data, word);
}

int value_parse_bind_paths(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "a bind mount (SOURCE[:DESTINATION[:OPTIONS]])", add_bind_path,
                                   data);
}

/* TemporaryFileSystem=: "PATH[:OPTIONS]". */
static int add_tmpfs(const struct directive_context *ctx, const char *word, void *data) {
        _cleanup_free_ char *path = strndup(word, strcspn(word, ":"));

        if (!path)
                return -ENOMEM;
        if (!value_path_is_valid(path, 0))
                return -EINVAL;
        return strv_extend(data, word);
}

int value_parse_temporary_fs(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "a file system path (PATH[:OPTIONS])", add_tmpfs, data);
}

/* MountImages=, ExtensionImages=: "[-]IMAGE[:DEST][:PARTITION:OPTIONS...]"; the first
 * field must be an absolute path. */
static int add_image(const struct directive_context *ctx, const char *word, void *data) {
        _cleanup_free_ char *image = strndup(word, strcspn(word, ":"));

        if (!image)
                return -ENOMEM;
        if (!value_path_is_valid(image, VALUE_PATH_DASH))
                return -EINVAL;
        return strv_extend(data, word);
}

int value_parse_image_list(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "an image (IMAGE[:DESTINATION[:OPTIONS]])", add_image, data);
}

/* RootImageOptions=: "[PARTITION:]OPTIONS" words. */
static int add_image_option(const struct directive_context *ctx, const char *word, void *data) {
        return *word == ':' ? -EINVAL : strv_extend(data, word);
}

int value_parse_image_options(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "an image mount option", add_image_option, data);
}

/* RootHash=, RootHashSignature=: hex (or "base64:") data, or an absolute path. */
int value_parse_root_hash(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        bool ok = value_path_is_valid(value, 0) || startswith(value, "base64:");

        if (!ok && *value) {
                ok = strlen(value) % 2 == 0;
                for (const char *s = value; ok && *s; s++)
                        ok = isxdigit((unsigned char) *s);
        }
        if (*value && !ok)
                return value_warn_bad(ctx, value, "a hex hash, \"base64:\" data or an absolute path");
        return value_parse_string(ctx, value, data, 0);
}

/* RuntimeDirectory= and friends: relative paths without ".." below the base directory,
 * optionally ":SYMLINK". */
static bool relative_dir_is_valid(const char *s) {
        if (!*s || *s == '/' || strlen(s) >= 4096)
                return false;
        for (const char *p = s; (p = strstr(p, "..")); p += 2)
                if ((p == s || p[-1] == '/') && (p[2] == '/' || p[2] == 0 || p[2] == ':'))
                        return false;
        return true;
}

static int add_exec_directory(const struct directive_context *ctx, const char *word, void *data) {
        const char *colon = strchr(word, ':');
        _cleanup_free_ char *dir = strndup(word, colon ? (size_t) (colon - word) : strlen(word));

        if (!dir)
                return -ENOMEM;
        if (!relative_dir_is_valid(dir) || (colon && !relative_dir_is_valid(colon + 1)))
                return -EINVAL;
        return strv_contains(*(char ***) data, word) ? 0 : strv_extend(data, word);
}

int value_parse_exec_directories(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "a relative directory name", add_exec_directory, data);
}

/* LoadCredential=ID[:PATH], SetCredential=ID:DATA. The ID is a file name. */
int value_parse_credential(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***list = data;
        const char *colon = strchr(value, ':');
        size_t id_len = colon ? (size_t) (colon - value) : strlen(value);
        bool ok = id_len > 0 && id_len < 256 && !memchr(value, '/', id_len) &&
                  !(id_len <= 2 && strneq(value, "..", id_len));

        if (*value == 0) {
                *list = strv_free(*list);
                return 0;
        }
        if ((ltype & 1) && !colon)
                ok = false;
        if (!ok)
                return value_warn_bad(ctx, value, (ltype & 1) ? "a credential (ID:DATA)" : "a credential (ID[:PATH])");
        if (ltype & 2)
                unit_exec_mut(ctx->unit)->credentials_encrypted = true;
        return strv_extend(list, value) < 0 ? log_oom() : 0;
}

/* LogExtraFields=: "FIELD=value", FIELD of [A-Z0-9_], not starting with "_" or a digit
 * (systemd.journal-fields(7)). */
static int add_journal_field(const struct directive_context *ctx, const char *word, void *data) {
        const char *eq = strchr(word, '=');

        if (!eq || eq == word || *word == '_' || isdigit((unsigned char) *word) || eq - word > 64)
                return -EINVAL;
        for (const char *s = word; s < eq; s++)
                if (!isupper((unsigned char) *s) && !isdigit((unsigned char) *s) && *s != '_')
                        return -EINVAL;
        return strv_extend(data, word);
}

int value_parse_log_extra_fields(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "a journal field assignment (FIELD=value)", add_journal_field, data);
}

/* StandardInput=: null, tty, tty-force, tty-fail, data, file:PATH, socket, fd:NAME. */
int value_parse_std_input(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const names[] = { "null", "tty", "tty-force", "tty-fail", "socket", "data" };
        enum exec_input *in = data;
        char **arg = &unit_exec_mut(ctx->unit)->std_input_arg;
        const char *rest;

        if (*value == 0) {
                *in = exec_context_defaults.std_input;
                free(*arg);
                *arg = NULL;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(value, names[i])) {
                        *in = (enum exec_input) i;
                        free(*arg);
                        *arg = NULL;
                        return 0;
                }
        if ((rest = startswith(value, "file:")) && value_path_is_valid(rest, 0)) {
                *in = EXEC_INPUT_FILE;
        } else if ((rest = startswith(value, "fd:")) && strlen(rest) < 256 && !strchr(rest, ':')) {
                *in = EXEC_INPUT_FD;
        } else
                return value_warn_bad(ctx, value, "an input (null, tty, tty-force, tty-fail, data, file:PATH, socket, fd:NAME)");
        free(*arg);
        *arg = *rest ? strdup(rest) : NULL;
        if (*rest && !*arg)
                return log_oom();
        return 0;
}

/* StandardOutput=, StandardError=: systemd.exec(5); "syslog" and "syslog+console" are
 * older spellings systemd maps to the journal. */
int value_parse_std_output(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const struct {
                const char *name;
                enum exec_output output;
        } names[] = {
                { "inherit", EXEC_OUTPUT_INHERIT },
                { "null", EXEC_OUTPUT_NULL },
                { "tty", EXEC_OUTPUT_TTY },
                { "journal", EXEC_OUTPUT_JOURNAL },
                { "syslog", EXEC_OUTPUT_JOURNAL },
                { "kmsg", EXEC_OUTPUT_KMSG },
                { "journal+console", EXEC_OUTPUT_JOURNAL_AND_CONSOLE },
                { "syslog+console", EXEC_OUTPUT_JOURNAL_AND_CONSOLE },
                { "kmsg+console", EXEC_OUTPUT_KMSG_AND_CONSOLE },
                { "socket", EXEC_OUTPUT_SOCKET },
        };
        static const struct {
                const char *prefix;
                enum exec_output output;
        } prefixes[] = {
                { "file:", EXEC_OUTPUT_FILE },
                { "append:", EXEC_OUTPUT_APPEND },
                { "truncate:", EXEC_OUTPUT_TRUNCATE },
                { "fd:", EXEC_OUTPUT_FD },
        };
        enum exec_output *out = data;
        struct exec_context *c = unit_exec_mut(ctx->unit); /* made by directive_apply() */
        char **arg = ltype ? &c->std_error_arg : &c->std_output_arg;
        const char *rest = NULL;

        if (*value == 0) {
                value_reset(ctx, data, sizeof *out);
                free(*arg);
                *arg = NULL;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(value, names[i].name)) {
                        *out = names[i].output;
                        free(*arg);
                        *arg = NULL;
                        return 0;
                }
        for (size_t i = 0; i < ELEMENTSOF(prefixes); i++) {
                rest = startswith(value, prefixes[i].prefix);
                if (!rest)
                        continue;
                if (prefixes[i].output == EXEC_OUTPUT_FD ? (strlen(rest) < 256 && !strchr(rest, ':'))
                                                         : value_path_is_valid(rest, 0)) {
                        char *copy = *rest ? strdup(rest) : NULL;
                        if (*rest && !copy)
                                return log_oom();
                        *out = prefixes[i].output;
                        free(*arg);
                        *arg = copy;
                        return 0;
                }
                break;
        }
        return value_warn_bad(ctx, value,
                              "an output (inherit, null, tty, journal, kmsg, journal+console, kmsg+console, "
                              "file:PATH, append:PATH, truncate:PATH, socket, fd:NAME)");
}

static int base64_value(char c) {
        static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *p = c ? strchr(alphabet, c) : NULL;
        return p ? (int) (p - alphabet) : -1;
}

/* Decodes base64, ignoring whitespace; -EINVAL on anything else. */
static int base64_decode(const char *s, char **ret, size_t *ret_size) {
        _cleanup_free_ char *out = malloc(strlen(s) / 4 * 3 + 4);
        size_t n = 0, pad = 0;
        unsigned acc = 0, bits = 0, chars = 0;

        if (!out)
                return -ENOMEM;
        for (; *s; s++) {
                int v;
                if (isspace((unsigned char) *s))
                        continue;
                if (*s == '=') {
                        pad++;
                        chars++;
                        continue;
                }
                if (pad || (v = base64_value(*s)) < 0)
                        return -EINVAL;
                acc = (acc << 6) | (unsigned) v;
                bits += 6;
                chars++;
                if (bits >= 8) {
                        bits -= 8;
                        out[n++] = (char) ((acc >> bits) & 0xff);
                }
        }
        if (chars % 4 != 0 || pad > 2)
                return -EINVAL;
        *ret = TAKE_PTR(out);
        *ret_size = n;
        return 0;
}

/* StandardInputText= appends the text and a newline (C escapes decoded, as systemd
 * does); StandardInputData= appends base64-decoded data. Empty resets both. */
int value_parse_std_input_data(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct exec_context *c = unit_exec_mut(ctx->unit); /* made by directive_apply() */
        _cleanup_free_ char *chunk = NULL;
        size_t size = 0;
        char *grown;

        if (*value == 0) {
                free(c->std_input_data);
                c->std_input_data = NULL;
                c->std_input_data_size = 0;
                return 0;
        }
        if (ltype) {
                int r = base64_decode(value, &chunk, &size);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0)
                        return value_warn_bad(ctx, value, "valid base64 data");
        } else {
                size = strlen(value) + 1;
                chunk = malloc(size);
                if (!chunk)
                        return log_oom();
                memcpy(chunk, value, size - 1);
                chunk[size - 1] = '\n';
        }
        grown = realloc(c->std_input_data, c->std_input_data_size + size + 1);
        if (!grown)
                return log_oom();
        memcpy(grown + c->std_input_data_size, chunk, size);
        c->std_input_data_size += size;
        grown[c->std_input_data_size] = 0;
        c->std_input_data = grown;
        return 0;
}
