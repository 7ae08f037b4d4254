/* cgroup.c: svcd's cgroup v2 subtree: finding the cgroup2 mount and svcd's own cgroup, one
 * cgroup per service below svcd's directory, and listing, killing and removing them.
 *
 * Everything here runs in the daemon's event loop: it only reads and writes small kernel
 * files, never waits for a process, and every loop is bounded (kill passes, tree depth). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup.h"
#include "supervisord/pid-map.h"

/* systemd's cg_kill() re-reads cgroup.procs until a pass finds no new process; a service
 * that forks faster than we read would keep that going for ever, so stop after this many. */
#define KILL_PASSES_MAX 64
/* Service cgroups may have cgroups of their own below them; we walk at most this deep. */
#define TREE_DEPTH_MAX 32
/* cgroup.procs of a huge cgroup: pid_max (4M) pids of 8 bytes each fit. */
#define TEXT_FILE_MAX (64u << 20)
/* Tries at a directory name no other svcd in the same cgroup uses. */
#define ROOT_NAME_TRIES 16

static int read_text_at(int dirfd, const char *path, char **ret) {
        _cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        _cleanup_free_ char *buf = NULL;
        size_t size = 0, cap = 0;

        if (fd < 0)
                return -errno;
        for (;;) {
                ssize_t n;

                if (cap - size < 4096) {
                        size_t ncap = MAX(cap * 2, (size_t) 8192);
                        char *nbuf;

                        if (ncap > TEXT_FILE_MAX)
                                return -EFBIG;
                        nbuf = realloc(buf, ncap);
                        if (!nbuf)
                                return -ENOMEM;
                        buf = nbuf;
                        cap = ncap;
                }
                n = read(fd, buf + size, cap - size - 1);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        break;
                size += (size_t) n;
        }
        buf[size] = 0;
        *ret = TAKE_PTR(buf);
        return 0;
}

static void root_clear(struct cgroup_root *r) {
        if (r->locked)
                safe_close(r->lock_fd);
        free(r->path);
        free(r->why_not);
        free(r->mount_point);
        free(r->mount_root);
        *r = (struct cgroup_root) {};
}

/* Gives up on cgroups: r keeps only why_not. 0, or -ENOMEM. */
static int root_fail(struct cgroup_root *r, const char *fmt, ...) _printf_(2, 3);
static int root_fail(struct cgroup_root *r, const char *fmt, ...) {
        va_list ap;
        int n;

        root_clear(r);
        va_start(ap, fmt);
        n = vasprintf(&r->why_not, fmt, ap);
        va_end(ap);
        if (n < 0) {
                r->why_not = NULL;
                return -ENOMEM;
        }
        return 0;
}

static uint32_t random_u32(unsigned attempt) {
        uint32_t v;
        struct timespec ts = {};

        /* GRND_NONBLOCK: early in a VM's boot the pool may not be ready, and PID 1 must not
         * wait for it (getrandom(2)); the name only has to differ from other svcds' here. */
        if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t) sizeof v)
                return v;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint32_t) getpid() * 2654435761u ^ (uint32_t) ts.tv_nsec ^ (uint32_t) ts.tv_sec ^ attempt * 40503u;
}

/* Picks the cgroup2 mount to work through: one that shows svcd's cgroup (its root is that
 * cgroup or above it), preferring one that shows the whole hierarchy (root "/"). */
static int pick_mount(char *const *points, char *const *roots, const char *own, size_t *ret) {
        bool found = false;

        for (size_t i = 0; points && points[i]; i++) {
                _cleanup_free_ char *p = NULL;
                int r = cgroup_path_under_mount(points[i], roots[i], own, &p);

                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        continue;
                if (!found || streq(roots[i], "/"))
                        *ret = i;
                found = true;
                if (streq(roots[i], "/"))
                        break;
        }
        return found ? 0 : -EXDEV;
}

