/* test-exec-namespace.c: the sandbox's mount plans (what is mounted where, in which order, with which flags) and their effect when a child applies them. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/spawn-mount.h"
#include "libsvc/strv.h"
#include "supervisord/exec-namespace.h"
#include "supervisord/exec-private-tmp.h"
#include "supervisord/exec-remove-ipc.h"
#include "tests/unit/test-helpers.h"

static struct exec_context ctx;
static struct spawn_plan *plan;
static char **notes;
static char **writable;

static void setup(void) {
        test_setup();
        memset(&ctx, 0, sizeof ctx);
        plan = NULL;
        notes = NULL;
        writable = NULL;
        ck_assert_int_eq(exec_namespace_set_runtime_dir(test_fmt("%s/run", test_dir)), 0);
}

static void teardown(void) {
        char **lists[] = {
                ctx.read_write_paths, ctx.read_only_paths, ctx.inaccessible_paths, ctx.exec_paths, ctx.no_exec_paths,
                ctx.bind_paths, ctx.bind_read_only_paths, ctx.temporary_file_system,
        };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                strv_free(lists[i]);
        exec_private_tmp_cleanup("t.service");
        spawn_plan_free(plan);
        strv_free(notes);
        strv_free(writable);
        exec_namespace_set_runtime_dir(NULL);
        test_teardown();
}

static void add(char ***l, const char *s) {
        ck_assert_int_eq(strv_extend(l, s), 0);
}

static const char *dir(const char *name) {
        const char *p = test_fmt("%s/%s", test_dir, name);
        ck_assert_int_eq(mkdir(p, 0755), 0);
        return p;
}

static const char *flag_names(unsigned long f) {
        static const struct {
                unsigned long flag;
                const char *name;
        } names[] = {
                { MS_SLAVE, "slave" }, { MS_SHARED, "shared" }, { MS_PRIVATE, "private" }, { MS_REC, "rec" },
                { MS_MOVE, "move" }, { MS_NOSUID, "nosuid" }, { MS_NODEV, "nodev" }, { MS_NOEXEC, "noexec" },
                { MS_STRICTATIME, "strictatime" }, { MS_RELATIME, "relatime" }, { MS_RDONLY, "ro" },
        };
        const char *out = "";

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (f & names[i].flag)
                        out = test_fmt("%s%s%s", out, *out ? "," : "", names[i].name);
        return *out ? out : "0";
}

static const char *attr_names(uint64_t set, uint64_t clr) {
        static const struct {
                uint64_t attr;
                const char *name;
        } names[] = {
                { MOUNT_ATTR_RDONLY, "ro" }, { MOUNT_ATTR_NOSUID, "nosuid" }, { MOUNT_ATTR_NODEV, "nodev" },
                { MOUNT_ATTR_NOEXEC, "noexec" },
        };
        const char *out = "";

        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                if (set & names[i].attr)
                        out = test_fmt("%s+%s", out, names[i].name);
                if (clr & names[i].attr)
                        out = test_fmt("%s-%s", out, names[i].name);
        }
        return out;
}

/* One line per op, so tests compare what they care about. */
static const char *describe(const struct spawn_mount *o) {
        const char *s;

        switch (o->op) {
        case SPAWN_MOUNT_MOUNT:
                s = test_fmt("MOUNT %s %s %s %s %s", o->source ?: "-", o->target, o->fstype ?: "-", flag_names(o->flags),
                             o->data ?: "-");
                break;
        case SPAWN_MOUNT_BIND:
                s = test_fmt("BIND %s %s%s", o->source, o->target, o->flags & MS_REC ? " rec" : "");
                break;
        case SPAWN_MOUNT_SETATTR:
                s = test_fmt("SETATTR %s %s%s", o->target, attr_names(o->attr_set, o->attr_clr), o->recursive ? " rec" : "");
                break;
        case SPAWN_MOUNT_MKDIR:
                s = test_fmt("MKDIR %s %04o", o->target, o->mode);
                break;
        case SPAWN_MOUNT_UMOUNT:
                s = test_fmt("UMOUNT %s", o->target);
                break;
        case SPAWN_MOUNT_MKNOD:
                s = test_fmt("MKNOD %s %06o %u:%u", o->target, o->mode, major(o->dev), minor(o->dev));
                break;
        case SPAWN_MOUNT_SYMLINK:
                s = test_fmt("SYMLINK %s %s", o->source, o->target);
                break;
        case SPAWN_MOUNT_MKFILE:
                s = test_fmt("MKFILE %s", o->target);
                break;
        case SPAWN_MOUNT_CAPTURE:
                s = test_fmt("CAPTURE %s #%u%s", o->source, o->capture, o->flags & MS_REC ? " rec" : "");
                break;
        default:
                s = "?";
        }
        return o->missing_ok ? test_fmt("%s ?", s) : s;
}

static const struct spawn_mount_plan *mounts(void) {
        return &plan->mounts;
}

/* The index of the op described as line in m, or -1. */
static int find(const struct spawn_mount_plan *m, const char *line) {
        for (size_t i = 0; i < m->n_ops; i++)
                if (streq(describe(&m->ops[i]), line))
                        return (int) i;
        return -1;
}

static const char *dump(const struct spawn_mount_plan *m) {
        const char *out = "";
        for (size_t i = 0; i < m->n_ops; i++)
                out = test_fmt("%s\n  %s", out, describe(&m->ops[i]));
        return out;
}

#define assert_op(m, line) ck_assert_msg(find((m), (line)) >= 0, "no \"%s\" in:%s", (line), dump(m))
#define assert_no_op(m, line) ck_assert_msg(find((m), (line)) < 0, "unexpected \"%s\" in:%s", (line), dump(m))
#define assert_before(m, a, b)                                                                         \
        do {                                                                                           \
                assert_op(m, a);                                                                       \
                assert_op(m, b);                                                                       \
                ck_assert_msg(find((m), (a)) < find((m), (b)), "\"%s\" not before \"%s\" in:%s", (a), (b), \
                              dump(m));                                                                \
        } while (0)

/* No op at all touches target. */
static void assert_untouched(const struct spawn_mount_plan *m, const char *target) {
        for (size_t i = 0; i < m->n_ops; i++) {
                const char *t = m->ops[i].op == SPAWN_MOUNT_CAPTURE ? m->ops[i].source : m->ops[i].target;
                ck_assert_msg(!streq(t, target), "%s is touched by \"%s\"", target, describe(&m->ops[i]));
        }
}

static int build(void) {
        spawn_plan_free(plan);
        ck_assert_int_eq(spawn_plan_new(&plan), 0);
        notes = strv_free(notes);
        return exec_namespace_plan(&ctx, "t.service", writable, plan, &notes);
}

/* --- plans --------------------------------------------------------------------------- */

START_TEST(nothing_set_no_namespaces) {
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, 0);
        ck_assert_int_eq(mounts()->n_ops, 0);
        ck_assert_ptr_null(notes);
        /* Sandbox-free writable paths alone do not ask for a namespace. */
        add(&writable, dir("state"));
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, 0);
}
END_TEST

