/* fixture-unsafe.c: what the spawn-child lint must reject: allocation and stdio after clone(). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void fixture_unsafe_child(const char *path);

void fixture_unsafe_child(const char *path) {
        char *copy = malloc(64);

        printf("spawning %s\n", path);
        free(copy);
        _exit(1);
}
