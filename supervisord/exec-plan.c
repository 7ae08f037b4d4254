/* exec-plan.c: one Exec*= command of a unit turned into a spawn plan, in systemd.exec(5)'s terms.
 *
 * The order matters where one area feeds another: credentials give $HOME and the owner
 * of the state directories; the directories must stay writable in the sandbox; the
 * environment expands the command line. The prefixes of systemd.service(5) "Table 1"
 * decide what applies: "+" drops every privilege restriction (credentials, capabilities,
 * seccomp, namespaces) for this command, "!" only the credential change. */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-credentials.h"
#include "supervisord/exec-directories.h"
#include "supervisord/exec-environment.h"
#include "supervisord/exec-namespace.h"
#include "supervisord/exec-plan.h"
#include "supervisord/proc-util.h"
#include "supervisord/exec-seccomp.h"
#include "supervisord/exec-stdio.h"

void exec_plan_report_done(struct exec_plan_report *r) {
        free(r->reason);
        strv_free(r->not_enforced);
        *r = (struct exec_plan_report) {};
}

static int fail_at(struct spawn_status *st, enum spawn_step step, int r) {
        *st = (struct spawn_status) { .step = step, .error = -r };
        return r;
}

/* DynamicUser= implies these (systemd.exec(5), DynamicUser=): the service may write only
 * to its own directories, and nothing it leaves behind may outlive it. */
static void apply_dynamic_user_implications(struct exec_context *c) {
        if (c->protect_system < PROTECT_SYSTEM_STRICT)
                c->protect_system = PROTECT_SYSTEM_STRICT;
        if (c->protect_home == PROTECT_HOME_NO)
                c->protect_home = PROTECT_HOME_READ_ONLY;
        c->private_tmp = true;
        c->remove_ipc = true;
        c->no_new_privileges = true;
        c->restrict_suid_sgid = true;
}

/* The capabilities the sandboxing directives take away besides their mounts and filters
 * (systemd.exec(5): each names the capability it removes from the bounding set). */
static uint64_t implied_bounding_set(const struct exec_context *c) {
        uint64_t set = c->capability_bounding_set;

        if (c->protect_kernel_modules)
                set &= ~(UINT64_C(1) << CAP_SYS_MODULE);
        if (c->protect_kernel_logs)
                set &= ~(UINT64_C(1) << CAP_SYSLOG);
        if (c->protect_clock)
                set &= ~((UINT64_C(1) << CAP_SYS_TIME) | (UINT64_C(1) << CAP_WAKE_ALARM));
        if (c->private_devices)
                set &= ~((UINT64_C(1) << CAP_MKNOD) | (UINT64_C(1) << CAP_SYS_RAWIO));
        return set;
}

/* Personality=: the names systemd accepts for this machine's architecture. */
static int personality_from_name(const char *name, unsigned long *ret) {
#if defined(__x86_64__)
        if (streq(name, "x86-64"))
                return (*ret = PER_LINUX), 0;
        if (streq(name, "x86"))
                return (*ret = PER_LINUX32), 0;
#elif defined(__i386__)
        if (streq(name, "x86"))
                return (*ret = PER_LINUX), 0;
#elif defined(__aarch64__)
        if (streq(name, "arm64"))
                return (*ret = PER_LINUX), 0;
        if (streq(name, "arm"))
                return (*ret = PER_LINUX32), 0;
#endif
        return -EAFNOSUPPORT; /* another architecture's personality */
}

/* Nice=, OOMScoreAdjust=, IO and CPU scheduling, CPUAffinity=, TimerSlackNSec=,
 * Personality=, UMask=, Limit*=, KeyringMode=. */
