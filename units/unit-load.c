/* unit-load.c: reads a unit file into a struct unit, driving inih with our line reader and the directive table. */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/directives.h"
#include "units/line-reader.h"
#include "units/unit-name.h"
#include "units/unit.h"

struct load_state {
        struct unit *unit;
        struct line_reader reader;
        int error; /* first -ENOMEM from a parser */
};

/* systemd.unit(5), systemd.service(5), systemd.target(5): which sections a unit type
 * reads. A target "has no type-specific options": [Unit] and [Install] only. */
static bool section_applies(enum unit_type t, const char *section) {
        if (streq(section, "Unit") || streq(section, "Install"))
                return true;
        return t == UNIT_SERVICE && streq(section, "Service");
}

/* systemd.unit(5): sections and keys starting with "X-" are extensions that the
 * manager ignores on purpose. */
static bool is_extension(const char *s) {
        return startswith(s, "X-") != NULL;
}

static void on_section(const char *section, unsigned line, void *userdata) {
        struct load_state *st = userdata;

        if (is_extension(section))
                log_debug("%s:%u: Ignoring extension section [%s].", st->reader.path, line, section);
        else if (!section_applies(st->unit->type, section))
                log_warning("%s:%u: Unknown section [%s], ignoring.", st->reader.path, line, section);
}

/* inih calls this once per "Key=x" line the reader handed it. Section and key come from
 * inih; the value comes from the reader, which kept the whole logical line. */
static int on_assignment(void *user, const char *section, const char *name, const char *value_unused) {
        struct load_state *st = user;
        const struct line_reader *r = &st->reader;
        const char *full_section = line_reader_section(r), *full_key = line_reader_key(r);
        const struct directive *d = NULL;

        if (st->error < 0)
                return 1;
        if (!section_applies(st->unit->type, full_section) || is_extension(full_section))
                return 1; /* warned about at the header */
        if (is_extension(full_key)) {
                log_debug("%s:%u: Ignoring extension key %s=.", r->path, r->line, full_key);
                return 1;
        }
        /* inih sees a cut name if it was very long, and splits at ':' as well as '=':
         * only a name that arrived intact can be a directive. */
        if (streq(section, full_section) && streq(name, full_key))
                d = directive_lookup(section, name);
        if (!d) {
                log_warning("%s:%u: Unknown key '%s' in section [%s], ignoring.", r->path, r->line, full_key,
                            full_section);
                return 1;
        }

        const struct directive_context ctx = {
                .unit_id = st->unit->id,
                .path = r->path,
                .line = r->line,
                .section = d->section,
                .key = d->key,
                .unit = st->unit,
                .default_data = (const char *) &unit_defaults + d->offset,
        };
        int k = d->parse(&ctx, line_reader_value(r), (char *) st->unit + d->offset, d->ltype);
        if (k < 0) {
                st->error = k;
                return 0;
        }
        return 1;
}

int unit_load_stream(FILE *f, const char *path, const char *id, struct unit **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        struct load_state st = {};
        int r, k;

        if (!id)
                id = path_basename(path);
        if (!unit_name_is_valid(id))
                return log_error_errno(-EINVAL, "%s: '%s' is not a valid unit name.", path, id);
        if (unit_type_from_name(id) < 0)
                return log_error_errno(-EOPNOTSUPP,
                                       "%s: Unit type of %s is not supported (only .service and .target are), "
                                       "refusing.",
                                       path, id);

        r = unit_new(id, &u);
        if (r < 0)
                return log_oom();
        u->fragment_path = strdup(path);
        if (!u->fragment_path)
                return log_oom();

        st.unit = u;
        line_reader_init(&st.reader, f, path);
        st.reader.on_section = on_section;
        st.reader.userdata = &st;
        line_reader_configure_inih();
        k = ini_parse_stream(line_reader_ini, &st.reader, on_assignment, &st);
        r = st.reader.error;
        line_reader_done(&st.reader);

        if (r < 0)
                return log_error_errno(r, "Failed to read %s: %m", path);
        if (st.error < 0)
                return st.error;
        if (k == -2)
                return log_oom();
        /* The reader hands inih only well-formed lines, so inih has nothing to report;
         * if it does, that is a bug here, not in the user's file. */
        if (k != 0)
                log_debug("%s: inih reported an error at logical line %d.", path, k);

        *ret = TAKE_PTR(u);
        return 0;
}

int unit_load_file(const char *path, const char *id, struct unit **ret) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");

        if (!f)
                return log_error_errno(-errno, "Failed to open %s: %m", path);
        return unit_load_stream(f, path, id, ret);
}
