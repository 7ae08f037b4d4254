/* cgroup-parse.c: the kernel's cgroup texts read as data: a /proc/PID/mountinfo line, the
 * "0::" line of /proc/PID/cgroup, cgroup.events, and where a cgroup lies below a cgroup2
 * mount (proc(5), cgroups(7), cgroup_namespaces(7)). No I/O: cgroup.c reads the files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup.h"

/* proc(5): mountinfo escapes space, tab, newline and backslash as \ooo (octal). */
static char *unescape_octal(const char *s) {
        char *out = malloc(strlen(s) + 1), *o = out;

        if (!out)
                return NULL;
        while (*s) {
                if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
                    s[3] <= '7') {
                        *o++ = (char) (((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
                        s += 4;
                } else
                        *o++ = *s++;
        }
        *o = 0;
        return out;
}

int cgroup_parse_mountinfo_line(const char *line, char **ret_mount_point, char **ret_root) {
        /* proc(5): "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": mount id,
         * parent id, major:minor, root, mount point, options, optional fields ended by a
         * lone "-", then file system type, source, super options. */
        _cleanup_free_ char *copy = strndup(line, strcspn(line, "\n"));
        _cleanup_free_ char *mount_point = NULL, *root = NULL;
        char *fields[64], *save = NULL;
        size_t n = 0, sep;

        if (!copy)
                return -ENOMEM;
        for (char *f = strtok_r(copy, " ", &save); f; f = strtok_r(NULL, " ", &save)) {
                if (n == ELEMENTSOF(fields))
                        return -EBADMSG;
                fields[n++] = f;
        }
        for (sep = 6; sep < n && !streq(fields[sep], "-"); sep++)
                ;
        if (sep + 1 >= n)
                return -EBADMSG;
        if (!streq(fields[sep + 1], "cgroup2"))
                return 0;
        if (fields[3][0] != '/' || fields[4][0] != '/')
                return -EBADMSG;
        mount_point = unescape_octal(fields[4]);
        root = unescape_octal(fields[3]);
        if (!mount_point || !root)
                return -ENOMEM;
        *ret_mount_point = TAKE_PTR(mount_point);
        *ret_root = TAKE_PTR(root);
        return 1;
}

int cgroup_parse_proc_cgroup(const char *text, char **ret_path) {
        /* cgroups(7), /proc/PID/cgroup: "hierarchy-ID:controller-list:cgroup-path"; the cgroup
         * v2 line is "0::PATH". The path may contain ':' and runs to the end of the line. */
        for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n') {
                const char *p = startswith(l, "0::");
                char *path;

                if (!p)
                        continue;
                if (*p != '/')
                        return -EBADMSG;
                path = strndup(p, strcspn(p, "\n"));
                if (!path)
                        return -ENOMEM;
                *ret_path = path;
                return 0;
        }
        return -ENODATA;
}

int cgroup_parse_events(const char *text, bool *ret_populated) {
        /* cgroup-v2.rst, cgroup.events: flat-keyed lines "populated 0|1", "frozen 0|1". */
        for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n') {
                const char *v = startswith(l, "populated ");
                size_t len;

                if (!v)
                        continue;
                len = strcspn(v, "\n");
                if (len != 1 || (v[0] != '0' && v[0] != '1'))
                        return -EBADMSG;
                *ret_populated = v[0] == '1';
                return 0;
        }
        return -EBADMSG;
}

static bool path_has_dotdot(const char *p) {
        for (const char *c = p; (c = strstr(c, "..")); c += 2)
                if ((c == p || c[-1] == '/') && (c[2] == '/' || c[2] == 0))
                        return true;
        return false;
}

int cgroup_path_under_mount(const char *mount_point, const char *mount_root, const char *cgroup, char **ret_path) {
        const char *rel;
        char *path;

        /* In a cgroup namespace, a cgroup above the namespace root reads "/../.." in
         * /proc/PID/cgroup and in mountinfo's root field (cgroup_namespaces(7)): such a
         * cgroup is not below anything we can name. */
        if (path_has_dotdot(cgroup) || path_has_dotdot(mount_root))
                return -EXDEV;
        if (streq(mount_root, "/"))
                rel = cgroup;
        else {
                rel = startswith(cgroup, mount_root);
                if (!rel || (*rel != '/' && *rel != 0))
                        return -EXDEV;
        }
        rel += strspn(rel, "/");
        if (*rel == 0)
                path = strdup(mount_point);
        else if (asprintf(&path, "%s/%s", streq(mount_point, "/") ? "" : mount_point, rel) < 0)
                path = NULL;
        if (!path)
                return -ENOMEM;
        *ret_path = path;
        return 0;
}