START_TEST(protect_system_yes_and_full) {
        ctx.protect_system = PROTECT_SYSTEM_YES;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, CLONE_NEWNS);
        /* First nothing may propagate to the host, then mounts, then flags, then MountFlags=. */
        ck_assert_str_eq(describe(&mounts()->ops[0]), "MOUNT - / - slave,rec -");
        ck_assert_str_eq(describe(&mounts()->ops[mounts()->n_ops - 1]), "MOUNT - / - shared,rec -");
        assert_before(mounts(), "BIND /usr /usr rec", "SETATTR /usr +ro rec");
        assert_no_op(mounts(), "BIND /etc /etc rec");
        if (access("/boot", F_OK) == 0)
                assert_before(mounts(), "BIND /boot /boot rec ?", "SETATTR /boot +ro rec ?");
        assert_untouched(mounts(), "/efi"); /* missing here, and allowed to be */

        ctx.protect_system = PROTECT_SYSTEM_FULL;
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), "SETATTR /usr +ro rec");
        assert_before(mounts(), "BIND /etc /etc rec", "SETATTR /etc +ro rec");
        /* Every bind comes before every flag (systemd's first and second round). */
        ck_assert_int_lt(find(mounts(), "BIND /usr /usr rec"), find(mounts(), "SETATTR /etc +ro rec"));
}
END_TEST

START_TEST(protect_home_variants) {
        ctx.protect_home = PROTECT_HOME_YES;
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), test_fmt("BIND %s/run/inaccessible/dir /root ?", test_dir));
        assert_op(mounts(), "SETATTR /root +ro+nosuid+nodev+noexec ?");

        ctx.protect_home = PROTECT_HOME_READ_ONLY;
        ck_assert_int_eq(build(), 0);
        assert_before(mounts(), "BIND /root /root rec ?", "SETATTR /root +ro rec ?");

        ctx.protect_home = PROTECT_HOME_TMPFS;
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), "MOUNT tmpfs /root tmpfs nodev,strictatime mode=0700,size=4m,nr_inodes=1k ?");
        assert_op(mounts(), "SETATTR /root +ro ?");
        if (access("/home", F_OK) == 0)
                assert_op(mounts(), "MOUNT tmpfs /home tmpfs nodev,strictatime mode=0755,size=4m,nr_inodes=1k ?");
}
END_TEST

START_TEST(protect_system_strict_with_exceptions) {
        const char *rw = dir("rw"), *state = dir("state");

        ctx.protect_system = PROTECT_SYSTEM_STRICT;
        add(&ctx.read_write_paths, rw);
        add(&writable, state);
        ck_assert_int_eq(build(), 0);
        /* "/" is already a mount point; other entries lie below it, so the flag is set on
         * "/" itself and on each host mount outside the exceptions, not recursively. */
        assert_no_op(mounts(), "BIND / / rec");
        assert_op(mounts(), "SETATTR / +ro");
        assert_no_op(mounts(), "SETATTR / +ro rec");
        assert_op(mounts(), test_fmt("BIND %s %s rec", rw, rw));
        assert_op(mounts(), test_fmt("BIND %s %s rec ?", state, state));
        assert_op(mounts(), "BIND /proc /proc rec ?");
        assert_op(mounts(), "BIND /sys /sys rec ?");
        assert_op(mounts(), "BIND /dev /dev rec ?");
        /* The exceptions and everything mounted below them keep the host's flags. */
        for (size_t i = 0; i < mounts()->n_ops; i++) {
                const struct spawn_mount *o = &mounts()->ops[i];
                if (o->op != SPAWN_MOUNT_SETATTR)
                        continue;
                ck_assert_msg(!spawn_mount_path_under(o->target, "/proc") && !spawn_mount_path_under(o->target, "/sys") &&
                              !spawn_mount_path_under(o->target, "/dev") && !spawn_mount_path_under(o->target, rw) &&
                              !spawn_mount_path_under(o->target, state), "%s", describe(o));
        }
}
END_TEST

START_TEST(path_prefixes) {
        const char *ro = dir("ro");

        add(&ctx.read_only_paths, ro);
        add(&ctx.read_only_paths, test_fmt("-%s/missing", test_dir));
        add(&ctx.read_only_paths, test_fmt("-+%s/missing-too", test_dir));
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), test_fmt("SETATTR %s +ro rec", ro));
        assert_untouched(mounts(), test_fmt("%s/missing", test_dir));
        assert_untouched(mounts(), test_fmt("%s/missing-too", test_dir));

        /* Without "-", a missing path fails the start, with a message naming it. */
        add(&ctx.inaccessible_paths, test_fmt("%s/gone", test_dir));
        ck_assert_int_eq(build(), -ENOENT);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("t.service: InaccessiblePaths=: cannot use %s/gone: No such file or directory", test_dir));
}
END_TEST

START_TEST(root_directory_prefixing) {
        const char *root = dir("root");
        const char *srv = dir("root/srv");

        dir("root/usr");
        dir("root/etc");
        ctx.root_directory = (char *) root;
        ctx.protect_system = PROTECT_SYSTEM_STRICT;
        add(&ctx.read_write_paths, "+/etc");       /* below the root */
        add(&ctx.read_only_paths, "/usr");         /* the host's, hidden by chroot(): dropped */
        add(&ctx.inaccessible_paths, srv);         /* a host path that lies below the root */
        add(&ctx.bind_paths, test_fmt("%s:/data", dir("data")));
        add(&ctx.temporary_file_system, "/scratch");
        add(&writable, dir("state"));
        ck_assert_msg(build() == 0, "%s", test_last_warning());

        /* The root is bound onto itself so that "/" inside can be made read-only. */
        assert_before(mounts(), test_fmt("BIND %s %s rec", root, root), test_fmt("SETATTR %s +ro", root));
        /* MountAPIVFS= defaults to yes with RootDirectory=. */
        assert_op(mounts(), test_fmt("MOUNT proc %s/proc proc nosuid,nodev,noexec -", root));
        assert_op(mounts(), test_fmt("BIND /dev %s/dev rec", root));
        assert_op(mounts(), test_fmt("MOUNT sysfs %s/sys sysfs nosuid,nodev,noexec -", root));
        assert_op(mounts(), test_fmt("MOUNT tmpfs %s/run tmpfs nosuid,nodev,strictatime mode=0755,size=20%%,nr_inodes=800k", root));
        assert_op(mounts(), test_fmt("BIND %s/etc %s/etc rec", root, root));
        assert_untouched(mounts(), "/etc");
        assert_untouched(mounts(), "/usr");
        assert_op(mounts(), test_fmt("BIND %s/run/inaccessible/dir %s", test_dir, srv));
        assert_before(mounts(), test_fmt("MKDIR %s/data 0755", root), test_fmt("BIND %s/data %s/data rec", test_dir, root));
        assert_op(mounts(), test_fmt("MOUNT tmpfs %s/scratch tmpfs nodev,strictatime mode=0755", root));
        /* StateDirectory= is the host's, bound into the root. */
        assert_op(mounts(), test_fmt("BIND %s/state %s%s/state rec", test_dir, root, test_dir));

        ctx.mount_api_vfs_set = true;
        ctx.mount_api_vfs = false;
        ck_assert_int_eq(build(), 0);
        assert_no_op(mounts(), test_fmt("MOUNT proc %s/proc proc nosuid,nodev,noexec -", root));
        ctx.root_directory = NULL;
}
END_TEST

