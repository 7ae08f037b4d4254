/* test-directives.c: the directive table and its parsers, through real unit files (unit_load_file + unit_verify). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/directives.h"
#include "units/unit.h"

#define W(line, ...) test_fmt("%s/test.service:" #line ": " __VA_ARGS__, test_dir)

START_TEST(table_sorted_and_unique) {
        size_t n;
        const struct directive *t = directive_table(&n);

        ck_assert_uint_gt(n, 0);
        for (size_t i = 0; i < n; i++) {
                ck_assert_ptr_nonnull(t[i].parse);
                ck_assert_ptr_eq(directive_lookup(t[i].section, t[i].key), &t[i]);
                if (i == 0)
                        continue;
                int c = strcmp(t[i - 1].section, t[i].section);
                if (c == 0)
                        c = strcmp(t[i - 1].key, t[i].key);
                ck_assert_msg(c < 0, "%s.%s must sort before %s.%s", t[i - 1].section, t[i - 1].key, t[i].section,
                              t[i].key);
        }
}
END_TEST

START_TEST(lookup_is_exact) {
        ck_assert_ptr_nonnull(directive_lookup("Service", "Restart"));
        ck_assert_ptr_null(directive_lookup("Service", "restart"));
        ck_assert_ptr_null(directive_lookup("Unit", "Restart"));
        ck_assert_ptr_null(directive_lookup("Service", "Bogus"));
        ck_assert(directive_section_known("Install"));
        ck_assert(!directive_section_known("Socket"));
}
END_TEST

START_TEST(defaults) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/true\n", &u), 0);
        ck_assert_str_eq(u->id, "test.service");
        ck_assert_str_eq(u->fragment_path, test_fmt("%s/test.service", test_dir));
        ck_assert_int_eq(u->type, UNIT_SERVICE);
        ck_assert_int_eq(u->service_type, SERVICE_SIMPLE);
        ck_assert_int_eq(u->restart, RESTART_NO);
        ck_assert_uint_eq(u->restart_usec, 100 * USEC_PER_MSEC);
        ck_assert_uint_eq(u->timeout_stop_usec, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(u->start_limit_interval_usec, 10 * USEC_PER_SEC);
        ck_assert_uint_eq(u->start_limit_burst, 5);
        ck_assert_ptr_null(u->description);
        ck_assert_uint_eq(test_n_warnings(), 0);
        ck_assert_int_eq(unit_verify(u), 0);
}
END_TEST

START_TEST(all_settings) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Unit]\n"
                                        "Description=The test ; service # with text\n"
                                        "Documentation=man:svcd(8) https://example.org/doc\n"
                                        "Documentation=file:/usr/share/doc/x\n"
                                        "StartLimitIntervalSec=1min 30s\n"
                                        "StartLimitBurst=7\n"
                                        "[Service]\n"
                                        "Type=notify\n"
                                        "ExecStart=/bin/sleep 10\n"
                                        "Restart=on-failure\n"
                                        "RestartSec=500ms\n"
                                        "TimeoutStopSec=5\n"
                                        "[Install]\n"
                                        "WantedBy=multi-user.target default.target db@%i.service\n",
                                        &u),
                         0);
        ck_assert_uint_eq(test_n_warnings(), 0);
        ck_assert_str_eq(u->description, "The test ; service # with text");
        ck_assert_uint_eq(strv_length(u->documentation), 3);
        ck_assert_str_eq(u->documentation[2], "file:/usr/share/doc/x");
        ck_assert_uint_eq(u->start_limit_interval_usec, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(u->start_limit_burst, 7);
        ck_assert_int_eq(u->service_type, SERVICE_NOTIFY);
        ck_assert_int_eq(u->restart, RESTART_ON_FAILURE);
        ck_assert_uint_eq(u->restart_usec, 500 * USEC_PER_MSEC);
        ck_assert_uint_eq(u->timeout_stop_usec, 5 * USEC_PER_SEC);
        ck_assert_uint_eq(strv_length(u->wanted_by), 3);
        ck_assert_str_eq(u->wanted_by[0], "multi-user.target");
        ck_assert_str_eq(u->wanted_by[2], "db@.service"); /* %i of a unit that is no instance is empty */
        ck_assert_uint_eq(u->n_exec_start, 1);
        ck_assert_str_eq(u->exec_start[0].path, "/bin/sleep");
        ck_assert_str_eq(u->exec_start[0].argv[1], "10");
}
END_TEST

