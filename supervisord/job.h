/* job.h: the manager's job queue: jobs installed from a transaction (transaction.h), each
 * waiting until the jobs it is ordered after are done, then run against its unit; their
 * results, failure propagation along Requires=/BindsTo=/Requisite=, and whoever waits for
 * them (systemctl(1) "list-jobs", systemd's job.c semantics).
 *
 * A unit has at most one job. A job runs as soon as every job ordered before it finished
 * (or, for a restart ordered before it, finished its stop phase): readiness (READY=1, the
 * forking parent's exit, a oneshot's end) is what finishes a start job. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "supervisord/service.h"
#include "supervisord/transaction.h"

struct job;
struct manager;

/* systemd's job results (systemctl(1), org.freedesktop.systemd1 JobRemoved). */
enum job_result {
        JOB_DONE,
        JOB_CANCELED,   /* replaced by a conflicting job, canceled, or the unit was stopped meanwhile */
        JOB_TIMEOUT,
        JOB_FAILED,
        JOB_DEPENDENCY, /* a job it required failed */
        JOB_SKIPPED,    /* a reload or verify of a unit that was not active */
        JOB_INVALID,    /* the unit cannot be loaded (not found, bad setting, masked) */
        JOB_ASSERT,     /* an Assert*= failed */
        _JOB_RESULT_MAX,
};

enum job_state {
        JOB_WAITING, /* for the jobs ordered before it */
        JOB_RUNNING, /* its unit is doing it */
};

/* Someone (a control connection, the boot) waiting for a job's end. */
struct job_waiter {
        struct job_waiter *next;
        void (*done)(struct job_waiter *w, struct job *j, enum job_result result);
};

struct job {
        uint32_t id;
        struct manager *manager;
        struct service *unit;
        /* A restart is a stop until its unit is inactive, then a start (systemd's
         * JOB_RESTART, patched to JOB_START). A try-restart of an inactive unit is a NOP. */
        enum tx_job_type type;
        enum job_state state;
        bool ignore_order; /* --job-mode=ignore-dependencies: waits for nothing */
        bool in_run_queue;
        bool has_pending_result; /* queued to finish with pending_result (failure propagation) */
        enum job_result pending_result;
        /* Start-type jobs to fail with "dependency" if this one fails, by unit and id (a
         * job may be gone by then; ids never repeat). */
        struct job_ref {
                struct service *unit;
                uint32_t id;
        } *fail_with;
        size_t n_fail_with;
        struct job_waiter *waiters;
        struct service_waiter unit_waiter; /* on the unit, while running */
        bool unit_waiting;
        usec_t begin_timestamp; /* CLOCK_MONOTONIC when it was installed */
        /* JobTimeoutSec= from its installation, JobRunningTimeoutSec= from its start,
         * whichever comes first (systemd.unit(5)). */
        struct ev_timer timer;
        struct job *run_next;            /* the run queue */
        struct job *all_prev, *all_next; /* every installed job, oldest first */
};

const char *job_result_to_string(enum job_result r);
const char *job_state_to_string(enum job_state s);

/* From a request to installed jobs (supervisord/job-install.c): builds the transaction
 * for type on unit under mode over the loaded units' graph (loading what the closure
 * names), installs its jobs (merging with, or replacing, the queued ones), and returns the
 * anchor's job (NULL when the request changes nothing: a start of an active unit).
 * -errno as tx_build(), with *ret_error (malloc'd) saying why in a sentence; also
 * -ENOEXEC: a unit the request needs cannot be loaded (named in *ret_error). */
int manager_add_job(struct manager *m, enum tx_job_type type, struct service *unit, enum tx_mode mode, bool manual,
                    struct job **ret, char **ret_error);

/* The job with this id, or NULL. */
struct job *manager_get_job(struct manager *m, uint32_t id);
/* systemctl cancel: the job ends with JOB_CANCELED (a running one's unit carries on with
 * what it was doing, as in systemd). */
void job_cancel(struct job *j);

void job_add_waiter(struct job *j, struct job_waiter *w);
void job_remove_waiter(struct job *j, struct job_waiter *w);

/* job.c, for job-install.c: a new job for unit, made the unit's job (a job it replaces
 * ends canceled) and queued to run. */
int job_install(struct manager *m, struct service *unit, enum tx_job_type type, bool ignore_order, struct job **ret);
/* Ends j with result: its waiters hear, the jobs ordered around it may run, and on
 * failure the jobs in fail_with fail with JOB_DEPENDENCY (at the end of the loop turn). j
 * is freed. */
void job_finish(struct job *j, enum job_result result);
/* Queues the jobs of the units ordered around s to be looked at again (s's job ended or
 * the unit settled). */
void job_trigger_neighbours(struct manager *m, struct service *s);
/* Frees every job without running anything (the manager's end). */
void manager_free_jobs(struct manager *m);
