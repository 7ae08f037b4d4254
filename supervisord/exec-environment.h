/* exec-environment.h: what a spawned process gets from its unit's [Service] execution settings:
 * its environment block, its command line with $VAR/${VAR} expanded, its working directory.
 *
 * The parent computes all of it while building the spawn plan (DESIGN.md decision 2);
 * nothing here runs in the child. */
#pragma once

#include "units/unit.h"

/* systemd's fixed $PATH for the system manager (systemd.exec(5), "$PATH"), with
 * ":/sbin:/bin" appended as Debian 12's systemd 252 (built for unmerged /usr) does. */
#define EXEC_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* 128 random bits as 32 lowercase hex digits plus NUL: $INVOCATION_ID. */
#define EXEC_INVOCATION_ID_MAX 33

struct exec_environment_params {
        const char *unit_id;           /* named in log messages */
        const char *invocation_id;     /* 32 hex digits, or NULL for none */
        char *const *manager_environ;  /* svcd's own environment, read by PassEnvironment= */
        char *const *defined;          /* "NAME=value" svcd defines for this process (USER, HOME, ...) */
        char **ret_failed_file;        /* if not NULL: set to the EnvironmentFile= that failed */
};

/* Makes a fresh invocation id (getrandom(2)). */
int exec_invocation_id_new(char ret[static EXEC_INVOCATION_ID_MAX]);

/* Builds the environment block of a process of the unit, in systemd.exec(5)'s order
 * ("Environment Variables in Spawned Processes"), a later source winning over an earlier:
 * the manager's variables (PATH), the variables it defines (INVOCATION_ID), PassEnvironment=
 * (from manager_environ), Environment=, EnvironmentFile= (files in order); then
 * UnsetEnvironment= removes names and exact assignments as the last step.
 * An EnvironmentFile= that cannot be read fails the build (logged, naming the unit and
 * the file) unless it has the "-" prefix. Returns 0 with *ret, or -errno. */
int exec_environment_build(const struct exec_context *c, const struct exec_environment_params *p, char ***ret);

/* Reads one environment file (systemd.exec(5) EnvironmentFile=: KEY=VALUE lines, "#" and
 * ";" comments, '...' and "..." quoting, backslash continuation) and sets its assignments
 * in *env, later ones replacing earlier ones. Invalid assignments are logged and skipped,
 * as systemd does. Returns 0, or -errno if the file cannot be read. */
int exec_environment_load_file(const char *path, const char *unit_id, char ***env);
/* The same, from text in memory; path is for diagnostics only. */
int exec_environment_parse_text(const char *text, const char *path, const char *unit_id, char ***env);

/* Sets "NAME=value" in *env, replacing an earlier assignment of NAME. */
int exec_environment_set(char ***env, const char *assignment);
/* The value of name in env, or NULL. */
const char *exec_environment_get(char *const *env, const char *name, size_t name_len);
/* systemd's rule for names: ASCII letters, digits and "_", not empty, no leading digit. */
bool exec_environment_name_is_valid(const char *name, size_t len);

/* The argv to execute for c in env, per systemd.service(5) "Command lines": in every
 * argument after argv[0], "${NAME}" is replaced by NAME's value (empty if unset), always
 * within one argument; an argument that is exactly "$NAME" becomes NAME's value split at
 * whitespace into zero or more arguments (quotes respected, then removed); "$$" is "$".
 * With the ":" prefix (EXEC_NO_ENV_EXPAND) argv is copied unchanged. */
int exec_command_expand(const struct exec_command *c, char *const *env, char ***ret_argv);

/* WorkingDirectory= for the spawn plan: *ret NULL when unset; "~" is home (the service
 * user's, or svcd's own when home is NULL); *ret_missing_ok for the "-" prefix, which the
 * child honours. Returns 0, or -errno. */
int exec_working_directory(const struct exec_context *c, const char *home, char **ret, bool *ret_missing_ok);
