/* exec-namespace.c: the filesystem and namespace sandbox of systemd.exec(5) as unshare flags and a mount plan.
 *
 * Each directive becomes entries of the mount model (libsvc/spawn-mount.h): the tables
 * below are systemd 252's (src/core/namespace.c), the rules for "-" and "+" prefixes and
 * RootDirectory= are systemd.exec(5)'s. Everything that looks at the file system happens
 * here, in the parent: whether a path exists, what type the inaccessible node over it
 * must have, the host directories of PrivateTmp=. Where svcd cannot build namespaces (no
 * CAP_SYS_ADMIN, a kernel or container without them), each directive that needed one is
 * reported as not enforced and the service runs without it, as systemd does ("many of
 * these sandboxing features are gracefully turned off"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-namespace.h"

/* How deep the removal of a private /tmp descends (each level holds an fd). */
#define TREE_DEPTH_MAX 256

static char *runtime_dir_override;

int exec_namespace_set_runtime_dir(const char *dir) {
        char *copy = dir ? strdup(dir) : NULL;

        if (dir && !copy)
                return -ENOMEM;
        free(runtime_dir_override);
        runtime_dir_override = copy;
        return 0;
}

static const char *runtime_dir(void) {
        const char *e = getenv("SVCD_RUNTIME_DIR");

        if (runtime_dir_override)
                return runtime_dir_override;
        return e && path_is_absolute(e) ? e : SVCD_SYSTEM_RUNTIME_DIR;
}

_printf_(2, 3) static int note(char ***list, const char *fmt, ...) {
        _cleanup_free_ char *s = NULL;
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_consume(list, TAKE_PTR(s));
}

/* --- what the unit asks for ---------------------------------------------------------- */

static const char *const protect_system_names[] = { "no", "yes", "full", "strict" };
static const char *const protect_home_names[] = { "no", "yes", "read-only", "tmpfs" };
static const char *const protect_proc_names[] = { "default", "noaccess", "invisible", "ptraceable" };
static const char *const mount_flags_names[] = { "", "shared", "slave", "private" };

static bool effective_mount_apivfs(const struct exec_context *c) {
        /* systemd.exec(5) MountAPIVFS=: an explicit setting wins; it defaults to yes with
         * RootDirectory=; ProtectKernelTunables=, ProtectControlGroups=, ProtectProc= and
         * ProcSubset= imply it. */
        if (c->protect_kernel_tunables || c->protect_control_groups || c->protect_proc != PROTECT_PROC_DEFAULT ||
            c->proc_subset != PROC_SUBSET_ALL)
                return true;
        return c->mount_api_vfs_set ? c->mount_api_vfs : c->root_directory != NULL;
}

/* The settings of systemd.exec(5) that need a mount namespace (systemd's
 * exec_needs_mount_namespace()), each as "Directive=value" for the report. */
