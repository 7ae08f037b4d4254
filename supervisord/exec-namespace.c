/* exec-namespace.c: the filesystem and namespace sandbox of systemd.exec(5) as unshare flags and a mount plan.
 *
 * Which namespaces a unit needs, whether svcd can build them here, and the plan: the
 * unshare flags, and the mount operations compiled from the entries exec-mounts.c makes
 * of the filesystem directives. Where svcd cannot build namespaces (no CAP_SYS_ADMIN, a
 * kernel or container without them), each directive that needed one is reported as not
 * enforced and the service runs without it, as systemd does ("many of these sandboxing
 * features are gracefully turned off"). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-mounts.h"
#include "supervisord/exec-namespace.h"
#include "supervisord/proc-util.h"

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

/* --- what the unit asks for ---------------------------------------------------------- */

static const char *const protect_system_names[] = { "no", "yes", "full", "strict" };
static const char *const protect_home_names[] = { "no", "yes", "read-only", "tmpfs" };
static const char *const protect_proc_names[] = { "default", "noaccess", "invisible", "ptraceable" };
static const char *const mount_flags_names[] = { "", "shared", "slave", "private" };

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
                { "MountAPIVFS", c->root_directory && exec_mounts_api_vfs(c) },
        };
        _cleanup_strv_free_ char **l = NULL;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(lists); i++)
                if (lists[i].list && *lists[i].list) {
                        _cleanup_free_ char *v = strv_join(lists[i].list, " ");
                        r = v ? strv_extendf(&l, "%s=%s", lists[i].name, v) : -ENOMEM;
                }
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(bools); i++)
                if (bools[i].on)
                        r = strv_extendf(&l, "%s=yes", bools[i].name);
        if (r >= 0 && c->protect_system != PROTECT_SYSTEM_NO)
                r = strv_extendf(&l, "ProtectSystem=%s", protect_system_names[c->protect_system]);
        if (r >= 0 && c->protect_home != PROTECT_HOME_NO)
                r = strv_extendf(&l, "ProtectHome=%s", protect_home_names[c->protect_home]);
        if (r >= 0 && c->protect_proc != PROTECT_PROC_DEFAULT)
                r = strv_extendf(&l, "ProtectProc=%s", protect_proc_names[c->protect_proc]);
        if (r >= 0 && c->proc_subset != PROC_SUBSET_ALL)
                r = strv_extendf(&l, "ProcSubset=pid");
        if (r >= 0 && (c->mount_flags == MOUNT_SLAVE || c->mount_flags == MOUNT_PRIVATE))
                r = strv_extendf(&l, "MountFlags=%s", mount_flags_names[c->mount_flags]);
        /* StateDirectory= and friends are bound into RootDirectory= (systemd.exec(5):
         * "These options imply BindPaths="). */
        if (r >= 0 && c->root_directory && writable_paths && *writable_paths) {
                _cleanup_free_ char *v = strv_join((char **) writable_paths, " ");
                r = v ? strv_extendf(&l, "RootDirectory=%s (with %s bound in)", c->root_directory, v) : -ENOMEM;
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

/* --- can svcd do it here? ------------------------------------------------------------ */

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
                int r = strv_extendf(not_enforced, "%s: %s", *d, why);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* --- the plan ------------------------------------------------------------------------ */

/* Opens a namespace file for setns(2), checking that it is one of the expected type
 * (NS_GET_NSTYPE, ioctl_ns(2)), so that a wrong path fails here, naming it. */
static int open_namespace(const char *unit_id, const char *directive, const char *path, int type, int *ret) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        int t;

        if (fd < 0)
                return log_error_errno(-errno, "%s: %s=%s: %m", unit_id, directive, path);
        t = ioctl(fd, NS_GET_NSTYPE);
        if (t < 0 || t != type)
                return log_error_errno(t < 0 ? -errno : -EINVAL, "%s: %s=%s is not a %s namespace.", unit_id,
                                       directive, path, type == CLONE_NEWNET ? "network" : "IPC");
        safe_close(*ret);
        *ret = TAKE_FD(fd);
        return 0;
}

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

        /* NetworkNamespacePath=, IPCNamespacePath= (systemd.exec(5)): the child joins the
         * namespace behind the path (an nsfs file such as /proc/PID/ns/net or a bind mount
         * of one, "ip netns add"'s /run/netns/NAME) instead of making a new one. */
        if (c->network_namespace_path) {
                r = open_namespace(unit_id, "NetworkNamespacePath", c->network_namespace_path, CLONE_NEWNET,
                                   &plan->netns_fd);
                if (r < 0)
                        return r;
        }
        if (c->ipc_namespace_path) {
                r = open_namespace(unit_id, "IPCNamespacePath", c->ipc_namespace_path, CLONE_NEWIPC, &plan->ipcns_fd);
                if (r < 0)
                        return r;
        }

        r = mount_directives(c, writable_paths, &mounts);
        if (r < 0)
                return r;
        /* PrivateIPC= also needs its own /dev/mqueue, hence a mount namespace. */
        mnt = mounts || ipc;
        if (!mnt && !net && !uts && !ipc)
                return 0;

        if (!proc_self_has_cap(CAP_SYS_ADMIN)) {
                const char *why = "svcd lacks CAP_SYS_ADMIN, which namespaces need";
                r = note_all(not_enforced, mounts, why);
                if (r >= 0 && net)
                        r = strv_extendf(not_enforced, "PrivateNetwork=yes: %s", why);
                if (r >= 0 && uts)
                        r = strv_extendf(not_enforced, "ProtectHostname=yes: %s", why);
                if (r >= 0 && ipc)
                        r = strv_extendf(not_enforced, "PrivateIPC=yes: %s", why);
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
                                r = strv_extendf(not_enforced, "%s: %s", kinds[i].directive, why);
                        else {
                                r = note_all(not_enforced, mounts, why);
                                if (r >= 0 && ipc)
                                        r = strv_extendf(not_enforced, "PrivateIPC=yes (its own /dev/mqueue): %s", why);
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
                struct spawn_mount_entries e = {};

                r = exec_mounts_build(c, unit_id, root, runtime_dir(), writable_paths, ipc, plan->envp, &e);
                if (r >= 0 && spawn_mount_read_mountinfo("/proc/self/mountinfo", &host_mounts) < 0)
                        log_debug("%s: cannot read /proc/self/mountinfo; flags reach only mounts svcd made.", unit_id);
                if (r >= 0)
                        r = spawn_mount_plan_compile(&e, root, propagation[c->mount_flags], host_mounts, &plan->mounts);
                if (r == -E2BIG)
                        log_error("%s: more than %d paths to bind or hide (BindPaths=, InaccessiblePaths=, ...); "
                                  "svcd cannot mount that many.", unit_id, SPAWN_MOUNT_CAPTURES_MAX);
                spawn_mount_entries_done(&e);
                if (r < 0)
                        return r;
        }
        plan->unshare_flags |= CLONE_NEWNS;
        return 0;
}
