/* cgroup.h: one cgroup v2 per service, when svcd has a writable cgroup2 hierarchy
 * (DESIGN.md, decision 9; cgroups(7), Documentation/admin-guide/cgroup-v2.rst).
 *
 * svcd makes one directory of its own below the cgroup it runs in ("svcd-XXXXXXXX",
 * random, so that several svcd instances in one cgroup do not meet) and one cgroup per
 * service below that ("foo.service"). Every process of the service (main and control)
 * joins it before execve(); cgroup.procs lists them, cgroup.kill kills them all,
 * cgroup.events says when none is left. No controller is enabled: this is tracking, not
 * resource control. Where there is no cgroup2 mount, or it is not writable (a container's
 * read-only /sys/fs/cgroup), svcd falls back to process groups and sessions and says why. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* svcd's directory is this and 8 lowercase hex digits (cgroup_root_setup_from() makes it,
 * cgroup_remove_stale_roots() recognises it). */
#define CGROUP_ROOT_PREFIX "svcd-"
#define CGROUP_ROOT_DIGITS 8

struct cgroup_root {
        char *path;      /* absolute path of svcd's own directory ("/sys/fs/cgroup/x/svcd-1a2b3c4d"), NULL: none */
        char *why_not;   /* when path is NULL: why ("no cgroup2 hierarchy is mounted", "... is read-only") */
        /* Private to cgroup.c: the cgroup2 mount used, for cgroup_of_pid(). */
        char *mount_point; /* "/sys/fs/cgroup" */
        char *mount_root;  /* the cgroup that mount shows, as /proc/PID/cgroup names it ("/") */
        int lock_fd;       /* path, open and flock(2)ed while svcd runs (cgroup-stale.c), if locked */
        bool locked;
};

/* Finds the cgroup2 mount (/proc/self/mountinfo) and svcd's own cgroup (/proc/self/cgroup,
 * the "0::" line), and creates svcd's directory below it. Never fails hard: on any problem
 * r->path stays NULL and r->why_not says why (-ENOMEM is returned only for allocation). */
int cgroup_root_setup(struct cgroup_root *r);
/* Removes svcd's directory (and empty service cgroups left in it); frees r's strings. */
void cgroup_root_done(struct cgroup_root *r);

/* The directories of svcds that are gone (cgroup-stale.c). cgroup_root_setup() locks the
 * directory it made (flock(2)), marks it, and then removes, below the same cgroup, the
 * marked "svcd-XXXXXXXX" directories that no running svcd holds and no process is in. */
/* Opens, locks and marks path, which the caller just made: the fd (O_CLOEXEC), or -ESTALE
 * if another svcd's sweep got to it first (the caller makes another), or -errno. */
int cgroup_root_lock(const char *path);
/* Removes the marked, unlocked, empty "svcd-XXXXXXXX" cgroups in parent but own (NULL:
 * none) and logs each; warns about one that still has processes and leaves it. How many it
 * removed, or -errno if parent cannot be read. */
int cgroup_remove_stale_roots(const char *parent, const char *own);

/* The cgroup directory itself, for clone3(2)'s CLONE_INTO_CGROUP (libsvc/spawn.h); -errno. */
int cgroup_open_dir(const char *path);
/* Creates (or reuses, if it exists) the cgroup of unit id below root; *ret_path is its
 * absolute path (malloc'ed). */
int cgroup_service_create(const struct cgroup_root *r, const char *id, char **ret_path);
/* Opens PATH/cgroup.procs for writing (O_WRONLY|O_CLOEXEC): the child writes "0" to it to
 * join (spawn plan's cgroup_procs_fd). */
int cgroup_open_procs(const char *path);
/* Removes the cgroup (rmdir), and the empty cgroups below it: -EBUSY if processes are
 * still in it. Already gone is fine. */
int cgroup_service_remove(const char *path);

/* Whether any process is in the cgroup (cgroup.events "populated 1"). A cgroup that is gone
 * is not populated. */
bool cgroup_is_populated(const char *path);
/* Sends sig to every process in the cgroup and the cgroups below it (cgroup.procs, re-read
 * until no new process shows up, so that forks racing the kill are caught, at most 64 times;
 * SIGKILL through cgroup.kill where the kernel has it, Linux >= 5.14). skip_pid (> 0) is not
 * signalled (the main process, which the caller signals once on its own) -- except by
 * SIGKILL, which kills every process (as cgroup.kill does). svcd never signals itself.
 * Returns how many processes were signalled, 0 if the cgroup is gone, or -errno (the first
 * failure; the other processes are still signalled). */
int cgroup_kill(const char *path, int sig, pid_t skip_pid);
/* The pids in the cgroup's cgroup.procs (malloc'ed array, sorted, no duplicates), or -errno. */
int cgroup_list_pids(const char *path, pid_t **ret, size_t *ret_n);
/* The absolute path of pid's cgroup (from /proc/PID/cgroup, the "0::" line, below the
 * mount point root came from), or -errno (-ESRCH: no such process; -EOPNOTSUPP: root found no cgroup2 mount; -EXDEV: the
 * process is in a cgroup that mount does not show). */
int cgroup_of_pid(const struct cgroup_root *r, pid_t pid, char **ret_path);

/* The text parsers behind the functions above (cgroup-parse.c), and, for tests,
 * cgroup_root_setup() reading other files than /proc/self/mountinfo and /proc/self/cgroup. */
/* One /proc/PID/mountinfo line (proc(5)): 1 and the unescaped mount point and root if it is
 * a cgroup2 mount, 0 if it is another file system, -EBADMSG if it is not a mountinfo line. */
int cgroup_parse_mountinfo_line(const char *line, char **ret_mount_point, char **ret_root);
/* The path of the "0::" line of /proc/PID/cgroup text (cgroups(7)); -ENODATA if none. */
int cgroup_parse_proc_cgroup(const char *text, char **ret_path);
/* The "populated" value of cgroup.events text; -EBADMSG if there is none or it is not 0/1. */
int cgroup_parse_events(const char *text, bool *ret_populated);
/* Where cgroup (as /proc/PID/cgroup names it) is in the file system, through a cgroup2 mount
 * at mount_point showing mount_root; -EXDEV if that mount does not show it. */
int cgroup_path_under_mount(const char *mount_point, const char *mount_root, const char *cgroup, char **ret_path);
int cgroup_root_setup_from(struct cgroup_root *r, const char *mountinfo_path, const char *proc_cgroup_path);
