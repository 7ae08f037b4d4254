/* exec-directories.c: RuntimeDirectory= and friends. (stub: being written) */
#include "supervisord/exec-directories.h"

int exec_directories_setup(const struct exec_context *c, const char *unit_id, const struct exec_credentials *cred,
                           bool user_mode, char ***env, char ***ret_paths, struct spawn_status *ret_failure) {
        (void) c, (void) unit_id, (void) cred, (void) user_mode, (void) env, (void) ret_failure;
        *ret_paths = NULL;
        return 0;
}

void exec_directories_cleanup(const struct exec_context *c, const char *unit_id, bool user_mode, bool restarting) {
        (void) c, (void) unit_id, (void) user_mode, (void) restarting;
}
