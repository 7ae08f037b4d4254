/* exec-remove-ipc.c: RemoveIPC= (systemd.exec(5)): a stopped service's System V and POSIX IPC objects removed.
 *
 * The objects are found by their owner: the System V ones in /proc/sysvipc (proc(5)), the
 * POSIX ones as files in /dev/shm and /dev/mqueue. service.c calls it when a run has
 * ended, for RemoveIPC= and for DynamicUser= (which implies it). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "supervisord/exec-remove-ipc.h"
#include "supervisord/rm-rf.h"

static bool ipc_owner_matches(uid_t owner, gid_t group, uid_t uid, gid_t gid) {
        return (uid != 0 && uid != (uid_t) -1 && owner == uid) || (gid != 0 && gid != (gid_t) -1 && group == gid);
}

static int sysv_remove(int kind, int id) {
        int r = kind == 0 ? shmctl(id, IPC_RMID, NULL) : kind == 1 ? msgctl(id, IPC_RMID, NULL) : semctl(id, 0, IPC_RMID);

        /* Gone meanwhile (EINVAL, EIDRM) is what we wanted. */
        return r < 0 && errno != EINVAL && errno != EIDRM ? -errno : 0;
}

/* /proc/sysvipc/{shm,msg,sem} (proc(5)): a header naming the columns, then one object per
 * line; the id, the owner's uid and gid are columns "shmid"/"msqid"/"semid", "uid", "gid". */
static int remove_sysv(int kind, uid_t uid, gid_t gid, int *count) {
        static const char *const files[] = { "/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem" };
        static const char *const id_columns[] = { "shmid", "msqid", "semid" };
        _cleanup_fclose_ FILE *f = fopen(files[kind], "re");
        _cleanup_free_ char *line = NULL;
        int col_id = -1, col_uid = -1, col_gid = -1, r = 0;
        size_t size = 0;

        if (!f)
                return errno == ENOENT ? 0 : -errno;
        if (getline(&line, &size, f) <= 0)
                return 0;
        {
                char *save = NULL;
                int i = 0;
                for (char *w = strtok_r(line, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save), i++) {
                        if (streq(w, id_columns[kind]))
                                col_id = i;
                        else if (streq(w, "uid"))
                                col_uid = i;
                        else if (streq(w, "gid"))
                                col_gid = i;
                }
        }
        if (col_id < 0 || col_uid < 0 || col_gid < 0)
                return -EBADMSG;
        while (getline(&line, &size, f) > 0) {
                long v[3] = { -1, -1, -1 };
                char *save = NULL;
                int i = 0, k;

                for (char *w = strtok_r(line, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save), i++) {
                        if (i == col_id)
                                v[0] = strtol(w, NULL, 10);
                        else if (i == col_uid)
                                v[1] = strtol(w, NULL, 10);
                        else if (i == col_gid)
                                v[2] = strtol(w, NULL, 10);
                }
                if (v[0] < 0 || v[1] < 0 || v[2] < 0 || !ipc_owner_matches((uid_t) v[1], (gid_t) v[2], uid, gid))
                        continue;
                k = sysv_remove(kind, (int) v[0]);
                if (k < 0 && r >= 0)
                        r = k;
                if (k >= 0)
                        (*count)++;
        }
        return r;
}

/* POSIX shared memory and message queues are files in /dev/shm and /dev/mqueue
 * (shm_overview(7), mq_overview(7)); unlinking one is shm_unlink()/mq_unlink(). */
static int remove_posix(const char *dir, uid_t uid, gid_t gid, int *count) {
        _cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct dirent *de;
        struct stat dst;
        DIR *d;
        int r = 0;

        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        if (fstat(fd, &dst) < 0)
                return -errno;
        d = fdopendir(TAKE_FD(fd));
        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                struct stat st;
                int k;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
                    !ipc_owner_matches(st.st_uid, st.st_gid, uid, gid))
                        continue;
                k = rm_rf_at(dirfd(d), de->d_name, dst.st_dev);
                if (k < 0 && r >= 0)
                        r = k;
                if (k >= 0)
                        (*count)++;
        }
        closedir(d);
        return r;
}

int exec_remove_ipc(uid_t uid, gid_t gid) {
        int count = 0, r = 0, k;

        if ((uid == 0 || uid == (uid_t) -1) && (gid == 0 || gid == (gid_t) -1))
                return 0;
        for (int kind = 0; kind < 3; kind++) {
                k = remove_sysv(kind, uid, gid, &count);
                if (k < 0 && r >= 0)
                        r = log_warning_errno(k, "RemoveIPC=: failed to remove System V IPC objects of %u/%u: %m",
                                              (unsigned) uid, (unsigned) gid);
        }
        k = remove_posix("/dev/shm", uid, gid, &count);
        if (k < 0 && r >= 0)
                r = log_warning_errno(k, "RemoveIPC=: failed to remove shared memory of %u/%u in /dev/shm: %m",
                                      (unsigned) uid, (unsigned) gid);
        k = remove_posix("/dev/mqueue", uid, gid, &count);
        if (k < 0 && r >= 0)
                r = log_warning_errno(k, "RemoveIPC=: failed to remove message queues of %u/%u in /dev/mqueue: %m",
                                      (unsigned) uid, (unsigned) gid);
        return r < 0 ? r : count;
}
