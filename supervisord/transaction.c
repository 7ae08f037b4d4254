/* transaction.c: one request -> its jobs: the closure over the dependency graph (what each
 * request pulls in), isolate, the messages, the entry point tx_build(), which runs the passes
 * of transaction-prune.c and transaction-order.c, and freeing the result (systemd's
 * transaction.c and job.c semantics, over arrays indexed by unit so that 10,000 units cost
 * milliseconds), and the per-graph cache that lets a request on a prepared graph cost what it
 * touches. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "libsvc/strbuf.h"
#include "libsvc/strv.h"
#include "supervisord/transaction-internal.h"

/* The relations read backwards ("who has Requires= on u"), in compressed rows per unit. */
static const enum unit_dependency inverted[] = {
        UNIT_REQUIRES, UNIT_BINDS_TO,  UNIT_REQUISITE, UNIT_PART_OF, UNIT_CONFLICTS, UNIT_STOP_PROPAGATED_FROM,
        UNIT_RELOAD_PROPAGATED_FROM,
};
#define N_INV ELEMENTSOF(inverted)

int tx_grow(void **p, size_t *cap, size_t need, size_t size) {
        if (need <= *cap)
                return 0;
        size_t c = MAX(need, MAX(*cap * 2, (size_t) 64));
        void *q = reallocarray(*p, c, size);
        if (!q)
                return -ENOMEM;
        *p = q;
        *cap = c;
        return 0;
}

int tx_node_add_edge(struct tx_node *n, enum unit_dependency d, struct tx_edge e) {
        size_t total = n->edge_start[_UNIT_DEPENDENCY_MAX], at = n->edge_start[d + 1];
        struct tx_edge *v = realloc(n->edges, (total + 1) * sizeof *v);

        if (!v)
                return -ENOMEM;
        n->edges = v;
        memmove(v + at + 1, v + at, (total - at) * sizeof *v);
        v[at] = e;
        for (size_t k = d + 1; k <= _UNIT_DEPENDENCY_MAX; k++)
                n->edge_start[k]++;
        return 0;
}

const char *tx_unit_name(const struct tx *t, unsigned u) {
        return strnull(t->g->nodes[u].name);
}

/* ---- messages ---------------------------------------------------------------------------- */

void tx_msg_put(struct msg *m, const char *fmt, ...) {
        va_list ap;
        char *s;
        int n;

        if (m->r < 0)
                return;
        va_start(ap, fmt);
        n = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (n < 0) {
                m->r = -ENOMEM;
                return;
        }
        m->r = strbuf_put(&m->b, s, (size_t) n);
        free(s);
}

/* "a.service Requires=b.service (a.service:3)", "request", "isolate of t.target". */
static void msg_why(struct msg *m, const struct tx *t, const struct why *w) {
        if (w->dep == WHY_REQUEST)
                tx_msg_put(m, "request");
        else if (w->dep == WHY_ISOLATE)
                tx_msg_put(m, "isolate of %s", tx_unit_name(t, w->unit));
        else {
                tx_msg_put(m, "%s %s=%s", tx_unit_name(t, w->unit), unit_dependency_to_string(w->dep),
                        tx_unit_name(t, w->edge->to));
                if (w->edge->origin)
                        tx_msg_put(m, " (%s)", w->edge->origin);
        }
}

/* Why request id is here: the request itself, else its first live link (a mattering one if any). */
void tx_msg_req_why(struct msg *m, const struct tx *t, unsigned id) {
        const struct link *best = NULL;

        if (id == t->anchor) {
                tx_msg_put(m, "request");
                return;
        }
        for (unsigned l = t->reqs[id].first_in; l != NONE; l = t->links[l].next_in) {
                const struct link *k = &t->links[l];
                if (t->reqs[k->from].alive && (!best || (k->matters && !best->matters) ||
                                               (k->matters == best->matters && k < best)))
                        best = k;
        }
        if (best)
                msg_why(m, t, &best->why);
        else
                tx_msg_put(m, "nothing");
}