START_TEST(restart_bad_value_keeps_default) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/true\nRestart=sometimes\n", &u), 0);
        ck_assert_int_eq(u->restart, RESTART_NO);
        ck_assert_str_eq(test_last_warning(), W(3, "Restart=sometimes is not a restart policy, ignoring."));
}
END_TEST

START_TEST(every_restart_and_type_value_parses) {
        for (int i = 0; i < _RESTART_POLICY_MAX; i++) {
                _cleanup_(unit_freep) struct unit *u = NULL;
                const char *text = test_fmt("[Service]\nExecStart=/bin/true\nRestart=%s\n", restart_policy_to_string(i));
                ck_assert_int_eq(test_load_unit(text, &u), 0);
                ck_assert_int_eq(u->restart, i);
        }
        for (int i = 0; i < _SERVICE_TYPE_MAX; i++) {
                _cleanup_(unit_freep) struct unit *u = NULL;
                const char *text = test_fmt("[Service]\nExecStart=/bin/true\nType=%s\n", service_type_to_string(i));
                ck_assert_int_eq(test_load_unit(text, &u), 0);
                ck_assert_int_eq(u->service_type, i);
        }
        /* All parse; dbus alone is warned about: it runs as simple (no D-Bus here). */
        ck_assert_uint_eq(test_n_warnings(), 1);
}
END_TEST

START_TEST(bad_values_keep_defaults) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Unit]\n"
                                        "StartLimitBurst=-1\n"
                                        "StartLimitIntervalSec=soon\n"
                                        "Documentation=see-the-wiki man:ok(1)\n"
                                        "[Service]\n"
                                        "Type=daemon\n"
                                        "RestartSec=5 parsecs\n"
                                        "TimeoutStopSec=-5\n"
                                        "ExecStart=/bin/true\n"
                                        "[Install]\n"
                                        "WantedBy=multi-user.target not/a/unit\n",
                                        &u),
                         0);
        ck_assert_uint_eq(test_n_warnings(), 7);
        ck_assert_str_eq(test_warning(0), W(2, "StartLimitBurst=-1 is not an unsigned integer, ignoring."));
        ck_assert_str_eq(test_warning(1), W(3, "StartLimitIntervalSec=soon is not a valid time span, ignoring."));
        ck_assert_str_eq(test_warning(2),
                         W(4, "Documentation=see-the-wiki is not a documentation URL (http://, https://, file:, "
                              "info:, man:), ignoring."));
        ck_assert_str_eq(test_warning(3), W(6, "Type=daemon is not a service type, ignoring."));
        ck_assert_str_eq(test_warning(4), W(7, "RestartSec=5 parsecs is not a valid time span, ignoring."));
        ck_assert_str_eq(test_warning(5), W(8, "TimeoutStopSec=-5 is not a valid time span, ignoring."));
        ck_assert_str_eq(test_warning(6), W(11, "WantedBy=not/a/unit is not a valid unit name, ignoring."));
        ck_assert_uint_eq(u->start_limit_burst, 5);
        ck_assert_uint_eq(u->start_limit_interval_usec, 10 * USEC_PER_SEC);
        ck_assert_int_eq(u->service_type, SERVICE_SIMPLE);
        ck_assert_uint_eq(u->restart_usec, 100 * USEC_PER_MSEC);
        ck_assert_uint_eq(u->timeout_stop_usec, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(strv_length(u->documentation), 1);
        ck_assert_uint_eq(strv_length(u->wanted_by), 1);
}
END_TEST

