/* exec-private-tmp.h: PrivateTmp=: the host directories behind a service run's private /tmp and /var/tmp. */
#pragma once

/* The directories of unit_id's current run, created by its first command and shared by
 * all its commands: "/tmp/svcd-private-UNIT-XXXXXX" and "/var/tmp/svcd-private-UNIT-XXXXXX",
 * each with a "tmp" inside that is what the service sees. *ret_var_tmp is NULL without a
 * host /var/tmp. Either is NULL, too, where the host's is read-only (or full): the service
 * then gets an empty read-only one (exec-mounts.c), as with systemd. The strings stay valid
 * until exec_private_tmp_cleanup(). Returns 0 or -errno (a directory that cannot be
 * created is logged, naming the unit). */
int exec_private_tmp_get(const char *unit_id, const char **ret_tmp, const char **ret_var_tmp);

/* The directories exec_private_tmp_get() made for unit_id's run, without creating any:
 * -ENOENT if there are none. */
int exec_private_tmp_find(const char *unit_id, const char **ret_tmp, const char **ret_var_tmp);

/* When the service has stopped (after ExecStopPost=): removes its PrivateTmp= directories
 * with everything in them ("all temporary files created by a service in these directories
 * will be removed after the service is stopped", systemd.exec(5)). Logs failures. */
void exec_private_tmp_cleanup(const char *unit_id);
