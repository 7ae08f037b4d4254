/* service-forking.c: Type=forking's start: once the parent exited, which process is the
 * daemon: PIDFile= (read without trusting it, pid-file.h) or GuessMainPID=. */
#include <errno.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "supervisord/cgroup.h"
#include "supervisord/manager.h"
#include "supervisord/pid-file.h"
#include "supervisord/proc-util.h"
#include "supervisord/service-internal.h"

/* How often and how long a Type=forking start looks for a PIDFile= the daemon writes after
 * its parent exited: svcd has no cgroup to tell whether the daemon still runs, so it looks
 * for a while instead of watching the cgroup as systemd does. */
#define PID_FILE_POLL_USEC (20 * USEC_PER_MSEC)
#define PID_FILE_GRACE_USEC (1 * USEC_PER_SEC)

/* GuessMainPID= (systemd.service(5)): without PIDFile=, the one process left of the start
 * is the main process: one in the session the parent began, else the one child svcd
 * adopted that no service owns (a daemon that called setsid() and was re-parented to svcd,
 * PID 1 or subreaper). More or fewer candidates: the main pid stays unknown. */
static pid_t guess_main_pid(struct service *s) {
        _cleanup_free_ pid_t *children = NULL;
        size_t n = 0;
        pid_t found = 0;
        int candidates = 0;

        /* With a cgroup: the one process in it (systemd's service_search_main_pid()). */
        if (s->cgroup_path) {
                if (cgroup_list_pids(s->cgroup_path, &children, &n) < 0)
                        return 0;
                for (size_t i = 0; i < n; i++)
                        if (children[i] != s->control_pid) {
                                found = children[i];
                                candidates++;
                        }
                return candidates == 1 ? found : 0;
        }

        if (proc_list_children(getpid(), &children, &n) < 0)
                return 0;
        for (size_t i = 0; i < n; i++) {
                if (manager_find_by_pid(s->manager, children[i]))
                        continue;
                if (getsid(children[i]) == s->pgid)
                        return children[i];
                found = children[i];
                candidates++;
        }
        return candidates == 1 ? found : 0;
}

/* Type=forking: the main pid from PIDFile= (read without trusting it, pid-file.h), or
 * guessed. Returns 0, or -errno when it cannot (yet) be known. */
static int load_main_pid(struct service *s) {
        pid_t pid = 0;
        int r;

        if (!s->unit->pid_file) {
                if (s->unit->guess_main_pid)
                        pid = guess_main_pid(s);
                if (pid <= 0) {
                        log_notice("%s: Cannot determine the main process; supervising what is left of the start.", s->id);
                        return 0;
                }
        } else {
                r = pid_file_read(s->unit->pid_file, s->run_uid, &pid);
                /* The pid must be the service's (systemd checks its cgroup): never the
                 * process of another unit. */
                struct service *owner = r >= 0 ? manager_find_by_process(s->manager, pid) : NULL;
                if (owner && owner != s) {
                        log_error("%s: PID file %s names process %d of %s; refusing it.", s->id, s->unit->pid_file,
                                  (int) pid, owner->id);
                        return -EPERM;
                }
                if (r == -EPERM)
                        log_error("%s: PID file %s is not owned by root or the service's user, or is reached through "
                                  "a symlink; refusing it.", s->id, s->unit->pid_file);
                else if (r < 0 && r != -ENOENT)
                        log_error_errno(r, "%s: Cannot use PID file %s: %m", s->id, s->unit->pid_file);
                if (r < 0)
                        return r;
                s->pid_file_trusted = true;
        }
        service_new_main_pid(s, pid);
        if (s->manager->process.getpgid) {
                pid_t pg = s->manager->process.getpgid(pid);
                if (pg > 0)
                        s->pgid = pg;
        }
        log_info("%s: Supervising process %d.", s->id, (int) pid);
        service_watchdog_start(s);
        return 0;
}

static void forking_main_known(struct service *s) {
        ev_timer_disarm(s->manager->loop, &s->pid_file_timer);
        service_enter_start_post(s);
}

static void look_for_pid_file(struct service *s);

static void on_pid_file_poll(struct ev_timer *t) {
        look_for_pid_file(t->userdata);
}

static void look_for_pid_file(struct service *s) {
        int r;

        if (s->state != SERVICE_START)
                return;
        r = load_main_pid(s);
        if (r == 0) {
                forking_main_known(s);
                return;
        }
        if (r == -ENOENT && now_usec(CLOCK_MONOTONIC) < s->pid_file_give_up) {
                (void) ev_timer_arm(s->manager->loop, &s->pid_file_timer,
                                    usec_add(now_usec(CLOCK_MONOTONIC), PID_FILE_POLL_USEC), on_pid_file_poll, s);
                return;
        }
        if (r == -ENOENT)
                log_error("%s: PID file %s not readable (yet?) after start.", s->id, s->unit->pid_file);
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_PROTOCOL);
}

/* Type=forking: the parent ended. Success: find the daemon, then ExecStartPost=. */
void service_on_start_control_exited(struct service *s) {
        enum service_result f = service_control_result(s);

        if (s->unit->service_type != SERVICE_FORKING)
                return; /* only forking has a control process in this state */
        if (f != SERVICE_SUCCESS) {
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                return;
        }
        s->pid_file_give_up = usec_add(now_usec(CLOCK_MONOTONIC), PID_FILE_GRACE_USEC);
        look_for_pid_file(s);
}