static int plan_process_attributes(const struct exec_context *c, bool user_mode, struct spawn_plan *p,
                                   struct exec_plan_report *report) {
        if (c->oom_score_adjust != UNIT_INT_UNSET) {
                p->oom_score_adjust_set = true;
                snprintf(p->oom_score_adjust, sizeof p->oom_score_adjust, "%d", c->oom_score_adjust);
        }
        if (c->nice != UNIT_INT_UNSET) {
                p->nice_set = true;
                p->nice = c->nice;
        }
        /* IOSchedulingPriority= alone means best-effort; ioprio_set(2) packs class and data. */
        if (c->io_scheduling_class != UNIT_INT_UNSET || c->io_scheduling_priority != UNIT_INT_UNSET) {
                int class = c->io_scheduling_class != UNIT_INT_UNSET ? c->io_scheduling_class : 2 /* BE */;
                int prio = c->io_scheduling_priority != UNIT_INT_UNSET ? c->io_scheduling_priority : 4;
                if (class == 0) /* IOPRIO_CLASS_NONE: the kernel derives it from nice */
                        prio = 0;
                if (class == 3) /* IOPRIO_CLASS_IDLE has no levels */
                        prio = 0;
                p->ioprio_set = true;
                p->ioprio = (class << 13) | prio;
        }
        if (c->cpu_scheduling_policy != UNIT_INT_UNSET || c->cpu_scheduling_priority != UNIT_INT_UNSET ||
            c->cpu_scheduling_reset_on_fork) {
                p->cpu_scheduling_set = true;
                p->cpu_scheduling_policy = c->cpu_scheduling_policy != UNIT_INT_UNSET ? c->cpu_scheduling_policy : SCHED_OTHER;
                if (c->cpu_scheduling_reset_on_fork)
                        p->cpu_scheduling_policy |= SCHED_RESET_ON_FORK;
                /* The priority is clamped into the policy's range, as systemd's parser does:
                 * CPUSchedulingPolicy=fifo alone runs at priority 1, not EINVAL. */
                int policy = p->cpu_scheduling_policy & ~SCHED_RESET_ON_FORK;
                int prio = c->cpu_scheduling_priority != UNIT_INT_UNSET ? c->cpu_scheduling_priority : 0;
                int lo = sched_get_priority_min(policy), hi = sched_get_priority_max(policy);
                if (lo >= 0 && hi >= lo)
                        prio = prio < lo ? lo : prio > hi ? hi : prio;
                p->cpu_scheduling_priority = prio;
        }
        if (c->cpu_affinity.set) {
                if (c->cpu_affinity.numa) {
                        if (strv_extendf(&report->not_enforced, "CPUAffinity=%s: svcd does not apply NUMA policies", "numa") < 0)
                                return -ENOMEM;
                } else {
                        p->cpu_affinity_set = true;
                        static_assert(sizeof p->cpu_affinity == UNIT_CPU_SET_WORDS * sizeof *c->cpu_affinity.bits,
                                      "a unit's CPU set is a cpu_set_t's bits");
                        memcpy(p->cpu_affinity, c->cpu_affinity.bits, sizeof p->cpu_affinity);
                }
        }
        if (c->timer_slack_nsec != UNIT_UINT64_UNSET) {
                p->timer_slack_set = true;
                p->timer_slack_nsec = c->timer_slack_nsec;
        }
        if (c->personality) {
                if (personality_from_name(c->personality, &p->personality) < 0)
                        return -EAFNOSUPPORT;
                p->personality_set = true;
        }
        /* NUMAPolicy= and NUMAMask= (set_mempolicy(2)); "default" is what a process has anyway. */
        if (c->numa_policy != NUMA_DEFAULT) {
                static const int mpol[_NUMA_POLICY_MAX] = {
                        [NUMA_DEFAULT] = 0 /* MPOL_DEFAULT */, [NUMA_PREFERRED] = 1 /* MPOL_PREFERRED */,
                        [NUMA_BIND] = 2 /* MPOL_BIND */, [NUMA_INTERLEAVE] = 3 /* MPOL_INTERLEAVE */,
                        [NUMA_LOCAL] = 4 /* MPOL_LOCAL */,
                };
                p->numa_policy_set = true;
                p->numa_policy = mpol[c->numa_policy];
                if (c->numa_mask.set && c->numa_mask.bits) {
                        static_assert(sizeof p->numa_mask == UNIT_CPU_SET_WORDS * sizeof *c->numa_mask.bits,
                                      "a unit's node set is the plan's mask");
                        memcpy(p->numa_mask, c->numa_mask.bits, sizeof p->numa_mask);
                }
        }
        if (c->coredump_filter != UNIT_UINT64_UNSET) {
                p->coredump_filter_set = true;
                snprintf(p->coredump_filter, sizeof p->coredump_filter, "0x%" PRIx64, c->coredump_filter);
        }
        p->ignore_sigpipe = c->ignore_sigpipe;
        p->umask = c->umask;
        for (int i = 0; i < UNIT_RLIMIT_MAX && i < RLIM_NLIMITS; i++)
                if (c->rlimits && c->rlimits[i].set) {
                        p->rlimit_set[i] = true;
                        p->rlimits[i] = (struct rlimit) { .rlim_cur = c->rlimits[i].soft, .rlim_max = c->rlimits[i].hard };
                }
        /* KeyringMode=: "private" and "shared" both get a fresh session keyring; svcd does
         * not link the user keyring into it for "shared". The user manager inherits. */
        p->keyring_private = !user_mode && c->keyring_mode != KEYRING_INHERIT;
        return 0;
}

