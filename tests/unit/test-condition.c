/* test-condition.c: Condition*=/Assert*= parsing (prefixes, resets, diagnostics) and evaluation of every type, with a fake system root. */
#include <check.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/condition.h"
#include "units/virtualization.h"

#define UNIT_PATH "/etc/svcd/units/test.service"
#define W(line, ...) UNIT_PATH ":" #line ": " __VA_ARGS__

static struct condition *list;

static void setup(void) {
        test_setup();
        list = NULL;
}

static void teardown(void) {
        condition_free_list(list);
        list = NULL;
        condition_set_test_root(NULL);
        test_teardown();
}

/* Parses value as Condition<type>= (or Assert<type>=) at line into list. */
static void parse_at(enum condition_type type, bool assert, unsigned line, const char *value) {
        const struct directive_context ctx = {
                .unit_id = "test.service",
                .path = UNIT_PATH,
                .line = line,
                .section = "Unit",
                .key = condition_type_to_string(type, assert),
        };
        ck_assert_int_eq(condition_parse_directive(&ctx, value, &list, (int) type | (assert ? CONDITION_ASSERT_FLAG : 0)),
                         0);
}

static size_t list_length(void) {
        size_t n = 0;
        for (const struct condition *c = list; c; c = c->next)
                n++;
        return n;
}

/* Parses one condition and evaluates it: 1, 0 or -errno; -1000 if it did not parse. */
static int eval(enum condition_type type, const char *value) {
        int r;

        condition_free_list(list);
        list = NULL;
        parse_at(type, false, 1, value);
        if (!list)
                return -1000;
        r = condition_test(list);
        condition_free_list(list);
        list = NULL;
        return r;
}

/* Creates test_dir/rel (and its parent directories) with content; returns the path. */
static const char *make_file(const char *rel, const char *content, size_t size) {
        const char *path = test_fmt("%s/%s", test_dir, rel);
        char *dir = strdup(path);
        FILE *f;

        ck_assert_ptr_nonnull(dir);
        for (char *s = dir + strlen(test_dir) + 1; (s = strchr(s, '/')); s++) {
                *s = 0;
                ck_assert(mkdir(dir, 0755) == 0 || errno == EEXIST);
                *s = '/';
        }
        free(dir);
        f = fopen(path, "we");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(content, 1, size, f), size);
        ck_assert_int_eq(fclose(f), 0);
        return path;
}
#define ROOT_FILE(rel, s) make_file("root" rel, (s), strlen(s))

static void use_root(void) {
        const char *root = test_fmt("%s/root", test_dir);
        ck_assert(mkdir(root, 0755) == 0 || errno == EEXIST);
        condition_set_test_root(root);
}

/* ---- Parsing ---- */

START_TEST(prefixes) {
        parse_at(CONDITION_PATH_EXISTS, false, 1, "/a");
        parse_at(CONDITION_PATH_EXISTS, false, 2, "!/b");
        parse_at(CONDITION_PATH_EXISTS, false, 3, "|/c");
        parse_at(CONDITION_PATH_EXISTS, false, 4, "|!/d");
        parse_at(CONDITION_PATH_EXISTS, false, 5, "| ! /e");
        ck_assert_uint_eq(test_n_warnings(), 0);
        ck_assert_uint_eq(list_length(), 5);

        const struct condition *c = list;
        const struct { const char *param; bool trigger, negate; unsigned line; } want[] = {
                { "/a", false, false, 1 }, { "/b", false, true, 2 }, { "/c", true, false, 3 },
                { "/d", true, true, 4 },   { "/e", true, true, 5 },
        };
        for (size_t i = 0; i < 5; i++, c = c->next) {
                ck_assert_str_eq(c->parameter, want[i].param);
                ck_assert_int_eq(c->trigger, want[i].trigger);
                ck_assert_int_eq(c->negate, want[i].negate);
                ck_assert_uint_eq(c->line, want[i].line);
                ck_assert_int_eq(c->type, CONDITION_PATH_EXISTS);
        }

        /* systemd.unit(5): "the pipe symbol must be passed first, the exclamation second". */
        parse_at(CONDITION_PATH_EXISTS, false, 6, "!|/f");
        ck_assert_str_eq(test_last_warning(), W(6, "ConditionPathExists=!|/f is not an absolute path, ignoring."));
        parse_at(CONDITION_ENVIRONMENT, false, 7, "!|FOO");
        ck_assert_str_eq(list->next->next->next->next->next->parameter, "|FOO");
        ck_assert(list->next->next->next->next->next->negate);
        ck_assert(!list->next->next->next->next->next->trigger);
        parse_at(CONDITION_PATH_EXISTS, false, 8, "|");
        ck_assert_str_eq(test_last_warning(), W(8, "ConditionPathExists=| is not an absolute path, ignoring."));
        parse_at(CONDITION_PATH_EXISTS, false, 9, "!!/x");
        ck_assert_str_eq(test_last_warning(), W(9, "ConditionPathExists=!!/x is not an absolute path, ignoring."));
        ck_assert_uint_eq(list_length(), 6);
}
END_TEST

