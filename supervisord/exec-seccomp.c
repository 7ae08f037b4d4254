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
 *
 * SVCD_SECCOMP=0 in svcd's environment turns all of this off, as $SYSTEMD_SECCOMP=0 does
 * for systemd: the directives are then reported as not enforced, as on a kernel without
 * seccomp filters. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/exec-seccomp.h"
#include "supervisord/syscall-groups.h"

#define ERR_DEFAULT (-1) /* a listed call gets the filter's action */
#define ERR_KILL (-2)    /* ":kill" */
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

/* systemd.exec(5) SystemCallArchitectures=: systemd's identifiers and libseccomp's tokens. */
static const struct { const char *name; uint32_t arch; } arch_names[] = {
        { "x86", SCMP_ARCH_X86 }, { "x86-64", SCMP_ARCH_X86_64 }, { "x32", SCMP_ARCH_X32 },
        { "arm", SCMP_ARCH_ARM }, { "arm64", SCMP_ARCH_AARCH64 }, { "mips", SCMP_ARCH_MIPS },
        { "mips-le", SCMP_ARCH_MIPSEL }, { "mips64", SCMP_ARCH_MIPS64 }, { "mips64-le", SCMP_ARCH_MIPSEL64 },
        { "mips64-n32", SCMP_ARCH_MIPS64N32 }, { "mips64-le-n32", SCMP_ARCH_MIPSEL64N32 },
        { "ppc", SCMP_ARCH_PPC }, { "ppc64", SCMP_ARCH_PPC64 }, { "ppc64-le", SCMP_ARCH_PPC64LE },
        { "s390", SCMP_ARCH_S390 }, { "s390x", SCMP_ARCH_S390X }, { "parisc", SCMP_ARCH_PARISC },
        { "parisc64", SCMP_ARCH_PARISC64 }, { "riscv64", SCMP_ARCH_RISCV64 },
#ifdef SCMP_ARCH_LOONGARCH64
        { "loongarch64", SCMP_ARCH_LOONGARCH64 },
#endif
#ifdef SCMP_ARCH_M68K
        { "m68k", SCMP_ARCH_M68K },
#endif
};

/* RestrictAddressFamilies=: the names the unit loader accepts (units/parse-security.c). */
#define F(x) { #x, x }
static const struct { const char *name; int family; } family_names[] = {
        F(AF_UNIX), F(AF_LOCAL), F(AF_INET), F(AF_INET6), F(AF_NETLINK), F(AF_PACKET), F(AF_BLUETOOTH),
        F(AF_ALG), F(AF_APPLETALK), F(AF_ATMPVC), F(AF_ATMSVC), F(AF_AX25), F(AF_BRIDGE), F(AF_CAIF),
        F(AF_CAN), F(AF_DECnet), F(AF_ECONET), F(AF_IB), F(AF_IEEE802154), F(AF_IPX), F(AF_IRDA),
        F(AF_ISDN), F(AF_IUCV), F(AF_KCM), F(AF_KEY), F(AF_LLC), F(AF_MPLS), F(AF_NETROM), F(AF_NFC),
        F(AF_PHONET), F(AF_PPPOX), F(AF_QIPCRTR), F(AF_RDS), F(AF_ROSE), F(AF_RXRPC), F(AF_SECURITY),
        F(AF_SMC), F(AF_SNA), F(AF_TIPC), F(AF_VSOCK), F(AF_WANPIPE), F(AF_X25), F(AF_XDP),
#ifdef AF_MCTP
        F(AF_MCTP),
#endif
};

