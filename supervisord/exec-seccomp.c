/* exec-seccomp.c: systemd.exec(5)'s system call filters and seccomp hardening as the spawn plan's BPF programs.
 *
 * Everything here runs in the parent (DESIGN.md decision 2): libseccomp compiles each
 * directive into classic BPF, exported through a memfd (libseccomp 2.5 has no
 * seccomp_export_bpf_mem()), and the child loads the programs in plan order as its very
 * last step before execve() (libsvc/spawn-child.c).
 *
 * The shape is systemd 252's (src/core/execute.c, src/shared/seccomp-util.c):
 *  - one program per directive and per architecture this machine runs (x86, x32 and x86-64
 *    on x86-64), each letting other architectures' calls through (bad-arch action: allow),
 *    the native one last, so that a filter denying seccomp(2) itself still lets the
 *    child's remaining loads through;
 *  - systemd's order: ProtectHostname=, RestrictAddressFamilies=, MemoryDenyWriteExecute=,
 *    RestrictRealtime=, RestrictSUIDSGID=, RestrictNamespaces=, ProtectKernelTunables=,
 *    ProtectKernelModules=, ProtectKernelLogs=, ProtectClock=, PrivateDevices=,
 *    SystemCallArchitectures=, LockPersonality=, SystemCallLog=, SystemCallFilter= last.
 *    The order decides which errno a call denied by two filters gets: the kernel runs the
 *    newest filter first and keeps the first action of the highest precedence (seccomp(2));
 *  - a name libseccomp does not know here is skipped (debug-logged), and so is a call that
 *    does not exist on one of the architectures (libseccomp says -EDOM).
 * The rules inside each filter are seccomp-rules.c's, the names seccomp-names.c's.
 *
 * SVCD_SECCOMP=0 in svcd's environment turns all of this off, as $SYSTEMD_SECCOMP=0 does
 * for systemd: the directives are then reported as not enforced, as on a kernel without
 * seccomp filters. */
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-seccomp.h"
#include "supervisord/seccomp-names.h"
#include "supervisord/seccomp-rules.h"
#include "supervisord/syscall-groups.h"

#define NAMESPACE_FLAGS_ALL \
        (CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWUTS)

/* The architectures whose system calls this machine executes, the native one last (see
 * above); systemd's seccomp_local_archs[]. */
static const uint32_t local_archs[] = {
#if defined(__x86_64__) && defined(__ILP32__)
        SCMP_ARCH_X86, SCMP_ARCH_X86_64, SCMP_ARCH_X32,
#elif defined(__x86_64__)
        SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_X86_64,
#elif defined(__i386__)
        SCMP_ARCH_X86,
#elif defined(__aarch64__)
        SCMP_ARCH_ARM, SCMP_ARCH_AARCH64,
#else
        SCMP_ARCH_NATIVE, /* resolved with seccomp_arch_native() */
#endif
};

struct builder {
        const char *unit_id;
        struct spawn_plan *plan;
        uint32_t archs[ELEMENTSOF(local_archs)]; /* the ones filters are built for, native last */
        size_t n_archs;
        bool restrict_archs; /* SystemCallArchitectures= leaves some local architecture out */
        uint32_t kill_action;
};

static void filter_releasep(scmp_filter_ctx *ctx) {
        if (*ctx)
                seccomp_release(*ctx);
}

/* An errno name or number 0-4095 (systemd.exec(5), SystemCallFilter=), or "kill". */
static int parse_errno(const char *s) {
        char *end;
        long v;

        if (streq(s, "kill"))
                return SECCOMP_RULES_ERR_KILL;
        if ((v = seccomp_names_errno_from_string(s)) >= 0)
                return (int) v;
        if (!isdigit((unsigned char) *s))
                return -EINVAL;
        errno = 0;
        v = strtol(s, &end, 10);
        if (errno || *end || v > 4095)
                return -EINVAL;
        return (int) v;
}

/* Kills the whole process, not one thread, where the kernel can (Linux 4.14). */
static uint32_t kill_process_action(void) {
        return seccomp_api_get() >= 3 ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_KILL;
}

/* A filter for one architecture that lets every other architecture's calls through; the
 * child sets no_new_privs itself when it must (spawn-child.c), so libseccomp must not. */
