/* spawn-mount.c: the parent's side of the mount plan: entries in, ordered mount operations out.
 *
 * The model is systemd's src/core/namespace.c (systemd 252), rebuilt for a child that can
 * only run prepared system calls: every entry names a path and what it becomes; sorted
 * by path (parents first), duplicates merged, entries below an inaccessible path and
 * entries that change nothing dropped; then three rounds, as systemd's apply_mounts():
 * first every mount, then the read-only flags, then the noexec flags. The flags of an
 * entry reach everything below its path except the subtrees of other entries (systemd
 * passes those as a "deny list" to its recursive remount); mount_setattr(2) with
 * AT_RECURSIVE cannot skip subtrees, so where another entry lies below, the mount points
 * below are listed from the parent's mountinfo and flipped one by one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/macro.h"
#include "libsvc/spawn-mount.h"
#include "libsvc/strv.h"

void spawn_mount_plan_done(struct spawn_mount_plan *m) {
        for (size_t i = 0; i < m->n_strings; i++)
                free(m->strings[i]);
        free(m->strings);
        free(m->ops);
        *m = (struct spawn_mount_plan) {};
}

static int plan_string(struct spawn_mount_plan *m, const char *s, const char **ret) {
        char *copy, **l;

        *ret = NULL;
        if (!s)
                return 0;
        copy = strdup(s);
        if (!copy)
                return -ENOMEM;
        l = realloc(m->strings, (m->n_strings + 1) * sizeof(char *));
        if (!l) {
                free(copy);
                return -ENOMEM;
        }
        m->strings = l;
        m->strings[m->n_strings++] = copy;
        *ret = copy;
        return 0;
}

int spawn_mount_plan_add(struct spawn_mount_plan *m, const struct spawn_mount *op) {
        struct spawn_mount copy = *op, *ops;

        if (plan_string(m, op->source, &copy.source) < 0 || plan_string(m, op->target, &copy.target) < 0 ||
            plan_string(m, op->fstype, &copy.fstype) < 0 || plan_string(m, op->data, &copy.data) < 0)
                return -ENOMEM;
        ops = realloc(m->ops, (m->n_ops + 1) * sizeof *ops);
        if (!ops)
                return -ENOMEM;
        m->ops = ops;
        m->ops[m->n_ops++] = copy;
        return 0;
}

char *spawn_mount_path_simplify(const char *path) {
        char *out = malloc(strlen(path) + 2), *o = out;

        if (!out)
                return NULL;
        for (const char *p = path; *p;) {
                const char *end;
                size_t len;

                while (*p == '/')
                        p++;
                end = strchrnul(p, '/');
                len = (size_t) (end - p);
                if (len > 0 && !(len == 1 && *p == '.')) {
                        *o++ = '/';
                        memcpy(o, p, len);
                        o += len;
                }
                p = end;
        }
        if (o == out)
                *o++ = '/';
        *o = 0;
        return out;
}

bool spawn_mount_path_under(const char *path, const char *prefix) {
        size_t n = strlen(prefix);

        if (streq(prefix, "/"))
                return path[0] == '/';
        return strneq(path, prefix, n) && (path[n] == 0 || path[n] == '/');
}

static bool path_strictly_under(const char *path, const char *prefix) {
        return spawn_mount_path_under(path, prefix) && !streq(path, prefix);
}

/* prefix + rest, where rest starts with "/" ("/" + "/a" is "/a"). */
static char *path_join(const char *prefix, const char *rest) {
        char *s;

        if (asprintf(&s, "%s%s", streq(prefix, "/") ? "" : prefix, rest) < 0)
                return NULL;
        return s;
}

void spawn_mount_entries_done(struct spawn_mount_entries *e) {
        for (size_t i = 0; i < e->n; i++) {
                free(e->entries[i].path);
                free(e->entries[i].source);
                free(e->entries[i].options);
        }
        free(e->entries);
        *e = (struct spawn_mount_entries) {};
}

int spawn_mount_entries_add(struct spawn_mount_entries *e, const struct spawn_mount_entry *entry) {
        struct spawn_mount_entry copy = *entry, *l;

        copy.path = spawn_mount_path_simplify(entry->path);
        copy.source = entry->source ? strdup(entry->source) : NULL;
        copy.options = entry->options ? strdup(entry->options) : NULL;
        l = realloc(e->entries, (e->n + 1) * sizeof *l);
        if (!copy.path || (entry->source && !copy.source) || (entry->options && !copy.options) || !l) {
                free(copy.path);
                free(copy.source);
                free(copy.options);
                if (l)
                        e->entries = l;
                return -ENOMEM;
        }
        e->entries = l;
        e->entries[e->n++] = copy;
        return 0;
}

