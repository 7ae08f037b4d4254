/* library-floor.c: bench/reap's floor for svcd's memory: a process that links the libraries
 * svcd links (glibc, json-c, libseccomp, libcap, inih: DESIGN.md's chosen dependencies, the
 * same shared objects), calls into each once as svcd does at start-up, then waits in
 * epoll_wait() forever, as an idle svcd does. Its PSS, measured like svcd's in the same run
 * (PID 1 of a PID namespace), is what those libraries cost before any of svcd's own code or
 * data; svcd's PSS minus it is svcd's own share. It takes no argument and prints nothing. */
#include <fcntl.h>
#include <ini.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/capability.h>
#include <sys/epoll.h>
#include <unistd.h>

static int ignore_entry(void *user, const char *section, const char *name, const char *value) {
        return 1;
}

int main(void) {
        /* Each library used once, so that its code is faulted in as in svcd: a JSON reply, a
         * seccomp filter exported to BPF, the process' capabilities, a parsed ini text. */
        json_object *reply = json_object_new_object();
        json_object_object_add(reply, "state", json_object_new_string("running"));
        (void) json_object_to_json_string(reply);
        json_object_put(reply);

        scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
        if (filter) {
                (void) seccomp_rule_add(filter, SCMP_ACT_ERRNO(1), SCMP_SYS(reboot), 0);
                int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
                if (null >= 0) {
                        (void) seccomp_export_bpf(filter, null);
                        close(null);
                }
                seccomp_release(filter);
        }

        cap_t caps = cap_get_proc();
        if (caps)
                cap_free(caps);

        (void) ini_parse_string("[Unit]\nDescription=floor\n", ignore_entry, NULL);

        int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (epoll_fd < 0)
                return EXIT_FAILURE;
        for (;;) {
                struct epoll_event event;
                (void) epoll_wait(epoll_fd, &event, 1, -1);
        }
}
