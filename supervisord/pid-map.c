/* pid-map.c: open addressing with linear probing and backward-shift deletion (no
 * tombstones, so lookups stay short however many pids come and go; Knuth, TAOCP vol. 3,
 * 6.4, Algorithm R). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "supervisord/pid-map.h"

static size_t slot_of(const struct pid_map *m, pid_t pid) {
        /* Fibonacci hashing: pids are mostly consecutive, the multiply spreads them. */
        return (size_t) (((uint64_t) (uint32_t) pid * UINT64_C(11400714819323198485)) >> 32) & (m->cap - 1);
}

static int grow(struct pid_map *m) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        struct pid_map bigger = { .keys = calloc(cap, sizeof(pid_t)), .values = calloc(cap, sizeof(void *)), .cap = cap };

        if (!bigger.keys || !bigger.values) {
                free(bigger.keys);
                free(bigger.values);
                return -ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++)
                if (m->keys[i] > 0)
                        (void) pid_map_put(&bigger, m->keys[i], m->values[i]);
        free(m->keys);
        free(m->values);
        *m = bigger;
        return 0;
}

int pid_map_put(struct pid_map *m, pid_t pid, void *value) {
        size_t i;

        if (pid <= 0 || !value)
                return -EINVAL;
        if ((m->n + 1) * 2 > m->cap) {
                int r = grow(m);
                if (r < 0)
                        return r;
        }
        for (i = slot_of(m, pid); m->keys[i] > 0; i = (i + 1) & (m->cap - 1))
                if (m->keys[i] == pid) {
                        m->values[i] = value;
                        return 0;
                }
        m->keys[i] = pid;
        m->values[i] = value;
        m->n++;
        return 0;
}

void *pid_map_get(const struct pid_map *m, pid_t pid) {
        if (m->cap == 0 || pid <= 0)
                return NULL;
        for (size_t i = slot_of(m, pid); m->keys[i] > 0; i = (i + 1) & (m->cap - 1))
                if (m->keys[i] == pid)
                        return m->values[i];
        return NULL;
}

void *pid_map_remove(struct pid_map *m, pid_t pid) {
        size_t i, j;
        void *value;

        if (m->cap == 0 || pid <= 0)
                return NULL;
        for (i = slot_of(m, pid); m->keys[i] != pid; i = (i + 1) & (m->cap - 1))
                if (m->keys[i] <= 0)
                        return NULL;
        value = m->values[i];
        /* Shift back every later entry of the run that may sit in the emptied slot. */
        for (j = (i + 1) & (m->cap - 1); m->keys[j] > 0; j = (j + 1) & (m->cap - 1)) {
                size_t home = slot_of(m, m->keys[j]);
                /* The entry at j may move to i if its home is not in the cyclic range (i, j]. */
                if ((i < j) ? (home <= i || home > j) : (home <= i && home > j)) {
                        m->keys[i] = m->keys[j];
                        m->values[i] = m->values[j];
                        i = j;
                }
        }
        m->keys[i] = 0;
        m->values[i] = NULL;
        m->n--;
        return value;
}

void pid_map_done(struct pid_map *m) {
        free(m->keys);
        free(m->values);
        *m = (struct pid_map) {};
}
