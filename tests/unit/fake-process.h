/* fake-process.h: fake spawn and kill hooks for struct manager: no process is created, no signal sent.
 *
 * The hooks of struct manager_process_ops carry no userdata, so the fake's state is one
 * global (each check test runs in its own forked process). A fake process is "alive"
 * until the test reaps it; its process group is non-empty while the process is alive or
 * while the test says leftovers of it remain. kill() follows kill(2): 0 when a target
 * exists (signal 0 included), -ESRCH when none does. Signals never kill a fake: the test
 * scripts every exit. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct manager;

#define FAKE_MAX_PROCS 2048
#define FAKE_MAX_KILLS 1024

struct fake_kill {
        pid_t pid; /* as passed to kill(2): negative for a process group */
        int sig;
};

struct fake_proc {
        pid_t pid;
        bool alive;
        bool leftovers; /* other members of its group survive it */
        char path[256]; /* the plan's executable */
};

struct fake_process {
        /* Scripted by the test. */
        int spawn_error;      /* 0: spawns succeed; else -errno returned by every spawn */
        int spawn_fail_step;  /* enum spawn_step reported with spawn_error */
        bool spawn_fail_no_pid; /* failure before a child existed: pid 0 */
        /* Fail as spawn_start() does when open(), pipe2() or clone() fails in the parent:
         * no child, and *ret_status left as the caller initialized it. */
        bool spawn_fail_in_parent;

        /* Recorded. */
        pid_t next_pid;
        struct fake_proc procs[FAKE_MAX_PROCS];
        size_t n_procs; /* every spawn attempt, failed ones included */
        size_t n_spawns_ok, n_spawns_failed;
        struct fake_kill kills[FAKE_MAX_KILLS];
        size_t n_kills;
};

extern struct fake_process fake;

/* Resets the fake and installs its hooks in m->process. */
void fake_process_install(struct manager *m);
/* A manager for state machine tests: units from test_dir (test-helpers.h, after
 * test_setup()), no control server, the fake installed. */
struct manager *fake_manager_new(void);

struct fake_proc *fake_proc_find(pid_t pid);
/* The pid handed out by the most recent spawn attempt (0 if none). */
pid_t fake_last_pid(void);

/* How often sig was sent to pid (negative: a group). sig -1 counts every signal but 0. */
size_t fake_kill_count(pid_t pid, int sig);
/* Signals other than 0 sent since index from (fake.n_kills at some earlier point). */
size_t fake_kills_since(size_t from);
void fake_forget_kills(void);

/* Leftover processes in pid's group: the group stays non-empty after pid exits. */
void fake_set_leftovers(pid_t pid, bool leftovers);

/* What the manager's reaper does when pid is collected: marks it dead, hands the status
 * to its service (found by main pid), then asks every service whether its group is empty. */
void fake_reap(struct manager *m, pid_t pid, int code, int status);
/* The leftovers of pid's group are gone: the next group check finds it empty. */
void fake_group_empties(struct manager *m, pid_t pid);
