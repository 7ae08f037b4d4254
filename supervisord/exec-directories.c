/* exec-directories.c: RuntimeDirectory= and friends: created, owned, exported, and removed.
 *
 * The order for each directory follows systemd's setup_exec_directory() (src/core/
 * execute.c): parents as root 0755, the innermost directory with its mode; its ownership,
 * recursively when the owner differs ("as an optimization, if the specified directories
 * are already owned by the right user and group, files and directories below of them are
 * left as-is", systemd.exec(5)); then the mode again, since chown() may clear mode bits.
 * ConfigurationDirectory= is neither chowned nor, when it exists, chmodded. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-directories.h"
#include "supervisord/rm-rf.h"

/* How deep the ownership walk and the removal descend: each level holds two fds. */
#define TREE_DEPTH_MAX 256

static const struct directory_type {
        const char *directive;
        const char *env;
        const char *system_base;
        enum spawn_step step;
} types[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = { "RuntimeDirectory", "RUNTIME_DIRECTORY", "/run", SPAWN_STEP_RUNTIME_DIRECTORY },
        [EXEC_DIRECTORY_STATE] = { "StateDirectory", "STATE_DIRECTORY", "/var/lib", SPAWN_STEP_STATE_DIRECTORY },
        [EXEC_DIRECTORY_CACHE] = { "CacheDirectory", "CACHE_DIRECTORY", "/var/cache", SPAWN_STEP_CACHE_DIRECTORY },
        [EXEC_DIRECTORY_LOGS] = { "LogsDirectory", "LOGS_DIRECTORY", "/var/log", SPAWN_STEP_LOGS_DIRECTORY },
        [EXEC_DIRECTORY_CONFIGURATION] = { "ConfigurationDirectory", "CONFIGURATION_DIRECTORY", "/etc",
                                           SPAWN_STEP_CONFIGURATION_DIRECTORY },
};

static const char *system_root;

void exec_directories_set_system_root(const char *root) {
        system_root = root;
}

/* --- where ------------------------------------------------------------------------------- */

static int home_directory(char **ret) {
        const char *home = getenv("HOME");
        struct passwd pw, *result = NULL;
        char buf[4096];

        if (!home || !path_is_absolute(home)) {
                home = NULL;
                if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &result) == 0 && result && result->pw_dir &&
                    path_is_absolute(result->pw_dir))
                        home = result->pw_dir;
        }
        if (!home)
                return -ENXIO;
        *ret = strdup(home);
        return *ret ? 0 : -ENOMEM;
}

/* $VAR if it is absolute (the XDG Base Directory specification says to ignore relative
 * values), else ~/fallback. */
static int xdg_directory(const char *var, const char *fallback, char **ret) {
        _cleanup_free_ char *home = NULL;
        const char *v = getenv(var);
        int r;

        if (v && path_is_absolute(v)) {
                *ret = strdup(v);
                return *ret ? 0 : -ENOMEM;
        }
        r = home_directory(&home);
        if (r < 0)
                return r;
        return asprintf(ret, "%s/%s", home, fallback) < 0 ? -ENOMEM : 0;
}

static int base_directory(enum exec_directory_type t, bool user_mode, char **ret) {
        _cleanup_free_ char *state = NULL;
        const char *runtime;
        int r;

        if (!user_mode)
                return asprintf(ret, "%s%s", system_root ? system_root : "", types[t].system_base) < 0 ? -ENOMEM : 0;
        switch (t) {
        case EXEC_DIRECTORY_RUNTIME:
                runtime = getenv("XDG_RUNTIME_DIR");
                if (!runtime || !path_is_absolute(runtime))
                        return -ENXIO;
                *ret = strdup(runtime);
                return *ret ? 0 : -ENOMEM;
        case EXEC_DIRECTORY_STATE:
                return xdg_directory("XDG_STATE_HOME", ".local/state", ret);
        case EXEC_DIRECTORY_CACHE:
                return xdg_directory("XDG_CACHE_HOME", ".cache", ret);
        case EXEC_DIRECTORY_LOGS:
                r = xdg_directory("XDG_STATE_HOME", ".local/state", &state);
                if (r < 0)
                        return r;
                return asprintf(ret, "%s/log", state) < 0 ? -ENOMEM : 0;
        case EXEC_DIRECTORY_CONFIGURATION:
                return xdg_directory("XDG_CONFIG_HOME", ".config", ret);
        default:
                return -EINVAL;
        }
}

