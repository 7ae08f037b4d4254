/* analyze.h: svcctl's views of the unit graph, the job queue and the start-up, as pure functions of svcd's JSON.
 *
 * list-dependencies' tree (systemctl(1)), list-jobs' table, and analyze blame,
 * critical-chain, dot and plot (systemd-analyze(1)). Each takes unit objects as svcd's
 * ListUnits and GetUnit return them (systemd's property names: Id, ActiveState, Requires,
 * WantedBy, After, InactiveExitTimestamp, ActiveEnterTimestamp, ...) and writes text to a
 * FILE (open_memstream(3) for a string) or builds a JSON value; nothing here talks to svcd,
 * reads the clock or looks at the terminal, so that tests/unit/test-analyze.c can pin every
 * line. Timestamps are CLOCK_REALTIME microseconds, 0 for never; times shown are relative to
 * svcd's start-up (GetSystemState's startupTimestamp). Errors are -errno (-ENOMEM, -EIO for
 * a stream that failed). */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <json-c/json.h>

#include "libsvc/macro.h"
#include "libsvc/time-util.h"

/* --- the set of units ---------------------------------------------------------------------- */

/* Unit objects found by name: their Id, each of their Names, and any alias they were added
 * under. Holds a reference on each object. */
struct analyze_units;

int analyze_units_new(struct analyze_units **ret);
struct analyze_units *analyze_units_free(struct analyze_units *s);
DEFINE_POINTER_CLEANUP(struct analyze_units, analyze_units_free)

/* Adds every object of a ListUnits "units" array (non-objects and objects without Id are
 * skipped). A name already known keeps its first unit. */
int analyze_units_add_array(struct analyze_units *s, struct json_object *units);
/* Adds one unit object, also under alias (the name GetUnit was asked for; may be NULL). */
int analyze_units_add(struct analyze_units *s, struct json_object *unit, const char *alias);
/* The unit known by name, or NULL. */
struct json_object *analyze_units_get(const struct analyze_units *s, const char *name);
/* The distinct units, sorted by Id. */
size_t analyze_units_size(const struct analyze_units *s);
struct json_object *analyze_units_at(const struct analyze_units *s, size_t i);

/* --- helpers ------------------------------------------------------------------------------- */

#define ANALYZE_TIMESPAN_MAX 64

/* --- list-dependencies --------------------------------------------------------------------- */

enum analyze_dependency_kind {
        ANALYZE_DEPS_FORWARD, /* Requires, Requisite, Wants, BindsTo, Upholds, ConsistsOf */
        ANALYZE_DEPS_REVERSE, /* RequiredBy, RequisiteOf, WantedBy, BoundBy, UpheldBy, PartOf */
        ANALYZE_DEPS_AFTER,   /* After (--after) */
        ANALYZE_DEPS_BEFORE,  /* Before (--before) */
};

struct analyze_tree_options {
        enum analyze_dependency_kind kind;
        bool all;    /* --all: expand every unit, not only targets */
        bool colors; /* ANSI colours on the bullets */
};

/* systemctl list-dependencies' tree of root: the root's name, then one line per dependency,
 * "● ├─name", sorted (other units before targets, then by name ignoring case); the bullet
 * shows the active state (● active, activating or deactivating, ○ inactive or unknown to
 * svcd, × failed, ↻ reloading); targets (every unit with --all) are expanded below; a unit
 * already on the path from the root is left out, and a "..." line says so (a cycle). */
int analyze_dependency_tree(const struct analyze_units *s, const char *root, const struct analyze_tree_options *o,
                            FILE *f);
/* The same tree as nested objects: {"unit", "active_state", "dependencies": [...]}; a unit
 * not expanded has no "dependencies", one already on the path has "cycle": true. */
int analyze_dependency_tree_json(const struct analyze_units *s, const char *root,
                                 const struct analyze_tree_options *o, struct json_object **ret);

/* --- list-jobs ----------------------------------------------------------------------------- */