START_TEST(empty_resets_every_kind) {
        parse_at(CONDITION_PATH_EXISTS, false, 1, "/a");
        parse_at(CONDITION_HOST, false, 2, "web*");
        ck_assert_uint_eq(list_length(), 2);
        parse_at(CONDITION_VIRTUALIZATION, false, 3, "");
        ck_assert_ptr_null(list);
        parse_at(CONDITION_USER, false, 4, "root");
        ck_assert_uint_eq(list_length(), 1);
        ck_assert_int_eq(list->type, CONDITION_USER);
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

START_TEST(asserts) {
        parse_at(CONDITION_PATH_IS_DIRECTORY, true, 3, "|!/srv");
        ck_assert_int_eq(list->type, CONDITION_PATH_IS_DIRECTORY);
        ck_assert(list->trigger && list->negate);
        parse_at(CONDITION_PATH_IS_DIRECTORY, true, 4, "srv");
        ck_assert_str_eq(test_last_warning(), W(4, "AssertPathIsDirectory=srv is not an absolute path, ignoring."));
        parse_at(CONDITION_PATH_IS_DIRECTORY, true, 5, "");
        ck_assert_ptr_null(list);
}
END_TEST

START_TEST(invalid_values) {
        static const struct {
                enum condition_type type;
                const char *value, *warning;
        } cases[] = {
                { CONDITION_PATH_EXISTS, "foo", "ConditionPathExists=foo is not an absolute path, ignoring." },
                { CONDITION_PATH_EXISTS_GLOB, "!*.conf", "ConditionPathExistsGlob=!*.conf is not an absolute path, ignoring." },
                { CONDITION_PATH_IS_SYMBOLIC_LINK, "a/b", "ConditionPathIsSymbolicLink=a/b is not an absolute path, ignoring." },
                { CONDITION_PATH_IS_MOUNT_POINT, "~/x", "ConditionPathIsMountPoint=~/x is not an absolute path, ignoring." },
                { CONDITION_PATH_IS_READ_WRITE, "./x", "ConditionPathIsReadWrite=./x is not an absolute path, ignoring." },
                { CONDITION_DIRECTORY_NOT_EMPTY, "x", "ConditionDirectoryNotEmpty=x is not an absolute path, ignoring." },
                { CONDITION_FILE_NOT_EMPTY, "x", "ConditionFileNotEmpty=x is not an absolute path, ignoring." },
                { CONDITION_FILE_IS_EXECUTABLE, "bin/sh", "ConditionFileIsExecutable=bin/sh is not an absolute path, ignoring." },
                { CONDITION_VIRTUALIZATION, "virtualbox", "ConditionVirtualization=virtualbox is not a virtualization type, ignoring." },
                { CONDITION_VIRTUALIZATION, "!maybe", "ConditionVirtualization=!maybe is not a virtualization type, ignoring." },
                { CONDITION_CAPABILITY, "CAP_FLY", "ConditionCapability=CAP_FLY is not a capability name, ignoring." },
                { CONDITION_CAPABILITY, "MKNOD", "ConditionCapability=MKNOD is not a capability name, ignoring." },
                { CONDITION_CAPABILITY, "64", "ConditionCapability=64 is not a capability name, ignoring." },
                { CONDITION_KERNEL_COMMAND_LINE, "!", "ConditionKernelCommandLine=! is not a kernel command line word, ignoring." },
                { CONDITION_ENVIRONMENT, "=x", "ConditionEnvironment==x is not an environment variable name or assignment, ignoring." },
                { CONDITION_USER, "@nobody", "ConditionUser=@nobody is not a user name, UID or @system, ignoring." },
                { CONDITION_USER, "-1", "ConditionUser=-1 is not a user name, UID or @system, ignoring." },
                { CONDITION_USER, "4294967295", "ConditionUser=4294967295 is not a user name, UID or @system, ignoring." },
                { CONDITION_GROUP, "@system", "ConditionGroup=@system is not a group name or GID, ignoring." },
                { CONDITION_HOST, "|", "ConditionHost=| is not a hostname or machine ID, ignoring." },
                { CONDITION_ARCHITECTURE, "amd64", "ConditionArchitecture=amd64 is not an architecture, ignoring." },
                { CONDITION_ARCHITECTURE, "x86_64", "ConditionArchitecture=x86_64 is not an architecture, ignoring." },
                { CONDITION_FIRST_BOOT, "maybe", "ConditionFirstBoot=maybe is not a boolean, ignoring." },
                { CONDITION_CONTROL_GROUP_CONTROLLER, "! ", "ConditionControlGroupController=!  is not a cgroup controller list, v1 or v2, ignoring." },
                { CONDITION_SECURITY, "grsecurity", "ConditionSecurity=grsecurity is not a security technology, ignoring." },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                test_clear_warnings();
                parse_at(cases[i].type, false, 7, cases[i].value);
                ck_assert_uint_eq(test_n_warnings(), 1);
                ck_assert_str_eq(test_warning(0), test_fmt(UNIT_PATH ":7: %s", cases[i].warning));
                ck_assert_ptr_null(list);
        }
}
END_TEST

START_TEST(valid_values) {
        static const struct {
                enum condition_type type;
                const char *value;
        } cases[] = {
                { CONDITION_VIRTUALIZATION, "yes" },    { CONDITION_VIRTUALIZATION, "false" },
                { CONDITION_VIRTUALIZATION, "vm" },     { CONDITION_VIRTUALIZATION, "container" },
                { CONDITION_VIRTUALIZATION, "docker" }, { CONDITION_VIRTUALIZATION, "kvm" },
                { CONDITION_VIRTUALIZATION, "private-users" },
                { CONDITION_CAPABILITY, "CAP_MKNOD" },  { CONDITION_CAPABILITY, "cap_sys_admin" },
                { CONDITION_CAPABILITY, "CAP_CHECKPOINT_RESTORE" }, { CONDITION_CAPABILITY, "12" },
                { CONDITION_USER, "@system" },          { CONDITION_USER, "0" },
                { CONDITION_USER, "www-data" },         { CONDITION_USER, "machine$" },
                { CONDITION_GROUP, "adm" },             { CONDITION_GROUP, "100" },
                { CONDITION_ARCHITECTURE, "x86-64" },   { CONDITION_ARCHITECTURE, "arm64" },
                { CONDITION_ARCHITECTURE, "native" },   { CONDITION_FIRST_BOOT, "yes" },
                { CONDITION_FIRST_BOOT, "0" },          { CONDITION_CONTROL_GROUP_CONTROLLER, "v2" },
                { CONDITION_CONTROL_GROUP_CONTROLLER, "cpu memory" },
                { CONDITION_SECURITY, "uefi-secureboot" }, { CONDITION_SECURITY, "tpm2" },
                { CONDITION_KERNEL_COMMAND_LINE, "quiet" }, { CONDITION_ENVIRONMENT, "A=b=c" },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++)
                parse_at(cases[i].type, false, (unsigned) i + 1, cases[i].value);
        ck_assert_str_eq(test_last_warning(), "");
        ck_assert_uint_eq(list_length(), ELEMENTSOF(cases));
}
END_TEST

START_TEST(unknown_cgroup_controller_is_kept_and_named) {
        parse_at(CONDITION_CONTROL_GROUP_CONTROLLER, false, 2, "cpu hugetlb io");
        ck_assert_uint_eq(test_n_warnings(), 1);
        ck_assert_str_eq(test_warning(0), W(2, "ConditionControlGroupController=cpu hugetlb io: \"hugetlb\" is not a "
                                               "cgroup controller, ignoring it."));
        ck_assert_uint_eq(list_length(), 1);
        ck_assert_str_eq(list->parameter, "cpu hugetlb io");
}
END_TEST

START_TEST(type_names) {
        ck_assert_str_eq(condition_type_to_string(CONDITION_PATH_EXISTS, false), "ConditionPathExists");
        ck_assert_str_eq(condition_type_to_string(CONDITION_PATH_EXISTS, true), "AssertPathExists");
        ck_assert_str_eq(condition_type_to_string(CONDITION_CONTROL_GROUP_CONTROLLER, false),
                         "ConditionControlGroupController");
        ck_assert_str_eq(condition_type_to_string(CONDITION_SECURITY, true), "AssertSecurity");
        for (int t = 0; t < _CONDITION_TYPE_MAX; t++) {
                ck_assert_ptr_nonnull(startswith(condition_type_to_string(t, false), "Condition"));
                ck_assert_ptr_nonnull(startswith(condition_type_to_string(t, true), "Assert"));
        }
        ck_assert_ptr_null(condition_type_to_string(_CONDITION_TYPE_MAX, false));
}
END_TEST

/* ---- Evaluation: paths ---- */

START_TEST(paths) {
        const char *file = make_file("file", "x", 1), *empty = make_file("empty", "", 0);
        const char *exe = make_file("exe", "#!/bin/sh\n", 10), *dir = test_fmt("%s/dir", test_dir);
        const char *link = test_fmt("%s/link", test_dir), *dangling = test_fmt("%s/dangling", test_dir);
        const char *missing = test_fmt("%s/missing", test_dir);

        ck_assert_int_eq(chmod(exe, 0755), 0);
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        ck_assert_int_eq(symlink(dir, link), 0);
        ck_assert_int_eq(symlink(missing, dangling), 0);

        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS, file), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS, link), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS, dangling), 0); /* follows symlinks */
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS, missing), 0);
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS, test_fmt("!%s", missing)), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS, test_fmt("!%s", file)), 0);

        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS_GLOB, test_fmt("%s/e*", test_dir)), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS_GLOB, test_fmt("%s/{nope,file}", test_dir)), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_EXISTS_GLOB, test_fmt("%s/z*", test_dir)), 0);

        ck_assert_int_eq(eval(CONDITION_PATH_IS_DIRECTORY, dir), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_DIRECTORY, link), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_DIRECTORY, file), 0);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_DIRECTORY, missing), 0);

        ck_assert_int_eq(eval(CONDITION_PATH_IS_SYMBOLIC_LINK, link), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_SYMBOLIC_LINK, dangling), 1); /* does not follow */
        ck_assert_int_eq(eval(CONDITION_PATH_IS_SYMBOLIC_LINK, dir), 0);

        ck_assert_int_eq(eval(CONDITION_DIRECTORY_NOT_EMPTY, dir), 0);
        make_file("dir/.hidden", "", 0);
        make_file("dir/old.dpkg-old", "", 0);
        make_file("dir/edit~", "", 0);
        make_file("dir/lost+found", "", 0);
        make_file("dir/x.conf.ignore", "", 0);
        ck_assert_int_eq(eval(CONDITION_DIRECTORY_NOT_EMPTY, dir), 0); /* hidden and backups do not count */
        make_file("dir/real.conf", "", 0);
        ck_assert_int_eq(eval(CONDITION_DIRECTORY_NOT_EMPTY, dir), 1);
        ck_assert_int_eq(eval(CONDITION_DIRECTORY_NOT_EMPTY, link), 1);
        ck_assert_int_eq(eval(CONDITION_DIRECTORY_NOT_EMPTY, file), 0);
        ck_assert_int_eq(eval(CONDITION_DIRECTORY_NOT_EMPTY, missing), 0);

        ck_assert_int_eq(eval(CONDITION_FILE_NOT_EMPTY, file), 1);
        ck_assert_int_eq(eval(CONDITION_FILE_NOT_EMPTY, empty), 0);
        ck_assert_int_eq(eval(CONDITION_FILE_NOT_EMPTY, dir), 0);
        ck_assert_int_eq(eval(CONDITION_FILE_NOT_EMPTY, missing), 0);

        ck_assert_int_eq(eval(CONDITION_FILE_IS_EXECUTABLE, exe), 1);
        ck_assert_int_eq(eval(CONDITION_FILE_IS_EXECUTABLE, file), 0);
        ck_assert_int_eq(eval(CONDITION_FILE_IS_EXECUTABLE, dir), 0); /* x bit, but not a file */
        ck_assert_int_eq(eval(CONDITION_FILE_IS_EXECUTABLE, missing), 0);
}
END_TEST

