/* seccomp-names.h: the names seccomp directives take: architectures, address families, errno names. */
#pragma once

#include <stdint.h>

/* SystemCallArchitectures=: systemd's identifier ("x86-64") as libseccomp's token, or
 * -ENOENT for a name this build does not know ("native" included: it is no table entry). */
int seccomp_names_arch_from_string(const char *name, uint32_t *ret);
/* The identifier of a token, "native" for one not in the table. */
const char *seccomp_names_arch_to_string(uint32_t arch);

/* RestrictAddressFamilies=: "AF_INET" as AF_INET, or -ENOENT for a name not known here
 * (the unit loader accepts exactly these, units/parse-security.c). */
int seccomp_names_family_from_string(const char *name);

/* The ":errno" suffixes of SystemCallFilter=: an errno(3) name ("EPERM", aliases included)
 * as Linux's number, or -ENOENT. */
int seccomp_names_errno_from_string(const char *name);
