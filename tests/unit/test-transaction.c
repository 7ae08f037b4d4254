/* test-transaction.c: the transaction engine (supervisord/transaction.c) on hand-built graphs:
 * closure per dependency kind, pruning, merging, ordering, cycles, modes, and 10,000 units.
 * Every test runs twice: on a bare graph, and on a prepared one (tx_graph_prepare()) whose
 * nodes hold the opposite of their state until the refresh hook puts it back, as the manager's
 * graph does: a state read that bypasses the hook, or a cache left dirty by an earlier
 * request, gives wrong jobs. */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/strv.h"
#include "supervisord/transaction.h"
#include "tests/unit/test-helpers.h"

/* ---- a graph under construction, freed after each test ---------------------------------- */

static struct tx_graph G;
static size_t G_cap;
static struct tx_result R;

/* The prepared run: Truth holds the nodes' real state while a request runs; Refreshed
 * which nodes the hook gave back, Refreshes how many in the last request. */
static bool Prepared, G_changed;
static struct tx_node *Truth;
static unsigned char *Refreshed;
static size_t Refreshes;

static void graph_setup(void) {
        G = (struct tx_graph) {};
        G_cap = 0;
        R = (struct tx_result) {};
        Prepared = G_changed = false;
}

static void graph_setup_prepared(void) {
        graph_setup();
        Prepared = true;
}

static void graph_teardown(void) {
        tx_graph_release(&G);
        for (size_t i = 0; i < G.n_nodes; i++) {
                free((char *) G.nodes[i].name);
                for (size_t k = 0; k < G.nodes[i].edge_start[_UNIT_DEPENDENCY_MAX]; k++)
                        free((char *) G.nodes[i].edges[k].origin);
                free(G.nodes[i].edges);
        }
        free(G.nodes);
        tx_result_done(&R);
}

static unsigned node(const char *name) {
        if (G.n_nodes == G_cap) {
                G_cap = G_cap ? G_cap * 2 : 16;
                G.nodes = realloc(G.nodes, G_cap * sizeof(struct tx_node));
                ck_assert_ptr_nonnull(G.nodes);
        }
        G.nodes[G.n_nodes] = (struct tx_node) { .name = strdup(name), .inactive = true };
        G_changed = true;
        return (unsigned) G.n_nodes++;
}

#define N(i) (G.nodes[i])

static void set_active(unsigned u) {
        N(u).active = true;
        N(u).inactive = false;
}

/* An edge written by from, at "from:line" (line 0: no origin). */
static void dep(unsigned from, enum unit_dependency d, unsigned to, unsigned line) {
        struct tx_node *n = &N(from);
        char *origin = NULL;
        if (line > 0)
                ck_assert_int_ge(asprintf(&origin, "%s:%u", n->name, line), 0);
        ck_assert_int_eq(tx_node_add_edge(n, d, (struct tx_edge) { .to = to, .origin = origin }), 0);
        G_changed = true;
}

/* The opposite of every state field of n. */
static void scramble(struct tx_node *n) {
        n->active = !n->active;
        n->inactive = !n->inactive;
        n->can_reload = !n->can_reload;
        n->ignore_on_isolate = !n->ignore_on_isolate;
        n->refuse_manual_start = !n->refuse_manual_start;
        n->refuse_manual_stop = !n->refuse_manual_stop;
        n->has_pending_job = !n->has_pending_job;
        n->pending_job = n->pending_job == TX_JOB_STOP ? TX_JOB_START : TX_JOB_STOP;
}

/* tx_graph.refresh: node u as the test set it; each node at most once a request. */
static void refresh(void *userdata, unsigned u) {
        ck_assert_ptr_eq(userdata, &G);
        ck_assert_uint_lt(u, G.n_nodes);
        ck_assert_msg(!Refreshed[u], "%s refreshed twice in one request", N(u).name);
        Refreshed[u] = 1;
        Refreshes++;
        N(u) = Truth[u];
}

/* Keeps the nodes' real state in Truth and leaves the opposite in the graph, for a refresh
 * hook to put back; reveal_state() puts all of it back. */
static void hide_state(void) {
        Truth = malloc(G.n_nodes * sizeof *Truth);
        ck_assert_ptr_nonnull(Truth);
        memcpy(Truth, G.nodes, G.n_nodes * sizeof *Truth);
        for (size_t u = 0; u < G.n_nodes; u++)
                scramble(&G.nodes[u]);
}

static void reveal_state(void) {
        memcpy(G.nodes, Truth, G.n_nodes * sizeof *Truth);
        free(Truth);
        Truth = NULL;
}

static int build_as(unsigned anchor, enum tx_job_type type, enum tx_mode mode, bool manual) {
        tx_result_done(&R);
        if (!Prepared)
                return tx_build(&G, anchor, type, mode, manual, &R);

        if (G_changed) {
                /* Prepared once per shape of the graph, and reused by every request after. */
                int r = tx_graph_prepare(&G);
                ck_assert_msg(r == 0 || r == -EINVAL, "tx_graph_prepare: %d", r);
                G_changed = false;
        }
        G.refresh = refresh;
        G.userdata = &G;
        Refreshed = calloc(G.n_nodes + 1, 1);
        ck_assert_ptr_nonnull(Refreshed);
        hide_state();
        Refreshes = 0;
        int r = tx_build(&G, anchor, type, mode, manual, &R);
        reveal_state();
        free(Refreshed);
        Refreshed = NULL;
        return r;
}

static int build(unsigned anchor, enum tx_job_type type, enum tx_mode mode) {
        return build_as(anchor, type, mode, false);
}

static const struct tx_job *job(unsigned unit) {
        for (size_t i = 0; i < R.n_jobs; i++)
                if (R.jobs[i].unit == unit)
                        return &R.jobs[i];
        return NULL;
}

static unsigned jx(unsigned unit) {
        const struct tx_job *j = job(unit);
        ck_assert_msg(j, "no job for %s", N(unit).name);
        return (unsigned) (j - R.jobs);
}

static void assert_job(unsigned unit, enum tx_job_type type, bool matters) {
        const struct tx_job *j = job(unit);
        ck_assert_msg(j, "no job for %s", N(unit).name);
        ck_assert_msg(j->type == type, "%s: %s, expected %s", N(unit).name, tx_job_type_to_string(j->type),
                      tx_job_type_to_string(type));
        ck_assert_msg(j->matters == matters, "%s: matters=%d", N(unit).name, j->matters);
}

