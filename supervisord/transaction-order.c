/* transaction-order.c: the order of a transaction's jobs: the phase graph Before=/After=
 * imply, cycle detection with its reports (a job that does not matter is dropped to break a
 * cycle), and the result's after and fail_with lists (systemd's job_compare(),
 * transaction_verify_order() and job_finish_and_invalidate() semantics). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/macro.h"
#include "supervisord/transaction-internal.h"

/* One ordering fact between two units with jobs: later is ordered after earlier. */
struct fact {
        unsigned later, earlier;
        int dep; /* UNIT_AFTER (written by later) or UNIT_BEFORE (written by earlier) */
        const struct tx_edge *edge;
};

/* Phase p of job j is node 2j (stop phase) or 2j + 1 (start-type phase); waiter waits for pred. */
struct pedge {
        unsigned pred, waiter, fact;
};

static bool has_stop_phase(int t) {
        return t == TX_JOB_STOP || t == TX_JOB_RESTART || t == TX_JOB_TRY_RESTART;
}

static bool has_start_phase(int t) {
        return t == TX_JOB_START || t == TX_JOB_VERIFY_ACTIVE || t == TX_JOB_RELOAD || t == TX_JOB_RESTART ||
               t == TX_JOB_TRY_RESTART;
}

bool tx_job_type_is_start(enum tx_job_type t) {
        return t == TX_JOB_START || t == TX_JOB_VERIFY_ACTIVE || t == TX_JOB_RESTART || t == TX_JOB_TRY_RESTART;
}

/* ---- ordering ---------------------------------------------------------------------------- */

int tx_job_type_of(const struct tx *t, unsigned j) {
        unsigned u = t->job_unit[j];
        int m = t->merged[u];
        /* The anchor's job that would change nothing is a NOP (unless it cancels a queued job). */
        if (j == 0 && tx_type_is_redundant(m, tx_node_of(t, u)) && !tx_conflicts_with_pending(m, tx_node_of(t, u)))
                return TX_JOB_NOP;
        return m;
}

void tx_collect_jobs(struct tx *t) {
        unsigned anchor_unit = t->anchor / _RK_MAX;

        for (size_t j = 0; j < t->n_jobs; j++)
                t->job_of[t->job_unit[j]] = NONE;
        t->n_jobs = 0;
        t->job_unit[t->n_jobs++] = anchor_unit;
        for (size_t i = 0; i < t->n_touched; i++)
                if (t->touched[i] != anchor_unit && t->merged[t->touched[i]] >= 0)
                        t->job_unit[t->n_jobs++] = t->touched[i];
        for (size_t j = 0; j < t->n_jobs; j++)
                t->job_of[t->job_unit[j]] = (unsigned) j;
}

static int add_pedge(struct tx *t, unsigned pred, unsigned waiter) {
        int r = tx_grow((void **) &t->pedges, &t->cap_pedges, t->n_pedges + 1, sizeof(struct pedge));
        if (r < 0)
                return r;
        t->pedges[t->n_pedges++] = (struct pedge) { pred, waiter, (unsigned) t->n_facts };
        return 0;
}

/* The phase edges one unit ordering implies (see struct tx_job in transaction.h). */
static int add_fact(struct tx *t, unsigned later, unsigned earlier, enum unit_dependency dep, const struct tx_edge *e) {
        unsigned jl = t->job_of[later], je = t->job_of[earlier];
        int tl = tx_job_type_of(t, jl), te = tx_job_type_of(t, je);
        size_t before = t->n_pedges;
        int r = 0;

        if (has_start_phase(tl) && has_start_phase(te))
                r = add_pedge(t, 2 * je + 1, 2 * jl + 1); /* starts in order */
        if (r >= 0 && has_stop_phase(tl) && has_stop_phase(te))
                r = add_pedge(t, 2 * jl, 2 * je); /* stops in reverse */
        if (r >= 0 && has_stop_phase(te) && has_start_phase(tl))
                r = add_pedge(t, 2 * je, 2 * jl + 1); /* a stop before a start, either way */
        if (r >= 0 && has_stop_phase(tl) && has_start_phase(te))
                r = add_pedge(t, 2 * jl, 2 * je + 1);
        if (r < 0 || t->n_pedges == before)
                return r;
        r = tx_grow((void **) &t->facts, &t->cap_facts, t->n_facts + 1, sizeof(struct fact));
        if (r < 0)
                return r;
        t->facts[t->n_facts++] = (struct fact) { later, earlier, (int) dep, e };
        return 0;
}

