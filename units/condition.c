/* condition.c: Condition*= and Assert*= of systemd.unit(5) "Conditions and Asserts": parsing at file:line and evaluation.
 *
 * What each condition reads is listed above its test function. System files are read
 * through host_path() so that tests can redirect them (condition_set_test_root());
 * the paths that users name in Path*=, Directory*= and File*= conditions are never
 * redirected. What the host is (container, VM, architecture, cgroup controllers, security
 * technologies) is detected in virtualization.c. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/condition.h"
#include "units/value-parsers.h"
#include "units/virtualization.h"

#define WHITESPACE " \t\n\r"
/* login.defs(5) SYS_UID_MAX as Debian ships it, systemd's compiled-in SYSTEM_UID_MAX. */
#define SYSTEM_UID_MAX 999

extern char **environ;

void condition_set_test_root(const char *dir) {
        host_set_root(dir);
}

/* ---- Names and parameter syntax. ---- */

#define NAME(t, s) [t] = { "Condition" s, "Assert" s }
static const char *const condition_names[_CONDITION_TYPE_MAX][2] = {
        NAME(CONDITION_PATH_EXISTS, "PathExists"),
        NAME(CONDITION_PATH_EXISTS_GLOB, "PathExistsGlob"),
        NAME(CONDITION_PATH_IS_DIRECTORY, "PathIsDirectory"),
        NAME(CONDITION_PATH_IS_SYMBOLIC_LINK, "PathIsSymbolicLink"),
        NAME(CONDITION_PATH_IS_MOUNT_POINT, "PathIsMountPoint"),
        NAME(CONDITION_PATH_IS_READ_WRITE, "PathIsReadWrite"),
        NAME(CONDITION_DIRECTORY_NOT_EMPTY, "DirectoryNotEmpty"),
        NAME(CONDITION_FILE_NOT_EMPTY, "FileNotEmpty"),
        NAME(CONDITION_FILE_IS_EXECUTABLE, "FileIsExecutable"),
        NAME(CONDITION_VIRTUALIZATION, "Virtualization"),
        NAME(CONDITION_CAPABILITY, "Capability"),
        NAME(CONDITION_KERNEL_COMMAND_LINE, "KernelCommandLine"),
        NAME(CONDITION_ENVIRONMENT, "Environment"),
        NAME(CONDITION_USER, "User"),
        NAME(CONDITION_GROUP, "Group"),
        NAME(CONDITION_HOST, "Host"),
        NAME(CONDITION_ARCHITECTURE, "Architecture"),
        NAME(CONDITION_FIRST_BOOT, "FirstBoot"),
        NAME(CONDITION_CONTROL_GROUP_CONTROLLER, "ControlGroupController"),
        NAME(CONDITION_SECURITY, "Security"),
};

const char *condition_type_to_string(enum condition_type t, bool assert) {
        return (unsigned) t < _CONDITION_TYPE_MAX ? condition_names[t][assert] : NULL;
}

/* A decimal id below 2^32-1 ((uid_t) -1 is "no id"). */
static bool parse_id(const char *s, unsigned long *ret) {
        char *end;
        if (!isdigit((unsigned char) *s))
                return false;
        errno = 0;
        *ret = strtoul(s, &end, 10);
        return errno == 0 && *end == 0 && *ret < 4294967295UL;
}

/* useradd(8)'s portable names, plus the "$" of Samba machine accounts. */
static bool user_group_name_is_valid(const char *s) {
        size_t n = strlen(s);
        if (n == 0 || n > 256 || !(isalpha((unsigned char) s[0]) || s[0] == '_'))
                return false;
        for (size_t i = 1; i < n; i++)
                if (!(isalnum((unsigned char) s[i]) || strchr("_.-", s[i]) || (s[i] == '$' && i == n - 1)))
                        return false;
        return true;
}

