/* dynamic-ids.c: the DynamicUser= name -> uid registry, in memory and in STATE_DIR/dynamic-users. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/dynamic-ids.h"
#include "supervisord/exec-credentials.h"

#define DYNAMIC_IDS_FILE "dynamic-users"

/* The registry has one writer: this file, from the daemon's one thread. */
static struct dynamic_id {
        char *name;
        uint32_t id;
} *ids;
static size_t n_ids;
static char *state_dir;
static bool loaded;

void dynamic_ids_reset(void) {
        for (size_t i = 0; i < n_ids; i++)
                free(ids[i].name);
        free(ids);
        ids = NULL;
        n_ids = 0;
        loaded = false;
}

int dynamic_ids_set_state_dir(const char *dir) {
        char *copy = NULL;

        if (dir && !(copy = strdup(dir)))
                return -ENOMEM;
        free(state_dir);
        state_dir = copy;
        dynamic_ids_reset();
        return 0;
}

static struct dynamic_id *find(const char *name) {
        for (size_t i = 0; i < n_ids; i++)
                if (streq(ids[i].name, name))
                        return &ids[i];
        return NULL;
}

void dynamic_ids_forget(const char *name) {
        struct dynamic_id *e = find(name);

        if (!e)
                return;
        free(e->name);
        *e = ids[--n_ids];
}

static int set_in_memory(const char *name, uint32_t id) {
        struct dynamic_id *e = find(name), *a;

        if (e) {
                e->id = id;
                return 0;
        }
        a = reallocarray(ids, n_ids + 1, sizeof *a);
        if (!a)
                return -ENOMEM;
        ids = a;
        ids[n_ids].name = strdup(name);
        if (!ids[n_ids].name)
                return -ENOMEM;
        ids[n_ids++].id = id;
        return 0;
}

/* Reads the file once: a line "NAME ID" with a valid name and an id of the dynamic range
 * sets NAME (later lines win); anything else is skipped with a warning naming the line. */
static int load(void) {
        _cleanup_free_ char *path = NULL, *line = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        size_t size = 0;
        unsigned n = 0;

        if (loaded || !state_dir)
                return 0;
        loaded = true;
        if (asprintf(&path, "%s/" DYNAMIC_IDS_FILE, state_dir) < 0)
                return -ENOMEM;
        int r = fopen_regular(path, &f);
        if (r < 0) {
                if (r != -ENOENT)
                        log_warning_errno(r, "Cannot read %s (%m); dynamic users get new ids.", path);
                return 0;
        }
        while (getline(&line, &size, f) >= 0) {
                char name[64];
                unsigned long id;
                char extra;

                n++;
                if (sscanf(line, "%63s %lu %c", name, &id, &extra) != 2 || id < EXEC_DYNAMIC_UID_MIN ||
                    id > EXEC_DYNAMIC_UID_MAX) {
                        log_warning("%s:%u: not a \"NAME ID\" line with an id in %u-%u, ignoring.", path, n,
                                    EXEC_DYNAMIC_UID_MIN, EXEC_DYNAMIC_UID_MAX);
                        continue;
                }
                if (dynamic_ids_taken((uint32_t) id, name)) {
                        log_warning("%s:%u: id %lu is already %s's, ignoring.", path, n, id, name);
                        continue;
                }
                if (set_in_memory(name, (uint32_t) id) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int dynamic_ids_lookup(const char *name, uint32_t *ret) {
        struct dynamic_id *e;
        int r = load();

        if (r < 0)
                return r;
        e = find(name);
        if (!e)
                return 0;
        *ret = e->id;
        return 1;
}

bool dynamic_ids_taken(uint32_t id, const char *name) {
        for (size_t i = 0; i < n_ids; i++)
                if (ids[i].id == id && !streq(ids[i].name, name))
                        return true;
        return false;
}

/* Appends "NAME ID" to the file, creating the state directory (0755, root's) if needed.
 * O_APPEND writes of one short line are atomic; the file is never rewritten. */
static int persist(const char *name, uint32_t id) {
        _cleanup_free_ char *path = NULL, *text = NULL;
        _cleanup_close_ int fd = -1;
        int n;

        if (!state_dir)
                return 0;
        if (mkdir(state_dir, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (asprintf(&path, "%s/" DYNAMIC_IDS_FILE, state_dir) < 0 || (n = asprintf(&text, "%s %u\n", name, id)) < 0)
                return -ENOMEM;
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0644);
        if (fd < 0)
                return -errno;
        return loop_write(fd, text, (size_t) n);
}

int dynamic_ids_remember(const char *name, uint32_t id) {
        int r = set_in_memory(name, id);

        if (r < 0)
                return r;
        r = persist(name, id);
        if (r < 0)
                log_warning_errno(r, "Cannot record dynamic user %s (uid %u) in %s/" DYNAMIC_IDS_FILE " (%m); the id "
                                     "holds until svcd exits.", name, id, strnull(state_dir));
        return 0;
}
