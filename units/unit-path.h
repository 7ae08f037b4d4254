/* unit-path.h: where unit files are searched for, masks and aliases, what .wants/ and .requires/ directories hold, and the directory listing cache. */
#pragma once

#include <stdbool.h>

/* The search path: $SVCD_UNIT_PATH (colon-separated) if set, else the defaults of
 * DESIGN.md for system or user mode. Directories come in order of precedence. */
int unit_path_default(bool user, char ***ret);
/* Splits a colon-separated list ("a:b:c") into directories, dropping empty entries. */
int unit_path_parse(const char *s, char ***ret);

/* Finds name in the first directory that has it. A symlink to /dev/null or an empty
 * file (a masked unit, systemd.unit(5)) returns -ERFKILL; not found returns -ENOENT.
 * Dangling links and symlink loops (warned about) do not hide lower directories. */
int unit_path_find(char *const *search_path, const char *name, char **ret_path);

/* As unit_path_find(), and follows a symlink: *ret_path is the file it resolves to and
 * *ret_id the name the unit has, which differs from name for an alias (a link to a file
 * of another valid name of the same type) and for an instance linked to another
 * template ("alias@x.service" -> "real@.service" gives "real@x.service"). */
int unit_path_lookup(char *const *search_path, const char *name, char **ret_path, char **ret_id);

/* The unit names linked from "<unit>.<kind>/" (kind "wants" or "requires", systemd.unit(5))
 * in every search directory, deduplicated, sorted; invalid names and templates are warned
 * about and skipped. -EINVAL for an invalid unit name or kind. */
int unit_path_list_deps(char *const *search_path, const char *unit, const char *kind, char ***ret_names);
/* As unit_path_list_deps(), and *ret_dirs (if not NULL; same length and order) the
 * directory each name was found in first, with a trailing slash
 * ("/etc/svcd/units/multi-user.target.wants/"): where the dependency comes from. */
int unit_path_list_deps_origins(char *const *search_path, const char *unit, const char *kind, char ***ret_names,
                                char ***ret_dirs);
/* unit_path_list_deps(search_path, target, "wants", ret_names). */
int unit_path_list_wants(char *const *search_path, const char *target, char ***ret_names);

/* A cache of each search directory's entry names, so that the many probes for files and
 * directories a unit does not have (NAME.d/, NAME.wants/, ...) cost no syscall. false
 * only if dir is cached and has no entry name: the caller may skip its stat()/open().
 * true if the entry is listed or dir is not cached (unreadable, too big): the caller
 * probes as it would without the cache. The listing is revalidated by dir's device,
 * inode, mtime and ctime, with one stat() per lookup, or once per batch. A listing read
 * within two seconds of the directory's last change (which coarse timestamps cannot tell
 * apart from a later change) serves only the batch that read it. */
bool unit_path_entry_may_exist(const char *dir, const char *name);
/* Between begin and end (nestable), each directory is stat()ed at most once and its listing
 * is a snapshot: for the many lookups of loading one unit, or all units of a boot. A
 * change to a directory during a batch goes unseen until the next one, as systemd does
 * not see one before its next daemon-reload. */
void unit_path_cache_batch_begin(void);
void unit_path_cache_batch_end(void);
/* Forgets every listing and frees the cache. */
void unit_path_cache_flush(void);
