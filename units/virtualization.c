/* virtualization.c: the host as Condition*= sees it: container, VM, architecture, cgroup controllers, security technologies.
 *
 * Names are systemd-detect-virt(1)'s and systemd.unit(5)'s. Every source is a file read
 * through host_path(), so that tests can point detection at a fake root
 * (condition_set_test_root()); the sources that are not files (svcd's own "container"
 * variable when it is PID 1, the x86 CPUID hypervisor leaf, the audit netlink socket)
 * are skipped while a test root is set. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "libsvc/fd-util.h"
#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "units/virtualization.h"

#define WHITESPACE " \t\n\r"
#define HOST_FILE_MAX (4u << 20)

/* systemd-detect-virt(1), "Known virtualization technologies". */
static const char *const vm_names[] = {
        "qemu", "kvm", "amazon", "zvm", "vmware", "microsoft", "oracle", "powervm", "xen",
        "bochs", "uml", "parallels", "bhyve", "qnx", "acrn", "apple", "sre", "google", "vm-other",
};
static const char *const container_names[] = {
        "openvz", "lxc", "lxc-libvirt", "systemd-nspawn", "docker", "podman", "rkt",
        "wsl", "proot", "pouch", "container-other",
};

static bool name_in(const char *name, const char *const *names, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (streq(name, names[i]))
                        return true;
        return false;
}

int virt_kind_from_name(const char *name) {
        if (name_in(name, vm_names, ELEMENTSOF(vm_names)))
                return VIRT_VM;
        if (name_in(name, container_names, ELEMENTSOF(container_names)))
                return VIRT_CONTAINER;
        return -EINVAL;
}

/* The files container managers leave behind, for when no "container" variable names
 * one (Docker sets none; "oci" says only that some OCI runtime started us). */
static const char *container_from_files(void) {
        if (host_file_exists("/run/.containerenv"))
                return "podman";
        if (host_file_exists("/.dockerenv"))
                return "docker";
        return NULL;
}

/* systemd's container ids pass through; "oci" is refined by the files; anything else
 * is some container we have no name for. */
static const char *container_from_value(const char *value) {
        if (streq(value, "oci"))
                return container_from_files() ?: "container-other";
        for (size_t i = 0; i < ELEMENTSOF(container_names); i++)
                if (streq(value, container_names[i]))
                        return container_names[i];
        return "container-other";
}

/* The value of "container" in PID 1's environment block (NUL-separated). */
static char *pid1_container_variable(void) {
        _cleanup_free_ char *env = NULL;
        size_t size;

        if (!host_testing() && getpid() == 1) {
                const char *e = getenv("container");
                return e ? strdup(e) : NULL;
        }
        if (host_read_file("/proc/1/environ", &env, &size) < 0)
                return NULL; /* not readable unless privileged: fall through to the files */
        for (size_t i = 0; i < size; i += strlen(env + i) + 1) {
                const char *v = startswith(env + i, "container=");
                if (v)
                        return strdup(v);
        }
        return NULL;
}

/* Order as systemd's detect_container(): OpenVZ and WSL by their /proc marks, then what
 * the container manager told us (our environment as PID 1, /run/systemd/container
 * written by a systemd outside, PID 1's environment), then the manager's files. Not
 * detected: proot (by the tracer's name) and the cgroup-namespace guess. */
enum virt_kind virt_detect_container(const char **ret_name) {
        _cleanup_free_ char *value = NULL, *osrelease = NULL;
        const char *name = NULL;

        if (host_file_exists("/proc/vz") && !host_file_exists("/proc/bc"))
                name = "openvz";
        else if (host_read_line("/proc/sys/kernel/osrelease", &osrelease) >= 0 &&
                 (strstr(osrelease, "Microsoft") || strstr(osrelease, "WSL")))
                name = "wsl";
        else {
                if (host_read_line("/run/systemd/container", &value) < 0)
                        value = pid1_container_variable();
                if (value)
                        name = *value ? container_from_value(value) : NULL; /* "container=": none */
                else
                        name = container_from_files();
        }
        if (ret_name)
                *ret_name = name ?: "none";
        return name ? VIRT_CONTAINER : VIRT_NONE;
}

