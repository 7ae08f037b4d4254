/* parse-security.c: parsers for capabilities, syscall and family filters, rlimits, CPU sets and exit statuses. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/resource.h>

#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "units/unit.h"
#include "units/value-parsers.h"

/* capabilities(7) names, case-insensitive, with or without "cap_"; libcap knows them. */
int value_capability_from_name(const char *name) {
        cap_value_t cap;

        if (!startswith(name, "CAP_") && !startswith(name, "cap_"))
                return -EINVAL;
        if (cap_from_name(name, &cap) < 0 || cap < 0 || cap > 63)
                return -EINVAL;
        return (int) cap;
}

struct capability_state {
        uint64_t mask;
};

static int add_capability(const struct directive_context *ctx, const char *word, void *data) {
        struct capability_state *st = data;
        int cap = value_capability_from_name(word);

        if (cap < 0)
                return -EINVAL;
        st->mask |= UINT64_C(1) << cap;
        return 0;
}

/* systemd.exec(5) CapabilityBoundingSet=: names are ORed across assignments; a leading
 * "~" inverts the assignment's set; an empty assignment resets. For the bounding set
 * (default: all) the first non-inverted assignment starts from the empty set. */
int value_parse_capabilities(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        uint64_t *mask = data;
        struct capability_state st = {};
        bool invert = false;
        const char *p = value;
        int r;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *mask);
        if (*p == '~') {
                invert = true;
                p++;
        }
        r = value_for_each_word(ctx, p, "a capability name (capabilities(7))", add_capability, &st);
        if (r < 0)
                return r;
        if (invert)
                *mask &= ~st.mask;
        else if (*mask == *(const uint64_t *) ctx->default_data && ltype == 0)
                *mask = st.mask;
        else
                *mask |= st.mask;
        return 0;
}

int value_parse_secure_bits(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const bits[] = { "noroot", "noroot-locked", "no-setuid-fixup", "no-setuid-fixup-locked",
                                            "keep-caps", "keep-caps-locked" };
        int *sb = data, v = 0;
        _cleanup_free_ char *copy = strdup(value);
        char *save = NULL;

        if (!copy)
                return log_oom();
        if (*value == 0)
                return value_reset(ctx, data, sizeof *sb);
        for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
                size_t i;
                for (i = 0; i < ELEMENTSOF(bits); i++)
                        if (streq(w, bits[i]))
                                break;
                if (i == ELEMENTSOF(bits))
                        return value_warn_bad(ctx, value, "a list of secure bits (keep-caps, noroot, ...)");
                v |= 1 << i;
        }
        *sb |= v;
        return 0;
}

/* The syscall groups of systemd 252 (`systemd-analyze syscall-filter`). */
static bool syscall_group_is_known(const char *g) {
        static const char *const groups[] = {
                "@default", "@aio", "@basic-io", "@chown", "@clock", "@cpu-emulation", "@debug", "@file-system",
                "@io-event", "@ipc", "@keyring", "@memlock", "@module", "@mount", "@network-io", "@obsolete",
                "@pkey", "@privileged", "@process", "@raw-io", "@reboot", "@resources", "@setuid", "@signal",
                "@swap", "@sync", "@system-service", "@timer", "@known",
        };
        for (size_t i = 0; i < ELEMENTSOF(groups); i++)
                if (streq(groups[i], g))
                        return true;
        return false;
}