START_TEST(empty_assignment_resets) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Unit]\n"
                                        "Description=x\nDescription=\n"
                                        "Documentation=man:a(1)\nDocumentation=\nDocumentation=man:b(1)\n"
                                        "StartLimitBurst=9\nStartLimitBurst=\n"
                                        "[Service]\n"
                                        "ExecStart=/bin/a\nExecStart=\nExecStart=/bin/b\n"
                                        "Restart=always\nRestart=\n"
                                        "RestartSec=5\nRestartSec=\n"
                                        "Type=exec\nType=\n"
                                        "[Install]\nWantedBy=a.target\nWantedBy=\n",
                                        &u),
                         0);
        ck_assert_uint_eq(test_n_warnings(), 0);
        ck_assert_ptr_null(u->description);
        ck_assert_uint_eq(strv_length(u->documentation), 1);
        ck_assert_str_eq(u->documentation[0], "man:b(1)");
        ck_assert_uint_eq(u->start_limit_burst, 5);
        ck_assert_uint_eq(u->n_exec_start, 1);
        ck_assert_str_eq(u->exec_start[0].path, "/bin/b");
        ck_assert_int_eq(u->restart, RESTART_NO);
        ck_assert_uint_eq(u->restart_usec, 100 * USEC_PER_MSEC);
        ck_assert_int_eq(u->service_type, SERVICE_SIMPLE);
        ck_assert_uint_eq(strv_length(u->wanted_by), 0);
}
END_TEST

START_TEST(timeouts_infinity_and_zero) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/true\nTimeoutStopSec=0\nRestartSec=0\n"
                                        "[Unit]\nStartLimitIntervalSec=infinity\n",
                                        &u),
                         0);
        ck_assert_uint_eq(u->timeout_stop_usec, USEC_INFINITY); /* 0 means "no timeout", as in systemd */
        ck_assert_uint_eq(u->restart_usec, 0);
        ck_assert_uint_eq(u->start_limit_interval_usec, USEC_INFINITY);
}
END_TEST

START_TEST(unknown_key_warns_and_loads) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/true\nBogus=1\nX-Custom=ignored\n", &u), 0);
        ck_assert_uint_eq(test_n_warnings(), 1);
        ck_assert_str_eq(test_last_warning(), W(3, "Unknown key 'Bogus' in section [Service], ignoring."));
        ck_assert_int_eq(unit_verify(u), 0);
}
END_TEST

START_TEST(key_with_colon_is_not_split) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        /* inih splits "name: value" at ':' too; the loader must not read this as Description=. */
        ck_assert_int_eq(test_load_unit("[Unit]\nDescription:x=y\n", &u), 0);
        ck_assert_ptr_null(u->description);
        ck_assert_str_eq(test_last_warning(), W(2, "Unknown key 'Description:x' in section [Unit], ignoring."));
}
END_TEST

START_TEST(unknown_section_warns_once) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/true\n"
                                        "[Foo]\nA=1\nB=2\n"
                                        "[Socket]\nListenStream=80\n"
                                        "[X-Vendor]\nAnything=goes\n"
                                        "[Unit]\nDescription=ok\n",
                                        &u),
                         0);
        ck_assert_uint_eq(test_n_warnings(), 2);
        ck_assert_str_eq(test_warning(0), W(3, "Unknown section [Foo], ignoring."));
        ck_assert_str_eq(test_warning(1), W(6, "Unknown section [Socket], ignoring."));
        ck_assert_str_eq(u->description, "ok");
}
END_TEST