START_TEST(notify_socket_follows_into_the_sandbox) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        const char *root = dir("root"), *sock = test_fmt("%s/notify", test_dir);
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        ck_assert_int_ge(fd, 0);
        strcpy(sa.sun_path, sock);
        ck_assert_int_eq(bind(fd, (struct sockaddr *) &sa, sizeof sa), 0);
        close(fd);
        ctx.root_directory = (char *) root;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(strv_extend(&plan->envp, test_fmt("NOTIFY_SOCKET=%s", sock)), 0);
        spawn_mount_plan_done(&plan->mounts);
        ck_assert_int_eq(exec_namespace_plan(&ctx, "t.service", writable, plan, &notes), 0);
        assert_before(mounts(), test_fmt("MKFILE %s%s", root, sock), test_fmt("BIND %s %s%s ?", sock, root, sock));

        /* Below a private /tmp too (here it is); elsewhere it is visible anyway. */
        ctx.root_directory = NULL;
        ctx.private_tmp = true;
        spawn_mount_plan_done(&plan->mounts);
        ck_assert_int_eq(exec_namespace_plan(&ctx, "t.service", writable, plan, &notes), 0);
        assert_op(mounts(), test_fmt("BIND %s %s ?", sock, sock));
        ctx.private_tmp = false;
        ctx.protect_system = PROTECT_SYSTEM_FULL;
        spawn_mount_plan_done(&plan->mounts);
        ck_assert_int_eq(exec_namespace_plan(&ctx, "t.service", writable, plan, &notes), 0);
        assert_untouched(mounts(), sock);
}
END_TEST

START_TEST(duplicates_merge_and_nesting) {
        const char *a = dir("a"), *b = dir("a/b"), *c = dir("a/b/c"), *x = dir("x");

        add(&ctx.read_only_paths, a);
        add(&ctx.read_only_paths, b);       /* read-only below read-only: nothing to add */
        add(&ctx.no_exec_paths, a);         /* same path: one bind, both flags */
        add(&ctx.read_write_paths, c);      /* writable hole in the read-only tree */
        add(&ctx.read_write_paths, x);      /* read-write without read-only above: nothing to do */
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(find(mounts(), test_fmt("BIND %s %s rec", a, a)), 1);
        assert_untouched(mounts(), b);
        assert_untouched(mounts(), x);
        assert_op(mounts(), test_fmt("BIND %s %s rec", c, c));
        /* c is an entry below a: the flags stop there, so they are not recursive. */
        assert_op(mounts(), test_fmt("SETATTR %s +ro", a));
        assert_op(mounts(), test_fmt("SETATTR %s +noexec rec", a));
        assert_no_op(mounts(), test_fmt("SETATTR %s +ro ?", c));
}
END_TEST

START_TEST(inaccessible_nodes_by_type) {
        const char *d = dir("secret"), *f = test_write_file("secret.txt", "x");

        add(&ctx.inaccessible_paths, d);
        add(&ctx.inaccessible_paths, f);
        add(&ctx.read_only_paths, test_fmt("%s/inner", d)); /* below an inaccessible path: dropped */
        dir("secret/inner");
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), test_fmt("BIND %s/run/inaccessible/dir %s", test_dir, d));
        assert_op(mounts(), test_fmt("BIND %s/run/inaccessible/reg %s", test_dir, f));
        assert_op(mounts(), test_fmt("SETATTR %s +ro+nosuid+nodev+noexec", d));
        assert_untouched(mounts(), test_fmt("%s/inner", d));
        /* The nodes themselves: empty, mode 0000, one per file type. */
        const char *types[] = { "dir", "reg", "chr", "blk", "fifo", "sock" };
        const mode_t fmt[] = { S_IFDIR, S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK };
        for (size_t i = 0; i < ELEMENTSOF(types); i++) {
                struct stat st;
                ck_assert_int_eq(lstat(test_fmt("%s/run/inaccessible/%s", test_dir, types[i]), &st), 0);
                ck_assert_int_eq(st.st_mode & S_IFMT, fmt[i]);
                ck_assert_int_eq(st.st_mode & 07777, 0);
        }
}
END_TEST

START_TEST(private_tmp_shared_per_run) {
        const char *tmp, *var_tmp, *tmp2, *var_tmp2;
        struct stat st;

        ctx.private_tmp = true;
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp, &var_tmp), -ENOENT);
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp, &var_tmp), 0);
        ck_assert(startswith(tmp, "/tmp/svcd-private-t.service-"));
        ck_assert_int_eq(stat(tmp, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0700);
        ck_assert_int_eq(stat(test_fmt("%s/tmp", tmp), &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 01777);
        assert_op(mounts(), test_fmt("BIND %s/tmp /tmp rec", tmp));
        if (var_tmp)
                assert_op(mounts(), test_fmt("BIND %s/tmp /var/tmp rec", var_tmp));

        /* The next command of the same run gets the same directories. */
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp2, &var_tmp2), 0);
        ck_assert_str_eq(tmp2, tmp);
        const char *kept = test_fmt("%s", tmp);
        ck_assert_int_eq(creat(test_fmt("%s/tmp/left-behind", tmp), 0600) >= 0, 1);

        /* When the service stops they go, with what it left there. */
        exec_private_tmp_cleanup("t.service");
        ck_assert_int_eq(stat(kept, &st), -1);
        ck_assert_int_eq(errno, ENOENT);
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp, &var_tmp), -ENOENT);
        exec_private_tmp_cleanup("t.service"); /* nothing left: no-op */
}
END_TEST

START_TEST(private_devices_plan) {
        const char *stage = test_fmt("%s/run/private-dev", test_dir);
        struct stat st;

        ctx.private_devices = true;
        ck_assert_int_eq(build(), 0);
        assert_before(mounts(), test_fmt("MOUNT tmpfs %s tmpfs nosuid,noexec,strictatime mode=0755,size=4m,nr_inodes=64k", stage),
                      test_fmt("MKNOD %s/null 020666 1:3", stage));
        assert_op(mounts(), test_fmt("BIND /dev/pts %s/pts", stage));
        assert_op(mounts(), test_fmt("BIND /dev/shm %s/shm", stage));
        assert_op(mounts(), test_fmt("SYMLINK /proc/self/fd %s/fd", stage));
        assert_op(mounts(), test_fmt("SYMLINK /proc/self/fd/2 %s/stderr", stage));
        if (lstat("/dev/ptmx", &st) == 0 && S_ISCHR(st.st_mode))
                assert_op(mounts(), test_fmt("MKNOD %s/ptmx 020666 5:2", stage));
        assert_before(mounts(), "UMOUNT /dev ?", test_fmt("MOUNT %s /dev - move -", stage));
        /* Read-only, but not its submounts (pts, shm stay as they are). */
        assert_op(mounts(), "SETATTR /dev +ro");
        assert_no_op(mounts(), "SETATTR /dev +ro rec");
        assert_no_op(mounts(), "CAPTURE /dev/pts #1");
        for (size_t i = 0; i < mounts()->n_ops; i++)
                ck_assert_msg(!strstr(describe(&mounts()->ops[i]), "loop"), "%s", describe(&mounts()->ops[i]));
}
END_TEST

