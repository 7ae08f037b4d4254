/* analyze-internal.h: what the analyze*.c files share: JSON accessors, systemd's glyphs and colours, name lists and the path of a tree walk. */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <json-c/json.h>

#include "libsvc/time-util.h"

/* systemd's glyphs (src/basic/glyph-util.c) and its ansi_highlight*() colours. */
#define GLYPH_BLACK_CIRCLE "\u25cf"
#define GLYPH_WHITE_CIRCLE "\u25cb"
#define GLYPH_CROSS "\u00d7"
#define GLYPH_CIRCLE_ARROW "\u21bb"
#define GLYPH_TREE_VERTICAL "\u2502 "
#define GLYPH_TREE_BRANCH "\u251c\u2500"
#define GLYPH_TREE_RIGHT "\u2514\u2500"
#define GLYPH_TREE_SPACE "  "
#define ANSI_HIGHLIGHT "\x1b[0;1;39m"
#define ANSI_HIGHLIGHT_GREEN "\x1b[0;1;32m"
#define ANSI_HIGHLIGHT_RED "\x1b[0;1;31m"
#define ANSI_NORMAL "\x1b[0m"

/* A string member, "" when missing or not a string. */
const char *analyze_str(struct json_object *o, const char *key);
/* A timestamp member, 0 when missing or not positive. */
usec_t analyze_timestamp(struct json_object *o, const char *key);
bool analyze_is_target(const char *name);

/* Unit names, borrowed from the JSON they were collected from. */
struct analyze_names {
        const char **v;
        size_t n;
};
static inline void analyze_names_done(struct analyze_names *n) {
        free(n->v);
}
/* The names in unit's string arrays properties (NULL-terminated list), each once, in order. */
int analyze_names_collect(struct json_object *unit, const char *const *properties, struct analyze_names *ret);

/* A tree walk's way down: the names expanded, and per level whether siblings follow. */
struct analyze_path {
        const char **names;
        bool *more;
        size_t n, cap;
};
int analyze_path_push(struct analyze_path *p, const char *name);
bool analyze_path_contains(const struct analyze_path *p, const char *name);
void analyze_path_done(struct analyze_path *p);
/* "│ " or "  " per level above (more[0] the top), then "└─" (last) or "├─". */
void analyze_print_branches(FILE *f, const bool *more, size_t level, bool last);