/* SMBIOS strings the hypervisors put in /sys/class/dmi/id (prefix match). */
static const char *vm_from_dmi(void) {
        static const char *const files[] = { "product_name", "sys_vendor", "board_vendor", "bios_vendor",
                                             "product_version" };
        static const struct {
                const char *prefix, *id;
        } vendors[] = {
                { "KVM", "kvm" },          { "OpenStack", "kvm" },       { "KubeVirt", "kvm" },
                { "Amazon EC2", "amazon" }, { "QEMU", "qemu" },           { "VMware", "vmware" },
                { "VMW", "vmware" },       { "innotek GmbH", "oracle" }, { "VirtualBox", "oracle" },
                { "Oracle Corporation", "oracle" }, { "Xen", "xen" },    { "Bochs", "bochs" },
                { "Parallels", "parallels" }, { "BHYVE", "bhyve" },       { "Hyper-V", "microsoft" },
                { "Apple Virtualization", "apple" }, { "Google Compute Engine", "google" },
        };

        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                _cleanup_free_ char *s = NULL;
                char path[64];

                snprintf(path, sizeof path, "/sys/class/dmi/id/%s", files[i]);
                if (host_read_line(path, &s) < 0)
                        continue;
                for (size_t j = 0; j < ELEMENTSOF(vendors); j++)
                        if (startswith(s, vendors[j].prefix))
                                return vendors[j].id;
        }
        return NULL;
}

/* x86: CPUID leaf 1 ECX bit 31 says "running under a hypervisor"; leaf 0x40000000
 * carries the hypervisor's 12-byte signature. *ret_hypervisor is the bit. */
static const char *vm_from_cpuid(bool *ret_hypervisor) {
        *ret_hypervisor = false;
#if defined(__i386__) || defined(__x86_64__)
        static const struct {
                const char *signature, *id;
        } signatures[] = {
                { "XenVMMXenVMM", "xen" },   { "KVMKVMKVM", "kvm" },      { "Linux KVM Hv", "kvm" },
                { "TCGTCGTCGTCG", "qemu" },  { "VMwareVMware", "vmware" }, { "Microsoft Hv", "microsoft" },
                { "bhyve bhyve ", "bhyve" }, { "QNXQVMBSQG", "qnx" },     { "ACRNACRNACRN", "acrn" },
                { "SRESRESRESRE", "sre" },
        };
        unsigned eax, ebx, ecx, edx;
        char sig[13] = {};

        if (host_testing() || !__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 31)))
                return NULL;
        *ret_hypervisor = true;
        __cpuid(0x40000000, eax, ebx, ecx, edx);
        memcpy(sig, &ebx, 4);
        memcpy(sig + 4, &ecx, 4);
        memcpy(sig + 8, &edx, 4);
        for (size_t i = 0; i < ELEMENTSOF(signatures); i++)
                if (streq(sig, signatures[i].signature))
                        return signatures[i].id;
#endif
        return NULL;
}

/* Non-x86 and paravirtualized guests: device tree, Xen's /sys/hypervisor, z/VM, UML. */
static const char *vm_from_other_sources(void) {
        _cleanup_free_ char *compatible = NULL, *type = NULL, *sysinfo = NULL, *cpuinfo = NULL;

        if (host_read_line("/proc/device-tree/hypervisor/compatible", &compatible) >= 0) {
                if (strstr(compatible, "linux,kvm"))
                        return "kvm";
                if (strstr(compatible, "xen"))
                        return "xen";
                if (strstr(compatible, "vmware"))
                        return "vmware";
                return "vm-other";
        }
        if (host_file_exists("/proc/device-tree/ibm,partition-name") &&
            host_file_exists("/proc/device-tree/hmc-managed?") &&
            !host_file_exists("/proc/device-tree/chosen/qemu,graphic-width"))
                return "powervm";
        if ((host_read_line("/sys/hypervisor/type", &type) >= 0 && streq(type, "xen")) ||
            host_file_exists("/proc/xen"))
                return "xen";
        if (host_read_file("/proc/sysinfo", &sysinfo, NULL) >= 0) {
                const char *cp = strstr(sysinfo, "VM00 Control Program:");
                if (cp)
                        return strstr(cp, "z/VM") ? "zvm" : "kvm";
        }
        if (host_read_file("/proc/cpuinfo", &cpuinfo, NULL) >= 0 &&
            strstr(cpuinfo, "vendor_id\t: User Mode Linux"))
                return "uml";
        return NULL;
}

/* As systemd's detect_vm(): some DMI vendors run on KVM and say so in CPUID, but the
 * product is what users ask about (VirtualBox, EC2, Parallels), so DMI wins for those;
 * otherwise the CPUID signature is the most reliable, then DMI, then the rest. A
 * hypervisor bit without a known signature is "vm-other". */
