/* exec-credentials.c: User=, Group=, SupplementaryGroups=, DynamicUser= resolved in the parent.
 *
 * Every lookup here goes through NSS (getpwnam_r(3), getgrnam_r(3), getgrouplist(3)), which
 * is why it happens before clone(): the child only calls setgroups/setresgid/setresuid
 * with the numbers computed here (DESIGN.md decision 2). The rules, and where they depart
 * from systemd 252, are listed in exec-credentials.h. */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/dynamic-ids.h"
#include "supervisord/exec-credentials.h"
#include "units/unit-name.h"

#define UID_NOBODY 65534
/* getpwnam_r() and friends say ERANGE until the buffer fits; nobody's record is this big. */
#define NSS_BUFFER_MAX (1024 * 1024)

void exec_credentials_done(struct exec_credentials *cred) {
        free(cred->groups);
        free(cred->user_name);
        free(cred->home);
        free(cred->shell);
        memset(cred, 0, sizeof *cred);
}

/* A decimal id the way systemd's parse_uid() reads one: digits only, no sign, whitespace or
 * leading zero (so "007" is a name), and neither (uid_t) -1 nor the 16-bit -1. */
static int parse_id(const char *s, uint32_t *ret) {
        uint64_t v = 0;

        if (!*s || (s[0] == '0' && s[1]))
                return -EINVAL;
        for (const char *p = s; *p; p++) {
                if (!isdigit((unsigned char) *p))
                        return -EINVAL;
                v = v * 10 + (uint64_t) (*p - '0');
                if (v > UINT32_MAX)
                        return -ERANGE;
        }
        if (v == UINT32_MAX || v == UINT16_MAX)
                return -ENXIO;
        *ret = (uint32_t) v;
        return 0;
}

/* getpwnam_r(3): 0 or ENOENT/ESRCH mean "no such entry"; anything else is a failure to
 * read the database (a broken NSS module, EIO), which must not pass for "unknown user". */
static bool nss_not_found(int r) {
        return r == 0 || r == ENOENT || r == ESRCH;
}

struct user_record {
        uid_t uid;
        gid_t gid;
        char *name, *home, *shell;
};

static void user_record_done(struct user_record *u) {
        free(u->name);
        free(u->home);
        free(u->shell);
        *u = (struct user_record) {};
}

static int strdup_or_null(const char *s, char **ret) {
        *ret = s ? strdup(s) : NULL;
        return !s || *ret ? 0 : -ENOMEM;
}

/* The user named name (or numbered uid when name is NULL). 1 found, 0 not found, -errno. */
static int get_passwd(const char *name, uid_t uid, struct user_record *ret) {
        for (size_t size = 1024;; size *= 2) {
                _cleanup_free_ char *buf = malloc(size);
                struct passwd pw, *result = NULL;
                int r;

                if (!buf)
                        return -ENOMEM;
                r = name ? getpwnam_r(name, &pw, buf, size, &result) : getpwuid_r(uid, &pw, buf, size, &result);
                if (r == ERANGE && size < NSS_BUFFER_MAX)
                        continue;
                if (!result)
                        return nss_not_found(r) ? 0 : -r;
                *ret = (struct user_record) { .uid = pw.pw_uid, .gid = pw.pw_gid };
                if (strdup_or_null(pw.pw_name, &ret->name) < 0 || strdup_or_null(pw.pw_dir, &ret->home) < 0 ||
                    strdup_or_null(pw.pw_shell, &ret->shell) < 0) {
                        user_record_done(ret);
                        return -ENOMEM;
                }
                return 1;
        }
}

/* The group named name (or numbered gid when name is NULL). 1 found, 0 not found, -errno. */
static int get_group(const char *name, gid_t gid, gid_t *ret) {
        for (size_t size = 1024;; size *= 2) {
                _cleanup_free_ char *buf = malloc(size);
                struct group gr, *result = NULL;
                int r;

                if (!buf)
                        return -ENOMEM;
                r = name ? getgrnam_r(name, &gr, buf, size, &result) : getgrgid_r(gid, &gr, buf, size, &result);
                if (r == ERANGE && size < NSS_BUFFER_MAX)
                        continue;
                if (!result)
                        return nss_not_found(r) ? 0 : -r;
                *ret = gr.gr_gid;
                return 1;
        }
}

