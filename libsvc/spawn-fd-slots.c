/* spawn-fd-slots.c: the daemon's reserved low fds for staging a child's fds (spawn-fd-slots.h).
 *
 * The slots are /dev/null copies taken at the first spawn, when the table is still short;
 * staging replaces a slot with dup3(2) and unstaging puts the placeholder back, both
 * atomically, so a slot number is never free for another open() to take. Only
 * spawn_start(), on the daemon's one thread, uses them. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "libsvc/fd-util.h"
#include "libsvc/spawn-fd-slots.h"

/* Slots reserved above this are not worth it: the child would copy that many entries anyway. */
#define SPAWN_FD_SLOTS_HIGHEST 256

static int slots[SPAWN_FD_SLOTS];
static int placeholder = -1; /* what an unstaged slot holds a copy of */
static enum { SLOTS_UNTRIED, SLOTS_READY, SLOTS_UNUSABLE } slots_state;

static bool slots_reserve(int null_fd) {
        if (slots_state != SLOTS_UNTRIED)
                return slots_state == SLOTS_READY;
        slots_state = SLOTS_UNUSABLE;
        if (null_fd < 0)
                return false;
        /* The child could not get a table of its own where close_range(2) with
         * CLOSE_RANGE_UNSHARE is missing (before Linux 5.9) or refused (an older container
         * runtime's seccomp profile), and unshare(2) is refused as often: ask once, here,
         * where a refusal costs nothing (an unshared table is not copied). */
        if (syscall(SYS_close_range, ~0U, ~0U, CLOSE_RANGE_UNSHARE) < 0)
                return false;
        placeholder = fcntl(null_fd, F_DUPFD_CLOEXEC, 3);
        if (placeholder < 0)
                return false;
        for (size_t i = 0; i < SPAWN_FD_SLOTS; i++) {
                /* Above stdio: a daemon started with 0-2 closed must not have slots there. */
                slots[i] = fcntl(null_fd, F_DUPFD_CLOEXEC, 3);
                if (slots[i] < 0 || slots[i] > SPAWN_FD_SLOTS_HIGHEST) {
                        for (size_t j = 0; j <= i; j++)
                                safe_close(slots[j]);
                        placeholder = safe_close(placeholder);
                        return false;
                }
        }
        slots_state = SLOTS_READY;
        return true;
}

bool spawn_fd_stage_one(struct spawn_fd_staging *s, int *fd) {
        int slot;

        if (*fd < 0)
                return true;
        if (s->n_staged >= SPAWN_FD_SLOTS)
                return false;
        slot = slots[s->n_staged];
        if (dup3(*fd, slot, O_CLOEXEC) < 0)
                return false;
        s->n_staged++;
        if ((unsigned) slot + 1 > s->plan.shared_fd_table_below)
                s->plan.shared_fd_table_below = (unsigned) slot + 1;
        *fd = slot;
        return true;
}

void spawn_fd_unstage(struct spawn_fd_staging *s) {
        for (unsigned i = 0; i < s->n_staged; i++)
                /* If even this fails, close the copy: a lost slot is better than a pipe held open. */
                if (dup3(placeholder, slots[i], O_CLOEXEC) < 0) {
                        close(slots[i]);
                        slots_state = SLOTS_UNUSABLE;
                }
        s->n_staged = 0;
        s->plan.shared_fd_table_below = 0;
}

bool spawn_fd_stage(struct spawn_fd_staging *s, const struct spawn_plan *p) {
        s->plan = *p;
        s->n_staged = 0;
        s->plan.shared_fd_table_below = 0;
        if (p->n_pass_fds > SPAWN_FD_SLOTS || !slots_reserve(p->null_fd))
                return false;
        if (p->n_pass_fds > 0) /* pass_fds may be NULL then: memcpy() must not see it */
                memcpy(s->pass_fds, p->pass_fds, p->n_pass_fds * sizeof *p->pass_fds);
        s->plan.pass_fds = s->pass_fds;

        int *fds[] = { &s->plan.null_fd, &s->plan.status_fd, &s->plan.stdin_fd, &s->plan.stdout_fd,
                       &s->plan.stderr_fd, &s->plan.cgroup_procs_fd, &s->plan.netns_fd, &s->plan.ipcns_fd };
        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                if (!spawn_fd_stage_one(s, fds[i]))
                        goto fail;
        for (size_t i = 0; i < p->n_pass_fds; i++)
                if (!spawn_fd_stage_one(s, &s->pass_fds[i]))
                        goto fail;
        return true;
fail:
        spawn_fd_unstage(s);
        s->plan = *p;
        s->plan.shared_fd_table_below = 0;
        return false;
}
