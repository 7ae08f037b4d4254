/* early-boot.c: PID 1's first steps on a machine (early-boot.h): the API file systems, a
 * console for fds 0-2, the hostname, and ctrl-alt-del as SIGINT.
 *
 * The kernel starts init with nothing mounted (an initramfs is a bare tmpfs; a real root
 * mounted by root= has empty /proc, /sys, /dev), and with fds 0-2 on /dev/console only if
 * that node exists when it starts init (init/main.c, console_on_rootfs()). systemd does
 * the same work in mount-setup.c and main.c; we follow its table of mounts and flags for
 * the ones svcd needs (proc(5), sysfs(5), tmpfs(5), cgroups(7)).
 *
 * Order: a container (which its runtime set up, and whose hostname it owns) is left
 * alone; then /proc, because whether we are the machine's init at all is read from it
 * (/proc/self/ns/pid); then /dev, so that fds 0-2 can be pointed at the console before the
 * first message; then the rest. Nothing here fails the boot: PID 1 exiting panics the
 * kernel, and svcd without /sys or a hostname is still better than no svcd. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "supervisord/early-boot.h"
#include "supervisord/proc-util.h"
#include "units/virtualization.h"


struct api_mount {
        const char *where, *type, *options, *fallback_options;
        unsigned long flags;
        long magic; /* statfs(2) f_type of the file system once mounted */
};

/* systemd's mount_table (src/shared/mount-setup.c), less what svcd has no use for
 * (securityfs, efivarfs, bpf, hugetlbfs). devtmpfs reports TMPFS_MAGIC (it is a tmpfs
 * inside, mm/shmem.c), so /dev is recognized by that and by being a mount point. cgroup2's
 * nsdelegate (cgroup-v2.rst, "Delegation Containment") and memory_recursiveprot (Linux
 * 5.7) are tried first; an older kernel gets plain options. devpts gets systemd's TTY_GID
 * and TTY_MODE (group "tty" is 5 on Debian and Fedora), and ptmxmode=0666 so that
 * /dev/pts/ptmx works too (Documentation/filesystems/devpts.rst). */
static const struct api_mount api_mounts[] = {
        { "/proc", "proc", NULL, NULL, MS_NOSUID | MS_NOEXEC | MS_NODEV, PROC_SUPER_MAGIC },
        { "/dev", "devtmpfs", "mode=0755", NULL, MS_NOSUID | MS_STRICTATIME, TMPFS_MAGIC },
        { "/sys", "sysfs", NULL, NULL, MS_NOSUID | MS_NOEXEC | MS_NODEV, SYSFS_MAGIC },
        { "/run", "tmpfs", "mode=0755,size=20%", NULL, MS_NOSUID | MS_NODEV | MS_STRICTATIME, TMPFS_MAGIC },
        { "/dev/shm", "tmpfs", "mode=01777", NULL, MS_NOSUID | MS_NODEV | MS_STRICTATIME, TMPFS_MAGIC },
        { "/dev/pts", "devpts", "mode=0620,gid=5,ptmxmode=0666", "mode=0620,gid=5", MS_NOSUID | MS_NOEXEC,
          DEVPTS_SUPER_MAGIC },
        { "/sys/fs/cgroup", "cgroup2", "nsdelegate,memory_recursiveprot", "nsdelegate",
          MS_NOSUID | MS_NOEXEC | MS_NODEV, CGROUP2_SUPER_MAGIC },
};

/* What happened to each entry of api_mounts: logged once fds 0-2 lead somewhere. */
enum mount_result {
        MOUNT_SKIPPED, /* not tried: we are not the machine's init */
        MOUNT_PRESENT, /* already there */
        MOUNT_DONE,    /* mounted by us */
        MOUNT_FAILED,  /* the errno is beside it */
};

/* True if path is the root of a mount. statx(2)'s STATX_ATTR_MOUNT_ROOT (Linux 5.8) says
 * so directly; older kernels get the classic test, a device different from the parent's
 * (which misses a bind mount of the parent's own file system: nothing the kernel or a
 * bootloader does at boot). */