/* errno(3) names for the ":errno" suffixes (Linux's numbering; aliases included). */
static const struct { const char *name; int value; } errno_names[] = {
        F(EPERM), F(ENOENT), F(ESRCH), F(EINTR), F(EIO), F(ENXIO), F(E2BIG), F(ENOEXEC), F(EBADF),
        F(ECHILD), F(EAGAIN), F(EWOULDBLOCK), F(ENOMEM), F(EACCES), F(EFAULT), F(ENOTBLK), F(EBUSY),
        F(EEXIST), F(EXDEV), F(ENODEV), F(ENOTDIR), F(EISDIR), F(EINVAL), F(ENFILE), F(EMFILE),
        F(ENOTTY), F(ETXTBSY), F(EFBIG), F(ENOSPC), F(ESPIPE), F(EROFS), F(EMLINK), F(EPIPE), F(EDOM),
        F(ERANGE), F(EDEADLK), F(EDEADLOCK), F(ENAMETOOLONG), F(ENOLCK), F(ENOSYS), F(ENOTEMPTY),
        F(ELOOP), F(ENOMSG), F(EIDRM), F(ECHRNG), F(EL2NSYNC), F(EL3HLT), F(EL3RST), F(ELNRNG),
        F(EUNATCH), F(ENOCSI), F(EL2HLT), F(EBADE), F(EBADR), F(EXFULL), F(ENOANO), F(EBADRQC),
        F(EBADSLT), F(EBFONT), F(ENOSTR), F(ENODATA), F(ETIME), F(ENOSR), F(ENONET), F(ENOPKG),
        F(EREMOTE), F(ENOLINK), F(EADV), F(ESRMNT), F(ECOMM), F(EPROTO), F(EMULTIHOP), F(EDOTDOT),
        F(EBADMSG), F(EOVERFLOW), F(ENOTUNIQ), F(EBADFD), F(EREMCHG), F(ELIBACC), F(ELIBBAD),
        F(ELIBSCN), F(ELIBMAX), F(ELIBEXEC), F(EILSEQ), F(ERESTART), F(ESTRPIPE), F(EUSERS),
        F(ENOTSOCK), F(EDESTADDRREQ), F(EMSGSIZE), F(EPROTOTYPE), F(ENOPROTOOPT), F(EPROTONOSUPPORT),
        F(ESOCKTNOSUPPORT), F(EOPNOTSUPP), F(ENOTSUP), F(EPFNOSUPPORT), F(EAFNOSUPPORT), F(EADDRINUSE),
        F(EADDRNOTAVAIL), F(ENETDOWN), F(ENETUNREACH), F(ENETRESET), F(ECONNABORTED), F(ECONNRESET),
        F(ENOBUFS), F(EISCONN), F(ENOTCONN), F(ESHUTDOWN), F(ETOOMANYREFS), F(ETIMEDOUT),
        F(ECONNREFUSED), F(EHOSTDOWN), F(EHOSTUNREACH), F(EALREADY), F(EINPROGRESS), F(ESTALE),
        F(EUCLEAN), F(ENOTNAM), F(ENAVAIL), F(EISNAM), F(EREMOTEIO), F(EDQUOT), F(ENOMEDIUM),
        F(EMEDIUMTYPE), F(ECANCELED), F(ENOKEY), F(EKEYEXPIRED), F(EKEYREVOKED), F(EKEYREJECTED),
        F(EOWNERDEAD), F(ENOTRECOVERABLE), F(ERFKILL), F(EHWPOISON),
};
#undef F

/* A set of system calls (native numbers, as libseccomp resolves names) with their errno. */
struct rule {
        int nr;
        int error; /* >= 0 errno, ERR_DEFAULT or ERR_KILL */
};
struct rule_set {
        struct rule *rules;
        size_t n;
};

static void rule_set_done(struct rule_set *s) {
        free(s->rules);
        *s = (struct rule_set) {};
}

static int rule_set_put(struct rule_set *s, int nr, int error) {
        struct rule *a;

        for (size_t i = 0; i < s->n; i++)
                if (s->rules[i].nr == nr) {
                        s->rules[i].error = error; /* the later entry wins, as in systemd */
                        return 0;
                }
        a = reallocarray(s->rules, s->n + 1, sizeof *a);
        if (!a)
                return -ENOMEM;
        s->rules = a;
        s->rules[s->n++] = (struct rule) { .nr = nr, .error = error };
        return 0;
}

static void rule_set_remove(struct rule_set *s, int nr) {
        for (size_t i = 0; i < s->n; i++)
                if (s->rules[i].nr == nr) {
                        s->rules[i] = s->rules[--s->n];
                        return;
                }
}

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

static const char *arch_name(uint32_t arch) {
        for (size_t i = 0; i < ELEMENTSOF(arch_names); i++)
                if (arch_names[i].arch == arch)
                        return arch_names[i].name;
        return "native";
}

