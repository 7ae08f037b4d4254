/* condition.h: Condition*= and Assert*= of systemd.unit(5): parsing and evaluation.
 *
 * A unit's conditions are checked when its start job runs (the lifecycle issue wires
 * that up); a failed condition skips the start ("inactive (condition failed)"), a failed
 * assert fails it. Each parsed item keeps file:line for diagnostics. */
#pragma once

#include <stdbool.h>

#include "units/directives.h"

enum condition_type {
        CONDITION_PATH_EXISTS,
        CONDITION_PATH_EXISTS_GLOB,
        CONDITION_PATH_IS_DIRECTORY,
        CONDITION_PATH_IS_SYMBOLIC_LINK,
        CONDITION_PATH_IS_MOUNT_POINT,
        CONDITION_PATH_IS_READ_WRITE,
        CONDITION_DIRECTORY_NOT_EMPTY,
        CONDITION_FILE_NOT_EMPTY,
        CONDITION_FILE_IS_EXECUTABLE,
        CONDITION_VIRTUALIZATION,
        CONDITION_CAPABILITY,
        CONDITION_KERNEL_COMMAND_LINE,
        CONDITION_ENVIRONMENT,
        CONDITION_USER,
        CONDITION_GROUP,
        CONDITION_HOST,
        CONDITION_ARCHITECTURE,
        CONDITION_FIRST_BOOT,
        CONDITION_CONTROL_GROUP_CONTROLLER,
        CONDITION_SECURITY,
        _CONDITION_TYPE_MAX,
};

struct condition {
        struct condition *next;
        enum condition_type type;
        bool trigger; /* "|": any one triggering condition suffices */
        bool negate;  /* "!" */
        char *parameter;
        unsigned line;
};

/* The directive parser for every Condition*= and Assert*= key; ltype is the enum
 * condition_type, and DIRECTIVE_ASSERT or'ed into it puts the item on the asserts list
 * (the table in directives.c refers to this). An empty value resets that list. */
#define CONDITION_ASSERT_FLAG 0x100
int condition_parse_directive(const struct directive_context *ctx, const char *value, void *data, int ltype);

void condition_free_list(struct condition *c);

/* Evaluates a list as systemd does: all non-triggering conditions must hold, and if
 * there are triggering ones, at least one of them. Returns true if the unit may start;
 * on false, *ret_failed (if not NULL) points at the first condition that failed. */
bool condition_list_test(const struct condition *list, const struct condition **ret_failed);

const char *condition_type_to_string(enum condition_type t, bool assert); /* "ConditionPathExists" */