/* capabilities(7) names, indexed by number (from the kernel's own header). */
#define CAP(x) [CAP_##x] = #x
static const char *const capability_names[CAP_LAST_CAP + 1] = {
        CAP(CHOWN), CAP(DAC_OVERRIDE), CAP(DAC_READ_SEARCH), CAP(FOWNER), CAP(FSETID), CAP(KILL),
        CAP(SETGID), CAP(SETUID), CAP(SETPCAP), CAP(LINUX_IMMUTABLE), CAP(NET_BIND_SERVICE),
        CAP(NET_BROADCAST), CAP(NET_ADMIN), CAP(NET_RAW), CAP(IPC_LOCK), CAP(IPC_OWNER), CAP(SYS_MODULE),
        CAP(SYS_RAWIO), CAP(SYS_CHROOT), CAP(SYS_PTRACE), CAP(SYS_PACCT), CAP(SYS_ADMIN), CAP(SYS_BOOT),
        CAP(SYS_NICE), CAP(SYS_RESOURCE), CAP(SYS_TIME), CAP(SYS_TTY_CONFIG), CAP(MKNOD), CAP(LEASE),
        CAP(AUDIT_WRITE), CAP(AUDIT_CONTROL), CAP(SETFCAP), CAP(MAC_OVERRIDE), CAP(MAC_ADMIN), CAP(SYSLOG),
        CAP(WAKE_ALARM), CAP(BLOCK_SUSPEND), CAP(AUDIT_READ), CAP(PERFMON), CAP(BPF), CAP(CHECKPOINT_RESTORE),
};

/* "CAP_MKNOD" in any case (as libcap's cap_from_name()), or a number below 64. */
static int capability_from_name(const char *s) {
        const char *n = strncasecmp(s, "CAP_", 4) == 0 ? s + 4 : "";
        unsigned long v;

        for (size_t i = 0; *n && i < ELEMENTSOF(capability_names); i++)
                if (capability_names[i] && strcasecmp(n, capability_names[i]) == 0)
                        return (int) i;
        if (parse_id(s, &v) && v < 64)
                return (int) v;
        return -EINVAL;
}

/* Returns NULL if p is a valid parameter for type, else what it should have been. */
static const char *parameter_invalid(enum condition_type type, const char *p) {
        unsigned long id;

        switch (type) {
        case CONDITION_PATH_EXISTS ... CONDITION_FILE_IS_EXECUTABLE:
                return path_is_absolute(p) ? NULL : "an absolute path";
        case CONDITION_VIRTUALIZATION:
                return value_parse_boolean_word(p) >= 0 || streq(p, "vm") || streq(p, "container") ||
                                       streq(p, "private-users") || virt_kind_from_name(p) >= 0
                               ? NULL
                               : "a virtualization type";
        case CONDITION_CAPABILITY:
                return capability_from_name(p) >= 0 ? NULL : "a capability name";
        case CONDITION_KERNEL_COMMAND_LINE:
                return *p ? NULL : "a kernel command line word"; /* a quoted word may hold spaces */
        case CONDITION_ENVIRONMENT:
                return *p && *p != '=' ? NULL : "an environment variable name or assignment";
        case CONDITION_USER:
                return streq(p, "@system") || parse_id(p, &id) || user_group_name_is_valid(p)
                               ? NULL
                               : "a user name, UID or @system";
        case CONDITION_GROUP:
                return parse_id(p, &id) || user_group_name_is_valid(p) ? NULL : "a group name or GID";
        case CONDITION_HOST:
                return *p ? NULL : "a hostname or machine ID";
        case CONDITION_ARCHITECTURE:
                return arch_is_valid(p) ? NULL : "an architecture";
        case CONDITION_FIRST_BOOT:
                return value_parse_boolean_word(p) >= 0 ? NULL : "a boolean";
        case CONDITION_CONTROL_GROUP_CONTROLLER:
                return *p && p[strspn(p, WHITESPACE)] ? NULL : "a cgroup controller list, v1 or v2";
        case CONDITION_SECURITY:
                return host_security_is_known(p) ? NULL : "a security technology";
        default:
                return "a known condition";
        }
}