/* An errno name or number 0-4095 (systemd.exec(5), SystemCallFilter=), or "kill". */
static int parse_errno(const char *s) {
        char *end;
        long v;

        if (streq(s, "kill"))
                return ERR_KILL;
        for (size_t i = 0; i < ELEMENTSOF(errno_names); i++)
                if (streq(errno_names[i].name, s))
                        return errno_names[i].value;
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

/* One rule; a call that does not exist on the filter's architecture is skipped (-EDOM), as
 * systemd does. Returns 1 if added, 0 if skipped. */
static int rule_add(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n_args, const struct scmp_arg_cmp *args) {
        int r = seccomp_rule_add_exact_array(ctx, action, nr, n_args, args);

        if (r == -EDOM)
                return 0;
        return r < 0 ? r : 1;
}

/* Argument comparisons with every field set (libseccomp's SCMP_A0() leaves datum_b out). */
static struct scmp_arg_cmp arg_is(unsigned arg, enum scmp_compare op, scmp_datum_t value) {
        return (struct scmp_arg_cmp) { .arg = arg, .op = op, .datum_a = value, .datum_b = 0 };
}

static struct scmp_arg_cmp arg_has(unsigned arg, scmp_datum_t bits) {
        return (struct scmp_arg_cmp) { .arg = arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = bits, .datum_b = bits };
}

static int rule0(scmp_filter_ctx ctx, uint32_t action, int nr) {
        return rule_add(ctx, action, nr, 0, NULL);
}

static int rule1(scmp_filter_ctx ctx, uint32_t action, int nr, struct scmp_arg_cmp a) {
        return rule_add(ctx, action, nr, 1, &a);
}

static int rule2(scmp_filter_ctx ctx, uint32_t action, int nr, struct scmp_arg_cmp a, struct scmp_arg_cmp b) {
        const struct scmp_arg_cmp args[] = { a, b };
        return rule_add(ctx, action, nr, 2, args);
}

/* In a fill function: counts an added rule, returns on an error. */
#define ADD(expr)                       \
        do {                            \
                int _r = (expr);        \
                if (_r < 0)             \
                        return _r;      \
                added += _r;            \
        } while (0)

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
                                  arch_name(b->archs[i]));
                        continue;
                }
                if (r >= 0)
                        r = filter_export(b, ctx, step);
                if (r < 0)
                        return log_error_errno(r, "%s: Cannot build the seccomp filter for %s= on architecture %s: %m",
                                               b->unit_id, what, arch_name(b->archs[i]));
        }
        return 0;
}

/* --- system call sets: SystemCallFilter=, SystemCallLog= and the fixed groups ------------ */

struct set_fill {
        const struct rule_set *set;
        uint32_t listed_action; /* for ERR_DEFAULT */
        uint32_t kill_action;
};

static int fill_set(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const struct set_fill *f = userdata;
        int added = 0;

        (void) arch;
        for (size_t i = 0; i < f->set->n; i++) {
                const struct rule *rule = &f->set->rules[i];
                uint32_t action = rule->error == ERR_KILL ? f->kill_action
                                  : rule->error >= 0      ? SCMP_ACT_ERRNO((uint32_t) rule->error)
                                                          : f->listed_action;
                int r = rule_add(ctx, action, rule->nr, 0, NULL);
                if (r < 0)
                        return r;
                added += r;
        }
        return added;
}

static int add_set_programs(struct builder *b, const char *what, const struct rule_set *set, uint32_t default_action,
                            uint32_t listed_action) {
        struct set_fill f = { .set = set, .listed_action = listed_action, .kill_action = b->kill_action };
        return add_programs(b, what, SPAWN_STEP_SECCOMP, default_action, fill_set, &f);
}

struct set_edit {
        struct rule_set *set;
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
                rule_set_remove(e->set, nr);
                return 0;
        }
        return rule_set_put(e->set, nr, e->error);
}

/* Adds (or removes) a system call or an @group; names libseccomp does not know on this
 * architecture are skipped, as systemd skips them. */