/* Hands the text to *ret (the error or a new note); returns 0 or -ENOMEM. */
int tx_msg_finish(struct msg *m, struct tx *t, bool note) {
        if (m->r < 0) {
                free(m->b.s);
                return m->r;
        }
        if (!note) {
                free(t->error);
                t->error = m->b.s;
                return 0;
        }
        return strv_consume(&t->notes, m->b.s);
}

int tx_fail(struct tx *t, int error, struct msg *m) {
        int r = tx_msg_finish(m, t, false);
        return r < 0 ? r : error;
}

/* ---- the per-graph cache (transaction-internal.h) ------------------------------------------ */

static struct tx_cache *cache_free(struct tx_cache *c) {
        if (c) {
                free(c->inv_off);
                free(c->inv);
                free(c->reqs);
                free(c->merged);
                free(c->job_of);
                free(c->seen);
                free(c);
        }
        return NULL;
}

/* The inverse relations of g in compressed rows: per inverted relation and unit, the units
 * whose edges name it. Checks every edge on the way: a bad one is described in *bad. */
static int cache_index(struct tx_cache *c, const struct tx_graph *g, struct msg *bad) {
        const size_t n = c->n, stride = n + 1;
        int slot_of[_UNIT_DEPENDENCY_MAX];
        _cleanup_free_ unsigned *pos = NULL;

        for (size_t d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                slot_of[d] = -1;
        for (size_t s = 0; s < N_INV; s++)
                slot_of[inverted[s]] = (int) s;

        c->inv_off = calloc(N_INV * stride, sizeof(unsigned));
        pos = malloc(N_INV * stride * sizeof(unsigned));
        if (!c->inv_off || !pos)
                return -ENOMEM;
        /* Count per (relation, target), checking every edge on the way. */
        for (size_t u = 0; u < n; u++)
                for (size_t d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                        for (size_t i = 0; i < tx_node_n_deps(&g->nodes[u], d); i++) {
                                const struct tx_edge *e = tx_node_dep(&g->nodes[u], d, i);
                                if (e->to >= n) {
                                        tx_msg_put(bad, "%s: %s= names unit %u, but there are only %zu units",
                                                   strnull(g->nodes[u].name), unit_dependency_to_string(d), e->to, n);
                                        if (e->origin)
                                                tx_msg_put(bad, " (%s)", e->origin);
                                        return -EINVAL;
                                }
                                if (slot_of[d] >= 0 && e->to != u)
                                        c->inv_off[slot_of[d] * stride + e->to + 1]++;
                        }
        /* One prefix sum over the flattened rows: each relation's rows follow the previous one's. */
        for (size_t i = 1; i < N_INV * stride; i++)
                c->inv_off[i] += c->inv_off[i - 1];
        memcpy(pos, c->inv_off, N_INV * stride * sizeof(unsigned));
        c->inv = malloc(MAX(c->inv_off[N_INV * stride - 1], 1u) * sizeof(struct ref));
        if (!c->inv)
                return -ENOMEM;
        for (size_t u = 0; u < n; u++)
                for (size_t s = 0; s < N_INV; s++) {
                        const struct tx_node *node = &g->nodes[u];
                        for (size_t i = 0; i < tx_node_n_deps(node, inverted[s]); i++) {
                                const struct tx_edge *e = tx_node_dep(node, inverted[s], i);
                                if (e->to != u)
                                        c->inv[pos[s * stride + e->to]++] = (struct ref) { (unsigned) u, e };
                        }
                }
        return 0;
}

static const struct req clean_req = { .first_in = NONE, .first_out = NONE };

/* A cache for g as it is, clean (struct tx_cache). -ENOMEM, or -EINVAL with *bad said. */
static int cache_new(const struct tx_graph *g, struct msg *bad, struct tx_cache **ret) {
        const size_t n = g->n_nodes, nr = n * _RK_MAX;
        struct tx_cache *c = calloc(1, sizeof *c);
        int r;

        if (!c)
                return -ENOMEM;
        c->n = n;
        c->reqs = malloc(MAX(nr, (size_t) 1) * sizeof *c->reqs);
        c->merged = malloc(MAX(n, (size_t) 1) * sizeof *c->merged);
        c->job_of = malloc(MAX(n, (size_t) 1) * sizeof *c->job_of);
        c->seen = calloc(MAX(n, (size_t) 1), sizeof *c->seen);
        if (!c->reqs || !c->merged || !c->job_of || !c->seen) {
                cache_free(c);
                return -ENOMEM;
        }
        for (size_t i = 0; i < nr; i++)
                c->reqs[i] = clean_req;
        for (size_t u = 0; u < n; u++) {
                c->merged[u] = NO_JOB;
                c->job_of[u] = NONE;
        }
        r = cache_index(c, g, bad);
        if (r < 0) {
                cache_free(c);
                return r;
        }
        *ret = c;
        return 0;
}

int tx_graph_prepare(struct tx_graph *g) {
        struct msg bad = {};

        tx_graph_release(g);
        int r = cache_new(g, &bad, &g->cache);
        free(bad.b.s);
        return r;
}

void tx_graph_release(struct tx_graph *g) {
        g->cache = cache_free(g->cache);
}

/* The graph's cache if it is there and free, else one of the transaction's own. */
static int cache_attach(struct tx *t) {
        struct tx_cache *c = t->g->cache;

        if (!c || c->busy || c->n != t->n) {
                struct msg bad = {};
                int r = cache_new(t->g, &bad, &t->own);
                if (r == -EINVAL)
                        return tx_fail(t, r, &bad);
                free(bad.b.s);
                if (r < 0)
                        return r;
                c = t->own;
        }
        c->busy = true;
        if (++c->epoch == 0) { /* wrapped: no unit may look seen */
                memset(c->seen, 0, MAX(c->n, (size_t) 1) * sizeof *c->seen);
                c->epoch = 1;
        }
        t->c = c;
        t->reqs = c->reqs;
        t->inv_off = c->inv_off;
        t->inv = c->inv;
        t->merged = c->merged;
        t->job_of = c->job_of;
        return 0;
}

/* Puts back what the transaction wrote: only units it touched (and the anchor) have requests,
 * a merged type or a job. */
static void cache_detach(struct tx *t) {
        struct tx_cache *c = t->c;

        if (!c)
                return;
        for (size_t i = 0; i <= t->n_touched; i++) {
                unsigned u = i < t->n_touched ? t->touched[i] : t->anchor_unit;
                for (unsigned k = 0; k < _RK_MAX; k++)
                        c->reqs[u * _RK_MAX + k] = clean_req;
                c->merged[u] = NO_JOB;
                c->job_of[u] = NONE;
        }
        c->busy = false;
        t->c = NULL;
        t->own = cache_free(t->own);
}

const struct tx_node *tx_node_of(const struct tx *t, unsigned u) {
        struct tx_cache *c = t->c;

        if (t->g->refresh && c->seen[u] != c->epoch) {
                c->seen[u] = c->epoch;
                t->g->refresh(t->g->userdata, u);
        }
        return &t->g->nodes[u];
}

/* ---- the closure ------------------------------------------------------------------------- */

enum { PULL_MATTERS = 1, PULL_CONFLICTS = 2, PULL_TRY = 4, PULL_RELOAD = 8 };

static int tx_link(struct tx *t, unsigned from, unsigned to, unsigned flags, struct why why) {
        int r = tx_grow((void **) &t->links, &t->cap_links, t->n_links + 1, sizeof(struct link));
        if (r < 0)
                return r;
        unsigned l = (unsigned) t->n_links++;
        t->links[l] = (struct link) {
                .from = from, .to = to, .next_in = t->reqs[to].first_in, .next_out = t->reqs[from].first_out,
                .matters = flags & PULL_MATTERS, .conflicts = flags & PULL_CONFLICTS, .why = why,
        };
        t->reqs[to].first_in = t->reqs[from].first_out = l;
        t->reqs[to].n_in++;
        return 0;
}

static int tx_enqueue(struct tx *t, unsigned id, bool try_only) {
        unsigned u = id / _RK_MAX;
        bool seen = false;
        int r;

        for (unsigned k = 0; k < _RK_MAX; k++)
                seen = seen || t->reqs[u * _RK_MAX + k].created;
        if (!seen) {
                r = tx_grow((void **) &t->touched, &t->cap_touched, t->n_touched + 1, sizeof(unsigned));
                if (r < 0)
                        return r;
                t->touched[t->n_touched++] = u;
        }
        r = tx_grow((void **) &t->queue, &t->cap_queue, t->queue_tail + 1, sizeof(unsigned));
        if (r < 0)
                return r;
        t->reqs[id].created = t->reqs[id].alive = true;
        t->reqs[id].try_only = try_only;
        t->queue[t->queue_tail++] = id;
        return 0;
}

static int tx_pull(struct tx *t, unsigned from, unsigned unit, enum req_kind kind, unsigned flags, struct why why) {
        unsigned id = unit * _RK_MAX + kind;

        if (unit == from / _RK_MAX)
                return 0;
        const struct tx_node *node = tx_node_of(t, unit);
        /* A try-restart or a propagated reload of an inactive unit is nothing (systemd's
         * job_type_collapse()); a unit that cannot reload does not get one (job type not applicable). */
        if ((flags & (PULL_TRY | PULL_RELOAD)) && !node->active)
                return 0;
        if ((flags & PULL_RELOAD) && !node->can_reload) {
                struct msg m = {};
                tx_msg_put(&m, "Not propagating reload to %s, which cannot reload: ", tx_unit_name(t, unit));
                msg_why(&m, t, &why);
                return tx_msg_finish(&m, t, true);
        }
        if (!t->reqs[id].alive) {
                int r = tx_enqueue(t, id, flags & PULL_TRY);
                if (r < 0)
                        return r;
        } else if (!(flags & PULL_TRY))
                t->reqs[id].try_only = false;
        return tx_link(t, from, id, flags, why);
}

static int pull_forward(struct tx *t, unsigned id, enum unit_dependency d, enum req_kind kind, unsigned flags) {
        unsigned u = id / _RK_MAX;
        const struct tx_node *node = &t->g->nodes[u];

        for (size_t i = 0; i < tx_node_n_deps(node, d); i++) {
                const struct tx_edge *e = tx_node_dep(node, d, i);
                int r = tx_pull(t, id, e->to, kind, flags, (struct why) { u, (int) d, e });
                if (r < 0)
                        return r;
        }
        return 0;
}

const struct ref *tx_inv_begin(const struct tx *t, enum unit_dependency d, unsigned u, const struct ref **end) {
        size_t s = 0;
        while (inverted[s] != d)
                s++;
        *end = t->inv + t->inv_off[s * (t->n + 1) + u + 1];
        return t->inv + t->inv_off[s * (t->n + 1) + u];
}

static int pull_inverse(struct tx *t, unsigned id, enum unit_dependency d, enum req_kind kind, unsigned flags) {
        INV_FOREACH(ref, t, d, id / _RK_MAX) {
                int r = tx_pull(t, id, ref->unit, kind, flags, (struct why) { ref->unit, (int) d, ref->edge });
                if (r < 0)
                        return r;
        }
        return 0;
}

/* systemd's transaction_add_job_and_dependencies(), one request at a time. */
static int tx_expand(struct tx *t, unsigned id) {
        enum req_kind k = id % _RK_MAX;
        int r = 0;

        if (k == RK_START || k == RK_RESTART) {
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_REQUIRES, RK_START, PULL_MATTERS);
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_BINDS_TO, RK_START, PULL_MATTERS);
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_WANTS, RK_START, 0);
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_UPHOLDS, RK_START, 0);
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_REQUISITE, RK_VERIFY, PULL_MATTERS);
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_CONFLICTS, RK_STOP, PULL_MATTERS | PULL_CONFLICTS);
                if (r >= 0) /* ConflictedBy: stop it, but it does not matter if that fails */
                        r = pull_inverse(t, id, UNIT_CONFLICTS, RK_STOP, 0);
        }
        if (k == RK_STOP || k == RK_RESTART) {
                /* RequiredBy, BoundBy, RequisiteOf, ConsistsOf: a stop propagates as a stop, a
                 * restart as a try-restart, so as not to start what was not running. */
                static const enum unit_dependency propagate[] = { UNIT_REQUIRES, UNIT_BINDS_TO, UNIT_REQUISITE,
                                                                  UNIT_PART_OF };
                enum req_kind nk = k == RK_STOP ? RK_STOP : RK_RESTART;
                unsigned flags = k == RK_STOP ? PULL_MATTERS : PULL_MATTERS | PULL_TRY;

                for (size_t i = 0; r >= 0 && i < ELEMENTSOF(propagate); i++)
                        r = pull_inverse(t, id, propagate[i], nk, flags);
                if (r >= 0)
                        r = tx_grow((void **) &t->graceful, &t->cap_graceful, t->graceful_tail + 1, sizeof(unsigned));
                if (r >= 0)
                        t->graceful[t->graceful_tail++] = id;
        }
        if (k == RK_RELOAD) {
                if (r >= 0)
                        r = pull_forward(t, id, UNIT_PROPAGATES_RELOAD_TO, RK_RELOAD, PULL_RELOAD);
                if (r >= 0)
                        r = pull_inverse(t, id, UNIT_RELOAD_PROPAGATED_FROM, RK_RELOAD, PULL_RELOAD);
        }
        return r;
}

