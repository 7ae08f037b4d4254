/* pid-file.h: reads a PIDFile= (systemd.service(5), Type=forking) without trusting it.
 *
 * A service that is not root could write any pid into its PID file, or make it a
 * symlink to a file it does not own, to have svcd supervise (and later kill) a process
 * that is not its own. As systemd does (service_load_pid_file() with chase(CHASE_SAFE)),
 * the file must be owned by root or by the service's user, the path may not pass from
 * something a non-root user owns to something another user owns (a symlink or "..", a
 * root file in a user's directory), and a file not owned by root may not be reached
 * through a symlink at all. */
#pragma once

#include <sys/types.h>

/* Reads path. service_uid is the uid the service runs as ((uid_t) -1: svcd's own, root).
 * Returns 0 and *ret_pid, or:
 *   -ENOENT  no such file (yet);
 *   -EPERM   owned by someone other than root and service_uid, reached unsafely (above),
 *            or svcd's own pid;
 *   -EBADMSG not one decimal pid > 1 (trailing whitespace and a newline allowed);
 *   -ESRCH   no such process;
 *   other -errno from open()/read(). */
int pid_file_read(const char *path, uid_t service_uid, pid_t *ret_pid);