static void entry_free(struct spawn_mount_entry *x) {
        free(x->path);
        free(x->source);
        free(x->options);
}

static int entry_compare(const void *a, const void *b) {
        const struct spawn_mount_entry *x = a, *y = b;
        /* strcmp() puts a path before everything below it, which is all the order needs. */
        int d = strcmp(x->path, y->path);

        return d != 0 ? d : (int) x->kind - (int) y->kind;
}

/* The nearest entry above path among kept[0..n-1], or NULL. */
static const struct spawn_mount_entry *parent_entry(const struct spawn_mount_entry *kept, size_t n, const char *path) {
        const struct spawn_mount_entry *best = NULL;

        for (size_t j = 0; j < n; j++)
                if (path_strictly_under(path, kept[j].path) && (!best || strlen(kept[j].path) > strlen(best->path)))
                        best = &kept[j];
        return best;
}

static bool is_self_bind(enum spawn_mount_kind k) {
        return k == SPAWN_MOUNT_READ_ONLY || k == SPAWN_MOUNT_READ_WRITE || k == SPAWN_MOUNT_READ_WRITE_IMPLICIT ||
               k == SPAWN_MOUNT_NOEXEC || k == SPAWN_MOUNT_EXEC;
}

/* Sorts, merges entries of one path (the first kind wins, flags add up, as systemd's
 * drop_duplicates()), drops what lies below an inaccessible path (nothing can be mounted
 * there) and read-only/read-write entries that change nothing: the same as their parent
 * entry (drop_nop()), or read-write without a read-only entry above them. */
static void entries_normalize(struct spawn_mount_entries *e) {
        size_t t = 0;

        if (e->n == 0)
                return;
        qsort(e->entries, e->n, sizeof *e->entries, entry_compare);
        /* First merge each path's entries, so that what is dropped below is judged by the
         * merged flags. */
        for (size_t f = 0; f < e->n; f++) {
                struct spawn_mount_entry cur = e->entries[f]; /* t <= f: kept entries never overlap it */

                if (t > 0 && streq(cur.path, e->entries[t - 1].path)) {
                        struct spawn_mount_entry *prev = &e->entries[t - 1];
                        prev->read_only |= cur.read_only;
                        prev->noexec |= cur.noexec;
                        prev->exec |= cur.exec;
                        entry_free(&cur);
                        continue;
                }
                e->entries[t++] = cur;
        }
        e->n = t;
        t = 0;
        for (size_t f = 0; f < e->n; f++) {
                struct spawn_mount_entry cur = e->entries[f];
                bool drop = false;

                for (size_t j = 0; !drop && j < t; j++)
                        drop = e->entries[j].kind == SPAWN_MOUNT_INACCESSIBLE &&
                               path_strictly_under(cur.path, e->entries[j].path);
                if (!drop && (cur.kind == SPAWN_MOUNT_READ_ONLY || cur.kind == SPAWN_MOUNT_READ_WRITE ||
                              cur.kind == SPAWN_MOUNT_READ_WRITE_IMPLICIT)) {
                        const struct spawn_mount_entry *p = parent_entry(e->entries, t, cur.path);

                        /* Its noexec/exec flags would need it as a mount point of its own, unless
                         * the parent has the same. */
                        if (p && p->kind == cur.kind && p->read_only == cur.read_only &&
                            ((!cur.noexec && !cur.exec) || (p->noexec == cur.noexec && p->exec == cur.exec)))
                                drop = true;
                        else if (cur.kind != SPAWN_MOUNT_READ_ONLY && !cur.read_only && !cur.noexec && !cur.exec &&
                                 !(p && p->read_only))
                                drop = true;
                }
                if (drop) {
                        entry_free(&cur);
                        continue;
                }
                e->entries[t++] = cur;
        }
        e->n = t;
}

static int add_op(struct spawn_mount_plan *m, struct spawn_mount op) {
        return spawn_mount_plan_add(m, &op);
}

