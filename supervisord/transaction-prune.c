/* transaction-prune.c: which of a transaction's jobs stay: the ones that matter to the anchor,
 * job mode fail, redundant jobs and garbage, dropping a job with the jobs that needed it,
 * merging the jobs of one unit, conflicts, Requisite= checks (systemd's transaction.c and
 * job.c semantics). */
#include <errno.h>
#include <stdlib.h>

#include "libsvc/macro.h"
#include "supervisord/transaction-internal.h"

static const enum tx_job_type kind_type[_RK_MAX] = {
        [RK_START] = TX_JOB_START,   [RK_VERIFY] = TX_JOB_VERIFY_ACTIVE, [RK_STOP] = TX_JOB_STOP,
        [RK_RESTART] = TX_JOB_RESTART, [RK_RELOAD] = TX_JOB_RELOAD,
};

/* Merging two jobs for one unit (systemd's job_merging_table in job.c, completed for every
 * type a transaction holds; symmetric):
 *
 *               start    verify   stop  restart  try-rst  reload   nop
 *   start       start    start    X     restart  restart  R|S      start
 *   verify               verify   X     restart  restart  reload   verify
 *   stop                          stop  X        X        X        stop
 *   restart                             restart  restart  restart  restart
 *   try-restart                                  try-rst  restart  try-rst
 *   reload                                                reload   reload
 *   nop                                                            nop
 *
 * X: the two cannot merge (a conflict, resolved or reported by resolve_conflicts()).
 * R|S: reload if the unit is active, else start (systemd's JOB_RELOAD_OR_START, collapsed). */
#define S TX_JOB_START
#define V TX_JOB_VERIFY_ACTIVE
#define P TX_JOB_STOP
#define R TX_JOB_RESTART
#define T TX_JOB_TRY_RESTART
#define L TX_JOB_RELOAD
#define N TX_JOB_NOP
#define X CONFLICT
#define RS RELOAD_OR_START
static const int merge_table[_TX_JOB_TYPE_MAX][_TX_JOB_TYPE_MAX] = {
        [S] = { [S] = S,  [V] = S, [P] = X, [R] = R, [T] = R, [L] = RS, [N] = S },
        [V] = { [S] = S,  [V] = V, [P] = X, [R] = R, [T] = R, [L] = L,  [N] = V },
        [P] = { [S] = X,  [V] = X, [P] = P, [R] = X, [T] = X, [L] = X,  [N] = P },
        [R] = { [S] = R,  [V] = R, [P] = X, [R] = R, [T] = R, [L] = R,  [N] = R },
        [T] = { [S] = R,  [V] = R, [P] = X, [R] = R, [T] = T, [L] = R,  [N] = T },
        [L] = { [S] = RS, [V] = L, [P] = X, [R] = R, [T] = R, [L] = L,  [N] = L },
        [N] = { [S] = S,  [V] = V, [P] = P, [R] = R, [T] = T, [L] = L,  [N] = N },
};
#undef S
#undef V
#undef P
#undef R
#undef T
#undef L
#undef N
#undef X
#undef RS

static int merge_types(int a, int b, bool active) {
        int m = merge_table[a][b];
        return m == RELOAD_OR_START ? (active ? TX_JOB_RELOAD : TX_JOB_START) : m;
}

/* systemd's job_type_is_redundant(): the job would change nothing. */
bool tx_type_is_redundant(int t, const struct tx_node *node) {
        switch (t) {
        case TX_JOB_START:
        case TX_JOB_VERIFY_ACTIVE:
                return node->active;
        case TX_JOB_STOP:
                return node->inactive;
        case TX_JOB_NOP:
                return true;
        default:
                return false;
        }
}

bool tx_conflicts_with_pending(int t, const struct tx_node *node) {
        return node->has_pending_job && (unsigned) node->pending_job < _TX_JOB_TYPE_MAX &&
               merge_types(t, node->pending_job, node->active) == CONFLICT;
}

/* ---- pruning and merging ----------------------------------------------------------------- */

static int req_type(const struct tx *t, unsigned id) {
        enum req_kind k = id % _RK_MAX;
        return k == RK_RESTART && t->reqs[id].try_only ? TX_JOB_TRY_RESTART : (int) kind_type[k];
}