/* The path as written, normalized: empty and "." components dropped. Refused (-EINVAL):
 * absolute paths, ".." anywhere, nothing left. systemd.exec(5): "The specified directory
 * names must be relative, and may not include ".."". */
static int normalize_relative(const char *in, size_t len, char **ret) {
        _cleanup_free_ char *out = malloc(len + 1);
        size_t n = 0;

        if (!out)
                return -ENOMEM;
        if (len == 0 || in[0] == '/' || len >= PATH_MAX)
                return -EINVAL;
        for (size_t i = 0; i < len;) {
                size_t k = i;

                while (k < len && in[k] != '/')
                        k++;
                if (k - i == 2 && in[i] == '.' && in[i + 1] == '.')
                        return -EINVAL;
                if (k > i && !(k - i == 1 && in[i] == '.')) {
                        if (n > 0)
                                out[n++] = '/';
                        memcpy(out + n, in + i, k - i);
                        n += k - i;
                }
                i = k + 1;
        }
        if (n == 0)
                return -EINVAL;
        out[n] = 0;
        *ret = TAKE_PTR(out);
        return 0;
}

/* "path" or "path:symlink" (RuntimeDirectory= and the others but ConfigurationDirectory=). */
static int split_entry(const char *entry, char **ret_path, char **ret_symlink) {
        _cleanup_free_ char *path = NULL, *link = NULL;
        const char *colon = strchr(entry, ':');
        int r;

        r = normalize_relative(entry, colon ? (size_t) (colon - entry) : strlen(entry), &path);
        if (r >= 0 && colon)
                r = normalize_relative(colon + 1, strlen(colon + 1), &link);
        if (r < 0)
                return r;
        *ret_path = TAKE_PTR(path);
        *ret_symlink = TAKE_PTR(link);
        return 0;
}

/* --- making ------------------------------------------------------------------------------ */

/* mkdir -p for a base directory. The bases are the administrator's (/var/lib may well be
 * a symlink), so they are followed. */
static int mkdir_base(const char *base) {
        _cleanup_free_ char *p = strdup(base);

        if (!p)
                return -ENOMEM;
        for (char *s = p + 1;; s++) {
                if (*s != '/' && *s != 0)
                        continue;
                char c = *s;
                *s = 0;
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = c;
                if (!c)
                        return 0;
        }
}

/* Opens the directory rel below dir_fd one component at a time with O_NOFOLLOW, creating
 * missing ones (the parents 0755, the last with last_mode) when create is set. Returns the
 * fd; *ret_created tells whether the last one was made now. A symlink anywhere fails with
 * ELOOP. */
static int open_below(int dir_fd, const char *rel, bool create, mode_t last_mode, bool *ret_created) {
        _cleanup_free_ char *copy = strdup(rel);
        _cleanup_close_ int fd = -1;
        char *save = NULL;
        bool created = false;

        if (!copy)
                return -ENOMEM;
        for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
                bool last = !save || !*save;
                int nfd;

                created = false;
                if (create) {
                        if (mkdirat(fd >= 0 ? fd : dir_fd, c, last ? last_mode : 0755) >= 0)
                                created = true;
                        else if (errno != EEXIST)
                                return -errno;
                }
                nfd = openat(fd >= 0 ? fd : dir_fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (nfd < 0 && errno == ENOTDIR) {
                        /* O_DIRECTORY wins over O_NOFOLLOW: say which it was. */
                        struct stat st;
                        if (fstatat(fd >= 0 ? fd : dir_fd, c, &st, AT_SYMLINK_NOFOLLOW) >= 0 && S_ISLNK(st.st_mode))
                                errno = ELOOP;
                }
                if (nfd < 0)
                        return -errno;
                /* What we made gets its mode whatever svcd's umask: the service must reach
                 * its directory through the parents. */
                if (created && fchmod(nfd, last ? last_mode : 0755) < 0) {
                        safe_close(nfd);
                        return -errno;
                }
                safe_close(fd);
                fd = nfd;
        }
        if (ret_created)
                *ret_created = created;
        return TAKE_FD(fd);
}

/* The parent directory of rel below dir_fd (dir_fd's own dup when rel has one component),
 * and the last component in *ret_name (a pointer into rel). */
static int open_parent_below(int dir_fd, const char *rel, bool create, const char **ret_name) {
        const char *slash = strrchr(rel, '/');
        _cleanup_free_ char *parent = NULL;
        int fd;

        *ret_name = slash ? slash + 1 : rel;
        if (!slash) {
                fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 3);
                return fd < 0 ? -errno : fd;
        }
        parent = strndup(rel, (size_t) (slash - rel));
        if (!parent)
                return -ENOMEM;
        return open_below(dir_fd, parent, create, 0755, NULL);
}

