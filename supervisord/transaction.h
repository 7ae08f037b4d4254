/* transaction.h: from one request (start, stop, restart, reload, isolate a unit) to the set
 * of jobs it means over the dependency graph, ordered, checked for cycles and conflicts
 * (systemd.unit(5), systemd's transaction.c semantics). Pure: it reads a graph the caller
 * built and returns jobs; it starts nothing. The manager (issue 6) builds the graph from
 * loaded units and runs the jobs.
 *
 * Graph: nodes are unit indexes 0..n-1. Each node has, per enum unit_dependency
 * (units/unit.h), the list of nodes it names, each edge with where it was written
 * ("foo.service:7", or "foo.service.wants/" for a directory) for error reports. The
 * inverse relations (RequiredBy, WantedBy, BoundBy, ConsistsOf, ConflictedBy, Before for
 * After) are derived here; callers give only what the files say. An edge from a unit to
 * itself is ignored, as systemd ignores a dependency of a unit on itself.
 *
 * What a request pulls in (systemd's transaction_add_job_and_dependencies()):
 *   start, restart  Requires=, BindsTo= -> start (matters); Wants=, Upholds= -> start (does
 *                   not matter); Requisite= -> verify-active (matters); Conflicts= -> stop
 *                   (matters); a unit that has Conflicts= on this one -> stop (does not matter).
 *   stop            units with Requires=, BindsTo=, Requisite=, PartOf= on it -> stop.
 *   restart         those same units -> try-restart, if they are active (else nothing).
 *   stop, restart   PropagatesStopTo= (and units with StopPropagatedFrom= on it) -> stop, or
 *                   restart if the unit is being started anyway; nothing if it is already
 *                   being stopped or restarted. Looked at once everything else is in.
 *   reload          PropagatesReloadTo= (and units with ReloadPropagatedFrom= on it) -> reload,
 *                   if active; a unit that cannot reload is skipped with a note.
 * A job "matters" when a chain of mattering links leads to it from the anchor; a job that
 * does not matter may be dropped (cycle, conflict, failed Requisite=, job mode fail) and
 * so are the jobs that needed it; jobs nobody pulls any more go too (not under isolate).
 * A job that would change nothing (start or verify of an active unit, stop of an inactive
 * one) is dropped, and what only it pulled in with it, unless it cancels a queued job or is
 * the anchor's; the anchor's becomes TX_JOB_NOP (systemd's transaction_drop_redundant()). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "units/unit.h"

struct tx_edge {
        unsigned to;        /* node index */
        const char *origin; /* "file:line" that created the edge; borrowed; may be NULL */
};

enum tx_job_type {
        TX_JOB_START,
        TX_JOB_VERIFY_ACTIVE, /* Requisite=: fails unless the unit is active */
        TX_JOB_STOP,
        TX_JOB_RESTART,       /* stop phase, then start phase */
        TX_JOB_TRY_RESTART,   /* restart if still active when run (pulled by a restart through Requires=) */
        TX_JOB_RELOAD,
        TX_JOB_NOP,
        _TX_JOB_TYPE_MAX,
};

struct tx_node {
        const char *name;   /* "foo.service"; borrowed */
        bool active;        /* active, reloading or activating now (a start of it is a no-op) */
        bool inactive;      /* inactive or failed now (a stop of it is a no-op) */
        bool can_reload;
        bool ignore_on_isolate;
        bool refuse_manual_start, refuse_manual_stop;
        /* The job already queued for this unit, if has_pending_job. systemctl(1)
         * --job-mode=: under TX_MODE_FAIL a request whose job on the unit cannot merge with
         * the queued one fails (-EBADR), and a job that does not matter and would stop a
         * running unit or reverse a queued job is dropped first; under the other modes the
         * caller replaces the queued job. A queued job also keeps an otherwise redundant job
         * (a start cancelling a queued stop), and isolate stops a unit that has one. */
        bool has_pending_job;
        enum tx_job_type pending_job;
        /* The node's edges, grouped by kind: those of kind d are edges[edge_start[d]] up
         * to edges[edge_start[d + 1]] (one array a node: a graph of 1,000 units holds ~4,000
         * edges in 1,000 allocations, not 4,000, and a node is 200 bytes smaller). Read them
         * with tx_node_n_deps() and tx_node_dep(); add with tx_node_add_edge(). */
        struct tx_edge *edges;
        uint32_t edge_start[_UNIT_DEPENDENCY_MAX + 1];
};

static inline size_t tx_node_n_deps(const struct tx_node *n, enum unit_dependency d) {
        return n->edge_start[d + 1] - n->edge_start[d];
}

static inline const struct tx_edge *tx_node_dep(const struct tx_node *n, enum unit_dependency d, size_t i) {
        return &n->edges[n->edge_start[d] + i];
}

/* Adds e as the last edge of kind d of n. -ENOMEM. */
int tx_node_add_edge(struct tx_node *n, enum unit_dependency d, struct tx_edge e);

struct tx_cache;

struct tx_graph {
        struct tx_node *nodes;
        size_t n_nodes;
        /* Optional: called before a transaction first reads the state of node u (active,
         * inactive, can_reload, ignore_on_isolate, refuse_manual_*, the pending job), so that
         * the owner, which may write the node through its own pointer, fills it from the unit
         * it stands for: only the units a request looks at are refreshed, not the whole graph.
         * NULL: the nodes' state is always current. */
        void (*refresh)(void *userdata, unsigned u);
        void *userdata;
        /* What tx_graph_prepare() derived from the edges, until tx_graph_release(). */
        struct tx_cache *cache;
};

