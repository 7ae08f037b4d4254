/* proc-util.h: process facts: from /proc (children of a pid, a process' name), and svcd's own capabilities. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What /proc/PID/stat says of a process (proc(5)). */
struct proc_stat {
        char comm[16]; /* the name, cut as the kernel cuts it (TASK_COMM_LEN) */
        char state;    /* R, S, D, Z, ... */
        pid_t ppid;
        unsigned long flags; /* PF_* */
};
int proc_read_stat(pid_t pid, struct proc_stat *ret);
/* A kernel thread: visible to a machine's PID 1, nobody's to signal. */
bool proc_stat_is_kernel_thread(const struct proc_stat *st);

/* Lists the pids whose parent is ppid, by scanning /proc/<pid>/stat. */
int proc_list_children(pid_t ppid, pid_t **ret, size_t *ret_n);
/* Lists every pid /proc shows (a PID namespace's /proc: that namespace's). */
int proc_list_all(pid_t **ret, size_t *ret_n);

/* Whether this process is in the machine's first PID namespace: /proc/self/ns/pid has the
 * fixed inode of the initial one (include/linux/proc_ns.h, PROC_PID_INIT_INO; systemd's
 * namespace_is_init() compares the same). Without /proc/self/ns (no /proc yet, or a
 * kernel without namespaces) there is only the one. */
bool proc_pid_namespace_is_initial(void);

/* Whether id is mapped in svcd's user namespace (user_namespaces(7)): a line "INSIDE
 * OUTSIDE COUNT" of /proc/self/uid_map (map "uid_map") or gid_map covers it. True when the
 * map cannot be read: without user namespaces every id is mapped. */
bool proc_self_id_is_mapped(const char *map, unsigned long id);

/* Whether setgroups(2) is denied in svcd's user namespace: /proc/self/setgroups says "deny"
 * (user_namespaces(7); `unshare --map-root-user` writes it). */
bool proc_self_setgroups_denied(void);

/* Whether svcd itself has cap in its effective set (capabilities(7)): what decides which
 * sandboxing it can apply here. */
bool proc_self_has_cap(int cap);