/* systemd's is_nologin_shell(): the shells that say "no login". */
static bool shell_is_nologin(const char *shell) {
        static const char *const nologin[] = {
                "/bin/nologin", "/sbin/nologin", "/usr/bin/nologin", "/usr/sbin/nologin",
                "/bin/false", "/usr/bin/false", "/bin/true", "/usr/bin/true",
        };
        for (size_t i = 0; i < ELEMENTSOF(nologin); i++)
                if (streq(shell, nologin[i]))
                        return true;
        return false;
}

static bool path_is_root(const char *p) {
        return p[strspn(p, "/")] == 0;
}

/* systemd's USER_CREDS_CLEAN: $HOME and $SHELL only when they tell the service something. */
static void user_record_clean(struct user_record *u) {
        if (u->home && (!path_is_absolute(u->home) || path_is_root(u->home))) {
                free(u->home);
                u->home = NULL;
        }
        if (u->shell && (!path_is_absolute(u->shell) || shell_is_nologin(u->shell))) {
                free(u->shell);
                u->shell = NULL;
        }
}

/* User=root and User=nobody are never looked up (systemd's synthesize_user_creds()): root's
 * record must not depend on NSS working, and nobody is 65534 everywhere. root's shell is
 * systemd's DEFAULT_USER_SHELL, /bin/bash, falling back to /bin/sh. 1 if synthesized. */
static int synthesize_user(const char *name, struct user_record *ret) {
        if (streq(name, "root") || streq(name, "0")) {
                *ret = (struct user_record) { .uid = 0, .gid = 0 };
                ret->name = strdup("root");
                ret->home = strdup("/root");
                ret->shell = strdup(access("/bin/bash", X_OK) == 0 ? "/bin/bash" : "/bin/sh");
        } else if (streq(name, "nobody") || streq(name, "65534")) {
                *ret = (struct user_record) { .uid = UID_NOBODY, .gid = UID_NOBODY };
                ret->name = strdup("nobody");
        } else
                return 0;
        if (!ret->name || (ret->uid == 0 && (!ret->home || !ret->shell))) {
                user_record_done(ret);
                return -ENOMEM;
        }
        return 1;
}

/* User=NAME or User=UID. 1 with a database (or synthesized) record, 0 for a number the
 * database does not know (ret->name is then the number), -ESRCH for an unknown name. */
static int lookup_user(const char *name, struct user_record *ret) {
        uint32_t id;
        int r;

        r = synthesize_user(name, ret);
        if (r != 0)
                return r;
        if (parse_id(name, &id) >= 0) {
                r = get_passwd(NULL, id, ret);
                if (r != 0)
                        return r;
                *ret = (struct user_record) { .uid = id, .gid = id, .name = strdup(name) };
                return ret->name ? 0 : -ENOMEM;
        }
        r = get_passwd(name, 0, ret);
        return r == 0 ? -ESRCH : r;
}

/* Group=NAME or Group=GID (also one SupplementaryGroups= entry). root is synthesized; the
 * nobody group is 65534 when the database has no such name. 1 found in the database or
 * synthesized, 0 a number the database does not know (accepted), -ESRCH, -errno. */
static int lookup_group(const char *name, gid_t *ret) {
        uint32_t id;
        int r;

        if (streq(name, "root") || streq(name, "0")) {
                *ret = 0;
                return 1;
        }
        if (parse_id(name, &id) >= 0) {
                r = get_group(NULL, id, ret);
                if (r == 0)
                        *ret = id;
                return r;
        }
        r = get_group(name, 0, ret);
        if (r == 0 && (streq(name, "nogroup") || streq(name, "nobody"))) {
                *ret = UID_NOBODY;
                return 1;
        }
        return r == 0 ? -ESRCH : r;
}

static int fail(struct spawn_status *st, enum spawn_step step, int r) {
        *st = (struct spawn_status) { .step = step, .error = -r };
        return r;
}

