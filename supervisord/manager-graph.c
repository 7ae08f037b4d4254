/* manager-graph.c: the dependency graph of the registered units: each unit's dependencies
 * resolved to units (and their inverses), the implicit After= of targets, loading what a
 * request's closure names, and the transaction graph (transaction.h) made from it. Rebuilt
 * whenever a unit was registered or re-read (m->graph_dirty). */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"
#include "units/unit-path.h"
#include "units/unit.h"

/* systemd.target(5): "target units will automatically complement all configured
 * dependencies of type Wants= or Requires= with dependencies of type After= unless
 * DefaultDependencies=no is set in the specified units." */
#define ORIGIN_TARGET_DEFAULT "DefaultDependencies=yes of the target"

static void links_clear(struct unit_links *l) {
        free(l->v);
        *l = (struct unit_links) {};
}

static bool links_contain(const struct unit_links *l, const struct service *s) {
        for (size_t i = 0; i < l->n; i++)
                if (l->v[i].to == s)
                        return true;
        return false;
}

static int links_add(struct unit_links *l, struct service *s, const char *origin) {
        if (links_contain(l, s))
                return 0;
        struct unit_link *v = realloc(l->v, (l->n + 1) * sizeof *v);
        if (!v)
                return -ENOMEM;
        l->v = v;
        l->v[l->n++] = (struct unit_link) { s, origin };
        return 0;
}

void service_clear_links(struct service *s) {
        free(s->links);
        s->links = NULL;
        memset(s->link_start, 0, sizeof s->link_start);
}

/* The kinds a start, stop, restart or reload request follows to other units (transaction.h). */
static const enum unit_dependency closure_kinds[] = {
        UNIT_REQUIRES,      UNIT_REQUISITE, UNIT_WANTS,           UNIT_BINDS_TO,           UNIT_UPHOLDS,
        UNIT_CONFLICTS,     UNIT_PART_OF,   UNIT_PROPAGATES_STOP_TO, UNIT_PROPAGATES_RELOAD_TO,
};

static int load_closure(struct manager *m, struct service *anchor, unsigned mark) {
        _cleanup_free_ struct service **queue = NULL;
        size_t n = 0, cap = 0, head = 0;

        anchor->graph_mark = mark;
        for (struct service *s = anchor; s; s = head < n ? queue[head++] : NULL) {
                const struct unit *u = s->unit;

                if (!u)
                        continue;
                for (size_t k = 0; k < ELEMENTSOF(closure_kinds); k++)
                        STRV_FOREACH(name, u->dependencies[closure_kinds[k]]) {
                                struct service *t;
                                int r = manager_load_unit(m, *name, &t);

                                if (r == -ENOMEM)
                                        return r;
                                if (r < 0 || t->graph_mark == mark)
                                        continue;
                                t->graph_mark = mark;
                                if (n == cap) {
                                        size_t c = MAX(cap * 2, (size_t) 64);
                                        struct service **q = realloc(queue, c * sizeof *q);
                                        if (!q)
                                                return -ENOMEM;
                                        queue = q;
                                        cap = c;
                                }
                                queue[n++] = t;
                        }
        }
        return 0;
}

int manager_load_closure(struct manager *m, struct service *anchor) {
        int r;

        /* One snapshot of the search directories for the whole closure (unit-path.h). */
        unit_path_cache_batch_begin();
        r = load_closure(m, anchor, ++m->graph_mark);
        unit_path_cache_batch_end();
        return r;
}

static bool names_unit(struct manager *m, char **names, const struct service *s) {
        STRV_FOREACH(name, names)
                if (manager_resolve_unit(m, *name) == s)
                        return true;
        return false;
}

/* A unit's own dependencies, resolved to registered units, into fwd (one list per kind); a
 * name nothing registered has is left out (nothing can be ordered against or pulled from it
 * until it is loaded). */