/* mkdir -p path's parents, then path itself (a directory, or an empty file). */
static int emit_create(struct spawn_mount_plan *m, const char *path, bool file) {
        _cleanup_free_ char *copy = strdup(path);
        int r;

        if (!copy)
                return -ENOMEM;
        for (char *s = strchr(copy + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MKDIR, .target = copy, .mode = 0755 });
                *s = '/';
                if (r < 0)
                        return r;
        }
        if (streq(path, "/"))
                return 0;
        return add_op(m, (struct spawn_mount) { .op = file ? SPAWN_MOUNT_MKFILE : SPAWN_MOUNT_MKDIR,
                                                .target = path, .mode = file ? 0644 : 0755 });
}

/* PrivateDevices= (systemd.exec(5)): a tmpfs with the API pseudo devices, the host's
 * pts, shm, mqueue and hugepages bound in, and the usual symlinks, assembled in a
 * staging directory (the host's /dev must stay reachable while it is built) and moved
 * onto /dev, whose old mounts are detached first. Mounted nosuid, noexec, and made
 * read-only in the flag round. */
static int emit_private_dev(struct spawn_mount_plan *m, const struct spawn_mount_entry *x) {
        static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
        static const char *const binds[] = { "pts", "shm", "mqueue", "hugepages" };
        static const char *const links[][2] = {
                { "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
                { "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
        };
        const char *stage = x->source;
        struct stat st;
        int r;

        r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MOUNT, .source = "tmpfs", .target = stage,
                                             .fstype = "tmpfs", .flags = MS_NOSUID | MS_STRICTATIME | MS_NOEXEC,
                                             .data = "mode=0755,size=4m,nr_inodes=64k" });
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(binds); i++) {
                _cleanup_free_ char *host = NULL, *in = NULL;
                if (asprintf(&host, "/dev/%s", binds[i]) < 0 || asprintf(&in, "%s/%s", stage, binds[i]) < 0)
                        return -ENOMEM;
                if (stat(host, &st) < 0 || !S_ISDIR(st.st_mode))
                        continue;
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MKDIR, .target = in, .mode = st.st_mode & 07777 });
                if (r >= 0)
                        /* pts and shm are required, as in systemd; mqueue and hugepages not. */
                        r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_BIND, .source = host, .target = in,
                                                             .missing_ok = i >= 2 });
        }
        if (r < 0)
                return r;

        /* /dev/ptmx: a symlink into pts in containers, a device node elsewhere (which then
         * opens the ptmx of the pts next to it). */
        for (size_t i = 0; i < ELEMENTSOF(nodes) + 1; i++) {
                const char *name = i < ELEMENTSOF(nodes) ? nodes[i] : "ptmx";
                _cleanup_free_ char *host = NULL, *in = NULL;
                if (asprintf(&host, "/dev/%s", name) < 0 || asprintf(&in, "%s/%s", stage, name) < 0)
                        return -ENOMEM;
                if (lstat(host, &st) < 0)
                        continue;
                if (S_ISLNK(st.st_mode) && streq(name, "ptmx"))
                        r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_SYMLINK, .source = "pts/ptmx", .target = in });
                else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
                        /* source: the node to bind where mknod(2) is not permitted (a user
                         * namespace), see spawn-child-mount.c. */
                        r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MKNOD, .source = host, .target = in,
                                                             .mode = st.st_mode, .dev = st.st_rdev, .uid = st.st_uid,
                                                             .gid = st.st_gid });
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(links) + 1; i++) {
                _cleanup_free_ char *in = NULL;
                bool core = i == ELEMENTSOF(links);
                /* /dev/core only where /proc/kcore exists (systemd's dev_setup()). */
                if (core && access("/proc/kcore", F_OK) < 0)
                        break;
                if (asprintf(&in, "%s/%s", stage, core ? "core" : links[i][1]) < 0)
                        return -ENOMEM;
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_SYMLINK, .source = core ? "/proc/kcore" : links[i][0],
                                                     .target = in });
                if (r < 0)
                        return r;
        }
        r = emit_create(m, x->path, false);
        if (r >= 0)
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_UMOUNT, .target = x->path, .missing_ok = true });
        if (r >= 0)
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MOUNT, .source = stage, .target = x->path,
                                                     .flags = MS_MOVE });
        return r;
}

/* Entries whose source is somewhere else: captured before the first mount (spawn-mount.h). */
static bool entry_captures_source(const struct spawn_mount_entry *x) {
        return x->kind == SPAWN_MOUNT_INACCESSIBLE || x->kind == SPAWN_MOUNT_BIND_NORBIND ||
               x->kind == SPAWN_MOUNT_BIND_RBIND || x->kind == SPAWN_MOUNT_PRIVATE_TMP || x->kind == SPAWN_MOUNT_BIND_DEV;
}