static bool syscall_is_known(const char *name) {
        if (*name == '@')
                return syscall_group_is_known(name);
        return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

/* An errno name ("EPERM") or number 0-4095; "kill" only where allow_kill. */
static int errno_from_string(const char *s, bool allow_kill) {
        static const struct { const char *name; int value; } names[] = {
                { "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH }, { "EINTR", EINTR },
                { "EIO", EIO }, { "ENXIO", ENXIO }, { "E2BIG", E2BIG }, { "ENOEXEC", ENOEXEC },
                { "EBADF", EBADF }, { "ECHILD", ECHILD }, { "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM },
                { "EACCES", EACCES }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY }, { "EEXIST", EEXIST },
                { "EXDEV", EXDEV }, { "ENODEV", ENODEV }, { "ENOTDIR", ENOTDIR }, { "EISDIR", EISDIR },
                { "EINVAL", EINVAL }, { "ENFILE", ENFILE }, { "EMFILE", EMFILE }, { "ENOTTY", ENOTTY },
                { "EFBIG", EFBIG }, { "ENOSPC", ENOSPC }, { "ESPIPE", ESPIPE }, { "EROFS", EROFS },
                { "EMLINK", EMLINK }, { "EPIPE", EPIPE }, { "EDOM", EDOM }, { "ERANGE", ERANGE },
                { "ENOSYS", ENOSYS }, { "ENOTSUP", ENOTSUP }, { "EOPNOTSUPP", EOPNOTSUPP },
                { "EAFNOSUPPORT", EAFNOSUPPORT }, { "EPROTONOSUPPORT", EPROTONOSUPPORT },
                { "ENOTCONN", ENOTCONN }, { "ECONNREFUSED", ECONNREFUSED }, { "ETIMEDOUT", ETIMEDOUT },
        };
        char *end;
        long v;

        if (allow_kill && streq(s, "kill"))
                return -1;
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(names[i].name, s))
                        return names[i].value;
        errno = 0;
        v = strtol(s, &end, 10);
        if (!isdigit((unsigned char) *s) || errno || *end || v > 4095)
                return -EINVAL;
        return (int) v;
}

struct filter_state {
        struct unit_filter *filter;
        bool (*valid)(const char *name);
        bool errno_suffix;
        bool other; /* this assignment's polarity is the other one than the list's */
};

/* Drops earlier entries naming the same thing (either polarity, any suffix), so that the
 * last assignment of a name decides, as systemd's one edited set does. */
static void filter_forget(struct unit_filter *f, const char *name, size_t len) {
        char **w = f->entries;

        STRV_FOREACH(e, f->entries) {
                const char *n = *e + (**e == '~');
                if (strncmp(n, name, len) == 0 && (n[len] == 0 || n[len] == ':'))
                        free(*e);
                else
                        *w++ = *e;
        }
        if (w)
                *w = NULL;
}

static int add_filter_entry(const struct directive_context *ctx, const char *word, void *data) {
        struct filter_state *st = data;
        const char *colon = st->errno_suffix ? strchr(word, ':') : NULL;
        _cleanup_free_ char *name = strndup(word, colon ? (size_t) (colon - word) : strlen(word));

        if (!name)
                return -ENOMEM;
        if (!st->valid(name) || (colon && errno_from_string(colon + 1, true) == -EINVAL))
                return -EINVAL;
        /* systemd.exec(5): an error number (or "kill") goes with a denied call only. */
        if (colon && st->filter->allow_list != st->other) {
                log_warning("%s:%u: %s=: allow-listed system calls cannot take an error number, ignoring %s.",
                            ctx->path, ctx->line, ctx->key, word);
                return 0;
        }
        filter_forget(st->filter, name, strlen(name));
        /* An entry of the other polarity than the list's keeps a "~": it takes its names
         * out of the list again ("~chmod" after an allow list, "chmod" after a deny list). */
        if (st->other) {
                _cleanup_free_ char *marked = NULL;
                if (asprintf(&marked, "~%s", word) < 0)
                        return -ENOMEM;
                return strv_consume(&st->filter->entries, TAKE_PTR(marked));
        }
        return strv_extend(&st->filter->entries, word);
}

/* SystemCallFilter= and lists like it: the first assignment decides allow or deny list
 * ("~"); later ones of the same polarity add to it, of the other polarity take out of it
 * (systemd keeps one set and edits it; svcd keeps the entries in order, "~"-marked when
 * they take out, and leaves the set to the spawn plan). Empty resets. */
static int parse_filter(const struct directive_context *ctx, const char *value, struct unit_filter *f,
                        bool (*valid)(const char *), bool errno_suffix, const char *what) {
        struct filter_state st = { .filter = f, .valid = valid, .errno_suffix = errno_suffix };
        const char *p = value;
        bool invert = false;

        if (*value == 0) {
                f->entries = strv_free(f->entries);
                f->set = false;
                f->allow_list = false;
                return 0;
        }
        if (*p == '~') {
                invert = true;
                p++;
        }
        if (!f->set) {
                f->set = true;
                f->allow_list = !invert;
        }
        st.other = f->allow_list == invert;
        return value_for_each_word(ctx, p, what, add_filter_entry, &st);
}

int value_parse_syscall_filter(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        return parse_filter(ctx, value, data, syscall_is_known, true,
                            "a system call name or @group (with an optional \":ERRNO\")");
}

int value_parse_syscall_log(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        return parse_filter(ctx, value, data, syscall_is_known, false, "a system call name or @group");
}

int value_parse_syscall_errno(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        int *e = data, v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *e);
        v = errno_from_string(value, true);
        if (v == -EINVAL)
                return value_warn_bad(ctx, value, "an errno name or number, or \"kill\"");
        *e = v;
        return 0;
}