static bool owner_differs(const struct stat *st, uid_t uid, gid_t gid) {
        return (uid != (uid_t) -1 && st->st_uid != uid) || (gid != (gid_t) -1 && st->st_gid != gid);
}

/* chown one entry (name below dir_fd, or dir_fd itself when name is NULL), never through a
 * symlink; then put back the mode bits chown(2) clears on files (set-user-ID, set-group-ID),
 * minus those mask drops. */
static int chown_entry(int dir_fd, const char *name, const struct stat *st, uid_t uid, gid_t gid, mode_t mask) {
        mode_t mode = st->st_mode & 07777, want = mode & mask;
        int r;

        r = name ? fchownat(dir_fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) : fchown(dir_fd, uid, gid);
        if (r < 0)
                return -errno;
        if (S_ISLNK(st->st_mode) || (want == mode && (S_ISDIR(st->st_mode) || !(mode & 06000))))
                return 0;
        r = name ? fchmodat(dir_fd, name, want, AT_SYMLINK_NOFOLLOW) : fchmod(dir_fd, want);
        return r < 0 ? -errno : 0;
}

/* Everything below dir_fd, depth first, on dir_fd's filesystem only (a mount point below a
 * service's directory is someone else's). */
static int chown_below(int dir_fd, uid_t uid, gid_t gid, mode_t mask, dev_t dev, unsigned depth) {
        int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct dirent *de;
        DIR *d;
        int r = 0;

        if (depth > TREE_DEPTH_MAX) {
                safe_close(fd);
                return -ELOOP;
        }
        if (fd < 0 || !(d = fdopendir(fd))) {
                r = -errno;
                safe_close(fd);
                return r;
        }
        while (r >= 0 && (errno = 0, de = readdir(d))) {
                struct stat st;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        if (errno != ENOENT)
                                r = -errno;
                        continue;
                }
                if (st.st_dev != dev)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        _cleanup_close_ int sub = openat(dirfd(d), de->d_name,
                                                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (sub < 0) {
                                if (errno != ENOENT)
                                        r = -errno;
                                continue;
                        }
                        r = chown_below(sub, uid, gid, mask, dev, depth + 1);
                        if (r >= 0)
                                r = chown_entry(sub, NULL, &st, uid, gid, mask);
                } else
                        r = chown_entry(dirfd(d), de->d_name, &st, uid, gid, mask);
        }
        if (r >= 0 && errno != 0)
                r = -errno;
        closedir(d);
        return r;
}

/* The relative target of a symlink at link (below the same base) pointing to path. */
static int symlink_target(const char *link, const char *path, char **ret) {
        size_t up = 0;
        char *s;

        for (const char *p = link; (p = strchr(p, '/')); p++)
                up++;
        s = malloc(up * 3 + strlen(path) + 1);
        if (!s)
                return -ENOMEM;
        for (size_t i = 0; i < up; i++)
                memcpy(s + i * 3, "../", 3);
        strcpy(s + up * 3, path);
        *ret = s;
        return 0;
}

/* "path:symlink": base/symlink -> path, relative as systemd makes it. An existing symlink
 * with that target is fine; anything else there is refused. */
static int make_symlink(int base_fd, const char *path, const char *link) {
        _cleanup_free_ char *target = NULL;
        _cleanup_close_ int parent = -1;
        const char *name;
        char buf[PATH_MAX];
        ssize_t n;
        int r;

        r = symlink_target(link, path, &target);
        if (r < 0)
                return r;
        parent = open_parent_below(base_fd, link, true, &name);
        if (parent < 0)
                return parent;
        if (symlinkat(target, parent, name) >= 0)
                return 0;
        if (errno != EEXIST)
                return -errno;
        n = readlinkat(parent, name, buf, sizeof buf - 1);
        if (n < 0)
                return errno == EINVAL ? -EEXIST : -errno; /* not a symlink */
        buf[n] = 0;
        return streq(buf, target) ? 0 : -EEXIST;
}