static bool is_mount_point(const char *path) {
        struct statx sx, parent;
        char up[PATH_MAX];

        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) < 0)
                return false;
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return sx.stx_attributes & STATX_ATTR_MOUNT_ROOT;
        if ((size_t) snprintf(up, sizeof up, "%s/..", path) >= sizeof up)
                return false;
        if (statx(AT_FDCWD, up, 0, STATX_BASIC_STATS, &parent) < 0)
                return false;
        return sx.stx_dev_major != parent.stx_dev_major || sx.stx_dev_minor != parent.stx_dev_minor;
}

/* Whether the file system is already there. The type alone would do for proc, sysfs
 * and cgroup2, but an initramfs root is itself a tmpfs, so for /run, /dev and /dev/shm only
 * a mount point counts. Anything else mounted there (a container's tmpfs /dev, say) is
 * taken as the administrator's choice and left alone. */
static bool api_mount_present(const struct api_mount *am) {
        struct statfs sf;

        if (statfs(am->where, &sf) < 0)
                return false;
        if ((long) sf.f_type == am->magic && am->magic != TMPFS_MAGIC)
                return true;
        return is_mount_point(am->where);
}

/* Mounts am if it is missing; the result, and in *ret_errno why it failed. */
static enum mount_result api_mount_one(const struct api_mount *am, int *ret_errno) {
        if (api_mount_present(am))
                return MOUNT_PRESENT;
        /* An initramfs may not have the directory (the kernel needs none of them). */
        if (mkdir(am->where, 0755) < 0 && errno != EEXIST) {
                *ret_errno = errno;
                return MOUNT_FAILED;
        }
        if (mount(am->type, am->where, am->type, am->flags, am->options) >= 0)
                return MOUNT_DONE;
        /* EINVAL: an option this kernel does not know (mount(2)). */
        if (errno == EINVAL && am->fallback_options &&
            mount(am->type, am->where, am->type, am->flags, am->fallback_options) >= 0)
                return MOUNT_DONE;
        *ret_errno = errno;
        return MOUNT_FAILED;
}

static bool fd_is_open(int fd) {
        return fcntl(fd, F_GETFD) >= 0 || errno != EBADF;
}

/* Puts fd on path if fd is closed. Lower fds are open by then, so open() returns fd
 * itself; dup2() covers a race we do not expect this early. */
static void std_fd_open(int fd, const char *path, int flags) {
        int n;

        if (fd_is_open(fd))
                return;
        n = open(path, flags | O_NOCTTY);
        if (n < 0 || n == fd)
                return;
        (void) dup2(n, fd);
        (void) close(n);
}

/* The kernel gives init fds 0-2 on /dev/console only if the node existed in the root file
 * system before init ran; an initramfs without one, or a boot chain that closed them before
 * it exec'ed svcd, starts us with none. Now that devtmpfs
 * provides the node, svcd's log (stderr, one write per line) goes to the console; failing
 * that to /dev/kmsg, where each write is one kernel log record (Documentation/ABI/testing/
 * dev-kmsg) shown on the console by the kernel. stdin gets /dev/null: services must not
 * read the console by accident. O_NOCTTY: PID 1 must not acquire a controlling terminal
 * whose hangup would signal it (tty_ioctl(4)). */
static void console_setup(void) {
        std_fd_open(STDIN_FILENO, "/dev/null", O_RDONLY);
        for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++) {
                std_fd_open(fd, "/dev/console", O_WRONLY);
                std_fd_open(fd, "/dev/kmsg", O_WRONLY);
        }
}

/* hostname(5): one line, comments ("#") and blank lines ignored. Only names made of the
 * characters hostname(7) recommends are set (letters, digits, '-', '.', and '_' which
 * systemd also accepts), at most HOST_NAME_MAX bytes. 0 with *ret filled, -ENOENT if the
 * file has no name, -EINVAL if the name is not valid, or -errno. */