/* PropagatesStopTo=, after everything else is in (systemd's job_type_propagate_stop_graceful()):
 * nothing if the unit is being stopped or restarted anyway, a restart if it is being started
 * (a stop would conflict), else a stop. */
static int graceful_one(struct tx *t, unsigned id, unsigned unit, struct why why) {
        const struct req *base = &t->reqs[unit * _RK_MAX];

        if (base[RK_STOP].alive || base[RK_RESTART].alive)
                return 0;
        return tx_pull(t, id, unit, base[RK_START].alive ? RK_RESTART : RK_STOP, PULL_MATTERS, why);
}

static int tx_propagate_stop(struct tx *t, unsigned id) {
        unsigned u = id / _RK_MAX;
        const struct tx_node *node = &t->g->nodes[u];
        int r;

        for (size_t i = 0; i < tx_node_n_deps(node, UNIT_PROPAGATES_STOP_TO); i++) {
                const struct tx_edge *e = tx_node_dep(node, UNIT_PROPAGATES_STOP_TO, i);
                r = graceful_one(t, id, e->to, (struct why) { u, UNIT_PROPAGATES_STOP_TO, e });
                if (r < 0)
                        return r;
        }
        INV_FOREACH(ref, t, UNIT_STOP_PROPAGATED_FROM, u) {
                r = graceful_one(t, id, ref->unit, (struct why) { ref->unit, UNIT_STOP_PROPAGATED_FROM, ref->edge });
                if (r < 0)
                        return r;
        }
        return 0;
}