static int mount_directives(const struct exec_context *c, char *const *writable_paths, char ***ret) {
        const struct {
                const char *name;
                char *const *list;
        } lists[] = {
                { "ReadWritePaths", c->read_write_paths }, { "ReadOnlyPaths", c->read_only_paths },
                { "InaccessiblePaths", c->inaccessible_paths }, { "ExecPaths", c->exec_paths },
                { "NoExecPaths", c->no_exec_paths }, { "BindPaths", c->bind_paths },
                { "BindReadOnlyPaths", c->bind_read_only_paths }, { "TemporaryFileSystem", c->temporary_file_system },
        };
        const struct {
                const char *name;
                bool on;
        } bools[] = {
                { "PrivateTmp", c->private_tmp }, { "PrivateDevices", c->private_devices },
                { "PrivateMounts", c->private_mounts }, { "ProtectKernelTunables", c->protect_kernel_tunables },
                { "ProtectKernelModules", c->protect_kernel_modules }, { "ProtectKernelLogs", c->protect_kernel_logs },
                { "ProtectControlGroups", c->protect_control_groups },
                { "MountAPIVFS", c->root_directory && effective_mount_apivfs(c) },
        };
        _cleanup_strv_free_ char **l = NULL;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(lists); i++)
                if (lists[i].list && *lists[i].list) {
                        _cleanup_free_ char *v = strv_join(lists[i].list, " ");
                        r = v ? note(&l, "%s=%s", lists[i].name, v) : -ENOMEM;
                }
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(bools); i++)
                if (bools[i].on)
                        r = note(&l, "%s=yes", bools[i].name);
        if (r >= 0 && c->protect_system != PROTECT_SYSTEM_NO)
                r = note(&l, "ProtectSystem=%s", protect_system_names[c->protect_system]);
        if (r >= 0 && c->protect_home != PROTECT_HOME_NO)
                r = note(&l, "ProtectHome=%s", protect_home_names[c->protect_home]);
        if (r >= 0 && c->protect_proc != PROTECT_PROC_DEFAULT)
                r = note(&l, "ProtectProc=%s", protect_proc_names[c->protect_proc]);
        if (r >= 0 && c->proc_subset != PROC_SUBSET_ALL)
                r = note(&l, "ProcSubset=pid");
        if (r >= 0 && (c->mount_flags == MOUNT_SLAVE || c->mount_flags == MOUNT_PRIVATE))
                r = note(&l, "MountFlags=%s", mount_flags_names[c->mount_flags]);
        /* StateDirectory= and friends are bound into RootDirectory= (systemd.exec(5):
         * "These options imply BindPaths="). */
        if (r >= 0 && c->root_directory && writable_paths && *writable_paths) {
                _cleanup_free_ char *v = strv_join((char **) writable_paths, " ");
                r = v ? note(&l, "RootDirectory=%s (with %s bound in)", c->root_directory, v) : -ENOMEM;
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

/* --- can svcd do it here? ------------------------------------------------------------ */

static bool have_cap_sys_admin(void) {
        cap_t caps = cap_get_proc();
        cap_flag_value_t v = CAP_CLEAR;

        if (!caps)
                return false;
        if (cap_get_flag(caps, CAP_SYS_ADMIN, CAP_EFFECTIVE, &v) < 0)
                v = CAP_CLEAR;
        cap_free(caps);
        return v == CAP_SET;
}

/* Whether unshare(flag) works here: a kernel without the namespace type, or a container
 * whose seccomp profile or LSM denies it, says so only when asked. Asked once per type,
 * in a short-lived child, so svcd's own namespaces stay as they are. Returns 0 or -errno. */
static int probe_namespace(int flag) {
        static const int flags[] = { CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWIPC };
        static int cache[ELEMENTSOF(flags)]; /* 0: not asked, 1: works, else -errno */
        size_t i = 0;
        int status;
        pid_t pid;

        while (i < ELEMENTSOF(flags) && flags[i] != flag)
                i++;
        if (i == ELEMENTSOF(flags))
                return -EINVAL;
        if (cache[i] != 0)
                return cache[i] > 0 ? 0 : cache[i];
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                _exit(unshare(flag) < 0 ? (errno & 0xff) : 0);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        cache[i] = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 1 : -(WIFEXITED(status) ? WEXITSTATUS(status) : EIO);
        return cache[i] > 0 ? 0 : cache[i];
}

static int note_all(char ***not_enforced, char *const *directives, const char *why) {
        STRV_FOREACH(d, directives) {
                int r = note(not_enforced, "%s: %s", *d, why);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* --- the host directories the sandbox mounts from -------------------------------------- */

static const char *const inaccessible_names[] = { "dir", "reg", "chr", "blk", "fifo", "sock" };

/* systemd's /run/systemd/inaccessible/: one empty node of each file type, mode 0000, to
 * bind over an inaccessible path of that type. Created once; EEXIST is fine. Device nodes
 * need CAP_MKNOD: without it a regular file stands in (a bind mount only needs both sides
 * to be non-directories). */
static int inaccessible_nodes(char **ret) {
        _cleanup_free_ char *dir = NULL;
        int r = 0;

        if (asprintf(&dir, "%s/inaccessible", runtime_dir()) < 0)
                return -ENOMEM;
        if ((mkdir(runtime_dir(), 0755) < 0 && errno != EEXIST) || (mkdir(dir, 0755) < 0 && errno != EEXIST))
                return log_error_errno(-errno, "Failed to create %s: %m", dir);
        for (size_t i = 0; i < ELEMENTSOF(inaccessible_names); i++) {
                _cleanup_free_ char *p = NULL;
                int k = 0;

                if (asprintf(&p, "%s/%s", dir, inaccessible_names[i]) < 0)
                        return -ENOMEM;
                if (access(p, F_OK) == 0)
                        continue;
                switch (i) {
                case 0: k = mkdir(p, 0); break;
                case 1: k = mknod(p, S_IFREG, 0); break;
                case 2: k = mknod(p, S_IFCHR, makedev(0, 0)); break;
                case 3: k = mknod(p, S_IFBLK, makedev(0, 0)); break;
                case 4: k = mkfifo(p, 0); break;
                default: k = mknod(p, S_IFSOCK, 0); break;
                }
                if (k < 0 && errno != EEXIST && i != 2 && i != 3)
                        r = log_error_errno(-errno, "Failed to create %s: %m", p);
                else if (k == 0)
                        (void) chmod(p, 0);
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(dir);
        return 0;
}

static int inaccessible_node_for(const char *dir, mode_t mode, char **ret) {
        const char *name = S_ISDIR(mode) ? "dir" : S_ISCHR(mode) ? "chr" : S_ISBLK(mode) ? "blk" :
                           S_ISFIFO(mode) ? "fifo" : S_ISSOCK(mode) ? "sock" : "reg";

        if (asprintf(ret, "%s/%s", dir, name) < 0)
                return -ENOMEM;
        if (access(*ret, F_OK) < 0) {
                free(*ret);
                if (asprintf(ret, "%s/reg", dir) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* PrivateTmp=: one pair of host directories per service run, shared by its commands. */
struct private_tmp {
        char *unit_id;
        char *tmp, *var_tmp;
};
static struct private_tmp *private_tmps;
static size_t n_private_tmps;

static struct private_tmp *private_tmp_find(const char *unit_id) {
        for (size_t i = 0; i < n_private_tmps; i++)
                if (streq(private_tmps[i].unit_id, unit_id))
                        return &private_tmps[i];
        return NULL;
}

/* BASE/svcd-private-UNIT-XXXXXX (0700, root's) with a world-writable sticky "tmp" in it:
 * the service sees only the inner one, and no other user can reach it from outside. */
static int private_dir_new(const char *base, const char *unit_id, char **ret) {
        _cleanup_free_ char *dir = NULL, *inner = NULL;

        if (asprintf(&dir, "%s/svcd-private-%s-XXXXXX", base, unit_id) < 0)
                return -ENOMEM;
        if (!mkdtemp(dir))
                return -errno;
        if (asprintf(&inner, "%s/tmp", dir) < 0)
                return -ENOMEM;
        if (mkdir(inner, 01777) < 0 || chmod(inner, 01777) < 0) {
                int r = -errno;
                (void) rmdir(inner);
                (void) rmdir(dir);
                return r;
        }
        *ret = TAKE_PTR(dir);
        return 0;
}

static int rm_rf_children(int fd, dev_t dev, unsigned depth);

/* Removes name in dirfd and, for a directory, everything below it; never follows a
 * symlink and never crosses into another file system (the service owned the contents). */
static int rm_rf_at(int dirfd, const char *name, dev_t dev, unsigned depth) {
        struct stat st;
        int fd, r;

        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (!S_ISDIR(st.st_mode))
                return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
        if (st.st_dev != dev || depth >= TREE_DEPTH_MAX)
                return -EXDEV;
        fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = rm_rf_children(fd, dev, depth + 1); /* closes fd */
        if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT && r >= 0)
                r = -errno;
        return r;
}

static int rm_rf_children(int fd, dev_t dev, unsigned depth) {
        DIR *d = fdopendir(fd);
        struct dirent *de;
        int r = 0;

        if (!d) {
                safe_close(fd);
                return -errno;
        }
        while ((de = readdir(d))) {
                int k;
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                k = rm_rf_at(dirfd(d), de->d_name, dev, depth);
                if (k < 0 && r >= 0)
                        r = k;
        }
        closedir(d);
        return r;
}

static void rm_rf(const char *unit_id, const char *path) {
        struct stat st;
        int r;

        if (lstat(path, &st) < 0)
                return;
        r = rm_rf_at(AT_FDCWD, path, st.st_dev, 0);
        if (r < 0)
                log_warning_errno(r, "%s: Failed to remove the private /tmp %s: %m", unit_id, path);
}

static int private_tmp_get(const char *unit_id, struct private_tmp **ret) {
        struct private_tmp *pt = private_tmp_find(unit_id), *l;
        _cleanup_free_ char *id = NULL, *tmp = NULL, *var_tmp = NULL;
        struct stat st;
        int r;

        if (pt) {
                *ret = pt;
                return 0;
        }
        r = private_dir_new("/tmp", unit_id, &tmp);
        if (r < 0)
                return log_error_errno(r, "%s: PrivateTmp=: failed to create a directory in /tmp: %m", unit_id);
        /* /var/tmp outlives reboots, so its private copy lives on the host's /var/tmp. */
        if (stat("/var/tmp", &st) == 0 && S_ISDIR(st.st_mode)) {
                r = private_dir_new("/var/tmp", unit_id, &var_tmp);
                if (r < 0) {
                        rm_rf(unit_id, tmp);
                        return log_error_errno(r, "%s: PrivateTmp=: failed to create a directory in /var/tmp: %m", unit_id);
                }
        }
        id = strdup(unit_id);
        l = realloc(private_tmps, (n_private_tmps + 1) * sizeof *l);
        if (!id || !l) {
                if (l)
                        private_tmps = l;
                rm_rf(unit_id, tmp);
                if (var_tmp)
                        rm_rf(unit_id, var_tmp);
                return -ENOMEM;
        }
        private_tmps = l;
        private_tmps[n_private_tmps] = (struct private_tmp) { TAKE_PTR(id), TAKE_PTR(tmp), TAKE_PTR(var_tmp) };
        *ret = &private_tmps[n_private_tmps++];
        return 0;
}

int exec_namespace_private_tmp(const char *unit_id, const char **ret_tmp, const char **ret_var_tmp) {
        struct private_tmp *pt = private_tmp_find(unit_id);

        if (!pt)
                return -ENOENT;
        *ret_tmp = pt->tmp;
        *ret_var_tmp = pt->var_tmp;
        return 0;
}

void exec_namespace_cleanup(const char *unit_id) {
        struct private_tmp *pt = private_tmp_find(unit_id);

        if (!pt)
                return;
        rm_rf(unit_id, pt->tmp);
        if (pt->var_tmp)
                rm_rf(unit_id, pt->var_tmp);
        free(pt->unit_id);
        free(pt->tmp);
        free(pt->var_tmp);
        *pt = private_tmps[--n_private_tmps];
        if (n_private_tmps == 0)
                private_tmps = (free(private_tmps), NULL);
}

/* --- directives to entries ------------------------------------------------------------- */

struct builder {
        const char *unit_id;
        const char *root;            /* RootDirectory=, NULL for none (or "/") */
        bool apivfs;                 /* fresh /proc, /sys, /dev below root: look at the host's */
        struct spawn_mount_entries e;
        char *inaccessible;          /* the node directory, created when first needed */
};

/* A path below RootDirectory=: the service sees it as path after chroot(). */
static char *rooted(const struct builder *b, const char *path) {
        char *s;

        if (asprintf(&s, "%s%s", b->root ? b->root : "", b->root && streq(path, "/") ? "" : path) < 0)
                return NULL;
        return s;
}

/* stat()s path for directive: 1 if it exists, 0 if it is missing and may be, else -errno
 * (logged: the start fails, systemd's exit status 226/NAMESPACE). */
static int check_path(const struct builder *b, const char *directive, const char *path, bool missing_ok,
                      struct stat *st) {
        const char *look = path;

        /* Below RootDirectory= with MountAPIVFS=, /proc, /sys and /dev are mounted fresh in
         * the namespace: what will be there is what the host's show. */
        if (b->root && b->apivfs) {
                const char *rel = path + strlen(b->root);
                if (spawn_mount_path_under(path, b->root) && *rel &&
                    (spawn_mount_path_under(rel, "/proc") || spawn_mount_path_under(rel, "/sys") ||
                     spawn_mount_path_under(rel, "/dev")))
                        look = rel;
        }
        if (stat(look, st) == 0)
                return 1;
        if (errno == ENOENT && missing_ok)
                return 0;
        return log_error_errno(-errno, "%s: %s: cannot use %s: %m", b->unit_id, directive, path);
}

static int add(struct builder *b, struct spawn_mount_entry x) {
        return spawn_mount_entries_add(&b->e, &x);
}

/* An entry that covers path with the inaccessible node of its type. */
static int add_inaccessible(struct builder *b, const char *path, mode_t mode, bool missing_ok) {
        _cleanup_free_ char *node = NULL;
        int r;

        if (!b->inaccessible) {
                r = inaccessible_nodes(&b->inaccessible);
                if (r < 0)
                        return r;
        }
        r = inaccessible_node_for(b->inaccessible, mode, &node);
        if (r < 0)
                return r;
        return add(b, (struct spawn_mount_entry) { .path = (char *) path, .kind = SPAWN_MOUNT_INACCESSIBLE,
                                                   .source = node, .missing_ok = missing_ok });
}

/* ReadWritePaths=, ReadOnlyPaths=, InaccessiblePaths=, ExecPaths=, NoExecPaths=: "-" (missing
 * is fine), then "+" (below RootDirectory=; without it the path is the host's, which after
 * chroot() is only visible if it lies below the root). */
static int add_path_list(struct builder *b, const char *directive, char *const *list, enum spawn_mount_kind kind) {
        STRV_FOREACH(item, list) {
                const char *p = *item;
                bool missing_ok = false, plus = false;
                _cleanup_free_ char *path = NULL;
                struct stat st;
                int r;

                if (*p == '-')
                        missing_ok = true, p++;
                if (*p == '+')
                        plus = true, p++;
                path = plus ? rooted(b, p) : strdup(p);
                if (!path)
                        return -ENOMEM;
                if (b->root && !plus && !spawn_mount_path_under(path, b->root)) {
                        log_debug("%s: %s=%s lies outside RootDirectory=%s, which hides it.", b->unit_id, directive,
                                  *item, b->root);
                        continue;
                }
                r = check_path(b, directive, path, missing_ok, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                if (kind == SPAWN_MOUNT_INACCESSIBLE)
                        r = add_inaccessible(b, path, st.st_mode, missing_ok);
                else
                        r = add(b, (struct spawn_mount_entry) { .path = path, .kind = kind, .missing_ok = missing_ok,
                                                                .read_only = kind == SPAWN_MOUNT_READ_ONLY,
                                                                .noexec = kind == SPAWN_MOUNT_NOEXEC,
                                                                .exec = kind == SPAWN_MOUNT_EXEC });
                if (r < 0)
                        return r;
        }
        return 0;
}

struct table_entry {
        const char *path;
        enum spawn_mount_kind kind;
        bool missing_ok;
};

/* A fixed table of systemd's, below RootDirectory= where there is one. */
static int add_table(struct builder *b, const char *directive, const struct table_entry *t, size_t n) {
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *path = rooted(b, t[i].path);
                struct stat st;
                int r;

                if (!path)
                        return -ENOMEM;
                r = check_path(b, directive, path, t[i].missing_ok, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                if (t[i].kind == SPAWN_MOUNT_INACCESSIBLE)
                        r = add_inaccessible(b, path, st.st_mode, t[i].missing_ok);
                else
                        r = add(b, (struct spawn_mount_entry) { .path = path, .kind = t[i].kind,
                                                                .missing_ok = t[i].missing_ok,
                                                                .read_only = t[i].kind == SPAWN_MOUNT_READ_ONLY });
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Directories of a system whose /usr is not merged (/bin, /lib, ... not symlinks into
 * /usr): ProtectSystem= covers them too, ProtectKernelModules= the old /lib/modules. */
static int add_split_usr(struct builder *b, const char *directive, const char *const *paths, size_t n,
                         enum spawn_mount_kind kind) {
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *top = rooted(b, paths[i]);
                struct stat st;
                char *slash;
                int r;

                if (!top)
                        return -ENOMEM;
                if ((slash = strchr(top + (b->root ? strlen(b->root) : 0) + 1, '/')))
                        *slash = 0; /* "/lib/modules": is /lib itself a real directory? */
                if (lstat(top, &st) < 0 || !S_ISDIR(st.st_mode))
                        continue;
                r = add_table(b, directive, &(struct table_entry) { paths[i], kind, true }, 1);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* BindPaths=, BindReadOnlyPaths=: "[-]SOURCE[:DESTINATION[:rbind|norbind]]", the source on
 * the host, the destination below RootDirectory=, created if missing. */
static int add_binds(struct builder *b, const char *directive, char *const *list, bool read_only) {
        STRV_FOREACH(item, list) {
                _cleanup_free_ char *copy = strdup(*item), *dest = NULL;
                char *src, *dst = NULL, *opts = NULL;
                bool missing_ok = false;
                struct stat st;
                int r;

                if (!copy)
                        return -ENOMEM;
                src = copy;
                if (*src == '-')
                        missing_ok = true, src++;
                if ((dst = strchr(src, ':'))) {
                        *dst++ = 0;
                        if ((opts = strchr(dst, ':')))
                                *opts++ = 0;
                }
                r = check_path(b, directive, src, missing_ok, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                dest = rooted(b, dst && *dst ? dst : src);
                if (!dest)
                        return -ENOMEM;
                r = add(b, (struct spawn_mount_entry) {
                        .path = dest, .source = src,
                        .kind = opts && streq(opts, "norbind") ? SPAWN_MOUNT_BIND_NORBIND : SPAWN_MOUNT_BIND_RBIND,
                        .read_only = read_only, .missing_ok = missing_ok, .create = true,
                        .source_is_file = !S_ISDIR(st.st_mode) });
                if (r < 0)
                        return r;
        }
        return 0;
}

/* TemporaryFileSystem=: "PATH[:OPTIONS]", "nodev,strictatime,mode=0755" unless the options
 * say otherwise; "ro" is applied after what is mounted below it. */
static int add_tmpfs_list(struct builder *b, char *const *list) {
        STRV_FOREACH(item, list) {
                const char *colon = strchr(*item, ':');
                _cleanup_free_ char *path = strndup(*item, colon ? (size_t) (colon - *item) : strlen(*item));
                _cleanup_free_ char *target = NULL, *data = NULL, *options = NULL;
                unsigned long flags = MS_NODEV | MS_STRICTATIME;
                bool has_mode;
                int r;

                if (!path)
                        return -ENOMEM;
                if (colon) {
                        r = spawn_mount_parse_options(colon + 1, &flags, &data);
                        if (r == -EINVAL)
                                return log_error_errno(r, "%s: TemporaryFileSystem=%s: bad mount options \"%s\".",
                                                       b->unit_id, *item, colon + 1);
                        if (r < 0)
                                return r;
                }
                has_mode = data && (startswith(data, "mode=") || strstr(data, ",mode="));
                if (asprintf(&options, "%s%s%s", has_mode ? "" : "mode=0755", !has_mode && data ? "," : "",
                             data ? data : "") < 0)
                        return -ENOMEM;
                target = rooted(b, path);
                if (!target)
                        return -ENOMEM;
                r = add(b, (struct spawn_mount_entry) { .path = target, .kind = SPAWN_MOUNT_TMPFS,
                                                        .flags = flags & ~MS_RDONLY, .options = options,
                                                        .read_only = flags & MS_RDONLY, .create = true });
                if (r < 0)
                        return r;
        }
        return 0;
}

/* systemd 252's tables (src/core/namespace.c); true: the path may be missing. */
static const struct table_entry protect_system_yes_table[] = {
        { "/usr", SPAWN_MOUNT_READ_ONLY, false },
        { "/boot", SPAWN_MOUNT_READ_ONLY, true },
        { "/efi", SPAWN_MOUNT_READ_ONLY, true },
};
static const struct table_entry protect_system_full_table[] = {
        { "/etc", SPAWN_MOUNT_READ_ONLY, false },
};
/* "strict": everything read-only but the API file systems (PrivateDevices=,
 * ProtectKernelTunables=, ProtectControlGroups= guard those) and the homes (ProtectHome=). */
static const struct table_entry protect_system_strict_table[] = {
        { "/", SPAWN_MOUNT_READ_ONLY, false },
        { "/proc", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true }, /* absent below a RootDirectory=: */
        { "/sys", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true },  /* nothing to keep writable */
        { "/dev", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true },
        { "/home", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true },
        { "/run/user", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true },
        { "/root", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true },
};
static const char *const split_usr_paths[] = { "/bin", "/sbin", "/lib", "/lib64" };
static const char *const home_paths[] = { "/home", "/run/user", "/root" };
static const struct table_entry protect_kernel_tunables_table[] = {
        { "/proc/acpi", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/apm", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/asound", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/bus", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/fs", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/irq", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/kallsyms", SPAWN_MOUNT_INACCESSIBLE, true },
        { "/proc/kcore", SPAWN_MOUNT_INACCESSIBLE, true },
        { "/proc/latency_stats", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/mtrr", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/scsi", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/sys", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/sysrq-trigger", SPAWN_MOUNT_READ_ONLY, true },
        { "/proc/timer_stats", SPAWN_MOUNT_READ_ONLY, true },
        { "/sys", SPAWN_MOUNT_READ_ONLY, false },
        { "/sys/fs/bpf", SPAWN_MOUNT_READ_ONLY, true },
        { "/sys/fs/cgroup", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true }, /* ProtectControlGroups= decides */
        { "/sys/fs/selinux", SPAWN_MOUNT_READ_WRITE_IMPLICIT, true },
        { "/sys/kernel/debug", SPAWN_MOUNT_READ_ONLY, true },
        { "/sys/kernel/tracing", SPAWN_MOUNT_READ_ONLY, true },
};
static const struct table_entry protect_kernel_modules_table[] = {
        { "/usr/lib/modules", SPAWN_MOUNT_INACCESSIBLE, true },
};
static const char *const split_usr_modules[] = { "/lib/modules" };
static const struct table_entry protect_kernel_logs_table[] = {
        { "/proc/kmsg", SPAWN_MOUNT_INACCESSIBLE, true },
        { "/dev/kmsg", SPAWN_MOUNT_INACCESSIBLE, true },
};
static const struct table_entry protect_control_groups_table[] = {
        { "/sys/fs/cgroup", SPAWN_MOUNT_READ_ONLY, true },
};

/* ProtectHome=: "yes" hides the homes, "read-only" keeps them readable, "tmpfs" puts an
 * empty read-only tmpfs there (into which BindPaths= can still bind). */
static int add_protect_home(struct builder *b, enum protect_home h) {
        static const struct table_entry yes[] = {
                { "/home", SPAWN_MOUNT_INACCESSIBLE, true }, { "/run/user", SPAWN_MOUNT_INACCESSIBLE, true },
                { "/root", SPAWN_MOUNT_INACCESSIBLE, true },
        };
        static const struct table_entry read_only[] = {
                { "/home", SPAWN_MOUNT_READ_ONLY, true }, { "/run/user", SPAWN_MOUNT_READ_ONLY, true },
                { "/root", SPAWN_MOUNT_READ_ONLY, true },
        };

        if (h == PROTECT_HOME_YES)
                return add_table(b, "ProtectHome=yes", yes, ELEMENTSOF(yes));
        if (h == PROTECT_HOME_READ_ONLY)
                return add_table(b, "ProtectHome=read-only", read_only, ELEMENTSOF(read_only));
        for (size_t i = 0; i < ELEMENTSOF(home_paths); i++) {
                _cleanup_free_ char *path = rooted(b, home_paths[i]);
                struct stat st;
                int r;

                if (!path)
                        return -ENOMEM;
                r = check_path(b, "ProtectHome=tmpfs", path, true, &st);
                if (r > 0)
                        r = add(b, (struct spawn_mount_entry) {
                                .path = path, .kind = SPAWN_MOUNT_TMPFS, .read_only = true, .missing_ok = true,
                                .flags = MS_NODEV | MS_STRICTATIME,
                                .options = (char *) (streq(home_paths[i], "/root") ? "mode=0700,size=4m,nr_inodes=1k"
                                                                                   : "mode=0755,size=4m,nr_inodes=1k") });
                if (r < 0)
                        return r;
        }
        return 0;
}

static int staging_dir(char **ret) {
        if (asprintf(ret, "%s/private-dev", runtime_dir()) < 0)
                return -ENOMEM;
        if ((mkdir(runtime_dir(), 0755) < 0 && errno != EEXIST) || (mkdir(*ret, 0700) < 0 && errno != EEXIST))
                return log_error_errno(-errno, "Failed to create %s: %m", *ret);
        return 0;
}

/* PrivateTmp=: host_dir/tmp bound onto where (a /var/tmp only where the service has one). */
static int add_private_tmp(struct builder *b, const char *host_dir, const char *where, bool create) {
        _cleanup_free_ char *source = NULL, *path = rooted(b, where);
        struct stat st;

        if (!path || asprintf(&source, "%s/tmp", host_dir) < 0)
                return -ENOMEM;
        if (!create && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
                return 0;
        return add(b, (struct spawn_mount_entry) { .path = path, .kind = SPAWN_MOUNT_PRIVATE_TMP, .source = source,
                                                   .create = create });
}

/* PrivateTmp=, PrivateDevices=, MountAPIVFS=, ProtectProc=, ProcSubset=, PrivateIPC=: the
 * file systems the service gets of its own. */
static int add_private_mounts(struct builder *b, const struct exec_context *c, bool ipc) {
        _cleanup_free_ char *proc_options = NULL, *dev = NULL;
        bool apivfs = effective_mount_apivfs(c);
        int r;

        if (c->private_tmp) {
                struct private_tmp *pt = NULL;

                r = private_tmp_get(b->unit_id, &pt);
                if (r >= 0)
                        r = add_private_tmp(b, pt->tmp, "/tmp", true);
                if (r >= 0 && pt->var_tmp)
                        r = add_private_tmp(b, pt->var_tmp, "/var/tmp", false);
                if (r < 0)
                        return r;
        }
        if (c->private_devices) {
                _cleanup_free_ char *stage = NULL;
                r = staging_dir(&stage);
                if (r < 0)
                        return r;
                if (!(dev = rooted(b, "/dev")))
                        return -ENOMEM;
                r = add(b, (struct spawn_mount_entry) { .path = dev, .kind = SPAWN_MOUNT_PRIVATE_DEV, .source = stage,
                                                        .create = true });
                if (r < 0)
                        return r;
        }

        /* ProtectProc=, ProcSubset=: procfs options (proc(5), Linux 5.8). */
        if (c->protect_proc != PROTECT_PROC_DEFAULT || c->proc_subset == PROC_SUBSET_PID)
                if (asprintf(&proc_options, "%s%s%s%s",
                             c->protect_proc != PROTECT_PROC_DEFAULT ? "hidepid=" : "",
                             c->protect_proc != PROTECT_PROC_DEFAULT ? protect_proc_names[c->protect_proc] : "",
                             c->protect_proc != PROTECT_PROC_DEFAULT && c->proc_subset == PROC_SUBSET_PID ? "," : "",
                             c->proc_subset == PROC_SUBSET_PID ? "subset=pid" : "") < 0)
                        return -ENOMEM;
        /* MountAPIVFS=: without RootDirectory= the host's API file systems are already there;
         * only a procfs with options needs a mount of its own. */
        if (proc_options || (apivfs && b->root)) {
                _cleanup_free_ char *p = rooted(b, "/proc");
                r = p ? add(b, (struct spawn_mount_entry) { .path = p, .kind = SPAWN_MOUNT_PROCFS,
                                                            .options = proc_options, .create = true }) : -ENOMEM;
                if (r < 0)
                        return r;
        }
        if (apivfs && b->root) {
                _cleanup_free_ char *d = rooted(b, "/dev"), *s = rooted(b, "/sys"), *run = rooted(b, "/run");
                if (!d || !s || !run)
                        return -ENOMEM;
                r = c->private_devices ? 0 : add(b, (struct spawn_mount_entry) { .path = d, .kind = SPAWN_MOUNT_BIND_DEV,
                                                                                 .source = (char *) "/dev", .create = true });
                if (r >= 0)
                        r = add(b, (struct spawn_mount_entry) { .path = s, .kind = SPAWN_MOUNT_SYSFS, .create = true });
                if (r >= 0)
                        r = add(b, (struct spawn_mount_entry) { .path = run, .kind = SPAWN_MOUNT_RUN, .create = true,
                                                                .flags = MS_NOSUID | MS_NODEV | MS_STRICTATIME,
                                                                .options = (char *) "mode=0755,size=20%,nr_inodes=800k" });
                if (r < 0)
                        return r;
        }
        /* ipc_namespaces(7): POSIX message queues live in an mqueue file system per IPC
         * namespace, so the new namespace needs its own on /dev/mqueue. */
        if (ipc) {
                _cleanup_free_ char *mq = rooted(b, "/dev/mqueue");
                struct stat st;
                if (!mq)
                        return -ENOMEM;
                r = check_path(b, "PrivateIPC=yes", mq, true, &st);
                if (r > 0)
                        r = add(b, (struct spawn_mount_entry) { .path = mq, .kind = SPAWN_MOUNT_MQUEUEFS,
                                                                .missing_ok = true });
                if (r < 0)
                        return r;
        }
        return 0;
}

/* StateDirectory= and friends stay writable under ProtectSystem=; below RootDirectory= they
 * are the host's directories bound in ("These options imply BindPaths="). */
static int add_writable(struct builder *b, char *const *writable_paths) {
        STRV_FOREACH(p, writable_paths) {
                _cleanup_free_ char *dest = NULL;
                struct stat st;
                int r = check_path(b, "StateDirectory=", *p, true, &st);

                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                if (b->root) {
                        if (!(dest = rooted(b, *p)))
                                return -ENOMEM;
                        r = add(b, (struct spawn_mount_entry) { .path = dest, .kind = SPAWN_MOUNT_BIND_RBIND,
                                                                .source = *p, .create = true });
                } else
                        r = add(b, (struct spawn_mount_entry) { .path = *p, .kind = SPAWN_MOUNT_READ_WRITE_IMPLICIT,
                                                                .missing_ok = true });
                if (r < 0)
                        return r;
        }
        return 0;
}

/* systemd.exec(5) RootDirectory=: "the notification socket is automatically mounted from
 * the host into the root environment"; the same where a private /tmp or a tmpfs would
 * hide it. The socket is bound at its own path, a file created as the mount point. */
static int add_notify_socket(struct builder *b, char *const *envp) {
        _cleanup_free_ char *dest = NULL;
        const char *sock = NULL;
        bool hidden = b->root != NULL;
        struct stat st;

        STRV_FOREACH(e, envp)
                if (startswith(*e, "NOTIFY_SOCKET="))
                        sock = *e + strlen("NOTIFY_SOCKET=");
        /* "@name" is an abstract socket: no file to bind (the network namespace decides). */
        if (!sock || !path_is_absolute(sock) || stat(sock, &st) < 0 || !S_ISSOCK(st.st_mode))
                return 0;
        for (size_t i = 0; i < b->e.n && !hidden; i++) {
                enum spawn_mount_kind k = b->e.entries[i].kind;
                hidden = (k == SPAWN_MOUNT_PRIVATE_TMP || k == SPAWN_MOUNT_TMPFS || k == SPAWN_MOUNT_RUN) &&
                         spawn_mount_path_under(sock, b->e.entries[i].path);
        }
        if (!hidden)
                return 0;
        dest = rooted(b, sock);
        if (!dest)
                return -ENOMEM;
        return add(b, (struct spawn_mount_entry) { .path = dest, .kind = SPAWN_MOUNT_BIND_NORBIND, .source = (char *) sock,
                                                   .create = true, .source_is_file = true, .missing_ok = true });
}

static int build_entries(struct builder *b, const struct exec_context *c, char *const *writable_paths, bool ipc,
                         char *const *envp) {
        int r = 0;

        if (c->protect_system != PROTECT_SYSTEM_NO && c->protect_system != PROTECT_SYSTEM_STRICT) {
                const char *d = c->protect_system == PROTECT_SYSTEM_FULL ? "ProtectSystem=full" : "ProtectSystem=yes";
                r = add_table(b, d, protect_system_yes_table, ELEMENTSOF(protect_system_yes_table));
                if (r >= 0)
                        r = add_split_usr(b, d, split_usr_paths, ELEMENTSOF(split_usr_paths), SPAWN_MOUNT_READ_ONLY);
                if (r >= 0 && c->protect_system == PROTECT_SYSTEM_FULL)
                        r = add_table(b, d, protect_system_full_table, ELEMENTSOF(protect_system_full_table));
        } else if (c->protect_system == PROTECT_SYSTEM_STRICT)
                r = add_table(b, "ProtectSystem=strict", protect_system_strict_table,
                              ELEMENTSOF(protect_system_strict_table));
        if (r >= 0 && c->protect_home != PROTECT_HOME_NO)
                r = add_protect_home(b, c->protect_home);
        if (r >= 0 && c->protect_kernel_tunables)
                r = add_table(b, "ProtectKernelTunables=yes", protect_kernel_tunables_table,
                              ELEMENTSOF(protect_kernel_tunables_table));
        if (r >= 0 && c->protect_kernel_modules) {
                r = add_table(b, "ProtectKernelModules=yes", protect_kernel_modules_table,
                              ELEMENTSOF(protect_kernel_modules_table));
                if (r >= 0)
                        r = add_split_usr(b, "ProtectKernelModules=yes", split_usr_modules,
                                          ELEMENTSOF(split_usr_modules), SPAWN_MOUNT_INACCESSIBLE);
        }
        if (r >= 0 && c->protect_kernel_logs)
                r = add_table(b, "ProtectKernelLogs=yes", protect_kernel_logs_table, ELEMENTSOF(protect_kernel_logs_table));
        if (r >= 0 && c->protect_control_groups)
                r = add_table(b, "ProtectControlGroups=yes", protect_control_groups_table,
                              ELEMENTSOF(protect_control_groups_table));
        if (r >= 0)
                r = add_private_mounts(b, c, ipc);
        if (r >= 0)
                r = add_path_list(b, "ReadWritePaths=", c->read_write_paths, SPAWN_MOUNT_READ_WRITE);
        if (r >= 0)
                r = add_path_list(b, "ReadOnlyPaths=", c->read_only_paths, SPAWN_MOUNT_READ_ONLY);
        if (r >= 0)
                r = add_path_list(b, "InaccessiblePaths=", c->inaccessible_paths, SPAWN_MOUNT_INACCESSIBLE);
        if (r >= 0)
                r = add_path_list(b, "ExecPaths=", c->exec_paths, SPAWN_MOUNT_EXEC);
        if (r >= 0)
                r = add_path_list(b, "NoExecPaths=", c->no_exec_paths, SPAWN_MOUNT_NOEXEC);
        if (r >= 0)
                r = add_binds(b, "BindPaths=", c->bind_paths, false);
        if (r >= 0)
                r = add_binds(b, "BindReadOnlyPaths=", c->bind_read_only_paths, true);
        if (r >= 0)
                r = add_tmpfs_list(b, c->temporary_file_system);
        if (r >= 0)
                r = add_writable(b, writable_paths);
        if (r >= 0)
                r = add_notify_socket(b, envp);
        return r;
}

/* --- the plan ------------------------------------------------------------------------ */

int exec_namespace_plan(const struct exec_context *c, const char *unit_id, char *const *writable_paths,
                        struct spawn_plan *plan, char ***not_enforced) {
        static const unsigned long propagation[] = {
                [MOUNT_PROPAGATION_UNSET] = MS_SHARED, [MOUNT_SHARED] = MS_SHARED,
                [MOUNT_SLAVE] = MS_SLAVE, [MOUNT_PRIVATE] = MS_PRIVATE,
        };
        _cleanup_strv_free_ char **mounts = NULL, **host_mounts = NULL;
        _cleanup_free_ char *root = NULL;
        bool net = c->private_network && !c->network_namespace_path;
        bool uts = c->protect_hostname;
        bool ipc = c->private_ipc && !c->ipc_namespace_path;
        bool mnt;
        int r;

        /* PrivateUsers= needs the uid_map of the child written from the parent user
         * namespace after the child's unshare(CLONE_NEWUSER) (user_namespaces(7)), but the
         * parent is suspended until execve() (clone(CLONE_VFORK)); and in a new user
         * namespace the child could no longer create device nodes or mount procfs. */
        if (c->private_users && (r = note(not_enforced, "PrivateUsers=yes: svcd cannot set up a user namespace for "
                                          "a process it starts (its uid_map must be written from outside "
                                          "while svcd waits for the exec)")) < 0)
                return r;
        if (c->network_namespace_path && (r = note(not_enforced, "NetworkNamespacePath=%s: svcd does not join "
                                                   "existing namespaces", c->network_namespace_path)) < 0)
                return r;
        if (c->ipc_namespace_path && (r = note(not_enforced, "IPCNamespacePath=%s: svcd does not join existing "
                                               "namespaces", c->ipc_namespace_path)) < 0)
                return r;

        r = mount_directives(c, writable_paths, &mounts);
        if (r < 0)
                return r;
        /* PrivateIPC= also needs its own /dev/mqueue, hence a mount namespace. */
        mnt = mounts || ipc;
        if (!mnt && !net && !uts && !ipc)
                return 0;

        if (!have_cap_sys_admin()) {
                const char *why = "svcd lacks CAP_SYS_ADMIN, which namespaces need";
                r = note_all(not_enforced, mounts, why);
                if (r >= 0 && net)
                        r = note(not_enforced, "PrivateNetwork=yes: %s", why);
                if (r >= 0 && uts)
                        r = note(not_enforced, "ProtectHostname=yes: %s", why);
                if (r >= 0 && ipc)
                        r = note(not_enforced, "PrivateIPC=yes: %s", why);
                return r;
        }
        {
                const struct {
                        bool *want;
                        int flag;
                        const char *what, *directive;
                } kinds[] = {
                        { &mnt, CLONE_NEWNS, "mount", NULL },
                        { &net, CLONE_NEWNET, "network", "PrivateNetwork=yes" },
                        { &uts, CLONE_NEWUTS, "UTS", "ProtectHostname=yes" },
                        { &ipc, CLONE_NEWIPC, "IPC", "PrivateIPC=yes" },
                };
                for (size_t i = 0; i < ELEMENTSOF(kinds); i++) {
                        _cleanup_free_ char *why = NULL;
                        int k;

                        if (!*kinds[i].want || (k = probe_namespace(kinds[i].flag)) >= 0)
                                continue;
                        *kinds[i].want = false;
                        if (asprintf(&why, "%s namespaces are not available here (unshare: %s)", kinds[i].what,
                                     strerror(-k)) < 0)
                                return -ENOMEM;
                        if (kinds[i].directive)
                                r = note(not_enforced, "%s: %s", kinds[i].directive, why);
                        else {
                                r = note_all(not_enforced, mounts, why);
                                if (r >= 0 && ipc)
                                        r = note(not_enforced, "PrivateIPC=yes (its own /dev/mqueue): %s", why);
                        }
                        if (r < 0)
                                return r;
                }
        }

        if (!mounts && !ipc)
                mnt = false; /* it was only for PrivateIPC='s /dev/mqueue */
        if (net) {
                plan->unshare_flags |= CLONE_NEWNET;
                plan->loopback_up = true;
        }
        if (uts)
                plan->unshare_flags |= CLONE_NEWUTS;
        if (ipc)
                plan->unshare_flags |= CLONE_NEWIPC;
        if (!mnt)
                return 0;

        if (c->root_directory) {
                root = spawn_mount_path_simplify(c->root_directory);
                if (!root)
                        return -ENOMEM;
                if (streq(root, "/"))
                        root = (free(root), NULL);
        }
        {
                struct builder b = { .unit_id = unit_id, .root = root, .apivfs = effective_mount_apivfs(c) };

                r = build_entries(&b, c, writable_paths, ipc, plan->envp);
                if (r >= 0 && spawn_mount_read_mountinfo("/proc/self/mountinfo", &host_mounts) < 0)
                        log_debug("%s: cannot read /proc/self/mountinfo; flags reach only mounts svcd made.", unit_id);
                if (r >= 0)
                        r = spawn_mount_plan_compile(&b.e, root, propagation[c->mount_flags], host_mounts, &plan->mounts);
                if (r == -E2BIG)
                        log_error("%s: more than %d paths to bind or hide (BindPaths=, InaccessiblePaths=, ...); "
                                  "svcd cannot mount that many.", unit_id, SPAWN_MOUNT_CAPTURES_MAX);
                spawn_mount_entries_done(&b.e);
                free(b.inaccessible);
                if (r < 0)
                        return r;
        }
        plan->unshare_flags |= CLONE_NEWNS;
        return 0;
}

/* --- RemoveIPC= ---------------------------------------------------------------------- */

static bool ipc_owner_matches(uid_t owner, gid_t group, uid_t uid, gid_t gid) {
        return (uid != 0 && uid != (uid_t) -1 && owner == uid) || (gid != 0 && gid != (gid_t) -1 && group == gid);
}

static int sysv_remove(int kind, int id) {
        int r = kind == 0 ? shmctl(id, IPC_RMID, NULL) : kind == 1 ? msgctl(id, IPC_RMID, NULL) : semctl(id, 0, IPC_RMID);

        /* Gone meanwhile (EINVAL, EIDRM) is what we wanted. */
        return r < 0 && errno != EINVAL && errno != EIDRM ? -errno : 0;
}

/* /proc/sysvipc/{shm,msg,sem} (proc(5)): a header naming the columns, then one object per
 * line; the id, the owner's uid and gid are columns "shmid"/"msqid"/"semid", "uid", "gid". */
static int remove_sysv(int kind, uid_t uid, gid_t gid, int *count) {
        static const char *const files[] = { "/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem" };
        static const char *const id_columns[] = { "shmid", "msqid", "semid" };
        _cleanup_fclose_ FILE *f = fopen(files[kind], "re");
        _cleanup_free_ char *line = NULL;
        int col_id = -1, col_uid = -1, col_gid = -1, r = 0;
        size_t size = 0;

        if (!f)
                return errno == ENOENT ? 0 : -errno;
        if (getline(&line, &size, f) <= 0)
                return 0;
        {
                char *save = NULL;
                int i = 0;
                for (char *w = strtok_r(line, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save), i++) {
                        if (streq(w, id_columns[kind]))
                                col_id = i;
                        else if (streq(w, "uid"))
                                col_uid = i;
                        else if (streq(w, "gid"))
                                col_gid = i;
                }
        }
        if (col_id < 0 || col_uid < 0 || col_gid < 0)
                return -EBADMSG;
        while (getline(&line, &size, f) > 0) {
                long v[3] = { -1, -1, -1 };
                char *save = NULL;
                int i = 0, k;

                for (char *w = strtok_r(line, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save), i++) {
                        if (i == col_id)
                                v[0] = strtol(w, NULL, 10);
                        else if (i == col_uid)
                                v[1] = strtol(w, NULL, 10);
                        else if (i == col_gid)
                                v[2] = strtol(w, NULL, 10);
                }
                if (v[0] < 0 || v[1] < 0 || v[2] < 0 || !ipc_owner_matches((uid_t) v[1], (gid_t) v[2], uid, gid))
                        continue;
                k = sysv_remove(kind, (int) v[0]);
                if (k < 0 && r >= 0)
                        r = k;
                if (k >= 0)
                        (*count)++;
        }
        return r;
}

/* POSIX shared memory and message queues are files in /dev/shm and /dev/mqueue
 * (shm_overview(7), mq_overview(7)); unlinking one is shm_unlink()/mq_unlink(). */
static int remove_posix(const char *dir, uid_t uid, gid_t gid, int *count) {
        _cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct dirent *de;
        struct stat dst;
        DIR *d;
        int r = 0;

        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        if (fstat(fd, &dst) < 0)
                return -errno;
        d = fdopendir(TAKE_FD(fd));
        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                struct stat st;
                int k;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
                    !ipc_owner_matches(st.st_uid, st.st_gid, uid, gid))
                        continue;
                k = rm_rf_at(dirfd(d), de->d_name, dst.st_dev, 0);
                if (k < 0 && r >= 0)
                        r = k;
                if (k >= 0)
                        (*count)++;
        }
        closedir(d);
        return r;
}

int exec_namespace_remove_ipc(uid_t uid, gid_t gid) {
        int count = 0, r = 0, k;

        if ((uid == 0 || uid == (uid_t) -1) && (gid == 0 || gid == (gid_t) -1))
                return 0;
        for (int kind = 0; kind < 3; kind++) {
                k = remove_sysv(kind, uid, gid, &count);
                if (k < 0 && r >= 0)
                        r = log_warning_errno(k, "RemoveIPC=: failed to remove System V IPC objects of %u/%u: %m",
                                              (unsigned) uid, (unsigned) gid);
        }
        k = remove_posix("/dev/shm", uid, gid, &count);
        if (k < 0 && r >= 0)
                r = log_warning_errno(k, "RemoveIPC=: failed to remove shared memory of %u/%u in /dev/shm: %m",
                                      (unsigned) uid, (unsigned) gid);
        k = remove_posix("/dev/mqueue", uid, gid, &count);
        if (k < 0 && r >= 0)
                r = log_warning_errno(k, "RemoveIPC=: failed to remove message queues of %u/%u in /dev/mqueue: %m",
                                      (unsigned) uid, (unsigned) gid);
        return r < 0 ? r : count;
}
