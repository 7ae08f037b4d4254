/* early-boot.h: what svcd does first as PID 1 of a machine: the API file systems, the
 * hostname, the console (issue 7, "Early boot on a VM"). */
#pragma once

/* Runs before anything else in main() when svcd is PID 1, before fds 0-2 are checked and
 * before the log level is set. In a container (a "container" variable, /.dockerenv,
 * /run/.containerenv) it does nothing; in a PID namespace other than the initial one it
 * only mounts /proc if that is missing. On a machine it mounts what is missing of /proc,
 * /dev, /sys, /run, /dev/shm, /dev/pts and /sys/fs/cgroup (cgroup2), points closed fds 0-2
 * at /dev/null and /dev/console, sets the hostname from /etc/hostname, and makes
 * ctrl-alt-del send SIGINT. It never fails the boot: what cannot be done is logged. */
void early_boot_run(void);
