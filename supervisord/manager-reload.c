/* manager-reload.c: daemon-reload: reading every registered unit's files again.
 *
 * As systemctl daemon-reload: nothing is started or stopped; a running service keeps the
 * definition it was started with and uses the new one from its next start; a unit whose
 * files became invalid is reported and stays registered (not dropped), so `svcctl status`
 * can say what is wrong with it. A unit with no file, or masked, is no error. */
#include <errno.h>
#include <stdlib.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/manager.h"
#include "units/unit-path.h"

static int reload_units(struct manager *m, unsigned *ret_reloaded, char ***ret_failed) {
        _cleanup_strv_free_ char **failed = NULL;
        unsigned n = 0;

        log_info("Reloading unit files.");
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *s = m->services[i];
                struct unit *u = NULL;
                enum load_state state;
                const char *error;
                int r;

                /* Other unit types are registered only to say svcd does not run them. */
                if (!endswith(s->id, ".service"))
                        continue;

                r = manager_read_definition(m, s->id, &u, &state, &error);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        /* The name was valid when it was registered: nothing new to read. */
                        log_warning_errno(r, "%s: Cannot reload: %m", s->id);
                        continue;
                }
                /* Only files that are broken fail the reload. A name with no file (another
                 * unit's Wants=) or a masked unit is no error, as for systemctl daemon-reload;
                 * it is worth a line only when it was loaded before. */
                bool broken = state == LOAD_BAD_SETTING || state == LOAD_ERROR;
                if (broken || (state != LOAD_LOADED && s->load_state == LOAD_LOADED))
                        log_warning("%s: After the reload: %s (%s)%s", s->id, load_state_to_string(state), error,
                                    service_is_inactive(s) ? "" : "; it keeps running with its old definition");
                if (broken && strv_extend(&failed, s->id) < 0) {
                        unit_free(u);
                        return log_oom();
                }
                r = service_set_definition(s, u, state, error);
                if (r < 0)
                        return log_oom();
                n++;
        }
        log_info("Reloaded %u unit(s)%s.", n, failed ? ", some with errors" : "");
        *ret_reloaded = n;
        *ret_failed = TAKE_PTR(failed);
        return 0;
}

int manager_reload(struct manager *m, unsigned *ret_reloaded, char ***ret_failed) {
        int r;

        /* One snapshot of the search directories for the whole reload (unit-path.h). */
        unit_path_cache_batch_begin();
        r = reload_units(m, ret_reloaded, ret_failed);
        unit_path_cache_batch_end();
        return r;
}
