/* seccomp-rules.c: the rules inside one architecture's seccomp filter: a system call set's, each hardening filter's.
 *
 * Each seccomp_rules_fill_*() gets a libseccomp filter for one architecture and adds its
 * rules, skipping what that architecture lacks; exec-seccomp.c decides which filters a
 * unit gets, for which architectures, in which order, and exports them. The rules are
 * systemd 252's (src/shared/seccomp-util.c) unless a comment says otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "libsvc/strv.h"
#include "supervisord/seccomp-names.h"
#include "supervisord/seccomp-rules.h"

void seccomp_rule_set_done(struct seccomp_rule_set *s) {
        free(s->rules);
        *s = (struct seccomp_rule_set) {};
}

int seccomp_rule_set_put(struct seccomp_rule_set *s, int nr, int error) {
        struct seccomp_rule *a;

        for (size_t i = 0; i < s->n; i++)
                if (s->rules[i].nr == nr) {
                        s->rules[i].error = error; /* the later entry wins, as in systemd */
                        return 0;
                }
        a = reallocarray(s->rules, s->n + 1, sizeof *a);
        if (!a)
                return -ENOMEM;
        s->rules = a;
        s->rules[s->n++] = (struct seccomp_rule) { .nr = nr, .error = error };
        return 0;
}

void seccomp_rule_set_remove(struct seccomp_rule_set *s, int nr) {
        for (size_t i = 0; i < s->n; i++)
                if (s->rules[i].nr == nr) {
                        s->rules[i] = s->rules[--s->n];
                        return;
                }
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

/* --- a system call set ------------------------------------------------------------------ */

int seccomp_rules_fill_set(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const struct seccomp_rule_set_fill *f = userdata;
        int added = 0;

        (void) arch;
        for (size_t i = 0; i < f->set->n; i++) {
                const struct seccomp_rule *rule = &f->set->rules[i];
                uint32_t action = rule->error == SECCOMP_RULES_ERR_KILL ? f->kill_action
                                  : rule->error >= 0                    ? SCMP_ACT_ERRNO((uint32_t) rule->error)
                                                                        : f->listed_action;
                int r = rule_add(ctx, action, rule->nr, 0, NULL);
                if (r < 0)
                        return r;
                added += r;
        }
        return added;
}

/* --- the fixed filters ------------------------------------------------------------------ */

int seccomp_rules_fill_address_families(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
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
                int af = seccomp_names_family_from_string(*entry + (**entry == '~'));
                if (af >= 0 && af < AF_MAX)
                        listed[af] = **entry != '~';
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

/* MemoryDenyWriteExecute=: mmap() of memory both writable and executable, mprotect() and
 * pkey_mprotect() making memory executable, shmat() with SHM_EXEC (systemd.exec(5)). Where
 * the old mmap() takes its arguments in memory (x86, s390) it is denied whole and mmap2() is
 * checked; where shmat() is multiplexed through ipc() it cannot be checked. */
int seccomp_rules_fill_memory_deny_write_execute(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
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
int seccomp_rules_fill_restrict_realtime(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
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
int seccomp_rules_fill_restrict_suid_sgid(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
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
int seccomp_rules_fill_restrict_namespaces(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
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
int seccomp_rules_fill_lock_personality(scmp_filter_ctx ctx, uint32_t arch, const void *userdata) {
        const unsigned long persona = *(const unsigned long *) userdata;

        (void) arch;
        return rule1(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(personality), arg_is(0, SCMP_CMP_NE, persona));
}