static int tx_drain(struct tx *t) {
        for (;;) {
                int r;
                if (t->queue_head < t->queue_tail)
                        r = tx_expand(t, t->queue[t->queue_head++]);
                else if (t->graceful_head < t->graceful_tail)
                        r = tx_propagate_stop(t, t->graceful[t->graceful_head++]);
                else
                        return 0;
                if (r < 0)
                        return r;
        }
}

/* Isolate: stop every unit that is not inactive (or has a queued job), is not
 * IgnoreOnIsolate=, and has nothing in the transaction (systemd's transaction_add_isolate_jobs()). */
static int tx_add_isolate(struct tx *t) {
        unsigned anchor_unit = t->anchor / _RK_MAX;

        for (unsigned u = 0; u < t->n; u++) {
                const struct tx_node *node = tx_node_of(t, u);
                bool in = false;

                for (unsigned k = 0; k < _RK_MAX; k++)
                        in = in || t->reqs[u * _RK_MAX + k].alive;
                if (in || node->ignore_on_isolate || (node->inactive && !node->has_pending_job))
                        continue;
                int r = tx_pull(t, t->anchor, u, RK_STOP, PULL_MATTERS, (struct why) { anchor_unit, WHY_ISOLATE, NULL });
                if (r < 0)
                        return r;
        }
        return tx_drain(t);
}

