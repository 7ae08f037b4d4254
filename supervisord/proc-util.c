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
#include "supervisord/proc-util.h"

/* proc(5), /proc/pid/stat: the 4th field is the ppid; the 2nd (comm) may contain spaces
 * and parentheses, so parse from the last ')'. */
static int read_ppid(const char *pid_dir, pid_t *ret) {
        char path[64], buf[512];
        _cleanup_close_ int fd = -1;
        ssize_t n;

        snprintf(path, sizeof path, "/proc/%s/stat", pid_dir);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof buf - 1);
        if (n <= 0)
                return n < 0 ? -errno : -EIO;
        buf[n] = 0;
        char *p = strrchr(buf, ')');
        int ppid;
        char state;
        if (!p || sscanf(p + 1, " %c %d", &state, &ppid) != 2)
                return -EIO;
        *ret = ppid;
        return 0;
}

int proc_list_children(pid_t ppid, pid_t **ret, size_t *ret_n) {
        DIR *d = opendir("/proc");
        pid_t *pids = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;

        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                pid_t parent;

                if (!isdigit((unsigned char) de->d_name[0]))
                        continue;
                if (read_ppid(de->d_name, &parent) < 0 || parent != ppid)
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
                pids[n++] = (pid_t) atoi(de->d_name);
        }
        closedir(d);
        *ret = pids;
        *ret_n = n;
        return 0;
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

bool proc_pid_namespace_is_initial(void) {
        struct stat st;

        if (stat("/proc/self/ns/pid", &st) < 0)
                return true;
        return st.st_ino == PROC_PID_INIT_INO;
}
