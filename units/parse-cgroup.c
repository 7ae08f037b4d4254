/* parse-cgroup.c: parsers for systemd.resource-control(5): sizes, weights, quotas, device and IP lists. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "units/unit.h"
#include "units/value-parsers.h"

/* Sizes as systemd's parse_size(..., 1024): a decimal number with an optional fraction
 * and one suffix of B, K, M, G, T, P, E (powers of 1024). */
int value_parse_size_word(const char *s, bool allow_infinity, uint64_t *ret) {
        static const char suffixes[] = "BKMGTPE";
        char *end;
        long double v;
        uint64_t factor = 1;

        if (allow_infinity && streq(s, "infinity")) {
                *ret = UNIT_SIZE_INFINITY;
                return 0;
        }
        if (!isdigit((unsigned char) *s))
                return -EINVAL;
        errno = 0;
        v = strtold(s, &end);
        if (errno || end == s)
                return -EINVAL;
        if (*end) {
                const char *p = strchr(suffixes, *end);
                if (!p || end[1])
                        return -EINVAL;
                for (long i = 0; i < p - suffixes; i++)
                        factor *= 1024;
        }
        v *= factor;
        if (v >= 18446744073709551615.0L)
                return -EINVAL;
        *ret = (uint64_t) v;
        return 0;
}

/* "N%" (0-100, up to two decimals) as parts per 10000. */
static int parse_percent_permyriad(const char *s, uint64_t *ret) {
        size_t n = strlen(s);
        char *end;
        long double v;

        if (n < 2 || s[n - 1] != '%' || !isdigit((unsigned char) *s))
                return -EINVAL;
        errno = 0;
        v = strtold(s, &end);
        if (errno || end != s + n - 1 || v > 100)
                return -EINVAL;
        *ret = (uint64_t) (v * 100 + 0.5L);
        return 0;
}

int value_parse_memory_limit(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        uint64_t *limit = data, v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *limit);
        if (parse_percent_permyriad(value, &v) == 0)
                v |= UNIT_SIZE_PERMYRIAD;
        else if (value_parse_size_word(value, true, &v) < 0)
                return value_warn_bad(ctx, value, "a memory size (bytes with K, M, G, T, P, E, a percentage, or infinity)");
        *limit = v;
        return 0;
}

int value_parse_tasks_max(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        uint64_t *t = data, v;
        char *end;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *t);
        if (streq(value, "infinity")) {
                *t = UNIT_SIZE_INFINITY;
                return 0;
        }
        if (parse_percent_permyriad(value, &v) == 0) {
                *t = v | UNIT_SIZE_PERMYRIAD;
                return 0;
        }
        errno = 0;
        v = strtoull(value, &end, 10);
        if (!isdigit((unsigned char) *value) || errno || *end || v == 0)
                return value_warn_bad(ctx, value, "a task count (a positive number, a percentage, or infinity)");
        *t = v;
        return 0;
}

int value_parse_weight(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const struct { uint64_t min, max; const char *what; } ranges[_VALUE_WEIGHT_MAX] = {
                [VALUE_WEIGHT_CPU] = { 1, 10000, "a CPU weight (1...10000 or idle)" },
                [VALUE_WEIGHT_IO] = { 1, 10000, "an I/O weight (1...10000)" },
                [VALUE_WEIGHT_CPU_SHARES] = { 2, 262144, "a CPU share count (2...262144)" },
                [VALUE_WEIGHT_BLOCKIO] = { 10, 1000, "a block I/O weight (10...1000)" },
        };
        uint64_t *w = data, v;
        char *end;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *w);
        if (ltype == VALUE_WEIGHT_CPU && streq(value, "idle")) {
                *w = 0;
                return 0;
        }
        errno = 0;
        v = strtoull(value, &end, 10);
        if (!isdigit((unsigned char) *value) || errno || *end || v < ranges[ltype].min || v > ranges[ltype].max)
                return value_warn_bad(ctx, value, ranges[ltype].what);
        *w = v;
        return 0;
}

/* CPUQuota=: "N%" of one CPU, above 100% allowed; stored as CPU time per second. */
int value_parse_cpu_quota(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        usec_t *q = data;
        size_t n = strlen(value);
        char *end;
        long double v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *q);
        errno = 0;
        v = isdigit((unsigned char) *value) ? strtold(value, &end) : 0;
        if (!isdigit((unsigned char) *value) || errno || n < 2 || value[n - 1] != '%' || end != value + n - 1 ||
            v <= 0 || v > 1e9L)
                return value_warn_bad(ctx, value, "a CPU quota percentage (such as 20% or 200%)");
        *q = (usec_t) (v * USEC_PER_SEC / 100);
        return 0;
}