/* Derives what tx_build() needs per unit (the inverse relations, scratch space) once for
 * the graph as it is now, so that a request then costs what it touches, not the size of the
 * graph. Call it again after any edge or the number of nodes changed; a graph without it
 * (or whose edges name nodes that do not exist: tx_build() then says so) still works, at
 * O(units + edges) a request. Returns 0 or -ENOMEM (-EINVAL for a bad edge). */
int tx_graph_prepare(struct tx_graph *g);
void tx_graph_release(struct tx_graph *g);

/* systemctl --job-mode= (systemctl(1)). */
enum tx_mode {
        TX_MODE_REPLACE,
        TX_MODE_FAIL,
        TX_MODE_ISOLATE,              /* start of the anchor; stop every other unit not ignore_on_isolate */
        TX_MODE_IGNORE_DEPENDENCIES,  /* the anchor job only, and it ignores ordering (ignore_order) */
        TX_MODE_IGNORE_REQUIREMENTS,  /* the anchor job only; ordering against queued jobs still applies */
        _TX_MODE_MAX,
};

/* Ordering (systemd.unit(5) Before=/After=, systemd's job_compare()): for two units with jobs
 * where a is ordered before b, start-type work on a (start, verify-active, reload, the start
 * phase of a restart) precedes that on b; stop work (stop, the stop phase of a restart) on b
 * precedes that on a; and the stop work of either precedes the start-type work of the
 * other, whatever the direction. A NOP orders nothing. A restart has two phases, so its
 * predecessors come in two sets, and a predecessor may be needed only up to the end of its
 * stop phase ("stopped"): a restart ordered after this job stops first but starts after it.
 * Only jobs of this transaction are ordered here; the caller orders them against queued jobs. */
struct tx_job {
        unsigned unit;
        enum tx_job_type type;
        bool matters;       /* pulled by a requirement chain (not only by Wants=) */
        bool ignore_order;  /* TX_MODE_IGNORE_DEPENDENCIES: run without waiting for any job */
        /* Before this job begins (its stop phase, for a restart): jobs that must be done, and
         * restart jobs that must have finished their stop phase (indexes into tx_result.jobs). */
        unsigned *after;
        size_t n_after;
        unsigned *after_stopped;
        size_t n_after_stopped;
        /* Restarts only: the same, before the start phase begins. */
        unsigned *restart_after;
        size_t n_restart_after;
        unsigned *restart_after_stopped;
        size_t n_restart_after_stopped;
        /* If this job fails, these jobs fail with "dependency" (indexes into tx_result.jobs):
         * for a start-type job (start, verify-active, restart, try-restart), the start-type jobs
         * of units with Requires=, BindsTo= or Requisite= on this unit; for a stop job, the
         * start-type jobs of units with Conflicts= on it (systemd's PROPAGATE_START_FAILURE and
         * PROPAGATE_STOP_FAILURE). The caller fails only those still waiting. */
        unsigned *fail_with;
        size_t n_fail_with;
};

struct tx_result {
        struct tx_job *jobs; /* one per unit at most, the anchor first, then by unit index */
        size_t n_jobs;
        /* When the request failed: why, in words that name every unit and edge involved,
         * e.g. for an ordering cycle "Ordering cycle: a.service after b.service (a.service:3),
         * b.service after a.service (b.service:4)"; NULL on success. */
        char *error;
        /* Notes for the log even on success: jobs dropped to break a cycle (with the cycle),
         * to resolve a conflict, because a Requisite= unit is not active, or under job mode
         * fail; reloads not propagated to a unit that cannot reload. NULL if none. */
        char **notes;
};

void tx_result_done(struct tx_result *r);

/* Builds the jobs for type on unit anchor under mode. Returns 0 and fills *ret, or:
 *   -ELOOP      an ordering cycle that dropping Wants=-only jobs cannot break (ret->error says which);
 *   -EBADR      conflicting jobs that both matter (a unit both started and stopped by
 *               requirements), under any mode; or, under mode fail, a job that cannot merge
 *               with the unit's queued job;
 *   -ENOLINK    a Requisite= unit is not active (or the anchor of a verify-active is not);
 *   -EPERM      RefuseManualStart=/RefuseManualStop= (manual is true);
 *   -EOPNOTSUPP a reload of an anchor that cannot reload;
 *   -EINVAL     a bad argument: anchor, type or mode out of range, isolate of anything but a
 *               start, an edge to a node that does not exist;
 *   -ENOMEM.
 * On failure ret->error is set (except -ENOMEM) and ret->jobs is empty; ret->notes may hold
 * what was dropped before the failure. ret is overwritten, not freed first. */
int tx_build(const struct tx_graph *g, unsigned anchor, enum tx_job_type type, enum tx_mode mode, bool manual,
             struct tx_result *ret);

/* Start-type: start, verify-active, restart, try-restart; whose failure fails its
 * dependents through Requires=/BindsTo=/Requisite= (systemd's job_finish_and_invalidate()). */
bool tx_job_type_is_start(enum tx_job_type t);

/* systemd's names: "start", "verify-active", "stop", "restart", "try-restart", "reload", "nop". */
const char *tx_job_type_to_string(enum tx_job_type t);