/* ---- entry ------------------------------------------------------------------------------- */

static void tx_free(struct tx *t) {
        cache_detach(t);
        free(t->links);
        free(t->queue);
        free(t->graceful);
        free(t->doomed);
        free(t->touched);
        free(t->job_unit);
        free(t->facts);
        free(t->pedges);
        free(t->by_waiter_off);
        free(t->by_waiter);
        strv_free(t->notes);
        free(t->error);
}

/* The checks on the request itself (dbus-unit.c's bus_unit_queue_job() in systemd). */
static int tx_check_request(struct tx *t, unsigned anchor, enum tx_job_type type, bool manual) {
        const struct tx_node *node = tx_node_of(t, anchor);
        struct msg m = {};

        if (t->mode == TX_MODE_ISOLATE && type != TX_JOB_START) {
                tx_msg_put(&m, "Isolate is only valid for start, not %s (%s)", tx_job_type_to_string(type), tx_unit_name(t, anchor));
                return tx_fail(t, -EINVAL, &m);
        }
        if (manual && (((type == TX_JOB_START) && node->refuse_manual_start) ||
                       (type == TX_JOB_STOP && node->refuse_manual_stop) ||
                       ((type == TX_JOB_RESTART || type == TX_JOB_TRY_RESTART) &&
                        (node->refuse_manual_start || node->refuse_manual_stop)))) {
                tx_msg_put(&m, "Operation refused, unit %s may be requested by dependency only "
                        "(it is configured to refuse manual start/stop).", tx_unit_name(t, anchor));
                return tx_fail(t, -EPERM, &m);
        }
        if (type == TX_JOB_RELOAD && !node->can_reload) {
                tx_msg_put(&m, "Job type reload is not applicable for unit %s.", tx_unit_name(t, anchor));
                return tx_fail(t, -EOPNOTSUPP, &m);
        }
        if (type == TX_JOB_VERIFY_ACTIVE && !node->active) {
                tx_msg_put(&m, "%s is not active", tx_unit_name(t, anchor));
                return tx_fail(t, -ENOLINK, &m);
        }
        return 0;
}

