/* fake-process.c: scripted, recording stand-ins for spawn_start() and kill(2) in the manager. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "libsvc/spawn.h"
#include "supervisord/manager.h"
#include "tests/unit/fake-process.h"
#include "tests/unit/test-helpers.h"

struct fake_process fake;

struct fake_proc *fake_proc_find(pid_t pid) {
        for (size_t i = 0; i < fake.n_procs; i++)
                if (fake.procs[i].pid == pid)
                        return &fake.procs[i];
        return NULL;
}

pid_t fake_last_pid(void) {
        return fake.n_procs > 0 ? fake.procs[fake.n_procs - 1].pid : 0;
}

static int fake_spawn(struct spawn_plan *p, pid_t *ret_pid, struct spawn_status *ret_status) {
        struct fake_proc *proc;

        ck_assert_ptr_nonnull(p);
        ck_assert_ptr_nonnull(p->path);
        ck_assert_msg(p->path[0] == '/', "spawn plan path \"%s\" is not absolute", p->path);
        ck_assert_ptr_nonnull(p->argv);
        ck_assert_ptr_nonnull(p->argv[0]);
        ck_assert_uint_lt(fake.n_procs, FAKE_MAX_PROCS);

        if (fake.spawn_error < 0 && fake.spawn_fail_in_parent) {
                /* As spawn_start(): no child was created, so step NONE and no pid. */
                fake.n_spawns_failed++;
                *ret_status = (struct spawn_status) { .step = SPAWN_STEP_NONE, .error = -fake.spawn_error };
                return fake.spawn_error;
        }

        proc = &fake.procs[fake.n_procs++];
        *proc = (struct fake_proc) { .pid = fake.next_pid++ };
        strncpy(proc->path, p->path, sizeof proc->path - 1);

        if (fake.spawn_error < 0) {
                /* spawn_start(): the child failed at a step and was reaped already. */
                fake.n_spawns_failed++;
                *ret_status = (struct spawn_status) {
                        .step = fake.spawn_fail_step,
                        .error = -fake.spawn_error,
                        .pid = fake.spawn_fail_no_pid ? 0 : proc->pid,
                };
                return fake.spawn_error;
        }
        fake.n_spawns_ok++;
        proc->alive = true;
        *ret_pid = proc->pid;
        return 0;
}

static int fake_kill(pid_t pid, int sig) {
        /* The state machine must never signal everything (-1), its own group (0) or init. */
        ck_assert_msg(pid != 0 && pid != -1 && pid != 1, "kill(%d, %d) would hit svcd itself or everyone",
                      (int) pid, sig);
        ck_assert_uint_lt(fake.n_kills, FAKE_MAX_KILLS);
        fake.kills[fake.n_kills++] = (struct fake_kill) { .pid = pid, .sig = sig };

        struct fake_proc *proc = fake_proc_find(pid < 0 ? -pid : pid);
        if (!proc)
                return -ESRCH;
        if (pid > 0)
                return proc->alive ? 0 : -ESRCH;
        return proc->alive || proc->leftovers ? 0 : -ESRCH;
}

struct manager *fake_manager_new(void) {
        char *unit_path[] = { test_dir, NULL };
        struct manager_options o = {
                .unit_path = unit_path,
                /* Never used: the control server is not started in these tests. */
                .socket_path = (char *) "/nonexistent/svcd-unit-test/control",
                .runtime_dir = (char *) "/nonexistent/svcd-unit-test",
        };
        struct manager *m = NULL;

        ck_assert_int_eq(manager_new(&o, &m), 0);
        fake_process_install(m);
        return m;
}

void fake_process_install(struct manager *m) {
        memset(&fake, 0, sizeof fake);
        fake.next_pid = 1000;
        fake.spawn_fail_step = SPAWN_STEP_EXEC;
        m->process.spawn = fake_spawn;
        m->process.kill = fake_kill;
}

size_t fake_kill_count(pid_t pid, int sig) {
        size_t n = 0;

        for (size_t i = 0; i < fake.n_kills; i++)
                if (fake.kills[i].pid == pid && (sig < 0 ? fake.kills[i].sig != 0 : fake.kills[i].sig == sig))
                        n++;
        return n;
}

size_t fake_kills_since(size_t from) {
        size_t n = 0;

        for (size_t i = from; i < fake.n_kills; i++)
                if (fake.kills[i].sig != 0)
                        n++;
        return n;
}

void fake_forget_kills(void) {
        fake.n_kills = 0;
}

void fake_set_leftovers(pid_t pid, bool leftovers) {
        struct fake_proc *proc = fake_proc_find(pid);

        ck_assert_ptr_nonnull(proc);
        proc->leftovers = leftovers;
}

static void check_all_groups(struct manager *m) {
        for (size_t i = 0; i < m->n_services; i++)
                service_check_group(m->services[i]);
}

void fake_reap(struct manager *m, pid_t pid, int code, int status) {
        struct fake_proc *proc = fake_proc_find(pid);
        struct service *s;

        ck_assert_ptr_nonnull(proc);
        ck_assert_msg(proc->alive, "pid %d reaped twice", (int) pid);
        proc->alive = false;
        s = manager_find_by_pid(m, pid);
        if (s)
                service_on_exit(s, pid, code, status);
        check_all_groups(m);
}

void fake_group_empties(struct manager *m, pid_t pid) {
        fake_set_leftovers(pid, false);
        check_all_groups(m);
}
