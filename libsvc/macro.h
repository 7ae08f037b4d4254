/* macro.h: the small language extensions every svcd file uses (cleanup, ownership, sizes). */
#pragma once

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define _noreturn_ __attribute__((noreturn))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _cleanup_(f) __attribute__((cleanup(f)))
#define _unused_ __attribute__((unused))
#define _likely_(x) __builtin_expect(!!(x), 1)
#define _unlikely_(x) __builtin_expect(!!(x), 0)

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) ((type *) ((char *) (ptr) - offsetof(type, member)))

/* Hand ownership on: returns the value and leaves NULL (or -1) behind, so the
 * cleanup attribute of the old owner does nothing. */
#define TAKE_PTR(p)                             \
        ({                                      \
                __typeof__(p) _took = (p);      \
                (p) = NULL;                     \
                _took;                          \
        })
#define TAKE_FD(fd)                             \
        ({                                      \
                int _took_fd = (fd);            \
                (fd) = -1;                      \
                _took_fd;                       \
        })

static inline void freep(void *p) {
        free(*(void **) p);
}
#define _cleanup_free_ _cleanup_(freep)

#define streq(a, b) (strcmp((a), (b)) == 0)
#define strneq(a, b, n) (strncmp((a), (b), (n)) == 0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Defines name##p(type **) calling func on non-NULL, for _cleanup_(name##p). */
#define DEFINE_POINTER_CLEANUP(type, func)              \
        static inline void func##p(type **p) {          \
                if (*p)                                 \
                        func(*p);                       \
        }
