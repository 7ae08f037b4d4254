/* syscall-groups.c: systemd's system call groups. (being written) */
#include "supervisord/syscall-groups.h"