/* Logs why a name could not be resolved and fails at step. */
static int fail_lookup(struct spawn_status *st, enum spawn_step step, int r, const char *unit_id,
                       const char *directive, const char *name) {
        if (r == -ESRCH)
                log_error("%s: %s=%s: no such %s in the %s database.", unit_id, directive, name,
                          step == SPAWN_STEP_USER ? "user" : "group", step == SPAWN_STEP_USER ? "user" : "group");
        else
                log_error_errno(r, "%s: Cannot look up %s=%s: %m", unit_id, directive, name);
        return fail(st, step, r);
}

static int groups_add(struct exec_credentials *cred, gid_t gid) {
        gid_t *l;

        for (size_t i = 0; i < cred->n_groups; i++)
                if (cred->groups[i] == gid)
                        return 0;
        l = realloc(cred->groups, (cred->n_groups + 1) * sizeof(gid_t));
        if (!l)
                return -ENOMEM;
        cred->groups = l;
        cred->groups[cred->n_groups++] = gid;
        return 0;
}

/* The groups the database lists user in, gid among them: what initgroups(3) would set. */
static int groups_add_database(struct exec_credentials *cred, const char *user, gid_t gid) {
        _cleanup_free_ gid_t *l = NULL;
        int n = 32;

        for (;;) {
                int want = n;
                gid_t *m = realloc(l, (size_t) want * sizeof(gid_t));

                if (!m)
                        return -ENOMEM;
                l = m;
                if (getgrouplist(user, gid, l, &n) >= 0)
                        break;
                if (want >= 65536)
                        return -E2BIG;
                /* n is the size needed now (glibc), or unchanged: then grow it ourselves. */
                n = n > want ? n : want * 2;
        }
        for (int i = 0; i < n; i++)
                if (groups_add(cred, l[i]) < 0)
                        return -ENOMEM;
        return 0;
}

/* systemd's valid_user_group_name() in its strict form: [a-zA-Z_][a-zA-Z0-9_-]*, at most 31
 * characters (what fits utmp). */
static bool user_name_is_strict(const char *s) {
        size_t n = strlen(s);

        if (n == 0 || n > 31 || !(isalpha((unsigned char) s[0]) || s[0] == '_'))
                return false;
        for (const char *p = s; *p; p++)
                if (!isalnum((unsigned char) *p) && *p != '_' && *p != '-')
                        return false;
        return true;
}

/* FNV-1a, 64 bits (Fowler, Noll, Vo): a fixed function, so a name maps to the same id on
 * every machine and every boot. */
static uint64_t name_hash(const char *s) {
        uint64_t h = UINT64_C(0xcbf29ce484222325);

        for (; *s; s++)
                h = (h ^ (unsigned char) *s) * UINT64_C(0x100000001b3);
        return h;
}

/* DynamicUser='s default name (systemd's user_from_unit_name()): the unit name's prefix if
 * it is a valid user name, else "_du" and a hash of it. */
static int dynamic_user_name(const char *unit_id, char **ret) {
        _cleanup_free_ char *prefix = NULL;

        /* A unit_id that is no unit name (never from the loader) stands for itself. */
        if (unit_name_prefix_of(unit_id, &prefix) < 0)
                prefix = strdup(unit_id);
        if (!prefix)
                return -ENOMEM;
        if (user_name_is_strict(prefix)) {
                *ret = TAKE_PTR(prefix);
                return 0;
        }
        return asprintf(ret, "_du%016" PRIx64, name_hash(prefix)) < 0 ? -ENOMEM : 0;
}

/* 1 if the user or the group database has id, 0 if neither, -errno. */
static int id_in_database(uint32_t id) {
        struct user_record u = {};
        gid_t g;
        int r = get_passwd(NULL, id, &u);

        user_record_done(&u);
        if (r != 0)
                return r;
        return get_group(NULL, id, &g);
}

/* The id of a dynamic user: the one remembered for the name (dynamic-ids.c) while the
 * databases leave it free, else the first free one from the name's hash on. */
