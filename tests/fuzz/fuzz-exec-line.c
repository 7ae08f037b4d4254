/* fuzz-exec-line.c: libFuzzer target: arbitrary bytes through the Exec*= splitter, with and without specifiers, must not crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "units/exec-line.h"
#include "units/specifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fixed values: the target must not depend on the machine it runs on. */
static struct specifier_system fuzz_system = {
        .loaded = true, .hostname = (char *) "fuzz.example", .runtime_dir = (char *) "/run",
        .user_name = (char *) "root", .home = (char *) "/root",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        const struct specifier_context spec = { .unit_id = "fuzz@a\\x2db.service", .fragment_path = "/x/fuzz@.service",
                                                .system = &fuzz_system };
        struct exec_command *c = NULL, *again = NULL;
        size_t n = 0, n_again = 0;
        const char *reason = NULL;
        char which = 0, *value, *expanded = NULL;

        log_set_max_level(LOG_CRIT);
        /* A value is one NUL-free logical line: the line reader guarantees that. */
        value = strndup((const char *) data, size);
        if (!value)
                return 0;

        (void) exec_line_parse(value, 1, &c, &n, &reason);
        exec_command_free_array(c, n);
        c = NULL;
        n = 0;

        /* The loader's path must give what the direct parse gives. */
        int r = exec_line_parse_full(value, 1, &spec, &c, &n, &reason, &which);
        if (exec_line_expand_specifiers(value, &spec, &expanded, &reason, &which) == 0) {
                if (r <= 0 || exec_line_parse(expanded, 1, &again, &n_again, &reason) != r)
                        abort();
                for (size_t i = 0; i < n; i++)
                        if (strcmp(c[i].path, again[i].path) != 0 || c[i].flags != again[i].flags)
                                abort();
        }
        exec_command_free_array(c, n);
        exec_command_free_array(again, n_again);
        free(expanded);
        free(value);
        return 0;
}