int tx_build_order(struct tx *t) {
        const size_t np = 2 * t->n_jobs;
        int r;

        t->n_facts = t->n_pedges = 0;
        for (size_t j = 0; j < t->n_jobs; j++) {
                unsigned u = t->job_unit[j];
                const struct tx_node *node = &t->g->nodes[u];

                for (size_t i = 0; i < tx_node_n_deps(node, UNIT_AFTER); i++) {
                        const struct tx_edge *e = tx_node_dep(node, UNIT_AFTER, i);
                        if (e->to != u && t->job_of[e->to] != NONE && (r = add_fact(t, u, e->to, UNIT_AFTER, e)) < 0)
                                return r;
                }
                for (size_t i = 0; i < tx_node_n_deps(node, UNIT_BEFORE); i++) {
                        const struct tx_edge *e = tx_node_dep(node, UNIT_BEFORE, i);
                        if (e->to != u && t->job_of[e->to] != NONE && (r = add_fact(t, e->to, u, UNIT_BEFORE, e)) < 0)
                                return r;
                }
        }
        /* Compressed rows of phase edges by waiter. */
        free(t->by_waiter_off);
        free(t->by_waiter);
        t->by_waiter_off = calloc(np + 1, sizeof(unsigned));
        t->by_waiter = malloc(MAX(t->n_pedges, (size_t) 1) * sizeof(unsigned));
        if (!t->by_waiter_off || !t->by_waiter)
                return -ENOMEM;
        for (size_t i = 0; i < t->n_pedges; i++)
                t->by_waiter_off[t->pedges[i].waiter + 1]++;
        for (size_t p = 1; p <= np; p++)
                t->by_waiter_off[p] += t->by_waiter_off[p - 1];
        _cleanup_free_ unsigned *pos = malloc((np + 1) * sizeof(unsigned));
        if (!pos)
                return -ENOMEM;
        memcpy(pos, t->by_waiter_off, (np + 1) * sizeof(unsigned));
        for (size_t i = 0; i < t->n_pedges; i++)
                t->by_waiter[pos[t->pedges[i].waiter]++] = (unsigned) i;
        return 0;
}

/* "a.service after b.service (a.service:3)" or "b.service before c.service (b.service:4)". */
static void msg_fact(struct msg *m, const struct tx *t, const struct fact *f) {
        if (f->dep == UNIT_AFTER)
                tx_msg_put(m, "%s after %s", tx_unit_name(t, f->later), tx_unit_name(t, f->earlier));
        else
                tx_msg_put(m, "%s before %s", tx_unit_name(t, f->earlier), tx_unit_name(t, f->later));
        if (f->edge->origin)
                tx_msg_put(m, " (%s)", f->edge->origin);
}

/* A cycle, given as its phase edges from the DFS: report it (each unit is ordered after the
 * next one), then drop the first job in it that does not matter, or fail. */
