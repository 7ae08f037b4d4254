/* log.c: formats log lines to stderr (one write per line) and feeds the test capture hook. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/log.h"

static int max_level = LOG_INFO;
static const char *ident = "svcd";
static bool show_level;
static log_capture_fn capture_fn;
static void *capture_userdata;

void log_set_max_level(int level) {
        max_level = level;
}

int log_get_max_level(void) {
        return max_level;
}

void log_set_ident(const char *s) {
        ident = s;
}

void log_set_show_level(bool b) {
        show_level = b;
}

void log_set_capture(log_capture_fn fn, void *userdata) {
        capture_fn = fn;
        capture_userdata = userdata;
}

int log_internal(int level, int error, const char *file, int line, const char *fmt, ...) {
        char msg[4096], out[4200];
        int saved_errno = errno;
        va_list ap;
        int n;

        if (level > max_level && !(capture_fn && level <= LOG_WARNING))
                return error;

        /* "%m" prints the error we were handed, not whatever errno is now. */
        errno = error < 0 ? -error : saved_errno;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);

        if (capture_fn && level <= LOG_WARNING)
                capture_fn(level, msg, capture_userdata);

        if (level <= max_level) {
                if (show_level)
                        n = snprintf(out, sizeof out, "<%d>%s: %s\n", level, ident, msg);
                else
                        n = snprintf(out, sizeof out, "%s: %s\n", ident, msg);
                if (n > (int) sizeof out - 1)
                        n = sizeof out - 1;
                /* One write, so that lines from svcd and its services do not interleave. */
                (void) !write(STDERR_FILENO, out, n);
        }

        errno = saved_errno;
        return error;
}

int log_level_from_string(const char *s) {
        static const char *const names[] = {
                [LOG_EMERG] = "emerg", [LOG_ALERT] = "alert",   [LOG_CRIT] = "crit",
                [LOG_ERR] = "err",     [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
                [LOG_INFO] = "info",   [LOG_DEBUG] = "debug",
        };
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(s, names[i]))
                        return (int) i;
        if (streq(s, "error"))
                return LOG_ERR;
        return -EINVAL;
}
