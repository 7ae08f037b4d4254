/* log.h: the daemon's and CLI's log sink: levels, "%m", and the log-and-return-errno idiom. */
#pragma once

#include <stdbool.h>
#include <syslog.h>

#include "libsvc/macro.h"

/* Levels are syslog's, so that a later journald or kmsg target needs no mapping. */
void log_set_max_level(int level);
int log_get_max_level(void);
/* The prefix printed before every message ("svcd", "svcctl"). */
void log_set_ident(const char *ident);
/* Prefix "<N>" syslog priorities on each line (for /dev/kmsg or a journal reading stderr). */
void log_set_show_level(bool b);

/* Tests capture the last message at WARNING or worse, to pin exact diagnostics. */
typedef void (*log_capture_fn)(int level, const char *message, void *userdata);
void log_set_capture(log_capture_fn fn, void *userdata);

/* Logs and returns error (a -errno or 0); errno is set to -error first so "%m" works. */
int log_internal(int level, int error, const char *file, int line, const char *fmt, ...) _printf_(5, 6);

#define log_full_errno(level, error, ...) log_internal((level), (error), __FILE__, __LINE__, __VA_ARGS__)
#define log_full(level, ...) (void) log_internal((level), 0, __FILE__, __LINE__, __VA_ARGS__)

#define log_debug(...) log_full(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_full(LOG_INFO, __VA_ARGS__)
#define log_notice(...) log_full(LOG_NOTICE, __VA_ARGS__)
#define log_warning(...) log_full(LOG_WARNING, __VA_ARGS__)
#define log_error(...) log_full(LOG_ERR, __VA_ARGS__)

#define log_debug_errno(e, ...) log_full_errno(LOG_DEBUG, (e), __VA_ARGS__)
#define log_info_errno(e, ...) log_full_errno(LOG_INFO, (e), __VA_ARGS__)
#define log_warning_errno(e, ...) log_full_errno(LOG_WARNING, (e), __VA_ARGS__)
#define log_error_errno(e, ...) log_full_errno(LOG_ERR, (e), __VA_ARGS__)

/* Returns -ENOMEM after logging it: the one way out-of-memory is reported. */
#define log_oom() log_full_errno(LOG_ERR, -ENOMEM, "Out of memory.")

int log_level_from_string(const char *s);
