/* seccomp-names.c: the names seccomp directives take: architectures, address families, errno names.
 *
 * Lookups by name over fixed tables; what a name stands for is up to the caller
 * (exec-seccomp.c, seccomp-rules.c). */
#include <errno.h>
#include <seccomp.h>
#include <sys/socket.h>

#include "libsvc/macro.h"
#include "supervisord/seccomp-names.h"

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

int seccomp_names_arch_from_string(const char *name, uint32_t *ret) {
        for (size_t i = 0; i < ELEMENTSOF(arch_names); i++)
                if (streq(arch_names[i].name, name)) {
                        *ret = arch_names[i].arch;
                        return 0;
                }
        return -ENOENT;
}

const char *seccomp_names_arch_to_string(uint32_t arch) {
        for (size_t i = 0; i < ELEMENTSOF(arch_names); i++)
                if (arch_names[i].arch == arch)
                        return arch_names[i].name;
        return "native";
}

int seccomp_names_family_from_string(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(family_names); i++)
                if (streq(family_names[i].name, name))
                        return family_names[i].family;
        return -ENOENT;
}

int seccomp_names_errno_from_string(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(errno_names); i++)
                if (streq(errno_names[i].name, name))
                        return errno_names[i].value;
        return -ENOENT;
}