static int filter_new(uint32_t arch, uint32_t default_action, scmp_filter_ctx *ret) {
        _cleanup_(filter_releasep) scmp_filter_ctx ctx = seccomp_init(default_action);
        int r;

        if (!ctx)
                return -ENOMEM;
        if (arch != seccomp_arch_native()) {
                r = seccomp_arch_remove(ctx, seccomp_arch_native());
                if (r >= 0)
                        r = seccomp_arch_add(ctx, arch);
                if (r < 0)
                        return r;
        }
        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(ctx);
        return 0;
}

/* Compiles the filter and appends the program to the plan (through a memfd: see above). */
static int filter_export(struct builder *b, scmp_filter_ctx ctx, int step) {
        _cleanup_close_ int fd = memfd_create("svcd-seccomp", MFD_CLOEXEC);
        _cleanup_free_ void *buf = NULL;
        struct stat st;
        size_t count;
        ssize_t n;
        int r;

        if (fd < 0)
                return -errno;
        r = seccomp_export_bpf(ctx, fd);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) != 0)
                return -EIO;
        count = (size_t) st.st_size / sizeof(struct sock_filter);
        if (count > BPF_MAXINSNS) /* the kernel refuses longer programs (EINVAL): say why */
                return -E2BIG;
        buf = malloc((size_t) st.st_size);
        if (!buf)
                return -ENOMEM;
        n = pread(fd, buf, (size_t) st.st_size, 0);
        if (n < 0)
                return -errno;
        if (n != st.st_size)
                return -EIO;
        return spawn_plan_add_seccomp(b->plan, buf, count, step);
}

/* Fills one architecture's filter; returns the number of rules added, or -errno. */
typedef int (*fill_fn)(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);

/* One program per architecture for the directive `what` ("LockPersonality"). A filter whose
 * default allows and that got no rule for an architecture would change nothing there and
 * is left out. */
static int add_programs(struct builder *b, const char *what, int step, uint32_t default_action, fill_fn fill,
                        const void *userdata) {
        for (size_t i = 0; i < b->n_archs; i++) {
                _cleanup_(filter_releasep) scmp_filter_ctx ctx = NULL;
                int r;

                r = filter_new(b->archs[i], default_action, &ctx);
                if (r >= 0)
                        r = fill(ctx, b->archs[i], userdata);
                if (r == 0 && default_action == SCMP_ACT_ALLOW) {
                        log_debug("%s: %s= has nothing to filter on architecture %s.", b->unit_id, what,
                                  seccomp_names_arch_to_string(b->archs[i]));
                        continue;
                }
                if (r >= 0)
                        r = filter_export(b, ctx, step);
                if (r < 0)
                        return log_error_errno(r, "%s: Cannot build the seccomp filter for %s= on architecture %s: %m",
                                               b->unit_id, what, seccomp_names_arch_to_string(b->archs[i]));
        }
        return 0;
}

/* --- system call sets: SystemCallFilter=, SystemCallLog= and the fixed groups ------------ */

static int add_set_programs(struct builder *b, const char *what, const struct seccomp_rule_set *set,
                            uint32_t default_action, uint32_t listed_action) {
        struct seccomp_rule_set_fill f = { .set = set, .listed_action = listed_action, .kill_action = b->kill_action };
        return add_programs(b, what, SPAWN_STEP_SECCOMP, default_action, seccomp_rules_fill_set, &f);
}

struct set_edit {
        struct seccomp_rule_set *set;
        bool add;
        int error;
        size_t unknown;
};

static int edit_one(const char *name, void *userdata) {
        struct set_edit *e = userdata;
        int nr = seccomp_syscall_resolve_name(name);

        if (nr == __NR_SCMP_ERROR) {
                e->unknown++;
                return 0;
        }
        if (!e->add) {
                seccomp_rule_set_remove(e->set, nr);
                return 0;
        }
        return seccomp_rule_set_put(e->set, nr, e->error);
}

/* Adds (or removes) a system call or an @group; names libseccomp does not know on this
 * architecture are skipped, as systemd skips them. */