static int hostname_read(const char *path, char *ret, size_t size) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        char line[256];

        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f)) {
                char *s = line + strspn(line, " \t"), *e;
                size_t n;

                if (*s == '#' || *s == '\n' || *s == 0)
                        continue;
                n = strcspn(s, " \t\r\n");
                e = s + n;
                *e = 0;
                if (n > HOST_NAME_MAX || n >= size || *s == '.' || *s == '-' ||
                    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") != n)
                        return -EINVAL;
                memcpy(ret, s, n + 1);
                return 0;
        }
        return -ENOENT;
}

static void hostname_setup(void) {
        char name[HOST_NAME_MAX + 1];
        int r = hostname_read("/etc/hostname", name, sizeof name);

        if (r == -ENOENT) {
                log_info("No hostname in /etc/hostname; keeping the kernel's.");
                return;
        }
        if (r == -EINVAL) {
                log_warning("/etc/hostname does not hold a valid hostname (letters, digits, '-', '.', '_', at most %d); "
                            "keeping the kernel's.", HOST_NAME_MAX);
                return;
        }
        if (r < 0) {
                log_warning_errno(r, "Cannot read /etc/hostname, keeping the kernel's hostname: %m");
                return;
        }
        if (sethostname(name, strlen(name)) < 0) {
                log_warning_errno(-errno, "sethostname(\"%s\") failed: %m", name);
                return;
        }
        log_info("Hostname set to '%s' (/etc/hostname).", name);
}

/* reboot(2): with LINUX_REBOOT_CMD_CAD_OFF "the CAD keystroke will cause a SIGINT signal to
 * be sent to init", which svcd treats as an orderly shutdown; the default (CAD_ON) is an
 * immediate reboot without syncing. */
static void ctrl_alt_del_setup(void) {
        if (reboot(RB_DISABLE_CAD) < 0)
                log_warning_errno(-errno, "reboot(RB_DISABLE_CAD) failed, ctrl-alt-del reboots at once: %m");
}

static void log_mounts(const enum mount_result *results, const int *errors) {
        char done[256] = "";
        size_t len = 0;

        for (size_t i = 0; i < ELEMENTSOF(api_mounts); i++) {
                const struct api_mount *am = &api_mounts[i];

                if (results[i] == MOUNT_FAILED)
                        log_warning_errno(-errors[i], "Cannot mount %s (%s), going on without it: %m", am->where,
                                          am->type);
                else if (results[i] == MOUNT_DONE && len < sizeof done) {
                        int n = snprintf(done + len, sizeof done - len, " %s", am->where);
                        if (n > 0)
                                len += (size_t) n;
                }
        }
        if (len > 0)
                log_info("Mounted the API file systems:%s.", done);
        else
                log_debug("The API file systems were all mounted already.");
}

void early_boot_run(void) {
        enum mount_result results[ELEMENTSOF(api_mounts)] = {};
        int errors[ELEMENTSOF(api_mounts)] = {};

        /* A container runtime prepared /proc, /dev and the hostname, and may have made them
         * read-only on purpose. virt_detect_container() works before /proc is mounted:
         * as PID 1 it reads our own "container" variable, then /.dockerenv and
         * /run/.containerenv. */
        if (virt_detect_container(NULL) != VIRT_NONE)
                return;

        results[0] = api_mount_one(&api_mounts[0], &errors[0]);
        /* A PID namespace's PID 1 (a container without any container mark, the tests'
         * unshare --pid) must not set the host's hostname or its ctrl-alt-del. */
        if (!proc_pid_namespace_is_initial())
                return;
        results[1] = api_mount_one(&api_mounts[1], &errors[1]);
        console_setup();
        for (size_t i = 2; i < ELEMENTSOF(api_mounts); i++)
                results[i] = api_mount_one(&api_mounts[i], &errors[i]);

        log_mounts(results, errors);
        hostname_setup();
        ctrl_alt_del_setup();
}