START_TEST(proc_options_and_kernel_tables) {
        ctx.protect_proc = PROTECT_PROC_INVISIBLE;
        ctx.proc_subset = PROC_SUBSET_PID;
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), "MOUNT proc /proc proc nosuid,nodev,noexec hidepid=invisible,subset=pid");

        ctx.protect_proc = PROTECT_PROC_DEFAULT;
        ctx.proc_subset = PROC_SUBSET_ALL;
        ctx.protect_kernel_tunables = true;
        ctx.protect_kernel_logs = true;
        ctx.protect_control_groups = true;
        ck_assert_int_eq(build(), 0);
        assert_before(mounts(), "BIND /proc/sys /proc/sys rec ?", "SETATTR /proc/sys +ro rec ?");
        assert_op(mounts(), test_fmt("BIND %s/run/inaccessible/reg /proc/kallsyms ?", test_dir));
        assert_op(mounts(), test_fmt("BIND %s/run/inaccessible/chr /dev/kmsg ?", test_dir));
        /* /sys read-only, /sys/fs/cgroup with it (ProtectControlGroups=): one recursive flip. */
        assert_op(mounts(), "SETATTR /sys +ro rec");
        assert_no_op(mounts(), "BIND /sys/fs/cgroup /sys/fs/cgroup rec ?");
        /* Without ProtectControlGroups=, ProtectKernelTunables= leaves the cgroups writable. */
        ctx.protect_control_groups = false;
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), "SETATTR /sys +ro");
        assert_op(mounts(), "BIND /sys/fs/cgroup /sys/fs/cgroup rec ?");
        assert_no_op(mounts(), "SETATTR /sys/fs/cgroup +ro rec ?");
        /* No fresh procfs without options or RootDirectory=: the host's is there already. */
        assert_no_op(mounts(), "MOUNT proc /proc proc nosuid,nodev,noexec -");
}
END_TEST

START_TEST(other_namespaces) {
        ctx.private_network = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, CLONE_NEWNET);
        ck_assert(plan->loopback_up);
        ck_assert_int_eq(mounts()->n_ops, 0);

        ctx.private_network = false;
        ctx.protect_hostname = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, CLONE_NEWUTS);
        ck_assert(!plan->loopback_up);

        ctx.protect_hostname = false;
        ctx.private_ipc = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, CLONE_NEWIPC | CLONE_NEWNS);
        if (access("/dev/mqueue", F_OK) == 0)
                assert_op(mounts(), "MOUNT mqueue /dev/mqueue mqueue nosuid,nodev,noexec,relatime - ?");
        else
                assert_untouched(mounts(), "/dev/mqueue"); /* nothing to replace */

        /* NetworkNamespacePath=/IPCNamespacePath=: joined (setns) instead of new ones. */
        ctx.private_ipc = false;
        ctx.private_network = true;
        ctx.network_namespace_path = (char *) "/proc/self/ns/net";
        ctx.ipc_namespace_path = (char *) "/proc/self/ns/ipc";
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, 0);
        ck_assert_int_ge(plan->netns_fd, 0);
        ck_assert_int_ge(plan->ipcns_fd, 0);
        ck_assert_ptr_null(notes);
        /* A path that is not there, or a namespace of another type: the start fails. */
        ctx.network_namespace_path = (char *) "/run/netns/svcd-no-such";
        ck_assert_int_eq(build(), -ENOENT);
        ctx.network_namespace_path = (char *) "/proc/self/ns/ipc";
        ck_assert_int_eq(build(), -EINVAL);
        ck_assert_str_eq(test_last_warning(), "t.service: NetworkNamespacePath=/proc/self/ns/ipc is not a network namespace.");
        ctx.network_namespace_path = NULL;
        ctx.ipc_namespace_path = NULL;
}
END_TEST

START_TEST(mount_flags_propagation) {
        ctx.mount_flags = MOUNT_PRIVATE;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, CLONE_NEWNS);
        ck_assert_int_eq(mounts()->n_ops, 2);
        ck_assert_str_eq(describe(&mounts()->ops[0]), "MOUNT - / - slave,rec -");
        ck_assert_str_eq(describe(&mounts()->ops[1]), "MOUNT - / - private,rec -");

        /* "shared" alone needs no namespace, as systemd's exec_needs_mount_namespace(). */
        ctx.mount_flags = MOUNT_SHARED;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, 0);
        ctx.private_mounts = true;
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, CLONE_NEWNS);
}
END_TEST

START_TEST(bind_and_tmpfs_syntax) {
        const char *src = dir("src"), *file = test_write_file("file", "content");

        add(&ctx.bind_paths, test_fmt("%s:%s/dst:norbind", src, test_dir));
        add(&ctx.bind_paths, test_fmt("-%s/missing:%s/never", test_dir, test_dir));
        add(&ctx.bind_read_only_paths, test_fmt("%s:%s/file-dst", file, test_dir));
        add(&ctx.bind_read_only_paths, src);
        add(&ctx.temporary_file_system, test_fmt("%s/t1:ro,size=1M,noexec", test_dir));
        add(&ctx.temporary_file_system, test_fmt("%s/t2:mode=0700,dev", test_dir));
        ck_assert_int_eq(build(), 0);
        assert_op(mounts(), test_fmt("BIND %s %s/dst", src, test_dir));
        assert_untouched(mounts(), test_fmt("%s/never", test_dir));
        assert_before(mounts(), test_fmt("MKFILE %s/file-dst", test_dir), test_fmt("BIND %s %s/file-dst rec", file, test_dir));
        assert_op(mounts(), test_fmt("SETATTR %s/file-dst +ro rec", test_dir));
        assert_op(mounts(), test_fmt("BIND %s %s rec", src, src));
        assert_op(mounts(), test_fmt("SETATTR %s +ro rec", src));
        assert_op(mounts(), test_fmt("MOUNT tmpfs %s/t1 tmpfs nodev,noexec,strictatime mode=0755,size=1M", test_dir));
        assert_op(mounts(), test_fmt("SETATTR %s/t1 +ro", test_dir)); /* the tmpfs only */
        assert_op(mounts(), test_fmt("MOUNT tmpfs %s/t2 tmpfs strictatime mode=0700", test_dir));

        add(&ctx.temporary_file_system, test_fmt("%s/t3:ro,,size=1M", test_dir));
        ck_assert_int_eq(build(), -EINVAL);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("t.service: TemporaryFileSystem=%s/t3:ro,,size=1M: bad mount options \"ro,,size=1M\".", test_dir));

        strv_free(ctx.temporary_file_system);
        ctx.temporary_file_system = NULL;
        add(&ctx.bind_paths, test_fmt("%s/absent", test_dir));
        ck_assert_int_eq(build(), -ENOENT);
}
END_TEST

static void drop_cap_sys_admin(void) {
        cap_t caps = cap_get_proc();
        cap_value_t v = CAP_SYS_ADMIN;

        ck_assert_ptr_nonnull(caps);
        ck_assert_int_eq(cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_CLEAR), 0);
        ck_assert_int_eq(cap_set_proc(caps), 0);
        cap_free(caps);
}

