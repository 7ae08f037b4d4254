/* pid-map.h: a hash map from pid to a pointer: which service a reaped pid belongs to, in
 * O(1), however many units are loaded (manager_reap() runs for every exit). */
#pragma once

#include <stddef.h>
#include <sys/types.h>

struct pid_map {
        pid_t *keys;    /* 0: empty slot */
        void **values;
        size_t n, cap;  /* cap is 0 or a power of two, kept at least twice n */
};

/* Sets pid -> value (pid > 0, value not NULL), replacing an earlier value. */
int pid_map_put(struct pid_map *m, pid_t pid, void *value);
/* The value of pid, or NULL. */
void *pid_map_get(const struct pid_map *m, pid_t pid);
/* Removes pid if present; returns its value, or NULL. */
void *pid_map_remove(struct pid_map *m, pid_t pid);
void pid_map_done(struct pid_map *m);
