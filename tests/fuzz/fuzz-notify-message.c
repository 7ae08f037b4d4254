/* fuzz-notify-message.c: libFuzzer target: any datagram a service's process can send to
 * $NOTIFY_SOCKET through the sd_notify(3) parser (supervisord/notify-message.c), which runs
 * in PID 1 on input from every service: it must not crash or leak, and what it accepts
 * must be what notify-message.h promises. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisord/notify-message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct notify_message m;

        if (notify_message_parse((const char *) data, size, &m) < 0)
                return 0;
        /* The promises of notify-message.h, checked on every message it accepts. */
        if (size > NOTIFY_MESSAGE_MAX || (m.has_errno && m.errno_value < 0) || m.main_pid < 0 || m.main_pid == 1 ||
            (m.has_watchdog_usec && m.watchdog_usec == 0) ||
            (m.fdname && (strlen(m.fdname) == 0 || strlen(m.fdname) > 255 || strchr(m.fdname, ':'))))
                abort();
        notify_message_done(&m);
        return 0;
}