START_TEST(degrades_without_cap_sys_admin) {
        ctx.protect_system = PROTECT_SYSTEM_STRICT;
        ctx.private_tmp = true;
        ctx.private_network = true;
        add(&ctx.read_only_paths, "/usr");
        add(&ctx.read_only_paths, "-/nonexistent");
        drop_cap_sys_admin(); /* this test runs in a process of its own (check's fork mode) */
        ck_assert_int_eq(build(), 0);
        ck_assert_int_eq(plan->unshare_flags, 0);
        ck_assert(!plan->loopback_up);
        ck_assert_int_eq(mounts()->n_ops, 0);
        ck_assert_int_eq(strv_length(notes), 4);
        ck_assert_str_eq(notes[0], "ReadOnlyPaths=/usr -/nonexistent: svcd lacks CAP_SYS_ADMIN, which namespaces need");
        ck_assert_str_eq(notes[1], "PrivateTmp=yes: svcd lacks CAP_SYS_ADMIN, which namespaces need");
        ck_assert_str_eq(notes[2], "ProtectSystem=strict: svcd lacks CAP_SYS_ADMIN, which namespaces need");
        ck_assert_str_eq(notes[3], "PrivateNetwork=yes: svcd lacks CAP_SYS_ADMIN, which namespaces need");
        /* Nothing was prepared for a sandbox that does not happen. */
        const char *tmp, *var_tmp;
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp, &var_tmp), -ENOENT);
}
END_TEST

/* --- the model, with a host mount table of our choosing ------------------------------- */

static struct spawn_mount_entries entries;
static struct spawn_mount_plan compiled;

static void model_setup(void) {
        test_setup();
        entries = (struct spawn_mount_entries) {};
        compiled = (struct spawn_mount_plan) {};
}

static void model_teardown(void) {
        spawn_mount_entries_done(&entries);
        spawn_mount_plan_done(&compiled);
        test_teardown();
}

static void entry(const char *path, enum spawn_mount_kind kind, const char *source, bool ro, bool noexec, bool exec) {
        struct spawn_mount_entry x = { .path = (char *) path, .kind = kind, .source = (char *) source,
                                       .read_only = ro, .noexec = noexec, .exec = exec };
        ck_assert_int_eq(spawn_mount_entries_add(&entries, &x), 0);
}

START_TEST(flags_stop_at_entries_below) {
        char *host[] = { (char *) "/", (char *) "/boot", (char *) "/var", (char *) "/var/lib/x/sub", (char *) "/proc",
                         (char *) "/srv/data/m", NULL };

        /* Given in reverse: the compiler sorts. */
        entry("/opt/data/w", SPAWN_MOUNT_READ_WRITE, NULL, false, false, false);
        entry("/opt/data", SPAWN_MOUNT_BIND_RBIND, "/srv/data", true, false, false);
        entry("/var/lib/x", SPAWN_MOUNT_READ_WRITE, NULL, false, false, false);
        entry("/", SPAWN_MOUNT_READ_ONLY, NULL, true, false, false);
        ck_assert_int_eq(spawn_mount_plan_compile(&entries, NULL, MS_SHARED, host, &compiled), 0);
        ck_assert_str_eq(entries.entries[0].path, "/");
        assert_before(&compiled, "BIND /srv/data /opt/data rec", "BIND /var/lib/x /var/lib/x rec");
        assert_op(&compiled, "SETATTR / +ro");
        assert_op(&compiled, "SETATTR /boot +ro ?");
        assert_op(&compiled, "SETATTR /var +ro ?");
        assert_op(&compiled, "SETATTR /proc +ro ?");
        assert_no_op(&compiled, "SETATTR /var/lib/x +ro ?");
        assert_no_op(&compiled, "SETATTR /var/lib/x/sub +ro ?");
        /* The bind's own read-only stops at /opt/data/w, and reaches the source's
         * submounts where they now appear. */
        assert_op(&compiled, "SETATTR /opt/data +ro");
        assert_op(&compiled, "SETATTR /opt/data/m +ro ?");
        assert_no_op(&compiled, "SETATTR /opt/data/w +ro ?");
        /* The source's own submount is still there too, below "/". */
        assert_op(&compiled, "SETATTR /srv/data/m +ro ?");
}
END_TEST

START_TEST(noexec_stops_only_at_exec_entries) {
        char *host[] = { (char *) "/", (char *) "/usr", (char *) "/usr/bin/sub", NULL };

        entry("/", SPAWN_MOUNT_NOEXEC, NULL, false, true, false);
        entry("/usr/bin", SPAWN_MOUNT_EXEC, NULL, false, false, true);
        entry("/run/x", SPAWN_MOUNT_TMPFS, NULL, true, false, false);
        ck_assert_int_eq(spawn_mount_plan_compile(&entries, NULL, MS_SLAVE, host, &compiled), 0);
        assert_op(&compiled, "MOUNT tmpfs /run/x tmpfs 0 -");
        assert_op(&compiled, "SETATTR /run/x +ro");
        assert_op(&compiled, "SETATTR / +noexec");
        assert_op(&compiled, "SETATTR /usr +noexec ?");
        assert_op(&compiled, "SETATTR /run/x +noexec ?"); /* a tmpfs does not stop noexec */
        assert_op(&compiled, "SETATTR /usr/bin -noexec rec");
        assert_no_op(&compiled, "SETATTR /usr/bin/sub +noexec ?");
        ck_assert_str_eq(describe(&compiled.ops[compiled.n_ops - 1]), "MOUNT - / - slave,rec -");
}
END_TEST

START_TEST(too_many_sources) {
        for (int i = 0; i <= SPAWN_MOUNT_CAPTURES_MAX; i++)
                entry(test_fmt("/dst/%d", i), SPAWN_MOUNT_BIND_RBIND, test_fmt("/src/%d", i), false, false, false);
        ck_assert_int_eq(spawn_mount_plan_compile(&entries, NULL, MS_SHARED, NULL, &compiled), -E2BIG);
}
END_TEST

START_TEST(options_paths_mountinfo) {
        unsigned long flags = MS_NODEV;
        char *data = NULL, **l = NULL;
        char *s;

        ck_assert_int_eq(spawn_mount_parse_options("ro,dev,size=10%,noexec,mode=0700", &flags, &data), 0);
        ck_assert_uint_eq(flags, MS_RDONLY | MS_NOEXEC);
        ck_assert_str_eq(data, "size=10%,mode=0700");
        free(data);
        flags = 0;
        ck_assert_int_eq(spawn_mount_parse_options("nosuid", &flags, &data), 0);
        ck_assert_ptr_null(data);
        ck_assert_int_eq(spawn_mount_parse_options("", &flags, &data), -EINVAL);
        ck_assert_int_eq(spawn_mount_parse_options("ro,", &flags, &data), -EINVAL);

        s = spawn_mount_path_simplify("//a/./b//c/");
        ck_assert_str_eq(s, "/a/b/c");
        free(s);
        s = spawn_mount_path_simplify("/");
        ck_assert_str_eq(s, "/");
        free(s);
        ck_assert(spawn_mount_path_under("/a/b", "/a"));
        ck_assert(spawn_mount_path_under("/a", "/a"));
        ck_assert(!spawn_mount_path_under("/ab", "/a"));
        ck_assert(spawn_mount_path_under("/x", "/"));

        ck_assert_int_eq(spawn_mount_read_mountinfo(test_write_file("mountinfo",
                "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
                "28 27 0:25 / /mnt/with\\040space rw - tmpfs tmpfs rw\n"
                "29 27 0:25 / /proc rw - proc proc rw\n"), &l), 0);
        s = strv_join(l, "|");
        ck_assert_str_eq(s, "/proc|/|/mnt/with space");
        free(s);
        strv_free(l);
        ck_assert_int_eq(spawn_mount_read_mountinfo(test_fmt("%s/none", test_dir), &l), -ENOENT);
}
END_TEST

