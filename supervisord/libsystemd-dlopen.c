/* libsystemd-dlopen.c: libsystemd's client calls, loaded with dlopen(3) the first time
 * svcd needs one (DESIGN.md decision 7).
 *
 * Linking libsystemd would map it and its five dependencies (libgcrypt, libgpg-error,
 * liblzma, libzstd, liblz4) into every svcd, and their relocated data is private to each
 * process: ~1 MiB of svcd's PSS as a container's PID 1, where there is neither a parent
 * systemd ($NOTIFY_SOCKET) nor journald to talk to (bench/reap). So svcd opens
 * libsystemd.so.0 only when it is about to call it, the way systemd itself loads its
 * optional libraries (dlopen-on-demand in its src/shared/). The soname's functions are
 * ABI-stable (systemd's Interface Portability and Stability Promise). */
#include <errno.h>
#include <stdlib.h>

#include "libsvc/log.h"
#include "supervisord/libsystemd-dlopen.h"

#if HAVE_LIBSYSTEMD
#include <dlfcn.h>
#include <stdbool.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

/* The prototypes come from libsystemd's own headers, so a mismatch is a compile error. */
static struct {
        bool tried;
        void *handle;
        typeof(sd_notify) *notify;
        typeof(sd_journal_stream_fd) *journal_stream_fd;
} lib;

/* Loads libsystemd once; a failure is logged once and remembered. svcd never unloads it. */
static int load(void) {
        if (lib.tried)
                return lib.handle ? 0 : -EOPNOTSUPP;
        lib.tried = true;
        void *handle = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (!handle) {
                log_warning("Cannot load libsystemd (%s); not talking to systemd or journald.", dlerror());
                return -EOPNOTSUPP;
        }
        lib.notify = (typeof(lib.notify)) dlsym(handle, "sd_notify");
        lib.journal_stream_fd = (typeof(lib.journal_stream_fd)) dlsym(handle, "sd_journal_stream_fd");
        if (!lib.notify || !lib.journal_stream_fd) {
                log_warning("libsystemd.so.0 lacks sd_notify() or sd_journal_stream_fd(); "
                            "not talking to systemd or journald.");
                dlclose(handle);
                return -EOPNOTSUPP;
        }
        lib.handle = handle;
        return 0;
}

int libsystemd_notify(const char *state) {
        /* sd_notify() does nothing without $NOTIFY_SOCKET; neither does svcd, then, and it
         * saves loading the library. */
        if (!getenv("NOTIFY_SOCKET"))
                return 0;
        int r = load();
        return r < 0 ? r : lib.notify(0, state);
}

int libsystemd_journal_stream_fd(const char *identifier, int priority, int level_prefix) {
        int r = load();
        return r < 0 ? r : lib.journal_stream_fd(identifier, priority, level_prefix);
}

int libsystemd_supported(void) {
        return 1;
}
#else
int libsystemd_notify(const char *state) {
        (void) state;
        return -EOPNOTSUPP;
}

int libsystemd_journal_stream_fd(const char *identifier, int priority, int level_prefix) {
        (void) identifier, (void) priority, (void) level_prefix;
        return -EOPNOTSUPP;
}

int libsystemd_supported(void) {
        return 0;
}
#endif