/* systemd.unit(5): "|" first (triggering), then "!" (negation), whitespace allowed after
 * each; "!|x" is a negated "|x". An empty value resets the whole list, every kind of
 * condition (or assert) in it. A bad parameter is warned about and the item dropped. */
int condition_parse_directive(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct condition **list = data, *c, **tail;
        enum condition_type type = (enum condition_type) (ltype & ~CONDITION_ASSERT_FLAG);
        bool trigger = false, negate = false;
        const char *p = value, *what;

        if (*value == 0) {
                condition_free_list(*list);
                *list = NULL;
                return 0;
        }
        if (*p == '|') {
                trigger = true;
                p += 1 + strspn(p + 1, WHITESPACE);
        }
        if (*p == '!') {
                negate = true;
                p += 1 + strspn(p + 1, WHITESPACE);
        }
        what = parameter_invalid(type, p);
        if (what) {
                log_warning("%s:%u: %s=%s is not %s, ignoring.", ctx->path, ctx->line, ctx->key, value, what);
                return 0;
        }
        if (type == CONDITION_CONTROL_GROUP_CONTROLLER && !streq(p, "v1") && !streq(p, "v2")) {
                /* systemd.unit(5): "Controllers unknown to systemd are ignored." Say so. */
                for (const char *w = p + strspn(p, WHITESPACE); *w; w += strspn(w, WHITESPACE)) {
                        size_t n = strcspn(w, WHITESPACE);
                        char word[64];
                        snprintf(word, sizeof word, "%.*s", (int) MIN(n, sizeof word - 1), w);
                        if (n >= sizeof word || !host_cgroup_controller_is_known(word))
                                log_warning("%s:%u: %s=%s: \"%.*s\" is not a cgroup controller, ignoring it.",
                                            ctx->path, ctx->line, ctx->key, value, (int) n, w);
                        w += n;
                }
        }
        c = calloc(1, sizeof *c);
        if (!c || !(c->parameter = strdup(p))) {
                free(c);
                return log_oom();
        }
        c->type = type;
        c->trigger = trigger;
        c->negate = negate;
        c->line = ctx->line;
        for (tail = list; *tail; tail = &(*tail)->next)
                ;
        *tail = c;
        return 0;
}

void condition_free_list(struct condition *c) {
        while (c) {
                struct condition *next = c->next;
                free(c->parameter);
                free(c);
                c = next;
        }
}

/* ---- Evaluation. Each returns > 0 (holds), 0 (does not), -errno (cannot tell). ---- */

/* systemd's dir_is_empty(…, ignore_hidden_or_backup=true): dot files, file system
 * housekeeping and package managers' leftovers do not make a directory "not empty". */
static bool hidden_or_backup(const char *name) {
        static const char *const names[] = { "lost+found", "aquota.user", "aquota.group" };
        static const char *const suffixes[] = { "ignore",   "rpmnew",      "rpmsave",   "rpmorig",
                                                "dpkg-old", "dpkg-new",    "dpkg-tmp",  "dpkg-dist",
                                                "dpkg-bak", "dpkg-backup", "dpkg-remove", "ucf-new",
                                                "ucf-old",  "ucf-dist",    "swp",       "bak",
                                                "old",      "new" };
        const char *dot = strrchr(name, '.');

        if (name[0] == '.' || endswith(name, "~"))
                return true;
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(name, names[i]))
                        return true;
        for (size_t i = 0; dot && i < ELEMENTSOF(suffixes); i++)
                if (streq(dot + 1, suffixes[i]))
                        return true;
        return false;
}

static int test_directory_not_empty(const char *path) {
        DIR *d = opendir(path);
        struct dirent *de;
        bool found = false;

        /* As systemd: a directory that exists but cannot be read counts as not empty. */
        if (!d)
                return errno == ENOENT || errno == ENOTDIR ? 0 : 1;
        while (!found && (de = readdir(d)))
                found = !hidden_or_backup(de->d_name);
        closedir(d);
        return found;
}

/* The root of a mount: statx(2) STATX_ATTR_MOUNT_ROOT (Linux 5.8), else a different
 * device than the parent's (misses bind mounts within one file system), or "/". */