START_TEST(target_reads_unit_and_install_only) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit_named("app.target",
                                              "[Unit]\nDescription=App\n[Service]\nExecStart=/bin/true\n"
                                              "[Install]\nWantedBy=multi-user.target\n",
                                              &u),
                         0);
        ck_assert_int_eq(u->type, UNIT_TARGET);
        ck_assert_uint_eq(u->n_exec_start, 0);
        ck_assert_uint_eq(test_n_warnings(), 1);
        ck_assert_str_eq(test_last_warning(), test_fmt("%s/app.target:3: Unknown section [Service], ignoring.", test_dir));
        ck_assert_int_eq(unit_verify(u), 0);
}
END_TEST

START_TEST(missing_exec_start_fails_verify) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Unit]\nDescription=nothing to run\n", &u), 0);
        ck_assert_int_eq(unit_verify(u), -ENOEXEC);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("%s/test.service: test.service: Service has no ExecStart=, ExecStop=, or "
                                  "SuccessAction=. Refusing.",
                                  test_dir));
}
END_TEST

/* systemd.service(5), Type=: without Type= and ExecStart= (and BusName=) a service is
 * oneshot, which may run nothing but ExecStop= or act by SuccessAction=, as
 * systemd-exit.service does. An explicit non-oneshot type still needs ExecStart=. */
START_TEST(no_exec_start_is_implicit_oneshot) {
        _cleanup_(unit_freep) struct unit *a = NULL, *b = NULL, *c = NULL;

        ck_assert_int_eq(test_load_unit("[Unit]\nSuccessAction=exit\n[Service]\n", &a), 0);
        ck_assert_int_eq(a->service_type, SERVICE_ONESHOT);
        ck_assert_int_eq(unit_verify(a), 0);

        ck_assert_int_eq(test_load_unit("[Service]\nExecStop=/bin/true\n", &b), 0);
        ck_assert_int_eq(b->service_type, SERVICE_ONESHOT);
        ck_assert_int_eq(unit_verify(b), 0);

        ck_assert_int_eq(test_load_unit("[Service]\nType=simple\nExecStop=/bin/true\n", &c), 0);
        ck_assert_int_eq(c->service_type, SERVICE_SIMPLE);
        ck_assert_int_eq(unit_verify(c), -ENOEXEC);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("%s/test.service: test.service: Service has no ExecStart= setting, which is only "
                                  "allowed for Type=oneshot services. Refusing.",
                                  test_dir));
}
END_TEST

START_TEST(two_exec_start_need_oneshot) {
        _cleanup_(unit_freep) struct unit *u = NULL, *v = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n", &u), 0);
        ck_assert_int_eq(unit_verify(u), -ENOEXEC);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("%s/test.service: test.service: Service has more than one ExecStart= setting, "
                                  "which is only allowed for Type=oneshot services. Refusing.",
                                  test_dir));
        ck_assert_int_eq(test_load_unit("[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b ; /bin/c\n", &v), 0);
        ck_assert_uint_eq(v->n_exec_start, 3);
        ck_assert_int_eq(unit_verify(v), 0);
}
END_TEST

START_TEST(bad_exec_start_is_ignored) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/echo \"unterminated\n", &u), 0);
        ck_assert_str_eq(test_last_warning(),
                         W(2, "ExecStart=/bin/echo \"unterminated is not a valid command line (unbalanced quotes), "
                              "ignoring."));
        ck_assert_uint_eq(u->n_exec_start, 0);
        ck_assert_int_eq(unit_verify(u), -ENOEXEC);
}
END_TEST

START_TEST(unreadable_files) {
        struct unit *u = NULL;

        ck_assert_int_eq(unit_load_file(test_fmt("%s/missing.service", test_dir), NULL, &u), -ENOENT);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("Failed to open %s/missing.service: No such file or directory", test_dir));
        ck_assert_int_eq(mkdir(test_fmt("%s/dir.service", test_dir), 0755), 0);
        ck_assert_int_eq(unit_load_file(test_fmt("%s/dir.service", test_dir), NULL, &u), -EISDIR);
        ck_assert_ptr_null(u);
}
END_TEST

