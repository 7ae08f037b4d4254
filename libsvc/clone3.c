/* clone3.c: clone3_run() (clone3.h). With CLONE_VM the child runs on a new stack, so the call
 * and the child's entry are assembly: rdi args, rsi size, rdx fn, rcx arg; the child calls
 * fn(arg) and exits with its result; the parent gets the pid or -errno. */
#include <sys/syscall.h>

#include "libsvc/clone3.h"

#if HAVE_CLONE3_RUN
#define CLONE3_STRINGIFY_(x) #x
#define CLONE3_STRINGIFY(x) CLONE3_STRINGIFY_(x)

__asm__(".text\n"
        ".globl clone3_run\n"
        ".type clone3_run,@function\n"
        "clone3_run:\n"
        "        push %r12\n"
        "        push %r13\n"
        "        mov %rdx, %r12\n"
        "        mov %rcx, %r13\n"
        "        mov $" CLONE3_STRINGIFY(SYS_clone3) ", %eax\n"
        "        syscall\n"
        "        test %rax, %rax\n"
        "        jz 1f\n"
        "        pop %r13\n"
        "        pop %r12\n"
        "        ret\n"
        "1:      xor %ebp, %ebp\n"
        "        mov %r13, %rdi\n"
        "        call *%r12\n"
        "        mov %eax, %edi\n"
        "        mov $" CLONE3_STRINGIFY(SYS_exit) ", %eax\n"
        "        syscall\n"
        "        hlt\n"
        ".size clone3_run, .-clone3_run\n");
#endif
