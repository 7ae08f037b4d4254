/* specifier.h: %-specifiers in unit file values, systemd.unit(5) "SPECIFIERS".
 *
 * Expansion reads from a context: the unit's names (from its id) and the system's values
 * (host name, machine ID, directories, ...). The system values are read once, when the
 * first specifier that needs them is expanded, so units without such specifiers cost no
 * file reads; tests fill struct specifier_system by hand and set loaded. */
#pragma once

#include <stdbool.h>

/* Values that are the same for every unit of one manager. All strings are owned (freed by
 * specifier_system_done()) unless a test filled them with literals and never calls it. */
struct specifier_system {
        bool loaded; /* filled (by specifier_system_load() or by hand) */
        bool user;   /* a user manager: %t %S %C %L %E come from the XDG variables */
        char *architecture;   /* %a: "x86-64", "arm64", ... (ConditionArchitecture= names) */
        char *boot_id;        /* %b */
        char *machine_id;     /* %m */
        char *hostname;       /* %H (%l is cut at the first ".") */
        char *pretty_hostname; /* %q, NULL: the short host name */
        char *kernel_release; /* %v */
        char *os_id, *os_version_id, *os_variant_id, *os_build_id, *os_image_id, *os_image_version; /* %o %w %W %B %M %A */
        char *user_name, *uid, *group_name, *gid, *home, *shell; /* %u %U %g %G %h %s */
        char *runtime_dir, *state_dir, *cache_dir, *logs_dir, *config_dir; /* %t %S %C %L %E */
        char *tmp_dir, *var_tmp_dir; /* %T %V */
};

struct specifier_context {
        const char *unit_id;       /* "foo@bar.service" */
        const char *fragment_path; /* %y %Y; NULL if the unit has no fragment */
        struct specifier_system *system; /* filled on first use unless already loaded */
};

/* Fills sys from the running system, for a system manager (user == false: root, /run,
 * /var/lib, ...) or the user manager of the calling user. Missing files give empty
 * strings, as systemd resolves unset os-release fields. Returns 0 or -ENOMEM. */
int specifier_system_load(struct specifier_system *sys, bool user);
void specifier_system_done(struct specifier_system *sys);

/* Expands every %x of s. Returns 0 with *ret (newly allocated); -EBADMSG with
 * *ret_unknown set to x when a specifier is unknown; -ENXIO with *ret_unknown set when a
 * known one cannot be resolved (%y without a fragment, %I of an instance whose escapes do
 * not decode); -ENOMEM. A "%" at the very end stays as it is, as in systemd. */
int specifier_expand(const struct specifier_context *ctx, const char *s, char **ret, char *ret_unknown);

/* True if s holds a "%" (so that callers can skip the copy of plain values). */
static inline bool specifier_present(const char *s) {
        for (; *s; s++)
                if (*s == '%')
                        return true;
        return false;
}
