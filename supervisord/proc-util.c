/* proc-util.c: scans /proc (proc(5)) for what the kernel offers no syscall for. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/macro.h"
#include "supervisord/proc-util.h"

/* proc(5), /proc/pid/stat: "pid (comm) state ppid pgrp session tty_nr tpgid flags ...".
 * comm may contain spaces and parentheses, so the fields are read from the last ')'. */
int proc_read_stat(pid_t pid, struct proc_stat *ret) {
        char path[64], buf[512];
        _cleanup_close_ int fd = -1;
        ssize_t n;

        snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof buf - 1);
        if (n <= 0)
                return n < 0 ? -errno : -EIO;
        buf[n] = 0;

        char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
        struct proc_stat st = {};
        int ppid;
        if (!open_paren || !close_paren || close_paren < open_paren ||
            sscanf(close_paren + 1, " %c %d %*d %*d %*d %*d %lu", &st.state, &ppid, &st.flags) != 3)
                return -EIO;
        st.ppid = ppid;
        memcpy(st.comm, open_paren + 1, MIN((size_t) (close_paren - open_paren - 1), sizeof st.comm - 1));
        *ret = st;
        return 0;
}

bool proc_stat_is_kernel_thread(const struct proc_stat *st) {
        return st->flags & 0x00200000UL; /* PF_KTHREAD, include/linux/sched.h */
}

/* Every pid in /proc, or those whose parent is ppid. */
static int list_pids(bool all, pid_t ppid, pid_t **ret, size_t *ret_n) {
        DIR *d = opendir("/proc");
        pid_t *pids = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;

        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                struct proc_stat st;
                char *end;
                long pid = strtol(de->d_name, &end, 10);

                if (!isdigit((unsigned char) de->d_name[0]) || *end)
                        continue;
                if (!all && (proc_read_stat((pid_t) pid, &st) < 0 || st.ppid != ppid))
                        continue;
                if (n == cap) {
                        cap = cap ? cap * 2 : 16;
                        pid_t *np = realloc(pids, cap * sizeof *np);
                        if (!np) {
                                free(pids);
                                closedir(d);
                                return -ENOMEM;
                        }
                        pids = np;
                }
                pids[n++] = (pid_t) pid;
        }
        closedir(d);
        *ret = pids;
        *ret_n = n;
        return 0;
}

int proc_list_children(pid_t ppid, pid_t **ret, size_t *ret_n) {
        return list_pids(false, ppid, ret, ret_n);
}

int proc_list_all(pid_t **ret, size_t *ret_n) {
        return list_pids(true, 0, ret, ret_n);
}

bool proc_self_has_cap(int cap) {
        cap_t caps = cap_get_proc();
        cap_flag_value_t v = CAP_CLEAR;

        if (caps) {
                (void) cap_get_flag(caps, (cap_value_t) cap, CAP_EFFECTIVE, &v);
                cap_free(caps);
        }
        return v == CAP_SET;
}

#define PROC_PID_INIT_INO 0xEFFFFFFCU

bool proc_self_id_is_mapped(const char *map, unsigned long id) {
        char path[64];
        unsigned long inside, outside, count;
        bool mapped = false;

        snprintf(path, sizeof path, "/proc/self/%s", map);
        FILE *f = fopen(path, "re");
        if (!f)
                return true;
        while (fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3)
                if (id >= inside && id - inside < count) {
                        mapped = true;
                        break;
                }
        fclose(f);
        return mapped;
}

bool proc_self_setgroups_denied(void) {
        char buf[16] = "";
        int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return false;
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        return n > 0 && strncmp(buf, "deny", 4) == 0;
}

bool proc_pid_namespace_is_initial(void) {
        struct stat st;

        if (stat("/proc/self/ns/pid", &st) < 0)
                return true;
        return st.st_ino == PROC_PID_INIT_INO;
}