/* --- applied in a child of our own ------------------------------------------------------ */

/* Runs check() in a child that applied the plan in a new mount namespace; the child writes
 * the first failure to a pipe. The mounts die with the child. */
static void apply_and_check(const struct spawn_mount_plan *m, const char *(*check)(void)) {
        char buf[1024] = "";
        int fds[2], status;
        ssize_t n;
        pid_t pid;

        ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
                const char *failure;
                close(fds[0]);
                if (unshare(CLONE_NEWNS) < 0)
                        failure = test_fmt("unshare: %m");
                else if (spawn_child_apply_mounts(m) < 0)
                        failure = test_fmt("applying the mounts: %m");
                else
                        failure = check();
                if (failure)
                        (void) !write(fds[1], failure, strlen(failure));
                _exit(failure ? 1 : 0);
        }
        close(fds[1]);
        n = read(fds[0], buf, sizeof buf - 1);
        close(fds[0]);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "in the sandbox: %s", n > 0 ? buf : "(crashed)");
}

static const char *apply_rw, *apply_file, *apply_secret, *apply_state;

/* open(path, O_CREAT|O_WRONLY) must fail with err (0: must work). */
static const char *expect_create(const char *path, int err) {
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd >= 0) {
                close(fd);
                unlink(path);
        }
        if (err == 0 && fd < 0)
                return test_fmt("cannot create %s: %m", path);
        if (err != 0 && (fd >= 0 || errno != err))
                return test_fmt("creating %s: expected %s, got %s", path, strerror(err), fd >= 0 ? "success" : strerror(errno));
        return NULL;
}

static const char *check_strict(void) {
        const char *f;
        if ((f = expect_create("/usr/svcd-test-must-fail", EROFS)) || (f = expect_create("/etc/svcd-test-must-fail", EROFS)) ||
            (f = expect_create(test_fmt("%s/ok", apply_rw), 0)) || (f = expect_create(test_fmt("%s/ok", apply_state), 0)) ||
            (f = expect_create(test_fmt("%s/not-rw", test_dir), EROFS)))
                return f;
        /* The API file systems stay as they were. */
        if ((f = expect_create("/dev/shm/svcd-test-strict", 0)))
                return f;
        return NULL;
}

START_TEST(apply_protect_system_strict) {
        ctx.protect_system = PROTECT_SYSTEM_STRICT;
        apply_rw = dir("rw");
        apply_state = dir("state");
        add(&ctx.read_write_paths, apply_rw);
        add(&writable, apply_state);
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_strict);
}
END_TEST

static const char *check_paths(void) {
        char buf[16];
        struct stat st;
        const char *f;
        int fd;

        if ((f = expect_create(test_fmt("%s/ro/x", test_dir), EROFS)) ||
            (f = expect_create(test_fmt("%s/ro/rw/x", test_dir), 0)))
                return f;
        if (stat(apply_secret, &st) < 0 || (st.st_mode & 07777) != 0)
                return "the inaccessible directory is not mode 0000";
        if (stat(test_fmt("%s/inside", apply_secret), &st) == 0)
                return "the inaccessible directory still shows its contents";
        fd = open(apply_file, O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && read(fd, buf, sizeof buf) != 0)
                return "the inaccessible file still has its contents";
        if (fd >= 0)
                close(fd);
        if (access(test_fmt("%s/noexec/run.sh", test_dir), X_OK) == 0 || errno != EACCES)
                return "a script in NoExecPaths= is executable";
        if (access(test_fmt("%s/noexec/exec/run.sh", test_dir), X_OK) < 0)
                return "a script in ExecPaths= below NoExecPaths= is not executable";
        return NULL;
}

START_TEST(apply_read_only_inaccessible_noexec) {
        dir("ro");
        add(&ctx.read_only_paths, test_fmt("%s/ro", test_dir));
        add(&ctx.read_write_paths, dir("ro/rw"));
        apply_secret = dir("secret");
        test_write_file("secret/inside", "secret");
        apply_file = test_write_file("secret.txt", "secret");
        add(&ctx.inaccessible_paths, apply_secret);
        add(&ctx.inaccessible_paths, apply_file);
        dir("noexec");
        dir("noexec/exec");
        ck_assert_int_eq(chmod(test_write_file("noexec/run.sh", "#!/bin/sh\n"), 0755), 0);
        ck_assert_int_eq(chmod(test_write_file("noexec/exec/run.sh", "#!/bin/sh\n"), 0755), 0);
        add(&ctx.no_exec_paths, test_fmt("%s/noexec", test_dir));
        add(&ctx.exec_paths, test_fmt("%s/noexec/exec", test_dir));
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_paths);
}
END_TEST

static const char *check_private_tmp(void) {
        const char *f;
        struct stat st;

        if (stat(test_dir, &st) == 0)
                return "the host's /tmp is still visible";
        if ((f = expect_create("/tmp/svcd-test-private", 0)))
                return f;
        if (stat("/tmp", &st) < 0 || (st.st_mode & 07777) != 01777)
                return "the private /tmp is not 01777";
        /* Keep a file for the parent to find in the host directory. */
        return creat("/tmp/from-inside", 0644) < 0 ? "cannot create /tmp/from-inside" : NULL;
}

START_TEST(apply_private_tmp) {
        const char *tmp, *var_tmp;

        ctx.private_tmp = true;
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_private_tmp);
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp, &var_tmp), 0);
        ck_assert_int_eq(access(test_fmt("%s/tmp/from-inside", tmp), F_OK), 0);
        ck_assert_int_eq(access("/tmp/from-inside", F_OK), -1);
}
END_TEST

static const char *check_private_devices(void) {
        struct stat st;
        const char *f;
        int fd;

        if (stat("/dev/null", &st) < 0 || !S_ISCHR(st.st_mode))
                return "no /dev/null";
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "x", 1) != 1)
                return "cannot write /dev/null";
        close(fd);
        if (stat("/dev/loop0", &st) == 0 || stat("/dev/kmsg", &st) == 0 || stat("/dev/vda", &st) == 0)
                return "a physical device is visible";
        if (stat("/dev/pts", &st) < 0 || !S_ISDIR(st.st_mode) || stat("/dev/shm", &st) < 0)
                return "no /dev/pts or /dev/shm";
        if (lstat("/dev/stdout", &st) < 0 || !S_ISLNK(st.st_mode))
                return "no /dev/stdout symlink";
        if ((f = expect_create("/dev/svcd-test", EROFS)) || (f = expect_create("/dev/shm/svcd-test-dev", 0)))
                return f;
        return NULL;
}

