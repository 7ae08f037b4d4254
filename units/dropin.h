/* dropin.h: finding a unit's drop-in files ("foo.service.d/NAME.conf"), systemd.unit(5) "DESCRIPTION". */
#pragma once

/* The drop-ins that apply to the unit id (and to its other names, aliases may be NULL),
 * in the order they are to be parsed: sorted by file name across all directories.
 *
 * Directories searched, in order of precedence (systemd.unit(5)): for each search
 * directory in turn, "<name>.d/" for every name, then for an instance the template's
 * "<template>.d/", then the dash prefixes ("foo-bar-baz.service" -> "foo-bar-.service.d/",
 * "foo-.service.d/"); after all of those, the type-wide "service.d/" of every search
 * directory. A file name found in a directory of higher precedence hides the same name
 * in lower ones; a file linked to /dev/null hides it and is not applied (a masked
 * drop-in). Directories that cannot be read are warned about and skipped. Returns 0 with
 * *ret_paths (never NULL) or -ENOMEM. */
int dropin_find(char *const *search_path, const char *id, char *const *aliases, char ***ret_paths);