static int tx_run(struct tx *t, unsigned anchor, enum tx_job_type type, bool manual, struct tx_result *ret) {
        enum req_kind kind;
        int r;

        t->anchor_unit = anchor;
        r = cache_attach(t);
        if (r < 0)
                return r;
        r = tx_check_request(t, anchor, type, manual);
        if (r < 0)
                return r;

        /* A try-restart of an inactive unit, a verify of an active one, a NOP: nothing to pull. */
        bool nothing = type == TX_JOB_NOP || type == TX_JOB_VERIFY_ACTIVE ||
                       (type == TX_JOB_TRY_RESTART && !tx_node_of(t, anchor)->active);
        if (nothing) {
                t->job_unit = malloc(sizeof(unsigned));
                if (!t->job_unit)
                        return -ENOMEM;
                t->job_unit[0] = anchor;
                t->n_jobs = 1;
                t->merged[anchor] = TX_JOB_NOP;
                t->job_of[anchor] = 0;
                return tx_build_order(t) < 0 ? -ENOMEM : tx_fill_result(t, ret);
        }

        kind = type == TX_JOB_START ? RK_START : type == TX_JOB_STOP ? RK_STOP : type == TX_JOB_RELOAD ? RK_RELOAD : RK_RESTART;
        t->anchor = anchor * _RK_MAX + kind;
        r = tx_enqueue(t, t->anchor, type == TX_JOB_TRY_RESTART);
        if (r < 0)
                return r;
        if (t->mode == TX_MODE_IGNORE_DEPENDENCIES || t->mode == TX_MODE_IGNORE_REQUIREMENTS)
                t->queue_head = t->queue_tail; /* the anchor alone */
        r = tx_drain(t);
        if (r >= 0 && t->mode == TX_MODE_ISOLATE)
                r = tx_add_isolate(t);
        if (r < 0)
                return r;
        /* No request is created from here on: each can be doomed once, and a unit's job is
         * the anchor's or one of a touched unit. */
        t->doomed = malloc(t->queue_tail * sizeof(struct doom));
        t->job_unit = malloc((t->n_touched + 1) * sizeof(unsigned));
        if (!t->doomed || !t->job_unit)
                return -ENOMEM;
        qsort(t->touched, t->n_touched, sizeof(unsigned), tx_cmp_unsigned);

        /* systemd's transaction_activate(), in its order, except that jobs merge before the
         * ordering check rather than after: which phases a job has depends on its merged type. */
        r = tx_find_matters(t);
        if (r < 0)
                return r;
        t->gc = t->mode != TX_MODE_ISOLATE;
        if (t->mode == TX_MODE_FAIL && (r = tx_minimize_impact(t)) < 0)
                return r;
        tx_drop_redundant(t);
        for (;;) {
                bool changed = false;

                r = tx_resolve_conflicts(t);
                if (r < 0)
                        return r;
                tx_drop_redundant(t);
                tx_merge_all(t);
                r = tx_check_requisites(t, &changed);
                if (r < 0)
                        return r;
                if (changed)
                        continue;
                tx_collect_jobs(t);
                r = tx_build_order(t);
                if (r < 0)
                        return r;
                r = tx_verify_order(t);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
        }

        /* systemd's transaction_is_destructive(): under fail, a queued job is never replaced. */
        for (size_t j = 0; t->mode == TX_MODE_FAIL && j < t->n_jobs; j++) {
                const struct tx_node *node = tx_node_of(t, t->job_unit[j]);
                if (tx_conflicts_with_pending(tx_job_type_of(t, (unsigned) j), node)) {
                        struct msg m = {};
                        tx_msg_put(&m, "Transaction is destructive: %s has a %s job queued, but the transaction has %s "
                                "(job mode fail)", tx_unit_name(t, t->job_unit[j]), tx_job_type_to_string(node->pending_job),
                                tx_job_type_to_string(tx_job_type_of(t, (unsigned) j)));
                        return tx_fail(t, -EBADR, &m);
                }
        }
        return tx_fill_result(t, ret);
}

