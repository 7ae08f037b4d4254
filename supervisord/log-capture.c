/* log-capture.c: services' output captured through pipes. (being written) */
#include "supervisord/log-capture.h"
