/* proc-util.h: process facts: from /proc (children of a pid, a process' name), and svcd's own capabilities. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Lists the pids whose parent is ppid, by scanning /proc/<pid>/stat. */
int proc_list_children(pid_t ppid, pid_t **ret, size_t *ret_n);

/* Whether svcd itself has cap in its effective set (capabilities(7)): what decides which
 * sandboxing it can apply here. */
bool proc_self_has_cap(int cap);