static void assert_no_job(unsigned unit) {
        const struct tx_job *j = job(unit);
        ck_assert_msg(!j, "%s has a %s job", N(unit).name, j ? tx_job_type_to_string(j->type) : "");
}

/* The list holds exactly the jobs of these units (-1 ends). */
static void assert_list(const unsigned *a, size_t n, ...) {
        va_list ap;
        size_t k = 0;

        va_start(ap, n);
        for (int u; (u = va_arg(ap, int)) >= 0; k++) {
                unsigned want = jx((unsigned) u);
                bool found = false;
                for (size_t i = 0; i < n; i++)
                        found = found || a[i] == want;
                ck_assert_msg(found, "job of %s missing from the list", N(u).name);
        }
        va_end(ap);
        ck_assert_uint_eq(n, k);
}

static void assert_note(size_t i, const char *text) {
        ck_assert_uint_gt(strv_length(R.notes), i);
        ck_assert_str_eq(R.notes[i], text);
}

/* ---- closure ----------------------------------------------------------------------------- */

/* A node keeps its edges in one array grouped by kind, whatever order they are added in. */
START_TEST(edges_are_grouped_by_kind) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_WANTS), 0);
        dep(a, UNIT_AFTER, b, 1);
        dep(a, UNIT_WANTS, c, 2);
        dep(a, UNIT_AFTER, c, 3);
        dep(a, UNIT_REQUIRES, d, 4);
        dep(a, UNIT_WANTS, d, 5);
        dep(a, UNIT_CONFLICTS, b, 6);
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_AFTER), 2);
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_WANTS), 2);
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_REQUIRES), 1);
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_CONFLICTS), 1);
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_BEFORE), 0);
        ck_assert_uint_eq(N(a).edge_start[_UNIT_DEPENDENCY_MAX], 6);
        ck_assert_uint_eq(tx_node_dep(&N(a), UNIT_AFTER, 0)->to, b);
        ck_assert_str_eq(tx_node_dep(&N(a), UNIT_AFTER, 1)->origin, "a.service:3");
        ck_assert_uint_eq(tx_node_dep(&N(a), UNIT_WANTS, 0)->to, c);
        ck_assert_str_eq(tx_node_dep(&N(a), UNIT_WANTS, 1)->origin, "a.service:5");
        ck_assert_str_eq(tx_node_dep(&N(a), UNIT_REQUIRES, 0)->origin, "a.service:4");
        ck_assert_str_eq(tx_node_dep(&N(a), UNIT_CONFLICTS, 0)->origin, "a.service:6");
        ck_assert_uint_eq(tx_node_n_deps(&N(b), UNIT_AFTER), 0);
}
END_TEST

START_TEST(start_pulls_each_kind) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service"),
                 e = node("e.service"), f = node("f.service"), x = node("x.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(a, UNIT_BINDS_TO, c, 2);
        dep(a, UNIT_WANTS, d, 3);
        dep(a, UNIT_UPHOLDS, e, 4);
        dep(a, UNIT_AFTER, f, 5); /* ordering pulls nothing */
        dep(x, UNIT_REQUIRES, a, 1); /* nor does an inverse relation */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_ptr_null(R.error);
        ck_assert_uint_eq(R.n_jobs, 5);
        ck_assert_uint_eq(R.jobs[0].unit, a); /* the anchor first */
        assert_job(a, TX_JOB_START, true);
        assert_job(b, TX_JOB_START, true);
        assert_job(c, TX_JOB_START, true);
        assert_job(d, TX_JOB_START, false);
        assert_job(e, TX_JOB_START, false);
        assert_no_job(f);
        assert_no_job(x);
        ck_assert_ptr_null(R.notes);
}
END_TEST

START_TEST(wants_matters_only_through_requirements) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service"),
                 e = node("e.service");

        dep(a, UNIT_WANTS, b, 1);
        dep(a, UNIT_REQUIRES, c, 2);
        dep(c, UNIT_REQUIRES, b, 1); /* b is also needed through a requirement chain */
        dep(a, UNIT_WANTS, d, 3);
        dep(d, UNIT_REQUIRES, e, 1); /* e is needed only by something merely wanted */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 5);
        assert_job(b, TX_JOB_START, true);
        assert_job(c, TX_JOB_START, true);
        assert_job(d, TX_JOB_START, false);
        assert_job(e, TX_JOB_START, false);
}
END_TEST

START_TEST(active_units_get_no_job_but_their_deps_are_pulled) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(b, UNIT_REQUIRES, c, 1);
        dep(a, UNIT_REQUIRES, d, 2);
        set_active(a);
        set_active(b);
        /* a is active: its start is a NOP, but its requirement d still starts (systemd pulls the
         * dependencies of a start of an active unit). b is active: no job, and c, which only b
         * pulled, goes with it (systemd's redundant jobs and garbage collection). */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 2);
        assert_job(a, TX_JOB_NOP, true);
        assert_job(d, TX_JOB_START, true);
        assert_no_job(b);
        assert_no_job(c);
        ck_assert_uint_eq(R.jobs[0].n_after, 0);
}
END_TEST

START_TEST(requisite_verifies) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), w = node("w.service");

        dep(a, UNIT_REQUISITE, b, 4);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), -ENOLINK);
        ck_assert_str_eq(R.error, "b.service is not active, but a.service Requisite=b.service (a.service:4)");
        ck_assert_uint_eq(R.n_jobs, 0);
        ck_assert_ptr_null(R.jobs);

        set_active(b); /* satisfied: the verify job is a no-op and goes */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        assert_no_job(b);

        /* A Requisite= under something only wanted drops that, not the request. */
        N(b).active = false;
        N(b).inactive = true;
        dep(w, UNIT_WANTS, c, 1);
        dep(c, UNIT_REQUISITE, b, 2);
        ck_assert_int_eq(build(w, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        assert_job(w, TX_JOB_START, true);
        assert_no_job(c);
        assert_note(0, "b.service is not active, but c.service Requisite=b.service (c.service:2); "
                       "dropped the jobs that need it");

        /* The anchor of a verify-active. */
        ck_assert_int_eq(build(b, TX_JOB_VERIFY_ACTIVE, TX_MODE_REPLACE), -ENOLINK);
        ck_assert_str_eq(R.error, "b.service is not active");
        set_active(b);
        ck_assert_int_eq(build(b, TX_JOB_VERIFY_ACTIVE, TX_MODE_REPLACE), 0);
        assert_job(b, TX_JOB_NOP, true);
}
END_TEST

START_TEST(conflicts_both_ways_stop) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_CONFLICTS, b, 1);
        dep(c, UNIT_CONFLICTS, a, 1);
        dep(a, UNIT_CONFLICTS, d, 2);
        set_active(b);
        set_active(c);
        /* d is inactive: stopping it would change nothing. */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        assert_job(a, TX_JOB_START, true);
        assert_job(b, TX_JOB_STOP, true);  /* Conflicts=: matters */
        assert_job(c, TX_JOB_STOP, false); /* ConflictedBy: does not (systemd) */
        assert_no_job(d);
        /* No ordering written, none imposed. */
        assert_list(job(a)->after, job(a)->n_after, -1);
        /* If a stop of b fails, the start of a fails; not so for c, which wrote the Conflicts=. */
        assert_list(job(b)->fail_with, job(b)->n_fail_with, (int) a, -1);
        assert_list(job(c)->fail_with, job(c)->n_fail_with, -1);
}
END_TEST