int cgroup_root_setup_from(struct cgroup_root *r, const char *mountinfo_path, const char *proc_cgroup_path) {
        _cleanup_free_ char *mountinfo = NULL, *self = NULL, *own_cgroup = NULL, *own = NULL;
        _cleanup_strv_free_ char **points = NULL, **roots = NULL;
        size_t pick = 0;
        int k;

        *r = (struct cgroup_root) {};

        k = read_text_at(AT_FDCWD, mountinfo_path, &mountinfo);
        if (k == -ENOMEM)
                return k;
        if (k < 0)
                return root_fail(r, "cannot read %s (%s)", mountinfo_path, strerror(-k));
        for (const char *l = mountinfo; *l; l += strcspn(l, "\n"), l += *l == '\n') {
                char *point, *root;

                k = cgroup_parse_mountinfo_line(l, &point, &root);
                if (k == -ENOMEM)
                        return k;
                if (k <= 0)
                        continue;
                k = strv_consume(&points, point); /* frees point on failure, as the next does root */
                if (k < 0) {
                        free(root);
                        return k;
                }
                k = strv_consume(&roots, root);
                if (k < 0)
                        return k;
        }
        if (!points)
                return root_fail(r, "no cgroup2 hierarchy is mounted");

        k = read_text_at(AT_FDCWD, proc_cgroup_path, &self);
        if (k == -ENOMEM)
                return k;
        if (k < 0)
                return root_fail(r, "cannot read %s (%s)", proc_cgroup_path, strerror(-k));
        k = cgroup_parse_proc_cgroup(self, &own_cgroup);
        if (k == -ENOMEM)
                return k;
        if (k == -ENODATA)
                return root_fail(r, "svcd is in no cgroup2 cgroup");
        if (k < 0)
                return root_fail(r, "cannot parse the cgroup2 line of %s", proc_cgroup_path);

        k = pick_mount(points, roots, own_cgroup, &pick);
        if (k == -ENOMEM)
                return k;
        if (k < 0)
                return root_fail(r, "svcd's cgroup %s is not below any cgroup2 mount (%s shows %s)", own_cgroup,
                                 points[0], roots[0]);
        k = cgroup_path_under_mount(points[pick], roots[pick], own_cgroup, &own);
        if (k < 0)
                return k;
        r->mount_point = strdup(points[pick]);
        r->mount_root = strdup(roots[pick]);
        if (!r->mount_point || !r->mount_root) {
                root_clear(r);
                return -ENOMEM;
        }

        /* svcd stays in its own cgroup and makes a new, empty one below it. cgroup v2's "no
         * internal process" rule (cgroup-v2.rst, "No Internal Process Constraint") only bites
         * where controllers are enabled in a cgroup's subtree_control: the kernel refuses to
         * enable them in a non-root cgroup that has processes, and refuses processes in one
         * that has them enabled. svcd's cgroup has svcd in it, so it has none enabled (or it
         * is the root, which the rule exempts); the new directory holds no process and
         * enables nothing, so the service cgroups below it can take processes. */
        for (unsigned attempt = 0; attempt < ROOT_NAME_TRIES; attempt++) {
                _cleanup_free_ char *path = NULL;

                if (asprintf(&path, "%s/" CGROUP_ROOT_PREFIX "%0*x", streq(own, "/") ? "" : own, CGROUP_ROOT_DIGITS,
                             random_u32(attempt)) < 0) {
                        root_clear(r);
                        return -ENOMEM;
                }
                if (mkdir(path, 0755) >= 0) {
                        k = cgroup_root_lock(path);
                        if (k == -ESTALE)
                                continue; /* removed by another svcd's sweep: a new name */
                        r->path = TAKE_PTR(path);
                        if (k < 0) {
                                /* Where flock(2) fails, it fails for every svcd: none
                                 * sweeps, and our directory is as safe as before. */
                                log_debug_errno(k, "Cannot lock %s, not removing what svcds that are gone left: %m",
                                                r->path);
                                return 0;
                        }
                        r->lock_fd = k;
                        r->locked = true;
                        /* Ours is locked by now: an svcd starting beside us never takes it
                         * for a dead one's. */
                        k = cgroup_remove_stale_roots(own, r->path);
                        if (k < 0)
                                log_debug_errno(k, "Cannot look for the cgroups of svcds that are gone in %s: %m", own);
                        return 0;
                }
                if (errno == EEXIST)
                        continue;
                k = -errno;
                if (k == -EROFS || k == -EACCES || k == -EPERM)
                        return root_fail(r, "cgroup2 at %s is not writable here (%s)", points[pick], strerror(-k));
                return root_fail(r, "cannot create %s (%s)", path, strerror(-k));
        }
        return root_fail(r, "cannot create a directory in %s (%s)", own, strerror(EEXIST));
}

int cgroup_root_setup(struct cgroup_root *r) {
        return cgroup_root_setup_from(r, "/proc/self/mountinfo", "/proc/self/cgroup");
}