/* ManagedOOMMemoryPressureLimit=: a percentage, kept as parts per 10000. */
int value_parse_permyriad(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        uint64_t *p = data, v;

        if (*value == 0)
                return value_reset(ctx, data, sizeof *p);
        if (parse_percent_permyriad(value, &v) < 0)
                return value_warn_bad(ctx, value, "a percentage (0%...100%)");
        *p = v;
        return 0;
}

/* IODeviceWeight=, IOReadBandwidthMax=, ...: "PATH VALUE", PATH absolute (a device node
 * or a file on the device). Kept as written. */
int value_parse_device_value(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***list = data;
        const char *sep = value + strcspn(value, " \t"), *arg = sep + strspn(sep, " \t");
        _cleanup_free_ char *path = strndup(value, sep - value);
        bool ok;
        uint64_t v;
        usec_t t;

        if (!path)
                return log_oom();
        if (*value == 0) {
                *list = strv_free(*list);
                return 0;
        }
        ok = value_path_is_valid(path, 0) && *arg && !strpbrk(arg, " \t");
        if (ok) {
                char *end;
                switch (ltype) {
                case VALUE_DEVICE_WEIGHT:
                case VALUE_DEVICE_BLOCKIO_WEIGHT:
                        errno = 0;
                        v = strtoull(arg, &end, 10);
                        ok = isdigit((unsigned char) *arg) && !errno && !*end &&
                             (ltype == VALUE_DEVICE_WEIGHT ? v >= 1 && v <= 10000 : v >= 10 && v <= 1000);
                        break;
                case VALUE_DEVICE_BANDWIDTH:
                case VALUE_DEVICE_IOPS:
                        ok = value_parse_size_word(arg, true, &v) == 0;
                        break;
                case VALUE_DEVICE_LATENCY:
                        ok = parse_timespan(arg, USEC_PER_SEC, &t) == 0;
                        break;
                }
        }
        if (!ok)
                return value_warn_bad(ctx, value, ltype == VALUE_DEVICE_LATENCY ? "a device and a time span (PATH TIME)"
                                                  : ltype == VALUE_DEVICE_WEIGHT || ltype == VALUE_DEVICE_BLOCKIO_WEIGHT
                                                          ? "a device and a weight (PATH WEIGHT)"
                                                          : "a device and a limit (PATH BYTES)");
        return strv_extend(list, value) < 0 ? log_oom() : 0;
}

/* DeviceAllow=: "SPECIFIER [rwm]", SPECIFIER a /dev path, "char-NAME", "block-NAME". */
int value_parse_device_allow(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***list = data;
        const char *sep = value + strcspn(value, " \t"), *access = sep + strspn(sep, " \t");
        _cleanup_free_ char *spec = strndup(value, sep - value);
        bool ok;

        if (!spec)
                return log_oom();
        if (*value == 0) {
                *list = strv_free(*list);
                return 0;
        }
        ok = startswith(spec, "/dev/") || startswith(spec, "/run/systemd/inaccessible/") ||
             (startswith(spec, "char-") && spec[5]) || (startswith(spec, "block-") && spec[6]);
        ok = ok && strspn(access, "rwm") == strlen(access);
        if (!ok)
                return value_warn_bad(ctx, value, "a device access rule (DEVICE [rwm])");
        return strv_extend(list, value) < 0 ? log_oom() : 0;
}

/* Delegate=: a boolean, or a list of controllers (which implies yes). */
int value_parse_delegate(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        bool *delegate = data;
        char ***controllers = &unit_cgroup_mut(ctx->unit)->delegate_controllers; /* made by directive_apply() */
        int b;

        if (*value == 0) {
                *delegate = false;
                *controllers = strv_free(*controllers);
                return 0;
        }
        b = value_parse_boolean_word(value);
        if (b >= 0) {
                *delegate = b;
                return 0;
        }
        *delegate = true;
        return value_parse_words(ctx, value, controllers, VALUE_WORDS_CONTROLLER);
}

/* IPAddressAllow=: addresses with optional "/prefix", or any, localhost, link-local,
 * multicast. */
