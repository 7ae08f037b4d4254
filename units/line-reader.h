/* line-reader.h: turns a unit file into logical lines for inih (continuations, long lines, line numbers).
 *
 * inih (r55, DESIGN.md decision 3) cuts lines at 200 bytes, treats " ;" as an inline
 * comment and knows no "\" continuation. So ini_parse_stream() is fed by this reader:
 * it reads whole physical lines of any length, joins continuations as systemd.syntax(7)
 * says, remembers where each logical line started, and keeps the full text. inih only
 * ever sees short, unambiguous lines ("[Section]" or "Key=x"); the value is taken from
 * line_reader_value(). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* inih keys are cut to this length when handed over; no directive name is this long, so
 * a cut key can never match the table and is reported with its full name. */
#define LINE_READER_KEY_MAX 100

enum line_kind {
        LINE_SECTION,    /* "[Name]": line_reader_section() is Name */
        LINE_ASSIGNMENT, /* "Key=Value": line_reader_key(), line_reader_value() */
};

/* Called for every section header, so the loader can warn about unknown sections at the
 * header's own line, once. */
typedef void (*line_reader_section_fn)(const char *section, unsigned line, void *userdata);

struct line_reader {
        FILE *f;
        const char *path;     /* for diagnostics: "PATH:LINE: ..." */
        unsigned physical;    /* physical lines read so far */
        unsigned line;        /* first physical line of the current logical line */
        unsigned section_line;
        char *raw;            /* getline() buffer */
        size_t raw_size;
        char *logical;        /* the current logical line, continuations joined, trimmed */
        size_t logical_len, logical_cap;
        char *section;        /* the current section, in full; NULL before the first header */
        char *key, *value;    /* point into logical for LINE_ASSIGNMENT */
        bool skip_section;    /* after an invalid header: ignore assignments until the next one */
        int error;            /* first read or allocation error (-errno), 0 if none */
        line_reader_section_fn on_section;
        void *userdata;
};

void line_reader_init(struct line_reader *r, FILE *f, const char *path);
void line_reader_done(struct line_reader *r);

/* Reads the next logical line that carries a section header or an assignment; comments
 * and blank lines are skipped, malformed lines are warned about at PATH:LINE and skipped.
 * Returns 1 and sets *ret_kind, 0 at end of file, or -errno (also kept in r->error). */
int line_reader_next(struct line_reader *r, enum line_kind *ret_kind);

/* The ini_reader for ini_parse_stream(): stream is a struct line_reader. Writes
 * "[Section]\n" or "Key=x\n" (at most num bytes with the NUL) or returns NULL at the end. */
char *line_reader_ini(char *buf, int num, void *stream);

/* Sets the inih runtime options the reader relies on (no multi-line values, no inline
 * comments): call before ini_parse_stream(). */
void line_reader_configure_inih(void);

static inline unsigned line_reader_line(const struct line_reader *r) {
        return r->line;
}
static inline const char *line_reader_section(const struct line_reader *r) {
        return r->section;
}
static inline const char *line_reader_key(const struct line_reader *r) {
        return r->key;
}
static inline const char *line_reader_value(const struct line_reader *r) {
        return r->value;
}
