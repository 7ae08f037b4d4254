/* unit-name.h: what makes a unit name valid, templates and instances, escaping as systemd-escape(1) does. */
#pragma once

#include <stdbool.h>

/* True for "foo.service", "foo@bar.service", "foo@.service", "multi-user.target", ...:
 * systemd.unit(5) characters [a-zA-Z0-9:_.\\-@], a known suffix, at most 255 bytes. */
bool unit_name_is_valid(const char *name);

/* "foo" -> "foo.service"; a name with a known suffix is copied as it is. Returns -EINVAL
 * for names that are invalid even so. */
int unit_name_complete(const char *name, char **ret);

/* "foo@.service": a template (an "@" directly before the suffix). */
bool unit_name_is_template(const char *name);
/* "foo@bar.service": an instance of the template "foo@.service". */
bool unit_name_is_instance(const char *name);

/* "foo@bar.service" -> "foo@.service"; -EINVAL unless name is a valid instance. */
int unit_name_template_of(const char *name, char **ret);
/* "foo@bar.service" -> "bar" (still escaped); -EINVAL unless name is a valid instance. */
int unit_name_instance_of(const char *name, char **ret);
/* The prefix (%p): "foo@bar.service" -> "foo", "foo-bar.service" -> "foo-bar". */
int unit_name_prefix_of(const char *name, char **ret);
/* The name without its type suffix (%N): "foo@bar.service" -> "foo@bar". */
int unit_name_strip_suffix(const char *name, char **ret);
/* "foo@.service" + "bar" -> "foo@bar.service"; -EINVAL if the result is not a valid instance. */
int unit_name_replace_instance(const char *template_name, const char *instance, char **ret);

/* The escaping of systemd.unit(5) "STRING ESCAPING FOR INCLUSION IN UNIT NAMES", exactly
 * as `systemd-escape` prints it: "/" -> "-", a leading "." -> "\x2e", and "-", "\" and every
 * byte outside [a-zA-Z0-9:_.] -> "\xNN". Any string can be escaped. */
int unit_name_escape(const char *s, char **ret);
/* The reverse: "\xNN" -> byte, "-" -> "/". -EINVAL for a backslash not starting a
 * complete "\xNN" escape or an escaped NUL. */
int unit_name_unescape(const char *s, char **ret);
/* `systemd-escape --path`: the path is simplified (duplicate and trailing "/" and "."
 * components dropped), its leading "/" removed, then escaped; "/" becomes "-".
 * -EINVAL for a path with ".." components. */
int unit_name_path_escape(const char *path, char **ret);
/* `systemd-escape --unescape --path`: unescapes and prepends "/"; -EINVAL if the
 * result is not a normalized absolute path (as "--a" -> "//a"). */
int unit_name_path_unescape(const char *s, char **ret);