/* The first round: what gets mounted at x->path. capture: the slot of its source, or 0. */
static int emit_structure(struct spawn_mount_plan *m, const struct spawn_mount_entry *x, const char *root,
                          unsigned capture) {
        static const char *const fstypes[] = {
                [SPAWN_MOUNT_SYSFS] = "sysfs", [SPAWN_MOUNT_PROCFS] = "proc", [SPAWN_MOUNT_TMPFS] = "tmpfs",
                [SPAWN_MOUNT_RUN] = "tmpfs", [SPAWN_MOUNT_MQUEUEFS] = "mqueue",
        };
        unsigned long flags = x->flags;
        int r = 0;

        switch (x->kind) {
        case SPAWN_MOUNT_INACCESSIBLE:
                return add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_BIND, .source = x->source, .target = x->path,
                                                        .capture = capture, .missing_ok = x->missing_ok });
        case SPAWN_MOUNT_BIND_NORBIND:
        case SPAWN_MOUNT_BIND_RBIND:
        case SPAWN_MOUNT_PRIVATE_TMP:
        case SPAWN_MOUNT_BIND_DEV:
                if (x->create)
                        r = emit_create(m, x->path, x->source_is_file);
                if (r < 0)
                        return r;
                return add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_BIND, .source = x->source, .target = x->path,
                                                        .flags = x->kind == SPAWN_MOUNT_BIND_NORBIND ? 0 : MS_REC,
                                                        .capture = capture, .missing_ok = x->missing_ok });
        case SPAWN_MOUNT_PRIVATE_DEV:
                return emit_private_dev(m, x);
        case SPAWN_MOUNT_READ_ONLY:
        case SPAWN_MOUNT_READ_WRITE:
        case SPAWN_MOUNT_READ_WRITE_IMPLICIT:
        case SPAWN_MOUNT_NOEXEC:
        case SPAWN_MOUNT_EXEC:
                /* The host's "/" is already a mount point, and one bound over it would not
                 * be seen: the process's root stays the mount below. */
                if (!root && streq(x->path, "/"))
                        return 0;
                return add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_BIND, .source = x->path, .target = x->path,
                                                        .flags = MS_REC, .missing_ok = x->missing_ok });
        case SPAWN_MOUNT_SYSFS:
        case SPAWN_MOUNT_PROCFS:
        case SPAWN_MOUNT_MQUEUEFS:
                flags = MS_NOSUID | MS_NOEXEC | MS_NODEV | (x->kind == SPAWN_MOUNT_MQUEUEFS ? MS_RELATIME : 0);
                __attribute__((fallthrough));
        case SPAWN_MOUNT_TMPFS:
        case SPAWN_MOUNT_RUN:
                if (x->create)
                        r = emit_create(m, x->path, false);
                if (r < 0)
                        return r;
                return add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MOUNT, .source = fstypes[x->kind],
                                                        .target = x->path, .fstype = fstypes[x->kind], .flags = flags,
                                                        .data = x->options, .missing_ok = x->missing_ok });
        default:
                return -EINVAL;
        }
}

/* Where an entry's mounts come from: the mount points below that source path in the
 * host's table reappear below the entry's path. NULL: the entry mounts something new. */
static const char *entry_submount_source(const struct spawn_mount_entry *x) {
        if (is_self_bind(x->kind))
                return x->path;
        if (x->kind == SPAWN_MOUNT_BIND_RBIND || x->kind == SPAWN_MOUNT_PRIVATE_TMP || x->kind == SPAWN_MOUNT_BIND_DEV)
                return x->source;
        return NULL;
}

static bool below_other_entry(const struct spawn_mount_entries *e, size_t i, const char *path,
                              bool (*stops)(const struct spawn_mount_entry *)) {
        for (size_t j = 0; j < e->n; j++)
                if (j != i && (!stops || stops(&e->entries[j])) &&
                    path_strictly_under(e->entries[j].path, e->entries[i].path) &&
                    spawn_mount_path_under(path, e->entries[j].path))
                        return true;
        return false;
}

/* The mount points the child's namespace will show after the first round: every entry,
 * and the host's mount points each entry carries along, unless an entry below covers them. */