START_TEST(stop_propagates_to_dependents) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service"),
                 e = node("e.service"), f = node("f.service"), g = node("g.service"), h = node("h.service");

        dep(b, UNIT_REQUIRES, a, 1);
        dep(c, UNIT_BINDS_TO, a, 1);
        dep(d, UNIT_PART_OF, a, 1);
        dep(e, UNIT_REQUISITE, a, 1);
        dep(f, UNIT_WANTS, a, 1);    /* not stopped */
        dep(g, UNIT_REQUIRES, b, 1); /* recursively */
        dep(h, UNIT_REQUIRES, a, 1); /* inactive: nothing to do */
        for (unsigned u = a; u <= g; u++)
                set_active(u);
        ck_assert_int_eq(build(a, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 6);
        assert_job(a, TX_JOB_STOP, true);
        assert_job(b, TX_JOB_STOP, true);
        assert_job(c, TX_JOB_STOP, true);
        assert_job(d, TX_JOB_STOP, true);
        assert_job(e, TX_JOB_STOP, true);
        assert_job(g, TX_JOB_STOP, true);
        assert_no_job(f);
        assert_no_job(h);

        /* Stopping f (which only wants a) touches nothing else. */
        ck_assert_int_eq(build(f, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
}
END_TEST

START_TEST(propagates_stop_to) {
        unsigned a = node("a.service"), x = node("x.service"), y = node("y.service"), z = node("z.service");

        dep(a, UNIT_PROPAGATES_STOP_TO, x, 1);
        dep(y, UNIT_STOP_PROPAGATED_FROM, a, 1);
        set_active(a);
        set_active(x);
        set_active(y);
        ck_assert_int_eq(build(a, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        assert_job(x, TX_JOB_STOP, true);
        assert_job(y, TX_JOB_STOP, true);

        /* The unit is started anyway by the restart: it is restarted rather than stopped
         * (a stop would conflict with the start). */
        N(x).active = false;
        N(x).inactive = true;
        dep(a, UNIT_REQUIRES, x, 2);
        dep(a, UNIT_REQUIRES, z, 3);
        ck_assert_int_eq(build(a, TX_JOB_RESTART, TX_MODE_REPLACE), 0);
        assert_job(a, TX_JOB_RESTART, true);
        assert_job(x, TX_JOB_RESTART, true);
        assert_job(y, TX_JOB_STOP, true);
        assert_job(z, TX_JOB_START, true);
        ck_assert_ptr_null(R.notes);
}
END_TEST

START_TEST(restart_try_restarts_dependents) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service"),
                 e = node("e.service"), z = node("z.service"), w = node("w.service");

        dep(b, UNIT_REQUIRES, a, 1);
        dep(c, UNIT_BINDS_TO, a, 1);
        dep(d, UNIT_PART_OF, a, 1);
        dep(e, UNIT_REQUIRES, a, 1); /* inactive: try-restart does nothing */
        dep(w, UNIT_WANTS, a, 1);    /* only wants: untouched */
        dep(a, UNIT_REQUIRES, z, 1); /* the start part of a restart pulls requirements */
        dep(b, UNIT_AFTER, a, 2);
        set_active(a);
        set_active(b);
        set_active(c);
        set_active(d);
        set_active(w);
        ck_assert_int_eq(build(a, TX_JOB_RESTART, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 5);
        assert_job(a, TX_JOB_RESTART, true);
        assert_job(b, TX_JOB_TRY_RESTART, true);
        assert_job(c, TX_JOB_TRY_RESTART, true);
        assert_job(d, TX_JOB_TRY_RESTART, true);
        assert_job(z, TX_JOB_START, true);
        assert_no_job(e);
        assert_no_job(w);

        /* b after a: stop b, stop a, start a, start b. */
        const struct tx_job *ja = job(a), *jb = job(b);
        assert_list(ja->after, ja->n_after, -1);
        assert_list(ja->after_stopped, ja->n_after_stopped, (int) b, -1);
        assert_list(jb->after, jb->n_after, -1);
        assert_list(jb->after_stopped, jb->n_after_stopped, -1);
        assert_list(jb->restart_after, jb->n_restart_after, (int) a, -1);
        assert_list(jb->restart_after_stopped, jb->n_restart_after_stopped, -1);
        assert_list(ja->restart_after, ja->n_restart_after, -1);
        assert_list(ja->restart_after_stopped, ja->n_restart_after_stopped, (int) b, -1);
        /* Requires= dependents of a restart fail with it. */
        assert_list(ja->fail_with, ja->n_fail_with, (int) b, (int) c, -1);

        /* A try-restart of an inactive unit is a NOP; restarting an inactive one restarts nothing else. */
        ck_assert_int_eq(build(e, TX_JOB_TRY_RESTART, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        assert_job(e, TX_JOB_NOP, true);
        ck_assert_int_eq(build(b, TX_JOB_TRY_RESTART, TX_MODE_REPLACE), 0);
        assert_job(b, TX_JOB_TRY_RESTART, true);
}
END_TEST

START_TEST(reload_propagates) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), e = node("e.service"),
                 f = node("f.service"), r = node("r.service");

        dep(a, UNIT_PROPAGATES_RELOAD_TO, b, 1);
        dep(c, UNIT_RELOAD_PROPAGATED_FROM, a, 1);
        dep(a, UNIT_PROPAGATES_RELOAD_TO, e, 2); /* cannot reload: skipped, noted */
        dep(a, UNIT_PROPAGATES_RELOAD_TO, f, 3); /* inactive: nothing */
        dep(r, UNIT_REQUIRES, a, 1);             /* a reload is not a stop */
        for (unsigned u = a; u <= r; u++)
                set_active(u);
        N(f).active = false;
        N(f).inactive = true;
        N(a).can_reload = N(b).can_reload = N(c).can_reload = N(f).can_reload = true;
        ck_assert_int_eq(build(a, TX_JOB_RELOAD, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        assert_job(a, TX_JOB_RELOAD, true);
        assert_job(b, TX_JOB_RELOAD, false);
        assert_job(c, TX_JOB_RELOAD, false);
        assert_no_job(e);
        assert_no_job(f);
        assert_no_job(r);
        assert_note(0, "Not propagating reload to e.service, which cannot reload: "
                       "a.service PropagatesReloadTo=e.service (a.service:2)");

        ck_assert_int_eq(build(e, TX_JOB_RELOAD, TX_MODE_REPLACE), -EOPNOTSUPP);
        ck_assert_str_eq(R.error, "Job type reload is not applicable for unit e.service.");
        ck_assert_uint_eq(R.n_jobs, 0);
}
END_TEST

/* ---- ordering ---------------------------------------------------------------------------- */

START_TEST(after_and_before_order_starts) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(a, UNIT_REQUIRES, c, 2);
        dep(a, UNIT_REQUIRES, d, 3);
        dep(a, UNIT_AFTER, b, 4);
        dep(c, UNIT_BEFORE, a, 1);
        dep(b, UNIT_AFTER, node("unrelated.service"), 1); /* no job there: imposes nothing */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 4);
        assert_list(job(a)->after, job(a)->n_after, (int) b, (int) c, -1);
        assert_list(job(b)->after, job(b)->n_after, -1);
        assert_list(job(c)->after, job(c)->n_after, -1);
        assert_list(job(d)->after, job(d)->n_after, -1);
        ck_assert_uint_eq(job(a)->n_after_stopped, 0);
        /* Start failures of b, c, d fail a; nothing fails with a. */
        assert_list(job(b)->fail_with, job(b)->n_fail_with, (int) a, -1);
        assert_list(job(a)->fail_with, job(a)->n_fail_with, -1);
}
END_TEST

START_TEST(stops_run_in_reverse) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(a, UNIT_AFTER, b, 2);
        dep(b, UNIT_REQUIRES, c, 1);
        dep(c, UNIT_BEFORE, b, 1);
        set_active(a);
        set_active(b);
        set_active(c);
        ck_assert_int_eq(build(c, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        /* a runs after b runs after c: so a stops first, then b, then c. */
        assert_list(job(a)->after, job(a)->n_after, -1);
        assert_list(job(b)->after, job(b)->n_after, (int) a, -1);
        assert_list(job(c)->after, job(c)->n_after, (int) b, -1);
        assert_list(job(c)->fail_with, job(c)->n_fail_with, -1); /* stops fail nothing here */
}
END_TEST

START_TEST(stop_before_start_either_direction) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service");

        dep(a, UNIT_CONFLICTS, b, 1);
        dep(a, UNIT_CONFLICTS, c, 2);
        dep(a, UNIT_BEFORE, b, 3); /* a's start would go first if both started... */
        dep(a, UNIT_AFTER, c, 4);
        set_active(b);
        set_active(c);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        /* ...but b is stopped, and a stop goes before a start regardless (systemd.unit(5)). */
        assert_list(job(a)->after, job(a)->n_after, (int) b, (int) c, -1);
        assert_list(job(b)->after, job(b)->n_after, -1);
        assert_list(job(c)->after, job(c)->n_after, -1);
}
END_TEST

START_TEST(diamond) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(a, UNIT_REQUIRES, c, 2);
        dep(b, UNIT_REQUIRES, d, 1);
        dep(c, UNIT_REQUIRES, d, 1);
        dep(a, UNIT_AFTER, b, 3);
        dep(a, UNIT_AFTER, c, 4);
        dep(b, UNIT_AFTER, d, 2);
        dep(c, UNIT_AFTER, d, 2);
        dep(d, UNIT_BEFORE, c, 1); /* the same ordering twice: one predecessor */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 4);
        assert_list(job(a)->after, job(a)->n_after, (int) b, (int) c, -1);
        assert_list(job(b)->after, job(b)->n_after, (int) d, -1);
        assert_list(job(c)->after, job(c)->n_after, (int) d, -1);
        assert_list(job(d)->after, job(d)->n_after, -1);
        assert_list(job(d)->fail_with, job(d)->n_fail_with, (int) b, (int) c, -1);
        ck_assert_uint_eq(R.jobs[0].unit, a);
        ck_assert_uint_eq(R.jobs[1].unit, b); /* then by unit index */
        ck_assert_uint_eq(R.jobs[3].unit, d);
}
END_TEST

/* ---- cycles ------------------------------------------------------------------------------ */

START_TEST(cycle_broken_by_dropping_a_wanted_job) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_WANTS, b, 1);
        dep(a, UNIT_AFTER, b, 2);
        dep(b, UNIT_AFTER, a, 1);
        dep(b, UNIT_REQUIRES, c, 2); /* only b pulls c: it goes too */
        dep(a, UNIT_REQUIRES, d, 3);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 2);
        assert_job(a, TX_JOB_START, true);
        assert_job(d, TX_JOB_START, true);
        assert_no_job(b);
        assert_no_job(c);
        ck_assert_uint_eq(strv_length(R.notes), 1);
        assert_note(0, "Ordering cycle: a.service after b.service (a.service:2), "
                       "b.service after a.service (b.service:1); dropped b.service/start to break it");
}
END_TEST

