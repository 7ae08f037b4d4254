/* unit-name.c: valid unit names (systemd.unit(5)) and completing a bare name to ".service". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "units/unit-name.h"

/* systemd.unit(5): "Valid unit names consist of a "name prefix" and a dot and a suffix
 * specifying the unit type ... [characters] ASCII letters, digits, ":", "-", "_", ".",
 * and "\" ... "@" [separates the instance]". The total length must be below 256. */
#define UNIT_NAME_MAX 256
#define VALID_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\"

/* Every systemd unit type is a valid name suffix, so that WantedBy=foo.socket in a
 * distro unit is a valid name even though svcd runs services and targets only. */
static const char *const known_suffixes[] = {
        "service", "socket", "device", "mount", "automount", "swap",
        "target",  "path",   "timer",  "slice", "scope",
};

static bool suffix_is_known(const char *s) {
        for (size_t i = 0; i < ELEMENTSOF(known_suffixes); i++)
                if (streq(s, known_suffixes[i]))
                        return true;
        return false;
}

bool unit_name_is_valid(const char *name) {
        const char *dot, *at = NULL;
        size_t n;

        if (!name)
                return false;
        n = strlen(name);
        if (n == 0 || n >= UNIT_NAME_MAX)
                return false;
        dot = strrchr(name, '.');
        if (!dot || dot == name || !suffix_is_known(dot + 1))
                return false;
        for (const char *i = name; i < dot; i++) {
                if (*i == '@') {
                        if (!at)
                                at = i;
                        continue;
                }
                if (!strchr(VALID_CHARS, *i))
                        return false;
        }
        /* "@foo.service" has no prefix; "foo@.service" is a template, "foo@bar.service"
         * an instance: both are valid names. */
        return at != name;
}

int unit_name_complete(const char *name, char **ret) {
        const char *dot;
        char *s;

        if (!name || !*name)
                return -EINVAL;
        dot = strrchr(name, '.');
        if (dot && suffix_is_known(dot + 1))
                s = strdup(name);
        else if (asprintf(&s, "%s.service", name) < 0)
                s = NULL;
        if (!s)
                return -ENOMEM;
        if (!unit_name_is_valid(s)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}
