/* fixture-safe.c: what the spawn-child lint must accept: system calls only, then execve(). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

void fixture_safe_child(char *const argv[], char *const envp[], int status_fd);

void fixture_safe_child(char *const argv[], char *const envp[], int status_fd) {
        struct sigaction sa;
        int error;

        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        (void) sigaction(SIGTERM, &sa, NULL);
        (void) setsid();
        (void) dup2(status_fd, 3);
        (void) execve(argv[0], argv, envp);
        error = errno;
        (void) write(status_fd, &error, sizeof error);
        _exit(127);
}
