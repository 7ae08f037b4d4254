/* unit-path.h: where unit files are searched for, and what a target's .wants/ directory holds. */
#pragma once

#include <stdbool.h>

/* The search path: $SVCD_UNIT_PATH (colon-separated) if set, else the defaults of
 * DESIGN.md for system or user mode. Directories come in order of precedence. */
int unit_path_default(bool user, char ***ret);
/* Splits a colon-separated list ("a:b:c") into directories, dropping empty entries. */
int unit_path_parse(const char *s, char ***ret);

/* Finds name in the first directory that has it. A symlink to /dev/null (a masked unit)
 * returns -ERFKILL; not found returns -ENOENT. */
int unit_path_find(char *const *search_path, const char *name, char **ret_path);

/* The unit names linked from "<target>.wants/" in every search directory, deduplicated,
 * sorted; invalid names are warned about and skipped. */
int unit_path_list_wants(char *const *search_path, const char *target, char ***ret_names);