START_TEST(cycle_that_cannot_be_broken) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(b, UNIT_REQUIRES, c, 1);
        dep(a, UNIT_AFTER, b, 3);
        dep(b, UNIT_AFTER, c, 4);
        dep(a, UNIT_BEFORE, c, 5);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), -ELOOP);
        ck_assert_str_eq(R.error, "Ordering cycle: a.service after b.service (a.service:3), "
                                  "b.service after c.service (b.service:4), a.service before c.service (a.service:5)");
        ck_assert_uint_eq(R.n_jobs, 0);

        /* The same among stops (which run in reverse): still reported as the orderings read,
         * each unit after the next, from the anchor's. */
        set_active(a);
        set_active(b);
        set_active(c);
        ck_assert_int_eq(build(c, TX_JOB_STOP, TX_MODE_REPLACE), -ELOOP);
        ck_assert_str_eq(R.error, "Ordering cycle: a.service before c.service (a.service:5), "
                                  "a.service after b.service (a.service:3), b.service after c.service (b.service:4)");

        /* Without the closing edge there is none. */
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_BEFORE), 1);
        struct tx_node *na = &N(a);
        size_t at = na->edge_start[UNIT_BEFORE], total = na->edge_start[_UNIT_DEPENDENCY_MAX];
        free((char *) na->edges[at].origin);
        memmove(na->edges + at, na->edges + at + 1, (total - at - 1) * sizeof *na->edges);
        for (size_t k = UNIT_BEFORE + 1; k <= _UNIT_DEPENDENCY_MAX; k++)
                na->edge_start[k]--;
        ck_assert_uint_eq(tx_node_n_deps(&N(a), UNIT_BEFORE), 0);
        ck_assert_int_eq(build(c, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        ck_assert_ptr_null(R.error);
}
END_TEST

/* ---- merging and conflicts --------------------------------------------------------------- */

START_TEST(merge_start_and_verify) {
        unsigned a = node("a.service"), b = node("b.service");

        dep(a, UNIT_REQUISITE, b, 1);
        dep(a, UNIT_REQUIRES, b, 2);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 2);
        assert_job(b, TX_JOB_START, true);
}
END_TEST

