/* main-command.h: svcd -- CMD: the command as a transient main.service, the signals svcd
 * forwards to it, and svcd's exit status taken from it (tini's and dumb-init's job).
 *
 * CMD runs as main.service next to the units the boot target pulls in (sidecars), with
 * svcd's stdin, stdout, stderr, environment and working directory, in the terminal's
 * foreground process group. When it ends (and Restart= does not bring it back), svcd
 * shuts everything down and exits with CMD's status: its exit code, 128+N if signal N
 * killed it, 127 if it could not be found, 126 if it could not be executed. */
#pragma once

#include <signal.h>
#include <stdbool.h>

#define MAIN_COMMAND_UNIT "main.service"

struct manager;
struct service;

struct main_command {
        char **argv;            /* CMD and its arguments, as given after "--" */
        bool signal_group;      /* -g: forwarded signals go to CMD's process group */
        int rewrite[_NSIG];     /* --rewrite-signal: the signal sent for each received; 0 drops it */
        bool exit_to_zero[256]; /* -e/--map-exit: these statuses of CMD make svcd exit 0 */
        bool ended;             /* CMD is over (and the manager's exit_status is its status) */
};

/* An empty configuration: no command, every signal sent as itself. */
void main_command_init(struct main_command *mc);
void main_command_done(struct main_command *mc);

/* --rewrite-signal=FROM:TO (names as in kill -l, with or without "SIG", or numbers; TO 0:
 * do not forward FROM). Returns 0, or -EINVAL with a message on stderr. */
int main_command_parse_rewrite(struct main_command *mc, const char *arg);
/* -e/--map-exit=CODE, 0-255. Returns 0, or -EINVAL with a message on stderr. */
int main_command_parse_map_exit(struct main_command *mc, const char *arg);

/* Writes DIR/main.service for mc->argv, where DIR is runtime_dir/transient, which the
 * caller puts first in the unit path (systemd keeps its transient units in
 * /run/systemd/transient). Drop-ins for main.service in the unit path apply as to any
 * unit. Returns 0 with *ret_dir, or -errno (logged). */
int main_command_write_unit(const struct main_command *mc, const char *runtime_dir, char **ret_dir);

/* The signals forwarded to CMD rather than acted on (svcd(8), SIGNALS). */
bool main_command_forwards(int sig);
/* Sends sig (rewritten) to CMD, or its process group. */
void main_command_forward(struct manager *m, int sig);

/* Whether s is the main command's unit. */
bool main_command_is(const struct manager *m, const struct service *s);
/* main.service became inactive: the status svcd exits with, then the shutdown. */
void main_command_on_inactive(struct manager *m, struct service *s);