START_TEST(mount_point_and_read_write) {
        const char *sub = test_fmt("%s/sub", test_dir);

        ck_assert_int_eq(mkdir(sub, 0755), 0);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_MOUNT_POINT, "/"), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_MOUNT_POINT, "/proc"), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_MOUNT_POINT, sub), 0);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_MOUNT_POINT, test_fmt("%s/missing", test_dir)), 0);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_READ_WRITE, sub), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_READ_WRITE, test_fmt("%s/missing", test_dir)), 0);

        /* A read-only mount needs a private mount namespace (this is the forked test process). */
        if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
            mount("tmpfs", sub, "tmpfs", MS_RDONLY, NULL) < 0) {
                fprintf(stderr, "mount_point_and_read_write: no mount namespace (%m); read-only part skipped\n");
                return;
        }
        ck_assert_int_eq(eval(CONDITION_PATH_IS_MOUNT_POINT, sub), 1);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_READ_WRITE, sub), 0);
        ck_assert_int_eq(eval(CONDITION_PATH_IS_READ_WRITE, test_fmt("!%s", sub)), 1);
        ck_assert_int_eq(umount(sub), 0);
}
END_TEST

/* ---- Evaluation: the system, through the test root ---- */

START_TEST(virtualization_none) {
        use_root();
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "yes"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "no"), 1);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "vm"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "container"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "!container"), 1);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "docker"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "private-users"), 0);
        ROOT_FILE("/proc/self/uid_map", "         0          0 4294967295\n");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "private-users"), 0);
        ROOT_FILE("/proc/self/uid_map", "         0       1000          1\n");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "private-users"), 1);
}
END_TEST

