/* specifier.c: expanding %-specifiers (systemd.unit(5) "SPECIFIERS") from a unit's names and the system's values. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/strbuf.h"
#include "libsvc/strv.h"
#include "units/specifier.h"
#include "units/unit-name.h"

/* The first line of a file, without its newline; "" if the file cannot be read. */
static char *read_first_line(const char *path) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        char *line = NULL;
        size_t size = 0;
        ssize_t n;

        if (!f || (n = getline(&line, &size, f)) < 0) {
                free(line);
                return strdup("");
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = 0;
        return line;
}

/* os-release(5) and machine-info(5) are lists of KEY=value with shell quoting; the value
 * of key, unquoted, or "" if the key is absent. */
static char *read_env_file_value(const char *path, const char *key) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        _cleanup_free_ char *line = NULL;
        size_t size = 0;

        while (f && getline(&line, &size, f) >= 0) {
                const char *v = startswith(strstrip(line), key);
                char *out, *t, quote = 0;

                if (!v || *v != '=')
                        continue;
                out = t = malloc(strlen(v));
                if (!out)
                        return NULL;
                for (v++; *v; v++) {
                        if (!quote && (*v == '"' || *v == '\''))
                                quote = *v;
                        else if (quote && *v == quote)
                                quote = 0;
                        else if (*v == '\\' && quote != '\'' && v[1])
                                *t++ = *++v;
                        else
                                *t++ = *v;
                }
                *t = 0;
                return out;
        }
        return strdup("");
}

static char *os_release_value(const char *key) {
        const char *path = access("/etc/os-release", F_OK) == 0 ? "/etc/os-release" : "/usr/lib/os-release";
        return read_env_file_value(path, key);
}

/* ConditionArchitecture= names (systemd.unit(5)) for uname(2)'s machine field. */
static const char *architecture_name(const char *machine) {
        static const char *const map[][2] = {
                { "x86_64", "x86-64" },   { "i386", "x86" },         { "i486", "x86" },
                { "i586", "x86" },        { "i686", "x86" },         { "aarch64", "arm64" },
                { "aarch64_be", "arm64-be" }, { "armv7l", "arm" },   { "armv6l", "arm" },
                { "armv8l", "arm" },      { "ppc64le", "ppc64-le" }, { "ppc64", "ppc64" },
                { "ppc", "ppc" },         { "s390x", "s390x" },      { "s390", "s390" },
                { "riscv64", "riscv64" }, { "mips64", "mips64" },    { "mips", "mips" },
                { "loongarch64", "loongarch64" }, { "sparc64", "sparc64" }, { "alpha", "alpha" },
        };
        for (size_t i = 0; i < ELEMENTSOF(map); i++)
                if (streq(machine, map[i][0]))
                        return map[i][1];
        return machine;
}

/* systemd.unit(5) %T/%V: "$TMPDIR, $TEMP or $TMP", the first that is set to an absolute
 * path, else the default directory. */
static char *tmp_dir(const char *fallback) {
        static const char *const vars[] = { "TMPDIR", "TEMP", "TMP" };
        for (size_t i = 0; i < ELEMENTSOF(vars); i++) {
                const char *e = getenv(vars[i]);
                if (e && path_is_absolute(e))
                        return strdup(e);
        }
        return strdup(fallback);
}

static char *xdg_dir(const char *var, const char *home, const char *home_suffix, const char *suffix) {
        const char *e = getenv(var);
        char *s;

        if (e && path_is_absolute(e))
                return asprintf(&s, "%s%s", e, suffix) < 0 ? NULL : s;
        return asprintf(&s, "%s%s%s", home ?: "", home_suffix, suffix) < 0 ? NULL : s;
}

static char *uint_string(unsigned long v) {
        char *s;
        return asprintf(&s, "%lu", v) < 0 ? NULL : s;
}