static int set_edit(const struct builder *b, const char *directive, struct seccomp_rule_set *set, const char *name,
                    bool add, int error) {
        struct set_edit e = { .set = set, .add = add, .error = error };
        int r;

        if (name[0] != '@') {
                r = edit_one(name, &e);
                if (r >= 0 && e.unknown)
                        log_debug("%s: %s=: system call %s is not known on this architecture, skipping.", b->unit_id,
                                  directive, name);
                return r;
        }
        r = syscall_group_expand(name, edit_one, &e);
        if (r == -ENOENT) {
                log_warning("%s: %s=: unknown system call group %s, ignoring.", b->unit_id, directive, name);
                return 0;
        }
        if (r >= 0 && e.unknown)
                log_debug("%s: %s=: %zu system calls of %s are not known on this architecture, skipping them.",
                          b->unit_id, directive, e.unknown, name);
        return r;
}

/* The set a SystemCallFilter= or SystemCallLog= list stands for. Entries are kept as
 * written ("name", "@group", "name:errno"); one with a leading "~" came from an assignment
 * of the other polarity than the first and removes its calls again (systemd.exec(5): "the
 * next occurrences of this option will add or delete the listed system calls"). */
static int build_syscall_set(const struct builder *b, const char *directive, const struct unit_filter *f,
                             bool with_errno, struct seccomp_rule_set *ret) {
        STRV_FOREACH(entry, f->entries) {
                const char *e = *entry, *colon;
                bool other = *e == '~';
                _cleanup_free_ char *name = NULL;
                int error = SECCOMP_RULES_ERR_DEFAULT, r;

                if (other)
                        e++;
                colon = strchr(e, ':');
                name = colon ? strndup(e, (size_t) (colon - e)) : strdup(e);
                if (!name)
                        return -ENOMEM;
                if (colon) {
                        error = parse_errno(colon + 1);
                        if (error < 0 && error != SECCOMP_RULES_ERR_KILL)
                                return log_error_errno(-EINVAL, "%s: %s=%s: \"%s\" is not an errno name or number "
                                                       "(0-4095) or \"kill\".", b->unit_id, directive, *entry, colon + 1);
                        /* Only an entry written in a "~" assignment takes one; systemd says
                         * "Allow-listed system calls cannot take error number". */
                        if (!with_errno || f->allow_list != other) {
                                log_warning("%s: %s=%s: only denied system calls take an error number, ignoring.",
                                            b->unit_id, directive, *entry);
                                continue;
                        }
                }
                r = set_edit(b, directive, ret, name, !other, error);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* --- directives ------------------------------------------------------------------------- */

/* Checks the names before any filter is built: a name this build does not know is a bug
 * in the caller (the loader accepts only these), and silently allowing it would be worse. */
static int check_address_families(const struct builder *b, const struct unit_filter *f) {
        STRV_FOREACH(entry, f->entries) {
                const char *e = *entry + (**entry == '~');
                if (seccomp_names_family_from_string(e) < 0)
                        return log_error_errno(-EINVAL, "%s: RestrictAddressFamilies=: %s is not an address family "
                                               "known here.", b->unit_id, e);
        }
        return 0;
}

/* A list directive's value as the user would write it, for messages. */
static char *filter_value(const struct unit_filter *f, bool none_if_empty) {
        _cleanup_free_ char *list = f->entries ? strv_join(f->entries, " ") : strdup("");
        char *s;

        if (!list)
                return NULL;
        if (f->allow_list && !*list && none_if_empty)
                return strdup("none");
        if (asprintf(&s, "%s%s", f->allow_list ? "" : "~", list) < 0)
                return NULL;
        return s;
}

static bool syscall_filter_set(const struct unit_filter *f) {
        return f->set && (f->allow_list || f->entries);
}

static bool namespaces_restricted(const struct exec_context *c) {
        return c->restrict_namespaces.set && (c->restrict_namespaces.flags & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL;
}

/* Why no filter can be loaded, or NULL. systemd's is_seccomp_available(): PR_GET_SECCOMP
 * fails with EINVAL without CONFIG_SECCOMP, and PR_SET_SECCOMP with a NULL filter fails with
 * EFAULT only where filters are supported. */
static const char *seccomp_unavailable(void) {
        static int available = -1;
        const char *e = getenv("SVCD_SECCOMP");

        if (e && (streq(e, "0") || streq(e, "no") || streq(e, "false") || streq(e, "off")))
                return "seccomp is turned off (SVCD_SECCOMP=0)";
        if (available < 0)
                available = !(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) &&
                            prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) < 0 && errno == EFAULT;
        return available ? NULL : "the kernel has no seccomp filter support";
}

/* Every seccomp directive the unit sets, as "Directive=value: why", when none can apply. */
static int note_all(const struct exec_context *c, const char *why, char ***not_enforced) {
        const struct { const char *name; bool set; } bools[] = {
                { "ProtectHostname", c->protect_hostname }, { "MemoryDenyWriteExecute", c->memory_deny_write_execute },
                { "RestrictRealtime", c->restrict_realtime }, { "RestrictSUIDSGID", c->restrict_suid_sgid },
                { "ProtectKernelTunables", c->protect_kernel_tunables },
                { "ProtectKernelModules", c->protect_kernel_modules }, { "ProtectKernelLogs", c->protect_kernel_logs },
                { "ProtectClock", c->protect_clock }, { "PrivateDevices", c->private_devices },
                { "LockPersonality", c->lock_personality },
        };
        const struct { const char *name; const struct unit_filter *f; bool none; } lists[] = {
                { "RestrictAddressFamilies", &c->restrict_address_families, true },
                { "SystemCallLog", &c->system_call_log, false },
                { "SystemCallFilter", &c->system_call_filter, false },
        };
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(bools); i++)
                if (bools[i].set)
                        r = strv_extendf(not_enforced, "%s=yes: %s", bools[i].name, why);
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(lists); i++)
                if (syscall_filter_set(lists[i].f) || (lists[i].none && lists[i].f->set)) {
                        _cleanup_free_ char *v = filter_value(lists[i].f, lists[i].none);
                        r = v ? strv_extendf(not_enforced, "%s=%s: %s", lists[i].name, v, why) : -ENOMEM;
                }
        if (r >= 0 && namespaces_restricted(c)) {
                static const struct { const char *name; uint64_t flag; } types[] = {
                        { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET },
                        { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID }, { "user", CLONE_NEWUSER }, { "uts", CLONE_NEWUTS },
                };
                char allowed[64] = "";
                for (size_t i = 0; i < ELEMENTSOF(types); i++)
                        if (c->restrict_namespaces.flags & types[i].flag)
                                snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
                                         allowed[0] ? " " : "", types[i].name);
                r = strv_extendf(not_enforced, "RestrictNamespaces=%s: %s", allowed[0] ? allowed : "yes", why);
        }
        if (r >= 0 && c->system_call_architectures) {
                _cleanup_free_ char *v = strv_join(c->system_call_architectures, " ");
                r = v ? strv_extendf(not_enforced, "SystemCallArchitectures=%s: %s", v, why) : -ENOMEM;
        }
        return r;
}

