/* early-boot.c: PID 1's first steps on a machine (early-boot.h). */
#include "supervisord/early-boot.h"

void early_boot_run(void) {
        /* Not written yet: see issue 7. */
}