START_TEST(unit_names_are_checked) {
        struct unit *u = NULL;
        const char *p = test_write_file("x.socket", "[Socket]\nListenStream=1\n");

        ck_assert_int_eq(unit_load_file(p, NULL, &u), -EOPNOTSUPP);
        ck_assert_int_eq(unit_load_file(p, "bad name.service", &u), -EINVAL);
        ck_assert_ptr_null(u);
        /* An explicit id wins over the file name (e.g. a template instance). */
        ck_assert_int_eq(unit_load_file(p, "foo@bar.service", &u), 0);
        ck_assert_str_eq(u->id, "foo@bar.service");
        unit_free(u);
}
END_TEST

START_TEST(enum_strings_round_trip) {
        for (int i = 0; i < _SERVICE_TYPE_MAX; i++)
                ck_assert_int_eq(service_type_from_string(service_type_to_string(i)), i);
        for (int i = 0; i < _RESTART_POLICY_MAX; i++)
                ck_assert_int_eq(restart_policy_from_string(restart_policy_to_string(i)), i);
        ck_assert_str_eq(unit_type_to_string(UNIT_TARGET), "target");
        ck_assert_int_eq(unit_type_from_name("a.service"), UNIT_SERVICE);
        ck_assert_int_eq(unit_type_from_name("a.target"), UNIT_TARGET);
        ck_assert_int_eq(unit_type_from_name("a.socket"), _UNIT_TYPE_INVALID);
        ck_assert_int_eq(unit_type_from_name("service"), _UNIT_TYPE_INVALID);
        ck_assert_int_eq(service_type_from_string("Simple"), -EINVAL);
        ck_assert_int_eq(restart_policy_from_string(""), -EINVAL);
        ck_assert_str_eq(service_type_to_string(SERVICE_NOTIFY_RELOAD), "notify-reload");
        ck_assert_str_eq(restart_policy_to_string(RESTART_ON_ABNORMAL), "on-abnormal");
}
END_TEST

/* A unit with the settings Debian's units use (~190 distinct directives, written after
 * reading /lib/systemd/system on Debian 12): it loads with no bad-value warning, and with
 * exactly one "not supported" warning per ignored directive, with its note. */