static int set_edit(const struct builder *b, const char *directive, struct rule_set *set, const char *name, bool add,
                    int error) {
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
                             bool with_errno, struct rule_set *ret) {
        STRV_FOREACH(entry, f->entries) {
                const char *e = *entry, *colon;
                bool other = *e == '~';
                _cleanup_free_ char *name = NULL;
                int error = ERR_DEFAULT, r;

                if (other)
                        e++;
                colon = strchr(e, ':');
                name = colon ? strndup(e, (size_t) (colon - e)) : strdup(e);
                if (!name)
                        return -ENOMEM;
                if (colon) {
                        error = parse_errno(colon + 1);
                        if (error < 0 && error != ERR_KILL)
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

/* --- the fixed filters ------------------------------------------------------------------ */

static int fill_address_families(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const struct unit_filter *f = userdata;
        const uint32_t deny = SCMP_ACT_ERRNO(EAFNOSUPPORT);
        const int nr = SCMP_SYS(socket);
        bool listed[AF_MAX] = {};
        int first = 0, last = 0, added = 0;

        /* Where socket() is multiplexed through socketcall(2) its family cannot be seen:
         * systemd.exec(5) lists these ABIs (x86, s390, mips, ppc) as unaffected. */
        switch (arch) {
        case SCMP_ARCH_X86_64: case SCMP_ARCH_X32: case SCMP_ARCH_ARM: case SCMP_ARCH_AARCH64:
        case SCMP_ARCH_MIPS64: case SCMP_ARCH_MIPSEL64: case SCMP_ARCH_MIPS64N32: case SCMP_ARCH_MIPSEL64N32:
        case SCMP_ARCH_RISCV64:
#ifdef SCMP_ARCH_LOONGARCH64
        case SCMP_ARCH_LOONGARCH64:
#endif
                break;
        default:
                return 0;
        }
        STRV_FOREACH(entry, f->entries) {
                const char *e = *entry + (**entry == '~');
                for (size_t i = 0; i < ELEMENTSOF(family_names); i++)
                        if (streq(family_names[i].name, e) && family_names[i].family < AF_MAX)
                                listed[family_names[i].family] = **entry != '~';
        }
        for (int af = 1; af < AF_MAX; af++)
                if (listed[af]) {
                        if (!f->allow_list) /* a deny list: one rule per family */
                                ADD(rule1(ctx, deny, nr, arg_is(0, SCMP_CMP_EQ, (scmp_datum_t) af)));
                        if (first == 0)
                                first = af;
                        last = af;
                }
        if (!f->allow_list)
                return added;
        if (first == 0) /* "none", or nothing left: no socket() at all */
                return rule0(ctx, deny, nr);
        /* An allow list: everything below the first, above the last, and the gaps between. */
        ADD(rule1(ctx, deny, nr, arg_is(0, SCMP_CMP_LT, (scmp_datum_t) first)));
        ADD(rule1(ctx, deny, nr, arg_is(0, SCMP_CMP_GT, (scmp_datum_t) last)));
        for (int af = first + 1; af < last; af++)
                if (!listed[af])
                        ADD(rule1(ctx, deny, nr, arg_is(0, SCMP_CMP_EQ, (scmp_datum_t) af)));
        return added;
}

/* Checks the names before any filter is built: a name this build does not know is a bug
 * in the caller (the loader accepts only these), and silently allowing it would be worse. */
static int check_address_families(const struct builder *b, const struct unit_filter *f) {
        STRV_FOREACH(entry, f->entries) {
                const char *e = *entry + (**entry == '~');
                size_t i;
                for (i = 0; i < ELEMENTSOF(family_names); i++)
                        if (streq(family_names[i].name, e))
                                break;
                if (i == ELEMENTSOF(family_names))
                        return log_error_errno(-EINVAL, "%s: RestrictAddressFamilies=: %s is not an address family "
                                               "known here.", b->unit_id, e);
        }
        return 0;
}

/* MemoryDenyWriteExecute=: mmap() of memory both writable and executable, mprotect() and
 * pkey_mprotect() making memory executable, shmat() with SHM_EXEC (systemd.exec(5)). Where
 * the old mmap() takes its arguments in memory (x86, s390) it is denied whole and mmap2() is
 * checked; where shmat() is multiplexed through ipc() it cannot be checked. */
static int fill_memory_deny_write_execute(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
        const struct scmp_arg_cmp wx = arg_has(2, PROT_EXEC | PROT_WRITE);
        const struct scmp_arg_cmp x = arg_has(2, PROT_EXEC);
        int mmap_nr, block_nr = 0, added = 0;
        bool shmat = false;

        (void) userdata;
        switch (arch) {
        case SCMP_ARCH_X86: case SCMP_ARCH_S390:
                mmap_nr = SCMP_SYS(mmap2);
                block_nr = SCMP_SYS(mmap);
                break;
        case SCMP_ARCH_PPC: case SCMP_ARCH_PPC64: case SCMP_ARCH_PPC64LE: case SCMP_ARCH_S390X:
                mmap_nr = SCMP_SYS(mmap);
                break;
        case SCMP_ARCH_ARM:
                mmap_nr = SCMP_SYS(mmap2);
                shmat = true;
                break;
        case SCMP_ARCH_X86_64: case SCMP_ARCH_X32: case SCMP_ARCH_AARCH64: case SCMP_ARCH_RISCV64:
#ifdef SCMP_ARCH_LOONGARCH64
        case SCMP_ARCH_LOONGARCH64:
#endif
                mmap_nr = SCMP_SYS(mmap);
                shmat = true;
                break;
        default:
                return 0;
        }
        ADD(rule1(ctx, deny, mmap_nr, wx));
        if (block_nr != 0)
                ADD(rule0(ctx, deny, block_nr));
        ADD(rule1(ctx, deny, SCMP_SYS(mprotect), x));
        ADD(rule1(ctx, deny, SCMP_SYS(pkey_mprotect), x));
        if (shmat)
                ADD(rule1(ctx, deny, SCMP_SYS(shmat), arg_has(2, SHM_EXEC)));
        return added;
}

/* RestrictRealtime=: sched_setscheduler() to any policy but SCHED_OTHER, SCHED_BATCH and
 * SCHED_IDLE (SCHED_RESET_ON_FORK or'ed in is above them all and so refused too, as in
 * systemd). sched_setattr() passes its policy in memory, out of a filter's sight; since
 * systemd.exec(5) promises that "any attempts to enable realtime scheduling ... are
 * refused", it is refused whole (systemd 252 leaves it open). */
static int fill_restrict_realtime(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
        int added = 0;

        (void) arch, (void) userdata;
        for (int policy = 0; policy < SCHED_IDLE; policy++)
                if (policy != SCHED_OTHER && policy != SCHED_BATCH)
                        ADD(rule1(ctx, deny, SCMP_SYS(sched_setscheduler), arg_is(1, SCMP_CMP_EQ, policy)));
        ADD(rule1(ctx, deny, SCMP_SYS(sched_setscheduler), arg_is(1, SCMP_CMP_GT, SCHED_IDLE)));
        ADD(rule0(ctx, deny, SCMP_SYS(sched_setattr)));
        return added;
}

/* RestrictSUIDSGID=: the calls that take a mode, when it has S_ISUID or S_ISGID; open() and
 * openat() only with O_CREAT (without it the mode argument is garbage). fchmodat2() (Linux
 * 6.6) where libseccomp knows it. openat2() hides its flags in memory: denied whole, with
 * ENOSYS so that callers fall back to openat() (as systemd since v248). */
static int fill_restrict_suid_sgid(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        static const mode_t modes[] = { S_ISUID, S_ISGID };
        const struct { int nr; unsigned arg; } by_mode[] = {
                { SCMP_SYS(chmod), 1 }, { SCMP_SYS(fchmod), 1 }, { SCMP_SYS(fchmodat), 2 },
                { seccomp_syscall_resolve_name("fchmodat2"), 2 }, { SCMP_SYS(mkdir), 1 },
                { SCMP_SYS(mkdirat), 2 }, { SCMP_SYS(mknod), 1 }, { SCMP_SYS(mknodat), 2 }, { SCMP_SYS(creat), 1 },
        };
        const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
        int added = 0;

        (void) arch, (void) userdata;
        for (size_t i = 0; i < ELEMENTSOF(modes); i++) {
                scmp_datum_t m = modes[i];

                for (size_t j = 0; j < ELEMENTSOF(by_mode); j++)
                        if (by_mode[j].nr != __NR_SCMP_ERROR)
                                ADD(rule1(ctx, deny, by_mode[j].nr, arg_has(by_mode[j].arg, m)));
                ADD(rule2(ctx, deny, SCMP_SYS(open), arg_has(1, O_CREAT), arg_has(2, m)));
                ADD(rule2(ctx, deny, SCMP_SYS(openat), arg_has(2, O_CREAT), arg_has(3, m)));
        }
        ADD(rule0(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2)));
        return added;
}

/* RestrictNamespaces=: unshare() and clone() with a flag not retained, setns() to such a
 * type or with type 0 ("any": systemd.exec(5) says it is refused too), setns() whole when
 * nothing is retained. clone3() passes its flags in memory: ENOSYS, so that the libc falls
 * back to clone(), as systemd does. */
static int fill_restrict_namespaces(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        static const unsigned long types[] = { CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS,
                                               CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS };
        const unsigned long retain = *(const unsigned long *) userdata;
        const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
        /* On s390 clone()'s first two arguments are swapped. */
        const unsigned clone_arg = arch == SCMP_ARCH_S390 || arch == SCMP_ARCH_S390X ? 1 : 0;
        int added = 0;

        if (retain == 0)
                ADD(rule0(ctx, deny, SCMP_SYS(setns)));
        else
                ADD(rule1(ctx, deny, SCMP_SYS(setns), arg_is(1, SCMP_CMP_EQ, 0)));
        ADD(rule0(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3)));
        for (size_t i = 0; i < ELEMENTSOF(types); i++) {
                scmp_datum_t f = types[i];

                if (retain & types[i])
                        continue;
                ADD(rule1(ctx, deny, SCMP_SYS(unshare), arg_has(0, f)));
                ADD(rule1(ctx, deny, SCMP_SYS(clone), arg_has(clone_arg, f)));
                if (retain != 0)
                        ADD(rule1(ctx, deny, SCMP_SYS(setns), arg_has(1, f)));
        }
        return added;
}

/* LockPersonality=: personality() to anything but the one the service starts with. */
static int fill_lock_personality(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const unsigned long persona = *(const unsigned long *) userdata;

        (void) arch;
        return rule1(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(personality), arg_is(0, SCMP_CMP_NE, persona));
}

/* --- directives ------------------------------------------------------------------------- */

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
                        r = note(not_enforced, "%s=yes: %s", bools[i].name, why);
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(lists); i++)
                if (syscall_filter_set(lists[i].f) || (lists[i].none && lists[i].f->set)) {
                        _cleanup_free_ char *v = filter_value(lists[i].f, lists[i].none);
                        r = v ? note(not_enforced, "%s=%s: %s", lists[i].name, v, why) : -ENOMEM;
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
                r = note(not_enforced, "RestrictNamespaces=%s: %s", allowed[0] ? allowed : "yes", why);
        }
        if (r >= 0 && c->system_call_architectures) {
                _cleanup_free_ char *v = strv_join(c->system_call_architectures, " ");
                r = v ? note(not_enforced, "SystemCallArchitectures=%s: %s", v, why) : -ENOMEM;
        }
        return r;
}