START_TEST(merge_restart_and_start) {
        unsigned a = node("a.service"), b = node("b.service");

        dep(b, UNIT_REQUIRES, a, 1); /* restart a -> try-restart b -> start a */
        set_active(a);
        set_active(b);
        ck_assert_int_eq(build(a, TX_JOB_RESTART, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 2);
        assert_job(a, TX_JOB_RESTART, true);
        assert_job(b, TX_JOB_TRY_RESTART, true);
}
END_TEST

START_TEST(conflict_both_matter_fails_in_every_mode) {
        unsigned a = node("a.service"), b = node("b.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(a, UNIT_CONFLICTS, b, 2);
        for (enum tx_mode m = TX_MODE_REPLACE; m <= TX_MODE_FAIL; m++) {
                ck_assert_int_eq(build(a, TX_JOB_START, m), -EBADR);
                ck_assert_str_eq(R.error, "Conflicting jobs for b.service: start by a.service Requires=b.service "
                                          "(a.service:1), stop by a.service Conflicts=b.service (a.service:2)");
                ck_assert_uint_eq(R.n_jobs, 0);
        }
}
END_TEST

START_TEST(conflict_the_required_job_wins) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service");

        dep(a, UNIT_REQUIRES, c, 1);
        dep(a, UNIT_WANTS, b, 2);
        dep(b, UNIT_CONFLICTS, c, 1);
        N(c).inactive = false; /* deactivating: neither its start nor its stop is a no-op */
        for (enum tx_mode m = TX_MODE_REPLACE; m <= TX_MODE_FAIL; m++) {
                ck_assert_int_eq(build(a, TX_JOB_START, m), 0);
                ck_assert_uint_eq(R.n_jobs, 2);
                assert_job(c, TX_JOB_START, true);
                assert_no_job(b); /* it needed c stopped: it goes with its stop */
                /* First: starting c stops b (ConflictedBy), which is also wanted; neither
                 * matters and Conflicts= did not ask for this stop, so it goes. Then c. */
                ck_assert_uint_eq(strv_length(R.notes), 2);
                assert_note(0, "Conflicting jobs for b.service: start by a.service Wants=b.service (a.service:2), "
                               "stop by b.service Conflicts=c.service (b.service:1); dropped the stop");
                assert_note(1, "Conflicting jobs for c.service: start by a.service Requires=c.service (a.service:1), "
                               "stop by b.service Conflicts=c.service (b.service:1); dropped the stop");
        }
}
END_TEST

START_TEST(conflict_neither_matters_conflicts_wins) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_WANTS, b, 1);
        dep(a, UNIT_WANTS, c, 2);
        dep(b, UNIT_REQUIRES, d, 1);
        dep(c, UNIT_CONFLICTS, d, 1);
        N(d).inactive = false; /* deactivating */
        /* Neither side matters; the stop was asked for by Conflicts=, so the start goes (systemd). */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        assert_job(a, TX_JOB_START, true);
        assert_job(c, TX_JOB_START, false);
        assert_job(d, TX_JOB_STOP, false);
        assert_no_job(b);
        assert_note(0, "Conflicting jobs for d.service: start by b.service Requires=d.service (b.service:1), "
                       "stop by c.service Conflicts=d.service (c.service:1); dropped the start");
}
END_TEST

START_TEST(job_mode_fail_keeps_running_units_and_queued_jobs) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), d = node("d.service");

        dep(a, UNIT_WANTS, b, 1);
        dep(b, UNIT_CONFLICTS, c, 1);
        set_active(c);
        /* replace: the wanted b starts and stops the running c. */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        assert_job(c, TX_JOB_STOP, false);
        ck_assert_ptr_null(R.notes);
        /* fail: what does not matter may not stop a running unit; b goes with it. */
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_FAIL), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        assert_note(0, "Job mode fail: dropped c.service/stop (b.service Conflicts=c.service (b.service:1)), "
                       "which would stop a running unit");

        /* A queued job the transaction would reverse: fail refuses, replace replaces. */
        dep(a, UNIT_REQUIRES, d, 2);
        N(d).has_pending_job = true;
        N(d).pending_job = TX_JOB_STOP;
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_FAIL), -EBADR);
        ck_assert_str_eq(R.error, "Transaction is destructive: d.service has a stop job queued, but the "
                                  "transaction has start (job mode fail)");
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        assert_job(d, TX_JOB_START, true);
        /* A queued job that merges is fine under fail; and a start of an active unit that
         * cancels a queued stop is kept, not dropped as redundant. */
        N(d).pending_job = TX_JOB_START;
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_FAIL), 0);
        assert_job(d, TX_JOB_START, true);
        set_active(d);
        N(d).pending_job = TX_JOB_STOP;
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        assert_job(d, TX_JOB_START, true);
}
END_TEST

/* ---- modes and refusals ------------------------------------------------------------------ */