/* Removes the cgroups below dirfd (path, for messages), deepest first. cgroup-v2.rst,
 * "Processes": "A cgroup which doesn't have any children or live processes can be destroyed
 * by removing the directory", zombies do not count; otherwise rmdir(2) fails with EBUSY.
 * Returns 0 or the first -errno. */
static int remove_children_at(int dirfd, const char *path, unsigned depth) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd, ret = 0;

        if (depth >= TREE_DEPTH_MAX)
                return -ELOOP;
        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return -errno;
        }
        while ((errno = 0, de = readdir(d))) {
                _cleanup_free_ char *child = NULL;
                _cleanup_close_ int cfd = -1;
                int k;

                /* cgroupfs fills in d_type: directories are cgroups, files are interface files. */
                if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (asprintf(&child, "%s/%s", path, de->d_name) < 0)
                        return -ENOMEM;
                cfd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (cfd >= 0) {
                        k = remove_children_at(cfd, child, depth + 1);
                        if (k == -ENOMEM)
                                return k;
                }
                if (unlinkat(dirfd, de->d_name, AT_REMOVEDIR) >= 0 || errno == ENOENT)
                        continue;
                k = -errno;
                if (k == -EBUSY)
                        log_debug_errno(k, "Not removing cgroup %s: processes are still in it.", child);
                else
                        log_warning_errno(k, "Cannot remove cgroup %s: %m", child);
                if (ret == 0)
                        ret = k;
        }
        if (errno != 0 && ret == 0)
                ret = -errno;
        return ret;
}

/* Removes path and the empty cgroups below it: 0 (also if it was gone) or -errno. */
static int remove_tree(const char *path) {
        /* A service's cgroup rarely has cgroups below it: one rmdir(), and the walk only
         * when the kernel refuses (EBUSY: cgroups below, or processes; cgroup-v2.rst). */
        if (rmdir(path) >= 0 || errno == ENOENT)
                return 0;
        if (errno != EBUSY && errno != ENOTEMPTY)
                return -errno;

        _cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        if (remove_children_at(fd, path, 0) == -ENOMEM)
                return -ENOMEM;
        if (rmdir(path) < 0)
                return errno == ENOENT ? 0 : -errno;
        return 0;
}

void cgroup_root_done(struct cgroup_root *r) {
        if (r->path) {
                int k = remove_tree(r->path);

                if (k == -EBUSY)
                        log_debug_errno(k, "Leaving cgroup %s: processes are still in it.", r->path);
                else if (k < 0)
                        log_warning_errno(k, "Cannot remove cgroup %s: %m", r->path);
        }
        root_clear(r);
}

int cgroup_service_create(const struct cgroup_root *r, const char *id, char **ret_path) {
        _cleanup_free_ char *path = NULL;

        if (!r->path)
                return -EOPNOTSUPP;
        /* One directory level, never "." or "..": a unit id is a file name. The kernel itself
         * refuses '\n' in a cgroup name (cgroup_mkdir()). */
        if (!id || !*id || streq(id, ".") || streq(id, "..") || strpbrk(id, "/\n"))
                return -EINVAL;
        if (asprintf(&path, "%s/%s", r->path, id) < 0)
                return -ENOMEM;
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
                return -errno;
        *ret_path = TAKE_PTR(path);
        return 0;
}

int cgroup_open_dir(const char *path) {
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
}