START_TEST(virtualization_containers) {
        static const char environ_block[] = "PATH=/bin\0container=systemd-nspawn\0HOME=/";
        static const struct {
                const char *file, *content, *name;
                size_t size;
        } cases[] = {
                { "/.dockerenv", "", "docker", 0 },
                { "/run/.containerenv", "engine=\"podman-4\"\n", "podman", 18 },
                { "/run/systemd/container", "lxc\n", "lxc", 4 },
                { "/run/systemd/container", "something-new\n", "container-other", 14 },
                { "/proc/1/environ", environ_block, "systemd-nspawn", sizeof environ_block },
                { "/proc/vz", "", "openvz", 0 },
                { "/proc/sys/kernel/osrelease", "5.15.90.1-microsoft-standard-WSL2\n", "wsl", 34 },
        };

        use_root();
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const char *path;
                const char *name = NULL;

                path = make_file(test_fmt("root%s", cases[i].file), cases[i].content, cases[i].size);
                ck_assert_int_eq(virt_detect(&name), VIRT_CONTAINER);
                ck_assert_str_eq(name, cases[i].name);
                ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "yes"), 1);
                ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "container"), 1);
                if (!streq(name, "container-other"))
                        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, name), 1);
                ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, streq(name, "docker") ? "podman" : "docker"), 0);
                ck_assert_int_eq(unlink(path), 0);
        }

        /* "oci" says only "some OCI runtime": the files name it. */
        ROOT_FILE("/run/systemd/container", "oci\n");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "container-other"), 1);
        ROOT_FILE("/.dockerenv", "");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "docker"), 1);
        /* An empty "container=" means none, and wins over the files. */
        ROOT_FILE("/run/systemd/container", "\n");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "container"), 0);
}
END_TEST