static int resolve_forward(struct manager *m, struct service *s, struct unit_links fwd[static _UNIT_DEPENDENCY_MAX]) {
        const struct unit *u = s->unit;

        /* dependency_origins[d] is in step with dependencies[d] (units/unit.h). */
        for (int d = 0; u && d < _UNIT_DEPENDENCY_MAX; d++)
                for (size_t i = 0; u->dependencies[d] && u->dependencies[d][i]; i++) {
                        struct service *t = manager_resolve_unit(m, u->dependencies[d][i]);
                        if (!t || t == s)
                                continue;
                        int r = links_add(&fwd[d], t, u->dependency_origins[d] ? u->dependency_origins[d][i] : NULL);
                        if (r < 0)
                                return r;
                }
        if (u && u->type == UNIT_TARGET && u->default_dependencies) {
                static const enum unit_dependency pulled[] = { UNIT_WANTS, UNIT_REQUIRES };
                for (size_t k = 0; k < ELEMENTSOF(pulled); k++)
                        for (size_t i = 0; i < fwd[pulled[k]].n; i++) {
                                struct service *t = fwd[pulled[k]].v[i].to;
                                /* No loops: not if the two are already ordered the other way. */
                                if (!t->unit || !t->unit->default_dependencies ||
                                    links_contain(&fwd[UNIT_BEFORE], t) || names_unit(m, t->unit->dependencies[UNIT_AFTER], s))
                                        continue;
                                int r = links_add(&fwd[UNIT_AFTER], t, ORIGIN_TARGET_DEFAULT);
                                if (r < 0)
                                        return r;
                        }
        }
        return 0;
}

/* s->links with its forward links only (a copy of fwd), room for no inverse one yet. */
static int pack_forward(struct service *s, const struct unit_links fwd[static _UNIT_DEPENDENCY_MAX]) {
        size_t n = 0;

        for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                n += fwd[d].n;
        if (n > 0) {
                s->links = malloc(n * sizeof *s->links);
                if (!s->links)
                        return -ENOMEM;
        }
        uint32_t at = 0;
        for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++) {
                s->link_start[d] = at;
                if (fwd[d].n > 0)
                        memcpy(s->links + at, fwd[d].v, fwd[d].n * sizeof *s->links);
                at += (uint32_t) fwd[d].n;
        }
        for (size_t k = _UNIT_DEPENDENCY_MAX; k <= 2 * _UNIT_DEPENDENCY_MAX; k++)
                s->link_start[k] = at;
        return 0;
}

/* Every service's links: its own, then the inverse ones, which need all of the former.
 * Each service's array is allocated twice (its forward links, then grown by its inverse
 * ones, counted first); inverse links come in the manager's order of the services. */
static int build_links(struct manager *m) {
        const size_t n = m->n_services;
        _cleanup_free_ uint32_t *cursor = NULL;
        int r;

        for (size_t i = 0; i < n; i++) {
                struct unit_links fwd[_UNIT_DEPENDENCY_MAX] = {};

                r = resolve_forward(m, m->services[i], fwd);
                if (r >= 0)
                        r = pack_forward(m->services[i], fwd);
                for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                        links_clear(&fwd[d]);
                if (r < 0)
                        return r;
        }
        /* cursor[t * MAX + d]: how many inverse links of kind d t gets, then where the next goes. */
        cursor = calloc(MAX(n, (size_t) 1) * _UNIT_DEPENDENCY_MAX, sizeof *cursor);
        if (!cursor)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++) {
                        struct unit_links l = service_deps(m->services[i], d);
                        for (size_t k = 0; k < l.n; k++)
                                cursor[l.v[k].to->graph_index * _UNIT_DEPENDENCY_MAX + d]++;
                }
        for (size_t i = 0; i < n; i++) {
                struct service *t = m->services[i];
                uint32_t at = t->link_start[_UNIT_DEPENDENCY_MAX];

                for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++) {
                        uint32_t count = cursor[i * _UNIT_DEPENDENCY_MAX + d];
                        t->link_start[_UNIT_DEPENDENCY_MAX + d] = at;
                        cursor[i * _UNIT_DEPENDENCY_MAX + d] = at;
                        at += count;
                }
                t->link_start[2 * _UNIT_DEPENDENCY_MAX] = at;
                if (at > t->link_start[_UNIT_DEPENDENCY_MAX]) {
                        struct unit_link *v = reallocarray(t->links, at, sizeof *v);
                        if (!v)
                                return -ENOMEM;
                        t->links = v;
                }
        }
        for (size_t i = 0; i < n; i++) {
                struct service *s = m->services[i];
                for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++) {
                        struct unit_links l = service_deps(s, d);
                        for (size_t k = 0; k < l.n; k++) {
                                struct service *t = l.v[k].to;
                                t->links[cursor[t->graph_index * _UNIT_DEPENDENCY_MAX + d]++] =
                                        (struct unit_link) { s, l.v[k].origin };
                        }
                }
        }
        return 0;
}