static int add_ip_prefix(const struct directive_context *ctx, const char *word, void *data) {
        static const char *const symbolic[] = { "any", "localhost", "link-local", "multicast" };
        const char *slash = strchr(word, '/');
        _cleanup_free_ char *addr = strndup(word, slash ? (size_t) (slash - word) : strlen(word));
        unsigned char buf[sizeof(struct in6_addr)];
        int max = -1;

        if (!addr)
                return -ENOMEM;
        for (size_t i = 0; i < ELEMENTSOF(symbolic); i++)
                if (streq(symbolic[i], word))
                        return strv_extend(data, word);
        if (inet_pton(AF_INET, addr, buf) == 1)
                max = 32;
        else if (inet_pton(AF_INET6, addr, buf) == 1)
                max = 128;
        if (max < 0)
                return -EINVAL;
        if (slash) {
                char *end;
                long p;
                errno = 0;
                p = strtol(slash + 1, &end, 10);
                if (!isdigit((unsigned char) slash[1]) || errno || *end || p > max)
                        return -EINVAL;
        }
        return strv_extend(data, word);
}

int value_parse_ip_address_list(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        if (*value == 0) {
                *(char ***) data = strv_free(*(char ***) data);
                return 0;
        }
        return value_for_each_word(ctx, value, "an IP address prefix (ADDRESS[/PREFIX], any, localhost, link-local, multicast)",
                                   add_ip_prefix, data);
}

/* BPFProgram=: "TYPE:PATH", TYPE one of the cgroup attach types systemd accepts. */
int value_parse_bpf_program(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        static const char *const types[] = { "ingress", "egress", "sock_create", "sock_ops", "device", "bind4",
                                             "bind6", "connect4", "connect6", "post_bind4", "post_bind6",
                                             "sendmsg4", "sendmsg6", "sysctl", "recvmsg4", "recvmsg6",
                                             "getsockopt", "setsockopt" };
        char ***list = data;
        const char *colon = strchr(value, ':');
        bool ok = false;

        if (*value == 0) {
                *list = strv_free(*list);
                return 0;
        }
        for (size_t i = 0; colon && i < ELEMENTSOF(types); i++)
                if (strlen(types[i]) == (size_t) (colon - value) && strneq(types[i], value, colon - value))
                        ok = value_path_is_valid(colon + 1, 0);
        if (!ok)
                return value_warn_bad(ctx, value, "a BPF program (TYPE:PATH)");
        return strv_extend(list, value) < 0 ? log_oom() : 0;
}

static bool port_range_is_valid(const char *s) {
        char *end;
        unsigned long lo, hi;

        if (streq(s, "any"))
                return true;
        errno = 0;
        lo = strtoul(s, &end, 10);
        hi = lo;
        if (*end == '-')
                hi = strtoul(end + 1, &end, 10);
        return isdigit((unsigned char) *s) && !errno && !*end && lo <= hi && hi <= 65535;
}

/* SocketBindAllow=: "any" or "[ipv4:|ipv6:][tcp:|udp:]PORT[-PORT]". */
int value_parse_socket_bind(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        char ***list = data;
        const char *p = value;

        if (*value == 0) {
                *list = strv_free(*list);
                return 0;
        }
        if (startswith(p, "ipv4:") || startswith(p, "ipv6:"))
                p += 5;
        if (startswith(p, "tcp:") || startswith(p, "udp:"))
                p += 4;
        if (!port_range_is_valid(p))
                return value_warn_bad(ctx, value, "a socket bind rule ([ipv4:|ipv6:][tcp:|udp:]PORT[-PORT] or any)");
        return strv_extend(list, value) < 0 ? log_oom() : 0;
}

/* RestrictNetworkInterfaces=: interface names (IFNAMSIZ), "~" for a deny list. */
static int add_ifname(const struct directive_context *ctx, const char *word, void *data) {
        struct unit_filter *f = data;
        size_t n = strlen(word);

        if (n == 0 || n >= 16 || strpbrk(word, "/: ") || streq(word, ".") || streq(word, ".."))
                return -EINVAL;
        return strv_contains(f->entries, word) ? 0 : strv_extend(&f->entries, word);
}

int value_parse_network_interfaces(const struct directive_context *ctx, const char *value, void *data, int ltype) {
        struct unit_filter *f = data;
        const char *p = value;

        if (*value == 0) {
                f->entries = strv_free(f->entries);
                f->set = false;
                return 0;
        }
        if (*p == '~')
                p++;
        if (!f->set) {
                f->set = true;
                f->allow_list = p == value;
        }
        return value_for_each_word(ctx, p, "a network interface name", add_ifname, f);
}