START_TEST(virtualization_vms) {
        const char *name;

        use_root();
        ROOT_FILE("/sys/class/dmi/id/sys_vendor", "QEMU\n");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "vm"), 1);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "qemu"), 1);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "kvm"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "container"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "true"), 1);
        ROOT_FILE("/sys/class/dmi/id/product_name", "VirtualBox\n");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "oracle"), 1);
        /* The innermost layer is the one named. */
        ROOT_FILE("/.dockerenv", "");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "oracle"), 0);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "docker"), 1);
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "vm"), 1);

        condition_set_test_root(NULL);
        use_root();
        ck_assert_int_eq(unlink(test_fmt("%s/root/.dockerenv", test_dir)), 0);
        ck_assert_int_eq(unlink(test_fmt("%s/root/sys/class/dmi/id/product_name", test_dir)), 0);
        ck_assert_int_eq(unlink(test_fmt("%s/root/sys/class/dmi/id/sys_vendor", test_dir)), 0);
        ROOT_FILE("/sys/hypervisor/type", "xen\n");
        ck_assert_int_eq(virt_detect_vm(&name), VIRT_VM);
        ck_assert_str_eq(name, "xen");
        ROOT_FILE("/proc/device-tree/hypervisor/compatible", "linux,kvm");
        ck_assert_int_eq(eval(CONDITION_VIRTUALIZATION, "kvm"), 1);
}
END_TEST

START_TEST(capability) {
        use_root();
        ck_assert_int_eq(eval(CONDITION_CAPABILITY, "CAP_CHOWN"), -ENOENT);
        ROOT_FILE("/proc/self/status", "Name:\tsvcd\nCapPrm:\t0000000000000000\nCapBnd:\t0000000000200001\n");
        ck_assert_int_eq(eval(CONDITION_CAPABILITY, "CAP_CHOWN"), 1);
        ck_assert_int_eq(eval(CONDITION_CAPABILITY, "cap_sys_admin"), 1);
        ck_assert_int_eq(eval(CONDITION_CAPABILITY, "CAP_KILL"), 0);
        ck_assert_int_eq(eval(CONDITION_CAPABILITY, "!CAP_KILL"), 1);
        ck_assert_int_eq(eval(CONDITION_CAPABILITY, "0"), 1);

        /* The real bounding set: whatever it is, it can be read. */
        condition_set_test_root(NULL);
        ck_assert_int_ge(eval(CONDITION_CAPABILITY, "CAP_MKNOD"), 0);
}
END_TEST