static int tx_on_cycle(struct tx *t, const unsigned *cyc, size_t n) {
        _cleanup_free_ unsigned *facts = malloc(n * sizeof(unsigned));
        size_t first = 0;
        unsigned drop = NONE;
        struct msg m = {};

        if (!facts)
                return -ENOMEM;
        /* The DFS walks from waiter to predecessor: among start phases that is from the later
         * unit to the earlier one; among stop phases (which run in reverse) the other way. */
        bool stops = t->pedges[cyc[0]].pred % 2 == 0;
        for (size_t i = 0; i < n; i++)
                facts[i] = t->pedges[cyc[stops ? n - 1 - i : i]].fact;
        for (size_t i = 1; i < n; i++)
                if (t->job_of[t->facts[facts[i]].later] < t->job_of[t->facts[facts[first]].later])
                        first = i;

        tx_msg_put(&m, "Ordering cycle: ");
        for (size_t i = 0; i < n; i++) {
                const struct fact *f = &t->facts[facts[(first + i) % n]];
                tx_msg_put(&m, "%s", i > 0 ? ", " : "");
                msg_fact(&m, t, f);
                if (drop == NONE && !tx_unit_matters(t, f->later))
                        drop = f->later;
        }
        if (drop == NONE)
                return tx_fail(t, -ELOOP, &m);
        tx_msg_put(&m, "; dropped %s/%s to break it", tx_unit_name(t, drop), tx_job_type_to_string(tx_job_type_of(t, t->job_of[drop])));
        int r = tx_msg_finish(&m, t, true);
        if (r < 0)
                return r;
        tx_delete_unit(t, drop);
        return 1;
}

/* Iterative depth-first search over the phase graph (explicit stack: 10,000 units in a chain
 * must not recurse 10,000 deep). Returns 0 if acyclic, 1 if a job was dropped, or an error. */
int tx_verify_order(struct tx *t) {
        const size_t np = 2 * t->n_jobs;
        struct frame {
                unsigned node, pos, in_edge;
        };
        _cleanup_free_ struct frame *stack = malloc(MAX(np, (size_t) 1) * sizeof(struct frame));
        _cleanup_free_ unsigned char *color = calloc(MAX(np, (size_t) 1), 1); /* 0 new, 1 on the stack, 2 done */
        _cleanup_free_ unsigned *depth = malloc(MAX(np, (size_t) 1) * sizeof(unsigned));
        _cleanup_free_ unsigned *cyc = malloc(MAX(np, (size_t) 1) * sizeof(unsigned));

        if (!stack || !color || !depth || !cyc)
                return -ENOMEM;
        for (unsigned root = 0; root < np; root++) {
                size_t top = 0;

                if (color[root])
                        continue;
                stack[top++] = (struct frame) { root, t->by_waiter_off[root], NONE };
                color[root] = 1;
                depth[root] = 0;
                while (top > 0) {
                        struct frame *f = &stack[top - 1];
                        if (f->pos == t->by_waiter_off[f->node + 1]) {
                                color[f->node] = 2;
                                top--;
                                continue;
                        }
                        unsigned e = t->by_waiter[f->pos++], q = t->pedges[e].pred;
                        if (color[q] == 0) {
                                color[q] = 1;
                                depth[q] = (unsigned) top;
                                stack[top++] = (struct frame) { q, t->by_waiter_off[q], e };
                        } else if (color[q] == 1) {
                                size_t n = 0;
                                for (size_t i = depth[q] + 1; i < top; i++)
                                        cyc[n++] = stack[i].in_edge;
                                cyc[n++] = e;
                                return tx_on_cycle(t, cyc, n);
                        }
                }
        }
        return 0;
}

/* ---- the result -------------------------------------------------------------------------- */

static int push_index(unsigned **a, size_t *n, unsigned v) {
        unsigned *p = reallocarray(*a, *n + 1, sizeof(unsigned));
        if (!p)
                return -ENOMEM;
        p[(*n)++] = v;
        *a = p;
        return 0;
}

int tx_cmp_unsigned(const void *a, const void *b) {
        unsigned x = *(const unsigned *) a, y = *(const unsigned *) b;
        return x < y ? -1 : x > y;
}

/* The predecessor lists of each phase: a predecessor's start-type phase (or a job with only a
 * stop phase) must be done; a restart's stop phase alone only needs it stopped. */
