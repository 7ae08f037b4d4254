/* signal-util.h: signal names and numbers as systemd.kill(5) spells them. */
#pragma once

/* "SIGTERM", "TERM", "15" and "RTMIN+3" all parse; returns the number or -EINVAL. */
int signal_from_string(const char *s);
/* "TERM", "KILL", "RTMIN+3": without the SIG prefix, as systemctl prints them. Never NULL. */
const char *signal_to_string(int signo);