enum virt_kind virt_detect_vm(const char **ret_name) {
        const char *dmi = vm_from_dmi(), *cpuid, *name;
        bool hypervisor;

        if (dmi && (streq(dmi, "oracle") || streq(dmi, "xen") || streq(dmi, "amazon") ||
                    streq(dmi, "parallels") || streq(dmi, "google")))
                name = dmi;
        else {
                cpuid = vm_from_cpuid(&hypervisor);
                name = cpuid ?: dmi ?: vm_from_other_sources();
                if (!name && hypervisor)
                        name = "vm-other";
        }
        if (ret_name)
                *ret_name = name ?: "none";
        return name ? VIRT_VM : VIRT_NONE;
}

enum virt_kind virt_detect(const char **ret_name) {
        enum virt_kind k = virt_detect_container(ret_name);
        return k != VIRT_NONE ? k : virt_detect_vm(ret_name);
}

/* user_namespaces(7): the initial namespace maps all 2^32-1 ids ("0 0 4294967295");
 * any other uid_map means we are in a user namespace. */
bool virt_running_in_userns(void) {
        _cleanup_free_ char *map = NULL;
        unsigned long a, b, c;
        int n = 0;

        if (host_read_file("/proc/self/uid_map", &map, NULL) < 0)
                return false; /* no user namespaces in this kernel */
        if (sscanf(map, "%lu %lu %lu%n", &a, &b, &c, &n) != 3)
                return true;
        return !(a == 0 && b == 0 && c == 4294967295UL) || map[n + strspn(map + n, " \t\n")] != 0;
}

/* uname(2) machine → systemd's architecture names (systemd.unit(5) ConditionArchitecture=). */
static const struct {
        const char *machine, *arch;
} arch_map[] = {
        { "x86_64", "x86-64" },   { "i386", "x86" },       { "i486", "x86" },        { "i586", "x86" },
        { "i686", "x86" },        { "aarch64", "arm64" },  { "aarch64_be", "arm64-be" },
        { "ppc64le", "ppc64-le" }, { "ppc64", "ppc64" },   { "ppcle", "ppc-le" },    { "ppc", "ppc" },
        { "s390x", "s390x" },     { "s390", "s390" },      { "sparc64", "sparc64" }, { "sparc", "sparc" },
        { "ia64", "ia64" },       { "parisc64", "parisc64" }, { "parisc", "parisc" }, { "alpha", "alpha" },
        { "sh64", "sh64" },       { "sh", "sh" },          { "m68k", "m68k" },       { "tilegx", "tilegx" },
        { "crisv32", "cris" },    { "arceb", "arc-be" },   { "arc", "arc" },         { "riscv64", "riscv64" },
        { "riscv32", "riscv32" }, { "loongarch64", "loongarch64" },
};

static const char *const arch_names[] = {
        "x86", "x86-64", "ppc", "ppc-le", "ppc64", "ppc64-le", "ia64", "parisc", "parisc64", "s390",
        "s390x", "sparc", "sparc64", "mips", "mips-le", "mips64", "mips64-le", "alpha", "arm",
        "arm-be", "arm64", "arm64-be", "sh", "sh64", "m68k", "tilegx", "cris", "arc", "arc-be",
        "riscv32", "riscv64", "loongarch64",
};

bool arch_is_valid(const char *name) {
        return streq(name, "native") || name_in(name, arch_names, ELEMENTSOF(arch_names));
}