static int tx_fill_after(struct tx *t, struct tx_job *jobs) {
        _cleanup_free_ unsigned *done = calloc(MAX(t->n_jobs, (size_t) 1), sizeof(unsigned));
        _cleanup_free_ unsigned *stopped = calloc(MAX(t->n_jobs, (size_t) 1), sizeof(unsigned));

        if (!done || !stopped)
                return -ENOMEM;
        for (unsigned q = 0; q < 2 * t->n_jobs; q++) {
                struct tx_job *w = &jobs[q / 2];
                bool first_phase = q % 2 == 0 || !has_stop_phase(w->type);
                unsigned **a = first_phase ? &w->after : &w->restart_after;
                size_t *na = first_phase ? &w->n_after : &w->n_restart_after;
                unsigned **s = first_phase ? &w->after_stopped : &w->restart_after_stopped;
                size_t *ns = first_phase ? &w->n_after_stopped : &w->n_restart_after_stopped;
                int r;

                for (unsigned i = t->by_waiter_off[q]; i < t->by_waiter_off[q + 1]; i++) {
                        unsigned p = t->pedges[t->by_waiter[i]].pred, pj = p / 2;
                        if ((p % 2 == 1 || !has_start_phase(jobs[pj].type)) && done[pj] != q + 1) {
                                done[pj] = q + 1;
                                if ((r = push_index(a, na, pj)) < 0)
                                        return r;
                        }
                }
                for (unsigned i = t->by_waiter_off[q]; i < t->by_waiter_off[q + 1]; i++) {
                        unsigned pj = t->pedges[t->by_waiter[i]].pred / 2;
                        if (done[pj] != q + 1 && stopped[pj] != q + 1) {
                                stopped[pj] = q + 1;
                                if ((r = push_index(s, ns, pj)) < 0)
                                        return r;
                        }
                }
                if (*na > 1)
                        qsort(*a, *na, sizeof(unsigned), tx_cmp_unsigned);
                if (*ns > 1)
                        qsort(*s, *ns, sizeof(unsigned), tx_cmp_unsigned);
        }
        return 0;
}

static int add_fail_with(struct tx *t, struct tx_job *jobs, unsigned j, enum unit_dependency d, unsigned *mark) {
        INV_FOREACH(ref, t, d, jobs[j].unit) {
                unsigned k = t->job_of[ref->unit];
                if (k == NONE || k == j || mark[k] == j + 1 || !tx_job_type_is_start(jobs[k].type))
                        continue;
                mark[k] = j + 1;
                int r = push_index(&jobs[j].fail_with, &jobs[j].n_fail_with, k);
                if (r < 0)
                        return r;
        }
        return 0;
}

int tx_fill_result(struct tx *t, struct tx_result *ret) {
        _cleanup_free_ unsigned *mark = calloc(MAX(t->n_jobs, (size_t) 1), sizeof(unsigned));
        struct tx_job *jobs = calloc(t->n_jobs, sizeof(struct tx_job));
        int r = 0;

        if (!jobs || !mark) {
                free(jobs);
                return -ENOMEM;
        }
        ret->jobs = jobs;
        ret->n_jobs = t->n_jobs;
        for (unsigned j = 0; j < t->n_jobs; j++)
                jobs[j] = (struct tx_job) {
                        .unit = t->job_unit[j],
                        .type = tx_job_type_of(t, j),
                        .matters = j == 0 || tx_unit_matters(t, t->job_unit[j]),
                        .ignore_order = t->mode == TX_MODE_IGNORE_DEPENDENCIES,
                };
        r = tx_fill_after(t, jobs);
        for (unsigned j = 0; r >= 0 && j < t->n_jobs; j++) {
                static const enum unit_dependency start_failure[] = { UNIT_REQUIRES, UNIT_BINDS_TO, UNIT_REQUISITE };
                if (tx_job_type_is_start(jobs[j].type))
                        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(start_failure); i++)
                                r = add_fail_with(t, jobs, j, start_failure[i], mark);
                else if (jobs[j].type == TX_JOB_STOP)
                        r = add_fail_with(t, jobs, j, UNIT_CONFLICTS, mark);
                if (r >= 0 && jobs[j].n_fail_with > 1)
                        qsort(jobs[j].fail_with, jobs[j].n_fail_with, sizeof(unsigned), tx_cmp_unsigned);
        }
        return r;
}
