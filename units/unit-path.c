/* unit-path.c: the unit search path, finding a unit file on it (masks, aliases), reading .wants/ and .requires/ directories, and the cache of search directory listings that spares the failed probes. */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/unit-name.h"
#include "units/unit-path.h"

int unit_path_parse(const char *s, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        const char *p = s;

        if (!l)
                return -ENOMEM;
        while (p && *p) {
                size_t n = strcspn(p, ":");
                if (n > 0) {
                        char *dir = strndup(p, n);
                        if (strv_consume(&l, dir) < 0)
                                return -ENOMEM;
                }
                p += n;
                if (*p == ':')
                        p++;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static const char *home_dir(void) {
        const char *h = getenv("HOME");
        struct passwd *pw;

        if (h && path_is_absolute(h))
                return h;
        pw = getpwuid(getuid());
        return pw && path_is_absolute(pw->pw_dir) ? pw->pw_dir : NULL;
}

/* Appends base + suffix if base is an absolute path (the XDG Base Directory
 * specification ignores relative values). */
static int add_dir(char ***l, const char *base, const char *suffix) {
        char *s;

        if (!base || !path_is_absolute(base))
                return 0;
        if (asprintf(&s, "%s%s", base, suffix) < 0)
                return -ENOMEM;
        return strv_consume(l, s);
}

/* User mode, in order of precedence: svcd's own directories, then systemd's user unit
 * directories (systemd.unit(5) "User Unit Search Path") so that packaged user units work. */
static int user_default(char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        const char *config = getenv("XDG_CONFIG_HOME"), *home = home_dir();
        int r = 0;

        if (!l)
                return -ENOMEM;
        if (config && path_is_absolute(config))
                r = add_dir(&l, config, "/svcd/units");
        else
                r = add_dir(&l, home, "/.config/svcd/units");
        if (r >= 0)
                r = add_dir(&l, getenv("XDG_RUNTIME_DIR"), "/svcd/units");
        if (r >= 0) {
                if (config && path_is_absolute(config))
                        r = add_dir(&l, config, "/systemd/user");
                else
                        r = add_dir(&l, home, "/.config/systemd/user");
        }
        if (r >= 0)
                r = add_dir(&l, "/etc/systemd/user", "");
        if (r >= 0)
                r = add_dir(&l, "/usr/lib/systemd/user", "");
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

int unit_path_default(bool user, char ***ret) {
        const char *env = getenv("SVCD_UNIT_PATH");

        /* DESIGN.md "Interface contract": SVCD_UNIT_PATH replaces the default path. */
        if (env && *env)
                return unit_path_parse(env, ret);
        if (user)
                return user_default(ret);
        return unit_path_parse(SVCD_SYSTEM_UNIT_PATH, ret);
}

/* The directory cache. Loading one unit probes every search directory about seven times
 * (the file, NAME.d/, the dash prefixes' .d/, TYPE.d/, NAME.wants/, NAME.requires/), and
 * nearly every probe fails with ENOENT. One readdir() of the directory answers all those
 * "not there" questions without a syscall. Only "absent" comes from the cache: a listed
 * entry is stat()ed, opened and read as before, and what is inside NAME.d/ or NAME.wants/
 * is never cached.
 *
 * A listing is valid while the directory keeps its device, inode, st_mtim and st_ctim:
 * creating, removing or renaming an entry updates the directory's mtime and ctime
 * (POSIX, "File Times Update"), and setting the times back with utimensat() still moves
 * ctime. Timestamps have a granularity (the kernel's coarse clock, one second on some
 * filesystems), so a change in the same tick as the listing could leave them equal: as
 * git does for racily clean index entries (Documentation/technical/racy-git.txt), a
 * directory changed (ctime, which is never older than mtime's last update) less than
 * SETTLE_NSEC before the listing is racy: it serves the batch it was read in (a snapshot,
 * as systemd's unit name map is one per load), and is read again for any later lookup. */
#define CACHE_DIRS 16                   /* the search path has about six */
#define CACHE_MAX_BYTES (1024 * 1024)   /* per directory; a bigger one is probed as before */
#define SETTLE_NSEC (2 * 1000000000LL)  /* twice the coarsest (one second) timestamp granularity */

struct dir_listing {
        char *dir;         /* the key, as the search path spells it; NULL: a free slot */
        struct stat st;    /* what the listing was read under (device, inode, times) */
        bool stat_ok;      /* st is valid: the directory existed when last stat()ed */
        bool racy;         /* read less than SETTLE_NSEC after a change: good for its batch only */
        bool missing;      /* stat() said ENOENT/ENOTDIR in this batch: it has no entries */
        char **names;      /* sorted entry names; NULL: not cached (unreadable, racy, too big) */
        size_t n_names;
        unsigned batch;    /* the batch it was last validated in */
        unsigned long used; /* for evicting the least recently used */
};

static struct dir_listing cache[CACHE_DIRS];
static unsigned batch_depth, batch_id;
static unsigned long use_clock;

static void listing_clear(struct dir_listing *l) {
        strv_free(l->names);
        l->names = NULL;
        l->n_names = 0;
        l->racy = false;
}

void unit_path_cache_flush(void) {
        for (size_t i = 0; i < CACHE_DIRS; i++) {
                listing_clear(&cache[i]);
                free(cache[i].dir);
                cache[i] = (struct dir_listing) {};
        }
}

void unit_path_cache_batch_begin(void) {
        if (batch_depth++ == 0 && ++batch_id == 0)
                batch_id = 1; /* 0 marks a listing validated outside any batch */
}

void unit_path_cache_batch_end(void) {
        assert(batch_depth > 0);
        batch_depth--;
}

static bool same_dir_state(const struct stat *a, const struct stat *b) {
        return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
               a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
               a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static long long ts_nsec(const struct timespec *t) {
        return (long long) t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* Changed within SETTLE_NSEC of now (or in the future: a clock set back). */
static bool is_unsettled(const struct stat *st, const struct timespec *now) {
        long long changed = ts_nsec(&st->st_ctim);
        if (ts_nsec(&st->st_mtim) > changed)
                changed = ts_nsec(&st->st_mtim);
        return changed + SETTLE_NSEC > ts_nsec(now);
}

static int compare_names(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Reads the entry names of dir into l, under the stat of the open directory itself so
 * that the key describes exactly what was listed. On any failure l is left not cached. */
static void listing_read(struct dir_listing *l, const char *dir, const struct timespec *now) {
        _cleanup_strv_free_ char **names = NULL;
        size_t n = 0, allocated = 0, bytes = 0;
        struct dirent *de;
        struct stat st;
        DIR *d;
        int fd;

        listing_clear(l);
        l->stat_ok = false;
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return;
        if (fstat(fd, &st) < 0) {
                close(fd);
                return;
        }
        l->st = st;
        l->stat_ok = true;
        l->racy = is_unsettled(&st, now);
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return;
        }
        while ((errno = 0, de = readdir(d))) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                bytes += strlen(de->d_name) + 1 + sizeof(char *);
                if (bytes > CACHE_MAX_BYTES)
                        break;
                if (n + 1 >= allocated) {
                        size_t m = allocated ? allocated * 2 : 64;
                        char **a = reallocarray(names, m, sizeof(char *));
                        if (!a)
                                break;
                        names = a;
                        allocated = m;
                }
                names[n] = strdup(de->d_name);
                if (!names[n])
                        break;
                names[++n] = NULL;
        }
        /* A short listing (no memory, too big, a read error) would wrongly say "absent". */
        bool complete = de == NULL && errno == 0;
        closedir(d);
        if (!complete)
                return;
        if (!names) {
                names = calloc(1, sizeof(char *));
                if (!names)
                        return;
        }
        qsort(names, n, sizeof(char *), compare_names);
        l->names = TAKE_PTR(names);
        l->n_names = n;
}

static struct dir_listing *listing_slot(const char *dir) {
        struct dir_listing *victim = &cache[0];

        for (size_t i = 0; i < CACHE_DIRS; i++) {
                if (cache[i].dir && streq(cache[i].dir, dir))
                        return &cache[i];
                if (!cache[i].dir || (victim->dir && cache[i].used < victim->used))
                        victim = &cache[i];
        }
        char *key = strdup(dir);
        if (!key)
                return NULL;
        listing_clear(victim);
        free(victim->dir);
        *victim = (struct dir_listing) { .dir = key };
        return victim;
}

/* The up-to-date listing of dir: stat()ed once per batch (every time outside one), read
 * again when it changed, or when it was racy and this is a later batch or it has settled. */
static struct dir_listing *listing_get(const char *dir) {
        struct dir_listing *l = listing_slot(dir);
        struct timespec now;
        struct stat st;

        if (!l)
                return NULL;
        l->used = ++use_clock;
        if (batch_depth > 0 && l->batch == batch_id)
                return l;
        l->batch = batch_depth > 0 ? batch_id : 0;
        /* The time is taken before stat(), so that "settled" errs on the side of re-reading. */
        l->missing = false;
        int r = clock_gettime(CLOCK_REALTIME, &now) < 0 || stat(dir, &st) < 0 ? -errno : 0;
        if (r >= 0 && !S_ISDIR(st.st_mode))
                r = -ENOTDIR;
        if (r < 0) {
                /* A search directory that does not exist (most of the default path) has
                 * no entries; within a batch that is as good as a listing, and like a
                 * listing it is checked again in the next batch. */
                l->missing = batch_depth > 0 && (r == -ENOENT || r == -ENOTDIR);
                listing_clear(l);
                l->stat_ok = false;
                return l;
        }
        bool same = l->stat_ok && same_dir_state(&l->st, &st);
        if (same && !l->racy)
                return l;
        /* Outside a batch a racy listing is not used (unit_path_entry_may_exist()); reading
         * it again on every lookup until it settles would cost more than the probes. */
        if (same && batch_depth == 0 && is_unsettled(&st, &now))
                return l;
        listing_read(l, dir, &now);
        return l;
}

bool unit_path_entry_may_exist(const char *dir, const char *name) {
        const struct dir_listing *l = listing_get(dir);

        if (l && l->missing)
                return false;
        if (!l || !l->names || (l->racy && batch_depth == 0))
                return true; /* not cached: the caller probes as it always did */
        return bsearch(&name, l->names, l->n_names, sizeof(char *), compare_names) != NULL;
}

/* systemd.unit(5): a unit file linked to /dev/null is masked: it cannot be started. */
static bool is_dev_null(const struct stat *st) {
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

/* The entry dir/name, stat()ed through symlinks. Returns 1 if it is a unit file (or
 * masked: -ERFKILL), 0 if this directory does not have it (absent, dangling link, symlink
 * loop: warned about), -errno on other errors. */
static int stat_entry(const char *p, struct stat *st) {
        if (stat(p, st) < 0) {
                /* Not here (or a dangling link): the next directory may have it. */
                if (errno == ENOENT || errno == ENOTDIR)
                        return 0;
                if (errno == ELOOP) {
                        log_warning("%s: Too many levels of symbolic links (a symlink loop?), ignoring.", p);
                        return 0;
                }
                return -errno;
        }
        /* systemd.unit(5): "If a unit file is empty (i.e. has the file size 0) or is
         * symlinked to /dev/null, its load state is set to "masked"". */
        if (is_dev_null(st) || (S_ISREG(st->st_mode) && st->st_size == 0))
                return -ERFKILL;
        return S_ISREG(st->st_mode) ? 1 : 0;
}

int unit_path_find(char *const *search_path, const char *name, char **ret_path) {
        if (!unit_name_is_valid(name))
                return -EINVAL;

        STRV_FOREACH(dir, search_path) {
                _cleanup_free_ char *p = NULL;
                struct stat st;
                int r;

                if (!unit_path_entry_may_exist(*dir, name))
                        continue;
                if (asprintf(&p, "%s/%s", *dir, name) < 0)
                        return -ENOMEM;
                r = stat_entry(p, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                *ret_path = TAKE_PTR(p);
                return 0;
        }
        return -ENOENT;
}

/* The name a symlinked unit file stands for (systemd.unit(5) on aliases): the link's own
 * name if the target has the same name or is the template of this instance, the target's
 * name for a valid alias, and the link's name (with a warning) for a target whose name
 * cannot be an alias of it. */
static int link_id(const char *link, const char *name, const char *target_name, char **ret) {
        const char *dot_a = strrchr(name, '.'), *dot_b = strrchr(target_name, '.');

        if (streq(name, target_name) || !unit_name_is_valid(target_name) || !streq(dot_a, dot_b)) {
                if (!streq(name, target_name))
                        log_debug("%s: Linked to a file named %s; loading it as %s.", link, target_name, name);
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        /* "getty@tty1.service" -> ".../getty@.service" is how instances are enabled; a link
         * to another template ("alias@inst" -> "template@.service") aliases this instance. */
        if (unit_name_is_instance(name) && unit_name_is_template(target_name)) {
                _cleanup_free_ char *inst = NULL;
                int r = unit_name_instance_of(name, &inst);
                return r < 0 ? r : unit_name_replace_instance(target_name, inst, ret);
        }
        if (unit_name_is_instance(name) != unit_name_is_instance(target_name) ||
            unit_name_is_template(name) != unit_name_is_template(target_name)) {
                log_warning("%s: Symlink to %s is not a valid alias (templates, instances and plain units "
                            "alias only their own kind), loading it as %s.",
                            link, target_name, name);
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        *ret = strdup(target_name);
        return *ret ? 0 : -ENOMEM;
}

int unit_path_lookup(char *const *search_path, const char *name, char **ret_path, char **ret_id) {
        if (!unit_name_is_valid(name))
                return -EINVAL;

        STRV_FOREACH(dir, search_path) {
                _cleanup_free_ char *p = NULL, *real = NULL, *id = NULL;
                struct stat st;
                int r;

                if (!unit_path_entry_may_exist(*dir, name))
                        continue;
                if (asprintf(&p, "%s/%s", *dir, name) < 0)
                        return -ENOMEM;
                r = stat_entry(p, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
                        real = realpath(p, NULL);
                        if (!real)
                                return errno == ENOMEM ? -ENOMEM : -errno;
                        r = link_id(p, name, path_basename(real), &id);
                        if (r < 0)
                                return r;
                        *ret_path = TAKE_PTR(real);
                } else {
                        id = strdup(name);
                        if (!id)
                                return -ENOMEM;
                        *ret_path = TAKE_PTR(p);
                }
                *ret_id = TAKE_PTR(id);
                return 0;
        }
        return -ENOENT;
}

/* A template ("foo@.service") in a .wants/ directory names no unit that could run. */
static bool name_is_template(const char *name) {
        const char *at = strchr(name, '@');
        return at && at[1] == '.';
}

/* The links found so far, in the order found: each name with the directory it is in. */
struct found_link {
        char *name;
        const char *dir; /* one of dirs */
        size_t order;
};

struct found_links {
        struct found_link *v;
        size_t n, cap;
        char **dirs; /* the directories read, each once */
};

static void found_links_done(struct found_links *f) {
        for (size_t i = 0; i < f->n; i++)
                free(f->v[i].name);
        free(f->v);
        strv_free(f->dirs);
}

static int found_links_add(struct found_links *f, const char *name, const char *dir) {
        if (f->n == f->cap) {
                size_t cap = MAX(f->cap * 2, (size_t) 16);
                struct found_link *v = reallocarray(f->v, cap, sizeof *v);
                if (!v)
                        return -ENOMEM;
                f->v = v;
                f->cap = cap;
        }
        char *copy = strdup(name);
        if (!copy)
                return -ENOMEM;
        f->v[f->n] = (struct found_link) { copy, dir, f->n };
        f->n++;
        return 0;
}

static int compare_found_links(const void *a, const void *b) {
        const struct found_link *x = a, *y = b;
        int c = strcmp(x->name, y->name);
        return c != 0 ? c : (x->order > y->order) - (x->order < y->order);
}

/* Adds the valid names linked in dir/<target>.<kind>/ to found, each with that directory
 * (trailing slash), duplicates included: the caller sorts and keeps the first of each. */
static int list_one_deps_dir(const char *dir, const char *target, const char *kind, struct found_links *found) {
        _cleanup_free_ char *entry = NULL, *wants = NULL;
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (asprintf(&entry, "%s.%s", target, kind) < 0)
                return -ENOMEM;
        if (!unit_path_entry_may_exist(dir, entry))
                return 0;
        if (asprintf(&wants, "%s/%s/", dir, entry) < 0)
                return -ENOMEM;
        d = opendir(wants);
        if (!d) {
                if (errno != ENOENT && errno != ENOTDIR)
                        log_warning_errno(-errno, "Cannot read %s, ignoring: %m", wants);
                return 0;
        }
        if (strv_consume(&found->dirs, TAKE_PTR(wants)) < 0) {
                closedir(d);
                return -ENOMEM;
        }
        const char *here = found->dirs[strv_length(found->dirs) - 1];
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                if (!unit_name_is_valid(de->d_name)) {
                        log_warning("%s%s: Not a valid unit name, ignoring.", here, de->d_name);
                        continue;
                }
                if (name_is_template(de->d_name)) {
                        log_warning("%s%s: A template needs an instance name to be a dependency, ignoring.",
                                    here, de->d_name);
                        continue;
                }
                r = found_links_add(found, de->d_name, here);
                if (r < 0)
                        break;
        }
        closedir(d);
        return r;
}

int unit_path_list_deps_origins(char *const *search_path, const char *unit, const char *kind, char ***ret_names,
                                char ***ret_dirs) {
        _cleanup_(found_links_done) struct found_links found = {};
        _cleanup_strv_free_ char **names = NULL, **dirs = NULL;
        size_t n = 0;
        int r;

        if (!unit_name_is_valid(unit) || (!streq(kind, "wants") && !streq(kind, "requires")))
                return -EINVAL;
        STRV_FOREACH(dir, search_path) {
                r = list_one_deps_dir(*dir, unit, kind, &found);
                if (r < 0)
                        return r;
        }
        /* Sorted by name, then by the order found: the first of each run is the name with the
         * directory it was first found in. One sort, as a default.target.wants/ may hold
         * thousands of links. */
        if (found.n > 0) /* qsort(NULL, 0, ...) is undefined */
                qsort(found.v, found.n, sizeof *found.v, compare_found_links);
        names = calloc(found.n + 1, sizeof *names);
        dirs = calloc(found.n + 1, sizeof *dirs);
        if (!names || !dirs)
                return -ENOMEM;
        for (size_t i = 0; i < found.n; i++) {
                if (n > 0 && streq(names[n - 1], found.v[i].name))
                        continue;
                dirs[n] = strdup(found.v[i].dir);
                if (!dirs[n])
                        return -ENOMEM;
                names[n++] = TAKE_PTR(found.v[i].name);
        }
        *ret_names = TAKE_PTR(names);
        if (ret_dirs)
                *ret_dirs = TAKE_PTR(dirs);
        return 0;
}

int unit_path_list_deps(char *const *search_path, const char *unit, const char *kind, char ***ret_names) {
        return unit_path_list_deps_origins(search_path, unit, kind, ret_names, NULL);
}

int unit_path_list_wants(char *const *search_path, const char *target, char ***ret_names) {
        return unit_path_list_deps(search_path, target, "wants", ret_names);
}
