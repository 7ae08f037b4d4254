/* proc-util.h: reading process facts from /proc (children of a pid, a process' name). */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* Lists the pids whose parent is ppid, by scanning /proc/<pid>/stat. */
int proc_list_children(pid_t ppid, pid_t **ret, size_t *ret_n);