static const char real_world_unit[] =
        "[Unit]\n"
        "Description=Example daemon with the settings Debian units use\n"
        "Documentation=man:example(8) https://example.org/docs\n"
        "SourcePath=/etc/init.d/example\n"
        "After=network-online.target remote-fs.target nss-lookup.target\n"
        "Before=multi-user.target\n"
        "Wants=network-online.target\n"
        "Requires=example.socket\n"
        "Requisite=local-fs.target\n"
        "BindsTo=dev-example.device\n"
        "PartOf=example.target\n"
        "Upholds=example-helper.service\n"
        "Conflicts=shutdown.target\n"
        "OnFailure=example-failed@%n.service\n"
        "OnSuccess=example-done.service\n"
        "PropagatesReloadTo=example-worker.service\n"
        "ReloadPropagatedFrom=example-config.service\n"
        "PropagatesStopTo=example-worker.service\n"
        "StopPropagatedFrom=example-config.service\n"
        "JoinsNamespaceOf=example-db.service\n"
        "RequiresMountsFor=/var/lib/example\n"
        "DefaultDependencies=no\n"
        "StopWhenUnneeded=no\n"
        "RefuseManualStart=no\n"
        "RefuseManualStop=no\n"
        "AllowIsolate=no\n"
        "IgnoreOnIsolate=yes\n"
        "OnFailureJobMode=replace-irreversibly\n"
        "OnSuccessJobMode=fail\n"
        "CollectMode=inactive-or-failed\n"
        "JobTimeoutSec=30min\n"
        "JobRunningTimeoutSec=1h\n"
        "JobTimeoutAction=none\n"
        "StartLimitIntervalSec=1min\n"
        "StartLimitBurst=3\n"
        "StartLimitAction=none\n"
        "FailureAction=none\n"
        "SuccessAction=none\n"
        "ConditionPathExists=/etc/example.conf\n"
        "ConditionPathIsDirectory=/var/lib\n"
        "ConditionDirectoryNotEmpty=/etc\n"
        "ConditionFileIsExecutable=/bin/sh\n"
        "ConditionVirtualization=!container\n"
        "ConditionKernelCommandLine=!example.off\n"
        "ConditionCapability=CAP_NET_ADMIN\n"
        "ConditionSecurity=!selinux\n"
        "ConditionACPower=true\n"
        "ConditionNeedsUpdate=/etc\n"
        "AssertPathExists=/usr/bin\n"
        "\n"
        "[Service]\n"
        "Type=exec\n"
        "ExitType=main\n"
        "ExecCondition=/bin/test -e /etc/example.conf\n"
        "ExecStartPre=-/bin/mkdir -p /run/example\n"
        "ExecStart=/usr/sbin/exampled --foreground --config /etc/example.conf\n"
        "ExecStartPost=/bin/true\n"
        "ExecReload=/bin/kill -HUP $MAINPID\n"
        "ExecStop=/usr/sbin/examplectl stop\n"
        "ExecStopPost=/bin/rm -f /run/example/pid\n"
        "Restart=on-failure\n"
        "RestartSec=2s\n"
        "TimeoutStartSec=1min\n"
        "TimeoutStopSec=30s\n"
        "TimeoutAbortSec=10s\n"
        "RuntimeMaxSec=infinity\n"
        "WatchdogSec=1min\n"
        "RemainAfterExit=no\n"
        "GuessMainPID=yes\n"
        "NotifyAccess=main\n"
        "FileDescriptorStoreMax=16\n"
        "OOMPolicy=stop\n"
        "SuccessExitStatus=143 SIGTERM\n"
        "RestartPreventExitStatus=255\n"
        "RestartForceExitStatus=SIGPIPE\n"
        "PIDFile=/run/example/example.pid\n"
        "BusName=org.example.Daemon1\n"
        "USBFunctionDescriptors=/etc/example/usb-desc\n"
        "User=example\n"
        "Group=example\n"
        "SupplementaryGroups=adm ssl-cert\n"
        "DynamicUser=no\n"
        "WorkingDirectory=-/var/lib/example\n"
        "RootDirectory=/\n"
        "UMask=0027\n"
        "Environment=LANG=C.UTF-8 \"EXAMPLE_OPTS=--verbose --color\"\n"
        "EnvironmentFile=-/etc/default/example\n"
        "PassEnvironment=TERM\n"
        "UnsetEnvironment=LD_PRELOAD\n"
        "Nice=5\n"
        "OOMScoreAdjust=-500\n"
        "IOSchedulingClass=best-effort\n"
        "IOSchedulingPriority=4\n"
        "CPUSchedulingPolicy=other\n"
        "CPUAffinity=0-3\n"
        "NUMAPolicy=default\n"
        "LimitNOFILE=65536\n"
        "LimitNPROC=512\n"
        "LimitCORE=infinity\n"
        "LimitMEMLOCK=64M\n"
        "LimitAS=infinity\n"
        "StandardInput=null\n"
        "StandardOutput=journal\n"
        "StandardError=inherit\n"
        "SyslogIdentifier=example\n"
        "SyslogFacility=daemon\n"
        "SyslogLevel=info\n"
        "SyslogLevelPrefix=yes\n"
        "LogLevelMax=debug\n"
        "LogRateLimitIntervalSec=30s\n"
        "LogRateLimitBurst=1000\n"
        "TTYPath=/dev/console\n"
        "TTYReset=yes\n"
        "TTYVHangup=yes\n"
        "TTYVTDisallocate=no\n"
        "UtmpIdentifier=ex\n"
        "UtmpMode=init\n"
        "PAMName=login\n"
        "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID\n"
        "AmbientCapabilities=CAP_NET_BIND_SERVICE\n"
        "NoNewPrivileges=yes\n"
        "SecureBits=keep-caps\n"
        "SystemCallFilter=@system-service\n"
        "SystemCallFilter=~@privileged @resources\n"
        "SystemCallErrorNumber=EPERM\n"
        "SystemCallArchitectures=native\n"
        "MemoryDenyWriteExecute=yes\n"
        "RestrictRealtime=yes\n"
        "RestrictSUIDSGID=yes\n"
        "RestrictNamespaces=yes\n"
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK\n"
        "LockPersonality=yes\n"
        "ProtectSystem=strict\n"
        "ProtectHome=read-only\n"
        "ProtectProc=invisible\n"
        "ProcSubset=pid\n"
        "PrivateTmp=yes\n"
        "PrivateDevices=yes\n"
        "PrivateNetwork=no\n"
        "PrivateUsers=no\n"
        "PrivateMounts=yes\n"
        "PrivateIPC=no\n"
        "ProtectKernelTunables=yes\n"
        "ProtectKernelModules=yes\n"
        "ProtectKernelLogs=yes\n"
        "ProtectClock=yes\n"
        "ProtectControlGroups=yes\n"
        "ProtectHostname=yes\n"
        "ReadWritePaths=/var/lib/example -/var/log/example\n"
        "ReadOnlyPaths=/etc/example\n"
        "InaccessiblePaths=-/root\n"
        "BindReadOnlyPaths=/etc/ssl/certs\n"
        "TemporaryFileSystem=/var/tmp\n"
        "MountAPIVFS=yes\n"
        "KeyringMode=private\n"
        "RuntimeDirectory=example\n"
        "RuntimeDirectoryMode=0750\n"
        "RuntimeDirectoryPreserve=restart\n"
        "StateDirectory=example\n"
        "StateDirectoryMode=0750\n"
        "CacheDirectory=example\n"
        "LogsDirectory=example\n"
        "ConfigurationDirectory=example\n"
        "LoadCredential=tls.key:/etc/example/tls.key\n"
        "IgnoreSIGPIPE=yes\n"
        "RemoveIPC=yes\n"
        "KillMode=mixed\n"
        "KillSignal=SIGINT\n"
        "RestartKillSignal=SIGTERM\n"
        "FinalKillSignal=SIGKILL\n"
        "SendSIGKILL=yes\n"
        "SendSIGHUP=no\n"
        "Slice=system-example.slice\n"
        "CPUAccounting=yes\n"
        "CPUWeight=200\n"
        "CPUQuota=150%\n"
        "MemoryAccounting=yes\n"
        "MemoryHigh=1G\n"
        "MemoryMax=2G\n"
        "MemorySwapMax=0\n"
        "TasksAccounting=yes\n"
        "TasksMax=4096\n"
        "IOAccounting=yes\n"
        "IOWeight=500\n"
        "DeviceAllow=/dev/null rw\n"
        "DevicePolicy=closed\n"
        "IPAccounting=yes\n"
        "IPAddressDeny=any\n"
        "IPAddressAllow=localhost\n"
        "Delegate=no\n"
        "ManagedOOMMemoryPressure=auto\n"
        "\n"
        "[Install]\n"
        "WantedBy=multi-user.target\n"
        "RequiredBy=example.target\n"
        "Alias=exampled.service\n"
        "Also=example.socket\n";

