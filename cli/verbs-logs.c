/* verbs-logs.c: svcctl logs. (being written) */
#include "cli/verbs.h"