/* SystemCallArchitectures=: which local architectures stay; the others' calls are killed
 * by their own filter, and no other filter is built for them. x86-64 stays with x32 (its
 * vDSO needs it), and the native architecture always stays (systemd 252). */
static int plan_architectures(struct builder *b, const struct exec_context *c, char ***not_enforced) {
        uint32_t native = seccomp_arch_native();
        uint32_t local[ELEMENTSOF(local_archs)];
        bool keep[ELEMENTSOF(local_archs)];

        for (size_t i = 0; i < ELEMENTSOF(local_archs); i++) {
                local[i] = local_archs[i] == SCMP_ARCH_NATIVE ? native : local_archs[i];
                keep[i] = !c->system_call_architectures || local[i] == native;
        }
        STRV_FOREACH(name, c->system_call_architectures) {
                uint32_t arch = native;

                if (!streq(*name, "native") && seccomp_names_arch_from_string(*name, &arch) < 0) {
                        if (strv_extendf(not_enforced, "SystemCallArchitectures=%s: libseccomp does not know this architecture",
                                 *name) < 0)
                                return -ENOMEM;
                        continue;
                }
                for (size_t i = 0; i < ELEMENTSOF(local_archs); i++)
                        keep[i] = keep[i] || local[i] == arch || (local[i] == SCMP_ARCH_X86_64 && arch == SCMP_ARCH_X32);
        }
        b->n_archs = 0;
        for (size_t i = 0; i < ELEMENTSOF(local_archs); i++) {
                if (keep[i])
                        b->archs[b->n_archs++] = local[i];
                else
                        b->restrict_archs = true;
        }
        return 0;
}