START_TEST(real_world_unit_loads_with_only_support_warnings) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        _cleanup_(strv_freep) char **expected = NULL, **seen = NULL;
        char section[32] = "";
        unsigned line = 0;
        size_t n_distinct = 0;

        ck_assert_int_eq(test_load_unit(real_world_unit, &u), 0);
        /* Recompute what the loader must have said, line by line. */
        for (const char *p = real_world_unit; *p; p = strchr(p, '\n') + 1) {
                size_t len = strcspn(p, "\n");
                _cleanup_free_ char *l = strndup(p, len), *key = NULL;
                const struct directive *d;

                line++;
                if (l[0] == '[') {
                        snprintf(section, sizeof section, "%.*s", (int) (len - 2), l + 1);
                        continue;
                }
                if (!strchr(l, '='))
                        continue;
                key = strndup(l, strcspn(l, "="));
                d = directive_lookup(section, key);
                ck_assert_msg(d != NULL, "%s.%s is not in the table", section, key);
                if (strv_contains(seen, test_fmt("%s.%s", section, key)))
                        continue;
                ck_assert_int_eq(strv_extend(&seen, test_fmt("%s.%s", section, key)), 0);
                n_distinct++;
                if (d->support == DIRECTIVE_IGNORED)
                        ck_assert_int_eq(strv_extend(&expected,
                                                     test_fmt("%s/test.service:%u: %s= is not supported by svcd (%s), ignoring.",
                                                              test_dir, line, key, d->note)),
                                         0);
        }
        ck_assert_uint_ge(n_distinct, 150);
        for (size_t i = 0; i < test_n_warnings(); i++)
                ck_assert_msg(strv_contains(expected, test_warning(i)), "unexpected warning: %s", test_warning(i));
        ck_assert_uint_eq(test_n_warnings(), strv_length(expected));
        ck_assert_int_eq(unit_verify(u), 0);

        /* A sample of what was stored. */
        ck_assert_int_eq(u->service_type, SERVICE_EXEC);
        ck_assert_uint_eq(u->start_limit_burst, 3);
        ck_assert_uint_eq(u->timeout_stop_usec, 30 * USEC_PER_SEC);
        ck_assert_uint_eq(u->timeout_start_usec, 60 * USEC_PER_SEC);
        ck_assert_str_eq(u->exec->user, "example");
        ck_assert_uint_eq(strv_length(u->exec->environment), 2);
        ck_assert_str_eq(u->exec->environment[1], "EXAMPLE_OPTS=--verbose --color");
        ck_assert_int_eq(u->kill.kill_mode, KILL_MIXED);
        ck_assert_int_eq(u->exec->protect_system, PROTECT_SYSTEM_STRICT);
        ck_assert_uint_eq(u->cgroup->memory_max, 2ULL << 30);
        ck_assert_uint_eq(u->n_exec_stop_post, 1);
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_AFTER]), 3);
        ck_assert_uint_eq(strv_length(u->exec->system_call_filter.entries), 3);
        ck_assert_ptr_nonnull(u->conditions);
        ck_assert_ptr_nonnull(u->asserts);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("directives");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, test_setup, test_teardown);
        tcase_add_test(tc, table_sorted_and_unique);
        tcase_add_test(tc, lookup_is_exact);
        tcase_add_test(tc, defaults);
        tcase_add_test(tc, all_settings);
        tcase_add_test(tc, restart_bad_value_keeps_default);
        tcase_add_test(tc, every_restart_and_type_value_parses);
        tcase_add_test(tc, bad_values_keep_defaults);
        tcase_add_test(tc, empty_assignment_resets);
        tcase_add_test(tc, timeouts_infinity_and_zero);
        tcase_add_test(tc, unknown_key_warns_and_loads);
        tcase_add_test(tc, key_with_colon_is_not_split);
        tcase_add_test(tc, unknown_section_warns_once);
        tcase_add_test(tc, target_reads_unit_and_install_only);
        tcase_add_test(tc, missing_exec_start_fails_verify);
        tcase_add_test(tc, no_exec_start_is_implicit_oneshot);
        tcase_add_test(tc, two_exec_start_need_oneshot);
        tcase_add_test(tc, bad_exec_start_is_ignored);
        tcase_add_test(tc, unreadable_files);
        tcase_add_test(tc, unit_names_are_checked);
        tcase_add_test(tc, enum_strings_round_trip);
        tcase_add_test(tc, real_world_unit_loads_with_only_support_warnings);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