static int test_mount_point(const char *path) {
        struct statx sx;
        struct stat st, parent;
        char buf[PATH_MAX];

        if (statx(AT_FDCWD, path, 0, STATX_TYPE, &sx) < 0)
                return 0;
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
        if (stat(path, &st) < 0 || snprintf(buf, sizeof buf, "%s/..", path) >= (int) sizeof buf ||
            stat(buf, &parent) < 0)
                return 0;
        return st.st_dev != parent.st_dev || st.st_ino == parent.st_ino;
}

/* The paths themselves, following symlinks except for PathIsSymbolicLink=. */
static int test_path(enum condition_type type, const char *p) {
        struct stat st;
        struct statvfs sv;
        glob_t g;
        int r;

        switch (type) {
        case CONDITION_PATH_EXISTS:
                return access(p, F_OK) >= 0;
        case CONDITION_PATH_EXISTS_GLOB:
                r = glob(p, GLOB_NOSORT | GLOB_BRACE, NULL, &g);
                globfree(&g);
                return r == 0 ? 1 : r == GLOB_NOSPACE ? -ENOMEM : 0;
        case CONDITION_PATH_IS_DIRECTORY:
                return stat(p, &st) >= 0 && S_ISDIR(st.st_mode);
        case CONDITION_PATH_IS_SYMBOLIC_LINK:
                return lstat(p, &st) >= 0 && S_ISLNK(st.st_mode);
        case CONDITION_PATH_IS_MOUNT_POINT:
                return test_mount_point(p);
        case CONDITION_PATH_IS_READ_WRITE:
                if (statvfs(p, &sv) < 0)
                        return errno != ENOENT; /* as systemd: only a missing path is "not read-write" */
                return !(sv.f_flag & ST_RDONLY);
        case CONDITION_DIRECTORY_NOT_EMPTY:
                return test_directory_not_empty(p);
        case CONDITION_FILE_NOT_EMPTY:
                return stat(p, &st) >= 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        case CONDITION_FILE_IS_EXECUTABLE:
                return stat(p, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
        default:
                return -EINVAL;
        }
}

/* Innermost virtualization (virtualization.c); "vm"/"container" ask about either layer. */
static int test_virtualization(const char *p) {
        const char *name;
        int b = value_parse_boolean_word(p);

        if (streq(p, "private-users"))
                return virt_running_in_userns();
        if (streq(p, "vm"))
                return virt_detect_vm(NULL) != VIRT_NONE;
        if (streq(p, "container"))
                return virt_detect_container(NULL) != VIRT_NONE;
        if (b >= 0)
                return (virt_detect(NULL) != VIRT_NONE) == b;
        return virt_detect(&name) != VIRT_NONE && streq(name, p);
}

/* /proc/self/status "CapBnd:" (hex mask of the bounding set, proc(5)). */
static int test_capability(const char *p) {
        _cleanup_free_ char *status = NULL;
        int cap = capability_from_name(p), r;
        const char *line;
        unsigned long long mask;

        if (cap < 0)
                return cap;
        r = host_read_file("/proc/self/status", &status, NULL);
        if (r < 0)
                return r;
        line = strstr(status, "\nCapBnd:");
        if (!line || sscanf(line + strlen("\nCapBnd:"), "%llx", &mask) != 1)
                return -EBADMSG;
        return (mask >> cap) & 1;
}

/* The kernel command line as words: /proc/cmdline, unquoted (both quote characters, as
 * systemd); in a container, PID 1's arguments (/proc/1/cmdline), as systemd.unit(5) says. */
static int kernel_cmdline_words(char ***ret) {
        _cleanup_free_ char *s = NULL;
        _cleanup_strv_free_ char **words = NULL;
        size_t size;
        int r;

        if (virt_detect_container(NULL) != VIRT_NONE) {
                r = host_read_file("/proc/1/cmdline", &s, &size);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < size; i += strlen(s + i) + 1)
                        if (strv_extend(&words, s + i) < 0)
                                return -ENOMEM;
        } else {
                r = host_read_file("/proc/cmdline", &s, NULL);
                if (r < 0)
                        return r;
                for (char *in = s; *(in += strspn(in, WHITESPACE));) {
                        char *out = in, *start = in, quote = 0;
                        for (; *in && (quote || !strchr(WHITESPACE, *in)); in++) {
                                if (!quote && (*in == '"' || *in == '\''))
                                        quote = *in;
                                else if (quote && *in == quote)
                                        quote = 0;
                                else
                                        *out++ = *in;
                        }
                        if (*in)
                                in++;
                        *out = 0;
                        if (strv_extend(&words, start) < 0)
                                return -ENOMEM;
                }
        }
        *ret = TAKE_PTR(words);
        return 0;
}