static bool little_endian(void) {
        return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

/* The uname machine: uname(2), or the test root's /proc/sys/kernel/arch (same string). */
const char *arch_current(void) {
        static char machine[65];
        struct utsname u;

        if (host_testing()) {
                _cleanup_free_ char *s = NULL;
                if (host_read_line("/proc/sys/kernel/arch", &s) < 0)
                        return NULL;
                snprintf(machine, sizeof machine, "%s", s);
        } else {
                if (uname(&u) < 0)
                        return NULL;
                snprintf(machine, sizeof machine, "%s", u.machine);
        }
        /* MIPS and 32-bit ARM kernels report no endianness in most machine names; like
         * systemd, take it from how svcd itself was compiled. */
        if (startswith(machine, "mips64"))
                return little_endian() ? "mips64-le" : "mips64";
        if (startswith(machine, "mips"))
                return little_endian() ? "mips-le" : "mips";
        if (startswith(machine, "arm") && !startswith(machine, "arm64"))
                return endswith(machine, "b") || !little_endian() ? "arm-be" : "arm";
        for (size_t i = 0; i < ELEMENTSOF(arch_map); i++)
                if (streq(machine, arch_map[i].machine))
                        return arch_map[i].arch;
        return NULL;
}

const char *arch_native(void) {
#if defined(__x86_64__)
        return "x86-64";
#elif defined(__i386__)
        return "x86";
#elif defined(__aarch64__)
        return little_endian() ? "arm64" : "arm64-be";
#elif defined(__arm__)
        return little_endian() ? "arm" : "arm-be";
#elif defined(__powerpc64__)
        return little_endian() ? "ppc64-le" : "ppc64";
#elif defined(__powerpc__)
        return little_endian() ? "ppc-le" : "ppc";
#elif defined(__s390x__)
        return "s390x";
#elif defined(__s390__)
        return "s390";
#elif defined(__riscv) && __riscv_xlen == 64
        return "riscv64";
#elif defined(__riscv)
        return "riscv32";
#elif defined(__mips64)
        return little_endian() ? "mips64-le" : "mips64";
#elif defined(__mips__)
        return little_endian() ? "mips-le" : "mips";
#elif defined(__loongarch64)
        return "loongarch64";
#elif defined(__sparc__) && defined(__arch64__)
        return "sparc64";
#elif defined(__sparc__)
        return "sparc";
#elif defined(__alpha__)
        return "alpha";
#elif defined(__m68k__)
        return "m68k";
#elif defined(__hppa64__)
        return "parisc64";
#elif defined(__hppa__)
        return "parisc";
#elif defined(__ia64__)
        return "ia64";
#else
        return NULL;
#endif
}

/* ---- The root system files are read from ("/", or a test's directory). ---- */

static char *test_root;

void host_set_root(const char *dir) {
        free(test_root);
        test_root = dir ? strdup(dir) : NULL;
        if (dir && !test_root)
                abort(); /* tests only: no way to report it */
}

bool host_testing(void) {
        return test_root != NULL;
}

const char *host_path(const char *path, char *buf, size_t size) {
        int n = snprintf(buf, size, "%s%s", test_root ?: "", path);
        return n >= 0 && (size_t) n < size ? buf : NULL;
}

int host_read_file(const char *path, char **ret, size_t *ret_size) {
        char pbuf[PATH_MAX], *buf = NULL;
        const char *p = host_path(path, pbuf, sizeof pbuf);
        _cleanup_close_ int fd = -1;
        size_t size = 0, allocated = 0;

        if (!p)
                return -ENAMETOOLONG;
        fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        /* /proc and /sys files report size 0: read until EOF. */
        for (;;) {
                ssize_t n;
                if (size + 1 >= allocated) {
                        char *nb;
                        if (allocated >= HOST_FILE_MAX) {
                                free(buf);
                                return -EFBIG;
                        }
                        allocated = allocated ? allocated * 2 : 4096;
                        nb = realloc(buf, allocated);
                        if (!nb) {
                                free(buf);
                                return -ENOMEM;
                        }
                        buf = nb;
                }
                n = read(fd, buf + size, allocated - size - 1);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        int r = -errno;
                        free(buf);
                        return r;
                }
                if (n == 0)
                        break;
                size += (size_t) n;
        }
        buf[size] = 0;
        *ret = buf;
        if (ret_size)
                *ret_size = size;
        return 0;
}

int host_read_line(const char *path, char **ret) {
        char *s;
        int r = host_read_file(path, &s, NULL);

        if (r < 0)
                return r;
        s[strcspn(s, "\n")] = 0;
        memmove(s, strstrip(s), strlen(strstrip(s)) + 1);
        *ret = s;
        return 0;
}

bool host_file_exists(const char *path) {
        char buf[PATH_MAX];
        const char *p = host_path(path, buf, sizeof buf);
        return p && access(p, F_OK) >= 0;
}

/* ---- cgroup controllers and security technologies ---- */

/* systemd.resource-control(5) controller names (v1 and v2, and the BPF-based ones). */
static const char *const cgroup_controllers[] = {
        "cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids", "bpf-firewall",
        "bpf-devices", "bpf-foreign", "bpf-socket-bind", "bpf-restrict-network-interfaces",
};

bool host_cgroup_controller_is_known(const char *s) {
        for (size_t i = 0; i < ELEMENTSOF(cgroup_controllers); i++)
                if (streq(s, cgroup_controllers[i]))
                        return true;
        return false;
}

static const char *const security_names[] = {
        "selinux", "apparmor", "tomoyo", "ima", "smack", "audit", "uefi-secureboot", "tpm2",
};