static bool address_family_is_valid(const char *s) {
        static const char *const families[] = {
                "AF_UNIX", "AF_LOCAL", "AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET", "AF_BLUETOOTH",
                "AF_ALG", "AF_APPLETALK", "AF_ATMPVC", "AF_ATMSVC", "AF_AX25", "AF_BRIDGE", "AF_CAIF", "AF_CAN",
                "AF_DECnet", "AF_ECONET", "AF_IB", "AF_IEEE802154", "AF_IPX", "AF_IRDA", "AF_ISDN", "AF_IUCV",
                "AF_KCM", "AF_KEY", "AF_LLC", "AF_MCTP", "AF_MPLS", "AF_NETROM", "AF_NFC", "AF_PHONET",
                "AF_PPPOX", "AF_QIPCRTR", "AF_RDS", "AF_ROSE", "AF_RXRPC", "AF_SECURITY", "AF_SMC", "AF_SNA",
                "AF_TIPC", "AF_VSOCK", "AF_WANPIPE", "AF_X25", "AF_XDP",
        };
        for (size_t i = 0; i < ELEMENTSOF(families); i++)
                if (streq(families[i], s))
                        return true;
        return false;
}

/* RestrictAddressFamilies=: AF_* names, "~" for a deny list, or "none". */
int value_parse_address_families(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct unit_filter *f = data;

        if (streq(value, "none")) {
                f->entries = strv_free(f->entries);
                f->set = true;
                f->allow_list = true;
                return 0;
        }
        return parse_filter(ctx, value, f, address_family_is_valid, false, "an address family (AF_*)");
}

/* The file system groups and names of RestrictFileSystems= (`systemd-analyze filesystems`);
 * any lower-case name is accepted as a file system type. */
static bool filesystem_is_valid(const char *s) {
        static const char *const groups[] = { "@basic-api", "@auxiliary-api", "@common-block",
                                              "@historical-block", "@network", "@privileged-api", "@temporary",
                                              "@known", "@application", "@anonymous", "@initial" };
        if (*s == '@') {
                for (size_t i = 0; i < ELEMENTSOF(groups); i++)
                        if (streq(groups[i], s))
                                return true;
                return false;
        }
        for (const char *p = s; *p; p++)
                if (!islower((unsigned char) *p) && !isdigit((unsigned char) *p) && !strchr("._-", *p))
                        return false;
        return *s != 0;
}

int value_parse_restrict_filesystems(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        return parse_filter(ctx, value, data, filesystem_is_valid, false, "a file system type or @group");
}

/* RestrictNamespaces=: a boolean, or namespace names (cgroup ipc net mnt pid user uts),
 * "~" inverting. yes = all restricted (none allowed). */
