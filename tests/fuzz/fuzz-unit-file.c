/* fuzz-unit-file.c: libFuzzer target: arbitrary bytes through the unit loader and verifier must not crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libsvc/log.h"
#include "units/unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        FILE *f;

        if (size == 0)
                return 0;
        log_set_max_level(LOG_CRIT); /* warnings are expected; printing them only slows fuzzing */
        f = fmemopen((void *) data, size, "r");
        if (!f)
                return 0;
        if (unit_load_stream(f, "fuzz.service", NULL, &u) >= 0)
                (void) unit_verify(u);
        fclose(f);
        return 0;
}