START_TEST(kernel_command_line) {
        use_root();
        ROOT_FILE("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=UUID=1234 ro  quiet foo=bar \"baz=a b\" 'sq'\n");
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "quiet"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "foo"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "foo=bar"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "foo=ba"), 0);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "fo"), 0);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "root=UUID=1234"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "root=UUID"), 0);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "baz=a b"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "sq"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "!rw"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "!ro"), 0);

        /* In a container, PID 1's arguments stand in for it (systemd.unit(5)). */
        ROOT_FILE("/.dockerenv", "");
        make_file("root/proc/1/cmdline", "/sbin/svcd\0--log-level=debug\0", 30);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "--log-level"), 1);
        ck_assert_int_eq(eval(CONDITION_KERNEL_COMMAND_LINE, "quiet"), 0);
}
END_TEST

START_TEST(environment) {
        ck_assert_int_eq(setenv("SVCD_TEST_COND", "x=y", 1), 0);
        unsetenv("SVCD_TEST_NOPE");
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_COND"), 1);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_COND=x=y"), 1);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_COND=x"), 0);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_CON"), 0);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_NOPE"), 0);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "!SVCD_TEST_NOPE"), 1);
        ck_assert_int_eq(setenv("SVCD_TEST_EMPTY", "", 1), 0);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_EMPTY="), 1);
        ck_assert_int_eq(eval(CONDITION_ENVIRONMENT, "SVCD_TEST_EMPTY"), 1);
}
END_TEST

START_TEST(user_and_group) {
        struct passwd *pw = getpwuid(getuid());
        struct group *gr = getgrgid(getgid());
        uid_t other = getuid() == 0 ? 4242 : 0;

        ck_assert_int_eq(eval(CONDITION_USER, test_fmt("%u", (unsigned) getuid())), 1);
        if (geteuid() != other)
                ck_assert_int_eq(eval(CONDITION_USER, test_fmt("%u", (unsigned) other)), 0);
        ck_assert_int_eq(eval(CONDITION_USER, "@system"), getuid() <= 999 || geteuid() <= 999);
        ck_assert_int_eq(eval(CONDITION_USER, "svcd-no-such-user"), 0);
        ck_assert_int_eq(eval(CONDITION_USER, "!svcd-no-such-user"), 1);
        if (pw)
                ck_assert_int_eq(eval(CONDITION_USER, pw->pw_name), 1);

        ck_assert_int_eq(eval(CONDITION_GROUP, test_fmt("%u", (unsigned) getgid())), 1);
        ck_assert_int_eq(eval(CONDITION_GROUP, "svcd-no-such-group"), 0);
        if (gr)
                ck_assert_int_eq(eval(CONDITION_GROUP, gr->gr_name), 1);
        if (getuid() == 0 && setgroups(1, (gid_t[]) { 4343 }) == 0) {
                ck_assert_int_eq(eval(CONDITION_GROUP, "4343"), 1); /* supplementary */
                ck_assert_int_eq(eval(CONDITION_GROUP, "4344"), 0);
        }
}
END_TEST

START_TEST(host) {
        use_root();
        ROOT_FILE("/proc/sys/kernel/hostname", "web-01.example.org\n");
        ROOT_FILE("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        ck_assert_int_eq(eval(CONDITION_HOST, "web-01.example.org"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "WEB-*"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "web-0[12].*"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "db*"), 0);
        ck_assert_int_eq(eval(CONDITION_HOST, "!db*"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "0123456789abcdef0123456789abcdef"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "0123456789ABCDEF0123456789ABCDEF"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "01234567-89ab-cdef-0123-456789abcdef"), 1);
        ck_assert_int_eq(eval(CONDITION_HOST, "fedcba9876543210fedcba9876543210"), 0);

        condition_set_test_root(NULL);
        char hostname[256] = "";
        ck_assert_int_eq(gethostname(hostname, sizeof hostname - 1), 0);
        ck_assert_int_eq(eval(CONDITION_HOST, hostname), 1);
}
END_TEST

START_TEST(architecture) {
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "native"), 1); /* uname agrees with the compiler */
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, arch_native()), 1);

        use_root();
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "x86-64"), 0); /* unknown machine */
        ROOT_FILE("/proc/sys/kernel/arch", "x86_64\n");
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "x86-64"), 1);
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "x86"), 0);
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "!arm64"), 1);
        ROOT_FILE("/proc/sys/kernel/arch", "aarch64\n");
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "arm64"), 1);
        ROOT_FILE("/proc/sys/kernel/arch", "i686\n");
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "x86"), 1);
        ROOT_FILE("/proc/sys/kernel/arch", "ppc64le\n");
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "ppc64-le"), 1);
        ROOT_FILE("/proc/sys/kernel/arch", "s390x\n");
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "s390x"), 1);
        ck_assert_int_eq(eval(CONDITION_ARCHITECTURE, "native"), streq(arch_native(), "s390x"));
}
END_TEST

