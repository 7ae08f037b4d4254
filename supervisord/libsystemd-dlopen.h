/* libsystemd-dlopen.h: libsystemd's client calls, loaded with dlopen(3) the first time
 * svcd needs one (DESIGN.md decision 7). */
#pragma once

/* sd_notify(3) with unset_environment=0. -EOPNOTSUPP when this build or this machine has
 * no libsystemd; otherwise what sd_notify() returns (0 when $NOTIFY_SOCKET is unset: the
 * library is then not even loaded). */
int libsystemd_notify(const char *state);

/* sd_journal_stream_fd(3). -EOPNOTSUPP when this build or this machine has no libsystemd. */
int libsystemd_journal_stream_fd(const char *identifier, int priority, int level_prefix);

/* Whether this build can load libsystemd ("+libsystemd" in --version). */
int libsystemd_supported(void);
