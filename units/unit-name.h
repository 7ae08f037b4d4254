/* unit-name.h: what makes a unit name valid, and completing "foo" to "foo.service". */
#pragma once

#include <stdbool.h>

/* True for "foo.service", "foo@bar.service", "foo@.service", "multi-user.target", ...:
 * systemd.unit(5) characters [a-zA-Z0-9:_.\\-@], a known suffix, at most 255 bytes. */
bool unit_name_is_valid(const char *name);

/* "foo" -> "foo.service"; a name with a known suffix is copied as it is. Returns -EINVAL
 * for names that are invalid even so. */
int unit_name_complete(const char *name, char **ret);