START_TEST(first_boot) {
        use_root();
        ROOT_FILE("/proc/cmdline", "quiet\n");
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "yes"), 1); /* no /etc/machine-id */
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "no"), 0);
        ROOT_FILE("/etc/machine-id", "uninitialized\n");
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "yes"), 1);
        ROOT_FILE("/etc/machine-id", "");
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "true"), 1);
        ROOT_FILE("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "yes"), 0);
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "no"), 1);
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "!yes"), 1);
        /* The kernel command line overrides the file (systemd.unit(5)). */
        ROOT_FILE("/proc/cmdline", "quiet systemd.condition-first-boot=yes\n");
        ck_assert_int_eq(eval(CONDITION_FIRST_BOOT, "yes"), 1);
}
END_TEST

START_TEST(cgroup_v2) {
        use_root();
        ROOT_FILE("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "v2"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "v1"), 0);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "pids memory io"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "cpuacct"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "devices bpf-firewall"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "blkio"), 0);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu hugetlb"), 1); /* unknown: ignored */
        ROOT_FILE("/sys/fs/cgroup/cgroup.controllers", "cpu io\n");
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu memory"), 0);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "!memory"), 1);
}
END_TEST

START_TEST(cgroup_v1) {
        use_root();
        ROOT_FILE("/sys/fs/cgroup/cpu/tasks", "");
        ROOT_FILE("/proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
                                   "cpuset\t2\t1\t1\ncpu\t3\t50\t1\ncpuacct\t3\t50\t1\n"
                                   "memory\t0\t1\t0\npids\t5\t40\t1\n");
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "v1"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "v2"), 0);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu cpuacct pids"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "cpuset"), 1);
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "memory"), 0); /* disabled */
        ck_assert_int_eq(eval(CONDITION_CONTROL_GROUP_CONTROLLER, "io"), 0);
}
END_TEST

START_TEST(security) {
        static const char secureboot_on[] = { 6, 0, 0, 0, 1 }, secureboot_off[] = { 6, 0, 0, 0, 0 };
        static const char *const all[] = { "selinux", "apparmor", "tomoyo", "ima", "smack",
                                           "audit", "uefi-secureboot", "tpm2" };

        use_root();
        for (size_t i = 0; i < ELEMENTSOF(all); i++) {
                ck_assert_int_eq(eval(CONDITION_SECURITY, all[i]), 0);
                ck_assert_int_eq(eval(CONDITION_SECURITY, test_fmt("!%s", all[i])), 1);
        }
        ROOT_FILE("/sys/fs/selinux/enforce", "1");
        ROOT_FILE("/sys/fs/smackfs/load2", "");
        ROOT_FILE("/sys/kernel/security/ima/policy", "");
        ROOT_FILE("/sys/kernel/security/tomoyo/version", "");
        ROOT_FILE("/sys/class/tpmrm/tpmrm0/dev", "253:65536\n");
        ROOT_FILE("/sys/module/apparmor/parameters/enabled", "N\n");
        make_file("root/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", secureboot_off, 5);
        for (size_t i = 0; i < ELEMENTSOF(all); i++) {
                bool on = !streq(all[i], "apparmor") && !streq(all[i], "uefi-secureboot") && !streq(all[i], "audit");
                ck_assert_msg(eval(CONDITION_SECURITY, all[i]) == on, "%s", all[i]);
        }
        ROOT_FILE("/sys/module/apparmor/parameters/enabled", "Y\n");
        make_file("root/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", secureboot_on, 5);
        ck_assert_int_eq(eval(CONDITION_SECURITY, "apparmor"), 1);
        ck_assert_int_eq(eval(CONDITION_SECURITY, "uefi-secureboot"), 1);

        condition_set_test_root(NULL);
        ck_assert_int_ge(eval(CONDITION_SECURITY, "audit"), 0);
}
END_TEST

