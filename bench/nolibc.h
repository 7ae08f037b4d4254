/* nolibc.h: what the benchmarks' services built without libc share (x86-64 only): raw
 * system calls, an environment lookup, and the _start that calls NAME_main(long *sp).
 *
 * Why without libc: glibc's start-up probes the CPU with CPUID (init_cpu_features,
 * init_cacheinfo), and in a virtual machine each CPUID traps to the hypervisor, which can cost
 * more than the exec being measured. Build with -static -nostdlib -fno-stack-protector
 * -fno-builtin -fno-tree-loop-distribute-patterns (no memcpy() calls for loops). */
#pragma once

#include <sys/syscall.h>

/* syscall(2)'s x86-64 convention: rax, then rdi, rsi, rdx, r10, r8, r9. */
static inline long raw_syscall6(long n, long a, long b, long c, long d, long e, long f) {
        register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
        long r;

        __asm__ volatile("syscall"
                         : "=a"(r)
                         : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
        return r;
}

static inline long raw_syscall3(long n, long a, long b, long c) {
        return raw_syscall6(n, a, b, c, 0, 0, 0);
}

/* The value of key in envp, or NULL. */
static inline const char *env_get(char **envp, const char *key) {
        for (; *envp; envp++) {
                const char *e = *envp, *k = key;
                while (*k && *e == *k)
                        e++, k++;
                if (!*k && *e == '=')
                        return e + 1;
        }
        return NULL;
}

/* The System V x86-64 entry: argc, argv[], NULL, envp[], NULL on the stack, passed to fn. */
#define NOLIBC_ENTRY(fn)                          \
        __asm__(".globl _start\n"                 \
                "_start:\n"                       \
                "        mov %rsp, %rdi\n"        \
                "        and $-16, %rsp\n"        \
                "        call " #fn "\n")