static int dynamic_id_allocate(const char *name, uint32_t *ret) {
        const uint32_t range = EXEC_DYNAMIC_UID_MAX - EXEC_DYNAMIC_UID_MIN + 1;
        uint32_t start = (uint32_t) (name_hash(name) % range), id;
        int r;

        r = dynamic_ids_lookup(name, &id);
        if (r < 0)
                return r;
        if (r > 0) {
                r = id_in_database(id);
                if (r < 0)
                        return r;
                if (r == 0) {
                        *ret = id;
                        return 0;
                }
                /* The database took the id meanwhile: forget it, pick another. */
                log_warning("Dynamic user %s: uid %u is in the user or group database now; picking another.", name,
                            id);
                dynamic_ids_forget(name);
        }
        for (uint32_t k = 0; k < range; k++) {
                id = EXEC_DYNAMIC_UID_MIN + (start + k) % range;
                if (dynamic_ids_taken(id, name))
                        continue;
                r = id_in_database(id);
                if (r < 0)
                        return r;
                if (r > 0)
                        continue;
                r = dynamic_ids_remember(name, id);
                if (r < 0)
                        return r;
                *ret = id;
                return 0;
        }
        return -EBUSY;
}

/* DynamicUser=yes. *ret_static: the name belongs to a database user, whose groups apply. */
static int resolve_dynamic_user(const struct exec_context *c, const char *unit_id, struct exec_credentials *cred,
                                bool *ret_static, struct spawn_status *st) {
        _cleanup_free_ char *derived = NULL;
        struct user_record u = {};
        const char *name = c->user;
        gid_t g;
        uint32_t id;
        int r;

        if (!name) {
                if (dynamic_user_name(unit_id, &derived) < 0)
                        return fail(st, SPAWN_STEP_USER, log_oom());
                name = derived;
        }
        r = lookup_user(name, &u);
        if (r >= 0) {
                /* A static user of that name, or a number: used as it is. */
                cred->uid = u.uid;
                cred->gid = u.gid;
                cred->user_name = TAKE_PTR(u.name);
                user_record_done(&u);
                *ret_static = r > 0;
                return 0;
        }
        if (r != -ESRCH)
                return fail_lookup(st, SPAWN_STEP_USER, r, unit_id, "User", name);
        /* systemd.exec(5): a static group of the name without the user is refused. */
        r = get_group(name, 0, &g);
        if (r < 0)
                return fail_lookup(st, SPAWN_STEP_USER, r, unit_id, "User", name);
        if (r > 0) {
                log_error("%s: DynamicUser=yes: a group \"%s\" exists but no user of that name; create the user "
                          "or choose another User=.", unit_id, name);
                return fail(st, SPAWN_STEP_USER, -EILSEQ);
        }
        r = dynamic_id_allocate(name, &id);
        if (r == -EBUSY)
                log_error("%s: DynamicUser=yes: no free uid left in %d-%d for \"%s\".", unit_id, EXEC_DYNAMIC_UID_MIN,
                          EXEC_DYNAMIC_UID_MAX, name);
        else if (r < 0)
                log_error_errno(r, "%s: DynamicUser=yes: cannot allocate a uid for \"%s\": %m", unit_id, name);
        if (r < 0)
                return fail(st, SPAWN_STEP_USER, r);
        cred->uid = cred->gid = id;
        cred->user_name = strdup(name);
        if (!cred->user_name)
                return fail(st, SPAWN_STEP_USER, log_oom());
        log_debug("%s: DynamicUser=yes: \"%s\" runs as uid and gid %" PRIu32 ".", unit_id, name, id);
        *ret_static = false;
        return 0;
}

/* Group= with DynamicUser=yes: a static group is used; a group named like a static user
 * without the group is refused (systemd.exec(5)); else the group is dynamic too, sharing
 * the user's id when the names are the same. */
static int resolve_dynamic_group(const char *group, const char *unit_id, struct exec_credentials *cred,
                                 bool user_static, struct spawn_status *st) {
        struct user_record u = {};
        gid_t gid;
        uint32_t id;
        int r = lookup_group(group, &gid);

        if (r >= 0) {
                cred->gid = gid;
                return 0;
        }
        if (r != -ESRCH || user_static)
                return fail_lookup(st, SPAWN_STEP_GROUP, r, unit_id, "Group", group);
        if (streq(group, cred->user_name)) {
                cred->gid = cred->uid;
                return 0;
        }
        r = get_passwd(group, 0, &u);
        user_record_done(&u);
        if (r > 0) {
                log_error("%s: DynamicUser=yes: a user \"%s\" exists but no group of that name; create the group "
                          "or choose another Group=.", unit_id, group);
                return fail(st, SPAWN_STEP_GROUP, -EILSEQ);
        }
        r = r < 0 ? r : dynamic_id_allocate(group, &id);
        if (r < 0) {
                log_error_errno(r, "%s: DynamicUser=yes: cannot allocate a gid for Group=%s: %m", unit_id, group);
                return fail(st, SPAWN_STEP_GROUP, r);
        }
        cred->gid = id;
        return 0;
}