/* A start of an active or activating unit is a no-op (transaction.h's tx_node.active). */
static bool unit_is_active_for_tx(const struct service *s) {
        switch (s->state) {
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
        case SERVICE_RUNNING:
        case SERVICE_EXITED:
        case SERVICE_RELOAD:
                return true;
        default:
                return false;
        }
}

/* tx_graph.refresh: node u's state from service u, as a transaction is about to read it. */
static void refresh_node(void *userdata, unsigned u) {
        struct manager *m = userdata;

        /* The graph is rebuilt whenever the registry changes (graph_dirty); this guards a
         * node the registry no longer has, as the old whole-graph copy did. */
        if (u >= m->n_services || u >= m->graph.n_nodes)
                return;
        struct service *s = m->services[u];
        struct tx_node *node = &m->graph.nodes[u];
        const struct unit *unit = s->unit;

        node->active = unit_is_active_for_tx(s);
        node->inactive = service_is_inactive(s);
        node->can_reload = service_can_reload(s);
        node->ignore_on_isolate = unit && unit->ignore_on_isolate;
        node->refuse_manual_start = unit && unit->refuse_manual_start;
        node->refuse_manual_stop = unit && unit->refuse_manual_stop;
        node->has_pending_job = s->job != NULL;
        node->pending_job = s->job ? s->job->type : TX_JOB_NOP;
}

static int rebuild(struct manager *m) {
        int r;

        for (size_t i = 0; i < m->n_services; i++) {
                service_clear_links(m->services[i]);
                m->services[i]->graph_index = (unsigned) i;
        }
        if ((r = build_links(m)) < 0)
                return r;

        /* The transaction graph: one node per registered unit, its forward edges; each
         * node's state is filled in by refresh_node() when a transaction reads it. */
        manager_graph_free(m);
        m->graph.nodes = calloc(MAX(m->n_services, (size_t) 1), sizeof *m->graph.nodes);
        if (!m->graph.nodes)
                return -ENOMEM;
        m->graph.n_nodes = m->n_services;
        m->graph.refresh = refresh_node;
        m->graph.userdata = m;
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *s = m->services[i];
                struct tx_node *node = &m->graph.nodes[i];

                node->name = s->id;
                /* The service's forward links are grouped by kind as a node's edges are
                 * (transaction.h): the same offsets, each link as the index of its node. */
                uint32_t n_edges = s->link_start[_UNIT_DEPENDENCY_MAX];
                if (n_edges == 0)
                        continue;
                node->edges = malloc(n_edges * sizeof *node->edges);
                if (!node->edges)
                        return -ENOMEM;
                for (uint32_t k = 0; k < n_edges; k++)
                        node->edges[k] = (struct tx_edge) { s->links[k].to->graph_index, s->links[k].origin };
                static_assert(sizeof node->edge_start == (_UNIT_DEPENDENCY_MAX + 1) * sizeof s->link_start[0],
                              "a node's offsets are a service's forward ones");
                memcpy(node->edge_start, s->link_start, sizeof node->edge_start);
        }
        /* Without it a request would cost O(units): tx_build() would index every edge. */
        return tx_graph_prepare(&m->graph);
}

int manager_graph_update(struct manager *m) {
        if (!m->graph_dirty)
                return 0;
        int r = rebuild(m);
        if (r < 0)
                return log_oom();
        m->graph_dirty = false;
        return 0;
}

void manager_graph_free(struct manager *m) {
        tx_graph_release(&m->graph);
        for (size_t i = 0; i < m->graph.n_nodes; i++)
                free(m->graph.nodes[i].edges);
        free(m->graph.nodes);
        m->graph = (struct tx_graph) {};
}
