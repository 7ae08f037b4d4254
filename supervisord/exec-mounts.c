/* exec-mounts.c: systemd.exec(5)'s filesystem directives (ProtectSystem=, BindPaths=, ...) as mount entries.
 *
 * Each directive becomes entries of libsvc/spawn-mount.h, which sorts, merges and compiles
 * them into the child's mount operations: the tables below are systemd 252's
 * (src/core/namespace.c), the rules for "-" and "+" prefixes and RootDirectory= are
 * systemd.exec(5)'s. Everything that looks at the file system happens here, in the parent:
 * whether a path exists, what type the inaccessible node over it must have, where the
 * notify socket is. exec-namespace.c decides whether there is a mount namespace at all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-mounts.h"
#include "supervisord/exec-private-tmp.h"

static const char *const protect_proc_names[] = { "default", "noaccess", "invisible", "ptraceable" };

bool exec_mounts_api_vfs(const struct exec_context *c) {
        /* systemd.exec(5) MountAPIVFS=: an explicit setting wins; it defaults to yes with
         * RootDirectory=; ProtectKernelTunables=, ProtectControlGroups=, ProtectProc= and
         * ProcSubset= imply it. */
        if (c->protect_kernel_tunables || c->protect_control_groups || c->protect_proc != PROTECT_PROC_DEFAULT ||
            c->proc_subset != PROC_SUBSET_ALL)
                return true;
        return c->mount_api_vfs_set ? c->mount_api_vfs : c->root_directory != NULL;
}

/* --- the host directories the sandbox mounts from -------------------------------------- */

static const char *const inaccessible_names[] = { "dir", "reg", "chr", "blk", "fifo", "sock" };

/* systemd's /run/systemd/inaccessible/: one empty node of each file type, mode 0000, to
 * bind over an inaccessible path of that type. Created once; EEXIST is fine. Device nodes
 * need CAP_MKNOD: without it a regular file stands in (a bind mount only needs both sides
 * to be non-directories). */
static int inaccessible_nodes(const char *runtime_dir, char **ret) {
        _cleanup_free_ char *dir = NULL;
        int r = 0;

        if (asprintf(&dir, "%s/inaccessible", runtime_dir) < 0)
                return -ENOMEM;
        if ((mkdir(runtime_dir, 0755) < 0 && errno != EEXIST) || (mkdir(dir, 0755) < 0 && errno != EEXIST))
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

/* --- directives to entries ------------------------------------------------------------- */

struct builder {
        const char *unit_id;
        const char *root;            /* RootDirectory=, NULL for none (or "/") */
        const char *runtime_dir;     /* where the inaccessible nodes and the /dev staging live */
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
                r = inaccessible_nodes(b->runtime_dir, &b->inaccessible);
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

static int staging_dir(const char *runtime_dir, char **ret) {
        if (asprintf(ret, "%s/private-dev", runtime_dir) < 0)
                return -ENOMEM;
        if ((mkdir(runtime_dir, 0755) < 0 && errno != EEXIST) || (mkdir(*ret, 0700) < 0 && errno != EEXIST))
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

/* PrivateTmp= where the host's /tmp or /var/tmp is read-only (exec-private-tmp.h): an empty
 * read-only tmpfs over the service's, private all the same; writes fail with EROFS. */
static int add_empty_read_only_tmp(struct builder *b, const char *where, bool create) {
        _cleanup_free_ char *path = rooted(b, where);
        struct stat st;

        if (!path)
                return -ENOMEM;
        if (!create && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
                return 0;
        return add(b, (struct spawn_mount_entry) { .path = path, .kind = SPAWN_MOUNT_TMPFS, .read_only = true,
                                                   .create = create, .flags = MS_NOSUID | MS_NODEV | MS_STRICTATIME,
                                                   .options = (char *) "mode=1777,size=4m,nr_inodes=1k" });
}

/* PrivateTmp=, PrivateDevices=, MountAPIVFS=, ProtectProc=, ProcSubset=, PrivateIPC=: the
 * file systems the service gets of its own. */
static int add_private_mounts(struct builder *b, const struct exec_context *c, bool ipc) {
        _cleanup_free_ char *proc_options = NULL, *dev = NULL;
        bool apivfs = exec_mounts_api_vfs(c);
        int r;

        if (c->private_tmp) {
                const char *tmp = NULL, *var_tmp = NULL;
                struct stat st;

                r = exec_private_tmp_get(b->unit_id, &tmp, &var_tmp);
                if (r >= 0)
                        r = tmp ? add_private_tmp(b, tmp, "/tmp", true) : add_empty_read_only_tmp(b, "/tmp", true);
                if (r >= 0 && var_tmp)
                        r = add_private_tmp(b, var_tmp, "/var/tmp", false);
                else if (r >= 0 && stat("/var/tmp", &st) == 0 && S_ISDIR(st.st_mode))
                        r = add_empty_read_only_tmp(b, "/var/tmp", false); /* the host's is read-only */
                if (r < 0)
                        return r;
        }
        if (c->private_devices) {
                _cleanup_free_ char *stage = NULL;
                r = staging_dir(b->runtime_dir, &stage);
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

int exec_mounts_build(const struct exec_context *c, const char *unit_id, const char *root, const char *runtime_dir,
                      char *const *writable_paths, bool ipc, char *const *envp, struct spawn_mount_entries *ret) {
        struct builder b = { .unit_id = unit_id, .root = root, .runtime_dir = runtime_dir,
                             .apivfs = exec_mounts_api_vfs(c) };
        int r = build_entries(&b, c, writable_paths, ipc, envp);

        free(b.inaccessible);
        if (r < 0) {
                spawn_mount_entries_done(&b.e);
                return r;
        }
        *ret = b.e;
        return 0;
}
