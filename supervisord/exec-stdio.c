/* exec-stdio.c: the fds a spawned process gets as 0, 1 and 2. (stub: being written) */
#include <unistd.h>

#include "supervisord/exec-stdio.h"

int exec_stdio_plan(const struct exec_context *c, const char *unit_id, int log_fd, struct spawn_plan *plan,
                    struct spawn_status *ret_failure) {
        (void) c, (void) unit_id, (void) ret_failure;
        plan->stdin_fd = -1;
        plan->stdout_fd = log_fd >= 0 ? log_fd : STDOUT_FILENO;
        plan->stderr_fd = log_fd >= 0 ? log_fd : STDERR_FILENO;
        return 0;
}