int cgroup_open_procs(const char *path) {
        _cleanup_free_ char *procs = NULL;
        int fd;

        if (asprintf(&procs, "%s/cgroup.procs", path) < 0)
                return -ENOMEM;
        fd = open(procs, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        return fd < 0 ? -errno : fd;
}

int cgroup_service_remove(const char *path) {
        return remove_tree(path);
}

/* Whether a cgroup or one below it has a process: "populated" of its cgroup.events (events,
 * relative to dirfd), which the kernel keeps for the whole subtree. 1, 0, or -errno. */
static int read_populated(int dirfd, const char *events) {
        _cleanup_free_ char *text = NULL;
        bool populated;
        int k = read_text_at(dirfd, events, &text);

        if (k >= 0)
                k = cgroup_parse_events(text, &populated);
        return k < 0 ? k : populated;
}

bool cgroup_is_populated(const char *path) {
        _cleanup_free_ char *events = NULL;
        int k;

        if (asprintf(&events, "%s/cgroup.events", path) < 0) {
                (void) log_oom();
                return false;
        }
        k = read_populated(AT_FDCWD, events);
        if (k == -ENOENT || k == -ENODEV)
                return false;
        if (k < 0) {
                /* Not expected for a cgroup we made; saying "empty" lets a stop finish rather
                 * than wait on a file we cannot read. */
                log_warning_errno(k, "Cannot read %s, taking the cgroup as empty: %m", events);
                return false;
        }
        return k > 0;
}

static int compare_pids(const void *a, const void *b) {
        pid_t x = *(const pid_t *) a, y = *(const pid_t *) b;

        return x < y ? -1 : x > y;
}

/* cgroup.procs text: one pid a line. cgroup-v2.rst: "the same PID may show up more than once
 * if the process got moved to another cgroup and then back or the PID got recycled while
 * reading", so sort and drop duplicates. A pid of 0 is a process outside our pid namespace
 * (pid_namespaces(7)): there is nothing we can do with it, so it is left out. */
static int read_pids_at(int dirfd, const char *procs, pid_t **ret, size_t *ret_n) {
        _cleanup_free_ char *text = NULL;
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0, cap = 0, u = 0;
        int k = read_text_at(dirfd, procs, &text);

        if (k < 0)
                return k;
        for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n') {
                char *end;
                long v;

                if (*l == '\n')
                        continue;
                errno = 0;
                v = strtol(l, &end, 10);
                if (errno != 0 || end == l || (*end != '\n' && *end != 0) || v < 0 || v > INT32_MAX)
                        return -EBADMSG;
                if (v == 0)
                        continue;
                if (n == cap) {
                        size_t ncap = MAX(cap * 2, (size_t) 16);
                        pid_t *np = realloc(pids, ncap * sizeof *np);

                        if (!np)
                                return -ENOMEM;
                        pids = np;
                        cap = ncap;
                }
                pids[n++] = (pid_t) v;
        }
        if (n > 0) {
                qsort(pids, n, sizeof *pids, compare_pids);
                for (size_t i = 0; i < n; i++)
                        if (u == 0 || pids[u - 1] != pids[i])
                                pids[u++] = pids[i];
        }
        *ret = TAKE_PTR(pids);
        *ret_n = u;
        return 0;
}

int cgroup_list_pids(const char *path, pid_t **ret, size_t *ret_n) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return -errno;
        return read_pids_at(fd, "cgroup.procs", ret, ret_n);
}

struct kill_pass {
        int sig;
        bool count_only;   /* count the processes, signal none */
        pid_t skip_pid;
        pid_t self;
        struct pid_map seen;  /* every pid met so far (value unused): each is signalled once */
        int n_signalled;
        int error;         /* the first failure other than ESRCH */
        bool found_new;    /* this pass met a pid not seen before */
        bool found_self;
};

/* One pass over the cgroup at dirfd and the cgroups below it. */
static int kill_pass_at(struct kill_pass *p, int dirfd, unsigned depth) {
        _cleanup_free_ pid_t *pids = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        size_t n = 0;
        int fd, k;

        if (depth >= TREE_DEPTH_MAX)
                return 0;
        k = read_pids_at(dirfd, "cgroup.procs", &pids, &n);
        if (k == -ENOENT || k == -ENODEV)
                return 0;  /* removed under us: nothing left to signal */
        if (k < 0)
                return k;
        for (size_t i = 0; i < n; i++) {
                pid_t pid = pids[i];

                if (pid_map_get(&p->seen, pid))
                        continue;
                k = pid_map_put(&p->seen, pid, (void *) 1);
                if (k < 0)
                        return k;
                p->found_new = true;
                /* svcd never signals itself, should it ever be in a service's cgroup. */
                if (pid == p->self) {
                        p->found_self = true;
                        continue;
                }
                if (pid == p->skip_pid)
                        continue;
                if (p->count_only) {
                        p->n_signalled++;
                        continue;
                }
                if (kill(pid, p->sig) >= 0)
                        p->n_signalled++;
                else if (errno != ESRCH && p->error == 0)  /* ESRCH: it exited since the read */
                        p->error = -errno;
        }

        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return -errno;
        }
        while ((de = readdir(d))) {
                _cleanup_close_ int cfd = -1;

                if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                cfd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (cfd < 0)
                        continue;  /* removed since readdir() */
                k = kill_pass_at(p, cfd, depth + 1);
                if (k < 0)
                        return k;
        }
        return 0;
}