/* One directory of one type: made, owned, moded; its symlink. Logs and returns -errno. */
static int setup_one(enum exec_directory_type t, const struct exec_context *c, const char *unit_id, int base_fd,
                     const char *base, const char *path, const char *link, uid_t uid, gid_t gid) {
        const struct directory_type *type = &types[t];
        mode_t mode = c->directories[t].mode & 07777;
        mode_t mask = c->dynamic_user ? 01777 : 07777;
        _cleanup_close_ int fd = -1;
        struct stat st;
        bool created;
        int r;

        fd = open_below(base_fd, path, true, mode, &created);
        if (fd == -ELOOP || fd == -ENOTDIR)
                return log_error_errno(fd, "%s: %s=%s: %s/%s or a directory on the way is a symlink or not a "
                                       "directory; svcd does not follow symlinks there.", unit_id, type->directive,
                                       path, base, path);
        if (fd < 0)
                return log_error_errno(fd, "%s: %s=%s: cannot create %s/%s: %m", unit_id, type->directive, path, base,
                                       path);
        if (fstat(fd, &st) < 0)
                return log_error_errno(-errno, "%s: %s=%s: cannot stat %s/%s: %m", unit_id, type->directive, path,
                                       base, path);
        if (t == EXEC_DIRECTORY_CONFIGURATION) {
                /* systemd.exec(5): configuration stays root's; "it is not written to by a service". */
                if (created && fchmod(fd, mode) < 0)
                        return log_error_errno(-errno, "%s: %s=%s: cannot chmod %s/%s: %m", unit_id, type->directive,
                                               path, base, path);
                if (!created && (st.st_mode & 07777) != mode)
                        log_warning("%s: %s=%s: %s/%s already exists with mode %04o, not %04o; leaving it.", unit_id,
                                    type->directive, path, base, path, (unsigned) (st.st_mode & 07777),
                                    (unsigned) mode);
        } else {
                if (owner_differs(&st, uid, gid)) {
                        r = chown_below(fd, uid, gid, mask, st.st_dev, 0);
                        if (r >= 0)
                                r = chown_entry(fd, NULL, &st, uid, gid, mask);
                        if (r < 0)
                                return log_error_errno(r, "%s: %s=%s: cannot change the owner of %s/%s to %d:%d: %m",
                                                       unit_id, type->directive, path, base, path, (int) uid,
                                                       (int) gid);
                }
                if (fchmod(fd, mode & mask) < 0)
                        return log_error_errno(-errno, "%s: %s=%s: cannot chmod %s/%s: %m", unit_id, type->directive,
                                               path, base, path);
        }
        if (link) {
                r = make_symlink(base_fd, path, link);
                if (r == -EEXIST)
                        return log_error_errno(r, "%s: %s=%s:%s: %s/%s exists and is not a symlink to %s.", unit_id,
                                               type->directive, path, link, base, link, path);
                if (r < 0)
                        return log_error_errno(r, "%s: %s=%s:%s: cannot create the symlink %s/%s: %m", unit_id,
                                               type->directive, path, link, base, link);
        }
        return 0;
}

static int fail(struct spawn_status *st, enum spawn_step step, int r) {
        *st = (struct spawn_status) { .step = step, .error = -r };
        return r;
}