int value_parse_restrict_namespaces(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const struct { const char *name; uint64_t flag; } names[] = {
                { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET },
                { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID }, { "user", CLONE_NEWUSER },
                { "uts", CLONE_NEWUTS },
        };
        const uint64_t all = CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID |
                             CLONE_NEWUSER | CLONE_NEWUTS;
        struct namespace_set *ns = data;
        _cleanup_free_ char *copy = NULL;
        char *save = NULL;
        const char *p = value;
        bool invert = false;
        uint64_t flags = 0;
        int b;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *ns);
        b = value_parse_boolean_word(value);
        if (b >= 0) {
                /* yes: no namespace may be created, i.e. the allowed set is empty. */
                ns->flags = b ? 0 : all;
                ns->set = true;
                return 0;
        }
        if (*p == '~') {
                invert = true;
                p++;
        }
        copy = strdup(p);
        if (!copy)
                return log_oom();
        for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
                size_t i;
                for (i = 0; i < ELEMENTSOF(names); i++)
                        if (streq(names[i].name, w))
                                break;
                if (i == ELEMENTSOF(names))
                        return value_warn_bad(ctx, value, "a boolean or a list of namespace types (cgroup, ipc, net, mnt, pid, user, uts)");
                flags |= names[i].flag;
        }
        ns->flags = invert ? all & ~flags : (ns->set ? ns->flags | flags : flags);
        ns->set = true;
        return 0;
}

int value_parse_personality(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const names[] = { "x86", "x86-64", "ppc", "ppc-le", "ppc64", "ppc64-le", "s390", "s390x",
                                             "arm", "arm64", "alpha", "mips", "mips64", "ia64", "sparc", "sparc64" };
        size_t i;

        for (i = 0; i < ELEMENTSOF(names) && *value; i++)
                if (streq(names[i], value))
                        break;
        if (*value && i == ELEMENTSOF(names))
                return value_warn_bad(ctx, value, "a personality (x86, x86-64, ppc, ppc-le, ppc64, ppc64-le, s390, s390x)");
        return value_parse_string(ctx, value, data, 0);
}

/* One rlimit value in the unit of its resource (systemd.exec(5) "Table 1. Resource limits"). */
static int rlimit_value(int resource, const char *s, uint64_t *ret) {
        uint64_t v;
        usec_t t;
        char *end;

        if (streq(s, "infinity")) {
                *ret = RLIM_INFINITY;
                return 0;
        }
        switch (resource) {
        case RLIMIT_AS: case RLIMIT_CORE: case RLIMIT_DATA: case RLIMIT_FSIZE: case RLIMIT_MEMLOCK:
        case RLIMIT_MSGQUEUE: case RLIMIT_RSS: case RLIMIT_STACK:
                return value_parse_size_word(s, false, ret);
        case RLIMIT_CPU:
                if (parse_timespan(s, USEC_PER_SEC, &t) < 0 || t == USEC_INFINITY)
                        return -EINVAL;
                *ret = (t + USEC_PER_SEC - 1) / USEC_PER_SEC; /* seconds, rounded up */
                return 0;
        case RLIMIT_RTTIME:
                if (parse_timespan(s, 1, &t) < 0 || t == USEC_INFINITY)
                        return -EINVAL;
                *ret = t; /* microseconds */
                return 0;
        case RLIMIT_NICE: {
                /* "+N"/"-N" is a nice level (20 - nice), a plain number the raw limit. */
                long n;
                if (*s == '+' || *s == '-') {
                        errno = 0;
                        n = strtol(s, &end, 10);
                        if (errno || *end || n < -20 || n > 19)
                                return -EINVAL;
                        *ret = (uint64_t) (20 - n);
                        return 0;
                }
                if (value_parse_u64_word(s, &v) < 0 || v > 40)
                        return -EINVAL;
                *ret = v;
                return 0;
        }
        default:
                return value_parse_u64_word(s, ret);
        }
}

/* Limit*=: "VALUE" (soft and hard) or "SOFT:HARD"; soft must not exceed hard. data is
 * the pointer to the rlimits array, allocated here at the first limit; ltype the resource. */
int value_parse_rlimit(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct unit_rlimit **rlimits = data;
        const char *colon = strchr(value, ':');
        _cleanup_free_ char *soft_s = strndup(value, colon ? (size_t) (colon - value) : strlen(value));
        uint64_t soft, hard;

        if (!soft_s)
                return log_oom();
        if (*value == 0) {
                if (*rlimits)
                        (*rlimits)[ltype] = (struct unit_rlimit) {};
                return 0;
        }
        if (rlimit_value(ltype, soft_s, &soft) < 0 || (colon && rlimit_value(ltype, colon + 1, &hard) < 0))
                return value_warn_bad(ctx, value, "a resource limit (VALUE, SOFT:HARD or infinity)");
        if (!colon)
                hard = soft;
        if (soft > hard)
                return value_warn_bad(ctx, value, "a resource limit with soft <= hard");
        if (!*rlimits) {
                *rlimits = calloc(UNIT_RLIMIT_MAX, sizeof **rlimits);
                if (!*rlimits)
                        return log_oom();
        }
        (*rlimits)[ltype] = (struct unit_rlimit) { soft, hard, true };
        return 0;
}