START_TEST(apply_private_devices) {
        ctx.private_devices = true;
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_private_devices);
}
END_TEST

static const char *check_kernel_and_proc(void) {
        _cleanup_free_ char *line = NULL;
        size_t size = 0;
        bool hidepid = false;
        FILE *mi;
        const char *f;

        if ((f = expect_create("/proc/sys/kernel/domainname", EROFS)))
                return f;
        mi = fopen("/proc/self/mountinfo", "re");
        while (mi && getline(&line, &size, mi) > 0)
                if (strstr(line, " /proc ") && strstr(line, "hidepid=invisible"))
                        hidepid = true;
        if (mi)
                fclose(mi);
        return hidepid ? NULL : "no procfs with hidepid=invisible on /proc";
}

START_TEST(apply_kernel_tunables_and_protect_proc) {
        ctx.protect_kernel_tunables = true;
        ctx.protect_proc = PROTECT_PROC_INVISIBLE;
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_kernel_and_proc);
}
END_TEST

static const char *check_binds_and_tmpfs(void) {
        char buf[32] = "";
        const char *f;
        int fd = open(test_fmt("%s/dst/hello", test_dir), O_RDONLY | O_CLOEXEC);

        if (fd < 0 || read(fd, buf, sizeof buf - 1) != 5 || !streq(buf, "hello"))
                return "BindPaths= did not show the source at the destination";
        close(fd);
        if ((f = expect_create(test_fmt("%s/dst/w", test_dir), 0)) || (f = expect_create(test_fmt("%s/rodst/w", test_dir), EROFS)))
                return f;
        if (access(test_fmt("%s/t/old", test_dir), F_OK) == 0)
                return "TemporaryFileSystem= shows what was there before";
        if ((f = expect_create(test_fmt("%s/t/new", test_dir), 0)) ||
            (f = expect_create(test_fmt("%s/tro/new", test_dir), EROFS)))
                return f;
        /* A bind below a read-only tmpfs: created before the tmpfs became read-only. */
        if (access(test_fmt("%s/tro/inner/hello", test_dir), F_OK) < 0)
                return "no bind below the read-only tmpfs";
        return NULL;
}

START_TEST(apply_binds_and_tmpfs) {
        const char *src = dir("src");

        test_write_file("src/hello", "hello");
        add(&ctx.bind_paths, test_fmt("%s:%s/dst", src, test_dir));
        add(&ctx.bind_read_only_paths, test_fmt("%s:%s/rodst", src, test_dir));
        add(&ctx.bind_read_only_paths, test_fmt("%s:%s/tro/inner", src, test_dir));
        dir("t");
        test_write_file("t/old", "");
        add(&ctx.temporary_file_system, test_fmt("%s/t", test_dir));
        add(&ctx.temporary_file_system, test_fmt("%s/tro:ro", test_dir));
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_binds_and_tmpfs);
        /* The destinations were created on the host (as systemd does); the tmpfs contents were not. */
        ck_assert_int_eq(access(test_fmt("%s/t/new", test_dir), F_OK), -1);
}
END_TEST

static const char *check_sources_captured(void) {
        char buf[16] = "";
        struct stat st;
        int fd = open(test_fmt("%s/hello", test_dir), O_RDONLY | O_CLOEXEC);

        if (fd < 0 || read(fd, buf, sizeof buf - 1) != 5)
                return "the bind source below the host's /tmp was hidden by the private /tmp";
        close(fd);
        if (stat(test_fmt("%s/secret", test_dir), &st) < 0 || (st.st_mode & 07777) != 0 ||
            stat(test_fmt("%s/secret/inside", test_dir), &st) == 0)
                return "the inaccessible node (below the host's /tmp) was not bound";
        return expect_create(test_fmt("%s/new", test_dir), EROFS);
}

/* The sources of bind mounts (here below /tmp, the runtime dir too) are captured before
 * the private /tmp is mounted over them. */
START_TEST(apply_sources_survive_mounts_before_them) {
        test_write_file("hello", "hello");
        dir("secret");
        test_write_file("secret/inside", "x");
        ctx.private_tmp = true;
        add(&ctx.bind_read_only_paths, test_dir);
        add(&ctx.inaccessible_paths, test_fmt("%s/secret", test_dir));
        ck_assert_int_eq(build(), 0);
        assert_before(mounts(), test_fmt("CAPTURE %s #2 rec", test_dir), "MKDIR /tmp 0755");
        assert_before(mounts(), "MKDIR /tmp 0755", test_fmt("BIND %s %s rec", test_dir, test_dir));
        apply_and_check(mounts(), check_sources_captured);
}
END_TEST

static const char *guard_dir;

static const char *check_guards(void) {
        /* The skipped flag did not reach the mount that holds the directory. */
        return expect_create(test_fmt("%s/still-writable", guard_dir), 0);
}

/* The child's own checks: a flag aimed at a path that is not a mount point never lands on
 * the mount around it (skipped with "?", an error without); a "-" source that is gone when
 * captured skips its bind. */
START_TEST(apply_child_guards) {
        struct spawn_mount_plan m = {};
        const char *gone = test_fmt("%s/gone", test_dir);
        int status;
        pid_t pid;

        guard_dir = dir("plain");
        ck_assert_int_eq(spawn_mount_plan_add(&m, &(struct spawn_mount) { .op = SPAWN_MOUNT_MOUNT, .target = "/",
                                                                          .flags = MS_SLAVE | MS_REC }), 0);
        ck_assert_int_eq(spawn_mount_plan_add(&m, &(struct spawn_mount) { .op = SPAWN_MOUNT_CAPTURE, .source = gone,
                                                                          .capture = 1, .missing_ok = true }), 0);
        ck_assert_int_eq(spawn_mount_plan_add(&m, &(struct spawn_mount) { .op = SPAWN_MOUNT_BIND, .source = gone,
                                                                          .target = guard_dir, .capture = 1,
                                                                          .missing_ok = true }), 0);
        ck_assert_int_eq(spawn_mount_plan_add(&m, &(struct spawn_mount) { .op = SPAWN_MOUNT_SETATTR, .target = guard_dir,
                                                                          .attr_set = MOUNT_ATTR_RDONLY, .recursive = true,
                                                                          .missing_ok = true }), 0);
        apply_and_check(&m, check_guards);

        /* Without "?" the same flag is an error (EINVAL), not a read-only parent. */
        m.ops[m.n_ops - 1].missing_ok = false;
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0)
                _exit(unshare(CLONE_NEWNS) == 0 && spawn_child_apply_mounts(&m) < 0 && errno == EINVAL ? 0 : 1);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        spawn_mount_plan_done(&m);
}
END_TEST

static const char *apply_root;

