/* install-internal.h: what the install files share: unit files found on the search path (install_info), the context that collects them, and paths inside the root. */
#pragma once

#include <stdbool.h>

#include "cli/install.h"

/* What the name was found as (systemd's InstallMode). */
enum install_mode {
        INSTALL_MODE_UNKNOWN, /* not searched yet */
        INSTALL_MODE_REGULAR, /* a unit file */
        INSTALL_MODE_LINKED,  /* a symlink to a file outside the search path (systemctl link) */
        INSTALL_MODE_ALIAS,   /* a symlink to a file in the search path */
        INSTALL_MODE_MASKED,  /* a symlink to /dev/null, or an empty file */
};

/* One unit file in the making of an operation (systemd's InstallInfo). */
struct install_info {
        char *name;           /* "foo.service", "foo@bar.service" */
        char *path;           /* where it was found, root included */
        enum install_mode mode;
        char *symlink_target; /* LINKED, ALIAS, MASKED by a link: where the link leads, root included */
        bool auxiliary;       /* only named by Also=: failing is a warning */
        bool processed;
        /* [Install], read with svcd's loader (SEARCH_LOAD) */
        char **aliases;
        char **wanted_by;
        char **required_by;
        char **also;
        char *default_instance;
};

/* The units an operation touches, in the order they were named; Also= adds more. */
struct install_context {
        struct install_info **infos;
        size_t n;
};

enum {
        INSTALL_SEARCH_LOAD = 1 << 0,                   /* read the [Install] section */
        INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS = 1 << 1, /* follow aliases made in config directories */
};

void install_context_done(struct install_context *ctx);
/* Adds the unit name (or, with name NULL, the file path, root included) unless the context
 * has it. Returns 1 if added, 0 if known (then auxiliary only stays set if both are), -errno. */
int install_info_add(struct install_context *ctx, const char *name, const char *path, bool auxiliary,
                     struct install_info **ret);
/* The first unit not processed yet, now marked processed; NULL when all are. */
struct install_info *install_context_next(struct install_context *ctx);

/* Finds info on the search path (or at its path) and, with INSTALL_SEARCH_LOAD, reads it. */
int install_info_search(struct install_context *ctx, const struct install_paths *p, struct install_info *info,
                        unsigned flags);
/* Searches start and follows aliases and links to the unit file behind them; *ret (may be
 * NULL) is that unit. -ELOOP for an alias in a config directory without
 * INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS, -ENOLINK for an alias whose unit is gone. */
int install_info_traverse(struct install_context *ctx, const struct install_paths *p, struct install_info *start,
                          unsigned flags, struct install_info **ret);
/* install_info_add() of a name or an absolute path (inside the root), then traverse; a
 * failure is recorded in c (if not NULL) against name_or_path. */
int install_info_discover(struct install_context *ctx, const struct install_paths *p, const char *name_or_path,
                          unsigned flags, struct install_info **ret, struct install_changes *c);
bool install_info_has_rules(const struct install_info *i);

/* Makes link_path lead to old_path (root included; the link holds it without the root, as
 * it will be seen at boot). A link that already leads there is fine; another one is replaced
 * only with force. Returns 1 (created or already there) or a recorded -errno. */
int install_create_symlink(const struct install_paths *p, const char *old_path, const char *link_path, bool force,
                           struct install_changes *c);

/* Records a change or (type < 0) an error; returns type, or -ENOMEM. */
int install_changes_add(struct install_changes *c, int type, const char *path, const char *source);

/* readlink(2) into a new string of any length. */
int install_readlink(const char *path, char **ret);
/* path without the root in front ("/etc/..."), or path itself when it is not inside the root. */
const char *install_skip_root(const struct install_paths *p, const char *path);
/* Resolves path (root included) through symlinks with the root as "/" (systemd's chase()
 * with a root directory): absolute targets start again at the root, ".." stops there, and
 * what does not exist is kept as written. Returns 1 if the result exists, 0 if not, -errno
 * (-ELOOP after 64 links); *ret has the root in front. */
int install_chase(const struct install_paths *p, const char *path, char **ret);
/* The index of the search directory that is path's directory, or -1. */
int install_search_dir_of(const struct install_paths *p, const char *path);
/* True if path lies anywhere below a search directory. */
bool install_under_search_path(const struct install_paths *p, const char *path);
/* A link to /dev/null (with or without the root in front), /dev/null itself or an empty file. */
int install_null_or_empty(const struct install_paths *p, const char *path);
