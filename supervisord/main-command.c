/* main-command.c: svcd -- CMD: main.service written for CMD, signals forwarded to it, and
 * the exit status svcd takes from it (main-command.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/spawn.h"
#include "libsvc/strbuf.h"
#include "libsvc/strv.h"
#include "units/unit.h"
#include "supervisord/emergency-action.h"
#include "supervisord/exec-environment.h"
#include "supervisord/main-command.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"
#include "units/exec-line.h"

extern char **environ;

void main_command_init(struct main_command *mc) {
        *mc = (struct main_command) {};
        for (int sig = 0; sig < _NSIG; sig++)
                mc->rewrite[sig] = sig;
}

void main_command_done(struct main_command *mc) {
        strv_free(mc->argv);
        mc->argv = NULL;
}

int main_command_parse_rewrite(struct main_command *mc, const char *arg) {
        const char *colon = strchr(arg, ':');
        _cleanup_free_ char *from_text = colon ? strndup(arg, colon - arg) : NULL;
        int from, to;

        if (!colon) {
                fprintf(stderr, "svcd: --rewrite-signal=%s: expected FROM:TO, e.g. TERM:QUIT.\n", arg);
                return -EINVAL;
        }
        if (!from_text)
                return -ENOMEM;
        from = signal_from_string(from_text);
        to = streq(colon + 1, "0") ? 0 : signal_from_string(colon + 1);
        if (from <= 0 || from >= _NSIG || to < 0 || to >= _NSIG) {
                fprintf(stderr, "svcd: --rewrite-signal=%s: not a signal.\n", arg);
                return -EINVAL;
        }
        mc->rewrite[from] = to;
        return 0;
}

int main_command_parse_map_exit(struct main_command *mc, const char *arg) {
        char *end;
        long v;

        errno = 0;
        v = strtol(arg, &end, 10);
        if (errno || end == arg || *end || v < 0 || v > 255) {
                fprintf(stderr, "svcd: --map-exit=%s: expected an exit status from 0 to 255.\n", arg);
                return -EINVAL;
        }
        mc->exit_to_zero[v] = true;
        return 0;
}

/* What of svcd's own environment the command does not get: the variables that talk to
 * svcd's parent (sd_notify(3), sd_listen_fds(3), sd_watchdog_enabled(3)) and svcd's own
 * settings. Everything else passes, as tini passes it: `docker run -e` is for CMD. */
static bool env_is_svcd_own(const char *name, size_t len) {
        static const char *const own[] = { "NOTIFY_SOCKET", "LISTEN_PID",   "LISTEN_FDS",
                                           "LISTEN_FDNAMES", "WATCHDOG_PID", "WATCHDOG_USEC" };

        for (size_t i = 0; i < ELEMENTSOF(own); i++)
                if (strlen(own[i]) == len && strneq(name, own[i], len))
                        return true;
        return len >= 5 && strneq(name, "SVCD_", 5);
}

static int put_text(struct strbuf *b, const char *text) {
        return strbuf_put(b, text, strlen(text));
}

/* A value for a unit file: specifiers are expanded before anything else reads it. */
static int put_unit_value(struct strbuf *b, const char *v) {
        int r = 0;

        for (const char *c = v; r >= 0 && *c; c++)
                r = *c == '%' ? strbuf_put(b, "%%", 2) : strbuf_put(b, c, 1);
        return r;
}

/* CMD's executable as execvp(3) finds it with svcd's $PATH, so that `svcd -- app` runs
 * what `docker run image app` would; NULL if not found (the start then fails as
 * ExecStart= with a missing program does: 203/EXEC). */
