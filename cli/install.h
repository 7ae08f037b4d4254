/* install.h: enable, disable, reenable, mask, unmask, is-enabled, list-unit-files, get-default and set-default on unit files, without svcd.
 *
 * The semantics are systemctl(1)'s and systemd.unit(5)'s [Install] section, as systemd's
 * own install logic (src/shared/install.c) implements them: the same links, the same states,
 * the same refusals. Everything works on files only; talking to svcd (daemon-reload, --now)
 * is the verbs' business (cli/verbs-install.c). Errors are -errno; what happened to which
 * file is recorded as a list of changes, which install_changes_print() words as systemctl does. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/* What a directory of the search path is, for the states (enabled vs enabled-runtime) and
 * for refusing to enable through an alias link an administrator made. */
enum install_dir_kind {
        INSTALL_DIR_CONFIG,  /* the first directory, /etc/..., the user's config dir */
        INSTALL_DIR_RUNTIME, /* /run/..., $XDG_RUNTIME_DIR/... */
        INSTALL_DIR_VENDOR,  /* the rest: /lib/systemd/system, ... */
};

struct install_paths {
        char *root;          /* "" without --root, else the root directory without a trailing "/" */
        char **search_path;  /* the unit search path, root included */
        char **resolved;     /* the same with symlinks resolved inside the root (/lib -> /usr/lib) */
        enum install_dir_kind *kinds; /* one per search_path entry */
        const char *config_dir; /* search_path[0]: where links are written */
};

/* root: NULL or "" or "/" for none, else a directory every path is taken relative to (as
 * systemctl --root=). search_path: the directories as seen inside the root, first the one to
 * write to. Returns 0, -EINVAL for an empty search path, or -ENOMEM. */
int install_paths_init(struct install_paths *p, const char *root, char *const *search_path);
void install_paths_done(struct install_paths *p);

enum install_change_type {
        INSTALL_CHANGE_SYMLINK = 1,             /* path -> source was created */
        INSTALL_CHANGE_UNLINK,                  /* path was removed */
        INSTALL_CHANGE_IS_MASKED,               /* path (an Also= unit) is masked: left alone */
        INSTALL_CHANGE_IS_DANGLING,             /* path is an alias whose unit is gone */
        INSTALL_CHANGE_DESTINATION_NOT_PRESENT, /* source is now wanted by path, which has no unit file */
        INSTALL_CHANGE_AUXILIARY_FAILED,        /* path (an Also= unit) could not be enabled */
};

/* A change, or with type < 0 an error (-errno) about path: systemd's InstallChange. */
struct install_change {
        int type;
        char *path;
        char *source;
};

struct install_changes {
        struct install_change *v;
        size_t n;
};
void install_changes_done(struct install_changes *c);
/* True if something was created or removed. */
bool install_changes_modified(const struct install_changes *c);

/* Each takes unit names ("foo.service", "foo@bar.service"); install_enable() and
 * install_reenable() also absolute paths of unit files (inside the root), which are linked
 * into the config directory when they lie outside the search path (systemctl link).
 *
 * install_enable() returns the number of [Install] rules found (0: the units are "static"),
 * install_reenable() the same for its enable half; the others 0. -errno when an operation
 * failed; its cause is the failed change in c. Changes are appended to c in order. */
int install_enable(const struct install_paths *p, char *const *names, struct install_changes *c);
int install_disable(const struct install_paths *p, char *const *names, struct install_changes *c);
int install_reenable(const struct install_paths *p, char *const *names, struct install_changes *c);
int install_mask(const struct install_paths *p, char *const *names, struct install_changes *c);
int install_unmask(const struct install_paths *p, char *const *names, struct install_changes *c);

/* systemctl set-default: default.target in the config directory becomes a link to name's
 * file (replacing another link), or, for one of svcd's built-in targets without a file, to
 * the name. -EINVAL for a name that is not a target or is default.target; other errors as
 * install_enable()'s, recorded in c. */
int install_set_default(const struct install_paths *p, const char *name, struct install_changes *c);
/* systemctl get-default, as svcd's loader resolves default.target: the name of the target
 * the first default.target outside systemd's vendor directories leads to, or svcd's
 * built-in default (multi-user.target) without one. -ERFKILL if it is masked. */
int install_get_default(const struct install_paths *p, char **ret);

/* systemctl is-enabled's states (systemctl(1), "is-enabled output"); svcd has no generators
 * and no transient units, so "generated" and "transient" never occur. */
enum install_state {
        INSTALL_STATE_ENABLED,
        INSTALL_STATE_ENABLED_RUNTIME,
        INSTALL_STATE_LINKED,
        INSTALL_STATE_LINKED_RUNTIME,
        INSTALL_STATE_ALIAS,
        INSTALL_STATE_MASKED,
        INSTALL_STATE_MASKED_RUNTIME,
        INSTALL_STATE_STATIC,
        INSTALL_STATE_DISABLED,
        INSTALL_STATE_INDIRECT,
        INSTALL_STATE_BAD,
        _INSTALL_STATE_MAX,
};
const char *install_state_to_string(enum install_state s);
/* The states is-enabled exits 0 for (systemctl(1): enabled, enabled-runtime, static, alias,
 * indirect; generated, which svcd never reports). */
bool install_state_is_enabled(enum install_state s);

/* The state of the unit name. -ENOENT when no unit file has that name, -ENOLINK when the
 * name is an alias whose unit is gone, other -errno for unreadable files. */
int install_get_state(const struct install_paths *p, const char *name, enum install_state *ret);

struct install_list_entry {
        char *name;
        char *path; /* where it was found, root included */
        enum install_state state;
};
/* Every unit file on the search path (the first of each name), whose name matches one of
 * patterns (fnmatch(3); all when patterns is NULL or empty), sorted as systemctl
 * list-unit-files sorts them: by type suffix, then by name, ignoring case. */
int install_list(const struct install_paths *p, char *const *patterns, struct install_list_entry **ret,
                 size_t *ret_n);
void install_list_free(struct install_list_entry *l, size_t n);

/* Prints the changes as systemctl does ("Created symlink X → Y.", "Removed \"X\".", and
 * "Failed to VERB unit, ..." for errors) to f. quiet (-q) drops everything but errors.
 * r is the operation's result: an error that no change explains is printed too. */
void install_changes_print(FILE *f, int r, const char *verb, const struct install_changes *c, bool quiet);