START_TEST(isolate) {
        unsigned t = node("t.target"), x = node("x.service"), y = node("y.service"), z = node("z.service"),
                 w = node("w.service"), v = node("v.service"), p = node("p.service"), q = node("q.service");

        dep(t, UNIT_REQUIRES, x, 1);
        dep(t, UNIT_WANTS, y, 2);
        dep(q, UNIT_REQUIRES, z, 1);
        set_active(x); /* in the closure, running: stays, no job */
        set_active(z); /* not in the closure: stopped */
        set_active(w);
        N(w).ignore_on_isolate = true;
        N(p).has_pending_job = true; /* inactive with a queued start: stopped */
        N(p).pending_job = TX_JOB_START;
        set_active(q); /* stopped, also as a dependent of z */
        ck_assert_int_eq(build(t, TX_JOB_START, TX_MODE_ISOLATE), 0);
        ck_assert_uint_eq(R.n_jobs, 5);
        assert_job(t, TX_JOB_START, true);
        assert_job(y, TX_JOB_START, false);
        assert_job(z, TX_JOB_STOP, true);
        assert_job(p, TX_JOB_STOP, true);
        assert_job(q, TX_JOB_STOP, true);
        assert_no_job(x);
        assert_no_job(w);
        assert_no_job(v);

        ck_assert_int_eq(build(t, TX_JOB_STOP, TX_MODE_ISOLATE), -EINVAL);
        ck_assert_str_eq(R.error, "Isolate is only valid for start, not stop (t.target)");
}
END_TEST

START_TEST(ignore_dependencies_and_requirements) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(a, UNIT_CONFLICTS, c, 2);
        dep(a, UNIT_AFTER, b, 3);
        set_active(c);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_IGNORE_DEPENDENCIES), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        assert_job(a, TX_JOB_START, true);
        ck_assert(R.jobs[0].ignore_order);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_IGNORE_REQUIREMENTS), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        ck_assert(!R.jobs[0].ignore_order);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 3);
        ck_assert(!R.jobs[0].ignore_order);
}
END_TEST

START_TEST(refuse_manual) {
        unsigned a = node("a.service"), b = node("b.service");
        static const char refused[] = "Operation refused, unit a.service may be requested by dependency only "
                                      "(it is configured to refuse manual start/stop).";

        dep(b, UNIT_REQUIRES, a, 1);
        N(a).refuse_manual_start = true;
        ck_assert_int_eq(build_as(a, TX_JOB_START, TX_MODE_REPLACE, true), -EPERM);
        ck_assert_str_eq(R.error, refused);
        tx_result_done(&R);
        ck_assert_int_eq(build_as(a, TX_JOB_RESTART, TX_MODE_REPLACE, true), -EPERM);
        tx_result_done(&R);
        ck_assert_int_eq(build_as(a, TX_JOB_STOP, TX_MODE_REPLACE, true), 0); /* stop is allowed */
        tx_result_done(&R);
        ck_assert_int_eq(build_as(a, TX_JOB_START, TX_MODE_REPLACE, false), 0); /* not manual */
        tx_result_done(&R);
        ck_assert_int_eq(build(b, TX_JOB_START, TX_MODE_REPLACE), 0); /* as a dependency */
        assert_job(a, TX_JOB_START, true);

        N(a).refuse_manual_start = false;
        N(a).refuse_manual_stop = true;
        tx_result_done(&R);
        ck_assert_int_eq(build_as(a, TX_JOB_STOP, TX_MODE_REPLACE, true), -EPERM);
        ck_assert_str_eq(R.error, refused);
        tx_result_done(&R);
        ck_assert_int_eq(build_as(a, TX_JOB_TRY_RESTART, TX_MODE_REPLACE, true), -EPERM);
        tx_result_done(&R);
        ck_assert_int_eq(build_as(a, TX_JOB_START, TX_MODE_REPLACE, true), 0);
}
END_TEST

START_TEST(bad_requests) {
        unsigned a = node("a.service");

        ck_assert_int_eq(build(1, TX_JOB_START, TX_MODE_REPLACE), -EINVAL);
        ck_assert_str_eq(R.error, "Bad request: unit 1 of 1, job type 0, job mode 0");
        ck_assert_int_eq(build(a, _TX_JOB_TYPE_MAX, TX_MODE_REPLACE), -EINVAL);
        ck_assert_int_eq(build(a, TX_JOB_START, _TX_MODE_MAX), -EINVAL);
        dep(a, UNIT_WANTS, 7, 3);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), -EINVAL);
        ck_assert_str_eq(R.error, "a.service: Wants= names unit 7, but there are only 1 units (a.service:3)");
        ck_assert_uint_eq(R.n_jobs, 0);

        ck_assert_str_eq(tx_job_type_to_string(TX_JOB_VERIFY_ACTIVE), "verify-active");
        ck_assert_str_eq(tx_job_type_to_string(TX_JOB_TRY_RESTART), "try-restart");
        ck_assert_ptr_null(tx_job_type_to_string(_TX_JOB_TYPE_MAX));
}
END_TEST

START_TEST(self_dependencies_are_ignored) {
        unsigned a = node("a.service");

        dep(a, UNIT_REQUIRES, a, 1);
        dep(a, UNIT_CONFLICTS, a, 2);
        dep(a, UNIT_AFTER, a, 3);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        assert_job(a, TX_JOB_START, true);
        ck_assert_uint_eq(R.jobs[0].n_after, 0);
}
END_TEST

/* ---- 10,000 units ------------------------------------------------------------------------ */

enum { LAYERS = 10, WIDTH = 1000 };

static unsigned layered(unsigned layer, unsigned i) {
        return layer * WIDTH + i % WIDTH;
}

/* Every unit has at most one job. */
static void assert_jobs_unique(void) {
        unsigned char *seen = calloc(G.n_nodes, 1);
        ck_assert_ptr_nonnull(seen);
        for (size_t i = 0; i < R.n_jobs; i++) {
                ck_assert_uint_lt(R.jobs[i].unit, G.n_nodes);
                ck_assert_msg(!seen[R.jobs[i].unit], "two jobs for %s", N(R.jobs[i].unit).name);
                seen[R.jobs[i].unit] = 1;
        }
        free(seen);
}