static char *resolve_program(const char *name) {
        _cleanup_strv_free_ char **dirs = NULL;
        _cleanup_free_ char *copy = NULL;
        const char *path = getenv("PATH");
        char *ret = NULL, *save = NULL;

        /* ./app: relative to svcd's working directory, as the shell that typed it meant. */
        if (strchr(name, '/') && name[0] != '/') {
                char cwd[PATH_MAX];
                return getcwd(cwd, sizeof cwd) && asprintf(&ret, "%s/%s", cwd, name) >= 0 ? ret : NULL;
        }
        /* $PATH's absolute directories; without any, spawn_resolve_path()'s fixed list. */
        copy = strdup(path ? path : "");
        for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d; d = strtok_r(NULL, ":", &save))
                if (*d == '/' && strv_extend(&dirs, d) < 0)
                        return NULL;
        return spawn_resolve_path(name, dirs, &ret) >= 0 ? ret : NULL;
}

static int format_unit(const struct main_command *mc, char **ret) {
        _cleanup_free_ char *program = resolve_program(mc->argv[0]), *exec = NULL;
        struct exec_command c = {
                .path = program ? program : mc->argv[0],
                .argv = mc->argv,
                /* argv[0] as given; no $VAR expansion: the words are CMD's own. */
                .flags = EXEC_ARGV0 | EXEC_NO_ENV_EXPAND,
        };
        struct strbuf b = {};
        char cwd[PATH_MAX];
        int r;

        r = exec_line_format(&c, &exec);
        if (r < 0)
                return r;
        r = put_text(&b, "# Written by svcd for its main command (svcd -- CMD) at every start.\n"
                           "[Unit]\nDescription=Main command: ");
        if (r >= 0)
                r = put_unit_value(&b, mc->argv[0]);
        if (r >= 0)
                r = put_text(&b, "\n\n[Service]\nType=exec\nExecStart=");
        if (r >= 0)
                r = put_unit_value(&b, exec);
        if (r >= 0 && getcwd(cwd, sizeof cwd)) {
                /* Docker's WORKDIR is svcd's working directory: CMD's too. */
                r = put_text(&b, "\nWorkingDirectory=");
                if (r >= 0)
                        r = put_unit_value(&b, cwd);
        }
        if (r >= 0 && mc->rewrite[SIGTERM] != SIGTERM && mc->rewrite[SIGTERM] != 0) {
                /* --rewrite-signal=TERM:X: CMD stops with X, as dumb-init would send it. */
                r = put_text(&b, "\nKillSignal=");
                if (r >= 0)
                        r = put_text(&b, signal_to_string(mc->rewrite[SIGTERM]));
        }
        for (char **e = environ; r >= 0 && e && *e; e++) {
                const char *eq = strchr(*e, '=');
                size_t len = eq ? (size_t) (eq - *e) : 0;
                if (!eq || !exec_environment_name_is_valid(*e, len) || env_is_svcd_own(*e, len))
                        continue;
                r = put_text(&b, "\nPassEnvironment=");
                if (r >= 0)
                        r = strbuf_put(&b, *e, len);
        }
        if (r >= 0)
                r = put_text(&b, "\n");
        if (r < 0) {
                free(b.s);
                return r;
        }
        *ret = b.s;
        return 0;
}

int main_command_write_unit(const struct main_command *mc, const char *runtime_dir, char **ret_dir) {
        _cleanup_free_ char *dir = NULL, *path = NULL, *tmp = NULL, *text = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        if (asprintf(&dir, "%s/transient", runtime_dir) < 0 || asprintf(&path, "%s/" MAIN_COMMAND_UNIT, dir) < 0 ||
            asprintf(&tmp, "%s.tmp", path) < 0)
                return log_oom();
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create %s for the main command: %m", dir);
        /* It comes first on the unit path: one someone else made (or could write to) would
         * let them add drop-ins to main.service, which runs as svcd's user. */
        struct stat st;
        if (lstat(dir, &st) < 0)
                return log_error_errno(-errno, "Cannot check %s: %m", dir);
        if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022) != 0)
                return log_error_errno(-EPERM, "%s is not a directory of svcd's own that only it can write; "
                                               "refusing to run the main command from it.", dir);
        r = format_unit(mc, &text);
        if (r < 0)
                return log_oom();
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return log_error_errno(-errno, "Cannot write %s: %m", tmp);
        r = loop_write(fd, text, strlen(text));
        if (r >= 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0) {
                (void) unlink(tmp);
                return log_error_errno(r, "Cannot write %s: %m", path);
        }
        *ret_dir = TAKE_PTR(dir);
        return 0;
}