/* A filter with no rules whose architecture list is the allowed one: calls of any other
 * architecture hit libseccomp's bad-arch action, which kills (systemd's seccomp_restrict_archs()). */
static int add_architectures_program(struct builder *b) {
        _cleanup_(filter_releasep) scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        int r = ctx ? 0 : -ENOMEM;

        for (size_t i = 0; r >= 0 && i < b->n_archs; i++) {
                r = seccomp_arch_add(ctx, b->archs[i]);
                if (r == -EEXIST)
                        r = 0;
        }
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r >= 0)
                r = filter_export(b, ctx, SPAWN_STEP_SECCOMP);
        if (r < 0)
                return log_error_errno(r, "%s: Cannot build the seccomp filter for SystemCallArchitectures=: %m", b->unit_id);
        return 0;
}

/* One fixed deny list (EPERM): a group or single calls, for the Protect*= directives. */
static int add_fixed_deny(struct builder *b, const char *what, const char *const *names) {
        struct seccomp_rule_set set = {};
        int r = 0;

        for (; r >= 0 && *names; names++)
                r = set_edit(b, what, &set, *names, true, SECCOMP_RULES_ERR_DEFAULT);
        if (r >= 0)
                r = add_set_programs(b, what, &set, SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(EPERM));
        seccomp_rule_set_done(&set);
        return r;
}

static int add_syscall_filter(struct builder *b, const struct exec_context *c) {
        const struct unit_filter *f = &c->system_call_filter;
        struct seccomp_rule_set set = {};
        int e = c->system_call_error_number;
        uint32_t denied;
        int r;

        if (e != UNIT_INT_UNSET && e != -1 && (e < 0 || e > 4095))
                return log_error_errno(-EINVAL, "%s: SystemCallErrorNumber=%d is not an errno (0-4095).", b->unit_id, e);
        denied = e == UNIT_INT_UNSET || e == -1 ? b->kill_action : SCMP_ACT_ERRNO((uint32_t) e);
        /* An allow list always permits @default: execve(), exit(), time and sleep calls, ...
         * (systemd.exec(5): "implicitly allow-listed"). */
        r = f->allow_list ? set_edit(b, "SystemCallFilter", &set, "@default", true, SECCOMP_RULES_ERR_DEFAULT) : 0;
        if (r >= 0)
                r = build_syscall_set(b, "SystemCallFilter", f, true, &set);
        if (r >= 0 && (f->allow_list || set.n > 0))
                r = f->allow_list ? add_set_programs(b, "SystemCallFilter", &set, denied, SCMP_ACT_ALLOW)
                                  : add_set_programs(b, "SystemCallFilter", &set, SCMP_ACT_ALLOW, denied);
        seccomp_rule_set_done(&set);
        return r;
}

static int add_syscall_log(struct builder *b, const struct exec_context *c, char ***not_enforced) {
        const struct unit_filter *f = &c->system_call_log;
        struct seccomp_rule_set set = {};
        int r;

        /* SCMP_ACT_LOG needs Linux 4.14 (libseccomp API level 3). */
        if (seccomp_api_get() < 3) {
                _cleanup_free_ char *v = filter_value(f, false);
                return v ? strv_extendf(not_enforced, "SystemCallLog=%s: the kernel cannot log system calls", v) : -ENOMEM;
        }
        r = build_syscall_set(b, "SystemCallLog", f, false, &set);
        /* An allow list logs the listed calls, a "~" list all others (systemd.exec(5)). */
        if (r >= 0 && (f->allow_list || set.n > 0))
                r = f->allow_list ? add_set_programs(b, "SystemCallLog", &set, SCMP_ACT_ALLOW, SCMP_ACT_LOG)
                                  : add_set_programs(b, "SystemCallLog", &set, SCMP_ACT_LOG, SCMP_ACT_ALLOW);
        seccomp_rule_set_done(&set);
        return r;
}