int exec_directories_setup(const struct exec_context *c, const char *unit_id, const struct exec_credentials *cred,
                           bool user_mode, char ***env, char ***ret_paths, struct spawn_status *ret_failure) {
        _cleanup_strv_free_ char **paths = NULL, **vars = NULL;
        uid_t uid = cred->set_uid ? cred->uid : (uid_t) -1;
        gid_t gid = cred->set_gid ? cred->gid : (gid_t) -1;

        for (enum exec_directory_type t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const struct directory_type *type = &types[t];
                _cleanup_strv_free_ char **joined = NULL;
                _cleanup_free_ char *base = NULL, *list = NULL, *var = NULL;
                _cleanup_close_ int base_fd = -1;
                int r;

                if (!c->directories[t].paths || !*c->directories[t].paths)
                        continue;
                r = base_directory(t, user_mode, &base);
                if (r == -ENXIO)
                        return fail(ret_failure, type->step,
                                    log_error_errno(r, "%s: %s=: no base directory: %s is not set to an absolute path.",
                                                    unit_id, type->directive,
                                                    t == EXEC_DIRECTORY_RUNTIME ? "$XDG_RUNTIME_DIR" : "$HOME"));
                if (r < 0)
                        return fail(ret_failure, type->step, log_oom());
                r = mkdir_base(base);
                if (r >= 0) {
                        base_fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                        if (base_fd < 0)
                                r = -errno;
                }
                if (r < 0)
                        return fail(ret_failure, type->step,
                                    log_error_errno(r, "%s: %s=: cannot create %s: %m", unit_id, type->directive, base));

                STRV_FOREACH(e, c->directories[t].paths) {
                        _cleanup_free_ char *path = NULL, *link = NULL, *abs = NULL;

                        r = split_entry(*e, &path, &link);
                        if (r == -EINVAL)
                                return fail(ret_failure, type->step,
                                            log_error_errno(r, "%s: %s=%s: not a relative path below %s without \"..\", "
                                                            "refusing.", unit_id, type->directive, *e, base));
                        if (r < 0)
                                return fail(ret_failure, type->step, log_oom());
                        if (t == EXEC_DIRECTORY_CONFIGURATION && link)
                                return fail(ret_failure, type->step,
                                            log_error_errno(-EINVAL, "%s: %s=%s: symlinks are not supported here "
                                                            "(systemd.exec(5)), refusing.", unit_id, type->directive, *e));
                        r = setup_one(t, c, unit_id, base_fd, base, path, link, uid, gid);
                        if (r < 0)
                                return fail(ret_failure, type->step, r);
                        if (asprintf(&abs, "%s/%s", base, path) < 0)
                                return fail(ret_failure, type->step, log_oom());
                        if (strv_contains(joined, abs))
                                continue; /* "foo:a foo:b": one directory, two symlinks */
                        if (strv_extend(&joined, abs) < 0 || strv_consume(&paths, TAKE_PTR(abs)) < 0)
                                return fail(ret_failure, type->step, log_oom());
                }
                list = strv_join(joined, ":");
                if (!list || asprintf(&var, "%s=%s", type->env, list) < 0 || strv_consume(&vars, TAKE_PTR(var)) < 0)
                        return fail(ret_failure, type->step, log_oom());
        }

        STRV_FOREACH(v, vars)
                if (strv_extend(env, *v) < 0)
                        return fail(ret_failure, SPAWN_STEP_NONE, log_oom());
        *ret_paths = TAKE_PTR(paths);
        return 0;
}

/* --- removing ---------------------------------------------------------------------------- */

/* Removes rel below base_fd: a directory with its contents, or whatever else is there
 * (only a symlink when symlink_only). Components on the way are not followed. */
static int remove_below(int base_fd, const char *rel, bool symlink_only) {
        _cleanup_close_ int parent = -1;
        const char *name;
        struct stat st;

        parent = open_parent_below(base_fd, rel, false, &name);
        if (parent == -ENOENT)
                return 0;
        if (parent < 0)
                return parent;
        if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (symlink_only && !S_ISLNK(st.st_mode))
                return 0;
        if (S_ISDIR(st.st_mode))
                return rm_rf_at(parent, name, st.st_dev);
        return unlinkat(parent, name, 0) < 0 && errno != ENOENT ? -errno : 0;
}

void exec_directories_cleanup(const struct exec_context *c, const char *unit_id, bool user_mode, bool restarting) {
        const struct exec_directory *d = &c->directories[EXEC_DIRECTORY_RUNTIME];
        _cleanup_free_ char *base = NULL;
        _cleanup_close_ int base_fd = -1;

        /* systemd.exec(5) RuntimeDirectoryPreserve=: "yes" keeps them always, "restart" across
         * restarts, "no" never. */
        if (!d->paths || !*d->paths || c->runtime_directory_preserve == RUNTIME_PRESERVE_YES ||
            (c->runtime_directory_preserve == RUNTIME_PRESERVE_RESTART && restarting))
                return;
        if (base_directory(EXEC_DIRECTORY_RUNTIME, user_mode, &base) < 0)
                return;
        base_fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (base_fd < 0) {
                if (errno != ENOENT)
                        log_warning_errno(-errno, "%s: Cannot open %s to remove RuntimeDirectory=: %m", unit_id, base);
                return;
        }
        STRV_FOREACH(e, d->paths) {
                _cleanup_free_ char *path = NULL, *link = NULL;
                int r;

                if (split_entry(*e, &path, &link) < 0)
                        continue; /* never created: setup refused it */
                r = remove_below(base_fd, path, false);
                if (r < 0)
                        log_warning_errno(r, "%s: Cannot remove RuntimeDirectory= %s/%s: %m", unit_id, base, path);
                if (link) {
                        r = remove_below(base_fd, link, true);
                        if (r < 0)
                                log_warning_errno(r, "%s: Cannot remove the RuntimeDirectory= symlink %s/%s: %m",
                                                  unit_id, base, link);
                }
        }
}