static int load_user(struct specifier_system *sys) {
        struct passwd *pw = getpwuid(getuid());
        struct group *gr = getgrgid(getgid());
        const char *home = getenv("HOME");

        if (!home || !path_is_absolute(home))
                home = pw ? pw->pw_dir : "/";
        sys->user_name = pw ? strdup(pw->pw_name) : uint_string(getuid());
        sys->uid = uint_string(getuid());
        sys->group_name = gr ? strdup(gr->gr_name) : uint_string(getgid());
        sys->gid = uint_string(getgid());
        sys->home = strdup(home);
        sys->shell = strdup(pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
        /* systemd.unit(5) as of systemd 252: %S and %E are $XDG_CONFIG_HOME, %L is
         * $XDG_CONFIG_HOME/log, %C $XDG_CACHE_HOME, %t $XDG_RUNTIME_DIR. */
        sys->runtime_dir = strdup(getenv("XDG_RUNTIME_DIR") ?: "");
        sys->config_dir = xdg_dir("XDG_CONFIG_HOME", home, "/.config", "");
        sys->state_dir = xdg_dir("XDG_CONFIG_HOME", home, "/.config", "");
        sys->logs_dir = xdg_dir("XDG_CONFIG_HOME", home, "/.config", "/log");
        sys->cache_dir = xdg_dir("XDG_CACHE_HOME", home, "/.cache", "");
        return 0;
}

/* systemd.unit(5): for the system manager, %u %g are "root", %U %G "0", %h "/root"; the
 * shell of root's manager is /bin/sh, as systemd resolves it. */
static void load_system_manager(struct specifier_system *sys) {
        sys->user_name = strdup("root");
        sys->uid = strdup("0");
        sys->group_name = strdup("root");
        sys->gid = strdup("0");
        sys->home = strdup("/root");
        sys->shell = strdup("/bin/sh");
        sys->runtime_dir = strdup("/run");
        sys->state_dir = strdup("/var/lib");
        sys->cache_dir = strdup("/var/cache");
        sys->logs_dir = strdup("/var/log");
        sys->config_dir = strdup("/etc");
}

int specifier_system_load(struct specifier_system *sys, bool user) {
        struct utsname u;
        char host[256] = "";

        *sys = (struct specifier_system) { .user = user };
        if (uname(&u) < 0)
                memset(&u, 0, sizeof u);
        if (gethostname(host, sizeof host - 1) < 0)
                host[0] = 0;
        sys->architecture = strdup(architecture_name(u.machine));
        sys->kernel_release = strdup(u.release);
        sys->hostname = strdup(host);
        sys->boot_id = read_first_line("/proc/sys/kernel/random/boot_id");
        /* systemd.unit(5), %b: the boot ID as 32 hex digits, like %m; the kernel's file
         * has the UUID form with dashes. */
        if (sys->boot_id) {
                char *w = sys->boot_id;
                for (const char *r = sys->boot_id; *r; r++)
                        if (*r != '-')
                                *w++ = *r;
                *w = 0;
        }
        sys->machine_id = read_first_line("/etc/machine-id");
        sys->pretty_hostname = read_env_file_value("/etc/machine-info", "PRETTY_HOSTNAME");
        sys->os_id = os_release_value("ID");
        sys->os_version_id = os_release_value("VERSION_ID");
        sys->os_variant_id = os_release_value("VARIANT_ID");
        sys->os_build_id = os_release_value("BUILD_ID");
        sys->os_image_id = os_release_value("IMAGE_ID");
        sys->os_image_version = os_release_value("IMAGE_VERSION");
        sys->tmp_dir = tmp_dir("/tmp");
        sys->var_tmp_dir = tmp_dir("/var/tmp");
        if (user)
                load_user(sys);
        else
                load_system_manager(sys);
        sys->loaded = true;

        char *const all[] = {
                sys->architecture, sys->kernel_release, sys->hostname,   sys->boot_id,       sys->machine_id,
                sys->pretty_hostname, sys->os_id,       sys->os_version_id, sys->os_variant_id, sys->os_build_id,
                sys->os_image_id, sys->os_image_version, sys->tmp_dir,   sys->var_tmp_dir,   sys->user_name,
                sys->uid,         sys->group_name,      sys->gid,        sys->home,          sys->shell,
                sys->runtime_dir, sys->state_dir,       sys->cache_dir,  sys->logs_dir,      sys->config_dir,
        };
        for (size_t i = 0; i < ELEMENTSOF(all); i++)
                if (!all[i]) {
                        specifier_system_done(sys);
                        return -ENOMEM;
                }
        return 0;
}

void specifier_system_done(struct specifier_system *sys) {
        char **all[] = {
                &sys->architecture, &sys->kernel_release, &sys->hostname,   &sys->boot_id,       &sys->machine_id,
                &sys->pretty_hostname, &sys->os_id,       &sys->os_version_id, &sys->os_variant_id, &sys->os_build_id,
                &sys->os_image_id, &sys->os_image_version, &sys->tmp_dir,   &sys->var_tmp_dir,   &sys->user_name,
                &sys->uid,         &sys->group_name,      &sys->gid,        &sys->home,          &sys->shell,
                &sys->runtime_dir, &sys->state_dir,       &sys->cache_dir,  &sys->logs_dir,      &sys->config_dir,
        };
        for (size_t i = 0; i < ELEMENTSOF(all); i++) {
                free(*all[i]);
                *all[i] = NULL;
        }
        sys->loaded = false;
}


/* %j: the prefix after its last "-"; the whole prefix if it has none. */
static int final_component(const char *prefix, char **ret) {
        const char *dash = strrchr(prefix, '-');
        char *s = strdup(dash ? dash + 1 : prefix);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

/* The value of a specifier that depends on the unit's name: 1 with *ret set, 0 if c is
 * not such a specifier, -errno. Names the loader accepted are valid, so only an
 * invalid id given by a caller or an escape that does not decode fails with -EINVAL. */
static int unit_specifier(const struct specifier_context *ctx, char c, char **ret) {
        _cleanup_free_ char *prefix = NULL, *instance = NULL, *tmp = NULL;
        const char *id = ctx->unit_id ?: "";
        int r;

        if (!strchr("nNpPiIjJfyY", c))
                return 0;
        switch (c) {
        case 'n':
                *ret = strdup(id);
                return *ret ? 1 : -ENOMEM;
        case 'N':
                r = unit_name_strip_suffix(id, ret);
                return r < 0 ? r : 1;
        case 'y':
        case 'Y':
                /* systemd.unit(5): "For units that don't have a fragment file, this
                 * specifier will raise an error." */
                if (!ctx->fragment_path)
                        return -ENOENT;
                if (c == 'y')
                        *ret = strdup(ctx->fragment_path);
                else {
                        const char *slash = strrchr(ctx->fragment_path, '/');
                        *ret = slash ? strndup(ctx->fragment_path, (size_t) MAX(slash - ctx->fragment_path, 1))
                                     : strdup(".");
                }
                return *ret ? 1 : -ENOMEM;
        }

        r = unit_name_prefix_of(id, &prefix);
        if (r < 0)
                return r;
        if (unit_name_is_instance(id)) {
                r = unit_name_instance_of(id, &instance);
                if (r < 0)
                        return r;
        }
        switch (c) {
        case 'p':
                *ret = TAKE_PTR(prefix);
                return 1;
        case 'P':
                r = unit_name_unescape(prefix, ret);
                return r < 0 ? r : 1;
        case 'i':
                *ret = instance ? TAKE_PTR(instance) : strdup("");
                return *ret ? 1 : -ENOMEM;
        case 'I':
                r = unit_name_unescape(instance ?: "", ret);
                return r < 0 ? r : 1;
        case 'j':
                r = final_component(prefix, ret);
                return r < 0 ? r : 1;
        case 'J':
                r = final_component(prefix, &tmp);
                if (r >= 0)
                        r = unit_name_unescape(tmp, ret);
                return r < 0 ? r : 1;
        case 'f':
                /* The instance, or else the prefix, unescaped as a path. */
                r = unit_name_path_unescape(instance ?: prefix, ret);
                if (r == -EINVAL) {
                        /* Not the image of a normalized path (e.g. "foo-"): systemd
                         * still prepends "/" to the plain unescaping. */
                        r = unit_name_unescape(instance ?: prefix, &tmp);
                        if (r >= 0 && asprintf(ret, "%s%s", *tmp == '/' ? "" : "/", tmp) < 0)
                                r = -ENOMEM;
                }
                return r < 0 ? r : 1;
        }
        return 0;
}

/* The value of a system specifier, borrowed from sys; NULL if c is not one. */
static const char *system_specifier(const struct specifier_system *sys, char c) {
        switch (c) {
        case 'a': return sys->architecture;
        case 'A': return sys->os_image_version;
        case 'b': return sys->boot_id;
        case 'B': return sys->os_build_id;
        case 'C': return sys->cache_dir;
        case 'E': return sys->config_dir;
        case 'g': return sys->group_name;
        case 'G': return sys->gid;
        case 'h': return sys->home;
        case 'H': return sys->hostname;
        case 'L': return sys->logs_dir;
        case 'm': return sys->machine_id;
        case 'M': return sys->os_image_id;
        case 'o': return sys->os_id;
        case 's': return sys->shell;
        case 'S': return sys->state_dir;
        case 't': return sys->runtime_dir;
        case 'T': return sys->tmp_dir;
        case 'u': return sys->user_name;
        case 'U': return sys->uid;
        case 'v': return sys->kernel_release;
        case 'V': return sys->var_tmp_dir;
        case 'w': return sys->os_version_id;
        case 'W': return sys->os_variant_id;
        }
        return NULL;
}

static bool is_system_specifier(char c) {
        return c && strchr("aAbBCEgGhHLmMosStTuUvVwWlqd", c);
}

int specifier_expand(const struct specifier_context *ctx, const char *s, char **ret, char *ret_unknown) {
        struct strbuf o = {};
        char c = 0;
        int r = 0;

        if (strbuf_put(&o, "", 0) < 0)
                return -ENOMEM;
        for (const char *p = s; *p; p++) {
                _cleanup_free_ char *v = NULL;
                const char *sv = NULL;

                if (*p != '%' || p[1] == 0) {
                        r = strbuf_put(&o, p, 1);
                        if (r < 0)
                                goto fail;
                        continue;
                }
                c = *++p;
                if (c == '%') {
                        sv = "%";
                        goto put;
                }
                r = unit_specifier(ctx, c, &v);
                if (r < 0)
                        goto unresolved;
                if (r > 0) {
                        sv = v;
                        goto put;
                }
                if (!is_system_specifier(c) || !ctx->system) {
                        r = -EBADMSG;
                        goto unresolved;
                }
                if (!ctx->system->loaded) {
                        r = specifier_system_load(ctx->system, ctx->system->user);
                        if (r < 0)
                                goto fail;
                }
                if (c == 'l' || (c == 'q' && (!ctx->system->pretty_hostname || !*ctx->system->pretty_hostname))) {
                        const char *h = ctx->system->hostname ?: "";
                        v = strndup(h, strcspn(h, "."));
                        if (!v)
                                goto oom;
                        sv = v;
                } else if (c == 'q')
                        sv = ctx->system->pretty_hostname;
                else if (c == 'd') {
                        /* systemd.exec(5) "Credentials": $RUNTIME/credentials/UNIT. */
                        if (asprintf(&v, "%s/credentials/%s", ctx->system->runtime_dir ?: "", ctx->unit_id ?: "") < 0)
                                goto oom;
                        sv = v;
                } else
                        sv = system_specifier(ctx->system, c);
                if (!sv)
                        sv = "";
        put:
                r = strbuf_put(&o, sv, strlen(sv));
                if (r < 0)
                        goto fail;
        }
        *ret = o.s;
        return 0;
unresolved:
        if (r == -ENOMEM)
                goto fail;
        if (ret_unknown)
                *ret_unknown = c;
        free(o.s);
        return r == -EBADMSG ? -EBADMSG : -ENXIO;
oom:
        r = -ENOMEM;
fail:
        free(o.s);
        return r;
}