/* "foo" matches "foo" and "foo=…"; "foo=bar" matches only itself. */
static int test_kernel_command_line(const char *p) {
        _cleanup_strv_free_ char **words = NULL;
        int r = kernel_cmdline_words(&words);

        if (r < 0)
                return r;
        STRV_FOREACH(w, words) {
                const char *rest = startswith(*w, p);
                if (rest && (*rest == 0 || (*rest == '=' && !strchr(p, '='))))
                        return 1;
        }
        return 0;
}

/* svcd's own environment block (environ), not a unit's Environment=. */
static int test_environment(const char *p) {
        bool assignment = strchr(p, '=');

        for (char **e = environ; e && *e; e++) {
                const char *rest = startswith(*e, p);
                if (rest && (*rest == 0 || (!assignment && *rest == '=')))
                        return 1;
        }
        return 0;
}

/* The real or effective uid; names through NSS (getpwnam). "@system": uid ≤ 999. */
static int test_user(const char *p) {
        uid_t uid = getuid(), euid = geteuid();
        unsigned long id;
        struct passwd *pw;

        if (streq(p, "@system"))
                return uid <= SYSTEM_UID_MAX || euid <= SYSTEM_UID_MAX;
        if (parse_id(p, &id))
                return id == uid || id == euid;
        errno = 0;
        pw = getpwnam(p);
        if (!pw)
                return streq(p, "root") ? uid == 0 || euid == 0 : 0; /* no NSS as early PID 1 */
        return pw->pw_uid == uid || pw->pw_uid == euid;
}

/* The real or effective gid, or a supplementary group (getgroups(2)). */
static int test_group(const char *p) {
        unsigned long id;
        gid_t gid, groups[NGROUPS_MAX];
        struct group *gr;
        int n;

        if (parse_id(p, &id))
                gid = (gid_t) id;
        else if ((gr = getgrnam(p)))
                gid = gr->gr_gid;
        else
                return streq(p, "root") ? getgid() == 0 || getegid() == 0 : 0;
        if (gid == getgid() || gid == getegid())
                return 1;
        n = getgroups(ELEMENTSOF(groups), groups);
        if (n < 0)
                return -errno;
        for (int i = 0; i < n; i++)
                if (groups[i] == gid)
                        return 1;
        return 0;
}

/* machine-id(5): 32 hex digits; systemd also accepts the UUID form. Lowercased into out. */
static bool machine_id_normalize(const char *s, char out[33]) {
        size_t n = 0;
        for (size_t i = 0; s[i]; i++) {
                if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23) && strlen(s) == 36)
                        continue;
                if (!isxdigit((unsigned char) s[i]) || n == 32)
                        return false;
                out[n++] = (char) tolower((unsigned char) s[i]);
        }
        out[n] = 0;
        return n == 32;
}

/* /etc/machine-id if p is a machine id; else the hostname (gethostname(2), or the test
 * root's /proc/sys/kernel/hostname) against p as an fnmatch(3) glob, ignoring case. */
