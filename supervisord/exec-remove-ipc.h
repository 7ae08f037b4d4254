/* exec-remove-ipc.h: RemoveIPC= (systemd.exec(5)): a stopped service's System V and POSIX IPC objects removed. */
#pragma once

#include <sys/types.h>

/* When the service has stopped: removes the System V semaphores, shared memory segments
 * and message queues and the POSIX shared memory (/dev/shm) and message queues
 * (/dev/mqueue) owned by uid or gid. Never root's: 0 (and (uid_t) -1, (gid_t) -1) match
 * nothing. Returns how many objects it removed, or -errno of the first failure (it goes
 * on with the rest). */
int exec_remove_ipc(uid_t uid, gid_t gid);