/* User=, Group=, SupplementaryGroups= into the plan, unless the prefix says otherwise. */
static void plan_credentials(const struct exec_credentials *cred, unsigned flags, struct spawn_plan *p) {
        if (flags & (EXEC_FULL_PRIVILEGES | EXEC_NO_SETUID))
                return;
        p->set_uid = cred->set_uid;
        p->uid = cred->uid;
        p->set_gid = cred->set_gid;
        p->gid = cred->gid;
        p->set_groups = cred->set_groups;
        p->n_groups = cred->n_groups;
        p->groups = cred->n_groups ? memdup(cred->groups, cred->n_groups * sizeof(gid_t)) : NULL;
}

/* The capabilities of svcd's own bounding set that keep would drop. */
static uint64_t bounding_drops(uint64_t keep) {
        uint64_t drops = 0;

        for (unsigned long cap = 0; cap < 64; cap++) {
                int present = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
                if (present < 0)
                        break;
                if (present > 0 && !(keep & (UINT64_C(1) << cap)))
                        drops |= UINT64_C(1) << cap;
        }
        return drops;
}

/* PrivateUsers= (systemd.exec(5)): "maps the root user and group as well as the unit's own
 * user and group to themselves and everything else to the nobody user and group". The
 * child's helper writes these maps, which needs CAP_SETUID and CAP_SETGID here. Runs
 * after plan_credentials(): the plan's uid and gid are the ones to map. */
static int plan_private_users(const struct exec_context *c, struct spawn_plan *p, struct exec_plan_report *report) {
        if (!c->private_users)
                return 0;
        if (!proc_self_has_cap(CAP_SETUID) || !proc_self_has_cap(CAP_SETGID))
                return strv_extendf(&report->not_enforced, "PrivateUsers=yes: svcd lacks CAP_SETUID/CAP_SETGID to "
                                    "write a user namespace's maps");
        p->private_users = true;
        if (p->set_uid && p->uid != 0)
                snprintf(p->uid_map, sizeof p->uid_map, "0 0 1\n%u %u 1\n", (unsigned) p->uid,
                         (unsigned) p->uid);
        else
                snprintf(p->uid_map, sizeof p->uid_map, "0 0 1\n");
        if (p->set_gid && p->gid != 0)
                snprintf(p->gid_map, sizeof p->gid_map, "0 0 1\n%u %u 1\n", (unsigned) p->gid,
                         (unsigned) p->gid);
        else
                snprintf(p->gid_map, sizeof p->gid_map, "0 0 1\n");
        return 0;
}

static int plan_privileges(const struct exec_context *c, struct spawn_plan *p, struct exec_plan_report *report) {
        uint64_t bounding = implied_bounding_set(c);

        p->bounding_set_apply = bounding != UINT64_MAX;
        /* Without CAP_SETPCAP nothing can leave the bounding set: say so rather than fail
         * every start at 218/CAPABILITIES (systemd implies PrivateUsers= there instead). */
        if (p->bounding_set_apply && bounding_drops(bounding) != 0 && !proc_self_has_cap(CAP_SETPCAP)) {
                if (strv_extendf(&report->not_enforced, "CapabilityBoundingSet=%s: svcd lacks CAP_SETPCAP to shrink the "
                             "bounding set", c->capability_bounding_set != UINT64_MAX ? "..." :
                             "(implied by ProtectClock=/ProtectKernel*=/PrivateDevices=)") < 0)
                        return -ENOMEM;
                p->bounding_set_apply = false;
        }
        p->bounding_set = bounding;
        p->ambient_set = c->ambient_capabilities & bounding;
        p->securebits_set = c->secure_bits != 0;
        p->securebits = c->secure_bits;
        p->no_new_privileges = c->no_new_privileges;
        return 0;
}

/* The command's path: absolute as written, else looked up in ExecSearchPath= or the fixed
 * list; under RootDirectory= the lookup happens inside the new root. */