static int test_host(const char *p) {
        char want[33], have[33], hostname[HOST_NAME_MAX + 1];
        _cleanup_free_ char *line = NULL;
        int r;

        if (machine_id_normalize(p, want)) {
                r = host_read_line("/etc/machine-id", &line);
                if (r < 0)
                        return r == -ENOENT ? 0 : r;
                return machine_id_normalize(line, have) && streq(want, have);
        }
        if (host_testing()) {
                r = host_read_line("/proc/sys/kernel/hostname", &line);
                if (r < 0)
                        return r;
                snprintf(hostname, sizeof hostname, "%s", line);
        } else if (gethostname(hostname, sizeof hostname) < 0)
                return -errno;
        hostname[sizeof hostname - 1] = 0;
        return fnmatch(p, hostname, FNM_CASEFOLD) == 0;
}

static int test_architecture(const char *p) {
        const char *want = streq(p, "native") ? arch_native() : p, *have = arch_current();
        return want && have && streq(want, have);
}

/* First boot: the kernel command line's systemd.condition-first-boot= if given, else
 * /etc/machine-id missing, empty or "uninitialized" (machine-id(5) "First Boot Semantics"). */
static int test_first_boot(const char *p) {
        _cleanup_strv_free_ char **words = NULL;
        _cleanup_free_ char *id = NULL;
        int want = value_parse_boolean_word(p), first = -1, r;

        if (kernel_cmdline_words(&words) >= 0)
                STRV_FOREACH(w, words) {
                        const char *v = startswith(*w, "systemd.condition-first-boot=");
                        if (v && value_parse_boolean_word(v) >= 0)
                                first = value_parse_boolean_word(v);
                }
        if (first < 0) {
                r = host_read_line("/etc/machine-id", &id);
                first = (r == -ENOENT) || (r >= 0 && (*id == 0 || streq(id, "uninitialized")));
        }
        return first == want;
}

static int condition_test_raw(const struct condition *c) {
        const char *p = c->parameter;

        switch (c->type) {
        case CONDITION_PATH_EXISTS ... CONDITION_FILE_IS_EXECUTABLE:
                return test_path(c->type, p);
        case CONDITION_VIRTUALIZATION:
                return test_virtualization(p);
        case CONDITION_CAPABILITY:
                return test_capability(p);
        case CONDITION_KERNEL_COMMAND_LINE:
                return test_kernel_command_line(p);
        case CONDITION_ENVIRONMENT:
                return test_environment(p);
        case CONDITION_USER:
                return test_user(p);
        case CONDITION_GROUP:
                return test_group(p);
        case CONDITION_HOST:
                return test_host(p);
        case CONDITION_ARCHITECTURE:
                return test_architecture(p);
        case CONDITION_FIRST_BOOT:
                return test_first_boot(p);
        case CONDITION_CONTROL_GROUP_CONTROLLER:
                return host_cgroup_test(p);
        case CONDITION_SECURITY:
                return host_security_test(p);
        default:
                return -EINVAL;
        }
}

int condition_test(const struct condition *c) {
        int r = condition_test_raw(c);

        if (r < 0)
                return log_debug_errno(r, "Cannot evaluate %s=%s (line %u), assuming it failed: %m",
                                       condition_type_to_string(c->type, false), c->parameter, c->line);
        return (r > 0) != c->negate;
}

/* systemd.unit(5): all regular conditions must hold and, if there are triggering ones,
 * at least one of them. Once one trigger held, later triggers are not evaluated. An
 * error counts as "does not hold", negated or not. */
bool condition_list_test(const struct condition *list, const struct condition **ret_failed) {
        const struct condition *first_trigger = NULL;
        bool triggered = false;

        if (ret_failed)
                *ret_failed = NULL;
        for (const struct condition *c = list; c; c = c->next) {
                if (c->trigger) {
                        if (!first_trigger)
                                first_trigger = c;
                        if (!triggered)
                                triggered = condition_test(c) > 0;
                } else if (condition_test(c) <= 0) {
                        if (ret_failed)
                                *ret_failed = c;
                        return false;
                }
        }
        if (first_trigger && !triggered) {
                if (ret_failed)
                        *ret_failed = first_trigger;
                return false;
        }
        return true;
}