/* ListJobs' "jobs" as systemctl list-jobs prints them: JOB UNIT TYPE STATE, sorted by id,
 * running jobs highlighted, then "N jobs listed."; "No jobs running." for none. */
int analyze_job_list(struct json_object *jobs, bool colors, FILE *f);

/* --- start-up times ------------------------------------------------------------------------ */

/* When a unit last went through activation, from its timestamps (absolute, 0 for never). */
struct analyze_times {
        usec_t activating;   /* InactiveExitTimestamp: it left inactive */
        usec_t activated;    /* ActiveEnterTimestamp */
        usec_t deactivating; /* ActiveExitTimestamp */
        usec_t deactivated;  /* InactiveEnterTimestamp */
        usec_t time;         /* activating to active, or to inactive for a start that failed; 0: none */
};
/* Fills t from unit; false when the unit has not started since startup (no InactiveExit-
 * Timestamp, or one from before start-up): such units are left out of every view. */
bool analyze_unit_times(struct json_object *unit, usec_t startup, struct analyze_times *t);

/* systemd-analyze blame: "1.234s unit" lines, the span right-aligned, slowest first; units
 * that never started or took no measurable time are left out. */
int analyze_blame(const struct analyze_units *s, usec_t startup, FILE *f);
/* The same as an array of {"unit", "time" (µs)}. */
int analyze_blame_json(const struct analyze_units *s, usec_t startup, struct json_object **ret);

struct analyze_chain_options {
        usec_t startup; /* GetSystemState's startupTimestamp */
        usec_t finish;  /* bootFinished, or now while the start-up runs: later activations do not count */
        usec_t fuzz;    /* also follow units that became active at most this much before the last one */
        bool colors;
};
/* The two lines systemd-analyze critical-chain starts with, and an empty line. */
extern const char analyze_critical_chain_header[];
/* systemd-analyze critical-chain for root: the root ("name +time" or "name @time"), then
 * the tree that follows After= to the unit that became active last, "name @activating
 * +time" (red) or "name @activated". A unit met twice is not followed again ("..."). */
int analyze_critical_chain(const struct analyze_units *s, const char *root, const struct analyze_chain_options *o,
                           FILE *f);
/* The same as nested objects {"unit", "activating", "activated", "time" (µs since start-up,
 * present when known), "after": [...], "cycle": true}. */
int analyze_critical_chain_json(const struct analyze_units *s, const char *root,
                                const struct analyze_chain_options *o, struct json_object **ret);

/* --- dot ----------------------------------------------------------------------------------- */

/* The colour legend systemd-analyze dot prints on standard error. */
extern const char analyze_dot_legend[];
/* systemd-analyze dot: a Graphviz digraph with an edge per After= (green), Requires=
 * (black), Requisite= (dark blue), BindsTo= (gold), Wants= (grey66) and Conflicts= (red),
 * units in Id order. With patterns (fnmatch(3); a plain name also stands for the unit it is
 * an alias of), only edges from or to a matching unit. */
int analyze_dot(const struct analyze_units *s, char *const *patterns, FILE *f);

/* --- plot ---------------------------------------------------------------------------------- */

struct analyze_plot_options {
        usec_t startup;     /* the time axis starts here */
        usec_t finish;      /* bootFinished; 0: the start-up is not finished */
        usec_t now;         /* the end of the axis while not finished */
        const char *title;  /* first line, e.g. "svcd 0.1.0 on host" (escaped here) */
};
/* systemd-analyze plot: an SVG document, one bar per unit that started since start-up (red
 * while activating, pale while active, dark while deactivating), ordered by when they
 * started, on a time axis with ticks and labels in seconds; each bar has its unit's name,
 * start-up time, and a tooltip with its times and dependencies. */
int analyze_plot(const struct analyze_units *s, const struct analyze_plot_options *o, FILE *f);
/* Writes s with XML's special characters escaped; control characters and bytes that are
 * not UTF-8 become U+FFFD (XML 1.0 allows neither). */
void analyze_xml_escape(FILE *f, const char *s);
