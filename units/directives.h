/* directives.h: the one table of supported unit file directives and the typed value parsers.
 *
 * DESIGN.md decision 4: one sorted table {section, key, parser, offset, ltype, flags};
 * every parser has the same signature. A bad value is a warning at file:line and the
 * setting keeps its default; an empty assignment resets the setting (systemd.unit(5)). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct unit;

/* Everything a parser needs to say where a value came from. */
struct directive_context {
        const char *unit_id;     /* "foo.service" */
        const char *path;        /* the file, for "PATH:LINE: ..." */
        unsigned line;           /* first physical line of the assignment */
        const char *section;     /* "Service" */
        const char *key;         /* "Restart" */
        struct unit *unit;       /* the unit being filled (for settings kept in two fields) */
        const void *default_data; /* the setting's default, for resetting on empty values */
};

/* Returns 0 (also after warning about and ignoring a bad value) or -ENOMEM. */
typedef int (*directive_parser)(const struct directive_context *ctx, const char *value, void *data, int ltype);

enum {
        DIRECTIVE_LIST = 1 << 0,       /* repeated assignments add up; an empty one resets */
        DIRECTIVE_SPECIFIERS = 1 << 1, /* %-specifiers are expanded (systemd.unit(5),
                                        * "Specifiers") before the value is parsed */
};

/* What svcd does with a directive today: the single source for `svcctl verify` and for
 * the directive list of svcd.unit(5). */
enum directive_support {
        DIRECTIVE_ENFORCED, /* does what systemd's man page says */
        DIRECTIVE_EMULATED, /* same intent, other means: note says how */
        DIRECTIVE_IGNORED,  /* parsed and validated, no effect: note says why */
};

struct directive {
        const char *section;
        const char *key;
        directive_parser parse;
        size_t offset; /* of the setting in struct unit, or DIRECTIVE_IN_* | offset in that block */
        int ltype;     /* parser-specific: see each parser */
        unsigned flags;
        enum directive_support support;
        const char *note; /* how it is emulated / why it is ignored; NULL if enforced */
};

/* The blocks a setting can live in besides struct unit itself (units/unit.h). */
#define DIRECTIVE_IN_EXEC ((size_t) 1 << 28)   /* struct exec_context */
#define DIRECTIVE_IN_CGROUP ((size_t) 2 << 28) /* struct cgroup_context */
#define DIRECTIVE_IN_MASK ((size_t) 3 << 28)

/* Where d's setting is in u, to read (the shared defaults are read in place); with
 * &unit_defaults, the setting's default. */
const void *directive_field(const struct directive *d, const struct unit *u);
/* The same, to parse into: the unit's own exec or cgroup settings are made first if it
 * shared the defaults (NULL when out of memory). */
void *directive_data(const struct directive *d, struct unit *u);

/* The table entry for section/key, or NULL. Case-sensitive, as systemd. */
const struct directive *directive_lookup(const char *section, const char *key);

/* The whole table, sorted by (section, key): for tests and documentation. */
const struct directive *directive_table(size_t *ret_n);

/* True if some directive lives in section (e.g. "Service"). */
bool directive_section_known(const char *section);

/* Parses value with d's parser into u, and says what svcd does with it: for an ignored
 * directive whose value is valid, "PATH:LINE: Key= is not supported by svcd (NOTE),
 * ignoring." once per key per file; for an emulated one, a debug message. The loader
 * calls this for every assignment. Returns 0, or -ENOMEM. */
int directive_apply(const struct directive *d, const struct directive_context *ctx, const char *value,
                    struct unit *u);

/* "enforced", "emulated", "ignored". */
const char *directive_support_to_string(enum directive_support s);

/* The defaults every unit starts from (unit.c); parsers reset to these on "Key=". */
extern const struct unit unit_defaults;