/* CPU lists: "0 2 4-7", commas allowed too; empty resets; ltype 1 also allows "numa". */
int value_parse_cpu_set(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct cpu_set *set = data;
        uint64_t add[UNIT_CPU_SET_WORDS] = {};
        _cleanup_free_ char *copy = strdup(value);
        char *save = NULL;

        if (!copy)
                return log_oom();
        if (*value == 0) {
                cpu_set_done(set);
                return 0;
        }
        if (ltype == 1 && streq(value, "numa")) {
                cpu_set_done(set);
                *set = (struct cpu_set) { .set = true, .numa = true };
                return 0;
        }
        for (char *w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
                char *end;
                unsigned long lo, hi;

                errno = 0;
                lo = strtoul(w, &end, 10);
                hi = lo;
                if (*end == '-' && isdigit((unsigned char) end[1]))
                        hi = strtoul(end + 1, &end, 10);
                if (!isdigit((unsigned char) *w) || errno || *end || lo > hi || hi >= UNIT_CPU_SET_MAX)
                        return value_warn_bad(ctx, value, "a list of CPU indexes or ranges (0-1023)");
                for (unsigned long c = lo; c <= hi; c++)
                        add[c / 64] |= UINT64_C(1) << (c % 64);
        }
        if (!set->bits) {
                set->bits = calloc(UNIT_CPU_SET_WORDS, sizeof *set->bits);
                if (!set->bits)
                        return log_oom();
        }
        for (size_t i = 0; i < UNIT_CPU_SET_WORDS; i++)
                set->bits[i] |= add[i];
        set->set = true;
        set->numa = false;
        return 0;
}

/* SuccessExitStatus= and friends: numbers 0-255, the names of systemd.exec(5) "Process
 * Exit Codes" (without "EXIT_"), and signal names. */
static int add_exit_status(const struct directive_context *ctx, const char *word, void *data) {
        static const struct { const char *name; int status; } names[] = {
                { "SUCCESS", 0 }, { "FAILURE", 1 }, { "INVALIDARGUMENT", 2 }, { "NOTIMPLEMENTED", 3 },
                { "NOPERMISSION", 4 }, { "NOTINSTALLED", 5 }, { "NOTCONFIGURED", 6 }, { "NOTRUNNING", 7 },
                { "USAGE", 64 }, { "DATAERR", 65 }, { "NOINPUT", 66 }, { "NOUSER", 67 }, { "NOHOST", 68 },
                { "UNAVAILABLE", 69 }, { "SOFTWARE", 70 }, { "OSERR", 71 }, { "OSFILE", 72 },
                { "CANTCREAT", 73 }, { "IOERR", 74 }, { "TEMPFAIL", 75 }, { "PROTOCOL", 76 },
                { "NOPERM", 77 }, { "CONFIG", 78 }, { "CHDIR", 200 }, { "NICE", 201 }, { "FDS", 202 },
                { "EXEC", 203 }, { "MEMORY", 204 }, { "LIMITS", 205 }, { "OOM_ADJUST", 206 },
                { "SIGNAL_MASK", 207 }, { "STDIN", 208 }, { "STDOUT", 209 }, { "CHROOT", 210 },
                { "IOPRIO", 211 }, { "TIMERSLACK", 212 }, { "SECUREBITS", 213 }, { "SETSCHEDULER", 214 },
                { "CPUAFFINITY", 215 }, { "GROUP", 216 }, { "USER", 217 }, { "CAPABILITIES", 218 },
                { "CGROUP", 219 }, { "SETSID", 220 }, { "CONFIRM", 221 }, { "STDERR", 222 },
                { "PAM", 224 }, { "NETWORK", 225 }, { "NAMESPACE", 226 }, { "NO_NEW_PRIVILEGES", 227 },
                { "SECCOMP", 228 }, { "SELINUX_CONTEXT", 229 }, { "PERSONALITY", 230 },
                { "APPARMOR_PROFILE", 231 }, { "ADDRESS_FAMILIES", 232 }, { "RUNTIME_DIRECTORY", 233 },
                { "CHOWN", 235 }, { "SMACK_PROCESS_LABEL", 236 }, { "KEYRING", 237 }, { "STATE_DIRECTORY", 238 },
                { "CACHE_DIRECTORY", 239 }, { "LOGS_DIRECTORY", 240 }, { "CONFIGURATION_DIRECTORY", 241 },
                { "NUMA_POLICY", 242 }, { "CREDENTIALS", 243 }, { "BPF", 245 },
        };
        struct exit_status_set *set = data;
        char *end;
        long v;
        int sig;

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(names[i].name, word)) {
                        set->status[names[i].status / 64] |= UINT64_C(1) << (names[i].status % 64);
                        return 0;
                }
        if (isdigit((unsigned char) *word)) {
                errno = 0;
                v = strtol(word, &end, 10);
                if (errno || *end || v > 255)
                        return -EINVAL;
                set->status[v / 64] |= UINT64_C(1) << (v % 64);
                return 0;
        }
        sig = signal_from_string(word);
        if (sig <= 0 || sig > 64)
                return -EINVAL;
        set->signal |= UINT64_C(1) << (sig - 1);
        return 0;
}