static int visible_mounts(const struct spawn_mount_entries *e, char *const *host_mounts, char ***ret) {
        _cleanup_strv_free_ char **v = NULL;
        static const char *const dev_mounts[] = { "/pts", "/shm", "/mqueue", "/hugepages" };

        for (size_t i = 0; i < e->n; i++) {
                const struct spawn_mount_entry *x = &e->entries[i];
                const char *src = entry_submount_source(x);

                if (!strv_contains(v, x->path) && strv_extend(&v, x->path) < 0)
                        return -ENOMEM;
                for (size_t k = 0; x->kind == SPAWN_MOUNT_PRIVATE_DEV && k < ELEMENTSOF(dev_mounts); k++) {
                        char *s = path_join(x->path, dev_mounts[k]);
                        if (!s || strv_consume(&v, s) < 0)
                                return -ENOMEM;
                }
                STRV_FOREACH(h, src ? host_mounts : NULL) {
                        _cleanup_free_ char *s = NULL;
                        if (!path_strictly_under(*h, src))
                                continue;
                        s = path_join(x->path, *h + (streq(src, "/") ? 0 : strlen(src)));
                        if (!s)
                                return -ENOMEM;
                        if (below_other_entry(e, i, s, NULL) || strv_contains(v, s))
                                continue;
                        if (strv_consume(&v, TAKE_PTR(s)) < 0)
                                return -ENOMEM;
                }
        }
        *ret = TAKE_PTR(v);
        return 0;
}

static bool stops_noexec(const struct spawn_mount_entry *x) {
        return x->noexec || x->exec;
}

/* Sets and clears attributes on entry i and everything below it up to the next entry that
 * stops this kind of flag (any entry for read-only, NOEXEC/EXEC entries for noexec).
 * self_only: the entry's own mount only (a tmpfs, the private /dev: systemd's
 * make_read_only() does not recurse there). */
static int emit_attr(struct spawn_mount_plan *m, const struct spawn_mount_entries *e, size_t i, char *const *visible,
                     uint64_t set, uint64_t clr, bool self_only, bool (*stops)(const struct spawn_mount_entry *)) {
        const struct spawn_mount_entry *x = &e->entries[i];
        bool blocked = false;
        int r;

        for (size_t j = 0; j < e->n && !blocked; j++)
                blocked = j != i && (!stops || stops(&e->entries[j])) && path_strictly_under(e->entries[j].path, x->path);
        r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_SETATTR, .target = x->path, .attr_set = set,
                                             .attr_clr = clr, .recursive = !self_only && !blocked,
                                             .missing_ok = x->missing_ok });
        if (r < 0 || self_only || !blocked)
                return r;
        STRV_FOREACH(v, visible) {
                if (!path_strictly_under(*v, x->path) || below_other_entry(e, i, *v, stops))
                        continue;
                /* A mount point the parent saw may be gone by now: then there is nothing to flip. */
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_SETATTR, .target = *v, .attr_set = set,
                                                     .attr_clr = clr, .missing_ok = true });
                if (r < 0)
                        return r;
        }
        return 0;
}

int spawn_mount_plan_compile(struct spawn_mount_entries *e, const char *root, unsigned long propagation,
                             char *const *host_mounts, struct spawn_mount_plan *m) {
        _cleanup_strv_free_ char **visible = NULL;
        int r;

        entries_normalize(e);
        r = visible_mounts(e, host_mounts, &visible);
        if (r < 0)
                return r;

        /* mount_namespaces(7): the copy starts as a peer of the host's mounts; as a slave it
         * still receives the host's mounts but sends nothing back. */
        r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MOUNT, .target = "/", .flags = MS_SLAVE | MS_REC });
        for (size_t i = 0, slot = 0; r >= 0 && i < e->n; i++) {
                const struct spawn_mount_entry *x = &e->entries[i];
                if (!entry_captures_source(x))
                        continue;
                if (++slot > SPAWN_MOUNT_CAPTURES_MAX)
                        return -E2BIG;
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_CAPTURE, .source = x->source,
                                                     .flags = x->kind == SPAWN_MOUNT_BIND_NORBIND ||
                                                              x->kind == SPAWN_MOUNT_INACCESSIBLE ? 0 : MS_REC,
                                                     .capture = (unsigned) slot, .missing_ok = x->missing_ok });
        }
        for (size_t i = 0, slot = 0; r >= 0 && i < e->n; i++)
                r = emit_structure(m, &e->entries[i], root,
                                   entry_captures_source(&e->entries[i]) ? (unsigned) ++slot : 0);

        for (size_t i = 0; r >= 0 && i < e->n; i++) {
                const struct spawn_mount_entry *x = &e->entries[i];

                if (x->kind == SPAWN_MOUNT_INACCESSIBLE)
                        r = emit_attr(m, e, i, visible, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                                      MOUNT_ATTR_NOEXEC, 0, true, NULL);
                else if (x->read_only || x->kind == SPAWN_MOUNT_PRIVATE_DEV)
                        r = emit_attr(m, e, i, visible, MOUNT_ATTR_RDONLY, 0,
                                      x->kind == SPAWN_MOUNT_TMPFS || x->kind == SPAWN_MOUNT_RUN ||
                                      x->kind == SPAWN_MOUNT_PRIVATE_DEV, NULL);
        }
        for (size_t i = 0; r >= 0 && i < e->n; i++) {
                const struct spawn_mount_entry *x = &e->entries[i];

                if (x->kind == SPAWN_MOUNT_INACCESSIBLE || !stops_noexec(x))
                        continue;
                r = emit_attr(m, e, i, visible, x->noexec ? MOUNT_ATTR_NOEXEC : 0, x->noexec ? 0 : MOUNT_ATTR_NOEXEC,
                              false, stops_noexec);
        }
        if (r >= 0)
                r = add_op(m, (struct spawn_mount) { .op = SPAWN_MOUNT_MOUNT, .target = "/", .flags = propagation | MS_REC });
        return r;
}

