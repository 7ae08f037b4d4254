/* transaction-internal.h: what the parts of the transaction engine share: transaction.c (the
 * closure, isolate, the messages, the entry point tx_build()), transaction-prune.c (which jobs
 * stay: the jobs that matter, job mode fail, redundant jobs, merging, conflicts, Requisite=) and
 * transaction-order.c (ordering, cycles, the result's after and fail_with lists). Not for other
 * modules: they include supervisord/transaction.h. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libsvc/macro.h"
#include "libsvc/strbuf.h"
#include "supervisord/transaction.h"

#define NONE UINT_MAX

/* While the transaction grows a unit may be asked for several kinds of job (systemd keeps a
 * list of jobs per unit); they merge into one at the end. A try-restart is a restart request
 * with try_only set. Request id = unit * _RK_MAX + kind. */
enum req_kind { RK_START, RK_VERIFY, RK_STOP, RK_RESTART, RK_RELOAD, _RK_MAX };

/* What merging yields besides an enum tx_job_type (see the merge table in transaction-prune.c);
 * struct tx's merged holds one or the other. */
#define CONFLICT (-1)
#define RELOAD_OR_START (-2)
#define NO_JOB (-3)

/* Why a request is in the transaction: one edge as written, or the request itself, or isolate. */
#define WHY_REQUEST (-1)
#define WHY_ISOLATE (-2)
struct why {
        unsigned unit; /* the unit that wrote the edge (the anchor's, for WHY_ISOLATE) */
        int dep;       /* enum unit_dependency, or WHY_* */
        const struct tx_edge *edge;
};

struct req {
        unsigned first_in, first_out; /* link lists, NONE-terminated */
        unsigned n_in;                /* links from live requests: 0 means garbage */
        bool created, alive, matters;
        bool try_only;                /* RK_RESTART: only try-restarts asked for it */
};

struct link {
        unsigned from, to, next_in, next_out;
        bool matters, conflicts; /* conflicts: a stop pulled by Conflicts= (systemd's job_is_conflicted_by()) */
        struct why why;
};

struct ref {
        unsigned unit; /* who wrote the edge */
        const struct tx_edge *edge;
};

struct doom {
        unsigned id;
        bool cascade;
};

/* Ordering facts and phase edges (transaction-order.c). */
struct fact;
struct pedge;

/* What tx_build() needs per unit of the graph, kept with the graph (tx_graph_prepare()) so
 * that a request costs what it touches rather than the size of the graph: the inverse index
 * would otherwise be rebuilt from every edge, and the per-unit arrays allocated and
 * initialised, on every request (1.6 ms a StartUnit with 11,000 units loaded). Between two
 * transactions the scratch is clean: every request unlinked and dead, no unit merged or with
 * a job; a transaction puts back what it wrote (the units in its touched list) as it ends. */
struct tx_cache {
        size_t n;
        unsigned *inv_off; /* [N_INV][n + 1] */
        struct ref *inv;
        struct req *reqs;  /* [n * _RK_MAX] */
        int *merged;       /* per unit: merged job type, or NO_JOB */
        unsigned *job_of;  /* per unit: job index or NONE */
        /* seen[u] == epoch: this transaction has had the graph's owner refresh u's state. */
        uint32_t *seen;
        uint32_t epoch;
        bool busy;         /* a tx_build() is using it (a refresh hook that builds another) */
};

struct tx {
        const struct tx_graph *g;
        size_t n;
        enum tx_mode mode;
        unsigned anchor;      /* the anchor's request */
        unsigned anchor_unit;
        bool gc;         /* delete requests nobody pulls (after the closure; never under isolate) */
        struct tx_cache *c;   /* the graph's, or own */
        struct tx_cache *own; /* built for this transaction: the graph has none, or it is busy */
        /* Borrowed from c. */
        struct req *reqs;
        unsigned *inv_off;
        struct ref *inv;
        int *merged;
        unsigned *job_of; /* jobs, rebuilt on each ordering pass */
        struct link *links;
        size_t n_links, cap_links;
        unsigned *queue; /* requests to expand, each once: afterwards, every request in creation order */
        size_t queue_head, queue_tail, cap_queue;
        unsigned *graceful; /* stop/restart requests whose PropagatesStopTo= is still to do */
        size_t graceful_head, graceful_tail, cap_graceful;
        struct doom *doomed; /* at most one per request: sized once the closure is complete */
        size_t n_doomed;
        unsigned *touched; /* units with a request, sorted once the closure is complete */
        size_t n_touched, cap_touched;
        unsigned *job_unit; /* n_touched + 1 */
        size_t n_jobs;
        struct fact *facts;
        size_t n_facts, cap_facts;
        struct pedge *pedges;
        size_t n_pedges, cap_pedges;
        unsigned *by_waiter_off, *by_waiter;
        char **notes;
        char *error;
};

struct msg {
        struct strbuf b;
        int r;
};

/* transaction.c */
int tx_grow(void **p, size_t *cap, size_t need, size_t size);
const char *tx_unit_name(const struct tx *t, unsigned u);
/* Unit u's node, its state (active, inactive, pending job, ...) refreshed by the graph's
 * owner the first time this transaction reads it (tx_graph.refresh). Read state through this;
 * edges and names may be read from t->g->nodes directly. */
const struct tx_node *tx_node_of(const struct tx *t, unsigned u);
void tx_msg_put(struct msg *m, const char *fmt, ...) _printf_(2, 3);
void tx_msg_req_why(struct msg *m, const struct tx *t, unsigned id);
int tx_msg_finish(struct msg *m, struct tx *t, bool note);
/* Makes m the error; returns error, or -ENOMEM. */
int tx_fail(struct tx *t, int error, struct msg *m);
/* The units whose relation d names u, from the returned ref up to *end; d is one of the relations
 * read backwards (Requires=, BindsTo=, Requisite=, PartOf=, Conflicts=, StopPropagatedFrom=,
 * ReloadPropagatedFrom=). */
const struct ref *tx_inv_begin(const struct tx *t, enum unit_dependency d, unsigned u, const struct ref **end);

#define INV_FOREACH(ref, t, d, u)                                                                      \
        for (const struct ref *ref##_end, *ref = tx_inv_begin((t), (d), (u), &ref##_end); ref < ref##_end; ref++)

/* transaction-prune.c */
bool tx_type_is_redundant(int t, const struct tx_node *node);
bool tx_conflicts_with_pending(int t, const struct tx_node *node);
bool tx_unit_matters(const struct tx *t, unsigned u);
void tx_delete_unit(struct tx *t, unsigned u);
int tx_find_matters(struct tx *t);
int tx_minimize_impact(struct tx *t);
void tx_drop_redundant(struct tx *t);
int tx_resolve_conflicts(struct tx *t);
void tx_merge_all(struct tx *t);
int tx_check_requisites(struct tx *t, bool *changed);

/* transaction-order.c */
int tx_cmp_unsigned(const void *a, const void *b);
/* Job j's type; the anchor's job (j == 0) that would change nothing is TX_JOB_NOP. */
int tx_job_type_of(const struct tx *t, unsigned j);
void tx_collect_jobs(struct tx *t);
int tx_build_order(struct tx *t);
/* Returns 0 if the order is acyclic, 1 if a job was dropped to break a cycle, or an error. */
int tx_verify_order(struct tx *t);
int tx_fill_result(struct tx *t, struct tx_result *ret);