bool main_command_forwards(int sig) {
        return sig == SIGHUP || sig == SIGUSR1 || sig == SIGUSR2 || sig == SIGWINCH || sig == SIGQUIT;
}

bool main_command_is(const struct manager *m, const struct service *s) {
        return m->main_command.argv && streq(s->id, MAIN_COMMAND_UNIT);
}

void main_command_forward(struct manager *m, int sig) {
        struct service *s = manager_get_service(m, MAIN_COMMAND_UNIT);
        int to = sig > 0 && sig < _NSIG ? m->main_command.rewrite[sig] : sig;

        if (to == 0) {
                log_debug("SIG%s: dropped (--rewrite-signal).", signal_to_string(sig));
                return;
        }
        if (!s || s->main_pid <= 0) {
                log_notice("Received SIG%s, but the main command is not running; ignoring.", signal_to_string(sig));
                return;
        }
        /* The command's process group is its pid: it called setpgid(0, 0) (spawn.h). */
        pid_t target = m->main_command.signal_group ? -s->main_pid : s->main_pid;
        if (kill(target, to) < 0)
                log_warning_errno(-errno, "Cannot forward SIG%s to the main command: %m", signal_to_string(to));
        else
                log_debug("Forwarded SIG%s to %s %d.", signal_to_string(to),
                          target < 0 ? "process group" : "pid", (int) s->main_pid);
}

/* CMD's status as a shell reports it (and docker run): the exit code, 128+N for signal N,
 * 127 for a command not found and 126 for one that cannot run. */
static int command_status(const struct service *s) {
        bool spawn_failed = s->exec_main_code == CLD_EXITED && s->exec_main_status >= 200 && s->exec_main_status <= 243 &&
                            s->status_errno > 0;

        if (spawn_failed)
                return s->status_errno == ENOENT ? 127 : 126;
        if (s->exec_main_code == CLD_EXITED)
                return s->exec_main_status & 0xff;
        if (s->exec_main_code == CLD_KILLED || s->exec_main_code == CLD_DUMPED)
                return 128 + s->exec_main_status;
        /* Never ran (a dependency failed, a condition was false): a failure of svcd's. */
        return s->state == SERVICE_FAILED ? 1 : 0;
}

void main_command_on_inactive(struct manager *m, struct service *s) {
        struct main_command *mc = &m->main_command;
        char why[64];

        if (mc->ended || !main_command_is(m, s))
                return;
        mc->ended = true;
        int status = command_status(s);
        int exit_status = mc->exit_to_zero[status] ? 0 : status;
        if (exit_status != status)
                log_info("The main command's status %d is mapped to 0 (--map-exit).", status);
        /* CMD's status is svcd's, whatever a unit's FailureAction= or a signal began; only
         * svcctl exit CODE says otherwise. */
        if (m->exit_requested) {
                log_info("The main command ended with status %d; svcd exits with svcctl exit's %d.", status,
                         m->exit_status);
                return;
        }
        if (m->shutting_down) {
                log_info("The main command ended with status %d; svcd will exit with %d.", status, exit_status);
                m->exit_status = exit_status;
                m->exit_status_set = true;
                return;
        }
        snprintf(why, sizeof why, "the main command ended with status %d", status);
        /* The shutdown begins at the end of the loop turn, not inside this state change. */
        emergency_action_run(m, EMERGENCY_ACTION_EXIT, exit_status, s->id, why);
        m->exit_status = exit_status;
        m->exit_status_set = true;
}
