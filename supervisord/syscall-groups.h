/* syscall-groups.h: systemd's system call groups (systemd.exec(5) SystemCallFilter=, "@system-service" and friends). (being written) */
#pragma once