START_TEST(ten_layers_of_a_thousand) {
        char name[32];

        for (unsigned l = 0; l < LAYERS; l++)
                for (unsigned i = 0; i < WIDTH; i++) {
                        snprintf(name, sizeof name, "l%u-%u.service", l, i);
                        node(name);
                }
        unsigned top = node("all.target");
        for (unsigned l = 1; l < LAYERS; l++)
                for (unsigned i = 0; i < WIDTH; i++)
                        for (unsigned k = 0; k < 3; k++) {
                                dep(layered(l, i), UNIT_REQUIRES, layered(l - 1, i + k), 1 + k);
                                dep(layered(l, i), UNIT_AFTER, layered(l - 1, i + k), 4 + k);
                        }
        for (unsigned i = 0; i < WIDTH; i++)
                dep(top, UNIT_REQUIRES, layered(LAYERS - 1, i), i + 1);

        ck_assert_int_eq(build(top, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, LAYERS * WIDTH + 1);
        assert_jobs_unique();
        ck_assert_uint_eq(R.jobs[0].unit, top);
        assert_list(job(layered(5, 17))->after, job(layered(5, 17))->n_after, (int) layered(4, 17),
                    (int) layered(4, 18), (int) layered(4, 19), -1);
        assert_list(job(layered(1, 999))->after, job(layered(1, 999))->n_after, (int) layered(0, 999),
                    (int) layered(0, 0), (int) layered(0, 1), -1);
        assert_list(job(layered(0, 0))->after, job(layered(0, 0))->n_after, -1);
        /* l0-0 is required by l1-0, l1-999 and l1-998. */
        assert_list(job(layered(0, 0))->fail_with, job(layered(0, 0))->n_fail_with, (int) layered(1, 0),
                    (int) layered(1, 999), (int) layered(1, 998), -1);
        assert_list(job(top)->after, job(top)->n_after, -1); /* Requires= without After= */
        for (size_t i = 0; i < R.n_jobs; i++)
                ck_assert_int_eq(R.jobs[i].type, TX_JOB_START);

        /* Everything running: stopping one leaf stops the cone above it, in reverse order. */
        for (size_t u = 0; u < G.n_nodes; u++)
                set_active((unsigned) u);
        ck_assert_int_eq(build(layered(0, 500), TX_JOB_STOP, TX_MODE_REPLACE), 0);
        assert_jobs_unique();
        assert_job(top, TX_JOB_STOP, true);
        assert_job(layered(1, 498), TX_JOB_STOP, true);
        assert_no_job(layered(1, 501));
        assert_list(job(layered(0, 500))->after, job(layered(0, 500))->n_after, (int) layered(1, 498),
                    (int) layered(1, 499), (int) layered(1, 500), -1);
}
END_TEST

START_TEST(chain_of_ten_thousand) {
        enum { LEN = 10000 };
        char name[32];

        for (unsigned i = 0; i < LEN; i++) {
                snprintf(name, sizeof name, "n%u.service", i);
                node(name);
        }
        for (unsigned i = 0; i + 1 < LEN; i++) {
                dep(i, UNIT_REQUIRES, i + 1, 1);
                dep(i, UNIT_AFTER, i + 1, 2);
        }
        ck_assert_int_eq(build(0, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, LEN);
        assert_jobs_unique();
        for (unsigned i = 0; i + 1 < LEN; i += 1111)
                assert_list(job(i)->after, job(i)->n_after, (int) i + 1, -1);
        assert_list(job(LEN - 1)->after, job(LEN - 1)->n_after, -1);
        assert_list(job(LEN - 1)->fail_with, job(LEN - 1)->n_fail_with, LEN - 2, -1);

        /* Stop the far end with everything running: all 10,000 stop, n0 first. */
        for (unsigned i = 0; i < LEN; i++)
                set_active(i);
        ck_assert_int_eq(build(LEN - 1, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, LEN);
        assert_list(job(0)->after, job(0)->n_after, -1);
        assert_list(job(5000)->after, job(5000)->n_after, 4999, -1);

        /* Restart the far end: 9,999 try-restarts up the chain; each stops after the unit
         * that runs after it has stopped, and starts after the one it runs after is up. */
        ck_assert_int_eq(build(LEN - 1, TX_JOB_RESTART, TX_MODE_REPLACE), 0);
        ck_assert_uint_eq(R.n_jobs, LEN);
        assert_job(LEN - 1, TX_JOB_RESTART, true);
        assert_job(0, TX_JOB_TRY_RESTART, true);
        assert_job(5000, TX_JOB_RESTART, true); /* try-restart + start (n4999 requires it) */
        assert_list(job(5000)->after, job(5000)->n_after, -1);
        assert_list(job(5000)->after_stopped, job(5000)->n_after_stopped, 4999, -1);
        assert_list(job(5000)->restart_after, job(5000)->n_restart_after, 5001, -1);
        assert_list(job(5000)->restart_after_stopped, job(5000)->n_restart_after_stopped, 4999, -1);

        /* Close the chain into a 10,000-unit cycle: found without deep recursion, and reported whole. */
        dep(LEN - 1, UNIT_AFTER, 0, 3);
        for (unsigned i = 0; i < LEN; i++) {
                N(i).active = false;
                N(i).inactive = true;
        }
        ck_assert_int_eq(build(0, TX_JOB_START, TX_MODE_REPLACE), -ELOOP);
        ck_assert(startswith(R.error, "Ordering cycle: n0.service after n1.service (n0.service:2), "
                                      "n1.service after n2.service (n1.service:2), "));
        ck_assert(endswith(R.error, ", n9999.service after n0.service (n9999.service:3)"));
        ck_assert_ptr_nonnull(strstr(R.error, "n5000.service after n5001.service (n5000.service:2)"));
}
END_TEST

/* ---- the prepared graph ------------------------------------------------------------------ */

/* A request on a prepared graph reads the state of the units it pulls in, not of the
 * others; the cache is clean after each request, whether it failed or not. */
START_TEST(prepared_request_reads_only_its_closure) {
        char name[32];
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service"), x = node("x.service");
        unsigned y = node("y.service");

        for (unsigned i = 0; i < 10000; i++) {
                snprintf(name, sizeof name, "idle%u.service", i);
                node(name);
        }
        dep(a, UNIT_REQUIRES, b, 1);
        dep(b, UNIT_REQUIRES, c, 2);
        dep(x, UNIT_REQUIRES, c, 3);
        dep(x, UNIT_CONFLICTS, b, 4);
        dep(y, UNIT_REQUIRES, b, 5);
        dep(y, UNIT_CONFLICTS, b, 6);
        for (int round = 0; round < 3; round++) {
                ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
                ck_assert_ptr_nonnull(G.cache);
                ck_assert_uint_eq(R.n_jobs, 3);
                assert_job(c, TX_JOB_START, true);
                /* a, b, c, and x and y, which have Conflicts= on b: starting b stops them (a
                 * no-op, they are inactive). */
                ck_assert_uint_eq(Refreshes, 5);

                /* x requires c and conflicts with b: starting x stops b, and a with it. */
                N(a).active = N(b).active = N(c).active = true;
                N(a).inactive = N(b).inactive = N(c).inactive = false;
                ck_assert_int_eq(build(x, TX_JOB_START, TX_MODE_REPLACE), 0);
                assert_job(b, TX_JOB_STOP, true);
                assert_job(a, TX_JOB_STOP, true);
                assert_no_job(c);
                ck_assert_uint_eq(Refreshes, 5); /* x, c, b, a, and y, which requires b */

                /* y both requires b and conflicts with it: the request fails half-way. */
                ck_assert_int_eq(build(y, TX_JOB_START, TX_MODE_REPLACE), -EBADR);
                N(a).active = N(b).active = N(c).active = false;
                N(a).inactive = N(b).inactive = N(c).inactive = true;
        }
}
END_TEST

/* Nodes added since tx_graph_prepare(): the request does not use the stale cache. */
START_TEST(prepared_graph_that_grew) {
        unsigned a = node("a.service"), b = node("b.service");

        dep(a, UNIT_REQUIRES, b, 1);
        ck_assert_int_eq(build(a, TX_JOB_START, TX_MODE_REPLACE), 0);
        ck_assert_ptr_nonnull(G.cache);
        unsigned c = node("c.service");
        dep(c, UNIT_REQUIRES, b, 2);
        dep(c, UNIT_CONFLICTS, a, 3);
        N(a).active = true;
        N(a).inactive = false;
        G_changed = false; /* not prepared again */
        ck_assert_int_eq(build(c, TX_JOB_START, TX_MODE_REPLACE), 0);
        assert_job(b, TX_JOB_START, true);
        assert_job(a, TX_JOB_STOP, true); /* from c's own edges, which the old cache lacks */
        N(c).active = true;
        N(c).inactive = false;
        ck_assert_int_eq(build(b, TX_JOB_STOP, TX_MODE_REPLACE), 0);
        assert_job(c, TX_JOB_STOP, true); /* c requires b: the inverse index knows c */
}
END_TEST

/* A refresh hook that runs a request of its own on the same graph (once): the inner one gets
 * a cache of its own, and neither disturbs the other. */
enum { INNER_NOT_YET = -1, INNER_RUNNING = -2 };
static int Inner_jobs = INNER_NOT_YET;
static void refresh_with_request(void *userdata, unsigned u) {
        ck_assert_ptr_eq(userdata, &G);
        if (Inner_jobs == INNER_NOT_YET) {
                struct tx_result inner = {};
                Inner_jobs = INNER_RUNNING;
                ck_assert_int_eq(tx_build(&G, 1, TX_JOB_START, TX_MODE_REPLACE, false, &inner), 0);
                Inner_jobs = (int) inner.n_jobs;
                tx_result_done(&inner);
        }
        N(u) = Truth[u];
}

START_TEST(prepared_refresh_may_run_a_request) {
        unsigned a = node("a.service"), b = node("b.service"), c = node("c.service");

        dep(a, UNIT_REQUIRES, b, 1);
        dep(b, UNIT_WANTS, c, 2);
        ck_assert_int_eq(tx_graph_prepare(&G), 0);
        G_changed = false;
        hide_state();
        G.refresh = refresh_with_request;
        G.userdata = &G;
        ck_assert_int_eq(tx_build(&G, a, TX_JOB_START, TX_MODE_REPLACE, false, &R), 0);
        ck_assert_int_eq(Inner_jobs, 2); /* b and c */
        ck_assert_uint_eq(R.n_jobs, 3);
        /* The graph's cache came back clean: the next request sees no leftovers. */
        tx_result_done(&R);
        ck_assert_int_eq(tx_build(&G, c, TX_JOB_START, TX_MODE_REPLACE, false, &R), 0);
        ck_assert_uint_eq(R.n_jobs, 1);
        reveal_state();
}
END_TEST

static void add_tests(TCase *tc) {
        tcase_add_test(tc, edges_are_grouped_by_kind);
        tcase_add_test(tc, start_pulls_each_kind);
        tcase_add_test(tc, wants_matters_only_through_requirements);
        tcase_add_test(tc, active_units_get_no_job_but_their_deps_are_pulled);
        tcase_add_test(tc, requisite_verifies);
        tcase_add_test(tc, conflicts_both_ways_stop);
        tcase_add_test(tc, stop_propagates_to_dependents);
        tcase_add_test(tc, propagates_stop_to);
        tcase_add_test(tc, restart_try_restarts_dependents);
        tcase_add_test(tc, reload_propagates);
        tcase_add_test(tc, after_and_before_order_starts);
        tcase_add_test(tc, stops_run_in_reverse);
        tcase_add_test(tc, stop_before_start_either_direction);
        tcase_add_test(tc, diamond);
        tcase_add_test(tc, cycle_broken_by_dropping_a_wanted_job);
        tcase_add_test(tc, cycle_that_cannot_be_broken);
        tcase_add_test(tc, merge_start_and_verify);
        tcase_add_test(tc, merge_restart_and_start);
        tcase_add_test(tc, conflict_both_matter_fails_in_every_mode);
        tcase_add_test(tc, conflict_the_required_job_wins);
        tcase_add_test(tc, conflict_neither_matters_conflicts_wins);
        tcase_add_test(tc, job_mode_fail_keeps_running_units_and_queued_jobs);
        tcase_add_test(tc, isolate);
        tcase_add_test(tc, ignore_dependencies_and_requirements);
        tcase_add_test(tc, refuse_manual);
        tcase_add_test(tc, bad_requests);
        tcase_add_test(tc, self_dependencies_are_ignored);
        tcase_add_test(tc, ten_layers_of_a_thousand);
        tcase_add_test(tc, chain_of_ten_thousand);
}

int main(void) {
        Suite *s = suite_create("transaction");
        TCase *bare = tcase_create("bare"), *prepared = tcase_create("prepared");

        tcase_add_checked_fixture(bare, graph_setup, graph_teardown);
        add_tests(bare);
        suite_add_tcase(s, bare);
        tcase_add_checked_fixture(prepared, graph_setup_prepared, graph_teardown);
        add_tests(prepared);
        tcase_add_test(prepared, prepared_request_reads_only_its_closure);
        tcase_add_test(prepared, prepared_graph_that_grew);
        tcase_add_test(prepared, prepared_refresh_may_run_a_request);
        suite_add_tcase(s, prepared);
        return test_run(s);
}
