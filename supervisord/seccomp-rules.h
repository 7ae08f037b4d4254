/* seccomp-rules.h: the rules inside one architecture's seccomp filter: a system call set's, each hardening filter's. */
#pragma once

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

#include "units/unit.h"

/* A set of system calls (native numbers, as libseccomp resolves names) with their errno. */
#define SECCOMP_RULES_ERR_DEFAULT (-1) /* a listed call gets the filter's action */
#define SECCOMP_RULES_ERR_KILL (-2)    /* ":kill" */
struct seccomp_rule {
        int nr;
        int error; /* >= 0 errno, SECCOMP_RULES_ERR_DEFAULT or SECCOMP_RULES_ERR_KILL */
};
struct seccomp_rule_set {
        struct seccomp_rule *rules;
        size_t n;
};

void seccomp_rule_set_done(struct seccomp_rule_set *s);
/* Adds nr, or sets its error if it is there: the later entry wins, as in systemd. */
int seccomp_rule_set_put(struct seccomp_rule_set *s, int nr, int error);
void seccomp_rule_set_remove(struct seccomp_rule_set *s, int nr);

/* The fill functions: each adds its rules to ctx, a filter for architecture arch, and
 * returns how many it added, or -errno. A call that does not exist on arch is skipped (as
 * systemd does), and so is a rule that cannot apply there (socketcall(2) ABIs hide
 * socket()'s family, ...): a filter that allows by default and gets no rule changes
 * nothing on that architecture. */

/* userdata: a struct seccomp_rule_set_fill. Each call in the set gets its errno, the kill
 * action for SECCOMP_RULES_ERR_KILL, listed_action for SECCOMP_RULES_ERR_DEFAULT. */
struct seccomp_rule_set_fill {
        const struct seccomp_rule_set *set;
        uint32_t listed_action;
        uint32_t kill_action;
};
int seccomp_rules_fill_set(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);

/* RestrictAddressFamilies=, userdata: its struct unit_filter (names seccomp-names.h knows). */
int seccomp_rules_fill_address_families(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);
/* MemoryDenyWriteExecute=, RestrictRealtime=, RestrictSUIDSGID=: no userdata. */
int seccomp_rules_fill_memory_deny_write_execute(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);
int seccomp_rules_fill_restrict_realtime(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);
int seccomp_rules_fill_restrict_suid_sgid(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);
/* RestrictNamespaces=, userdata: an unsigned long of the CLONE_NEW* flags retained. */
int seccomp_rules_fill_restrict_namespaces(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);
/* LockPersonality=, userdata: an unsigned long, the personality allowed. */
int seccomp_rules_fill_lock_personality(scmp_filter_ctx ctx, uint32_t arch, const void *userdata);