static void unescape_octal(char *s) {
        char *o = s;

        for (char *p = s; *p; p++) {
                if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
                        *o++ = (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
                        p += 3;
                } else
                        *o++ = *p;
        }
        *o = 0;
}

int spawn_mount_read_mountinfo(const char *path, char ***ret) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *line = NULL;
        size_t size = 0;

        if (!f)
                return -errno;
        while (getline(&line, &size, f) > 0) {
                /* "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the 5th field. */
                char *p = line, *end;
                for (int i = 0; i < 4 && p; i++) {
                        p = strchr(p, ' ');
                        if (p)
                                p++;
                }
                if (!p)
                        continue;
                end = strchrnul(p, ' ');
                *end = 0;
                unescape_octal(p);
                if (*p == '/' && !strv_contains(l, p) && strv_extend(&l, p) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int spawn_mount_parse_options(const char *options, unsigned long *flags, char **ret_data) {
        static const struct {
                const char *name;
                unsigned long set, clear;
        } table[] = {
                { "ro", MS_RDONLY, 0 },        { "rw", 0, MS_RDONLY },
                { "nosuid", MS_NOSUID, 0 },    { "suid", 0, MS_NOSUID },
                { "nodev", MS_NODEV, 0 },      { "dev", 0, MS_NODEV },
                { "noexec", MS_NOEXEC, 0 },    { "exec", 0, MS_NOEXEC },
                { "sync", MS_SYNCHRONOUS, 0 }, { "async", 0, MS_SYNCHRONOUS },
                { "dirsync", MS_DIRSYNC, 0 },  { "noatime", MS_NOATIME, 0 },
                { "atime", 0, MS_NOATIME },    { "nodiratime", MS_NODIRATIME, 0 },
                { "diratime", 0, MS_NODIRATIME }, { "relatime", MS_RELATIME, 0 },
                { "norelatime", 0, MS_RELATIME }, { "strictatime", MS_STRICTATIME, 0 },
                { "nostrictatime", 0, MS_STRICTATIME }, { "lazytime", MS_LAZYTIME, 0 },
                { "nolazytime", 0, MS_LAZYTIME }, { "silent", MS_SILENT, 0 },
                { "loud", 0, MS_SILENT },     { "defaults", 0, 0 },
        };
        _cleanup_free_ char *copy = strdup(options), *data = NULL;
        unsigned long f = *flags;
        char *save = NULL;

        if (!copy)
                return -ENOMEM;
        if (*options == 0 || *options == ',' || endswith(options, ",") || strstr(options, ",,"))
                return -EINVAL;
        for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                bool known = false;

                for (size_t i = 0; i < ELEMENTSOF(table) && !known; i++)
                        if (streq(w, table[i].name)) {
                                f = (f | table[i].set) & ~table[i].clear;
                                known = true;
                        }
                if (known)
                        continue;
                if (data) {
                        char *joined;
                        if (asprintf(&joined, "%s,%s", data, w) < 0)
                                return -ENOMEM;
                        free(data);
                        data = joined;
                } else if (!(data = strdup(w)))
                        return -ENOMEM;
        }
        *flags = f;
        *ret_data = TAKE_PTR(data);
        return 0;
}