bool host_security_is_known(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(security_names); i++)
                if (streq(name, security_names[i]))
                        return true;
        return false;
}

/* cgroups(7): v2 when /sys/fs/cgroup/cgroup.controllers exists (the unified root), and
 * its controllers are those listed there; "cpuacct" comes with "cpu", and "devices" and
 * the bpf-* ones are eBPF programs any v2 hierarchy takes. v1 (or hybrid): the enabled
 * lines of /proc/cgroups. Unknown names are ignored, as systemd.unit(5) says. */
int host_cgroup_test(const char *p) {
        bool v2 = host_file_exists("/sys/fs/cgroup/cgroup.controllers");
        _cleanup_free_ char *available = NULL, *padded = NULL;
        int r;

        if (streq(p, "v2"))
                return v2;
        if (streq(p, "v1"))
                return !v2 && host_file_exists("/sys/fs/cgroup");
        r = host_read_file(v2 ? "/sys/fs/cgroup/cgroup.controllers" : "/proc/cgroups", &available, NULL);
        if (r < 0)
                return r;
        if (v2) { /* " cpu io memory " so that a word is found with its spaces */
                for (char *s = available; *s; s++)
                        if (strchr(WHITESPACE, *s))
                                *s = ' ';
                if (asprintf(&padded, " %s ", available) < 0)
                        return -ENOMEM;
        }
        for (const char *w = p + strspn(p, WHITESPACE); *w; w += strspn(w, WHITESPACE)) {
                size_t n = strcspn(w, WHITESPACE);
                char name[64], needle[80];
                unsigned hierarchy, count, enabled;
                const char *line;

                snprintf(name, sizeof name, "%.*s", (int) MIN(n, sizeof name - 1), w);
                w += n;
                if (n >= sizeof name || !host_cgroup_controller_is_known(name))
                        continue;
                if (v2 && (streq(name, "devices") || startswith(name, "bpf-")))
                        continue;
                if (v2) {
                        snprintf(needle, sizeof needle, " %s ", streq(name, "cpuacct") ? "cpu" : name);
                        if (!strstr(padded, needle))
                                return 0;
                        continue;
                }
                /* "#subsys_name hierarchy num_cgroups enabled" */
                snprintf(needle, sizeof needle, "\n%s\t", name);
                line = strstr(available, needle);
                if (!line || sscanf(line + strlen(needle), "%u %u %u", &hierarchy, &count, &enabled) != 3 || !enabled)
                        return 0;
        }
        return 1;
}

/* What the kernel exposes about each: the LSM file systems and module parameters, the
 * UEFI SecureBoot variable, a TPM2 resource manager device, an audit netlink socket.
 * The audit probe is not a file, so under a test root it reads as absent. */
int host_security_test(const char *p) {
        if (streq(p, "selinux"))
                return host_file_exists("/sys/fs/selinux/enforce");
        if (streq(p, "smack"))
                return host_file_exists("/sys/fs/smackfs");
        if (streq(p, "ima"))
                return host_file_exists("/sys/kernel/security/ima");
        if (streq(p, "tomoyo"))
                return host_file_exists("/sys/kernel/security/tomoyo");
        if (streq(p, "apparmor")) {
                _cleanup_free_ char *s = NULL;
                return host_read_line("/sys/module/apparmor/parameters/enabled", &s) >= 0 && s[0] == 'Y';
        }
        if (streq(p, "uefi-secureboot")) {
                /* efivarfs: 4 bytes of attributes, then the 1-byte value. */
                _cleanup_free_ char *v = NULL;
                size_t n;
                return host_read_file("/sys/firmware/efi/efivars/"
                                                "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c",
                                                &v, &n) >= 0 &&
                       n == 5 && v[4] == 1;
        }
        if (streq(p, "tpm2")) {
                char buf[PATH_MAX];
                DIR *d = opendir(host_path("/sys/class/tpmrm", buf, sizeof buf) ?: "/nonexistent");
                struct dirent *de;
                bool found = false;
                if (!d)
                        return 0;
                while (!found && (de = readdir(d)))
                        found = de->d_name[0] != '.';
                closedir(d);
                return found;
        }
        if (streq(p, "audit")) {
                /* As systemd's use_audit(): the socket exists unless audit is compiled out. */
                int fd;
                if (host_testing())
                        return 0;
                fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);
                if (fd < 0)
                        return errno != EAFNOSUPPORT && errno != EPROTONOSUPPORT && errno != EPERM;
                safe_close(fd);
                return 1;
        }
        return -EINVAL;
}