/* SIGKILL through cgroup.kill (Linux >= 5.14): cgroup-v2.rst: "Writing "1" to the file causes
 * the cgroup and all descendant cgroups to be killed ... Killing a cgroup tree will deal with
 * concurrent forks appropriately and is protected against migrations." It kills every
 * process, skip_pid too; for SIGKILL that is what the caller wants anyway (the main process
 * is killed with the rest), so skip_pid is honoured for the other signals only. Returns the
 * number of processes cgroup.procs listed before, or -EOPNOTSUPP where it cannot be used. */
static int kill_via_cgroup_kill(int dirfd, const char *path) {
        struct kill_pass count = { .count_only = true, .self = getpid() };
        _cleanup_close_ int fd = -1;
        int k;

        k = kill_pass_at(&count, dirfd, 0);
        pid_map_done(&count.seen);
        if (k < 0)
                return k;
        if (count.found_self)
                return -EOPNOTSUPP;  /* cgroup.kill would kill svcd too */
        fd = openat(dirfd, "cgroup.kill", O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return errno == ENOENT ? -EOPNOTSUPP : -errno;
        if (write(fd, "1", 1) != 1) {
                /* EOPNOTSUPP in a threaded cgroup (cgroup-v2.rst); whatever it is, the
                 * signal loop still works. */
                log_debug_errno(-errno, "Writing %s/cgroup.kill failed, signalling one by one: %m", path);
                return -EOPNOTSUPP;
        }
        return count.n_signalled;
}

int cgroup_kill(const char *path, int sig, pid_t skip_pid) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        /* SIGKILL takes skip_pid too, whichever way it goes, so that callers see one
         * behaviour on every kernel (see kill_via_cgroup_kill()). */
        struct kill_pass p = { .sig = sig, .skip_pid = sig == SIGKILL ? 0 : skip_pid, .self = getpid() };
        unsigned pass;
        int k = 0;

        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;  /* gone: no process left to signal */
        /* Nothing in the subtree: no pass to make. A stop asks this of a service whose
         * processes have all exited (the final SIGTERM, SIGCONT), which is most stops; an
         * unreadable cgroup.events makes the passes find out instead. */
        if (read_populated(fd, "cgroup.events") == 0)
                return 0;
        if (sig == SIGKILL) {
                k = kill_via_cgroup_kill(fd, path);
                if (k != -EOPNOTSUPP)
                        return k;
        }
        /* systemd's cg_kill(): signal what cgroup.procs lists, then read it again, since a
         * process may have forked between the read and its signal; stop when a pass meets no
         * process it has not met before. A pid is signalled at most once, even if it shows up
         * again (a process that ignores sig, or a recycled pid). */
        for (pass = 0; pass < KILL_PASSES_MAX; pass++) {
                p.found_new = false;
                k = kill_pass_at(&p, fd, 0);
                if (k < 0 || !p.found_new)
                        break;
        }
        pid_map_done(&p.seen);
        if (k < 0)
                return k;
        if (pass == KILL_PASSES_MAX)
                log_warning("Cgroup %s still had new processes after %d passes of signal %d; some may have been missed.",
                            path, KILL_PASSES_MAX, sig);
        /* A failure (EPERM) is reported, but only after everything else was signalled. */
        return p.error < 0 ? p.error : p.n_signalled;
}

int cgroup_of_pid(const struct cgroup_root *r, pid_t pid, char **ret_path) {
        _cleanup_free_ char *text = NULL, *cgroup = NULL;
        char proc[64];
        int k;

        if (pid <= 0)
                return -EINVAL;
        if (!r->mount_point || !r->mount_root)
                return -EOPNOTSUPP;
        snprintf(proc, sizeof proc, "/proc/%d/cgroup", (int) pid);
        k = read_text_at(AT_FDCWD, proc, &text);
        if (k == -ENOENT)
                return -ESRCH;
        if (k < 0)
                return k;
        k = cgroup_parse_proc_cgroup(text, &cgroup);
        if (k < 0)
                return k;
        /* /proc/PID/cgroup and mountinfo's root both name cgroups relative to the reader's
         * cgroup namespace (cgroup_namespaces(7)), so the same mount translates both. */
        return cgroup_path_under_mount(r->mount_point, r->mount_root, cgroup, ret_path);
}
