/* spawn-fd-slots.h: reserved low fds through which a child can share the daemon's fd table.
 *
 * clone() without CLONE_FILES copies the whole fd table (fs/file.c dup_fd()), and the
 * child then closes every copy again: with one log pipe per service, a boot of N services
 * paid O(N^2) in the kernel (bench/boot). Instead the parent stages the few fds a child
 * needs into slots reserved low in its table once, clones with CLONE_FILES, and the
 * child's first step, close_range(below, ~0U, CLOSE_RANGE_UNSHARE) (close_range(2), Linux
 * 5.9), gives it a table of its own holding only the fds under the slots' end. */
#pragma once

#include <stdbool.h>

#include "libsvc/spawn.h"

/* The most fds one plan may stage; a plan that needs more is cloned the classic way. */
#define SPAWN_FD_SLOTS 32

struct spawn_fd_staging {
        struct spawn_plan plan;          /* the child's copy of the plan, fds renumbered */
        int pass_fds[SPAWN_FD_SLOTS];    /* its pass_fds */
        unsigned n_staged;
};

/* Copies p into s->plan and stages every fd the child uses into a slot; sets
 * s->plan.shared_fd_table_below. Returns false, with s->plan an unchanged copy of p and
 * nothing staged, when the slots cannot be had or are too few. */
bool spawn_fd_stage(struct spawn_fd_staging *s, const struct spawn_plan *p);

/* Stages one more fd (the cgroup.procs fallback's), renumbering *fd. Returns false, with
 * *fd unchanged, when no slot is left: the caller then unstages and clones the classic way. */
bool spawn_fd_stage_one(struct spawn_fd_staging *s, int *fd);

/* Gives the slots back: each is a /dev/null placeholder again, so the staged copies (a log
 * pipe's write end, say) are closed in the daemon as they were before. */
void spawn_fd_unstage(struct spawn_fd_staging *s);