static int unit_merge(const struct tx *t, unsigned u) {
        int m = NO_JOB;

        for (unsigned k = 0; k < _RK_MAX; k++) {
                unsigned id = u * _RK_MAX + k;
                if (!t->reqs[id].alive)
                        continue;
                m = m == NO_JOB ? req_type(t, id) : merge_types(m, req_type(t, id), tx_node_of(t, u)->active);
                if (m == CONFLICT)
                        return CONFLICT;
        }
        return m;
}

bool tx_unit_matters(const struct tx *t, unsigned u) {
        for (unsigned k = 0; k < _RK_MAX; k++)
                if (t->reqs[u * _RK_MAX + k].alive && t->reqs[u * _RK_MAX + k].matters)
                        return true;
        return false;
}

static void tx_doom(struct tx *t, unsigned id, bool cascade) {
        if (!t->reqs[id].alive || id == t->anchor)
                return;
        t->reqs[id].alive = false;
        t->doomed[t->n_doomed++] = (struct doom) { id, cascade };
}

/* systemd's transaction_delete_job(): with cascade, the requests that needed this one through
 * a mattering link go too; with gc, so do requests nobody pulls any more. A request that does
 * not matter is only ever needed by requests that do not matter, so the anchor is safe. */
static void tx_delete(struct tx *t, unsigned id, bool cascade) {
        tx_doom(t, id, cascade);
        while (t->n_doomed > 0) {
                struct doom d = t->doomed[--t->n_doomed];

                for (unsigned l = t->reqs[d.id].first_out; l != NONE; l = t->links[l].next_out) {
                        struct req *to = &t->reqs[t->links[l].to];
                        if (--to->n_in == 0 && t->gc)
                                tx_doom(t, t->links[l].to, true);
                }
                if (d.cascade)
                        for (unsigned l = t->reqs[d.id].first_in; l != NONE; l = t->links[l].next_in)
                                if (t->links[l].matters)
                                        tx_doom(t, t->links[l].from, true);
        }
}

void tx_delete_unit(struct tx *t, unsigned u) {
        for (unsigned k = 0; k < _RK_MAX; k++)
                tx_delete(t, u * _RK_MAX + k, true);
}

/* systemd's transaction_find_jobs_that_matter_to_anchor(), breadth first. */
int tx_find_matters(struct tx *t) {
        _cleanup_free_ unsigned *bfs = malloc(t->queue_tail * sizeof(unsigned));
        size_t head = 0, tail = 0;

        if (!bfs)
                return -ENOMEM;
        t->reqs[t->anchor].matters = true;
        bfs[tail++] = t->anchor;
        while (head < tail)
                for (unsigned l = t->reqs[bfs[head++]].first_out; l != NONE; l = t->links[l].next_out) {
                        struct req *to = &t->reqs[t->links[l].to];
                        if (t->links[l].matters && !to->matters) {
                                to->matters = true;
                                bfs[tail++] = t->links[l].to;
                        }
                }
        return 0;
}

/* Job mode fail (systemd's transaction_minimize_impact()): a request that does not matter is
 * dropped if it would stop a running unit or reverse a queued job. */
int tx_minimize_impact(struct tx *t) {
        for (size_t i = 0; i < t->n_touched; i++)
                for (unsigned k = 0; k < _RK_MAX; k++) {
                        unsigned u = t->touched[i], id = u * _RK_MAX + k;
                        const struct tx_node *node = tx_node_of(t, u);
                        bool stops_running = k == RK_STOP && node->active;

                        if (!t->reqs[id].alive || t->reqs[id].matters ||
                            (!stops_running && !tx_conflicts_with_pending(req_type(t, id), node)))
                                continue;
                        struct msg m = {};
                        tx_msg_put(&m, "Job mode fail: dropped %s/%s (", tx_unit_name(t, u), tx_job_type_to_string(req_type(t, id)));
                        tx_msg_req_why(&m, t, id);
                        if (stops_running)
                                tx_msg_put(&m, "), which would stop a running unit");
                        else
                                tx_msg_put(&m, "), which would reverse its queued %s job", tx_job_type_to_string(node->pending_job));
                        int r = tx_msg_finish(&m, t, true);
                        if (r < 0)
                                return r;
                        tx_delete(t, id, true);
                }
        return 0;
}

/* systemd's transaction_drop_redundant(): a unit whose job would change nothing loses it,
 * unless it is the anchor's or it cancels a queued job. */