int exec_seccomp_plan(const struct exec_context *c, const char *unit_id, struct spawn_plan *plan, char ***not_enforced) {
        struct builder b = { .unit_id = unit_id, .plan = plan };
        const char *unavailable = seccomp_unavailable();
        unsigned long retain, persona;
        int r;

        if (unavailable)
                return note_all(c, unavailable, not_enforced);
        b.kill_action = kill_process_action();
        r = plan_architectures(&b, c, not_enforced);
        if (r < 0)
                return r;

        if (c->protect_hostname) {
                static const char *const names[] = { "sethostname", "setdomainname", NULL };
                r = add_fixed_deny(&b, "ProtectHostname", names);
                if (r < 0)
                        return r;
        }
        if (c->restrict_address_families.set) {
                r = check_address_families(&b, &c->restrict_address_families);
                if (r >= 0)
                        r = add_programs(&b, "RestrictAddressFamilies", SPAWN_STEP_ADDRESS_FAMILIES, SCMP_ACT_ALLOW,
                                         seccomp_rules_fill_address_families, &c->restrict_address_families);
                if (r < 0)
                        return r;
        }
        if (c->memory_deny_write_execute) {
                r = add_programs(&b, "MemoryDenyWriteExecute", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW,
                                 seccomp_rules_fill_memory_deny_write_execute, NULL);
                if (r < 0)
                        return r;
        }
        if (c->restrict_realtime) {
                r = add_programs(&b, "RestrictRealtime", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW,
                                 seccomp_rules_fill_restrict_realtime, NULL);
                if (r < 0)
                        return r;
        }
        if (c->restrict_suid_sgid) {
                r = add_programs(&b, "RestrictSUIDSGID", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW,
                                 seccomp_rules_fill_restrict_suid_sgid, NULL);
                if (r < 0)
                        return r;
        }
        if (namespaces_restricted(c)) {
                retain = (unsigned long) c->restrict_namespaces.flags & NAMESPACE_FLAGS_ALL;
                r = add_programs(&b, "RestrictNamespaces", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW,
                                 seccomp_rules_fill_restrict_namespaces, &retain);
                if (r < 0)
                        return r;
        }
        /* The system call halves of the Protect*= and PrivateDevices= sandboxing (systemd.exec(5)
         * names the calls each blocks; the mounts and capabilities are done elsewhere). */
        const struct { bool on; const char *what; const char *const names[3]; } fixed[] = {
                { c->protect_kernel_tunables, "ProtectKernelTunables", { "_sysctl", NULL } },
                { c->protect_kernel_modules, "ProtectKernelModules", { "@module", NULL } },
                { c->protect_kernel_logs, "ProtectKernelLogs", { "syslog", NULL } },
                { c->protect_clock, "ProtectClock", { "@clock", NULL } },
                { c->private_devices, "PrivateDevices", { "@raw-io", NULL } },
        };
        for (size_t i = 0; i < ELEMENTSOF(fixed); i++)
                if (fixed[i].on) {
                        r = add_fixed_deny(&b, fixed[i].what, fixed[i].names);
                        if (r < 0)
                                return r;
                }
        if (b.restrict_archs) {
                r = add_architectures_program(&b);
                if (r < 0)
                        return r;
        }
        if (c->lock_personality) {
                /* The personality the service starts with: Personality= (applied earlier in the
                 * child), else the plain Linux one of svcd's own width, as systemd's
                 * opinionated_personality(). */
                persona = plan->personality_set ? plan->personality
                          : (personality(0xffffffff) & PER_MASK) == PER_LINUX32 ? PER_LINUX32 : PER_LINUX;
                r = add_programs(&b, "LockPersonality", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW,
                                 seccomp_rules_fill_lock_personality, &persona);
                if (r < 0)
                        return r;
        }
        if (syscall_filter_set(&c->system_call_log)) {
                r = add_syscall_log(&b, c, not_enforced);
                if (r < 0)
                        return r;
        }
        /* Last: closest to execve(). */
        if (syscall_filter_set(&c->system_call_filter)) {
                r = add_syscall_filter(&b, c);
                if (r < 0)
                        return r;
        }
        if (plan->n_seccomp > 0)
                log_debug("%s: %zu seccomp programs for the child.", unit_id, plan->n_seccomp);
        return 0;
}