/* SystemCallArchitectures=: which local architectures stay; the others' calls are killed
 * by their own filter, and no other filter is built for them. x86-64 stays with x32 (its
 * vDSO needs it), and the native architecture always stays (systemd 252). */
static int plan_architectures(struct builder *b, const struct exec_context *c, char ***not_enforced) {
        uint32_t allowed[ELEMENTSOF(arch_names) + 1];
        size_t n_allowed = 0;
        uint32_t native = seccomp_arch_native();

        STRV_FOREACH(name, c->system_call_architectures) {
                size_t i;

                for (i = 0; i < ELEMENTSOF(arch_names); i++)
                        if (streq(arch_names[i].name, *name))
                                break;
                if (i == ELEMENTSOF(arch_names) && !streq(*name, "native")) {
                        if (note(not_enforced, "SystemCallArchitectures=%s: libseccomp does not know this architecture",
                                 *name) < 0)
                                return -ENOMEM;
                } else if (n_allowed < ELEMENTSOF(allowed))
                        allowed[n_allowed++] = i < ELEMENTSOF(arch_names) ? arch_names[i].arch : native;
        }
        b->n_archs = 0;
        for (size_t i = 0; i < ELEMENTSOF(local_archs); i++) {
                uint32_t arch = local_archs[i] == SCMP_ARCH_NATIVE ? native : local_archs[i];
                bool keep = !c->system_call_architectures || arch == native;

                for (size_t j = 0; !keep && j < n_allowed; j++)
                        keep = allowed[j] == arch || (arch == SCMP_ARCH_X86_64 && allowed[j] == SCMP_ARCH_X32);
                if (keep)
                        b->archs[b->n_archs++] = arch;
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
        struct rule_set set = {};
        int r = 0;

        for (; r >= 0 && *names; names++)
                r = set_edit(b, what, &set, *names, true, ERR_DEFAULT);
        if (r >= 0)
                r = add_set_programs(b, what, &set, SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(EPERM));
        rule_set_done(&set);
        return r;
}

static int add_syscall_filter(struct builder *b, const struct exec_context *c) {
        const struct unit_filter *f = &c->system_call_filter;
        struct rule_set set = {};
        int e = c->system_call_error_number;
        uint32_t denied;
        int r;

        if (e != UNIT_INT_UNSET && e != -1 && (e < 0 || e > 4095))
                return log_error_errno(-EINVAL, "%s: SystemCallErrorNumber=%d is not an errno (0-4095).", b->unit_id, e);
        denied = e == UNIT_INT_UNSET || e == -1 ? b->kill_action : SCMP_ACT_ERRNO((uint32_t) e);
        /* An allow list always permits @default: execve(), exit(), time and sleep calls, ...
         * (systemd.exec(5): "implicitly allow-listed"). */
        r = f->allow_list ? set_edit(b, "SystemCallFilter", &set, "@default", true, ERR_DEFAULT) : 0;
        if (r >= 0)
                r = build_syscall_set(b, "SystemCallFilter", f, true, &set);
        if (r >= 0 && (f->allow_list || set.n > 0))
                r = f->allow_list ? add_set_programs(b, "SystemCallFilter", &set, denied, SCMP_ACT_ALLOW)
                                  : add_set_programs(b, "SystemCallFilter", &set, SCMP_ACT_ALLOW, denied);
        rule_set_done(&set);
        return r;
}

static int add_syscall_log(struct builder *b, const struct exec_context *c, char ***not_enforced) {
        const struct unit_filter *f = &c->system_call_log;
        struct rule_set set = {};
        int r;

        /* SCMP_ACT_LOG needs Linux 4.14 (libseccomp API level 3). */
        if (seccomp_api_get() < 3) {
                _cleanup_free_ char *v = filter_value(f, false);
                return v ? note(not_enforced, "SystemCallLog=%s: the kernel cannot log system calls", v) : -ENOMEM;
        }
        r = build_syscall_set(b, "SystemCallLog", f, false, &set);
        /* An allow list logs the listed calls, a "~" list all others (systemd.exec(5)). */
        if (r >= 0 && (f->allow_list || set.n > 0))
                r = f->allow_list ? add_set_programs(b, "SystemCallLog", &set, SCMP_ACT_ALLOW, SCMP_ACT_LOG)
                                  : add_set_programs(b, "SystemCallLog", &set, SCMP_ACT_LOG, SCMP_ACT_ALLOW);
        rule_set_done(&set);
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
                                         fill_address_families, &c->restrict_address_families);
                if (r < 0)
                        return r;
        }
        if (c->memory_deny_write_execute) {
                r = add_programs(&b, "MemoryDenyWriteExecute", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW,
                                 fill_memory_deny_write_execute, NULL);
                if (r < 0)
                        return r;
        }
        if (c->restrict_realtime) {
                r = add_programs(&b, "RestrictRealtime", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW, fill_restrict_realtime, NULL);
                if (r < 0)
                        return r;
        }
        if (c->restrict_suid_sgid) {
                r = add_programs(&b, "RestrictSUIDSGID", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW, fill_restrict_suid_sgid, NULL);
                if (r < 0)
                        return r;
        }
        if (namespaces_restricted(c)) {
                retain = (unsigned long) c->restrict_namespaces.flags & NAMESPACE_FLAGS_ALL;
                r = add_programs(&b, "RestrictNamespaces", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW, fill_restrict_namespaces,
                                 &retain);
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
                r = add_programs(&b, "LockPersonality", SPAWN_STEP_SECCOMP, SCMP_ACT_ALLOW, fill_lock_personality, &persona);
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