int value_parse_exit_status_set(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0)
                return value_reset(ctx, data, sizeof(struct exit_status_set));
        return value_for_each_word(ctx, value, "an exit status (0...255, a name such as SUCCESS, or a signal)",
                                   add_exit_status, data);
}

/* IOSchedulingClass=: realtime, best-effort, idle (or 0-3; "none" is 0). */
int value_parse_io_class(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const names[] = { "none", "realtime", "best-effort", "idle" };
        int *c = data;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *c);
        for (int i = 0; i < (int) ELEMENTSOF(names); i++)
                if (streq(names[i], value) || (value[0] == '0' + i && value[1] == 0)) {
                        *c = i;
                        return 0;
                }
        return value_warn_bad(ctx, value, "an I/O scheduling class (realtime, best-effort, idle)");
}

/* CPUSchedulingPolicy=: other, batch, idle, fifo, rr (sched(7)). */
int value_parse_cpu_sched_policy(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const struct { const char *name; int policy; } names[] = {
                { "other", SCHED_OTHER }, { "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
                { "fifo", SCHED_FIFO }, { "rr", SCHED_RR },
        };
        int *p = data;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *p);
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(names[i].name, value)) {
                        *p = names[i].policy;
                        return 0;
                }
        return value_warn_bad(ctx, value, "a CPU scheduling policy (other, batch, idle, fifo, rr)");
}

/* CoredumpFilter=: core(5) mapping type names, "default", "all", or a hex mask. */
int value_parse_coredump_filter(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const names[] = { "private-anonymous", "shared-anonymous", "private-file-backed",
                                             "shared-file-backed", "elf-headers", "private-huge", "shared-huge",
                                             "private-dax", "shared-dax" };
        uint64_t *f = data, v = 0;
        _cleanup_free_ char *copy = strdup(value);
        char *save = NULL;

        if (!copy)
                return log_oom();
        if (*value == 0)
                return value_reset(ctx, data, sizeof *f);
        for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
                size_t i;
                char *end;
                if (streq(w, "default")) {
                        v |= 0x33;
                        continue;
                }
                if (streq(w, "all")) {
                        v |= 0x1ff;
                        continue;
                }
                for (i = 0; i < ELEMENTSOF(names); i++)
                        if (streq(names[i], w))
                                break;
                if (i < ELEMENTSOF(names)) {
                        v |= UINT64_C(1) << i;
                        continue;
                }
                errno = 0;
                uint64_t x = strtoull(w, &end, 16);
                if (!isxdigit((unsigned char) *w) || errno || *end)
                        return value_warn_bad(ctx, value, "a core dump filter (mapping types or a hex mask)");
                v |= x;
        }
        *f = v;
        return 0;
}
