/* bench-reap.c: the memory measurement of bench/reap.sh: the proportional set size (PSS) of a
 * supervisor's process tree, without the services it supervises.
 *
 *   bench-reap pss [--exclude PROGRAM] PID
 *
 * Sums the Pss: line of /proc/P/smaps_rollup (Linux 4.14; proc(5)) over every process P in
 * PID's PID namespace (PID is that namespace's init as this process sees it, so the namespace
 * holds the supervisor and what it started, nothing else), leaving out the processes whose
 * executable (/proc/P/exe) is PROGRAM, by device and inode: the services. Prints one line,
 *   "PSS_KIB ANON_KIB COUNTED EXCLUDED NAME:N..."
 * the sums in KiB, the processes summed and left out, and the names (comm) of those summed
 * with their counts, so that the script can wait until every service runs (EXCLUDED) and show
 * what was counted. PSS charges each shared page to its n sharers as 1/n: libc's text costs a
 * process little, its private pages (heap, stack, relocated data) cost in full, and a
 * library's pages cost more when fewer other processes on the machine map it. ANON is the
 * anonymous part of PSS (Pss_Anon: heap, stack, written data), which does not depend on what
 * else runs, so it tells whether a PSS moved because of the supervisor or of its neighbours. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_NAMES 32

struct name_count {
        char name[32];
        unsigned long n;
};

static int usage(void) {
        fprintf(stderr, "usage: bench-reap pss [--exclude PROGRAM] PID\n");
        return 2;
}

/* The Pss: of /proc/PID/smaps_rollup in KiB, and its Pss_Anon: (Linux 5.8) in *anon; -1 if
 * the process is gone or unreadable (a zombie has none). */
static long pss_kib(long pid, long *anon) {
        char path[64], line[256];
        long pss = -1, v;
        FILE *f;

        *anon = 0;
        snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", pid);
        f = fopen(path, "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof line, f))
                if (sscanf(line, "Pss: %ld kB", &v) == 1)
                        pss = v;
                else if (sscanf(line, "Pss_Anon: %ld kB", &v) == 1)
                        *anon = v;
        fclose(f);
        return pss;
}

static void comm_of(long pid, char *buf, size_t size) {
        char path[64];
        ssize_t n = -1;
        int fd;

        snprintf(path, sizeof path, "/proc/%ld/comm", pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
                n = read(fd, buf, size - 1);
                close(fd);
        }
        if (n <= 0)
                n = 0;
        buf[n] = 0;
        buf[strcspn(buf, "\n")] = 0;
        for (char *c = buf; *c; c++)
                if (*c == ' ' || *c == ':')
                        *c = '_'; /* one word in the output line */
        if (!buf[0])
                snprintf(buf, size, "?");
}

static void count_name(struct name_count *names, size_t *n_names, const char *name) {
        for (size_t i = 0; i < *n_names; i++)
                if (strcmp(names[i].name, name) == 0) {
                        names[i].n++;
                        return;
                }
        if (*n_names < MAX_NAMES) {
                snprintf(names[*n_names].name, sizeof names[*n_names].name, "%s", name);
                names[(*n_names)++].n = 1;
        }
}

static int cmd_pss(int argc, char *argv[]) {
        const char *exclude = NULL, *init;
        struct stat ns, ex = {}, st;
        struct name_count names[MAX_NAMES];
        size_t n_names = 0;
        unsigned long counted = 0, excluded = 0;
        long total = 0, total_anon = 0;
        char path[64];
        struct dirent *de;
        DIR *proc;

        if (argc >= 3 && strcmp(argv[1], "--exclude") == 0) {
                exclude = argv[2];
                argc -= 2, argv += 2;
        }
        if (argc != 2)
                return usage();
        init = argv[1];
        snprintf(path, sizeof path, "/proc/%s/ns/pid", init);
        if (stat(path, &ns) < 0) {
                fprintf(stderr, "bench-reap: %s: %s\n", path, strerror(errno));
                return 1;
        }
        if (exclude && stat(exclude, &ex) < 0) {
                fprintf(stderr, "bench-reap: %s: %s\n", exclude, strerror(errno));
                return 1;
        }
        proc = opendir("/proc");
        if (!proc) {
                fprintf(stderr, "bench-reap: /proc: %s\n", strerror(errno));
                return 1;
        }
        while ((de = readdir(proc))) {
                char name[32], *end;
                long pss, anon, pid = strtol(de->d_name, &end, 10);

                if (pid <= 0 || *end)
                        continue;
                snprintf(path, sizeof path, "/proc/%ld/ns/pid", pid);
                if (stat(path, &st) < 0 || st.st_dev != ns.st_dev || st.st_ino != ns.st_ino)
                        continue;
                snprintf(path, sizeof path, "/proc/%ld/exe", pid);
                if (exclude && stat(path, &st) == 0 && st.st_dev == ex.st_dev && st.st_ino == ex.st_ino) {
                        excluded++;
                        continue;
                }
                pss = pss_kib(pid, &anon);
                if (pss < 0)
                        continue; /* gone meanwhile, or a zombie */
                total += pss;
                total_anon += anon;
                counted++;
                comm_of(pid, name, sizeof name);
                count_name(names, &n_names, name);
        }
        closedir(proc);
        printf("%ld %ld %lu %lu", total, total_anon, counted, excluded);
        for (size_t i = 0; i < n_names; i++)
                printf(" %s:%lu", names[i].name, names[i].n);
        printf("\n");
        return 0;
}

int main(int argc, char *argv[]) {
        if (argc >= 2 && strcmp(argv[1], "pss") == 0)
                return cmd_pss(argc - 1, argv + 1);
        return usage();
}