static int resolve_command(const struct exec_context *c, const struct exec_command *cmd, char **ret) {
        _cleanup_strv_free_ char **rooted = NULL;
        _cleanup_free_ char *found = NULL;
        static char *const default_search[] = {
                (char *) "/usr/local/sbin", (char *) "/usr/local/bin", (char *) "/usr/sbin",
                (char *) "/usr/bin", (char *) "/sbin", (char *) "/bin", NULL,
        };
        char *const *search = c->exec_search_path;
        int r;

        if (!c->root_directory || strchr(cmd->path, '/'))
                return spawn_resolve_path(cmd->path, search, ret);
        if (!search || !*search)
                search = default_search;
        STRV_FOREACH(d, search) {
                _cleanup_free_ char *s = NULL;
                if (asprintf(&s, "%s%s", c->root_directory, *d) < 0 || strv_consume(&rooted, TAKE_PTR(s)) < 0)
                        return -ENOMEM;
        }
        r = spawn_resolve_path(cmd->path, rooted, &found);
        if (r < 0)
                return r;
        /* Strip the root again: the child execs after chroot(). */
        *ret = strdup(found + strlen(c->root_directory));
        return *ret ? 0 : -ENOMEM;
}

int exec_plan_build(const struct unit *u, const struct exec_command *cmd, const struct exec_plan_params *params,
                    struct spawn_plan **ret, struct exec_plan_report *report, struct spawn_status *ret_status) {
        _cleanup_(spawn_plan_freep) struct spawn_plan *p = NULL;
        _cleanup_strv_free_ char **defined = NULL, **writable = NULL;
        _cleanup_free_ char *failed_file = NULL;
        struct exec_credentials cred = {};
        struct exec_context c = *u->exec; /* shallow: implied settings only change scalars */
        bool sandboxed = !(cmd->flags & EXEC_FULL_PRIVILEGES);
        char invocation_id[EXEC_INVOCATION_ID_MAX];
        int r;

        *ret_status = (struct spawn_status) {};
        if (c.dynamic_user)
                apply_dynamic_user_implications(&c);
        /* PermissionsStartOnly= (deprecated, "+" is its modern form) and
         * RootDirectoryStartOnly= (systemd.service(5)): the control commands run without
         * the permission settings, or outside RootDirectory=. */
        struct exec_command control_cmd;
        if (params->control_process && u->permissions_start_only) {
                control_cmd = *cmd;
                control_cmd.flags |= EXEC_FULL_PRIVILEGES;
                cmd = &control_cmd;
                sandboxed = false;
        }
        if (params->control_process && c.root_directory_start_only)
                c.root_directory = NULL;

        r = spawn_plan_new(&p);
        if (r < 0)
                return fail_at(ret_status, SPAWN_STEP_NONE, r);
        r = resolve_command(&c, cmd, &p->path);
        if (r == -ENOENT) {
                if (asprintf(&report->reason, "executable %s not found", cmd->path) < 0)
                        report->reason = NULL;
                return fail_at(ret_status, SPAWN_STEP_EXEC, r);
        }
        if (r < 0)
                return fail_at(ret_status, SPAWN_STEP_EXEC, r);

        r = exec_credentials_resolve(&c, params->unit_id, &cred, ret_status);
        if (r < 0)
                goto out;
        /* systemd.exec(5): USER, LOGNAME, HOME, SHELL are set for units with User=. */
        if (cred.user_name) {
                const char *vars[][2] = {
                        { "USER", cred.user_name }, { "LOGNAME", cred.user_name },
                        { "HOME", cred.home }, { "SHELL", cred.shell },
                };
                for (size_t i = 0; i < ELEMENTSOF(vars); i++) {
                        _cleanup_free_ char *a = NULL;
                        if (!vars[i][1])
                                continue;
                        if (asprintf(&a, "%s=%s", vars[i][0], vars[i][1]) < 0 || strv_consume(&defined, TAKE_PTR(a)) < 0) {
                                r = fail_at(ret_status, SPAWN_STEP_NONE, -ENOMEM);
                                goto out;
                        }
                }
        }
        r = exec_directories_setup(&c, params->unit_id, &cred, params->user_mode, &defined, &writable, ret_status);
        if (r < 0)
                goto out;

        STRV_FOREACH(a, params->extra_environ)
                if (strv_extend(&defined, *a) < 0) {
                        r = fail_at(ret_status, SPAWN_STEP_NONE, -ENOMEM);
                        goto out;
                }
        if (params->invocation_id && params->invocation_id[0]) {
                snprintf(invocation_id, sizeof invocation_id, "%s", params->invocation_id);
                r = 0;
        } else
                r = exec_invocation_id_new(invocation_id);
        if (r >= 0) {
                struct exec_environment_params ep = {
                        .unit_id = params->unit_id,
                        .invocation_id = invocation_id,
                        .manager_environ = params->manager_environ,
                        .defined = defined,
                        .ret_failed_file = &failed_file,
                };
                r = exec_environment_build(&c, &ep, &p->envp);
        }
        if (r < 0) {
                if (failed_file && asprintf(&report->reason, "failed to load environment file %s: %s", failed_file,
                                            strerror(-r)) < 0)
                        report->reason = NULL;
                r = fail_at(ret_status, SPAWN_STEP_NONE, r);
                goto out;
        }
        r = exec_command_expand(cmd, p->envp, &p->argv);
        /* WorkingDirectory=~ of a User= without a home directory (nobody, a dynamic user):
         * systemd fails the start at its chdir step with ENXIO rather than guess. */
        if (r >= 0 && cred.user_name && !cred.home && c.working_directory &&
            streq(c.working_directory + (c.working_directory[0] == '-'), "~")) {
                log_error("%s: WorkingDirectory=~, but User=%s has no home directory.", params->unit_id, cred.user_name);
                r = fail_at(ret_status, SPAWN_STEP_CHDIR, -ENXIO);
                goto out;
        }
        if (r >= 0)
                r = exec_working_directory(&c, cred.home, &p->working_directory, &p->working_directory_missing_ok);
        if (r < 0) {
                r = fail_at(ret_status, SPAWN_STEP_NONE, r);
                goto out;
        }

        if (params->manager_stdio) {
                /* svcd's own 0, 1, 2, which the plan borrows (it owns only fds above 2). */
                p->stdin_fd = STDIN_FILENO;
                p->stdout_fd = STDOUT_FILENO;
                p->stderr_fd = STDERR_FILENO;
                p->foreground_process_group = true;
        } else {
                r = exec_stdio_plan(&c, params->unit_id, params->log_fd, p, ret_status);
                if (r < 0)
                        goto out;
        }
        r = plan_process_attributes(&c, params->user_mode, p, report);
        if (r == -EAFNOSUPPORT) {
                log_error("%s: Personality=%s is not a personality of this machine.", params->unit_id, c.personality);
                r = fail_at(ret_status, SPAWN_STEP_PERSONALITY, -EINVAL);
                goto out;
        }
        if (r < 0) {
                r = fail_at(ret_status, SPAWN_STEP_NONE, r);
                goto out;
        }
        if (c.root_directory && !(p->root_directory = strdup(c.root_directory))) {
                r = fail_at(ret_status, SPAWN_STEP_NONE, -ENOMEM);
                goto out;
        }

        plan_credentials(&cred, cmd->flags, p);
        if (sandboxed) {
                r = plan_privileges(&c, p, report);
                if (r < 0) {
                        r = fail_at(ret_status, SPAWN_STEP_NONE, r);
                        goto out;
                }
                r = plan_private_users(&c, p, report);
                if (r < 0) {
                        r = fail_at(ret_status, SPAWN_STEP_NONE, r);
                        goto out;
                }
                r = exec_namespace_plan(&c, params->unit_id, writable, p, &report->not_enforced);
                if (r < 0) {
                        r = fail_at(ret_status, SPAWN_STEP_NAMESPACE, r);
                        goto out;
                }
                r = exec_seccomp_plan(&c, params->unit_id, p, &report->not_enforced);
                if (r < 0) {
                        r = fail_at(ret_status, SPAWN_STEP_SECCOMP, r);
                        goto out;
                }
        }

        /* --strict-sandbox refuses whatever NotEnforced would list, in its order: the
         * sandboxing above, then the cgroup limits that could not be set. */
        if (params->strict_sandbox && (report->not_enforced || strv_length(params->cgroup_not_enforced) > 0)) {
                _cleanup_strv_free_ char **all = strv_copy(report->not_enforced);
                _cleanup_free_ char *list = NULL;

                if (!all) {
                        r = fail_at(ret_status, SPAWN_STEP_NONE, -ENOMEM);
                        goto out;
                }
                STRV_FOREACH(w, params->cgroup_not_enforced)
                        if (strv_extend(&all, *w) < 0) {
                                r = fail_at(ret_status, SPAWN_STEP_NONE, -ENOMEM);
                                goto out;
                        }
                list = strv_join(all, "; ");
                log_error("%s: Refusing to start, not enforceable here: %s", params->unit_id, strnull(list));
                if (asprintf(&report->reason, "not enforceable here (strict sandbox): %s", strnull(list)) < 0)
                        report->reason = NULL;
                r = fail_at(ret_status, SPAWN_STEP_NONE, -EPERM);
                goto out;
        }
        if (report->not_enforced) {
                _cleanup_free_ char *list = strv_join(report->not_enforced, "; ");
                log_warning("%s: Not enforced here: %s", params->unit_id, strnull(list));
        }
        *ret = TAKE_PTR(p);
        r = 0;
out:
        exec_credentials_done(&cred);
        return r;
}