static const char *check_root(void) {
        const char *f;
        struct stat st;

        if (stat(test_fmt("%s/proc/self", apply_root), &st) < 0)
                return "no procfs below the root";
        if (stat(test_fmt("%s/dev/null", apply_root), &st) < 0 || !S_ISCHR(st.st_mode))
                return "no /dev below the root";
        if ((f = expect_create(test_fmt("%s/usr/x", apply_root), EROFS)) ||
            (f = expect_create(test_fmt("%s/run/x", apply_root), 0)) ||
            (f = expect_create(test_fmt("%s/tmp/x", apply_root), 0)))
                return f;
        return NULL;
}

START_TEST(apply_root_directory) {
        const char *tmp, *var_tmp;

        apply_root = dir("root");
        dir("root/usr");
        ctx.root_directory = (char *) apply_root;
        ctx.protect_system = PROTECT_SYSTEM_STRICT;
        ctx.private_tmp = true;
        ck_assert_int_eq(build(), 0);
        apply_and_check(mounts(), check_root);
        /* What the service wrote to its /tmp went to the private directory, not into the root. */
        ck_assert_int_eq(access(test_fmt("%s/tmp/x", apply_root), F_OK), -1);
        ck_assert_int_eq(exec_private_tmp_find("t.service", &tmp, &var_tmp), 0);
        ctx.root_directory = NULL;
}
END_TEST

/* --- RemoveIPC= --------------------------------------------------------------------------- */

#define IPC_TEST_UID 3999911

START_TEST(remove_ipc_of_one_user) {
        /* Private IPC objects and private /dev/shm, /dev/mqueue: nothing of the host's is at risk. */
        ck_assert_int_eq(unshare(CLONE_NEWIPC | CLONE_NEWNS), 0);
        ck_assert_int_eq(mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL), 0);
        ck_assert_int_eq(mount("tmpfs", "/dev", "tmpfs", 0, NULL), 0);
        ck_assert_int_eq(mkdir("/dev/shm", 01777), 0);
        ck_assert_int_eq(mkdir("/dev/mqueue", 0755), 0);
        ck_assert_int_eq(mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL), 0);
        ck_assert_int_eq(mount("mqueue", "/dev/mqueue", "mqueue", 0, NULL), 0);

        int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), root_shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        int msg = msgget(IPC_PRIVATE, IPC_CREAT | 0600), sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
        struct shmid_ds sd;
        struct msqid_ds md;
        struct semid_ds sed;
        ck_assert(shm >= 0 && root_shm >= 0 && msg >= 0 && sem >= 0);
        ck_assert_int_eq(shmctl(shm, IPC_STAT, &sd), 0);
        sd.shm_perm.uid = IPC_TEST_UID;
        ck_assert_int_eq(shmctl(shm, IPC_SET, &sd), 0);
        ck_assert_int_eq(msgctl(msg, IPC_STAT, &md), 0);
        md.msg_perm.uid = IPC_TEST_UID;
        ck_assert_int_eq(msgctl(msg, IPC_SET, &md), 0);
        ck_assert_int_eq(semctl(sem, 0, IPC_STAT, &sed), 0);
        sed.sem_perm.gid = IPC_TEST_UID; /* matched by group */
        ck_assert_int_eq(semctl(sem, 0, IPC_SET, &sed), 0);
        int fd = open("/dev/shm/user-segment", O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(fchown(fd, IPC_TEST_UID, 0), 0);
        close(fd);
        ck_assert_int_ge(creat("/dev/shm/root-segment", 0600), 0);
        mqd_t q = mq_open("/user-queue", O_CREAT | O_RDWR, 0600, NULL);
        ck_assert_int_ge(q, 0);
        ck_assert_int_eq(fchown(q, IPC_TEST_UID, 0), 0);
        mq_close(q);

        /* Root's are never touched, whatever the arguments. */
        ck_assert_int_eq(exec_remove_ipc(0, 0), 0);
        ck_assert_int_eq(exec_remove_ipc(IPC_TEST_UID, IPC_TEST_UID), 5);
        ck_assert_int_eq(shmctl(shm, IPC_STAT, &sd), -1);
        ck_assert_int_eq(msgctl(msg, IPC_STAT, &md), -1);
        ck_assert_int_eq(semctl(sem, 0, IPC_STAT, &sed), -1);
        ck_assert_int_eq(shmctl(root_shm, IPC_STAT, &sd), 0);
        ck_assert_int_eq(access("/dev/shm/user-segment", F_OK), -1);
        ck_assert_int_eq(access("/dev/shm/root-segment", F_OK), 0);
        ck_assert_int_eq(access("/dev/mqueue/user-queue", F_OK), -1);
        ck_assert_int_eq(exec_remove_ipc(IPC_TEST_UID, IPC_TEST_UID), 0);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-exec-namespace");
        TCase *tc = tcase_create("plans");
        TCase *model = tcase_create("model");
        TCase *applied = tcase_create("applied");
        TCase *ipc = tcase_create("remove-ipc");

        if (geteuid() != 0) {
                /* The plans stat real paths and the applied tests mount: both need root. */
                printf("1..0 # SKIP needs root\n");
                return 77;
        }
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, nothing_set_no_namespaces);
        tcase_add_test(tc, protect_system_yes_and_full);
        tcase_add_test(tc, protect_home_variants);
        tcase_add_test(tc, protect_system_strict_with_exceptions);
        tcase_add_test(tc, path_prefixes);
        tcase_add_test(tc, root_directory_prefixing);
        tcase_add_test(tc, notify_socket_follows_into_the_sandbox);
        tcase_add_test(tc, duplicates_merge_and_nesting);
        tcase_add_test(tc, inaccessible_nodes_by_type);
        tcase_add_test(tc, private_tmp_shared_per_run);
        tcase_add_test(tc, private_devices_plan);
        tcase_add_test(tc, proc_options_and_kernel_tables);
        tcase_add_test(tc, other_namespaces);
        tcase_add_test(tc, mount_flags_propagation);
        tcase_add_test(tc, bind_and_tmpfs_syntax);
        tcase_add_test(tc, degrades_without_cap_sys_admin);
        suite_add_tcase(s, tc);

        tcase_add_checked_fixture(model, model_setup, model_teardown);
        tcase_add_test(model, flags_stop_at_entries_below);
        tcase_add_test(model, noexec_stops_only_at_exec_entries);
        tcase_add_test(model, too_many_sources);
        tcase_add_test(model, options_paths_mountinfo);
        suite_add_tcase(s, model);

        tcase_add_checked_fixture(applied, setup, teardown);
        tcase_add_test(applied, apply_protect_system_strict);
        tcase_add_test(applied, apply_read_only_inaccessible_noexec);
        tcase_add_test(applied, apply_private_tmp);
        tcase_add_test(applied, apply_private_devices);
        tcase_add_test(applied, apply_kernel_tunables_and_protect_proc);
        tcase_add_test(applied, apply_binds_and_tmpfs);
        tcase_add_test(applied, apply_root_directory);
        tcase_add_test(applied, apply_sources_survive_mounts_before_them);
        tcase_add_test(applied, apply_child_guards);
        suite_add_tcase(s, applied);

        tcase_add_checked_fixture(ipc, setup, teardown);
        tcase_add_test(ipc, remove_ipc_of_one_user);
        suite_add_tcase(s, ipc);
        return test_run(s);
}