int tx_build(const struct tx_graph *g, unsigned anchor, enum tx_job_type type, enum tx_mode mode, bool manual,
             struct tx_result *ret) {
        struct tx t = { .g = g, .n = g->n_nodes, .mode = mode };
        int r;

        *ret = (struct tx_result) {};
        if (anchor >= g->n_nodes || (unsigned) type >= _TX_JOB_TYPE_MAX || (unsigned) mode >= _TX_MODE_MAX) {
                if (asprintf(&ret->error, "Bad request: unit %u of %zu, job type %d, job mode %d", anchor, g->n_nodes,
                             (int) type, (int) mode) < 0) {
                        ret->error = NULL;
                        return -ENOMEM;
                }
                return -EINVAL;
        }
        r = tx_run(&t, anchor, type, manual, ret);
        if (r < 0) {
                tx_result_done(ret);
                ret->error = TAKE_PTR(t.error);
        }
        ret->notes = TAKE_PTR(t.notes);
        tx_free(&t);
        return r;
}

void tx_result_done(struct tx_result *r) {
        for (size_t i = 0; i < r->n_jobs; i++) {
                free(r->jobs[i].after);
                free(r->jobs[i].after_stopped);
                free(r->jobs[i].restart_after);
                free(r->jobs[i].restart_after_stopped);
                free(r->jobs[i].fail_with);
        }
        free(r->jobs);
        free(r->error);
        strv_free(r->notes);
        *r = (struct tx_result) {};
}

const char *tx_job_type_to_string(enum tx_job_type t) {
        static const char *const names[_TX_JOB_TYPE_MAX] = {
                [TX_JOB_START] = "start",     [TX_JOB_VERIFY_ACTIVE] = "verify-active", [TX_JOB_STOP] = "stop",
                [TX_JOB_RESTART] = "restart", [TX_JOB_TRY_RESTART] = "try-restart",     [TX_JOB_RELOAD] = "reload",
                [TX_JOB_NOP] = "nop",
        };
        return (unsigned) t < _TX_JOB_TYPE_MAX ? names[t] : NULL;
}