int exec_credentials_resolve(const struct exec_context *c, const char *unit_id, struct exec_credentials *ret,
                             struct spawn_status *ret_failure) {
        _cleanup_(exec_credentials_done) struct exec_credentials cred = {};
        bool in_database = false; /* the user's groups come from the group database */
        long max;
        int r;

        if (c->dynamic_user) {
                r = resolve_dynamic_user(c, unit_id, &cred, &in_database, ret_failure);
                if (r < 0)
                        return r;
                cred.set_uid = cred.set_gid = true;
                if (c->group) {
                        r = resolve_dynamic_group(c->group, unit_id, &cred, in_database, ret_failure);
                        if (r < 0)
                                return r;
                }
        } else if (c->user) {
                struct user_record u = {};

                r = lookup_user(c->user, &u);
                if (r < 0)
                        return fail_lookup(ret_failure, SPAWN_STEP_USER, r, unit_id, "User", c->user);
                in_database = r > 0;
                user_record_clean(&u);
                cred.set_uid = cred.set_gid = true;
                cred.uid = u.uid;
                cred.gid = u.gid;
                cred.user_name = TAKE_PTR(u.name);
                cred.home = TAKE_PTR(u.home);
                cred.shell = TAKE_PTR(u.shell);
                user_record_done(&u);
        }
        if (c->group && !c->dynamic_user) {
                r = lookup_group(c->group, &cred.gid);
                if (r < 0)
                        return fail_lookup(ret_failure, SPAWN_STEP_GROUP, r, unit_id, "Group", c->group);
                cred.set_gid = true;
        }

        /* systemd.exec(5) User=: "the supplementary group list is initialized from the specified
         * user's default group list". systemd skips the lookup for gid 0 and then clears the
         * list; svcd always sets it when the user changes, so that a service never keeps
         * svcd's own supplementary groups (a container's root often has adm, disk, wheel...). */
        if (cred.user_name) {
                cred.set_groups = true;
                /* gid 0: an empty list, as systemd's setgroups(0, NULL). */
                r = cred.gid == 0 ? 0
                    : in_database ? groups_add_database(&cred, cred.user_name, cred.gid)
                                  : groups_add(&cred, cred.gid);
                if (r < 0) {
                        log_error_errno(r, "%s: Cannot read the groups of user %s: %m", unit_id, cred.user_name);
                        return fail(ret_failure, SPAWN_STEP_GROUP, r);
                }
        }
        /* SupplementaryGroups=: "does not override, but extends" that list. */
        STRV_FOREACH(g, c->supplementary_groups) {
                gid_t gid;

                r = lookup_group(*g, &gid);
                if (r < 0)
                        return fail_lookup(ret_failure, SPAWN_STEP_GROUP, r, unit_id, "SupplementaryGroups", *g);
                if (groups_add(&cred, gid) < 0)
                        return fail(ret_failure, SPAWN_STEP_GROUP, log_oom());
                cred.set_groups = true;
        }
        /* sysconf(_SC_NGROUPS_MAX) reads /proc/sys/kernel/ngroups_max: once per svcd, and
         * only for a process that has groups to set (it was 2% of a 1,000-service boot). */
        static long ngroups_max = 0;
        if (cred.n_groups > 0 && ngroups_max == 0)
                ngroups_max = sysconf(_SC_NGROUPS_MAX);
        max = ngroups_max;
        if (max > 0 && cred.n_groups > (size_t) max) {
                log_error("%s: %zu supplementary groups are more than the %ld this system allows.", unit_id,
                          cred.n_groups, max);
                return fail(ret_failure, SPAWN_STEP_GROUP, -E2BIG);
        }

        *ret = cred;
        cred = (struct exec_credentials) {};
        return 0;
}