/* ---- The list: triggers and negation (systemd.unit(5) "Conditions and Asserts") ---- */

START_TEST(list_logic) {
        /* T holds, F does not; "|" and "!" as in a unit file. */
        static const struct {
                const char *items[4];
                bool ok;
                int failed; /* index of *ret_failed, -1 for NULL */
        } cases[] = {
                { { NULL }, true, -1 },
                { { "T" }, true, -1 },
                { { "F" }, false, 0 },
                { { "!F" }, true, -1 },
                { { "!T" }, false, 0 },
                { { "T", "F" }, false, 1 },
                { { "T", "T", "!F" }, true, -1 },
                { { "|F" }, false, 0 },
                { { "|T" }, true, -1 },
                { { "|F", "|T" }, true, -1 },
                { { "|F", "|F" }, false, 0 },
                { { "|!T", "|!F" }, true, -1 },
                { { "T", "|F", "|F" }, false, 1 },
                { { "F", "|T" }, false, 0 },
                { { "|T", "F" }, false, 1 },
                { { "|F", "T", "|T" }, true, -1 },
                { { "|F", "T", "|!T" }, false, 0 },
                { { "E" }, false, 0 },  /* cannot be evaluated: failed... */
                { { "!E" }, false, 0 }, /* ...negated or not */
                { { "|E", "|T" }, true, -1 },
        };

        ck_assert_int_eq(setenv("SVCD_COND_T", "1", 1), 0);
        unsetenv("SVCD_COND_F");
        use_root(); /* no /proc/self/status in it: Capability cannot be evaluated */
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const struct condition *failed = (const void *) 1, *c;
                int index = -1, k = 0;

                condition_free_list(list);
                list = NULL;
                for (size_t j = 0; j < 4 && cases[i].items[j]; j++) {
                        const char *s = cases[i].items[j];
                        size_t n = strspn(s, "|!");
                        if (s[n] == 'E')
                                parse_at(CONDITION_CAPABILITY, false, 1, test_fmt("%.*sCAP_CHOWN", (int) n, s));
                        else
                                parse_at(CONDITION_ENVIRONMENT, false, 1, test_fmt("%.*sSVCD_COND_%s", (int) n, s, s + n));
                }
                ck_assert_msg(condition_list_test(list, &failed) == cases[i].ok, "case %zu", i);
                for (c = list; c && c != failed; c = c->next)
                        k++;
                index = failed ? k : -1;
                ck_assert_msg(index == cases[i].failed, "case %zu: failed at %d, expected %d", i, index, cases[i].failed);
                ck_assert_int_eq(condition_list_test(list, NULL), cases[i].ok);
        }
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

static Suite *condition_suite(void) {
        Suite *s = suite_create("condition");
        TCase *parse = tcase_create("parse"), *eval_tc = tcase_create("evaluate"), *logic = tcase_create("list");

        tcase_add_checked_fixture(parse, setup, teardown);
        tcase_add_test(parse, prefixes);
        tcase_add_test(parse, empty_resets_every_kind);
        tcase_add_test(parse, asserts);
        tcase_add_test(parse, invalid_values);
        tcase_add_test(parse, valid_values);
        tcase_add_test(parse, unknown_cgroup_controller_is_kept_and_named);
        tcase_add_test(parse, type_names);
        suite_add_tcase(s, parse);

        tcase_add_checked_fixture(eval_tc, setup, teardown);
        tcase_add_test(eval_tc, paths);
        tcase_add_test(eval_tc, mount_point_and_read_write);
        tcase_add_test(eval_tc, virtualization_none);
        tcase_add_test(eval_tc, virtualization_containers);
        tcase_add_test(eval_tc, virtualization_vms);
        tcase_add_test(eval_tc, capability);
        tcase_add_test(eval_tc, kernel_command_line);
        tcase_add_test(eval_tc, environment);
        tcase_add_test(eval_tc, user_and_group);
        tcase_add_test(eval_tc, host);
        tcase_add_test(eval_tc, architecture);
        tcase_add_test(eval_tc, first_boot);
        tcase_add_test(eval_tc, cgroup_v2);
        tcase_add_test(eval_tc, cgroup_v1);
        tcase_add_test(eval_tc, security);
        suite_add_tcase(s, eval_tc);

        tcase_add_checked_fixture(logic, setup, teardown);
        tcase_add_test(logic, list_logic);
        suite_add_tcase(s, logic);
        return s;
}

int main(void) {
        return test_run(condition_suite());
}