void tx_drop_redundant(struct tx *t) {
        for (size_t i = 0; i < t->n_touched; i++) {
                unsigned u = t->touched[i];
                const struct tx_node *node = tx_node_of(t, u);
                int m = unit_merge(t, u);
                bool keep = u == t->anchor / _RK_MAX || m < 0 || !tx_type_is_redundant(m, node);

                for (unsigned k = 0; !keep && k < _RK_MAX; k++)
                        keep = t->reqs[u * _RK_MAX + k].alive && tx_conflicts_with_pending(req_type(t, u * _RK_MAX + k), node);
                for (unsigned k = 0; !keep && k < _RK_MAX; k++)
                        tx_delete(t, u * _RK_MAX + k, false);
        }
}

static bool pulled_by_conflicts(const struct tx *t, unsigned id) {
        for (unsigned l = t->reqs[id].first_in; l != NONE; l = t->links[l].next_in)
                if (t->links[l].conflicts && t->reqs[t->links[l].from].alive)
                        return true;
        return false;
}

/* A stop and start-type jobs on one unit cannot merge (systemd's delete_one_unmergeable_job()):
 * the side that matters wins; if neither does, the stop goes, unless Conflicts= asked for it;
 * if both do, the request fails. Stops are looked at in the order they were created, so a
 * conflict is settled (or reported) where it arises, before the stops it propagated (a stop
 * of a required unit reaches the anchor through RequiredBy, but the cause is elsewhere). */
int tx_resolve_conflicts(struct tx *t) {
        for (size_t i = 0; i < t->queue_tail; i++) {
                unsigned stop = t->queue[i], u = stop / _RK_MAX, start = NONE;
                bool start_matters = false;

                if (stop % _RK_MAX != RK_STOP || !t->reqs[stop].alive)
                        continue;
                for (unsigned k = 0; k < _RK_MAX; k++) {
                        unsigned id = u * _RK_MAX + k;
                        if (k == RK_STOP || !t->reqs[id].alive)
                                continue;
                        if (start == NONE || (t->reqs[id].matters && !start_matters))
                                start = id;
                        start_matters = start_matters || t->reqs[id].matters;
                }
                if (start == NONE)
                        continue;

                bool stop_matters = t->reqs[stop].matters;
                bool drop_stop = start_matters || (!stop_matters && !pulled_by_conflicts(t, stop));
                struct msg m = {};
                tx_msg_put(&m, "Conflicting jobs for %s: %s by ", tx_unit_name(t, u), tx_job_type_to_string(req_type(t, start)));
                tx_msg_req_why(&m, t, start);
                tx_msg_put(&m, ", stop by ");
                tx_msg_req_why(&m, t, stop);
                if (stop_matters && start_matters)
                        return tx_fail(t, -EBADR, &m);
                tx_msg_put(&m, "; dropped the %s", drop_stop ? "stop" : tx_job_type_to_string(req_type(t, start)));
                int r = tx_msg_finish(&m, t, true);
                if (r < 0)
                        return r;
                for (unsigned k = 0; k < _RK_MAX; k++)
                        if ((k == RK_STOP) == drop_stop)
                                tx_delete(t, u * _RK_MAX + k, true);
        }
        return 0;
}

void tx_merge_all(struct tx *t) {
        for (size_t i = 0; i < t->n_touched; i++)
                t->merged[t->touched[i]] = unit_merge(t, t->touched[i]);
}

/* A verify-active job left on an inactive unit (nothing starts it): the request fails if it
 * matters, else it goes with the jobs that needed it. */
int tx_check_requisites(struct tx *t, bool *changed) {
        for (size_t i = 0; i < t->n_touched; i++) {
                unsigned u = t->touched[i], id = u * _RK_MAX + RK_VERIFY;
                struct msg m = {};
                int r;

                if (t->merged[u] != TX_JOB_VERIFY_ACTIVE || tx_node_of(t, u)->active)
                        continue;
                tx_msg_put(&m, "%s is not active, but ", tx_unit_name(t, u));
                tx_msg_req_why(&m, t, id);
                if (t->reqs[id].matters)
                        return tx_fail(t, -ENOLINK, &m);
                tx_msg_put(&m, "; dropped the jobs that need it");
                r = tx_msg_finish(&m, t, true);
                if (r < 0)
                        return r;
                tx_delete(t, id, true);
                *changed = true;
        }
        return 0;
}
